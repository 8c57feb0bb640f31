// Package threading holds the compiled code behind the Go concurrency
// notebooks. The notebooks import it by relative path:
//
//	import "../pkg/threading"
//
// The concurrency of each lesson is written in its cells: goroutines,
// WaitGroups, mutexes, atomics, channels, select and context, for a learner
// to read, change and run again. This package keeps what cells cannot do
// well:
//
//   - CPU-heavy work at compiled speed, and the measurements of it (wall
//     clock against CPU time: how many cores the work kept busy);
//   - whole programs run as processes of their own (the race detector, a
//     deadlock, a panic, a main that returns), and Python run beside Go;
//   - the local slow web server of the I/O lesson;
//   - pictures of what ran when: text timelines, and execution traces of the
//     Go runtime, one lane per goroutine (drawn by the chart package).
//   - what the exercises' checks share: a verdict in one sentence (NotYet)
//     and a wait on the learner's code that gives up (Within).
//
// And for each lesson it holds a compiled twin of what the cells write,
// tested with the race detector, so that what a notebook measures is the
// code it shows: SplitWork, the counters, PrimesWithGoroutines,
// FetchAll and its bounded cousins.
//
// The exported API is deliberately non-generic: the notebook interpreters
// (gomacro behind the gophernotes kernel, and yaegi behind nbcheck) cannot
// import generic functions or types from compiled packages.
package threading
