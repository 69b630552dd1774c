package kube

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

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
