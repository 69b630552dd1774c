package shell

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// createService is `kubectl create service clusterip|nodeport|loadbalancer
// NAME --tcp=PORT[:TARGET]... [--clusterip=None] [--node-port=N]` and
// `kubectl create service externalname NAME --external-name=HOST`
// (pkg/cmd/create/create_service.go): the selector is app=NAME.
func (s *Session) createService(c *sim.Cluster, args []string) error {
	types := map[string]service.Type{"clusterip": service.ClusterIP, "nodeport": service.NodePort,
		"loadbalancer": service.LoadBalancer, "externalname": service.ExternalName}
	if len(args) == 0 || types[args[0]] == "" {
		return s.fail("error: kubectl create service needs a type: clusterip, externalname, loadbalancer or nodeport")
	}
	typ := types[args[0]]
	f := newFlags("kubectl create service " + args[0])
	ns := namespaceFlag(f)
	tcp := f.String("tcp", 0, "")
	clusterIP := f.String("clusterip", 0, "")
	f.String("node-port", 0, "0")
	external := f.String("external-name", 0, "")
	if err := s.flags(f, args[1:]); err != nil {
		return err
	}
	if len(f.args) != 1 {
		return s.fail("error: exactly one NAME is required, got %d\n%s", len(f.args), f.usage())
	}
	name := f.args[0]
	svc := service.Service{Namespace: *ns, Name: name, Type: typ}
	if typ == service.ExternalName {
		if *external == "" {
			return s.fail("error: required flag(s) \"external-name\" not set")
		}
		svc.ExternalName = *external
	} else {
		if *tcp == "" && *clusterIP != "None" {
			return s.fail("error: at least one tcp port specifier must be provided")
		}
		svc.Selector = selector.Set{"app": name}
		np, err := f.Int("node-port")
		if err != nil {
			return s.fail("error: %v\n%s", err, f.usage())
		}
		for _, spec := range strings.Split(*tcp, ",") {
			if spec == "" {
				continue
			}
			p, tp, _ := strings.Cut(spec, ":")
			port, err := strconv.Atoi(p)
			if err != nil {
				return s.fail("error: invalid port %q in --tcp=%s", p, *tcp)
			}
			sp := service.Port{Name: strings.ReplaceAll(spec, ":", "-"), Port: int32(port), NodePort: int32(np)}
			if tp != "" {
				if n, err := strconv.Atoi(tp); err == nil {
					sp.TargetPort = service.TargetPortNumber(int32(n))
				} else {
					sp.TargetPort = service.TargetPortName(tp)
				}
			}
			svc.Ports = append(svc.Ports, sp)
		}
		switch *clusterIP {
		case "":
		case "None":
			svc.Headless = true
		default:
			a, err := netip.ParseAddr(*clusterIP)
			if err != nil {
				return s.fail("The Service %q is invalid: spec.clusterIPs: Invalid value: %q: must be a valid IP address", name, *clusterIP)
			}
			svc.ClusterIP = a
		}
	}
	if _, err := c.CreateService(svc); err != nil {
		return s.apiError(kService, name, err)
	}
	fmt.Fprintf(s.Out, "%s created\n", kService.ref(name))
	return nil
}
