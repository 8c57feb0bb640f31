package threading

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestQueueOrders(t *testing.T) {
	for _, tc := range []struct {
		order Order
		put   [][2]int // priority, value
		want  []int
	}{
		{FIFO, [][2]int{{0, 1}, {0, 2}, {0, 3}}, []int{1, 2, 3}},
		{LIFO, [][2]int{{0, 1}, {0, 2}, {0, 3}}, []int{3, 2, 1}},
		{Priority, [][2]int{{3, 30}, {1, 10}, {2, 20}, {1, 11}}, []int{10, 11, 20, 30}},
	} {
		q := NewQueue(tc.order)
		for _, p := range tc.put {
			q.PutPriority(p[0], p[1])
		}
		if q.size() != len(tc.put) || q.Empty() {
			t.Errorf("%s: size() = %d after %d puts", tc.order, q.size(), len(tc.put))
		}
		for _, want := range tc.want {
			if v, ok := q.Get(); !ok || v != want {
				t.Errorf("%s: Get() = %v, %v; want %v", tc.order, v, ok, want)
			}
		}
		if !q.Empty() {
			t.Errorf("%s: not empty after taking everything", tc.order)
		}
	}
}

// An order that is none of the three is a mistake, said at once.
func TestNewQueueRejectsUnknownOrders(t *testing.T) {
	for _, o := range []Order{0, Priority + 1, -1} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "FIFO, LIFO or Priority") {
					t.Errorf("NewQueue(%v) recovered %v, want a panic naming the orders", o, r)
				}
			}()
			NewQueue(o)
		}()
	}
	if got := fmt.Sprint(FIFO, LIFO, Priority, Order(7)); got != "FIFO LIFO Priority Order(7)" {
		t.Errorf("the orders print as %q", got)
	}
}

func TestQueueGetWaitsForPut(t *testing.T) {
	q := NewQueue(FIFO)
	got := make(chan any)
	go func() {
		v, _ := q.Get()
		got <- v
	}()
	q.Put("job")
	if v := <-got; v != "job" {
		t.Errorf("Get() = %v", v)
	}
}

func TestQueueClose(t *testing.T) {
	q := NewQueue(FIFO)
	// Close wakes every waiting Get, after the items left are taken.
	q.Put(2)
	var wg sync.WaitGroup
	results := make(chan bool, 3)
	for i := 0; i < 3; i++ {
		wg.Go(func() {
			_, ok := q.Get()
			results <- ok
		})
	}
	q.Close()
	q.Close()
	wg.Wait()
	close(results)
	oks := 0
	for ok := range results {
		if ok {
			oks++
		}
	}
	if oks != 1 {
		t.Errorf("%d Gets got an item, want 1 (the one left before Close)", oks)
	}
	defer func() {
		if recover() == nil {
			t.Error("Put on a closed queue did not panic")
		}
	}()
	q.Put(3)
}

func TestQueueManyProducersAndConsumers(t *testing.T) {
	q := NewQueue(FIFO)
	const producers, each = 4, 500
	var prod, cons sync.WaitGroup
	for p := 0; p < producers; p++ {
		prod.Go(func() {
			for i := 0; i < each; i++ {
				q.Put(1)
			}
		})
	}
	var mu sync.Mutex
	total := 0
	for c := 0; c < 3; c++ {
		cons.Go(func() {
			for {
				v, ok := q.Get()
				if !ok {
					return
				}
				mu.Lock()
				total += v.(int)
				mu.Unlock()
			}
		})
	}
	prod.Wait()
	q.Close()
	cons.Wait()
	if total != producers*each {
		t.Errorf("consumers took %d items, want %d", total, producers*each)
	}
}
