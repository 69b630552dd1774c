package shell

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/svcsim/svcsim/sim"
)

// apply is `kubectl apply -f FILE` (a path relative to the scenario's
// folder) or `kubectl apply -f -` (the heredoc that follows).
func (s *Session) apply(c *sim.Cluster, args []string, stdin string) error {
	f := newFlags("kubectl apply")
	f.String("namespace", 'n', "default")
	file := f.String("filename", 'f', "")
	if err := s.flags(f, args); err != nil {
		return err
	}
	if !f.Set("filename") {
		return s.fail("error: must specify one of -f and -k")
	}
	if len(f.args) > 0 {
		return s.fail("error: Unexpected args: %v\n%s", f.args, f.usage())
	}
	name := *file
	var data []byte
	if name == "-" {
		data, name = []byte(stdin), "STDIN"
	} else {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(s.Dir, path)
		}
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return s.fail("error: the path %q does not exist", name)
		}
	}
	if s.Apply == nil {
		return s.fail("error: kubectl apply is not supported by this build of svcsim")
	}
	lines, err := s.Apply(c, data)
	for _, l := range lines {
		fmt.Fprintln(s.Out, l)
	}
	if err != nil {
		return s.fail("error: %s: %v", name, err)
	}
	return nil
}
