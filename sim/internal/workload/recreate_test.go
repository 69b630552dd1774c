package workload

import (
	"fmt"
	"testing"
)

func TestRecreateStep(t *testing.T) {
	tests := []struct {
		name                            string
		replicas, newReplicas, oldTotal int
		oldPodsRunning                  bool
		want                            RecreatePlan
	}{
		{"old replicas first", 3, 0, 3, true, RecreatePlan{RecreateScaleDownOld, 0}},
		{"old replicas first even when no pods", 3, 0, 2, false, RecreatePlan{RecreateScaleDownOld, 0}},
		{"wait for terminating old pods", 3, 0, 0, true, RecreatePlan{RecreateWaitOldPods, 0}},
		{"then the new RS gets everything", 3, 0, 0, false, RecreatePlan{RecreateScaleNew, 3}},
		{"new RS too large is scaled down", 3, 5, 0, false, RecreatePlan{RecreateScaleNew, 3}},
		{"done", 3, 3, 0, false, RecreatePlan{RecreateNone, 3}},
		{"scale to zero", 0, 0, 0, false, RecreatePlan{RecreateNone, 0}},
	}
	for _, tc := range tests {
		if got := RecreateStep(tc.replicas, tc.newReplicas, tc.oldTotal, tc.oldPodsRunning); got != tc.want {
			t.Errorf("%s: RecreateStep = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// ExampleRecreateStep walks a Recreate rollout of 3 replicas: old pods are
// terminating (grace period) for two syncs, which is the downtime.
func ExampleRecreateStep() {
	newRS, old := 0, 3
	terminating := 0
	for range 6 {
		p := RecreateStep(3, newRS, old, old > 0 || terminating > 0)
		switch p.Action {
		case RecreateScaleDownOld:
			terminating, old = old, 0
		case RecreateWaitOldPods:
			terminating-- // one old pod finishes terminating
		}
		newRS = p.New
		fmt.Printf("%-14s new=%d old=%d terminating=%d\n", recreateActionName[p.Action], newRS, old, terminating)
	}
	// Output:
	// scale-down-old new=0 old=0 terminating=3
	// wait-old-pods  new=0 old=0 terminating=2
	// wait-old-pods  new=0 old=0 terminating=1
	// wait-old-pods  new=0 old=0 terminating=0
	// scale-new      new=3 old=0 terminating=0
	// none           new=3 old=0 terminating=0
}

// recreateActionName names an action in test output.
var recreateActionName = map[RecreateAction]string{
	RecreateNone: "none", RecreateScaleDownOld: "scale-down-old",
	RecreateWaitOldPods: "wait-old-pods", RecreateScaleNew: "scale-new",
}
