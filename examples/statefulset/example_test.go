package main

import (
	"testing"

	"github.com/svcsim/svcsim/examples/internal/golden"
)

// TestExample compares the output with testdata/golden.txt (rewrite with
// go test -update after reviewing a change) and checks it is deterministic.
func TestExample(t *testing.T) { golden.Example(t, run, 150) }
