package endpoints

import "github.com/svcsim/svcsim/pod"

// EndpointSlices are created with metadata.generateName "<service>-" (the
// endpointslice controller's newEndpointSlice in kubernetes
// staging/src/k8s.io/endpointslice/utils.go, and the endpointslicemirroring
// controller's in pkg/controller/endpointslicemirroring/utils.go; "<service>-"
// is always a valid prefix, as Service names are at most 63 bytes). The
// apiserver's SimpleNameGenerator (apiserver pkg/storage/names/generate.go)
// keeps at most maxGeneratedNameLength bytes of the prefix and appends
// utilrand.String(5) over nameAlphabet. A generated name already taken in
// the namespace is refused (AlreadyExists) and the controller retries.

// nameAlphabet is the alphabet of apimachinery's utilrand.String, which
// generateName suffixes are drawn from (no vowels, no confusable digits).
const nameAlphabet = "bcdfghjklmnpqrstvwxz2456789"

// maxGeneratedNameLength is the longest generateName prefix the apiserver
// keeps: 63 − 5.
const maxGeneratedNameLength = 63 - 5

// slicePrefix returns the generateName of a Service's slices as the
// apiserver keeps it: "<service>-", cut to maxGeneratedNameLength bytes.
func slicePrefix(service string) string {
	p := service + "-"
	return p[:min(len(p), maxGeneratedNameLength)]
}

// isSlicePrefix reports whether prefix is slicePrefix(service), without
// building it.
func isSlicePrefix(prefix, service string) bool {
	if n := len(service) + 1; n > maxGeneratedNameLength {
		return prefix == service[:maxGeneratedNameLength]
	}
	return len(prefix) == len(service)+1 && prefix[:len(service)] == service && prefix[len(service)] == '-'
}

// SliceName returns the name of the n-th EndpointSlice named without a
// random source: the generateName prefix of service plus five characters of
// nameAlphabet spelling n in base 27 (wrapping after 27^5 names). Compute
// names its slices so; a Controller without Options.NameSuffix too.
func SliceName(service string, n uint64) string {
	s := countedSuffix(n)
	return slicePrefix(service) + string(s[:])
}

// countedSuffix spells n in base 27 over nameAlphabet, five characters.
func countedSuffix(n uint64) [5]byte {
	var s [5]byte
	for i := len(s) - 1; i >= 0; i-- {
		s[i] = nameAlphabet[n%27]
		n /= 27
	}
	return s
}

// sliceNameKey is a slice name split before its last five bytes, so that a
// generated name is a key without being concatenated: the namespace's
// shared prefix string and the suffix. Equal names give equal keys.
type sliceNameKey struct {
	prefix string
	suffix [5]byte
}

// nameKey returns the key of any slice name (a name shorter than five
// bytes keeps it whole in prefix).
func nameKey(name string) sliceNameKey {
	if len(name) < 5 {
		return sliceNameKey{prefix: name}
	}
	return sliceNameKey{name[:len(name)-5], [5]byte([]byte(name[len(name)-5:]))}
}

// SliceNameTaken reports whether a slice of this Controller (live or
// being deleted) holds name in namespace.
func (c *Controller) SliceNameTaken(namespace, name string) bool {
	ns := c.ns.Value(pod.NamespaceOrDefault(namespace))
	if ns == nil {
		return false
	}
	_, taken := ns.sliceNames.Get(nameKey(name))
	return taken
}

// generateName draws a suffix for a new slice named from prefix in ns,
// again while the name is taken there, and records the name as taken.
func (c *Controller) generateName(ns *nsState, prefix string) [5]byte {
	for {
		var s [5]byte
		if c.opts.NameSuffix != nil {
			s = c.opts.NameSuffix()
		} else {
			s = countedSuffix(c.names)
			c.names++
		}
		k := sliceNameKey{prefix, s}
		if c.opts.NameTaken != nil && c.opts.NameTaken(ns.name, prefix+string(s[:])) {
			continue
		}
		if _, taken := ns.sliceNames.Get(k); !taken {
			ns.sliceNames.Set(k, struct{}{})
			return s
		}
	}
}
