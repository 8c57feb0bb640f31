//go:build !race

package threading

// The unsynchronized increment: a real data race, kept out of builds with
// the race detector, which would stop the tests at it. It is written as its
// three steps, as the CPU does them: fetch the value, compute the new one,
// write it back. Another goroutine that writes in between is overwritten.

func incrementRacy(n *int64) {
	v := loadRacy(n) // fetch
	v++              // compute
	*n = v           // write back
}

//go:noinline
func loadRacy(n *int64) int64 { return *n }
