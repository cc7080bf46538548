package model

// fifo is a first-in first-out queue of patient indices on a ring buffer;
// it grows by doubling and never shrinks, so steady-state use allocates
// nothing.
type fifo struct {
	buf        []patientID
	head, size int
}

func (q *fifo) len() int { return q.size }

func (q *fifo) push(p patientID) {
	if q.size == len(q.buf) {
		grown := make([]patientID, max(16, 2*len(q.buf)))
		for i := range q.size {
			grown[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = grown, 0
	}
	q.buf[(q.head+q.size)%len(q.buf)] = p
	q.size++
}

func (q *fifo) pop() patientID {
	p := q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.size--
	return p
}

// at returns the i-th patient from the front (0 is the next to leave).
func (q *fifo) at(i int) patientID { return q.buf[(q.head+i)%len(q.buf)] }
