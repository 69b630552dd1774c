package ipam

import (
	"math/bits"
	"slices"
)

// denseLimit is the largest number of bits kept in indexed levels. Above
// it (an IPv4 /11 or shorter, an IPv6 range wider than /108) every level of
// the tree lives in a map keyed by word index, so memory follows the number
// of addresses in use rather than the size of the range.
const denseLimit = 1 << 20

// sliceWords is the longest dense level kept in one slice (4096 bits: an
// IPv4 /20, the default node-port range). A longer level keeps its words
// in pages, in a map by page index, and allocates a page when one of its
// words is first set, so an empty /12 costs a small map rather than 128
// KiB.
const sliceWords = 64

// pageWords is the number of words in a page: 512 bits, so that a few
// addresses scattered over a large range (random ClusterIPs in a /12)
// cost 64 bytes each rather than a page of 4096 bits.
const pageWords = 8

type page = [pageWords]uint64

// deepLevel is a level of a tree kept out of its slice (see tree): a
// dense level's words in pages allocated on first write (absent page: all
// zero; no map until the first page), or a sparse one's in a map by word
// index (absent word: 0).
type deepLevel struct {
	pages  map[uint64]*page
	sparse map[uint64]uint64
}

// tree is a set of bit indices in [0, n) with a 64-ary summary: bit i of
// level k+1 is set exactly when word i of level k is all ones (full). The
// padding bits past a summary level's bits in its last word are set, so
// the search never descends into a word that does not exist. Level 0's
// padding stays clear: its last word never becomes full, so the search
// may reach a padding bit there, which nextClear, being past n, reports
// as none; and a tree born empty writes nothing (a /12's paged level 0
// needs no page for its last word). Level 0 has n bits, level k+1 one per
// word of level k; the top level (a single word) is the last.
//
// Finding the next clear bit therefore costs one word per level (at most
// eleven levels for 2^64 bits), never a bit-by-bit or word-by-word walk
// through a full region.
//
// A dense tree (n at most denseLimit) keeps its levels of at most
// sliceWords words in one slice, words: the top word, after the words of
// the level below it when that level is that short too (a level of more
// than one word has more than 64 bits, so the one above it has at most
// sliceWords*64 bits only if it is the top). The levels below those, if
// any, are deep: bottom first, in pages. A sparse tree keeps every level
// deep, in a map. A tree of up to 4096 bits (a node's /24, the
// default node-port range) thus costs one slice of words, no level
// records.
//
// The zero tree has no levels (made reports it): an allocator holds its
// tree inline and makes it on first use.
type tree struct {
	n     uint64      // bits of level 0; 0 until init
	words []uint64    // a dense tree's short levels: the lower one's words, then the top word
	deep  []deepLevel // the levels below them, bottom first (every level of a sparse tree)
}

// wordsFor returns ceil(n/64) without overflowing for n near 2^64.
func wordsFor(n uint64) uint64 {
	w := n / 64
	if n%64 != 0 {
		w++
	}
	return w
}

// init makes t an empty tree over n bits (n >= 1).
func (t *tree) init(n uint64) {
	t.n = n
	levels := 1
	for b := n; b > 64; b = wordsFor(b) {
		levels++
	}
	if n > denseLimit {
		t.deep = make([]deepLevel, levels)
		for k := range t.deep {
			t.deep[k].sparse = make(map[uint64]uint64)
		}
	} else {
		deep, b := 0, n // b: the bits of the lowest level kept in words
		for wordsFor(b) > sliceWords {
			deep++
			b = wordsFor(b)
		}
		sliced := wordsFor(b)
		if b > 64 {
			sliced++ // the top word above it
		}
		t.words = make([]uint64, sliced)
		if deep > 0 {
			t.deep = make([]deepLevel, deep) // their pages maps made by their first page (newPage)
		}
	}
	for k, b := 1, wordsFor(n); k < levels; k, b = k+1, wordsFor(b) {
		if r := b % 64; r != 0 {
			t.put(k, b/64, ^uint64(0)<<r)
		}
	}
}

// made reports whether init has made t (the zero tree has no levels).
func (t *tree) made() bool { return t.n != 0 }

// top returns the index of the top level.
func (t *tree) top() int {
	switch len(t.words) {
	case 0: // sparse: every level is deep
		return len(t.deep) - 1
	case 1: // the top word alone
		return len(t.deep)
	}
	return len(t.deep) + 1
}

// sparse reports whether every level is kept in a map.
func (t *tree) sparse() bool { return t.words == nil }

// short returns the index in words of word i of level k, one of the
// levels kept there (k >= len(t.deep)): i for the lower one, the last for
// the top word (there i is 0).
func (t *tree) short(k int, i uint64) uint64 {
	return i + uint64(k-len(t.deep))*uint64(len(t.words)-1)
}

func (t *tree) word(k int, i uint64) uint64 {
	if k >= len(t.deep) {
		return t.words[t.short(k, i)]
	}
	l := &t.deep[k]
	if l.sparse != nil {
		return l.sparse[i]
	}
	if p := l.pages[i/pageWords]; p != nil {
		return p[i%pageWords]
	}
	return 0
}

// leaf returns a pointer to word i of a dense tree's level 0, allocating
// its page.
func (t *tree) leaf(i uint64) *uint64 {
	if len(t.deep) == 0 {
		return &t.words[i]
	}
	l := &t.deep[0]
	p := l.pages[i/pageWords]
	if p == nil {
		p = l.newPage(i / pageWords)
	}
	return &p[i%pageWords]
}

// newPage adds page j, all zero, to a dense deep level, making its map
// with its first page: a level nothing was written to (the summary levels
// of a range with few addresses in use) costs no map.
func (l *deepLevel) newPage(j uint64) *page {
	if l.pages == nil {
		l.pages = make(map[uint64]*page)
	}
	p := new(page)
	l.pages[j] = p
	return p
}

func (t *tree) put(k int, i, w uint64) {
	if k >= len(t.deep) {
		t.words[t.short(k, i)] = w
		return
	}
	l := &t.deep[k]
	if l.sparse != nil {
		if w == 0 {
			delete(l.sparse, i)
		} else {
			l.sparse[i] = w
		}
		return
	}
	switch p := l.pages[i/pageWords]; {
	case p != nil:
		p[i%pageWords] = w
	case w != 0:
		l.newPage(i / pageWords)[i%pageWords] = w
	}
}

// test reports whether bit i (< n) is set.
func (t *tree) test(i uint64) bool {
	return t.word(0, i/64)&(1<<(i%64)) != 0
}

// set sets bit i (< n) and reports whether it was clear.
func (t *tree) set(i uint64) bool {
	if !t.sparse() { // fast path: the leaf word does not become full
		p := t.leaf(i / 64)
		b := uint64(1) << (i % 64)
		if *p&b != 0 {
			return false
		}
		if w := *p | b; w != ^uint64(0) {
			*p = w
			return true
		}
	}
	for k := 0; ; k++ {
		wi, b := i/64, uint64(1)<<(i%64)
		w := t.word(k, wi)
		if w&b != 0 {
			return k != 0 // a summary bit may already be set only if k > 0 (never happens)
		}
		w |= b
		t.put(k, wi, w)
		if w != ^uint64(0) || k == t.top() {
			return true
		}
		i = wi
	}
}

// clear clears bit i (< n) and reports whether it was set.
func (t *tree) clear(i uint64) bool {
	if !t.sparse() { // fast path: the leaf word was not full
		b := uint64(1) << (i % 64)
		if t.word(0, i/64)&b == 0 {
			return false
		}
		p := t.leaf(i / 64)
		if *p != ^uint64(0) {
			*p &^= b
			return true
		}
	}
	for k := 0; ; k++ {
		wi, b := i/64, uint64(1)<<(i%64)
		w := t.word(k, wi)
		if w&b == 0 {
			return k != 0
		}
		t.put(k, wi, w&^b)
		if w != ^uint64(0) || k == t.top() {
			return true
		}
		i = wi
	}
}

// nextClear returns the first clear bit at or after from, if any. The
// first clear bit found may be level 0's padding (past n, after every
// real bit): then there is none.
func (t *tree) nextClear(from uint64) (uint64, bool) {
	if !t.sparse() && from < t.n { // fast path: a clear bit in from's word
		if free := ^(t.word(0, from/64) | (uint64(1)<<(from%64) - 1)); free != 0 {
			i := from&^63 + uint64(bits.TrailingZeros64(free))
			return i, i < t.n
		}
	}
	i, k, b, top := from, 0, t.n, t.top() // b: the bits of level k
	for {
		if i < b {
			free := ^(t.word(k, i/64) | (uint64(1)<<(i%64) - 1))
			if free != 0 {
				i = i&^63 + uint64(bits.TrailingZeros64(free))
				break
			}
		}
		// No clear bit at or after i in this word: continue with the next
		// word, which is the next bit one level up.
		if k == top {
			return 0, false
		}
		i = i/64 + 1
		k++
		b = wordsFor(b)
	}
	for ; k > 0; k-- {
		i = i*64 + uint64(bits.TrailingZeros64(^t.word(k-1, i)))
	}
	return i, i < t.n
}

// each calls yield for every set bit in ascending order until yield
// returns false. It is meant for iteration and checks, not for hot paths:
// a sparse tree sorts its word indices first.
func (t *tree) each(yield func(uint64) bool) {
	var idx []uint64
	if !t.sparse() {
		for wi := range wordsFor(t.n) {
			if t.word(0, wi) != 0 {
				idx = append(idx, wi)
			}
		}
	} else {
		idx = make([]uint64, 0, len(t.deep[0].sparse))
		for wi := range t.deep[0].sparse {
			idx = append(idx, wi)
		}
		slices.Sort(idx)
	}
	for _, wi := range idx {
		for w := t.word(0, wi); w != 0; w &= w - 1 {
			if !yield(wi*64 + uint64(bits.TrailingZeros64(w))) {
				return
			}
		}
	}
}

// wordsHeld returns the number of 64-bit words held in memory, for the
// memory-per-address reports.
func (t *tree) wordsHeld() int {
	n := len(t.words)
	for _, l := range t.deep {
		n += len(l.pages)*pageWords + len(l.sparse)
	}
	return n
}
