package kubectl

import (
	"time"

	"github.com/svcsim/svcsim/sim"
)

// Options say how a table is printed. The zero value prints the default
// columns, ages measured to the zero time; an object without a
// CreationTimestamp shows AGE "<unknown>".
type Options struct {
	// Now is the (virtual) time AGE is measured to.
	Now time.Time
	// Born is the creation time of the nodes (whose API value carries
	// none). Zero: AGE "<unknown>".
	Born time.Time
	// Wide adds the columns of `-o wide`.
	Wide bool
	// AllNamespaces adds a leading NAMESPACE column, as `-A` does.
	AllNamespaces bool
	// Namespace is the namespace listed (kubectl's -n; "" means default),
	// named by the line an empty list prints: "No resources found in
	// default namespace.". With AllNamespaces, and for nodes, the line is
	// "No resources found".
	Namespace string
	// ShowLabels adds a trailing LABELS column, as `--show-labels` does
	// (pods only).
	ShowLabels bool
	// Kind, when set, prefixes each NAME cell with "Kind/", as kubectl
	// does when it lists several types at once ("deployment.apps/web").
	Kind string
}

// Epoch is the virtual clock's start of every sim.Cluster
// (2025-01-01T00:00:00Z); For uses it as Options.Born.
var Epoch = sim.Epoch

// For returns the Options to print c's objects now: its virtual clock, and
// Epoch as the birth of its nodes (which exist before anything else).
func For(c *sim.Cluster) Options {
	return Options{Now: c.Now(), Born: Epoch}
}

// WithWide returns o with Wide set, for `-o wide`.
func (o Options) WithWide() Options { o.Wide = true; return o }

// WithAllNamespaces returns o with AllNamespaces set, for `-A`.
func (o Options) WithAllNamespaces() Options { o.AllNamespaces = true; return o }

// WithShowLabels returns o with ShowLabels set, for `--show-labels`.
func (o Options) WithShowLabels() Options { o.ShowLabels = true; return o }

// WithKind returns o with Kind set: names print as kind/name.
func (o Options) WithKind(kind string) Options { o.Kind = kind; return o }
