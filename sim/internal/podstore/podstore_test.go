package podstore

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/internal/blocks"
)

type rec struct {
	ns   int32
	name string
	ip   uint64 // 0: none
	live bool
}

// slowStore is the obviously correct version: a slice of slots, scanned.
type slowStore struct {
	recs    []rec
	free    []int32
	indexed [3]bool // by namespace: added to since its last DropNS
}

func (s *slowStore) lookup(ns int32, name string) (int32, bool) {
	for i, r := range s.recs {
		if r.live && r.ns == ns && r.name == name {
			return int32(i), true
		}
	}
	return -1, false
}

func (s *slowStore) atIP(ip uint64) (int32, bool) {
	for i, r := range s.recs {
		if r.live && r.ip == ip {
			return int32(i), true
		}
	}
	return -1, false
}

// TestStoreReference runs random adds, IP assignments, removals (past a
// blocks.Big boundary) and namespace drops against slowStore: same slot
// numbers (freed last, reused first), same lookups, records kept where they
// were put, name indexes kept exactly for the namespaces added to since
// their last drop.
func TestStoreReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := New(func(r *rec) string { return r.name }, func(r *rec) uint64 { return r.ip })
		var ref slowStore
		names := rapid.SampledFrom([]int{5, 3 * blocks.Big}).Draw(t, "names")
		nextIP := uint64(1)
		name := func(t *rapid.T) (int32, string) {
			return rapid.Int32Range(0, 2).Draw(t, "ns"), "p" + string(rune('a'+rapid.IntRange(0, names).Draw(t, "name")%26)) +
				string(rune('a'+rapid.IntRange(0, names).Draw(t, "name2")/26%200))
		}
		t.Repeat(map[string]func(*rapid.T){
			"add": func(t *rapid.T) {
				for range rapid.IntRange(1, blocks.Big/4).Draw(t, "n") {
					ns, n := name(t)
					if _, ok := ref.lookup(ns, n); ok {
						continue
					}
					i, r := s.Add(ns, n)
					*r = rec{ns: ns, name: n, live: true}
					ref.indexed[ns] = true
					want := int32(len(ref.recs))
					if k := len(ref.free); k > 0 {
						want = ref.free[k-1]
						ref.free = ref.free[:k-1]
					} else {
						ref.recs = append(ref.recs, rec{})
					}
					if i != want {
						t.Fatalf("Add: slot %d, want %d", i, want)
					}
					ref.recs[i] = *r
				}
			},
			"setIP": func(t *rapid.T) {
				ns, n := name(t)
				i, ok := ref.lookup(ns, n)
				if !ok || ref.recs[i].ip != 0 {
					t.Skip("no pod without IP")
				}
				ref.recs[i].ip = nextIP
				s.At(i).ip = nextIP
				s.SetIP(nextIP, i)
				nextIP++
			},
			"remove": func(t *rapid.T) {
				ns, n := name(t)
				i, ok := ref.lookup(ns, n)
				if !ok {
					t.Skip("no such pod")
				}
				if ip := s.At(i).ip; ip != 0 {
					s.DropIP(ip, i)
				}
				*s.At(i) = rec{}
				s.Remove(i, ns, n)
				ref.recs[i] = rec{}
				ref.free = append(ref.free, i)
			},
			"dropNS": func(t *rapid.T) {
				ns := rapid.Int32Range(0, 2).Draw(t, "ns")
				for _, r := range ref.recs {
					if r.live && r.ns == ns {
						t.Skip("namespace in use")
					}
				}
				s.DropNS(ns)
				ref.indexed[ns] = false
			},
			"": func(t *rapid.T) {
				indexed := 0
				for ns, want := range ref.indexed {
					if s.HasNS(int32(ns)) != want {
						t.Fatalf("HasNS(%d) = %v, want %v", ns, !want, want)
					}
					if want {
						indexed++
					}
				}
				if s.Namespaces() != indexed {
					t.Fatalf("Namespaces %d, want %d", s.Namespaces(), indexed)
				}
				ns, n := name(t)
				i, ok := s.Lookup(ns, n)
				j, wantOK := ref.lookup(ns, n)
				if i != j || ok != wantOK {
					t.Fatalf("Lookup(%d, %s) = %d %v, want %d %v", ns, n, i, ok, j, wantOK)
				}
				if b, bok := s.LookupBytes(ns, []byte(n)); b != i || bok != ok {
					t.Fatalf("LookupBytes(%d, %s) = %d %v, want %d %v", ns, n, b, bok, i, ok)
				}
				ip := rapid.Uint64Range(1, nextIP).Draw(t, "ip")
				i, ok = s.AtIP(ip)
				j, wantOK = ref.atIP(ip)
				if i != j || ok != wantOK {
					t.Fatalf("AtIP(%d) = %d %v, want %d %v", ip, i, ok, j, wantOK)
				}
				live := 0
				if s.Slots() != int32(len(ref.recs)) {
					t.Fatalf("Slots %d, want %d", s.Slots(), len(ref.recs))
				}
				for k := range s.Slots() {
					if *s.At(k) != ref.recs[k] {
						t.Fatalf("slot %d holds %+v, want %+v", k, *s.At(k), ref.recs[k])
					}
					if ref.recs[k].live {
						live++
					}
				}
				if names, _, free, _ := s.Counts(); s.Len() != live || names != live || free != len(ref.free) {
					t.Fatalf("Len %d, names %d, free %d; want %d live, %d free", s.Len(), names, free, live, len(ref.free))
				}
				for ns := range int32(len(ref.indexed)) {
					want := 0
					for _, r := range ref.recs {
						if r.live && r.ns == ns {
							want++
						}
					}
					if s.LenIn(ns) != want {
						t.Fatalf("LenIn(%d) = %d, want %d", ns, s.LenIn(ns), want)
					}
				}
			},
		})
	})
}
