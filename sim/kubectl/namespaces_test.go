package kubectl

import (
	"bytes"
	"testing"
	"time"

	"github.com/svcsim/svcsim/sim"
)

func TestNamespaces(t *testing.T) {
	var b bytes.Buffer
	o := opts().WithWide().WithAllNamespaces()
	nss := []sim.Namespace{
		{Name: "default", Phase: sim.NamespaceActive, CreationTimestamp: sim.Epoch},
		{Name: "kube-system", Phase: sim.NamespaceActive, CreationTimestamp: sim.Epoch},
		{Name: "shop", Phase: sim.NamespaceTerminating, CreationTimestamp: o.Now.Add(-90 * time.Second)},
		{Name: "tmp", Phase: sim.NamespaceActive},
	}
	if err := Namespaces(&b, nss, o); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME          STATUS        AGE
default       Active        5m
kube-system   Active        5m
shop          Terminating   90s
tmp           Active        5m
`)
	b.Reset()
	if err := Namespaces(&b, nil, o); err != nil {
		t.Fatal(err)
	}
	check(t, b, "No resources found\n")
}
