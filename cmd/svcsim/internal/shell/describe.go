package shell

import (
	"bytes"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// describe is `kubectl describe svc|pod|deployment NAME...`.
func (s *Session) describe(c *sim.Cluster, args []string) error {
	f := newFlags("kubectl describe")
	ns := namespaceFlag(f)
	if err := s.flags(f, args); err != nil {
		return err
	}
	k, named, err := targets(f.args)
	if err != nil {
		return s.fail("error: %v", err)
	}
	if len(named) == 0 {
		return s.fail("error: svcsim describes objects by name: kubectl describe %s NAME", k.singular)
	}
	for i, t := range named {
		var buf bytes.Buffer
		var err error
		found := true
		switch t.kind {
		case kService:
			v, ok := c.Service(*ns, t.name)
			found = ok
			if ok {
				err = kubectl.DescribeService(&buf, v, c.EndpointSlices(*ns, t.name))
			}
		case kPod:
			p, ok := c.Pod(*ns, t.name)
			found = ok
			if ok {
				err = kubectl.DescribePod(&buf, p, c.Nodes(), c.ReplicaSets(*ns, selector.Everything()), kubectl.For(c))
			}
		case kDeploy:
			d, ok := c.Deployment(*ns, t.name)
			found = ok
			if ok {
				err = kubectl.DescribeDeployment(&buf, d, c.ReplicaSets(*ns, selector.Everything()))
			}
		default:
			return s.fail("error: describe %s is not supported by svcsim (it describes svc, pod and deployment)", t.kind.plural)
		}
		if !found {
			return s.fail("%s", t.kind.notFound(t.name))
		}
		if err != nil {
			return s.fail("error: %v", err)
		}
		if i > 0 {
			s.Out.Write([]byte("\n\n"))
		}
		s.Out.Write(buf.Bytes())
	}
	return nil
}
