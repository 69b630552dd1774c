package proxy

import (
	"crypto/sha256"
	"encoding/base32"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
)

// SetClusterCIDR sets the pod network (kube-proxy's --cluster-cidr). Save
// uses it for the masquerade rule of off-cluster ClusterIP traffic and the
// pod short-circuit of externalTrafficPolicy=Local; routing does not need
// it. The zero Prefix leaves those rules out.
func (t *Table) SetClusterCIDR(p netip.Prefix) { t.clusterCIDR = p }

// Save renders the rules kube-proxy in iptables mode writes on node for the
// programmed Services, in the style of `iptables-save` (nat and filter
// tables, only the KUBE-* Service chains): KUBE-SERVICES, KUBE-NODEPORTS,
// KUBE-EXTERNAL-SERVICES, one KUBE-SVC-* chain per Service port with the
// statistic cascade (and the `recent` rules of ClientIP affinity with the
// Service's timeout), KUBE-EXT-* for node-port, load-balancer and
// externalIP traffic, KUBE-FW-* and KUBE-PROXY-FIREWALL for
// loadBalancerSourceRanges (the filter chain declared only when used),
// KUBE-SVL-* for the Local policy set of this node (externalTrafficPolicy
// or internalTrafficPolicy Local), one KUBE-SEP-* per endpoint with its
// DNAT, and the REJECT/DROP rules of Services without (local) endpoints. Chain names are
// upstream's hashes (portProtoHash in pkg/proxy/iptables/proxier.go: base32
// of SHA-256 of "ns/name:port" + protocol, 16 characters), so
// default/kubernetes:https is KUBE-SVC-NPX46M4PTMTKRN6Y as on a real node.
// Service ports are sorted by name; the output is for reading (and for
// comparing two tables), not for iptables-restore.
func (t *Table) Save(node string) string {
	type entry struct {
		spn string
		sp  *svcPort
	}
	var ports []entry
	for _, e := range t.services.All() {
		for pi := range e.ports {
			sp := &e.ports[pi]
			spn := sp.svc
			if sp.port.Name != "" {
				spn += ":" + sp.port.Name
			}
			ports = append(ports, entry{spn, sp})
		}
	}
	slices.SortFunc(ports, func(a, b entry) int { return strings.Compare(a.spn, b.spn) })

	var chains []string
	var svcRules, npRules, chainRules, filterRules, fwRules []string
	for _, pe := range ports {
		w := saveWriter{t: t, spn: pe.spn, sp: pe.sp, proto: strings.ToLower(string(pod.EffectiveProtocol(pe.sp.port.Protocol))), cidr: t.clusterCIDR}
		w.write(node)
		chains = append(chains, w.chains...)
		svcRules = append(svcRules, w.services...)
		npRules = append(npRules, w.nodePorts...)
		chainRules = append(chainRules, w.rules...)
		filterRules = append(filterRules, w.filter...)
		fwRules = append(fwRules, w.firewall...)
	}
	var b strings.Builder
	b.WriteString("*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-NODEPORTS - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n")
	for _, c := range chains {
		b.WriteString(":" + c + " - [0:0]\n")
	}
	for _, group := range [][]string{svcRules, {`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`}, npRules, chainRules} {
		for _, r := range group {
			b.WriteString(r + "\n")
		}
	}
	b.WriteString("COMMIT\n*filter\n:KUBE-SERVICES - [0:0]\n:KUBE-EXTERNAL-SERVICES - [0:0]\n")
	if len(fwRules) > 0 {
		b.WriteString(":KUBE-PROXY-FIREWALL - [0:0]\n")
	}
	for _, r := range filterRules {
		b.WriteString(r + "\n")
	}
	for _, r := range fwRules {
		b.WriteString(r + "\n")
	}
	b.WriteString("COMMIT\n")
	return b.String()
}

// saveWriter collects the rules of one Service port.
type saveWriter struct {
	t          *Table
	spn, proto string
	sp         *svcPort
	cidr       netip.Prefix

	chains, services, nodePorts, rules, filter, firewall []string
}

func chainHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return base32.StdEncoding.EncodeToString(h[:])[:16]
}

func comment(s string) string {
	if strings.ContainsAny(s, " \"") {
		return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
	}
	return s
}

func (w *saveWriter) write(node string) {
	sp := w.sp
	h := chainHash(w.spn + w.proto)
	svc, ext, svl, fw := "KUBE-SVC-"+h, "KUBE-EXT-"+h, "KUBE-SVL-"+h, "KUBE-FW-"+h
	port := strconv.Itoa(int(sp.port.Port))
	np := strconv.Itoa(int(sp.port.NodePort))
	dport := " -m " + w.proto + " --dport "
	hasExt := sp.port.NodePort != 0 || sp.lbIP().IsValid() || len(sp.extIPs()) > 0
	cluster := w.t.clusterBackends(sp, node)
	if len(cluster) == 0 {
		reject := " -j REJECT --reject-with icmp-port-unreachable"
		c := " -m comment --comment " + comment(w.spn+" has no endpoints")
		if sp.clusterIP.IsValid() {
			w.filter = append(w.filter, "-A KUBE-SERVICES -d "+hostCIDR(sp.clusterIP)+" -p "+w.proto+c+dport+port+reject)
		}
		for _, ip := range sp.extIPs() {
			w.filter = append(w.filter, "-A KUBE-EXTERNAL-SERVICES -d "+hostCIDR(ip)+" -p "+w.proto+c+dport+port+reject)
		}
		if sp.lbIP().IsValid() {
			w.filter = append(w.filter, "-A KUBE-EXTERNAL-SERVICES -d "+hostCIDR(sp.lbIP())+" -p "+w.proto+c+dport+port+reject)
		}
		if sp.port.NodePort != 0 {
			w.filter = append(w.filter, "-A KUBE-EXTERNAL-SERVICES -p "+w.proto+c+" -m addrtype --dst-type LOCAL"+dport+np+reject)
		}
		return
	}
	// Which chains the port uses (pkg/proxy/serviceport.go,
	// UsesClusterEndpoints and UsesLocalEndpoints).
	usesCluster := !sp.intLocal || hasExt
	usesLocal := sp.intLocal || sp.local && hasExt
	var local []Backend
	if usesLocal {
		local = w.t.localBackends(sp, node)
	}
	if usesCluster {
		w.chains = append(w.chains, svc)
	}
	if hasExt {
		w.chains = append(w.chains, ext)
	}
	if len(sp.ranges()) > 0 && sp.lbIP().IsValid() {
		w.chains = append(w.chains, fw)
	}
	if usesLocal && len(local) > 0 {
		w.chains = append(w.chains, svl)
	}
	internal := svc
	if sp.intLocal {
		internal = svl
	}
	if sp.clusterIP.IsValid() {
		if !sp.intLocal || len(local) > 0 {
			w.services = append(w.services, "-A KUBE-SERVICES -d "+hostCIDR(sp.clusterIP)+" -p "+w.proto+
				" -m comment --comment "+comment(w.spn+" cluster IP")+dport+port+" -j "+internal)
		} else {
			w.filter = append(w.filter, "-A KUBE-SERVICES -d "+hostCIDR(sp.clusterIP)+" -p "+w.proto+
				" -m comment --comment "+comment(w.spn+" has no local endpoints")+dport+port+" -j DROP")
		}
	}
	for _, ip := range sp.extIPs() {
		w.services = append(w.services, "-A KUBE-SERVICES -d "+hostCIDR(ip)+" -p "+w.proto+
			" -m comment --comment "+comment(w.spn+" external IP")+dport+port+" -j "+ext)
	}
	if sp.lbIP().IsValid() {
		target := ext
		if len(sp.ranges()) > 0 {
			target = fw
		}
		w.services = append(w.services, "-A KUBE-SERVICES -d "+hostCIDR(sp.lbIP())+" -p "+w.proto+
			" -m comment --comment "+comment(w.spn+" loadbalancer IP")+dport+port+" -j "+target)
		if len(sp.ranges()) > 0 {
			for _, r := range sp.ranges() {
				w.rules = append(w.rules, "-A "+fw+" -m comment --comment "+comment(w.spn+" loadbalancer IP")+
					" -s "+r.String()+" -j "+ext)
			}
			w.firewall = append(w.firewall, "-A KUBE-PROXY-FIREWALL -d "+hostCIDR(sp.lbIP())+" -p "+w.proto+
				" -m comment --comment "+comment(w.spn+" traffic not accepted by "+fw)+dport+port+" -j DROP")
		}
	}
	if sp.port.NodePort != 0 {
		w.nodePorts = append(w.nodePorts, "-A KUBE-NODEPORTS -p "+w.proto+" -m comment --comment "+comment(w.spn)+dport+np+" -j "+ext)
	}
	if hasExt {
		w.writeExt(ext, svc, svl, local)
	}
	if sp.clusterIP.IsValid() && w.cidr.IsValid() && (!sp.intLocal || len(local) > 0) {
		w.rules = append(w.rules, "-A "+internal+" ! -s "+w.cidr.String()+" -d "+hostCIDR(sp.clusterIP)+" -p "+w.proto+
			" -m comment --comment "+comment(w.spn+" cluster IP")+dport+port+" -j KUBE-MARK-MASQ")
	}
	var seps []Backend
	if usesCluster {
		w.writeCascade(svc, cluster)
		seps = slices.Clone(cluster)
	}
	if usesLocal && len(local) > 0 {
		w.writeCascade(svl, local)
	}
	for _, b := range local {
		if !slices.Contains(seps, b) {
			seps = append(seps, b)
		}
	}
	SortBackends(seps)
	for _, b := range seps {
		w.writeSEP(b)
	}
}

// writeExt writes the KUBE-EXT chain (or, for a Local Service without an
// endpoint on this node, the filter DROP rules).
func (w *saveWriter) writeExt(ext, svc, svl string, local []Backend) {
	sp := w.sp
	if !sp.local {
		w.rules = append(w.rules,
			"-A "+ext+" -m comment --comment "+comment("masquerade traffic for "+w.spn+" external destinations")+" -j KUBE-MARK-MASQ",
			"-A "+ext+" -j "+svc)
		return
	}
	if w.cidr.IsValid() {
		w.rules = append(w.rules, "-A "+ext+" -s "+w.cidr.String()+" -m comment --comment "+
			comment("pod traffic for "+w.spn+" external destinations")+" -j "+svc)
	}
	w.rules = append(w.rules,
		"-A "+ext+" -m comment --comment "+comment("masquerade LOCAL traffic for "+w.spn+" external destinations")+
			" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ",
		"-A "+ext+" -m comment --comment "+comment("route LOCAL traffic for "+w.spn+" external destinations")+
			" -m addrtype --src-type LOCAL -j "+svc)
	if len(local) > 0 {
		w.rules = append(w.rules, "-A "+ext+" -j "+svl)
		return
	}
	c := " -m comment --comment " + comment(w.spn+" has no local endpoints")
	dport := " -m " + w.proto + " --dport "
	for _, ip := range sp.extIPs() {
		w.filter = append(w.filter, "-A KUBE-EXTERNAL-SERVICES -d "+hostCIDR(ip)+" -p "+w.proto+c+dport+
			strconv.Itoa(int(sp.port.Port))+" -j DROP")
	}
	if sp.lbIP().IsValid() {
		w.filter = append(w.filter, "-A KUBE-EXTERNAL-SERVICES -d "+hostCIDR(sp.lbIP())+" -p "+w.proto+c+dport+
			strconv.Itoa(int(sp.port.Port))+" -j DROP")
	}
	if sp.port.NodePort != 0 {
		w.filter = append(w.filter, "-A KUBE-EXTERNAL-SERVICES -p "+w.proto+c+" -m addrtype --dst-type LOCAL"+dport+
			strconv.Itoa(int(sp.port.NodePort))+" -j DROP")
	}
}

// writeCascade writes a KUBE-SVC/KUBE-SVL chain: the affinity checks, then
// one rule per endpoint with probability 1/(n−i), the last one bare.
func (w *saveWriter) writeCascade(chain string, set []Backend) {
	if w.sp.affinity {
		for _, b := range set {
			sep := w.sepName(b)
			w.rules = append(w.rules, "-A "+chain+" -m comment --comment "+comment(w.spn+" -> "+endpointString(b))+
				" -m recent --name "+sep+" --mask 255.255.255.255 --rsource --rcheck --seconds "+
				strconv.Itoa(int(w.sp.affTTL.Seconds()))+" --reap -j "+sep)
		}
	}
	for i, b := range set {
		r := "-A " + chain + " -m comment --comment " + comment(w.spn+" -> "+endpointString(b))
		if p := Probability(i, len(set)); p != "" {
			r += " -m statistic --mode random --probability " + p
		}
		w.rules = append(w.rules, r+" -j "+w.sepName(b))
	}
}

func (w *saveWriter) sepName(b Backend) string {
	return "KUBE-SEP-" + chainHash(w.spn+w.proto+endpointString(b))
}

func (w *saveWriter) writeSEP(b Backend) {
	sep := w.sepName(b)
	w.chains = append(w.chains, sep)
	set := ""
	if w.sp.affinity {
		set = " -m recent --name " + sep + " --mask 255.255.255.255 --rsource --set"
	}
	w.rules = append(w.rules,
		"-A "+sep+" -s "+hostCIDR(b.IP)+" -m comment --comment "+comment(w.spn)+" -j KUBE-MARK-MASQ",
		"-A "+sep+" -p "+w.proto+" -m comment --comment "+comment(w.spn)+set+" -m "+w.proto+" -j DNAT --to-destination "+endpointString(b))
}

// clusterBackends is sp's Cluster policy set on node as Backends,
// narrowed by the topology hints as Route narrows it.
func (t *Table) clusterBackends(sp *svcPort, node string) []Backend {
	n, fallback := sp.clusterSet()
	var zone string
	if nd := t.node(node); nd != nil {
		zone = nd.zone
	}
	if set, mode := sp.topo.set(node, zone); mode != TopologyNone && !fallback {
		out := make([]Backend, len(set))
		for i, p := range set {
			out[i] = t.backend(&sp.recs[p])
		}
		return out
	}
	out := make([]Backend, n)
	for i := range out {
		out[i] = t.backend(&sp.recs[i])
	}
	return out
}

// localBackends is sp's Local policy set on node as Backends.
func (t *Table) localBackends(sp *svcPort, node string) []Backend {
	id, ok := t.nodeID(node)
	if !ok {
		return nil
	}
	lo, hi, _ := sp.localSet(id)
	if hi == lo {
		return nil
	}
	var out []Backend
	for _, p := range sp.loc.byNode[lo:hi] {
		out = append(out, t.backend(&sp.recs[p]))
	}
	return out
}

func hostCIDR(ip netip.Addr) string {
	return netip.PrefixFrom(ip, ip.BitLen()).String()
}
