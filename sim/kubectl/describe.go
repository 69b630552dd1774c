package kubectl

// `kubectl describe` for Services, pods and Deployments, in the layout of
// kubectl pkg/describe/describe.go (describeService, describePod,
// describeDeployment, DescribePodTemplate, describeContainers) for the
// fields svcsim has. The Events section is left out, as with
// `--show-events=false`: svcsim's trace is not a list of Kubernetes
// Events.

import (
	"fmt"
	"io"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// describer writes describe's lines through the tabwriter of
// tabbedString (minwidth 0, tabwidth 8, padding 2, padchar ' '), each
// level indented by two spaces (PrefixWriter).
type describer struct {
	tw  *tabwriter.Writer
	err error
}

func newDescriber(w io.Writer) *describer {
	return &describer{tw: tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)}
}

func (d *describer) line(level int, format string, a ...any) {
	if d.err == nil {
		_, d.err = fmt.Fprintf(d.tw, strings.Repeat("  ", level)+format, a...)
	}
}

func (d *describer) flush() error {
	if d.err != nil {
		return d.err
	}
	return d.tw.Flush()
}

// labels writes a label map as printLabelsMultiline: sorted k=v, one a
// line, "<none>" when empty.
func (d *describer) labels(title string, m map[string]string) {
	d.line(0, "%s:\t", title)
	if len(m) == 0 {
		d.line(0, "<none>\n")
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		if i > 0 {
			d.line(0, "\t")
		}
		d.line(0, "%s=%s\n", k, m[k])
	}
}

// rfc1123z formats t as describe's timestamps (time.RFC1123Z).
func rfc1123z(t time.Time) string { return t.Format(time.RFC1123Z) }

// DescribeService prints s as `kubectl describe service`, its Endpoints
// lines from slices (the Service's EndpointSlices, formatEndpointSlices: up
// to three ready "ip:port" of the port's name, then "+ N more...";
// "<none>" without slices). svcsim's Services carry no labels or
// annotations; IP Family Policy and IP Families are what the API server
// defaults for a single-stack cluster (a headless Service without a
// selector: RequireDualStack and both families); Internal Traffic Policy
// is Cluster (the default) for every type but ExternalName; a
// LoadBalancer's address is its status ingress, with ipMode VIP.
func DescribeService(w io.Writer, s service.Service, slices []endpoints.Slice) error {
	d := newDescriber(w)
	d.line(0, "Name:\t%s\n", s.Name)
	d.line(0, "Namespace:\t%s\n", nsOrDefault(s.Namespace))
	d.labels("Labels", nil)
	d.line(0, "Annotations:\t<none>\n")
	d.line(0, "Selector:\t%s\n", noneIfEmpty(selector.Set(s.Selector).String()))
	typ := svcType(s)
	d.line(0, "Type:\t%s\n", typ)
	policy, families := ipFamilies(s)
	if policy != "" {
		d.line(0, "IP Family Policy:\t%s\n", policy)
	}
	d.line(0, "IP Families:\t%s\n", noneIfEmpty(families))
	ip, ips := "", "<none>"
	switch {
	case s.Headless:
		ip, ips = "None", "None"
	case s.ClusterIP.IsValid():
		ip, ips = s.ClusterIP.String(), s.ClusterIP.String()
		if len(s.ClusterIPs) > 0 {
			all := make([]string, len(s.ClusterIPs))
			for i, a := range s.ClusterIPs {
				all[i] = a.String()
			}
			ips = strings.Join(all, ",")
		}
	}
	d.line(0, "IP:\t%s\n", ip)
	d.line(0, "IPs:\t%s\n", ips)
	if s.ExternalName != "" {
		d.line(0, "External Name:\t%s\n", s.ExternalName)
	}
	if typ == service.LoadBalancer && s.LoadBalancerIP.IsValid() {
		d.line(0, "LoadBalancer Ingress:\t%s (VIP)\n", s.LoadBalancerIP)
	}
	for _, p := range s.Ports {
		name := p.Name
		if name == "" {
			name = "<unset>"
		}
		proto := pod.EffectiveProtocol(p.Protocol)
		d.line(0, "Port:\t%s\t%d/%s\n", name, p.Port, proto)
		if p.TargetPort.IsNamed() {
			d.line(0, "TargetPort:\t%s/%s\n", p.TargetPort.Name(), proto)
		} else {
			tp := p.TargetPort.Number()
			if tp == 0 {
				tp = p.Port
			}
			d.line(0, "TargetPort:\t%d/%s\n", tp, proto)
		}
		if p.NodePort != 0 {
			d.line(0, "NodePort:\t%s\t%d/%s\n", name, p.NodePort, proto)
		}
		d.line(0, "Endpoints:\t%s\n", formatEndpointSlices(slices, p.Name))
	}
	affinity := s.SessionAffinity
	if affinity == "" {
		affinity = service.SessionAffinityNone
	}
	d.line(0, "Session Affinity:\t%s\n", affinity)
	if s.ExternalTrafficPolicy != "" {
		d.line(0, "External Traffic Policy:\t%s\n", s.ExternalTrafficPolicy)
	}
	if typ != service.ExternalName {
		d.line(0, "Internal Traffic Policy:\tCluster\n")
	}
	return d.flush()
}

// ipFamilies returns spec.ipFamilyPolicy and spec.ipFamilies joined by
// ",", as the Service holds them; for a Service built without them, their
// defaults in a single-stack cluster (kubernetes
// pkg/registry/core/service/storage/alloc.go, initIPFamilyFields):
// nothing for ExternalName; for a headless Service without a selector
// RequireDualStack with both families, the cluster's first; else
// SingleStack with the ClusterIP's family.
func ipFamilies(s service.Service) (policy, families string) {
	if s.IPFamilyPolicy != "" && len(s.IPFamilies) > 0 {
		fs := make([]string, len(s.IPFamilies))
		for i, f := range s.IPFamilies {
			fs[i] = string(f)
		}
		return string(s.IPFamilyPolicy), strings.Join(fs, ",")
	}
	family := func(a netip.Addr) string {
		if a.Is6() {
			return "IPv6"
		}
		return "IPv4"
	}
	switch {
	case svcType(s) == service.ExternalName:
		return "", ""
	case s.Headless && len(s.Selector) == 0:
		return "RequireDualStack", "IPv4,IPv6"
	}
	return "SingleStack", family(s.ClusterIP)
}

// formatEndpointSlices is describe's Endpoints cell for the Service port
// named port: the ready endpoints of the slices' ports of that name, as
// "ip:port", at most three, then "+ N more..." (a not-ready endpoint
// met after the third counts toward "more" but not N, as upstream).
func formatEndpointSlices(slices []endpoints.Slice, port string) string {
	if len(slices) == 0 {
		return "<none>"
	}
	const max = 3
	var list []string
	more, count := false, 0
	for _, s := range slices {
		for _, p := range s.Ports {
			if p.Name != port {
				continue
			}
			for _, e := range s.Endpoints {
				if len(list) == max {
					more = true
				}
				if !e.Conditions.Ready || len(e.Addresses) == 0 {
					continue
				}
				if !more {
					list = append(list, net.JoinHostPort(e.Addresses[0].String(), strconv.Itoa(int(p.Port))))
				}
				count++
			}
		}
	}
	ret := strings.Join(list, ",")
	if more {
		return fmt.Sprintf("%s + %d more...", ret, count-max)
	}
	return ret
}

// The tolerations the DefaultTolerationSeconds admission plugin gives
// every pod (plugin/pkg/admission/defaulttolerationseconds).
const defaultTolerations = "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n" +
	"\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"

// DescribePod prints p as `kubectl describe pod`. nodes give the Node
// line's host IP; rss the Controlled By line (the ReplicaSet of p's
// namespace whose selector matches its labels, as svcsim's ReplicaSets
// own pods). svcsim pods have no priority, service account, volumes or
// resources: those lines are left out, or print as a pod without them
// (Mounts and Volumes <none>, QoS Class BestEffort); Tolerations are the
// two every pod gets by default. Container ID and Image ID are left out
// (no container runtime); a container's Started is its pod's creation
// until its first restart, then unknown and left out; its Last State
// shows the reason and Finished of its last exit.
func DescribePod(w io.Writer, p pod.Pod, nodes []sim.Node, rss []sim.ReplicaSet, o Options) error {
	d := newDescriber(w)
	d.line(0, "Name:\t%s\n", p.Name)
	d.line(0, "Namespace:\t%s\n", nsOrDefault(p.Namespace))
	if p.NodeName == "" {
		d.line(0, "Node:\t<none>\n")
	} else {
		host := ""
		for _, n := range nodes {
			if n.Name == p.NodeName {
				host = n.IP.String()
			}
		}
		d.line(0, "Node:\t%s\n", p.NodeName+"/"+host)
		d.line(0, "Start Time:\t%s\n", rfc1123z(p.CreationTimestamp))
	}
	d.labels("Labels", p.Labels)
	d.line(0, "Annotations:\t<none>\n")
	if p.Terminating {
		d.line(0, "Status:\tTerminating (lasts %s)\n", age(o.Now, p.DeletionTimestamp))
		d.line(0, "Termination Grace Period:\t%ds\n", int64(p.DeletionGracePeriod/time.Second))
	} else {
		d.line(0, "Status:\t%s\n", p.Phase)
	}
	ip := ""
	if p.IP.IsValid() {
		ip = p.IP.String()
	}
	d.line(0, "IP:\t%s\n", ip)
	if ip == "" {
		d.line(0, "IPs:\t<none>\n")
	} else {
		d.line(0, "IPs:\n")
		d.line(1, "IP:\t%s\n", ip)
	}
	for _, r := range rss {
		if nsOrDefault(r.Namespace) == nsOrDefault(p.Namespace) && selector.FromSet(r.Selector).Matches(p.Labels) {
			d.line(0, "Controlled By:\tReplicaSet/%s\n", r.Name)
			break
		}
	}
	cs := p.Containers
	if len(cs) == 0 {
		cs = []pod.Container{{Name: "app", Ports: p.Ports}}
	}
	d.line(0, "Containers:\n")
	for k, c := range cs {
		d.container(c, "")
		if p.NodeName == "" {
			d.line(2, "Environment:\t<none>\n")
			d.line(2, "Mounts:\t<none>\n")
			continue
		}
		d.containerState(p, k == 0)
		d.line(2, "Environment:\t<none>\n")
		d.line(2, "Mounts:\t<none>\n")
	}
	d.line(0, "Conditions:\n  Type\tStatus\n")
	if p.NodeName == "" {
		d.line(1, "PodScheduled \tFalse \n")
	} else {
		running := printBool(p.Phase == pod.Running)
		ready := printBool(p.Ready)
		d.line(1, "PodReadyToStartContainers \t%s \n", running)
		d.line(1, "Initialized \tTrue \n")
		d.line(1, "Ready \t%s \n", ready)
		d.line(1, "ContainersReady \t%s \n", ready)
		d.line(1, "PodScheduled \tTrue \n")
	}
	d.line(0, "Volumes:\t<none>\n")
	d.line(0, "QoS Class:\tBestEffort\n")
	d.line(0, "Node-Selectors:\t<none>\n")
	d.line(0, "Tolerations:\t"+defaultTolerations)
	return d.flush()
}

// container writes describeContainerBasicInfo's lines without a status:
// the name, Image, Port(s) and Host Port(s) (svcsim pods use no host
// ports: 0). space is the template indent ("  " in a pod template).
func (d *describer) container(c pod.Container, space string) {
	nameIndent := ""
	if space != "" {
		nameIndent = " "
	}
	d.line(1, "%s%s:\n", nameIndent, c.Name)
	d.line(2, "Image:\t%s\n", c.Image)
	ports := make([]string, len(c.Ports))
	hostPorts := make([]string, len(c.Ports))
	for i, p := range c.Ports {
		proto := pod.EffectiveProtocol(p.Protocol)
		ports[i] = strconv.Itoa(int(p.Port)) + "/" + string(proto)
		hostPorts[i] = "0/" + string(proto)
	}
	portLine := func(one, many string, list []string) {
		s := strings.Join(list, ", ")
		if strings.Contains(s, ",") {
			d.line(2, "%s:\t%s\n", many, s)
		} else {
			d.line(2, "%s:\t%s\n", one, noneIfEmpty(s))
		}
	}
	portLine("Port", "Ports", ports)
	portLine("Host Port", "Host Ports", hostPorts)
}

// containerState writes describeContainerState for a scheduled pod's
// container; first says whether it is the container svcsim's crash
// model restarts (the pod's first).
func (d *describer) containerState(p pod.Pod, first bool) {
	switch {
	case first && p.ContainerReason == pod.ReasonCrashLoopBackOff:
		d.line(2, "State:\tWaiting\n")
		d.line(3, "Reason:\t%s\n", p.ContainerReason)
	case first && p.ContainerReason != "":
		d.line(2, "State:\tTerminated\n")
		d.line(3, "Reason:\t%s\n", p.ContainerReason)
		d.line(3, "Finished:\t%s\n", rfc1123z(p.LastTerminationTime))
	default:
		d.line(2, "State:\tRunning\n")
		if !first || p.RestartCount == 0 {
			d.line(3, "Started:\t%s\n", rfc1123z(p.CreationTimestamp))
		}
	}
	restarts := int32(0)
	if first {
		restarts = p.RestartCount
		if !p.LastTerminationTime.IsZero() && (p.ContainerReason == "" || p.ContainerReason == pod.ReasonCrashLoopBackOff) {
			d.line(2, "Last State:\tTerminated\n")
			d.line(3, "Reason:\t%s\n", pod.ReasonError)
			d.line(3, "Finished:\t%s\n", rfc1123z(p.LastTerminationTime))
		}
	}
	ready := p.Ready || (!first && p.Phase == pod.Running && p.ContainerReason != "")
	d.line(2, "Ready:\t%s\n", printBool(ready))
	d.line(2, "Restart Count:\t%d\n", restarts)
}

func printBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// DescribeDeployment prints d as `kubectl describe deployment`, with
// OldReplicaSets (its ReplicaSets other than the current one with
// replicas, "name (current/desired replicas created)") and NewReplicaSet
// from rss. svcsim's Deployments carry no labels and one annotation, the
// controller's deployment.kubernetes.io/revision, MinReadySeconds is 0, and
// the pod template shows its labels and containers (Environment, Mounts,
// Volumes, Node-Selectors and Tolerations <none>).
func DescribeDeployment(w io.Writer, d sim.Deployment, rss []sim.ReplicaSet) error {
	x := newDescriber(w)
	st := d.Status
	x.line(0, "Name:\t%s\n", d.Name)
	x.line(0, "Namespace:\t%s\n", nsOrDefault(d.Namespace))
	x.line(0, "CreationTimestamp:\t%s\n", rfc1123z(d.CreationTimestamp))
	x.labels("Labels", nil)
	if d.Revision > 0 {
		x.line(0, "Annotations:\t%s: %d\n", sim.AnnotationRevision, d.Revision)
	} else {
		x.line(0, "Annotations:\t<none>\n")
	}
	x.line(0, "Selector:\t%s\n", selector.FromSet(d.Selector).String())
	x.line(0, "Replicas:\t%d desired | %d updated | %d total | %d available | %d unavailable\n",
		d.Replicas, st.UpdatedReplicas, st.Replicas, st.AvailableReplicas, st.UnavailableReplicas)
	strategy := d.Strategy
	if strategy == "" {
		strategy = sim.RollingUpdate
	}
	x.line(0, "StrategyType:\t%s\n", strategy)
	x.line(0, "MinReadySeconds:\t0\n")
	if strategy == sim.RollingUpdate {
		x.line(0, "RollingUpdateStrategy:\t%s max unavailable, %s max surge\n", orDefault(d.MaxUnavailable), orDefault(d.MaxSurge))
	}
	x.line(0, "Pod Template:\n")
	x.labels("  Labels", d.Labels)
	x.line(0, "  Containers:\n")
	for _, c := range DeploymentContainers(d) {
		x.container(c, "  ")
		x.line(2, "Environment:\t<none>\n")
		x.line(2, "Mounts:\t<none>\n")
	}
	x.line(0, "  Volumes:\t<none>\n")
	x.line(0, "  Node-Selectors:\t<none>\n")
	x.line(0, "  Tolerations:\t<none>\n")
	if len(st.Conditions) > 0 {
		x.line(0, "Conditions:\n  Type\tStatus\tReason\n")
		x.line(1, "----\t------\t------\n")
		for _, c := range st.Conditions {
			x.line(1, "%s \t%s\t%s\n", c.Type, c.Status, c.Reason)
		}
	}
	var old, cur []string
	for _, r := range rss {
		if nsOrDefault(r.Namespace) != nsOrDefault(d.Namespace) || r.Owner != d.Name {
			continue
		}
		s := fmt.Sprintf("%s (%d/%d replicas created)", r.Name, r.Status.Replicas, r.Replicas)
		switch {
		case r.Current:
			cur = append(cur, s)
		case r.Replicas != 0:
			old = append(old, s)
		}
	}
	if len(old) > 0 || len(cur) > 0 {
		x.line(0, "OldReplicaSets:\t%s\n", noneIfEmpty(strings.Join(old, ", ")))
		x.line(0, "NewReplicaSet:\t%s\n", noneIfEmpty(strings.Join(cur, ", ")))
	}
	return x.flush()
}

// orDefault is a rolling-update bound as printed, "25%" when unset.
func orDefault(s string) string {
	if s == "" {
		return "25%"
	}
	return s
}
