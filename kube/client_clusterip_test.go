package kube

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/svcsim/svcsim/sim"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A client that reads a Service, changes only its clusterIP and writes it
// back leaves clusterIPs as read: the API server takes the new clusterIP
// for clusterIPs (kubernetes pkg/registry/core/service/storage,
// normalizeClusterIPs) before validating, so the answer is the update
// rule's, not the create-time "first value must match `clusterIP`".
func TestClientsetUpdateClusterIPOnly(t *testing.T) {
	c := newWebCluster(t, 1)
	cs := NewClientset(c)
	svcs := cs.CoreV1().Services("default")

	headless := webService(80)
	headless.Name = "headless"
	headless.Spec.ClusterIP = "None"
	_, err := svcs.Create(ctx(t), headless, metav1.CreateOptions{})
	require.NoError(t, err)
	got, err := svcs.Get(ctx(t), "headless", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"None"}, got.Spec.ClusterIPs)
	before := trace(cs)
	got.Spec.ClusterIP = "10.96.0.50"
	_, err = svcs.Update(ctx(t), got, metav1.UpdateOptions{})
	require.True(t, apierrors.IsInvalid(err), "%v", err)
	assert.Contains(t, err.Error(), `spec.clusterIPs[0]: Invalid value: ["10.96.0.50"]: may not change once set`)
	assert.Equal(t, before, trace(cs), "a refused update changes nothing")

	// Clearing clusterIP alone clears clusterIPs too: the allocated
	// address is kept, as an update that omits it.
	_, err = svcs.Create(ctx(t), webService(80), metav1.CreateOptions{})
	require.NoError(t, err)
	api, err := svcs.Get(ctx(t), "api", metav1.GetOptions{})
	require.NoError(t, err)
	ip := api.Spec.ClusterIP
	api.Spec.ClusterIP = ""
	updated, err := svcs.Update(ctx(t), api, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, ip, updated.Spec.ClusterIP)
	assert.Equal(t, []string{ip}, updated.Spec.ClusterIPs)
}

// The same through kubectl apply: a headless Service's manifest, as `get -o
// yaml` writes it (clusterIP and clusterIPs "None"), edited to an address
// in clusterIP only.
func TestApplyClusterIPOnly(t *testing.T) {
	c := newCluster(t)
	const headless = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  clusterIPs: ["None"]
  selector:
    app: db
  ports:
  - port: 5432
`
	mustApply(t, c, headless)
	before := fmt.Sprint(c.Services(""))
	_, err := Apply(c, []byte(strings.Replace(headless, "clusterIP: None", "clusterIP: 10.96.0.50", 1)))
	require.ErrorIs(t, err, sim.ErrInvalid)
	assert.Contains(t, err.Error(), `spec.clusterIPs[0]: Invalid value: ["10.96.0.50"]: may not change once set`)
	assert.Equal(t, before, fmt.Sprint(c.Services("")))
}

// A clusterIP written as an IPv4-mapped IPv6 address is the IPv4 address,
// as v1.35's legacy parser (k8s.io/utils/net ParseIPSloppy, a net.IP) reads
// it: accepted, of the IPv4 family, allocated from the IPv4 range.
func TestClientsetIPv4MappedClusterIP(t *testing.T) {
	c := newWebCluster(t, 1)
	svcs := NewClientset(c).CoreV1().Services("default")
	s := webService(80)
	s.Spec.ClusterIP = "::ffff:10.96.0.50"
	got, err := svcs.Create(ctx(t), s, metav1.CreateOptions{})
	require.NoError(t, err)
	assert.Equal(t, "10.96.0.50", got.Spec.ClusterIP)
	assert.Equal(t, []corev1.IPFamily{corev1.IPv4Protocol}, got.Spec.IPFamilies)
}
