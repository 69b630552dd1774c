package ipam

import (
	"net/netip"
	"testing"
)

func TestLowestFree(t *testing.T) {
	a, err := New(netip.MustParsePrefix("203.0.113.0/30"), Sequential())
	if err != nil {
		t.Fatal(err)
	}
	want := func(s string) {
		t.Helper()
		got := a.LowestFree()
		if (s == "" && got.IsValid()) || (s != "" && got != netip.MustParseAddr(s)) {
			t.Fatalf("LowestFree = %v, want %q", got, s)
		}
	}
	want("203.0.113.1")
	if err := a.AllocateAddr(netip.MustParseAddr("203.0.113.1")); err != nil {
		t.Fatal(err)
	}
	want("203.0.113.2")
	if err := a.AllocateAddr(netip.MustParseAddr("203.0.113.2")); err != nil {
		t.Fatal(err)
	}
	want("")
	_ = a.Release(netip.MustParseAddr("203.0.113.1"))
	want("203.0.113.1")
	if a.Used() != 1 {
		t.Fatalf("LowestFree allocated: used %d", a.Used())
	}
}
