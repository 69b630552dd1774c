package shell

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNamespaces: -n picks the namespace of every command (before or
// after the command's name), -A lists across all of them, and an empty
// namespace says so in kubectl's words.
func TestNamespaces(t *testing.T) {
	var buf strings.Builder
	s := &Session{Out: &buf, Err: &buf}
	for _, step := range []struct{ line, want string }{
		{"kubectl create deployment api --image=api -n dev", "deployment.apps/api created\n"},
		{"kubectl -n dev expose deploy/api --port=80", "service/api exposed\n"},
		{"kubectl get deploy", "No resources found in default namespace.\n"},
		{"kubectl get pods -n staging", "No resources found in staging namespace.\n"},
		{"kubectl get deploy -n dev", "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\napi    1/1     1            1           0s\n"},
		{"kubectl get svc -A", "NAMESPACE     NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)                  AGE\n" +
			"default       kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP                  0s\n" +
			"dev           api          ClusterIP   10.100.240.11   <none>        80/TCP                   0s\n" +
			"kube-system   kube-dns     ClusterIP   10.96.0.10      <none>        53/UDP,53/TCP,9153/TCP   0s\n"},
	} {
		buf.Reset()
		require.NoError(t, s.Exec(step.line, ""), "%s: %s", step.line, buf.String())
		assert.Equal(t, step.want, buf.String(), step.line)
	}
	buf.Reset()
	require.Error(t, s.Exec("kubectl get svc api", ""))
	assert.Equal(t, "Error from server (NotFound): services \"api\" not found\n", buf.String())
}

// TestNamespaceCommands: create namespace, get ns, delete namespace (which
// waits until the namespace is gone with its last pod).
func TestNamespaceCommands(t *testing.T) {
	var buf strings.Builder
	s := &Session{Out: &buf, Err: &buf}
	for _, step := range []struct{ line, want string }{
		{"kubectl create namespace shop", "namespace/shop created\n"},
		{"kubectl create deployment web --image=web -n shop", "deployment.apps/web created\n"},
		{"kubectl get ns", "NAME              STATUS   AGE\ndefault           Active   0s\nkube-node-lease   Active   0s\n" +
			"kube-public       Active   0s\nkube-system       Active   0s\nshop              Active   0s\n"},
		{"kubectl delete namespace shop", "namespace \"shop\" deleted\n"},
		{"kubectl get ns shop -o name", ""},
	} {
		buf.Reset()
		err := s.Exec(step.line, "")
		if step.want == "" {
			require.Error(t, err)
			assert.Equal(t, "Error from server (NotFound): namespaces \"shop\" not found\n", buf.String())
			continue
		}
		require.NoError(t, err, "%s: %s", step.line, buf.String())
		assert.Equal(t, step.want, buf.String(), step.line)
	}
	buf.Reset()
	require.Error(t, s.Exec("kubectl create ns default", ""))
	assert.Equal(t, "Error from server (AlreadyExists): namespaces \"default\" already exists\n", buf.String())
}
