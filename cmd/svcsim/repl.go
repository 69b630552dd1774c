package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/svcsim/svcsim/cmd/svcsim/internal/shell"
)

const replHelp = `svcsim: a simulated Kubernetes cluster (3 nodes, kubeadm's layout). Type kubectl commands:
  kubectl create deployment NAME --image=IMG [--replicas=N] [--port=P]
  kubectl run NAME --image=IMG [--labels=K=V,...]
  kubectl expose deployment NAME --port=80 [--target-port=8080] [--type=NodePort|LoadBalancer] [--name=SVC]
  kubectl apply -f FILE | kubectl apply -f - <<EOF ... EOF
  kubectl scale deployment/NAME --replicas=N          (also sts)
  kubectl rollout restart|status deployment/NAME      (also sts)
  kubectl rollout history deployment/NAME | kubectl rollout undo deployment/NAME [--to-revision=N]
  kubectl set image deployment/NAME CONTAINER=IMG
  kubectl label pod NAME KEY=VALUE [--overwrite] | KEY-
  kubectl create namespace NAME | kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=80:8080
  kubectl delete pod|svc|deployment|sts|ns NAME | -l SELECTOR  [--force --grace-period=0] [--wait=false]
  kubectl get pods|svc|endpoints|endpointslices|deploy|rs|sts|nodes|ns|all [NAME] [-l SEL] [-o wide|name|yaml] [-n NS|-A]
  kubectl describe svc|pod|deployment NAME
  kubectl exec POD -- curl [-s] HOST:PORT | nslookup NAME | env | hostname
and the simulation's verbs:
  sim advance DURATION | sim settle       move the virtual clock (other commands do not, but
                                          rollout status and delete, which wait as kubectl does)
  sim fail NODE | sim recover NODE        power a node off and on
  sim crash pod NAME                      its container exits and restarts in place
  sim traffic FROM TARGET --every 1s --for 60s   a client's connections, tallied per pod
  sim events [--since DURATION]           what happened
  sim check                               every invariant of the simulation
  sim config KEY=VALUE...                 before the first command: Seed=42 Nodes=5 ProxyDelay=2s
help shows this, exit (or Ctrl-D) leaves. An error leaves the cluster as it was.
`

// repl reads commands from in until exit or end of input; errors are
// printed and the session goes on.
func repl(in io.Reader, out, errw io.Writer) int {
	s := &shell.Session{Dir: ".", Out: out, Err: errw}
	plugKube(s)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	fmt.Fprintln(out, "svcsim: a simulated cluster. Type help for the commands, exit to leave.")
	for {
		fmt.Fprint(out, "svcsim$ ")
		if !sc.Scan() {
			fmt.Fprintln(out)
			return 0
		}
		line := strings.TrimSpace(sc.Text())
		line = strings.TrimSpace(strings.TrimPrefix(line, "!"))
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case line == "help":
			fmt.Fprint(out, replHelp)
			continue
		case line == "exit" || line == "quit":
			return 0
		}
		var input string
		if k := strings.LastIndex(line, "<<"); k >= 0 {
			word := strings.Trim(strings.TrimSpace(line[k+2:]), `'"`)
			line = strings.TrimSpace(line[:k])
			var b strings.Builder
			for {
				fmt.Fprint(out, "> ")
				if !sc.Scan() {
					break
				}
				if strings.TrimSpace(sc.Text()) == word {
					break
				}
				b.WriteString(sc.Text() + "\n")
			}
			input = b.String()
		}
		if err := s.Exec(line, input); err != nil {
			var exit *shell.ExitError
			if !errors.As(err, &exit) {
				fmt.Fprintf(errw, "svcsim: %v\n", err)
			}
		}
	}
}
