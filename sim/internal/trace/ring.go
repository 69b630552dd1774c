package trace

// chunk is the largest block size of the rings; firstChunk the smallest,
// firstRecs the smallest of the record ring: a cluster's build logs about
// 30 records (each node, pod, Service, slice, sync) but only a handful of
// side values, so the record ring's first block holds them all.
const (
	chunk      = 4096
	firstChunk = 16
	firstRecs  = 32
)

// ring is a FIFO of values in blocks (a short log is small): a new block
// holds as many values as the ring, from the first block's size (first,
// given to push) to chunk, so the blocks hold at most twice the values
// (16, 16, 32, 64, ...). Pushing never copies, popping the oldest value
// frees whole blocks as they empty.
type ring[T any] struct {
	blocks [][]T
	first  int // index of the oldest value in blocks[0]
	n      int
}

// push appends v; a first block holds first values.
func (r *ring[T]) push(v T, first int) {
	last := len(r.blocks) - 1
	if last < 0 || len(r.blocks[last]) == cap(r.blocks[last]) {
		r.blocks = append(r.blocks, make([]T, 0, max(first, min(chunk, r.n))))
		last++
	}
	r.blocks[last] = append(r.blocks[last], v)
	r.n++
}

// pop drops the oldest value.
func (r *ring[T]) pop() {
	var zero T
	r.blocks[0][r.first] = zero
	r.first++
	r.n--
	if r.first == cap(r.blocks[0]) {
		r.blocks[0] = nil
		r.blocks = r.blocks[1:]
		r.first = 0
	}
}

// cursor reads a ring from its oldest value on.
type cursor[T any] struct {
	r    *ring[T]
	b, i int
}

func (r *ring[T]) cursor() cursor[T] { return cursor[T]{r: r, i: r.first} }

func (c *cursor[T]) next() T {
	blk := c.r.blocks[c.b]
	v := blk[c.i]
	c.i++
	if c.i == len(blk) {
		c.b++
		c.i = 0
	}
	return v
}
