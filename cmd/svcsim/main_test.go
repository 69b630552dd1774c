package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// svcsim runs the command with args and stdin, returning its exit status,
// stdout and stderr.
func svcsim(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errw strings.Builder
	code := run(args, strings.NewReader(stdin), &out, &errw)
	return code, out.String(), errw.String()
}

// TestREPL: a prompt per line, help, errors that do not end the session
// and leave the cluster as it was, a heredoc, exit.
func TestREPL(t *testing.T) {
	code, out, errw := svcsim(t, `kubectl create deployment web --image=agnhost --replicas=2
kubectl scale deployment web --replicas=oops
kubectl get deploy nope
frobnicate
kubectl get deploy
help
exit
kubectl get pods
`)
	assert.Equal(t, 0, code)
	assert.Equal(t, `error: invalid argument "oops" for "--replicas" flag: strconv.ParseInt: parsing "oops": invalid syntax
See 'kubectl scale --help' for usage.
Error from server (NotFound): deployments.apps "nope" not found
svcsim: unknown command "frobnicate": a line is a kubectl or sim command (try help)
`, errw)
	assert.True(t, strings.HasPrefix(out, "svcsim: a simulated cluster. Type help for the commands, exit to leave.\nsvcsim$ deployment.apps/web created\nsvcsim$ svcsim$ svcsim$ svcsim$ NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           0s\nsvcsim$ svcsim: a simulated Kubernetes cluster"), out)
	assert.Contains(t, out, "  sim traffic FROM TARGET --every 1s --for 60s")
	assert.True(t, strings.HasSuffix(out, "svcsim$ "), "exit ends the session: %q", out[len(out)-40:])
}

// TestREPLHeredoc: kubectl apply -f - <<EOF reads the manifest up to EOF
// with a continuation prompt.
func TestREPLHeredoc(t *testing.T) {
	_, out, errw := svcsim(t, "kubectl apply -f - <<EOF\nkind: Pod\nEOF\nkubectl get pods\n")
	assert.Contains(t, out, "svcsim$ > > svcsim$ ")
	assert.NotContains(t, errw, "kind: Pod")
}

// TestRunStopsAtUnexpectedError: svcsim run prints what a terminal shows
// and stops at the first command that fails unexpectedly, naming its file
// and line, with the command's exit status.
func TestRunStopsAtUnexpectedError(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "s.txt")
	require.NoError(t, os.WriteFile(name, []byte("# x\n! kubectl get pod nope\nkubectl get deploy nope\nkubectl get pods\n"), 0o644))
	code, out, errw := svcsim(t, "", "run", name)
	assert.Equal(t, 1, code)
	assert.Equal(t, "$ kubectl get pod nope\n$ kubectl get deploy nope\n", out)
	assert.Equal(t, `Error from server (NotFound): pods "nope" not found
Error from server (NotFound): deployments.apps "nope" not found
svcsim: `+name+`:3: kubectl get deploy nope: failed (exit status 1); start the line with ! if that is expected
`, errw)

	require.NoError(t, os.WriteFile(name, []byte("sim settle\n! sim settle\n"), 0o644))
	code, _, errw = svcsim(t, "", "run", name)
	assert.Equal(t, 1, code)
	assert.Equal(t, "svcsim: "+name+":2: sim settle: succeeded, but the line starts with ! (an error expected)\n", errw)

	code, _, errw = svcsim(t, "", "run", filepath.Join(dir, "missing.txt"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errw, "missing.txt: no such file or directory")

	code, _, errw = svcsim(t, "", "run", "--frob", name)
	assert.Equal(t, 2, code)
	assert.Contains(t, errw, "flag provided but not defined: -frob")
}

// TestTestRewrite: svcsim test reports a differing output with its file
// and line; -rewrite writes the outputs, after which the test passes.
func TestTestRewrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "s.txt")
	require.NoError(t, os.WriteFile(name, []byte("# deploy\nkubectl create deployment web --image=agnhost\n----\nwrong\n\nkubectl get deploy\n"), 0o644))
	code, out, errw := svcsim(t, "", "test", name)
	assert.Equal(t, 1, code)
	assert.Equal(t, "FAIL 1 of 1 files\n", out)
	assert.Contains(t, errw, name+":2: kubectl create deployment web --image=agnhost: output differs\n  - wrong\n  + deployment.apps/web created\n")
	assert.Contains(t, errw, name+":6: kubectl get deploy: output differs\n")

	code, _, _ = svcsim(t, "", "test", "-rewrite", name)
	assert.Equal(t, 0, code)
	got, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "# deploy\nkubectl create deployment web --image=agnhost\n----\ndeployment.apps/web created\n\nkubectl get deploy\n----\nNAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    1/1     1            1           0s\n", string(got))
	code, out, _ = svcsim(t, "", "test", name)
	assert.Equal(t, 0, code)
	assert.Equal(t, "ok   "+name+"\n", out)
}

// TestREADMEScenario: the scenario the README shows passes svcsim test.
func TestREADMEScenario(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	start := strings.Index(string(readme), "```\nkubectl create deployment web")
	require.GreaterOrEqual(t, start, 0, "the README's scenario block")
	block := string(readme)[start+len("```\n"):]
	block = block[:strings.Index(block, "```")]
	name := filepath.Join(t.TempDir(), "readme.txt")
	require.NoError(t, os.WriteFile(name, []byte(block), 0o644))
	diffs, err := testFile(name, false)
	require.NoError(t, err)
	assert.Empty(t, diffs)
}

// TestRunHTML: run --html writes the timeline page of the scenario, its
// commands as markers; it draws one scenario, so two files are refused.
func TestRunHTML(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "lb.txt")
	require.NoError(t, os.WriteFile(name, []byte("kubectl create deployment web --image=agnhost --replicas=2 --port=8080\n"+
		"kubectl expose deployment web --port=80 --target-port=8080\nkubectl run client --image=curl\nsim advance 1s\n"+
		"sim traffic client web:80 --every 1s --for 5s\n"), 0o644))
	page := filepath.Join(dir, "lb.html")
	code, _, errw := svcsim(t, "", "run", "--html", page, name)
	require.Equal(t, 0, code, errw)
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Contains(t, string(html), "<title>lb")
	assert.Contains(t, string(html), "sim traffic client web:80 --every 1s --for 5s")

	code, _, errw = svcsim(t, "", "run", "--html", page, name, name)
	assert.Equal(t, 1, code)
	assert.Equal(t, "svcsim: --html draws one scenario: give it one file\n", errw)
}
