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
// every pair. Sixteen times the ports (up to 50,000; the apiserver's 3 MB
// request limit holds about 200,000) must cost far less than the 256 times
// a pairwise comparison would (caches make even linear work grow faster
// than the input here, hence the margin): the bound is a ratio, so a loaded machine or
// the race detector does not make the test flaky.
func TestValidateManyPortsLinear(t *testing.T) {
	small := fastestValidate(t, manyPorts(3_125))
	large := fastestValidate(t, manyPorts(50_000))
	ratio := float64(large) / float64(max(small, time.Microsecond))
	t.Logf("3,125 ports: %v, 50,000: %v (%.0f×)", small, large, ratio)
	if ratio > 128 {
		t.Fatalf("Validate of 3,125 ports took %v, of 50,000 %v: %.0f×, want near 16× (linear), far from 256× (pairwise)", small, large, ratio)
	}
}
