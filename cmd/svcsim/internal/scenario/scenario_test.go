package scenario

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	src := `# the tour
kubectl create deployment web --image=web
----
deployment.apps/web created

! kubectl get deploy nope
----
Error from server (NotFound): deployments.apps "nope" not found

kubectl apply -f - <<EOF
kind: Pod
EOF
----
----
a

b
----
----

sim settle
`
	f, err := Parse("tour.txt", src)
	require.NoError(t, err)
	require.Len(t, f.Steps, 4)
	assert.Equal(t, Step{Line: 2, Command: "kubectl create deployment web --image=web", HasOut: true,
		Expected: "deployment.apps/web created\n", raw: "kubectl create deployment web --image=web\n"}, f.Steps[0])
	assert.True(t, f.Steps[1].WantErr)
	assert.Equal(t, "kubectl get deploy nope", f.Steps[1].Command)
	assert.Equal(t, "kubectl apply -f -", f.Steps[2].Command)
	assert.Equal(t, "kind: Pod\n", f.Steps[2].Input)
	assert.Equal(t, "a\n\nb\n", f.Steps[2].Expected)
	assert.Equal(t, 10, f.Steps[2].Line)
	assert.False(t, f.Steps[3].HasOut)
	assert.Equal(t, 21, f.Steps[3].Line)

	// Format with the outputs as read gives the file back, but for the
	// "----" the last step gains.
	assert.Equal(t, src+"----\n", f.Format(nil))
	// A rewrite changes outputs only.
	got := f.Format([]string{"x\n", "y\n", "z\n", "done\n"})
	g, err := Parse("tour.txt", got)
	require.NoError(t, err)
	assert.Equal(t, []string{"x\n", "y\n", "z\n", "done\n"},
		[]string{g.Steps[0].Expected, g.Steps[1].Expected, g.Steps[2].Expected, g.Steps[3].Expected})
	assert.Equal(t, "# the tour\n", got[:len("# the tour\n")])
}

// TestFormatAddsOutputs: a file written without outputs gains them, one
// blank line after each, the commands' own blank lines kept.
func TestFormatAddsOutputs(t *testing.T) {
	f, err := Parse("f", "# a\nsim settle\n\nkubectl get pods\n# b\nsim check\n")
	require.NoError(t, err)
	assert.Equal(t, "# a\nsim settle\n----\n\nkubectl get pods\n----\nNo resources found in default namespace.\n\n# b\nsim check\n----\n",
		f.Format([]string{"", "No resources found in default namespace.\n", ""}))
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"!\n", `f.txt:1: "!" without a command`},
		{"kubectl apply -f - <<EOF\nkind: Pod\n", `f.txt:1: heredoc <<EOF: no line "EOF" ends it`},
		{"----\n", `f.txt:1: "----" without a command above it`},
		{"sim settle\n----\n----\nx\n", `f.txt:3: output opened with "----" twice: no "----" pair closes it`},
		{"sim settle\n----\nx\n----\n----\n", `f.txt:4: "----" inside an output: put the output between "----" pairs`},
	} {
		_, err := Parse("f.txt", tc.src)
		var pe *Error
		require.True(t, errors.As(err, &pe), "%q: %v", tc.src, err)
		assert.Equal(t, tc.want, err.Error(), "%q", tc.src)
	}
}

// FuzzParse: Parse never panics, and what Format writes parses back to
// the same steps.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"kubectl get pods\n----\nNo resources found in default namespace.\n",
		"# c\n! kubectl get x\n----\n----\na\n\nb\n----\n----\n",
		"kubectl apply -f - <<EOF\nkind: Pod\nEOF\n",
		"sim settle\n\n\nsim check\n----\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse("f", src)
		if err != nil {
			return
		}
		out := p.Format(nil)
		q, err := Parse("f", out)
		if err != nil {
			t.Fatalf("Format output does not parse: %v\n%q", err, out)
		}
		if len(q.Steps) != len(p.Steps) {
			t.Fatalf("%d steps became %d\n%q", len(p.Steps), len(q.Steps), out)
		}
		for i := range p.Steps {
			a, b := p.Steps[i], q.Steps[i]
			if a.Command != b.Command || a.WantErr != b.WantErr || a.Input != b.Input || a.Expected != b.Expected {
				t.Fatalf("step %d: %+v became %+v\n%q", i, a, b, out)
			}
		}
	})
}
