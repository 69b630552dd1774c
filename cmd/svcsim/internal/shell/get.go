package shell

import (
	"bytes"
	"fmt"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// endpointsWarning is what kubectl 1.33+ prints for every v1 Endpoints
// read (the API server's deprecation warning).
const endpointsWarning = "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"

// objects is what `kubectl get` lists, of one kind.
type objects struct {
	pods   []pod.Pod
	svcs   []service.Service
	eps    []endpoints.Endpoints
	slices []endpoints.Slice
	deps   []sim.Deployment
	rss    []sim.ReplicaSet
	stss   []sim.StatefulSet
	nodes  []sim.Node
}

// get is `kubectl get TYPE [NAME...] [-l SEL] [-o wide|name|yaml] [-n NS|-A]
// [--show-labels]`.
func (s *Session) get(c *sim.Cluster, args []string) error {
	f := newFlags("kubectl get")
	ns := namespaceFlag(f)
	all := f.Bool("all-namespaces", 'A')
	sel := f.String("selector", 'l', "")
	out := f.String("output", 'o', "")
	showLabels := f.Bool("show-labels", 0)
	if err := s.flags(f, args); err != nil {
		return err
	}
	k, named, err := targets(f.args)
	if err != nil {
		return s.fail("error: %v", err)
	}
	switch *out {
	case "", "wide", "name", "yaml":
	default:
		return s.fail("error: unable to match a printer suitable for the output format %q, allowed formats are: name,wide,yaml", *out)
	}
	if len(named) > 0 && (f.Set("selector") || *all) {
		return s.fail("error: a resource cannot be retrieved by name across all namespaces")
	}
	lsel, err := selector.Parse(*sel)
	if err != nil {
		return s.fail("error: %v", err)
	}
	if k == kEndpoint {
		fmt.Fprintln(s.Err, endpointsWarning)
	}
	if *out == "yaml" {
		return s.getYAML(c, named, *ns)
	}
	o := kubectl.For(c)
	o.Namespace = *ns
	if *out == "wide" {
		o = o.WithWide()
	}
	if *all {
		o = o.WithAllNamespaces()
	}
	if *showLabels {
		if k != kPod {
			return s.fail("error: svcsim shows labels of pods only (--show-labels)")
		}
		o = o.WithShowLabels()
	}
	var objs objects
	var missing []string
	if len(named) > 0 {
		for _, t := range named {
			if !objs.add(c, t, *ns) {
				missing = append(missing, t.kind.notFound(t.name))
			}
		}
	} else {
		namespaces := []string{*ns}
		if *all {
			namespaces = c.Namespaces()
		}
		for _, n := range namespaces {
			objs.list(c, k, n, lsel)
		}
	}
	var buf bytes.Buffer
	if *out == "name" {
		objs.names(&buf)
	} else if len(missing) == 0 || !objs.empty() {
		if err := objs.print(&buf, k, o); err != nil {
			return s.fail("error: %v", err)
		}
	}
	s.Out.Write(buf.Bytes())
	for _, m := range missing {
		fmt.Fprintln(s.Err, m)
	}
	if len(missing) > 0 {
		return failed
	}
	return nil
}

// add appends the named object; false if it does not exist.
func (o *objects) add(c *sim.Cluster, t target, ns string) bool {
	switch t.kind {
	case kPod:
		p, ok := c.Pod(ns, t.name)
		if ok {
			o.pods = append(o.pods, p)
		}
		return ok
	case kService:
		v, ok := c.Service(ns, t.name)
		if ok {
			o.svcs = append(o.svcs, v)
		}
		return ok
	case kEndpoint:
		v, ok := c.Endpoints(ns, t.name)
		if ok {
			o.eps = append(o.eps, v)
		}
		return ok
	case kSlice:
		for _, v := range c.Services(ns) {
			for _, sl := range c.EndpointSlices(ns, v.Name) {
				if sl.Name == t.name {
					o.slices = append(o.slices, sl)
					return true
				}
			}
		}
		return false
	case kDeploy:
		v, ok := c.Deployment(ns, t.name)
		if ok {
			o.deps = append(o.deps, v)
		}
		return ok
	case kRS:
		v, ok := c.ReplicaSet(ns, t.name)
		if ok {
			o.rss = append(o.rss, v)
		}
		return ok
	case kSTS:
		v, ok := c.StatefulSet(ns, t.name)
		if ok {
			o.stss = append(o.stss, v)
		}
		return ok
	case kNode:
		for _, n := range c.Nodes() {
			if n.Name == t.name {
				o.nodes = append(o.nodes, n)
				return true
			}
		}
	}
	return false
}

// list appends the objects of kind k in namespace ns matching sel
// (Deployments and StatefulSets by their pod template's labels, which
// kubectl create gives the object too).
func (o *objects) list(c *sim.Cluster, k *kind, ns string, sel selector.Selector) {
	switch k {
	case kPod:
		o.pods = append(o.pods, c.Pods(ns, sel)...)
	case kService:
		for _, v := range c.Services(ns) {
			if sel.Matches(v.Labels) {
				o.svcs = append(o.svcs, v)
			}
		}
	case kEndpoint:
		for _, v := range c.Services(ns) {
			if e, ok := c.Endpoints(ns, v.Name); ok && sel.Matches(v.Labels) {
				o.eps = append(o.eps, e)
			}
		}
	case kSlice:
		for _, v := range c.Services(ns) {
			for _, sl := range c.EndpointSlices(ns, v.Name) {
				if sel.Matches(sliceLabels(v, sl)) {
					o.slices = append(o.slices, sl)
				}
			}
		}
	case kDeploy:
		for _, v := range c.Deployments(ns) {
			if sel.Matches(v.Labels) {
				o.deps = append(o.deps, v)
			}
		}
	case kRS:
		o.rss = append(o.rss, c.ReplicaSets(ns, sel)...)
	case kSTS:
		for _, v := range c.StatefulSets(ns) {
			if sel.Matches(v.Labels) {
				o.stss = append(o.stss, v)
			}
		}
	case kNode:
		if len(o.nodes) == 0 {
			for _, n := range c.Nodes() {
				if sel.Matches(n.Labels) {
					o.nodes = append(o.nodes, n)
				}
			}
		}
	}
}

// sliceLabels are an EndpointSlice's labels: its Service's, the
// service-name label and the managed-by label.
func sliceLabels(v service.Service, sl endpoints.Slice) selector.Set {
	l := selector.Set{}
	for k, x := range v.Labels {
		l[k] = x
	}
	l["kubernetes.io/service-name"] = sl.Service
	l["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io"
	return l
}

func (o *objects) empty() bool {
	return len(o.pods)+len(o.svcs)+len(o.eps)+len(o.slices)+len(o.deps)+len(o.rss)+len(o.stss)+len(o.nodes) == 0
}

// print prints the objects of kind k as kubectl's table.
func (o *objects) print(w *bytes.Buffer, k *kind, opt kubectl.Options) error {
	switch k {
	case kPod:
		return kubectl.Pods(w, o.pods, opt)
	case kService:
		return kubectl.Services(w, o.svcs, opt)
	case kEndpoint:
		return kubectl.Endpoints(w, o.eps, opt)
	case kSlice:
		return kubectl.EndpointSlices(w, o.slices, opt)
	case kDeploy:
		return kubectl.Deployments(w, o.deps, opt)
	case kRS:
		return kubectl.ReplicaSets(w, o.rss, opt)
	case kSTS:
		return kubectl.StatefulSets(w, o.stss, opt)
	}
	return kubectl.Nodes(w, o.nodes, opt)
}

// names prints `-o name`: kind.group/name a line.
func (o *objects) names(w *bytes.Buffer) {
	var ns []string
	for _, v := range o.pods {
		ns = append(ns, kPod.ref(v.Name))
	}
	for _, v := range o.svcs {
		ns = append(ns, kService.ref(v.Name))
	}
	for _, v := range o.eps {
		ns = append(ns, kEndpoint.ref(v.Name))
	}
	for _, v := range o.slices {
		ns = append(ns, kSlice.ref(v.Name))
	}
	for _, v := range o.deps {
		ns = append(ns, kDeploy.ref(v.Name))
	}
	for _, v := range o.rss {
		ns = append(ns, kRS.ref(v.Name))
	}
	for _, v := range o.stss {
		ns = append(ns, kSTS.ref(v.Name))
	}
	for _, v := range o.nodes {
		ns = append(ns, kNode.ref(v.Name))
	}
	for _, n := range ns {
		fmt.Fprintln(w, n)
	}
}

// getYAML prints the named objects as `kubectl get -o yaml`.
func (s *Session) getYAML(c *sim.Cluster, named []target, ns string) error {
	if s.YAML == nil {
		return s.fail("error: -o yaml is not supported by this build of svcsim")
	}
	if len(named) == 0 {
		return s.fail("error: -o yaml needs the object's name (svcsim prints one object at a time)")
	}
	for i, t := range named {
		y, err := s.YAML(c, kindTitle(t.kind), ns, t.name)
		if err != nil {
			return s.apiError(t.kind, t.name, err)
		}
		if i > 0 {
			fmt.Fprintln(s.Out, "---")
		}
		s.Out.Write(y)
	}
	return nil
}
