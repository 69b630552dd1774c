// Package sim is a deterministic, in-process simulator of a Kubernetes
// cluster's Service networking: nodes, Deployments and their pods, Services
// with their ClusterIPs, node ports and load-balancer addresses, the
// endpoints controller, kube-proxy's programmed copy of the dataplane and
// cluster DNS.
//
// A Cluster is a discrete-event machine (see DESIGN.md): every call changes
// the object store and enqueues the reactions of the controllers on one
// ordered queue; Advance and Settle move a virtual clock and run them. There
// are no goroutines and no wall-clock reads; all randomness comes from named
// math/rand/v2 streams derived from Config.Seed, so the same seed and the same
// calls produce a byte-identical event trace.
//
// A Cluster is not safe for concurrent use.
package sim
