package endpoints

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/pod"
)

// TestValidateSlice: the cases of upstream TestValidateEndpointSlice
// (kubernetes pkg/apis/discovery/validation/validation_test.go) that
// svcsim's fields can express, with the field paths and messages of
// ValidateEndpointSlice.
func TestValidateSlice(t *testing.T) {
	ip := netip.MustParseAddr
	good := func() Slice {
		return Slice{Namespace: "ns", Name: "hello", Service: "svc", AddressType: IPv4,
			Labels: map[string]string{LabelServiceName: "svc"},
			Ports:  []EndpointPort{{Name: "http", Port: 80, Protocol: pod.TCP}},
			Endpoints: []Endpoint{{Addresses: []netip.Addr{ip("10.1.2.3")}, Conditions: Conditions{Ready: true},
				Hostname: "valid-123", NodeName: "node-1"}}}
	}
	const obj = "endpointslice ns/hello: "
	tests := []struct {
		name   string
		mutate func(*Slice)
		want   string
	}{
		{"good-slice", func(*Slice) {}, ""},
		{"empty-ports", func(s *Slice) { s.Ports = nil }, ""},
		{"empty-endpoints", func(s *Slice) { s.Endpoints = nil }, ""},
		{"ipv6-address", func(s *Slice) { s.AddressType = IPv6; s.Endpoints[0].Addresses = []netip.Addr{ip("fd00::1")} }, ""},
		{"valid-hints", func(s *Slice) {
			s.Endpoints[0].Hints = &Hints{ForZones: []string{"zone-a"}, ForNodes: []string{"node-1"}}
		}, ""},
		{"max-endpoints", func(s *Slice) {
			s.Endpoints = make([]Endpoint, maxSliceEndpoints)
			for i := range s.Endpoints {
				s.Endpoints[i] = Endpoint{Addresses: []netip.Addr{ip("10.1.2.3")}}
			}
		}, ""},
		{"bad-name", func(s *Slice) { s.Name = "Hello" }, "endpointslice ns/Hello: metadata.name: Invalid value: \"Hello\": "},
		{"empty-addressType", func(s *Slice) { s.AddressType = "" }, obj + "addressType: Required value"},
		{"unsupported-addressType", func(s *Slice) { s.AddressType = "IP" },
			obj + `addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"`},
		{"too-many-endpoints", func(s *Slice) {
			s.Endpoints = make([]Endpoint, maxSliceEndpoints+1)
		}, obj + "endpoints: Too many: 1001: must have at most 1000 items"},
		{"empty-addresses", func(s *Slice) { s.Endpoints[0].Addresses = nil },
			obj + "endpoints[0].addresses: Required value: must contain at least 1 address"},
		{"too-many-addresses", func(s *Slice) {
			s.Endpoints[0].Addresses = make([]netip.Addr, maxSliceAddresses+1)
			for i := range s.Endpoints[0].Addresses {
				s.Endpoints[0].Addresses[i] = ip("10.1.2.3")
			}
		}, obj + "endpoints[0].addresses: Too many: 101: must have at most 100 items"},
		{"bad-ipv4", func(s *Slice) { s.Endpoints[0].Addresses = []netip.Addr{ip("fd00::1")} },
			obj + `endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address`},
		{"bad-ipv6", func(s *Slice) { s.AddressType = IPv6 },
			obj + `endpoints[0].addresses[0]: Invalid value: "10.1.2.3": must be a valid IPv6 address`},
		{"special-ip", func(s *Slice) { s.Endpoints[0].Addresses = []netip.Addr{ip("127.0.0.1")} },
			obj + `endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`},
		{"bad-hostname", func(s *Slice) { s.Endpoints[0].Hostname = "--INVALID" },
			obj + `endpoints[0].hostname: Invalid value: "--INVALID": `},
		{"bad-nodeName", func(s *Slice) { s.Endpoints[0].NodeName = "INVALID foo" },
			obj + `endpoints[0].nodeName: Invalid value: "INVALID foo": `},
		{"duplicate-port-name", func(s *Slice) { s.Ports = append(s.Ports, EndpointPort{Name: "http", Port: 81, Protocol: pod.TCP}) },
			obj + `ports[1].name: Duplicate value: "http"`},
		{"bad-port-name", func(s *Slice) { s.Ports[0].Name = "Bad_Name" }, obj + `ports[0].name: Invalid value: "Bad_Name": `},
		{"bad-protocol", func(s *Slice) { s.Ports[0].Protocol = "foo" },
			obj + `ports[0].protocol: Unsupported value: "foo": supported values: "SCTP", "TCP", "UDP"`},
		{"bad-appProtocol", func(s *Slice) { s.Ports[0].AppProtocol = "--" }, obj + `ports[0].appProtocol: Invalid value: "--": `},
		{"too-many-ports", func(s *Slice) { s.Ports = make([]EndpointPort, maxSlicePorts+1) },
			obj + "ports: Too many: 20001: must have at most 20000 items"},
		{"too-many-zone-hints", func(s *Slice) {
			s.Endpoints[0].Hints = &Hints{ForZones: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}}
		}, obj + "endpoints[0].hints.forZones: Too many: 9: must have at most 8 items"},
		{"duplicate-zone-hint", func(s *Slice) { s.Endpoints[0].Hints = &Hints{ForZones: []string{"a", "a"}} },
			obj + `endpoints[0].hints.forZones[1].name: Duplicate value: "a"`},
		{"bad-zone-hint", func(s *Slice) { s.Endpoints[0].Hints = &Hints{ForZones: []string{"a b"}} },
			obj + `endpoints[0].hints.forZones[0].name: Invalid value: "a b": `},
		{"bad-node-hint", func(s *Slice) { s.Endpoints[0].Hints = &Hints{ForNodes: []string{"Node_1"}} },
			obj + `endpoints[0].hints.forNodes[0].name: Invalid value: "Node_1": `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sl := good()
			tt.mutate(&sl)
			err := ValidateSlice(sl)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error %v, want one wrapping ErrInvalid starting %q", err, tt.want)
			}
		})
	}
}
