package service

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
)

// manyPorts is a NodePort Service with n ports, all on node port 30000, so
// that Validate reports n-1 duplicates.
func manyPorts(n int) Service {
	s := Service{Name: "web", Type: NodePort}
	for i := range n {
		s.Ports = append(s.Ports, Port{Name: "p" + strconv.FormatInt(int64(i), 36), Port: int32(i%65535 + 1),
			Protocol: []pod.Protocol{pod.TCP, pod.UDP, pod.SCTP}[i/65535%3], NodePort: 30000})
	}
	return s
}

// fastestValidate is the shortest of three Validate runs of s.
func fastestValidate(t *testing.T, s Service) time.Duration {
	// The collector's pauses grow with the heap the errors build, and
	// would blur what is measured here: the validator's own work.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC()
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		if s.Validate() == nil {
			t.Fatal("want duplicate node port errors")
		}
		best = min(best, time.Since(start))
	}
	return best
}

// TestValidateManyPortsLinear: duplicate names, ports and node ports are
// found with sets, as upstream's ValidateService does, not by comparing
// every pair. 64 times the ports (up to 64,000; the apiserver's 3 MB request
// limit holds about 200,000) must cost far less than the 4,096 times a
// pairwise comparison would (caches and a loaded machine make even linear
// work look up to a few times worse, hence the margin): the bound is a ratio, so a loaded machine or
// the race detector does not make the test flaky.
func TestValidateManyPortsLinear(t *testing.T) {
	small := fastestValidate(t, manyPorts(1_000))
	large := fastestValidate(t, manyPorts(64_000))
	ratio := float64(large) / float64(max(small, time.Microsecond))
	t.Logf("1,000 ports: %v, 64,000: %v (%.0f×)", small, large, ratio)
	if ratio > 1500 {
		t.Fatalf("Validate of 1,000 ports took %v, of 64,000 %v: %.0f×, want near 64× (linear), far from 4096× (pairwise)", small, large, ratio)
	}
}
