package sim

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// dryRunCase is one call checked by its dry run: dry must return what
// real returns, and change nothing.
type dryRunCase struct {
	name      string
	dry, real func(c *Cluster) error
}

func dryRunCases() []dryRunCase {
	web := service.Service{Name: "web", Type: service.NodePort, Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, NodePort: 30080}}}
	taken := service.Service{Name: "other", Type: service.NodePort, Ports: []service.Port{{Port: 80, NodePort: 30080}}}
	ipTaken := service.Service{Name: "other", ClusterIP: netip.MustParseAddr("10.96.0.20"), Ports: []service.Port{{Port: 53}}}
	outOfRange := service.Service{Name: "other", ClusterIP: netip.MustParseAddr("192.168.0.1"), Ports: []service.Port{{Port: 53}}}
	newIP := web
	newIP.ClusterIP = netip.MustParseAddr("10.96.0.99")
	toLB := web
	toLB.Type = service.LoadBalancer
	fine := service.Service{Name: "fine", Type: service.LoadBalancer, ClusterIP: netip.MustParseAddr("10.96.0.50"),
		Ports: []service.Port{{Port: 80, NodePort: 30090}}}
	dep := Deployment{Name: "app", Replicas: 2, Labels: selector.Set{"app": "app"}, Ports: []pod.ContainerPort{{Port: 80}}}
	depBad := dep
	depBad.MaxSurge = "-1"
	depSel := dep
	depSel.Selector, depSel.Labels = selector.Set{"app": "app", "x": "y"}, selector.Set{"app": "app", "x": "y"}
	depScaled := dep
	depScaled.Replicas = 5
	depNew := dep
	depNew.Name = "new"
	sts := StatefulSet{Name: "db", Replicas: 1, ServiceName: "db", Labels: selector.Set{"app": "db"},
		Containers: []Container{{Name: "db", Image: "postgres"}}}
	stsSvc := sts
	stsSvc.ServiceName = "other"
	stsBad := sts
	stsBad.Replicas = -1
	stsNew := sts
	stsNew.Name = "db2"
	p := pod.Pod{Name: "bare", Labels: selector.Set{"app": "bare"}}
	pNode := p
	pNode.Name, pNode.NodeName = "pinned", "node-9"
	pBad := p
	pBad.Name = "Bad_Name"
	pNew := p
	pNew.Name = "bare2"
	svc := func(s service.Service) (func(*Cluster) error, func(*Cluster) error) {
		return func(c *Cluster) error { return c.DryRunService(s) },
			func(c *Cluster) error {
				if _, ok := c.Service(s.Namespace, s.Name); ok {
					_, err := c.UpdateService(s)
					return err
				}
				_, err := c.CreateService(s)
				return err
			}
	}
	deploy := func(d Deployment) (func(*Cluster) error, func(*Cluster) error) {
		return func(c *Cluster) error { return c.DryRunDeployment(d) },
			func(c *Cluster) error {
				if _, ok := c.Deployment(d.Namespace, d.Name); ok {
					return c.UpdateDeployment(d)
				}
				return c.CreateDeployment(d)
			}
	}
	statefulSet := func(s StatefulSet) (func(*Cluster) error, func(*Cluster) error) {
		return func(c *Cluster) error { return c.DryRunStatefulSet(s) },
			func(c *Cluster) error {
				if _, ok := c.StatefulSet(s.Namespace, s.Name); ok {
					return c.UpdateStatefulSet(s)
				}
				return c.CreateStatefulSet(s)
			}
	}
	bare := func(p pod.Pod) (func(*Cluster) error, func(*Cluster) error) {
		return func(c *Cluster) error { return c.DryRunCreatePod(p) },
			func(c *Cluster) error { _, err := c.CreatePod(p); return err }
	}
	var out []dryRunCase
	add := func(name string, dry, real func(*Cluster) error) {
		out = append(out, dryRunCase{name, dry, real})
	}
	for _, tc := range endpointsDryRunCases() {
		add(tc.name, tc.dry, tc.real)
	}
	for _, tc := range []struct {
		name string
		n    Namespace
	}{{"namespace new", Namespace{Name: "shop", Labels: selector.Set{"team": "a"}}}, {"namespace declared", Namespace{Name: "default"}},
		{"namespace invalid", Namespace{Name: "Shop"}}, {"namespace bad labels", Namespace{Name: "shop", Labels: selector.Set{"-": "x"}}}} {
		add(tc.name, func(c *Cluster) error { return c.DryRunCreateNamespace(tc.n) },
			func(c *Cluster) error { return c.CreateNamespace(tc.n) })
	}
	gone := func(name string) string { return "in a terminating namespace: " + name }
	goneSvc, goneDep, goneSTS, gonePod := web, dep, sts, p
	goneSvc.Namespace, goneDep.Namespace, goneSTS.Namespace, gonePod.Namespace = "gone", "gone", "gone", "gone"
	goneSvc.Ports = []service.Port{{Port: 80}}
	d, r := svc(goneSvc)
	add(gone("service"), d, r)
	d, r = deploy(goneDep)
	add(gone("deployment"), d, r)
	d, r = statefulSet(goneSTS)
	add(gone("statefulset"), d, r)
	d, r = bare(gonePod)
	add(gone("pod"), d, r)
	for _, tc := range []struct {
		name string
		s    service.Service
	}{{"service node port taken", taken}, {"service clusterIP taken", ipTaken}, {"service clusterIP out of range", outOfRange},
		{"service clusterIP changed", newIP}, {"service to LoadBalancer", toLB}, {"service requests free values", fine},
		{"service unchanged", web}, {"service invalid", service.Service{Name: "x"}}} {
		d, r := svc(tc.s)
		add(tc.name, d, r)
	}
	for _, tc := range []struct {
		name string
		d    Deployment
	}{{"deployment invalid", depBad}, {"deployment selector changed", depSel}, {"deployment scaled", depScaled},
		{"deployment new", depNew}, {"deployment exists", dep}} {
		d, r := deploy(tc.d)
		add(tc.name, d, r)
	}
	for _, tc := range []struct {
		name string
		s    StatefulSet
	}{{"statefulset serviceName changed", stsSvc}, {"statefulset invalid", stsBad}, {"statefulset new", stsNew},
		{"statefulset unchanged", sts}} {
		d, r := statefulSet(tc.s)
		add(tc.name, d, r)
	}
	for _, tc := range []struct {
		name string
		p    pod.Pod
	}{{"pod exists", p}, {"pod on a missing node", pNode}, {"pod invalid", pBad}, {"pod new", pNew}} {
		d, r := bare(tc.p)
		add(tc.name, d, r)
	}
	return out
}

// dryRunCluster holds one of each kind for the dry runs to meet.
func dryRunCluster(t *testing.T) *Cluster {
	c := mustNew(t, Config{Seed: 7})
	_, err := c.CreateService(service.Service{Name: "web", Type: service.NodePort, Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, NodePort: 30080}}})
	require.NoError(t, err)
	_, err = c.CreateService(service.Service{Name: "dns", ClusterIP: netip.MustParseAddr("10.96.0.20"), Ports: []service.Port{{Port: 53}}})
	require.NoError(t, err)
	require.NoError(t, c.CreateDeployment(Deployment{Name: "app", Replicas: 2, Labels: selector.Set{"app": "app"},
		Ports: []pod.ContainerPort{{Port: 80}}}))
	require.NoError(t, c.CreateStatefulSet(StatefulSet{Name: "db", Replicas: 1, ServiceName: "db",
		Labels: selector.Set{"app": "db"}, Containers: []Container{{Name: "db", Image: "postgres"}}}))
	_, err = c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "bare"}})
	require.NoError(t, err)
	_, err = c.CreateService(service.Service{Name: "ext", Ports: []service.Port{{Name: "db", Port: 5432}}})
	require.NoError(t, err)
	require.NoError(t, c.SetEndpoints(extEndpoints("10.0.9.1")))
	require.NoError(t, c.SetEndpointSlice(extSlice("ext-a", "10.0.9.2")))
	require.NoError(t, c.Settle())
	// Namespace gone is terminating while its pod ends its grace period.
	_, err = c.CreatePod(pod.Pod{Namespace: "gone", Name: "last"})
	require.NoError(t, err)
	require.NoError(t, c.Settle())
	require.NoError(t, c.DeleteNamespace("gone"))
	return c
}

// TestDryRun: each dry run returns the error of the call it stands for,
// and leaves the cluster as it was: the same calls after it give the
// same trace as without it (no random draw moved, no address held).
func TestDryRun(t *testing.T) {
	for _, tc := range dryRunCases() {
		t.Run(tc.name, func(t *testing.T) {
			dried, plain := dryRunCluster(t), dryRunCluster(t)
			rv := dried.ResourceVersion()
			dryErr := tc.dry(dried)
			assert.Equal(t, rv, dried.ResourceVersion(), "the dry run changed the cluster")
			realErr := tc.real(dried)
			if realErr == nil {
				assert.NoError(t, dryErr)
			} else if assert.Error(t, dryErr) {
				assert.Equal(t, realErr.Error(), dryErr.Error())
			}
			_ = tc.real(plain)
			for _, c := range []*Cluster{dried, plain} {
				_, err := c.CreateService(service.Service{Name: "after", Type: service.LoadBalancer, Ports: []service.Port{{Port: 81}}})
				require.NoError(t, err)
				require.NoError(t, c.Scale("", "app", 3))
				require.NoError(t, c.Settle())
			}
			assert.True(t, slices.Equal(dried.Events(), plain.Events()), "traces differ after a dry run")
		})
	}
}
