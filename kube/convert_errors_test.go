package kube

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

func basePod() *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "default"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "nginx"}}}}
}

func baseDeployment() *appsv1.Deployment {
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}}}}}
}

func baseStatefulSet() *appsv1.StatefulSet {
	return &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: "db", Namespace: "default"},
		Spec: appsv1.StatefulSetSpec{ServiceName: "db", Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "db"}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "db"}},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "db", Image: "postgres"}}}}}}
}

// A field svcsim does not model, set to a value other than its default,
// is an error naming the field path when it can change what Service
// networking sees, a kubectl-style warning when it cannot; a value svcsim
// cannot read is an invalid-value error.
func TestFromErrorsAndWarnings(t *testing.T) {
	warn := func(obj, field string) string { return ignoredWarning(obj, field) }
	tests := []struct {
		name     string
		convert  func() ([]string, error)
		err      string // the error's text; "" for none
		sentinel error
		warnings []string
	}{
		{"init containers", podCase(func(p *corev1.Pod) { p.Spec.InitContainers = []corev1.Container{{Name: "i", Image: "x"}} }),
			"pod default/p: spec.initContainers: Forbidden: svcsim starts a pod's containers at once", ErrUnsupported, nil},
		{"restart policy", podCase(func(p *corev1.Pod) { p.Spec.RestartPolicy = corev1.RestartPolicyNever }),
			`pod default/p: spec.restartPolicy: Forbidden: svcsim's kubelet restarts containers ("Always")`, ErrUnsupported, nil},
		{"host network", podCase(func(p *corev1.Pod) { p.Spec.HostNetwork = true }),
			"pod default/p: spec.hostNetwork: Forbidden: svcsim gives every pod an address of its node's pod CIDR", ErrUnsupported, nil},
		{"node selector", podCase(func(p *corev1.Pod) { p.Spec.NodeSelector = map[string]string{"disk": "ssd"} }),
			"pod default/p: spec.nodeSelector: Forbidden: svcsim's scheduler places pods on the least-loaded ready node", ErrUnsupported, nil},
		{"dns policy", podCase(func(p *corev1.Pod) { p.Spec.DNSPolicy = corev1.DNSDefault }),
			`pod default/p: spec.dnsPolicy: Forbidden: svcsim's pods resolve through cluster DNS ("ClusterFirst")`, ErrUnsupported, nil},
		{"tolerations", podCase(func(p *corev1.Pod) {
			p.Spec.Tolerations = []corev1.Toleration{{Key: "node-role.kubernetes.io/control-plane", Effect: corev1.TaintEffectNoSchedule}}
		}), "pod default/p: spec.tolerations: Forbidden: svcsim's scheduler honours no tolerations", ErrUnsupported, nil},
		{"service links off", podCase(func(p *corev1.Pod) { p.Spec.EnableServiceLinks = ptr(false) }),
			"pod default/p: spec.enableServiceLinks: Forbidden: svcsim's kubelet always sets the Service environment variables", ErrUnsupported, nil},
		{"host port", podCase(func(p *corev1.Pod) {
			p.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 8080}}
		}), "pod default/p: spec.containers[0].ports[0].hostPort: Forbidden: svcsim models no host ports", ErrUnsupported, nil},
		{"startup probe", podCase(func(p *corev1.Pod) { p.Spec.Containers[0].StartupProbe = &corev1.Probe{} }),
			"pod default/p: spec.containers[0].startupProbe: Forbidden: svcsim's readiness delay is the readinessProbe's", ErrUnsupported, nil},
		{"bare pod readiness delay", podCase(func(p *corev1.Pod) {
			p.Spec.Containers[0].ReadinessProbe = &corev1.Probe{InitialDelaySeconds: 5}
		}), "pod default/p: spec.containers[0].readinessProbe: Forbidden: svcsim's bare pods are Ready when they run: give the delay to a Deployment's or StatefulSet's template",
			ErrUnsupported, nil},
		{"bare pod grace", podCase(func(p *corev1.Pod) { p.Spec.TerminationGracePeriodSeconds = ptr(int64(5)) }),
			"pod default/p: spec.terminationGracePeriodSeconds: Forbidden: svcsim's bare pods have the default grace period (30 s)", ErrUnsupported, nil},
		{"zero grace", podCase(func(p *corev1.Pod) { p.Spec.TerminationGracePeriodSeconds = ptr(int64(0)) }),
			"pod default/p: spec.terminationGracePeriodSeconds: Forbidden: svcsim's pods have a grace period of at least one second", ErrUnsupported, nil},
		{"generateName alone", podCase(func(p *corev1.Pod) { p.Name, p.GenerateName = "", "p-" }),
			"pod default/: metadata.generateName: Forbidden: svcsim needs a name", ErrUnsupported, nil},
		{"finalizers", podCase(func(p *corev1.Pod) { p.Finalizers = []string{"example.com/keep"} }),
			"pod default/p: metadata.finalizers: Forbidden: svcsim models no finalizers", ErrUnsupported, nil},
		{"bad pod IP", podCase(func(p *corev1.Pod) { p.Status.PodIP = "10.0.0.300" }),
			`pod default/p: status.podIP: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`, sim.ErrInvalid, nil},
		{"harmless pod fields", podCase(func(p *corev1.Pod) {
			p.Spec.Volumes = []corev1.Volume{{Name: "v"}}
			p.Spec.SecurityContext = &corev1.PodSecurityContext{RunAsNonRoot: ptr(true)}
			p.Spec.ServiceAccountName = "robot"
			c := &p.Spec.Containers[0]
			c.Env = []corev1.EnvVar{{Name: "A", Value: "1"}}
			c.Command = []string{"nginx"}
			c.Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}
			c.LivenessProbe = &corev1.Probe{}
		}), "", nil, []string{
			warn("pod default/p", "spec.volumes"), warn("pod default/p", "spec.serviceAccountName"),
			warn("pod default/p", "spec.securityContext"), warn("pod default/p", "spec.containers[0].command"),
			warn("pod default/p", "spec.containers[0].env"), warn("pod default/p", "spec.containers[0].resources"),
			warn("pod default/p", "spec.containers[0].livenessProbe")}},
		{"dual-stack pod", podCase(func(p *corev1.Pod) {
			p.Status.PodIP, p.Status.PodIPs = "10.244.1.5", []corev1.PodIP{{IP: "10.244.1.5"}, {IP: "fd00:10:244:1::5"}}
		}), "", nil, nil},
		{"bad pod IPs entry", podCase(func(p *corev1.Pod) {
			p.Status.PodIP, p.Status.PodIPs = "10.244.1.5", []corev1.PodIP{{IP: "10.244.1.5"}, {IP: "fd00:10:244:1::z"}}
		}), `pod default/p: status.podIPs[1]: Invalid value: "fd00:10:244:1::z": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
			sim.ErrInvalid, nil},
		{"defaults as the API server writes them", podCase(func(p *corev1.Pod) {
			p.Spec.SecurityContext = &corev1.PodSecurityContext{}
			p.Spec.Tolerations = []corev1.Toleration{
				{Key: corev1.TaintNodeNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr(int64(300))},
				{Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr(int64(300))}}
			p.Spec.ServiceAccountName, p.Spec.SchedulerName, p.Spec.EnableServiceLinks = "default", corev1.DefaultSchedulerName, ptr(true)
			p.Spec.Priority, p.Spec.PreemptionPolicy = ptr(int32(0)), ptr(corev1.PreemptLowerPriority)
			c := &p.Spec.Containers[0]
			c.TerminationMessagePath, c.TerminationMessagePolicy = corev1.TerminationMessagePathDefault, corev1.TerminationMessageReadFile
			c.ImagePullPolicy = corev1.PullAlways
		}), "", nil, nil},

		{"dual-stack service", serviceCase(func(s *corev1.Service) {
			s.Spec.ClusterIP, s.Spec.ClusterIPs = "10.96.0.10", []string{"10.96.0.10", "fd00:10:96::a"}
			s.Spec.IPFamilies = []corev1.IPFamily{corev1.IPv4Protocol, corev1.IPv6Protocol}
			s.Spec.IPFamilyPolicy = ptr(corev1.IPFamilyPolicyRequireDualStack)
		}), "", nil, nil},
		{"bad cluster IPs entry", serviceCase(func(s *corev1.Service) {
			s.Spec.ClusterIP, s.Spec.ClusterIPs = "10.96.0.10", []string{"10.96.0.10", "fd00::zz"}
		}), `service default/web: spec.clusterIPs[1]: Invalid value: "fd00::zz": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
			sim.ErrInvalid, nil},
		{"None after the addresses", serviceCase(func(s *corev1.Service) {
			s.Spec.ClusterIP, s.Spec.ClusterIPs = "10.96.0.10", []string{"10.96.0.10", "None"}
		}), `service default/web: spec.clusterIPs[1]: Invalid value: "None": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
			sim.ErrInvalid, nil},
		{"None without clusterIP", serviceCase(func(s *corev1.Service) { s.Spec.ClusterIPs = []string{"None"} }),
			"service default/web: spec.clusterIPs: Invalid value: [\"None\"]: must be empty when `clusterIP` is not specified",
			sim.ErrInvalid, nil},
		{"None against an address", serviceCase(func(s *corev1.Service) {
			s.Spec.ClusterIP, s.Spec.ClusterIPs = "10.96.0.10", []string{"None"}
		}), "service default/web: spec.clusterIPs: Invalid value: [\"None\"]: first value must match `clusterIP`", sim.ErrInvalid, nil},
		{"bad cluster IP", serviceCase(func(s *corev1.Service) { s.Spec.ClusterIP = "10.96.0.999" }),
			`service default/web: spec.clusterIPs[0]: Invalid value: "10.96.0.999": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`, sim.ErrInvalid, nil},
		{"ingress hostname", serviceCase(func(s *corev1.Service) {
			s.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{Hostname: "lb.example.com"}}
		}), "service default/web: status.loadBalancer.ingress[0].hostname: Forbidden: svcsim's load balancers have addresses", ErrUnsupported, nil},
		{"bad source range", serviceCase(func(s *corev1.Service) { s.Spec.LoadBalancerSourceRanges = []string{"10.0.0.0"} }),
			`service default/web: spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`, sim.ErrInvalid, nil},
		{"owner references on a service", serviceCase(func(s *corev1.Service) {
			s.OwnerReferences = []metav1.OwnerReference{{APIVersion: "v1", Kind: "ConfigMap", Name: "c", UID: "u"}}
		}), "", nil, []string{warn("service default/web", "metadata.ownerReferences")}},

		{"match expressions", deploymentCase(func(d *appsv1.Deployment) {
			d.Spec.Selector.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "app", Operator: metav1.LabelSelectorOpExists}}
		}), "deployment default/web: spec.selector.matchExpressions: Forbidden: svcsim's workloads select by matchLabels", ErrUnsupported, nil},
		{"min ready seconds", deploymentCase(func(d *appsv1.Deployment) { d.Spec.MinReadySeconds = 10 }),
			"deployment default/web: spec.minReadySeconds: Forbidden: svcsim's pods are available once Ready", ErrUnsupported, nil},
		{"progress deadline", deploymentCase(func(d *appsv1.Deployment) { d.Spec.ProgressDeadlineSeconds = ptr(int32(60)) }),
			"deployment default/web: spec.progressDeadlineSeconds: Forbidden: svcsim's progress deadline is 600 s", ErrUnsupported, nil},
		{"paused", deploymentCase(func(d *appsv1.Deployment) { d.Spec.Paused = true }),
			"deployment default/web: spec.paused: Forbidden: svcsim's Deployments are never paused", ErrUnsupported, nil},
		{"template init containers", deploymentCase(func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.InitContainers = []corev1.Container{{Name: "i", Image: "x"}}
		}), "deployment default/web: spec.template.spec.initContainers: Forbidden: svcsim starts a pod's containers at once", ErrUnsupported, nil},
		{"revision history and template annotations", deploymentCase(func(d *appsv1.Deployment) {
			d.Spec.RevisionHistoryLimit = ptr(int32(3))
			d.Spec.Template.Annotations = map[string]string{"prometheus.io/scrape": "true"}
			d.Spec.Template.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "v", MountPath: "/v"}}
		}), "", nil, []string{warn("deployment default/web", "spec.revisionHistoryLimit"),
			warn("deployment default/web", "spec.template.spec.containers[0].volumeMounts"),
			warn("deployment default/web", "spec.template.metadata.annotations[prometheus.io/scrape]")}},

		{"volume claim templates", statefulSetCase(func(s *appsv1.StatefulSet) {
			s.Spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{{ObjectMeta: metav1.ObjectMeta{Name: "data"}}}
		}), "statefulset default/db: spec.volumeClaimTemplates: Forbidden: svcsim models no storage", ErrUnsupported, nil},
		{"selector not the labels", statefulSetCase(func(s *appsv1.StatefulSet) {
			s.Spec.Template.Labels = map[string]string{"app": "db", "tier": "data"}
		}), "statefulset default/db: spec.selector: Forbidden: svcsim's StatefulSets select their template labels", ErrUnsupported, nil},
		{"ordinals", statefulSetCase(func(s *appsv1.StatefulSet) { s.Spec.Ordinals = &appsv1.StatefulSetOrdinals{Start: 1} }),
			"statefulset default/db: spec.ordinals: Forbidden: svcsim's StatefulSet pods count from 0", ErrUnsupported, nil},

		{"namespace finalizer", func() ([]string, error) {
			_, w, err := FromNamespace(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "x"},
				Spec: corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{"example.com/f"}}})
			return w, err
		}, "namespace x: spec.finalizers: Forbidden: svcsim's namespaces have the kubernetes finalizer only", ErrUnsupported, nil},
		{"endpoints target not a pod", func() ([]string, error) {
			_, w, err := FromEndpoints(&corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: "e", Namespace: "default"},
				Subsets: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{{IP: "10.0.0.1",
					TargetRef: &corev1.ObjectReference{Kind: "Node", Name: "n"}}}}}})
			return w, err
		}, "endpoints default/e: subsets[0].addresses[0].targetRef.kind: Forbidden: svcsim's endpoints name pods", ErrUnsupported, nil},
		{"endpoints bad address", func() ([]string, error) {
			_, w, err := FromEndpoints(&corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: "e", Namespace: "default"},
				Subsets: []corev1.EndpointSubset{{NotReadyAddresses: []corev1.EndpointAddress{{IP: "x"}}}}})
			return w, err
		}, `endpoints default/e: subsets[0].notReadyAddresses[0].ip: Invalid value: "x": must be a valid IP address`, sim.ErrInvalid, nil},
		{"slice zone and hints", func() ([]string, error) {
			_, w, err := FromEndpointSlice(&discoveryv1.EndpointSlice{ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: "default"},
				AddressType: discoveryv1.AddressTypeIPv4, Endpoints: []discoveryv1.Endpoint{{Addresses: []string{"10.0.0.1"},
					Zone: ptr("z1"), Hints: &discoveryv1.EndpointHints{}}}})
			return w, err
		}, "", nil, []string{warn("endpointslice default/s", "endpoints[0].zone"), warn("endpointslice default/s", "endpoints[0].hints")}},
		{"node with two pod CIDRs", func() ([]string, error) {
			_, w, err := FromNode(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n"},
				Spec: corev1.NodeSpec{PodCIDRs: []string{"10.244.0.0/24", "fd00::/64"}}})
			return w, err
		}, "", nil, nil},
		{"node bad pod CIDRs entry", func() ([]string, error) {
			_, w, err := FromNode(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n"},
				Spec: corev1.NodeSpec{PodCIDR: "10.244.0.0/24", PodCIDRs: []string{"10.244.0.0/24", "fd00::"}}})
			return w, err
		}, `node n: spec.podCIDRs[1]: Invalid value: "fd00::": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
			sim.ErrInvalid, nil},
		{"node bad pod CIDR", func() ([]string, error) {
			_, w, err := FromNode(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n"}, Spec: corev1.NodeSpec{PodCIDR: "10.244.0.0"}})
			return w, err
		}, `node n: spec.podCIDR: Invalid value: "10.244.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
			sim.ErrInvalid, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			warnings, err := tc.convert()
			if tc.err == "" {
				require.NoError(t, err)
				require.Equal(t, tc.warnings, warnings)
				return
			}
			require.EqualError(t, err, tc.err)
			require.ErrorIs(t, err, tc.sentinel)
			var fe *pod.FieldError
			require.True(t, errors.As(err, &fe))
			require.Nil(t, warnings)
		})
	}
}

// Every warning reads as kubectl prints the API server's warnings.
func TestWarningWording(t *testing.T) {
	require.Equal(t, "Warning: pod default/p: spec.volumes: ignored (svcsim does not model it; it does not change Service networking)",
		ignoredWarning("pod default/p", "spec.volumes"))
}

func podCase(f func(*corev1.Pod)) func() ([]string, error) {
	return func() ([]string, error) {
		p := basePod()
		f(p)
		_, w, err := FromPod(p)
		return w, err
	}
}

func serviceCase(f func(*corev1.Service)) func() ([]string, error) {
	return func() ([]string, error) {
		s := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default"},
			Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}}}
		f(s)
		_, w, err := FromService(s)
		return w, err
	}
}

func deploymentCase(f func(*appsv1.Deployment)) func() ([]string, error) {
	return func() ([]string, error) {
		d := baseDeployment()
		f(d)
		_, w, err := FromDeployment(d)
		return w, err
	}
}

func statefulSetCase(f func(*appsv1.StatefulSet)) func() ([]string, error) {
	return func() ([]string, error) {
		s := baseStatefulSet()
		f(s)
		_, w, err := FromStatefulSet(s)
		return w, err
	}
}

func TestPullPolicy(t *testing.T) {
	for image, want := range map[string]corev1.PullPolicy{
		"nginx": corev1.PullAlways, "nginx:latest": corev1.PullAlways, "nginx:1.27": corev1.PullIfNotPresent,
		"localhost:5000/app": corev1.PullAlways, "localhost:5000/app:v1": corev1.PullIfNotPresent,
		"nginx@sha256:abc": corev1.PullIfNotPresent, "": corev1.PullAlways,
	} {
		require.Equal(t, want, pullPolicy(image), image)
	}
}
