// Package golden compares an example's output with its testdata/golden.txt;
// `go test ./examples/... -update` rewrites the files instead.
package golden

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the examples' testdata/golden.txt files")

// Check fails t when got differs from testdata/golden.txt (rewriting it with
// -update), reporting the first differing line.
func Check(t *testing.T, got []byte) {
	t.Helper()
	CheckFile(t, filepath.Join("testdata", "golden.txt"), got)
}

// CheckFile is Check against any file of the package directory.
func CheckFile(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("output differs from %s at line %d:\n got: %q\nwant: %q\n(run go test -update after reviewing the change)", path, i+1, gl, wl)
		}
	}
}

// Lines fails t when out is longer than max lines: the examples are meant to
// be read in one sitting.
func Lines(t *testing.T, out []byte, max int) {
	t.Helper()
	if n := bytes.Count(out, []byte("\n")); n > max {
		t.Errorf("output is %d lines, want at most %d", n, max)
	}
}

// Example runs the standard checks of one example program, whose main
// calls run(w, args): its output equals testdata/golden.txt, fits on a
// screenful or two (at most maxLines lines), and is the same byte for byte
// when run twice with the same -seed.
func Example(t *testing.T, run func(w io.Writer, args []string) error, maxLines int) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := run(&out, nil); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	Check(t, out.Bytes())
	Lines(t, out.Bytes(), maxLines)

	var a, b bytes.Buffer
	if err := run(&a, []string{"-seed", "7"}); err != nil {
		t.Fatalf("run -seed 7: %v", err)
	}
	if err := run(&b, []string{"-seed", "7"}); err != nil {
		t.Fatalf("run -seed 7: %v", err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs with the same seed printed different output")
	}
	return out.Bytes()
}
