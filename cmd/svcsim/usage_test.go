package main

import (
	"bytes"
	"strings"
	"testing"
)

// A subcommand without a scenario file, or with an unknown flag, prints
// its usage and exits 2.
func TestSubcommandUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run"}, "usage: svcsim run [--html FILE] SCENARIO...\n  -html file"},
		{[]string{"test"}, "usage: svcsim test [-rewrite] SCENARIO...\n  -rewrite"},
		{[]string{"test", "-x", "a.txt"}, "flag provided but not defined: -x\nusage: svcsim test [-rewrite] SCENARIO..."},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, strings.NewReader(""), &stdout, &stderr); code != 2 {
			t.Errorf("svcsim %v: exit %d, want 2", tc.args, code)
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("svcsim %v printed\n%s\nwant it to contain\n%s", tc.args, stderr.String(), tc.want)
		}
	}
}
