package story

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	_ "github.com/svcsim/svcsim/examples/internal/golden" // accepts -update with the other examples
	"github.com/svcsim/svcsim/sim"
)

func TestWriterAndTally(t *testing.T) {
	var b bytes.Buffer
	s := &Writer{W: &b}
	s.Title("Hello")
	s.Heading("%d. Step", 1)
	s.Cmd("kubectl get pods")
	s.Table(func(w io.Writer) error { _, err := io.WriteString(w, "A   B\n1   2\n"); return err })
	s.Why("because %s", "reasons")
	var tl Tally
	tl.Add(sim.Conn{Pod: "default/web-b"}, nil)
	tl.Add(sim.Conn{Pod: "default/web-a"}, nil)
	tl.Add(sim.Conn{Pod: "default/web-b"}, nil)
	tl.Add(sim.Conn{}, fmt.Errorf("x: %w", sim.ErrUnreachable))
	s.Say("%s; %s", tl.Summary(), tl.Spread())
	want := "Hello\n=====\n\n## 1. Step\n$ kubectl get pods\n  A   B\n  1   2\n  -> because reasons\n" +
		"3/4 connections succeeded, 1 failed (1 timed out (unreachable)); web-a x1, web-b x2\n"
	if s.Err != nil || b.String() != want {
		t.Errorf("got %q (err %v), want %q", b.String(), s.Err, want)
	}
	if tl.Pods() != 2 || tl.Total() != 4 {
		t.Errorf("Pods() = %d, Total() = %d", tl.Pods(), tl.Total())
	}
}
