package kubectl

import (
	"cmp"
	"io"
	"slices"
	"strconv"

	"github.com/svcsim/svcsim/pod"
)

// Pods prints pods as `kubectl get pods` (columns NAME READY STATUS
// RESTARTS AGE) and, with o.Wide, `-o wide` (adding IP NODE NOMINATED NODE
// READINESS GATES), following printPod upstream: READY is ready/total
// containers (svcsim pods have one container), STATUS is pod.Pod.Status
// ("Running", "Terminating", "CrashLoopBackOff", "ContainerCreating", ...),
// RESTARTS is pod.Pod.RestartCount with the age of the last container exit
// (LastTerminationTime) as "(5m ago)" when both are set, AGE the age of
// CreationTimestamp ("<unknown>" when zero), and an unset IP or node is
// "<none>". With o.ShowLabels a last column LABELS lists the labels as
// k=v pairs, sorted ("<none>" without).
func Pods(w io.Writer, pods []pod.Pod, o Options) error {
	hdr := []string{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}
	if o.Wide {
		hdr = append(hdr, "IP", "NODE", "NOMINATED NODE", "READINESS GATES")
	}
	if o.ShowLabels {
		hdr = append(hdr, "LABELS")
	}
	t := newTable(o, hdr...)
	for _, p := range sortedPods(pods) {
		n := strconv.Itoa(max(1, len(p.Containers)))
		ready := "0/" + n
		if p.Ready {
			ready = n + "/" + n
		}
		restarts := strconv.Itoa(int(p.RestartCount))
		if p.RestartCount != 0 && !p.LastTerminationTime.IsZero() {
			restarts += " (" + age(o.Now, p.LastTerminationTime) + " ago)"
		}
		cells := []string{p.Name, ready, p.Status(), restarts, age(o.Now, p.CreationTimestamp)}
		if o.Wide {
			ip := "<none>"
			if p.IP.IsValid() {
				ip = p.IP.String()
			}
			cells = append(cells, ip, noneIfEmpty(p.NodeName), "<none>", "<none>")
		}
		if o.ShowLabels {
			cells = append(cells, noneIfEmpty(p.Labels.String()))
		}
		t.add(o, p.Namespace, cells...)
	}
	return t.write(w)
}

func sortedPods(pods []pod.Pod) []pod.Pod {
	s := slices.Clone(pods)
	slices.SortStableFunc(s, func(a, b pod.Pod) int {
		return cmp.Or(cmp.Compare(nsOrDefault(a.Namespace), nsOrDefault(b.Namespace)), cmp.Compare(a.Name, b.Name))
	})
	return s
}
