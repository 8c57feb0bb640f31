package engine

import (
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"

	"github.com/traefik/yaegi/interp"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/rich"
)

// render turns the values of a last expression into an execute_result as
// gophernotes does. A value that is the only non-nil one and has any of
// the renderer methods (PNG() []byte, HTML() string, ...), or is an
// image.Image (shown as PNG), is shown under every MIME type it provides.
// Anything else is the text fmt.Sprint makes of all values.
//
// gophernotes means to add text/plain (fmt.Sprint of the value) to a rich
// result too, but its check for an existing text/plain compares a missing
// map entry (nil) with "", which is false, so a rich result has no
// text/plain; the notebooks it writes show that, and so does this engine.
func (e *Interp) render(values []any, vars int) *ipynb.Output {
	count := e.count
	out := &ipynb.Output{Type: "execute_result", ExecutionCount: &count, Data: map[string]any{}, Metadata: map[string]any{}}
	one, nonNil := -1, 0
	for i, v := range values {
		if v != nil {
			one, nonNil = i, nonNil+1
		}
	}
	if d, ok := values[max(one, 0)].(rich.Data); ok && nonNil == 1 && len(d.Data) == 0 {
		// gophernotes shows an empty bundle (what display.Auto makes of
		// a plain string) as nothing.
		return nil
	}
	if nonNil == 1 {
		if err := e.renderRich(out, values[one], one < vars, valueVar(one)); err != nil {
			return errorOutput(err)
		}
		if len(out.Data) > 0 {
			return out
		}
	}
	out.Data["text/plain"] = fmt.Sprint(values...)
	return out
}

// renderRich fills out's data with the MIME types v provides, going
// through rich.Showers. Methods of compiled types are found by type
// assertion; those of types the notebook defines only by the interpreter,
// through the variable name when inInterp is set (yaegi hands compiled
// code such values as plain structs, without their methods).
func (e *Interp) renderRich(out *ipynb.Output, v any, inInterp bool, name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	interpreted := inInterp && !compiledNamed(v)
	for _, s := range rich.Showers {
		d, ok, err := s.Of(v)
		if !ok && interpreted && s.Taker != nil {
			d, ok, err = e.showInterpreted(s, name)
		}
		if err != nil {
			return err
		}
		if ok {
			mergeBundle(out.Data, d.Data)
			mergeBundle(out.Metadata, d.Metadata)
		}
	}
	return nil
}

// A shownBundle is what a Shower's function gave the engine.
type shownBundle struct {
	d   rich.Data
	err error
}

// showInterpreted asks the interpreter to show the variable name the way s
// does. A compile error means its type has no such method (or one of
// another signature); nothing ran then.
func (e *Interp) showInterpreted(s rich.Shower, name string) (rich.Data, bool, error) {
	arg := name
	if s.Method {
		arg += "." + s.Name
	}
	e.handed.put(func(h *handoff) { h.bundle = nil })
	_, err := e.yi.Eval("__nbcheck_show." + s.Name + "(" + arg + ")")
	var b *shownBundle
	e.handed.put(func(h *handoff) { b, h.bundle = h.bundle, nil })
	var p interp.Panic
	if errors.As(err, &p) {
		return rich.Data{}, false, evalError(err)
	}
	if err != nil || b == nil {
		return rich.Data{}, false, nil
	}
	return b.d, true, b.err
}

// mergeBundle copies a MIME bundle's entries into an output's, bytes as the
// base64 text Jupyter stores.
func mergeBundle(dst map[string]any, src rich.MIMEMap) {
	for k, v := range src {
		if b, isBytes := v.([]byte); isBytes {
			v = base64.StdEncoding.EncodeToString(b)
		}
		dst[k] = v
	}
}

// displayOutput is the display_data output of a bundle shown with Display.
func displayOutput(d rich.Data) *ipynb.Output {
	out := &ipynb.Output{Type: "display_data", Data: map[string]any{}, Metadata: map[string]any{}}
	mergeBundle(out.Data, d.Data)
	mergeBundle(out.Metadata, d.Metadata)
	return out
}

// compiledNamed reports whether v's type is a named type of a compiled
// package, whose methods type assertions see; the interpreter's view of it
// would add methods of the pointer type, which gophernotes does not use.
func compiledNamed(v any) bool {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer && t.Name() == "" {
		t = t.Elem()
	}
	return t.PkgPath() != ""
}
