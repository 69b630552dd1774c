package dns

import (
	"errors"
	"net/netip"

	"github.com/svcsim/svcsim/service"
)

// View is what the Resolver needs to read from the cluster. The cluster
// implements it; the Resolver never keeps what it returns beyond one call.
type View interface {
	// Service returns the Service namespace/name (its Type, ClusterIP,
	// Headless, ExternalName and Ports are used), nil if it does not
	// exist. The Service is shared: read only.
	Service(namespace, name string) *service.Service
	// AppendEndpoints appends to dst the endpoints DNS publishes for the
	// Service port named portName of namespace/name: the ready ones (CoreDNS
	// publishes Endpoints "addresses", i.e. slice endpoints with ready true
	// or unset; publishNotReadyAddresses makes every one ready), with Port
	// the endpoint's resolved target port for that Service port. Used for
	// SRV records and port-qualified names.
	AppendEndpoints(namespace, name, portName string, dst []Endpoint) []Endpoint
	// AppendAddresses appends to dst every published (ready) endpoint of
	// namespace/name once, whatever ports it resolved (Port 0): a pod whose
	// named targetPort does not resolve sits in an EndpointSlice without
	// ports and still gets its A record, as does every endpoint of a
	// headless Service without ports. Used for plain A/AAAA queries.
	AppendAddresses(namespace, name string, dst []Endpoint) []Endpoint
	// NamespaceExists reports whether the namespace exists (CoreDNS's
	// namespaceExposed): the sim treats a namespace as existing while any
	// object lives in it; "default" always exists. A namespace
	// holding a Service (one Service finds) exists.
	NamespaceExists(namespace string) bool
}

// Endpoint is one published endpoint of a Service port.
type Endpoint struct {
	IP       netip.Addr
	Hostname string // endpoint hostname; "" means the dashed IP (endpointHostname)
	Port     int32  // resolved target port
}

// Errors of this package. Every lookup error wraps exactly one of them.
var (
	// ErrNXDomain reports a name that does not exist (RCODE NXDOMAIN).
	ErrNXDomain = errors.New("NXDOMAIN")
	// ErrNoData reports a name that exists with no record of the asked type
	// (NOERROR with an empty answer, "NODATA").
	ErrNoData = errors.New("no data")
	// ErrInvalidName reports a name a resolver refuses to send (empty,
	// an empty label, a label over 63 or a name over 253 characters).
	ErrInvalidName = errors.New("invalid DNS name")
)
