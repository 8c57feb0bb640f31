//go:build js && wasm

// Command wasm is the Go kernel of the lessons in a browser: the engine
// nbcheck uses (tools/internal/engine), the helper packages and the display
// API, built for GOOS=js GOARCH=wasm and run in a Web Worker by
// tools/lite/web/worker.js.
//
// It puts one object on the worker's global scope, goKernel, with the
// requests of the kernel in the page (tools/lite/extension):
//
//	execute(code, done)      runs a cell: stdout and stderr go out as printed, through goStream(name, text);
//	                         then done(JSON of its other outputs: results, displays, errors)
//	interrupt()              stops the running cell
//	complete(code, cursor)   JSON {matches, cursor_start, cursor_end}
//	inspect(code, cursor)    JSON {found, data}
//	isComplete(code)         "complete", "incomplete" or "invalid"
//
// and then calls goKernelReady().
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"syscall/js"

	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// memoryLimit is the heap size at which the garbage collector runs. In a
// browser it runs on the one thread there is, and each cycle stops the
// lesson for tens of milliseconds: at the default pace (when the heap has
// doubled) it ran every few cells and showed in their timings. A lesson's
// heap stays far below this.
const memoryLimit = 768 << 20

func main() {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(memoryLimit)
	withoutProcesses()
	stream := js.Global().Get("goStream")
	s, err := engine.NewLiteSession(func(name string, text []byte) {
		stream.Invoke(name, string(text))
	})
	if err != nil {
		js.Global().Call("goKernelFailed", err.Error())
		select {}
	}
	warmUp(s)
	k := js.Global().Get("Object").New()
	k.Set("execute", js.FuncOf(func(this js.Value, args []js.Value) any {
		code, done := args[0].String(), args[1]
		go func() {
			b, err := json.Marshal(messages(s.Execute(code)))
			if err != nil {
				b, _ = json.Marshal(fmt.Sprintf("encoding the outputs: %v", err))
			}
			done.Invoke(string(b))
		}()
		return nil
	}))
	k.Set("interrupt", js.FuncOf(func(this js.Value, args []js.Value) any {
		s.Interrupt()
		return nil
	}))
	k.Set("complete", js.FuncOf(func(this js.Value, args []js.Value) any {
		return toJSON(s.Complete(args[0].String(), args[1].Int()))
	}))
	k.Set("inspect", js.FuncOf(func(this js.Value, args []js.Value) any {
		return toJSON(s.Inspect(args[0].String(), args[1].Int()))
	}))
	k.Set("isComplete", js.FuncOf(func(this js.Value, args []js.Value) any {
		return isComplete(args[0].String())
	}))
	js.Global().Set("goKernel", k)
	js.Global().Call("goKernelReady")
	select {}
}

// A message is an output as the kernel sends it, less the streams, which
// went out as they were printed.
type message struct {
	Type      string         `json:"type"` // execute_result, display_data or error
	Data      map[string]any `json:"data,omitempty"`
	Metadata  map[string]any `json:"metadata,omitempty"`
	Ename     string         `json:"ename,omitempty"`
	Evalue    string         `json:"evalue,omitempty"`
	Traceback []string       `json:"traceback,omitempty"`
}

func messages(outs []*ipynb.Output) []message {
	msgs := []message{}
	for _, o := range outs {
		switch o.Type {
		case "execute_result", "display_data":
			md := o.Metadata
			if md == nil {
				md = map[string]any{}
			}
			msgs = append(msgs, message{Type: o.Type, Data: o.Data, Metadata: md})
		case "error":
			msgs = append(msgs, message{Type: o.Type, Ename: o.Ename, Evalue: o.Evalue, Traceback: o.Traceback})
		}
	}
	return msgs
}

// warmUpCells run before the kernel says it is ready. A browser compiles
// WebAssembly a function at a time, the first time it runs, and then
// again faster when it runs often: the first cell to start goroutines,
// sleep or trace would spend tens of milliseconds being compiled, which a
// lesson's timings and charts show. Their names are the engine's own, so
// that the learner's session has nothing of them (no package imported).
var warmUpCells = []string{`import (
	__nbcheck_fmt "fmt"
	__nbcheck_sync "sync"
	__nbcheck_time "time"
	__nbcheck_threading "github.com/goconcurrency/notebooks/pkg/threading"
)`, `{
	var wg __nbcheck_sync.WaitGroup
	var mu __nbcheck_sync.Mutex
	ch := make(chan string, 1)
	line := __nbcheck_threading.NewTimeline()
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			line.Track(name, func() { __nbcheck_time.Sleep(__nbcheck_time.Millisecond) })
			mu.Lock()
			mu.Unlock()
			select {
			case ch <- name:
			default:
			}
		}(__nbcheck_fmt.Sprintf("warm%d", i))
	}
	wg.Wait()
	select {
	case <-ch:
	case <-__nbcheck_time.After(__nbcheck_time.Millisecond):
	}
	rec, err := __nbcheck_threading.StartTrace()
	if err == nil {
		__nbcheck_time.Sleep(__nbcheck_time.Millisecond)
		rec.Stop()
	}
	line.Chart(20)
}`}

// warmUp runs warmUpCells, the second a few times.
func warmUp(s *engine.LiteSession) {
	s.Execute(warmUpCells[0])
	for range 3 {
		s.Execute(warmUpCells[1])
	}
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return "{}"
	}
	return string(b)
}
