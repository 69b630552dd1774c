package kubectl

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// Deployments prints Deployments as `kubectl get deploy` (NAME READY
// UP-TO-DATE AVAILABLE AGE) and, with o.Wide, adds CONTAINERS IMAGES
// SELECTOR, following printDeployment upstream
// (pkg/printers/internalversion/printers.go): READY is
// readyReplicas/spec.replicas, UP-TO-DATE the updated replicas, AVAILABLE
// the available ones; CONTAINERS and IMAGES are the template's container
// names and images joined by "," (layoutContainerCells), SELECTOR the
// selector as labels.Selector prints it.
func Deployments(w io.Writer, deps []sim.Deployment, o Options) error {
	hdr := []string{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"}
	if o.Wide {
		hdr = append(hdr, "CONTAINERS", "IMAGES", "SELECTOR")
	}
	t := newTable(o, hdr...)
	s := slices.Clone(deps)
	slices.SortStableFunc(s, func(a, b sim.Deployment) int {
		return cmp.Or(cmp.Compare(nsOrDefault(a.Namespace), nsOrDefault(b.Namespace)), cmp.Compare(a.Name, b.Name))
	})
	for _, d := range s {
		st := d.Status
		cells := []string{d.Name, strconv.Itoa(int(st.ReadyReplicas)) + "/" + strconv.Itoa(d.Replicas),
			strconv.Itoa(int(st.UpdatedReplicas)), strconv.Itoa(int(st.AvailableReplicas)), age(o.Now, d.CreationTimestamp)}
		if o.Wide {
			names, images := containerCells(DeploymentContainers(d))
			cells = append(cells, names, images, selector.FromSet(d.Selector).String())
		}
		t.add(o, d.Namespace, cells...)
	}
	return t.write(w)
}

// ReplicaSets prints ReplicaSets as `kubectl get rs` (NAME DESIRED
// CURRENT READY AGE) and, with o.Wide, adds CONTAINERS IMAGES SELECTOR,
// following printReplicaSet upstream: DESIRED is spec.replicas, CURRENT
// status.replicas, READY status.readyReplicas; SELECTOR includes
// pod-template-hash.
func ReplicaSets(w io.Writer, rss []sim.ReplicaSet, o Options) error {
	hdr := []string{"NAME", "DESIRED", "CURRENT", "READY", "AGE"}
	if o.Wide {
		hdr = append(hdr, "CONTAINERS", "IMAGES", "SELECTOR")
	}
	t := newTable(o, hdr...)
	s := slices.Clone(rss)
	slices.SortStableFunc(s, func(a, b sim.ReplicaSet) int {
		return cmp.Or(cmp.Compare(nsOrDefault(a.Namespace), nsOrDefault(b.Namespace)), cmp.Compare(a.Name, b.Name))
	})
	for _, r := range s {
		cells := []string{r.Name, strconv.Itoa(r.Replicas), strconv.Itoa(int(r.Status.Replicas)),
			strconv.Itoa(int(r.Status.ReadyReplicas)), age(o.Now, r.CreationTimestamp)}
		if o.Wide {
			names, images := containerCells(r.Containers)
			cells = append(cells, names, images, noneIfEmpty(selector.FromSet(r.Selector).String()))
		}
		t.add(o, r.Namespace, cells...)
	}
	return t.write(w)
}

// DeploymentContainers returns the containers of d's pod template: its
// Containers, or for the Ports shorthand the one container "app" (no
// image) with those ports.
func DeploymentContainers(d sim.Deployment) []sim.Container {
	if len(d.Containers) > 0 {
		return d.Containers
	}
	return []sim.Container{{Name: "app", Ports: d.Ports}}
}

// containerCells joins container names and images with "," as
// layoutContainerCells does.
func containerCells(cs []sim.Container) (names, images string) {
	n := make([]string, len(cs))
	im := make([]string, len(cs))
	for i, c := range cs {
		n[i], im[i] = c.Name, c.Image
	}
	return strings.Join(n, ","), strings.Join(im, ",")
}
