package sim

import (
	"github.com/google/uuid"

	"github.com/svcsim/svcsim/pod"
)

// PodUID returns the UID of pod namespace/name ("" namespace: default),
// the one Pod reports, and whether the pod exists; it builds nothing
// else of the pod (an endpoint's targetRef needs only this).
func (c *Cluster) PodUID(namespace, name string) (uuid.UUID, bool) {
	i, ok := c.lookupPod(pod.NamespaceOrDefault(namespace), name)
	if !ok {
		return uuid.UUID{}, false
	}
	return c.podUID(i), true
}
