package kubectl

import (
	"io"
	"strings"
	"text/tabwriter"
)

// The tabwriter settings of kubectl's human-readable output
// (k8s.io/cli-runtime/pkg/printers/tabwriter.go).
const (
	tabwriterMinWidth = 6
	tabwriterWidth    = 4
	tabwriterPadding  = 3
	tabwriterPadChar  = ' '
)

// table collects rows and writes them aligned as kubectl does.
type table struct {
	header []string
	rows   [][]string
	empty  string // what an empty list prints
}

// newTable starts a table of namespaced objects listed in o.Namespace, or
// in all namespaces with o.AllNamespaces.
func newTable(o Options, header ...string) *table {
	if o.AllNamespaces {
		return &table{header: append([]string{"NAMESPACE"}, header...), empty: noResources}
	}
	return &table{header: header, empty: "No resources found in " + nsOrDefault(o.Namespace) + " namespace.\n"}
}

// noResources is kubectl get's line for an empty list of cluster-scoped
// objects or of all namespaces (kubectl pkg/cmd/get/get.go).
const noResources = "No resources found\n"

func (t *table) add(o Options, namespace string, cells ...string) {
	if o.Kind != "" {
		cells[0] = o.Kind + "/" + cells[0]
	}
	if o.AllNamespaces {
		cells = append([]string{nsOrDefault(namespace)}, cells...)
	}
	t.rows = append(t.rows, cells)
}

// write prints the table, or kubectl's "No resources found" line when it
// has no rows (kubectl writes that line on stderr; the printers write it
// to w).
func (t *table) write(w io.Writer) error {
	if len(t.rows) == 0 {
		_, err := io.WriteString(w, t.empty)
		return err
	}
	tw := tabwriter.NewWriter(w, tabwriterMinWidth, tabwriterWidth, tabwriterPadding, tabwriterPadChar, 0)
	var b strings.Builder
	line := func(cells []string) {
		b.Reset()
		for i, c := range cells {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
		_, _ = io.WriteString(tw, b.String())
	}
	line(t.header)
	for _, r := range t.rows {
		line(r)
	}
	return tw.Flush()
}

func nsOrDefault(ns string) string {
	if ns == "" {
		return "default"
	}
	return ns
}

// noneIfEmpty returns s, or "<none>" for an empty s.
func noneIfEmpty(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}
