package endpoints

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// TestUserSlices: a user's EndpointSlice is shown beside its Service's
// own slices at the key's next Sync, read by kube-proxy and DNS like any
// (AppendBackends, AppendAddresses), replaced, moved and deleted; a
// refused write changes nothing; DeleteService takes it away.
func TestUserSlices(t *testing.T) {
	c := NewController(Options{})
	ext := selectorless("ext")
	web := testService(nil)
	syncAll(c, c.SetService(ext, nil))
	syncAll(c, c.SetService(web, nil))
	p := testPod("web-1", "10.0.0.1", nil)
	syncAll(c, c.SetPod(p, nil))
	sl := Slice{Namespace: "default", Name: "ext-manual", Service: "ext", AddressType: IPv4,
		Ports: []EndpointPort{{Name: "https", Port: 6443, Protocol: pod.TCP}},
		Endpoints: []Endpoint{{Addresses: []netip.Addr{netip.MustParseAddr("192.0.2.10")}, Conditions: Conditions{Ready: true, Serving: true},
			Hints: &Hints{ForZones: []string{"zone-a"}}}}}
	key := ServiceKey{"default", "ext"}
	dirty, err := c.SetSlice(sl, nil)
	require.NoError(t, err)
	require.Equal(t, []ServiceKey{key}, dirty)
	require.Empty(t, c.Slices("default", "ext"), "shown at the next Sync")
	require.True(t, syncAll(c, dirty))
	got := c.Slices("default", "ext")
	require.Len(t, got, 1)
	require.Equal(t, "ext", got[0].Labels[LabelServiceName])
	b := c.AppendBackends(key, "https", nil)
	require.Len(t, b, 1)
	require.Equal(t, netip.MustParseAddr("192.0.2.10"), b[0].IP)
	require.Equal(t, int32(6443), b[0].Port)
	require.Equal(t, []string{"zone-a"}, b[0].Hints.ForZones)
	require.Len(t, c.AppendAddresses(key, nil), 1)
	require.NoError(t, c.Check([]service.Service{ext, web}, []pod.Pod{p}))
	require.NoError(t, c.CheckManual([]service.Service{ext, web}))
	require.ErrorContains(t, c.CheckManual([]service.Service{web}), "user slices of default/ext: the Service does not exist")

	// Refused: a controller's name, a reserved managed-by, no Service.
	taken := sl
	taken.Name = c.Slices("default", "web")[0].Name
	_, err = c.SetSlice(taken, nil)
	require.True(t, errors.Is(err, ErrNameTaken), "%v", err)
	reserved := sl
	reserved.Labels = map[string]string{LabelManagedBy: ControllerName}
	_, err = c.SetSlice(reserved, nil)
	require.True(t, errors.Is(err, ErrInvalid), "%v", err)
	orphan := sl
	orphan.Service = ""
	_, err = c.SetSlice(orphan, nil)
	require.True(t, errors.Is(err, ErrInvalid), "%v", err)
	require.NoError(t, c.CheckManual([]service.Service{ext, web}))

	// Moved to the Service web: shown beside the controller's slices.
	moved := sl
	moved.Service = "web"
	moved.Ports = []EndpointPort{{Name: "http", Port: 8080, Protocol: pod.TCP}}
	dirty, err = c.SetSlice(moved, nil)
	require.NoError(t, err)
	require.ElementsMatch(t, []ServiceKey{key, {"default", "web"}}, dirty)
	syncAll(c, dirty)
	require.Empty(t, c.Slices("default", "ext"))
	require.Len(t, c.Slices("default", "web"), 2)
	require.Len(t, c.AppendBackends(ServiceKey{"default", "web"}, "http", nil), 2)
	require.NoError(t, c.Check([]service.Service{ext, web}, []pod.Pod{p}))

	// Deleting the Service deletes its user slices.
	syncAll(c, c.DeleteService("default", "web", nil))
	require.Empty(t, c.Slices("default", "web"))
	_, ok := c.DeleteSlice("default", "ext-manual", nil)
	require.False(t, ok)
	require.NoError(t, c.Check([]service.Service{ext}, []pod.Pod{p}))
}
