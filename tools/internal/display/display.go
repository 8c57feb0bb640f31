// Package display is the display API that the gophernotes kernel puts in
// every session, for nbcheck's interpreter: the package "display" (HTML,
// Markdown, Math, PNG, ...), whose functions return MIME bundles, and the
// interfaces a value can implement to be shown as more than text. It
// exports what the kernel's package does and nothing more, so that a cell
// that passes nbcheck finds the same names on the kernel; the engine's own
// table of renderers is package rich.
//
// It behaves as the kernel does, quirks included, so that a notebook checked
// by nbcheck shows what it shows in Jupyter: a bundle made by MakeData (HTML,
// PNG, ...) carries its content as text/plain too, printed with fmt.Sprint;
// Math and Latex keep their source as text/plain and wrap the LaTeX in $$ or
// $; Image, Any, Auto and values that show themselves carry no text/plain
// but what they provide; an image carries its size as metadata.
package display

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/rich"
)

// The MIME types the kernel's display package names (plain text, which it
// does not name, is rich.MIMETypeText).
const (
	MIMETypeHTML       = rich.MIMETypeHTML
	MIMETypeJavaScript = rich.MIMETypeJavaScript
	MIMETypeJPEG       = rich.MIMETypeJPEG
	MIMETypeJSON       = rich.MIMETypeJSON
	MIMETypeLatex      = rich.MIMETypeLatex
	MIMETypeMarkdown   = rich.MIMETypeMarkdown
	MIMETypePNG        = rich.MIMETypePNG
	MIMETypePDF        = rich.MIMETypePDF
	MIMETypeSVG        = rich.MIMETypeSVG
)

// MIMEMap maps MIME types to content.
type MIMEMap = rich.MIMEMap

// Data is a MIME bundle: what Jupyter shows, with metadata and transient
// fields. It is an alias of an unnamed struct, as in the kernel, so that a
// library can return one without importing anything.
type Data = rich.Data

// The interfaces of values that show themselves. They are aliases: only the
// method sets matter.
type (
	Renderer       = rich.Renderer
	SimpleRenderer = rich.SimpleRenderer
	HTMLer         = rich.HTMLer
	JavaScripter   = rich.JavaScripter
	JPEGer         = rich.JPEGer
	JSONer         = rich.JSONer
	Latexer        = rich.Latexer
	Markdowner     = rich.Markdowner
	PNGer          = rich.PNGer
	PDFer          = rich.PDFer
	SVGer          = rich.SVGer
)

// MakeData bundles data under mimeType, with fmt.Sprint(data) as the plain
// text unless mimeType is plain text itself.
func MakeData(mimeType string, data interface{}) Data {
	d := Data{Data: MIMEMap{mimeType: data}}
	if mimeType != rich.MIMETypeText {
		d.Data[rich.MIMETypeText] = fmt.Sprint(data)
	}
	return d
}

// MakeData3 bundles data under mimeType with the given plain text.
func MakeData3(mimeType, plaintext string, data interface{}) Data {
	return Data{Data: MIMEMap{rich.MIMETypeText: plaintext, mimeType: data}}
}

// MIME bundles data and metadata as given.
func MIME(data, metadata MIMEMap) Data { return Data{Data: data, Metadata: metadata} }

func HTML(html string) Data                 { return MakeData(MIMETypeHTML, html) }
func JavaScript(js string) Data             { return MakeData(MIMETypeJavaScript, js) }
func JPEG(jpeg []byte) Data                 { return MakeData(MIMETypeJPEG, jpeg) }
func JSON(json map[string]interface{}) Data { return MakeData(MIMETypeJSON, json) }
func Markdown(markdown string) Data         { return MakeData(MIMETypeMarkdown, markdown) }
func PDF(pdf []byte) Data                   { return MakeData(MIMETypePDF, pdf) }
func PNG(png []byte) Data                   { return MakeData(MIMETypePNG, png) }
func SVG(svg string) Data                   { return MakeData(MIMETypeSVG, svg) }

// Latex shows LaTeX inline: the source, trimmed of $, between single $.
func Latex(latex string) Data {
	return MakeData3(MIMETypeLatex, latex, "$"+strings.Trim(latex, "$")+"$")
}

// Math shows LaTeX as a displayed formula, between $$.
func Math(latex string) Data {
	return MakeData3(MIMETypeLatex, latex, "$$"+strings.Trim(latex, "$")+"$$")
}

// Image shows an image.Image as PNG, with its size as metadata. An image
// that cannot be encoded gives an error bundle, as the kernel does.
func Image(img image.Image) Data {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return rich.ErrorData(err)
	}
	return Data{
		Data:     MIMEMap{MIMETypePNG: buf.Bytes()},
		Metadata: MIMEMap{MIMETypePNG: rich.Size(img)},
	}
}

// Any shows data (a string, bytes, a reader, or a value that shows itself)
// as mimeType; Auto guesses the type from the content.
func Any(mimeType string, data interface{}) Data { return rich.Render(mimeType, data) }

// Auto is Any with the MIME type guessed from the content.
func Auto(data interface{}) Data { return rich.Render("", data) }

// File shows the content of a file as mimeType ("" to guess it). It panics
// when the file cannot be read, as the kernel does.
func File(mimeType, path string) Data {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return Any(mimeType, b)
}
