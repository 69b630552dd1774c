package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// TestConnectMatchesTruth drives random churn with every delay off
// (EndpointsDelay and ProxyDelay negative), where kube-proxy's copy always
// equals the EndpointSlices, and checks each connection against the slices
// read through the public API: refused exactly when no endpoint is usable
// (ready, else serving and terminating), otherwise delivered to a usable
// endpoint, or lost only on a failed node.
func TestConnectMatchesTruth(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, err := New(Config{Seed: rapid.Int64().Draw(t, "seed"), EndpointsDelay: -1, ProxyDelay: -1, TraceLimit: -1})
		if err != nil {
			t.Fatal(err)
		}
		must := func(err error) {
			if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNotFound) {
				t.Fatal(err)
			}
		}
		must(c.CreateDeployment(Deployment{Name: "web", Replicas: rapid.IntRange(0, 4).Draw(t, "replicas"), Labels: ntSel,
			Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, TerminationGracePeriod: 5 * time.Second}))
		_, err = c.CreateService(ntService(""))
		must(err)
		_, err = c.CreatePod(pod.Pod{Name: "client"})
		must(err)
		must(c.Advance(time.Second))
		for step := 0; step < 25; step++ {
			pods := c.Pods("default", selector.FromSet(ntSel))
			switch rapid.IntRange(0, 5).Draw(t, "op") {
			case 0:
				must(c.Scale("default", "web", rapid.IntRange(0, 4).Draw(t, "n")))
			case 1:
				if len(pods) > 0 {
					must(c.DeletePod("default", pods[rapid.IntRange(0, len(pods)-1).Draw(t, "i")].Name))
				}
			case 2:
				if len(pods) > 0 {
					must(c.SetPodReady("default", pods[rapid.IntRange(0, len(pods)-1).Draw(t, "i")].Name, rapid.Bool().Draw(t, "ready")))
				}
			case 3:
				n := c.Nodes()[rapid.IntRange(0, 2).Draw(t, "node")]
				if n.Name != ntNodeOfMaybe(c, "client") {
					if rapid.Bool().Draw(t, "fail") {
						must(c.FailNode(n.Name))
					} else {
						must(c.RecoverNode(n.Name))
					}
				}
			default:
				must(c.Advance(time.Duration(rapid.IntRange(0, 20).Draw(t, "secs")) * time.Second))
			}
			usable := usableBackends(c)
			for i := 0; i < 3; i++ {
				conn, err := c.Connect(FromPod("", "client"), "web:80")
				switch {
				case errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalid):
					// the client itself is gone or not running (e.g. its node failed long ago)
				case len(usable) == 0:
					if !errors.Is(err, ErrConnectionRefused) {
						t.Fatalf("no usable endpoint but %v %q", err, conn.Path)
					}
				case err == nil:
					if !slices.Contains(usable, conn.Backend) {
						t.Fatalf("delivered to %v, usable %v", conn.Backend, usable)
					}
				case errors.Is(err, ErrUnreachable):
					if !strings.Contains(conn.Path[len(conn.Path)-1], "node is down") && !strings.Contains(err.Error(), "is down") {
						t.Fatalf("unreachable without a failed node: %v %q", err, conn.Path)
					}
				default:
					t.Fatalf("unexpected %v %q (usable %v)", err, conn.Path, usable)
				}
			}
		}
	})
}

func ntNodeOfMaybe(c *Cluster, name string) string {
	p, _ := c.Pod("default", name)
	return p.NodeName
}

// usableBackends is kube-proxy's Cluster set computed from the slices:
// the ready endpoints, else the serving terminating ones.
func usableBackends(c *Cluster) []netip.AddrPort {
	var ready, term []netip.AddrPort
	for _, s := range c.EndpointSlices("default", "web") {
		for _, p := range s.Ports {
			for _, e := range s.Endpoints {
				ap := netip.AddrPortFrom(e.Addresses[0], uint16(p.Port))
				switch {
				case e.Conditions.Ready:
					ready = append(ready, ap)
				case e.Conditions.Serving && e.Conditions.Terminating:
					term = append(term, ap)
				}
			}
		}
	}
	if len(ready) > 0 {
		return ready
	}
	return term
}
