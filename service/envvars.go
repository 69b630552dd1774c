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
// keys and values share one backing string, so a call costs the map and
// that string whatever the number of services.
func EnvVars(svcs []Service) map[string]string {
	n, size := 0, 0
	for i := range svcs {
		if hasEnv(&svcs[i]) {
			n += 3 + 5*len(svcs[i].Ports)
			size += envLen(&svcs[i])
		}
	}
	if n == 0 {
		return map[string]string{}
	}
	b := envBuilder{env: make(map[string]string, n)}
	b.buf.Grow(size)
	for i := range svcs {
		if hasEnv(&svcs[i]) {
			b.service(&svcs[i])
		}
	}
	return b.env
}

// hasEnv reports whether s yields variables (IsServiceIPSet). FromServices
// indexes Ports[0]; the apiserver never stores a non-headless Service
// without ports, so svcsim skips one rather than panic.
func hasEnv(s *Service) bool { return s.ClusterIP.IsValid() && !s.Headless && len(s.Ports) > 0 }

// envBuilder writes key, value, key, value, ... to buf and puts each pair
// in env as substrings of buf's string: a strings.Builder never changes
// bytes it wrote, so they stay valid when it grows.
type envBuilder struct {
	buf       strings.Builder
	env       map[string]string
	start     int    // where the current key starts in buf
	keyEnd    int    // where the current key ends in buf
	pre, host string // the current Service's prefix and host, in buf
}

// endKey ends the current key; endValue ends its value and stores the pair.
func (b *envBuilder) endKey() { b.keyEnd = b.buf.Len() }

func (b *envBuilder) endValue() {
	s := b.buf.String()
	b.env[s[b.start:b.keyEnd]] = s[b.keyEnd:]
	b.start = len(s)
}

// key writes prefix + suffix and ends the key there; a caller may write
// more of it and end it again.
func (b *envBuilder) key(suffix string) {
	b.buf.WriteString(b.pre)
	b.buf.WriteString(suffix)
	b.endKey()
}

// portText is a port number in decimal, formatted once for the several
// variables that write it.
type portText struct {
	b [11]byte
	n uint8
}

func newPortText(p int32) portText {
	var t portText
	t.n = uint8(len(strconv.AppendInt(t.b[:0], int64(p), 10)))
	return t
}

func (b *envBuilder) port(p *portText) { b.buf.Write(p.b[:p.n]) }

// envName writes s upper-cased with "-" turned into "_"
// (makeEnvVariableName).
func (b *envBuilder) envName(s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			c = '_'
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		b.buf.WriteByte(c)
	}
}

// service writes the variables of one Service, in the kubelet's order.
func (b *envBuilder) service(s *Service) {
	b.envName(s.Name) // the first key's start is the prefix
	b.pre = b.buf.String()[b.start:]
	b.buf.WriteString("_SERVICE_HOST")
	b.endKey()
	var host [64]byte
	b.buf.Write(s.ClusterIP.AppendTo(host[:0]))
	b.host = b.buf.String()[b.keyEnd:]
	b.endValue()
	first := newPortText(s.Ports[0].Port)
	b.key("_SERVICE_PORT")
	b.port(&first)
	b.endValue()
	for i := range s.Ports {
		if name := s.Ports[i].Name; name != "" {
			num := newPortText(s.Ports[i].Port)
			b.key("_SERVICE_PORT_")
			b.envName(name)
			b.endKey()
			b.port(&num)
			b.endValue()
		}
	}
	b.key("_PORT")
	b.url(s.ClusterIP, &s.Ports[0], &first)
	for i := range s.Ports {
		p := &s.Ports[i]
		num := newPortText(p.Port)
		proto := pod.EffectiveProtocol(p.Protocol)
		for _, suffix := range [...]string{"", "_PROTO", "_PORT", "_ADDR"} {
			b.key("_PORT_")
			b.port(&num)
			b.buf.WriteByte('_')
			b.buf.WriteString(string(proto))
			b.buf.WriteString(suffix)
			b.endKey()
			switch suffix {
			case "":
				b.url(s.ClusterIP, p, &num)
				continue
			case "_PROTO":
				b.buf.WriteString(lowerProto(proto))
			case "_PORT":
				b.port(&num)
			case "_ADDR":
				b.buf.WriteString(b.host)
			}
			b.endValue()
		}
	}
}

// envLen returns the number of bytes envBuilder.service writes for s (a
// Service with variables: hasEnv), so that EnvVars allocates its buffer
// once, at its size.
func envLen(s *Service) int {
	var a [64]byte
	name, host := len(s.Name), len(s.ClusterIP.AppendTo(a[:0]))
	urlHost := host
	if s.ClusterIP.Is6() {
		urlHost += 2 // brackets
	}
	n := name + len("_SERVICE_HOST") + host
	n += name + len("_SERVICE_PORT") + portLen(s.Ports[0].Port)
	for i := range s.Ports {
		if p := &s.Ports[i]; p.Name != "" {
			n += name + len("_SERVICE_PORT_") + len(p.Name) + portLen(p.Port)
		}
	}
	url := func(p *Port) int {
		return len(lowerProto(pod.EffectiveProtocol(p.Protocol))) + len("://") + urlHost + len(":") + portLen(p.Port)
	}
	n += name + len("_PORT") + url(&s.Ports[0])
	for i := range s.Ports {
		p := &s.Ports[i]
		proto := pod.EffectiveProtocol(p.Protocol)
		key := name + len("_PORT_") + portLen(p.Port) + len("_") + len(proto)
		n += 4*key + len("_PROTO") + len("_PORT") + len("_ADDR") // the four keys
		n += url(p) + len(lowerProto(proto)) + portLen(p.Port) + host
	}
	return n
}

// portLen returns the length of p in decimal.
func portLen(p int32) int {
	n, v := 1, int64(p)
	if v < 0 {
		n, v = 2, -v
	}
	for ; v >= 10; v /= 10 {
		n++
	}
	return n
}

// url writes <proto>://<host:port> as a value, IPv6 hosts bracketed; num
// is p's number.
func (b *envBuilder) url(ip netip.Addr, p *Port, num *portText) {
	b.buf.WriteString(lowerProto(pod.EffectiveProtocol(p.Protocol)))
	b.buf.WriteString("://")
	if ip.Is6() {
		b.buf.WriteByte('[')
		b.buf.WriteString(b.host)
		b.buf.WriteByte(']')
	} else {
		b.buf.WriteString(b.host)
	}
	b.buf.WriteByte(':')
	b.port(num)
	b.endValue()
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
