package htmlview

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// The page's kinds of object, as the data names them.
const (
	kindPod      = "pod"
	kindService  = "svc"
	kindEndpoint = "ep"
	kindProxy    = "proxy"
	kindNode     = "node"
)

// podView is what the page shows of a pod.
type podView struct {
	Namespace   string `json:"ns"`
	Name        string `json:"name"`
	IP          string `json:"ip,omitempty"`
	Node        string `json:"node,omitempty"`
	Phase       string `json:"phase"`
	Ready       bool   `json:"ready"`
	Terminating bool   `json:"term,omitempty"`
	Group       string `json:"group"` // its ReplicaSet or StatefulSet, for the line's colour
}

func viewPod(p pod.Pod) podView {
	v := podView{Namespace: p.Namespace, Name: p.Name, Node: p.NodeName, Phase: string(p.Phase),
		Ready: p.Ready, Terminating: p.Terminating, Group: groupOf(p)}
	if p.IP.IsValid() {
		v.IP = p.IP.String()
	}
	return v
}

// groupOf names the controller generation a pod belongs to: its
// ReplicaSet (name up to the pod-template-hash), a StatefulSet's or
// other name prefix, or the bare pod's own name.
func groupOf(p pod.Pod) string {
	if h := p.Labels["pod-template-hash"]; h != "" {
		if i := strings.Index(p.Name, "-"+h+"-"); i >= 0 {
			return p.Name[:i+1+len(h)]
		}
		return "pod-template-hash=" + h
	}
	if i := strings.LastIndexByte(p.Name, '-'); i > 0 {
		return p.Name[:i]
	}
	return p.Name
}

// svcView is what the page shows of a Service.
type svcView struct {
	Namespace string `json:"ns"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	ClusterIP string `json:"ip"`
	Ports     string `json:"ports"`
}

func viewService(s service.Service) svcView {
	v := svcView{Namespace: s.Namespace, Name: s.Name, Type: string(s.Type), ClusterIP: "<none>"}
	if v.Type == "" {
		v.Type = string(service.ClusterIP)
	}
	switch {
	case s.Headless:
		v.ClusterIP = "None"
	case s.ClusterIP.IsValid():
		v.ClusterIP = s.ClusterIP.String()
	}
	var ports []string
	for _, p := range s.Ports {
		t := strconv.Itoa(int(p.Port))
		if p.NodePort != 0 {
			t += ":" + strconv.Itoa(int(p.NodePort))
		}
		ports = append(ports, t+"/"+string(pod.EffectiveProtocol(p.Protocol)))
	}
	v.Ports = strings.Join(ports, ",") // as kubectl get svc's PORT(S) column
	return v
}

// epView is what the page shows of an Endpoints object: its addresses,
// each as [IP, pod name].
type epView struct {
	Namespace string     `json:"ns"`
	Name      string     `json:"name"`
	Ports     string     `json:"ports,omitempty"`
	Ready     [][]string `json:"ready"`
	NotReady  [][]string `json:"notReady,omitempty"`
}

func viewEndpoints(e endpoints.Endpoints) epView {
	v := epView{Namespace: e.Namespace, Name: e.Name, Ready: [][]string{}}
	var ports []string
	addr := func(a endpoints.Address) []string {
		_, name, _ := strings.Cut(a.Pod, "/")
		return []string{a.IP.String(), name}
	}
	for _, s := range e.Subsets {
		for _, a := range s.Addresses {
			v.Ready = append(v.Ready, addr(a))
		}
		for _, a := range s.NotReadyAddresses {
			v.NotReady = append(v.NotReady, addr(a))
		}
		for _, p := range s.Ports {
			t := strconv.Itoa(int(p.Port)) + "/" + string(pod.EffectiveProtocol(p.Protocol))
			if p.Name != "" {
				t = p.Name + " " + t
			}
			if !slices.Contains(ports, t) {
				ports = append(ports, t)
			}
		}
	}
	v.Ports = strings.Join(ports, ", ")
	return v
}

// proxyView is what the page shows of kube-proxy's rules for a Service.
type proxyView struct {
	Namespace string          `json:"ns"`
	Name      string          `json:"name"`
	Ports     []proxyPortView `json:"ports"`
}

// proxyPortView lists a port's backends, each as [IP:port, pod name,
// "terminating" or ""].
type proxyPortView struct {
	Port     string                `json:"port"`
	Backends [][]string            `json:"backends"`
	Local    map[string][][]string `json:"local,omitempty"` // by node
}

func viewProxy(ps sim.ProxyService) proxyView {
	v := proxyView{Namespace: ps.Namespace, Name: ps.Name}
	for _, p := range ps.Ports {
		name := strconv.Itoa(int(p.Port)) + "/" + string(pod.EffectiveProtocol(p.Protocol))
		if p.Name != "" {
			name = p.Name + " " + name
		}
		pv := proxyPortView{Port: name, Backends: viewBackends(p.Backends)}
		if p.Local != nil {
			pv.Local = map[string][][]string{}
			for node, bs := range p.Local {
				pv.Local[node] = viewBackends(bs)
			}
		}
		v.Ports = append(v.Ports, pv)
	}
	return v
}

func viewBackends(bs []endpoints.Backend) [][]string {
	out := [][]string{}
	for _, b := range bs {
		_, name, _ := strings.Cut(b.Pod, "/")
		st := ""
		if b.Terminating {
			st = "terminating"
		}
		out = append(out, []string{netip.AddrPortFrom(b.IP, uint16(b.Port)).String(), name, st})
	}
	return out
}

// nodeView is what the page shows of a node.
type nodeView struct {
	Name  string `json:"name"`
	IP    string `json:"ip"`
	Ready bool   `json:"ready"`
}

func viewNode(n sim.Node) nodeView {
	return nodeView{Name: n.Name, IP: n.IP.String(), Ready: n.Ready}
}
