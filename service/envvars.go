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
// services (FromServices in pkg/kubelet/envvars/envvars.go;
// spec/envvars.md §2-§3). Services without a ClusterIP (headless,
// ExternalName, unallocated) give nothing. For each other Service with
// prefix P (the name upper-cased, "-" → "_"):
//
//	P_SERVICE_HOST, P_SERVICE_PORT (ports[0]), P_SERVICE_PORT_<NAME> per named port,
//	P_PORT (ports[0] URL), and per port P_PORT_<n>_<PROTO>{,_PROTO,_PORT,_ADDR}
//
// URLs are <proto>://<host:port>, IPv6 bracketed as net.JoinHostPort does.
// Which services a pod sees is ServicesForPod. When two services produce the
// same variable, the later one in svcs wins. The result is a new map.
func EnvVars(svcs []Service) map[string]string {
	n := 0
	for i := range svcs {
		if svcs[i].ClusterIP.IsValid() && !svcs[i].Headless {
			n += 3 + 5*len(svcs[i].Ports)
		}
	}
	env := make(map[string]string, n)
	var buf []byte
	for i := range svcs {
		buf = appendServiceEnv(env, &svcs[i], buf)
	}
	return env
}

// appendServiceEnv adds one Service's variables to env; buf is scratch
// space for building names, returned for reuse.
func appendServiceEnv(env map[string]string, s *Service, buf []byte) []byte {
	if !s.ClusterIP.IsValid() || s.Headless || len(s.Ports) == 0 {
		// FromServices indexes Ports[0]; the apiserver never stores a
		// non-headless Service without ports.
		return buf
	}
	prefix := envName(s.Name)
	host := s.ClusterIP.String()
	first := strconv.Itoa(int(s.Ports[0].Port))
	env[prefix+"_SERVICE_HOST"] = host
	env[prefix+"_SERVICE_PORT"] = first
	for _, p := range s.Ports {
		if p.Name != "" {
			env[prefix+"_SERVICE_PORT_"+envName(p.Name)] = strconv.Itoa(int(p.Port))
		}
	}
	env[prefix+"_PORT"] = portURL(buf[:0], s.ClusterIP, s.Ports[0])
	for _, p := range s.Ports {
		proto := pod.EffectiveProtocol(p.Protocol)
		port := strconv.Itoa(int(p.Port))
		buf = append(buf[:0], prefix...)
		buf = append(buf, "_PORT_"...)
		buf = append(buf, port...)
		buf = append(buf, '_')
		buf = append(buf, proto...)
		key := string(buf)
		env[key] = portURL(buf[:0], s.ClusterIP, p)
		env[key+"_PROTO"] = lowerProto(proto)
		env[key+"_PORT"] = port
		env[key+"_ADDR"] = host
	}
	return buf
}

// portURL renders <proto>://<host:port> with IPv6 hosts bracketed.
func portURL(buf []byte, ip netip.Addr, p Port) string {
	buf = append(buf, lowerProto(pod.EffectiveProtocol(p.Protocol))...)
	buf = append(buf, "://"...)
	if ip.Is6() {
		buf = append(buf, '[')
		buf = ip.AppendTo(buf)
		buf = append(buf, ']')
	} else {
		buf = ip.AppendTo(buf)
	}
	buf = append(buf, ':')
	buf = strconv.AppendInt(buf, int64(p.Port), 10)
	return string(buf)
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

// envName upper-cases s and turns "-" into "_" (makeEnvVariableName).
func envName(s string) string {
	return strings.ToUpper(strings.ReplaceAll(s, "-", "_"))
}

// MasterServiceName is the Service every pod gets variables for, from the
// default namespace (kubelet's masterServices).
const MasterServiceName = "kubernetes"

// ServicesForPod applies the kubelet's selection rule
// (getServiceEnvVarMap in pkg/kubelet/kubelet_pods.go; spec/envvars.md §1)
// for a pod in podNamespace: services without a ClusterIP are skipped;
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
