package sim

import (
	"maps"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// tableSizes measures every internal table that could keep a record of a
// deleted object.
func tableSizes(c *Cluster) map[string]int {
	envEntries := len(c.env.master.entries)
	for _, l := range c.env.ns {
		envEntries += len(l.entries)
	}
	liveDeps, liveRSs, liveKeys := 0, 0, len(c.svcKeys)-len(c.keyFree)
	for _, d := range c.deps {
		if d != nil {
			liveDeps++
		}
	}
	for _, r := range c.rss {
		if r != nil {
			liveRSs++
		}
	}
	names, ips, free, _ := c.store.Counts()
	rare := c.rare
	if rare == nil {
		rare = new(rareState)
	}
	return map[string]int{
		"deps": liveDeps, "depByName": c.depByName.Len(), "rss": liveRSs, "rsByName": c.rsByName.Len(),
		"rsByHash": c.rsByHash.Len(), "pods": int(c.store.Slots()) - free, "byName": names,
		"byIP": ips, "svcKeys": liveKeys,
		"svcKeyID": c.svcKeyID.Len(), "svcGone": len(c.svcGone), "byClusterIP": c.byClusterIP.Len(),
		"byNodePort": len(rare.byNodePort), "byLBIP": len(rare.byLBIP), "lbPending": len(rare.lbPending),
		"namespaces": len(c.nsNames), "envEntries": envEntries, "queue": c.q.Len(),
	}
}

// TestNoLeakUnderChurn creates and deletes 1,000 Deployments and Services
// (one of each at a time, each under a new name, some LoadBalancers left
// pending by a tiny pool) next to a long-lived pod whose container
// keeps an old env generation: afterwards every internal table is back to
// its size before the churn, and the slot arrays did not grow with it.
func TestNoLeakUnderChurn(t *testing.T) {
	for _, cfg := range []Config{
		{Seed: 1, TraceLimit: -1},
		{Seed: 2, TraceLimit: -1, ProxyDelay: -1, EndpointsDelay: -1},
		{Seed: 3, TraceLimit: -1, EndpointsDelay: 3 * time.Second},
	} {
		cfg.LoadBalancerPool = netip.MustParsePrefix("203.0.113.4/30")
		c := mustNew(t, cfg)
		_, err := c.CreatePod(pod.Pod{Name: "old", Labels: selector.Set{"app": "old"}})
		must(t, err)
		_, err = c.CreateService(service.Service{Name: "lb-holder", Type: service.LoadBalancer,
			Ports: []service.Port{{Port: 80}}})
		must(t, err)
		settleCheck(t, c)
		must(t, c.Advance(progressDeadline+time.Second)) // the progress checks of coredns's rollout
		base := tableSizes(c)
		types := []service.Type{service.ClusterIP, service.NodePort, service.LoadBalancer, service.ExternalName}
		for i := range 1000 {
			name := "churn-" + strconv.Itoa(i)
			labels := selector.Set{"app": name}
			must(t, c.CreateDeployment(Deployment{Name: name, Replicas: 1 + i%3, Labels: labels, Ports: webPorts}))
			s := service.Service{Name: name, Selector: labels, Type: types[i%len(types)],
				Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}}
			if s.Type == service.ExternalName {
				s.Selector, s.ExternalName = nil, "db.example.com"
			}
			_, err := c.CreateService(s)
			must(t, err)
			must(t, c.Advance(time.Duration(i%3)*time.Second))
			if i%5 == 0 {
				must(t, c.Rollout("", name))
				must(t, c.Advance(time.Second))
			}
			must(t, c.DeleteService("", name))
			must(t, c.DeleteDeployment("", name))
			if i%50 == 0 {
				settleCheck(t, c)
			}
		}
		settleCheck(t, c)
		// Settle does not wait for the deleted Deployments' progress
		// checks (watchdogs); they fall due within the deadline.
		must(t, c.Advance(progressDeadline+time.Second))
		for ns := range c.env.ns {
			if l := c.env.ns[ns]; len(l.entries) > 2*base["envEntries"]+envCompactSlack {
				t.Errorf("seed %d: env log of %d entries", cfg.Seed, len(l.entries))
			}
		}
		// The logs are compacted when they grow; compacted now, they hold
		// what they held before the churn.
		for ns := range c.env.ns {
			c.compactEnvNS(int32(ns))
		}
		c.compactEnvMaster()
		if got := tableSizes(c); !maps.Equal(got, base) {
			t.Errorf("seed %d: tables after churn %v, before %v", cfg.Seed, got, base)
		}
		// Slots are reused: they grow to the peak of objects alive at once
		// (deleted Deployments linger through their pods' 30 s grace
		// period), not with the 1,000 created.
		if len(c.deps) > 64 || len(c.rss) > 128 || len(c.svcKeys) > 16 || c.store.Slots() > 256 {
			t.Errorf("seed %d: slot arrays grew with churn: %d deps, %d replicasets, %d service keys, %d pods",
				cfg.Seed, len(c.deps), len(c.rss), len(c.svcKeys), c.store.Slots())
		}
		if _, ok := c.Pod("", "old"); !ok {
			t.Fatal("the long-lived pod is gone")
		}
	}
}
