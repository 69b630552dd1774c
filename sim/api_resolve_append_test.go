package sim

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// AppendResolve appends what Resolve returns, after what dst held, for
// every kind of name (a ClusterIP Service's bare and full names, a
// headless Service's, an in-cluster ExternalName, a pod's dashed name,
// an IP literal, another namespace's Service), and returns Resolve's
// error with dst unchanged for a name that does not resolve or is
// malformed.
func TestAppendResolveIsResolve(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	for _, s := range []service.Service{
		webService(),
		{Name: "headless", Headless: true, Selector: selector.Set{"app": "web"}},
		{Name: "alias", Type: service.ExternalName, ExternalName: "web.default.svc.cluster.local"},
	} {
		_, err := c.CreateService(s)
		must(t, err)
	}
	must(t, c.Settle())
	p := c.Pods("", selector.Everything())[0]
	dashed := p.IP.String()
	for i := range dashed {
		if dashed[i] == '.' {
			dashed = dashed[:i] + "-" + dashed[i+1:]
		}
	}
	kept := netip.MustParseAddr("192.0.2.1")
	for _, q := range [][2]string{{"", "web"}, {"default", "web.default.svc.cluster.local"}, {"", "headless"},
		{"", "alias"}, {"", dashed + ".default.pod.cluster.local"}, {"", "10.0.0.1"}, {"kube-system", "web.default"},
		{"kube-system", "kube-dns"}} {
		want, err := c.Resolve(q[0], q[1])
		require.NoError(t, err, q)
		require.NotEmpty(t, want, q)
		got, err := c.AppendResolve([]netip.Addr{kept}, q[0], q[1])
		require.NoError(t, err, q)
		require.Equal(t, append([]netip.Addr{kept}, want...), got, q)
	}
	for _, q := range [][2]string{{"", "nope"}, {"kube-system", "web"}, {"", "bad..name"}, {"", ""}} {
		_, want := c.Resolve(q[0], q[1])
		require.Error(t, want, q)
		got, err := c.AppendResolve([]netip.Addr{kept}, q[0], q[1])
		require.Equal(t, want.Error(), err.Error(), q)
		for _, sentinel := range []error{ErrNXDomain, ErrInvalid} {
			require.Equal(t, errors.Is(want, sentinel), errors.Is(err, sentinel), q)
		}
		require.Equal(t, []netip.Addr{kept}, got, q)
	}
}

// Read again into the slice of the previous call, AppendResolve of a
// Service's bare name allocates nothing.
func TestAppendResolveAllocs(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	_, err := c.CreateService(webService())
	must(t, err)
	addrs, err := c.AppendResolve(nil, "", "web")
	must(t, err)
	require.Len(t, addrs, 1)
	if n := testing.AllocsPerRun(100, func() { addrs, _ = c.AppendResolve(addrs[:0], "", "web") }); n != 0 {
		t.Errorf("AppendResolve of a Service's name into a large enough slice: %v allocations, want 0", n)
	}
	require.Len(t, addrs, 1)
}
