package kube

// rapid generators of svcsim objects covering every field the conversions
// map, drawn so that each value is one the cluster can hold (a Running pod
// has a node and an address, a RollingUpdate Deployment its surge and
// unavailability, whole-second durations and times).

import (
	"net/netip"
	"strconv"
	"time"

	"github.com/google/uuid"
	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

var genName = rapid.StringMatching(`[a-z]([a-z0-9-]{0,8}[a-z0-9])?`)

func genLabels(t *rapid.T, label string) map[string]string {
	m := rapid.MapOfN(rapid.StringMatching(`([a-z]{1,5}\.io/)?[a-z][a-z0-9]{0,6}`), rapid.StringMatching(`[a-z0-9]{0,6}`), 0, 4).Draw(t, label)
	if len(m) == 0 {
		return nil
	}
	return m
}

func genSet(t *rapid.T, label string) selector.Set { return selector.Set(genLabels(t, label)) }

func genTime(t *rapid.T, label string) time.Time {
	return sim.Epoch.Add(time.Duration(rapid.Int64Range(0, 1e6).Draw(t, label)) * time.Second)
}

func genSeconds(t *rapid.T, label string, lo int64) time.Duration {
	return time.Duration(rapid.Int64Range(lo, 600).Draw(t, label)) * time.Second
}

func genUID(t *rapid.T, label string) uuid.UUID {
	var u uuid.UUID
	copy(u[:], rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, label))
	return u
}

func genAddr4(t *rapid.T, label string) netip.Addr {
	return netip.AddrFrom4([4]byte{10, rapid.Byte().Draw(t, label+"1"), rapid.Byte().Draw(t, label+"2"), rapid.Byte().Draw(t, label+"3")})
}

func genAddr6(t *rapid.T, label string) netip.Addr {
	b := [16]byte{0xfd, 0}
	copy(b[8:], rapid.SliceOfN(rapid.Byte(), 8, 8).Draw(t, label))
	return netip.AddrFrom16(b)
}

func genAddr(t *rapid.T, label string) netip.Addr {
	if rapid.Bool().Draw(t, label+"6") {
		return genAddr6(t, label)
	}
	return genAddr4(t, label)
}

// genAddrs draws the addresses of a pod or Service: one of either family,
// or (when dual) one of each, the primary first.
func genAddrs(t *rapid.T, label string) []netip.Addr {
	out := []netip.Addr{genAddr(t, label)}
	if rapid.Bool().Draw(t, label+"dual") {
		if out[0].Is4() {
			return append(out, genAddr6(t, label+"second"))
		}
		return append(out, genAddr4(t, label+"second"))
	}
	return out
}

// genFamilies draws spec.ipFamilies: those of ips, or any list of up to
// two families (an unallocated Service's request).
func genFamilies(t *rapid.T, label string, ips []netip.Addr) []service.IPFamily {
	if len(ips) > 0 && rapid.Bool().Draw(t, label+"ofips") {
		out := make([]service.IPFamily, len(ips))
		for i, ip := range ips {
			out[i] = service.FamilyOf(ip)
		}
		return out
	}
	return rapid.SampledFrom([][]service.IPFamily{nil, {service.IPv4Protocol}, {service.IPv6Protocol},
		{service.IPv4Protocol, service.IPv6Protocol}, {service.IPv6Protocol, service.IPv4Protocol}}).Draw(t, label)
}

func genProtocol(t *rapid.T, label string) pod.Protocol {
	return rapid.SampledFrom([]pod.Protocol{pod.TCP, pod.UDP, pod.SCTP}).Draw(t, label)
}

func genContainerPorts(t *rapid.T, label string) []pod.ContainerPort {
	n := rapid.IntRange(0, 3).Draw(t, label)
	var out []pod.ContainerPort
	for i := range n {
		l := label + strconv.Itoa(i)
		out = append(out, pod.ContainerPort{Name: rapid.SampledFrom([]string{"", "http", "dns", "metrics"}).Draw(t, l+"name"),
			Port: rapid.Int32Range(1, 65535).Draw(t, l+"port"), Protocol: genProtocol(t, l+"proto")})
	}
	return out
}

func genContainers(t *rapid.T, label string, min int) []pod.Container {
	n := rapid.IntRange(min, 3).Draw(t, label)
	var out []pod.Container
	for i := range n {
		l := label + strconv.Itoa(i)
		out = append(out, pod.Container{Name: "c" + strconv.Itoa(i), Image: rapid.StringMatching(`[a-z]{1,6}(:[0-9]\.[0-9])?`).Draw(t, l+"image"),
			Ports: genContainerPorts(t, l+"ports")})
	}
	return out
}

func genService(t *rapid.T) service.Service {
	s := service.Service{Namespace: genName.Draw(t, "ns"), Name: genName.Draw(t, "name"), UID: genUID(t, "uid"),
		Type:                     rapid.SampledFrom([]service.Type{service.ClusterIP, service.NodePort, service.LoadBalancer, service.ExternalName}).Draw(t, "type"),
		Selector:                 genSet(t, "selector"),
		SessionAffinity:          rapid.SampledFrom([]service.SessionAffinity{service.SessionAffinityNone, service.SessionAffinityClientIP}).Draw(t, "affinity"),
		ExternalTrafficPolicy:    rapid.SampledFrom([]service.TrafficPolicy{"", service.TrafficPolicyCluster, service.TrafficPolicyLocal}).Draw(t, "etp"),
		InternalTrafficPolicy:    rapid.SampledFrom([]service.TrafficPolicy{"", service.TrafficPolicyCluster, service.TrafficPolicyLocal}).Draw(t, "itp"),
		PublishNotReadyAddresses: rapid.Bool().Draw(t, "pnra"),
		LoadBalancerClass:        rapid.SampledFrom([]string{"", "example.com/lb"}).Draw(t, "lbclass"),
		HealthCheckNodePort:      rapid.SampledFrom([]int32{0, 30001}).Draw(t, "hcnp"),
		TrafficDistribution:      rapid.SampledFrom([]string{"", service.TrafficDistributionPreferClose, service.TrafficDistributionPreferSameNode}).Draw(t, "td"),
		Labels:                   genLabels(t, "labels"), Annotations: genLabels(t, "annotations"),
		CreationTimestamp: genTime(t, "created"),
	}
	switch rapid.IntRange(0, 3).Draw(t, "clusterIP") {
	case 1: // allocated: clusterIPs [clusterIP] or one of each family
		s.ClusterIPs = genAddrs(t, "cip")
		s.ClusterIP = s.ClusterIPs[0]
	case 2: // as an old client writes it: clusterIP alone
		s.ClusterIP = genAddr(t, "cip")
	case 3:
		s.Headless = true
	}
	s.IPFamilies = genFamilies(t, "families", s.ClusterIPs)
	s.IPFamilyPolicy = rapid.SampledFrom([]service.IPFamilyPolicy{"", service.IPFamilyPolicySingleStack,
		service.IPFamilyPolicyPreferDualStack, service.IPFamilyPolicyRequireDualStack}).Draw(t, "policy")
	if s.Type == service.ExternalName {
		s.ExternalName = "example.com"
	}
	if rapid.Bool().Draw(t, "haslb") {
		s.LoadBalancerIP = genAddr(t, "lbip")
	}
	for i := range rapid.IntRange(0, 3).Draw(t, "nports") {
		l := "port" + strconv.Itoa(i)
		p := service.Port{Name: rapid.SampledFrom([]string{"", "http", "https"}).Draw(t, l+"name"), Protocol: genProtocol(t, l+"proto"),
			Port: rapid.Int32Range(1, 65535).Draw(t, l+"port"), NodePort: rapid.SampledFrom([]int32{0, 30080}).Draw(t, l+"np"),
			AppProtocol: rapid.SampledFrom([]string{"", "http", "kubernetes.io/h2c"}).Draw(t, l+"app")}
		switch rapid.IntRange(0, 2).Draw(t, l+"tp") {
		case 1:
			p.TargetPort = service.TargetPortNumber(rapid.Int32Range(1, 65535).Draw(t, l+"tpn"))
		case 2:
			p.TargetPort = service.TargetPortName("http")
		}
		s.Ports = append(s.Ports, p)
	}
	for i := range rapid.IntRange(0, 2).Draw(t, "nexternal") {
		s.ExternalIPs = append(s.ExternalIPs, genAddr(t, "ext"+strconv.Itoa(i)))
	}
	for i := range rapid.IntRange(0, 2).Draw(t, "nranges") {
		a := genAddr4(t, "range"+strconv.Itoa(i))
		s.LoadBalancerSourceRanges = append(s.LoadBalancerSourceRanges, netip.PrefixFrom(a, rapid.IntRange(8, 32).Draw(t, "bits")))
	}
	if rapid.Bool().Draw(t, "hasalloc") {
		s.AllocateLoadBalancerNodePorts = ptr(rapid.Bool().Draw(t, "alloc"))
	}
	switch rapid.IntRange(0, 2).Draw(t, "sac") {
	case 1:
		s.SessionAffinityConfig = &service.SessionAffinityConfig{}
	case 2:
		s.SessionAffinityConfig = &service.SessionAffinityConfig{ClientIP: &service.ClientIPConfig{
			TimeoutSeconds: ptr(rapid.Int32Range(1, service.MaxClientIPServiceAffinitySeconds).Draw(t, "timeout"))}}
	}
	return s
}

func genPod(t *rapid.T) pod.Pod {
	p := pod.Pod{Namespace: genName.Draw(t, "ns"), Name: genName.Draw(t, "name"), UID: genUID(t, "uid"),
		Labels: genSet(t, "labels"), Containers: genContainers(t, "containers", 1), Phase: pod.Pending,
		Hostname: rapid.SampledFrom([]string{"", "h"}).Draw(t, "hostname"), Subdomain: rapid.SampledFrom([]string{"", "s"}).Draw(t, "subdomain"),
		CreationTimestamp: genTime(t, "created")}
	p.Ports = pod.ContainersPorts(p.Containers)
	if rapid.Bool().Draw(t, "running") {
		p.Phase, p.NodeName, p.IPs = pod.Running, "node-"+strconv.Itoa(rapid.IntRange(1, 3).Draw(t, "node")), genAddrs(t, "ip")
		p.IP = p.IPs[0]
		p.Ready = rapid.Bool().Draw(t, "ready")
		p.RestartCount = rapid.Int32Range(0, 5).Draw(t, "restarts")
		if !p.Ready {
			p.ContainerReason = rapid.SampledFrom([]string{"", pod.ReasonError, pod.ReasonCrashLoopBackOff}).Draw(t, "reason")
		}
		if p.RestartCount > 0 || p.ContainerReason != "" {
			p.LastTerminationTime = p.CreationTimestamp.Add(genSeconds(t, "exit", 1))
		}
	}
	if rapid.Bool().Draw(t, "terminating") {
		p.Terminating = true
		p.DeletionTimestamp = p.CreationTimestamp.Add(genSeconds(t, "deleted", 1))
		p.DeletionGracePeriod = genSeconds(t, "grace", 0)
	}
	return p
}

func genEndpointPorts(t *rapid.T, label string) []endpoints.EndpointPort {
	var out []endpoints.EndpointPort
	for i := range rapid.IntRange(0, 3).Draw(t, label) {
		l := label + strconv.Itoa(i)
		out = append(out, endpoints.EndpointPort{Name: rapid.SampledFrom([]string{"", "http"}).Draw(t, l+"name"),
			Port: rapid.Int32Range(1, 65535).Draw(t, l+"port"), Protocol: genProtocol(t, l+"proto"),
			AppProtocol: rapid.SampledFrom([]string{"", "http"}).Draw(t, l+"app")})
	}
	return out
}

func genPodKey(t *rapid.T, label string) string {
	if rapid.Bool().Draw(t, label) {
		return genName.Draw(t, label+"ns") + "/" + genName.Draw(t, label+"name")
	}
	return ""
}

func genEndpoints(t *rapid.T) endpoints.Endpoints {
	e := endpoints.Endpoints{Namespace: genName.Draw(t, "ns"), Name: genName.Draw(t, "name"),
		Truncated: rapid.Bool().Draw(t, "truncated"), CreationTimestamp: genTime(t, "created")}
	addrs := func(label string) []endpoints.Address {
		var out []endpoints.Address
		for i := range rapid.IntRange(0, 3).Draw(t, label) {
			l := label + strconv.Itoa(i)
			out = append(out, endpoints.Address{IP: genAddr(t, l+"ip"), NodeName: rapid.SampledFrom([]string{"", "node-1"}).Draw(t, l+"node"),
				Pod: genPodKey(t, l+"pod"), Hostname: rapid.SampledFrom([]string{"", "h"}).Draw(t, l+"host")})
		}
		return out
	}
	for i := range rapid.IntRange(0, 2).Draw(t, "nsubsets") {
		l := "subset" + strconv.Itoa(i)
		e.Subsets = append(e.Subsets, endpoints.Subset{Addresses: addrs(l + "ready"), NotReadyAddresses: addrs(l + "notready"),
			Ports: genEndpointPorts(t, l+"ports")})
	}
	return e
}

func genSlice(t *rapid.T) endpoints.Slice {
	s := endpoints.Slice{Namespace: genName.Draw(t, "ns"), Name: genName.Draw(t, "name"), Service: genName.Draw(t, "svc"),
		AddressType: rapid.SampledFrom([]endpoints.AddressType{endpoints.IPv4, endpoints.IPv6}).Draw(t, "type"),
		Ports:       genEndpointPorts(t, "ports"), CreationTimestamp: genTime(t, "created")}
	s.Labels = genLabels(t, "labels")
	if s.Labels == nil {
		s.Labels = map[string]string{}
	}
	s.Labels[endpoints.LabelServiceName] = s.Service
	s.Labels[endpoints.LabelManagedBy] = rapid.SampledFrom([]string{endpoints.ControllerName, endpoints.MirroringControllerName}).Draw(t, "by")
	for i := range rapid.IntRange(0, 3).Draw(t, "nendpoints") {
		l := "ep" + strconv.Itoa(i)
		e := endpoints.Endpoint{Conditions: endpoints.Conditions{Ready: rapid.Bool().Draw(t, l+"ready"),
			Serving: rapid.Bool().Draw(t, l+"serving"), Terminating: rapid.Bool().Draw(t, l+"terminating")},
			NodeName: rapid.SampledFrom([]string{"", "node-2"}).Draw(t, l+"node"), Pod: genPodKey(t, l+"pod"),
			Hostname: rapid.SampledFrom([]string{"", "h"}).Draw(t, l+"host")}
		for j := range rapid.IntRange(1, 2).Draw(t, l+"naddrs") {
			e.Addresses = append(e.Addresses, genAddr(t, l+"addr"+strconv.Itoa(j)))
		}
		s.Endpoints = append(s.Endpoints, e)
	}
	return s
}

func genNode(t *rapid.T) sim.Node {
	n := sim.Node{Name: genName.Draw(t, "name"), Ready: rapid.Bool().Draw(t, "ready"), Labels: genSet(t, "labels"),
		KubeletVersion: rapid.SampledFrom([]string{"", "v1.35.0"}).Draw(t, "version"), CreationTimestamp: genTime(t, "created")}
	if rapid.Bool().Draw(t, "hasip") {
		n.IP = genAddr(t, "ip")
		n.PodCIDRs = []netip.Prefix{netip.PrefixFrom(genAddr4(t, "cidr"), 24).Masked()}
		if rapid.Bool().Draw(t, "dual") {
			n.PodCIDRs = append(n.PodCIDRs, netip.PrefixFrom(genAddr6(t, "cidr6"), 64).Masked())
		}
		n.PodCIDR = n.PodCIDRs[0]
	}
	if rapid.Bool().Draw(t, "tainted") {
		n.Taints = []sim.Taint{{Key: sim.TaintKeyControlPlane, Value: rapid.SampledFrom([]string{"", "v"}).Draw(t, "taintvalue"),
			Effect: sim.NoSchedule}}
	}
	return n
}

func genConditions(t *rapid.T, label string, update bool) []sim.Condition {
	var out []sim.Condition
	for i := range rapid.IntRange(0, 2).Draw(t, label) {
		l := label + strconv.Itoa(i)
		c := sim.Condition{Type: rapid.SampledFrom([]string{"Available", "Progressing", "ReplicaFailure"}).Draw(t, l+"type"),
			Status: rapid.SampledFrom([]string{"True", "False"}).Draw(t, l+"status"), Reason: "R", Message: "m",
			LastTransitionTime: genTime(t, l+"transition")}
		if update {
			c.LastUpdateTime = genTime(t, l+"update")
		}
		out = append(out, c)
	}
	return out
}

func genDeployment(t *rapid.T) sim.Deployment {
	d := sim.Deployment{Namespace: genName.Draw(t, "ns"), Name: genName.Draw(t, "name"), Replicas: rapid.IntRange(0, 50).Draw(t, "replicas"),
		Labels:     selector.Set{"app": genName.Draw(t, "app")},
		ReadyAfter: genSeconds(t, "readyAfter", 0), TerminationGracePeriod: genSeconds(t, "grace", 1),
		CrashLoop: rapid.Bool().Draw(t, "crash"), CreationTimestamp: genTime(t, "created"),
		Strategy: rapid.SampledFrom([]sim.Strategy{sim.RollingUpdate, sim.Recreate}).Draw(t, "strategy"),
		Status: sim.DeploymentStatus{ObservedGeneration: rapid.Int64Range(0, 9).Draw(t, "observed"),
			Replicas: rapid.Int32Range(0, 9).Draw(t, "sreplicas"), UpdatedReplicas: rapid.Int32Range(0, 9).Draw(t, "updated"),
			ReadyReplicas: rapid.Int32Range(0, 9).Draw(t, "readyReplicas"), AvailableReplicas: rapid.Int32Range(0, 9).Draw(t, "available"),
			UnavailableReplicas: rapid.Int32Range(0, 9).Draw(t, "unavailable"), Conditions: genConditions(t, "conds", true)}}
	for k, v := range genLabels(t, "morelabels") {
		d.Labels[k] = v
	}
	d.Selector = selector.Set{"app": d.Labels["app"]}
	if rapid.Bool().Draw(t, "shorthand") {
		d.Ports = genContainerPorts(t, "ports")
	} else {
		d.Containers = genContainers(t, "containers", 1)
	}
	if d.Strategy == sim.RollingUpdate {
		d.MaxSurge = rapid.SampledFrom([]string{"25%", "1", "0", "50%"}).Draw(t, "surge")
		d.MaxUnavailable = rapid.SampledFrom([]string{"25%", "1", "0"}).Draw(t, "unavail")
	}
	return d
}

func genReplicaSet(t *rapid.T) sim.ReplicaSet {
	hash := rapid.StringMatching(`[a-z0-9]{8,10}`).Draw(t, "hash")
	r := sim.ReplicaSet{Namespace: genName.Draw(t, "ns"), Name: genName.Draw(t, "name") + "-" + hash, Replicas: rapid.IntRange(0, 9).Draw(t, "replicas"),
		Labels: selector.Set{"app": "a", LabelPodTemplateHash: hash}, Selector: selector.Set{"app": "a", LabelPodTemplateHash: hash},
		Containers: genContainers(t, "containers", 1), PodTemplateHash: hash, ReadyAfter: genSeconds(t, "readyAfter", 0),
		TerminationGracePeriod: genSeconds(t, "grace", 1), CrashLoop: rapid.Bool().Draw(t, "crash"), CreationTimestamp: genTime(t, "created"),
		Annotations: genLabels(t, "annotations"),
		Status: sim.ReplicaSetStatus{Replicas: rapid.Int32Range(0, 9).Draw(t, "sreplicas"), ReadyReplicas: rapid.Int32Range(0, 9).Draw(t, "ready"),
			AvailableReplicas: rapid.Int32Range(0, 9).Draw(t, "available"), Conditions: genConditions(t, "conds", false)}}
	return r
}

func genStatefulSet(t *rapid.T) sim.StatefulSet {
	s := sim.StatefulSet{Namespace: genName.Draw(t, "ns"), Name: genName.Draw(t, "name"), Replicas: rapid.IntRange(0, 9).Draw(t, "replicas"),
		ServiceName: rapid.SampledFrom([]string{"", "db"}).Draw(t, "svc"), Labels: selector.Set{"app": genName.Draw(t, "app")},
		Containers:          genContainers(t, "containers", 1),
		PodManagementPolicy: rapid.SampledFrom([]sim.PodManagementPolicy{sim.OrderedReady, sim.Parallel}).Draw(t, "pmp"),
		UpdateStrategy:      rapid.SampledFrom([]sim.Strategy{sim.RollingUpdate, sim.OnDelete}).Draw(t, "strategy"),
		ReadyAfter:          genSeconds(t, "readyAfter", 0), TerminationGracePeriod: genSeconds(t, "grace", 1),
		CreationTimestamp: genTime(t, "created"),
		Status: sim.StatefulSetStatus{Replicas: rapid.IntRange(0, 9).Draw(t, "sreplicas"), ReadyReplicas: rapid.IntRange(0, 9).Draw(t, "ready"),
			AvailableReplicas: rapid.IntRange(0, 9).Draw(t, "available"), CurrentReplicas: rapid.IntRange(0, 9).Draw(t, "current"),
			UpdatedReplicas: rapid.IntRange(0, 9).Draw(t, "updated"), CurrentRevision: "r-1", UpdateRevision: rapid.SampledFrom([]string{"r-1", "r-2"}).Draw(t, "rev")}}
	if s.UpdateStrategy == sim.RollingUpdate {
		s.Partition = rapid.IntRange(0, 5).Draw(t, "partition")
	}
	return s
}

func genNamespace(t *rapid.T) sim.Namespace {
	n := sim.Namespace{Name: genName.Draw(t, "name"), Labels: genSet(t, "labels"), CreationTimestamp: genTime(t, "created"),
		Phase: rapid.SampledFrom([]sim.NamespacePhase{sim.NamespaceActive, sim.NamespaceTerminating}).Draw(t, "phase")}
	return n
}
