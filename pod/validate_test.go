package pod

import (
	"errors"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/selector"
)

func validPod() Pod {
	return Pod{Namespace: "default", Name: "web-1", Labels: selector.Set{"app": "web"},
		Ports: []ContainerPort{{Name: "http", Port: 8080, Protocol: TCP}, {Name: "dns", Port: 53, Protocol: UDP}}}
}

func TestPodValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Pod)
		want   []string // substrings, one per expected error, in order
	}{
		{"valid", func(*Pod) {}, nil},
		{"empty namespace is default", func(p *Pod) { p.Namespace = "" }, nil},
		{"numeric-start name ok for pods", func(p *Pod) { p.Name = "123-abc" }, nil},
		{"dotted name ok", func(p *Pod) { p.Name = "web.1" }, nil},
		{"empty protocol is TCP", func(p *Pod) { p.Ports[0].Protocol = "" }, nil},
		{"no name", func(p *Pod) { p.Name = "" },
			[]string{"pod default/: metadata.name: Required value: name or generateName is required"}},
		{"bad name", func(p *Pod) { p.Name = "Web_1" },
			[]string{`metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain`}},
		{"long name", func(p *Pod) { p.Name = strings.Repeat("a", 254) },
			[]string{"metadata.name: Too long: may not be more than 253 bytes"}},
		{"bad namespace", func(p *Pod) { p.Namespace = "a.b" },
			[]string{`pod a.b/web-1: metadata.namespace: Invalid value: "a.b": must not contain dots`}},
		{"bad port name", func(p *Pod) { p.Ports[1].Name = "Bad_Name" },
			[]string{`pod default/web-1: spec.containers[0].ports[1].name: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`}},
		{"duplicate port name", func(p *Pod) { p.Ports[1].Name = "http" },
			[]string{`spec.containers[0].ports[1].name: Duplicate value: "http"`}},
		{"third port repeats the second's name", func(p *Pod) {
			p.Ports = append(p.Ports, ContainerPort{Name: "metrics", Port: 9090}, ContainerPort{Name: "dns", Port: 5353})
		}, []string{`spec.containers[0].ports[3].name: Duplicate value: "dns"`}},
		{"port zero", func(p *Pod) { p.Ports[0].Port = 0 },
			[]string{"spec.containers[0].ports[0].containerPort: Required value"}},
		{"port too big", func(p *Pod) { p.Ports[0].Port = 65536 },
			[]string{"spec.containers[0].ports[0].containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive"}},
		{"bad protocol", func(p *Pod) { p.Ports[0].Protocol = "ICMP" },
			[]string{`spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"`}},
		{"bad label key", func(p *Pod) { p.Labels = selector.Set{"bad key": "x"} },
			[]string{`pod default/web-1: metadata.labels: Invalid value: "bad key": `}},
		{"bad label value", func(p *Pod) { p.Labels = selector.Set{"app": "-web"} },
			[]string{`pod default/web-1: metadata.labels: Invalid value: "-web": `}},
		{"hostname and subdomain", func(p *Pod) { p.Hostname, p.Subdomain = "web-0", "web" }, nil},
		{"bad hostname", func(p *Pod) { p.Hostname = "Web_0" },
			[]string{`pod default/web-1: spec.hostname: Invalid value: "Web_0": a lowercase RFC 1123 label must consist of`}},
		{"dotted hostname", func(p *Pod) { p.Hostname = "web.0" },
			[]string{`pod default/web-1: spec.hostname: Invalid value: "web.0": must not contain dots`}},
		{"long hostname", func(p *Pod) { p.Hostname = strings.Repeat("a", 64) },
			[]string{`spec.hostname: Too long: may not be more than 63 bytes`}},
		{"bad subdomain", func(p *Pod) { p.Subdomain = "Web" },
			[]string{`pod default/web-1: spec.subdomain: Invalid value: "Web": a lowercase RFC 1123 label must consist of`}},
		{"bad phase", func(p *Pod) { p.Phase = "Sleeping" }, []string{`status.phase: Unsupported value: "Sleeping"`}},
		{"several", func(p *Pod) { p.Name = "X"; p.Ports[0].Port = -1; p.Ports[1].Name = "http" },
			[]string{"metadata.name", "ports[0].containerPort", "ports[1].name: Duplicate"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := validPod()
			tc.mutate(&p)
			err := p.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%v does not wrap ErrInvalid", err)
			}
			var fes []*FieldError
			var l ErrorList
			if errors.As(err, &l) {
				fes = l
			} else {
				var fe *FieldError
				if !errors.As(err, &fe) {
					t.Fatalf("%T is neither *FieldError nor ErrorList", err)
				}
				fes = []*FieldError{fe}
			}
			if len(fes) != len(tc.want) {
				t.Fatalf("got %d errors (%v), want %d", len(fes), err, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(fes[i].Error(), w) {
					t.Errorf("error %d = %q, want it to contain %q", i, fes[i].Error(), w)
				}
			}
		})
	}
}

func TestErrorListMessage(t *testing.T) {
	p := validPod()
	p.Ports[0].Port, p.Ports[1].Port = 0, 0
	got := p.Validate().Error()
	want := "pod default/web-1: [spec.containers[0].ports[0].containerPort: Required value, " +
		"spec.containers[0].ports[1].containerPort: Required value]"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestFieldErrorUnwrap(t *testing.T) {
	cause := errors.New("boom")
	other := errors.New("other sentinel")
	fe := &FieldError{Field: "spec.x", Type: ErrorTypeInvalid, Value: 3, Sentinel: other, Cause: cause}
	if !errors.Is(fe, other) || !errors.Is(fe, cause) || errors.Is(fe, ErrInvalid) {
		t.Errorf("unwrap chain wrong")
	}
	if got := fe.Error(); got != "spec.x: Invalid value: 3" {
		t.Errorf("got %q", got)
	}
	if (ErrorList{}).Err() != nil {
		t.Error("empty list must be nil error")
	}
}

func FuzzPodValidate(f *testing.F) {
	f.Add("default", "web-1", "http", int32(8080), "TCP", "app", "web")
	f.Add("", "", "", int32(0), "", "", "")
	f.Fuzz(func(t *testing.T, ns, name, port string, num int32, proto, k, v string) {
		p := Pod{Namespace: ns, Name: name, Labels: selector.Set{k: v},
			Ports: []ContainerPort{{Name: port, Port: num, Protocol: Protocol(proto)}}}
		err := p.Validate()
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("%v does not wrap ErrInvalid", err)
		}
		if err == nil && (len(validation.IsDNS1123Subdomain(name)) > 0 || !validation.IsValidPortNum(num)) {
			t.Fatalf("invalid pod accepted: %+v", p)
		}
	})
}
