package selector

import "slices"

// Index is an inverted index from label selectors to the IDs that own them
// (for example Service keys): [Index.Matching] answers "which selectors
// match this label set" in time that grows with the size of the label set
// and the number of candidates, not with the number of selectors stored.
//
// Each selector with at least one positive requirement (=, ==, in, exists,
// >, <) is filed under one of them: under key=value postings for =, == and
// in (one posting per value of an in set), or in a per-key list for exists,
// > and <. Of the positive requirements, the one whose postings are
// currently shortest is chosen (ties go to the first key in order). A
// lookup visits, for each label k=v of the set whose key is indexed, the
// postings of k=v and the list of k, and verifies every candidate's whole
// selector; it walks whichever is shorter, the set or the indexed keys.
// Selectors made only of negative requirements (!=, notin, !key) and the
// empty selector cannot be filed that way: they sit in a residual list
// checked on every lookup.
// [Nothing] selectors are stored but never returned.
//
// A small index (at most smallIndex selectors, the common case of a
// namespace with a few Services) keeps only a list of its entries and
// checks each on a lookup: no maps or postings for a handful of
// selectors. It files them all when it grows past that, and drops the
// filing again when emptied.
//
// The zero Index is empty and ready to use. An Index is not safe for
// concurrent use while it is being changed; concurrent Matching calls with
// no Add or Remove in flight are safe.
type Index[K comparable] struct {
	small    []*entry[K]     // every entry, ordered by seq, while entries is nil
	entries  map[K]*entry[K] // nil while the index is small
	keys     map[string]*postings[K]
	keyList  []*postings[K] // the values of keys, for lookups with big label sets
	residual []*entry[K]    // ordered by seq
	seq      uint64
}

// entry is one stored selector.
type entry[K comparable] struct {
	id  K
	sel Selector
	seq uint64 // insertion order; every list is sorted by it

	key   string    // the label key it is filed under (filed only)
	vals  []string  // the posting values (filed by =, ==, in), else nil
	one   [1]string // vals' storage when filed by = or ==
	filed bool      // filed under key; otherwise residual (or Nothing)
	req   [1]req    // sel's requirement when made by AddSet of one label
}

// postings holds the entries filed under one label key.
type postings[K comparable] struct {
	key    string
	pos    int                    // index in keyList
	values map[string][]*entry[K] // =, ==, in: by required value
	any    []*entry[K]            // exists, >, <: every set with the key is a candidate
}

// smallIndex is the most selectors an index keeps unfiled, in its list.
const smallIndex = 8

// Len returns the number of IDs stored.
func (ix *Index[K]) Len() int {
	if ix.entries == nil {
		return len(ix.small)
	}
	return len(ix.entries)
}

// Get returns the selector stored for id.
func (ix *Index[K]) Get(id K) (Selector, bool) {
	e := ix.find(id)
	if e == nil {
		return Selector{}, false
	}
	return e.sel, true
}

// find returns the entry of id, nil when id is not stored.
func (ix *Index[K]) find(id K) *entry[K] {
	if ix.entries != nil {
		return ix.entries[id]
	}
	for _, e := range ix.small {
		if e.id == id {
			return e
		}
	}
	return nil
}

// AddSet stores the equality selector [FromSet](set) for id: the form of a
// Service's selector. As with FromSet, an empty set selects everything, so
// callers that ignore selector-less Services must not add them. A
// one-label selector, the usual Service's, is built in its entry: one
// allocation for both.
func (ix *Index[K]) AddSet(id K, set Set) {
	if len(set) != 1 {
		ix.Add(id, FromSet(set))
		return
	}
	e := &entry[K]{id: id}
	for k, v := range set {
		e.req[0] = req{key: k, op: opEquals, val: v}
	}
	e.sel = Selector{reqs: e.req[:], eqOnly: true}
	ix.add(e)
}

// Add stores sel for id. If id is already stored, its selector is replaced
// and id moves to the end of the result order.
func (ix *Index[K]) Add(id K, sel Selector) { ix.add(&entry[K]{id: id, sel: sel}) }

// add stores the new entry e (its id and selector set).
func (ix *Index[K]) add(e *entry[K]) {
	if ix.find(e.id) != nil {
		ix.Remove(e.id)
	}
	ix.seq++
	e.seq = ix.seq
	if ix.entries == nil {
		if len(ix.small) < smallIndex {
			ix.small = append(ix.small, e)
			return
		}
		ix.entries = make(map[K]*entry[K], len(ix.small)+1)
		ix.keys = make(map[string]*postings[K])
		for _, o := range ix.small {
			ix.file(o)
		}
		ix.small = nil
	}
	ix.file(e)
}

// file stores e in the maps and postings of a filed index.
func (ix *Index[K]) file(e *entry[K]) {
	ix.entries[e.id] = e
	sel := e.sel
	if sel.nothing {
		return
	}
	best := -1
	bestCost := 0
	for i := range sel.reqs {
		r := &sel.reqs[i]
		if !r.positive() {
			continue
		}
		if c := ix.cost(r); best < 0 || c < bestCost {
			best, bestCost = i, c
		}
	}
	if best < 0 {
		ix.residual = append(ix.residual, e)
		return
	}
	r := &sel.reqs[best]
	e.filed, e.key = true, r.key
	p := ix.keys[r.key]
	if p == nil {
		p = &postings[K]{key: r.key, pos: len(ix.keyList)}
		ix.keys[r.key] = p
		ix.keyList = append(ix.keyList, p)
	}
	switch r.op {
	case opEquals, opDoubleEquals:
		e.one[0] = r.val
		e.vals = e.one[:]
	case opIn:
		e.vals = r.vals
	default:
		p.any = append(p.any, e)
		return
	}
	if p.values == nil {
		p.values = make(map[string][]*entry[K])
	}
	for _, v := range e.vals {
		p.values[v] = append(p.values[v], e)
	}
}

// cost estimates how many candidates filing under r adds to lookups: the
// lengths of the postings it would join. A per-key list counts one more
// than its length, since every set with the key visits it.
func (ix *Index[K]) cost(r *req) int {
	p := ix.keys[r.key]
	switch r.op {
	case opEquals, opDoubleEquals:
		if p == nil {
			return 0
		}
		return len(p.values[r.val])
	case opIn:
		if p == nil {
			return 0
		}
		n := 0
		for _, v := range r.vals {
			n += len(p.values[v])
		}
		return n
	}
	if p == nil {
		return 1
	}
	return len(p.any) + 1
}

// Remove deletes id and its selector; removing an absent id does nothing.
func (ix *Index[K]) Remove(id K) {
	if ix.entries == nil {
		for i, e := range ix.small {
			if e.id == id {
				ix.small = slices.Delete(ix.small, i, i+1)
				return
			}
		}
		return
	}
	e, ok := ix.entries[id]
	if !ok {
		return
	}
	delete(ix.entries, id)
	if len(ix.entries) == 0 {
		// Emptied: back to a small index, the filing dropped.
		*ix = Index[K]{seq: ix.seq}
		return
	}
	if e.sel.nothing {
		return
	}
	if !e.filed {
		ix.residual = removeEntry(ix.residual, e)
		return
	}
	p := ix.keys[e.key]
	if e.vals == nil {
		p.any = removeEntry(p.any, e)
	} else {
		for _, v := range e.vals {
			if l := removeEntry(p.values[v], e); len(l) > 0 {
				p.values[v] = l
			} else {
				delete(p.values, v)
			}
		}
	}
	if len(p.any) == 0 && len(p.values) == 0 {
		delete(ix.keys, e.key)
		last := ix.keyList[len(ix.keyList)-1]
		last.pos = p.pos
		ix.keyList[p.pos] = last
		ix.keyList[len(ix.keyList)-1] = nil
		ix.keyList = ix.keyList[:len(ix.keyList)-1]
	}
}

// removeEntry deletes e from a list sorted by seq, keeping the order.
func removeEntry[K comparable](l []*entry[K], e *entry[K]) []*entry[K] {
	i, found := slices.BinarySearchFunc(l, e.seq, func(x *entry[K], seq uint64) int {
		switch {
		case x.seq < seq:
			return -1
		case x.seq > seq:
			return 1
		}
		return 0
	})
	if !found {
		return l
	}
	return slices.Delete(l, i, i+1)
}

// candidates appends the non-empty candidate lists for a set whose label
// p.key has value v.
func (p *postings[K]) candidates(v string, lists [][]*entry[K]) [][]*entry[K] {
	if l := p.values[v]; len(l) > 0 {
		lists = append(lists, l)
	}
	if len(p.any) > 0 {
		lists = append(lists, p.any)
	}
	return lists
}

// maxInlineLists is how many candidate lists Matching keeps on the stack;
// label sets with more indexed keys than about half of this make it
// allocate.
const maxInlineLists = 32

// Matching appends to dst the IDs whose selectors match set and returns the
// extended slice. IDs come in the order they were added (an Add that
// replaces a selector counts as a new addition), whatever the order of the
// set's map iteration. It does not allocate beyond growing dst (for label
// sets of up to 15 indexed keys), so a caller that reuses dst[:0] looks up
// for free.
func (ix *Index[K]) Matching(set Set, dst []K) []K {
	if ix.entries == nil {
		for _, e := range ix.small {
			if e.sel.Matches(set) {
				dst = append(dst, e.id)
			}
		}
		return dst
	}
	var buf [maxInlineLists][]*entry[K]
	lists := buf[:0]
	if len(ix.keyList) <= len(set) {
		// Few indexed keys: look each up in the set, sparing a map iteration.
		for _, p := range ix.keyList {
			if v, ok := set[p.key]; ok {
				lists = p.candidates(v, lists)
			}
		}
	} else {
		for k, v := range set {
			if p := ix.keys[k]; p != nil {
				lists = p.candidates(v, lists)
			}
		}
	}
	if len(ix.residual) > 0 {
		lists = append(lists, ix.residual)
	}
	if len(lists) == 1 {
		for _, e := range lists[0] {
			if e.sel.Matches(set) {
				dst = append(dst, e.id)
			}
		}
		return dst
	}
	// Merge the lists by seq. Every entry is in at most one visited list
	// (it is filed under one key, and a set has one value per key).
	for len(lists) > 0 {
		best := 0
		for i := 1; i < len(lists); i++ {
			if lists[i][0].seq < lists[best][0].seq {
				best = i
			}
		}
		e := lists[best][0]
		if len(lists[best]) == 1 {
			last := len(lists) - 1
			lists[best] = lists[last]
			lists = lists[:last]
		} else {
			lists[best] = lists[best][1:]
		}
		if e.sel.Matches(set) {
			dst = append(dst, e.id)
		}
	}
	return dst
}
