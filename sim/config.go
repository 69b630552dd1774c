package sim

// Config: defaults and validation.

import (
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// Config describes a cluster. Its zero value is a working three-node
// cluster (see the field comments for each default).
type Config struct {
	Seed             int64         // same seed, same calls: identical event trace
	Nodes            int           // default 3; named node-1 … node-N
	ServiceCIDR      netip.Prefix  // default 10.96.0.0/12
	PodCIDR          netip.Prefix  // default 10.244.0.0/16, one /24 per node, in node order
	ClusterDomain    string        // default cluster.local
	NodePortRange    [2]int        // default 30000-32767
	LoadBalancerPool netip.Prefix  // default 203.0.113.0/24; lowest free address first (MetalLB)
	NodeCIDR         netip.Prefix  // default 172.18.0.0/16; node-1 gets 172.18.0.2, node-2 .3, …
	EndpointsDelay   time.Duration // endpoints controller lag; default 0: same virtual instant, after the change; negative: synchronous
	ProxyDelay       time.Duration // kube-proxy programming lag; 0: default 1s; negative: none
	TraceLimit       int           // events kept: 0 unbounded, negative: tracing off
	MaxPods          int           // cluster-wide limit on pod objects, terminating ones included; 0: DefaultMaxPods; negative: invalid

	// SecondaryServiceCIDR and SecondaryPodCIDR make the cluster
	// dual-stack: the second --service-cluster-ip-range and
	// --cluster-cidr, of the other IP family than ServiceCIDR and PodCIDR
	// (which give the primary family). Both or neither; zero:
	// single-stack. Each node then gets a pod CIDR of each family (the
	// secondary one /64 for IPv6, /24 for IPv4, in node order) and each
	// pod one IP of each; Services get a ClusterIP per family of their
	// ipFamilies. Nodes keep their one NodeCIDR address.
	SecondaryServiceCIDR, SecondaryPodCIDR netip.Prefix

	// ControlPlaneTaint taints node-1, the control-plane node, with
	// node-role.kubernetes.io/control-plane:NoSchedule, as kubeadm init does
	// (kind removes it on a cluster without workers): the scheduler then
	// places there only pods that tolerate it (the coredns pods). Default
	// false: node-1 takes pods like any worker, as in a kind control plane.
	ControlPlaneTaint bool
	// KubeletVersion is every node's status.nodeInfo.kubeletVersion,
	// "vMAJOR.MINOR.PATCH"; default DefaultKubeletVersion.
	KubeletVersion string

	// LoadBalancerClassPools are the address pools of load-balancer
	// implementations other than the built-in one, by
	// spec.loadBalancerClass: a LoadBalancer Service of a class listed
	// here gets the lowest free address of its pool; one of a class not
	// listed stays pending, as no controller claims it (the built-in pool,
	// LoadBalancerPool, serves only Services without a class, as the
	// cloud-controller-manager's Service controller does). Keys are
	// qualified names; the pools may not overlap each other or the other
	// ranges.
	LoadBalancerClassPools map[string]netip.Prefix

	// Zones are the nodes' topology.kubernetes.io/zone labels, given
	// round-robin in node order (node-1 the first, node-N
	// Zones[(N-1) % len(Zones)]); an empty entry leaves its nodes without
	// the label. Default none: no node has a zone, so no EndpointSlice
	// endpoint carries one and no topology hint is written.
	Zones []string

	// testEP, when set, makes the endpoints controller the cluster drives
	// (tests and benchmarks: the slow naive baseline, or one that selects
	// nothing so that a benchmark measures the core's own share).
	testEP func() epController
}

// Defaults of Config (kubeadm's and kind's).
var (
	defaultServiceCIDR      = netip.MustParsePrefix("10.96.0.0/12")
	defaultPodCIDR          = netip.MustParsePrefix("10.244.0.0/16")
	defaultNodeCIDR         = netip.MustParsePrefix("172.18.0.0/16")
	defaultLoadBalancerPool = netip.MustParsePrefix("203.0.113.0/24")
)

const (
	// DefaultClusterDomain is kubelet's --cluster-domain as kubeadm sets it.
	DefaultClusterDomain = service.DefaultClusterDomain
	// DefaultNodes is the node count of a zero Config.
	DefaultNodes = 3
	// DefaultProxyDelay is iptables' --iptables-min-sync-period.
	DefaultProxyDelay = time.Second
	// NodeMonitorGracePeriod is how long a node may stop answering before
	// the node lifecycle controller marks it NotReady (50 s since v1.32).
	NodeMonitorGracePeriod = 50 * time.Second
	// DefaultTolerationSeconds is the DefaultTolerationSeconds admission
	// plugin's toleration of the unreachable/not-ready taints: pods are
	// evicted this long after their node went NotReady.
	DefaultTolerationSeconds = 300 * time.Second
	// DefaultTerminationGracePeriod is terminationGracePeriodSeconds' default.
	DefaultTerminationGracePeriod = 30 * time.Second
	// MaxPodsPerNode is kubelet's default --max-pods.
	MaxPodsPerNode = 110
	// DefaultKubeletVersion is the kubelet version of a zero Config's nodes:
	// svcsim follows Kubernetes v1.35.
	DefaultKubeletVersion = "v1.35.0"
	// DefaultMaxPods is the cluster-wide pod limit of a zero Config: what
	// bounds a real cluster's pod objects (etcd's size, a ResourceQuota),
	// well above a 150,000-pod cluster and its rollout surge. Pods beyond
	// it are refused as a ResourceQuota named PodQuotaName refuses them.
	DefaultMaxPods = 1_000_000
)

func configError(field string, value any, detail string) error {
	return &pod.FieldError{Object: "config", Field: field, Type: pod.ErrorTypeInvalid,
		Value: value, Detail: detail, Sentinel: ErrInvalid}
}

// setDefaults fills zero fields, in place (New's own copy of the Config),
// and gives c its own copies of the map and slice fields, so the caller's
// later changes to them do not reach the cluster.
func (c *Config) setDefaults() {
	if c.Nodes == 0 {
		c.Nodes = DefaultNodes
	}
	if c.ServiceCIDR == (netip.Prefix{}) {
		c.ServiceCIDR = defaultServiceCIDR
	}
	if c.PodCIDR == (netip.Prefix{}) {
		c.PodCIDR = defaultPodCIDR
	}
	if c.NodeCIDR == (netip.Prefix{}) {
		c.NodeCIDR = defaultNodeCIDR
	}
	if c.LoadBalancerPool == (netip.Prefix{}) {
		c.LoadBalancerPool = defaultLoadBalancerPool
	}
	if c.ClusterDomain == "" {
		c.ClusterDomain = DefaultClusterDomain
	}
	if c.NodePortRange == [2]int{} {
		c.NodePortRange = [2]int{30000, 32767}
	}
	if c.ProxyDelay == 0 {
		c.ProxyDelay = DefaultProxyDelay
	}
	if c.KubeletVersion == "" {
		c.KubeletVersion = DefaultKubeletVersion
	}
	if c.MaxPods == 0 {
		c.MaxPods = DefaultMaxPods
	}
	c.LoadBalancerClassPools = maps.Clone(c.LoadBalancerClassPools)
	c.Zones = slices.Clone(c.Zones)
}

// nodeMaskBits is the per-node pod CIDR size: /24 for IPv4, /64 for IPv6
// (kube-controller-manager's --node-cidr-mask-size defaults).
func nodeMaskBits(p netip.Prefix) int {
	if p.Addr().Is4() {
		return 24
	}
	return 64
}

// ranges are the address allocators of a Config: validate builds them to
// learn that each range has usable addresses, and New starts the cluster
// with them. (The nodes' pod CIDRs need none: node i has block i of
// PodCIDR, nodeCIDRAt.)
type ranges struct {
	svcIPs, svcIPs2 *ipam.Allocator            // the ClusterIPs of each family (svcIPs2 nil on a single-stack cluster)
	lbClasses       map[string]*ipam.Allocator // LoadBalancerClassPools; nil when none
}

// validate checks a defaulted Config and returns its ranges.
func (c *Config) validate() (ranges, error) {
	var r ranges
	if c.Nodes < 0 {
		return r, configError("nodes", c.Nodes, "must be greater than or equal to 0")
	}
	if c.MaxPods < 0 {
		return r, configError("maxPods", c.MaxPods, "must be greater than or equal to 0")
	}
	type named struct {
		field string
		p     netip.Prefix
		class string // of a load-balancer class pool
		// def: p is the field's default, valid, with usable addresses
		// and disjoint from the other defaults (TestDefaultRanges): not
		// checked again.
		def bool
	}
	cidrs := []named{{"serviceCIDR", c.ServiceCIDR, "", c.ServiceCIDR == defaultServiceCIDR},
		{"podCIDR", c.PodCIDR, "", c.PodCIDR == defaultPodCIDR}, {"nodeCIDR", c.NodeCIDR, "", c.NodeCIDR == defaultNodeCIDR},
		{"loadBalancerPool", c.LoadBalancerPool, "", c.LoadBalancerPool == defaultLoadBalancerPool}}
	if err := c.validatePairing(); err != nil {
		return r, err
	}
	if c.dualStack() {
		cidrs = append(cidrs, named{"secondaryServiceCIDR", c.SecondaryServiceCIDR, "", false}, named{"secondaryPodCIDR", c.SecondaryPodCIDR, "", false})
	}
	if len(c.LoadBalancerClassPools) > 0 { // most Configs have none: no key list to sort
		for _, class := range slices.Sorted(maps.Keys(c.LoadBalancerClassPools)) {
			field := "loadBalancerClassPools[" + class + "]"
			if err := selector.ValidateKey(class); err != nil {
				return r, configError(field, class, "the class must be a qualified name: "+err.Error())
			}
			cidrs = append(cidrs, named{field, c.LoadBalancerClassPools[class], class, false})
		}
	}
	for i := range cidrs {
		n := &cidrs[i]
		if n.def {
			continue
		}
		if !n.p.IsValid() {
			return r, configError(n.field, n.p.String(), "must be a valid CIDR")
		}
		if n.p.Masked() != n.p {
			return r, configError(n.field, n.p.String(), "host bits must be zero (the network is "+n.p.Masked().String()+")")
		}
		if n.p.Addr().Is4In6() || n.p.Addr().Zone() != "" {
			return r, configError(n.field, n.p.String(), "must be a plain IPv4 or IPv6 CIDR")
		}
	}
	for i := range cidrs {
		a := &cidrs[i]
		for j := i + 1; j < len(cidrs); j++ {
			if b := &cidrs[j]; !(a.def && b.def) && a.p.Overlaps(b.p) {
				return r, configError(b.field, b.p.String(), "overlaps "+a.field+" "+a.p.String())
			}
		}
	}
	if c.ServiceCIDR.Addr().Is6() && c.ServiceCIDR.Bits() < 64 {
		return r, configError("serviceCIDR", c.ServiceCIDR.String(), "shortest allowed prefix length for service CIDR is 64")
	}
	var ok bool
	if r.svcIPs, ok = usable(c.ServiceCIDR, ipam.WithSeed(streamSeed(c.Seed, streamIPAM))); !ok {
		return r, configError("serviceCIDR", c.ServiceCIDR.String(), "has no usable address")
	}
	for i := 3; i < len(cidrs); i++ { // the load-balancer pools
		n := &cidrs[i]
		if n.def || strings.HasPrefix(n.field, "secondary") {
			continue
		}
		if n.class == "" { // the built-in pool, made on first use (lbPool)
			if size, err := ipam.Usable(n.p); err != nil || size == 0 {
				return r, configError(n.field, n.p.String(), "has no usable address")
			}
			continue
		}
		a, ok := usable(n.p, ipam.Sequential())
		if !ok {
			return r, configError(n.field, n.p.String(), "has no usable address")
		}
		switch {
		case r.lbClasses == nil:
			r.lbClasses = map[string]*ipam.Allocator{n.class: a}
		default:
			r.lbClasses[n.class] = a
		}
	}
	if err := c.validateFamilies(); err != nil {
		return r, err
	}
	if err := c.validatePodCIDR("podCIDR", c.PodCIDR); err != nil {
		return r, err
	}
	if c.dualStack() {
		if err := c.validatePodCIDR("secondaryPodCIDR", c.SecondaryPodCIDR); err != nil {
			return r, err
		}
		if c.SecondaryServiceCIDR.Addr().Is6() && c.SecondaryServiceCIDR.Bits() < 64 {
			return r, configError("secondaryServiceCIDR", c.SecondaryServiceCIDR.String(), "shortest allowed prefix length for service CIDR is 64")
		}
		if r.svcIPs2, ok = usable(c.SecondaryServiceCIDR, ipam.WithSeed(streamSeed(c.Seed, streamIPAM2))); !ok {
			return r, configError("secondaryServiceCIDR", c.SecondaryServiceCIDR.String(), "has no usable address")
		}
	}
	host := c.NodeCIDR.Addr().BitLen() - c.NodeCIDR.Bits()
	if host < 62 && uint64(1)<<host < uint64(c.Nodes)+3 {
		return r, configError("nodeCIDR", c.NodeCIDR.String(), "too small for "+strconv.Itoa(c.Nodes)+" nodes (node-1 is the network address + 2)")
	}
	lo, hi := c.NodePortRange[0], c.NodePortRange[1]
	if lo < 1 || hi > 65535 || lo > hi {
		return r, configError("nodePortRange", strconv.Itoa(lo)+"-"+strconv.Itoa(hi), "must be a range first-last with 1 <= first <= last <= 65535")
	}
	if c.ClusterDomain != DefaultClusterDomain { // the default is valid (TestDefaultRanges)
		if msgs := validation.IsDNS1123Subdomain(strings.TrimSuffix(c.ClusterDomain, ".")); len(msgs) > 0 {
			return r, configError("clusterDomain", c.ClusterDomain, strings.Join(msgs, "; "))
		}
	}
	for i, z := range c.Zones {
		if err := selector.ValidateValue(z); err != nil {
			return r, configError("zones["+strconv.Itoa(i)+"]", z, "must be a label value: "+err.Error())
		}
	}
	if c.KubeletVersion != DefaultKubeletVersion && !validKubeletVersion(c.KubeletVersion) { // the default is valid (TestDefaultRanges)
		return r, configError("kubeletVersion", c.KubeletVersion, `must be a version "vMAJOR.MINOR.PATCH" (e.g. "`+DefaultKubeletVersion+`")`)
	}
	if c.ServiceCIDR != defaultServiceCIDR { // the default has room (TestDefaultRanges)
		if _, ok := dnsIP(c.ServiceCIDR); !ok {
			// kubeadm's GetDNSIP: the cluster DNS Service takes the 10th address.
			return r, configError("serviceCIDR", c.ServiceCIDR.String(), "unable to get tenth IP address from service subnet (cluster DNS)")
		}
	}
	return r, nil
}

// validatePodCIDR checks a cluster CIDR: room for one node CIDR (/24
// IPv4, /64 IPv6) per node, and a range kube-controller-manager's CIDR
// allocator accepts (ipam.NewSubnets, whose allocator is not kept: its
// blocks in order are nodeCIDRAt's, TestNodeCIDRsInSubnetOrder).
func (c *Config) validatePodCIDR(field string, p netip.Prefix) error {
	mask := nodeMaskBits(p)
	if p.Bits() > mask {
		return configError(field, p.String(), "must be /"+strconv.Itoa(mask)+" or larger (one /"+strconv.Itoa(mask)+" per node)")
	}
	if diff := mask - p.Bits(); diff < 62 && uint64(1)<<diff < uint64(c.Nodes) {
		return configError(field, p.String(), "too small for "+strconv.Itoa(c.Nodes)+" nodes of one /"+strconv.Itoa(mask)+" each")
	}
	if p == defaultPodCIDR { // accepted (TestDefaultRanges)
		return nil
	}
	if _, err := ipam.NewSubnets(p, mask); err != nil {
		return configError(field, p.String(), err.Error())
	}
	return nil
}

// usable returns the allocator of the addresses of p, false when p has
// none (an IPv4 /31 or /32, an IPv6 /128) or ipam refuses it.
func usable(p netip.Prefix, opt ipam.Option) (*ipam.Allocator, bool) {
	a, err := ipam.New(p, opt)
	return a, err == nil && a.Size() > 0
}

// dualStack reports whether the Config asks for a dual-stack cluster.
func (c *Config) dualStack() bool { return c.SecondaryServiceCIDR.IsValid() }

// settings are the Config fields a cluster reads after New, defaulted
// (the others only build it): a Cluster does not carry the whole Config.
type settings struct {
	PodCIDR, SecondaryPodCIDR  netip.Prefix
	Zones                      []string
	KubeletVersion             string
	MaxPods                    int
	EndpointsDelay, ProxyDelay time.Duration
	testEP                     func() epController
	dual                       bool // Config.dualStack
}

// settingsOf returns the settings of a defaulted Config.
func settingsOf(c *Config) settings {
	return settings{PodCIDR: c.PodCIDR, SecondaryPodCIDR: c.SecondaryPodCIDR,
		Zones: c.Zones, KubeletVersion: c.KubeletVersion, MaxPods: c.MaxPods,
		EndpointsDelay: c.EndpointsDelay, ProxyDelay: c.ProxyDelay, testEP: c.testEP, dual: c.dualStack()}
}

// dualStack reports whether the cluster is dual-stack.
func (s *settings) dualStack() bool { return s.dual }

// validatePairing checks that the secondary CIDRs come together: a
// dual-stack cluster needs service and pod addresses of both families.
func (c *Config) validatePairing() error {
	switch sec, secPod, zero := c.SecondaryServiceCIDR, c.SecondaryPodCIDR, (netip.Prefix{}); {
	case sec != zero && secPod == zero:
		return configError("secondaryPodCIDR", "", "required with secondaryServiceCIDR: a dual-stack cluster needs pod addresses of both families")
	case sec == zero && secPod != zero:
		return configError("secondaryServiceCIDR", "", "required with secondaryPodCIDR: a dual-stack cluster needs service addresses of both families")
	case sec != zero && !sec.IsValid():
		return configError("secondaryServiceCIDR", sec.String(), "must be a valid CIDR")
	case secPod != zero && !secPod.IsValid():
		return configError("secondaryPodCIDR", secPod.String(), "must be a valid CIDR")
	}
	return nil
}

// validateFamilies checks the IP families of the service and pod CIDRs:
// the pod CIDR of the service CIDR's family (the two give the primary
// family), and the secondary pair of the other family, as kube-apiserver's
// --service-cluster-ip-range and kube-controller-manager's --cluster-cidr
// must be for a dual-stack cluster (one CIDR per family).
func (c *Config) validateFamilies() error {
	fam := func(p netip.Prefix) string { return string(service.FamilyOf(p.Addr())) }
	if fam(c.PodCIDR) != fam(c.ServiceCIDR) {
		return configError("podCIDR", c.PodCIDR.String(), "must be of the IP family of serviceCIDR ("+fam(c.ServiceCIDR)+"): the two give the primary family")
	}
	if !c.dualStack() {
		return nil
	}
	if sec := c.SecondaryServiceCIDR; fam(sec) == fam(c.ServiceCIDR) {
		return configError("secondaryServiceCIDR", sec.String(), "must be of the other IP family than serviceCIDR ("+fam(c.ServiceCIDR)+"): one service CIDR per family")
	}
	if sec, secPod := c.SecondaryServiceCIDR, c.SecondaryPodCIDR; fam(secPod) != fam(sec) {
		return configError("secondaryPodCIDR", secPod.String(), "must be of the IP family of secondaryServiceCIDR ("+fam(sec)+")")
	}
	return nil
}

// appendFamilies appends the cluster's service IP families to dst, the
// primary first.
func (c *Config) appendFamilies(dst []service.IPFamily) []service.IPFamily {
	dst = append(dst, service.FamilyOf(c.ServiceCIDR.Addr()))
	if c.dualStack() {
		dst = append(dst, service.FamilyOf(c.SecondaryServiceCIDR.Addr()))
	}
	return dst
}

// validKubeletVersion reports whether v is a kubelet version: "v" and
// three dot-separated decimal numbers without leading zeros.
func validKubeletVersion(v string) bool {
	rest, ok := strings.CutPrefix(v, "v")
	if !ok {
		return false
	}
	for i := range 3 { // two numbers ending at a dot, the last at the end
		num, after, found := strings.Cut(rest, ".")
		if found != (i < 2) || !decimal(num) {
			return false
		}
		rest = after
	}
	return true
}

// decimal reports whether s is a number in decimal without leading zeros.
func decimal(s string) bool {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
