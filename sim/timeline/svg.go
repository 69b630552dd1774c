package timeline

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"
)

// Layout constants, in SVG user units (pixels).
const (
	width      = 1100
	charW      = 7.3 // monospace advance at fontSize
	fontSize   = 12
	podRowH    = 20
	svcRowH    = 30
	topPad     = 64 // title and subtitle
	markBand   = 22 // numbered step markers above the rows
	axisH      = 34
	legendRowH = 18
	rightPad   = 24
	leftPad    = 14
)

// svgWriter accumulates the document; the first write error sticks.
type svgWriter struct {
	w   *bufio.Writer
	err error
}

func (s *svgWriter) raw(parts ...string) {
	for _, p := range parts {
		if s.err != nil {
			return
		}
		_, s.err = s.w.WriteString(p)
	}
}

// text writes character data escaped for XML.
func (s *svgWriter) text(t string) {
	if s.err != nil {
		return
	}
	s.err = xml.EscapeText(s.w, []byte(t))
}

func f(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// layout holds the geometry derived from the samples.
type layout struct {
	nameX, ipX, plotX0, plotX1 float64
	rowsY0, bottom             float64 // top and bottom of the rows
	markY                      float64 // centre of the numbered step markers
	legendY0                   float64 // top of the legend
	svcY                       []float64
	podY                       []float64
	height                     float64
	t0                         time.Time
	span                       time.Duration
	ax                         *axis
}

func (l *layout) x(t time.Time) float64 { return l.ax.x(t) }

func (r *Recorder) layout() *layout {
	l := &layout{t0: r.start, span: r.end.Sub(r.start)}
	nameW := len("Service") // the widest label
	for _, s := range r.svcs {
		nameW = max(nameW, len("svc/")+len(s.name))
	}
	ipW := 0
	for _, p := range r.pods {
		nameW = max(nameW, len(p.name))
		ipW = max(ipW, len(p.ip.String()))
	}
	for _, s := range r.svcs {
		ipW = max(ipW, len(s.addr))
	}
	l.nameX = leftPad
	l.ipX = l.nameX + float64(nameW)*charW + 14
	l.plotX0 = l.ipX + float64(ipW)*charW + 18
	l.plotX1 = width - rightPad
	l.ax = newAxis(r.start, r.end, l.plotX0, l.plotX1, r.changes(), r.quiet)
	y := float64(topPad + markBand)
	l.rowsY0 = y
	for range r.svcs {
		l.svcY = append(l.svcY, y+svcRowH/2)
		y += svcRowH
	}
	y += 8
	for range r.pods {
		l.podY = append(l.podY, y+podRowH/2)
		y += podRowH
	}
	l.bottom = y
	l.markY = l.rowsY0 - markBand/2 - 2
	l.legendY0 = y + axisH + 4
	l.height = y + axisH + r.legendHeight() + 12
	return l
}

// legendRow returns the y of the legend's entry i (0 is the first under the
// headings): its key is centred 3 units above and its text sits 1 below.
func (l *layout) legendRow(i int) float64 { return l.legendY0 + float64(i+1)*legendRowH }

// WriteSVG renders the picture as a standalone SVG 1.1 document.
func (r *Recorder) WriteSVG(w io.Writer) error {
	s := &svgWriter{w: bufio.NewWriter(w)}
	l := r.layout()
	h := f(l.height)
	s.raw(`<?xml version="1.0" encoding="UTF-8"?>`, "\n",
		`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="`, strconv.Itoa(width), `" height="`, h,
		`" viewBox="0 0 `, strconv.Itoa(width), " ", h, `" font-family="`, sansFont, `" font-size="`, strconv.Itoa(fontSize), `" stroke="none">`, "\n")
	s.raw("<title>")
	s.text(r.title)
	s.raw("</title>\n")
	s.raw(`<rect x="0" y="0" width="`, strconv.Itoa(width), `" height="`, h, `" fill="#ffffff"/>`, "\n")
	s.raw(`<text x="`, f(leftPad), `" y="26" font-size="18" font-weight="bold" fill="#222222">`)
	s.text(r.title)
	s.raw("</text>\n")
	if r.subtitle != "" {
		s.raw(`<text x="`, f(leftPad), `" y="46" font-size="13" fill="#555555">`)
		s.text(r.subtitle)
		s.raw("</text>\n")
	}
	r.writeGrid(s, l)
	r.writeServices(s, l)
	r.writePods(s, l)
	r.writeConns(s, l)
	r.writeMarks(s, l)
	r.writeLegend(s, l)
	s.raw("</svg>\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

// writeGrid draws the time axis, its ticks and light vertical grid lines,
// with squeezed stretches shaded.
func (r *Recorder) writeGrid(s *svgWriter, l *layout) {
	bottom := l.bottom
	breaks := l.ax.breaks()
	for i, b := range breaks {
		xa, xb := l.x(b[0]), l.x(b[1])
		s.raw(`<rect id="break-`, strconv.Itoa(i+1), `" x="`, f(xa), `" y="`, f(l.rowsY0), `" width="`, f(xb-xa), `" height="`, f(bottom-l.rowsY0),
			`" fill="`, breakFill, `"/>`, "\n")
	}
	step := tickStep(time.Duration(l.ax.total() * float64(time.Second)))
	lastX := -1e9
	for d := time.Duration(0); d <= l.span; d += step {
		at := l.t0.Add(d)
		xv := l.x(at)
		if xv-lastX < 46 {
			continue // inside a squeezed stretch: the labels would collide
		}
		lastX = xv
		x := f(xv)
		col := gridColour
		for _, b := range breaks {
			if at.After(b[0]) && at.Before(b[1]) {
				col = breakGrid
			}
		}
		s.raw(`<line x1="`, x, `" y1="`, f(l.rowsY0), `" x2="`, x, `" y2="`, f(bottom), `" stroke="`, col, `" stroke-width="1"/>`, "\n")
		s.raw(`<text x="`, x, `" y="`, f(bottom+16), `" text-anchor="middle" fill="#444444">`)
		s.text(fmtOffset(d))
		s.raw("</text>\n")
	}
	for _, b := range breaks {
		xm := (l.x(b[0]) + l.x(b[1])) / 2
		s.raw(`<path d="M`, f(xm-7), " ", f(bottom+5), " L", f(xm-1), " ", f(bottom-5), " M", f(xm+1), " ", f(bottom+5), " L", f(xm+7), " ", f(bottom-5),
			`" stroke="#444444" stroke-width="1.5" fill="none"/>`, "\n")
		s.raw(`<text x="`, f(xm), `" y="`, f(bottom+28), `" text-anchor="middle" font-size="10" fill="#666666">`)
		s.text(fmtOffset(b[1].Sub(b[0])) + " squeezed")
		s.raw("</text>\n")
	}
	s.raw(`<line x1="`, f(l.plotX0), `" y1="`, f(bottom), `" x2="`, f(l.plotX1), `" y2="`, f(bottom), `" stroke="#444444" stroke-width="1"/>`, "\n")
	s.raw(`<text x="`, f(l.plotX1), `" y="`, f(bottom+30), `" text-anchor="end" fill="#444444">virtual time since `)
	s.text(l.t0.UTC().Format("15:04:05"))
	s.raw("</text>\n")
	s.raw(`<text x="`, f(l.nameX), `" y="`, f(l.rowsY0-6), `" font-weight="bold" fill="#444444">name</text>`, "\n")
	s.raw(`<text x="`, f(l.ipX), `" y="`, f(l.rowsY0-6), `" font-weight="bold" fill="#444444">IP</text>`, "\n")
}

func (r *Recorder) writeServices(s *svgWriter, l *layout) {
	for i, sv := range r.svcs {
		y := f(l.svcY[i])
		s.raw(`<text x="`, f(l.nameX), `" y="`, f(l.svcY[i]+4), `" font-family="`, monoFont, `" font-weight="bold" fill="`, svcColour, `">`)
		s.text("svc/" + sv.name)
		s.raw("</text>\n")
		s.raw(`<text x="`, f(l.ipX), `" y="`, f(l.svcY[i]+4), `" font-family="`, monoFont, `" font-weight="bold" fill="`, svcColour, `">`)
		s.text(sv.addr)
		s.raw("</text>\n")
		s.raw(`<path id="service-`, strconv.Itoa(i+1), `" d="M`, f(l.x(sv.from)), " ", y, " H", f(l.x(sv.to)), `" stroke="`, svcColour,
			`" stroke-width="8" stroke-linecap="round" fill="none"><title>`)
		s.text("Service " + sv.key + " " + sv.addr + ": one stable address for the whole story")
		s.raw("</title></path>\n")
	}
}

func (r *Recorder) writePods(s *svgWriter, l *layout) {
	for i, p := range r.pods {
		y := l.podY[i]
		col := palette[p.group%len(palette)]
		s.raw(`<text x="`, f(l.nameX), `" y="`, f(y+4), `" font-family="`, monoFont, `" fill="`, col, `">`)
		s.text(p.name)
		s.raw("</text>\n")
		s.raw(`<text x="`, f(l.ipX), `" y="`, f(y+4), `" font-family="`, monoFont, `" fill="#333333">`)
		s.text(p.ip.String())
		s.raw("</text>\n")
		id := strconv.Itoa(i + 1)
		// Terminating first, in the faded colour, so that the dashed line
		// shows through it as through a translucent stroke.
		if d := spanPath(l, y, p.spans, func(st state) bool { return st == terminating }); d != "" {
			s.raw(`<path id="terminating-`, id, `" d="`, d, `" stroke="`, tint(col, fade), `" stroke-width="7" stroke-linecap="butt" fill="none"/>`, "\n")
		}
		first, last := p.spans[0].from, p.spans[len(p.spans)-1].to
		// The pod's whole life: one thin dashed line (not Ready shows as just this).
		s.raw(`<path id="pod-`, id, `" d="`, spanPath(l, y, p.spans, nil), `" stroke="`, col,
			`" stroke-width="2" stroke-dasharray="4 3" fill="none"><title>`)
		s.text("pod " + p.key + " " + p.ip.String() + " on " + p.node + ", " + fmtOffset(first.Sub(l.t0)) + " to " + fmtOffset(last.Sub(l.t0)))
		s.raw("</title></path>\n")
		if d := spanPath(l, y, p.spans, func(st state) bool { return st == ready }); d != "" {
			s.raw(`<path id="ready-`, id, `" d="`, d, `" stroke="`, col, `" stroke-width="7" stroke-linecap="butt" fill="none"/>`, "\n")
		}
	}
}

// spanPath returns path data with one horizontal stroke per span that keep
// accepts (all spans, merged into one stroke, when keep is nil). A span of
// zero length is drawn 2 units wide so that a pod seen once still shows.
func spanPath(l *layout, y float64, spans []span, keep func(state) bool) string {
	var b strings.Builder
	ys := f(y)
	seg := func(from, to time.Time) {
		x0, x1 := l.x(from), l.x(to)
		if x1-x0 < 2 {
			x1 = x0 + 2
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("M" + f(x0) + " " + ys + " H" + f(x1))
	}
	if keep == nil {
		seg(spans[0].from, spans[len(spans)-1].to)
		return b.String()
	}
	for _, sp := range spans {
		if keep(sp.st) {
			seg(sp.from, sp.to)
		}
	}
	return b.String()
}

func (r *Recorder) writeConns(s *svgWriter, l *layout) {
	for _, c := range r.conns {
		y := -1.0
		if i, ok := r.podIdx[c.pod]; ok {
			y = l.podY[i]
		} else if len(l.svcY) > 0 {
			y = l.svcY[0]
		}
		if y < 0 {
			continue
		}
		x := l.x(c.at)
		if c.ok {
			s.raw(`<circle cx="`, f(x), `" cy="`, f(y), `" r="3.5" fill="#ffffff" stroke="`, okColour, `" stroke-width="2"/>`, "\n")
			continue
		}
		s.raw(`<path d="M`, f(x-4), " ", f(y-4), " L", f(x+4), " ", f(y+4), " M", f(x-4), " ", f(y+4), " L", f(x+4), " ", f(y-4),
			`" stroke="`, failColour, `" stroke-width="2.5" fill="none"/>`, "\n")
	}
}

// writeMarks draws each step as a numbered marker above the rows and a
// dotted line down through them, grouped under the step's label as their
// tooltip. (ImageMagick does not draw a circle or line that has a title of
// its own; it does draw a group's.)
func (r *Recorder) writeMarks(s *svgWriter, l *layout) {
	for i, m := range r.marks {
		x, cy, n := f(l.x(m.at)), l.markY, strconv.Itoa(i+1)
		s.raw(`<g id="step-`, n, `"><title>`)
		s.text(m.label)
		s.raw("</title>\n")
		s.raw(`<line x1="`, x, `" y1="`, f(cy+8), `" x2="`, x, `" y2="`, f(l.bottom), `" stroke="#888888" stroke-width="1" stroke-dasharray="2 3"/>`, "\n")
		s.raw(`<circle cx="`, x, `" cy="`, f(cy), `" r="8" fill="`, markColour, `"/>`, "\n")
		s.raw(`<text x="`, x, `" y="`, f(cy+4), `" text-anchor="middle" font-size="10" font-weight="bold" fill="#ffffff">`, n, "</text>\n")
		s.raw("</g>\n")
	}
}
