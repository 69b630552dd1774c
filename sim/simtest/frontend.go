package simtest

import (
	"net/netip"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// Front is what a Service's clients hold on to, as FrontEnd recorded it:
// everything a client may have cached or configured, which Kubernetes
// keeps stable while the pods behind it churn.
type Front struct {
	Namespace, Name string
	Exists          bool
	Type            service.Type
	ClusterIP       netip.Addr // zero when headless or ExternalName
	Headless        bool
	// Ports is the PORT(S) column of kubectl get svc: port[:nodePort]/protocol.
	Ports          string
	LoadBalancerIP netip.Addr // zero until assigned, or not a LoadBalancer
	// DNS is the answer a pod of the namespace gets for the Service's
	// name: its ClusterIP, or "CNAME <name>" for an ExternalName Service.
	// A headless Service's answer is its ready pods' addresses, which
	// churn: it is not part of the front end and left empty.
	DNS string
}

// FrontEnd records the front end of Service namespace/name now, for
// AssertFrontEnd. A missing Service gives a Front with Exists false.
func FrontEnd(c *Cluster, namespace, name string) Front {
	f, ports, dns := c.readFront(namespace, name)
	f.Ports, f.DNS = string(ports), string(dns)
	return f
}

// readFront reads the front end of Service namespace/name as FrontEnd
// records it, but for Ports and DNS, whose text it renders in c.text
// (valid until the next call), from the addresses read into c.addrs:
// AssertFrontEnd, after every step of a property, compares them with the
// recorded ones without making strings or slices.
func (c *Cluster) readFront(namespace, name string) (f Front, ports, dns []byte) {
	ns := pod.NamespaceOrDefault(namespace)
	f = Front{Namespace: ns, Name: name}
	if c == nil || c.Cluster == nil {
		return f, nil, nil
	}
	c.touch(ns)
	s, svcPorts, ok := c.ServiceStatePorts(c.svcPorts[:0], ns, name)
	c.svcPorts = svcPorts
	if !ok {
		return f, nil, nil
	}
	f.Exists, f.Type, f.ClusterIP, f.Headless = true, s.Type, s.ClusterIP, s.Headless
	f.LoadBalancerIP = s.LoadBalancerIP
	b := kubectl.AppendPortString(c.text[:0], c.svcPorts)
	split := len(b)
	switch {
	case s.Type == service.ExternalName:
		cname, err := c.LookupCNAME(ns, name)
		if err != nil {
			b = append(b, err.Error()...)
		} else {
			b = append(append(b, "CNAME "...), cname...)
		}
	case !s.Headless:
		var err error
		c.addrs, err = c.AppendResolve(c.addrs[:0], ns, name)
		if err != nil {
			b = append(b, err.Error()...)
		} else {
			b = appendAddrs(b, c.addrs)
		}
	}
	c.text = b
	return f, b[:split:split], b[split:]
}

// appendAddrs appends addrs, valid addresses as Resolve returns them, as
// fmt.Sprint renders them ("[10.96.0.10 fd00:10:96::a]") but without
// reflection: FrontEnd runs after every step of a property.
func appendAddrs(b []byte, addrs []netip.Addr) []byte {
	b = append(b, '[')
	for i, a := range addrs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = a.AppendTo(b)
	}
	return append(b, ']')
}

// String renders f as one line: "default/web ClusterIP 10.96.12.7
// 80:30080/TCP lb=- dns=[10.96.12.7]".
func (f Front) String() string {
	if !f.Exists {
		return f.Namespace + "/" + f.Name + " (no such Service)"
	}
	ip := f.ClusterIP.String()
	if f.Headless {
		ip = "None"
	}
	lb := "-"
	if f.LoadBalancerIP.IsValid() {
		lb = f.LoadBalancerIP.String()
	}
	return strings.Join([]string{f.Namespace + "/" + f.Name, string(f.Type), ip, f.Ports, "lb=" + lb, "dns=" + f.DNS}, " ")
}

// AssertFrontEnd checks that the front end of the Service snap was taken
// of is what it was then: same existence, type, ClusterIP, ports and node
// ports, load-balancer address and DNS answer. On a change it fails t with
// a message naming the Service and showing both, and returns false; a
// snapshot of a Service that did not exist fails too.
//
// Like AssertEndpoints, it calls t.Helper only on the way to a report.
func AssertFrontEnd(t T, c *Cluster, snap Front) bool {
	if c == nil || c.Cluster == nil {
		t.Helper()
		return nilCluster(t, "AssertFrontEnd")
	}
	if !snap.Exists {
		t.Helper()
		t.Errorf("Service %s/%s: did not exist when its front end was recorded", snap.Namespace, snap.Name)
		return false
	}
	now, ports, dns := c.readFront(snap.Namespace, snap.Name)
	if string(ports) == snap.Ports && string(dns) == snap.DNS {
		now.Ports, now.DNS = snap.Ports, snap.DNS
		if now == snap {
			return true
		}
	}
	now = FrontEnd(c, snap.Namespace, snap.Name)
	t.Helper()
	t.Errorf("Service %s/%s: front end changed\n  recorded: %s\n       now: %s", snap.Namespace, snap.Name, snap, now)
	return false
}
