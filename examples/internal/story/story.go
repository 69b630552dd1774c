// Package story holds what the example programs share: headings, indented
// kubectl tables, one-line explanations and tallies of connection outcomes,
// so every example reads as the same kind of story.
package story

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// Writer writes a story to W; the first write error sticks in Err, so the
// example code can write freely and check once at the end.
type Writer struct {
	W   io.Writer
	Err error
}

func (s *Writer) write(text string) {
	if s.Err != nil {
		return
	}
	_, s.Err = io.WriteString(s.W, text)
}

// Title writes the story's title, underlined.
func (s *Writer) Title(title string) {
	s.write(title + "\n" + strings.Repeat("=", len([]rune(title))) + "\n")
}

// Heading starts a step: a blank line, then "## " and the heading.
func (s *Writer) Heading(format string, args ...any) {
	s.write("\n## " + fmt.Sprintf(format, args...) + "\n")
}

// Say writes one line of explanation.
func (s *Writer) Say(format string, args ...any) {
	s.write(fmt.Sprintf(format, args...) + "\n")
}

// Why writes a line explaining a Kubernetes mechanism, marked with an arrow.
func (s *Writer) Why(format string, args ...any) {
	s.write("  -> " + fmt.Sprintf(format, args...) + "\n")
}

// Cmd writes a shell-like line for the action a user would take.
func (s *Writer) Cmd(format string, args ...any) {
	s.write("$ " + fmt.Sprintf(format, args...) + "\n")
}

// Table writes what print writes, each line indented by two spaces.
func (s *Writer) Table(print func(io.Writer) error) {
	if s.Err != nil {
		return
	}
	var b strings.Builder
	if err := print(&b); err != nil {
		s.Err = err
		return
	}
	for _, line := range strings.SplitAfter(b.String(), "\n") {
		if line != "" {
			s.write("  " + line)
		}
	}
}

// Short drops the "default/" namespace from a "namespace/name" reference.
func Short(ref string) string { return strings.TrimPrefix(ref, "default/") }

// ErrText names the outcome of a failed connection or lookup by the sim
// sentinel it wraps, the way a client would see it.
func ErrText(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, sim.ErrConnectionRefused):
		return "connection refused"
	case errors.Is(err, sim.ErrUnreachable):
		return "timed out (unreachable)"
	case errors.Is(err, sim.ErrNXDomain):
		return "NXDOMAIN"
	}
	return err.Error()
}

// Tally counts connection outcomes: successes by backend pod, failures by
// kind.
type Tally struct {
	OK, Failed int
	byPod      map[string]int
	byErr      map[string]int
}

// Add records the outcome of one Connect call.
func (t *Tally) Add(c sim.Conn, err error) {
	if err != nil {
		t.Failed++
		if t.byErr == nil {
			t.byErr = map[string]int{}
		}
		t.byErr[ErrText(err)]++
		return
	}
	t.OK++
	if t.byPod == nil {
		t.byPod = map[string]int{}
	}
	t.byPod[Short(c.Pod)]++
}

// Merge adds u's counts to t.
func (t *Tally) Merge(u Tally) {
	t.OK += u.OK
	t.Failed += u.Failed
	for k, v := range u.byPod {
		if t.byPod == nil {
			t.byPod = map[string]int{}
		}
		t.byPod[k] += v
	}
	for k, v := range u.byErr {
		if t.byErr == nil {
			t.byErr = map[string]int{}
		}
		t.byErr[k] += v
	}
}

// Total is the number of connections recorded.
func (t Tally) Total() int { return t.OK + t.Failed }

// Pods returns how many distinct pods served a connection.
func (t Tally) Pods() int { return len(t.byPod) }

// Summary renders "10/10 connections succeeded" and, when some failed,
// "7/10 succeeded, 3 failed (3 timed out (unreachable))".
func (t Tally) Summary() string {
	s := strconv.Itoa(t.OK) + "/" + strconv.Itoa(t.Total()) + " connections succeeded"
	if t.Failed == 0 {
		return s
	}
	return s + ", " + strconv.Itoa(t.Failed) + " failed (" + counts(t.byErr, "") + ")"
}

// Failures renders the failures by kind: "3 timed out (unreachable), 1
// connection refused".
func (t Tally) Failures() string { return counts(t.byErr, "") }

// Spread renders where successful connections landed: "web-abc x4,
// web-def x3" sorted by pod name.
func (t Tally) Spread() string { return counts(t.byPod, " x") }

func counts(m map[string]int, sep string) string {
	keys := slices.SortedFunc(maps.Keys(m), func(a, b string) int { return cmp.Compare(a, b) })
	parts := make([]string, len(keys))
	for i, k := range keys {
		if sep == "" {
			parts[i] = strconv.Itoa(m[k]) + " " + k
		} else {
			parts[i] = k + sep + strconv.Itoa(m[k])
		}
	}
	return strings.Join(parts, ", ")
}

// NodeToFail returns the node of the first pod in pods whose node does not
// also run the client pod, so that failing it leaves the client standing;
// "" if there is none.
func NodeToFail(c *sim.Cluster, pods []pod.Pod, clientNamespace, client string) string {
	cp, _ := c.Pod(clientNamespace, client)
	for _, p := range pods {
		if p.NodeName != "" && p.NodeName != cp.NodeName && !p.Terminating {
			return p.NodeName
		}
	}
	return ""
}
