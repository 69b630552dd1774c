package main

import (
	"bytes"
	"testing"

	"github.com/svcsim/svcsim/examples/internal/golden"
)

func TestGolden(t *testing.T) {
	var b bytes.Buffer
	if err := run(&b, nil); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, b.String())
	}
	golden.Check(t, b.Bytes())
	golden.Lines(t, b.Bytes(), 150)
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := run(&a, []string{"-seed", "7"}); err != nil {
		t.Fatal(err)
	}
	if err := run(&b, []string{"-seed", "7"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs with the same seed printed different output")
	}
}
