package dns

import (
	"fmt"
	"strings"
)

// maxName is the longest name in presentation form without the trailing dot
// (RFC 1035 §2.3.4: 255 octets on the wire).
const (
	maxName  = 253
	maxLabel = 63
)

// normalize lowercases name (DNS matching is case-insensitive, RFC 4343),
// reports and strips one trailing dot, and checks the name's shape.
func normalize(name string) (n string, absolute bool, err error) {
	if strings.HasSuffix(name, ".") {
		name, absolute = name[:len(name)-1], true
	}
	if name == "" {
		return "", absolute, fmt.Errorf("%w: %q: empty name", ErrInvalidName, name)
	}
	if len(name) > maxName {
		return "", absolute, fmt.Errorf("%w: %q: longer than %d characters", ErrInvalidName, name, maxName)
	}
	start := 0
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '.' {
			continue
		}
		switch l := i - start; {
		case l == 0:
			return "", absolute, fmt.Errorf("%w: %q: empty label", ErrInvalidName, name)
		case l > maxLabel:
			return "", absolute, fmt.Errorf("%w: %q: label longer than %d characters", ErrInvalidName, name, maxLabel)
		}
		start = i + 1
	}
	return strings.ToLower(name), absolute, nil
}

// inZone reports whether name is the zone or below it, and returns the part
// before the zone ("" for the apex).
func inZone(name, zone string) (base string, ok bool) {
	if name == zone {
		return "", true
	}
	if len(name) > len(zone) && strings.HasSuffix(name, zone) && name[len(name)-len(zone)-1] == '.' {
		return name[:len(name)-len(zone)-1], true
	}
	return "", false
}

// SearchList returns the search list of a ClusterFirst pod in namespace
// ("" means default), as the kubelet writes it
// (generateSearchesForDNSClusterFirst): <ns>.svc.<zone> svc.<zone> <zone>.
// The simulated nodes have no search domains of their own.
func (r *Resolver) SearchList(namespace string) []string {
	z := r.zone
	return []string{nsOrDefault(namespace) + ".svc." + z, "svc." + z, z}
}

func nsOrDefault(ns string) string {
	if ns == "" {
		return "default"
	}
	return strings.ToLower(ns)
}

// A candidate is one absolute name the search tries: name with a suffix
// of the search list (SearchList) or as is.
type candidate uint8

const (
	asIs            candidate = iota // <name>
	searchNamespace                  // <name>.<ns>.svc.<zone>
	searchSvc                        // <name>.svc.<zone>
	searchZone                       // <name>.<zone>
)

// candidates returns the candidates glibc's res_nsearch tries for name
// (already normalized), in order, the first n of c: a name with a trailing
// dot only as is; a name with at least Ndots dots as is first, then with
// each search suffix; otherwise each search suffix first, then as is.
// Only the names tried are built (candidateName), each at once.
func candidates(name string, absolute bool) (c [4]candidate, n int) {
	if absolute {
		return c, 1 // c[0] is asIs
	}
	if strings.Count(name, ".") >= Ndots {
		return [4]candidate{asIs, searchNamespace, searchSvc, searchZone}, 4
	}
	return [4]candidate{searchNamespace, searchSvc, searchZone, asIs}, 4
}

// candidateName returns the absolute name of candidate c of name, asked
// from namespace.
func (r *Resolver) candidateName(namespace, name string, c candidate) string {
	switch c {
	case searchNamespace:
		return name + "." + nsOrDefault(namespace) + ".svc." + r.zone
	case searchSvc:
		return name + ".svc." + r.zone
	case searchZone:
		return name + "." + r.zone
	}
	return name
}
