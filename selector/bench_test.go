package selector

import (
	"fmt"
	"testing"
)

// Each benchmark runs the package's code beside a naive baseline in the
// same run: the reference parser and matcher of reference_test.go, and a
// brute-force scan of every stored selector.

var (
	sinkSel  Selector
	sinkBool bool
	sinkReqs []Requirement
)

func BenchmarkParse(b *testing.B) {
	const in = "app=web,tier=frontend"
	b.Run("impl", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkSel, _ = Parse(in)
		}
	})
	b.Run("reference", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkReqs, _ = refParse(in)
		}
	})
}

func BenchmarkParseSet(b *testing.B) {
	const in = "environment in (production, qa),tier notin (frontend,backend),!canary,partition"
	b.Run("impl", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkSel, _ = Parse(in)
		}
	})
	b.Run("reference", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkReqs, _ = refParse(in)
		}
	})
}

// BenchmarkMatches matches two equality requirements. The selector is
// parsed, so its strings are not the set's literals and every comparison
// reads the bytes (with shared literals Go's string and map compares
// short-cut on equal pointers, which would flatter the figure).
func BenchmarkMatches(b *testing.B) {
	sel := MustParse("app=web,tier=frontend")
	reqs := sel.Requirements()
	set := Set{"app": "web", "tier": "frontend", "pod-template-hash": "abc"}
	b.Run("impl", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkBool = sel.Matches(set)
		}
	})
	b.Run("reference", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkBool = refMatches(reqs, set)
		}
	})
}

type svcKey struct{ namespace, name string }

// BenchmarkIndexMatching finds the Services that select a pod, with n
// Services selecting app=svc-i each, the pod labelled
// app=svc-<n/2>,pod-template-hash=abc.
func BenchmarkIndexMatching(b *testing.B) {
	for _, n := range []int{100, 10000} {
		var ix Index[svcKey]
		var brute bruteIndex[svcKey]
		for i := range n {
			k := svcKey{"default", fmt.Sprintf("svc-%d", i)}
			sel := FromSet(Set{"app": fmt.Sprintf("svc-%d", i)})
			ix.Add(k, sel)
			brute.add(k, sel)
		}
		pod := Set{"app": fmt.Sprintf("svc-%d", n/2), "pod-template-hash": "abc"}
		dst := make([]svcKey, 0, 8)
		if got := ix.Matching(pod, dst[:0]); len(got) != 1 {
			b.Fatalf("got %v", got)
		}
		b.Run(fmt.Sprintf("index/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dst = ix.Matching(pod, dst[:0])
			}
		})
		b.Run(fmt.Sprintf("brute/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dst = brute.matching(pod, dst[:0])
			}
		})
	}
}
