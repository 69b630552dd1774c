package shell

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/svcsim/svcsim/sim"
)

// apply is `kubectl apply -f FILE|DIR` (a path relative to the scenario's
// folder; a folder's .yaml, .yml and .json files in name order) or
// `kubectl apply -f -` (the heredoc that follows). Each manifest is
// applied all or nothing; an error names it, with the document and line
// within it.
func (s *Session) apply(c *sim.Cluster, args []string, stdin string) error {
	f := newFlags("kubectl apply")
	f.String("namespace", 'n', "default")
	file := f.String("filename", 'f', "")
	if err := s.flags(f, args); err != nil {
		return err
	}
	if f.Set("namespace") {
		return s.fail("error: svcsim applies each object to the namespace its manifest names (metadata.namespace, else default): -n is not supported")
	}
	if !f.Set("filename") {
		return s.fail("error: must specify one of -f and -k")
	}
	if len(f.args) > 0 {
		return s.fail("error: Unexpected args: %v\n%s", f.args, f.usage())
	}
	if *file == "-" {
		return s.applyOne(c, "STDIN", []byte(stdin))
	}
	path := *file
	if !filepath.IsAbs(path) {
		path = filepath.Join(s.Dir, path)
	}
	files := []string{path}
	if st, err := os.Stat(path); err != nil {
		return s.fail("error: the path %q does not exist", *file)
	} else if st.IsDir() {
		// A folder: its manifests in name order, as kubectl reads them.
		files = files[:0]
		ents, err := os.ReadDir(path)
		if err != nil {
			return s.fail("error: %v", err)
		}
		for _, e := range ents {
			if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".yaml" || ext == ".yml" || ext == ".json") {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
		if len(files) == 0 {
			return s.fail("error: no objects passed to apply")
		}
	}
	for _, fp := range files {
		data, err := os.ReadFile(fp)
		if err != nil {
			return s.fail("error: %v", err)
		}
		name, err := filepath.Rel(s.Dir, fp)
		if err != nil || filepath.IsAbs(*file) {
			name = fp
		}
		if err := s.applyOne(c, name, data); err != nil {
			return err
		}
	}
	return nil
}

// applyOne applies one manifest, named name in errors, and prints what
// kubectl prints.
func (s *Session) applyOne(c *sim.Cluster, name string, data []byte) error {
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
