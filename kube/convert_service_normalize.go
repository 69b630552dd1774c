package kube

// An update's singular and plural clusterIP fields, reconciled against the
// live Service before they are read.

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// normalizeClusterIPs returns update k with its clusterIP and clusterIPs
// reconciled against the live Service as kube-apiserver does before
// validating an update (kubernetes pkg/registry/core/service/storage/
// storage.go, normalizeClusterIPs): clusterIPs an old client left out, with
// clusterIP unchanged, are the live ones; a clusterIP cleared or changed
// with clusterIPs as they were clears clusterIPs or makes them
// [clusterIP]. It is done on the API object because a service.Service
// cannot hold a clusterIP that disagrees with clusterIPs[0] (as a headless
// Service read back, its clusterIP changed, does: clusterIPs still
// ["None"]), so that validation then answers with the update rules. k is
// not written: a changed one is a copy.
func normalizeClusterIPs(k, live *corev1.Service) *corev1.Service {
	old, ip, ips := &live.Spec, k.Spec.ClusterIP, k.Spec.ClusterIPs
	changed := false
	if len(old.ClusterIPs) > 0 && len(ips) == 0 && old.ClusterIP == ip {
		ips, changed = old.ClusterIPs, true
	}
	if old.ClusterIP != ip && slices.Equal(old.ClusterIPs, ips) {
		switch {
		case ip != "":
			ips, changed = []string{ip}, true
		case old.ClusterIP != "":
			ips, changed = nil, true
		}
	}
	if !changed {
		return k
	}
	out := k.DeepCopy()
	out.Spec.ClusterIPs = slices.Clone(ips)
	return out
}
