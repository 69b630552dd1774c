package simtest

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
)

// The rows of an Endpoints object and of slices equal the expectation's
// only when their pod references name the same pod, namespace and name:
// the references are split, not joined, and a reference to a pod of
// another namespace, another pod, or one without a namespace differs.
func TestRowsComparePodReferences(t *testing.T) {
	ip := netip.MustParseAddr("10.244.1.5")
	want := []endpointRow{row("http", ip, 8080, pod.TCP, "default", "web-1")}
	ports := []endpoints.EndpointPort{{Name: "http", Port: 8080, Protocol: pod.TCP}}
	rows := func(ref string) (ep, sl []endpointRow) {
		ep = endpointsRows(nil, endpoints.Endpoints{Subsets: []endpoints.Subset{{
			Addresses: []endpoints.Address{{IP: ip, Pod: ref}}, Ports: ports}}})
		sl = sliceRows(nil, true, []endpoints.Slice{{Ports: ports, Endpoints: []endpoints.Endpoint{{
			Addresses: []netip.Addr{ip}, Conditions: endpoints.Conditions{Ready: true}, Pod: ref}}}})
		return ep, sl
	}
	ep, sl := rows("default/web-1")
	if !slices.Equal(want, ep) || !slices.Equal(want, sl) {
		t.Fatalf("the same pod: Endpoints rows %v, slice rows %v, want %v", ep, sl, want)
	}
	for _, ref := range []string{"shop/web-1", "default/web-2", "default/web-1x", "defaultweb-1", "web-1", "/web-1",
		"default/web-1/x", "default/", ""} {
		ep, sl := rows(ref)
		if slices.Equal(want, ep) || slices.Equal(want, sl) {
			t.Errorf("pod reference %q: rows %v and %v equal the expectation %v", ref, ep, sl, want)
		}
	}
}

// A row renders its pod reference as written, "namespace/name".
func TestRowStringShowsThePodReference(t *testing.T) {
	ip := netip.MustParseAddr("10.244.1.5")
	for ref, want := range map[string]string{
		"default/web-1":   "http 10.244.1.5:8080/TCP default/web-1",
		"default/web-1/x": "http 10.244.1.5:8080/TCP default/web-1/x",
		"web-1":           "http 10.244.1.5:8080/TCP web-1",
	} {
		ns, name := splitPod(ref)
		if got := row("http", ip, 8080, "", ns, name).String(); got != want {
			t.Errorf("%q: %q, want %q", ref, got, want)
		}
	}
}
