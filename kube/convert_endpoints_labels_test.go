package kube

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// TestEndpointsLabels ports the label cases of kubernetes
// pkg/controller/endpoint/endpoints_controller_test.go (syncService copies
// the Service's labels, adds service.kubernetes.io/headless "" when the
// Service has no ClusterIP and removes it otherwise, and sets
// endpoints.kubernetes.io/managed-by: endpoint-controller): the labels of
// the Endpoints object of a Service with a selector, as ToEndpoints writes
// them. A selector-less Service's Endpoints are the user's, unlabelled.
func TestEndpointsLabels(t *testing.T) {
	managed := map[string]string{LabelEndpointsManagedBy: EndpointsControllerName}
	with := func(kv ...string) map[string]string {
		out := map[string]string{LabelEndpointsManagedBy: EndpointsControllerName}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	tests := []struct {
		name     string
		headless bool
		selector bool
		labels   map[string]string
		want     map[string]string
	}{
		{name: "TestSyncEndpointsItems", selector: true, want: managed},
		{name: "TestSyncEndpointsItemsWithLabels", selector: true, labels: map[string]string{"foo": "bar"},
			want: with("foo", "bar")},
		{name: "TestSyncEndpointsItemsPreexistingLabelsChange", selector: true, labels: map[string]string{"baz": "blah"},
			want: with("baz", "blah")},
		{name: "TestSyncEndpointsHeadlessService", selector: true, headless: true, labels: map[string]string{"a": "b"},
			want: with("a", "b", endpoints.LabelHeadless, "")},
		{name: "TestSyncEndpointsHeadlessWithoutPort", selector: true, headless: true,
			want: with(endpoints.LabelHeadless, "")},
		{name: "headless label of a Service with a ClusterIP is removed", selector: true,
			labels: map[string]string{endpoints.LabelHeadless: "", "foo": "bar"}, want: with("foo", "bar")},
		{name: "managed-by label of the Service is overwritten", selector: true,
			labels: map[string]string{LabelEndpointsManagedBy: "me"}, want: managed},
		{name: "TestSyncEndpointsItemsPreserveNoSelector", labels: map[string]string{"foo": "bar"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCluster(t)
			svc := service.Service{Namespace: "default", Name: "foo", Labels: tt.labels, Headless: tt.headless,
				Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortNumber(8080)}}}
			if tt.headless && tt.name == "TestSyncEndpointsHeadlessWithoutPort" {
				svc.Ports = nil
			}
			if tt.selector {
				svc.Selector = selector.Set{"foo": "bar"}
			}
			_, err := c.CreateService(svc)
			require.NoError(t, err)
			e := endpoints.Endpoints{Namespace: "default", Name: "foo"}
			if !tt.selector {
				e.Subsets = []endpoints.Subset{{Addresses: []endpoints.Address{{IP: netip.MustParseAddr("192.0.2.9")}}}}
				require.NoError(t, c.SetEndpoints(e))
			}
			require.NoError(t, c.Settle())
			got, ok := c.Endpoints("default", "foo")
			require.True(t, ok)
			require.Equal(t, tt.want, ToEndpoints(c, got).Labels)
		})
	}
}

// TestEndpointsSkipMirrorLabel: endpointslice.kubernetes.io/skip-mirror
// set to "true" on a user's Endpoints keeps it out of the mirroring
// controller (kubernetes
// pkg/controller/endpointslicemirroring/endpointslicemirroring_controller_test.go,
// TestShouldMirror: "true" skips, any other value mirrors), and reads back;
// kube-apiserver's default/kubernetes carries it too (its endpoint
// reconciler writes its own slice).
func TestEndpointsSkipMirrorLabel(t *testing.T) {
	for _, tc := range []struct {
		name   string
		value  string
		slices int
	}{{"Endpoints with skip-mirror=true", "true", 0}, {"Endpoints with skip-mirror=invalid", "invalid", 1},
		{"Standard Endpoints", "", 1}} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCluster(t)
			_, err := c.CreateService(service.Service{Namespace: "default", Name: "ext",
				Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortNumber(8080)}}})
			require.NoError(t, err)
			k := &corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "ext"},
				Subsets: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{{IP: "192.0.2.9"}},
					Ports: []corev1.EndpointPort{{Name: "http", Port: 8080}}}}}
			if tc.value != "" {
				k.Labels = map[string]string{discoveryv1.LabelSkipMirror: tc.value}
			}
			e, _, err := FromEndpoints(k)
			require.NoError(t, err)
			require.NoError(t, c.SetEndpoints(e))
			require.NoError(t, c.Settle())
			require.Len(t, c.EndpointSlices("default", "ext"), tc.slices)
			got, ok := c.Endpoints("default", "ext")
			require.True(t, ok)
			require.Equal(t, tc.value == "true", ToEndpoints(c, got).Labels[discoveryv1.LabelSkipMirror] == "true")
		})
	}
	c := newCluster(t)
	require.NoError(t, c.Settle())
	got, ok := c.Endpoints("default", "kubernetes")
	require.True(t, ok)
	require.Equal(t, map[string]string{discoveryv1.LabelSkipMirror: "true"}, ToEndpoints(c, got).Labels)
}
