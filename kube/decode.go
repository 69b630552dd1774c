package kube

// Reading a manifest as kubectl does: a stream of YAML documents separated
// by "---" lines, or a stream of JSON objects, each document one object or
// a List of them (k8s.io/cli-runtime pkg/resource/visitor.go,
// StreamVisitor.Visit; k8s.io/apimachinery pkg/util/yaml/decoder.go,
// YAMLOrJSONDecoder), every object decoded strictly, as the API server
// decodes under kubectl's default --validate=strict (an unknown or
// duplicate field is an error).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

// DocumentError is an error about one object of a manifest: the document
// it is in (counted from 1 among the documents that hold an object, in
// stream order), the line the document starts on, and for an object inside
// a List its index in items.
type DocumentError struct {
	Document int // from 1
	Line     int // from 1: where the document starts
	Item     int // index in the List's items; -1 outside a List
	Err      error
}

// Error names the document, its line and, inside a List, the item.
func (e *DocumentError) Error() string {
	return e.where().String() + ": " + e.Err.Error()
}

// Unwrap returns the error about the object.
func (e *DocumentError) Unwrap() error { return e.Err }

func (e *DocumentError) where() docRef {
	return docRef{index: e.Document, line: e.Line, item: e.Item}
}

// docRef is where an object is in a manifest.
type docRef struct {
	index, line int
	item        int // -1 outside a List
}

func (d docRef) String() string {
	s := "document " + strconv.Itoa(d.index) + " (line " + strconv.Itoa(d.line) + ")"
	if d.item >= 0 {
		s += " items[" + strconv.Itoa(d.item) + "]"
	}
	return s
}

func (d docRef) errorf(format string, args ...any) error {
	return &DocumentError{Document: d.index, Line: d.line, Item: d.item, Err: fmt.Errorf(format, args...)}
}

func (d docRef) wrap(err error) error {
	return &DocumentError{Document: d.index, Line: d.line, Item: d.item, Err: err}
}

// decoded is one object of a manifest.
type decoded struct {
	at  docRef
	gvk schema.GroupVersionKind
	obj runtime.Object // the typed k8s.io/api object
	// fields is the object as written, to tell a field the manifest
	// leaves out from one it sets to its zero value.
	fields map[string]any
}

// document is the text of one document and the line it starts on.
type document struct {
	text []byte
	line int
}

// strictJSON decodes JSON into the typed objects of client-go's scheme,
// refusing unknown and duplicate fields.
var strictJSON = kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme.Scheme, scheme.Scheme,
	kjson.SerializerOptions{Strict: true})

// decode reads every object of manifest, in order. The first error names
// its document.
func decode(manifest []byte) ([]decoded, error) {
	docs, err := split(manifest)
	if err != nil {
		return nil, err
	}
	var out []decoded
	index := 0
	for _, d := range docs {
		j, err := yaml.YAMLToJSONStrict(d.text)
		if err != nil {
			return nil, docRef{index: index + 1, line: d.line, item: -1}.errorf("error converting YAML to JSON: %w", err)
		}
		if len(bytes.TrimSpace(j)) == 0 || bytes.Equal(j, []byte("null")) {
			continue // an empty document, skipped as kubectl skips it
		}
		index++
		objs, err := decodeObject(j, docRef{index: index, line: d.line, item: -1})
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
	}
	return out, nil
}

// split cuts manifest into documents: a JSON stream ({…}{…}) if it starts
// with "{", as YAMLOrJSONDecoder decides, else YAML documents separated by
// lines starting with "---" (YAMLReader.Read: only spaces or a comment may
// follow the separator).
func split(manifest []byte) ([]document, error) {
	if utilyaml.IsJSONBuffer(manifest) {
		return splitJSON(manifest)
	}
	var docs []document
	var cur []byte
	start := 1
	for n, rest := 1, manifest; len(rest) > 0; n++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = nil
		}
		if !bytes.HasPrefix(line, []byte("---")) {
			if cur == nil {
				start = n
			}
			cur = append(cur, line...)
			continue
		}
		if after := strings.TrimSpace(string(line[3:])); after != "" && after[0] != '#' {
			return nil, docRef{index: len(docs) + 1, line: n, item: -1}.errorf("invalid YAML document separator: %s", after)
		}
		if cur != nil {
			docs = append(docs, document{text: cur, line: start})
			cur = nil
		}
	}
	if cur != nil {
		docs = append(docs, document{text: cur, line: start})
	}
	return docs, nil
}

// splitJSON cuts a stream of JSON values into one document each.
func splitJSON(manifest []byte) ([]document, error) {
	var docs []document
	dec := json.NewDecoder(bytes.NewReader(manifest))
	for {
		off := dec.InputOffset()
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		// The value starts after the white space the decoder skipped.
		start := off + int64(len(manifest[off:])-len(bytes.TrimLeft(manifest[off:], " \t\r\n")))
		line := 1 + bytes.Count(manifest[:start], []byte("\n"))
		if err != nil {
			return nil, docRef{index: len(docs) + 1, line: line, item: -1}.errorf("error parsing JSON: %w", err)
		}
		docs = append(docs, document{text: raw, line: line})
	}
}

// The kinds Apply takes, by apiVersion and kind.
var appliedKinds = map[schema.GroupVersionKind]bool{
	corev1.SchemeGroupVersion.WithKind("Namespace"):                   true,
	corev1.SchemeGroupVersion.WithKind("Service"):                     true,
	corev1.SchemeGroupVersion.WithKind("Pod"):                         true,
	corev1.SchemeGroupVersion.WithKind("Endpoints"):                   true,
	{Group: "apps", Version: "v1", Kind: "Deployment"}:                true,
	{Group: "apps", Version: "v1", Kind: "StatefulSet"}:               true,
	{Group: "discovery.k8s.io", Version: "v1", Kind: "EndpointSlice"}: true,
}

var listKind = corev1.SchemeGroupVersion.WithKind("List")

// decodeObject decodes the JSON object j (a List gives its items).
func decodeObject(j []byte, at docRef) ([]decoded, error) {
	var fields map[string]any
	if err := json.Unmarshal(j, &fields); err != nil {
		return nil, at.errorf("error decoding object: expected an object, got %s", firstToken(j))
	}
	apiVersion, _ := fields["apiVersion"].(string)
	kind, _ := fields["kind"].(string)
	switch {
	case kind == "" && apiVersion == "":
		return nil, at.errorf("apiVersion: Required value; kind: Required value")
	case kind == "":
		return nil, at.errorf("kind: Required value")
	case apiVersion == "":
		return nil, at.errorf("apiVersion: Required value")
	}
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		return nil, at.errorf("apiVersion: Invalid value: %q: %v", apiVersion, err)
	}
	gvk := gv.WithKind(kind)
	if !appliedKinds[gvk] && gvk != listKind {
		if scheme.Scheme.Recognizes(gvk) {
			return nil, at.errorf("%s %s: svcsim does not model this kind (it applies Namespace, Service, Pod, "+
				"Endpoints, EndpointSlice, Deployment, StatefulSet and List)", apiVersion, kind)
		}
		return nil, at.wrap(&meta.NoKindMatchError{GroupKind: gvk.GroupKind(), SearchedVersions: []string{gv.Version}})
	}
	obj, _, err := strictJSON.Decode(j, nil, nil)
	if err != nil {
		return nil, at.errorf("%s in version %q cannot be handled as a %s: %w", kind, gv.Version, kind, err)
	}
	if gvk != listKind {
		return []decoded{{at: at, gvk: gvk, obj: obj, fields: fields}}, nil
	}
	if at.item >= 0 {
		return nil, at.errorf("a List inside a List is not supported")
	}
	var out []decoded
	for i, item := range obj.(*corev1.List).Items {
		objs, err := decodeObject(item.Raw, docRef{index: at.index, line: at.line, item: i})
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
	}
	return out, nil
}

// firstToken describes the start of a JSON value that is not an object.
func firstToken(j []byte) string {
	j = bytes.TrimSpace(j)
	if len(j) > 20 {
		j = append(j[:20:20], "..."...)
	}
	return string(j)
}
