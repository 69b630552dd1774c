package sim

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

var updateNet = flag.Bool("update-net", false, "rewrite sim/testdata/net/*.txt with the current output")

// TestNetScripts runs the golden scenarios in testdata/net: each "> command"
// line is followed by its output; "#" lines are commentary. With
// -update-net the files are rewritten and the diff is reviewed in git. The
// scripts double as teaching material for discovery and the dataplane.
//
// Commands:
//
//	new seed=N [nodes=N] [proxydelay=D] [endpointsdelay=D]
//	deploy NS/NAME replicas=N [port=NAME:NUM] [grace=D] [ready=D]    (labels app=NAME)
//	service NS/NAME [select=APP] [type=T] [port=NAME:PORT[:TARGET][/PROTO]]... [headless] [etp=Local] [affinity] [external=HOST]
//	pod NS/NAME
//	delete-pod NS/DEPLOY I | fail-node NAME | recover-node NAME | scale NS/NAME N
//	settle | advance D
//	connect FROM TARGET [xN|fail]  FROM: NS/POD or ext:IP; xN tallies N connections by backend pod,
//	                               fail shows the first failing connection of up to 100
//	resolve NS NAME | srv NS NAME | cname NS NAME
//	iptables-save NODE           kube-proxy's programmed rules on NODE (proxy.Table.Save)
//
// TARGET may use {clusterip:NS/NAME}, {lb:NS/NAME}, {nodeport:NS/NAME},
// {node:N} (node IP) and {pod:NS/DEPLOY:I} (the I-th pod's IP by name).
func TestNetScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "net", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := runNetScript(t, string(data))
			if *updateNet {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(data) {
				t.Errorf("%s differs (run with -update-net and review the diff):\n%s", file, got)
			}
		})
	}
}

// runNetScript executes the commands and returns the file with fresh output.
func runNetScript(t *testing.T, script string) string {
	var out strings.Builder
	var c *Cluster
	for _, line := range strings.Split(strings.TrimRight(script, "\n"), "\n") {
		if !strings.HasPrefix(line, "> ") {
			if line == "" || strings.HasPrefix(line, "#") {
				out.WriteString(line + "\n")
			}
			continue // old output
		}
		out.WriteString(line + "\n")
		res, err := netCommand(&c, strings.Fields(line[2:]))
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		for _, r := range res {
			out.WriteString(r + "\n")
		}
	}
	return out.String()
}

func netCommand(cp **Cluster, f []string) ([]string, error) {
	c := *cp
	if len(f) == 0 {
		return nil, errors.New("empty command")
	}
	if c == nil && f[0] != "new" {
		return nil, errors.New("the first command must be new")
	}
	kv := func(from int) map[string][]string {
		m := map[string][]string{}
		for _, a := range f[from:] {
			k, v, _ := strings.Cut(a, "=")
			m[k] = append(m[k], v)
		}
		return m
	}
	dur := func(s string) time.Duration { d, _ := time.ParseDuration(s); return d }
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	ref := func(s string) (string, string) {
		if ns, name, ok := strings.Cut(s, "/"); ok {
			return ns, name
		}
		return "default", s
	}
	switch f[0] {
	case "new":
		a := kv(1)
		cfg := Config{Seed: int64(atoi(first(a["seed"]))), Nodes: atoi(first(a["nodes"])), TraceLimit: -1,
			ProxyDelay: dur(first(a["proxydelay"])), EndpointsDelay: dur(first(a["endpointsdelay"]))}
		nc, err := New(cfg)
		*cp = nc
		return nil, err
	case "deploy":
		ns, name := ref(f[1])
		a := kv(2)
		d := Deployment{Namespace: ns, Name: name, Replicas: atoi(first(a["replicas"])), Labels: selector.Set{"app": name},
			TerminationGracePeriod: dur(first(a["grace"])), ReadyAfter: dur(first(a["ready"]))}
		for _, p := range a["port"] {
			pn, num, _ := strings.Cut(p, ":")
			d.Ports = append(d.Ports, pod.ContainerPort{Name: pn, Port: int32(atoi(num))})
		}
		return nil, c.CreateDeployment(d)
	case "service":
		ns, name := ref(f[1])
		a := kv(2)
		s := service.Service{Namespace: ns, Name: name, Type: service.Type(first(a["type"])),
			ExternalTrafficPolicy: service.TrafficPolicy(first(a["etp"])), ExternalName: first(a["external"]), Headless: a["headless"] != nil}
		if sel := first(a["select"]); sel != "" {
			s.Selector = selector.Set{"app": sel}
		}
		if a["affinity"] != nil {
			s.SessionAffinity = service.SessionAffinityClientIP
		}
		for _, p := range a["port"] {
			spec, proto, _ := strings.Cut(p, "/")
			parts := strings.Split(spec, ":")
			sp := service.Port{Name: parts[0], Port: int32(atoi(parts[1])), Protocol: pod.Protocol(proto)}
			if len(parts) > 2 {
				if n, err := strconv.Atoi(parts[2]); err == nil {
					sp.TargetPort = service.TargetPortNumber(int32(n))
				} else {
					sp.TargetPort = service.TargetPortName(parts[2])
				}
			}
			s.Ports = append(s.Ports, sp)
		}
		got, err := c.CreateService(s)
		return []string{got.String()}, err
	case "pod":
		ns, name := ref(f[1])
		_, err := c.CreatePod(pod.Pod{Namespace: ns, Name: name})
		return nil, err
	case "delete-pod":
		ns, name := ref(f[1])
		p := c.Pods(ns, selector.FromSet(selector.Set{"app": name}))[atoi(f[2])]
		return []string{"deleted " + p.Key() + " (" + p.IP.String() + ")"}, c.DeletePod(ns, p.Name)
	case "scale":
		ns, name := ref(f[1])
		return nil, c.Scale(ns, name, atoi(f[2]))
	case "fail-node":
		return nil, c.FailNode(f[1])
	case "recover-node":
		return nil, c.RecoverNode(f[1])
	case "settle":
		err := c.Settle()
		return []string{"now " + c.Now().Format(time.TimeOnly)}, err
	case "advance":
		err := c.Advance(dur(f[1]))
		return []string{"now " + c.Now().Format(time.TimeOnly)}, err
	case "connect":
		from := FromPod(ref(f[1]))
		if ip, ok := strings.CutPrefix(f[1], "ext:"); ok {
			from = External(netip.MustParseAddr(ip))
		}
		target, err := expandTarget(c, f[2])
		if err != nil {
			return nil, err
		}
		if len(f) > 3 && f[3] != "fail" {
			return tally(c, from, target, atoi(strings.TrimPrefix(f[3], "x"))), nil
		}
		conn, err := c.Connect(from, target)
		for i := 0; len(f) > 3 && err == nil && i < 100; i++ { // "fail": the first failing one of up to 100
			conn, err = c.Connect(from, target)
		}
		lines := append([]string{}, conn.Path...)
		if err != nil {
			lines = append(lines, "error: "+err.Error())
		}
		return lines, nil
	case "resolve":
		addrs, err := c.Resolve(f[1], f[2])
		return []string{fmt.Sprint(addrs, " ", errText(err))}, nil
	case "srv":
		srvs, err := c.LookupSRV(f[1], f[2])
		var lines []string
		for _, s := range srvs {
			lines = append(lines, fmt.Sprintf("%s:%d priority %d weight %d", s.Target, s.Port, s.Priority, s.Weight))
		}
		if err != nil {
			lines = append(lines, "error: "+err.Error())
		}
		return lines, nil
	case "iptables-save":
		c.proxy.SetClusterCIDR(c.cfg.PodCIDR)
		return strings.Split(strings.TrimSuffix(c.proxy.Save(f[1]), "\n"), "\n"), nil
	case "cname":
		cn, err := c.LookupCNAME(f[1], f[2])
		return []string{cn + " " + errText(err)}, nil
	}
	return nil, fmt.Errorf("unknown command %q", f[0])
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func errText(err error) string {
	if err == nil {
		return "ok"
	}
	return "error: " + err.Error()
}

// tally makes n connections and counts them by backend pod or error kind.
func tally(c *Cluster, from Client, target string, n int) []string {
	counts := map[string]int{}
	var keys []string
	for i := 0; i < n; i++ {
		conn, err := c.Connect(from, target)
		k := conn.Pod
		switch {
		case errors.Is(err, ErrConnectionRefused):
			k = "connection refused"
		case errors.Is(err, ErrUnreachable):
			k = "unreachable"
		case err != nil:
			k = "error"
		}
		if counts[k] == 0 {
			keys = append(keys, k)
		}
		counts[k]++
	}
	slices.Sort(keys)
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = fmt.Sprintf("%4d %s", counts[k], k)
	}
	return lines
}

// expandTarget replaces the {kind:arg} placeholders of a target.
func expandTarget(c *Cluster, target string) (string, error) {
	for {
		i := strings.IndexByte(target, '{')
		if i < 0 {
			return target, nil
		}
		j := strings.IndexByte(target[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("unclosed placeholder in %q", target)
		}
		kind, arg, _ := strings.Cut(target[i+1:i+j], ":")
		var val string
		ns, name, ok := strings.Cut(arg, "/")
		if !ok {
			ns, name = "default", arg
		}
		svc, _ := c.Service(ns, name)
		switch kind {
		case "clusterip":
			val = svc.ClusterIP.String()
		case "lb":
			val = svc.LoadBalancerIP.String()
		case "nodeport":
			val = strconv.Itoa(int(svc.Ports[0].NodePort))
		case "node":
			val = c.Nodes()[atoiMust(arg)-1].IP.String()
		case "pod":
			dep, idx, _ := strings.Cut(name, ":")
			val = c.Pods(ns, selector.FromSet(selector.Set{"app": dep}))[atoiMust(idx)].IP.String()
		default:
			return "", fmt.Errorf("unknown placeholder %q", kind)
		}
		target = target[:i] + val + target[i+j+1:]
	}
}

func atoiMust(s string) int { n, _ := strconv.Atoi(s); return n }
