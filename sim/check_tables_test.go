package sim

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// rolledCluster is smallCluster after two rollouts of web: its Deployment
// holds three ReplicaSets.
func rolledCluster(t *testing.T) (*Cluster, *depRec) {
	c := smallCluster(t)
	for range 2 {
		must(t, c.Rollout("default", "web"))
		must(t, c.Settle())
	}
	require.NoError(t, c.Check())
	d := c.deps[c.depByName.Value(nsName{"default", "web"})]
	require.Len(t, d.rss, 3)
	return c, d
}

// Check sees each way the Deployment and ReplicaSet indexes can disagree
// with the records: an entry missing, pointing at another record, stale
// or doubled, and a Deployment's ReplicaSet list broken.
func TestCheckWorkloadTables(t *testing.T) {
	for _, tc := range []struct {
		name    string
		corrupt func(c *Cluster, d *depRec)
	}{
		{"deployment name missing", func(c *Cluster, d *depRec) { c.depByName.Delete(nsName{"default", "web"}) }},
		{"deployment name elsewhere", func(c *Cluster, d *depRec) {
			c.depByName.Set(nsName{"default", "web"}, c.depByName.Value(nsName{"kube-system", "coredns"}))
		}},
		{"deployment name stale", func(c *Cluster, d *depRec) { c.depByName.Set(nsName{"default", "gone"}, 0) }},
		{"deployment name out of range", func(c *Cluster, d *depRec) { c.depByName.Set(nsName{"default", "web"}, 99) }},
		{"deployment's replicaset list short", func(c *Cluster, d *depRec) { d.rss = d.rss[1:] }},
		{"deployment's replicaset list doubled", func(c *Cluster, d *depRec) { d.rss[0] = d.rss[1] }},
		{"replicaset owner", func(c *Cluster, d *depRec) { c.rss[d.rss[0]].dep = c.depByName.Value(nsName{"kube-system", "coredns"}) }},
		{"replicaset name missing", func(c *Cluster, d *depRec) { c.rsByName.Delete(nsName{"default", c.rss[d.rss[0]].name}) }},
		{"replicaset name elsewhere", func(c *Cluster, d *depRec) {
			c.rsByName.Set(nsName{"default", c.rss[d.rss[0]].name}, d.rss[1])
		}},
		{"replicaset names swapped", func(c *Cluster, d *depRec) {
			a, b := nsName{"default", c.rss[d.rss[0]].name}, nsName{"default", c.rss[d.rss[1]].name}
			va, vb := c.rsByName.Value(a), c.rsByName.Value(b)
			c.rsByName.Set(a, vb)
			c.rsByName.Set(b, va)
		}},
		{"replicaset name stale", func(c *Cluster, d *depRec) { c.rsByName.Set(nsName{"default", "gone"}, d.rss[0]) }},
		{"replicaset name of a deleted one", func(c *Cluster, d *depRec) { c.rss[d.rss[0]].deleted = true }},
		{"replicaset name out of range", func(c *Cluster, d *depRec) { c.rsByName.Set(nsName{"default", c.rss[d.rss[0]].name}, -1) }},
		{"replicaset hash missing", func(c *Cluster, d *depRec) {
			r := c.rss[d.rss[0]]
			c.rsByHash.Delete(rsHashKey{r.tmpl.ns, r.hash})
		}},
		{"replicaset hash doubled", func(c *Cluster, d *depRec) {
			r := c.rss[d.rss[0]]
			k := rsHashKey{r.tmpl.ns, r.hash}
			c.rsByHash.Set(k, append(c.rsByHash.Value(k), d.rss[0]))
		}},
		{"replicaset hash doubled, another missing", func(c *Cluster, d *depRec) {
			r, o := c.rss[d.rss[0]], c.rss[d.rss[1]]
			k := rsHashKey{r.tmpl.ns, r.hash}
			c.rsByHash.Set(k, append(c.rsByHash.Value(k), d.rss[0]))
			c.rsByHash.Delete(rsHashKey{o.tmpl.ns, o.hash})
		}},
		{"replicaset hash of another", func(c *Cluster, d *depRec) {
			r, o := c.rss[d.rss[0]], c.rss[d.rss[1]]
			k, ko := rsHashKey{r.tmpl.ns, r.hash}, rsHashKey{o.tmpl.ns, o.hash}
			va, vb := c.rsByHash.Value(k), c.rsByHash.Value(ko)
			c.rsByHash.Set(k, vb)
			c.rsByHash.Set(ko, va)
		}},
		{"replicaset hash in another namespace", func(c *Cluster, d *depRec) {
			r := c.rss[d.rss[0]]
			k := rsHashKey{r.tmpl.ns, r.hash}
			c.rsByHash.Set(rsHashKey{r.tmpl.ns + 1, r.hash}, c.rsByHash.Value(k))
			c.rsByHash.Delete(k)
		}},
		{"replicaset hash out of range", func(c *Cluster, d *depRec) { c.rsByHash.Set(rsHashKey{0, "x"}, []int32{99}) }},
		{"replicaset hash list empty", func(c *Cluster, d *depRec) {
			r := c.rss[d.rss[0]]
			k := rsHashKey{r.tmpl.ns, r.hash}
			c.rsByHash.Set(k, slices.DeleteFunc(c.rsByHash.Value(k), func(id int32) bool { return id == d.rss[0] }))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, d := rolledCluster(t)
			tc.corrupt(c, d)
			require.Error(t, c.Check())
		})
	}
}

// Check recounts the running containers behind each namespace's env log:
// a count off by one, a reader entry too many (even of zero) or missing,
// entries out of order, and a running pod whose namespace has no log are
// reported.
func TestCheckEnvTables(t *testing.T) {
	for _, tc := range []struct {
		name    string
		corrupt func(c *Cluster, l *envLog)
	}{
		{"count off by one", func(c *Cluster, l *envLog) {
			for i := range l.refs {
				l.refs[i].n++
			}
		}},
		{"an entry too many", func(c *Cluster, l *envLog) { l.refs = append(l.refs, envReaders{seq: 1 << 30, n: 1}) }},
		{"an entry of zero", func(c *Cluster, l *envLog) { l.refs = append(l.refs, envReaders{seq: 1 << 30}) }},
		{"entries missing", func(c *Cluster, l *envLog) { l.refs = l.refs[:0] }},
		{"entries out of order", func(c *Cluster, l *envLog) {
			// A Service change, then the client's restart: the client
			// counts at a later generation than the web pods.
			_, err := c.CreateService(service.Service{Name: "other", Ports: []service.Port{{Port: 81}}})
			require.NoError(t, err)
			require.NoError(t, c.CrashPod("default", "client"))
			require.NoError(t, c.Settle())
			require.NoError(t, c.Check())
			refs := c.env.ns[c.nsIdx.Value("default")].refs
			require.Len(t, refs, 2)
			refs[0], refs[1] = refs[1], refs[0]
		}},
		{"no log for the namespace", func(c *Cluster, l *envLog) { c.env.ns = c.env.ns[:c.nsIdx.Value("default")] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := smallCluster(t)
			require.NoError(t, c.Check())
			l := &c.env.ns[c.nsIdx.Value("default")]
			require.NotEmpty(t, l.refs)
			tc.corrupt(c, l)
			require.Error(t, c.Check())
		})
	}
}

// Check compares the scheduler's heap with the nodes: a schedulable node
// left out, a cordoned one filed, and a node filed under a stale pod count
// are reported.
func TestCheckSchedulerIndex(t *testing.T) {
	for _, tc := range []struct {
		name    string
		corrupt func(c *Cluster)
		want    string
	}{
		{"a schedulable node left out", func(c *Cluster) { c.sched.Remove(1) }, "node node-2: in the scheduler false"},
		{"a failed node filed", func(c *Cluster) {
			must(t, c.FailNode("node-3"))
			must(t, c.Settle())
			require.NoError(t, c.Check())
			c.sched.Set(2, loadKey(len(c.nodes[2].pods), 2))
		}, "node node-3: in the scheduler true"},
		{"a stale pod count", func(c *Cluster) { c.sched.Set(1, loadKey(len(c.nodes[1].pods)+1, 1)) }, "node node-2: filed in the scheduler as"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := smallCluster(t)
			require.NoError(t, c.Check())
			tc.corrupt(c)
			err := c.Check()
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

// Check recounts each namespace's objects and the indexes its records
// hold, in storage it reuses: a count off by one, names indexed under
// each other's index, a name indexed at another's index, a declaration of
// a namespace not interned, and an index neither named nor free are
// reported, on a Check after others.
func TestCheckNamespaceCounts(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		corrupt    func(c *Cluster)
	}{
		{"a count off by one", "namespaces: object counts", func(c *Cluster) { c.nsCount[nsDefault]++ }},
		{"two names under each other's index", "indexed as", func(c *Cluster) {
			va, vb := c.nsIdx.Value("default"), c.nsIdx.Value("kube-system")
			c.nsIdx.Set("default", vb)
			c.nsIdx.Set("kube-system", va)
		}},
		{"a name indexed at another's index", "namespace ghost: indexed as 0", func(c *Cluster) { c.nsIdx.Set("ghost", nsDefault) }},
		{"a declaration not interned", "namespace ghost: declared, not interned", func(c *Cluster) { c.nsDecl.Set("ghost", nsDecl{}) }},
		// The pods are counted by their namespaces' name tables, which
		// checkPods finds to hold them.
		{"a pod moved to another namespace behind its name table", "pod kube-system/client: not found by name", func(c *Cluster) {
			i, _ := c.lookupPod("default", "client")
			tmpl := *c.pod(i).tmpl
			tmpl.ns = c.nsIdx.Value("kube-system")
			c.pod(i).tmpl = &tmpl
		}},
		{"an index neither named nor free", "neither named nor free", func(c *Cluster) {
			c.nsNames, c.nsCount, c.nsTrace, c.nsMade = append(c.nsNames, ""), append(c.nsCount, 0), append(c.nsTrace, 0), append(c.nsMade, c.nsMade[0])
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := smallCluster(t)
			for range 2 {
				require.NoError(t, c.Check())
			}
			tc.corrupt(c)
			require.ErrorContains(t, c.Check(), tc.want)
		})
	}
}

// TestCheckTablesReportInOrder: with more Deployments than a scan finds
// (the name index past its scanned entries), two corrupted index entries
// are reported in the same order on every build.
func TestCheckTablesReportInOrder(t *testing.T) {
	report := func() string {
		c := smallCluster(t)
		for i := range 30 {
			must(t, c.CreateDeployment(Deployment{Name: fmt.Sprintf("d%02d", i), Replicas: 0, Labels: selector.Set{"app": fmt.Sprintf("d%02d", i)}}))
		}
		must(t, c.Settle())
		require.NoError(t, c.Check())
		c.depByName.Set(nsName{"default", "d03"}, 99)
		c.depByName.Set(nsName{"default", "d17"}, 98)
		err := c.Check()
		require.Error(t, err)
		return err.Error()
	}
	first := report()
	for range 10 {
		require.Equal(t, first, report())
	}
}
