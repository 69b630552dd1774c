package workload

import "strconv"

// safeAlphabet is apimachinery util/rand's "alphanums": no vowels (so no
// accidental words) and no look-alike characters (0, 1, 3).
const safeAlphabet = "bcdfghjklmnpqrstvwxz2456789"

// FNV-32a parameters (hash/fnv), inlined so TemplateHash does not allocate a
// hash.Hash32.
const (
	fnvOffset32 = 2166136261
	fnvPrime32  = 16777619
)

// TemplateHash returns the pod-template-hash of a pod template, as
// Kubernetes' controller.ComputeHash (pkg/controller/controller_utils.go)
// does: FNV-32a over the template text, followed, when collisionCount is
// non-zero, by the collision count as 8 little-endian bytes (the uint32
// value, then four zero bytes: upstream's PutUint32 into an 8-byte buffer);
// the 32-bit sum is rendered in decimal and each byte c of it replaced by
// safeAlphabet[c % 27] (apimachinery pkg/util/rand SafeEncodeString: the
// byte value, not the digit's, so '0' becomes '4'). The result has 1–10 characters, all from
// "45678 9bcdf" (the images of the digits 0–9), e.g. "775855699b".
//
// Upstream hashes a spew dump of the PodTemplateSpec; the simulator passes
// its own canonical template text instead, so hashes differ from a real
// cluster's but have the same shape and stability. collisionCount 0 stands
// for an unset Deployment.status.collisionCount (nil upstream), which adds
// nothing to the hash.
func TemplateHash(template string, collisionCount int32) string {
	var buf [10]byte
	return string(AppendTemplateHash(buf[:0], template, collisionCount))
}

// AppendTemplateHash appends TemplateHash(template, collisionCount) to dst
// and returns the extended slice: a template built in a buffer is hashed
// without a string copy.
func AppendTemplateHash[T string | []byte](dst []byte, template T, collisionCount int32) []byte {
	h := uint32(fnvOffset32)
	for i := 0; i < len(template); i++ {
		h ^= uint32(template[i])
		h *= fnvPrime32
	}
	return appendSumHash(dst, h, collisionCount)
}

// TemplateSum is what one pass over a template text gives: its FNV-32a
// sum, which the pod-template-hash continues with the collision count
// ([AppendSumHash]), and Fingerprint, its FNV-1a 64 sum, which tells apart
// two templates of one hash (a collision) without keeping their texts.
type TemplateSum struct {
	fnv32       uint32
	Fingerprint uint64
}

// FNV-1a 64 parameters (hash/fnv).
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// SumTemplate reads template once for both of its sums.
func SumTemplate[T string | []byte](template T) TemplateSum {
	h, f := uint32(fnvOffset32), uint64(fnvOffset64)
	for i := 0; i < len(template); i++ {
		h ^= uint32(template[i])
		h *= fnvPrime32
		f ^= uint64(template[i])
		f *= fnvPrime64
	}
	return TemplateSum{fnv32: h, Fingerprint: f}
}

// AppendSumHash appends the pod-template-hash of the template summed in
// sum, TemplateHash(template, collisionCount), to dst: a collision count
// is tried without reading the template again.
func AppendSumHash(dst []byte, sum TemplateSum, collisionCount int32) []byte {
	return appendSumHash(dst, sum.fnv32, collisionCount)
}

// appendSumHash continues the FNV-32a sum h of a template with the
// collision count and appends the result, safely encoded, to dst.
func appendSumHash(dst []byte, h uint32, collisionCount int32) []byte {
	if collisionCount != 0 {
		c := uint32(collisionCount)
		for _, b := range [8]byte{byte(c), byte(c >> 8), byte(c >> 16), byte(c >> 24)} {
			h ^= uint32(b)
			h *= fnvPrime32
		}
	}
	n := len(dst)
	dst = strconv.AppendUint(dst, uint64(h), 10)
	for i, c := range dst[n:] {
		dst[n+i] = safeAlphabet[int(c)%len(safeAlphabet)]
	}
	return dst
}
