package kubectl

import (
	"io"
	"net/netip"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
)

// bigEndpoints is a Service with 1,000 ready pods.
func bigEndpoints() endpoints.Endpoints {
	var ss endpoints.Subset
	for i := range 1000 {
		ss.Addresses = append(ss.Addresses, endpoints.Address{IP: netip.AddrFrom4([4]byte{10, 244, byte(i / 250), byte(i%250 + 2)})})
	}
	ss.Ports = []endpoints.EndpointPort{{Port: 8080}}
	return endpoints.Endpoints{Name: "web", Subsets: []endpoints.Subset{ss}}
}

// naiveFormatEndpoints formats every address, then cuts the list: the
// obvious way, linear in the number of endpoints.
func naiveFormatEndpoints(e endpoints.Endpoints) string {
	var all []string
	for _, ss := range e.Subsets {
		for _, p := range ss.Ports {
			for _, a := range ss.Addresses {
				all = append(all, netip.AddrPortFrom(a.IP, uint16(p.Port)).String())
			}
		}
	}
	if len(all) > 3 {
		return strings.Join(all[:3], ",") + " + " + itoa(int64(len(all)-3)) + " more..."
	}
	return strings.Join(all, ",")
}

func TestNaiveAgrees(t *testing.T) {
	e := bigEndpoints()
	if got, want := FormatEndpoints(e), naiveFormatEndpoints(e); got != want {
		t.Fatalf("FormatEndpoints = %q, naive %q", got, want)
	}
}

func BenchmarkFormatEndpoints1000(b *testing.B) {
	e := bigEndpoints()
	b.ReportAllocs()
	for b.Loop() {
		_ = FormatEndpoints(e)
	}
}

func BenchmarkFormatEndpoints1000Naive(b *testing.B) {
	e := bigEndpoints()
	b.ReportAllocs()
	for b.Loop() {
		_ = naiveFormatEndpoints(e)
	}
}

func BenchmarkPods100Wide(b *testing.B) {
	pods := make([]pod.Pod, 100)
	for i := range pods {
		pods[i] = pod.Pod{Namespace: "default", Name: "web-7c5ddbdf54-" + itoa(int64(10000+i)), NodeName: "node-1",
			IP: netip.AddrFrom4([4]byte{10, 244, 0, byte(i + 2)}), Phase: pod.Running, Ready: true}
	}
	o := Options{Now: at(100), Wide: true}
	b.ReportAllocs()
	for b.Loop() {
		_ = Pods(io.Discard, pods, o)
	}
}
