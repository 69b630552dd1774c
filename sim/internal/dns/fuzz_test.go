package dns

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/service"
)

// FuzzLookup feeds arbitrary names to the stub resolver and checks that it
// never panics, that every error wraps one sentinel, that answers are
// sorted and non-empty, and that a trailing-dot name is tried only as is.
func FuzzLookup(f *testing.F) {
	for _, s := range []string{"web", "web.other", "web.other.svc.cluster.local.", "_http._tcp.web", "10-244-1-5.prod.pod",
		"db-0.db", "a.b.c.d.e.f", "", ".", "a..b", "ALIAS", "fd00--1.prod.pod.cluster.local.", "10.96.0.10", "::1"} {
		f.Add("prod", s)
	}
	r := NewResolver("", fixture())
	f.Fuzz(func(t *testing.T, ns, name string) {
		a, err := r.Lookup(ns, name)
		check := func(err error) {
			if err != nil && !errors.Is(err, ErrNXDomain) && !errors.Is(err, ErrNoData) && !errors.Is(err, ErrInvalidName) {
				t.Fatalf("Lookup(%q, %q): error %v wraps no sentinel", ns, name, err)
			}
		}
		check(err)
		if err == nil {
			if len(a.Addrs) == 0 || !slices.IsSortedFunc(a.Addrs, func(x, y netip.Addr) int { return x.Compare(y) }) {
				t.Fatalf("Lookup(%q, %q) = %v: empty or unsorted", ns, name, a.Addrs)
			}
		}
		if strings.HasSuffix(name, ".") && len(a.Tried) > 1 {
			t.Fatalf("Lookup(%q, %q) tried %d names for an absolute name", ns, name, len(a.Tried))
		}
		srv, err := r.LookupSRV(ns, name)
		check(err)
		if err == nil && (len(srv) == 0 || srv[0].Weight != service.SRVWeight(len(srv))) {
			t.Fatalf("LookupSRV(%q, %q) = %v", ns, name, srv)
		}
		_, err = r.LookupCNAME(ns, name)
		check(err)
	})
}
