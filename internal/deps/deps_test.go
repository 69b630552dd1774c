// Package deps_test proves the core module stays small: no package of it,
// tests included, imports k8s.io, sigs.k8s.io or a YAML library, and its
// go.mod asks for nothing beyond uuid, testify and rapid. Those others live
// in the kube module.
package deps_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestCoreImportsNoKubernetesOrYAML(t *testing.T) {
	cmd := exec.Command("go", "list", "-f",
		`{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`, "./...")
	cmd.Dir = moduleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 10 {
		t.Fatalf("go list found only %d packages", len(lines))
	}
	for _, line := range lines {
		f := strings.Fields(line)
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, "k8s.io/") || strings.HasPrefix(imp, "sigs.k8s.io/") ||
				strings.Contains(imp, "yaml") ||
				strings.HasPrefix(imp, "github.com/svcsim/svcsim/kube") ||
				strings.HasPrefix(imp, "github.com/svcsim/svcsim/cmd/") {
				t.Errorf("%s imports %s: that belongs in the kube module", f[0], imp)
			}
		}
	}
}

func TestCoreRequiresOnlyUUIDTestifyRapid(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{
		"github.com/google/uuid":      true,
		"github.com/stretchr/testify": true,
		"pgregory.net/rapid":          true,
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "require"))
		if strings.HasSuffix(line, "// indirect") || !strings.Contains(line, " v") || strings.HasPrefix(line, "go ") {
			continue
		}
		if mod := strings.Fields(line)[0]; !allowed[mod] {
			t.Errorf("go.mod requires %s directly; the core module keeps to uuid, testify and rapid", mod)
		}
	}
}
