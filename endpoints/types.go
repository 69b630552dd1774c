package endpoints

import (
	"net/netip"
	"strconv"
	"time"

	"github.com/svcsim/svcsim/pod"
)

// Address is one address of an Endpoints subset.
type Address struct {
	IP       netip.Addr
	NodeName string
	Pod      string // namespace/name
	// Hostname is the pod's spec.hostname when its spec.subdomain is the
	// Service's name (ShouldSetHostname); empty otherwise.
	Hostname string
}

// EndpointPort is a port of an Endpoints subset or an EndpointSlice: the
// Service port's name, the resolved target port and the protocol.
type EndpointPort struct {
	Name     string
	Port     int32
	Protocol pod.Protocol
	// AppProtocol is the Service port's appProtocol, copied as is.
	AppProtocol string
}

// Subset is a group of addresses that share the same ports.
type Subset struct {
	Addresses, NotReadyAddresses []Address
	Ports                        []EndpointPort
}

// Endpoints is the core/v1 Endpoints object of a Service.
type Endpoints struct {
	Namespace, Name string
	Subsets         []Subset
	// Truncated is the annotation endpoints.kubernetes.io/over-capacity:
	// truncated: the Service had more than MaxEndpointsCapacity addresses
	// and some were left out (kubernetes
	// pkg/controller/endpoint/endpoints_controller.go, truncateEndpoints).
	Truncated bool
	// CreationTimestamp is metadata.creationTimestamp: when the controller
	// (or the writer of a manual object) created it; zero without
	// Options.Now.
	CreationTimestamp time.Time
	// SkipMirror is the label endpointslice.kubernetes.io/skip-mirror:
	// "true" on an Endpoints object a user writes (SetManual): the
	// endpointslicemirroring controller leaves such an object unmirrored
	// (shouldMirror in kubernetes
	// pkg/controller/endpointslicemirroring/endpointslicemirroring_controller.go).
	SkipMirror bool
}

// AddressType is an EndpointSlice's address type.
type AddressType string

// The EndpointSlice address types.
const (
	IPv4 AddressType = "IPv4"
	IPv6 AddressType = "IPv6"
	FQDN AddressType = "FQDN"
)

// Conditions are an EndpointSlice endpoint's conditions.
type Conditions struct{ Ready, Serving, Terminating bool }

// Endpoint is one endpoint of an EndpointSlice.
type Endpoint struct {
	Addresses  []netip.Addr
	Conditions Conditions
	NodeName   string
	Pod        string // namespace/name
	// Hostname is set as on Address (ShouldSetHostname).
	Hostname string
	// Zone is the topology.kubernetes.io/zone label of the endpoint's node
	// (Options.NodeZone); "" without one.
	Zone string
	// Hints are the endpoint's topology hints; nil without any.
	Hints *Hints
}

// Hints are an EndpointSlice endpoint's topology hints (discovery/v1
// EndpointHints): the zones (forZones) and nodes (forNodes) whose
// kube-proxy should prefer the endpoint. Each list holds at most 8 names.
type Hints struct {
	ForZones []string
	ForNodes []string
}

// Slice is an EndpointSlice: at most 100 endpoints.
type Slice struct {
	Namespace, Name string
	Service         string // the kubernetes.io/service-name label
	AddressType     AddressType
	Ports           []EndpointPort
	Endpoints       []Endpoint
	// Labels are the slice's labels (SliceLabels for the controller's
	// slices; service-name and managed-by for mirrored ones).
	Labels map[string]string
	// CreationTimestamp is metadata.creationTimestamp: when the controller
	// created the slice (a slice whose name is reused keeps it); zero
	// without Options.Now.
	CreationTimestamp time.Time
}

// ServiceKey names a Service: a small comparable value usable as a map key.
// An empty Namespace means "default".
type ServiceKey struct{ Namespace, Name string }

// String returns "namespace/name".
func (k ServiceKey) String() string { return k.Namespace + "/" + k.Name }

// Options configures a Controller and Compute.
type Options struct {
	// MaxEndpointsPerSlice caps the endpoints of one EndpointSlice. Zero
	// means 100, the default of kube-controller-manager's
	// --max-endpoints-per-slice (cmd/kube-controller-manager/app/options/
	// endpointslicecontroller.go).
	MaxEndpointsPerSlice int
	// Now is the clock that stamps the CreationTimestamp of the objects a
	// Sync creates; nil leaves them zero. It must be deterministic for the
	// controller to be.
	Now func() time.Time
	// NameSuffix draws the random part of a new EndpointSlice's generated
	// name: five characters of apimachinery's utilrand.String alphabet
	// "bcdfghjklmnpqrstvwxz2456789", as the apiserver appends to
	// generateName. The caller owns the random source, so the package reads
	// none. A name taken in the namespace is drawn again, so NameSuffix must
	// not return one suffix forever. Nil: suffixes count up from "bbbbb"
	// per Controller (SliceName). Compute does not use it.
	NameSuffix func() [5]byte
	// NodeZone returns the topology.kubernetes.io/zone label of a node
	// ("" without one), which the endpointslice controller copies onto the
	// endpoints of the pods on it (endpoint.zone) and the topology hints
	// derive from. A node's zone must not change over the Controller's
	// life. Nil: no node has a zone.
	NodeZone func(node string) string
	// NameTaken, when set, reports slice names another writer holds in a
	// namespace (the other family's Controller of a dual-stack cluster):
	// a new generated name it reports is drawn again, as the apiserver
	// refuses a taken name.
	NameTaken func(namespace, name string) bool
}

// DefaultMaxEndpointsPerSlice is upstream's default --max-endpoints-per-slice.
const DefaultMaxEndpointsPerSlice = 100

// MaxEndpointsCapacity is the number of addresses (ready plus not ready) an
// Endpoints object keeps before it is truncated (maxCapacity in
// pkg/controller/endpoint/endpoints_controller.go).
const MaxEndpointsCapacity = 1000

func (o Options) maxPerSlice() int {
	if o.MaxEndpointsPerSlice <= 0 {
		return DefaultMaxEndpointsPerSlice
	}
	return o.MaxEndpointsPerSlice
}

// Backend is one endpoint of one Service port as kube-proxy and DNS read it
// from the EndpointSlices: the endpoint's address, the port it resolved to,
// its node, pod ("namespace/name"), hostname (as on Endpoint), conditions
// and topology hints.
type Backend struct {
	IP                          netip.Addr
	Port                        int32
	Node                        string
	Pod                         string
	Hostname                    string
	Ready, Serving, Terminating bool
	// Hints are the endpoint's topology hints, nil without any; shared
	// between the Backends of one Controller, so never to be modified.
	Hints *Hints
}

// String returns the port as fmt's %v prints the struct, "{http 8080
// TCP}", with the appProtocol appended when set ("{http 8080 TCP
// kubernetes.io/h2c}").
func (p EndpointPort) String() string {
	s := "{" + p.Name + " " + strconv.Itoa(int(p.Port)) + " " + string(p.Protocol)
	if p.AppProtocol != "" {
		s += " " + p.AppProtocol
	}
	return s + "}"
}
