package sim

import (
	"testing"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// TestCheckEndpointsIndexed checks the large-cluster path of Check agrees
// with the controller's own Check and catches a difference.
func TestCheckEndpointsIndexed(t *testing.T) {
	c := rolloutCluster(t, 5, 3, 3, -1, false, false)
	if _, err := c.CreateService(service.Service{Name: "all", Selector: selector.Set{"app": "app-1"},
		Ports: []service.Port{{Port: 80}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	svcs, pods := c.appendServices(nil), c.appendPodViews(nil)
	if err := c.ep.Check(svcs, pods); err != nil {
		t.Fatal(err)
	}
	if err := checkEndpointsIndexed(c.ep, svcs, pods, endpoints.Options{NodeZone: c.zoneFunc()}); err != nil {
		t.Fatal(err)
	}
	for i := range pods {
		if pods[i].Labels["app"] == "app-1" {
			pods[i].Ready = false
			break
		}
	}
	if err := checkEndpointsIndexed(c.ep, svcs, pods, endpoints.Options{NodeZone: c.zoneFunc()}); err == nil {
		t.Fatal("a pod that is not ready any more went unnoticed")
	}
}
