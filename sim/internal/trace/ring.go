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
	head  []T    // the oldest block: a short ring has no block list
	rest  *[][]T // the later blocks, oldest first; made with the second (a pointer: a Cluster holds three rings)
	first int    // index of the oldest value in head
	n     int
}

// last returns the newest block.
func (r *ring[T]) last() *[]T {
	if r.rest != nil && len(*r.rest) > 0 {
		return &(*r.rest)[len(*r.rest)-1]
	}
	return &r.head
}

// block returns block k, 0 being head.
func (r *ring[T]) block(k int) []T {
	if k == 0 {
		return r.head
	}
	return (*r.rest)[k-1]
}

// push appends v; a first block holds first values.
func (r *ring[T]) push(v T, first int) {
	b := r.last()
	if len(*b) == cap(*b) { // full, or no block at all
		nb := make([]T, 0, max(first, min(chunk, r.n)))
		if r.head == nil {
			r.head = nb
		} else {
			if r.rest == nil {
				r.rest = new([][]T)
			}
			*r.rest = append(*r.rest, nb)
		}
		b = r.last()
	}
	*b = append(*b, v)
	r.n++
}

// pop drops the oldest value.
func (r *ring[T]) pop() {
	var zero T
	r.head[r.first] = zero
	r.first++
	r.n--
	if r.first == cap(r.head) {
		r.head = nil
		if r.rest != nil && len(*r.rest) > 0 {
			r.head = (*r.rest)[0]
			(*r.rest)[0] = nil
			*r.rest = (*r.rest)[1:]
		}
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
	blk := c.r.block(c.b)
	v := blk[c.i]
	c.i++
	if c.i == len(blk) {
		c.b++
		c.i = 0
	}
	return v
}
