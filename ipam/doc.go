// Package ipam allocates Service ClusterIPs, NodePorts and per-node pod
// subnets the way Kubernetes does.
//
// The allocators are not safe for concurrent use.
package ipam
