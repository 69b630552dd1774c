package pod

import (
	"errors"
	"testing"
)

func TestValidateContainers(t *testing.T) {
	http := []ContainerPort{{Name: "http", Port: 8080}}
	for _, tc := range []struct {
		cs   []Container
		want string
	}{
		{[]Container{{Name: "app", Image: "nginx:1.27", Ports: http}, {Name: "sidecar", Image: "envoy", Ports: http}}, ""},
		{nil, "pod default/p: spec.containers: Required value"},
		{[]Container{{Image: "nginx"}}, "pod default/p: spec.containers[0].name: Required value"},
		{[]Container{{Name: "Web", Image: "nginx"}}, `pod default/p: spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`},
		{[]Container{{Name: "app", Image: "a"}, {Name: "app", Image: "b"}}, `pod default/p: spec.containers[1].name: Duplicate value: "app"`},
		{[]Container{{Name: "app"}}, "pod default/p: spec.containers[0].image: Required value"},
		{[]Container{{Name: "app", Image: "a", Ports: []ContainerPort{{Name: "http", Port: 1}, {Name: "http", Port: 2}}}},
			`pod default/p: spec.containers[0].ports[1].name: Duplicate value: "http"`},
	} {
		p := Pod{Namespace: "default", Name: "p", Containers: tc.cs}
		if tc.cs == nil {
			// A pod without containers is the one-container shorthand:
			// the list itself is what is checked here.
			err := ValidateContainers("pod default/p", "spec.containers", nil).Err()
			if err == nil || err.Error() != tc.want || !errors.Is(err, ErrInvalid) {
				t.Errorf("nil: %v", err)
			}
			continue
		}
		err := p.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", tc.cs, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want || !errors.Is(err, ErrInvalid)):
			t.Errorf("%+v:\n got %v\nwant %s", tc.cs, err, tc.want)
		}
	}
}

func TestContainersPortsAreTheUnion(t *testing.T) {
	cs := []Container{{Name: "a", Image: "a", Ports: []ContainerPort{{Name: "http", Port: 80}}},
		{Name: "b", Image: "b", Ports: []ContainerPort{{Name: "http", Port: 81}, {Name: "admin", Port: 9000}}}}
	p := Pod{Namespace: "default", Name: "p", Containers: cs, Ports: ContainersPorts(cs)}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if port, ok := p.FindPort("http", TCP); !ok || port != 80 {
		t.Errorf("http resolves to %d, %v: the first container's", port, ok)
	}
	p.Ports = p.Ports[:1]
	if err := p.Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("ports not the union: %v", err)
	}
}
