package shell

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGetSeveralTypes: kubectl get TYPE,TYPE and get all print one table
// per type that has objects, names as kind/name, a blank line between;
// TYPE/NAME arguments of several types likewise.
func TestGetSeveralTypes(t *testing.T) {
	s, buf := session(t)
	for _, step := range []struct{ line, want string }{
		{"kubectl get deploy,svc", `NAME                  READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/web   2/2     2            2           1s

NAME                 TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE
service/kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP   1s
service/web          ClusterIP   10.100.240.11   <none>        80/TCP    1s
`},
		{"kubectl get all -l app=web", `NAME                       READY   STATUS    RESTARTS   AGE
pod/web-5898d4bf86-65n5s   1/1     Running   0          1s
pod/web-5898d4bf86-94s52   1/1     Running   0          1s

NAME                  READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/web   2/2     2            2           1s

NAME                             DESIRED   CURRENT   READY   AGE
replicaset.apps/web-5898d4bf86   2         2         2       1s
`},
		{"kubectl get deploy/web svc/web -o name", "deployment.apps/web\nservice/web\n"},
		{"kubectl get sts,rs -n dev", "No resources found in dev namespace.\n"},
	} {
		buf.Reset()
		require.NoError(t, s.Exec(step.line, ""), "%s: %s", step.line, buf.String())
		assert.Equal(t, step.want, buf.String(), step.line)
	}
}
