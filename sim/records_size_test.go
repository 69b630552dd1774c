package sim

import (
	"testing"
	"time"
	"unsafe"

	"github.com/svcsim/svcsim/selector"
)

// The pod record stays at 80 bytes: state that most pods never need (the
// kubelet's crash back-off) lives beside it.
func TestPodRecSize(t *testing.T) {
	if got := unsafe.Sizeof(podRec{}); got != 80 {
		t.Errorf("podRec is %d bytes, want 80", got)
	}
}

// The kubelet's side records exist only for pods whose container exited
// or that are terminating, and go with the pod.
func TestKubeletSideRecords(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"}}))
	must(t, c.Settle())
	if n := len(c.kubeletRecs); n != 0 {
		t.Fatalf("%d side records before any exit, want 0", n)
	}
	p := podsOf(c)[0]
	must(t, c.CrashPod("", p.Name))
	must(t, c.Advance(5*time.Second))
	if n := len(c.kubeletRecs); n != 1 {
		t.Fatalf("%d side records after one crash, want 1", n)
	}
	must(t, c.DeleteDeployment("", "web"))
	must(t, c.Settle())
	if n := len(c.kubeletRecs); n != 0 {
		t.Fatalf("%d side records after the pods are gone, want 0", n)
	}
}
