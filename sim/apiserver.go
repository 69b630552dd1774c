package sim

// The API server's own Service: default/kubernetes and its Endpoints, as
// kubernetes pkg/controlplane/controller/kubernetesservice and
// pkg/controlplane/reconcilers keep them.

import (
	"net/netip"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// The control plane. As in a kubeadm or kind cluster, node-1 is the
// control-plane node: kube-apiserver listens on its node IP, port
// APIServerPort (hostNetwork), and its endpoint reconciler
// (pkg/controlplane/reconcilers, the lease reconciler) keeps the Endpoints
// default/kubernetes holding that address, port "https" 6443/TCP, labelled
// endpointslice.kubernetes.io/skip-mirror, and writes the EndpointSlice
// named exactly "kubernetes" itself (EndpointsAdapter). The Service
// default/kubernetes itself is created by New.
//
// Modelled: the core writes the Endpoints whenever the Service
// default/kubernetes is created or updated (at New, and again after a user
// re-creates it); they follow the endpoints controller's rules for a
// selector-less Service (endpoints.Controller.SetManual), so they appear at
// its next sync with an EndpointsUpdated event and reach kube-proxy after
// ProxyDelay like any other. Deleting default/kubernetes succeeds (kubectl
// allows it); kube-apiserver's kubernetesservice controller, which checks
// every MasterServiceInterval since the API server started, creates it again
// at its next tick of virtual time: the same ClusterIP (the first address of
// the Service CIDR), a new UID, and its Endpoints. Upstream retries a failed
// creation every tick; svcsim tries once (a Settle must end), so a
// default/kubernetes the user created in between stays, and one whose
// address another Service took meanwhile is not re-created. The endpoint
// stays while node-1 is down (the reconciler runs inside the apiservers:
// with the only one down, nothing removes it), and connections to it time
// out (ErrUnreachable).
//
// The address carries no nodeName, as upstream writes it
// (EndpointAddress{IP: ip}). The apiserver's address family must be the
// Service's, and a valid endpoint address: with an IPv6 service CIDR and
// IPv4 nodes (kube-apiserver would refuse to start), or a NodeCIDR the
// Endpoints validation refuses (loopback, link-local), none is written.

// APIServerPort is the port kube-apiserver listens on (kubeadm's default
// --secure-port) and the targetPort of default/kubernetes.
const APIServerPort = 6443

// apiserverNode is the control-plane node (node-1).
const apiserverNode = 0

// MasterServiceInterval is how often kube-apiserver's kubernetesservice
// controller reconciles default/kubernetes (its 10 s sync period).
const MasterServiceInterval = 10 * time.Second

// masterService is default/kubernetes as kube-apiserver creates it: port
// "https" 443 → 6443, no selector, single-stack on the first address of
// the Service CIDR; defaulted and prepared (WithDefaults and
// prepareCreateService change nothing), to be stored as it is
// (addService). Its address and port lists are one allocation.
func (c *Cluster) masterService() service.Service {
	ip := c.svcIPs.Prefix().Addr().Next()
	b := &struct {
		ips   [1]netip.Addr
		ports [1]service.Port
	}{
		ips:   [1]netip.Addr{ip},
		ports: [1]service.Port{{Name: "https", Protocol: pod.TCP, Port: 443, TargetPort: service.TargetPortNumber(APIServerPort)}},
	}
	return service.Service{Namespace: pod.DefaultNamespace, Name: service.MasterServiceName,
		Type: service.ClusterIP, SessionAffinity: service.SessionAffinityNone,
		InternalTrafficPolicy: service.TrafficPolicyCluster, ClusterIP: ip, ClusterIPs: b.ips[:],
		IPFamilyPolicy: service.IPFamilyPolicySingleStack, IPFamilies: c.families[:1:1], Ports: b.ports[:]}
}

// masterDeleted schedules the re-creation of default/kubernetes at the
// controller's next tick after its deletion.
func (c *Cluster) masterDeleted() {
	if c.masterQueued {
		return
	}
	c.masterQueued = true
	iv := int64(MasterServiceInterval)
	c.schedule(time.Duration((c.now/iv+1)*iv-c.now), tkMasterService, 0, 0)
}

// runMasterService is the kubernetesservice controller's tick: it creates
// default/kubernetes if it is missing.
func (c *Cluster) runMasterService() {
	c.masterQueued = false
	if _, r := c.lookupSvc(pod.DefaultNamespace, service.MasterServiceName); r != nil {
		return
	}
	_, _ = c.CreateService(c.masterService()) // refused only if its address was taken: not retried
}

// apiserverAddr returns where kube-apiserver listens: node-1's IP, port
// 6443.
func (c *Cluster) apiserverAddr() netip.AddrPort {
	return netip.AddrPortFrom(c.nodes[apiserverNode].ip, APIServerPort)
}

// masterEndpoints is the Endpoints object kube-apiserver's reconciler
// writes for default/kubernetes. Its subset's address and port lists are
// one allocation when the object is kept (TakeManual), none when it is
// only compared (the subset list, pointing at them, is another: a value
// that pointed at itself would be on the heap in either case).
func (c *Cluster) masterEndpoints() endpoints.Endpoints {
	b := &struct {
		addrs [1]endpoints.Address
		ports [1]endpoints.EndpointPort
	}{
		addrs: [1]endpoints.Address{{IP: c.apiserverAddr().Addr()}},
		ports: [1]endpoints.EndpointPort{{Name: "https", Port: APIServerPort, Protocol: pod.TCP}},
	}
	return endpoints.Endpoints{Namespace: pod.DefaultNamespace, Name: service.MasterServiceName,
		Subsets: []endpoints.Subset{{Addresses: b.addrs[:], Ports: b.ports[:]}}, SkipMirror: true}
}

// isMaster reports whether namespace/name is default/kubernetes.
func isMaster(namespace, name string) bool {
	return name == service.MasterServiceName && pod.NamespaceOrDefault(namespace) == pod.DefaultNamespace
}

// reconcileMaster writes the Endpoints of default/kubernetes after that
// Service was created or updated, as kube-apiserver's endpoint reconciler
// does (a no-op when they are already written). TakeManual validates them
// (an address Endpoints refuse is not written) and keeps them without a
// copy: masterEndpoints builds them afresh.
func (c *Cluster) reconcileMaster(s *service.Service) {
	if !isMaster(s.Namespace, s.Name) || !c.masterFamily(s) {
		return
	}
	if dirty, err := c.ep.TakeManual(c.masterEndpoints(), service.MasterServiceName, c.epDirty); err == nil {
		c.epDirty = dirty
	}
}

// masterFamily reports whether kube-apiserver listens on an address of
// Service s's family (a cluster without nodes has none).
func (c *Cluster) masterFamily(s *service.Service) bool {
	return len(c.nodes) > 0 && (!s.ClusterIP.IsValid() || s.ClusterIP.Is4() == c.apiserverAddr().Addr().Is4())
}

// masterWritable reports whether kube-apiserver can advertise its address
// for Service s: same family, an address Endpoints accept.
func (c *Cluster) masterWritable(s *service.Service) bool {
	return c.masterFamily(s) && endpoints.ValidateEndpoints(c.masterEndpoints()) == nil
}

// apiserverAt reports whether addr is kube-apiserver's listening address,
// and whether its node is up.
func (c *Cluster) apiserverAt(addr netip.AddrPort) (node string, up bool, ok bool) {
	if len(c.nodes) == 0 || addr != c.apiserverAddr() {
		return "", false, false
	}
	n := &c.nodes[apiserverNode]
	return n.name, !n.down, true
}

// checkMaster verifies that a selector-less default/kubernetes shows the
// apiserver's Endpoints when it can write them (masterWritable, asked
// only when they are not shown).
func (c *Cluster) checkMaster(bad func(string, ...any)) {
	_, r := c.lookupSvc(pod.DefaultNamespace, service.MasterServiceName)
	if r == nil || len(r.svc.Selector) > 0 || isInert(c.ep) {
		return
	}
	if showsEndpoints(c.ep, pod.DefaultNamespace, service.MasterServiceName, c.masterEndpoints()) || !c.masterWritable(r.svc) {
		return
	}
	ep, ok := c.ep.Endpoints(pod.DefaultNamespace, service.MasterServiceName)
	bad("endpoints default/kubernetes: %+v (present %v), want kube-apiserver at %s", ep, ok, c.apiserverAddr())
}

// showsEndpoints reports whether the controller shows want as the
// Endpoints object of Service namespace/name (want's): compared where an
// endpoints.Controller keeps it (ShowsEndpoints), else on a copy. (The
// names are passed apart: handing want's to the interface's Endpoints
// would send want to the heap.)
func showsEndpoints(ep epController, namespace, name string, want endpoints.Endpoints) bool {
	switch ep := ep.(type) {
	case *endpoints.Controller:
		return ep.ShowsEndpoints(want)
	case *dualEP:
		return ep.primary(namespace, name).ShowsEndpoints(want)
	}
	got, ok := ep.Endpoints(namespace, name)
	return ok && endpoints.EqualEndpoints(got, want)
}
