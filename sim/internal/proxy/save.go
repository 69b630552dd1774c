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
// statistic cascade (and the `recent` rules of ClientIP affinity), KUBE-EXT-*
// for node-port and load-balancer traffic, KUBE-SVL-* for the Local policy
// set of this node, one KUBE-SEP-* per endpoint with its DNAT, and the
// REJECT/DROP rules of Services without (local) endpoints. Chain names are
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
	for _, e := range t.services {
		for _, sp := range e.ports {
			spn := sp.svc
			if sp.port.Name != "" {
				spn += ":" + sp.port.Name
			}
			ports = append(ports, entry{spn, sp})
		}
	}
	slices.SortFunc(ports, func(a, b entry) int { return strings.Compare(a.spn, b.spn) })

	var chains []string
	var svcRules, npRules, chainRules, filterRules []string
	for _, pe := range ports {
		w := saveWriter{t: t, spn: pe.spn, sp: pe.sp, proto: strings.ToLower(string(pod.EffectiveProtocol(pe.sp.port.Protocol))), cidr: t.clusterCIDR}
		w.write(node)
		chains = append(chains, w.chains...)
		svcRules = append(svcRules, w.services...)
		npRules = append(npRules, w.nodePorts...)
		chainRules = append(chainRules, w.rules...)
		filterRules = append(filterRules, w.filter...)
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
	for _, r := range filterRules {
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

	chains, services, nodePorts, rules, filter []string
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
	svc, ext, svl := "KUBE-SVC-"+h, "KUBE-EXT-"+h, "KUBE-SVL-"+h
	port := strconv.Itoa(int(sp.port.Port))
	np := strconv.Itoa(int(sp.port.NodePort))
	dport := " -m " + w.proto + " --dport "
	hasExt := sp.port.NodePort != 0 || sp.lbIP.IsValid()
	cluster := w.t.clusterBackends(sp)
	if len(cluster) == 0 {
		reject := " -j REJECT --reject-with icmp-port-unreachable"
		c := " -m comment --comment " + comment(w.spn+" has no endpoints")
		if sp.clusterIP.IsValid() {
			w.filter = append(w.filter, "-A KUBE-SERVICES -d "+hostCIDR(sp.clusterIP)+" -p "+w.proto+c+dport+port+reject)
		}
		if sp.lbIP.IsValid() {
			w.filter = append(w.filter, "-A KUBE-EXTERNAL-SERVICES -d "+hostCIDR(sp.lbIP)+" -p "+w.proto+c+dport+port+reject)
		}
		if sp.port.NodePort != 0 {
			w.filter = append(w.filter, "-A KUBE-EXTERNAL-SERVICES -p "+w.proto+c+" -m addrtype --dst-type LOCAL"+dport+np+reject)
		}
		return
	}
	var local []Backend
	if sp.local {
		local = w.t.localBackends(sp, node)
	}
	w.chains = append(w.chains, svc)
	if hasExt {
		w.chains = append(w.chains, ext)
	}
	if sp.local && len(local) > 0 {
		w.chains = append(w.chains, svl)
	}
	if sp.clusterIP.IsValid() {
		w.services = append(w.services, "-A KUBE-SERVICES -d "+hostCIDR(sp.clusterIP)+" -p "+w.proto+
			" -m comment --comment "+comment(w.spn+" cluster IP")+dport+port+" -j "+svc)
	}
	if sp.lbIP.IsValid() {
		w.services = append(w.services, "-A KUBE-SERVICES -d "+hostCIDR(sp.lbIP)+" -p "+w.proto+
			" -m comment --comment "+comment(w.spn+" loadbalancer IP")+dport+port+" -j "+ext)
	}
	if sp.port.NodePort != 0 {
		w.nodePorts = append(w.nodePorts, "-A KUBE-NODEPORTS -p "+w.proto+" -m comment --comment "+comment(w.spn)+dport+np+" -j "+ext)
	}
	if hasExt {
		w.writeExt(ext, svc, svl, local)
	}
	if sp.clusterIP.IsValid() && w.cidr.IsValid() {
		w.rules = append(w.rules, "-A "+svc+" ! -s "+w.cidr.String()+" -d "+hostCIDR(sp.clusterIP)+" -p "+w.proto+
			" -m comment --comment "+comment(w.spn+" cluster IP")+dport+port+" -j KUBE-MARK-MASQ")
	}
	w.writeCascade(svc, cluster)
	if sp.local && len(local) > 0 {
		w.writeCascade(svl, local)
	}
	seps := slices.Clone(cluster)
	for _, b := range local {
		if sp.local && !slices.Contains(seps, b) {
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
	if sp.lbIP.IsValid() {
		w.filter = append(w.filter, "-A KUBE-EXTERNAL-SERVICES -d "+hostCIDR(sp.lbIP)+" -p "+w.proto+c+dport+
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
				strconv.Itoa(int(DefaultAffinityTimeout.Seconds()))+" --reap -j "+sep)
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

// clusterBackends is sp's Cluster policy set as Backends.
func (t *Table) clusterBackends(sp *svcPort) []Backend {
	n, _ := sp.clusterSet()
	out := make([]Backend, n)
	for i := range out {
		out[i] = t.backend(&sp.recs[i])
	}
	return out
}

// localBackends is sp's Local policy set on node as Backends.
func (t *Table) localBackends(sp *svcPort, node string) []Backend {
	id, ok := t.nodeIDs[node]
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
