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
}

func newTable(o Options, header ...string) *table {
	if o.AllNamespaces {
		header = append([]string{"NAMESPACE"}, header...)
	}
	return &table{header: header}
}

func (t *table) add(o Options, namespace string, cells ...string) {
	if o.AllNamespaces {
		cells = append([]string{nsOrDefault(namespace)}, cells...)
	}
	t.rows = append(t.rows, cells)
}

// write prints the table, or kubectl's "No resources found" line when it
// has no rows.
func (t *table) write(w io.Writer) error {
	if len(t.rows) == 0 {
		_, err := io.WriteString(w, "No resources found\n")
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
