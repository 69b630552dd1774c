package proxy

import (
	"testing"
	"unsafe"
)

// A virtual address's entry in the vips table takes 48 bytes: its port
// and protocol fill the padding after the address.
func TestVipEntrySize(t *testing.T) {
	if got := unsafe.Sizeof(vipKey{}) + unsafe.Sizeof(vipEntry{}); got != 48 {
		t.Errorf("vipKey and vipEntry take %d bytes, want 48", got)
	}
}
