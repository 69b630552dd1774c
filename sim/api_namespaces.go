package sim

// The public view of namespaces (core/v1 Namespace).

import (
	"time"

	"github.com/svcsim/svcsim/selector"
)

// NamespacePhase is a namespace's status.phase (core/v1 NamespacePhase).
type NamespacePhase string

// The namespace phases of core/v1.
const (
	NamespaceActive      NamespacePhase = "Active"
	NamespaceTerminating NamespacePhase = "Terminating"
)

// LabelMetadataName is the label the API server puts on every namespace,
// its name as value (k8s.io/api core/v1 well_known_labels.go,
// LabelMetadataName).
const LabelMetadataName = "kubernetes.io/metadata.name"

// Namespace is a namespace as the cluster holds it.
type Namespace struct {
	Name string
	// Labels are its labels, kubernetes.io/metadata.name included.
	Labels selector.Set
	// Phase is Active, or Terminating while its objects are deleted.
	Phase NamespacePhase
	// CreationTimestamp is metadata.creationTimestamp.
	CreationTimestamp time.Time
}
