package shell

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/svcsim/svcsim/sim"
)

// simVerbs are the simulation's own commands, for help and errors.
var simVerbs = []string{"advance", "check", "config", "crash", "events", "fail", "recover", "settle", "traffic"}

// sim runs a "sim" verb.
func (s *Session) sim(c *sim.Cluster, args []string) error {
	if len(args) == 0 {
		return s.fail("error: sim needs a verb: %s", strings.Join(simVerbs, ", "))
	}
	verb, rest := args[0], args[1:]
	switch verb {
	case "advance":
		if len(rest) != 1 {
			return s.fail("error: usage: sim advance DURATION (e.g. 30s, 5m)")
		}
		d, err := duration(rest[0])
		if err != nil {
			return s.fail("error: sim advance: %v", err)
		}
		if err := c.Advance(d); err != nil {
			return s.fail("error: %v", err)
		}
		return nil
	case "settle":
		if len(rest) != 0 {
			return s.fail("error: usage: sim settle")
		}
		if err := c.Settle(); err != nil {
			return s.fail("error: %v", err)
		}
		return nil
	case "fail", "recover":
		if len(rest) != 1 {
			return s.fail("error: usage: sim %s NODE", verb)
		}
		if !slices.ContainsFunc(c.Nodes(), func(n sim.Node) bool { return n.Name == rest[0] }) {
			return s.fail("%s", kNode.notFound(rest[0]))
		}
		op := c.FailNode
		if verb == "recover" {
			op = c.RecoverNode
		}
		if err := op(rest[0]); err != nil {
			return s.fail("error: %v", err)
		}
		return nil
	case "crash":
		f := newFlags("sim crash")
		ns := namespaceFlag(f)
		if err := s.flags(f, rest); err != nil {
			return err
		}
		_, named, err := targets(f.args)
		if err != nil || len(named) != 1 || named[0].kind != kPod {
			return s.fail("error: usage: sim crash pod NAME")
		}
		if err := c.CrashPod(*ns, named[0].name); err != nil {
			return s.apiError(kPod, named[0].name, err)
		}
		return nil
	case "traffic":
		return s.traffic(c, rest)
	case "events":
		return s.events(c, rest)
	case "check":
		if err := c.Check(); err != nil {
			return s.fail("error: %v", err)
		}
		return nil
	}
	return s.fail("error: unknown command %q for \"sim\"", verb)
}

// duration parses a Go duration ("30s", "1m30s"), not negative.
func duration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (want e.g. 30s, 5m, 1h)", v)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q: must not be negative", v)
	}
	return d, nil
}

// maxTraffic bounds the connections one sim traffic makes.
const maxTraffic = 100_000

// traffic is `sim traffic FROM TARGET [--every D] [--for D]`: a client
// that connects to TARGET every D for the given time (the clock moves
// with it), then its tally: connections per backend pod and failures by
// cause. FROM is a pod (-n: its namespace) or an IP address outside the
// cluster.
func (s *Session) traffic(c *sim.Cluster, args []string) error {
	f := newFlags("sim traffic")
	ns := namespaceFlag(f)
	every := f.String("every", 0, "1s")
	total := f.String("for", 0, "1m")
	if err := s.flags(f, args); err != nil {
		return err
	}
	if len(f.args) != 2 {
		return s.fail("error: usage: sim traffic FROM TARGET [--every 1s] [--for 60s]")
	}
	from, target := f.args[0], f.args[1]
	step, err := duration(*every)
	if err == nil && step == 0 {
		err = errors.New("--every must be positive")
	}
	if err != nil {
		return s.fail("error: sim traffic: --every: %v", err)
	}
	span, err := duration(*total)
	if err != nil {
		return s.fail("error: sim traffic: --for: %v", err)
	}
	if span/step > maxTraffic {
		return s.fail("error: sim traffic: %s every %s is more than %d connections", *total, *every, maxTraffic)
	}
	client := sim.FromPod(*ns, from)
	if ip, err := netip.ParseAddr(from); err == nil {
		client = sim.External(ip)
	} else if _, ok := c.Pod(*ns, from); !ok {
		return s.fail("%s", kPod.notFound(from))
	}
	byPod, byErr := map[string]int{}, map[string]int{}
	n, ok := int(span/step), 0
	for i := 0; i < n; i++ {
		conn, err := s.connect(c, client, target)
		switch {
		case err == nil:
			ok++
			name := conn.Pod
			if _, short, found := strings.Cut(name, "/"); found {
				name = short
			}
			if name == "" {
				name = conn.Backend.String()
			}
			byPod[name]++
		case errors.Is(err, sim.ErrNXDomain):
			byErr["could not resolve host"]++
		case errors.Is(err, sim.ErrConnectionRefused):
			byErr["connection refused"]++
		case errors.Is(err, sim.ErrUnreachable):
			byErr["timed out"]++
		default:
			return s.fail("error: %v", err)
		}
		if err := c.Advance(step); err != nil {
			return s.fail("error: %v", err)
		}
	}
	fmt.Fprintf(s.Out, "%s -> %s: %d connections, one every %s for %s: %d succeeded, %d failed\n",
		from, target, n, *every, *total, ok, n-ok)
	tw := tabwriter.NewWriter(s.Out, 0, 8, 3, ' ', 0)
	for _, k := range slices.Sorted(maps.Keys(byPod)) {
		fmt.Fprintf(tw, "  %s\t%d\n", k, byPod[k])
	}
	for _, k := range slices.Sorted(maps.Keys(byErr)) {
		fmt.Fprintf(tw, "  %s\t%d\n", k, byErr[k])
	}
	return tw.Flush()
}

// events is `sim events [--since D]`: the trace, or its last D.
func (s *Session) events(c *sim.Cluster, args []string) error {
	f := newFlags("sim events")
	since := f.String("since", 0, "")
	if err := s.flags(f, args); err != nil {
		return err
	}
	if len(f.args) != 0 {
		return s.fail("error: usage: sim events [--since DURATION]")
	}
	var from time.Time
	if *since != "" {
		d, err := duration(*since)
		if err != nil {
			return s.fail("error: sim events: --since: %v", err)
		}
		from = c.Now().Add(-d)
	}
	for _, e := range c.Events() {
		if !e.Time.Before(from) {
			fmt.Fprintln(s.Out, e.String())
		}
	}
	return nil
}
