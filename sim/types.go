package sim

import (
	"net/netip"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// Strategy is a Deployment's update strategy (apps/v1 DeploymentStrategyType).
type Strategy string

// The Deployment strategies of apps/v1.
const (
	// RollingUpdate replaces pods gradually within maxSurge/maxUnavailable
	// (the default).
	RollingUpdate Strategy = "RollingUpdate"
	// Recreate deletes every old pod before creating new ones.
	Recreate Strategy = "Recreate"
)

// Deployment is the desired state of a set of identical pods, as an apps/v1
// Deployment whose selector equals its template labels.
type Deployment struct {
	Namespace, Name        string
	Replicas               int                 // taken as given: 0 means zero pods
	Labels                 selector.Set        // pod template labels (selector = these)
	Ports                  []pod.ContainerPort // container ports of the template
	MaxSurge               string              // "25%" or "1"; default 25%
	MaxUnavailable         string              // "25%" or "1"; default 25%
	Strategy               Strategy            // default RollingUpdate
	ReadyAfter             time.Duration       // readiness delay of new pods (virtual time)
	TerminationGracePeriod time.Duration       // 0: default 30s
}

// Node is a cluster node as seen from the API.
type Node struct {
	Name    string
	IP      netip.Addr
	PodCIDR netip.Prefix
	Ready   bool
}
