package workload

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// rs is a ReplicaSet created minutes after t0, annotated for a Deployment
// whose previous max size (replicas + surge) was maxBefore.
func rs(name string, minutes, replicas, maxBefore int) ReplicaSetState {
	return ReplicaSetState{Name: name, Created: t0 + time.Duration(minutes)*time.Minute, Replicas: replicas,
		Annotated: true, DesiredReplicas: maxBefore, MaxReplicas: maxBefore}
}

func replicasOf(p ScalePlan) (int, []int) {
	old := make([]int, len(p.Old))
	for i := range p.Old {
		old[i] = p.Old[i].Replicas
	}
	return p.New.Replicas, old
}

// TestProportionalScale uses the cases of upstream's sync_test.go TestScale
// (maxSurge 0, so max-replicas = the old size).
func TestProportionalScale(t *testing.T) {
	tests := []struct {
		name     string
		replicas int
		newRS    ReplicaSetState
		old      []ReplicaSetState
		wantNew  int
		wantOld  []int
	}{
		{"single active RS just takes the count: 10 → 12", 12, rs("new", 5, 10, 10), nil, 12, []int{}},
		{"single active old RS (new at 0) gets the count", 12, rs("new", 5, 0, 10), []ReplicaSetState{rs("a", 1, 10, 10)}, 0, []int{12}},
		{"no active RS: the new one gets the count", 4, rs("new", 5, 0, 10), []ReplicaSetState{rs("a", 1, 0, 10)}, 4, []int{0}},
		{"proportional 5 → 10", 10, rs("new", 5, 2, 5), []ReplicaSetState{rs("a", 1, 3, 5)}, 4, []int{6}},
		{"proportional 5 → 3", 3, rs("new", 5, 2, 5), []ReplicaSetState{rs("a", 1, 3, 5)}, 1, []int{2}},
		{"proportional 9 → 4", 4, rs("new", 5, 8, 9), []ReplicaSetState{rs("a", 1, 1, 9)}, 4, []int{0}},
		{"proportional 7 → 10", 10, rs("new", 5, 2, 7), []ReplicaSetState{rs("a", 1, 3, 7), rs("b", 2, 2, 7)}, 3, []int{4, 3}},
		{"proportional 13 → 8", 8, rs("new", 5, 8, 13), []ReplicaSetState{rs("a", 1, 3, 13), rs("b", 2, 2, 13)}, 5, []int{2, 1}},
		// Equal sizes: scaling up visits the newest first, so the leftover
		// goes to the new RS.
		{"leftover 3 → 4 goes to the newest of equals", 4, rs("new", 5, 1, 3), []ReplicaSetState{rs("a", 1, 1, 3), rs("b", 2, 1, 3)}, 2, []int{1, 1}},
		// Scaling down visits the oldest first among equals.
		{"leftover 3 → 2 comes from the oldest of equals", 2, rs("new", 5, 1, 3), []ReplicaSetState{rs("a", 1, 1, 3), rs("b", 2, 1, 3)}, 1, []int{0, 1}},
		// The leftover goes to the largest RS, not the newest.
		{"leftover 10 → 4 lands on the largest", 4, rs("new", 5, 2, 10), []ReplicaSetState{rs("a", 1, 8, 10)}, 1, []int{3}},
		{"leftover 3 → 8", 8, rs("new", 5, 1, 3), []ReplicaSetState{rs("a", 1, 1, 3), rs("b", 2, 1, 3)}, 3, []int{2, 3}},
		{"scale to 0 removes everything", 0, rs("new", 5, 3, 6), []ReplicaSetState{rs("a", 1, 3, 6)}, 0, []int{0}},
		// Every fraction rounds to 0 (round(1×2/4) − 1), so the whole
		// leftover −2 lands on the first (oldest) RS, which upstream floors
		// at 0: the total is 3, not 2, until the rollout scales down.
		{"a leftover larger than the first RS is floored at 0", 2, rs("new", 10, 1, 4),
			[]ReplicaSetState{rs("a", 0, 1, 4), rs("b", 0, 1, 4), rs("c", 0, 1, 4)}, 1, []int{0, 1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ScaleInput{Replicas: tc.replicas, New: tc.newRS, Old: tc.old}
			before := slices.Clone(tc.old)
			gotNew, gotOld := replicasOf(ProportionalScale(in))
			if gotNew != tc.wantNew || !slices.Equal(gotOld, tc.wantOld) {
				t.Fatalf("got new=%d old=%v, want new=%d old=%v", gotNew, gotOld, tc.wantNew, tc.wantOld)
			}
			if !slices.Equal(before, tc.old) {
				t.Fatal("ProportionalScale modified its input")
			}
		})
	}
}

func TestProportionalScaleSaturatedAndRecreate(t *testing.T) {
	newRS := rs("new", 5, 4, 4)
	newRS.Available = 4
	p := ProportionalScale(ScaleInput{Replicas: 4, New: newRS, Old: []ReplicaSetState{rs("a", 1, 2, 6)}})
	if n, o := replicasOf(p); n != 4 || o[0] != 0 {
		t.Fatalf("saturated new RS: got new=%d old=%v, want 4 [0]", n, o)
	}
	p = ProportionalScale(ScaleInput{Replicas: 10, Recreate: true, New: rs("new", 5, 2, 5), Old: []ReplicaSetState{rs("a", 1, 3, 5)}})
	if n, o := replicasOf(p); n != 2 || o[0] != 3 {
		t.Fatalf("Recreate never scales proportionally: got new=%d old=%v", n, o)
	}
	// Missing annotations fall back to status.replicas.
	a, b := rs("a", 1, 3, 0), rs("new", 5, 2, 0)
	a.Annotated, b.Annotated = false, false
	p = ProportionalScale(ScaleInput{Replicas: 10, StatusReplicas: 5, New: b, Old: []ReplicaSetState{a}})
	if n, o := replicasOf(p); n != 4 || o[0] != 6 {
		t.Fatalf("status fallback: got new=%d old=%v, want 4 [6]", n, o)
	}
	if !p.New.Annotated || p.New.DesiredReplicas != 10 || p.New.MaxReplicas != 10 {
		t.Fatalf("annotations not refreshed: %+v", p.New)
	}
	// NoNew: the newest old RS is FindActiveOrLatest's pick.
	p = ProportionalScale(ScaleInput{Replicas: 2, NoNew: true, Old: []ReplicaSetState{rs("a", 1, 0, 1), rs("b", 2, 0, 1)}})
	if _, o := replicasOf(p); !slices.Equal(o, []int{0, 2}) {
		t.Fatalf("NoNew, none active: old=%v, want [0 2]", o)
	}
}

func TestNeedsScale(t *testing.T) {
	old := []ReplicaSetState{rs("a", 1, 3, 5), rs("b", 2, 0, 7)}
	if NeedsScale(5, rs("new", 5, 2, 5), old) {
		t.Error("annotations match: no scaling event")
	}
	if !NeedsScale(6, rs("new", 5, 2, 5), old) {
		t.Error("replicas changed: scaling event")
	}
	inactive := []ReplicaSetState{rs("b", 2, 0, 7)}
	if NeedsScale(5, rs("new", 5, 2, 5), inactive) {
		t.Error("inactive RSs are ignored")
	}
}

// TestProportionalScaleProperties: scaling a rollout never makes a
// ReplicaSet negative, only touches active ReplicaSets (unless at most one
// is active), and lands exactly on replicas+maxSurge (0 for size 0) unless
// the leftover was larger than the first ReplicaSet: upstream's scale
// floors that one at 0, so the total stays above the target and some
// formerly active ReplicaSet is at 0 (testdata/rapid keeps such a case).
func TestProportionalScaleProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		oldSize := rapid.IntRange(1, 50).Draw(t, "oldSize")
		surgeBefore := rapid.IntRange(0, 5).Draw(t, "surgeBefore")
		n := rapid.IntRange(1, 4).Draw(t, "oldRSs")
		// Split oldSize+surgeBefore over n old RSs and the new one.
		total := oldSize + surgeBefore
		parts := make([]int, n+1)
		for i := range total {
			parts[rapid.IntRange(0, n).Draw(t, fmt.Sprint("part", i))]++
		}
		old := make([]ReplicaSetState, n)
		for i := range old {
			old[i] = rs(fmt.Sprint("rs", i), rapid.IntRange(0, 3).Draw(t, "minute"), parts[i], total)
		}
		in := ScaleInput{
			Replicas: rapid.IntRange(0, 100).Draw(t, "replicas"),
			MaxSurge: rapid.IntRange(0, 5).Draw(t, "surge"),
			New:      rs("new", 10, parts[n], total),
			Old:      old,
		}
		p := ProportionalScale(in)
		sum, active := p.New.Replicas, 0
		if in.New.Replicas > 0 {
			active++
		}
		for i := range p.Old {
			if p.Old[i].Replicas < 0 {
				t.Fatalf("negative size: %+v", p.Old[i])
			}
			if old[i].Replicas > 0 {
				active++
			}
			if old[i].Replicas == 0 && p.Old[i].Replicas != 0 && active > 1 {
				t.Fatalf("inactive RS %d scaled", i)
			}
			sum += p.Old[i].Replicas
		}
		if p.New.Replicas < 0 {
			t.Fatalf("negative new size %d", p.New.Replicas)
		}
		want := in.Replicas
		if active > 1 && in.Replicas > 0 {
			want += in.MaxSurge
		}
		if sum != want {
			floored := p.New.Replicas == 0 && in.New.Replicas > 0
			for i := range p.Old {
				floored = floored || p.Old[i].Replicas == 0 && old[i].Replicas > 0
			}
			if sum < want || in.Replicas == 0 || active <= 1 || !floored {
				t.Fatalf("total after scale %d, want %d (active %d)", sum, want, active)
			}
		}
	})
}

func ExampleProportionalScale() {
	// A rollout of a 10-replica Deployment (maxSurge 3) is scaled to 20
	// half-way: 25 (20 + surge 5) − 13 = 12 extra replicas are spread by
	// size, each RS growing towards its share of 25/13.
	in := ScaleInput{
		Replicas: 20,
		MaxSurge: 5, // ResolveFenceposts(25%, 25%, 20)
		New:      ReplicaSetState{Name: "web-new", Created: t0 + time.Hour, Replicas: 5, Annotated: true, DesiredReplicas: 10, MaxReplicas: 13},
		Old: []ReplicaSetState{
			{Name: "web-old", Created: t0, Replicas: 8, Annotated: true, DesiredReplicas: 10, MaxReplicas: 13},
		},
	}
	p := ProportionalScale(in)
	fmt.Println("new:", p.New.Replicas, "old:", p.Old[0].Replicas, "annotation max-replicas:", p.New.MaxReplicas)
	// Output:
	// new: 10 old: 15 annotation max-replicas: 25
}

// refProportionalScale is sync.go scale's proportional branch written the
// way upstream writes it: pointers sorted with sort.Slice, a name → size
// map, float64 division and RoundToInt32 (a+0.5 truncated). Only for the
// case of several active ReplicaSets, a non-saturated new one and
// annotations present on every active ReplicaSet.
func refProportionalScale(in ScaleInput) map[string]int {
	var all []*ReplicaSetState
	for i := range in.Old {
		if in.Old[i].Replicas > 0 {
			all = append(all, &in.Old[i])
		}
	}
	if in.New.Replicas > 0 {
		all = append(all, &in.New)
	}
	sum := 0
	for _, r := range all {
		sum += r.Replicas
	}
	allowed := 0
	if in.Replicas > 0 {
		allowed = in.Replicas + in.MaxSurge
	}
	toAdd := allowed - sum
	older := func(a, b *ReplicaSetState) bool {
		if a.Created == b.Created {
			return a.Name < b.Name
		}
		return a.Created < b.Created
	}
	switch {
	case toAdd > 0:
		sort.Slice(all, func(i, j int) bool {
			if all[i].Replicas == all[j].Replicas {
				return older(all[j], all[i])
			}
			return all[i].Replicas > all[j].Replicas
		})
	case toAdd < 0:
		sort.Slice(all, func(i, j int) bool {
			if all[i].Replicas == all[j].Replicas {
				return older(all[i], all[j])
			}
			return all[i].Replicas > all[j].Replicas
		})
	}
	size := map[string]int{}
	added := 0
	for _, r := range all {
		if toAdd == 0 {
			size[r.Name] = r.Replicas
			continue
		}
		p := 0
		if r.Replicas != 0 && toAdd != added {
			var frac int
			if in.Replicas == 0 {
				frac = -r.Replicas
			} else {
				x := float64(r.Replicas*(in.Replicas+in.MaxSurge)) / float64(r.MaxReplicas)
				frac = int(int32(x+0.5)) - r.Replicas
			}
			if toAdd > 0 {
				p = min(frac, toAdd-added)
			} else {
				p = max(frac, toAdd-added)
			}
		}
		size[r.Name] = r.Replicas + p
		added += p
	}
	if len(all) > 0 && toAdd != 0 {
		size[all[0].Name] = max(size[all[0].Name]+toAdd-added, 0)
	}
	return size
}

func TestProportionalScaleMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "oldRSs")
		old := make([]ReplicaSetState, n)
		active := 0
		for i := range old {
			old[i] = rs(fmt.Sprint("rs", i), rapid.IntRange(0, 3).Draw(t, "minute"),
				rapid.IntRange(0, 30).Draw(t, "replicas"), rapid.IntRange(1, 60).Draw(t, "maxBefore"))
			if old[i].Replicas > 0 {
				active++
			}
		}
		newRS := rs("new", 10, rapid.IntRange(0, 30).Draw(t, "newReplicas"), rapid.IntRange(1, 60).Draw(t, "newMaxBefore"))
		if newRS.Replicas > 0 {
			active++
		}
		if active < 2 {
			t.Skip("the simple case has its own table")
		}
		in := ScaleInput{
			Replicas: rapid.IntRange(0, 80).Draw(t, "replicas"),
			MaxSurge: rapid.IntRange(0, 20).Draw(t, "surge"),
			New:      newRS, Old: old,
		}
		if in.New.Replicas == in.Replicas && in.New.DesiredReplicas == in.Replicas && in.New.Available == in.Replicas {
			t.Skip("saturated")
		}
		want := refProportionalScale(in)
		p := ProportionalScale(in)
		check := func(r ReplicaSetState, before ReplicaSetState) {
			w, ok := want[r.Name]
			if !ok {
				w = before.Replicas
			}
			if r.Replicas != w {
				t.Fatalf("%s: %d → %d, reference %d (all: %v)", r.Name, before.Replicas, r.Replicas, w, want)
			}
		}
		check(p.New, in.New)
		for i := range p.Old {
			check(p.Old[i], in.Old[i])
		}
	})
}

// TestProportionalScaleScratch: with Scratch large enough, a proportional
// scale of many ReplicaSets allocates nothing and plans as without it.
func TestProportionalScaleScratch(t *testing.T) {
	old := []ReplicaSetState{rs("a", 1, 3, 13), rs("b", 2, 2, 13), rs("c", 3, 1, 13), rs("d", 4, 1, 13), rs("e", 0, 0, 13)}
	in := ScaleInput{Replicas: 20, MaxSurge: 2, New: rs("new", 5, 4, 13), Old: old}
	wantNew, wantOld := replicasOf(ProportionalScale(in))
	in.Scratch = make([]ReplicaSetState, 0, len(old)+1)
	var plan ScalePlan
	if n := testing.AllocsPerRun(100, func() { plan = ProportionalScale(in) }); n != 0 {
		t.Fatalf("ProportionalScale with Scratch allocates %v times, want 0", n)
	}
	if gotNew, gotOld := replicasOf(plan); gotNew != wantNew || !slices.Equal(gotOld, wantOld) {
		t.Fatalf("with Scratch: new=%d old=%v, want new=%d old=%v", gotNew, gotOld, wantNew, wantOld)
	}
}
