// Package engine runs the code cells of Go notebooks on the yaegi
// interpreter and returns the outputs that the gophernotes kernel would show
// for them: what the cell printed on stdout and stderr (interpreted and
// compiled code alike), the value of a last expression, and errors.
//
// The kernel's interpreter is gomacro, which reads a cell otherwise than
// yaegi does; the engine reads it as gomacro does (see prepare,
// gomacroRejects, define and evalLast), so that a notebook that passes
// nbcheck passes on the kernel. What it cannot copy, package lint names.
//
// Each notebook runs in a worker process of its own (see Run), so that a cell
// that panics in a goroutine, deadlocks or never ends is reported and stopped
// without taking the checker down.
package engine
