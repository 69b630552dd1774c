package kube

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzApply: whatever the manifest, Apply never panics; an error names a
// document and leaves the cluster as it was.
func FuzzApply(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "manifests", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n"))
	f.Add([]byte("{\"apiVersion\":\"v1\",\"kind\":\"Service\"}{\"kind\":1}"))
	f.Add([]byte("---\n--- # c\n...\n"))
	f.Fuzz(func(t *testing.T, manifest []byte) {
		c := newCluster(t)
		before := snapshot(c)
		_, err := Apply(c, manifest)
		if err == nil {
			return
		}
		var de *DocumentError
		if !errors.As(err, &de) || de.Document < 1 || de.Line < 1 {
			t.Fatalf("error %q does not name a document", err)
		}
		if after := snapshot(c); after != before {
			t.Fatalf("a failed Apply (%v) changed the cluster", err)
		}
	})
}
