package sim

import (
	"net/netip"
	"time"
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
	EndpointsDelay   time.Duration // endpoints controller lag; default 0: same virtual instant, after the change
	ProxyDelay       time.Duration // kube-proxy programming lag; 0: default 1s; negative: none
	TraceLimit       int           // events kept: 0 unbounded, negative: tracing off
}
