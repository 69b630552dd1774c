package endpoints

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/svcsim/svcsim/pod"
)

// TestValidateEndpoints: the cases of upstream TestValidateEndpointsCreate
// (kubernetes pkg/apis/core/validation/validation_test.go) that svcsim's
// fields can express, and more, with the exact errors ValidateEndpoints,
// validateEndpointSubsets, validateEndpointAddress, ValidateEndpointIP and
// validateEndpointPort give (kubernetes v1.35
// pkg/apis/core/validation/validation.go).
func TestValidateEndpoints(t *testing.T) {
	const (
		subdomainMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
			"and must start and end with an alphanumeric character (e.g. 'example.com', " +
			"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
		labelMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
			"and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', " +
			"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
		noIP = `: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), `
	)
	ip := func(s string) netip.Addr { return netip.MustParseAddr(s) }
	addrs := func(ips ...string) []Address {
		out := make([]Address, len(ips))
		for i, s := range ips {
			out[i] = Address{IP: ip(s)}
		}
		return out
	}
	tcp := func(name string, port int32) EndpointPort {
		return EndpointPort{Name: name, Port: port, Protocol: pod.TCP}
	}
	one := func(ss Subset) Endpoints {
		return Endpoints{Namespace: "namespace", Name: "mysvc", Subsets: []Subset{ss}}
	}
	p93 := []EndpointPort{tcp("a", 93)}
	tests := []struct {
		name string
		ep   Endpoints
		want string // "" valid; else the whole error
	}{
		// upstream successCases and legacyValidationCases
		{"simple endpoint", Endpoints{Namespace: "namespace", Name: "mysvc", Subsets: []Subset{
			{Addresses: addrs("10.10.1.1", "10.10.2.2"), Ports: []EndpointPort{tcp("a", 8675), tcp("b", 309)}},
			{Addresses: addrs("10.10.3.3"), Ports: []EndpointPort{tcp("a", 93), tcp("b", 76)}},
		}}, ""},
		{"empty subsets", Endpoints{Namespace: "namespace", Name: "mysvc"}, ""},
		{"no name required for singleton port", one(Subset{Addresses: addrs("10.10.1.1"), Ports: []EndpointPort{tcp("", 8675)}}), ""},
		{"empty ports", one(Subset{Addresses: addrs("10.10.3.3")}), ""},
		{"IPv4-mapped IPv6 with legacy validation", one(Subset{Addresses: addrs("::ffff:10.10.3.3"), Ports: p93}), ""},
		// more valid objects
		{"empty namespace is default", Endpoints{Name: "mysvc", Subsets: []Subset{{Addresses: addrs("10.0.0.1")}}}, ""},
		{"only not-ready addresses", one(Subset{NotReadyAddresses: addrs("fd00::1"), Ports: p93}), ""},
		{"duplicate port names are not rejected", one(Subset{Addresses: addrs("10.0.0.1"), Ports: []EndpointPort{tcp("a", 80), tcp("a", 81)}}), ""},
		{"empty protocol is defaulted to TCP", one(Subset{Addresses: addrs("10.0.0.1"), Ports: []EndpointPort{{Name: "a", Port: 80}}}), ""},
		{"node name", one(Subset{Addresses: []Address{{IP: ip("10.0.0.1"), NodeName: "node-1.example"}}}), ""},
		{"valid appProtocol", one(Subset{Addresses: addrs("10.10.1.1"), Ports: []EndpointPort{{Name: "a", Port: 93, Protocol: pod.TCP, AppProtocol: "HTTP"}}}), ""},
		// upstream errorCases
		{"missing name", Endpoints{Namespace: "namespace"},
			"endpoints namespace/: metadata.name: Required value: name or generateName is required"},
		{"invalid namespace", Endpoints{Name: "mysvc", Namespace: `no@#invalid.;chars"allowed`},
			`endpoints no@#invalid.;chars"allowed/mysvc: metadata.namespace: Invalid value: "no@#invalid.;chars\"allowed": ` + labelMsg},
		{"invalid name", Endpoints{Name: "-_Invliad^&Characters", Namespace: "namespace"},
			`endpoints namespace/-_Invliad^&Characters: metadata.name: Invalid value: "-_Invliad^&Characters": ` + subdomainMsg},
		{"empty addresses", one(Subset{Ports: p93}),
			"endpoints namespace/mysvc: subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"},
		{"Multiple ports, one without name", one(Subset{Addresses: addrs("10.10.1.1"), Ports: []EndpointPort{tcp("", 8675), tcp("b", 309)}}),
			"endpoints namespace/mysvc: subsets[0].ports[0].name: Required value"},
		{"Invalid port number", one(Subset{Addresses: addrs("10.10.1.1"), Ports: []EndpointPort{tcp("a", 66000)}}),
			"endpoints namespace/mysvc: subsets[0].ports[0].port: Invalid value: 66000: must be between 1 and 65535, inclusive"},
		{"Invalid AppProtocol", one(Subset{Addresses: addrs("10.10.1.1"), Ports: []EndpointPort{{Name: "a", Port: 93, Protocol: pod.TCP, AppProtocol: "lots-of[invalid]-{chars}"}}}),
			`endpoints namespace/mysvc: subsets[0].ports[0].appProtocol: Invalid value: "lots-of[invalid]-{chars}": ` +
				pod.QualifiedNameReasons("lots-of[invalid]-{chars}")[0]}, // the qualified-name wording is package selector's
		{"Invalid protocol", one(Subset{Addresses: addrs("10.10.1.1"), Ports: []EndpointPort{{Name: "a", Port: 93, Protocol: "Protocol"}}}),
			`endpoints namespace/mysvc: subsets[0].ports[0].protocol: Unsupported value: "Protocol": supported values: "SCTP", "TCP", "UDP"`},
		{"Address missing IP", one(Subset{Addresses: []Address{{}}, Ports: p93}),
			`endpoints namespace/mysvc: [subsets[0].addresses[0].ip: Invalid value: ""` + noIP +
				`subsets[0].addresses[0].ip: Invalid value: "": must be a valid IP address]`},
		{"Port missing number", one(Subset{Addresses: addrs("10.10.1.1"), Ports: []EndpointPort{{Name: "a", Protocol: pod.TCP}}}),
			"endpoints namespace/mysvc: subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"},
		{"Address is loopback", one(Subset{Addresses: addrs("127.0.0.1"), Ports: p93}),
			`endpoints namespace/mysvc: subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`},
		{"Address is link-local", one(Subset{Addresses: addrs("169.254.169.254"), Ports: p93}),
			`endpoints namespace/mysvc: subsets[0].addresses[0].ip: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)`},
		{"Address is link-local multicast", one(Subset{Addresses: addrs("224.0.0.1"), Ports: p93}),
			`endpoints namespace/mysvc: subsets[0].addresses[0].ip: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)`},
		// more errors
		{"unspecified IPv4", one(Subset{Addresses: addrs("0.0.0.0")}),
			`endpoints namespace/mysvc: subsets[0].addresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)`},
		{"unspecified IPv6 names itself", one(Subset{Addresses: addrs("::")}),
			`endpoints namespace/mysvc: subsets[0].addresses[0].ip: Invalid value: "::": may not be unspecified (::)`},
		{"IPv4-mapped unspecified (net.IP.IsUnspecified)", one(Subset{Addresses: addrs("::ffff:0.0.0.0")}),
			`endpoints namespace/mysvc: subsets[0].addresses[0].ip: Invalid value: "::ffff:0.0.0.0": may not be unspecified (::ffff:0.0.0.0)`},
		{"IPv4-mapped loopback", one(Subset{Addresses: addrs("::ffff:127.0.0.1")}),
			`endpoints namespace/mysvc: subsets[0].addresses[0].ip: Invalid value: "::ffff:127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`},
		{"IPv6 zone is not an IP (ParseIPSloppy)", one(Subset{Addresses: addrs("fd00::1%eth0")}),
			`endpoints namespace/mysvc: [subsets[0].addresses[0].ip: Invalid value: "fd00::1%eth0"` + noIP +
				`subsets[0].addresses[0].ip: Invalid value: "fd00::1%eth0": must be a valid IP address]`},
		{"not-ready link-local IPv6", one(Subset{Addresses: addrs("10.0.0.1"), NotReadyAddresses: addrs("fe80::1")}),
			`endpoints namespace/mysvc: subsets[0].notReadyAddresses[0].ip: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)`},
		{"bad node name comes before the IP's range errors", one(Subset{Addresses: []Address{{IP: ip("127.0.0.1"), NodeName: "Node_1"}}}),
			`endpoints namespace/mysvc: [subsets[0].addresses[0].nodeName: Invalid value: "Node_1": ` + subdomainMsg +
				`, subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)]`},
		{"bad hostname comes after the legacy IP error, before the node name", one(Subset{Addresses: []Address{{NodeName: "Node_1", Hostname: "web.0"}}}),
			`endpoints namespace/mysvc: [subsets[0].addresses[0].ip: Invalid value: ""` + noIP +
				`subsets[0].addresses[0].hostname: Invalid value: "web.0": must not contain dots` +
				`, subsets[0].addresses[0].nodeName: Invalid value: "Node_1": ` + subdomainMsg +
				`, subsets[0].addresses[0].ip: Invalid value: "": must be a valid IP address]`},
		// upstream TestValidateEndpointsUpdate ("update to invalid app protocol")
		{"invalid appProtocol ~https", one(Subset{Addresses: addrs("10.1.2.3"), Ports: []EndpointPort{{Name: "a", Port: 8675, Protocol: pod.TCP, AppProtocol: "~https"}}}),
			`endpoints namespace/mysvc: subsets[0].ports[0].appProtocol: Invalid value: "~https": ` + pod.QualifiedNameReasons("~https")[0]},
		{"valid appProtocol https", one(Subset{Addresses: addrs("10.1.2.3"), Ports: []EndpointPort{{Name: "a", Port: 8675, Protocol: pod.TCP, AppProtocol: "https"}}}), ""},
		{"hostname", one(Subset{Addresses: []Address{{IP: ip("10.0.0.1"), Hostname: "web-0"}}}), ""},
		{"bad port name", one(Subset{Addresses: addrs("10.0.0.1"), Ports: []EndpointPort{tcp("Bad_Name", 80)}}),
			`endpoints namespace/mysvc: subsets[0].ports[0].name: Invalid value: "Bad_Name": ` + labelMsg},
		{"errors of every subset", Endpoints{Namespace: "namespace", Name: "mysvc", Subsets: []Subset{
			{Ports: p93}, {Addresses: addrs("127.0.0.1"), Ports: []EndpointPort{tcp("a", 0)}},
		}}, "endpoints namespace/mysvc: [subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`, " +
			`subsets[1].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128), ` +
			"subsets[1].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateEndpoints(tt.ep)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			if err.Error() != tt.want || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error\n%s\nwant one wrapping ErrInvalid:\n%s", err, tt.want)
			}
		})
	}
}
