// Package chart draws the measurements of the notebooks as PNG pictures with
// gonum/plot. It is a package of its own so that the notebooks that draw
// nothing do not compile a plotting library when they import the helper.
//
// A *PNG is shown as a picture when it is the value of a notebook cell: the
// gophernotes kernel renders any value with a PNG() []byte method as
// image/png.
package chart

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/goconcurrency/notebooks/pkg/threading"
)

// A Series is one line of a chart.
type Series struct {
	Name string
	X, Y []float64
}

// Speedups makes a Series of the speedups of measured points against the
// number of workers.
func Speedups(name string, points []threading.ScalingPoint) Series {
	s := Series{Name: name}
	for _, p := range points {
		s.X = append(s.X, float64(p.Workers))
		s.Y = append(s.Y, p.Speedup)
	}
	return s
}

// A PNG is an encoded picture.
type PNG struct {
	title         string
	data          []byte
	width, height int
}

// PNG returns the encoded picture.
func (p *PNG) PNG() []byte { return p.data }

// Size returns the picture's width and height in pixels.
func (p *PNG) Size() (width, height int) { return p.width, p.height }

// String describes the picture in words, for where it cannot be shown.
func (p *PNG) String() string {
	return fmt.Sprintf("chart %q (%dx%d PNG)", p.title, p.width, p.height)
}

var palette = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
	color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
}

// Speedup draws speedup against the number of workers, one line per series,
// with the ideal (speedup equal to workers, up to the number of cores) and
// a vertical line at the number of cores.
func Speedup(title string, cores int, series ...Series) (*PNG, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "goroutines / threads"
	p.Y.Label.Text = "speedup over one"
	p.Legend.Top = true
	p.Legend.Left = true

	maxX, maxY := float64(cores), 1.0
	for _, s := range series {
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("series %q: %d x values, %d y values", s.Name, len(s.X), len(s.Y))
		}
		for i := range s.X {
			maxX = max(maxX, s.X[i])
			maxY = max(maxY, s.Y[i])
		}
	}
	ideal := plotter.XYs{{X: 1, Y: 1}, {X: float64(cores), Y: float64(cores)}, {X: maxX, Y: float64(cores)}}
	if err := addLine(p, "ideal", ideal, color.Gray{Y: 0x99}, true); err != nil {
		return nil, err
	}
	coreLine := plotter.XYs{{X: float64(cores), Y: 0}, {X: float64(cores), Y: max(maxY, float64(cores)) * 1.1}}
	if err := addLine(p, fmt.Sprintf("%d cores", cores), coreLine, color.Black, true); err != nil {
		return nil, err
	}
	for i, s := range series {
		xys := make(plotter.XYs, len(s.X))
		for k := range s.X {
			xys[k] = plotter.XY{X: s.X[k], Y: s.Y[k]}
		}
		if err := addLine(p, s.Name, xys, palette[i%len(palette)], false); err != nil {
			return nil, err
		}
	}
	p.X.Min, p.Y.Min = 0, 0
	return render(p, title, 480, 300)
}

func addLine(p *plot.Plot, name string, xys plotter.XYs, c color.Color, dashed bool) error {
	l, pts, err := plotter.NewLinePoints(xys)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(2)
	pts.Color = c
	pts.Shape = draw.CircleGlyph{}
	if dashed {
		l.Width = vg.Points(1)
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
	} else {
		p.Add(l, pts)
	}
	p.Legend.Add(name, l)
	return nil
}

// render encodes the plot as PNG at 96 dots per inch.
func render(p *plot.Plot, title string, wPt, hPt float64) (*PNG, error) {
	wt, err := p.WriterTo(vg.Points(wPt), vg.Points(hPt), "png")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, err
	}
	return &PNG{title: title, data: buf.Bytes(), width: int(wPt * 96 / 72), height: int(hPt * 96 / 72)}, nil
}
