package endpoints

import (
	"net/netip"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
)

// Mirroring into storage reused from one object to the next (as Check
// does) gives what a fresh Mirror gives, labels included (a slice named
// by its writer labelled as namedSliceLabels reads it), and Mirror's
// slices share no storage with the object mirrored.
func TestMirrorReusesStorage(t *testing.T) {
	ips := []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2"), netip.MustParseAddr("fd00::1")}
	port := rapid.Custom(func(t *rapid.T) EndpointPort {
		return EndpointPort{Name: rapid.SampledFrom([]string{"", "http"}).Draw(t, "name"),
			Port: int32(rapid.IntRange(80, 81).Draw(t, "port")), Protocol: rapid.SampledFrom([]pod.Protocol{"", pod.TCP, pod.UDP}).Draw(t, "proto")}
	})
	addr := rapid.Custom(func(t *rapid.T) Address {
		return Address{IP: rapid.SampledFrom(ips).Draw(t, "ip"), NodeName: rapid.SampledFrom([]string{"", "n1"}).Draw(t, "node"),
			Pod:      rapid.SampledFrom([]string{"", "default/a", "default/b"}).Draw(t, "pod"),
			Hostname: rapid.SampledFrom([]string{"", "h"}).Draw(t, "hostname")}
	})
	subset := rapid.Custom(func(t *rapid.T) Subset {
		return Subset{Ports: rapid.SliceOfN(port, 0, 2).Draw(t, "ports"), Addresses: rapid.SliceOfN(addr, 0, 3).Draw(t, "ready"),
			NotReadyAddresses: rapid.SliceOfN(addr, 0, 2).Draw(t, "notReady")}
	})
	rapid.Check(t, func(t *rapid.T) {
		var w mirrorScratch
		for range rapid.IntRange(1, 4).Draw(t, "objects") {
			ep := Endpoints{Namespace: rapid.SampledFrom([]string{"", "default", "other"}).Draw(t, "namespace"),
				Name:    rapid.SampledFrom([]string{"ext", "kubernetes"}).Draw(t, "name"),
				Subsets: rapid.SliceOfN(subset, 0, 3).Draw(t, "subsets"), SkipMirror: rapid.Bool().Draw(t, "skipMirror")}
			sliceName := rapid.SampledFrom([]string{"", "kubernetes"}).Draw(t, "sliceName")
			want := Mirror(ep, sliceName)
			if sliceName != "" && (len(want) != 1 || !namedSliceLabels(want[0].Labels, ep.Name)) {
				t.Fatalf("Mirror's slice named %s: %+v, not labelled as namedSliceLabels reads it (checkManual)", sliceName, want)
			}
			for _, s := range want {
				for _, e := range s.Endpoints {
					for _, ss := range ep.Subsets {
						if len(s.Ports) > 0 && len(ss.Ports) > 0 && &s.Ports[0] == &ss.Ports[0] {
							t.Fatalf("a mirrored slice shares its ports with the object")
						}
						for _, a := range slices.Concat(ss.Addresses, ss.NotReadyAddresses) {
							if &e.Addresses[0] == &a.IP {
								t.Fatalf("a mirrored endpoint shares its address with the object")
							}
						}
					}
				}
			}
			got := w.mirror(ep, sliceName)
			if !sameSlices(got, want) || !slices.EqualFunc(got, want, func(a, b Slice) bool { return compareLabels(a.Labels, b.Labels) == 0 }) {
				t.Fatalf("into reused storage:\n%+v\nfresh:\n%+v", got, want)
			}
		}
	})
}
