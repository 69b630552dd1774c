package ipam

// pcgStream is the second PCG word; with WithSeed's seed as the first it
// gives every allocator its own reproducible stream.
const pcgStream = 0x9e3779b97f4a7c15

type options struct {
	seed       uint64
	sequential bool
}

// Option configures New and NewPorts.
type Option func(*options)

// WithSeed makes random allocation draw from a math/rand/v2 PCG source seeded
// with seed: the same seed and the same calls give the same sequence. Without
// it the seed is 0. Random allocation follows Kubernetes' static/dynamic
// bands (KEP-3070 for ClusterIPs, KEP-3668 for NodePorts): a uniformly random
// start in the upper (dynamic) band, a forward wrapping scan for the first
// free value, and only when the upper band is full the same in the lower
// (static) band. WithSeed has no effect together with Sequential.
func WithSeed(seed uint64) Option {
	return func(o *options) { o.seed = seed }
}

// Sequential selects CNI host-local's round-robin order instead of random
// allocation: no bands and no randomness; each allocation takes the first
// free value after the last one handed out (by Allocate or by a specific
// request, as host-local's store records every reservation), wrapping at the
// end of the range. A fresh allocator starts at the first usable value.
// A released value is therefore reused only after the cursor laps the range
// (containernetworking/plugins host-local backend/allocator RangeIter).
func Sequential() Option {
	return func(o *options) { o.sequential = true }
}
