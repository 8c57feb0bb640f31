package threading

// Lesson 5: queues. Python's queue module has three queues that threads
// can share: first in first out, last in first out, and by priority. Queue
// is all three, safe for any number of goroutines, and can be closed.

import (
	"container/heap"
	"context"
	"fmt"
	"sync"
)

// An Order is the order in which a Queue hands out its items.
type Order int

// The orders a Queue can hand out its items in.
const (
	FIFO     Order = iota + 1 // first in, first out (Python's queue.Queue)
	LIFO                      // last in, first out (queue.LifoQueue)
	Priority                  // lowest priority number first (queue.PriorityQueue)
)

// String returns the order's name.
func (o Order) String() string {
	switch o {
	case FIFO:
		return "FIFO"
	case LIFO:
		return "LIFO"
	case Priority:
		return "Priority"
	}
	return fmt.Sprintf("Order(%d)", int(o))
}

// A Queue holds items for goroutines to take, in the order a channel does
// not have: last in first out, or by priority (FIFO too, for comparison).
// Get waits for an item; Close wakes every waiting Get and makes further
// ones return at once once the queue is empty. Make one with
// NewQueue; it is safe for use by many goroutines.
//
//	q := threading.NewQueue(threading.FIFO)
//	go func() { q.Put("job") }()
//	job, ok := q.Get() // waits for the job; ok is false once q is closed and empty
type Queue struct {
	order   Order
	mu      sync.Mutex
	items   prioItems // kept as a heap for Priority, as a plain list otherwise
	seq     int       // insertion counter: equal priorities come out FIFO
	closed  bool
	changed chan struct{} // closed and replaced on every Put and on Close
}

type prioItem struct {
	priority, seq int
	value         any
}

type prioItems []prioItem

func (p prioItems) Len() int { return len(p) }
func (p prioItems) Less(i, j int) bool {
	if p[i].priority != p[j].priority {
		return p[i].priority < p[j].priority
	}
	return p[i].seq < p[j].seq
}
func (p prioItems) Swap(i, j int) { p[i], p[j] = p[j], p[i] }
func (p *prioItems) Push(x any)   { *p = append(*p, x.(prioItem)) }
func (p *prioItems) Pop() any {
	old := *p
	it := old[len(old)-1]
	*p = old[:len(old)-1]
	return it
}

// NewQueue returns an empty queue that hands out items in the given order:
// FIFO, LIFO or Priority. It panics on any other Order, such as the zero
// one, rather than pick an order the caller did not ask for.
func NewQueue(order Order) *Queue {
	if order != FIFO && order != LIFO && order != Priority {
		panic(fmt.Sprintf("threading: NewQueue(%v): the order must be FIFO, LIFO or Priority", order))
	}
	return &Queue{order: order, changed: make(chan struct{})}
}

// Put adds an item (with priority 0 in a Priority queue). It panics if the
// queue is closed, as a send on a closed channel does.
func (q *Queue) Put(v any) { q.PutPriority(0, v) }

// PutPriority adds an item with a priority; a Priority queue hands out the
// lowest number first, and equal numbers in the order they were put. Other
// queues ignore the priority.
func (q *Queue) PutPriority(priority int, v any) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		panic("threading: Put on a closed Queue")
	}
	q.seq++
	it := prioItem{priority: priority, seq: q.seq, value: v}
	if q.order == Priority {
		heap.Push(&q.items, it)
	} else {
		q.items = append(q.items, it)
	}
	q.signal()
}

// signal wakes every waiting Get; the caller holds q.mu.
func (q *Queue) signal() {
	close(q.changed)
	q.changed = make(chan struct{})
}

// take removes the next item; the caller holds q.mu and the queue is not empty.
func (q *Queue) take() any {
	switch q.order {
	case Priority:
		return heap.Pop(&q.items).(prioItem).value
	case LIFO:
		it := q.items[len(q.items)-1]
		q.items = q.items[:len(q.items)-1]
		return it.value
	default:
		it := q.items[0]
		q.items = q.items[1:]
		return it.value
	}
}

// Get waits for an item and returns it. It returns nil, false when the queue
// is closed and empty. On an open queue that nobody puts into, it waits
// forever, as Python's get() does; GetContext gives up.
func (q *Queue) Get() (any, bool) {
	v, ok, _ := q.GetContext(context.Background())
	return v, ok
}

// GetContext is Get that gives up when ctx is done, with ctx's error, as
// Python's get(timeout=...) gives up with queue.Empty.
func (q *Queue) GetContext(ctx context.Context) (v any, ok bool, err error) {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			v := q.take()
			q.mu.Unlock()
			return v, true, nil
		}
		if q.closed {
			q.mu.Unlock()
			return nil, false, nil
		}
		changed := q.changed
		q.mu.Unlock()
		select {
		case <-changed: // the next Put or Close
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
}

// size returns the number of items waiting in the queue.
func (q *Queue) size() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// Empty reports whether no item is waiting.
func (q *Queue) Empty() bool { return q.size() == 0 }

// Close marks the queue as done: no more Puts; Gets take what is left,
// then return nil, false instead of waiting. Closing twice is harmless.
func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed = true
		q.signal()
	}
}
