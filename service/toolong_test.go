package service_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// A value past its maximum length is a TooLong error that omits it
// (apimachinery field.TooLong), and the object named in front is cut: no
// message grows with the input.
func TestTooLongValuesAreNotEchoed(t *testing.T) {
	huge := strings.Repeat("a", 1<<20)
	port := []service.Port{{Port: 80}}
	cases := []struct {
		name string
		svc  service.Service
		want string
	}{
		{"name", service.Service{Name: huge, Ports: port}, "metadata.name: Too long: may not be more than 63 bytes"},
		{"namespace", service.Service{Namespace: huge, Name: "web", Ports: port}, "metadata.namespace: Too long: may not be more than 63 bytes"},
		{"port name", service.Service{Name: "web", Ports: []service.Port{{Name: huge, Port: 80}}}, "spec.ports[0].name: Too long: may not be more than 63 bytes"},
		{"target port", service.Service{Name: "web", Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName(huge)}}},
			"spec.ports[0].targetPort: Too long: may not be more than 15 bytes"},
		{"selector", service.Service{Name: "web", Ports: port, Selector: selector.Set{"app": huge}}, "spec.selector: Too long: may not be more than 63 bytes"},
		{"externalName", service.Service{Name: "web", Type: service.ExternalName, ExternalName: huge}, "spec.externalName: Too long: may not be more than 253 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.svc.Validate()
			require.ErrorIs(t, err, service.ErrInvalid)
			msg := err.Error()
			require.Less(t, len(msg), 1024, "message starts %.200q", msg)
			assert.Contains(t, msg, tc.want)
		})
	}
}
