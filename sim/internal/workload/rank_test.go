package workload

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/svcsim/svcsim/pod"
	"pgregory.net/rapid"
)

var now = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

func uid(b byte) uuid.UUID { return uuid.UUID{0: b} }

// base is a typical running, ready, scheduled pod.
func base() PodRank {
	return PodRank{Scheduled: true, Phase: pod.Running, Ready: true, Rank: 1,
		ReadyTime: now.Add(-time.Hour), Created: now.Add(-2 * time.Hour), UID: uid(5)}
}

// TestLessForDeletionRules checks each rule of ActivePodsWithRanks.Less:
// pod a differs from pod b in the rule's field (a should go first) AND in
// every later field in the direction that would make b go first, so the
// earlier rule must win.
func TestLessForDeletionRules(t *testing.T) {
	laterFavorB := func(a *PodRank) {
		// Each later rule says "b first" for these values.
		a.ReadyTime = now.Add(-10 * time.Hour) // a Ready long ago → b first (rule 6)
		a.RestartCount = -1                    // fewer restarts → b first (rule 7)
		a.Created = now.Add(-20 * time.Hour)   // older → b first (rule 8)
		a.UID = uid(9)                         // larger UID → b first
	}
	tests := []struct {
		rule string
		mk   func() (a, b PodRank)
	}{
		{"1 unscheduled first", func() (PodRank, PodRank) {
			a, b := base(), base()
			laterFavorB(&a)
			a.Scheduled, a.Phase, a.Ready, a.DeletionCost, a.Rank = false, pod.Running, true, 5, 0
			b.Phase, b.Ready = pod.Pending, false
			return a, b
		}},
		{"2 Pending before Running", func() (PodRank, PodRank) {
			a, b := base(), base()
			laterFavorB(&a)
			a.Phase, a.DeletionCost, a.Rank = pod.Pending, 5, 0
			b.Ready = false
			a.Ready = true
			return a, b
		}},
		{"2 Pending before Unknown", func() (PodRank, PodRank) {
			a, b := base(), base()
			a.Phase, b.Phase = pod.Pending, pod.Unknown
			laterFavorB(&a)
			return a, b
		}},
		{"2 Unknown before Running", func() (PodRank, PodRank) {
			a, b := base(), base()
			a.Phase = pod.Unknown
			laterFavorB(&a)
			return a, b
		}},
		{"3 not Ready first", func() (PodRank, PodRank) {
			a, b := base(), base()
			laterFavorB(&a)
			a.Ready, a.DeletionCost, a.Rank = false, 5, 0
			return a, b
		}},
		{"4 lower deletion cost first", func() (PodRank, PodRank) {
			a, b := base(), base()
			laterFavorB(&a)
			a.DeletionCost, a.Rank = -3, 0
			return a, b
		}},
		{"5 higher rank (doubled-up node) first", func() (PodRank, PodRank) {
			a, b := base(), base()
			laterFavorB(&a)
			a.Rank = 4
			return a, b
		}},
		{"6 Ready more recently (other bucket) first", func() (PodRank, PodRank) {
			a, b := base(), base()
			laterFavorB(&a)
			a.ReadyTime = now.Add(-time.Minute) // bucket 35 vs 41 for an hour
			return a, b
		}},
		{"6 zero ready time first", func() (PodRank, PodRank) {
			a, b := base(), base()
			laterFavorB(&a)
			a.ReadyTime = time.Time{}
			return a, b
		}},
		{"6 same bucket: lower UID first even if Ready earlier", func() (PodRank, PodRank) {
			a, b := base(), base()
			// 60 min vs 61 min: both in bucket floor(log2(3.6e12)) = 41.
			a.ReadyTime, b.ReadyTime = now.Add(-61*time.Minute), now.Add(-60*time.Minute)
			a.UID, b.UID = uid(1), uid(2)
			a.RestartCount, b.RestartCount = 0, 9 // rule 7 never reached
			return a, b
		}},
		{"7 more restarts first (equal ready times)", func() (PodRank, PodRank) {
			a, b := base(), base()
			a.RestartCount = 3
			a.Created, a.UID = now.Add(-20*time.Hour), uid(9)
			return a, b
		}},
		{"7 more restarts first (not Ready, times ignored)", func() (PodRank, PodRank) {
			a, b := base(), base()
			a.Ready, b.Ready = false, false
			a.ReadyTime = now.Add(-30 * time.Hour)
			a.RestartCount = 3
			a.Created, a.UID = now.Add(-20*time.Hour), uid(9)
			return a, b
		}},
		{"8 newer first (other bucket)", func() (PodRank, PodRank) {
			a, b := base(), base()
			a.Created, a.UID = now.Add(-time.Minute), uid(9)
			return a, b
		}},
		{"8 zero creation time first", func() (PodRank, PodRank) {
			a, b := base(), base()
			a.Created, a.UID = time.Time{}, uid(9)
			return a, b
		}},
		{"8 same bucket: lower UID first even if older", func() (PodRank, PodRank) {
			a, b := base(), base()
			a.Created, b.Created = now.Add(-121*time.Minute), now.Add(-120*time.Minute)
			a.UID, b.UID = uid(1), uid(2)
			return a, b
		}},
		{"6 zero now: plain time comparison", func() (PodRank, PodRank) {
			a, b := base(), base()
			a.ReadyTime, b.ReadyTime = now.Add(-60*time.Minute), now.Add(-61*time.Minute)
			a.UID, b.UID = uid(9), uid(1) // UID ignored without now
			return a, b
		}},
	}
	for _, tc := range tests {
		a, b := tc.mk()
		at := now
		if tc.rule == "6 zero now: plain time comparison" {
			at = time.Time{}
		}
		if !lessForDeletion(&a, &b, at) {
			t.Errorf("rule %s: lessForDeletion(a, b) = false, want true", tc.rule)
		}
		if lessForDeletion(&b, &a, at) {
			t.Errorf("rule %s: lessForDeletion(b, a) = true, want false", tc.rule)
		}
	}
	// 9: identical pods keep their order.
	if a := base(); lessForDeletion(&a, &a, now) {
		t.Error("rule 9: identical pods must compare false")
	}
	// Phases other than Pending/Unknown/Running rank like Pending (ordinal 0).
	a, b := base(), base()
	a.Phase, b.Phase = pod.Succeeded, pod.Unknown
	if !lessForDeletion(&a, &b, now) {
		t.Error("Succeeded (ordinal 0) should go before Unknown")
	}
}

func TestLogBucket(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int64
	}{
		{-time.Second, -1}, {0, -1}, {1, 0}, {2, 1}, {3, 1}, {4, 2}, {1023, 9}, {1024, 10},
		{time.Second, 29}, {time.Minute, 35}, {time.Hour, 41}, {24 * time.Hour, 46},
	}
	for _, tc := range tests {
		if got := logBucket(tc.d); got != tc.want {
			t.Errorf("logBucket(%v) = %d, want %d", tc.d, got, tc.want)
		}
	}
}

// refKey orders pods the slow, obvious way: build the tuple each rule
// compares and sort tuples lexicographically. It is exact when no two pods
// share a non-zero Ready time or creation time (then the comparison is a
// total order; with ties lessForDeletion is not transitive, upstream too).
func refLess(a, b PodRank, ia, ib int, at time.Time) bool {
	type field struct{ a, b int64 }
	bool01 := func(v bool) int64 {
		if v {
			return 1
		}
		return 0
	}
	ord := map[pod.Phase]int64{pod.Pending: 0, pod.Unknown: 1, pod.Running: 2}
	bucket := func(t time.Time) int64 { return logBucket(at.Sub(t)) }
	fs := []field{
		{bool01(a.Scheduled), bool01(b.Scheduled)},
		{ord[a.Phase], ord[b.Phase]},
		{bool01(a.Ready), bool01(b.Ready)},
		{int64(a.DeletionCost), int64(b.DeletionCost)},
		{-int64(a.Rank), -int64(b.Rank)},
	}
	timeFields := func(ta, tb time.Time) []field {
		if ta.Equal(tb) {
			return nil
		}
		zero := field{1 - bool01(ta.IsZero()), 1 - bool01(tb.IsZero())}
		if ta.IsZero() || tb.IsZero() {
			return []field{zero}
		}
		ua, ub := int64(a.UID[0])<<8|int64(a.UID[1]), int64(b.UID[0])<<8|int64(b.UID[1])
		return []field{{bucket(ta), bucket(tb)}, {ua, ub}}
	}
	if a.Ready && b.Ready {
		fs = append(fs, timeFields(a.ReadyTime, b.ReadyTime)...)
	}
	fs = append(fs, field{-int64(a.RestartCount), -int64(b.RestartCount)})
	fs = append(fs, timeFields(a.Created, b.Created)...)
	fs = append(fs, field{int64(ia), int64(ib)})
	for _, f := range fs {
		if f.a != f.b {
			return f.a < f.b
		}
	}
	return false
}

func genRanks(t *rapid.T) []PodRank {
	n := rapid.IntRange(0, 60).Draw(t, "pods")
	ranks := make([]PodRank, n)
	phases := []pod.Phase{pod.Pending, pod.Running, pod.Running, pod.Unknown}
	usedReady, usedCreated := map[time.Duration]bool{}, map[time.Duration]bool{}
	distinct := func(used map[time.Duration]bool, label string) time.Time {
		if rapid.IntRange(0, 9).Draw(t, label+"Zero") == 0 && !used[-1] {
			used[-1] = true
			return time.Time{}
		}
		for {
			// Ages from the future (negative) to ~3 days, in seconds.
			d := time.Duration(rapid.IntRange(-5, 300_000).Draw(t, label)) * time.Second
			if !used[d] {
				used[d] = true
				return now.Add(-d)
			}
		}
	}
	for i := range ranks {
		ranks[i] = PodRank{
			Scheduled:    rapid.IntRange(0, 5).Draw(t, "sched") > 0,
			Phase:        rapid.SampledFrom(phases).Draw(t, "phase"),
			Ready:        rapid.Bool().Draw(t, "ready"),
			DeletionCost: rapid.Int32Range(-1, 1).Draw(t, "cost"),
			Rank:         rapid.IntRange(1, 3).Draw(t, "rank"),
			RestartCount: rapid.Int32Range(0, 2).Draw(t, "restarts"),
			ReadyTime:    distinct(usedReady, "readyAge"),
			Created:      distinct(usedCreated, "createdAge"),
			UID:          uuid.UUID{0: byte(i >> 8), 1: byte(i), 2: rapid.Byte().Draw(t, "uid")},
		}
	}
	// Shuffle UIDs' order relative to the index.
	perm := rapid.Permutation(ranks).Draw(t, "perm")
	return perm
}

func refOrder(ranks []PodRank, at time.Time) []int {
	idx := make([]int, len(ranks))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return refLess(ranks[idx[x]], ranks[idx[y]], idx[x], idx[y], at) })
	return idx
}

func TestPodsToDeleteMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ranks := genRanks(t)
		n := rapid.IntRange(-1, len(ranks)+1).Draw(t, "n")
		got := PodsToDelete(ranks, n, now)
		var want []int
		switch {
		case n <= 0:
		case n >= len(ranks):
			want = make([]int, len(ranks))
			for i := range want {
				want[i] = i
			}
		default:
			want = refOrder(ranks, now)[:n]
		}
		if !slices.Equal(got, want) {
			t.Fatalf("PodsToDelete(n=%d) = %v, want %v", n, got, want)
		}
	})
}

func manyRanks(n int) []PodRank {
	r := rand.New(rand.NewPCG(1, 2))
	ranks := make([]PodRank, n)
	for i := range ranks {
		ranks[i] = PodRank{
			Scheduled: true, Phase: pod.Running, Ready: r.IntN(50) != 0, Rank: 1 + r.IntN(3),
			ReadyTime: now.Add(-time.Duration(r.IntN(86400)) * time.Second),
			Created:   now.Add(-time.Duration(86400+r.IntN(86400)) * time.Second),
		}
		ranks[i].UID = uuid.UUID{0: byte(r.Uint32()), 1: byte(r.Uint32()), 2: byte(r.Uint32()), 3: byte(r.Uint32())}
	}
	return ranks
}

func TestDeletionAllocs(t *testing.T) {
	ranks := manyRanks(1000)
	a, b := ranks[0], ranks[1]
	if n := testing.AllocsPerRun(100, func() { _ = lessForDeletion(&a, &b, now) }); n != 0 {
		t.Fatalf("lessForDeletion allocates %v times", n)
	}
	if n := testing.AllocsPerRun(20, func() { _ = PodsToDelete(ranks, 10, now) }); n > 1 {
		t.Fatalf("PodsToDelete allocates %v times, want 1", n)
	}
}

func ExamplePodsToDelete() {
	at := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	pods := []PodRank{
		{Scheduled: true, Phase: pod.Running, Ready: true, Rank: 1, ReadyTime: at.Add(-time.Hour), Created: at.Add(-time.Hour), UID: uuid.UUID{0: 1}},
		{Scheduled: true, Phase: pod.Running, Ready: false, Rank: 1, Created: at.Add(-time.Minute), UID: uuid.UUID{0: 2}},
		{Scheduled: true, Phase: pod.Running, Ready: true, Rank: 2, ReadyTime: at.Add(-time.Hour), Created: at.Add(-time.Hour), UID: uuid.UUID{0: 3}},
		{Scheduled: false, Phase: pod.Pending, UID: uuid.UUID{0: 4}},
		{Scheduled: true, Phase: pod.Running, Ready: true, Rank: 1, ReadyTime: at.Add(-10 * time.Second), Created: at.Add(-time.Hour), UID: uuid.UUID{0: 5}},
	}
	// Unscheduled, then not Ready, then the doubled-up node, then the most
	// recently Ready.
	fmt.Println(PodsToDelete(pods, 4, at))
	// Output:
	// [3 1 2 4]
}

// BenchmarkPodsToDelete: a ReplicaSet of 150,000 pods loses 10 (or 1,000);
// the baseline sorts every pod with sort.SliceStable as a naive port of
// getPodsToDelete would.
func BenchmarkPodsToDelete(b *testing.B) {
	ranks := manyRanks(150_000)
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("heap/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = PodsToDelete(ranks, n, now)
			}
		})
		b.Run(fmt.Sprintf("baseline-sortall/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				idx := make([]int, len(ranks))
				for i := range idx {
					idx[i] = i
				}
				sort.SliceStable(idx, func(x, y int) bool { return lessForDeletion(&ranks[idx[x]], &ranks[idx[y]], now) })
				_ = idx[:n]
			}
		})
	}
}

func BenchmarkLessForDeletion(b *testing.B) {
	ranks := manyRanks(1024)
	i := 0
	for b.Loop() {
		_ = lessForDeletion(&ranks[i&1023], &ranks[(i+1)&1023], now)
		i++
	}
}

// TestDeletionTiesKeepInputOrder: pods lessForDeletion cannot tell apart
// stay in input order, with few pods or many.
func TestDeletionTiesKeepInputOrder(t *testing.T) {
	for _, n := range []int{5, 40} {
		ranks := make([]PodRank, n)
		for i := range ranks {
			ranks[i] = base()
		}
		ranks[n-1].Ready = false // the one clear victim
		want := []int{n - 1, 0, 1, 2}
		if got := PodsToDelete(ranks, 4, now); !slices.Equal(got, want) {
			t.Errorf("%d pods: PodsToDelete = %v, want %v", n, got, want)
		}
	}
}
