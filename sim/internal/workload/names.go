package workload

import "math/rand/v2"

// Name-length limits from apiserver pkg/storage/names/generate.go.
const (
	// MaxNameLength is the longest object name generateName may produce
	// (a DNS label).
	MaxNameLength = 63
	// RandomSuffixLength is the length of the random generateName suffix
	// (rand.String(5)).
	RandomSuffixLength = 5
	// MaxGeneratedNameLength is the longest generateName prefix kept:
	// MaxNameLength − RandomSuffixLength = 58.
	MaxGeneratedNameLength = MaxNameLength - RandomSuffixLength
)

// Bit twiddling of apimachinery util/rand.String: each 63-bit draw yields up
// to 12 five-bit indexes; indexes ≥ 27 are skipped (rejection sampling, so
// every letter is equally likely).
const (
	randIdxBits = 5
	randIdxMask = 1<<randIdxBits - 1
	randIdxMax  = 63 / randIdxBits
)

// AppendRandomString appends n characters drawn uniformly from the
// 27-character alphabet "bcdfghjklmnpqrstvwxz2456789" to dst, using r only
// (apimachinery pkg/util/rand.String, which Kubernetes uses for generateName
// suffixes such as the "x2kqp" of "web-7c5ddbdf54-x2kqp"), and returns the
// extended slice; with enough capacity in dst it does not allocate. It
// consumes r.Int64 draws exactly as upstream consumes its Int63 draws: 5 bits
// per attempt, 12 attempts per draw. n ≤ 0 appends nothing.
func AppendRandomString(dst []byte, r *rand.Rand, n int) []byte {
	if n <= 0 {
		return dst
	}
	v := r.Int64()
	remaining := randIdxMax
	for i := 0; i < n; {
		if remaining == 0 {
			v, remaining = r.Int64(), randIdxMax
		}
		if idx := int(v & randIdxMask); idx < len(safeAlphabet) {
			dst = append(dst, safeAlphabet[idx])
			i++
		}
		v >>= randIdxBits
		remaining--
	}
	return dst
}

// ReplicaSetName returns the name of a Deployment's ReplicaSet,
// "<deployment>-<pod-template-hash>" (deployment sync.go getNewReplicaSet).
// Upstream does not shorten it: a ReplicaSet name may be a 253-byte DNS
// subdomain. The hash is [TemplateHash] of the template summed in sum
// ([SumTemplate]) and collisionCount; it is returned too, as the name's
// tail: one string holds both.
func ReplicaSetName(deployment string, sum TemplateSum, collisionCount int32) (name, hash string) {
	var buf [MaxNameLength + 1 + 10]byte // room for a DNS-label Deployment name
	b := append(append(buf[:0], deployment...), '-')
	name = string(AppendSumHash(b, sum, collisionCount))
	return name, name[len(deployment)+1:]
}

// AppendPodNamePrefix appends to dst the generateName a ReplicaSet gives
// its pods, "<replicaset>-" (controller_utils.go getPodsPrefix), as the
// apiserver keeps it: at most [MaxGeneratedNameLength] bytes, to which it
// appends a random suffix of [RandomSuffixLength] ([AppendRandomString])
// (apiserver pkg/storage/names/generate.go, simpleNameGenerator.GenerateName).
func AppendPodNamePrefix(dst []byte, replicaSet string) []byte {
	if len(replicaSet) >= MaxGeneratedNameLength {
		return append(dst, replicaSet[:MaxGeneratedNameLength]...)
	}
	return append(append(dst, replicaSet...), '-')
}
