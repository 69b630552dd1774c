package timeline

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func sec(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

// story is a synthetic rolling update: three pods of revision 1 are
// replaced one by one by revision 2, each new pod Ready 5s after it starts
// and each old pod Terminating for 10s. A client connects every 4s, and
// 16 times a second while the rollout runs (15s to 50s), in turn to each
// pod there is (a pod not Ready refuses): as busy as a real story gets.
func story(title string) *Recorder {
	r := New(title)
	r.SetSubtitle("pods come and go; the Service stays")
	svc := service.Service{Namespace: "default", Name: "web", ClusterIP: netip.MustParseAddr("10.96.0.10"),
		Ports: []service.Port{{Port: 80}}}
	type life struct {
		name, hash, ip         string
		born, ready, del, gone int
	}
	lives := []life{
		{"web-7c5ddbdf54-x2kqp", "7c5ddbdf54", "10.244.0.5", 0, 2, 20, 30},
		{"web-7c5ddbdf54-b8mzq", "7c5ddbdf54", "10.244.1.3", 0, 2, 30, 40},
		{"web-7c5ddbdf54-q4t6w", "7c5ddbdf54", "10.244.2.7", 0, 2, 40, 50},
		{"web-5f8b9c6d7-hjk2l", "5f8b9c6d7", "10.244.1.4", 15, 20, 999, 999},
		{"web-5f8b9c6d7-mn4pq", "5f8b9c6d7", "10.244.2.8", 25, 30, 999, 999},
		{"web-5f8b9c6d7-rs6tv", "5f8b9c6d7", "10.244.0.6", 35, 40, 999, 999},
	}
	r.Mark(sec(15), "kubectl rollout restart deployment/web")
	for s := 0; s <= 60; s++ {
		var pods []pod.Pod
		for _, l := range lives {
			if s < l.born || s >= l.gone {
				continue
			}
			pods = append(pods, pod.Pod{Namespace: "default", Name: l.name, IP: netip.MustParseAddr(l.ip), NodeName: "node-1",
				Labels: selector.Set{"app": "web", "pod-template-hash": l.hash}, Phase: pod.Running,
				Ready: s >= l.ready && s < l.del, Terminating: s >= l.del})
		}
		r.Sample(sec(s), pods, svc)
		n := 0
		switch {
		case s >= 15 && s < 50:
			n = 16
		case s%4 == 1:
			n = 1
		}
		for k := range n {
			p := pods[(n*s+k)%len(pods)]
			r.Conn(sec(s).Add(time.Duration(k)*time.Second/time.Duration(n)), p.Key(), p.Ready)
		}
	}
	r.Conn(sec(33), "", false)
	r.Mark(sec(50), "rollout complete")
	return r
}

// elements decodes doc to EOF and counts start elements by the stem of
// their id: <path id="pod-3"> counts as "path.pod".
func elements(t *testing.T, doc []byte) map[string]int {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	ids := map[string]int{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "id" {
					ids[se.Name.Local+"."+strings.TrimSuffix(strings.TrimRight(a.Value, "0123456789"), "-")]++
				}
			}
		}
	}
	return ids
}

func TestSVGWellFormedOneLinePerPod(t *testing.T) {
	r := story("Rolling update <web> & friends")
	var b bytes.Buffer
	if err := r.WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	c := elements(t, b.Bytes())
	if got := c["path.pod"]; got != 6 || r.Pods() != 6 {
		t.Errorf("pod lines = %d (Pods() = %d), want 6", got, r.Pods())
	}
	if got := c["path.service"]; got != 1 {
		t.Errorf("service lines = %d, want 1", got)
	}
	if c["path.ready"] != 6 || c["path.terminating"] != 3 {
		t.Errorf("ready overlays = %d (want 6), terminating = %d (want 3)", c["path.ready"], c["path.terminating"])
	}
	if c["g.step"] != 2 {
		t.Errorf("marks = %d, want 2", c["g.step"])
	}
	if !strings.Contains(b.String(), "Rolling update &lt;web&gt; &amp; friends") {
		t.Errorf("title not escaped")
	}
	for _, want := range []string{"web-7c5ddbdf54  (revision 1)", "web-5f8b9c6d7  (revision 2)", "10.96.0.10:80", "svc/web"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if dir := os.Getenv("TIMELINE_SVG_DIR"); dir != "" { // for looking at it by hand
		_ = os.WriteFile(filepath.Join(dir, "story.svg"), b.Bytes(), 0o644)
	}
}

func TestServiceLineUnbroken(t *testing.T) {
	r := story("x")
	var b bytes.Buffer
	if err := r.WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	// The service path is a single horizontal stroke: one M and one H.
	s := b.String()
	i := strings.Index(s, `id="service-1" d="`)
	d := s[i+len(`id="service-1" d="`):]
	d = d[:strings.IndexByte(d, '"')]
	if strings.Count(d, "M") != 1 || strings.Count(d, "H") != 1 {
		t.Errorf("service path %q is not one stroke", d)
	}
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := story("x").WriteSVG(&a); err != nil {
		t.Fatal(err)
	}
	if err := story("x").WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("same samples rendered different bytes")
	}
}

func TestEmptyRecorder(t *testing.T) {
	var b bytes.Buffer
	if err := New("nothing yet").WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	c := elements(t, b.Bytes())
	if c["path.pod"] != 0 || c["path.service"] != 0 {
		t.Errorf("empty recorder drew lines: %v", c)
	}
}

func TestPodWithoutIPNotDrawn(t *testing.T) {
	r := New("x")
	r.Sample(sec(0), []pod.Pod{{Namespace: "default", Name: "pending-abcde"}})
	if r.Pods() != 0 {
		t.Errorf("Pods() = %d, want 0 for a pod without an IP", r.Pods())
	}
}

func TestStatesFollowSamples(t *testing.T) {
	r := New("x")
	p := pod.Pod{Namespace: "default", Name: "a-b", IP: netip.MustParseAddr("10.0.0.1")}
	r.Sample(sec(0), []pod.Pod{p})
	p.Ready = true
	r.Sample(sec(5), []pod.Pod{p})
	r.Sample(sec(9), []pod.Pod{p})
	p.Terminating = true
	r.Sample(sec(12), []pod.Pod{p})
	r.Sample(sec(20), nil)
	got := r.pods[0].spans
	want := []span{{sec(0), sec(5), starting}, {sec(5), sec(12), ready}, {sec(12), sec(12), terminating}}
	if len(got) != len(want) {
		t.Fatalf("spans = %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].from.Equal(want[i].from) || !got[i].to.Equal(want[i].to) || got[i].st != want[i].st {
			t.Errorf("span %d = %v, want %v", i, got[i], want[i])
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	if err := story("x").WriteSVG(failWriter{}); err == nil {
		t.Error("WriteSVG to a failing writer returned nil")
	}
}

func TestFmtOffset(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0s", 45 * time.Second: "45s", 90 * time.Second: "1m30s",
		2 * time.Minute: "2m", time.Hour + 5*time.Minute: "1h5m", -3 * time.Second: "-3s"} {
		if got := fmtOffset(d); got != want {
			t.Errorf("fmtOffset(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestSqueezeQuiet(t *testing.T) {
	r := New("x")
	p := pod.Pod{Namespace: "default", Name: "a-b", IP: netip.MustParseAddr("10.0.0.1"), Ready: true}
	r.Sample(sec(0), []pod.Pod{p})
	r.Sample(sec(10), []pod.Pod{p})
	r.Mark(sec(10), "wait")
	r.Sample(sec(310), []pod.Pod{p}) // nothing changes for 300s
	p.Terminating = true
	r.Sample(sec(311), []pod.Pod{p})
	r.SqueezeQuiet(20 * time.Second)
	l := r.layout()
	w10, w310 := l.x(sec(10))-l.x(sec(0)), l.x(sec(310))-l.x(sec(10))
	if w310 > 2.01*w10 || w310 < 1.99*w10 {
		t.Errorf("300 quiet seconds drawn %.1f wide, want twice the 10 busy seconds (%.1f)", w310, w10)
	}
	if b := l.ax.breaks(); len(b) != 1 || !b[0][0].Equal(sec(10)) || !b[0][1].Equal(sec(311)) {
		t.Errorf("breaks = %v, want one from 10s to 311s", b)
	}
	var buf bytes.Buffer
	if err := r.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	if c := elements(t, buf.Bytes()); c["rect.break"] != 1 {
		t.Errorf("break marks = %d, want 1", c["rect.break"])
	}
	// Without squeezing, time is to scale.
	r.SqueezeQuiet(0)
	l = r.layout()
	if w10, w310 := l.x(sec(10))-l.x(sec(0)), l.x(sec(310))-l.x(sec(10)); w310 < 29.9*w10 || w310 > 30.1*w10 {
		t.Errorf("unsqueezed: 300s drawn %.1f, 10s drawn %.1f; want 30x", w310, w10)
	}
}

func TestAxisMonotonic(t *testing.T) {
	a := newAxis(sec(0), sec(100), 0, 1000, []time.Time{sec(5), sec(50), sec(51), sec(99), sec(-4), sec(200)}, 10*time.Second)
	prev := -1.0
	for s := -2; s <= 102; s++ {
		x := a.x(sec(s))
		if x < prev || x < 0 || x > 1000 {
			t.Fatalf("x(%ds) = %.2f after %.2f: not monotonic within [0,1000]", s, x, prev)
		}
		prev = x
	}
	if a.x(sec(100)) != 1000 || a.x(sec(0)) != 0 {
		t.Errorf("ends map to %.1f and %.1f, want 0 and 1000", a.x(sec(0)), a.x(sec(100)))
	}
}
