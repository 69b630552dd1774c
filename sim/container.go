package sim

import "github.com/svcsim/svcsim/pod"

// Container is one container of a workload's pod template (core/v1
// Container reduced to its name, image and ports). A pod's ports are its
// containers' ports, in container order.
type Container struct {
	Name, Image string
	Ports       []pod.ContainerPort
}
