package shell

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// create is `kubectl create deployment NAME --image=IMG [--replicas=N]
// [--port=P]` (k8s.io/kubectl pkg/cmd/create/create_deployment.go).
func (s *Session) create(c *sim.Cluster, args []string) error {
	if len(args) > 0 && (args[0] == "service" || args[0] == "svc") {
		return s.createService(c, args[1:])
	}
	if len(args) > 0 && (args[0] == "namespace" || args[0] == "ns") {
		return s.createNamespace(c, args[1:])
	}
	if len(args) == 0 || (args[0] != "deployment" && args[0] != "deploy") {
		what := ""
		if len(args) > 0 {
			what = args[0]
		}
		return s.fail("error: kubectl create %s is not supported by svcsim (it creates deployments, services and namespaces; use kubectl apply for the rest)", what)
	}
	f := newFlags("kubectl create deployment")
	ns := namespaceFlag(f)
	image := f.String("image", 0, "")
	f.String("replicas", 'r', "1")
	f.String("port", 0, "-1")
	if err := s.flags(f, args[1:]); err != nil {
		return err
	}
	if len(f.args) != 1 {
		return s.fail("error: exactly one NAME is required, got %d\n%s", len(f.args), f.usage())
	}
	if !f.Set("image") {
		return s.fail("error: required flag(s) \"image\" not set")
	}
	name := f.args[0]
	n, err := f.Int("replicas")
	if err != nil {
		return s.fail("error: %v\n%s", err, f.usage())
	}
	ctr := pod.Container{Name: containerName(*image), Image: *image}
	if p, err := f.Int("port"); err != nil {
		return s.fail("error: %v\n%s", err, f.usage())
	} else if p >= 0 {
		ctr.Ports = []pod.ContainerPort{{Port: int32(p)}}
	}
	if _, ok := c.Deployment(*ns, name); ok {
		return s.fail("error: failed to create deployment: deployments.apps %q already exists", name)
	}
	labels := selector.Set{"app": name}
	err = c.CreateDeployment(sim.Deployment{Namespace: *ns, Name: name, Replicas: n, Labels: labels,
		Selector: labels, Containers: []pod.Container{ctr}})
	if err != nil {
		return s.apiError(kDeploy, name, err)
	}
	fmt.Fprintf(s.Out, "%s created\n", kDeploy.ref(name))
	return nil
}

// containerName is the container name kubectl create deployment derives
// from an image: its last path element without tag or digest, "_" made
// "-" (create_deployment.go, buildPodSpec).
func containerName(image string) string {
	name := image[strings.LastIndex(image, "/")+1:]
	name, _, _ = strings.Cut(name, "@")
	name, _, _ = strings.Cut(name, ":")
	return strings.ReplaceAll(name, "_", "-")
}

// run is `kubectl run NAME --image=IMG [--labels=k=v,...] [--port=P] [--
// COMMAND...]`: a bare pod labelled run=NAME unless --labels says
// otherwise (the command it would run is not modelled).
func (s *Session) run(c *sim.Cluster, args []string) error {
	f := newFlags("kubectl run")
	ns := namespaceFlag(f)
	image := f.String("image", 0, "")
	labels := f.String("labels", 'l', "")
	port := f.String("port", 0, "")
	f.String("restart", 0, "Always")
	if err := s.flags(f, args); err != nil {
		return err
	}
	if len(f.args) != 1 {
		return s.fail("error: NAME is required for run\n%s", f.usage())
	}
	if !f.Set("image") {
		return s.fail("error: required flag(s) \"image\" not set")
	}
	name := f.args[0]
	set := selector.Set{"run": name}
	if *labels != "" {
		var err error
		if set, err = parseLabels(*labels); err != nil {
			return s.fail("error: %v", err)
		}
	}
	ctr := pod.Container{Name: name, Image: *image}
	if *port != "" {
		p, err := f.Int("port")
		if err != nil {
			return s.fail("error: %v\n%s", err, f.usage())
		}
		ctr.Ports = []pod.ContainerPort{{Port: int32(p)}}
	}
	if _, err := c.CreatePod(pod.Pod{Namespace: *ns, Name: name, Labels: set, Containers: []pod.Container{ctr}}); err != nil {
		return s.apiError(kPod, name, err)
	}
	fmt.Fprintf(s.Out, "%s created\n", kPod.ref(name))
	return nil
}

// parseLabels reads "k=v,k2=v2" as kubectl run's --labels.
func parseLabels(s string) (selector.Set, error) {
	set := selector.Set{}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("invalid label spec: %s", kv)
		}
		set[k] = v
	}
	if err := set.Validate(); err != nil {
		return nil, err
	}
	return set, nil
}

// expose is `kubectl expose deployment|pod NAME [--port=P]
// [--target-port=T] [--type=T] [--name=N] [--protocol=P] [--selector=S]
// [--session-affinity=ClientIP] [--cluster-ip=None]`
// (pkg/cmd/expose/expose.go): a Service selecting what the object's
// selector (a pod: its labels) selects.
func (s *Session) expose(c *sim.Cluster, args []string) error {
	f := newFlags("kubectl expose")
	ns := namespaceFlag(f)
	port := f.String("port", 0, "")
	target := f.String("target-port", 0, "")
	typ := f.String("type", 0, "")
	name := f.String("name", 0, "")
	proto := f.String("protocol", 0, "")
	selFlag := f.String("selector", 'l', "")
	affinity := f.String("session-affinity", 0, "")
	clusterIP := f.String("cluster-ip", 0, "")
	if err := s.flags(f, args); err != nil {
		return err
	}
	_, named, err := targets(f.args)
	if err != nil {
		return s.fail("error: %v", err)
	}
	if len(named) != 1 {
		return s.fail("error: the name of the object to expose is required\n%s", f.usage())
	}
	t := named[0]
	var sel selector.Set
	var ports []pod.ContainerPort
	switch t.kind {
	case kDeploy:
		d, ok := c.Deployment(*ns, t.name)
		if !ok {
			return s.fail("%s", t.kind.notFound(t.name))
		}
		sel = d.Selector
		if len(sel) == 0 {
			sel = d.Labels
		}
		ports = pod.ContainersPorts(d.Containers)
		if len(d.Containers) == 0 {
			ports = d.Ports
		}
	case kPod:
		p, ok := c.Pod(*ns, t.name)
		if !ok {
			return s.fail("%s", t.kind.notFound(t.name))
		}
		sel, ports = p.Labels, p.Ports
	default:
		return s.fail("error: cannot expose a %s", kindTitle(t.kind))
	}
	if f.Set("selector") {
		if sel, err = parseLabels(*selFlag); err != nil {
			return s.fail("error: %v", err)
		}
	}
	svc := service.Service{Namespace: *ns, Name: t.name, Selector: sel, Type: service.Type(*typ),
		SessionAffinity: service.SessionAffinity(*affinity)}
	if *name != "" {
		svc.Name = *name
	}
	switch *clusterIP {
	case "":
	case "None":
		svc.Headless = true
	default:
		a, err := netip.ParseAddr(*clusterIP)
		if err != nil {
			return s.fail("The Service %q is invalid: spec.clusterIPs: Invalid value: %q: must be a valid IP address", svc.Name, *clusterIP)
		}
		svc.ClusterIP = a
	}
	if *port != "" {
		n, err := strconv.Atoi(*port)
		if err != nil {
			return s.fail("error: invalid argument %q for \"--port\" flag: strconv.ParseInt: parsing %q: invalid syntax\n%s", *port, *port, f.usage())
		}
		svc.Ports = []service.Port{{Port: int32(n), Protocol: pod.Protocol(*proto)}}
	} else {
		if len(ports) == 0 {
			return s.fail("error: couldn't find port via --port flag or introspection\n%s", f.usage())
		}
		for i, p := range ports {
			sp := service.Port{Port: p.Port, Protocol: p.Protocol, TargetPort: service.TargetPortNumber(p.Port)}
			if *proto != "" {
				sp.Protocol = pod.Protocol(*proto)
			}
			if len(ports) > 1 {
				sp.Name = fmt.Sprintf("port-%d", i+1)
			}
			svc.Ports = append(svc.Ports, sp)
		}
	}
	if *target != "" {
		for i := range svc.Ports {
			if n, err := strconv.Atoi(*target); err == nil {
				svc.Ports[i].TargetPort = service.TargetPortNumber(int32(n))
			} else {
				svc.Ports[i].TargetPort = service.TargetPortName(*target)
			}
		}
	}
	if _, err := c.CreateService(svc); err != nil {
		return s.apiError(kService, svc.Name, err)
	}
	fmt.Fprintf(s.Out, "%s exposed\n", kService.ref(svc.Name))
	return nil
}

// createNamespace is `kubectl create namespace NAME`.
func (s *Session) createNamespace(c *sim.Cluster, args []string) error {
	f := newFlags("kubectl create namespace")
	if err := s.flags(f, args); err != nil {
		return err
	}
	if len(f.args) != 1 {
		return s.fail("error: exactly one NAME is required, got %d\n%s", len(f.args), f.usage())
	}
	name := f.args[0]
	if err := c.CreateNamespace(sim.Namespace{Name: name}); err != nil {
		return s.apiError(kNS, name, err)
	}
	fmt.Fprintf(s.Out, "%s created\n", kNS.ref(name))
	return nil
}
