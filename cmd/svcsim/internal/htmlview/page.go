package htmlview

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"html"
	"io"
	"strings"
	"time"
)

var (
	//go:embed assets/page.html
	pageHTML string
	//go:embed assets/page.css
	pageCSS string
	//go:embed assets/view.js
	pageJS string
)

// pageData is what the page's script reads. Instants are numbered from 0;
// times are seconds of virtual time since the recording started.
type pageData struct {
	Title  string    `json:"title"`
	Epoch  string    `json:"epoch"`  // the recording's start, RFC 3339
	T      []float64 `json:"t"`      // each instant
	Folded bool      `json:"folded"` // history before T[0] was folded into Base
	// Base is the state at instant 0, by kind and key.
	Base map[string]map[string]json.RawMessage `json:"base"`
	// Changes are [instant, kind, key, object or null], in order.
	Changes [][]any `json:"changes"`
	// Marks are [instant, label].
	Marks [][]any `json:"marks"`
	// Conns are [instant, target, Service name, pod, ok, error, count,
	// node, backend].
	Conns [][]any `json:"conns"`
}

// Write writes the page: one HTML document with its style, data and
// script inline, fetching nothing.
func (r *Recorder) Write(w io.Writer) error {
	data, err := json.Marshal(r.data()) // escapes <, > and &: safe inside <script>
	if err != nil {
		return err
	}
	title := html.EscapeString(r.title)
	page := strings.NewReplacer("{{TITLE}}", title, "{{CSS}}", pageCSS, "{{DATA}}", string(data), "{{JS}}", pageJS).Replace(pageHTML)
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(page); err != nil {
		return err
	}
	return bw.Flush()
}

func (r *Recorder) data() pageData {
	d := pageData{Title: r.title, Epoch: r.start.UTC().Format(time.RFC3339Nano), Folded: r.folded,
		Base: r.base, Changes: [][]any{}, Marks: [][]any{}, Conns: [][]any{}}
	for _, t := range r.frames {
		d.T = append(d.T, t.Seconds())
	}
	for _, ch := range r.changes {
		d.Changes = append(d.Changes, []any{ch.frame, ch.kind, ch.key, ch.obj}) // a nil obj is null
	}
	for _, m := range r.marks {
		d.Marks = append(d.Marks, []any{m.frame, m.label})
	}
	for _, c := range r.conns {
		d.Conns = append(d.Conns, []any{c.frame, c.target, targetHost(c.target), c.pod, c.ok, c.errText, c.count, c.node, c.endpoint})
	}
	return d
}

// instants returns how many instants the page keeps.
func (r *Recorder) instants() int { return len(r.frames) }
