package shell

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// session returns a session on a settled cluster holding deployment web
// (2 replicas, port 8080), its Service and a client pod, with stdout and
// stderr in one buffer as a terminal shows them.
func session(t *testing.T) (*Session, *strings.Builder) {
	t.Helper()
	var buf strings.Builder
	s := &Session{Dir: t.TempDir(), Out: &buf, Err: &buf}
	for _, line := range []string{
		"kubectl create deployment web --image=agnhost --replicas=2 --port=8080",
		"kubectl expose deployment web --port=80 --target-port=8080",
		"kubectl run client --image=curl",
		"sim settle",
	} {
		require.NoError(t, s.Exec(line, ""), buf.String())
	}
	buf.Reset()
	return s, &buf
}

// state is what a command could change of c: its clock, trace, pods,
// Services, Deployments and StatefulSets.
func state(c *sim.Cluster) string {
	var b strings.Builder
	fmt.Fprintln(&b, c.Now(), len(c.Events()))
	for _, p := range c.Pods("default", selector.Everything()) {
		fmt.Fprintf(&b, "%+v\n", p)
	}
	for _, v := range c.Services("default") {
		fmt.Fprintf(&b, "%+v\n", v)
	}
	for _, d := range c.Deployments("default") {
		fmt.Fprintf(&b, "%+v\n", d)
	}
	for _, v := range c.StatefulSets("default") {
		fmt.Fprintf(&b, "%+v\n", v)
	}
	return b.String()
}

// TestBadInput: every malformed command fails with kubectl's words (or
// svcsim's, naming what is wrong), and leaves the cluster as it was.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"ls -l", `svcsim: unknown command "ls": a line is a kubectl or sim command (try help)`},
		{"kubectl frobnicate", `error: unknown command "frobnicate" for "kubectl"`},
		{"kubectl get pods --frob", "error: unknown flag: --frob\nSee 'kubectl get --help' for usage."},
		{"kubectl get pods -z", "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage."},
		{"kubectl get pods -l", "error: flag needs an argument: 'l' in -l\nSee 'kubectl get --help' for usage."},
		{"kubectl get widgets", `error: the server doesn't have a resource type "widgets"`},
		{"kubectl get deploy,widgets", `error: the server doesn't have a resource type "widgets"`},
		{"kubectl get deploy nope", `Error from server (NotFound): deployments.apps "nope" not found`},
		{"kubectl get pods -l 'app in (web'", `error: selector "app in (web": offset 11: found end of string, expected ',' or ')'`},
		{"kubectl get pods -o json", `error: unable to match a printer suitable for the output format "json", allowed formats are: name,wide,yaml`},
		{"kubectl describe svc nope", `Error from server (NotFound): services "nope" not found`},
		{"kubectl scale deployment web", `error: required flag(s) "replicas" not set`},
		{"kubectl scale deployment web --replicas=x", "error: invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl scale --help' for usage."},
		{"kubectl scale deployment nope --replicas=3", `Error from server (NotFound): deployments.apps "nope" not found`},
		{"kubectl create deployment web --image=x", `error: failed to create deployment: deployments.apps "web" already exists`},
		{"kubectl create deployment api", `error: required flag(s) "image" not set`},
		{"kubectl expose deployment web --port=80", `Error from server (AlreadyExists): services "web" already exists`},
		{"kubectl label pod client run=other", `error: 'run' already has a value (client), and --overwrite is false`},
		{"kubectl label pod client 'bad key=x'", `error: invalid label spec: bad key=x`},
		{"kubectl delete pod nope", `Error from server (NotFound): pods "nope" not found`},
		{"kubectl delete pod client nope", `Error from server (NotFound): pods "nope" not found`},
		{"kubectl rollout undo deployment web", `error: no rollout history found for deployment "web"`},
		{"kubectl rollout undo deployment web --to-revision=3", `error: unable to find specified revision 3 in history`},
		{"kubectl set image deployment/web nope=x", `error: unable to find container named "nope"`},
		{"kubectl exec client curl web", "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec --help' for usage."},
		{"kubectl exec nope -- env", `Error from server (NotFound): pods "nope" not found`},
		{"kubectl apply -f missing.yaml", `error: the path "missing.yaml" does not exist`},
		{"kubectl apply -n dev -f web.yaml", `error: svcsim applies each object to the namespace its manifest names (metadata.namespace, else default): -n is not supported`},
		{"sim advance soon", `error: sim advance: invalid duration "soon" (want e.g. 30s, 5m, 1h)`},
		{"sim advance -5s", `error: sim advance: invalid duration "-5s": must not be negative`},
		{"sim fail node-9", `Error from server (NotFound): nodes "node-9" not found`},
		{"sim crash pod nope", `Error from server (NotFound): pods "nope" not found`},
		{"sim frob", `error: unknown command "frob" for "sim"`},
		{"sim config Nodes=5", `error: sim config must come before the first command that uses the cluster`},
		{"sim traffic client web:80 --every 0s", `error: sim traffic: --every: --every must be positive`},
		{"kubectl get pods 'unterminated", "svcsim: unexpected EOF while looking for matching `''"},
	} {
		t.Run(tc.line, func(t *testing.T) {
			s, buf := session(t)
			before := state(s.c)
			err := s.Exec(tc.line, "")
			var exit *ExitError
			require.True(t, errors.As(err, &exit), "%q: err %v, output %q", tc.line, err, buf.String())
			assert.Equal(t, tc.want+"\n", buf.String())
			assert.Equal(t, before, state(s.c), "the cluster changed")
		})
	}
}
