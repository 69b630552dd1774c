package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/svcsim/svcsim/cmd/svcsim/internal/htmlview"
	"github.com/svcsim/svcsim/cmd/svcsim/internal/shell"
	"github.com/svcsim/svcsim/sim"
)

// timeline is --html: a recorder attached to a scenario's cluster when
// the cluster is made, each command a marker, each connection a dot or a
// cross, written to path at the end of the run.
type timeline struct {
	path string
	rec  *htmlview.Recorder
	err  error
}

// newTimeline returns the timeline of a run of names, written to path
// ("" for none). A page shows one cluster, so --html takes one file.
func newTimeline(path string, names []string) (*timeline, error) {
	if path != "" && len(names) != 1 {
		return nil, errors.New("--html draws one scenario: give it one file")
	}
	return &timeline{path: path}, nil
}

// attach records the cluster of s (a session running scenario name).
func (t *timeline) attach(s *shell.Session, name string) {
	if t.path == "" {
		return
	}
	title := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	s.OnCluster = func(c *sim.Cluster) {
		t.rec, t.err = htmlview.New(c, htmlview.Options{Title: title})
	}
	s.OnCommand = func(line string) {
		if t.rec != nil {
			t.rec.Mark(line)
		}
	}
	s.OnConn = func(target string, conn sim.Conn, err error) {
		if t.rec != nil {
			t.rec.Conn(target, conn, err)
		}
	}
}

// write writes the page, if one was asked for.
func (t *timeline) write() error {
	if t.path == "" {
		return nil
	}
	if t.err != nil {
		return t.err
	}
	if t.rec == nil {
		return errors.New("--html: the scenario ran no command on the cluster: nothing to draw")
	}
	t.rec.Close()
	f, err := os.Create(t.path)
	if err != nil {
		return err
	}
	if err := t.rec.Write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
