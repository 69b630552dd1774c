package service

import (
	"fmt"
	"maps"
	"math"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
)

func ip(s string) netip.Addr { return netip.MustParseAddr(s) }

// Service redis-primary at 10.0.0.11 with one port "redis" 6379/TCP: the
// eight variables kubernetes pkg/kubelet/envvars/envvars.go (FromServices)
// gives it, seven for the port and one for its name, verbatim.
func TestEnvVarsRedisPrimary(t *testing.T) {
	s := Service{Namespace: "default", Name: "redis-primary", ClusterIP: ip("10.0.0.11"),
		Ports: []Port{{Name: "redis", Port: 6379}}}
	want := map[string]string{
		"REDIS_PRIMARY_SERVICE_HOST":        "10.0.0.11",
		"REDIS_PRIMARY_SERVICE_PORT":        "6379",
		"REDIS_PRIMARY_SERVICE_PORT_REDIS":  "6379",
		"REDIS_PRIMARY_PORT":                "tcp://10.0.0.11:6379",
		"REDIS_PRIMARY_PORT_6379_TCP":       "tcp://10.0.0.11:6379",
		"REDIS_PRIMARY_PORT_6379_TCP_PROTO": "tcp",
		"REDIS_PRIMARY_PORT_6379_TCP_PORT":  "6379",
		"REDIS_PRIMARY_PORT_6379_TCP_ADDR":  "10.0.0.11",
	}
	if got := EnvVars([]Service{s}); !maps.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// The cases of upstream TestFromServices (kubernetes
// pkg/kubelet/envvars/envvars_test.go).
func TestEnvVarsFromServices(t *testing.T) {
	svcs := []Service{
		{Name: "foo-bar", ClusterIP: ip("1.2.3.4"), Ports: []Port{{Port: 8080, Protocol: pod.TCP}}},
		{Name: "abc-123", ClusterIP: ip("5.6.7.8"), Ports: []Port{
			{Name: "u-d-p", Port: 8081, Protocol: pod.UDP}, {Name: "t-c-p", Port: 8081, Protocol: pod.TCP}}},
		{Name: "q-u-u-x", ClusterIP: ip("9.8.7.6"), Ports: []Port{
			{Port: 8082, Protocol: pod.TCP}, {Name: "8083", Port: 8083, Protocol: pod.TCP}}},
		{Name: "svrc-clusterip-none", Headless: true, Ports: []Port{{Port: 8082, Protocol: pod.TCP}}},
		{Name: "svrc-clusterip-empty", Ports: []Port{{Port: 8082, Protocol: pod.TCP}}},
		{Name: "super-ipv6", ClusterIP: ip("2001:DB8::"), Ports: []Port{
			{Name: "u-d-p", Port: 8084, Protocol: pod.UDP}, {Name: "t-c-p", Port: 8084, Protocol: pod.TCP}}},
		{Name: "sctp-1", ClusterIP: ip("1.2.3.4"), Ports: []Port{
			{Name: "sctp-1", Port: 7777, Protocol: pod.SCTP}, {Name: "sctp-2", Port: 7777, Protocol: pod.TCP}}},
	}
	want := map[string]string{
		"FOO_BAR_SERVICE_HOST":        "1.2.3.4",
		"FOO_BAR_SERVICE_PORT":        "8080",
		"FOO_BAR_PORT":                "tcp://1.2.3.4:8080",
		"FOO_BAR_PORT_8080_TCP":       "tcp://1.2.3.4:8080",
		"FOO_BAR_PORT_8080_TCP_PROTO": "tcp",
		"FOO_BAR_PORT_8080_TCP_PORT":  "8080",
		"FOO_BAR_PORT_8080_TCP_ADDR":  "1.2.3.4",

		"ABC_123_SERVICE_HOST":        "5.6.7.8",
		"ABC_123_SERVICE_PORT":        "8081",
		"ABC_123_SERVICE_PORT_U_D_P":  "8081",
		"ABC_123_SERVICE_PORT_T_C_P":  "8081",
		"ABC_123_PORT":                "udp://5.6.7.8:8081",
		"ABC_123_PORT_8081_UDP":       "udp://5.6.7.8:8081",
		"ABC_123_PORT_8081_UDP_PROTO": "udp",
		"ABC_123_PORT_8081_UDP_PORT":  "8081",
		"ABC_123_PORT_8081_UDP_ADDR":  "5.6.7.8",
		"ABC_123_PORT_8081_TCP":       "tcp://5.6.7.8:8081",
		"ABC_123_PORT_8081_TCP_PROTO": "tcp",
		"ABC_123_PORT_8081_TCP_PORT":  "8081",
		"ABC_123_PORT_8081_TCP_ADDR":  "5.6.7.8",

		"Q_U_U_X_SERVICE_HOST":        "9.8.7.6",
		"Q_U_U_X_SERVICE_PORT":        "8082",
		"Q_U_U_X_SERVICE_PORT_8083":   "8083",
		"Q_U_U_X_PORT":                "tcp://9.8.7.6:8082",
		"Q_U_U_X_PORT_8082_TCP":       "tcp://9.8.7.6:8082",
		"Q_U_U_X_PORT_8082_TCP_PROTO": "tcp",
		"Q_U_U_X_PORT_8082_TCP_PORT":  "8082",
		"Q_U_U_X_PORT_8082_TCP_ADDR":  "9.8.7.6",
		"Q_U_U_X_PORT_8083_TCP":       "tcp://9.8.7.6:8083",
		"Q_U_U_X_PORT_8083_TCP_PROTO": "tcp",
		"Q_U_U_X_PORT_8083_TCP_PORT":  "8083",
		"Q_U_U_X_PORT_8083_TCP_ADDR":  "9.8.7.6",

		// netip prints IPv6 in canonical lower case.
		"SUPER_IPV6_SERVICE_HOST":        "2001:db8::",
		"SUPER_IPV6_SERVICE_PORT":        "8084",
		"SUPER_IPV6_SERVICE_PORT_U_D_P":  "8084",
		"SUPER_IPV6_SERVICE_PORT_T_C_P":  "8084",
		"SUPER_IPV6_PORT":                "udp://[2001:db8::]:8084",
		"SUPER_IPV6_PORT_8084_UDP":       "udp://[2001:db8::]:8084",
		"SUPER_IPV6_PORT_8084_UDP_PROTO": "udp",
		"SUPER_IPV6_PORT_8084_UDP_PORT":  "8084",
		"SUPER_IPV6_PORT_8084_UDP_ADDR":  "2001:db8::",
		"SUPER_IPV6_PORT_8084_TCP":       "tcp://[2001:db8::]:8084",
		"SUPER_IPV6_PORT_8084_TCP_PROTO": "tcp",
		"SUPER_IPV6_PORT_8084_TCP_PORT":  "8084",
		"SUPER_IPV6_PORT_8084_TCP_ADDR":  "2001:db8::",

		"SCTP_1_SERVICE_HOST":         "1.2.3.4",
		"SCTP_1_SERVICE_PORT":         "7777",
		"SCTP_1_SERVICE_PORT_SCTP_1":  "7777",
		"SCTP_1_SERVICE_PORT_SCTP_2":  "7777",
		"SCTP_1_PORT":                 "sctp://1.2.3.4:7777",
		"SCTP_1_PORT_7777_SCTP":       "sctp://1.2.3.4:7777",
		"SCTP_1_PORT_7777_SCTP_PROTO": "sctp",
		"SCTP_1_PORT_7777_SCTP_PORT":  "7777",
		"SCTP_1_PORT_7777_SCTP_ADDR":  "1.2.3.4",
		"SCTP_1_PORT_7777_TCP":        "tcp://1.2.3.4:7777",
		"SCTP_1_PORT_7777_TCP_PROTO":  "tcp",
		"SCTP_1_PORT_7777_TCP_PORT":   "7777",
		"SCTP_1_PORT_7777_TCP_ADDR":   "1.2.3.4",
	}
	got := EnvVars(svcs)
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			t.Errorf("%s = %q, want %q", k, got[k], want[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected %s=%s", k, got[k])
		}
	}
	if n := len(EnvVars(svcs[:1])); n != 7 {
		t.Errorf("foo-bar gives %d variables, want 7", n)
	}
}

// refEnvVars is the slow reference: kubernetes
// pkg/kubelet/envvars/envvars.go (FromServices, makeLinkVariables)
// transcribed with fmt and net.JoinHostPort.
func refEnvVars(svcs []Service) map[string]string {
	env := map[string]string{}
	up := func(s string) string { return strings.ToUpper(strings.ReplaceAll(s, "-", "_")) }
	for _, s := range svcs {
		if !s.ClusterIP.IsValid() || s.Headless || len(s.Ports) == 0 {
			continue
		}
		pre, host := up(s.Name), s.ClusterIP.String()
		url := func(p Port) string {
			proto := strings.ToLower(string(pod.EffectiveProtocol(p.Protocol)))
			return proto + "://" + net.JoinHostPort(host, strconv.Itoa(int(p.Port)))
		}
		env[pre+"_SERVICE_HOST"] = host
		env[pre+"_SERVICE_PORT"] = fmt.Sprint(s.Ports[0].Port)
		for _, p := range s.Ports {
			if p.Name != "" {
				env[pre+"_SERVICE_PORT_"+up(p.Name)] = fmt.Sprint(p.Port)
			}
		}
		env[pre+"_PORT"] = url(s.Ports[0])
		for _, p := range s.Ports {
			proto := string(pod.EffectiveProtocol(p.Protocol))
			k := fmt.Sprintf("%s_PORT_%d_%s", pre, p.Port, proto)
			env[k] = url(p)
			env[k+"_PROTO"] = strings.ToLower(proto)
			env[k+"_PORT"] = fmt.Sprint(p.Port)
			env[k+"_ADDR"] = host
		}
	}
	return env
}

func genService(t *rapid.T, i int) Service {
	s := Service{Name: rapid.SampledFrom([]string{"a", "web", "redis-primary", "x-1"}).Draw(t, "name") + strconv.Itoa(i)}
	switch rapid.IntRange(0, 3).Draw(t, "ipkind") {
	case 0:
		s.ClusterIP = netip.AddrFrom4([4]byte{10, 96, 0, byte(i)})
	case 1:
		s.ClusterIP = netip.AddrFrom16([16]byte{0xfd, 0, 15: byte(i)})
	case 2:
		s.Headless = true
	}
	n := rapid.IntRange(0, 4).Draw(t, "nports")
	for j := range n {
		s.Ports = append(s.Ports, Port{
			Name:     rapid.SampledFrom([]string{"", "http", "dns-tcp", "8083"}).Draw(t, "pname") + strconv.Itoa(j),
			Port:     rapid.Int32Range(1, 65535).Draw(t, "port"),
			Protocol: rapid.SampledFrom([]pod.Protocol{"", pod.TCP, pod.UDP, pod.SCTP}).Draw(t, "proto"),
		})
	}
	return s
}

func TestEnvVarsAgainstReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 5).Draw(t, "n")
		svcs := make([]Service, n)
		for i := range svcs {
			svcs[i] = genService(t, i)
		}
		if got, want := EnvVars(svcs), refEnvVars(svcs); !maps.Equal(got, want) {
			t.Fatalf("EnvVars differs from the reference:\n got %v\nwant %v", got, want)
		}
	})
}

// EnvVarsOf reads the Services through their pointers and gives what
// EnvVars gives for the same Services; a nil entry gives nothing.
func TestEnvVarsOf(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 5).Draw(t, "n")
		svcs := make([]Service, n)
		var ptrs []*Service
		for i := range svcs {
			svcs[i] = genService(t, i)
			ptrs = append(ptrs, &svcs[i])
			if rapid.Bool().Draw(t, "nil") {
				ptrs = append(ptrs, nil)
			}
		}
		if got, want := EnvVarsOf(ptrs), EnvVars(svcs); !maps.Equal(got, want) {
			t.Fatalf("EnvVarsOf differs from EnvVars:\n got %v\nwant %v", got, want)
		}
	})
}

// Within one Service the variables of each kind are added in the port
// order, as the kubelet adds them: of two ports with one name (which
// validation refuses, EnvVars does not check) the later one's number wins,
// and duplicate port numbers give their variables once.
func TestEnvVarsPortOrder(t *testing.T) {
	s := Service{Name: "web", ClusterIP: ip("10.0.0.1"), Ports: []Port{
		{Name: "http", Port: 80}, {Name: "http", Port: 8080}, {Name: "alt", Port: 80}}}
	got, want := EnvVars([]Service{s}), refEnvVars([]Service{s})
	if !maps.Equal(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	if got["WEB_SERVICE_PORT_HTTP"] != "8080" || got["WEB_SERVICE_PORT"] != "80" {
		t.Errorf("WEB_SERVICE_PORT_HTTP = %q, WEB_SERVICE_PORT = %q, want 8080 and 80",
			got["WEB_SERVICE_PORT_HTTP"], got["WEB_SERVICE_PORT"])
	}
}

func TestServicesForPod(t *testing.T) {
	kube := Service{Namespace: "default", Name: "kubernetes", ClusterIP: ip("10.96.0.1"), Ports: []Port{{Name: "https", Port: 443}}}
	localKube := Service{Namespace: "prod", Name: "kubernetes", ClusterIP: ip("10.96.0.50"), Ports: []Port{{Port: 443}}}
	web := Service{Namespace: "prod", Name: "web", ClusterIP: ip("10.96.0.2"), Ports: []Port{{Port: 80}}}
	headless := Service{Namespace: "prod", Name: "db", Headless: true, Ports: []Port{{Port: 5432}}}
	ext := Service{Namespace: "prod", Name: "ext", Type: ExternalName, ExternalName: "example.com"}
	other := Service{Namespace: "other", Name: "api", ClusterIP: ip("10.96.0.3"), Ports: []Port{{Port: 80}}}
	defWeb := Service{Name: "dweb", ClusterIP: ip("10.96.0.4"), Ports: []Port{{Port: 80}}}
	all := []Service{kube, web, headless, ext, other, defWeb}
	keys := func(ss []Service) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Key())
		}
		return out
	}
	tests := []struct {
		ns    string
		all   []Service
		links bool
		want  []string
	}{
		{"prod", all, true, []string{"default/kubernetes", "prod/web"}},
		{"prod", all, false, []string{"default/kubernetes"}},
		{"default", all, true, []string{"default/dweb", "default/kubernetes"}},
		{"", all, false, []string{"default/kubernetes"}},
		{"other", all, true, []string{"other/api", "default/kubernetes"}},
		{"prod", []Service{kube, localKube}, true, []string{"prod/kubernetes"}},
		{"prod", []Service{localKube, kube}, true, []string{"prod/kubernetes"}},
		{"prod", []Service{localKube, kube}, false, []string{"default/kubernetes"}},
	}
	for _, tc := range tests {
		got := keys(ServicesForPod(tc.ns, tc.all, tc.links))
		if !slices.Equal(got, tc.want) {
			t.Errorf("ServicesForPod(%q, links=%v) = %v, want %v", tc.ns, tc.links, got, tc.want)
		}
	}
	env := EnvVars(ServicesForPod("prod", []Service{kube, localKube}, true))
	if env["KUBERNETES_SERVICE_HOST"] != "10.96.0.50" {
		t.Errorf("local kubernetes service must win, got %v", env["KUBERNETES_SERVICE_HOST"])
	}
}

var envSink map[string]string

// naiveEnvVars is the baseline for BenchmarkEnvVars: the reference.
func BenchmarkEnvVars(b *testing.B) {
	var svcs []Service
	for i := range 20 {
		svcs = append(svcs, Service{Name: "svc-" + strconv.Itoa(i), ClusterIP: netip.AddrFrom4([4]byte{10, 96, 0, byte(i)}),
			Ports: []Port{{Name: "http", Port: 80}, {Name: "metrics", Port: 9090, Protocol: pod.TCP}}})
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			envSink = EnvVars(svcs)
		}
	})
	b.Run("naive-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			envSink = refEnvVars(svcs)
		}
	})
}

// EnvVars writes every key and value into one buffer, and the map's
// strings share it: a call allocates the buffer and the map (16 variables
// for these two Services), nothing per variable.
func TestEnvVarsAllocs(t *testing.T) {
	svcs := []Service{
		{Name: "kubernetes", ClusterIP: ip("10.96.0.1"), Ports: []Port{{Name: "https", Port: 443}}},
		{Name: "web", ClusterIP: ip("10.96.0.10"), Ports: []Port{{Name: "http", Port: 80}}},
	}
	var sink map[string]string
	mapAllocs := testing.AllocsPerRun(10, func() { sink = make(map[string]string, 16) })
	if n := testing.AllocsPerRun(10, func() { sink = EnvVars(svcs) }); n > mapAllocs+1 {
		t.Errorf("EnvVars: %v allocations, want at most %v (the map's and the buffer)", n, mapAllocs+1)
	}
	if len(sink) != 16 {
		t.Errorf("EnvVars: %d variables, want 16", len(sink))
	}
}

// envLen is the exact size of what the builder writes for a Service, so
// EnvVars' buffer is allocated once at its size (IPv4 and bracketed IPv6
// hosts, named and unnamed ports, every protocol).
func TestEnvLen(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genService(t, rapid.IntRange(0, 300).Draw(t, "i"))
		if !hasEnv(&s) {
			t.Skip("no variables")
		}
		b := envBuilder{env: map[string]string{}}
		b.service(&s)
		if got, want := envLen(&s), b.buf.Len(); got != want {
			t.Fatalf("envLen(%+v) = %d, the builder wrote %d bytes", s, got, want)
		}
	})
}

// ipLen is the length of the address's text: IPv4 at every digit count,
// IPv6 and IPv4-mapped IPv6 (written as IPv6).
func TestIPLen(t *testing.T) {
	for _, a := range []string{"0.0.0.0", "1.2.3.4", "10.96.0.1", "99.100.9.255", "255.255.255.255",
		"::", "2001:db8::1", "::ffff:10.0.0.1", "fd00::ffff:ffff"} {
		addr := netip.MustParseAddr(a)
		if got, want := ipLen(addr), len(addr.String()); got != want {
			t.Errorf("ipLen(%s) = %d, want %d", a, got, want)
		}
	}
}

// portLen counts the digits (and sign) strconv writes, at every boundary.
func TestPortLen(t *testing.T) {
	for _, p := range []int32{0, 1, 9, 10, 99, 100, 65535, 99999, 100000, math.MaxInt32, -1, -9, -10, math.MinInt32} {
		if got, want := portLen(p), len(strconv.Itoa(int(p))); got != want {
			t.Errorf("portLen(%d) = %d, want %d", p, got, want)
		}
	}
}
