package kubectl

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/sim"
)

// StatefulSets prints StatefulSets as `kubectl get statefulsets` (columns
// NAME READY AGE) and, with o.Wide, `-o wide` (adding CONTAINERS IMAGES),
// following printStatefulSet upstream: READY is
// status.readyReplicas/spec.replicas, the containers' names and images
// joined by commas.
func StatefulSets(w io.Writer, sets []sim.StatefulSet, o Options) error {
	hdr := []string{"NAME", "READY", "AGE"}
	if o.Wide {
		hdr = append(hdr, "CONTAINERS", "IMAGES")
	}
	t := newTable(o, hdr...)
	sorted := slices.Clone(sets)
	slices.SortStableFunc(sorted, func(a, b sim.StatefulSet) int {
		return cmp.Or(cmp.Compare(nsOrDefault(a.Namespace), nsOrDefault(b.Namespace)), cmp.Compare(a.Name, b.Name))
	})
	for _, s := range sorted {
		cells := []string{s.Name, strconv.Itoa(s.Status.ReadyReplicas) + "/" + strconv.Itoa(s.Replicas),
			age(o.Now, s.CreationTimestamp)}
		if o.Wide {
			names := make([]string, len(s.Containers))
			images := make([]string, len(s.Containers))
			for i, ct := range s.Containers {
				names[i], images[i] = ct.Name, ct.Image
			}
			cells = append(cells, strings.Join(names, ","), strings.Join(images, ","))
		}
		t.add(o, s.Namespace, cells...)
	}
	return t.write(w)
}
