package shell

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

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
	nss    []sim.Namespace
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
	kinds, named, err := getTargets(f.args)
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
	if *showLabels && (len(kinds) > 1 || kinds[0] != kPod) {
		return s.fail("error: svcsim shows labels of pods only (--show-labels)")
	}
	if slices.Contains(kinds, kEndpoint) {
		fmt.Fprintln(s.Err, endpointsWarning)
	}
	if *out == "yaml" && len(named) > 0 {
		return s.getYAML(c, named, *ns, len(named) > 1)
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
		o = o.WithShowLabels()
	}
	namespaces := []string{*ns}
	if *all {
		namespaces = namespaces[:0]
		for _, n := range c.Namespaces() {
			namespaces = append(namespaces, n.Name)
		}
	}
	multi := len(kinds) > 1
	var yamlRefs []target
	var buf bytes.Buffer
	var missing []string
	for _, k := range kinds {
		var objs objects
		if len(named) > 0 {
			for _, t := range named {
				if t.kind == k && !objs.add(c, t, *ns) {
					missing = append(missing, t.kind.notFound(t.name))
				}
			}
		} else {
			for _, n := range namespaces {
				objs.list(c, k, n, lsel)
			}
		}
		switch {
		case *out == "yaml":
			yamlRefs = append(yamlRefs, objs.targets()...)
			continue
		case *out == "name":
			objs.names(&buf)
			continue
		case objs.empty() && (multi || len(missing) > 0):
			continue // one "No resources found" line for all, below
		case multi:
			if buf.Len() > 0 {
				buf.WriteString("\n")
			}
			if err := objs.print(&buf, k, o.WithKind(k.qualified())); err != nil {
				return s.fail("error: %v", err)
			}
			continue
		}
		if err := objs.print(&buf, k, o); err != nil {
			return s.fail("error: %v", err)
		}
	}
	if *out == "yaml" {
		return s.getYAML(c, yamlRefs, *ns, true)
	}
	if multi && buf.Len() == 0 && len(missing) == 0 && *out != "name" {
		if *all {
			buf.WriteString("No resources found\n")
		} else {
			fmt.Fprintf(&buf, "No resources found in %s namespace.\n", *ns)
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

// allKinds are the kinds of kubectl's "all" category that svcsim has, in
// its order.
var allKinds = []*kind{kPod, kService, kDeploy, kRS, kSTS}

// getTargets reads kubectl get's arguments: those of targets, or a
// comma-separated list of types ("deploy,svc", "all") followed by names
// each type is looked up by. It returns the kinds to print, in order.
func getTargets(args []string) ([]*kind, []target, error) {
	if len(args) > 0 && !strings.Contains(args[0], "/") && (strings.Contains(args[0], ",") || args[0] == "all") {
		var ks []*kind
		for _, w := range strings.Split(args[0], ",") {
			if w == "all" {
				ks = append(ks, allKinds...)
				continue
			}
			k, ok := lookupKind(w)
			if !ok {
				return nil, nil, fmt.Errorf("the server doesn't have a resource type %q", w)
			}
			ks = append(ks, k)
		}
		ks = uniqueKinds(ks)
		var named []target
		for _, n := range args[1:] {
			for _, k := range ks {
				named = append(named, target{k, n})
			}
		}
		return ks, named, nil
	}
	k, named, err := targets(args)
	if err != nil {
		return nil, nil, err
	}
	if len(named) == 0 || !strings.Contains(args[0], "/") {
		return []*kind{k}, named, nil
	}
	var ks []*kind
	for _, t := range named {
		ks = append(ks, t.kind)
	}
	return uniqueKinds(ks), named, nil
}

// uniqueKinds drops repeated kinds, keeping the first of each.
func uniqueKinds(ks []*kind) []*kind {
	var out []*kind
	for _, k := range ks {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
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
	case kNS:
		n, ok := c.Namespace(t.name)
		if ok {
			o.nss = append(o.nss, n)
		}
		return ok
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
	case kNS:
		if len(o.nss) == 0 {
			for _, n := range c.Namespaces() {
				if sel.Matches(n.Labels) {
					o.nss = append(o.nss, n)
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
	return len(o.pods)+len(o.svcs)+len(o.eps)+len(o.slices)+len(o.deps)+len(o.rss)+len(o.stss)+len(o.nodes)+len(o.nss) == 0
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
	case kNS:
		return kubectl.Namespaces(w, o.nss, opt)
	}
	return kubectl.Nodes(w, o.nodes, opt)
}

// names prints `-o name`: kind.group/name a line.
func (o *objects) names(w *bytes.Buffer) {
	for _, t := range o.listed(kPod, kService, kEndpoint, kSlice, kDeploy, kRS, kSTS, kNode, kNS) {
		fmt.Fprintln(w, t.kind.ref(t.name))
	}
}

// listed names the objects held, kind by kind in the order given.
func (o *objects) listed(order ...*kind) []target {
	var out []target
	add := func(k *kind, name string) { out = append(out, target{k, name}) }
	for _, k := range order {
		switch k {
		case kPod:
			for _, v := range o.pods {
				add(k, v.Name)
			}
		case kService:
			for _, v := range o.svcs {
				add(k, v.Name)
			}
		case kEndpoint:
			for _, v := range o.eps {
				add(k, v.Name)
			}
		case kSlice:
			for _, v := range o.slices {
				add(k, v.Name)
			}
		case kDeploy:
			for _, v := range o.deps {
				add(k, v.Name)
			}
		case kRS:
			for _, v := range o.rss {
				add(k, v.Name)
			}
		case kSTS:
			for _, v := range o.stss {
				add(k, v.Name)
			}
		case kNode:
			for _, v := range o.nodes {
				add(k, v.Name)
			}
		case kNS:
			for _, v := range o.nss {
				add(k, v.Name)
			}
		}
	}
	return out
}

// getYAML prints objects as `kubectl get -o yaml`: one named object as
// itself, a list (several named, or every object listed) as a v1 List.
func (s *Session) getYAML(c *sim.Cluster, objs []target, ns string, list bool) error {
	if s.YAML == nil {
		return s.fail("error: -o yaml is not supported by this build of svcsim")
	}
	refs := make([]ObjectRef, len(objs))
	for i, t := range objs {
		if !exists(c, t, ns) {
			return s.fail("%s", t.kind.notFound(t.name))
		}
		refs[i] = ObjectRef{Kind: kindTitle(t.kind), Name: t.name}
	}
	y, err := s.YAML(c, ns, refs, list)
	if err != nil {
		return s.fail("error: %v", err)
	}
	s.Out.Write(y)
	return nil
}
