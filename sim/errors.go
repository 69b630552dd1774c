package sim

// The sentinel errors every Cluster method's error wraps.

import (
	"errors"

	"github.com/svcsim/svcsim/sim/internal/dns"
)

// Sentinel errors of the cluster API; every error returned by a Cluster
// method wraps one of them (or a leaf package's ErrInvalid), so callers can
// branch with errors.Is.
var (
	// ErrNotFound reports an unknown object (Kubernetes' NotFound).
	ErrNotFound = errors.New("not found")
	// ErrAlreadyExists reports a create of a name already taken
	// (Kubernetes' AlreadyExists).
	ErrAlreadyExists = errors.New("already exists")
	// ErrInvalid reports a bad Config, Deployment or call argument
	// (Kubernetes' Invalid).
	ErrInvalid = errors.New("invalid")
	// ErrNXDomain reports a DNS name that does not exist (RCODE NXDOMAIN)
	// or has no record of the type asked for (NODATA).
	ErrNXDomain = dns.ErrNXDomain
	// ErrConnectionRefused reports a connection kube-proxy rejects: the
	// service has no usable endpoint.
	ErrConnectionRefused = errors.New("connection refused")
	// ErrUnreachable reports a connection that would time out: nobody
	// answers the address, or a policy drops the packet.
	ErrUnreachable = errors.New("unreachable")
)
