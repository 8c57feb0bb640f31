package threading

// The deliberately racy counter exists for the tests only: they show that
// it loses updates, and that the race detector reports it (the lessons run
// their racy counter as a program of its own, with RunProgram).

// racyCounter increments a plain integer with no synchronization: n++ is
// a load, an add and a store, and two goroutines that interleave those
// steps lose one of their increments. It is wrong on purpose, to show that.
type racyCounter struct{ n int64 }

// Value returns the count.
func (c *racyCounter) Value() int64 { return loadRacy(&c.n) }

// Increment adds one, without synchronization.
func (c *racyCounter) Increment() { incrementRacy(&c.n) }

// lostUpdates hammers a new racyCounter up to tries times and returns the
// first count that came up short of workers*times, and the try it came on;
// it returns the full count and tries when no update was lost.
func lostUpdates(workers, times, tries int) (count int64, try int) {
	for try = 1; try <= tries; try++ {
		c := &racyCounter{}
		Hammer(c, workers, times)
		if count = c.Value(); count < int64(workers*times) {
			return count, try
		}
	}
	return count, tries
}
