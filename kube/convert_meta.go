package kube

// Object metadata shared by every kind: UIDs, timestamps, the errors and
// warnings of the k8s→svcsim direction.

import (
	"errors"
	"time"

	"github.com/google/uuid"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/svcsim/svcsim/pod"
)

// ErrUnsupported is wrapped by the error of a conversion into svcsim that
// meets a field svcsim does not model, set to a value other than its
// default: the error is a *pod.FieldError naming the field path.
var ErrUnsupported = errors.New("not supported by svcsim")

// uidSpace is the name space of the UIDs derived for the objects svcsim
// keeps without one (Deployments, ReplicaSets, StatefulSets, Nodes,
// Namespaces, Endpoints, EndpointSlices).
var uidSpace = uuid.MustParse("5e7c1a4d-3b0f-4e8a-9d2c-6f1b8a7e0c35")

// DerivedUID returns the UID svcsim gives an object it stores without
// one: a name-based (version 5) UUID of its kind, namespace, name and
// creation time, so the same object always has the same UID and an
// object deleted and created again under its name gets a new one. It
// draws no random number.
func DerivedUID(kind, namespace, name string, created time.Time) string {
	return uuid.NewSHA1(uidSpace, []byte(kind+"/"+namespace+"/"+name+"/"+created.UTC().Format(time.RFC3339Nano))).String()
}

// metaTime returns t as a metav1.Time in UTC; the zero time stays zero.
func metaTime(t time.Time) metav1.Time {
	if t.IsZero() {
		return metav1.Time{}
	}
	return metav1.NewTime(t.UTC())
}

// controllerRef returns the ownerReference a controller puts on the
// objects it creates (controller: true, blockOwnerDeletion: true), as
// apimachinery pkg/apis/meta/v1 NewControllerRef builds it.
func controllerRef(apiVersion, kind, name, uid string) metav1.OwnerReference {
	yes := true
	return metav1.OwnerReference{APIVersion: apiVersion, Kind: kind, Name: name,
		UID: types.UID(uid), Controller: &yes, BlockOwnerDeletion: &yes}
}

// cloneStrings returns a copy of m, nil for an empty m.
func cloneStrings(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// unsupported returns the error for a field svcsim does not model set to
// a value other than its default.
func unsupported(obj, field, detail string) error {
	return &pod.FieldError{Object: obj, Field: field, Type: pod.ErrorTypeForbidden, Detail: detail, Sentinel: ErrUnsupported}
}

// invalid returns the error for a value svcsim cannot read (an address
// that does not parse, a negative duration).
func invalid(obj, field string, value any, detail string, sentinel error) error {
	return &pod.FieldError{Object: obj, Field: field, Type: pod.ErrorTypeInvalid, Value: value, Detail: detail, Sentinel: sentinel}
}

// ignoredWarning is the warning for a field that cannot change Service
// behaviour and that svcsim ignores, worded as kubectl prints a warning.
func ignoredWarning(obj, field string) string {
	return "Warning: " + obj + ": " + field + ": ignored (svcsim does not model it; it does not change Service networking)"
}

// objectName is how an error or warning names an object: "service
// default/web", as svcsim's own errors do.
func objectName(kind, namespace, name string) string {
	return kind + " " + pod.NamespaceOrDefault(namespace) + "/" + name
}

// readMeta checks the metadata fields svcsim does not model: generateName
// without a name and finalizers change what the API server does (errors;
// with a name, generateName is ignored, as the API server ignores it);
// ownerReferences, set by a user, are warned about and ignored (svcsim's
// controllers own what they create; the garbage collector is not
// modelled). The fields the API server sets (uid, resourceVersion,
// generation, creationTimestamp, deletionTimestamp, managedFields) are
// read where svcsim keeps them and otherwise ignored, as the API server
// ignores them on create. ownedOK marks a kind whose owners svcsim derives
// itself (a controller's pods, ReplicaSets and slices): its
// ownerReferences are not warned about.
func readMeta(obj string, m *metav1.ObjectMeta, ownedOK bool) (warnings []string, err error) {
	if m.GenerateName != "" && m.Name == "" {
		return nil, unsupported(obj, "metadata.generateName", "svcsim needs a name")
	}
	if len(m.Finalizers) > 0 {
		return nil, unsupported(obj, "metadata.finalizers", "svcsim models no finalizers")
	}
	if len(m.OwnerReferences) > 0 && !ownedOK {
		warnings = append(warnings, ignoredWarning(obj, "metadata.ownerReferences"))
	}
	return warnings, nil
}
