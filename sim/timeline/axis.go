package timeline

import (
	"slices"
	"sort"
	"time"
)

// axis maps virtual time to x. Stretches between two consecutive changes
// that last longer than quiet are drawn as if they lasted quiet (scaled
// linearly inside), so five idle minutes do not crush the busy seconds.
type axis struct {
	x0, x1 float64
	pts    []time.Time // change times, sorted, unique; first is the start, last the end
	cum    []float64   // drawn seconds before each point
	quiet  time.Duration
}

func newAxis(start, end time.Time, x0, x1 float64, changes []time.Time, quiet time.Duration) *axis {
	a := &axis{x0: x0, x1: x1, quiet: quiet}
	pts := []time.Time{start, end}
	if quiet > 0 {
		pts = append(pts, changes...)
	}
	slices.SortFunc(pts, func(p, q time.Time) int { return p.Compare(q) })
	for _, p := range pts {
		if p.Before(start) || p.After(end) || (len(a.pts) > 0 && p.Equal(a.pts[len(a.pts)-1])) {
			continue
		}
		a.pts = append(a.pts, p)
	}
	a.cum = make([]float64, len(a.pts))
	for i := 1; i < len(a.pts); i++ {
		a.cum[i] = a.cum[i-1] + a.drawn(a.pts[i].Sub(a.pts[i-1]))
	}
	return a
}

// drawn is how long a stretch of d is drawn.
func (a *axis) drawn(d time.Duration) float64 {
	if a.quiet > 0 && d > a.quiet {
		d = a.quiet
	}
	return d.Seconds()
}

func (a *axis) total() float64 { return a.cum[len(a.cum)-1] }

// x returns the horizontal position of t.
func (a *axis) x(t time.Time) float64 {
	tot := a.total()
	if tot <= 0 {
		return a.x0
	}
	n := len(a.pts)
	switch {
	case !t.After(a.pts[0]):
		return a.x0
	case !t.Before(a.pts[n-1]):
		return a.x1
	}
	i := sort.Search(n, func(i int) bool { return a.pts[i].After(t) }) - 1
	gap := a.pts[i+1].Sub(a.pts[i])
	v := a.cum[i] + a.drawn(gap)*float64(t.Sub(a.pts[i]))/float64(gap)
	return a.x0 + (a.x1-a.x0)*v/tot
}

// breaks returns the stretches drawn shorter than they lasted.
func (a *axis) breaks() [][2]time.Time {
	var out [][2]time.Time
	if a.quiet <= 0 {
		return out
	}
	for i := 1; i < len(a.pts); i++ {
		if a.pts[i].Sub(a.pts[i-1]) > a.quiet {
			out = append(out, [2]time.Time{a.pts[i-1], a.pts[i]})
		}
	}
	return out
}

// changes lists the instants at which the picture changes: span ends,
// Service lines' ends and step marks. Connection marks are decorations and
// do not count.
func (r *Recorder) changes() []time.Time {
	var out []time.Time
	for _, p := range r.pods {
		for _, s := range p.spans {
			out = append(out, s.from, s.to)
		}
	}
	for _, s := range r.svcs {
		out = append(out, s.from, s.to)
	}
	for _, m := range r.marks {
		out = append(out, m.at)
	}
	return out
}
