package dns

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, ip(s))
	}
	return out
}

// TestResolve covers, for a pod in namespace prod: the search path (resolv.conf
// "search prod.svc.cluster.local svc.cluster.local cluster.local" with
// ndots:5, kubelet pkg/kubelet/network/dns/dns.go; glibc res_nsearch tries a
// name with fewer than 5 dots under each suffix first, then as is); the
// records of the Kubernetes DNS specification (kubernetes/dns
// docs/specification.md) as CoreDNS's kubernetes plugin serves them; and
// NXDOMAIN (no such name) against NODATA (the name exists, no record of the
// type: RFC 2308).
func TestResolve(t *testing.T) {
	r := NewResolver("", fixture())
	const nx, nodata, bad = "NXDOMAIN", "NODATA", "invalid"
	tests := []struct {
		name  string
		want  []netip.Addr
		err   string
		tried []string // names tried in order (nil: not checked)
	}{
		// The search path.
		{name: "web", want: addrs("10.96.0.10"), tried: []string{"web.prod.svc.cluster.local"}},
		{name: "web.other", want: addrs("10.96.0.20"),
			tried: []string{"web.other.prod.svc.cluster.local", "web.other.svc.cluster.local"}},
		{name: "web.other.svc", want: addrs("10.96.0.20"),
			tried: []string{"web.other.svc.prod.svc.cluster.local", "web.other.svc.svc.cluster.local", "web.other.svc.cluster.local"}},
		{name: "web.other.svc.cluster.local", want: addrs("10.96.0.20"),
			tried: []string{"web.other.svc.cluster.local.prod.svc.cluster.local", "web.other.svc.cluster.local.svc.cluster.local",
				"web.other.svc.cluster.local.cluster.local", "web.other.svc.cluster.local"}},
		{name: "web.other.svc.cluster.local.", want: addrs("10.96.0.20"), tried: []string{"web.other.svc.cluster.local"}},
		{name: "kubernetes.default", want: addrs("10.96.0.1"),
			tried: []string{"kubernetes.default.prod.svc.cluster.local", "kubernetes.default.svc.cluster.local"}},
		{name: "kubernetes", err: nx, // another namespace's service never resolves as a bare short name
			tried: []string{"kubernetes.prod.svc.cluster.local", "kubernetes.svc.cluster.local", "kubernetes.cluster.local", "kubernetes"}},
		{name: "a.b.c.d.e.f", err: nx, // 5 dots: as is first, then the search list
			tried: []string{"a.b.c.d.e.f", "a.b.c.d.e.f.prod.svc.cluster.local", "a.b.c.d.e.f.svc.cluster.local", "a.b.c.d.e.f.cluster.local"}},
		{name: "WeB.Other", want: addrs("10.96.0.20")}, // case-insensitive
		// Records.
		{name: "nohit", want: addrs("10.96.0.30")}, // ClusterIP without endpoints still answers
		{name: "v6", want: addrs("fd00::10")},
		{name: "db", want: addrs("10.244.1.5", "10.244.2.7")}, // headless: ready endpoints, sorted
		{name: "db-0.db", want: addrs("10.244.2.7")},          // endpoint hostname
		{name: "10-244-1-5.db", want: addrs("10.244.1.5")},    // dashed-IP endpointHostname
		{name: "10-244-1-9.web", want: addrs("10.244.1.9")},   // CoreDNS: endpoint names of non-headless Services too
		{name: "nope.db", err: nx},
		{name: "bare", want: addrs("10.244.3.3")}, // headless without ports still has A records
		{name: "_http._tcp.web", want: addrs("10.96.0.10")},
		{name: "_http._udp.web", err: nx},
		{name: "10-244-1-5.prod.pod", want: addrs("10.244.1.5"),
			tried: []string{"10-244-1-5.prod.pod.prod.svc.cluster.local", "10-244-1-5.prod.pod.svc.cluster.local", "10-244-1-5.prod.pod.cluster.local"}},
		{name: "1-2-3-4.default.pod.cluster.local.", want: addrs("1.2.3.4")}, // pods insecure: no pod needs to hold it
		{name: "fd00--1.prod.pod.cluster.local.", want: addrs("fd00::1")},
		{name: "1-2-3-4.nons.pod.cluster.local.", err: nx},
		{name: "not-an-ip.prod.pod.cluster.local.", err: nx},
		{name: "x.1-2-3-4.prod.pod.cluster.local.", err: nx},
		{name: "alias", want: addrs("10.96.0.20")},  // ExternalName inside the cluster domain: chased
		{name: "alias2", want: addrs("10.96.0.20")}, // two CNAMEs
		{name: "ipname", want: addrs("192.0.2.1")},
		{name: "ext", err: nx}, // outside the cluster domain: no outside world
		{name: "loop1", err: nx},
		{name: "10.96.0.10", want: addrs("10.96.0.10"), tried: []string{}},
		{name: "fd00::10", want: addrs("fd00::10")},
		// NXDOMAIN against NODATA.
		{name: "nosuch", err: nx},
		{name: "web.nons.svc.cluster.local.", err: nx},
		{name: "empty", err: nx}, // headless, no ready endpoint
		{name: "prod.svc.cluster.local.", err: nodata},
		{name: "prod", err: nodata, tried: []string{"prod.prod.svc.cluster.local", "prod.svc.cluster.local", "prod.cluster.local", "prod"}},
		{name: "nons.svc.cluster.local.", err: nx},
		{name: "cluster.local.", err: nodata},
		{name: "svc.cluster.local.", err: nodata},
		{name: "dns-version.cluster.local.", err: nodata},
		{name: "_http._tcp.ext", err: nx},
		{name: "x.ext", err: nx},
		{name: "a.b.web.prod.svc.cluster.local.", err: nx}, // too many labels
		{name: "example.com.", err: nx},
		{name: "", err: bad},
		{name: ".", err: bad},
		{name: "a..b", err: bad},
		{name: strings.Repeat("a", 64), err: bad},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := r.Lookup("prod", tc.name)
			switch tc.err {
			case "":
				if err != nil {
					t.Fatalf("Lookup(%q) error %v (tried %s)", tc.name, err, a.Explain())
				}
			case nx:
				if !errors.Is(err, ErrNXDomain) {
					t.Fatalf("Lookup(%q) = %v, %v; want NXDOMAIN", tc.name, a.Addrs, err)
				}
			case nodata:
				if !errors.Is(err, ErrNoData) {
					t.Fatalf("Lookup(%q) = %v, %v; want NODATA", tc.name, a.Addrs, err)
				}
			case bad:
				if !errors.Is(err, ErrInvalidName) {
					t.Fatalf("Lookup(%q) = %v, %v; want invalid name", tc.name, a.Addrs, err)
				}
			}
			if !slices.Equal(a.Addrs, tc.want) {
				t.Errorf("Lookup(%q) = %v, want %v", tc.name, a.Addrs, tc.want)
			}
			if tc.tried != nil {
				var got []string
				for _, at := range a.Tried {
					got = append(got, at.Name)
				}
				if !slices.Equal(got, tc.tried) && !(len(got) == 0 && len(tc.tried) == 0) {
					t.Errorf("Lookup(%q) tried %q, want %q", tc.name, got, tc.tried)
				}
			}
		})
	}
}

func TestResolveFromDefaultAndOtherDomain(t *testing.T) {
	r := NewResolver("", fixture())
	got, err := r.Resolve("", "kubernetes")
	if err != nil || !slices.Equal(got, addrs("10.96.0.1")) {
		t.Errorf(`Resolve("", kubernetes) = %v, %v`, got, err)
	}
	if _, err := r.Resolve("", "web"); !errors.Is(err, ErrNXDomain) {
		t.Errorf(`Resolve("", web) from default: %v, want NXDOMAIN`, err)
	}
	corp := NewResolver("Corp.Internal.", fixture())
	if got, err := corp.Resolve("prod", "web"); err != nil || !slices.Equal(got, addrs("10.96.0.10")) {
		t.Errorf("Resolve with domain corp.internal = %v, %v", got, err)
	}
	if _, err := corp.Resolve("prod", "web.prod.svc.cluster.local."); !errors.Is(err, ErrNXDomain) {
		t.Errorf("cluster.local name under corp.internal: %v, want NXDOMAIN", err)
	}
	if sl := corp.SearchList("prod"); !slices.Equal(sl, []string{"prod.svc.corp.internal", "svc.corp.internal", "corp.internal"}) {
		t.Errorf("SearchList = %q", sl)
	}
}

// TestNewResolverZone: the cluster domain is normalised once, where the
// Resolver is built: lowercase, no trailing dot, "" the default.
func TestNewResolverZone(t *testing.T) {
	for domain, want := range map[string]string{
		"": "cluster.local", "cluster.local": "cluster.local", "Corp.Internal.": "corp.internal",
	} {
		if got := NewResolver(domain, fixture()).Zone(); got != want {
			t.Errorf("NewResolver(%q).Zone() = %q, want %q", domain, got, want)
		}
	}
}

func TestExplain(t *testing.T) {
	r := NewResolver("", fixture())
	a, err := r.Lookup("prod", "web.other")
	if err != nil {
		t.Fatal(err)
	}
	const want = "web.other.prod.svc.cluster.local NXDOMAIN; web.other.svc.cluster.local ok"
	if got := a.Explain(); got != want {
		t.Errorf("Explain = %q, want %q", got, want)
	}
	a, _ = r.Lookup("prod", "prod")
	if got := a.Tried[1].String(); got != "prod.svc.cluster.local NODATA" {
		t.Errorf("Tried[1] = %q", got)
	}
	a, _ = r.Lookup("prod", "alias2")
	if !slices.Equal(a.CNAMEs, []string{"alias.prod.svc.cluster.local", "web.other.svc.cluster.local"}) || a.Name != "alias2.prod.svc.cluster.local" {
		t.Errorf("alias2: name %q CNAMEs %q", a.Name, a.CNAMEs)
	}
}

func TestLookupSRV(t *testing.T) {
	r := NewResolver("", fixture())
	web := "web.prod.svc.cluster.local"
	tests := []struct {
		name string
		want []SRV
		err  error
	}{
		{name: "_http._tcp.web", want: []SRV{{Target: web, Port: 80, Weight: 100}}},
		{name: "_metrics._tcp.web", want: []SRV{{Target: web, Port: 9090, Weight: 100}}},
		{name: "_HTTP._TCP.web", want: []SRV{{Target: web, Port: 80, Weight: 100}}},
		{name: "_http._udp.web", err: ErrNXDomain}, // no such protocol
		{name: "_nope._tcp.web", err: ErrNXDomain}, // no such port
		// CoreDNS's bare-name SRV answers every port, named or not: n = 3, weight 33.
		{name: "web", want: []SRV{{Target: web, Port: 80, Weight: 33}, {Target: web, Port: 81, Weight: 33}, {Target: web, Port: 9090, Weight: 33}}},
		{name: "_https._tcp.kubernetes.default", want: []SRV{{Target: "kubernetes.default.svc.cluster.local", Port: 443, Weight: 100}}},
		// Headless: one record per ready endpoint × port, the endpoint's port, targeting <hostname>.<svc>...
		{name: "_postgres._tcp.db", want: []SRV{
			{Target: "10-244-1-5.db.prod.svc.cluster.local", Port: 5432, Weight: 50},
			{Target: "db-0.db.prod.svc.cluster.local", Port: 5433, Weight: 50}}},
		{name: "db", want: []SRV{
			{Target: "10-244-1-5.db.prod.svc.cluster.local", Port: 5432, Weight: 50},
			{Target: "db-0.db.prod.svc.cluster.local", Port: 5433, Weight: 50}}},
		{name: "_postgres._tcp.db-0.db", err: ErrNXDomain}, // too many labels
		{name: "db-0.db", want: []SRV{{Target: "db-0.db.prod.svc.cluster.local", Port: 5433, Weight: 100}}},
		{name: "_http._tcp.empty", err: ErrNXDomain},
		{name: "bare", err: ErrNoData}, // headless without ports: addresses only
		{name: "_http._tcp.ext", err: ErrNXDomain},
		{name: "_http._tcp.alias", err: ErrNXDomain},
		{name: "alias", want: []SRV{{Target: "web.other.svc.cluster.local", Port: 80, Weight: 100}}},
		{name: "10-244-1-5.prod.pod.cluster.local.", err: ErrNoData},
		{name: "nosuch", err: ErrNXDomain},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := r.LookupSRV("prod", tc.name)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("LookupSRV(%q) = %v, %v; want %v", tc.name, got, err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("LookupSRV(%q) = %v, %v; want %v", tc.name, got, err, tc.want)
			}
		})
	}
}

func TestLookupCNAME(t *testing.T) {
	r := NewResolver("", fixture())
	tests := []struct{ name, want string }{
		{"ext", "example.com"},
		{"ext.prod.svc.cluster.local.", "example.com"},
		{"EXT", "example.com"},
		{"alias", "web.other.svc.cluster.local"},
		{"alias2", "web.other.svc.cluster.local"},
		{"web", "web.prod.svc.cluster.local"},
		{"web.other", "web.other.svc.cluster.local"},
		{"db", "db.prod.svc.cluster.local"},
		{"loop1", ""},
		{"nosuch", ""},
		{"10.0.0.1", ""},
		{"prod", ""}, // NODATA: no canonical name
	}
	for _, tc := range tests {
		got, err := r.LookupCNAME("prod", tc.name)
		if tc.want == "" {
			if err == nil {
				t.Errorf("LookupCNAME(%q) = %q, want an error", tc.name, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("LookupCNAME(%q) = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}
