package pod_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// A value past its maximum length is reported as field.TooLong reports it
// (apimachinery pkg/util/validation/field/errors.go, TooLong): the value is
// omitted, so no message grows with the input.
func TestTooLongValuesAreNotEchoed(t *testing.T) {
	huge := strings.Repeat("a", 1<<20)
	cases := []struct {
		name string
		pod  pod.Pod
		want string
	}{
		{"name", pod.Pod{Name: huge},
			"metadata.name: Too long: may not be more than 253 bytes"},
		{"namespace", pod.Pod{Namespace: huge, Name: "web"},
			"metadata.namespace: Too long: may not be more than 63 bytes"},
		{"label value", pod.Pod{Name: "web", Labels: selector.Set{"app": huge}},
			"metadata.labels: Too long: may not be more than 63 bytes"},
		{"label key", pod.Pod{Name: "web", Labels: selector.Set{huge: "x"}},
			"metadata.labels: Too long: may not be more than 63 bytes"},
		{"label key prefix", pod.Pod{Name: "web", Labels: selector.Set{huge + "/x": "x"}},
			"metadata.labels: Too long: may not be more than 253 bytes"},
		{"port name", pod.Pod{Name: "web", Ports: []pod.ContainerPort{{Name: huge, Port: 80}}},
			"spec.containers[0].ports[0].name: Too long: may not be more than 15 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.pod.Validate()
			require.ErrorIs(t, err, pod.ErrInvalid)
			msg := err.Error()
			require.Less(t, len(msg), 1024, "message starts %.200q", msg)
			assert.Contains(t, msg, tc.want)
		})
	}
}
