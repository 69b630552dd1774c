package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/cmd/svcsim/internal/scenario"
)

// bigNumber matches numbers large enough to make a fuzzed scenario slow
// (a million replicas), not wrong.
var bigNumber = regexp.MustCompile(`[0-9]{5}`)

// FuzzScenario: any text, parsed as a scenario and run command by command
// on a fresh cluster, never panics; a command either succeeds or fails
// with its message.
func FuzzScenario(f *testing.F) {
	for _, s := range []string{
		"kubectl create deployment web --image=agnhost --replicas=2 --port=8080\nkubectl expose deployment web --port=80\nkubectl get pods -o wide\n",
		"kubectl run client --image=curl\nkubectl exec client -- curl -s web:80\n! kubectl get deploy nope\n----\nx\n",
		"sim config Seed=3 Nodes=2\nsim fail node-2\nsim traffic client web:80 --every 1s --for 5s\nsim events --since 1m\n",
		"kubectl apply -f - <<EOF\nkind: Pod\nEOF\nkubectl label pod a b- --overwrite\nkubectl delete pods -l 'a in (b)' --force --grace-period=0\n",
		"kubectl rollout status deployment/web\nkubectl scale sts db --replicas=1\nkubectl describe svc kubernetes\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if bigNumber.MatchString(src) || strings.Count(src, "\n") > 50 {
			t.Skip()
		}
		file, err := scenario.Parse("f", src)
		if err != nil {
			return
		}
		var buf strings.Builder
		s := newSession("f", &buf, &buf)
		for _, st := range file.Steps {
			_ = s.Exec(st.Command, st.Input)
		}
	})
}
