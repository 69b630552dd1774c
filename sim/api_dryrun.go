package sim

// Dry runs: whether a create or update would be accepted, changing
// nothing (no object, no event, no held address, no random draw), as the
// API server's dryRun=All runs defaulting, validation and the allocators'
// checks without persisting (kubernetes
// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go and
// update.go; pkg/registry/core/service/storage/storage.go, whose
// allocators release what a dry run claimed). They let a caller check a
// batch of changes before making any, as kube.Apply does.

import (
	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// DryRunService returns the error UpdateService would return for s if the
// Service s.Namespace/s.Name exists, else the error CreateService would
// return, and changes nothing: requested ClusterIPs, node ports and
// load-balancer addresses must be free and in range, the ranges must have
// room for what would be drawn.
func (c *Cluster) DryRunService(s service.Service) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("dry-run service"); err != nil {
		return err
	}
	if _, r := c.lookupSvc(pod.NamespaceOrDefault(s.Namespace), s.Name); r != nil {
		_, r, n, err := c.prepareUpdateService(s)
		if err != nil {
			return err
		}
		old := *r.svc
		return c.allocate(&n, &old, true)
	}
	s = s.WithDefaults()
	if err := c.prepareCreateService(&s); err != nil {
		return err
	}
	return c.allocate(&s, nil, true)
}

// DryRunDeployment returns the error UpdateDeployment would return for d
// if the Deployment d.Namespace/d.Name exists, else the error
// CreateDeployment would return, and changes nothing.
func (c *Cluster) DryRunDeployment(d Deployment) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("dry-run deployment"); err != nil {
		return err
	}
	id, ok := c.depByName.Get(nsName{pod.NamespaceOrDefault(d.Namespace), d.Name})
	if !ok {
		if err := c.refuseTerminating("deployments.apps", d.Namespace, d.Name); err != nil {
			return err
		}
		_, _, err := validateDeployment(&d)
		return err
	}
	_, _, err := checkDeploymentUpdate(c.deps[id], &d)
	return err
}

// DryRunStatefulSet returns the error UpdateStatefulSet would return for
// s if the StatefulSet s.Namespace/s.Name exists, else the error
// CreateStatefulSet would return, and changes nothing.
func (c *Cluster) DryRunStatefulSet(s StatefulSet) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("dry-run statefulset"); err != nil {
		return err
	}
	id, ok := c.stsByName[nsName{pod.NamespaceOrDefault(s.Namespace), s.Name}]
	if !ok {
		if err := c.refuseTerminating("statefulsets.apps", s.Namespace, s.Name); err != nil {
			return err
		}
	}
	if err := validateStatefulSet(&s); err != nil {
		return err
	}
	if !ok {
		return nil
	}
	return stsUpdateError(c.stss[id].spec, s)
}

// DryRunCreatePod returns the error CreatePod would return for p, and
// changes nothing.
func (c *Cluster) DryRunCreatePod(p pod.Pod) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("dry-run pod"); err != nil {
		return err
	}
	_, err := c.checkCreatePod(&p)
	return err
}

// DryRunCreateNamespace returns the error CreateNamespace would return for
// n (ErrAlreadyExists: the namespace is declared), and changes nothing.
func (c *Cluster) DryRunCreateNamespace(n Namespace) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("dry-run namespace"); err != nil {
		return err
	}
	return c.checkCreateNamespace(n)
}

// DryRunEndpoints returns the error SetEndpoints would return for ep, and
// changes nothing. The Service's existence is checked last: a caller
// that creates the Service first can tell ErrNotFound apart.
func (c *Cluster) DryRunEndpoints(ep endpoints.Endpoints) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("dry-run endpoints"); err != nil {
		return err
	}
	ep.Namespace = pod.NamespaceOrDefault(ep.Namespace)
	_, err := c.checkSetEndpoints(ep)
	return err
}

// DryRunEndpointSlice returns the error SetEndpointSlice would return for
// sl, and changes nothing. The Service's existence is checked last, as
// DryRunEndpoints does.
func (c *Cluster) DryRunEndpointSlice(sl endpoints.Slice) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("dry-run endpointslice"); err != nil {
		return err
	}
	sl.Namespace = pod.NamespaceOrDefault(sl.Namespace)
	if sl.Service == "" {
		sl.Service = sl.Labels[endpoints.LabelServiceName]
	}
	return c.checkSetEndpointSlice(sl)
}
