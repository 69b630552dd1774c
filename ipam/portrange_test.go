package ipam

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParsePortRange(t *testing.T) {
	tests := []struct {
		in   string
		want PortRange
		err  string // substring of the error; "" for success
	}{
		{"30000-32767", PortRange{30000, 2768}, ""},
		{" 30000-32767 ", PortRange{30000, 2768}, ""},
		{"80", PortRange{80, 1}, ""},
		{"0", PortRange{0, 1}, ""},
		{"30000+2767", PortRange{30000, 2768}, ""},
		{"1-65535", PortRange{1, 65535}, ""},
		{"100-100", PortRange{100, 1}, ""},
		{"65535+0", PortRange{65535, 1}, ""},
		{"", PortRange{}, "empty"},
		{"   ", PortRange{}, "empty"},
		{"30000-", PortRange{}, "unable to parse"},
		{"-5", PortRange{}, "unable to parse"},
		{"+5", PortRange{}, "unable to parse"},
		{"10-5", PortRange{}, "end port cannot be less than start port"},
		{"1-65536", PortRange{}, "cannot be greater than 65535"},
		{"65535+1", PortRange{}, "cannot be greater than 65535"},
		{"70000", PortRange{}, "cannot be greater than 65535"},
		{"99999999999999999999", PortRange{}, "cannot be greater than 65535"},
		{"1-2-3", PortRange{}, "unable to parse"},
		{"1+2-3", PortRange{}, "unable to parse"},
		{"a-b", PortRange{}, "unable to parse"},
		{"1 - 2", PortRange{}, "unable to parse"},
		{"10--5", PortRange{}, "unable to parse"},
	}
	for _, tt := range tests {
		got, err := ParsePortRange(tt.in)
		if tt.err == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParsePortRange(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			continue
		}
		var pe *PortRangeError
		if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrInvalidRange) || !errors.As(err, &pe) || pe.Input != tt.in {
			t.Errorf("ParsePortRange(%q) = %v, %v; want an error containing %q", tt.in, got, err, tt.err)
		}
	}
}

func TestPortRangeMethods(t *testing.T) {
	r := PortRange{30000, 2768}
	if r.String() != "30000-32767" || r.Last() != 32767 || !r.Contains(30000) || !r.Contains(32767) || r.Contains(32768) || r.Contains(29999) {
		t.Fatalf("PortRange methods wrong for %#v", r)
	}
	if (PortRange{}).String() != "" || (PortRange{}).Contains(0) {
		t.Fatal("the zero PortRange must be empty")
	}
}

// FuzzParsePortRange checks that ParsePortRange never panics, that every
// accepted range is within 0..65535 and non-empty, that String round-trips,
// and that the forms agree with a strconv-based reading of the input.
func FuzzParsePortRange(f *testing.F) {
	for _, s := range []string{"30000-32767", "80", "30000+2767", "", "1-2-3", "65535+1", " 7 ", "-1", "1+-1", "00080-00081"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParsePortRange(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRange) {
				t.Fatalf("ParsePortRange(%q) error %v does not wrap ErrInvalidRange", s, err)
			}
			return
		}
		if r.Base < 0 || r.Size < 1 || r.Last() > 65535 {
			t.Fatalf("ParsePortRange(%q) = %#v: out of bounds", s, r)
		}
		back, err := ParsePortRange(r.String())
		if err != nil || back != r {
			t.Fatalf("ParsePortRange(%q) = %v; String %q parses to %v, %v", s, r, r.String(), back, err)
		}
		v := strings.TrimSpace(s)
		lo, hi := v, v
		if a, b, ok := strings.Cut(v, "-"); ok {
			lo, hi = a, b
		} else if a, b, ok := strings.Cut(v, "+"); ok {
			lo = a
			x, err1 := strconv.Atoi(a)
			y, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || x+y != r.Last() {
				t.Fatalf("ParsePortRange(%q) = %v disagrees with strconv", s, r)
			}
			hi = strconv.Itoa(x + y)
		}
		x, err1 := strconv.Atoi(lo)
		y, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil || x != r.Base || y != r.Last() {
			t.Fatalf("ParsePortRange(%q) = %v disagrees with strconv (%v, %v)", s, r, err1, err2)
		}
	})
}
