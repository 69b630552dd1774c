package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/svcsim/svcsim/cmd/svcsim/internal/scenario"
	"github.com/svcsim/svcsim/cmd/svcsim/internal/shell"
)

// stepError is an unexpected outcome of a scenario's command: it failed
// without "!", or succeeded with it. code is the command's exit status.
type stepError struct {
	file string
	line int
	cmd  string
	msg  string
	code int
}

func (e *stepError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.file, e.line, e.cmd, e.msg)
}

// load reads and parses a scenario file.
func load(name string) (*scenario.File, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return scenario.Parse(name, string(src))
}

// newSession is a session for a scenario file: -f paths start at its
// folder; apply and -o yaml come from the kube module.
func newSession(name string, out, errw io.Writer) *shell.Session {
	s := &shell.Session{Dir: filepath.Dir(name), Out: out, Err: errw}
	plugKube(s)
	return s
}

// step runs one step and checks it failed exactly when "!" said so.
func step(s *shell.Session, file string, st scenario.Step) error {
	err := s.Exec(st.Command, st.Input)
	var exit *shell.ExitError
	if err != nil && !errors.As(err, &exit) {
		return err
	}
	switch {
	case exit != nil && !st.WantErr:
		return &stepError{file, st.Line, st.Command, fmt.Sprintf("failed (exit status %d); start the line with ! if that is expected", exit.Code), exit.Code}
	case exit == nil && st.WantErr:
		return &stepError{file, st.Line, st.Command, "succeeded, but the line starts with ! (an error expected)", 1}
	}
	return nil
}

// runFiles runs scenario files, each on a fresh cluster, echoing each
// command as a terminal shows it ("$ " and the command, its heredoc)
// before its output; it stops at the first unexpected outcome. With
// html, it also writes the timeline of the runs there.
func runFiles(names []string, html string, stdout, stderr io.Writer) error {
	rec, err := newTimeline(html, names)
	if err != nil {
		return err
	}
	for _, name := range names {
		f, err := load(name)
		if err != nil {
			return err
		}
		s := newSession(name, stdout, stderr)
		rec.attach(s, name)
		for _, st := range f.Steps {
			fmt.Fprintf(stdout, "$ %s\n", echo(st))
			if err := step(s, name, st); err != nil {
				return err
			}
		}
	}
	return rec.write()
}

// echo is a step's command as typed: with its heredoc.
func echo(st scenario.Step) string {
	if !st.HasInput {
		return st.Command
	}
	return st.Command + " <<EOF\n" + strings.TrimSuffix(st.Input, "\n") + "\nEOF"
}

// testFile runs a scenario file and compares each command's output
// (stdout and stderr as a terminal interleaves them) with the expected
// one; rewrite writes the outputs back instead. It returns one message
// per difference.
func testFile(name string, rewrite bool) ([]string, error) {
	f, err := load(name)
	if err != nil {
		return nil, err
	}
	var buf strings.Builder
	s := newSession(name, &buf, &buf)
	outputs := make([]string, len(f.Steps))
	var diffs []string
	for i, st := range f.Steps {
		buf.Reset()
		if err := step(s, name, st); err != nil {
			var se *stepError
			if !errors.As(err, &se) {
				return nil, err
			}
			diffs = append(diffs, err.Error())
		}
		outputs[i] = buf.String()
		if !rewrite && outputs[i] != st.Expected {
			diffs = append(diffs, fmt.Sprintf("%s:%d: %s: output differs\n%s", name, st.Line, st.Command,
				diff(st.Expected, outputs[i])))
		}
	}
	if rewrite {
		if err := os.WriteFile(name, []byte(f.Format(outputs)), 0o644); err != nil {
			return nil, err
		}
	}
	return diffs, nil
}

// diff shows expected and actual outputs line by line, marking the
// lines that differ.
func diff(want, got string) string {
	w, g := strings.Split(strings.TrimSuffix(want, "\n"), "\n"), strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a == c {
			fmt.Fprintf(&b, "    %s\n", a)
			continue
		}
		if i < len(w) {
			fmt.Fprintf(&b, "  - %s\n", a)
		}
		if i < len(g) {
			fmt.Fprintf(&b, "  + %s\n", c)
		}
	}
	return b.String()
}
