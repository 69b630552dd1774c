package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
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
	classes := map[string]int{}
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
				if a.Name.Local == "class" {
					classes[se.Name.Local+"."+a.Value]++
				}
			}
		}
	}
	if classes["path.service"] != 1 {
		t.Errorf("service lines = %d, want 1", classes["path.service"])
	}
	// Count the pods the story had: every web pod that ever got an IP.
	if classes["path.pod"] < 10 {
		t.Errorf("pod lines = %d, want one per pod of the story (at least 10)", classes["path.pod"])
	}
	if !bytes.Contains(out.Bytes(), []byte("The timeline picture is in tour.svg.")) {
		t.Error("run did not say where the picture went")
	}
	// The copy the README shows must be what the tour draws today.
	golden.CheckFile(t, "tour.svg", doc)
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
