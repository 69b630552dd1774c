package pod

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// checkImports fails if a non-test file of dir imports a package of this
// module other than those allowed: selector and ipam are values, pod and
// service objects over them, endpoints above those, sim on top; the name
// rules of internal/validation are shared by all of them.
func checkImports(t *testing.T, dir string, allowed ...string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
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
			path := strings.Trim(imp.Path.Value, `"`)
			rest, ok := strings.CutPrefix(path, "github.com/svcsim/svcsim/")
			if ok && !slices.Contains(allowed, rest) {
				t.Errorf("%s imports %s; allowed: %v", f, path, allowed)
			}
		}
	}
}

func TestImports(t *testing.T) { checkImports(t, ".", "selector", "internal/validation") }
