package service

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestImports keeps the module's layering (selector, ipam ← pod ← service ←
// endpoints ← sim): service imports only pod, selector and the shared name
// rules (internal/validation) of this module.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			rest, ok := strings.CutPrefix(strings.Trim(imp.Path.Value, `"`), "github.com/svcsim/svcsim/")
			if ok && !slices.Contains([]string{"pod", "selector", "internal/validation"}, rest) {
				t.Errorf("%s imports %s", f, rest)
			}
		}
	}
}
