//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"os"
	"reflect"

	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/engine/symbols"
)

// needsKernel lists the helper's functions that a browser cannot run, and
// why. The browser gives one thread and no processes, sockets or Python.
var needsKernel = map[string]string{
	"Python":                  "runs Python",
	"PythonContext":           "runs Python",
	"MeasurePythonThreadCost": "runs Python",
	"MeasurePythonPrimes":     "runs Python",
	"MeasurePythonSplitWork":  "runs Python",
	"RunProgram":              "builds and runs a Go program in a child process",
	"RunProgramContext":       "builds and runs a Go program in a child process",
	"CommandOutput":           "runs a command in a child process",
	"BuildPrimeProgram":       "builds a Go program for child processes",
	"NewSlowServer":           "starts a server on a local socket",
}

// openCommand is how to get the full kernel.
const openCommand = "bash tools/open.sh"

// withoutProcesses replaces, in the interpreter's symbols, the helper's
// functions that need a process, a socket or Python by functions that say
// so in one line on stderr and return zero values, an error last when they
// return one. A function that returns a pointer and no error panics with
// that line, since what the cell does next with nil would fail less
// clearly.
func withoutProcesses() {
	pkg := symbols.Symbols[engine.HelperPath+"/threading"]
	for name, why := range needsKernel {
		fn, ok := pkg[name]
		if !ok {
			panic("tools/lite/wasm: the helper has no " + name)
		}
		pkg[name] = stub(fn.Type(), name, why)
	}
}

func stub(t reflect.Type, name, why string) reflect.Value {
	msg := fmt.Sprintf("threading.%s needs the full kernel: it %s, which the browser cannot. Run the lesson on your machine: %s", name, why, openCommand)
	errType := reflect.TypeFor[error]()
	return reflect.MakeFunc(t, func([]reflect.Value) []reflect.Value {
		outs := make([]reflect.Value, t.NumOut())
		for i := range outs {
			outs[i] = reflect.Zero(t.Out(i))
		}
		n := len(outs)
		if n > 0 && t.Out(n-1) == errType {
			outs[n-1] = reflect.ValueOf(errors.New(msg)).Convert(errType)
		} else if n > 0 {
			panic(msg)
		}
		fmt.Fprintln(os.Stderr, msg)
		return outs
	})
}
