package story_test

import (
	"fmt"
	"io"
	"os"

	"github.com/svcsim/svcsim/examples/internal/story"
	"github.com/svcsim/svcsim/sim"
)

// An example program tells its story through a Writer and counts what its
// client saw with a Tally.
func ExampleWriter() {
	s := &story.Writer{W: os.Stdout}
	s.Title("Scaling")
	s.Heading("%d. Scale to two replicas", 1)
	s.Cmd("kubectl scale deployment web --replicas=2")
	s.Table(func(w io.Writer) error {
		_, err := io.WriteString(w, "NAME    READY\nweb-a   1/1\nweb-b   1/1\n")
		return err
	})
	s.Why("the endpoints controller lists only Ready pods")

	var t story.Tally
	t.Add(sim.Conn{Pod: "default/web-a"}, nil)
	t.Add(sim.Conn{Pod: "default/web-b"}, nil)
	t.Add(sim.Conn{}, fmt.Errorf("dial: %w", sim.ErrConnectionRefused))
	s.Say("%s; %s", t.Summary(), t.Spread())
	if s.Err != nil {
		panic(s.Err)
	}
	// Output:
	// Scaling
	// =======
	//
	// ## 1. Scale to two replicas
	// $ kubectl scale deployment web --replicas=2
	//   NAME    READY
	//   web-a   1/1
	//   web-b   1/1
	//   -> the endpoints controller lists only Ready pods
	// 2/3 connections succeeded, 1 failed (1 connection refused); web-a x1, web-b x1
}
