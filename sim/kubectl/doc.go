// Package kubectl prints svcsim objects as `kubectl get` does: the same
// columns, the same cell formats and the same text/tabwriter settings as
// k8s.io/kubectl's human-readable printers
// (pkg/printers/internalversion/printers.go and
// k8s.io/cli-runtime/pkg/printers/tabwriter.go); DescribeService,
// DescribePod and DescribeDeployment print `kubectl describe`
// (pkg/describe/describe.go).
//
// Each printer takes an io.Writer, the API values to show (pod.Pod,
// service.Service, endpoints.Endpoints, endpoints.Slice, sim.Node,
// sim.Deployment, sim.ReplicaSet, sim.StatefulSet) and Options. AGE and the
// RESTARTS age come from the objects themselves
// (CreationTimestamp, RestartCount, LastTerminationTime), measured to the
// Options' virtual "now"; For takes it from a *sim.Cluster:
//
//	kubectl.Pods(os.Stdout, c.Pods("default", sel), kubectl.For(c).WithWide())
//
// The printers are pure: they read nothing but their arguments, so the same
// values print the same bytes. They sort rows by namespace and name, as the
// API server lists objects.
package kubectl
