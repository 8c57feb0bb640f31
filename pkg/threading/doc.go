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
//     Go runtime, one lane per goroutine (drawn by the chart package);
//   - what the exercises' checks share: a verdict in one sentence (NotYet)
//     and a wait on the learner's code that gives up (Within).
//
// For each lesson whose measurements need compiled speed it holds a twin of
// what the cells write, tested with the race detector, so that what a
// notebook measures is the code it shows: SplitWork, SplitWorkShared,
// PrimesWithGoroutines, PrimeProgram.CountWithProcesses. The fetchers of
// lesson 9, which the cells measure themselves, are compiled in this
// package's tests alone, and run there under the race detector.
//
// The whole API, by what it is for (the lessons that use it in brackets);
// a test holds this index to the code, and testdata/api.txt lists it:
//
//   - Goroutines as Python's threads [1, 2]: Start, Thread (Join, Alive,
//     Done, Name), Sleeper.
//   - What ran when [2, 3, 4, 8, 9]: NewTimeline, Timeline (Track, Len,
//     Span, MaxOverlap, Chart); StartTrace, TraceRecording (Stop),
//     GoroutineTrace (Lane, MaxAtOnce), Lane (Time), TraceSpan, GoState (String) and
//     its values Running, Runnable, Sleeping, BlockedChannel, BlockedSync,
//     BlockedNetwork, InSyscall, BlockedOther (from first to last).
//   - CPU-bound work and its measure [3, 8]: Measurement (CoresBusy),
//     Fastest, SplitWork, SplitWorkShared, MeasureSplitWork,
//     MeasureSplitWorkShared, ScalingPoint (CoresBusy), ForWorkers,
//     PrintScaling, CountPrimes, PrimesWithGoroutines.
//   - Shared state [4]: Counter, MutexCounter, AtomicCounter, OwnerCounter
//     (each with Increment and Value), NewOwnerCounter (and Close), Hammer,
//     RaceSummary.
//   - Queues as Python's [5]: NewQueue, Queue (Put, PutPriority, Get,
//     GetContext, Empty, Close), Order (String; FIFO, LIFO, Priority).
//   - Processes and Python [3-8, 10, 11]: RunProgram, RunProgramContext,
//     CommandOutput, FirstLines, Python, PythonContext, BuildPrimeProgram,
//     PrimeProgram (Path, CountWithProcesses, Close), MeasurePythonPrimes,
//     MeasurePythonSplitWork, MeasurePythonThreadCost, MeasureGoroutineCost,
//     SpawnCost.
//   - I/O [9]: NewSlowServer, SlowServer (URLs, SiteURL, PythonFetch,
//     MaxInFlight, Served, Reset, Close), Fetch, FetchContext, FetchLinks,
//     FetchResult.
//   - Errors from many goroutines [11]: NewErrGroup, ErrGroup (Go, SetLimit,
//     Wait).
//   - The exercises' checks [1-11]: NotYet, Within.
//
// What waits on something outside the program (a child process, the
// network, a queue) takes a context.Context and gives up when it is done:
// its children stopped, its request abandoned. The calls the cells make
// most also come without one, as os/exec's and net/http's do: Python and
// RunProgram wait as Python's calls do (PythonContext and RunProgramContext
// take one), Fetch and FetchLinks give up after 30 seconds (FetchContext
// takes one), Queue.Get waits for an item (Queue.GetContext takes one).
//
// The exported API is deliberately non-generic: the notebook interpreters
// (gomacro behind the gophernotes kernel, and yaegi behind nbcheck) cannot
// import generic functions or types from compiled packages.
package threading
