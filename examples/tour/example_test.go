package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/examples/internal/golden"
)

// TestExample compares the output with testdata/golden.txt (rewrite with
// go test -update after reviewing a change) and checks it is deterministic.
func TestExample(t *testing.T) { golden.Example(t, run, 150) }

// TestSVG draws the timeline into a temporary directory and checks it is
// well-formed XML with one line per pod and one for the Service.
func TestSVG(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tour.svg")
	var out bytes.Buffer
	if err := run(&out, []string{"-svg", path}); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	ids := map[string]int{} // <path id="pod-3"> counts as "path.pod"
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("tour.svg is not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "id" {
					ids[se.Name.Local+"."+strings.TrimSuffix(strings.TrimRight(a.Value, "0123456789"), "-")]++
				}
			}
		}
	}
	if ids["path.service"] != 1 {
		t.Errorf("service lines = %d, want 1", ids["path.service"])
	}
	// One line per pod the story had, as many as the tour says came and went.
	var pods int
	if _, err := fmt.Sscanf(after(out.String(), "Behind it, "), "%d different pods", &pods); err != nil || pods < 10 {
		t.Fatalf("the tour does not say how many pods it had (%v, %d)", err, pods)
	}
	if ids["path.pod"] != pods {
		t.Errorf("pod lines = %d, want one per pod of the story (%d)", ids["path.pod"], pods)
	}
	if !bytes.Contains(out.Bytes(), []byte("The timeline picture is in tour.svg.")) {
		t.Error("run did not say where the picture went")
	}
	// The copy the README shows must be what the tour draws today.
	golden.CheckFile(t, "tour.svg", doc)
}

// after returns what follows the first marker in s, or "".
func after(s, marker string) string {
	if _, rest, ok := strings.Cut(s, marker); ok {
		return rest
	}
	return ""
}
