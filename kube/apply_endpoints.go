package kube

// Applying the Endpoints or EndpointSlices a user writes for a Service
// without a selector: written whole through sim's SetEndpoints and
// SetEndpointSlice (create or replace, as the API server's update of
// these objects replaces them), unless unchanged.

import (
	"errors"
	"reflect"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/sim"
)

func (p *plan) addEndpoints(ch *change, prev *change, o *corev1.Endpoints, last map[string]any) ([]string, error) {
	e, warnings, err := FromEndpoints(o)
	if err != nil {
		return warnings, err
	}
	e.Namespace, e.CreationTimestamp = ch.key.ns, time.Time{}
	var live *endpoints.Endpoints
	switch {
	case prev != nil:
		l := prev.obj.(endpoints.Endpoints)
		live, ch.exists = &l, prev.exists
	default:
		if l, ok := p.userEndpoints(ch.key.ns, ch.key.name); ok {
			live, ch.exists = &l, true
		} else {
			last = nil
		}
	}
	if live != nil && !(fieldRule{manifest: ch.fields, last: last}).set("subsets") {
		e.Subsets = live.Subsets
	}
	ch.obj = e
	ch.dryRun = func(c *sim.Cluster) error { return p.serviceInManifest(c.DryRunEndpoints(e), ch.key.ns, e.Name) }
	ch.unchanged = live != nil && endpoints.EqualEndpoints(*live, e)
	if ch.unchanged {
		ch.do = func(*sim.Cluster) error { return nil } // kubectl makes no request
	} else {
		ch.do = func(c *sim.Cluster) error { return c.SetEndpoints(e) }
	}
	return warnings, nil
}

// userEndpoints returns the Endpoints object a user wrote for the
// selector-less Service namespace/name, as the cluster shows it.
func (p *plan) userEndpoints(namespace, name string) (endpoints.Endpoints, bool) {
	svc, ok := p.c.Service(namespace, name)
	if !ok || endpoints.Manages(svc) {
		return endpoints.Endpoints{}, false
	}
	e, ok := p.c.Endpoints(namespace, name)
	e.CreationTimestamp = time.Time{}
	return e, ok
}

func (p *plan) addEndpointSlice(ch *change, prev *change, o *discoveryv1.EndpointSlice, last map[string]any) ([]string, error) {
	sl, warnings, err := FromEndpointSlice(o)
	if err != nil {
		return warnings, err
	}
	sl.Namespace, sl.CreationTimestamp = ch.key.ns, time.Time{}
	var live *endpoints.Slice
	switch {
	case prev != nil:
		l := prev.obj.(endpoints.Slice)
		live, ch.exists = &l, prev.exists
	default:
		if l, ok := p.userSlice(ch.key.ns, ch.key.name, sl.Service); ok {
			live, ch.exists = &l, true
		} else {
			last = nil
		}
	}
	if live != nil {
		r := fieldRule{manifest: ch.fields, last: last}
		sl.Labels = r.mergeMap("metadata.labels", live.Labels, sl.Labels)
		if !r.set("addressType") {
			sl.AddressType = live.AddressType
		}
		if !r.set("ports") {
			sl.Ports = live.Ports
		}
		if !r.set("endpoints") {
			sl.Endpoints = live.Endpoints
		}
		sl.Service = sl.Labels[endpoints.LabelServiceName]
	}
	ch.obj = sl
	ch.dryRun = func(c *sim.Cluster) error {
		return p.serviceInManifest(c.DryRunEndpointSlice(sl), ch.key.ns, sl.Service)
	}
	ch.unchanged = live != nil && equalSlice(*live, sl)
	if ch.unchanged {
		ch.do = func(*sim.Cluster) error { return nil } // kubectl makes no request
	} else {
		ch.do = func(c *sim.Cluster) error { return c.SetEndpointSlice(sl) }
	}
	return warnings, nil
}

// userSlice returns the EndpointSlice namespace/name of Service svc, as
// the cluster shows it.
func (p *plan) userSlice(namespace, name, svc string) (endpoints.Slice, bool) {
	for _, sl := range p.c.EndpointSlices(namespace, svc) {
		if sl.Name == name {
			sl.CreationTimestamp = time.Time{}
			return sl, true
		}
	}
	return endpoints.Slice{}, false
}

// equalSlice reports whether two slices hold the same (the API server
// stores the service-name label the core adds; nil and empty lists are
// the same).
func equalSlice(a, b endpoints.Slice) bool {
	norm := func(s endpoints.Slice) endpoints.Slice {
		s.Labels = withServiceName(s.Labels, s.Service)
		if len(s.Ports) == 0 {
			s.Ports = nil
		}
		if len(s.Endpoints) == 0 {
			s.Endpoints = nil
		}
		return s
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

func withServiceName(labels map[string]string, svc string) map[string]string {
	out := make(map[string]string, len(labels)+1)
	for k, v := range labels {
		out[k] = v
	}
	out[endpoints.LabelServiceName] = svc
	return out
}

// serviceInManifest is err, unless err is the Service namespace/name not
// found and the manifest creates it: Apply creates the Services before
// the endpoints that name them.
func (p *plan) serviceInManifest(err error, namespace, name string) error {
	if errors.Is(err, sim.ErrNotFound) && p.byKey[applyKey{kind: "Service", ns: namespace, name: name}] != nil {
		return nil
	}
	return err
}
