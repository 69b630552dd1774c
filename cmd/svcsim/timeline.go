package main

import "github.com/svcsim/svcsim/cmd/svcsim/internal/shell"

// timeline records runs for --html.
type timeline struct{ path string }

// newTimeline is the recorder of --html path ("": none).
func newTimeline(path string) (*timeline, error) {
	if path != "" {
		return nil, errNoHTML
	}
	return &timeline{}, nil
}

// attach records what happens on s's cluster.
func (t *timeline) attach(s *shell.Session) {}

// write writes the page.
func (t *timeline) write() error { return nil }
