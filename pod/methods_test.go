package pod

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/google/uuid"
	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/selector"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		p    Pod
		want string
	}{
		{Pod{Phase: Pending}, "Pending"},
		{Pod{}, "Pending"},
		{Pod{Phase: Pending, NodeName: "node-1"}, "ContainerCreating"},
		{Pod{Phase: Running, NodeName: "node-1"}, "Running"},
		{Pod{Phase: Running, Terminating: true}, "Terminating"},
		{Pod{Phase: Succeeded}, "Completed"},
		{Pod{Phase: Failed}, "Error"},
		{Pod{Phase: Unknown, Terminating: true}, "Unknown"},
	}
	for _, tc := range tests {
		if got := tc.p.Status(); got != tc.want {
			t.Errorf("%+v: Status() = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestStringAndKey(t *testing.T) {
	p := Pod{Name: "web-1", NodeName: "node-1", IP: netip.MustParseAddr("10.244.1.5"), Phase: Running, Ready: true}
	if got, want := p.String(), "default/web-1 1/1 Running 10.244.1.5 node-1"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	q := Pod{Namespace: "prod", Name: "db-0"}
	if got, want := q.String(), "prod/db-0 0/1 Pending <none> <none>"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestClone(t *testing.T) {
	p := validPod()
	p.Env = map[string]string{"A": "1"}
	c := p.Clone()
	c.Labels["app"] = "x"
	c.Ports[0].Port = 1
	c.Env["A"] = "2"
	if p.Labels["app"] != "web" || p.Ports[0].Port != 8080 || p.Env["A"] != "1" {
		t.Errorf("Clone shares state: %+v", p)
	}
	if (Pod{}).Clone().Labels != nil {
		t.Error("nil labels must stay nil")
	}
}

func TestFindPort(t *testing.T) {
	ports := []ContainerPort{{Name: "dns", Port: 53, Protocol: UDP}, {Name: "dns", Port: 5353}, {Name: "http", Port: 80}}
	tests := []struct {
		name  string
		proto Protocol
		want  int32
		ok    bool
	}{
		{"dns", UDP, 53, true}, {"dns", TCP, 5353, true}, {"dns", "", 5353, true},
		{"http", TCP, 80, true}, {"http", UDP, 0, false}, {"nope", TCP, 0, false},
	}
	for _, tc := range tests {
		got, ok := FindPort(ports, tc.name, tc.proto)
		if got != tc.want || ok != tc.ok {
			t.Errorf("FindPort(%q, %q) = %d, %v; want %d, %v", tc.name, tc.proto, got, ok, tc.want, tc.ok)
		}
	}
	if n := testing.AllocsPerRun(100, func() { FindPort(ports, "http", TCP) }); n != 0 {
		t.Errorf("FindPort allocates %v times", n)
	}
}

func TestNewUID(t *testing.T) {
	a := NewUID(rand.New(rand.NewPCG(1, 2)))
	b := NewUID(rand.New(rand.NewPCG(1, 2)))
	c := NewUID(rand.New(rand.NewPCG(1, 3)))
	if a != b {
		t.Error("same seed, different UIDs")
	}
	if a == c {
		t.Error("different seeds, same UID")
	}
	rapid.Check(t, func(t *rapid.T) {
		r := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "s1"), rapid.Uint64().Draw(t, "s2")))
		u := NewUID(r)
		if u.Version() != 4 || u.Variant() != uuid.RFC4122 {
			t.Fatalf("%s: version %d variant %v", u, u.Version(), u.Variant())
		}
		if back, err := uuid.Parse(u.String()); err != nil || back != u {
			t.Fatalf("round trip of %s: %v", u, err)
		}
	})
}

func TestValidateRapid(t *testing.T) {
	// Validate never panics, and accepts exactly the pods whose parts the
	// individual validators accept.
	rapid.Check(t, func(t *rapid.T) {
		name := rapid.StringMatching(`[a-z0-9.\-_A]{0,12}`).Draw(t, "name")
		pn := rapid.StringMatching(`[a-z0-9\-]{0,6}`).Draw(t, "port")
		num := rapid.Int32Range(-2, 70000).Draw(t, "num")
		p := Pod{Name: name, Labels: selector.Set{}, Ports: []ContainerPort{{Name: pn, Port: num}}}
		want := len(validation.IsDNS1123Subdomain(name)) == 0 && validation.IsValidPortNum(num) && (pn == "" || len(validation.IsValidPortName(pn)) == 0)
		if got := p.Validate() == nil; got != want {
			t.Fatalf("Validate(%+v) ok=%v want %v: %v", p, got, want, p.Validate())
		}
	})
}
