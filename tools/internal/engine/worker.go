//go:build !js

package engine

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// workerEnv, when set in a process's environment, makes MaybeRunWorker turn
// that process into a notebook worker.
const workerEnv = "NBCHECK_WORKER"

type request struct {
	Cells []string `json:"cells"`
}

type event struct {
	Start   *int            `json:"start,omitempty"`
	Stream  string          `json:"stream,omitempty"` // a piece of output of the running cell
	Text    string          `json:"text,omitempty"`
	Done    *int            `json:"done,omitempty"`
	Outputs []*ipynb.Output `json:"outputs,omitempty"`
	Dropped int64           `json:"dropped,omitempty"`
	Print   string          `json:"print,omitempty"` // see CellRun.PrintValue
	Fatal   string          `json:"fatal,omitempty"`
}

// MaybeRunWorker turns the process into a notebook worker when it was
// started as one by Run, and then never returns. Programs and test binaries
// that call Run must call MaybeRunWorker first thing in main or TestMain.
func MaybeRunWorker() {
	if os.Getenv(workerEnv) == "" {
		return
	}
	os.Exit(serveWorker())
}

func serveWorker() int {
	dumpOnSignal()
	// The events pipe is the worker's alone: a process a cell starts must
	// not inherit it, or the run would wait for that process to end.
	syscall.CloseOnExec(3)
	events := os.NewFile(3, "events")
	var mu sync.Mutex // the output of a goroutine may come at any time
	enc := json.NewEncoder(events)
	send := func(ev event) error {
		mu.Lock()
		defer mu.Unlock()
		return enc.Encode(ev)
	}
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		send(event{Fatal: "reading request: " + err.Error()})
		return 2
	}
	in, err := NewInterp()
	if err != nil {
		send(event{Fatal: "starting the interpreter: " + err.Error()})
		return 2
	}
	in.OnOutput = func(stream string, text []byte) { send(event{Stream: stream, Text: string(text)}) }
	for i, src := range req.Cells {
		send(event{Start: &i})
		outs := in.Run(src)
		if err := send(event{Done: &i, Outputs: outs, Dropped: in.Dropped(), Print: in.PrintValue()}); err != nil {
			return 2
		}
	}
	return 0
}

// dumpOnSignal makes the worker write the stacks of its goroutines to
// stderr and exit when it receives SIGUSR1: the stacks of the moment a
// stuck cell is stopped. The goroutine that writes them and those of the
// worker's own machinery are left out.
func dumpOnSignal() {
	stderr := os.Stderr // the process's own, not a cell's capture
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	go func() {
		<-c
		buf := make([]byte, 4<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var keep []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, "engine.dumpOnSignal") || strings.Contains(g, "engine.(*capture).copy") || strings.Contains(g, "os/signal.loop") {
				continue
			}
			keep = append(keep, strings.TrimSpace(g))
		}
		fmt.Fprintf(stderr, "%s\n", strings.Join(keep, "\n\n"))
		os.Exit(3)
	}()
}
