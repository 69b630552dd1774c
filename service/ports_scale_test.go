package service

import (
	"strconv"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
)

// TestValidateManyPortsLinear: duplicate names, ports and node ports are
// found with sets, as upstream's ValidateService does, not by comparing
// every pair: 200,000 ports (about the apiserver's 3 MB request limit)
// validate in well under a second.
func TestValidateManyPortsLinear(t *testing.T) {
	s := Service{Name: "web", Type: NodePort}
	for i := range 200_000 {
		s.Ports = append(s.Ports, Port{Name: "p" + strconv.FormatInt(int64(i), 36), Port: int32(i%65535 + 1),
			Protocol: []pod.Protocol{pod.TCP, pod.UDP, pod.SCTP}[i/65535%3], NodePort: 30000})
	}
	start := time.Now()
	err := s.Validate()
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Validate of %d ports took %v", len(s.Ports), d)
	}
	if err == nil {
		t.Fatal("want duplicate node port errors")
	}
}
