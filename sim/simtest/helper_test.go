package simtest_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

// helperT is a test that checks, at every report, that each function of
// package simtest between the report and the caller has called Helper
// by then: testing then names the caller's line, not simtest's. The
// assertions call Helper only on the way to a report, so this is what
// holds them to it.
type helperT struct {
	fakeT
	helpers  map[string]bool // functions that called Helper
	unmarked []string        // simtest functions on a report's stack that had not
}

func (h *helperT) Helper() {
	pc, _, _, _ := runtime.Caller(1)
	h.helpers[runtime.FuncForPC(pc).Name()] = true
}

func (h *helperT) Errorf(format string, args ...any) {
	h.fakeT.Errorf(format, args...)
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "github.com/svcsim/svcsim/sim/simtest.") {
			return
		}
		if !h.helpers[f.Function] {
			h.unmarked = append(h.unmarked, f.Function)
		}
		if !more {
			return
		}
	}
}

func TestReportsNameTheCallersLine(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1, EndpointsDelay: 5 * time.Second})
	snap := simtest.FrontEnd(c, "default", "web")
	require.NoError(t, c.SetPodReady("default", podNames(c)[0], false)) // the controller lags 5 s
	changed := snap
	changed.Ports = "81/TCP"
	for name, fail := range map[string]func(t simtest.T){
		"endpoints differ":      func(t simtest.T) { simtest.AssertEndpoints(t, c, "default", "web") },
		"no such Service":       func(t simtest.T) { simtest.AssertEndpoints(t, c, "default", "nope") },
		"nil cluster":           func(t simtest.T) { simtest.AssertEndpoints(t, nil, "default", "web") },
		"front end changed":     func(t simtest.T) { simtest.AssertFrontEnd(t, c, changed) },
		"front end, no Service": func(t simtest.T) { simtest.AssertFrontEnd(t, c, simtest.Front{Namespace: "default", Name: "web"}) },
		"front end, nil":        func(t simtest.T) { simtest.AssertFrontEnd(t, nil, snap) },
		"eventually": func(t simtest.T) {
			simtest.Eventually(t, c, func(t simtest.T) { simtest.AssertEndpoints(t, c, "default", "nope") }, time.Second, time.Second)
		},
		"eventually, nil": func(t simtest.T) { simtest.Eventually(t, nil, func(simtest.T) {}, time.Second, time.Second) },
	} {
		h := &helperT{helpers: map[string]bool{}}
		fail(h)
		assert.NotEmpty(t, h.errs, name)
		assert.Empty(t, h.unmarked, "%s: reported from simtest functions that had not called Helper", name)
	}
}
