package workload

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// t0 is the creation time of the oldest ReplicaSets of the tests.
const t0 = time.Duration(0)

// rollout is a tiny model of one Deployment for tests: it applies plans and
// keeps availability consistent (scaling an RS down deletes its unavailable
// pods first, as the ReplicaSet's deletion ranking does).
type rollout struct {
	replicas, surge, unavail int
	newRS                    ReplicaSetState
	old                      []ReplicaSetState
}

func (m *rollout) input() RolloutInput {
	return RolloutInput{Replicas: m.replicas, Surge: m.surge, Unavailable: m.unavail, New: m.newRS, Old: m.old}
}

func (m *rollout) apply(p RolloutPlan) {
	m.newRS.Replicas = p.New
	m.newRS.Available = min(m.newRS.Available, p.New)
	for i := range m.old {
		m.old[i].Replicas = p.Old[i]
		m.old[i].Available = min(m.old[i].Available, p.Old[i])
	}
}

func (m *rollout) state() string {
	s := fmt.Sprintf("new %d/%d", m.newRS.Replicas, m.newRS.Available)
	for _, o := range m.old {
		s += fmt.Sprintf(" old %d/%d", o.Replicas, o.Available)
	}
	return s
}

func (m *rollout) totals() (spec, avail int) {
	spec, avail = m.newRS.Replicas, m.newRS.Available
	for _, o := range m.old {
		spec += o.Replicas
		avail += o.Available
	}
	return spec, avail
}

// TestRolloutStepWalkthrough replays a rolling update of replicas=4 with the
// 25%/25% defaults (surge 1, unavailable 1: at most 5 pods, at least 3
// available) sync by sync, as kubernetes pkg/controller/deployment/rolling.go
// rolloutRolling runs it. "ready" marks one more new pod becoming available
// before the sync.
func TestRolloutStepWalkthrough(t *testing.T) {
	m := &rollout{replicas: 4, surge: 1, unavail: 1,
		newRS: ReplicaSetState{Name: "web-new", Created: t0 + time.Hour},
		old:   []ReplicaSetState{{Name: "web-old", Created: t0, Replicas: 4, Available: 4}}}
	steps := []struct {
		ready  bool
		action RolloutAction
		want   string // "new spec/avail old spec/avail" after the sync
	}{
		{false, RolloutScaleNew, "new 1/0 old 4/4"},     // sync 1: new 0→1, 5 pods
		{false, RolloutScaleDownOld, "new 1/0 old 3/3"}, // sync 2: maxScaledDown 5−3−1 = 1
		{false, RolloutScaleNew, "new 2/0 old 3/3"},     // sync 3: 4 < 5, new 1→2 without waiting
		{false, RolloutNone, "new 2/0 old 3/3"},         // maxScaledDown 5−3−2 = 0
		{true, RolloutScaleDownOld, "new 2/1 old 2/2"},
		{false, RolloutScaleNew, "new 3/1 old 2/2"},
		{false, RolloutNone, "new 3/1 old 2/2"},
		{true, RolloutScaleDownOld, "new 3/2 old 1/1"},
		{false, RolloutScaleNew, "new 4/2 old 1/1"},
		{false, RolloutNone, "new 4/2 old 1/1"},
		{true, RolloutScaleDownOld, "new 4/3 old 0/0"},
		{false, RolloutNone, "new 4/3 old 0/0"},
		{true, RolloutNone, "new 4/4 old 0/0"},
	}
	for i, st := range steps {
		if st.ready {
			m.newRS.Available++
		}
		p := RolloutStep(m.input())
		m.apply(p)
		if p.Action != st.action || m.state() != st.want {
			t.Fatalf("sync %d: %s → %q, want %s → %q", i+1, rolloutActionName[p.Action], m.state(), rolloutActionName[st.action], st.want)
		}
		if spec, avail := m.totals(); spec > 5 || avail < 3 {
			t.Fatalf("sync %d: %d pods (max 5), %d available (min 3)", i+1, spec, avail)
		}
	}
	if !rolloutComplete(m.input()) {
		t.Fatal("rollout not complete at the end")
	}
}

func TestRolloutStepCases(t *testing.T) {
	old := func(spec, avail int, minutes int) ReplicaSetState {
		return ReplicaSetState{Replicas: spec, Available: avail, Created: t0 + time.Duration(minutes)*time.Minute, Name: fmt.Sprint("rs", minutes)}
	}
	tests := []struct {
		name      string
		in        RolloutInput
		action    RolloutAction
		wantNew   int
		wantOld   []int
		cleaned   int
		scaledDwn int
	}{
		{
			name:    "new larger than replicas is scaled down to it",
			in:      RolloutInput{Replicas: 3, Surge: 1, Unavailable: 0, New: ReplicaSetState{Replicas: 5, Available: 5}},
			action:  RolloutScaleNew,
			wantNew: 3, wantOld: []int{},
		},
		{
			name:    "scale up limited by replicas − new",
			in:      RolloutInput{Replicas: 10, Surge: 3, Unavailable: 2, New: ReplicaSetState{Replicas: 9}, Old: []ReplicaSetState{old(0, 0, 0)}},
			action:  RolloutScaleNew,
			wantNew: 10, wantOld: []int{0},
		},
		{
			name: "unhealthy old pods are cleaned up oldest first, within maxScaledDown",
			// all 10+3=13, minAvailable 8, newUnavailable 3 → maxScaledDown 2.
			in: RolloutInput{Replicas: 10, Surge: 3, Unavailable: 2, New: ReplicaSetState{Replicas: 3},
				Old: []ReplicaSetState{old(5, 5, 20), old(3, 1, 10), old(2, 1, 5)}},
			action: RolloutScaleDownOld, wantNew: 3,
			// oldest (5 min) loses 1 unhealthy, then (10 min) loses 1 of its 2;
			// available 7 ≤ 8: no availability-driven scale-down.
			wantOld: []int{5, 2, 1}, cleaned: 2,
		},
		{
			name: "cleanup then scale down by available − minAvailable",
			// all 13 = maxTotal, minAvailable 8, newUnavailable 0 →
			// maxScaledDown 5.
			in: RolloutInput{Replicas: 10, Surge: 3, Unavailable: 2, New: ReplicaSetState{Replicas: 2, Available: 2},
				Old: []ReplicaSetState{old(6, 6, 2), old(5, 4, 1)}},
			action: RolloutScaleDownOld, wantNew: 2,
			// cleanup: rs1 (older) 5→4. available 2+6+4 = 12 → scale down 4,
			// oldest first: rs1 4→0.
			wantOld: []int{6, 0}, cleaned: 1, scaledDwn: 4,
		},
		{
			name: "no scale-down while new pods are unavailable",
			in: RolloutInput{Replicas: 4, Surge: 1, Unavailable: 1, New: ReplicaSetState{Replicas: 2},
				Old: []ReplicaSetState{old(3, 3, 0)}},
			action: RolloutNone, wantNew: 2, wantOld: []int{3},
		},
		{
			name: "equal creation times order by name",
			in: RolloutInput{Replicas: 2, Surge: 0, Unavailable: 1, New: ReplicaSetState{Replicas: 0},
				Old: []ReplicaSetState{{Name: "b", Created: t0, Replicas: 1, Available: 1}, {Name: "a", Created: t0, Replicas: 1, Available: 1}}},
			action: RolloutScaleDownOld, wantNew: 0, wantOld: []int{1, 0}, scaledDwn: 1,
		},
		{
			name: "size 0: MaxUnavailable is 0, everything old goes",
			in: RolloutInput{Replicas: 0, Surge: 0, Unavailable: 1, New: ReplicaSetState{},
				Old: []ReplicaSetState{old(3, 2, 0)}},
			action: RolloutScaleDownOld, wantNew: 0, wantOld: []int{0}, cleaned: 1, scaledDwn: 2,
		},
		{
			name: "stale status (available > spec) is not cleaned up",
			in: RolloutInput{Replicas: 4, Surge: 1, Unavailable: 1, New: ReplicaSetState{Replicas: 1, Available: 1},
				Old: []ReplicaSetState{old(4, 5, 0)}},
			action: RolloutScaleDownOld, wantNew: 1, wantOld: []int{1}, scaledDwn: 3,
		},
		{
			name: "CreateNew continues into the old scale-down in the same sync",
			in: RolloutInput{Replicas: 4, Surge: 1, Unavailable: 1, CreateNew: true, New: ReplicaSetState{Replicas: 99},
				Old: []ReplicaSetState{old(4, 4, 0)}},
			action: RolloutScaleDownOld, wantNew: 1, wantOld: []int{3}, scaledDwn: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := slices.Clone(tc.in.Old)
			p := RolloutStep(tc.in)
			if p.Action != tc.action || p.New != tc.wantNew || !slices.Equal(p.Old, tc.wantOld) ||
				p.Cleaned != tc.cleaned || p.ScaledDown != tc.scaledDwn {
				t.Fatalf("got %v new=%d old=%v cleaned=%d scaledDown=%d; want %v new=%d old=%v cleaned=%d scaledDown=%d",
					p.Action, p.New, p.Old, p.Cleaned, p.ScaledDown, tc.action, tc.wantNew, tc.wantOld, tc.cleaned, tc.scaledDwn)
			}
			if !slices.Equal(before, tc.in.Old) {
				t.Fatal("RolloutStep modified its input")
			}
		})
	}
}

func TestNewRSNewReplicas(t *testing.T) {
	tests := []struct{ replicas, surge, newR, all, want int }{
		{4, 1, 0, 4, 1},
		{4, 1, 1, 5, 1},
		{4, 1, 1, 4, 2},
		{10, 3, 0, 10, 3},
		{10, 3, 8, 9, 10}, // capped by replicas − new
		{10, 0, 2, 10, 2},
		{3, 1, 0, 7, 0}, // above maxTotal already
	}
	for _, tc := range tests {
		if got := NewRSNewReplicas(tc.replicas, tc.surge, tc.newR, tc.all); got != tc.want {
			t.Errorf("NewRSNewReplicas(%d, %d, %d, %d) = %d, want %d", tc.replicas, tc.surge, tc.newR, tc.all, got, tc.want)
		}
	}
}

// TestRolloutStepConverges: from a steady state (old ReplicaSets summing to
// replicas, some of their pods possibly unhealthy forever) repeated syncs,
// with new pods becoming available in between, reach new = replicas, old = 0;
// spec totals never exceed replicas + surge; availability never falls below
// min(its previous value, replicas − MaxUnavailable).
func TestRolloutStepConverges(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		replicas := rapid.IntRange(0, 40).Draw(t, "replicas")
		ms := genIntOrPercent(t, "maxSurge")
		mu := genIntOrPercent(t, "maxUnavailable")
		if ValidateStrategy(ms, mu) != nil {
			t.Skip("invalid strategy")
		}
		surge, unavail := ResolveFenceposts(ms, mu, replicas)
		m := &rollout{replicas: replicas, surge: surge, unavail: unavail,
			newRS: ReplicaSetState{Name: "new", Created: t0 + time.Hour}}
		nOld := rapid.IntRange(1, 3).Draw(t, "oldRSs")
		left := replicas
		for i := range nOld {
			spec := left
			if i < nOld-1 {
				spec = rapid.IntRange(0, left).Draw(t, "oldSpec")
			}
			left -= spec
			avail := rapid.IntRange(0, spec).Draw(t, "oldAvail")
			m.old = append(m.old, ReplicaSetState{Name: fmt.Sprint("old", i), Created: t0 + time.Duration(rapid.IntRange(0, 3).Draw(t, "created"))*time.Minute, Replicas: spec, Available: avail})
		}
		minAvail := replicas - MaxUnavailable(unavail, replicas)
		maxTotal := replicas + surge
		for sync := 0; ; sync++ {
			if sync > 10*(replicas+5) {
				t.Fatalf("no convergence after %d syncs: %s", sync, m.state())
			}
			_, availBefore := m.totals()
			p := RolloutStep(m.input())
			m.apply(p)
			spec, avail := m.totals()
			if spec > maxTotal {
				t.Fatalf("sync %d: spec total %d > %d (%s)", sync, spec, maxTotal, m.state())
			}
			if avail < min(availBefore, minAvail) {
				t.Fatalf("sync %d: available %d < min(%d, %d) (%s)", sync, avail, availBefore, minAvail, m.state())
			}
			if p.Action != RolloutNone {
				continue
			}
			if rolloutComplete(m.input()) {
				return
			}
			// Nothing to do: some new pods must be pending availability.
			pending := m.newRS.Replicas - m.newRS.Available
			if pending == 0 {
				t.Fatalf("sync %d: stuck with no pending pods: %s", sync, m.state())
			}
			m.newRS.Available += rapid.IntRange(1, pending).Draw(t, "becomeAvailable")
		}
	})
}

func genIntOrPercent(t *rapid.T, label string) IntOrPercent {
	if rapid.Bool().Draw(t, label+"IsPercent") {
		return Percent(rapid.Int32Range(0, 100).Draw(t, label+"Pct"))
	}
	return num(rapid.Int32Range(0, 5).Draw(t, label+"Int"))
}

func TestRolloutStepAllocs(t *testing.T) {
	in := RolloutInput{Replicas: 10, Surge: 3, Unavailable: 2, New: ReplicaSetState{Replicas: 3, Available: 3},
		Old: []ReplicaSetState{{Replicas: 5, Available: 5, Created: t0}, {Replicas: 4, Available: 3, Created: t0 + 1}}}
	if n := testing.AllocsPerRun(100, func() { _ = RolloutStep(in) }); n > 1 {
		t.Fatalf("RolloutStep allocates %v times, want ≤ 1", n)
	}
	want := RolloutStep(in)
	in.Scratch = make([]int, 0, 2*len(in.Old))
	if n := testing.AllocsPerRun(100, func() { _ = RolloutStep(in) }); n != 0 {
		t.Fatalf("RolloutStep with Scratch allocates %v times, want 0", n)
	}
	if got := RolloutStep(in); !reflect.DeepEqual(got, want) {
		t.Fatalf("RolloutStep with Scratch = %+v, want %+v", got, want)
	}
}

// ExampleRolloutStep prints a replicas=4, 25%/25% rolling update sync by
// sync. When a sync changes nothing, one more new pod becomes available.
func ExampleRolloutStep() {
	surge, unavailable := ResolveFenceposts(DefaultMaxSurge, DefaultMaxUnavailable, 4)
	in := RolloutInput{
		Replicas: 4, Surge: surge, Unavailable: unavailable,
		New: ReplicaSetState{Name: "web-new", Created: t0 + time.Minute},
		Old: []ReplicaSetState{{Name: "web-old", Created: t0, Replicas: 4, Available: 4}},
	}
	for sync := 1; !rolloutComplete(in); sync++ {
		p := RolloutStep(in)
		in.New.Replicas = p.New
		in.Old[0].Replicas = p.Old[0]
		in.Old[0].Available = min(in.Old[0].Available, p.Old[0])
		fmt.Printf("sync %d: %-14s new=%d (avail %d) old=%d\n", sync, rolloutActionName[p.Action], in.New.Replicas, in.New.Available, in.Old[0].Replicas)
		if p.Action == RolloutNone {
			in.New.Available++
			fmt.Println("        a new pod becomes available")
		}
	}
	// Output:
	// sync 1: scale-new      new=1 (avail 0) old=4
	// sync 2: scale-down-old new=1 (avail 0) old=3
	// sync 3: scale-new      new=2 (avail 0) old=3
	// sync 4: none           new=2 (avail 0) old=3
	//         a new pod becomes available
	// sync 5: scale-down-old new=2 (avail 1) old=2
	// sync 6: scale-new      new=3 (avail 1) old=2
	// sync 7: none           new=3 (avail 1) old=2
	//         a new pod becomes available
	// sync 8: scale-down-old new=3 (avail 2) old=1
	// sync 9: scale-new      new=4 (avail 2) old=1
	// sync 10: none           new=4 (avail 2) old=1
	//         a new pod becomes available
	// sync 11: scale-down-old new=4 (avail 3) old=0
	// sync 12: none           new=4 (avail 3) old=0
	//         a new pod becomes available
}

// rolloutComplete reports whether a rolling update has finished in the sense
// of deployment_util.go DeploymentComplete: the new ReplicaSet has
// spec.replicas replicas, all of them available, and no old ReplicaSet has
// any replica left.
func rolloutComplete(in RolloutInput) bool {
	if in.New.Replicas != in.Replicas || in.New.Available < in.Replicas {
		return false
	}
	for i := range in.Old {
		if in.Old[i].Replicas != 0 {
			return false
		}
	}
	return true
}

// rolloutActionName names an action in test output.
var rolloutActionName = map[RolloutAction]string{
	RolloutNone: "none", RolloutScaleNew: "scale-new", RolloutScaleDownOld: "scale-down-old",
}
