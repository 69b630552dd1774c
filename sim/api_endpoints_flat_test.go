package sim

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// AppendFlatEndpoints and AppendFlatEndpointSlices report what flattening
// Endpoints and EndpointSlices gives, for every Service of clusters
// holding every kind of endpoint: ready, not ready, terminating, on a pod
// lacking the named target port (a slice without ports), of a headless
// Service without ports, mirrored from a user's Endpoints, a user's slice
// beside the controller's, and both families of a dual-stack Service.
func TestFlatEndpointsAreTheFlattenedObjects(t *testing.T) {
	for _, cfg := range []Config{{Seed: 3}, dualConfig()} {
		c := flatCluster(t, cfg)
		kept := endpoints.FlatEndpoint{Pod: "kept"}
		n := 0
		for _, ns := range []string{"", "default", "kube-system", "nope"} {
			for _, s := range append(c.Services(ns), service.Service{Name: "nope"}) {
				ep, epOK := c.Endpoints(ns, s.Name)
				got, truncated, ok := c.AppendFlatEndpoints([]endpoints.FlatEndpoint{kept}, ns, s.Name)
				require.Equal(t, epOK, ok, s.Name)
				require.Equal(t, ep.Truncated, truncated, s.Name)
				want := []endpoints.FlatEndpoint{kept}
				if epOK {
					want = endpoints.FlattenEndpoints(want, ep)
				}
				require.Equal(t, want, got, "%s/%s", ns, s.Name)

				want = endpoints.FlattenSlices([]endpoints.FlatEndpoint{kept}, c.EndpointSlices(ns, s.Name))
				got = c.AppendFlatEndpointSlices([]endpoints.FlatEndpoint{kept}, ns, s.Name)
				require.Equal(t, kept, got[0], s.Name)
				slices.SortFunc(want[1:], compareFlat)
				slices.SortFunc(got[1:], compareFlat)
				require.Equal(t, want, got, "%s/%s", ns, s.Name)
				n += len(got) - 1
			}
		}
		require.Greater(t, n, 20, "endpoints read")
	}
}

// flatCluster builds a cluster from cfg with every kind of endpoint (see
// TestFlatEndpointsAreTheFlattenedObjects), settled.
func flatCluster(t *testing.T, cfg Config) *Cluster {
	t.Helper()
	c := mustNew(t, cfg)
	must(t, c.CreateDeployment(webDeployment(4, 0)))
	_, err := c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "web"}}) // lacks port http
	must(t, err)
	web := webService()
	web.Ports = append(web.Ports, service.Port{Name: "alt", Port: 81, TargetPort: service.TargetPortName("http")})
	if cfg.SecondaryServiceCIDR.IsValid() {
		web.IPFamilyPolicy = service.IPFamilyPolicyRequireDualStack
	}
	for _, s := range []service.Service{web,
		{Name: "headless", Headless: true, Selector: selector.Set{"app": "web"}},
		{Name: "ext", Ports: []service.Port{{Name: "db", Port: 5432}}},
	} {
		_, err := c.CreateService(s)
		must(t, err)
	}
	must(t, c.Settle())
	pods := c.AppendPodStates(nil, "", selector.FromSet(selector.Set{"app": "web"}))
	must(t, c.SetPodReady("", pods[0].Name, false))
	must(t, c.DeletePod("", pods[1].Name))
	must(t, c.SetEndpoints(endpoints.Endpoints{Name: "ext", Subsets: []endpoints.Subset{{
		Addresses:         []endpoints.Address{{IP: netip.MustParseAddr("10.0.9.1")}},
		NotReadyAddresses: []endpoints.Address{{IP: netip.MustParseAddr("10.0.9.2")}},
		Ports:             []endpoints.EndpointPort{{Name: "db", Port: 5432, Protocol: pod.TCP}}}}}))
	user := extSlice("web-user", "10.0.9.3", "10.0.9.4")
	user.Labels[endpoints.LabelServiceName] = "web"
	user.Endpoints[1].Conditions.Ready = false
	must(t, c.SetEndpointSlice(user))
	must(t, c.Advance(0))
	return c
}

func compareFlat(a, b endpoints.FlatEndpoint) int {
	return cmp.Or(a.IP.Compare(b.IP), strings.Compare(a.Port.Name, b.Port.Name), cmp.Compare(a.Port.Port, b.Port.Port),
		strings.Compare(string(a.Port.Protocol), string(b.Port.Protocol)), strings.Compare(a.Pod, b.Pod))
}

// Read again into the slice of the previous call, the flat reads
// allocate nothing.
func TestFlatEndpointsAllocs(t *testing.T) {
	c := flatCluster(t, Config{Seed: 3})
	flat, _, _ := c.AppendFlatEndpoints(nil, "", "web")
	flat = c.AppendFlatEndpointSlices(flat, "", "web")
	if n := testing.AllocsPerRun(100, func() {
		flat, _, _ = c.AppendFlatEndpoints(flat[:0], "", "web")
		flat = c.AppendFlatEndpointSlices(flat, "", "web")
	}); n != 0 {
		t.Errorf("the flat reads into a large enough slice: %v allocations, want 0", n)
	}
}
