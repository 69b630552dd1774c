package simtest_test

import (
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

func TestAssertEndpointsPassesOnAGoodCluster(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1})
	names := podNames(c)
	require.NoError(t, c.SetPodReady("default", names[0], false)) // out of the ready addresses
	require.NoError(t, c.DeletePod("default", names[1]))          // terminating: out too
	require.NoError(t, c.Advance(0))                              // the endpoints controller syncs
	var ft fakeT
	assert.True(t, simtest.AssertEndpoints(&ft, c, "default", "web"))
	assert.Empty(t, ft.errs)

	// publishNotReadyAddresses lists the not-ready and terminating pods.
	s, _ := c.Service("default", "web")
	s.PublishNotReadyAddresses = true
	_, err := c.UpdateService(s)
	require.NoError(t, err)
	require.NoError(t, c.Advance(0))
	assert.True(t, simtest.AssertEndpoints(&ft, c, "", "web"))
	assert.Empty(t, ft.errs)
	assert.Len(t, simtest.ReadyAddresses(c, "default", "web"), 4) // 3 + the replacement
}

// TestAssertEndpointsFailsWhileTheControllerLags breaks the expectation
// with a lagging endpoints controller: a pod that is no longer ready is
// still listed for 5 s.
func TestAssertEndpointsFailsWhileTheControllerLags(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1, EndpointsDelay: 5 * time.Second})
	gone := podNames(c)[0]
	require.NoError(t, c.SetPodReady("default", gone, false))
	var ft fakeT
	assert.False(t, simtest.AssertEndpoints(&ft, c, "default", "web"))
	require.Len(t, ft.errs, 2, "Endpoints and slices both differ")
	for _, e := range ft.errs {
		assert.Contains(t, e, "Service default/web")
		assert.Contains(t, e, "default/"+gone)
	}

	require.NoError(t, c.Advance(5*time.Second))
	ft = fakeT{}
	assert.True(t, simtest.AssertEndpoints(&ft, c, "default", "web"), lines(ft.errs))
}

func TestAssertEndpointsFailsOnWhatItCannotCheck(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1})
	_, err := c.CreateService(service.Service{Name: "manual", Ports: []service.Port{{Port: 80}}})
	require.NoError(t, err)
	for _, tc := range []struct {
		c        *simtest.Cluster
		ns, name string
		want     string
	}{
		{c, "default", "nope", "Service default/nope: not found"},
		{c, "shop", "web", "Service shop/web: not found"},
		{c, "default", "manual", "Service default/manual: the endpoints controllers do not manage"},
		{nil, "default", "web", "simtest.AssertEndpoints: nil Cluster"},
	} {
		var ft fakeT
		assert.False(t, simtest.AssertEndpoints(&ft, tc.c, tc.ns, tc.name))
		ft.failedWith(t, tc.want)
	}
}

func TestReadyAddressesAreTheReadyPodsPorts(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1})
	var want []netip.AddrPort
	for _, p := range c.Pods("default", selector.FromSet(selector.Set{"app": "web"})) {
		want = append(want, netip.AddrPortFrom(p.IP, 8080))
	}
	got := simtest.ReadyAddresses(c, "default", "web")
	assert.ElementsMatch(t, want, got)
	assert.True(t, slices.IsSortedFunc(got, netip.AddrPort.Compare), "sorted: %v", got)

	require.NoError(t, c.SetPodReady("default", podNames(c)[0], false))
	require.NoError(t, c.Settle())
	assert.Len(t, simtest.ReadyAddresses(c, "default", "web"), 2)
	assert.Nil(t, simtest.ReadyAddresses(c, "default", "nope"))
	assert.Nil(t, simtest.ReadyAddresses(nil, "default", "web"))
}

// TestAssertEndpointsNamesEveryDifference pins the whole message: a pod
// relabelled out of the selector is still listed, and the pods a scale-up
// made are owed but not yet listed, while the controller lags.
func TestAssertEndpointsNamesEveryDifference(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1, EndpointsDelay: 5 * time.Second})
	require.NoError(t, c.SetPodLabels("default", podNames(c)[0], selector.Set{"app": "other"}))
	require.NoError(t, c.Scale("default", "web", 5))
	require.NoError(t, c.Advance(time.Second))
	var ft fakeT
	assert.False(t, simtest.AssertEndpoints(&ft, c, "default", "web"))
	rows := ` differ from its ready, matching pods (port address/protocol pod):
  listed, not a ready matching pod: http 10.244.2.2:8080/TCP default/web-6f4b8666dd-b5znd
  a ready matching pod, not listed: http 10.244.0.4:8080/TCP default/web-6f4b8666dd-blsj5
  a ready matching pod, not listed: http 10.244.1.4:8080/TCP default/web-6f4b8666dd-bsxgb
  a ready matching pod, not listed: http 10.244.2.3:8080/TCP default/web-6f4b8666dd-6ttd8`
	assert.Equal(t, []string{
		"Service default/web: the ready addresses of its Endpoints" + rows,
		"Service default/web: the ready endpoints of its EndpointSlices" + rows,
	}, ft.errs)
}

// TestAssertEndpointsReadsEverySlice: a pod lacking the named target port
// (its endpoint in a slice without ports) and a headless Service without
// ports pass, and a ready endpoint of a user's EndpointSlice of the
// Service, which no matching pod owes, fails the slices alone.
func TestAssertEndpointsReadsEverySlice(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1})
	_, err := c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "web"}}) // no port http
	require.NoError(t, err)
	_, err = c.CreateService(service.Service{Name: "headless", Headless: true, Selector: selector.Set{"app": "web"}})
	require.NoError(t, err)
	require.NoError(t, c.Settle())
	var ft fakeT
	assert.True(t, simtest.AssertEndpoints(&ft, c, "default", "web"), lines(ft.errs))
	assert.True(t, simtest.AssertEndpoints(&ft, c, "default", "headless"), lines(ft.errs))
	assert.Len(t, simtest.ReadyAddresses(c, "default", "headless"), 4, "the bare pod too")

	require.NoError(t, c.SetEndpointSlice(endpoints.Slice{Name: "web-user", AddressType: endpoints.IPv4,
		Labels: map[string]string{endpoints.LabelServiceName: "web"},
		Ports:  []endpoints.EndpointPort{{Name: "http", Port: 8080, Protocol: pod.TCP}},
		Endpoints: []endpoints.Endpoint{{Addresses: []netip.Addr{netip.MustParseAddr("10.0.9.3")},
			Conditions: endpoints.Conditions{Ready: true, Serving: true}}}}))
	require.NoError(t, c.Settle())
	assert.False(t, simtest.AssertEndpoints(&ft, c, "default", "web"))
	require.Len(t, ft.errs, 1, "the slices differ, not the Endpoints")
	assert.Contains(t, ft.errs[0], "Service default/web: the ready endpoints of its EndpointSlices differ")
	assert.Contains(t, ft.errs[0], "listed, not a ready matching pod: http 10.0.9.3:8080/TCP")
}
