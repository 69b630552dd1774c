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

// RandomString returns n characters drawn uniformly from the 27-character
// alphabet "bcdfghjklmnpqrstvwxz2456789", using r only (apimachinery
// pkg/util/rand.String, which Kubernetes uses for generateName suffixes such
// as the "x2kqp" of "web-7c5ddbdf54-x2kqp"). It consumes r.Int64 draws
// exactly as upstream consumes its Int63 draws: 5 bits per attempt, 12
// attempts per draw. n ≤ 0 yields "". It panics if r is nil.
func RandomString(r *rand.Rand, n int) string {
	if n <= 0 {
		return ""
	}
	var stack [64]byte
	if n <= len(stack) {
		return string(AppendRandomString(stack[:0], r, n))
	}
	return string(AppendRandomString(make([]byte, 0, n), r, n))
}

// AppendRandomString appends [RandomString](r, n) to dst and returns the
// extended slice; with enough capacity in dst it does not allocate. It draws
// from r exactly as RandomString does, so the two are interchangeable.
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

// GenerateName returns prefix+suffix with prefix cut so that the whole name
// is at most [MaxNameLength] (63) bytes, as the apiserver's
// simpleNameGenerator.GenerateName does for metadata.generateName (with the
// usual 5-character random suffix the prefix keeps at most 58 bytes). The
// suffix is never cut; a suffix longer than 63 bytes is returned alone.
// Names are ASCII, so the cut is by bytes.
func GenerateName(prefix, suffix string) string {
	limit := MaxNameLength - len(suffix)
	if limit < 0 {
		limit = 0
	}
	if len(prefix) > limit {
		prefix = prefix[:limit]
	}
	return prefix + suffix
}

// ReplicaSetName returns the name of a Deployment's ReplicaSet,
// "<deployment>-<pod-template-hash>" (deployment sync.go getNewReplicaSet).
// Upstream does not shorten it: a ReplicaSet name may be a 253-byte DNS
// subdomain.
func ReplicaSetName(deployment, templateHash string) string {
	return deployment + "-" + templateHash
}

// PodNamePrefix returns the generateName a ReplicaSet gives its pods,
// "<replicaset>-" (controller_utils.go getPodsPrefix). Pass it to
// [GenerateName] with a [RandomString] of [RandomSuffixLength].
func PodNamePrefix(replicaSet string) string {
	return replicaSet + "-"
}
