package engine

import (
	"errors"
	"fmt"
	"os"
	"path"
	"reflect"
	"regexp"
	"sync"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"

	"github.com/goconcurrency/notebooks/tools/internal/engine/symbols"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/rich"
)

// HelperPath is the import path of the compiled helper package, and
// HelperRelPath the relative path notebooks import it by.
const (
	HelperPath    = "github.com/goconcurrency/notebooks/pkg/threading"
	HelperRelPath = "../pkg/threading"
)

// displayPath is the import path of the display API put in every session.
const displayPath = "github.com/goconcurrency/notebooks/tools/internal/display"

// showPkg is the package through which a cell's last expression reaches
// the engine; the session imports it as showName, a name no notebook uses.
const (
	showPkg  = "nbcheck.internal/show"
	showName = "__nbcheck_show"
)

// An Interp evaluates the cells of one notebook in order, sharing their
// declarations, as a kernel session does. It is not safe for concurrent use.
type Interp struct {
	yi      *interp.Interpreter
	s       *session
	handed  handoff
	count   int
	blocks  int   // functions made of block statements (see cellsplit.Chunk)
	dropped int64 // output bytes of the current cell beyond MaxCellOutput
	// printValue is what gophernotes as released shows for the current
	// cell's final call of a fmt print function (13 <nil>), which our
	// kernel and the engine do not show; "" for other cells.
	printValue string

	// OnOutput, when not nil, is given each piece of stream output as it
	// is printed (within MaxCellOutput), while the cell runs.
	OnOutput func(stream string, text []byte)
}

// MaxCellOutput bounds what one cell may print (and show) in bytes; the rest
// is dropped and counted.
const MaxCellOutput = 10 << 20

// NewInterp returns an interpreter with the standard library and the helper
// packages available, under their module paths and their relative paths,
// and gophernotes' display API.
func NewInterp() (*Interp, error) {
	e := &Interp{}
	e.yi = interp.New(interp.Options{
		Stdout:       writerFunc(func(p []byte) (int, error) { return os.Stdout.Write(p) }),
		Stderr:       &panicLogFilter{},
		Unrestricted: true,
	})
	if symbols.Symbols[HelperPath+"/threading"] == nil {
		return nil, errors.New("helper symbols missing: run go generate ./tools/internal/engine/symbols")
	}
	known := map[string]knownPkg{}
	for _, x := range []interp.Exports{
		stdlib.Symbols,
		// What yaegi keeps apart as unrestricted (os/exec, syscall,
		// os.Exit and the like), gophernotes' cells may use.
		unrestricted.Symbols,
		symbols.Exports(),
		{showPkg + "/show": e.showExports()},
		// What gophernotes puts in every session: the package display,
		// and the function Display that shows a bundle at once.
		{"display/display": symbols.Symbols[displayPath+"/display"]},
	} {
		if err := e.yi.Use(x); err != nil {
			return nil, fmt.Errorf("loading symbols: %w", err)
		}
		for key, symbols := range x {
			// Keys are "path/name".
			known[path.Dir(key)] = knownPkg{path.Base(key), symbols}
		}
	}
	e.s = newSession(known)
	e.s.imports["display"] = "display"
	for _, src := range []string{
		`import ` + showName + ` "` + showPkg + `"`,
		`import "display"`,
		`func Display(d display.Data) error { return __nbcheck_show.Display(d) }`,
		// gomacro's println and print write to stderr, formatted as fmt
		// formats (yaegi's write to stdout).
		`func println(a ...interface{}) { __nbcheck_show.Println(a...) }`,
		`func print(a ...interface{}) { __nbcheck_show.Print(a...) }`,
	} {
		if _, err := e.yi.Eval(src); err != nil {
			return nil, fmt.Errorf("setting up the session: %w", err)
		}
	}
	return e, nil
}

// showExports returns the functions of the package showPkg, by which
// interpreted code hands values to the engine: the values of a cell's last
// expression, bundles shown with Display, and one function per way of
// showing a value (rich.Showers).
func (e *Interp) showExports() map[string]reflect.Value {
	show := map[string]reflect.Value{
		"Values": reflect.ValueOf(func(v ...any) { e.handed.put(func(h *handoff) { h.values = v }) }),
		"Display": reflect.ValueOf(func(d rich.Data) error {
			out := displayOutput(d)
			e.handed.put(func(h *handoff) { h.displayed = append(h.displayed, out) })
			return nil
		}),
		// A function or variable of a dot import, which gomacro binds
		// to nothing (see session.dotImport).
		"ZeroValue": reflect.ValueOf(func() func(...any) any {
			panic(errors.New("reflect: call of reflect.Value.Interface on zero Value"))
		}),
		"Println": reflect.ValueOf(func(a ...any) { fmt.Fprintln(os.Stderr, a...) }),
		"Print": reflect.ValueOf(func(a ...any) {
			for _, x := range a {
				fmt.Fprint(os.Stderr, x)
			}
		}),
	}
	for _, s := range rich.Showers {
		if s.Taker != nil {
			show[s.Name] = reflect.ValueOf(s.Taker(func(d rich.Data, err error) {
				e.handed.put(func(h *handoff) { h.bundle = &shownBundle{d, err} })
			}))
		}
	}
	return show
}

// A handoff is what interpreted code hands the engine through showPkg:
// the values of a last expression, the bundles shown with Display, what a
// rich.Shower gave. Any goroutine of a cell may call Display at any
// time, so it is behind a lock.
type handoff struct {
	mu        sync.Mutex
	values    []any
	displayed []*ipynb.Output // display_data outputs of the current cell
	bundle    *shownBundle    // what a rich.Shower last gave
}

// put changes the handoff under its lock.
func (h *handoff) put(f func(*handoff)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f(h)
}

// take returns what was handed, and clears it.
func (h *handoff) take() (values []any, displayed []*ipynb.Output, bundle *shownBundle) {
	h.mu.Lock()
	defer h.mu.Unlock()
	values, displayed, bundle = h.values, h.displayed, h.bundle
	h.values, h.displayed, h.bundle = nil, nil, nil
	return values, displayed, bundle
}

// takeValues returns the values of a last expression handed, and clears
// them.
func (h *handoff) takeValues() []any {
	h.mu.Lock()
	defer h.mu.Unlock()
	v := h.values
	h.values = nil
	return v
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// panicLogFilter forwards yaegi's own diagnostics to the current os.Stderr,
// less the "file:line:col: panic: ..." location lines it prints when a cell
// panics: gophernotes shows a panic only as the cell's error.
type panicLogFilter struct{}

var panicLogLine = regexp.MustCompile(`^(\S+:)?\d+:\d+: panic`)

func (panicLogFilter) Write(p []byte) (int, error) {
	if panicLogLine.Match(p) {
		return len(p), nil
	}
	return os.Stderr.Write(p)
}
