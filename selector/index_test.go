package selector

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// bruteIndex is the obviously-correct reference: a list of (id, selector)
// in insertion order, scanned in full.
type bruteIndex[K comparable] struct {
	ids  []K
	sels []Selector
}

func (b *bruteIndex[K]) add(id K, sel Selector) {
	b.remove(id)
	b.ids = append(b.ids, id)
	b.sels = append(b.sels, sel)
}

func (b *bruteIndex[K]) remove(id K) {
	if i := slices.Index(b.ids, id); i >= 0 {
		b.ids = slices.Delete(b.ids, i, i+1)
		b.sels = slices.Delete(b.sels, i, i+1)
	}
}

func (b *bruteIndex[K]) matching(s Set, dst []K) []K {
	for i, sel := range b.sels {
		if sel.Matches(s) {
			dst = append(dst, b.ids[i])
		}
	}
	return dst
}

func TestIndexTable(t *testing.T) {
	var ix Index[string]
	ix.Add("eq", MustParse("app=web"))
	ix.Add("eq2", MustParse("app=web,tier=frontend"))
	ix.AddSet("set", Set{"tier": "frontend"})
	ix.Add("in", MustParse("tier in (backend,frontend)"))
	ix.Add("exists", MustParse("canary"))
	ix.Add("gt", MustParse("version>2"))
	ix.Add("neg", MustParse("app!=db"))
	ix.Add("notin", MustParse("tier notin (cache)"))
	ix.Add("absent", MustParse("!canary"))
	ix.Add("all", Everything())
	ix.Add("none", Nothing())
	ix.Add("mixed", MustParse("app,!canary,tier!=x"))
	if ix.Len() != 12 {
		t.Fatalf("Len() = %d, want 12", ix.Len())
	}
	cases := []struct {
		set  Set
		want []string
	}{
		{Set{"app": "web", "tier": "frontend"}, []string{"eq", "eq2", "set", "in", "neg", "notin", "absent", "all", "mixed"}},
		{Set{"app": "db", "tier": "backend", "canary": "", "version": "3"}, []string{"in", "exists", "gt", "notin", "all"}},
		{Set{"tier": "cache", "version": "x"}, []string{"neg", "absent", "all"}},
		{nil, []string{"neg", "notin", "absent", "all"}},
	}
	for _, c := range cases {
		got := ix.Matching(c.set, nil)
		if !slices.Equal(got, c.want) {
			t.Errorf("Matching(%v) = %v, want %v", c.set, got, c.want)
		}
	}
	// Re-adding moves the id to the end and replaces its selector.
	ix.Add("eq", MustParse("tier=frontend"))
	if got, want := ix.Matching(Set{"tier": "frontend"}, []string{"keep"}), []string{"keep", "set", "in", "neg", "notin", "absent", "all", "eq"}; !slices.Equal(got, want) {
		t.Errorf("after re-add: %v, want %v", got, want)
	}
	for _, id := range []string{"eq", "eq2", "set", "in", "exists", "gt", "neg", "notin", "absent", "all", "none", "mixed", "missing"} {
		ix.Remove(id)
	}
	if ix.Len() != 0 || len(ix.keys) != 0 || len(ix.keyList) != 0 || len(ix.residual) != 0 {
		t.Fatalf("after removing everything: Len %d, %d keys, %d residual", ix.Len(), len(ix.keys), len(ix.residual))
	}
	if got := ix.Matching(Set{"app": "web"}, nil); len(got) != 0 {
		t.Fatalf("empty index matched %v", got)
	}
	if _, ok := ix.Get("eq"); ok {
		t.Fatal("Get of a removed id")
	}
}

func TestIndexZeroValue(t *testing.T) {
	var ix Index[int]
	if got := ix.Matching(Set{"a": "b"}, nil); got != nil || ix.Len() != 0 {
		t.Fatalf("zero Index: %v", got)
	}
	ix.Remove(1)
	ix.Add(1, MustParse("a=b"))
	if sel, ok := ix.Get(1); !ok || sel.String() != "a=b" {
		t.Fatalf("Get(1) = %q, %v", sel.String(), ok)
	}
}

// The index files a selector under its rarest positive requirement.
func TestIndexFilesUnderShortestPosting(t *testing.T) {
	var ix Index[int]
	for i := range smallIndex { // past a small index: filed
		ix.Add(100+i, MustParse(fmt.Sprintf("other%d=x", i)))
	}
	ix.Add(1, MustParse("tier=frontend,app=a"))
	ix.Add(2, MustParse("tier=frontend,app=b")) // app=b is empty, tier=frontend is not
	ix.Add(3, MustParse("tier=frontend,app=b"))
	e1, e2, e3 := ix.entries[1], ix.entries[2], ix.entries[3]
	if e1.key != "app" || e2.key != "app" || e3.key != "tier" {
		t.Fatalf("filed under %q, %q, %q; want app, app, tier", e1.key, e2.key, e3.key)
	}
}

func TestIndexNoAllocs(t *testing.T) {
	var ix Index[int]
	for i := range 1000 {
		ix.AddSet(i, Set{"app": fmt.Sprintf("svc-%d", i)})
	}
	ix.Add(1000, MustParse("x notin (a)"))
	ix.Add(1001, MustParse("pod-template-hash"))
	pod := Set{"app": "svc-17", "pod-template-hash": "abc", "x": "b"}
	dst := make([]int, 0, 16)
	if got := ix.Matching(pod, dst[:0]); !slices.Equal(got, []int{17, 1000, 1001}) {
		t.Fatalf("Matching = %v", got)
	}
	if n := testing.AllocsPerRun(100, func() { dst = ix.Matching(pod, dst[:0]) }); n != 0 {
		t.Errorf("Matching allocates %v times", n)
	}
}

// The index returns exactly what a brute-force scan returns, in the same
// order, across random adds, re-adds, removes and lookups.
func TestIndexProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var ix Index[int]
		var ref bruteIndex[int]
		genSel := rapid.Custom(func(t *rapid.T) Selector {
			switch rapid.IntRange(0, 9).Draw(t, "kind") {
			case 0:
				return Everything()
			case 1:
				return Nothing()
			case 2:
				return FromSet(genSet(t))
			}
			reqs := rapid.SliceOfN(rapid.Custom(genRequirement), 1, 4).Draw(t, "reqs")
			parts := make([]string, len(reqs))
			for i, r := range reqs {
				parts[i] = r.String()
			}
			return MustParse(fmt.Sprint(joinComma(parts)))
		})
		for i := range rapid.IntRange(1, 60).Draw(t, "steps") {
			switch rapid.IntRange(0, 9).Draw(t, fmt.Sprint("action", i)) {
			case 0, 1, 2:
				id := rapid.IntRange(0, 15).Draw(t, "id")
				sel := genSel.Draw(t, "sel")
				ix.Add(id, sel)
				ref.add(id, sel)
			case 3: // a Service's selector, built in its entry when of one label
				id := rapid.IntRange(0, 15).Draw(t, "id")
				set := genSet(t)
				ix.AddSet(id, set)
				ref.add(id, FromSet(set))
			case 4, 5:
				id := rapid.IntRange(0, 15).Draw(t, "id")
				ix.Remove(id)
				ref.remove(id)
			default:
				s := genSet(t)
				got := ix.Matching(s, nil)
				want := ref.matching(s, nil)
				if !slices.Equal(got, want) {
					t.Fatalf("Matching(%v) = %v, brute force %v", s, got, want)
				}
			}
			checkIndex(t, &ix)
			if ix.Len() != len(ref.ids) {
				t.Fatalf("Len() = %d, want %d", ix.Len(), len(ref.ids))
			}
		}
	})
}

func joinComma(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += ","
		}
		out += p
	}
	return out
}

// A small index keeps a list and no maps; it files its entries when it
// grows past smallIndex and drops the filing when emptied.
func TestIndexSmall(t *testing.T) {
	var ix Index[int]
	for i := range smallIndex {
		ix.AddSet(i, Set{"app": fmt.Sprint(i)})
	}
	if ix.entries != nil || ix.keys != nil || len(ix.small) != smallIndex {
		t.Fatalf("%d selectors: filed (%d entries, %d keys), %d listed", smallIndex, len(ix.entries), len(ix.keys), len(ix.small))
	}
	ix.AddSet(smallIndex, Set{"app": "x"})
	if ix.small != nil || len(ix.entries) != smallIndex+1 || len(ix.keyList) != 1 {
		t.Fatalf("%d selectors: not filed (%d listed, %d entries, %d keys)", smallIndex+1, len(ix.small), len(ix.entries), len(ix.keyList))
	}
	if got := ix.Matching(Set{"app": "3"}, nil); !slices.Equal(got, []int{3}) {
		t.Fatalf("Matching = %v", got)
	}
	for i := range smallIndex + 1 {
		ix.Remove(i)
		checkIndex(t, &ix)
	}
	if ix.entries != nil || ix.keys != nil || ix.keyList != nil || ix.Len() != 0 {
		t.Fatalf("emptied: filing kept (%d entries, %d keys)", len(ix.entries), len(ix.keys))
	}
	ix.AddSet(1, Set{"app": "a"})
	ix.Add(2, MustParse("app"))
	ix.Add(3, Nothing())
	if got := ix.Matching(Set{"app": "a"}, nil); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("small Matching = %v", got)
	}
	// One selector costs its entry and the list.
	var one Index[int]
	sel := FromSet(Set{"app": "a"})
	if n := testing.AllocsPerRun(100, func() { one = Index[int]{}; one.Add(1, sel) }); n > 2 {
		t.Errorf("a one-selector index takes %v allocations", n)
	}
	// A one-label set's selector is built in its entry.
	set := Set{"app": "a"}
	if n := testing.AllocsPerRun(100, func() { one = Index[int]{}; one.AddSet(1, set) }); n > 2 {
		t.Errorf("a one-label set's index takes %v allocations", n)
	}
	if got, _ := one.Get(1); got.String() != sel.String() || !slices.Equal(one.Matching(set, nil), []int{1}) {
		t.Errorf("AddSet stored %v, want %v", got, sel)
	}
}

// checkIndex verifies the index's internal invariants.
func checkIndex[K comparable](t interface{ Fatalf(string, ...any) }, ix *Index[K]) {
	if ix.entries == nil {
		if len(ix.small) > smallIndex || ix.keys != nil || ix.keyList != nil || ix.residual != nil {
			t.Fatalf("small index of %d entries with filing (%d keys, %d residual)", len(ix.small), len(ix.keys), len(ix.residual))
		}
		for j := 1; j < len(ix.small); j++ {
			if ix.small[j-1].seq >= ix.small[j].seq {
				t.Fatalf("small index out of insertion order")
			}
		}
		return
	}
	if ix.small != nil {
		t.Fatalf("filed index keeps a list of %d", len(ix.small))
	}
	if len(ix.keyList) != len(ix.keys) {
		t.Fatalf("%d keys but %d in keyList", len(ix.keys), len(ix.keyList))
	}
	for i, p := range ix.keyList {
		if ix.keys[p.key] != p || p.pos != i {
			t.Fatalf("keyList[%d] = %q (pos %d) is not keys[%q]", i, p.key, p.pos, p.key)
		}
		if len(p.any) == 0 && len(p.values) == 0 {
			t.Fatalf("empty postings for %q kept", p.key)
		}
		lists := [][]*entry[K]{p.any}
		for _, l := range p.values {
			lists = append(lists, l)
		}
		for _, l := range lists {
			for j := 1; j < len(l); j++ {
				if l[j-1].seq >= l[j].seq {
					t.Fatalf("postings of %q out of insertion order", p.key)
				}
			}
			for _, e := range l {
				if ix.entries[e.id] != e {
					t.Fatalf("stale entry in postings of %q", p.key)
				}
			}
		}
	}
	for _, e := range ix.residual {
		if ix.entries[e.id] != e {
			t.Fatalf("stale residual entry")
		}
	}
}
