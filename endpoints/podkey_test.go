package endpoints

import (
	"testing"
	"unsafe"

	"github.com/svcsim/svcsim/pod"
)

// SetPodKeyed keeps the caller's "namespace/name" string for a new
// record, so Backend.Pod shows that very string; a key that is not the
// pod's (another namespace or name, no "/", empty) is not used, and the
// record shows "namespace/name" all the same.
func TestSetPodKeyed(t *testing.T) {
	for _, tc := range []struct {
		key    string
		shared bool
	}{
		{"default/p", true},
		{"", false},
		{"other/p", false},
		{"default/q", false},
		{"default-p", false},
		{"defaultp", false},
		{"default/pp", false},
		{"default", false},
	} {
		c := NewController(Options{})
		k := ServiceKey{Namespace: "default", Name: "web"}
		c.SetService(testService(nil), nil)
		key := string([]byte(tc.key)) // a string of its own, so sharing shows in its address
		c.SetPodKeyed(key, testPod("p", "10.0.0.1", func(p *pod.Pod) { p.Namespace = "" }), nil)
		c.Sync(k)
		bs := c.AppendBackends(k, "http", nil)
		if len(bs) != 1 || bs[0].Pod != "default/p" {
			t.Fatalf("key %q: backends %+v, want one of pod default/p", tc.key, bs)
		}
		if shared := unsafe.StringData(bs[0].Pod) == unsafe.StringData(key); shared != tc.shared {
			t.Errorf("key %q: record shares the key: %v, want %v", tc.key, shared, tc.shared)
		}
	}
}
