package shell

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// TestDeleteWaits: kubectl delete waits (virtual time) until the pod is
// gone, its grace period; --wait=false returns at once; --force
// --grace-period=0 warns and removes it at once.
func TestDeleteWaits(t *testing.T) {
	for _, tc := range []struct {
		line, out string
		waited    time.Duration
		gone      bool
	}{
		{"kubectl delete pod client", "pod \"client\" deleted from default namespace\n", 30 * time.Second, true},
		{"kubectl delete pod/client --wait=false", "pod \"client\" deleted from default namespace\n", 0, false},
		{"kubectl delete pod client --grace-period=5", "pod \"client\" deleted from default namespace\n", 5 * time.Second, true},
		{"kubectl delete pod client --force --grace-period=0", forceWarning + "\npod \"client\" force deleted from default namespace\n", 0, true},
		{"kubectl delete pods -l run=client --now", "pod \"client\" deleted from default namespace\n", time.Second, true},
	} {
		t.Run(tc.line, func(t *testing.T) {
			s, buf := session(t)
			start := s.c.Now()
			require.NoError(t, s.Exec(tc.line, ""), buf.String())
			assert.Equal(t, tc.out, buf.String())
			assert.Equal(t, tc.waited, s.c.Now().Sub(start))
			_, ok := s.c.Pod("default", "client")
			assert.Equal(t, !tc.gone, ok)
		})
	}
	s, buf := session(t)
	require.NoError(t, s.Exec("kubectl delete pods -l app=nothing", ""))
	assert.Equal(t, "No resources found\n", buf.String())
	buf.Reset()
	require.NoError(t, s.Exec("kubectl delete deployment web", ""))
	assert.Equal(t, "deployment.apps \"web\" deleted from default namespace\n", buf.String())
	buf.Reset()
	require.NoError(t, s.Exec("kubectl delete svc/web", ""))
	assert.Equal(t, "service \"web\" deleted from default namespace\n", buf.String())
}

// TestExecCurlFailures: curl's errors and exit codes, silent with -s, as
// kubectl exec reports them.
func TestExecCurlFailures(t *testing.T) {
	for _, tc := range []struct {
		line, out string
		code      int
	}{
		{"kubectl exec client -- curl nope:80", "curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n", 6},
		{"kubectl exec client -- curl -s nope:80", "command terminated with exit code 6\n", 6},
		{"kubectl exec client -- curl -sS http://empty/", "curl: (7) Failed to connect to empty port 80 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n", 7},
		{"kubectl exec client -- curl -m 2 10.96.200.200:80", "curl: (28) Failed to connect to 10.96.200.200 port 80 after 2000 ms: Timeout was reached\ncommand terminated with exit code 28\n", 28},
		{"kubectl exec client -- curl --frob web", "curl: option --frob: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\ncommand terminated with exit code 2\n", 2},
		{"kubectl exec client -- wget web", "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: \"wget\": executable file not found in $PATH: unknown\n", 1},
	} {
		t.Run(tc.line, func(t *testing.T) {
			s, buf := session(t)
			require.NoError(t, s.Exec("kubectl create service clusterip empty --tcp=80", ""))
			require.NoError(t, s.Exec("sim advance 1s", ""))
			buf.Reset()
			err := s.Exec(tc.line, "")
			var exit *ExitError
			require.ErrorAs(t, err, &exit)
			assert.Equal(t, tc.code, exit.Code)
			assert.Equal(t, tc.out, buf.String())
		})
	}
}

// TestDeleteWaitsForTheObject: kubectl delete waits for the object it
// deleted (its UID), not for the name: a StatefulSet re-creates db-0 at
// once, and delete returns when the old db-0 is gone.
func TestDeleteWaitsForTheObject(t *testing.T) {
	s, buf := session(t)
	require.NoError(t, s.c.CreateStatefulSet(sim.StatefulSet{Name: "db", Replicas: 1, ServiceName: "db",
		Labels: selector.Set{"app": "db"}, Containers: []pod.Container{{Name: "db", Image: "postgres"}}}))
	require.NoError(t, s.Exec("sim settle", ""))
	start := s.c.Now()
	require.NoError(t, s.Exec("kubectl delete pod db-0", ""), buf.String())
	assert.Equal(t, "pod \"db-0\" deleted from default namespace\n", buf.String())
	assert.Equal(t, 30*time.Second, s.c.Now().Sub(start))
}
