package endpoints_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/endpoints"
)

// A value past its maximum length is a TooLong error that omits it
// (apimachinery field.TooLong): no message grows with the input.
func TestTooLongValuesAreNotEchoed(t *testing.T) {
	huge := strings.Repeat("a", 1<<20)
	ip := netip.MustParseAddr("10.0.0.1")
	cases := []struct {
		name string
		ep   endpoints.Endpoints
		want string
	}{
		{"name", endpoints.Endpoints{Name: huge}, "metadata.name: Too long: may not be more than 253 bytes"},
		{"namespace", endpoints.Endpoints{Namespace: huge, Name: "web"}, "metadata.namespace: Too long: may not be more than 63 bytes"},
		{"nodeName", endpoints.Endpoints{Name: "web", Subsets: []endpoints.Subset{{
			Addresses: []endpoints.Address{{IP: ip, NodeName: huge}}}}},
			"subsets[0].addresses[0].nodeName: Too long: may not be more than 253 bytes"},
		{"port name", endpoints.Endpoints{Name: "web", Subsets: []endpoints.Subset{{
			Addresses: []endpoints.Address{{IP: ip}}, Ports: []endpoints.EndpointPort{{Name: huge, Port: 80}}}}},
			"subsets[0].ports[0].name: Too long: may not be more than 63 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := endpoints.ValidateEndpoints(tc.ep)
			require.Error(t, err)
			msg := err.Error()
			require.Less(t, len(msg), 1024, "message starts %.200q", msg)
			assert.Contains(t, msg, tc.want)
		})
	}
}
