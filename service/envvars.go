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
// that string whatever the number of services (and, beyond eight, the
// list of their addresses that EnvVarsOf reads).
func EnvVars(svcs []Service) map[string]string {
	var buf [8]*Service // on the stack for a pod's usual few Services
	ptrs := buf[:0]
	for i := range svcs {
		ptrs = append(ptrs, &svcs[i])
	}
	return EnvVarsOf(ptrs)
}

// EnvVarsOf is EnvVars of the Services svcs point to, read where they
// are (upstream's FromServices takes []*v1.Service too): a caller that
// holds its Services by pointer copies none. A nil entry gives nothing.
func EnvVarsOf(svcs []*Service) map[string]string {
	n, size := 0, 0
	for _, s := range svcs {
		if hasEnv(s) {
			n += 3 + 5*len(s.Ports)
			size += envLen(s)
		}
	}
	if n == 0 {
		return map[string]string{}
	}
	b := envBuilder{env: make(map[string]string, n)}
	b.buf.Grow(size)
	for _, s := range svcs {
		if hasEnv(s) {
			b.service(s)
		}
	}
	return b.env
}

// hasEnv reports whether s yields variables (IsServiceIPSet). FromServices
// indexes Ports[0]; the apiserver never stores a non-headless Service
// without ports, so svcsim skips one rather than panic.
func hasEnv(s *Service) bool {
	return s != nil && s.ClusterIP.IsValid() && !s.Headless && len(s.Ports) > 0
}

// envBuilder writes the variables' text to buf and puts each pair in env
// as substrings of buf's string: a strings.Builder never changes bytes it
// wrote, so they stay valid when it grows.
type envBuilder struct {
	buf strings.Builder
	env map[string]string
}

// text returns what buf holds from offset at on.
func (b *envBuilder) text(at int) string { return b.buf.String()[at:] }

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

// service writes the text of one Service's variables and adds them. Every
// value is a port's URL, <proto>://<host>:<port>, or a part of one, so the
// URLs are the only values written; of a port's keys P_PORT_<n>_<PROTO>
// is a prefix of its _PROTO key, as P_PORT is of port 0's. The variables
// of each kind are added in the kubelet's order (ports in order); keys of
// different kinds never coincide, so the map is the kubelet's.
func (b *envBuilder) service(s *Service) {
	var a [64]byte
	ip := s.ClusterIP.AppendTo(a[:0])
	at := b.buf.Len()
	b.envName(s.Name)
	pre := b.text(at)
	b.buf.WriteString("_SERVICE_HOST")
	hostKey := b.text(at)
	var host string // in the first URL
	for i := range s.Ports {
		p := &s.Ports[i]
		num := newPortText(p.Port)
		proto := pod.EffectiveProtocol(p.Protocol)
		u := b.url(s.ClusterIP.Is6(), ip, host, lowerProto(proto), &num)
		if i == 0 {
			host = u.host
			b.env[hostKey] = host
			at = b.buf.Len()
			b.buf.WriteString(pre)
			b.buf.WriteString("_SERVICE_PORT")
			b.env[b.text(at)] = u.port
		}
		if p.Name != "" {
			at = b.buf.Len()
			b.buf.WriteString(pre)
			b.buf.WriteString("_SERVICE_PORT_")
			b.envName(p.Name)
			b.env[b.text(at)] = u.port
		}
		at = b.buf.Len()
		b.buf.WriteString(pre)
		b.buf.WriteString("_PORT_")
		b.port(&num)
		b.buf.WriteByte('_')
		b.buf.WriteString(string(proto))
		b.buf.WriteString("_PROTO")
		protoKey := b.text(at)
		portKey := protoKey[:len(protoKey)-len("_PROTO")] // P_PORT_<n>_<PROTO>
		if i == 0 {
			b.env[portKey[:len(pre)+len("_PORT")]] = u.url
		}
		b.env[portKey] = u.url
		b.env[protoKey] = u.proto
		b.portKey(portKey, "_PORT", u.port)
		b.portKey(portKey, "_ADDR", host)
	}
}

// portKey adds the variable portKey+suffix = value.
func (b *envBuilder) portKey(portKey, suffix, value string) {
	at := b.buf.Len()
	b.buf.WriteString(portKey)
	b.buf.WriteString(suffix)
	b.env[b.text(at)] = value
}

// portURL is a port's URL in the builder's text and its parts.
type portURL struct{ url, proto, host, port string }

// url writes <proto>://<host:port>, IPv6 hosts bracketed: the host is
// host, the text of an earlier URL, or else ip (the first URL); num is the
// port's number.
func (b *envBuilder) url(v6 bool, ip []byte, host, proto string, num *portText) portURL {
	at := b.buf.Len()
	b.buf.WriteString(proto)
	b.buf.WriteString("://")
	if v6 {
		b.buf.WriteByte('[')
	}
	hostAt := b.buf.Len()
	if host != "" {
		b.buf.WriteString(host)
	} else {
		b.buf.Write(ip)
	}
	hostEnd := b.buf.Len()
	if v6 {
		b.buf.WriteByte(']')
	}
	b.buf.WriteByte(':')
	portAt := b.buf.Len()
	b.port(num)
	text := b.text(at)
	return portURL{url: text, proto: text[:len(proto)], host: text[hostAt-at : hostEnd-at], port: text[portAt-at:]}
}

// envLen returns the number of bytes envBuilder.service writes for s (a
// Service with variables: hasEnv), so that EnvVars allocates its buffer
// once, at its size.
func envLen(s *Service) int {
	name, host := len(s.Name), ipLen(s.ClusterIP)
	urlHost := host
	if s.ClusterIP.Is6() {
		urlHost += 2 // brackets
	}
	n := name + len("_SERVICE_HOST") + name + len("_SERVICE_PORT")
	for i := range s.Ports {
		p := &s.Ports[i]
		proto := pod.EffectiveProtocol(p.Protocol)
		n += len(lowerProto(proto)) + len("://") + urlHost + len(":") + portLen(p.Port) // the URL
		if p.Name != "" {
			n += name + len("_SERVICE_PORT_") + len(p.Name)
		}
		key := name + len("_PORT_") + portLen(p.Port) + len("_") + len(proto)
		n += key + len("_PROTO") + key + len("_PORT") + key + len("_ADDR")
	}
	return n
}

// ipLen returns the length of ip's text (Addr.AppendTo), counted for
// IPv4 rather than written.
func ipLen(ip netip.Addr) int {
	if !ip.Is4() {
		var a [64]byte
		return len(ip.AppendTo(a[:0]))
	}
	n := len("...")
	for _, b := range ip.As4() {
		n += byteLen(b)
	}
	return n
}

// byteLen returns the length of b in decimal.
func byteLen(b byte) int {
	switch {
	case b >= 100:
		return 3
	case b >= 10:
		return 2
	}
	return 1
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
