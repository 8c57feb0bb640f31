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
	"syscall/js"

	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

func main() {
	withoutProcesses()
	stream := js.Global().Get("goStream")
	s, err := engine.NewLiteSession(func(name string, text []byte) {
		stream.Invoke(name, string(text))
	})
	if err != nil {
		js.Global().Call("goKernelFailed", err.Error())
		select {}
	}
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

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return "{}"
	}
	return string(b)
}
