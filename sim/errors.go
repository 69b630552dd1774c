package sim

// The sentinel errors every Cluster method's error wraps.

import "errors"

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
	// ErrForbidden reports a call refused by policy, such as the pod
	// quota (Kubernetes' Forbidden, HTTP 403).
	ErrForbidden = errors.New("forbidden")
	// ErrNXDomain reports a DNS name that does not exist.
	ErrNXDomain = errors.New("NXDOMAIN")
	// ErrConnectionRefused reports a connection kube-proxy rejects: the
	// service has no usable endpoint.
	ErrConnectionRefused = errors.New("connection refused")
	// ErrUnreachable reports a connection that would time out: nobody
	// answers the address, or a policy drops the packet.
	ErrUnreachable = errors.New("unreachable")
)
