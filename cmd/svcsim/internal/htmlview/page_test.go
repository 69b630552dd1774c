package htmlview

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/sim"
)

func page(t testing.TB, r *Recorder) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, r.Write(&b))
	return b.String()
}

var update = flag.Bool("update", false, "rewrite testdata/tour.html")

// TestTourGolden keeps the tour's page, to open in a browser and to show
// in review what a change of the recorder or its script does to it.
// go test -update rewrites it.
func TestTourGolden(t *testing.T) {
	got := page(t, tour(t, Options{Title: "svcsim: the tour in miniature"}, nil))
	path := filepath.Join("testdata", "tour.html")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	require.Less(t, len(want), 200<<10, "the golden page should stay small")
	if got != string(want) {
		g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(g), len(w)) {
			require.Equal(t, w[i], g[i], "%s line %d differs (go test -update rewrites it after review)", path, i+1)
		}
		require.Equal(t, len(w), len(g), "%s: line count (go test -update rewrites it after review)", path)
	}
}

// TestWriteDeterministic: the same scenario writes the same bytes.
func TestWriteDeterministic(t *testing.T) {
	a, b := page(t, tour(t, Options{}, nil)), page(t, tour(t, Options{}, nil))
	require.Equal(t, a, b)
}

// TestPageSelfContained: the page names nothing to fetch: no element
// with a source or link, no stylesheet import or url(), no script call
// that loads.
func TestPageSelfContained(t *testing.T) {
	p := page(t, tour(t, Options{Title: `tour <script>alert("x")</script>`}, nil))
	for _, bad := range []string{"src=", "href=", "url(", "@import", "<link", "<img", "<iframe", "fetch(", "XMLHttpRequest", "import(", "<script>alert"} {
		require.NotContains(t, p, bad)
	}
	// The only URL is the SVG namespace, an identifier nothing loads.
	urls := regexp.MustCompile(`[a-z]+://[^'"\s]*`).FindAllString(p, -1)
	for _, u := range urls {
		require.Equal(t, "http://www.w3.org/2000/svg", u)
	}
	require.Contains(t, p, "<title>tour &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</title>")
	require.Equal(t, 2, strings.Count(p, "<script"), "the data and the code")
}

// pageData reads the data a page embeds.
func readData(t testing.TB, p string) pageData {
	t.Helper()
	const open = `<script type="application/json" id="svcsim-data">`
	i := strings.Index(p, open)
	require.GreaterOrEqual(t, i, 0)
	rest := p[i+len(open):]
	var d pageData
	require.NoError(t, json.Unmarshal([]byte(rest[:strings.Index(rest, "</script>")]), &d))
	return d
}

// TestPageData: the embedded data holds the commands, the connections
// (counted per instant and outcome, the failed one with curl's reason),
// and an instant of its own for each kube-proxy sync.
func TestPageData(t *testing.T) {
	r := tour(t, Options{}, nil)
	d := readData(t, page(t, r))
	require.Equal(t, "svcsim timeline", d.Title)
	require.Equal(t, "2025-01-01T00:00:00Z", d.Epoch)
	require.False(t, d.Folded)
	require.Len(t, d.Marks, 15)
	require.Equal(t, "kubectl scale deployment/web --replicas=5", d.Marks[5][1])
	require.Len(t, d.T, r.instants())
	total := 0
	failed := false
	for _, c := range d.Conns {
		total += int(c[6].(float64))
		require.Equal(t, "web", c[2])
		if c[4] == false {
			failed = true
			require.NotEmpty(t, c[5])
		}
	}
	require.Equal(t, 32, total)
	require.True(t, failed, "the stale rules after the forced deletion fail a connection")
	// The forced deletion's instant, then kube-proxy's sync 1s later.
	var del float64
	for _, m := range d.Marks {
		if strings.HasPrefix(m[1].(string), "kubectl delete pod") {
			del = d.T[int(m[0].(float64))]
		}
	}
	synced := false
	for _, ch := range d.Changes {
		if ch[1] == kindProxy && ch[2] == "default/web" && d.T[int(ch[0].(float64))] == del+sim.DefaultProxyDelay.Seconds() {
			synced = true
		}
	}
	require.True(t, synced, "kube-proxy's rules for web change at %gs", del+1)
}
