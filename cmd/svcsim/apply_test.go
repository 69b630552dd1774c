package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const webManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: agnhost
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`

// TestApply: kubectl apply -f takes a path relative to the scenario's
// folder, a folder, or the heredoc; it prints kubectl's line per object
// (created, unchanged, configured) and names the file, document and line
// of a manifest error, changing nothing.
func TestApply(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "manifests"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "manifests", "web.yaml"), []byte(webManifest), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "manifests", "bad.yml"), []byte(
		"apiVersion: v1\nkind: Service\nmetadata:\n  name: ok\nspec:\n  ports:\n  - port: 80\n---\n"+
			"apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  ports:\n  - port: 99999\n"), 0o644))
	scenario := `kubectl apply -f manifests/web.yaml
----
deployment.apps/web created
service/web created

kubectl apply -f manifests/web.yaml
----
deployment.apps/web unchanged
service/web unchanged

kubectl apply -f - <<EOF
` + strings.Replace(webManifest, "replicas: 2", "replicas: 3", 1) + `EOF
----
deployment.apps/web configured
service/web unchanged

! kubectl apply -f manifests/bad.yml
----
error: manifests/bad.yml: document 2 (line 9): service default/bad: [spec.ports[0].port: Invalid value: 99999: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 99999: must be between 1 and 65535, inclusive]

! kubectl get svc ok
----
Error from server (NotFound): services "ok" not found

! kubectl apply -f manifests
----
error: manifests/bad.yml: document 2 (line 9): service default/bad: [spec.ports[0].port: Invalid value: 99999: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 99999: must be between 1 and 65535, inclusive]

kubectl get deploy web
----
NAME   READY   UP-TO-DATE   AVAILABLE   AGE
web    3/3     3            3           0s
`
	name := filepath.Join(dir, "apply.txt")
	require.NoError(t, os.WriteFile(name, []byte(scenario), 0o644))
	diffs, err := testFile(name, false)
	require.NoError(t, err)
	for _, d := range diffs {
		t.Error(d)
	}
}

// TestGetYAML: -o yaml prints one named object as itself and a listing
// as a v1 List, as kubectl does; an unknown name is NotFound.
func TestGetYAML(t *testing.T) {
	var out strings.Builder
	s := newSession("x", &out, &out)
	require.NoError(t, s.Exec("kubectl create deployment web --image=agnhost", ""))
	require.NoError(t, s.Exec("kubectl get deploy web -o yaml", ""), out.String())
	require.True(t, strings.HasPrefix(out.String(), "deployment.apps/web created\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n"), out.String())
	out.Reset()
	require.NoError(t, s.Exec("kubectl get pods -l app=web -o yaml", ""), out.String())
	require.True(t, strings.HasPrefix(out.String(), "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n"), out.String())
	require.True(t, strings.HasSuffix(out.String(), "kind: List\nmetadata:\n  resourceVersion: \"\"\n"), out.String())
	out.Reset()
	require.Error(t, s.Exec("kubectl get svc nope -o yaml", ""))
	require.Equal(t, "Error from server (NotFound): services \"nope\" not found\n", out.String())
}

// TestGetYAMLResourceVersions: every object printed carries a real
// resourceVersion, growing as the cluster changes, never "0".
func TestGetYAMLResourceVersions(t *testing.T) {
	var out strings.Builder
	s := newSession("x", &out, &out)
	require.NoError(t, s.Exec("kubectl create deployment web --image=agnhost --replicas=2", ""))
	require.NoError(t, s.Exec("kubectl expose deployment web --port=80", ""))
	require.NoError(t, s.Exec("sim settle", ""))
	rv := func(cmd string) int {
		out.Reset()
		require.NoError(t, s.Exec(cmd, ""), out.String())
		m := regexp.MustCompile(`\n  resourceVersion: "(\d+)"\n`).FindStringSubmatch(out.String())
		require.NotNil(t, m, out.String())
		n, err := strconv.Atoi(m[1])
		require.NoError(t, err)
		return n
	}
	require.Positive(t, rv("kubectl get svc web -o yaml"))
	before := rv("kubectl get deploy web -o yaml")
	require.Positive(t, before)
	require.NoError(t, s.Exec("kubectl scale deployment web --replicas=3", ""), out.String())
	require.Greater(t, rv("kubectl get deploy web -o yaml"), before)
}
