package validation

import "slices"

// Seen is the set of values a validation has met so far, to report
// duplicates (upstream's sets of port names and port numbers). It holds
// its first few values inline, so that validating a short list (most
// objects have a port or a few) builds no map, and the rest in a map, so
// that a long list stays linear. The zero Seen is empty.
type Seen[K comparable] struct {
	few  [seenInline]K
	n    int
	rest map[K]struct{}
}

// seenInline is the number of values a Seen holds without a map.
const seenInline = 8

// Add records v and reports whether it was there already.
func (s *Seen[K]) Add(v K) (dup bool) {
	if slices.Contains(s.few[:s.n], v) {
		return true
	}
	if _, ok := s.rest[v]; ok {
		return true
	}
	if s.n < len(s.few) {
		s.few[s.n] = v
		s.n++
		return false
	}
	if s.rest == nil {
		s.rest = map[K]struct{}{}
	}
	s.rest[v] = struct{}{}
	return false
}
