// Package display is the display API that the gophernotes kernel puts in
// every session, for nbcheck's interpreter: the package "display" (HTML,
// Markdown, Math, PNG, ...), whose functions return MIME bundles, and the
// interfaces a value can implement to be shown as more than text.
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
	"io"
	"net/http"
	"os"
	"strings"
)

// The MIME types the kernel knows by name.
const (
	MIMETypeHTML       = "text/html"
	MIMETypeJavaScript = "application/javascript"
	MIMETypeJPEG       = "image/jpeg"
	MIMETypeJSON       = "application/json"
	MIMETypeLatex      = "text/latex"
	MIMETypeMarkdown   = "text/markdown"
	MIMETypePNG        = "image/png"
	MIMETypePDF        = "application/pdf"
	MIMETypeSVG        = "image/svg+xml"
	MIMETypeText       = "text/plain"
)

// MIMEMap maps MIME types to content.
type MIMEMap = map[string]interface{}

// Data is a MIME bundle: what Jupyter shows, with metadata and transient
// fields. It is an alias of an unnamed struct, as in the kernel, so that a
// library can return one without importing anything.
type Data = struct {
	Data      MIMEMap
	Metadata  MIMEMap
	Transient MIMEMap
}

// The interfaces of values that show themselves. They are aliases: only the
// method sets matter.
type (
	Renderer       = interface{ Render() Data }
	SimpleRenderer = interface{ SimpleRender() MIMEMap }
	HTMLer         = interface{ HTML() string }
	JavaScripter   = interface{ JavaScript() string }
	JPEGer         = interface{ JPEG() []byte }
	JSONer         = interface{ JSON() map[string]interface{} }
	Latexer        = interface{ Latex() string }
	Markdowner     = interface{ Markdown() string }
	PNGer          = interface{ PNG() []byte }
	PDFer          = interface{ PDF() []byte }
	SVGer          = interface{ SVG() string }
)

// MakeData bundles data under mimeType, with fmt.Sprint(data) as the plain
// text unless mimeType is plain text itself.
func MakeData(mimeType string, data interface{}) Data {
	d := Data{Data: MIMEMap{mimeType: data}}
	if mimeType != MIMETypeText {
		d.Data[MIMETypeText] = fmt.Sprint(data)
	}
	return d
}

// MakeData3 bundles data under mimeType with the given plain text.
func MakeData3(mimeType, plaintext string, data interface{}) Data {
	return Data{Data: MIMEMap{MIMETypeText: plaintext, mimeType: data}}
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
		return errorData(err)
	}
	return Data{
		Data:     MIMEMap{MIMETypePNG: buf.Bytes()},
		Metadata: MIMEMap{MIMETypePNG: Size(img)},
	}
}

// Size is the metadata the kernel gives an image: its width and height.
func Size(img image.Image) MIMEMap {
	b := img.Bounds()
	return MIMEMap{"width": b.Dx(), "height": b.Dy()}
}

// errorData is the bundle the kernel makes of an error while rendering.
func errorData(err error) Data {
	return Data{Data: MIMEMap{"ename": "ERROR", "evalue": err.Error(), "traceback": nil, "status": "error"}}
}

// Any shows data (a string, bytes, a reader, or a value that shows itself)
// as mimeType; Auto guesses the type from the content.
func Any(mimeType string, data interface{}) Data { return Render(mimeType, data) }

// Auto is Any with the MIME type guessed from the content.
func Auto(data interface{}) Data { return Render("", data) }

// File shows the content of a file as mimeType ("" to guess it). It panics
// when the file cannot be read, as the kernel does.
func File(mimeType, path string) Data {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return Any(mimeType, b)
}

// Render makes a bundle of data for Any and Auto: a value that shows itself
// is asked to; text and bytes are put under mimeType, or the type the
// content looks like.
func Render(mimeType string, data interface{}) Data {
	if d, ok := Bundle(data); ok {
		return d
	}
	var s string
	var b []byte
	switch v := data.(type) {
	case string:
		s = v
	case []byte:
		b = v
	case io.Reader:
		var err error
		if b, err = io.ReadAll(v); err != nil {
			return errorData(err)
		}
	case io.WriterTo:
		var buf bytes.Buffer
		v.WriteTo(&buf)
		b = buf.Bytes()
	default:
		panic(fmt.Errorf("unsupported type, cannot render: %T", data))
	}
	// The kernel means to add the plain text here too, but its test for
	// "no plain text yet" never holds, so it adds none; nor does this.
	d := Data{Data: MIMEMap{}}
	if s != "" && mimeType != "" {
		d.Data[mimeType] = s
	}
	if len(b) > 0 {
		if mimeType == "" {
			mimeType = http.DetectContentType(b)
		}
		if mimeType != "" && mimeType != MIMETypeText {
			d.Data[mimeType] = b
		}
	}
	return d
}

// Bundle returns the bundle of a value that shows itself: a Data, or a
// value with any of the ways of Showers, all of whose MIME types are set.
// Like the kernel, it adds no plain text to what the value provides.
func Bundle(v interface{}) (Data, bool) {
	var d Data
	found := false
	for _, s := range Showers {
		b, ok, err := s.Of(v)
		if err != nil {
			return errorData(err), true
		}
		if ok {
			d = mergeData(d, b)
			found = true
		}
	}
	if found && d.Data == nil {
		d.Data = MIMEMap{}
	}
	return d, found
}

// mergeData merges b's maps into a's.
func mergeData(a, b Data) Data {
	a.Data = merge(a.Data, b.Data)
	a.Metadata = merge(a.Metadata, b.Metadata)
	a.Transient = merge(a.Transient, b.Transient)
	return a
}

func merge(a, b MIMEMap) MIMEMap {
	if len(b) == 0 {
		return a
	}
	if a == nil {
		a = MIMEMap{}
	}
	for k, v := range b {
		a[k] = v
	}
	return a
}
