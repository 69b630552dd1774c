package service

import (
	"testing"
	"unsafe"
)

// A Service value fits the 416-byte allocation size class (the cluster
// stores each Service it holds on the heap): its small fields sit
// together beside Headless rather than each after a word of padding.
func TestServiceSize(t *testing.T) {
	if got := unsafe.Sizeof(Service{}); got > 416 {
		t.Errorf("Service is %d bytes, want at most 416", got)
	}
}
