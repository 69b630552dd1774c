package main

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the scenarios' expected outputs")

// scenarioDir holds the teaching scenarios, each a golden test.
const scenarioDir = "../../examples/scenarios"

// TestScenarios runs every teaching scenario as `svcsim test` does:
// each command's output must be the one written under it (go test
// -update rewrites them).
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scenarioDir, "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, name := range files {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txt"), func(t *testing.T) {
			diffs, err := testFile(name, *update)
			require.NoError(t, err)
			for _, d := range diffs {
				t.Error(d)
			}
		})
	}
}

// TestRunScenarios: `svcsim run` runs every teaching scenario to the end.
func TestRunScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scenarioDir, "*.txt"))
	require.NoError(t, err)
	for _, name := range files {
		var out, errw strings.Builder
		if code := run([]string{"run", name}, strings.NewReader(""), &out, &errw); code != 0 {
			t.Errorf("svcsim run %s: exit %d\n%s", name, code, errw.String())
		}
	}
}
