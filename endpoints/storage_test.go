package endpoints

import (
	"fmt"
	"net/netip"
	"reflect"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// Building Endpoints into storage reused from one Service to the next (as
// Check does through Compute's storage) gives what a fresh buildEndpoints
// gives, and a fresh one shares no storage with the contributions.
func TestBuildEndpointsReusesStorage(t *testing.T) {
	ips := []string{"10.0.0.9", "10.0.0.10", "10.0.0.1", "fd00::1", "10.0.0.100"}
	rapid.Check(t, func(t *rapid.T) {
		var st endpointsStorage
		for range rapid.IntRange(1, 4).Draw(t, "objects") {
			ports := rapid.SampledFrom([][]EndpointPort{nil, {p80}, {p443, p80}}).Draw(t, "ports")
			ports = slices.Clone(ports)
			portless := rapid.Bool().Draw(t, "portless")
			var in []contrib
			for range rapid.IntRange(0, 12).Draw(t, "n") {
				in = append(in, contrib{addr: Address{IP: netip.MustParseAddr(rapid.SampledFrom(ips).Draw(t, "ip")),
					Pod: fmt.Sprint("p", rapid.IntRange(0, 3).Draw(t, "pod")), NodeName: "n"}, ready: rapid.Bool().Draw(t, "ready"), ports: ports})
			}
			want := buildEndpoints("d", "w", portless, in)
			for _, ss := range want.Subsets {
				if len(ss.Ports) > 0 && len(ports) > 0 && &ss.Ports[0] == &ports[0] {
					t.Fatal("a subset shares its ports with the contributions")
				}
			}
			got := st.build("d", "w", portless, in)
			if !EqualEndpoints(got, want) || len(got.Subsets) != len(want.Subsets) || (got.Subsets == nil) != (want.Subsets == nil) {
				t.Fatalf("into reused storage %+v\nfresh %+v", got, want)
			}
		}
	})
}

// Computing into storage reused from one Service to the next gives the
// very same Endpoints and slices as a fresh Compute.
func TestComputeReusesStorage(t *testing.T) {
	ips := []string{"10.0.0.1", "10.0.0.2", "10.0.0.10", "fd00::1", "fd00::2"}
	portsOf := [][]pod.ContainerPort{nil, {{Name: "http", Port: 8080}}, {{Name: "http", Port: 8081}, {Name: "dns", Port: 53, Protocol: pod.UDP}}}
	svcPorts := [][]service.Port{nil,
		{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}},
		{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}, {Name: "dns", Port: 53, Protocol: pod.UDP, TargetPort: service.TargetPortName("dns")}},
		{{Name: "plain", Port: 90}}}
	rapid.Check(t, func(t *rapid.T) {
		var pods []pod.Pod
		for i := range rapid.IntRange(0, 10).Draw(t, "pods") {
			p := pod.Pod{Namespace: rapid.SampledFrom([]string{"default", "other"}).Draw(t, "ns"), Name: fmt.Sprint("p", i),
				Labels: selector.Set{"app": rapid.SampledFrom([]string{"web", "api"}).Draw(t, "app")}, NodeName: "node-1",
				Phase: rapid.SampledFrom([]pod.Phase{pod.Running, pod.Pending, pod.Failed}).Draw(t, "phase"),
				Ready: rapid.Bool().Draw(t, "ready"), Terminating: rapid.Bool().Draw(t, "terminating"),
				Ports: rapid.SampledFrom(portsOf).Draw(t, "ports")}
			if ip := rapid.SampledFrom(append([]string{""}, ips...)).Draw(t, "ip"); ip != "" {
				p.IP = netip.MustParseAddr(ip)
			}
			pods = append(pods, p)
		}
		var plain computeScratch
		for range rapid.IntRange(1, 4).Draw(t, "services") {
			svc := service.Service{Namespace: rapid.SampledFrom([]string{"default", "other"}).Draw(t, "svcNS"), Name: "web",
				Selector: selector.Set{"app": rapid.SampledFrom([]string{"web", "api"}).Draw(t, "selects")},
				Ports:    rapid.SampledFrom(svcPorts).Draw(t, "svcPorts"), Headless: rapid.Bool().Draw(t, "headless"),
				PublishNotReadyAddresses: rapid.Bool().Draw(t, "publishNotReady")}
			if !svc.Headless {
				svc.ClusterIP = netip.MustParseAddr(rapid.SampledFrom([]string{"10.96.0.10", "fd00:96::10"}).Draw(t, "clusterIP"))
			}
			want, wantSl := Compute(svc, pods, Options{MaxEndpointsPerSlice: 2})
			ep, sl := plain.compute(&svc, pods, Options{MaxEndpointsPerSlice: 2})
			if !EqualEndpoints(ep, want) || !sameSlices(sl, wantSl) {
				t.Fatalf("in reused storage: %s\nfresh: %s", render(ep, sl), render(want, wantSl))
			}
		}
	})
}

// sameViewed reports whether Check's view of slices (ownSlicesView) shows
// the slices own, up to their names and labels and in any order (a
// manual object's, shown as stored, up to their order only).
func sameViewed(view, own []Slice) bool {
	if len(view) != len(own) {
		return false
	}
	left := slices.Clone(own)
	for _, v := range view {
		i := slices.IndexFunc(left, func(o Slice) bool {
			if v.Name == "" {
				o.Name, o.Labels = "", nil
			}
			return reflect.DeepEqual(v, o)
		})
		if i < 0 {
			return false
		}
		left = slices.Delete(left, i, i+1)
	}
	return true
}
