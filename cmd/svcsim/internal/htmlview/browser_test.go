package htmlview

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/sim"
)

// browser returns the path of a Chromium to drive, skipping the test when
// none is installed unless SVCSIM_REQUIRE_BROWSER=1 (as CI sets it).
func browser(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("SVCSIM_REQUIRE_BROWSER") == "1" {
		t.Fatal("no Chromium found (chromium, chromium-browser, google-chrome) and SVCSIM_REQUIRE_BROWSER=1")
	}
	t.Skip("no Chromium installed; set SVCSIM_REQUIRE_BROWSER=1 to fail instead")
	return ""
}

// openBrowser starts a headless Chromium for the test and subscribes to
// its console; problems, called once the test has driven the page,
// stops the subscription and returns the errors, warnings and uncaught
// exceptions the page reported.
func openBrowser(t *testing.T) (ctx context.Context, problems func() []string) {
	exe := browser(t)
	if testing.Short() {
		t.Skip("starts a browser")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 1400))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel = chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)

	cctx, stopConsole := context.WithCancel(ctx)
	var found []string
	messages := chromedp.Console(cctx) // starts the browser and subscribes at once
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleWarning {
				found = append(found, m.String())
			}
		}
	}()
	return ctx, func() []string {
		stopConsole()
		<-done
		return found
	}
}

// writePage writes r's page to a file of the test and returns its URL.
func writePage(t *testing.T, r *Recorder) string {
	file := filepath.Join(t.TempDir(), "page.html")
	require.NoError(t, os.WriteFile(file, []byte(page(t, r)), 0o644))
	return "file://" + file
}

// TestPageInBrowser loads the tour's page from a file in headless
// Chromium: no console error or exception, the keyboard moves the cursor
// and so changes the state panel, a click on a command jumps to it, a
// click on the timeline moves the cursor there, and a screenshot is a
// picture, not a blank page; then an empty recording's page loads too.
func TestPageInBrowser(t *testing.T) {
	ctx, problems := openBrowser(t)
	url := writePage(t, tour(t, Options{Title: "tour"}, nil))

	run := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		require.NoError(t, err)
		return v
	}
	attr := func(sel, name string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
		require.NoError(t, err)
		return v.Value
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#state h2"))))
	first := run(chromedp.Text(chromedp.CSS("#state")))
	now0 := attr("#timeline", "aria-valuenow")
	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#timeline")), chromedp.KeyEvent(kb.ArrowRight)))
	right := run(chromedp.Text(chromedp.CSS("#state")))
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	end := run(chromedp.Text(chromedp.CSS("#state")))
	nowEnd := attr("#timeline", "aria-valuenow")
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#commands li:nth-child(6) button"))))
	cmd := run(chromedp.Text(chromedp.CSS("#state p.cmds")))
	// A click on the timeline, 60% across, moves the cursor there.
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](
		`(() => { const r = document.querySelector('#timeline svg').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`))
	require.NoError(t, err)
	require.Len(t, box, 4)
	require.NoError(t, chromedp.Do(ctx, chromedp.MouseClickXY(box[0]+0.6*box[2], box[1]+box[3]/2)))
	clicked := run(chromedp.Text(chromedp.CSS("#state h2")))
	nowClicked := attr("#timeline", "aria-valuenow")
	// A recording with nothing in it but the new cluster shows too.
	c, err := sim.New(sim.Config{})
	require.NoError(t, err)
	empty, err := New(c, Options{})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(writePage(t, empty)), chromedp.WaitVisible(chromedp.CSS("#state h2")),
		chromedp.Focus(chromedp.CSS("#timeline")), chromedp.KeyEvent(kb.End)))
	emptyState := run(chromedp.Text(chromedp.CSS("#state")))

	require.Empty(t, problems())
	require.Contains(t, emptyState, "Last command: none yet")
	require.Contains(t, emptyState, "node-3")
	require.Equal(t, "0", now0)
	require.NotEqual(t, first, right, "ArrowRight did not change the state panel")
	require.NotEqual(t, right, end, "End did not change the state panel")
	require.Contains(t, first, "At +0s")
	require.Contains(t, end, "Commands at this instant: 15: kubectl exec client -- curl -s web:80")
	require.Contains(t, end, "NotReady", "node-2 failed")
	require.NotEqual(t, "0", nowEnd)
	require.Contains(t, cmd, "6: kubectl scale deployment/web --replicas=5; 7: sim advance 5s")
	require.NotContains(t, []string{"0", nowEnd}, nowClicked, "the click did not move the cursor (%s)", clicked)

	img, err := png.Decode(bytes.NewReader(shot))
	require.NoError(t, err)
	colours := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|bl>>8] = true
		}
	}
	require.Greater(t, len(colours), 20, "the screenshot is (nearly) blank")
	if dir := os.Getenv("SVCSIM_SCREENSHOT_DIR"); dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "tour.png"), shot, 0o644))
	}
}

// TestLongPageInBrowser loads a long story's page (about 1.4 MB, over
// 3,000 pod lives): it shows within the test's time, pods whose lives do
// not overlap share rows, and End moves the cursor without an error.
func TestLongPageInBrowser(t *testing.T) {
	ctx, problems := openBrowser(t)
	url := writePage(t, longStory(t, Options{}, 150))
	start := time.Now()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#state h2"))))
	loaded := time.Since(start)
	summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#summary")))
	require.NoError(t, err)
	start = time.Now()
	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#timeline")), chromedp.KeyEvent(kb.End)))
	end, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#state p.cmds")))
	require.NoError(t, err)
	t.Logf("%s; loaded in %v, End in %v", summary, loaded, time.Since(start))
	require.Empty(t, problems())
	require.Regexp(t, `pods on \d+ rows`, summary)
	require.Contains(t, end, "150: kubectl scale deployment/web --replicas=10")
}
