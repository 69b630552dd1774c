// Package shell runs svcsim's command language on a simulated cluster:
// kubectl's own commands, flags, output and error words (k8s.io/kubectl
// pkg/cmd), and the simulation's verbs under "sim". A Session holds one
// cluster, made at the first command that needs it (after any "sim
// config"); Exec runs one line.
//
// The clock: every command first runs the work due at the current
// instant (Advance(0)) and moves the clock no further, except "sim
// advance", "sim settle", "sim traffic", "kubectl rollout status" (until
// the rollout completes, at most 10 virtual minutes) and "kubectl delete"
// (until the object is gone, as kubectl's --wait=true; --wait=false
// returns at once).
package shell

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/svcsim/svcsim/sim"
)

// Session is a simulated cluster and the commands run on it.
type Session struct {
	// Dir is where relative -f paths start: the scenario file's folder.
	Dir string
	// Out and Err are the command's standard output and error.
	Out, Err io.Writer
	// Apply applies a manifest (kubectl apply -f); nil: refused with an
	// error saying so. It returns the lines kubectl prints
	// ("deployment.apps/web created").
	Apply func(c *sim.Cluster, manifest []byte) ([]string, error)
	// YAML prints objects as `kubectl get -o yaml` does: one object named
	// alone as itself, else (list true) a v1 List of them; nil: -o yaml
	// is refused. Each ref is an API kind ("Deployment") and a name.
	YAML func(c *sim.Cluster, namespace string, refs []ObjectRef, list bool) ([]byte, error)
	// OnCluster, if set, is called once with the cluster when it is made,
	// before any command runs on it.
	OnCluster func(c *sim.Cluster)
	// OnCommand, if set, is called with each command line before it runs
	// (after the work due at that instant).
	OnCommand func(line string)
	// OnConn, if set, is called with each connection a command makes
	// (kubectl exec ... curl, sim traffic): its target as the client
	// named it and what Connect returned.
	OnConn func(target string, conn sim.Conn, err error)

	cfg sim.Config
	c   *sim.Cluster
}

// connect makes a connection and reports it to OnConn.
func (s *Session) connect(c *sim.Cluster, from sim.Client, target string) (sim.Conn, error) {
	conn, err := c.Connect(from, target)
	if s.OnConn != nil {
		s.OnConn(target, conn, err)
	}
	return conn, err
}

// ObjectRef names an object by its API kind and name.
type ObjectRef struct{ Kind, Name string }

// ExitError is a command that failed: its messages are already written
// to Err, Code is the exit status a terminal would see.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// failed is the ExitError of a command whose message was printed.
var failed = &ExitError{Code: 1}

// fail prints kubectl's error line and returns the failure.
func (s *Session) fail(format string, args ...any) error {
	fmt.Fprintf(s.Err, format+"\n", args...)
	return failed
}

// Cluster returns the session's cluster, making it on first use.
func (s *Session) Cluster() (*sim.Cluster, error) {
	if s.c != nil {
		return s.c, nil
	}
	c, err := sim.New(s.cfg)
	if err != nil {
		return nil, err
	}
	// sim numbers the changes it reports to a watch only: following
	// every kind, as the API server's watch cache does, gives every object
	// the real resourceVersion that -o yaml prints. Watching draws nothing
	// and leaves the trace as it is.
	for _, k := range []sim.WatchKind{sim.WatchNamespaces, sim.WatchNodes, sim.WatchPods, sim.WatchServices,
		sim.WatchEndpoints, sim.WatchEndpointSlices, sim.WatchDeployments, sim.WatchReplicaSets, sim.WatchStatefulSets} {
		if _, err := c.Watch(k, sim.WatchOptions{}, func(sim.WatchEvent) {}); err != nil {
			return nil, err
		}
	}
	s.c = c
	if s.OnCluster != nil {
		s.OnCluster(c)
	}
	return c, nil
}

// Exec runs one command line; stdin is its standard input (a heredoc's
// body). A failed command returns an *ExitError after printing its error.
func (s *Session) Exec(line, stdin string) error {
	args, err := words(line)
	if err != nil {
		return s.fail("svcsim: %v", err)
	}
	if len(args) == 0 {
		return nil
	}
	if args[0] == "sim" && len(args) > 1 && args[1] == "config" {
		return s.simConfig(args[2:])
	}
	if args[0] != "kubectl" && args[0] != "sim" {
		return s.fail("svcsim: unknown command %q: a line is a kubectl or sim command (try help)", args[0])
	}
	c, err := s.Cluster()
	if err != nil {
		return s.fail("error: sim config: %v", err)
	}
	if err := c.Advance(0); err != nil {
		return s.fail("error: %v", err)
	}
	if s.OnCommand != nil {
		s.OnCommand(line)
	}
	if args[0] == "sim" {
		return s.sim(c, args[1:])
	}
	return s.kubectl(c, args[1:], stdin)
}

// kubectl runs a kubectl command.
func (s *Session) kubectl(c *sim.Cluster, args []string, stdin string) error {
	// Global flags before the command ("kubectl -n dev get pods") move
	// after it.
	var global []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		global = append(global, args[0])
		args = args[1:]
		if (global[len(global)-1] == "-n" || global[len(global)-1] == "--namespace") && len(args) > 0 {
			global = append(global, args[0])
			args = args[1:]
		}
	}
	if len(args) == 0 {
		return s.fail("error: kubectl needs a command: %s", strings.Join(kubectlCommands, ", "))
	}
	rest := append(args[1:len(args):len(args)], global...)
	switch args[0] {
	case "get":
		return s.get(c, rest)
	case "describe":
		return s.describe(c, rest)
	case "create":
		return s.create(c, rest)
	case "run":
		return s.run(c, rest)
	case "expose":
		return s.expose(c, rest)
	case "scale":
		return s.scale(c, rest)
	case "rollout":
		return s.rollout(c, rest)
	case "set":
		return s.set(c, rest)
	case "label":
		return s.label(c, rest)
	case "delete":
		return s.delete(c, rest)
	case "exec":
		return s.exec(c, rest)
	case "apply":
		return s.apply(c, rest, stdin)
	}
	return s.fail("error: unknown command %q for \"kubectl\"", args[0])
}

// kubectlCommands are the kubectl commands svcsim knows.
var kubectlCommands = []string{"apply", "create", "delete", "describe", "exec", "expose", "get", "label",
	"rollout", "run", "scale", "set"}

// flags parses args for cmd, printing cobra's error and usage line on a
// bad flag.
func (s *Session) flags(f *flagSet, args []string) error {
	if err := f.Parse(args); err != nil {
		return s.fail("error: %v\n%s", err, f.usage())
	}
	return nil
}

// namespaceFlag adds -n/--namespace.
func namespaceFlag(f *flagSet) *string { return f.String("namespace", 'n', "default") }

// apiError prints a cluster call's error in kubectl's words for an object
// of kind k named name.
func (s *Session) apiError(k *kind, name string, err error) error {
	switch {
	case errors.Is(err, sim.ErrNotFound):
		return s.fail("%s", k.notFound(name))
	case errors.Is(err, sim.ErrAlreadyExists):
		return s.fail("Error from server (AlreadyExists): %s %q already exists", k.resource(), name)
	case errors.Is(err, sim.ErrInvalid):
		return s.fail("The %s %q is invalid: %v", kindTitle(k), name, err)
	case errors.Is(err, sim.ErrForbidden):
		return s.fail("Error from server (Forbidden): %v", err)
	}
	return s.fail("error: %v", err)
}

// kindTitle is the Kind as the API names it ("Deployment").
func kindTitle(k *kind) string {
	switch k {
	case kDeploy:
		return "Deployment"
	case kSTS:
		return "StatefulSet"
	case kRS:
		return "ReplicaSet"
	case kSlice:
		return "EndpointSlice"
	case kEndpoint:
		return "Endpoints"
	}
	return strings.ToUpper(k.singular[:1]) + k.singular[1:]
}
