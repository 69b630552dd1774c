package queue

// fifo is a queue of tasks in push order, in blocks that double from
// fifoFirst to fifoBlock tasks (a short queue is small): pushing never
// copies, and emptied blocks go back to the queue's spares for the next
// burst.
type fifo struct {
	blocks [][]Task // blocks[0][head:], then whole blocks; only the last is partial
	head   int
	n      int
}

// fifoBlock is the largest number of tasks (32 bytes each) in a FIFO
// block, fifoFirst the smallest.
const (
	fifoBlock = 512
	fifoFirst = 4
)

// spareFirst is the room of the spare block list, made with a FIFO's
// first block: a cluster's first bursts leave a few blocks spare, and the
// list then does not grow one block at a time.
const spareFirst = 4

func (f *fifo) len() int { return f.n }

// front returns the oldest task; the FIFO must not be empty.
func (f *fifo) front() *Task { return &f.blocks[0][f.head] }

func (f *fifo) push(t Task, sp *[][]Task) {
	last := len(f.blocks) - 1
	if last < 0 || len(f.blocks[last]) == cap(f.blocks[last]) {
		var b []Task
		if k := len(*sp); k > 0 {
			b = (*sp)[k-1]
			(*sp)[k-1] = nil
			*sp = (*sp)[:k-1]
		} else if last < 0 {
			if f.blocks == nil {
				// A FIFO's first block comes with its block list, in
				// one allocation.
				first := new(struct {
					list  [2][]Task
					block [fifoFirst]Task
				})
				f.blocks, b = first.list[:0], first.block[:0]
			} else {
				b = make([]Task, 0, fifoFirst)
			}
			if *sp == nil {
				*sp = make([][]Task, 0, spareFirst)
			}
		} else {
			b = make([]Task, 0, min(fifoBlock, 2*cap(f.blocks[last])))
		}
		f.blocks = append(f.blocks, b)
		last++
	}
	f.blocks[last] = append(f.blocks[last], t)
	f.n++
}

func (f *fifo) pop(sp *[][]Task) Task {
	b := f.blocks[0]
	t := b[f.head]
	f.head++
	f.n--
	if f.head == len(b) { // block used up (or the FIFO is empty)
		if len(*sp) < keep/fifoBlock {
			*sp = append(*sp, b[:0])
		}
		// Shift the block list down (a few pointers per fifoBlock pops) so
		// that its backing array is reused rather than regrown.
		n := copy(f.blocks, f.blocks[1:])
		f.blocks[n] = nil
		f.blocks = f.blocks[:n]
		f.head = 0
	}
	return t
}
