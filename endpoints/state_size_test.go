package endpoints

import (
	"net/netip"
	"testing"
	"unsafe"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// The controller's records fit their allocation size classes:
//   - a Service's state keeps only the Service fields its Endpoints and
//     slices depend on: with the 8-byte header the runtime puts before an
//     object of more than 512 bytes holding pointers, it stays within the
//     576-byte class;
//   - a namespace's state counts its Services and lingering records in
//     int32s side by side: 224 bytes, not 240;
//   - the Controller, with the runtime's 8-byte header, fits the 576-byte
//     class: it holds the first block of its phase table (phases0, the
//     three allocations of a table grown to Running), while the pod
//     records' side tables and the free lists, which most controllers
//     never fill, are in rareState behind a pointer made on first use;
//   - the allocations that hold a namespace's state and the Controller
//     with their first tables (nsBlock, controllerBlock) fit the 768- and
//     1,280-byte classes.
func TestRecordSizes(t *testing.T) {
	for _, tc := range []struct {
		name      string
		size, max uintptr
	}{
		{"svcState", unsafe.Sizeof(svcState{}), 576 - 8},
		{"nsState", unsafe.Sizeof(nsState{}), 224},
		{"Controller", unsafe.Sizeof(Controller{}), 576 - 8},
		{"nsBlock", unsafe.Sizeof(nsBlock{}), 768},
		{"controllerBlock", unsafe.Sizeof(controllerBlock{}), 1280},
	} {
		if tc.size > tc.max {
			t.Errorf("%s is %d bytes, want at most %d", tc.name, tc.size, tc.max)
		}
	}
}

// SetService keeps the caller's selector, ports and labels (the caller
// does not change them afterwards): a Service costs the controller no
// copy of them.
func TestSetServiceShares(t *testing.T) {
	c := NewController(Options{})
	svc := service.Service{Name: "web", Namespace: "default", Selector: selector.Set{"app": "web"},
		Labels: map[string]string{"tier": "front"}, Ports: []service.Port{{Name: "http", Port: 80}}}
	c.SetService(svc, nil)
	s := c.svcs.Value(keyOf("default", "web"))
	if mapPointer(s.svc.Selector) != mapPointer(svc.Selector) || mapPointer(s.svc.Labels) != mapPointer(svc.Labels) ||
		&s.svc.Ports[0] != &svc.Ports[0] {
		t.Error("SetService copied the selector, labels or ports")
	}
}

// A controller of IPv4 pods without hostnames, never deleting a Service
// or a port list, makes no rare state.
func TestRareStateOnFirstUse(t *testing.T) {
	c := NewController(Options{})
	svc := service.Service{Name: "web", Namespace: "default", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80}}}
	dirty := c.SetService(svc, nil)
	p := pod.Pod{Name: "web-1", Namespace: "default", Labels: map[string]string{"app": "web"},
		IP: netip.MustParseAddr("10.244.0.5"), NodeName: "node-1", Phase: pod.Running, Ready: true}
	dirty = c.SetPod(p, dirty)
	syncAll(c, dirty)
	if err := c.Check([]service.Service{svc}, []pod.Pod{p}); err != nil {
		t.Fatal(err)
	}
	if c.rare != nil {
		t.Fatalf("rare state %+v", *c.rare)
	}
	p.IP = netip.MustParseAddr("fd00::5")
	c.SetPod(p, nil)
	if c.rare == nil || len(c.rare.ip6) != 1 {
		t.Fatal("an IPv6 pod's address is not in the rare state")
	}
}
