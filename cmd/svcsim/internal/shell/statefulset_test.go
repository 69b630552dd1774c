package shell

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// TestStatefulSetCommands: scale sts, set image, rollout restart and
// status, get and delete, on a StatefulSet (which only kubectl apply
// creates).
func TestStatefulSetCommands(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	require.NoError(t, c.CreateStatefulSet(sim.StatefulSet{Name: "db", Replicas: 2, ServiceName: "db",
		Labels: selector.Set{"app": "db"}, ReadyAfter: 2 * time.Second,
		Containers: []pod.Container{{Name: "postgres", Image: "postgres:17", Ports: []pod.ContainerPort{{Port: 5432}}}}}))
	var buf strings.Builder
	s := &Session{Out: &buf, Err: &buf, c: c}
	for _, step := range []struct{ line, want string }{
		{"kubectl rollout status sts/db", "Waiting for 2 pods to be ready...\nWaiting for 1 pods to be ready...\n" +
			"statefulset rolling update complete 2 pods at revision db-765857cb79...\n"},
		{"kubectl scale statefulset db --replicas=3", "statefulset.apps/db scaled\n"},
		{"kubectl rollout status statefulset db", "Waiting for 1 pods to be ready...\n" +
			"statefulset rolling update complete 3 pods at revision db-765857cb79...\n"},
		{"kubectl get sts", "NAME   READY   AGE\ndb     3/3     6s\n"},
		{"kubectl set image sts/db postgres=postgres:18", "statefulset.apps/db image updated\n"},
		{"kubectl get pods -o name", "pod/db-0\npod/db-1\npod/db-2\n"},
		{"kubectl delete sts db", "statefulset.apps \"db\" deleted from default namespace\n"},
	} {
		buf.Reset()
		require.NoError(t, s.Exec(step.line, ""), "%s: %s", step.line, buf.String())
		assert.Equal(t, step.want, buf.String(), step.line)
	}
}
