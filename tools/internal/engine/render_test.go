package engine

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/goconcurrency/notebooks/tools/internal/engine/symbols"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// Compiled types with gophernotes' renderer methods, as a helper package
// would define them.
type richDoc struct{ Title string }

func (d richDoc) HTML() string     { return "<h1>" + d.Title + "</h1>" }
func (d richDoc) Markdown() string { return "# " + d.Title }
func (d richDoc) String() string   { return "doc " + d.Title }

type richChart struct{ data []byte }

func (c *richChart) PNG() []byte    { return c.data }
func (c *richChart) String() string { return fmt.Sprintf("chart of %d bytes", len(c.data)) }

func newChart() (*richChart, error) { return &richChart{[]byte("\x89PNG fake")}, nil }

// A value only the pointer type renders: gophernotes shows a richPtrOnly
// value as text.
type richPtrOnly struct{}

func (*richPtrOnly) HTML() string { return "<p>pointer</p>" }

// newRichInterp returns an interpreter that also has the compiled types
// above, as package "example.com/rich".
func newRichInterp(t *testing.T) *Interp {
	t.Helper()
	in, err := NewInterp()
	if err != nil {
		t.Fatal(err)
	}
	err = in.yi.Use(interp.Exports{"example.com/rich/rich": {
		"Doc":      reflect.ValueOf((*richDoc)(nil)),
		"PtrOnly":  reflect.ValueOf((*richPtrOnly)(nil)),
		"NewChart": reflect.ValueOf(newChart),
	}})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// data shows an output's MIME bundle compactly: "mime=value" per line,
// sorted, base64 decoded for binary types.
func data(t *testing.T, outs []*ipynb.Output) string {
	t.Helper()
	var lines []string
	for _, o := range outs {
		if o.Type == "error" {
			lines = append(lines, "error="+o.Evalue)
			continue
		}
		if o.Type == "stream" {
			lines = append(lines, o.Name+"="+o.Text)
			continue
		}
		for mime, v := range o.Data {
			s := fmt.Sprint(v)
			switch mime {
			case "image/png", "image/jpeg", "application/pdf":
				b, err := base64.StdEncoding.DecodeString(s)
				if err != nil {
					t.Errorf("%s is not base64: %v", mime, err)
				}
				s = "base64(" + string(b) + ")"
			}
			lines = append(lines, mime+"="+s)
		}
		if len(o.Metadata) > 0 {
			lines = append(lines, fmt.Sprintf("metadata=%v", o.Metadata))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

const cellTypes = `import (
	"fmt"
	"image"
	"image/color"
	"example.com/rich"
)

type Report struct{ N int }

func (r Report) HTML() string                       { return fmt.Sprintf("<b>%d</b>", r.N) }
func (r Report) Markdown() string                   { return "**n**" }
func (r Report) Latex() string                      { return "$n$" }
func (r Report) SVG() string                        { return "<svg/>" }
func (r Report) JavaScript() string                 { return "alert(1)" }
func (r Report) JSON() map[string]interface{}       { return map[string]interface{}{"n": r.N} }
func (r Report) JPEG() []byte                       { return []byte("jpeg bytes") }
func (r Report) PDF() []byte                        { return []byte("%PDF") }
func (r Report) String() string                     { return "a report" }

type Odd struct{}

func (Odd) HTML() int { return 3 }

type Boom struct{}

func (Boom) HTML() string { panic("no html today") }

type Square struct{ Side int }

func (s Square) ColorModel() color.Model { return color.GrayModel }
func (s Square) Bounds() image.Rectangle { return image.Rect(0, 0, s.Side, s.Side) }
func (s Square) At(x, y int) color.Color { return color.Gray{200} }
`

// Rich results carry no text/plain: see render.
func TestRenderLikeGophernotes(t *testing.T) {
	in := newRichInterp(t)
	if outs := in.Run(cellTypes); len(outs) != 0 {
		t.Fatalf("declarations: %s", data(t, outs))
	}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"compiled type", `rich.Doc{"Go"}`,
			"text/html=<h1>Go</h1>\ntext/markdown=# Go"},
		{"compiled pointer type, with a nil error", `rich.NewChart()`,
			"image/png=base64(\x89PNG fake)"},
		{"compiled type behind an interface", "var s fmt.Stringer = rich.Doc{\"x\"}\ns",
			"text/html=<h1>x</h1>\ntext/markdown=# x"},
		{"compiled value whose pointer renders", `rich.PtrOnly{}`, "text/plain={}"},
		{"cell-defined type, every MIME type", `Report{7}`,
			"application/javascript=alert(1)\napplication/json=map[n:7]\napplication/pdf=base64(%PDF)\nimage/jpeg=base64(jpeg bytes)\nimage/svg+xml=<svg/>\ntext/html=<b>7</b>\ntext/latex=$n$\ntext/markdown=**n**"},
		{"cell-defined type in a variable", "r := Report{8}\nr",
			"application/javascript=alert(1)\napplication/json=map[n:8]\napplication/pdf=base64(%PDF)\nimage/jpeg=base64(jpeg bytes)\nimage/svg+xml=<svg/>\ntext/html=<b>8</b>\ntext/latex=$n$\ntext/markdown=**n**"},
		{"cell-defined image", `Square{3}`,
			"image/png=base64(" + pngOf(t, 3) + ")\nmetadata=map[height:3 width:3]"},
		{"method of another signature", `Odd{}`, "text/plain={}"},
		{"a renderer that panics", `Boom{}`, "error=no html today"},
		{"two non-nil values are text", "func two() (rich.Doc, int) { return rich.Doc{\"a\"}, 2 }\ntwo()", "text/plain=doc a 2"},
		{"one non-nil of two renders", "func three() (Report, error) { return Report{3}, nil }\nthree()",
			"application/javascript=alert(1)\napplication/json=map[n:3]\napplication/pdf=base64(%PDF)\nimage/jpeg=base64(jpeg bytes)\nimage/svg+xml=<svg/>\ntext/html=<b>3</b>\ntext/latex=$n$\ntext/markdown=**n**"},
		// The kernel shows the comma-ok forms' two values.
		{"map index has two values", "m := map[string]int{\"a\": 1}\nm[\"a\"]", "text/plain=1 true"},
		{"receive has two values", "ch := make(chan int, 1)\nch <- 5\n<-ch", "text/plain=5 true"},
		{"type assertion has two values", "var x interface{} = 2.5\nx.(float64)", "text/plain=2.5 true"},
		{"slice index has one value", "[]int{4, 5}[1]", "text/plain=5"},
		{"a cell type's comma-ok pair", "rm := map[string]Report{}\nrm[\"x\"]", "text/plain={0} false"},
		{"call with two results", "fmt.Sscan(\"7\", new(int))", "text/plain=1 <nil>"},
		{"a final print shows no value", "fmt.Println(\"hi\")", "stdout=hi\n"},
		{"untyped nil shows nothing", "nil", ""},
		{"no value", "func f() {}\nf()", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := data(t, in.Run(tc.src)); got != tc.want {
				t.Errorf("%s\n got:\n%s\nwant:\n%s", tc.src, got, tc.want)
			}
		})
	}
}

// square is the compiled twin of the cell-defined Square.
type square struct{ side int }

func (s square) ColorModel() color.Model { return color.GrayModel }
func (s square) Bounds() image.Rectangle { return image.Rect(0, 0, s.side, s.side) }
func (s square) At(x, y int) color.Color { return color.Gray{200} }

// pngOf returns the PNG encoding of a gray square of the given side.
func pngOf(t *testing.T, side int) string {
	var buf bytes.Buffer
	if err := png.Encode(&buf, square{side}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// gophernotesDisplay lists what the display package of gophernotes v0.7.5
// exports to cells (its imports table, x_package.go): its functions,
// constants and types. Image is both a function and a type there.
var gophernotesDisplay = strings.Fields(`Any Auto Data File HTML HTMLer Image JPEG
	JPEGer JSON JSONer JavaScript JavaScripter Latex Latexer MIME MIMEMap
	MIMETypeHTML MIMETypeJPEG MIMETypeJSON MIMETypeJavaScript MIMETypeLatex
	MIMETypeMarkdown MIMETypePDF MIMETypePNG MIMETypeSVG MakeData MakeData3
	Markdown Markdowner Math PDF PDFer PNG PNGer Renderer SVG SVGer
	SimpleRenderer`)

// Cells see gophernotes' display API and nothing more: a name the kernel's
// package lacks (the engine's renderer table, say) fails in nbcheck as it
// fails on the kernel.
func TestDisplayAPIIsTheKernels(t *testing.T) {
	kernel := map[string]bool{}
	for _, name := range gophernotesDisplay {
		kernel[name] = true
	}
	for name := range symbols.Symbols[displayPath+"/display"] {
		if !kernel[name] && !strings.HasPrefix(name, "_") {
			t.Errorf("cells see display.%s, which gophernotes' display package lacks", name)
		}
	}
	in, err := NewInterp()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{`display.Render("", "x")`, `display.Bundle(1)`, `display.Size`, `display.Showers`, `var s display.Shower`, `display.MIMETypeText`} {
		if got := show(in.Run(src)); !strings.HasPrefix(got, "ERROR: ") {
			t.Errorf("%s: %q, want an error, as on the kernel", src, got)
		}
	}
	if got := show(in.Run(`display.HTML("<b>x</b>").Data["text/html"]`)); got != "result: <b>x</b>\n" {
		t.Errorf("display.HTML: %q", got)
	}
}
