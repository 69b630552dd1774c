package kubectl

import (
	"io"

	"github.com/svcsim/svcsim/sim"
)

// Namespaces prints namespaces as `kubectl get namespaces` (NAME STATUS
// AGE; -o wide adds nothing, as printNamespace upstream). STATUS is the
// phase, Active or Terminating; AGE counts from the namespace's
// CreationTimestamp (Options.Born if zero). Namespaces keep the order
// given (sim.Cluster.Namespaces sorts them by name). Namespaces are
// cluster-scoped: no NAMESPACE column, and an empty list prints "No
// resources found".
func Namespaces(w io.Writer, nss []sim.Namespace, o Options) error {
	o.AllNamespaces = false // namespaces are not namespaced
	t := newTable(o, "NAME", "STATUS", "AGE")
	t.empty = noResources
	for _, n := range nss {
		born := n.CreationTimestamp
		if born.IsZero() {
			born = o.Born
		}
		t.add(o, "", n.Name, string(n.Phase), age(o.Now, born))
	}
	return t.write(w)
}
