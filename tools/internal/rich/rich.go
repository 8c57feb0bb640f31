// Package rich is how a value shows itself as more than text in the
// gophernotes kernel, for nbcheck: the MIME bundle types, the interfaces
// of values that show themselves, and the one table of the ways they do
// (Showers). The engine goes through the table for every value a cell ends
// with; package display, the API cells see, builds on it. Cells do not
// see this package.
package rich

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"net/http"
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

// Size is the metadata the kernel gives an image: its width and height.
func Size(img image.Image) MIMEMap {
	b := img.Bounds()
	return MIMEMap{"width": b.Dx(), "height": b.Dy()}
}

// ErrorData is the bundle the kernel makes of an error while rendering.
func ErrorData(err error) Data {
	return Data{Data: MIMEMap{"ename": "ERROR", "evalue": err.Error(), "traceback": nil, "status": "error"}}
}

// Render makes a bundle of data for display.Any and display.Auto: a value that shows itself
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
			return ErrorData(err)
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
			return ErrorData(err), true
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
