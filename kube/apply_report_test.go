package kube

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestApplyReport: ApplyReport says what kubectl apply prints for each
// object: created, configured when the Apply changed it, unchanged when it
// made no request.
func TestApplyReport(t *testing.T) {
	c := newCluster(t)
	lines := func(m []byte) []string {
		t.Helper()
		applied, _, err := ApplyReport(c, m)
		require.NoError(t, err)
		var out []string
		for _, a := range applied {
			out = append(out, a.String())
		}
		return out
	}
	m := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: agnhost
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
`
	assert.Equal(t, []string{"deployment.apps/web created", "service/web created"}, lines([]byte(m)))
	require.NoError(t, c.Settle())
	assert.Equal(t, []string{"deployment.apps/web unchanged", "service/web unchanged"}, lines([]byte(m)))
	assert.Equal(t, []string{"deployment.apps/web configured", "service/web unchanged"},
		lines([]byte(strings.Replace(m, "replicas: 2", "replicas: 3", 1))))
	assert.Equal(t, "statefulset.apps/db created", Applied{Kind: "StatefulSet", Namespace: "shop", Name: "db", Result: "created"}.String())
	assert.Equal(t, "endpointslice.discovery.k8s.io/web-1 created", Applied{Kind: "EndpointSlice", Name: "web-1", Result: "created"}.String())
}
