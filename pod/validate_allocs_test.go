package pod

import (
	"testing"

	"github.com/svcsim/svcsim/selector"
)

// TestValidateAllocs: validating a valid pod renders nothing (no object
// name or field path is built for an error that is not there, no set of
// port names for a container naming one port).
func TestValidateAllocs(t *testing.T) {
	for _, p := range []Pod{
		{Name: "client"},
		{Name: "web-1", Namespace: "prod", Labels: selector.Set{"app": "web"},
			Ports: []ContainerPort{{Name: "http", Port: 8080}, {Port: 9090, Protocol: UDP}}},
	} {
		if n := testing.AllocsPerRun(100, func() {
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("Validate of %s allocates %v times, want 0", p.Name, n)
		}
	}
}
