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
		ep = readyRows(nil, endpoints.FlattenEndpoints(nil, endpoints.Endpoints{Subsets: []endpoints.Subset{{
			Addresses: []endpoints.Address{{IP: ip, Pod: ref}}, Ports: ports}}}), true)
		sl = readyRows(nil, endpoints.FlattenSlices(nil, []endpoints.Slice{{Ports: ports, Endpoints: []endpoints.Endpoint{{
			Addresses: []netip.Addr{ip}, Conditions: endpoints.Conditions{Ready: true}, Pod: ref}}}}), false)
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

// readyRows lists the ready addresses only, each at its port (a port's
// name, number and protocol are compared), and those of a subset or
// slice without ports with port 0 only when asked: a wrong cluster
// listing a not-ready address, another port or a portless one differs.
func TestReadyRows(t *testing.T) {
	ip := netip.MustParseAddr("10.244.1.5")
	http := endpoints.EndpointPort{Name: "http", Port: 8080, Protocol: pod.TCP}
	ready := endpoints.FlatEndpoint{IP: ip, Port: http, Pod: "default/web-1", Ready: true}
	portless := endpoints.FlatEndpoint{IP: ip, NoPorts: true, Pod: "default/web-1", Ready: true}
	want := []endpointRow{row("http", ip, 8080, "", "default", "web-1")}
	same := func(flat []endpoints.FlatEndpoint, portless bool) bool {
		return slices.Equal(want, readyRows(nil, flat, portless))
	}
	if !same([]endpoints.FlatEndpoint{ready}, false) || !same([]endpoints.FlatEndpoint{ready, portless}, false) {
		t.Errorf("a ready address, or one beside a portless one left out, differs")
	}
	notReady := ready
	notReady.Ready = false
	if !same([]endpoints.FlatEndpoint{ready, notReady}, false) {
		t.Errorf("a not-ready address is listed")
	}
	for _, p := range []endpoints.EndpointPort{{Name: "web", Port: 8080}, {Name: "http", Port: 8081}, {Name: "http", Port: 8080, Protocol: pod.UDP}} {
		other := ready
		other.Port = p
		if same([]endpoints.FlatEndpoint{other}, false) {
			t.Errorf("port %v: equals the expectation's", p)
		}
	}
	for _, flat := range [][]endpoints.FlatEndpoint{{ready, portless}, {notReady}, {ready, ready}, nil} {
		if same(flat, true) {
			t.Errorf("%v: equals the expectation", flat)
		}
	}
	if got := readyRows(nil, []endpoints.FlatEndpoint{portless}, true); !slices.Equal(got, []endpointRow{row("", ip, 0, pod.TCP, "default", "web-1")}) {
		t.Errorf("a portless address, listed: %v", got)
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

// sortRows orders rows as compareRows does, by insertion up to 12 rows
// and by slices.SortFunc above: rows differing in any one field, in
// every order tried, come out the same.
func TestSortRows(t *testing.T) {
	for _, n := range []int{2, 5, 12, 13, 40} {
		var rows []endpointRow
		for i := range n {
			ip := netip.AddrFrom4([4]byte{10, 244, 0, byte(i / 4)})
			rows = append(rows, row([]string{"", "http"}[i%2], ip, 8080, pod.Protocol([]string{"TCP", "UDP"}[i/2%2]),
				"default", "web-"+string(rune('a'+i%3))))
		}
		want := slices.SortedFunc(slices.Values(rows), func(a, b endpointRow) int { return compareRows(&a, &b) })
		for _, shuffle := range []func([]endpointRow){slices.Reverse[[]endpointRow], func(r []endpointRow) {
			for i := 0; i+1 < len(r); i += 2 {
				r[i], r[i+1] = r[i+1], r[i]
			}
		}} {
			got := slices.Clone(rows)
			shuffle(got)
			if got = sortRows(got); !slices.Equal(want, got) {
				t.Errorf("%d rows: sorted %v, want %v", n, got, want)
			}
		}
	}
}
