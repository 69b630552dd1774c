package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// naiveEP is the slow, obviously correct endpoints controller the
// benchmark compares against (Config.naive): a pod event scans every
// Service of the namespace and a sync recomputes the Service's Endpoints
// and slices from scratch over every pod of the namespace, as upstream's
// controllers did before their indexes.
type naiveEP struct {
	svcs map[endpoints.ServiceKey]service.Service
	pods map[string]map[string]pod.Pod // namespace → name → pod
	eps  map[endpoints.ServiceKey]endpoints.Endpoints
	sls  map[endpoints.ServiceKey][]endpoints.Slice
	// manual: Endpoints written with SetManual, and their slice names.
	manual map[endpoints.ServiceKey]naiveManual
}

type naiveManual struct {
	ep        endpoints.Endpoints
	sliceName string
}

func newNaiveEP() epController {
	return &naiveEP{svcs: map[endpoints.ServiceKey]service.Service{}, pods: map[string]map[string]pod.Pod{},
		eps: map[endpoints.ServiceKey]endpoints.Endpoints{}, sls: map[endpoints.ServiceKey][]endpoints.Slice{},
		manual: map[endpoints.ServiceKey]naiveManual{}}
}

func (n *naiveEP) SetService(svc service.Service, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	k := endpoints.ServiceKey{Namespace: svc.Namespace, Name: svc.Name}
	n.svcs[k] = svc.Clone()
	return append(dirty, k)
}

func (n *naiveEP) DeleteService(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	k := endpoints.ServiceKey{Namespace: namespace, Name: name}
	if _, ok := n.svcs[k]; ok {
		delete(n.manual, k) // syncService deletes the Endpoints of a Service that is gone
	}
	delete(n.svcs, k)
	return append(dirty, k)
}

func (n *naiveEP) touch(ns string, old, cur pod.Pod, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	start := len(dirty)
	defer func() { // map order must not reach the queue
		slices.SortFunc(dirty[start:], func(a, b endpoints.ServiceKey) int { return strings.Compare(a.Name, b.Name) })
	}()
	for k, s := range n.svcs { // the scan the incremental controller avoids
		if k.Namespace != ns || len(s.Selector) == 0 {
			continue
		}
		if matches(s.Selector, old.Labels) || matches(s.Selector, cur.Labels) {
			dirty = append(dirty, k)
		}
	}
	return dirty
}

func matches(sel, labels map[string]string) bool {
	if labels == nil {
		return false
	}
	for k, v := range sel {
		if lv, ok := labels[k]; !ok || lv != v {
			return false
		}
	}
	return true
}

func (n *naiveEP) SetPodKeyed(_ string, p pod.Pod, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	m := n.pods[p.Namespace]
	if m == nil {
		m = map[string]pod.Pod{}
		n.pods[p.Namespace] = m
	}
	old := m[p.Name]
	m[p.Name] = p
	return n.touch(p.Namespace, old, p, dirty)
}

func (n *naiveEP) DeletePod(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	old, ok := n.pods[namespace][name]
	if !ok {
		return dirty
	}
	delete(n.pods[namespace], name)
	return n.touch(namespace, old, pod.Pod{}, dirty)
}

func (n *naiveEP) Sync(k endpoints.ServiceKey) bool {
	s, ok := n.svcs[k]
	if !ok || !endpoints.Manages(s) {
		old, had := n.eps[k]
		oldSl := n.sls[k]
		delete(n.eps, k)
		delete(n.sls, k)
		m, manual := n.manual[k]
		if !manual {
			return had
		}
		n.eps[k] = m.ep
		var sl []endpoints.Slice
		if ok && len(s.Selector) == 0 {
			sl = endpoints.Mirror(m.ep, m.sliceName)
			n.sls[k] = sl
		}
		return !had || !endpoints.EqualEndpoints(old, m.ep) || !endpoints.EquivalentSlices(oldSl, sl)
	}
	pods := make([]pod.Pod, 0, len(n.pods[k.Namespace]))
	for _, p := range n.pods[k.Namespace] {
		pods = append(pods, p)
	}
	ep, sl := endpoints.Compute(s, pods, endpoints.Options{})
	old, had := n.eps[k]
	changed := !had || !endpoints.EqualEndpoints(old, ep) || !endpoints.EquivalentSlices(n.sls[k], sl)
	n.eps[k], n.sls[k] = ep, sl
	return changed
}

func (n *naiveEP) Endpoints(namespace, name string) (endpoints.Endpoints, bool) {
	ep, ok := n.eps[endpoints.ServiceKey{Namespace: namespace, Name: name}]
	return ep, ok
}

func (n *naiveEP) Slices(namespace, name string) []endpoints.Slice {
	return n.sls[endpoints.ServiceKey{Namespace: namespace, Name: name}]
}

func (n *naiveEP) AppendBackends(k endpoints.ServiceKey, portName string, dst []endpoints.Backend) []endpoints.Backend {
	for _, sl := range n.sls[k] {
		port, found := int32(0), len(sl.Ports) == 0 && portName == ""
		for _, p := range sl.Ports {
			if p.Name == portName {
				port, found = p.Port, true
			}
		}
		if !found {
			continue
		}
		for _, e := range sl.Endpoints {
			for _, a := range e.Addresses {
				dst = append(dst, endpoints.Backend{IP: a, Port: port, Node: e.NodeName, Pod: e.Pod,
					Ready: e.Conditions.Ready, Serving: e.Conditions.Serving, Terminating: e.Conditions.Terminating})
			}
		}
	}
	return dst
}

func (n *naiveEP) AppendPortBackends(k endpoints.ServiceKey, ports []service.Port, bufs [][]endpoints.Backend) {
	for i, p := range ports {
		bufs[i] = n.AppendBackends(k, p.Name, bufs[i])
	}
}

func (n *naiveEP) AppendReady(k endpoints.ServiceKey, portName string, dst []netip.Addr) ([]netip.Addr, int) {
	notReady := 0
	for _, b := range n.AppendBackends(k, portName, nil) {
		if b.Ready {
			dst = append(dst, b.IP)
		} else if !b.Terminating {
			notReady++
		}
	}
	return dst, notReady
}

// Check compares with a from-scratch recomputation over an index.
func (n *naiveEP) AppendFlatEndpoints(namespace, name string, dst []endpoints.FlatEndpoint) ([]endpoints.FlatEndpoint, bool, bool) {
	ep, ok := n.Endpoints(namespace, name)
	if !ok {
		return dst, false, false
	}
	return endpoints.FlattenEndpoints(dst, ep), ep.Truncated, true
}

func (n *naiveEP) AppendFlatSlices(namespace, name string, dst []endpoints.FlatEndpoint) []endpoints.FlatEndpoint {
	return endpoints.FlattenSlices(dst, n.Slices(namespace, name))
}

func (n *naiveEP) Check(svcs []service.Service, pods []pod.Pod) error {
	return checkEndpointsIndexed(n, svcs, pods, endpoints.Options{})
}

func (n *naiveEP) CheckManual([]service.Service) error { return nil }

func (n *naiveEP) TakeManual(ep endpoints.Endpoints, sliceName string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error) {
	return n.SetManual(ep, sliceName, dirty)
}

func (n *naiveEP) SetManual(ep endpoints.Endpoints, sliceName string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error) {
	if err := endpoints.ValidateEndpoints(ep); err != nil {
		return dirty, err
	}
	k := endpoints.ServiceKey{Namespace: pod.NamespaceOrDefault(ep.Namespace), Name: ep.Name}
	ep.Namespace = k.Namespace
	n.manual[k] = naiveManual{ep: ep, sliceName: sliceName}
	return append(dirty, k), nil
}

func (n *naiveEP) DeleteManual(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	k := endpoints.ServiceKey{Namespace: namespace, Name: name}
	if _, ok := n.manual[k]; !ok {
		return dirty
	}
	delete(n.manual, k)
	return append(dirty, k)
}

// SetSlice: the naive baseline keeps no user slices.
func (n *naiveEP) SetSlice(sl endpoints.Slice, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error) {
	return dirty, errors.New("naive endpoints controller: user EndpointSlices not supported")
}

func (n *naiveEP) CheckSlice(endpoints.Slice) error {
	return errors.New("naive endpoints controller: user EndpointSlices not supported")
}

func (n *naiveEP) DeleteSlice(_, _ string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, bool) {
	return dirty, false
}

// nullEP is an endpoints controller that selects no pod (Config.nullEP):
// with it a benchmark measures the core without the endpoints controller
// and with an idle kube-proxy table.
type nullEP struct{}

func newNullEP() epController { return nullEP{} }

func (nullEP) inert() {}

func (nullEP) SetService(_ service.Service, d []endpoints.ServiceKey) []endpoints.ServiceKey {
	return d
}
func (nullEP) DeleteService(_, _ string, d []endpoints.ServiceKey) []endpoints.ServiceKey { return d }
func (nullEP) SetPodKeyed(_ string, _ pod.Pod, d []endpoints.ServiceKey) []endpoints.ServiceKey {
	return d
}
func (nullEP) DeletePod(_, _ string, d []endpoints.ServiceKey) []endpoints.ServiceKey { return d }
func (nullEP) Sync(endpoints.ServiceKey) bool                                         { return false }
func (nullEP) Endpoints(_, _ string) (endpoints.Endpoints, bool)                      { return endpoints.Endpoints{}, false }
func (nullEP) Slices(_, _ string) []endpoints.Slice                                   { return nil }
func (nullEP) AppendBackends(_ endpoints.ServiceKey, _ string, d []endpoints.Backend) []endpoints.Backend {
	return d
}
func (nullEP) AppendPortBackends(endpoints.ServiceKey, []service.Port, [][]endpoints.Backend) {}
func (nullEP) AppendReady(_ endpoints.ServiceKey, _ string, d []netip.Addr) ([]netip.Addr, int) {
	return d, 0
}
func (nullEP) AppendFlatEndpoints(_, _ string, d []endpoints.FlatEndpoint) ([]endpoints.FlatEndpoint, bool, bool) {
	return d, false, false
}
func (nullEP) AppendFlatSlices(_, _ string, d []endpoints.FlatEndpoint) []endpoints.FlatEndpoint {
	return d
}
func (nullEP) Check([]service.Service, []pod.Pod) error { return nil }
func (nullEP) CheckManual([]service.Service) error      { return nil }
func (nullEP) TakeManual(_ endpoints.Endpoints, _ string, d []endpoints.ServiceKey) ([]endpoints.ServiceKey, error) {
	return d, nil
}
func (nullEP) SetManual(_ endpoints.Endpoints, _ string, d []endpoints.ServiceKey) ([]endpoints.ServiceKey, error) {
	return d, nil
}
func (nullEP) DeleteManual(_, _ string, d []endpoints.ServiceKey) []endpoints.ServiceKey { return d }
func (nullEP) SetSlice(_ endpoints.Slice, d []endpoints.ServiceKey) ([]endpoints.ServiceKey, error) {
	return d, nil
}
func (nullEP) CheckSlice(endpoints.Slice) error { return nil }
func (nullEP) DeleteSlice(_, _ string, d []endpoints.ServiceKey) ([]endpoints.ServiceKey, bool) {
	return d, false
}
