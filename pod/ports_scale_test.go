package pod

import (
	"strconv"
	"testing"
	"time"
)

// TestValidateManyPortsLinear: duplicate port names are found with a set,
// as upstream's validateContainerPorts does, not by comparing every pair:
// 200,000 ports (about 3 MB of JSON, the apiserver's request limit)
// validate in well under a second.
func TestValidateManyPortsLinear(t *testing.T) {
	p := Pod{Name: "web"}
	for i := range 200_000 {
		p.Ports = append(p.Ports, ContainerPort{Name: "p" + strconv.FormatInt(int64(i), 36), Port: int32(i%65535 + 1)})
	}
	start := time.Now()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Validate of %d ports took %v", len(p.Ports), d)
	}
}
