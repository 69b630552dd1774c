package pod

import (
	"encoding/binary"
	"math/rand/v2"

	"github.com/google/uuid"
)

// NewUID draws a random version-4 (RFC 9562) UUID from r, so a seeded
// source always yields the same UIDs; it never touches the global crypto
// source that uuid.New uses. Not safe for concurrent use with other users
// of r.
func NewUID(r *rand.Rand) uuid.UUID {
	var u uuid.UUID
	binary.LittleEndian.PutUint64(u[0:8], r.Uint64())
	binary.LittleEndian.PutUint64(u[8:16], r.Uint64())
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u
}
