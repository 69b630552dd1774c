package simtest

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// AssertEndpoints checks that the Service namespace/name routes to exactly
// the pods it should, per port: its Endpoints object's ready addresses and
// its EndpointSlices' ready endpoints both equal an expectation built from
// scratch from the Service and the namespace's pods, by the endpoints
// controller's inclusion rules (kubernetes
// pkg/controller/endpoint/endpoints_controller.go, syncService, and
// staging/src/k8s.io/endpointslice/utils.go, podToEndpoint): a pod is
// listed when its labels match the selector, it has an IP of the Service's
// family (any family for a headless Service), it is not Succeeded or
// Failed, and it is Ready and not terminating, or the Service publishes
// not-ready addresses; for each Service port, at the target port resolved
// on that pod (a named target port the pod lacks leaves it out of that
// port only). An Endpoints object truncated at 1,000 addresses is not
// compared; the slices still are.
//
// Call it once the endpoints controller has caught up (after Settle, or
// inside Eventually). On a difference it fails t with a message naming
// the Service and the "port address/protocol pod" lines listed but not
// owed and owed but not listed, and returns false. A missing Service, an
// ExternalName one or one without a selector (whose Endpoints the
// controllers do not manage) fails too.
//
// t.Helper is called only on the way to a report: it walks the stack,
// and a passing assertion, called after every step of a property, need
// not pay for that.
func AssertEndpoints(t T, c *Cluster, namespace, name string) bool {
	if c == nil || c.Cluster == nil {
		t.Helper()
		return nilCluster(t, "AssertEndpoints")
	}
	ns := pod.NamespaceOrDefault(namespace)
	c.touch(ns)
	svc, ports, ok := c.ServiceStatePorts(c.svcPorts[:0], ns, name)
	c.svcPorts = ports
	if !ok {
		t.Helper()
		t.Errorf("Service %s/%s: not found", ns, name)
		return false
	}
	if !svc.Managed {
		t.Helper()
		t.Errorf("Service %s/%s: the endpoints controllers do not manage its endpoints (ExternalName, or no selector)", ns, name)
		return false
	}
	want := c.expectedRows(svc, c.svcPorts, ns)
	epRows := c.rows[1][:0]
	var truncated bool
	c.flat, truncated, _ = c.AppendFlatEndpoints(c.flat[:0], ns, name)
	checkEp := !truncated
	if checkEp {
		epRows = readyRows(epRows, c.flat, true)
	}
	c.flat = c.AppendFlatEndpointSlices(c.flat[:0], ns, name)
	// A slice without ports of a Service with ports holds the pods on
	// which no target port resolved (the EndpointSlice reconciler groups
	// endpoints by their resolved ports): they serve no port.
	slRows := readyRows(c.rows[2][:0], c.flat, len(c.svcPorts) == 0)
	c.rows = [3][]endpointRow{want, epRows, slRows}
	if (!checkEp || slices.Equal(want, epRows)) && slices.Equal(want, slRows) {
		return true
	}
	t.Helper()
	good := !checkEp || sameRows(t, ns, name, "the ready addresses of its Endpoints", want, epRows)
	return sameRows(t, ns, name, "the ready endpoints of its EndpointSlices", want, slRows) && good
}

// sameRows fails t unless got and want hold the same rows, listing, as
// text, the rows only one side has. Both are sorted (sortRows); the rows
// are rendered only when they differ.
func sameRows(t T, ns, name, what string, want, got []endpointRow) bool {
	if slices.Equal(want, got) {
		return true
	}
	wantText, gotText := rowsText(want), rowsText(got)
	var b strings.Builder
	for _, r := range gotText {
		if _, found := slices.BinarySearch(wantText, r); !found {
			fmt.Fprintf(&b, "\n  listed, not a ready matching pod: %s", r)
		}
	}
	for _, r := range wantText {
		if _, found := slices.BinarySearch(gotText, r); !found {
			fmt.Fprintf(&b, "\n  a ready matching pod, not listed: %s", r)
		}
	}
	if b.Len() == 0 {
		return true // the same rows, one listed twice
	}
	t.Helper() // here, not on entry: it walks the stack, and only a report needs it
	t.Errorf("Service %s/%s: %s differ from its ready, matching pods (port address/protocol pod):%s",
		ns, name, what, b.String())
	return false
}

// ReadyAddresses returns the ready endpoints of Service namespace/name as
// a flat sorted list of address:port, one per endpoint and port, as its
// EndpointSlices hold them (what kube-proxy routes to); a headless
// Service without ports lists its endpoints with port 0. A pod on which
// no target port resolved serves no port and is not listed. A Service
// without slices, or missing, gives nil.
func ReadyAddresses(c *Cluster, namespace, name string) []netip.AddrPort {
	if c == nil || c.Cluster == nil {
		return nil
	}
	ns := pod.NamespaceOrDefault(namespace)
	c.touch(ns)
	ports, ok := c.AppendServicePorts(c.svcPorts[:0], ns, name)
	c.svcPorts = ports
	if !ok {
		return nil
	}
	var out []netip.AddrPort
	for _, s := range c.EndpointSlices(ns, name) {
		for _, e := range s.Endpoints {
			if !e.Conditions.Ready {
				continue
			}
			for _, ip := range e.Addresses {
				if len(s.Ports) == 0 && len(ports) == 0 {
					out = append(out, netip.AddrPortFrom(ip, 0))
				}
				for _, p := range s.Ports {
					out = append(out, netip.AddrPortFrom(ip, uint16(p.Port)))
				}
			}
		}
	}
	slices.SortFunc(out, netip.AddrPort.Compare)
	return slices.Compact(out)
}

// expectedRows lists in c.rows[0] (emptied), from scratch, the ready
// addresses the endpoints controllers owe svc, of namespace ns, whose
// ports are svcPorts, sorted: from the states of the pods its selector
// matches and their ports, read into c.pods and c.ports, whose arrays
// the next call reuses.
func (c *Cluster) expectedRows(svc sim.ServiceState, svcPorts []service.Port, ns string) []endpointRow {
	c.pods, _ = c.AppendServicePodStates(c.pods[:0], ns, svc.Name)
	rows := slices.Grow(c.rows[0][:0], len(c.pods)*max(1, len(svcPorts)))
	for _, p := range c.pods {
		switch {
		case !p.IP.IsValid(), p.Phase == pod.Succeeded, p.Phase == pod.Failed:
			continue
		case !svc.Headless && svc.ClusterIP.IsValid() && svc.ClusterIP.Is4() != p.IP.Is4():
			continue // the other family
		case !svc.PublishNotReadyAddresses && (!p.Ready || p.Terminating):
			continue
		}
		if len(svcPorts) == 0 {
			rows = append(rows, row("", p.IP, 0, pod.TCP, ns, p.Name))
		}
		c.ports, _ = c.AppendPodPorts(c.ports[:0], ns, p.Name)
		for _, sp := range svcPorts {
			if port, ok := sp.ResolveTargetPort(c.ports); ok {
				rows = append(rows, row(sp.Name, p.IP, port, sp.Protocol, ns, p.Name))
			}
		}
	}
	return sortRows(rows)
}

// readyRows lists in rows (emptied) the ready addresses of flat, the
// flattened Endpoints object or EndpointSlices of a Service, one per
// address and port, sorted; an address of a subset or slice without
// ports is listed with port 0 when portless is set, and left out when
// not.
func readyRows(rows []endpointRow, flat []endpoints.FlatEndpoint, portless bool) []endpointRow {
	rows = slices.Grow(rows[:0], len(flat))
	for _, f := range flat {
		if !f.Ready || (f.NoPorts && !portless) {
			continue
		}
		podNS, podName := splitPod(f.Pod)
		rows = append(rows, row(f.Port.Name, f.IP, f.Port.Port, f.Port.Protocol, podNS, podName))
	}
	return sortRows(rows)
}

// endpointRow is one ready address of one port.
type endpointRow struct {
	port  string // its name, "" when unnamed
	addr  netip.AddrPort
	proto pod.Protocol
	// The pod's namespace and name, apart: the expectation is built from
	// names without joining each to its namespace, and the objects'
	// "namespace/name" references split without copying (splitPod).
	podNS, podName string
}

func row(port string, ip netip.Addr, num int32, proto pod.Protocol, podNS, podName string) endpointRow {
	return endpointRow{port: port, addr: netip.AddrPortFrom(ip, uint16(num)), proto: pod.EffectiveProtocol(proto),
		podNS: podNS, podName: podName}
}

// splitPod splits an endpoint's pod reference "namespace/name" (a
// namespace holds no "/"); a reference without one gives namespace "",
// which no pod has, so that it matches none. It cuts at the first "/"
// as strings.Cut would, through strings.IndexByte: its one-byte search
// is what Cut's strings.Index ends in, without the call in between.
func splitPod(ref string) (ns, name string) {
	i := strings.IndexByte(ref, '/')
	if i < 0 {
		return "", ref
	}
	return ref[:i], ref[i+1:]
}

// String renders r as "http 10.244.1.5:8080/TCP default/web-7c5d-x2kqp";
// an unnamed port shows as "-", a pod reference without a namespace as
// written.
func (r endpointRow) String() string {
	port := r.port
	if port == "" {
		port = "-"
	}
	ref := r.podName
	if r.podNS != "" {
		ref = r.podNS + "/" + r.podName
	}
	return fmt.Sprintf("%s %s/%s %s", port, r.addr, r.proto, ref)
}

// sortRows sorts rows by every field, so that two lists of the same rows
// are equal, and returns them. A small cluster's Service has a few rows:
// up to 12 (where slices.SortFunc sorts by insertion too) they are sorted
// by insertion, compared in place, as slices.SortFunc's comparison
// function would be passed copies of both rows at each call.
func sortRows(rows []endpointRow) []endpointRow {
	if len(rows) > 12 {
		slices.SortFunc(rows, func(a, b endpointRow) int { return compareRows(&a, &b) })
		return rows
	}
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && compareRows(&rows[j], &rows[j-1]) < 0; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
	return rows
}

// compareRows orders rows by address, port name, protocol and pod
// (namespace, then name), comparing a field only when those before it
// tie (cmp.Or would compare them all); the address first, as it tells
// most rows apart.
func compareRows(a, b *endpointRow) int {
	if c := a.addr.Compare(b.addr); c != 0 {
		return c
	}
	if c := strings.Compare(a.port, b.port); c != 0 {
		return c
	}
	if c := strings.Compare(string(a.proto), string(b.proto)); c != 0 {
		return c
	}
	if c := strings.Compare(a.podNS, b.podNS); c != 0 {
		return c
	}
	return strings.Compare(a.podName, b.podName)
}

// rowsText renders rows, sorted as text.
func rowsText(rows []endpointRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.String()
	}
	slices.Sort(out)
	return out
}

// nilCluster fails t for the nil Cluster given to simtest.<what>, and
// returns false. The caller has called t.Helper, so the report names the
// line that called it.
func nilCluster(t T, what string) bool {
	t.Helper()
	t.Errorf("simtest.%s: nil Cluster (build one with simtest.New)", what)
	return false
}
