package simtest_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain runs this package's properties 20 times each, not rapid's
// default 100, unless -rapid.checks says otherwise: every step settles
// and runs the cluster's full Check.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set {
		if err := flag.Set("rapid.checks", "20"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
