package shell

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// exec is `kubectl exec POD -- COMMAND...` for the commands a learner
// runs to look at Service networking from inside a pod: curl (a
// connection from the pod; the backend answers with its pod name, as
// agnhost serve-hostname does), nslookup (busybox's), env and hostname.
func (s *Session) exec(c *sim.Cluster, args []string) error {
	f := newFlags("kubectl exec")
	ns := namespaceFlag(f)
	f.Bool("stdin", 'i')
	f.Bool("tty", 't')
	f.String("container", 'c', "")
	if err := s.flags(f, args); err != nil {
		return err
	}
	if !f.hasDash {
		return s.fail("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n%s", f.usage())
	}
	if len(f.args) != 1 {
		return s.fail("error: pod, type/name or --filename must be specified")
	}
	name := f.args[0]
	if t, n, ok := strings.Cut(name, "/"); ok {
		if k, ok := lookupKind(t); !ok || k != kPod {
			return s.fail("error: svcsim execs in pods: kubectl exec POD -- COMMAND")
		}
		name = n
	}
	if len(f.dash) == 0 {
		return s.fail("error: you must specify at least one command for the container")
	}
	p, ok := c.Pod(*ns, name)
	if !ok {
		return s.fail("%s", kPod.notFound(name))
	}
	if p.Phase != pod.Running || !p.IP.IsValid() {
		return s.fail("error: unable to upgrade connection: container not found (%q)", containerOf(p))
	}
	cmd, cargs := f.dash[0], f.dash[1:]
	switch cmd {
	case "curl":
		return s.curl(c, p, cargs)
	case "nslookup":
		return s.nslookup(c, p, cargs)
	case "env":
		s.env(p)
		return nil
	case "hostname":
		fmt.Fprintln(s.Out, p.Name)
		return nil
	}
	fmt.Fprintf(s.Err, "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: %q: executable file not found in $PATH: unknown\n", cmd)
	return failed
}

// containerOf names a pod's first container.
func containerOf(p pod.Pod) string {
	if len(p.Containers) > 0 {
		return p.Containers[0].Name
	}
	return "app"
}

// terminated is kubectl exec's report of a command's non-zero exit.
func (s *Session) terminated(code int) error {
	fmt.Fprintf(s.Err, "command terminated with exit code %d\n", code)
	return &ExitError{Code: code}
}

// curl makes one connection from p: `curl [-s] [-S] [-m SECONDS]
// [--connect-timeout SECONDS] [http://]HOST[:PORT][/PATH]`.
func (s *Session) curl(c *sim.Cluster, p pod.Pod, args []string) error {
	silent, showErr := false, false
	timeoutMS := 0
	var url string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-m" || a == "--max-time" || a == "--connect-timeout":
			if i+1 >= len(args) {
				fmt.Fprintf(s.Err, "curl: option %s: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n", a)
				return s.terminated(2)
			}
			i++
			secs, err := strconv.ParseFloat(args[i], 64)
			if err != nil || secs < 0 {
				fmt.Fprintf(s.Err, "curl: option %s: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n", a)
				return s.terminated(2)
			}
			timeoutMS = int(secs * 1000)
		case a == "--silent":
			silent = true
		case a == "--show-error":
			showErr = true
		case strings.HasPrefix(a, "-") && len(a) > 1 && strings.Trim(a[1:], "sS") == "":
			silent = silent || strings.Contains(a, "s")
			showErr = showErr || strings.Contains(a, "S")
		case strings.HasPrefix(a, "-"):
			fmt.Fprintf(s.Err, "curl: option %s: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", a)
			return s.terminated(2)
		default:
			url = a
		}
	}
	if url == "" {
		fmt.Fprintln(s.Err, "curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information")
		return s.terminated(2)
	}
	host, port := splitURL(url)
	conn, err := s.connect(c, sim.FromPod(p.Namespace, p.Name), netJoin(host, port))
	if err == nil {
		if _, name, ok := strings.Cut(conn.Pod, "/"); ok {
			fmt.Fprintln(s.Out, name)
		} else {
			// Not a pod: kube-apiserver's TLS port answering plain HTTP.
			fmt.Fprintln(s.Out, "Client sent an HTTP request to an HTTPS server.")
		}
		return nil
	}
	code, msg := 0, ""
	switch {
	case errors.Is(err, sim.ErrNXDomain):
		code, msg = 6, "Could not resolve host: "+host
	case errors.Is(err, sim.ErrConnectionRefused):
		code, msg = 7, fmt.Sprintf("Failed to connect to %s port %s after 0 ms: Couldn't connect to server", host, port)
	case errors.Is(err, sim.ErrUnreachable):
		// Without a timeout of its own, curl gives up when the kernel
		// does: 6 SYN retransmissions, 127 s (net.ipv4.tcp_syn_retries).
		ms := 127000
		if timeoutMS > 0 {
			ms = timeoutMS
		}
		code, msg = 28, fmt.Sprintf("Failed to connect to %s port %s after %d ms: Timeout was reached", host, port, ms)
	default:
		return s.fail("error: %v", err)
	}
	if !silent || showErr {
		fmt.Fprintf(s.Err, "curl: (%d) %s\n", code, msg)
	}
	return s.terminated(code)
}

// splitURL returns the host and port of a curl URL (port 80 by default,
// 443 for https).
func splitURL(url string) (host, port string) {
	port = "80"
	if rest, ok := strings.CutPrefix(url, "https://"); ok {
		url, port = rest, "443"
	} else {
		url = strings.TrimPrefix(url, "http://")
	}
	if k := strings.IndexAny(url, "/?#"); k >= 0 {
		url = url[:k]
	}
	if strings.HasPrefix(url, "[") {
		if k := strings.Index(url, "]"); k > 0 {
			host, rest := url[1:k], url[k+1:]
			if p, ok := strings.CutPrefix(rest, ":"); ok {
				port = p
			}
			return host, port
		}
	}
	if k := strings.LastIndex(url, ":"); k >= 0 {
		return url[:k], url[k+1:]
	}
	return url, port
}

// netJoin joins host and port, bracketing an IPv6 address.
func netJoin(host, port string) string {
	if a, err := netip.ParseAddr(host); err == nil && a.Is6() {
		return "[" + host + "]:" + port
	}
	return host + ":" + port
}

// nslookup prints busybox nslookup's answer for a name, as the pod's
// resolver finds it (its search path, ndots:5).
func (s *Session) nslookup(c *sim.Cluster, p pod.Pod, args []string) error {
	if len(args) != 1 {
		fmt.Fprintln(s.Err, "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]")
		return s.terminated(1)
	}
	name := args[0]
	rc, err := c.ResolvConf(p.Namespace, p.Name)
	if err != nil {
		return s.fail("error: %v", err)
	}
	server := rc.Nameservers[0].String()
	fmt.Fprintf(s.Out, "Server:\t\t%s\nAddress:\t%s:53\n\n", server, server)
	fqdn, cname, addrs := lookup(c, p.Namespace, name, rc)
	if cname != "" {
		fmt.Fprintf(s.Out, "%s\tcanonical name = %s\n", fqdn, cname)
		fqdn = cname
	}
	if len(addrs) == 0 {
		if fqdn == "" {
			fqdn = name
		}
		fmt.Fprintf(s.Out, "** server can't find %s: NXDOMAIN\n\n", fqdn)
		return s.terminated(1)
	}
	for _, a := range addrs {
		fmt.Fprintf(s.Out, "Name:\t%s\nAddress: %s\n", fqdn, a)
	}
	fmt.Fprintln(s.Out)
	return nil
}

// lookup resolves name as the pod's resolver does: through the search
// path when it has fewer dots than ndots, then as given. It returns the
// name that answered, the canonical name it aliases (an ExternalName
// Service's target), and the addresses (none when the target does not
// resolve: nothing outside the cluster does).
func lookup(c *sim.Cluster, ns, name string, rc sim.ResolvConf) (fqdn, cname string, addrs []netip.Addr) {
	name = strings.TrimSuffix(name, ".")
	var tries []string
	if strings.Count(name, ".") < 5 {
		for _, d := range rc.Searches {
			tries = append(tries, name+"."+d)
		}
	}
	tries = append(tries, name)
	for _, t := range tries {
		if target, err := c.LookupCNAME(ns, t+"."); err == nil && target != "" && target != t {
			addrs, _ := c.Resolve(ns, target+".")
			return t, target, addrs
		}
		if addrs, err := c.Resolve(ns, t+"."); err == nil && len(addrs) > 0 {
			return t, "", addrs
		}
	}
	return "", "", nil
}

// env prints a container's environment: the image's PATH, HOSTNAME, the
// service variables the container started with, HOME.
func (s *Session) env(p pod.Pod) {
	fmt.Fprintln(s.Out, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
	fmt.Fprintf(s.Out, "HOSTNAME=%s\n", p.Name)
	for _, k := range slices.Sorted(maps.Keys(p.Env)) {
		fmt.Fprintf(s.Out, "%s=%s\n", k, p.Env[k])
	}
	fmt.Fprintln(s.Out, "HOME=/root")
}
