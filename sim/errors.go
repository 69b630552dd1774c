package sim

// The sentinel errors every Cluster method's error wraps.

import (
	"errors"
	"fmt"
	"slices"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/dns"
)

// Sentinel errors of the cluster API; every error returned by a Cluster
// method wraps one of them (a leaf package's error keeps its own sentinel
// too, e.g. pod.ErrInvalid beside ErrInvalid), so callers can branch with
// errors.Is.
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
	// ErrFull reports an exhausted allocation range: ClusterIPs, node
	// ports or a node's pod IPs. It also matches ipam.ErrFull.
	ErrFull = fmt.Errorf("%w", ipam.ErrFull)
	// ErrForbidden reports a call refused by policy, such as the pod
	// quota (Kubernetes' Forbidden, HTTP 403).
	ErrForbidden = errors.New("forbidden")
	// ErrInconsistent reports a broken invariant found by Check: a bug
	// of the simulator.
	ErrInconsistent = errors.New("inconsistent cluster state")
	// ErrConnectionRefused reports a connection kube-proxy rejects: the
	// service has no usable endpoint.
	ErrConnectionRefused = errors.New("connection refused")
	// ErrUnreachable reports a connection that would time out: nobody
	// answers the address, or a policy drops the packet.
	ErrUnreachable = errors.New("unreachable")
)

// simError gives a leaf package's error the sim sentinel it stands for,
// keeping its text: pod, service and selector validation → ErrInvalid,
// ipam.ErrFull → ErrFull, ipam.ErrAllocated and ipam.ErrNotInRange (a
// requested value refused) and a malformed DNS name → ErrInvalid.
func simError(err error) error {
	if err == nil || isAny(err, sentinels) {
		return err
	}
	switch {
	case errors.Is(err, ipam.ErrFull):
		return &mapped{err, ErrFull}
	case errors.Is(err, pod.ErrInvalid), errors.Is(err, service.ErrInvalid), errors.Is(err, selector.ErrInvalidLabel),
		errors.Is(err, endpoints.ErrInvalid), errors.Is(err, ipam.ErrAllocated), errors.Is(err, ipam.ErrNotInRange),
		errors.Is(err, ipam.ErrInvalidRange), errors.Is(err, dns.ErrInvalidName):
		return &mapped{err, ErrInvalid}
	}
	return err
}

// sentinels are package sim's sentinel errors.
var sentinels = []error{ErrNotFound, ErrAlreadyExists, ErrInvalid, ErrFull, ErrForbidden, ErrNXDomain,
	ErrConnectionRefused, ErrUnreachable, ErrNotSettled, ErrInconsistent, ErrReentrant,
	ErrProgressDeadlineExceeded}

// isAny reports whether errors.Is(err, t) holds for one of targets, in
// one walk of err's tree rather than one per target (a refused call's
// error is walked at every API return). The targets are comparable
// sentinels, as errors.Is requires for its == test.
func isAny(err error, targets []error) bool {
	for {
		if slices.Contains(targets, err) {
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && slices.ContainsFunc(targets, x.Is) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			if err = x.Unwrap(); err == nil {
				return false
			}
		case interface{ Unwrap() []error }:
			return slices.ContainsFunc(x.Unwrap(), func(e error) bool { return e != nil && isAny(e, targets) })
		default:
			return false
		}
	}
}

// refusal is an error with message msg wrapping sentinel, as fmt.Errorf
// with a trailing ": %w" makes it, built by concatenation: the refusals a
// property test makes by the thousand (an unknown pod, a pod not running,
// a node already down or up) cost no formatting.
type refusal struct {
	msg      string // the whole message, ending with the sentinel's
	sentinel error
}

func (e *refusal) Error() string { return e.msg }
func (e *refusal) Unwrap() error { return e.sentinel }

// refuse returns the refusal "what: <sentinel's message>", the error
// fmt.Errorf("%s: %w", what, sentinel) would be.
func refuse(what string, sentinel error) error {
	return &refusal{what + ": " + sentinel.Error(), sentinel}
}

// mapped is a leaf package's error that also wraps a sim sentinel.
type mapped struct{ err, sentinel error }

func (e *mapped) Error() string   { return e.err.Error() }
func (e *mapped) Unwrap() []error { return []error{e.err, e.sentinel} }
