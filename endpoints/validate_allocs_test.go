package endpoints

import (
	"net/netip"
	"testing"

	"github.com/svcsim/svcsim/pod"
)

// TestValidateEndpointsAllocs: validating a valid Endpoints object renders
// nothing (no object name, field path or address text is built for an
// error that is not there).
func TestValidateEndpointsAllocs(t *testing.T) {
	for _, ep := range []Endpoints{
		{Namespace: "default", Name: "kubernetes", Subsets: []Subset{{
			Addresses: []Address{{IP: netip.MustParseAddr("10.0.0.1")}},
			Ports:     []EndpointPort{{Name: "https", Port: 6443, Protocol: pod.TCP}}}}},
		{Name: "db", Subsets: []Subset{{
			Addresses:         []Address{{IP: netip.MustParseAddr("10.244.1.5"), Hostname: "db-0", NodeName: "node-1"}},
			NotReadyAddresses: []Address{{IP: netip.MustParseAddr("fd00::5")}},
			Ports:             []EndpointPort{{Name: "sql", Port: 5432}, {Name: "metrics", Port: 9187, Protocol: pod.UDP, AppProtocol: "http"}}}}},
	} {
		if n := testing.AllocsPerRun(100, func() {
			if err := ValidateEndpoints(ep); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("ValidateEndpoints of %s allocates %v times, want 0", ep.Name, n)
		}
	}
}
