package kubectl

import (
	"cmp"
	"io"
	"slices"
	"strconv"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// Services prints Services as `kubectl get svc` (NAME TYPE CLUSTER-IP
// EXTERNAL-IP PORT(S) AGE) and, with o.Wide, adds SELECTOR, following
// printService upstream:
//   - CLUSTER-IP is the ClusterIP, "None" for a headless Service and
//     "<none>" for ExternalName;
//   - EXTERNAL-IP is the load-balancer address followed by the externalIPs
//     ("<pending>" while there are none) for LoadBalancer, the external
//     name for ExternalName, else the externalIPs or "<none>";
//   - PORT(S) lists "port/PROTO", or "port:nodePort/PROTO" when a node port
//     is set, comma-separated ("80:30080/TCP,443:30443/TCP"), "<none>" when
//     there are no ports;
//   - SELECTOR is "k=v,..." sorted, "<none>" when empty.
func Services(w io.Writer, svcs []service.Service, o Options) error {
	hdr := []string{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"}
	if o.Wide {
		hdr = append(hdr, "SELECTOR")
	}
	t := newTable(o, hdr...)
	s := slices.Clone(svcs)
	slices.SortStableFunc(s, func(a, b service.Service) int {
		return cmp.Or(cmp.Compare(nsOrDefault(a.Namespace), nsOrDefault(b.Namespace)), cmp.Compare(a.Name, b.Name))
	})
	for _, svc := range s {
		cells := []string{svc.Name, string(svcType(svc)), ClusterIP(svc), ExternalIP(svc), PortString(svc.Ports),
			age(o.Now, svc.CreationTimestamp)}
		if o.Wide {
			cells = append(cells, noneIfEmpty(selector.Set(svc.Selector).String()))
		}
		t.add(o, svc.Namespace, cells...)
	}
	return t.write(w)
}

func svcType(s service.Service) service.Type {
	if s.Type == "" {
		return service.ClusterIP
	}
	return s.Type
}

// ClusterIP returns the CLUSTER-IP cell of s: its address, "None" when
// headless, "<none>" when it has none (ExternalName).
func ClusterIP(s service.Service) string {
	switch {
	case s.Headless:
		return "None"
	case s.ClusterIP.IsValid():
		return s.ClusterIP.String()
	}
	return "<none>"
}

// ExternalIP returns the EXTERNAL-IP cell of s (getServiceExternalIP
// upstream; service.Service.ExternalIPColumn).
func ExternalIP(s service.Service) string { return s.ExternalIPColumn() }

// PortString returns the PORT(S) cell for ports (makePortString upstream):
// "80/TCP", "80:30080/TCP" with a node port, joined by commas; "<none>" for
// no ports.
func PortString(ports []service.Port) string {
	var buf [32]byte
	return string(AppendPortString(buf[:0], ports))
}

// AppendPortString appends PortString(ports) to dst and returns the
// extended slice: for a caller that compares the cell with one it kept,
// without making a string.
func AppendPortString(dst []byte, ports []service.Port) []byte {
	if len(ports) == 0 {
		return append(dst, "<none>"...)
	}
	for i, p := range ports {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendInt(dst, int64(p.Port), 10)
		if p.NodePort > 0 {
			dst = append(dst, ':')
			dst = strconv.AppendInt(dst, int64(p.NodePort), 10)
		}
		dst = append(dst, '/')
		dst = append(dst, pod.EffectiveProtocol(p.Protocol)...)
	}
	return dst
}
