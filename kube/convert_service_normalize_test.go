package kube

import (
	"testing"

	"github.com/stretchr/testify/assert"
	corev1 "k8s.io/api/core/v1"
)

// TestNormalizeClusterIPs ports the update cases of kubernetes
// pkg/registry/core/service/storage/storage_test.go, TestNormalizeClusterIPs
// (the create cases are service.NormalizeClusterIPs'), among them "update -
// user changed from None to ClusterIP", which only the API object can hold.
func TestNormalizeClusterIPs(t *testing.T) {
	svc := func(ip string, ips ...string) *corev1.Service {
		return &corev1.Service{Spec: corev1.ServiceSpec{ClusterIP: ip, ClusterIPs: ips}}
	}
	tests := []struct {
		name     string
		old, new *corev1.Service
		want     []string
	}{
		{"update - no change", svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.10", "10.0.0.10"), []string{"10.0.0.10"}},
		{"update - malformed change", svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.11", "10.0.0.11"), []string{"10.0.0.11"}},
		{"update - malformed change on secondary ip", svc("10.0.0.10", "10.0.0.10", "2000::1"), svc("10.0.0.11", "10.0.0.11", "3000::1"), []string{"10.0.0.11", "3000::1"}},
		{"update - upgrade", svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.10", "10.0.0.10", "2000::1"), []string{"10.0.0.10", "2000::1"}},
		{"update - downgrade", svc("10.0.0.10", "10.0.0.10", "2000::1"), svc("10.0.0.10", "10.0.0.10"), []string{"10.0.0.10"}},
		{"update - user cleared cluster IP", svc("10.0.0.10", "10.0.0.10"), svc("", "10.0.0.10"), nil},
		{"update - user cleared clusterIPs", svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.10"), []string{"10.0.0.10"}},
		{"update - user cleared both", svc("10.0.0.10", "10.0.0.10"), svc(""), nil},
		{"update - user cleared ClusterIP but changed clusterIPs", svc("10.0.0.10", "10.0.0.10"), svc("", "10.0.0.11"), []string{"10.0.0.11"}},
		{"update - user cleared ClusterIPs but changed ClusterIP", svc("10.0.0.10", "10.0.0.10", "2000::1"), svc("10.0.0.11"), nil},
		{"update - user changed from None to ClusterIP", svc("None", "None"), svc("10.0.0.10", "None"), []string{"10.0.0.10"}},
		{"update - user changed from ClusterIP to None", svc("10.0.0.10", "10.0.0.10"), svc("None", "10.0.0.10"), []string{"None"}},
		{"update - user changed from ClusterIP to None and changed ClusterIPs in a dual stack (new client making a mistake)",
			svc("10.0.0.10", "10.0.0.10", "2000::1"), svc("None", "10.0.0.11", "2000::1"), []string{"10.0.0.11", "2000::1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.new.DeepCopy()
			got := normalizeClusterIPs(tc.new, tc.old)
			assert.Equal(t, in.Spec.ClusterIP, got.Spec.ClusterIP, "clusterIP is never changed")
			assert.Equal(t, tc.want, got.Spec.ClusterIPs)
			assert.Equal(t, in, tc.new, "the update is not written")
		})
	}
}
