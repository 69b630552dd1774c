package selector

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

type byKey []req

func (a byKey) Len() int           { return len(a) }
func (a byKey) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }
func (a byKey) Less(i, j int) bool { return a[i].key < a[j].key }

// Upstream sorts requirements with sort.Sort(ByKey), which is not stable;
// sortReqs must leave requirements with equal keys in exactly the same
// order, or String would differ from upstream's for long selectors.
func TestSortReqsMatchesSortSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 80 {
		for range 20 {
			reqs := make([]req, n)
			for i := range reqs {
				reqs[i] = req{key: fmt.Sprint(rng.IntN(4)), val: fmt.Sprint(i)}
			}
			want := slices.Clone(reqs)
			sort.Sort(byKey(want))
			sortReqs(reqs)
			if !slices.EqualFunc(reqs, want, func(a, b req) bool { return a.key == b.key && a.val == b.val }) {
				t.Fatalf("n=%d: sortReqs order differs from sort.Sort", n)
			}
		}
	}
}

func TestSelectorEqual(t *testing.T) {
	a := MustParse("x in (b,a),y")
	if !a.Equal(MustParse("y,x in (a,b)")) || a.Equal(MustParse("x in (a),y")) || Nothing().Equal(Everything()) ||
		!Everything().Equal(MustParse("")) || !FromSet(Set{"a": "1"}).Equal(MustParse("a=1")) || MustParse("a==1").Equal(MustParse("a=1")) {
		t.Fatal("Equal")
	}
}

func TestSmallAccessors(t *testing.T) {
	if n := MustParse("a,b=1,c in (x)").Len(); n != 3 {
		t.Errorf("Len() = %d", n)
	}
	s := Set{"a": "1"}
	c := s.Clone()
	c["a"] = "2"
	if s["a"] != "1" || Set(nil).Clone() != nil {
		t.Error("Clone shares memory")
	}
	if got := (Requirement{Key: "x", Operator: "~"}).String(); got != "" {
		t.Errorf("String of an unknown operator = %q", got)
	}
	for _, c := range []struct {
		r    Requirement
		want string
	}{
		{Requirement{"x", In, []string{"a", "b"}}, "x in (a,b)"},
		{Requirement{"x", NotIn, []string{""}}, "x notin ()"},
		{Requirement{"x", GreaterThan, []string{"3"}}, "x>3"},
		{Requirement{"x", LessThan, []string{"3"}}, "x<3"},
		{Requirement{"x", DoesNotExist, nil}, "!x"},
		{Requirement{"x", Exists, nil}, "x"},
		{Requirement{"x", DoubleEquals, []string{"y"}}, "x==y"},
		{Requirement{"x", NotEquals, []string{""}}, "x!="},
	} {
		if got := c.r.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.r, got, c.want)
		}
	}
}
