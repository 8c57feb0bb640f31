// Package threading holds the compiled code behind the Go concurrency
// notebooks. Each lesson of the collection has one file here, and the
// notebooks import this package by relative path:
//
//	import "../pkg/threading"
//
// Cells call it and show what it returns, so that a notebook stays short and
// reads like Go a learner would write, while the logic lives in code that is
// compiled, documented and tested with the race detector.
//
// The exported API is deliberately non-generic: the notebook interpreters
// (gomacro behind the gophernotes kernel, and yaegi behind nbcheck) cannot
// import generic functions or types from compiled packages.
package threading
