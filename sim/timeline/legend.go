package timeline

import (
	"strconv"
	"strings"
	"time"
)

const (
	legendCol2 = 360.0
	legendCol3 = 660.0
)

// styles are the legend's line-style entries.
var styles = []string{"service", "ready", "starting", "terminating", "conn-ok", "conn-fail"}

func (r *Recorder) legendRows() int {
	n := max(len(r.groups), len(styles))
	return max(n, len(r.marks)) + 1 // + headings
}

func (r *Recorder) legendHeight() float64 { return float64(r.legendRows()) * legendRowH }

// revisions numbers each ReplicaSet within its Deployment (the label up to
// the last '-') in order of first appearance, as `kubectl rollout history`
// numbers revisions.
func (r *Recorder) revisions() []int {
	seen := map[string]int{}
	out := make([]int, len(r.groups))
	for i, g := range r.groups {
		if !strings.HasPrefix(g.key, "hash:") {
			continue
		}
		dep := g.label
		if j := strings.LastIndexByte(dep, '-'); j > 0 {
			dep = dep[:j]
		}
		seen[dep]++
		out[i] = seen[dep]
	}
	return out
}

// writeLegend draws, under the time axis, the ReplicaSets' colours, what each
// kind of line and mark means, and the numbered steps.
func (r *Recorder) writeLegend(s *svgWriter, l *layout) {
	y0 := l.legendY0
	heading := func(x float64, t string) {
		s.raw(`<text x="`, f(x), `" y="`, f(y0+4), `" font-weight="bold" fill="#222222">`)
		s.text(t)
		s.raw("</text>\n")
	}

	heading(leftPad, "ReplicaSets (colour)")
	revs := r.revisions()
	for i, g := range r.groups {
		y := l.legendRow(i)
		col := palette[i%len(palette)]
		s.raw(`<rect x="`, f(leftPad), `" y="`, f(y-6), `" width="22" height="7" fill="`, col, `"/>`)
		label := g.label
		if revs[i] > 0 {
			label += "  (revision " + strconv.Itoa(revs[i]) + ")"
		}
		s.raw(`<text x="`, f(leftPad+30), `" y="`, f(y+1), `" font-family="`, monoFont, `" fill="#222222">`)
		s.text(label)
		s.raw("</text>\n")
	}

	heading(legendCol2, "Lines and marks")
	x0, x1 := legendCol2, legendCol2+30
	for i, st := range styles {
		y := l.legendRow(i)
		ys := f(y - 3)
		var label string
		switch st {
		case "service":
			s.raw(`<path d="M`, f(x0), " ", ys, " H", f(x1), `" stroke="`, svcColour, `" stroke-width="8" fill="none"/>`)
			label = "Service ClusterIP: never changes"
		case "ready":
			s.raw(`<path d="M`, f(x0), " ", ys, " H", f(x1), `" stroke="`, keyColour, `" stroke-width="7" fill="none"/>`)
			label = "pod Ready: an endpoint, gets traffic"
		case "starting":
			s.raw(`<path d="M`, f(x0), " ", ys, " H", f(x1), `" stroke="`, keyColour, `" stroke-width="2" stroke-dasharray="4 3" fill="none"/>`)
			label = "pod not Ready: not an endpoint"
		case "terminating":
			s.raw(`<path d="M`, f(x0), " ", ys, " H", f(x1), `" stroke="`, tint(keyColour, fade), `" stroke-width="7" fill="none"/>`)
			label = "pod Terminating: draining"
		case "conn-ok":
			s.raw(`<circle cx="`, f(x0+15), `" cy="`, ys, `" r="3.5" fill="#ffffff" stroke="`, okColour, `" stroke-width="2"/>`)
			label = "connection served by this pod"
		case "conn-fail":
			xc, yc := x0+15, y-3
			s.raw(`<path d="M`, f(xc-4), " ", f(yc-4), " L", f(xc+4), " ", f(yc+4), " M", f(xc-4), " ", f(yc+4), " L", f(xc+4), " ", f(yc-4),
				`" stroke="`, failColour, `" stroke-width="2.5" fill="none"/>`)
			label = "connection failed"
		}
		s.raw(`<text x="`, f(x1+10), `" y="`, f(y+1), `" fill="#222222">`)
		s.text(label)
		s.raw("</text>\n")
	}

	if len(r.marks) > 0 {
		heading(legendCol3, "Steps")
		for i, m := range r.marks {
			y := l.legendRow(i)
			s.raw(`<circle cx="`, f(legendCol3+8), `" cy="`, f(y-3), `" r="8" fill="`, markColour, `"/>`)
			s.raw(`<text x="`, f(legendCol3+8), `" y="`, f(y+1), `" text-anchor="middle" font-size="10" font-weight="bold" fill="#ffffff">`, strconv.Itoa(i+1), "</text>")
			s.raw(`<text x="`, f(legendCol3+24), `" y="`, f(y+1), `" fill="#222222">`)
			s.text(fmtOffset(m.at.Sub(l.t0)) + "  " + m.label)
			s.raw("</text>\n")
		}
	}
}

// tickStep picks a round interval giving at most 12 ticks over span.
func tickStep(span time.Duration) time.Duration {
	steps := []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second,
		30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute,
		30 * time.Minute, time.Hour, 2 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}
	for _, s := range steps {
		if span/s <= 12 {
			return s
		}
	}
	return span / 12
}

// fmtOffset renders an offset on the virtual clock: "0s", "45s", "1m30s",
// "2h5m".
func fmtOffset(d time.Duration) string {
	if d < 0 {
		return "-" + fmtOffset(-d)
	}
	d = d.Round(time.Second)
	if d < time.Minute {
		return strconv.Itoa(int(d/time.Second)) + "s"
	}
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	var b strings.Builder
	if h > 0 {
		b.WriteString(strconv.Itoa(h) + "h")
	}
	if m > 0 {
		b.WriteString(strconv.Itoa(m) + "m")
	}
	if s > 0 {
		b.WriteString(strconv.Itoa(s) + "s")
	}
	return b.String()
}
