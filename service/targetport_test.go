package service

import (
	"testing"

	"github.com/svcsim/svcsim/pod"
)

func TestTargetPortMethods(t *testing.T) {
	tests := []struct {
		tp    TargetPort
		zero  bool
		named bool
		num   int32
		name  string
		str   string
	}{
		{TargetPort{}, true, false, 0, "", "0"},
		{TargetPortNumber(8080), false, false, 8080, "", "8080"},
		{TargetPortName("http"), false, true, 0, "http", "http"},
	}
	for _, tc := range tests {
		if tc.tp.IsZero() != tc.zero || tc.tp.IsNamed() != tc.named || tc.tp.Number() != tc.num ||
			tc.tp.Name() != tc.name || tc.tp.String() != tc.str {
			t.Errorf("%#v: got %v %v %d %q %q", tc.tp, tc.tp.IsZero(), tc.tp.IsNamed(), tc.tp.Number(), tc.tp.Name(), tc.tp.String())
		}
	}
}

func TestResolveTargetPort(t *testing.T) {
	cps := []pod.ContainerPort{{Name: "dns", Port: 53, Protocol: pod.UDP}, {Name: "dns", Port: 5353}, {Name: "http", Port: 8080}}
	tests := []struct {
		p    Port
		want int32
		ok   bool
	}{
		{Port{Port: 80}, 80, true},                                       // zero: same as port
		{Port{Port: 80, TargetPort: TargetPortNumber(9999)}, 9999, true}, // number: as is, unchecked
		{Port{Port: 80, TargetPort: TargetPortName("http")}, 8080, true}, // name, TCP by default
		{Port{Port: 53, Protocol: pod.UDP, TargetPort: TargetPortName("dns")}, 53, true},
		{Port{Port: 53, TargetPort: TargetPortName("dns")}, 5353, true}, // same name, protocol decides
		{Port{Port: 80, Protocol: pod.UDP, TargetPort: TargetPortName("http")}, 0, false},
		{Port{Port: 80, TargetPort: TargetPortName("nope")}, 0, false},
	}
	for _, tc := range tests {
		got, ok := tc.p.ResolveTargetPort(cps)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%+v: got %d, %v; want %d, %v", tc.p, got, ok, tc.want, tc.ok)
		}
	}
	p := Port{Port: 80, TargetPort: TargetPortName("http")}
	if n := testing.AllocsPerRun(100, func() { p.ResolveTargetPort(cps) }); n != 0 {
		t.Errorf("ResolveTargetPort allocates %v times", n)
	}
}

func TestPortByName(t *testing.T) {
	s := webService()
	if p, ok := s.PortByName("metrics"); !ok || p.Port != 9090 {
		t.Errorf("PortByName(metrics) = %v, %v", p, ok)
	}
	if _, ok := s.PortByName("x"); ok {
		t.Error("PortByName(x) found")
	}
}

var portSink int32

// naiveResolve is the baseline: index the container ports in a map first, as
// a straightforward implementation might.
func naiveResolve(p Port, cps []pod.ContainerPort) (int32, bool) {
	if !p.TargetPort.IsNamed() {
		if p.TargetPort.IsZero() {
			return p.Port, true
		}
		return p.TargetPort.Number(), true
	}
	type key struct {
		name  string
		proto pod.Protocol
	}
	m := map[key]int32{}
	for i := len(cps) - 1; i >= 0; i-- {
		m[key{cps[i].Name, pod.EffectiveProtocol(cps[i].Protocol)}] = cps[i].Port
	}
	n, ok := m[key{p.TargetPort.Name(), pod.EffectiveProtocol(p.Protocol)}]
	return n, ok
}

func BenchmarkResolveTargetPort(b *testing.B) {
	cps := []pod.ContainerPort{{Name: "metrics", Port: 9090}, {Name: "dns", Port: 53, Protocol: pod.UDP}, {Name: "http", Port: 8080}}
	p := Port{Port: 80, TargetPort: TargetPortName("http")}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			portSink, _ = p.ResolveTargetPort(cps)
		}
	})
	b.Run("naive-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			portSink, _ = naiveResolve(p, cps)
		}
	})
}
