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
// The API, by what it is for (the lessons that use it in brackets):
//
//   - Goroutines as Python's threads [1, 2]: Start, Thread (Join, Alive,
//     Done, Name), Sleeper.
//   - What ran when [2, 3, 4, 8, 9]: NewTimeline, Timeline; StartTrace,
//     TraceRecording, GoroutineTrace, Lane, TraceSpan, GoState and its
//     values (Running, Runnable, Sleeping, Blocked..., InSyscall), GoStates.
//   - CPU-bound work and its measure [3, 8]: Measurement, Fastest,
//     SplitWork, SplitWorkShared, MeasureSplitWork, MeasureSplitWorkShared,
//     MeasureScaling, ScalingPoint, ForWorkers, PrintScaling, CountPrimes,
//     PrimesWithGoroutines.
//   - Shared state [4]: Counter, MutexCounter, AtomicCounter, OwnerCounter,
//     Hammer, RaceSummary.
//   - Queues as Python's [5]: NewQueue, Queue (Put, PutPriority, Get,
//     GetContext, Empty, Close), Order (FIFO, LIFO, Priority).
//   - Processes and Python [3-8, 10, 11]: RunProgram, RunProgramContext,
//     CommandOutput, FirstLines, Python, PythonContext, BuildPrimeProgram, PrimeProgram,
//     MeasurePythonPrimes, MeasurePythonSplitWork, MeasurePythonThreadCost,
//     MeasureGoroutineCost, SpawnCost.
//   - I/O [9]: NewSlowServer, SlowServer, Fetch, FetchContext, FetchLinks,
//     FetchResult, and the compiled twins of the lesson's cells FetchSerial,
//     FetchAll, FetchPool, FetchLimited (each takes a context).
//   - Errors from many goroutines [11]: NewErrGroup, ErrGroup.
//   - The exercises' checks [1]: NotYet, Within.
//
// What can wait on something outside the program (a child process, the
// network, a queue) has a form that takes a context.Context and gives up
// when it is done: RunProgramContext, CommandOutput, PythonContext,
// FetchContext and the fetchers, Queue.GetContext. The forms without one,
// which the cells call, wait as Python's calls do.
//
// The exported API is deliberately non-generic: the notebook interpreters
// (gomacro behind the gophernotes kernel, and yaegi behind nbcheck) cannot
// import generic functions or types from compiled packages.
package threading
