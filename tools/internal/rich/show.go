package rich

import (
	"bytes"
	"image"
	"image/png"
)

// A Shower is one way a value shows itself as more than text: being a
// Data, having the method of one of the interfaces above (HTML() string,
// Render() Data, ...), or being an image.Image.
//
// Showers is the one list of them. Bundle goes through it for the values
// of compiled types, and nbcheck's engine goes through it for every value
// a cell ends with, reaching the methods of types the notebook defines
// through its interpreter (type assertions in compiled code do not see
// them). A new way to show a value is one more row.
type Shower struct {
	// Name is the method's name ("HTML"), or the kind of value ("Data",
	// "Image") when the value itself is what shows.
	Name string

	// Method says an interpreter hands Taker's function the method value
	// (v.HTML) rather than v itself.
	Method bool

	// Of returns the bundle v shows this way, or false when v's dynamic
	// type does not show itself this way. err is an error v gave while
	// being shown (an image that cannot be encoded as PNG).
	Of func(v interface{}) (d Data, ok bool, err error)

	// Taker returns the function an interpreter calls with the method
	// value (or with the value, when Method is false): it calls it and
	// hands the bundle to put. Nil when an interpreter has nothing to
	// hand over (a Data is never of a type the notebook defines).
	Taker func(put func(Data, error)) interface{}
}

// Showers lists the ways a value shows itself, in the order Bundle merges
// them: when two give the same MIME type, the later wins. (The kernel goes
// through them in the random order of a map.)
var Showers = []Shower{
	{
		Name: "Data",
		Of: func(v interface{}) (Data, bool, error) {
			d, ok := v.(Data)
			return d, ok, nil
		},
	},
	method("Render", Renderer.Render, func(d Data) Data { return d }),
	method("SimpleRender", SimpleRenderer.SimpleRender, func(m MIMEMap) Data { return Data{Data: m} }),
	method("HTML", HTMLer.HTML, as[string](MIMETypeHTML)),
	method("JavaScript", JavaScripter.JavaScript, as[string](MIMETypeJavaScript)),
	method("JPEG", JPEGer.JPEG, as[[]byte](MIMETypeJPEG)),
	method("JSON", JSONer.JSON, as[map[string]interface{}](MIMETypeJSON)),
	method("Latex", Latexer.Latex, as[string](MIMETypeLatex)),
	method("Markdown", Markdowner.Markdown, as[string](MIMETypeMarkdown)),
	method("PNG", PNGer.PNG, as[[]byte](MIMETypePNG)),
	method("PDF", PDFer.PDF, as[[]byte](MIMETypePDF)),
	method("SVG", SVGer.SVG, as[string](MIMETypeSVG)),
	{
		Name: "Image",
		Of: func(v interface{}) (Data, bool, error) {
			img, ok := v.(image.Image)
			if !ok {
				return Data{}, false, nil
			}
			d, err := imageData(img)
			return d, true, err
		},
		Taker: func(put func(Data, error)) interface{} {
			return func(img image.Image) { put(imageData(img)) }
		},
	},
}

// method is the row of the interface I, whose one method, name, call calls
// and whose result bundle makes a bundle of.
func method[I, R any](name string, call func(I) R, bundle func(R) Data) Shower {
	return Shower{
		Name:   name,
		Method: true,
		Of: func(v interface{}) (Data, bool, error) {
			x, ok := v.(I)
			if !ok {
				return Data{}, false, nil
			}
			return bundle(call(x)), true, nil
		},
		Taker: func(put func(Data, error)) interface{} {
			return func(f func() R) { put(bundle(f()), nil) }
		},
	}
}

// as returns a function that bundles content under one MIME type.
func as[R any](mimeType string) func(R) Data {
	return func(content R) Data { return Data{Data: MIMEMap{mimeType: content}} }
}

// imageData is the bundle of an image shown as a value: PNG, with its size
// at the top of the metadata (where Image puts it under the MIME type).
func imageData(img image.Image) (Data, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Data{}, err
	}
	return Data{Data: MIMEMap{MIMETypePNG: buf.Bytes()}, Metadata: Size(img)}, nil
}
