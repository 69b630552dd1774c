package service

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
)

func recordStrings(rs []Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return out
}

func checkRecords(t *testing.T, got []Record, want []string) {
	t.Helper()
	if g := recordStrings(got); !slices.Equal(g, want) {
		t.Errorf("records:\n  %s\nwant\n  %s", strings.Join(g, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestRecordsClusterIP(t *testing.T) {
	s := Service{Namespace: "default", Name: "web", ClusterIP: ip("10.96.0.10"),
		Ports: []Port{{Name: "http", Port: 80}, {Name: "dns", Port: 53, Protocol: pod.UDP}, {Port: 9090}}}
	checkRecords(t, s.Records("cluster.local", 30, nil), []string{
		"web.default.svc.cluster.local. 30 IN A 10.96.0.10",
		"_http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 100 80 web.default.svc.cluster.local.",
		"_dns._udp.web.default.svc.cluster.local. 30 IN SRV 0 100 53 web.default.svc.cluster.local.",
		"web.default.svc.cluster.local. 30 IN SRV 0 33 80 web.default.svc.cluster.local.",
		"web.default.svc.cluster.local. 30 IN SRV 0 33 53 web.default.svc.cluster.local.",
		"web.default.svc.cluster.local. 30 IN SRV 0 33 9090 web.default.svc.cluster.local.",
		"10.0.96.10.in-addr.arpa. 30 IN PTR web.default.svc.cluster.local.",
	})
	s6 := Service{Namespace: "prod", Name: "api", ClusterIP: ip("fd00:10:96::a"), Ports: []Port{{Name: "grpc", Port: 8443, Protocol: pod.SCTP}}}
	checkRecords(t, s6.Records("example.org.", 5, nil), []string{
		"api.prod.svc.example.org. 5 IN AAAA fd00:10:96::a",
		"_grpc._sctp.api.prod.svc.example.org. 5 IN SRV 0 100 8443 api.prod.svc.example.org.",
		"api.prod.svc.example.org. 5 IN SRV 0 100 8443 api.prod.svc.example.org.",
		"a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa. 5 IN PTR api.prod.svc.example.org.",
	})
	if rs := (Service{Name: "pending", Ports: []Port{{Port: 80}}}).Records("", 30, nil); rs != nil {
		t.Errorf("unallocated service has records %v", rs)
	}
}

// TestRecordsSamePortTwoProtocols: kube-dns's own shape, 53/UDP and 53/TCP.
// The bare-name SRV answer holds one record per distinct (target, port): an
// RRset never repeats a record (RFC 2181 §5), the resolver answers so, and
// the weight is floor(100/n) over the records of that answer.
func TestRecordsSamePortTwoProtocols(t *testing.T) {
	s := Service{Namespace: "kube-system", Name: "kube-dns", ClusterIP: ip("10.96.0.10"),
		Ports: []Port{{Name: "dns", Port: 53, Protocol: pod.UDP}, {Name: "dns-tcp", Port: 53}, {Name: "metrics", Port: 9153}}}
	checkRecords(t, s.Records("cluster.local", 30, nil), []string{
		"kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10",
		"_dns._udp.kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 100 53 kube-dns.kube-system.svc.cluster.local.",
		"_dns-tcp._tcp.kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 100 53 kube-dns.kube-system.svc.cluster.local.",
		"_metrics._tcp.kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 100 9153 kube-dns.kube-system.svc.cluster.local.",
		"kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 50 53 kube-dns.kube-system.svc.cluster.local.",
		"kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 50 9153 kube-dns.kube-system.svc.cluster.local.",
		"10.0.96.10.in-addr.arpa. 30 IN PTR kube-dns.kube-system.svc.cluster.local.",
	})
	h := Service{Namespace: "default", Name: "dns", Headless: true,
		Ports: []Port{{Name: "dns", Port: 53, Protocol: pod.UDP}, {Name: "dns-tcp", Port: 53}}}
	checkRecords(t, h.Records("cluster.local", 30, []Endpoint{{IP: ip("10.244.1.5")}}), []string{
		"dns.default.svc.cluster.local. 30 IN A 10.244.1.5",
		"10-244-1-5.dns.default.svc.cluster.local. 30 IN A 10.244.1.5",
		"_dns._udp.dns.default.svc.cluster.local. 30 IN SRV 0 100 53 10-244-1-5.dns.default.svc.cluster.local.",
		"_dns-tcp._tcp.dns.default.svc.cluster.local. 30 IN SRV 0 100 53 10-244-1-5.dns.default.svc.cluster.local.",
		"dns.default.svc.cluster.local. 30 IN SRV 0 100 53 10-244-1-5.dns.default.svc.cluster.local.",
		"5.1.244.10.in-addr.arpa. 30 IN PTR 10-244-1-5.dns.default.svc.cluster.local.",
	})
}

func TestRecordsExternalName(t *testing.T) {
	s := Service{Namespace: "default", Name: "db", Type: ExternalName, ExternalName: "db.example.com", Ports: []Port{{Name: "pg", Port: 5432}}}
	checkRecords(t, s.Records("cluster.local", 30, nil), []string{
		"db.default.svc.cluster.local. 30 IN CNAME db.example.com.",
	})
	s.ExternalName = "db.example.com."
	checkRecords(t, s.Records("cluster.local", 30, nil), []string{
		"db.default.svc.cluster.local. 30 IN CNAME db.example.com.",
	})
}

func TestRecordsHeadless(t *testing.T) {
	s := Service{Namespace: "default", Name: "db", Headless: true,
		Ports: []Port{{Name: "pg", Port: 5432, TargetPort: TargetPortName("pg")}, {Port: 9187}}}
	ready := []Endpoint{
		{IP: ip("10.244.1.5"), Ports: []pod.ContainerPort{{Name: "pg", Port: 5433}}},
		{IP: ip("10.244.2.7"), Hostname: "db-0"}, // lacks the "pg" container port
	}
	checkRecords(t, s.Records("cluster.local", 30, ready), []string{
		"db.default.svc.cluster.local. 30 IN A 10.244.1.5",
		"db.default.svc.cluster.local. 30 IN A 10.244.2.7",
		"10-244-1-5.db.default.svc.cluster.local. 30 IN A 10.244.1.5",
		"db-0.db.default.svc.cluster.local. 30 IN A 10.244.2.7",
		"_pg._tcp.db.default.svc.cluster.local. 30 IN SRV 0 100 5433 10-244-1-5.db.default.svc.cluster.local.",
		"db.default.svc.cluster.local. 30 IN SRV 0 33 5433 10-244-1-5.db.default.svc.cluster.local.",
		"db.default.svc.cluster.local. 30 IN SRV 0 33 9187 10-244-1-5.db.default.svc.cluster.local.",
		"db.default.svc.cluster.local. 30 IN SRV 0 33 9187 db-0.db.default.svc.cluster.local.",
		"5.1.244.10.in-addr.arpa. 30 IN PTR 10-244-1-5.db.default.svc.cluster.local.",
		"7.2.244.10.in-addr.arpa. 30 IN PTR db-0.db.default.svc.cluster.local.",
	})
	if rs := s.Records("cluster.local", 30, nil); rs != nil {
		t.Errorf("headless without ready endpoints must be NXDOMAIN, got %v", rs)
	}
}

func TestEndpointHostname(t *testing.T) {
	tests := []struct {
		e    Endpoint
		want string
	}{
		{Endpoint{IP: ip("10.244.1.5")}, "10-244-1-5"},
		{Endpoint{IP: ip("10.244.1.5"), Hostname: "web-0"}, "web-0"},
		{Endpoint{IP: ip("fd00::1")}, "fd00--1"},
		{Endpoint{IP: ip("2001:db8::")}, "2001-db8--0"},
		{Endpoint{IP: ip("::1")}, "--1"},
		{Endpoint{}, ""},
	}
	for _, tc := range tests {
		if got := EndpointHostname(tc.e); got != tc.want {
			t.Errorf("EndpointHostname(%v) = %q, want %q", tc.e.IP, got, tc.want)
		}
	}
}

func TestSRVWeight(t *testing.T) {
	for n, want := range map[int]uint16{1: 100, 2: 50, 3: 33, 7: 14, 100: 1, 101: 1, 5000: 1} {
		if got := SRVWeight(n); got != want {
			t.Errorf("SRVWeight(%d) = %d, want %d", n, got, want)
		}
	}
}

// refReverse is the slow reference: reverse the labels of the dotted quad,
// or the nibbles of the fully expanded IPv6 text.
func refReverse(a netip.Addr) string {
	if a.Is4() {
		p := strings.Split(a.String(), ".")
		slices.Reverse(p)
		return strings.Join(p, ".") + ".in-addr.arpa."
	}
	hex := []byte(strings.ReplaceAll(a.StringExpanded(), ":", ""))
	slices.Reverse(hex)
	var parts []string
	for _, c := range hex {
		parts = append(parts, string(c))
	}
	return strings.Join(parts, ".") + ".ip6.arpa."
}

func TestReverseNameAgainstReference(t *testing.T) {
	if ReverseName(netip.Addr{}) != "" {
		t.Error("zero Addr must give empty name")
	}
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "bytes")
		var a netip.Addr
		if rapid.Bool().Draw(t, "v4") {
			a = netip.AddrFrom4([4]byte(b[:4]))
		} else {
			a = netip.AddrFrom16([16]byte(b))
		}
		if got, want := ReverseName(a), refReverse(a.Unmap()); got != want {
			t.Fatalf("ReverseName(%v) = %q, want %q", a, got, want)
		}
	})
}
