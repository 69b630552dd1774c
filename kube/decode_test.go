package kube

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
)

// where lists the kind, name and document place of each decoded object.
func where(objs []decoded) []string {
	var out []string
	for _, d := range objs {
		m, err := meta.Accessor(d.obj)
		if err != nil {
			panic(err)
		}
		out = append(out, d.gvk.Kind+" "+m.GetName()+" @ "+d.at.String())
	}
	return out
}

func TestDecodeDocuments(t *testing.T) {
	tests := []struct {
		name, manifest string
		want           []string
	}{{
		name: "YAML documents, empty ones skipped",
		manifest: `---
apiVersion: v1
kind: Service
metadata: {name: a}
---
# only a comment
---

---   # a separator with a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: b
`,
		want: []string{"Service a @ document 1 (line 2)", "Deployment b @ document 2 (line 10)"},
	}, {
		name:     "a JSON stream",
		manifest: "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}}\n\n  {\"apiVersion\":\"v1\",\n\"kind\":\"Pod\",\"metadata\":{\"name\":\"b\"}}",
		want:     []string{"Pod a @ document 1 (line 1)", "Pod b @ document 2 (line 3)"},
	}, {
		name: "a List",
		manifest: `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: shop}
- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: {name: ext-1}
  addressType: IPv4
  endpoints: []
`,
		want: []string{"Namespace shop @ document 1 (line 1) items[0]", "EndpointSlice ext-1 @ document 1 (line 1) items[1]"},
	}, {
		name:     "nothing",
		manifest: "# nothing\n---\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs, err := decode([]byte(tt.manifest))
			require.NoError(t, err)
			assert.Equal(t, tt.want, where(objs))
		})
	}
}

func TestDecodeTyped(t *testing.T) {
	objs, err := decode([]byte("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80, targetPort: http}]\n"))
	require.NoError(t, err)
	require.Len(t, objs, 1)
	svc := objs[0].obj.(*corev1.Service)
	assert.Equal(t, int32(80), svc.Spec.Ports[0].Port)
	assert.Equal(t, "http", svc.Spec.Ports[0].TargetPort.StrVal)
	assert.Contains(t, objs[0].fields, "spec")
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, manifest string
		want           string
	}{{
		name:     "bad YAML",
		manifest: "apiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [web\n",
		want:     "document 2 (line 4): error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'",
	}, {
		name:     "unknown kind",
		manifest: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
		want:     `document 1 (line 1): no matches for kind "Widget" in version "example.com/v1"`,
	}, {
		name:     "a version the server does not serve",
		manifest: "apiVersion: v2\nkind: Service\nmetadata: {name: w}\n",
		want:     `document 1 (line 1): no matches for kind "Service" in version "v2"`,
	}, {
		name:     "a kind svcsim does not model",
		manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
		want: "document 1 (line 1): v1 ConfigMap: svcsim does not model this kind (it applies Namespace, Service, Pod, " +
			"Endpoints, EndpointSlice, Deployment, StatefulSet and List)",
	}, {
		name:     "unknown field",
		manifest: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replica: 3\n",
		want:     `document 1 (line 1): Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`,
	}, {
		name:     "duplicate field",
		manifest: "apiVersion: v1\nkind: Pod\nmetadata: {name: d}\nmetadata: {name: e}\n",
		want:     `document 1 (line 1): error converting YAML to JSON: yaml: unmarshal errors:` + "\n" + `  line 4: key "metadata" already set in map`,
	}, {
		name:     "wrong type",
		manifest: "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: eighty}]\n",
		want:     `document 1 (line 1): Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32`,
	}, {
		name:     "no kind",
		manifest: "apiVersion: v1\nmetadata: {name: s}\n",
		want:     "document 1 (line 1): kind: Required value",
	}, {
		name:     "not an object",
		manifest: "- a\n- b\n",
		want:     `document 1 (line 1): error decoding object: expected an object, got ["a","b"]`,
	}, {
		name:     "bad separator",
		manifest: "apiVersion: v1\nkind: Pod\n--- x\n",
		want:     "document 1 (line 3): invalid YAML document separator: x",
	}, {
		name:     "bad JSON",
		manifest: "{\"apiVersion\": \"v1\"}\n{\"kind\": ",
		want:     "document 2 (line 2): error parsing JSON: unexpected EOF",
	}, {
		name:     "a List item",
		manifest: "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Secret\n",
		want: "document 1 (line 1) items[1]: v1 Secret: svcsim does not model this kind (it applies Namespace, Service, Pod, " +
			"Endpoints, EndpointSlice, Deployment, StatefulSet and List)",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode([]byte(tt.manifest))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			var de *DocumentError
			assert.True(t, errors.As(err, &de))
		})
	}
}
