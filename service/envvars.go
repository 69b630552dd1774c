package service

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
)

// EnvVars returns the variables the kubelet injects for exactly these
// services (kubernetes pkg/kubelet/envvars/envvars.go, FromServices).
// Services without a ClusterIP (headless, ExternalName, unallocated) give
// nothing. For each other Service with prefix P (the name upper-cased,
// "-" → "_"):
//
//	P_SERVICE_HOST, P_SERVICE_PORT (ports[0]), P_SERVICE_PORT_<NAME> per named port,
//	P_PORT (ports[0] URL), and per port P_PORT_<n>_<PROTO>{,_PROTO,_PORT,_ADDR}
//
// URLs are <proto>://<host:port>, IPv6 bracketed as net.JoinHostPort does.
// Which services a pod sees is ServicesForPod. When two services produce the
// same variable, the later one in svcs wins. The result is a new map whose
// keys and values share one backing string, so a call costs a handful of
// allocations whatever the number of services.
func EnvVars(svcs []Service) map[string]string {
	var b envBuilder
	n := 0
	for i := range svcs {
		if hasEnv(&svcs[i]) {
			n += 3 + 5*len(svcs[i].Ports)
		}
	}
	if n == 0 {
		return map[string]string{}
	}
	b.buf = make([]byte, 0, n*40)
	b.ends = make([]int32, 0, 2*n)
	for i := range svcs {
		if hasEnv(&svcs[i]) {
			b.service(&svcs[i])
		}
	}
	env := make(map[string]string, n)
	all := string(b.buf)
	prev := int32(0)
	for i := 0; i < len(b.ends); i += 2 {
		k, v := b.ends[i], b.ends[i+1]
		env[all[prev:k]] = all[k:v]
		prev = v
	}
	return env
}

// hasEnv reports whether s yields variables (IsServiceIPSet). FromServices
// indexes Ports[0]; the apiserver never stores a non-headless Service
// without ports, so svcsim skips one rather than panic.
func hasEnv(s *Service) bool { return s.ClusterIP.IsValid() && !s.Headless && len(s.Ports) > 0 }

// envBuilder appends key, value, key, value, ... to buf; ends records where
// each key and each value ends.
type envBuilder struct {
	buf       []byte
	ends      []int32
	pre, host []byte // scratch: the current Service's prefix and host
}

func (b *envBuilder) end() { b.ends = append(b.ends, int32(len(b.buf))) }

// key appends prefix + parts as one key.
func (b *envBuilder) key(parts ...string) {
	b.buf = append(b.buf, b.pre...)
	for _, p := range parts {
		b.buf = append(b.buf, p...)
	}
	b.end()
}

func (b *envBuilder) port(p int32) {
	b.buf = strconv.AppendInt(b.buf, int64(p), 10)
}

// service appends the variables of one Service, in the kubelet's order.
func (b *envBuilder) service(s *Service) {
	b.pre = appendEnvName(b.pre[:0], s.Name)
	b.host = s.ClusterIP.AppendTo(b.host[:0])
	b.key("_SERVICE_HOST")
	b.buf = append(b.buf, b.host...)
	b.end()
	b.key("_SERVICE_PORT")
	b.port(s.Ports[0].Port)
	b.end()
	for i := range s.Ports {
		if name := s.Ports[i].Name; name != "" {
			b.buf = append(b.buf, b.pre...)
			b.buf = append(b.buf, "_SERVICE_PORT_"...)
			b.buf = appendEnvName(b.buf, name)
			b.end()
			b.port(s.Ports[i].Port)
			b.end()
		}
	}
	b.key("_PORT")
	b.url(s.ClusterIP, &s.Ports[0])
	for i := range s.Ports {
		p := &s.Ports[i]
		proto := pod.EffectiveProtocol(p.Protocol)
		for _, suffix := range [...]string{"", "_PROTO", "_PORT", "_ADDR"} {
			b.buf = append(b.buf, b.pre...)
			b.buf = append(b.buf, "_PORT_"...)
			b.port(p.Port)
			b.buf = append(b.buf, '_')
			b.buf = append(b.buf, proto...)
			b.buf = append(b.buf, suffix...)
			b.end()
			switch suffix {
			case "":
				b.url(s.ClusterIP, p)
				continue
			case "_PROTO":
				b.buf = append(b.buf, lowerProto(proto)...)
			case "_PORT":
				b.port(p.Port)
			case "_ADDR":
				b.buf = append(b.buf, b.host...)
			}
			b.end()
		}
	}
}

// url appends <proto>://<host:port> as a value, IPv6 hosts bracketed.
func (b *envBuilder) url(ip netip.Addr, p *Port) {
	b.buf = append(b.buf, lowerProto(pod.EffectiveProtocol(p.Protocol))...)
	b.buf = append(b.buf, "://"...)
	if ip.Is6() {
		b.buf = append(b.buf, '[')
		b.buf = append(b.buf, b.host...)
		b.buf = append(b.buf, ']')
	} else {
		b.buf = append(b.buf, b.host...)
	}
	b.buf = append(b.buf, ':')
	b.port(p.Port)
	b.end()
}

func lowerProto(p pod.Protocol) string {
	switch p {
	case pod.TCP:
		return "tcp"
	case pod.UDP:
		return "udp"
	case pod.SCTP:
		return "sctp"
	}
	return strings.ToLower(string(p))
}

// appendEnvName appends s upper-cased with "-" turned into "_"
// (makeEnvVariableName).
func appendEnvName(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			c = '_'
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// MasterServiceName is the Service every pod gets variables for, from the
// default namespace (kubelet's masterServices).
const MasterServiceName = "kubernetes"

// ServicesForPod applies the kubelet's selection rule (kubernetes
// pkg/kubelet/kubelet_pods.go, getServiceEnvVarMap) for a pod in
// podNamespace: services without a ClusterIP are skipped;
// default/kubernetes is taken even when enableServiceLinks is false, unless a
// same-named Service was already chosen; services of the pod's namespace are
// taken when enableServiceLinks is true and overwrite an entry of the same
// name (so a local "kubernetes" wins); other namespaces never count. Empty
// namespaces mean default. The result is sorted by name (upstream's order is
// map order) and shares nothing mutable with all except the Services' own
// slices and maps.
func ServicesForPod(podNamespace string, all []Service, enableServiceLinks bool) []Service {
	podNamespace = pod.NamespaceOrDefault(podNamespace)
	chosen := make(map[string]int, 8) // name → index into all
	for i := range all {
		s := &all[i]
		if !s.ClusterIP.IsValid() || s.Headless {
			continue
		}
		ns := pod.NamespaceOrDefault(s.Namespace)
		if ns == pod.DefaultNamespace && s.Name == MasterServiceName {
			if _, ok := chosen[s.Name]; !ok {
				chosen[s.Name] = i
			}
		} else if ns == podNamespace && enableServiceLinks {
			chosen[s.Name] = i
		}
	}
	out := make([]Service, 0, len(chosen))
	for _, i := range chosen {
		out = append(out, all[i])
	}
	slices.SortFunc(out, func(a, b Service) int { return cmp.Compare(a.Name, b.Name) })
	return out
}
