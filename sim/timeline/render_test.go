package timeline

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A renderer turns an SVG file into a PNG file; args gives its command line.
type renderer struct {
	name string
	args func(svg, png string) []string // nil: not installed here
}

// renderers are the non-browser SVG renderers the picture must survive:
// librsvg's rsvg-convert and ImageMagick's own MSVG renderer (forced with
// the msvg: prefix, so that a build delegating SVG to librsvg does not hide
// it).
func renderers() []renderer {
	var rs []renderer
	if bin, err := exec.LookPath("rsvg-convert"); err == nil {
		rs = append(rs, renderer{"rsvg-convert", func(svg, png string) []string { return []string{bin, "-o", png, svg} }})
	} else {
		rs = append(rs, renderer{name: "rsvg-convert"})
	}
	im := renderer{name: "ImageMagick"}
	if bin, err := exec.LookPath("magick"); err == nil { // ImageMagick 7
		im.args = func(svg, png string) []string { return []string{bin, "msvg:" + svg, "png:" + png} }
	} else if bin, err := exec.LookPath("convert"); err == nil {
		// ImageMagick 6; another program may answer to convert.
		if out, err := exec.Command(bin, "-version").Output(); err == nil && bytes.Contains(out, []byte("ImageMagick")) {
			im.args = func(svg, png string) []string { return []string{bin, "msvg:" + svg, "png:" + png} }
		}
	}
	return append(rs, im)
}

// TestRenderersDrawEverything renders the story with each non-browser
// renderer and probes the PNG where the layout puts the legend's keys, the
// step markers and the connection marks. A renderer absent here skips its
// subtest unless SVCSIM_REQUIRE_RENDERERS=1 (as in CI).
func TestRenderersDrawEverything(t *testing.T) {
	r := story("rolling update")
	var doc bytes.Buffer
	if err := r.WriteSVG(&doc); err != nil {
		t.Fatal(err)
	}
	svg := filepath.Join(t.TempDir(), "story.svg")
	if err := os.WriteFile(svg, doc.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	l := r.layout()
	probes := storyProbes(r, l)
	for _, rd := range renderers() {
		t.Run(rd.name, func(t *testing.T) {
			t.Parallel()
			if rd.args == nil {
				if os.Getenv("SVCSIM_REQUIRE_RENDERERS") == "1" {
					t.Fatalf("%s is not installed (Debian: apt-get install librsvg2-bin imagemagick)", rd.name)
				}
				t.Skipf("%s is not installed; SVCSIM_REQUIRE_RENDERERS=1 makes this a failure", rd.name)
			}
			out := filepath.Join(t.TempDir(), "story.png")
			args := rd.args(svg, out)
			cmd := exec.Command(args[0], args[1:]...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Errorf("%s: %v", strings.Join(args, " "), err)
			}
			if stderr.Len() > 0 {
				t.Errorf("%s warned:\n%s", rd.name, stderr.String())
			}
			img := decodePNG(t, out)
			if dir := os.Getenv("TIMELINE_SVG_DIR"); dir != "" { // for looking at it by hand
				b, _ := os.ReadFile(out)
				_ = os.WriteFile(filepath.Join(dir, "story-"+rd.name+".png"), b, 0o644)
			}
			if b := img.Bounds(); b.Dx() != width || float64(b.Dy()) < l.height-1 {
				t.Errorf("PNG is %dx%d, want %dx%.0f", b.Dx(), b.Dy(), width, l.height)
			}
			for _, p := range probes {
				got := rgb8(img, p.x, p.y)
				if !near(got, p.want) {
					t.Errorf("%s at (%.1f, %.1f): colour %s, want %s", p.what, p.x, p.y, hex(got), p.want)
				}
			}
		})
	}
}

// probe is a point of the picture that must have a colour.
type probe struct {
	what string
	x, y float64
	want string // #rrggbb
}

// storyProbes lists points inside solid parts of the story's picture, each
// at least a pixel away from any edge, computed from the layout.
func storyProbes(r *Recorder, l *layout) []probe {
	var ps []probe
	for i := range r.groups {
		y := l.legendRow(i)
		ps = append(ps, probe{"legend swatch of ReplicaSet " + r.groups[i].label, leftPad + 11, y - 2.5, palette[i%len(palette)]})
	}
	key := func(style string) float64 { return l.legendRow(slices.Index(styles, style)) - 3 }
	ps = append(ps,
		probe{"legend key of the Service line", legendCol2 + 15, key("service"), svcColour},
		probe{"legend key of a Terminating pod", legendCol2 + 15, key("terminating"), "#cccccc"},
		probe{"legend key of a failed connection", legendCol2 + 15, key("conn-fail"), failColour})
	for i, m := range r.marks {
		n := strconv.Itoa(i + 1)
		// Below the number, above the circle's edge.
		ps = append(ps,
			probe{"step marker " + n, l.x(m.at), l.markY + 5.5, "#444444"},
			probe{"legend's step marker " + n, legendCol3 + 8, l.legendRow(i) - 3 + 5.5, "#444444"})
	}
	// A connection mark with no other within 10 units on its row, so that
	// none covers it.
	alone := func(c conn) bool {
		for _, o := range r.conns {
			if o != c && o.pod == c.pod && math.Abs(l.x(o.at)-l.x(c.at)) < 10 {
				return false
			}
		}
		return true
	}
	var okDone, failDone bool
	for _, c := range r.conns {
		if !alone(c) {
			continue
		}
		x := l.x(c.at)
		switch {
		case c.ok && !okDone:
			y := l.podY[r.podIdx[c.pod]]
			ps = append(ps,
				probe{"hollow middle of a connection dot", x, y, "#ffffff"},
				probe{"ring of a connection dot", x + 3.5, y, okColour})
			okDone = true
		case !c.ok && c.pod == "" && !failDone:
			ps = append(ps, probe{"failed connection's cross on the Service line", x, l.svcY[0], failColour})
			failDone = true
		}
	}
	if !okDone || !failDone {
		panic("the story has no lone connection dot or cross to probe")
	}
	return ps
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// rgb8 is the colour of the pixel covering (x, y), 8 bits a channel.
func rgb8(img image.Image, x, y float64) [3]uint8 {
	r, g, b, _ := img.At(int(x), int(y)).RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

// near reports whether c is within a little antialiasing of the #rrggbb
// colour want.
func near(c [3]uint8, want string) bool {
	v, err := strconv.ParseUint(strings.TrimPrefix(want, "#"), 16, 32)
	if err != nil {
		panic("bad colour " + want)
	}
	w := [3]int{int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)}
	for i := range c {
		if d := int(c[i]) - w[i]; d > 24 || d < -24 {
			return false
		}
	}
	return true
}

func hex(c [3]uint8) string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

// TestPlainSVG: the picture keeps to what every renderer draws, even where
// none is installed to check: no classes, CSS or opacity (ImageMagick's
// renderer ignores them, and chokes on many classes), and nothing nested
// deeper than a title in a shape or in a group under the root.
func TestPlainSVG(t *testing.T) {
	var doc bytes.Buffer
	if err := story("plain").WriteSVG(&doc); err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(&doc)
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if e.Name.Local == "style" || depth > 3 {
				t.Errorf("<%s> at depth %d", e.Name.Local, depth)
			}
			for _, a := range e.Attr {
				if n := a.Name.Local; n == "class" || n == "style" || strings.Contains(n, "opacity") {
					t.Errorf("<%s %s=%q>", e.Name.Local, n, a.Value)
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}
