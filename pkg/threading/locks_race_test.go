//go:build race

package threading

import "sync/atomic"

// Under the race detector, the increment is the same three steps made of
// atomic ones: a load, an add, a store. Updates are lost just the same, for
// the same reason (another goroutine can store between this one's load and
// store), but there is no data race for the detector to stop the tests at.

func incrementRacy(n *int64) { atomic.StoreInt64(n, atomic.LoadInt64(n)+1) }

func loadRacy(n *int64) int64 { return atomic.LoadInt64(n) }
