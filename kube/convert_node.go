package kube

// Nodes both ways: sim.Node and core/v1 Node.

import (
	"net/netip"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// kubeletPort is the kubelet's port, status.daemonEndpoints.kubeletEndpoint.
const kubeletPort = 10250

// ToNode returns n as the core/v1 Node `kubectl get -o yaml` shows: its
// labels and taints, spec.podCIDRs (one per IP family of the cluster)
// and spec.podCIDR (their first), the InternalIP and Hostname
// addresses, the kubelet's version and the conditions. A Ready node has
// Ready True (KubeletReady) and the pressure conditions False; a node
// whose kubelet stopped posting has them all Unknown
// (NodeStatusUnknown), as the node lifecycle controller writes them.
// status.nodeInfo shows the illustrative OS image, kernel and container
// runtime `kubectl get nodes -o wide` prints (sim/kubectl).
// The UID is derived (DerivedUID); resourceVersion is left to the caller.
func ToNode(n sim.Node) *corev1.Node {
	out := &corev1.Node{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Node"},
		ObjectMeta: metav1.ObjectMeta{Name: n.Name, UID: types.UID(DerivedUID("Node", "", n.Name, n.CreationTimestamp)),
			CreationTimestamp: metaTime(n.CreationTimestamp), Labels: cloneStrings(n.Labels)},
		Status: corev1.NodeStatus{
			NodeInfo: corev1.NodeSystemInfo{KubeletVersion: n.KubeletVersion, OperatingSystem: "linux", Architecture: "amd64",
				OSImage: kubectl.OSImage, KernelVersion: kubectl.KernelVersion, ContainerRuntimeVersion: kubectl.ContainerRuntime},
			DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: kubeletPort}},
		},
	}
	cidrs := n.PodCIDRs
	if len(cidrs) == 0 && n.PodCIDR.IsValid() {
		cidrs = []netip.Prefix{n.PodCIDR}
	}
	if len(cidrs) > 0 {
		out.Spec.PodCIDRs = textList(cidrs)
		out.Spec.PodCIDR = out.Spec.PodCIDRs[0]
	}
	for _, t := range n.Taints {
		out.Spec.Taints = append(out.Spec.Taints, corev1.Taint{Key: t.Key, Value: t.Value, Effect: corev1.TaintEffect(t.Effect)})
	}
	if n.IP.IsValid() {
		out.Status.Addresses = append(out.Status.Addresses, corev1.NodeAddress{Type: corev1.NodeInternalIP, Address: n.IP.String()})
	}
	out.Status.Addresses = append(out.Status.Addresses, corev1.NodeAddress{Type: corev1.NodeHostName, Address: n.Name})
	at := metaTime(n.CreationTimestamp)
	for _, t := range []corev1.NodeConditionType{corev1.NodeMemoryPressure, corev1.NodeDiskPressure, corev1.NodePIDPressure, corev1.NodeReady} {
		c := corev1.NodeCondition{Type: t, Status: corev1.ConditionFalse, LastTransitionTime: at, LastHeartbeatTime: at}
		switch {
		case !n.Ready:
			c.Status, c.Reason, c.Message = corev1.ConditionUnknown, "NodeStatusUnknown", "Kubelet stopped posting node status."
		case t == corev1.NodeReady:
			c.Status, c.Reason, c.Message = corev1.ConditionTrue, "KubeletReady", "kubelet is posting ready status"
		}
		out.Status.Conditions = append(out.Status.Conditions, c)
	}
	return out
}

// FromNode returns the sim.Node k describes (what ToNode writes is read
// back: name, labels, taints, podCIDRs, InternalIP, Ready, kubelet
// version), with the warnings for what svcsim ignores. spec.podCIDR and
// spec.podCIDRs are reconciled as the API server converts them: podCIDR
// alone is podCIDRs [podCIDR], and a podCIDR other than podCIDRs[0] wins
// over podCIDRs. svcsim makes its nodes from Config: a node is read,
// never created from a manifest. Errors name the field: an address or
// CIDR that does not parse (wrapping sim.ErrInvalid).
func FromNode(k *corev1.Node) (sim.Node, []string, error) {
	obj := "node " + k.Name
	warnings, err := readMeta(obj, &k.ObjectMeta, false)
	if err != nil {
		return sim.Node{}, nil, err
	}
	n := sim.Node{Name: k.Name, Labels: selector.Set(cloneStrings(k.Labels)), KubeletVersion: k.Status.NodeInfo.KubeletVersion,
		CreationTimestamp: k.CreationTimestamp.Time}
	cidrs, err := readSingularPlural(obj, "spec.podCIDR", k.Spec.PodCIDR, "spec.podCIDRs", k.Spec.PodCIDRs, readPrefix)
	if err != nil {
		return sim.Node{}, nil, err
	}
	if len(cidrs) > 0 {
		n.PodCIDR, n.PodCIDRs = cidrs[0], cidrs
	}
	for _, t := range k.Spec.Taints {
		n.Taints = append(n.Taints, sim.Taint{Key: t.Key, Value: t.Value, Effect: sim.TaintEffect(t.Effect)})
	}
	for _, a := range k.Status.Addresses {
		if a.Type == corev1.NodeInternalIP && !n.IP.IsValid() {
			ip, err := netip.ParseAddr(a.Address)
			if err != nil {
				return sim.Node{}, nil, invalid(obj, "status.addresses", a.Address, "must be a valid IP address", sim.ErrInvalid)
			}
			n.IP = ip
		}
	}
	for _, c := range k.Status.Conditions {
		if c.Type == corev1.NodeReady {
			n.Ready = c.Status == corev1.ConditionTrue
		}
	}
	return n, warnings, nil
}
