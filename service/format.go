package service

import (
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
)

// FQDN returns the Service's DNS name without a trailing dot,
// <name>.<namespace>.svc.<clusterDomain> (kubernetes/dns specification
// 1.1.0), e.g. web.default.svc.cluster.local. An empty clusterDomain means
// cluster.local; a trailing dot on it is dropped.
func (s Service) FQDN(clusterDomain string) string {
	clusterDomain = strings.TrimSuffix(clusterDomain, ".")
	if clusterDomain == "" {
		clusterDomain = DefaultClusterDomain
	}
	return s.Name + "." + pod.NamespaceOrDefault(s.Namespace) + ".svc." + clusterDomain
}

// DefaultClusterDomain is kubeadm's default cluster domain.
const DefaultClusterDomain = "cluster.local"

// String returns a line like kubectl get svc, with the namespace:
// "default/web ClusterIP 10.96.0.10 <none> 80/TCP". The columns are
// namespace/name, type, cluster IP ("None" if headless, "<none>" if unset),
// external IP (ExternalIPColumn) and ports as kubectl prints them
// (port[:nodePort]/protocol, comma-separated, <none> if there are none).
func (s Service) String() string {
	var b strings.Builder
	b.WriteString(s.Key())
	b.WriteByte(' ')
	b.WriteString(string(effectiveType(s.Type)))
	b.WriteByte(' ')
	switch {
	case s.Headless:
		b.WriteString("None")
	case s.ClusterIP.IsValid():
		b.WriteString(s.ClusterIP.String())
	default:
		b.WriteString("<none>")
	}
	b.WriteByte(' ')
	b.WriteString(s.ExternalIPColumn())
	b.WriteByte(' ')
	if len(s.Ports) == 0 {
		b.WriteString("<none>")
	}
	for i, p := range s.Ports {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(int(p.Port)))
		if p.NodePort != 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(int(p.NodePort)))
		}
		b.WriteByte('/')
		b.WriteString(string(pod.EffectiveProtocol(p.Protocol)))
	}
	return b.String()
}

// ExternalIPColumn is kubectl's EXTERNAL-IP column for s (kubernetes
// pkg/printers/internalversion/printers.go, getServiceExternalIP):
// ClusterIP and NodePort show the externalIPs joined by ",", or <none>;
// LoadBalancer the load-balancer address followed by the externalIPs, or
// <pending> when it has neither; ExternalName its externalName.
func (s Service) ExternalIPColumn() string {
	var ips []string
	t := effectiveType(s.Type)
	switch {
	case t == ExternalName:
		return s.ExternalName
	case t == LoadBalancer && s.LoadBalancerIP.IsValid():
		ips = append(ips, s.LoadBalancerIP.String())
	}
	for _, ip := range s.ExternalIPs {
		ips = append(ips, ip.String())
	}
	switch {
	case len(ips) > 0:
		return strings.Join(ips, ",")
	case t == LoadBalancer:
		return "<pending>"
	}
	return "<none>"
}
