package kube

// Pod specs both ways: containers, the readiness probe that stands for
// svcsim's readiness delay, the grace period, and the list of PodSpec
// fields svcsim does not model, each an error or a warning.

import (
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// The readiness probe ToPod and the workload conversions write for a
// readiness delay: kubelet's defaults (kubernetes pkg/apis/core/v1
// defaults.go, SetDefaults_Probe) with initialDelaySeconds the delay.
const (
	probePeriodSeconds    = 10
	probeTimeoutSeconds   = 1
	probeFailureThreshold = 3
)

// toContainers returns the containers of a pod spec, each with the
// readiness probe standing for readyAfter (none for zero).
func toContainers(cs []pod.Container, readyAfter time.Duration) []corev1.Container {
	out := make([]corev1.Container, len(cs))
	for i, c := range cs {
		k := corev1.Container{Name: c.Name, Image: c.Image, ImagePullPolicy: pullPolicy(c.Image),
			TerminationMessagePath: corev1.TerminationMessagePathDefault, TerminationMessagePolicy: corev1.TerminationMessageReadFile}
		for _, p := range c.Ports {
			k.Ports = append(k.Ports, corev1.ContainerPort{Name: p.Name, ContainerPort: p.Port,
				Protocol: corev1.Protocol(pod.EffectiveProtocol(p.Protocol))})
		}
		if readyAfter > 0 {
			k.ReadinessProbe = readinessProbe(readyAfter, c.Ports)
		}
		out[i] = k
	}
	return out
}

// pullPolicy is a container's defaulted imagePullPolicy: Always for an
// image without a tag or tagged latest, else IfNotPresent (kubernetes
// pkg/apis/core/v1/defaults.go, SetDefaults_Container).
func pullPolicy(image string) corev1.PullPolicy {
	if strings.Contains(image, "@") {
		return corev1.PullIfNotPresent // pinned by digest
	}
	name := image[strings.LastIndex(image, "/")+1:]
	if _, tag, ok := strings.Cut(name, ":"); ok && tag != "latest" {
		return corev1.PullIfNotPresent
	}
	return corev1.PullAlways
}

// readinessProbe returns the probe whose first success comes after d:
// initialDelaySeconds d (whole seconds, rounded up: the kubelet probes at
// a second's granularity), successThreshold 1. It checks the container's
// first port by TCP, or runs `true` in a container without ports.
func readinessProbe(d time.Duration, ports []pod.ContainerPort) *corev1.Probe {
	p := &corev1.Probe{InitialDelaySeconds: int32(seconds(d)), PeriodSeconds: probePeriodSeconds,
		TimeoutSeconds: probeTimeoutSeconds, SuccessThreshold: 1, FailureThreshold: probeFailureThreshold}
	if len(ports) > 0 {
		p.TCPSocket = &corev1.TCPSocketAction{Port: intstr.FromInt32(ports[0].Port)}
	} else {
		p.Exec = &corev1.ExecAction{Command: []string{"true"}}
	}
	return p
}

// seconds returns d in whole seconds, rounded up.
func seconds(d time.Duration) int64 { return int64((d + time.Second - 1) / time.Second) }

// probeDelay is the readiness delay a probe stands for: the first success
// comes initialDelaySeconds after the start, and successThreshold
// successes periodSeconds apart make the container Ready.
func probeDelay(p *corev1.Probe) time.Duration {
	period := int64(p.PeriodSeconds)
	if period == 0 {
		period = probePeriodSeconds
	}
	succ := int64(p.SuccessThreshold)
	if succ == 0 {
		succ = 1
	}
	return time.Duration(int64(p.InitialDelaySeconds)+period*(succ-1)) * time.Second
}

// graceSeconds returns the terminationGracePeriodSeconds of grace.
func graceSeconds(grace time.Duration) *int64 {
	if grace == 0 {
		grace = sim.DefaultTerminationGracePeriod
	}
	return ptr(seconds(grace))
}

// podSpec is what the conversions into svcsim read from a PodSpec.
type podSpec struct {
	containers []pod.Container
	readyAfter time.Duration // the longest delay of the containers' readiness probes
	grace      time.Duration // zero when not set: svcsim's default
}

// readPodSpec reads a PodSpec at path ("spec", "spec.template.spec"): the
// containers, their readiness probes, the grace period. Every other field
// set to a value other than its default is an error (it changes what
// Service networking sees: where pods run, when they are ready, how they
// resolve names) or a warning (it cannot: storage, security, resources,
// the process's command and environment). The fields read elsewhere
// (nodeName, hostname, subdomain) are left to the caller.
func readPodSpec(obj, path string, s *corev1.PodSpec) (podSpec, []string, error) {
	var out podSpec
	var warnings []string
	warn := func(field string) { warnings = append(warnings, ignoredWarning(obj, path+"."+field)) }
	fail := func(field, detail string) (podSpec, []string, error) {
		return podSpec{}, nil, unsupported(obj, path+"."+field, detail)
	}
	switch {
	case len(s.InitContainers) > 0:
		return fail("initContainers", "svcsim starts a pod's containers at once")
	case len(s.EphemeralContainers) > 0:
		return fail("ephemeralContainers", "svcsim models no ephemeral containers")
	case s.RestartPolicy != "" && s.RestartPolicy != corev1.RestartPolicyAlways:
		return fail("restartPolicy", `svcsim's kubelet restarts containers ("Always")`)
	case s.ActiveDeadlineSeconds != nil:
		return fail("activeDeadlineSeconds", "svcsim models no pod deadline")
	case s.DNSPolicy != "" && s.DNSPolicy != corev1.DNSClusterFirst:
		return fail("dnsPolicy", `svcsim's pods resolve through cluster DNS ("ClusterFirst")`)
	case len(s.NodeSelector) > 0:
		return fail("nodeSelector", "svcsim's scheduler places pods on the least-loaded ready node")
	case s.HostNetwork:
		return fail("hostNetwork", "svcsim gives every pod an address of its node's pod CIDR")
	case s.Affinity != nil && (s.Affinity.NodeAffinity != nil || s.Affinity.PodAffinity != nil || s.Affinity.PodAntiAffinity != nil):
		return fail("affinity", "svcsim's scheduler places pods on the least-loaded ready node")
	case s.SchedulerName != "" && s.SchedulerName != corev1.DefaultSchedulerName:
		return fail("schedulerName", `svcsim has one scheduler ("default-scheduler")`)
	case !defaultTolerations(s.Tolerations):
		return fail("tolerations", "svcsim's scheduler honours no tolerations")
	case s.DNSConfig != nil:
		return fail("dnsConfig", "svcsim's pods use the cluster's resolver configuration")
	case len(s.ReadinessGates) > 0:
		return fail("readinessGates", "svcsim's pods are Ready when their containers are")
	case s.EnableServiceLinks != nil && !*s.EnableServiceLinks:
		return fail("enableServiceLinks", "svcsim's kubelet always sets the Service environment variables")
	case len(s.TopologySpreadConstraints) > 0:
		return fail("topologySpreadConstraints", "svcsim's scheduler places pods on the least-loaded ready node")
	case s.SetHostnameAsFQDN != nil && *s.SetHostnameAsFQDN:
		return fail("setHostnameAsFQDN", "svcsim models no pod hostname beyond spec.hostname")
	case len(s.SchedulingGates) > 0:
		return fail("schedulingGates", "svcsim schedules every pod at once")
	case s.HostnameOverride != nil:
		return fail("hostnameOverride", "svcsim models no pod hostname beyond spec.hostname")
	case s.SchedulingGroup != nil:
		return fail("schedulingGroup", "svcsim schedules every pod on its own")
	case len(s.EvictionResponders) > 0:
		return fail("evictionResponders", "svcsim models no eviction")
	}
	if s.TerminationGracePeriodSeconds != nil {
		g := *s.TerminationGracePeriodSeconds
		if g <= 0 {
			return podSpec{}, nil, unsupported(obj, path+".terminationGracePeriodSeconds",
				"svcsim's pods have a grace period of at least one second")
		}
		out.grace = time.Duration(g) * time.Second
	}
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"volumes", len(s.Volumes) > 0},
		{"serviceAccountName", s.ServiceAccountName != "" && s.ServiceAccountName != "default"},
		{"serviceAccount", s.DeprecatedServiceAccount != "" && s.DeprecatedServiceAccount != "default"},
		{"automountServiceAccountToken", s.AutomountServiceAccountToken != nil},
		{"hostPID", s.HostPID},
		{"hostIPC", s.HostIPC},
		{"shareProcessNamespace", s.ShareProcessNamespace != nil},
		{"securityContext", s.SecurityContext != nil && !isEmptyPodSecurityContext(s.SecurityContext)},
		{"imagePullSecrets", len(s.ImagePullSecrets) > 0},
		{"hostAliases", len(s.HostAliases) > 0},
		{"priorityClassName", s.PriorityClassName != ""},
		{"priority", s.Priority != nil && *s.Priority != 0},
		{"runtimeClassName", s.RuntimeClassName != nil},
		{"preemptionPolicy", s.PreemptionPolicy != nil && *s.PreemptionPolicy != corev1.PreemptLowerPriority},
		{"overhead", len(s.Overhead) > 0},
		{"os", s.OS != nil},
		{"hostUsers", s.HostUsers != nil},
		{"resourceClaims", len(s.ResourceClaims) > 0},
		{"resources", s.Resources != nil},
	} {
		if f.set {
			warn(f.name)
		}
	}
	for i := range s.Containers {
		c, delay, ws, err := readContainer(obj, path+".containers["+strconv.Itoa(i)+"]", &s.Containers[i])
		if err != nil {
			return podSpec{}, nil, err
		}
		warnings = append(warnings, ws...)
		out.containers = append(out.containers, c)
		out.readyAfter = max(out.readyAfter, delay)
	}
	return out, warnings, nil
}

// defaultTolerations reports whether ts holds only the tolerations the
// DefaultTolerationSeconds admission plugin adds to every pod
// (node.kubernetes.io/not-ready and unreachable, NoExecute, 300 s):
// what `kubectl get -o yaml` shows on a pod nobody gave tolerations.
func defaultTolerations(ts []corev1.Toleration) bool {
	for _, t := range ts {
		if (t.Key != corev1.TaintNodeNotReady && t.Key != corev1.TaintNodeUnreachable) ||
			t.Operator != corev1.TolerationOpExists || t.Effect != corev1.TaintEffectNoExecute {
			return false
		}
	}
	return true
}

// isEmptyPodSecurityContext reports whether sc sets nothing (`{}`, what
// the API server writes on every pod).
func isEmptyPodSecurityContext(sc *corev1.PodSecurityContext) bool {
	return sc.SELinuxOptions == nil && sc.WindowsOptions == nil && sc.RunAsUser == nil && sc.RunAsGroup == nil &&
		sc.RunAsNonRoot == nil && len(sc.SupplementalGroups) == 0 && sc.SupplementalGroupsPolicy == nil &&
		sc.FSGroup == nil && len(sc.Sysctls) == 0 && sc.FSGroupChangePolicy == nil && sc.SeccompProfile == nil &&
		sc.AppArmorProfile == nil && sc.SELinuxChangePolicy == nil
}

// readContainer reads one container: name, image, ports and the delay of
// its readiness probe.
func readContainer(obj, path string, k *corev1.Container) (pod.Container, time.Duration, []string, error) {
	fail := func(field, detail string) (pod.Container, time.Duration, []string, error) {
		return pod.Container{}, 0, nil, unsupported(obj, path+"."+field, detail)
	}
	switch {
	case k.RestartPolicy != nil:
		return fail("restartPolicy", "svcsim's kubelet restarts containers as the pod's restartPolicy Always says")
	case len(k.RestartPolicyRules) > 0:
		return fail("restartPolicyRules", "svcsim's kubelet restarts containers as the pod's restartPolicy Always says")
	case k.StartupProbe != nil:
		return fail("startupProbe", "svcsim's readiness delay is the readinessProbe's")
	}
	c := pod.Container{Name: k.Name, Image: k.Image}
	for i, p := range k.Ports {
		pp := path + ".ports[" + strconv.Itoa(i) + "]"
		if p.HostPort != 0 {
			return pod.Container{}, 0, nil, unsupported(obj, pp+".hostPort", "svcsim models no host ports")
		}
		if p.HostIP != "" {
			return pod.Container{}, 0, nil, unsupported(obj, pp+".hostIP", "svcsim models no host ports")
		}
		c.Ports = append(c.Ports, pod.ContainerPort{Name: p.Name, Port: p.ContainerPort, Protocol: pod.Protocol(p.Protocol)})
	}
	var delay time.Duration
	if p := k.ReadinessProbe; p != nil {
		if p.InitialDelaySeconds < 0 || p.PeriodSeconds < 0 || p.SuccessThreshold < 0 {
			return pod.Container{}, 0, nil, invalid(obj, path+".readinessProbe", p.InitialDelaySeconds,
				"must be greater than or equal to 0", sim.ErrInvalid)
		}
		delay = probeDelay(p)
	}
	var warnings []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"command", len(k.Command) > 0},
		{"args", len(k.Args) > 0},
		{"workingDir", k.WorkingDir != ""},
		{"envFrom", len(k.EnvFrom) > 0},
		{"env", len(k.Env) > 0},
		{"resources", len(k.Resources.Limits) > 0 || len(k.Resources.Requests) > 0 || len(k.Resources.Claims) > 0},
		{"resizePolicy", len(k.ResizePolicy) > 0},
		{"volumeMounts", len(k.VolumeMounts) > 0},
		{"volumeDevices", len(k.VolumeDevices) > 0},
		{"livenessProbe", k.LivenessProbe != nil},
		{"lifecycle", k.Lifecycle != nil},
		{"terminationMessagePath", k.TerminationMessagePath != "" && k.TerminationMessagePath != corev1.TerminationMessagePathDefault},
		{"terminationMessagePolicy", k.TerminationMessagePolicy != "" && k.TerminationMessagePolicy != corev1.TerminationMessageReadFile},
		{"securityContext", k.SecurityContext != nil},
		{"stdin", k.Stdin},
		{"stdinOnce", k.StdinOnce},
		{"tty", k.TTY},
	} {
		if f.set {
			warnings = append(warnings, ignoredWarning(obj, path+"."+f.name))
		}
	}
	return c, delay, warnings, nil
}
