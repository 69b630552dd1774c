package sim

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// Every error path of every public Cluster method wraps a sim sentinel.
func TestErrorsWrapSimSentinels(t *testing.T) {
	long := strings.Repeat("a", 300)
	cases := []struct {
		name string
		call func(c *Cluster) error
		want error
	}{
		{"CreateDeployment bad name", func(c *Cluster) error { return c.CreateDeployment(webDeploymentNamed("Bad", 1)) }, ErrInvalid},
		{"CreateDeployment bad labels", func(c *Cluster) error {
			d := webDeployment(1, 0)
			d.Labels = selector.Set{"a b": "c"}
			return c.CreateDeployment(d)
		}, ErrInvalid},
		{"CreateDeployment bad port", func(c *Cluster) error {
			d := webDeployment(1, 0)
			d.Ports = []pod.ContainerPort{{Port: 0}}
			return c.CreateDeployment(d)
		}, ErrInvalid},
		{"CreateDeployment taken", func(c *Cluster) error { return c.CreateDeployment(webDeploymentNamed("web", 1)) }, ErrAlreadyExists},
		{"Scale unknown", func(c *Cluster) error { return c.Scale("", "nope", 1) }, ErrNotFound},
		{"Scale negative", func(c *Cluster) error { return c.Scale("", "web", -1) }, ErrInvalid},
		{"Rollout unknown", func(c *Cluster) error { return c.Rollout("", "nope") }, ErrNotFound},
		{"DeleteDeployment unknown", func(c *Cluster) error { return c.DeleteDeployment("", "nope") }, ErrNotFound},
		{"CreatePod bad name", func(c *Cluster) error { _, err := c.CreatePod(pod.Pod{Name: "Bad"}); return err }, ErrInvalid},
		{"CreatePod long name", func(c *Cluster) error { _, err := c.CreatePod(pod.Pod{Name: long}); return err }, ErrInvalid},
		{"CreatePod bad labels", func(c *Cluster) error {
			_, err := c.CreatePod(pod.Pod{Name: "p", Labels: selector.Set{"a b": "c"}})
			return err
		}, ErrInvalid},
		{"CreatePod taken", func(c *Cluster) error { _, err := c.CreatePod(pod.Pod{Name: "bare"}); return err }, ErrAlreadyExists},
		{"CreatePod unknown node", func(c *Cluster) error { _, err := c.CreatePod(pod.Pod{Name: "p", NodeName: "node-9"}); return err }, ErrNotFound},
		{"CreatePod quota", func(c *Cluster) error {
			c.cfg.MaxPods = c.store.Len()
			_, err := c.CreatePod(pod.Pod{Name: "p"})
			return err
		}, ErrForbidden},
		{"DeletePod unknown", func(c *Cluster) error { return c.DeletePod("", "nope") }, ErrNotFound},
		{"CrashPod unknown", func(c *Cluster) error { return c.CrashPod("", "nope") }, ErrNotFound},
		{"SetPodReady unknown", func(c *Cluster) error { return c.SetPodReady("", "nope", true) }, ErrNotFound},
		{"SetPodLabels unknown", func(c *Cluster) error { return c.SetPodLabels("", "nope", nil) }, ErrNotFound},
		{"SetPodLabels bad", func(c *Cluster) error { return c.SetPodLabels("", "bare", selector.Set{"a b": "c"}) }, ErrInvalid},
		{"CreateService bad", func(c *Cluster) error {
			_, err := c.CreateService(service.Service{Name: "Bad", Ports: []service.Port{{Port: 80}}})
			return err
		}, ErrInvalid},
		{"CreateService bad nodePort", func(c *Cluster) error {
			_, err := c.CreateService(service.Service{Name: "np", Type: service.NodePort, Ports: []service.Port{{Port: 80, NodePort: 1}}})
			return err
		}, ErrInvalid},
		{"CreateService taken nodePort", func(c *Cluster) error {
			s, _ := c.Service("", "full")
			_, err := c.CreateService(service.Service{Name: "np", Type: service.NodePort,
				Ports: []service.Port{{Port: 80, NodePort: s.Ports[0].NodePort}}})
			return err
		}, ErrInvalid},
		{"CreateService taken", func(c *Cluster) error {
			_, err := c.CreateService(service.Service{Name: "full", Ports: []service.Port{{Port: 80}}})
			return err
		}, ErrAlreadyExists},
		{"CreateService node ports full", func(c *Cluster) error {
			_, err := c.CreateService(nodePortService("np"))
			return err
		}, ErrFull},
		{"UpdateService unknown", func(c *Cluster) error {
			_, err := c.UpdateService(service.Service{Name: "nope", Ports: []service.Port{{Port: 80}}})
			return err
		}, ErrNotFound},
		{"UpdateService bad", func(c *Cluster) error {
			s, _ := c.Service("", "full")
			s.Ports = nil
			_, err := c.UpdateService(s)
			return err
		}, ErrInvalid},
		{"DeleteService unknown", func(c *Cluster) error { return c.DeleteService("", "nope") }, ErrNotFound},
		{"FailNode unknown", func(c *Cluster) error { return c.FailNode("node-9") }, ErrNotFound},
		{"RecoverNode unknown", func(c *Cluster) error { return c.RecoverNode("node-9") }, ErrNotFound},
		{"Advance negative", func(c *Cluster) error { return c.Advance(-time.Second) }, ErrInvalid},
		{"Advance past the end", func(c *Cluster) error { return c.Advance(time.Duration(1<<63 - 1)) }, ErrInvalid},
		{"Resolve unknown", func(c *Cluster) error { _, err := c.Resolve("", "nope"); return err }, ErrNXDomain},
		{"Resolve bad", func(c *Cluster) error { _, err := c.Resolve("", "a..b"); return err }, ErrInvalid},
		{"LookupCNAME unknown", func(c *Cluster) error { _, err := c.LookupCNAME("", "nope"); return err }, ErrNXDomain},
		{"LookupSRV unknown", func(c *Cluster) error { _, err := c.LookupSRV("", "_http._tcp.nope"); return err }, ErrNXDomain},
		{"Connect bad target", func(c *Cluster) error { _, err := c.Connect(FromPod("", "bare"), "nope"); return err }, ErrInvalid},
		{"Connect unknown host", func(c *Cluster) error { _, err := c.Connect(FromPod("", "bare"), "nope:80"); return err }, ErrNXDomain},
		{"Connect unknown pod", func(c *Cluster) error { _, err := c.Connect(FromPod("", "nope"), "full:80"); return err }, ErrNotFound},
		{"Connect no endpoints", func(c *Cluster) error { _, err := c.Connect(FromPod("", "bare"), "full:80"); return err }, ErrConnectionRefused},
		{"Connect nobody", func(c *Cluster) error { _, err := c.Connect(FromPod("", "bare"), "10.96.0.77:80"); return err }, ErrUnreachable},
		{"Settle never", func(c *Cluster) error {
			must(t, c.CreateDeployment(Deployment{Name: "slow", Replicas: 1, Labels: selector.Set{"app": "slow"}, ReadyAfter: 48 * time.Hour}))
			return c.Settle()
		}, ErrNotSettled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := mustNew(t, Config{Seed: 1, NodePortRange: [2]int{30000, 30000}})
			must(t, c.CreateDeployment(webDeployment(1, 0)))
			_, err := c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"x": "y"}})
			must(t, err)
			_, err = c.CreateService(service.Service{Name: "full", Type: service.NodePort, Selector: selector.Set{"no": "pods"},
				Ports: []service.Port{{Port: 80}}})
			must(t, err)
			settleCheck(t, c)
			err = tc.call(c)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v (%T), want one wrapping %v", err, err, tc.want)
			}
		})
	}
}

// Check's report of a broken invariant wraps ErrInconsistent.
func TestCheckErrorWrapsErrInconsistent(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	settleCheck(t, c)
	for _, r := range c.rss {
		if r != nil {
			r.active++
		}
	}
	if err := c.Check(); !errors.Is(err, ErrInconsistent) {
		t.Fatalf("Check: %v", err)
	}
}

// isOther is an error whose Is method claims ErrForbidden.
type isOther struct{}

func (isOther) Error() string        { return "is other" }
func (isOther) Is(target error) bool { return target == ErrForbidden }

// isAny agrees with errors.Is over every sentinel, whatever the shape of
// the error's tree: wrapped once or twice, joined (with nil members), an
// Is method, a leaf package's error, none.
func TestIsAnyIsErrorsIs(t *testing.T) {
	leaf := errors.New("leaf")
	for _, err := range []error{
		ErrNotFound, leaf, isOther{},
		fmt.Errorf("a: %w", ErrInvalid),
		fmt.Errorf("b: %w", fmt.Errorf("a: %w", ErrUnreachable)),
		fmt.Errorf("a: %w", leaf),
		errors.Join(nil, leaf, fmt.Errorf("x: %w", ErrFull)),
		errors.Join(leaf, nil),
		fmt.Errorf("a: %w", isOther{}),
		&mapped{leaf, ErrReentrant},
		fmt.Errorf("a: %w and %w", leaf, ErrNotSettled),
	} {
		want := slices.ContainsFunc(sentinels, func(s error) bool { return errors.Is(err, s) })
		if got := isAny(err, sentinels); got != want {
			t.Errorf("isAny(%q) = %v, errors.Is says %v", err, got, want)
		}
		for _, s := range sentinels {
			if got, want := isAny(err, []error{s}), errors.Is(err, s); got != want {
				t.Errorf("isAny(%q, %q) = %v, errors.Is says %v", err, s, got, want)
			}
		}
	}
}

// refuse makes the error fmt.Errorf("%s: %w", what, sentinel) would: the
// same message, unwrapping to the sentinel.
func TestRefuseIsErrorf(t *testing.T) {
	for _, s := range sentinels {
		got, want := refuse("pod default/web-1: cannot crash", s), fmt.Errorf("%s: %w", "pod default/web-1: cannot crash", s)
		if got.Error() != want.Error() {
			t.Errorf("refuse: %q, want %q", got, want)
		}
		if errors.Unwrap(got) != s || !errors.Is(got, s) || simError(got) != got {
			t.Errorf("refuse(%q) does not wrap %q alone", got, s)
		}
	}
}
