package sim

// The cluster DNS add-on kubeadm installs: the Service kube-system/kube-dns
// on the 10th address of the Service CIDR and the coredns Deployment behind
// it (kubernetes cmd/kubeadm/app/phases/addons/dns: dns.go and
// manifests.go; cmd/kubeadm/app/constants, GetDNSIP), and the resolver
// configuration the kubelet writes into every pod (kubernetes
// pkg/kubelet/network/dns/dns.go, GetPodDNS for dnsPolicy ClusterFirst).

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/dns"
	"github.com/svcsim/svcsim/sim/internal/workload"
)

// The cluster DNS add-on's objects.
const (
	// KubeSystem is the namespace of the cluster add-ons.
	KubeSystem = "kube-system"
	// KubeDNS is the cluster DNS Service's name (kept from the days of
	// kube-dns, as kubeadm does).
	KubeDNS = "kube-dns"
	// CoreDNS is the name of the Deployment serving cluster DNS.
	CoreDNS = "coredns"
	// CoreDNSReplicas is the coredns Deployment's replicas (kubeadm's
	// CoreDNSReplicas).
	CoreDNSReplicas = 2
)

// dnsIPIndex is the index of the cluster DNS address in the Service CIDR.
const dnsIPIndex = 10

// dnsIP returns the 10th address of the Service CIDR (10.96.0.10 in
// 10.96.0.0/12), as kubeadm's GetDNSIP picks it, or false if the CIDR is
// too small.
func dnsIP(cidr netip.Prefix) (netip.Addr, bool) {
	a := cidr.Masked().Addr()
	for range dnsIPIndex {
		a = a.Next()
	}
	return a, a.IsValid() && cidr.Contains(a)
}

// clusterDNS returns the kubelet's clusterDNS: kube-dns's ClusterIP, on
// the service CIDR (Config validation made sure it has room).
func (c *Cluster) clusterDNS() netip.Addr {
	a, _ := dnsIP(c.svcIPs.Prefix())
	return a
}

// coreDNSPorts are the coredns container's ports. Read only: the
// Deployment stores a copy (coreDNSDeployment), so every cluster's copy is
// its own and the literal is not built again for each.
var coreDNSPorts = []pod.ContainerPort{
	{Name: "dns", Port: 53, Protocol: pod.UDP},
	{Name: "dns-tcp", Port: 53, Protocol: pod.TCP},
	{Name: "metrics", Port: 9153, Protocol: pod.TCP},
	{Name: "liveness-probe", Port: 8080, Protocol: pod.TCP},
	{Name: "readiness-probe", Port: 8181, Protocol: pod.TCP},
}

// addClusterDNS creates what kubeadm's CoreDNS add-on phase creates: the
// coredns Deployment (2 replicas, maxUnavailable 1, pods labelled
// k8s-app=kube-dns with ports dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP,
// liveness-probe 8080/TCP and readiness-probe 8181/TCP, tolerating the
// control-plane taint), then the Service kube-dns on the 10th address of
// the Service CIDR selecting them (ports dns 53/UDP, dns-tcp 53/TCP,
// metrics 9153/TCP).
func (c *Cluster) addClusterDNS() error {
	labels := selector.Set{coreDNSLabel: KubeDNS}
	d := coreDNSDeployment(labels)
	c.addDeployment(&d, coreDNSLabelKV(), coreDNSLabelText, workload.DefaultMaxSurge, coreDNSMaxUnavailable, true)
	s := c.kubeDNSService(labels)
	_, err := c.addService(&s)
	return simError(err)
}

// coreDNSLabel is the label of the coredns pods, k8s-app=kube-dns; the
// Deployment's record keeps it as coreDNSLabelKV and coreDNSLabelText
// (what labelKV and selector.Set.String make of it, TestCoreDNSLabels),
// not derived from the label set again in each cluster.
const (
	coreDNSLabel     = "k8s-app"
	coreDNSLabelText = coreDNSLabel + "=" + KubeDNS
)

// coreDNSLabelKV returns the coredns pods' label as labelKV lists it: a
// list of each cluster's own.
func coreDNSLabelKV() []string { return []string{coreDNSLabel, KubeDNS} }

// coreDNSMaxUnavailable is the coredns Deployment's maxUnavailable, "1"
// parsed.
var coreDNSMaxUnavailable = workload.Int(1)

// coreDNSDeployment is the coredns Deployment selecting its pods by labels
// (which it keeps) as validateDeployment leaves it: defaulted, its ports
// a copy of coreDNSPorts. Its maxSurge is the default and its
// maxUnavailable coreDNSMaxUnavailable. Valid on every cluster, New adds
// it without validating it (TestCoreDNSDeploymentValidated shows
// validateDeployment leaves it and its bounds unchanged).
func coreDNSDeployment(labels selector.Set) Deployment {
	return Deployment{Namespace: KubeSystem, Name: CoreDNS, Replicas: CoreDNSReplicas, Labels: labels,
		MaxUnavailable: "1", Strategy: RollingUpdate,
		TerminationGracePeriod: DefaultTerminationGracePeriod, Ports: slices.Clone(coreDNSPorts)}
}

// kubeDNSService is the Service kube-dns selecting the coredns pods by
// labels (which it keeps), single-stack on the cluster DNS address;
// defaulted and prepared (WithDefaults and prepareCreateService change
// nothing), to be stored as it is (addService). Its address and port
// lists are one allocation.
func (c *Cluster) kubeDNSService(labels selector.Set) service.Service {
	ip := c.clusterDNS()
	b := &struct {
		ips   [1]netip.Addr
		ports [3]service.Port
	}{
		ips: [1]netip.Addr{ip},
		ports: [3]service.Port{
			{Name: "dns", Protocol: pod.UDP, Port: 53, TargetPort: service.TargetPortNumber(53)},
			{Name: "dns-tcp", Protocol: pod.TCP, Port: 53, TargetPort: service.TargetPortNumber(53)},
			{Name: "metrics", Protocol: pod.TCP, Port: 9153, TargetPort: service.TargetPortNumber(9153)},
		},
	}
	return service.Service{Namespace: KubeSystem, Name: KubeDNS, Type: service.ClusterIP,
		SessionAffinity: service.SessionAffinityNone, InternalTrafficPolicy: service.TrafficPolicyCluster,
		Selector: labels, ClusterIP: ip, ClusterIPs: b.ips[:],
		IPFamilyPolicy: service.IPFamilyPolicySingleStack, IPFamilies: c.families[:1:1], Ports: b.ports[:]}
}

// ResolvConf is a pod's /etc/resolv.conf as the kubelet configures it for
// dnsPolicy ClusterFirst (the default).
type ResolvConf struct {
	Nameservers []netip.Addr // the kubelet's clusterDNS: kube-dns's address
	Searches    []string     // <ns>.svc.<zone> svc.<zone> <zone>
	Options     []string     // ndots:5
}

// String returns the file as the container runtime writes it: a search
// line, one nameserver line per server, an options line.
func (r ResolvConf) String() string {
	var b strings.Builder
	b.WriteString("search " + strings.Join(r.Searches, " ") + "\n")
	for _, ns := range r.Nameservers {
		b.WriteString("nameserver " + ns.String() + "\n")
	}
	b.WriteString("options " + strings.Join(r.Options, " ") + "\n")
	return b.String()
}

// ResolvConf returns the resolver configuration of pod namespace/name (""
// means default), or an error wrapping ErrNotFound: nameserver the cluster
// DNS address (10.96.0.10 by default; the kubelet's clusterDNS, whatever
// becomes of the Service kube-dns), search <ns>.svc.<zone> svc.<zone>
// <zone> (the simulated nodes have no search domains of their own) and
// options ndots:5.
func (c *Cluster) ResolvConf(namespace, name string) (ResolvConf, error) {
	i, err := c.findPod(namespace, name)
	if err != nil {
		return ResolvConf{}, err
	}
	ns := c.nsNames[c.pod(i).tmpl.ns]
	return ResolvConf{Nameservers: []netip.Addr{c.clusterDNS()}, Searches: c.resolver.SearchList(ns),
		Options: []string{"ndots:" + strconv.Itoa(dns.Ndots)}}, nil
}
