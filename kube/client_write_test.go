package kube

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// causes returns the field causes of an Invalid error.
func causes(t *testing.T, err error) []string {
	t.Helper()
	require.True(t, apierrors.IsInvalid(err), "%v", err)
	var out []string
	for _, c := range err.(apierrors.APIStatus).Status().Details.Causes {
		out = append(out, c.Field)
	}
	return out
}

// trace is the cluster's state a refused write must leave as it was.
func trace(cs *Clientset) string {
	var s string
	_ = cs.Do(func(c *sim.Cluster) error {
		s = fmt.Sprint(c.Events(), c.ResourceVersion(), c.Services(""), c.Pods("", selector.Everything()), c.Deployments(""))
		return nil
	})
	return s
}

func webService(port int32) *corev1.Service {
	return &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "api"}, Spec: corev1.ServiceSpec{
		Selector: map[string]string{"app": "web"},
		Ports:    []corev1.ServicePort{{Name: "http", Port: port, TargetPort: intstr.FromString("http"), Protocol: corev1.ProtocolTCP}}}}
}

// Writes go through the cluster and fail as the API server fails them,
// leaving the cluster as it was.
func TestClientsetServiceWrites(t *testing.T) {
	c := newWebCluster(t, 2)
	cs := NewClientset(c)
	svcs := cs.CoreV1().Services("default")

	created, err := svcs.Create(ctx(t), webService(80), metav1.CreateOptions{})
	require.NoError(t, err)
	assert.NotEmpty(t, created.Spec.ClusterIP, "allocated by the cluster")
	assert.NotEmpty(t, created.ResourceVersion)
	s, ok := c.Service("default", "api")
	require.True(t, ok)
	assert.Equal(t, s.ClusterIP.String(), created.Spec.ClusterIP)

	before := trace(cs)
	_, err = svcs.Create(ctx(t), webService(80), metav1.CreateOptions{})
	assert.True(t, apierrors.IsAlreadyExists(err), "%v", err)
	bad := webService(70000)
	bad.Name = "bad"
	_, err = svcs.Create(ctx(t), bad, metav1.CreateOptions{})
	assert.Equal(t, []string{"spec.ports[0].port"}, causes(t, err))
	other := webService(80)
	other.Namespace = "other"
	_, err = svcs.Create(ctx(t), other, metav1.CreateOptions{})
	assert.True(t, apierrors.IsBadRequest(err), "%v", err)

	stale := created.DeepCopy()
	stale.Spec.Ports[0].Port = 81
	moved := created.DeepCopy()
	moved.Spec.ClusterIP, moved.Spec.ClusterIPs = "10.96.99.99", []string{"10.96.99.99"}
	_, err = svcs.Update(ctx(t), moved, metav1.UpdateOptions{})
	assert.Equal(t, []string{"spec.clusterIPs[0]"}, causes(t, err), "as the API server words a changed ClusterIP")
	assert.Equal(t, before, trace(cs), "refused writes change nothing")

	updated, err := svcs.Update(ctx(t), stale, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, int32(81), updated.Spec.Ports[0].Port)
	_, err = svcs.Update(ctx(t), stale, metav1.UpdateOptions{})
	assert.True(t, apierrors.IsConflict(err), "a write at an old resourceVersion: %v", err)

	require.NoError(t, svcs.Delete(ctx(t), "api", metav1.DeleteOptions{}))
	_, ok = c.Service("default", "api")
	assert.False(t, ok)
	assert.True(t, apierrors.IsNotFound(svcs.Delete(ctx(t), "api", metav1.DeleteOptions{})))
}

func TestClientsetDeploymentScale(t *testing.T) {
	c := newWebCluster(t, 2)
	cs := NewClientset(c)
	deps := cs.AppsV1().Deployments("default")
	sc, err := deps.GetScale(ctx(t), "web", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, int32(2), sc.Spec.Replicas)
	assert.Equal(t, "app=web", sc.Status.Selector)

	sc.Spec.Replicas = 5
	got, err := deps.UpdateScale(ctx(t), "web", sc, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, int32(5), got.Spec.Replicas)
	d, _ := c.Deployment("default", "web")
	assert.Equal(t, 5, d.Replicas)

	_, err = deps.UpdateScale(ctx(t), "web", &autoscalingv1.Scale{ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: autoscalingv1.ScaleSpec{Replicas: -1}}, metav1.UpdateOptions{})
	assert.True(t, apierrors.IsInvalid(err), "%v", err)
	_, err = deps.GetScale(ctx(t), "nope", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)

	dep, err := deps.Get(ctx(t), "web", metav1.GetOptions{})
	require.NoError(t, err)
	dep.ResourceVersion = ""
	dep.Spec.Template.Spec.Containers[0].Image = "web:v2"
	_, err = deps.Update(ctx(t), dep, metav1.UpdateOptions{})
	require.NoError(t, err)
	d, _ = c.Deployment("default", "web")
	assert.Equal(t, "web:v2", d.Containers[0].Image, "a changed template rolls out")

	fresh := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "api"}, Spec: *dep.Spec.DeepCopy()}
	_, err = deps.Create(ctx(t), fresh, metav1.CreateOptions{})
	require.NoError(t, err)
	_, ok := c.Deployment("default", "api")
	assert.True(t, ok)
	require.NoError(t, deps.Delete(ctx(t), "api", metav1.DeleteOptions{}))
	_, ok = c.Deployment("default", "api")
	assert.False(t, ok)
}

func TestClientsetPodWrites(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 2, MaxPods: 3})
	require.NoError(t, err)
	require.NoError(t, c.Settle())
	cs := NewClientset(c)
	pods := cs.CoreV1().Pods("default")
	mk := func(name string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app": "x"}},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "x"}}}}
	}
	p, err := pods.Create(ctx(t), mk("a"), metav1.CreateOptions{})
	require.NoError(t, err)
	p.Labels["tier"] = "front"
	p, err = pods.Update(ctx(t), p, metav1.UpdateOptions{})
	require.NoError(t, err)
	got, _ := c.Pod("default", "a")
	assert.Equal(t, "front", got.Labels["tier"])

	before := trace(cs)
	moved := p.DeepCopy()
	moved.Spec.Hostname = "elsewhere"
	_, err = pods.Update(ctx(t), moved, metav1.UpdateOptions{})
	assert.Equal(t, []string{"spec"}, causes(t, err))
	// kube-system's two coredns pods and a take the quota of 3.
	_, err = pods.Create(ctx(t), mk("b"), metav1.CreateOptions{})
	assert.True(t, apierrors.IsForbidden(err), "%v", err)
	assert.Equal(t, before, trace(cs), "refused writes change nothing")

	require.NoError(t, pods.Delete(ctx(t), "a", metav1.DeleteOptions{GracePeriodSeconds: new(int64)}))
	_, ok := c.Pod("default", "a")
	assert.False(t, ok, "deleted at once with a grace period of 0")
}
