package endpoints

import (
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// scanController is the benchmarks' baseline: upstream's way. A pod's
// Services are found by testing every Service selector of the namespace
// (GetPodServiceMemberships); a sync lists the namespace's pods and
// recomputes the Service from scratch (syncService).
type scanController struct {
	pods map[string]map[string]*pod.Pod        // namespace → name → pod, as the informer's namespace index
	svcs map[string]map[string]service.Service // namespace → name → Service
	eps  map[ServiceKey]Endpoints
	sls  map[ServiceKey][]Slice
}

func newScanController() *scanController {
	return &scanController{pods: map[string]map[string]*pod.Pod{}, svcs: map[string]map[string]service.Service{},
		eps: map[ServiceKey]Endpoints{}, sls: map[ServiceKey][]Slice{}}
}

func (c *scanController) SetPod(p pod.Pod) {
	ns := pod.NamespaceOrDefault(p.Namespace)
	if c.pods[ns] == nil {
		c.pods[ns] = map[string]*pod.Pod{}
	}
	c.pods[ns][p.Name] = &p
}

func (c *scanController) SetService(s service.Service) {
	ns := pod.NamespaceOrDefault(s.Namespace)
	if c.svcs[ns] == nil {
		c.svcs[ns] = map[string]service.Service{}
	}
	c.svcs[ns][s.Name] = s
}

func (c *scanController) podServices(p pod.Pod) []service.Service {
	var out []service.Service
	for _, s := range c.svcs[pod.NamespaceOrDefault(p.Namespace)] {
		if s.Selector != nil && carries(p.Labels, appendSelector(nil, s.Selector)) {
			out = append(out, s)
		}
	}
	return out
}

func (c *scanController) Sync(s service.Service) {
	ns := pod.NamespaceOrDefault(s.Namespace)
	var pods []pod.Pod
	for _, p := range c.pods[ns] {
		if carries(p.Labels, appendSelector(nil, s.Selector)) {
			pods = append(pods, *p)
		}
	}
	key := keyOf(s.Namespace, s.Name)
	c.eps[key], c.sls[key] = Compute(s, pods, Options{})
}
