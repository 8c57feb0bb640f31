// Package engine runs the code cells of Go notebooks on the yaegi
// interpreter and returns the outputs that the gophernotes kernel would show
// for them: what the cell printed on stdout and stderr (interpreted and
// compiled code alike), the value of a last expression, and errors.
//
// Each notebook runs in a worker process of its own (see Run), so that a cell
// that panics in a goroutine, deadlocks or never ends is reported and stopped
// without taking the checker down.
package engine
