package kube

// Pods both ways: pod.Pod and core/v1 Pod.

import (
	"net/netip"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// The exit the crash model's containers make (a process that fails).
const crashExitCode = 1

// ToPod returns p, a pod of cluster c, as the core/v1 Pod `kubectl get -o
// yaml` shows, with the defaults the API server writes (restartPolicy,
// dnsPolicy, schedulerName, serviceAccountName, priority, the default
// tolerations, each container's imagePullPolicy and termination message).
// From c come what pod.Pod does not carry: the controller (an
// ownerReference to its ReplicaSet or StatefulSet, and the generateName a
// ReplicaSet's pods have), the readiness probe standing for its readiness
// delay, its grace period, its node's address (status.hostIP) and when it
// became Ready. A pod c no longer holds (the last state of a deleted one)
// gets none of these but the default grace period. status carries the
// phase, the PodScheduled, PodReadyToStartContainers, Initialized,
// ContainersReady and Ready conditions, the addresses (status.podIPs, one
// per IP family of the cluster, and status.podIP, their first), startTime
// and one containerStatus per container; the crash model restarts the
// first container, whose status shows the restarts, the CrashLoopBackOff
// wait and the last exit (exit code 1). resourceVersion is left empty:
// the caller sets the one its watch event or list carries. The kubelet's
// Service environment variables (Env) are not part of the API object.
func ToPod(c *sim.Cluster, p pod.Pod) *corev1.Pod {
	ns := pod.NamespaceOrDefault(p.Namespace)
	det, ok := c.PodDetails(ns, p.Name)
	if !ok {
		det = sim.PodDetails{TerminationGracePeriod: sim.DefaultTerminationGracePeriod}
	}
	containers := p.Containers
	if len(containers) == 0 {
		containers = []pod.Container{{Name: shorthandContainer, Ports: p.Ports}}
	}
	out := &corev1.Pod{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: p.Name, UID: types.UID(uidString(p.UID)),
			CreationTimestamp: metaTime(p.CreationTimestamp), Labels: cloneStrings(p.Labels)},
		Spec: corev1.PodSpec{
			Containers:                    toContainers(containers, det.ReadyAfter),
			RestartPolicy:                 corev1.RestartPolicyAlways,
			TerminationGracePeriodSeconds: graceSeconds(det.TerminationGracePeriod),
			DNSPolicy:                     corev1.DNSClusterFirst,
			NodeName:                      p.NodeName,
			Hostname:                      p.Hostname,
			Subdomain:                     p.Subdomain,
			SchedulerName:                 corev1.DefaultSchedulerName,
			SecurityContext:               &corev1.PodSecurityContext{},
			ServiceAccountName:            "default",
			DeprecatedServiceAccount:      "default",
			EnableServiceLinks:            ptr(true),
			Priority:                      ptr(int32(0)),
			PreemptionPolicy:              ptr(corev1.PreemptLowerPriority),
			Tolerations:                   defaultPodTolerations(),
		},
	}
	if det.CrashLoop {
		out.Annotations = map[string]string{AnnotationCrashLoop: "true"}
	}
	if p.Terminating {
		out.DeletionTimestamp = ptr(metaTime(p.DeletionTimestamp))
		out.DeletionGracePeriodSeconds = ptr(seconds(p.DeletionGracePeriod))
	}
	switch det.ControllerKind {
	case "ReplicaSet":
		if rs, ok := c.ReplicaSet(ns, det.ControllerName); ok {
			out.OwnerReferences = []metav1.OwnerReference{controllerRef("apps/v1", "ReplicaSet", rs.Name,
				DerivedUID("ReplicaSet", ns, rs.Name, rs.CreationTimestamp))}
			if len(p.Name) > 5 {
				out.GenerateName = p.Name[:len(p.Name)-5]
			}
		}
	case "StatefulSet":
		if st, ok := c.StatefulSet(ns, det.ControllerName); ok {
			out.OwnerReferences = []metav1.OwnerReference{controllerRef("apps/v1", "StatefulSet", st.Name,
				DerivedUID("StatefulSet", ns, st.Name, st.CreationTimestamp))}
		}
	}
	out.Status = podStatus(c, p, det, containers)
	return out
}

// defaultPodTolerations are the tolerations the DefaultTolerationSeconds
// admission plugin adds to every pod (kubernetes
// plugin/pkg/admission/defaulttolerationseconds): 300 s on a node not
// ready or unreachable.
func defaultPodTolerations() []corev1.Toleration {
	var out []corev1.Toleration
	for _, key := range []string{corev1.TaintNodeNotReady, corev1.TaintNodeUnreachable} {
		out = append(out, corev1.Toleration{Key: key, Operator: corev1.TolerationOpExists,
			Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr(int64(300))})
	}
	return out
}

// AnnotationCrashLoop marks a pod, or a workload's pod template, whose
// containers exit at each start ("true"): svcsim's crash model
// (sim.Deployment.CrashLoop), which a real manifest expresses by a
// failing command.
const AnnotationCrashLoop = "svcsim.dev/crash-loop"

// podStatus builds a pod's status.
func podStatus(c *sim.Cluster, p pod.Pod, det sim.PodDetails, containers []pod.Container) corev1.PodStatus {
	st := corev1.PodStatus{Phase: corev1.PodPhase(p.Phase), QOSClass: corev1.PodQOSBestEffort}
	if st.Phase == "" {
		st.Phase = corev1.PodPending
	}
	created := metaTime(p.CreationTimestamp)
	cond := func(t corev1.PodConditionType, ok bool, at metav1.Time) corev1.PodCondition {
		s := corev1.ConditionFalse
		if ok {
			s = corev1.ConditionTrue
		}
		return corev1.PodCondition{Type: t, Status: s, LastTransitionTime: at}
	}
	if p.NodeName == "" {
		sc := cond(corev1.PodScheduled, false, created)
		sc.Reason = corev1.PodReasonUnschedulable
		st.Conditions = []corev1.PodCondition{sc}
		return st
	}
	if n, ok := c.Node(p.NodeName); ok && n.IP.IsValid() {
		st.HostIP, st.HostIPs = n.IP.String(), []corev1.HostIP{{IP: n.IP.String()}}
	}
	running := p.Phase == pod.Running
	readyAt := created
	switch {
	case p.Ready && !det.ReadyTime.IsZero():
		readyAt = metaTime(det.ReadyTime)
	case !p.Ready && !p.LastTerminationTime.IsZero():
		readyAt = metaTime(p.LastTerminationTime)
	}
	ready := cond(corev1.PodReady, p.Ready, readyAt)
	cready := cond(corev1.ContainersReady, p.Ready, readyAt)
	if !p.Ready {
		// The kubelet's wording (pkg/kubelet/status/generate.go,
		// GeneratePodReadyCondition): every container is unready with the
		// pod, readiness being the pod's in svcsim.
		var names []string
		for _, ct := range containers {
			names = append(names, ct.Name)
		}
		msg := "containers with unready status: [" + strings.Join(names, " ") + "]"
		ready.Reason, cready.Reason = "ContainersNotReady", "ContainersNotReady"
		ready.Message, cready.Message = msg, msg
	}
	st.Conditions = []corev1.PodCondition{
		cond(corev1.PodReadyToStartContainers, running, created),
		cond(corev1.PodInitialized, true, created),
		ready, cready,
		cond(corev1.PodScheduled, true, created),
	}
	if running {
		st.StartTime = ptr(created)
	}
	ips := p.IPs
	if len(ips) == 0 && p.IP.IsValid() {
		ips = []netip.Addr{p.IP}
	}
	for _, ip := range ips {
		st.PodIPs = append(st.PodIPs, corev1.PodIP{IP: ip.String()})
	}
	if len(ips) > 0 {
		st.PodIP = st.PodIPs[0].IP
	}
	for i, ct := range containers {
		cs := corev1.ContainerStatus{Name: ct.Name, Image: ct.Image, Ready: p.Ready, Started: ptr(running)}
		switch {
		case !running:
			cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}
		case i > 0 || p.ContainerReason == "":
			cs.State.Running = &corev1.ContainerStateRunning{StartedAt: created}
		case p.ContainerReason == pod.ReasonCrashLoopBackOff:
			cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: pod.ReasonCrashLoopBackOff}
			cs.Started = ptr(false)
		default:
			cs.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: crashExitCode, Reason: p.ContainerReason,
				FinishedAt: metaTime(p.LastTerminationTime)}
			cs.Started = ptr(false)
		}
		if i == 0 {
			cs.RestartCount = p.RestartCount
			if !p.LastTerminationTime.IsZero() && cs.State.Terminated == nil {
				cs.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: crashExitCode,
					Reason: pod.ReasonError, FinishedAt: metaTime(p.LastTerminationTime)}
			}
		}
		st.ContainerStatuses = append(st.ContainerStatuses, cs)
	}
	return st
}

// FromPod returns the pod.Pod k describes, with the warnings for the
// fields svcsim ignores. It reads the spec (containers, nodeName,
// hostname, subdomain) and what ToPod writes of the status (phase,
// readiness, addresses, the first container's restarts and state,
// deletion), so FromPod(ToPod(c, p)) is p but for Env. status.podIP and
// status.podIPs are reconciled as the API server converts them: podIP
// alone is podIPs [podIP], and a podIP other than podIPs[0] wins over
// podIPs. An address that does not parse is an error wrapping
// sim.ErrInvalid. A bare pod in svcsim is Ready when it runs, with the
// default grace period: a readiness probe with a delay, or a
// terminationGracePeriodSeconds other than 30, is an error wrapping
// ErrUnsupported (a workload's template carries both), as is every
// PodSpec field readPodSpec refuses.
func FromPod(k *corev1.Pod) (pod.Pod, []string, error) {
	obj := objectName("pod", k.Namespace, k.Name)
	warnings, err := readMeta(obj, &k.ObjectMeta, true)
	if err != nil {
		return pod.Pod{}, nil, err
	}
	spec, ws, err := readPodSpec(obj, "spec", &k.Spec)
	if err != nil {
		return pod.Pod{}, nil, err
	}
	warnings = append(warnings, ws...)
	if spec.readyAfter > 0 && len(k.OwnerReferences) == 0 {
		return pod.Pod{}, nil, unsupported(obj, "spec.containers[0].readinessProbe",
			"svcsim's bare pods are Ready when they run: give the delay to a Deployment's or StatefulSet's template")
	}
	if spec.grace != 0 && spec.grace != sim.DefaultTerminationGracePeriod && len(k.OwnerReferences) == 0 {
		return pod.Pod{}, nil, unsupported(obj, "spec.terminationGracePeriodSeconds",
			"svcsim's bare pods have the default grace period (30 s)")
	}
	p := pod.Pod{Namespace: k.Namespace, Name: k.Name, Labels: selector.Set(cloneStrings(k.Labels)),
		NodeName: k.Spec.NodeName, Hostname: k.Spec.Hostname, Subdomain: k.Spec.Subdomain,
		CreationTimestamp: k.CreationTimestamp.Time}
	if k.UID != "" {
		u, err := parseUID(string(k.UID))
		if err != nil {
			return pod.Pod{}, nil, invalid(obj, "metadata.uid", string(k.UID), err.Error(), sim.ErrInvalid)
		}
		p.UID = u
	}
	p.Containers, p.Ports = spec.containers, pod.ContainersPorts(spec.containers)
	if err := readPodStatus(obj, k, &p); err != nil {
		return pod.Pod{}, nil, err
	}
	return p, warnings, nil
}

// readPodStatus reads the status fields svcsim keeps.
func readPodStatus(obj string, k *corev1.Pod, p *pod.Pod) error {
	st := &k.Status
	p.Phase = pod.Phase(st.Phase)
	if k.DeletionTimestamp != nil {
		p.Terminating = true
		p.DeletionTimestamp = k.DeletionTimestamp.Time
		if k.DeletionGracePeriodSeconds != nil {
			p.DeletionGracePeriod = time.Duration(*k.DeletionGracePeriodSeconds) * time.Second
		}
	}
	for _, c := range st.Conditions {
		if c.Type == corev1.PodReady {
			p.Ready = c.Status == corev1.ConditionTrue
		}
	}
	var podIPs []string
	for _, ip := range st.PodIPs {
		podIPs = append(podIPs, ip.IP)
	}
	ips, err := readSingularPlural(obj, "status.podIP", st.PodIP, "status.podIPs", podIPs, readAddr)
	if err != nil {
		return err
	}
	if len(ips) > 0 {
		p.IP, p.IPs = ips[0], ips
	}
	if len(st.ContainerStatuses) > 0 {
		cs := &st.ContainerStatuses[0]
		p.RestartCount = cs.RestartCount
		switch {
		case cs.State.Waiting != nil && cs.State.Waiting.Reason == pod.ReasonCrashLoopBackOff:
			p.ContainerReason = pod.ReasonCrashLoopBackOff
		case cs.State.Terminated != nil:
			p.ContainerReason = cs.State.Terminated.Reason
			p.LastTerminationTime = cs.State.Terminated.FinishedAt.Time
		}
		if t := cs.LastTerminationState.Terminated; t != nil {
			p.LastTerminationTime = t.FinishedAt.Time
		}
	}
	return nil
}
