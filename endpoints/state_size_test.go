package endpoints

import (
	"testing"
	"unsafe"
)

// A Service's state keeps only the Service fields its Endpoints and
// slices depend on: it stays within the 704-byte allocation size class.
func TestSvcStateSize(t *testing.T) {
	if got := unsafe.Sizeof(svcState{}); got > 704 {
		t.Errorf("svcState is %d bytes, want at most 704", got)
	}
}
