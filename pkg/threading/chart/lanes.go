package chart

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/goconcurrency/notebooks/pkg/threading"
)

// The size of a goroutine chart, in points (at 96 dots per inch, 720x360
// pixels): the same for any number of lanes, so that two runs of a cell
// give pictures of the same size.
const lanesWidth, lanesHeight = 540, 270

// stateColors gives each state of a lane its colour: running green, ready
// to run yellow, blocked states in blues, reds and greys.
var stateColors = map[threading.GoState]color.Color{
	threading.Running:        color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	threading.Runnable:       color.RGBA{R: 0xf2, G: 0xc2, B: 0x2e, A: 0xff},
	threading.Sleeping:       color.RGBA{R: 0x9e, G: 0xc9, B: 0xe8, A: 0xff},
	threading.BlockedChannel: color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
	threading.BlockedSync:    color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
	threading.BlockedNetwork: color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff},
	threading.InSyscall:      color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff},
	threading.BlockedOther:   color.Gray{Y: 0xbb},
}

// lanes is a plotter that draws the spans of each lane as bars, the first
// lane at the top.
type lanes struct {
	trace *threading.GoroutineTrace
}

func (l lanes) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&c)
	n := len(l.trace.Lanes)
	for i, lane := range l.trace.Lanes {
		row := float64(n - 1 - i)
		for _, sp := range lane.Spans {
			x0, x1 := x(ms(sp.Start)), x(ms(sp.End))
			if x1-x0 < 0.5 {
				x1 = x0 + 0.5 // a span too short to see still shows
			}
			y0, y1 := y(row-0.35), y(row+0.35)
			c.FillPolygon(stateColors[sp.State], []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		}
	}
}

func ms(d interface{ Seconds() float64 }) float64 { return d.Seconds() * 1000 }

// swatch is a legend thumbnail: a box of one colour.
type swatch struct{ color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(s.Color, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
}

// Goroutines draws a trace as one lane per goroutine, the goroutine that
// started the trace at the top: what each was doing when, running or blocked
// and on what, with a legend of the states that occur. The picture has the
// same size whatever the trace holds.
func Goroutines(title string, t *threading.GoroutineTrace) (*PNG, error) {
	if t == nil || len(t.Lanes) == 0 {
		return nil, fmt.Errorf("chart %q: a trace with no goroutines", title)
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "milliseconds"
	p.X.Min, p.X.Max = 0, max(ms(t.Length), 1)
	names := make([]string, len(t.Lanes))
	for i, lane := range t.Lanes {
		names[len(t.Lanes)-1-i] = lane.Name
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(len(t.Lanes))-0.4
	p.Add(lanes{t})

	legend := plot.NewLegend()
	legend.Top, legend.Left = true, true
	seen := map[threading.GoState]bool{}
	for _, lane := range t.Lanes {
		for _, sp := range lane.Spans {
			seen[sp.State] = true
		}
	}
	for s := threading.Running; s <= threading.BlockedOther; s++ {
		if seen[s] {
			legend.Add(s.String(), swatch{stateColors[s]})
		}
	}

	img := vgimg.NewWith(vgimg.UseWH(vg.Points(lanesWidth), vg.Points(lanesHeight)), vgimg.UseDPI(96))
	c := draw.New(img)
	split := vg.Points(lanesWidth * 0.70)
	p.Draw(draw.Crop(c, 0, split-c.Max.X, 0, 0))
	legend.Draw(draw.Crop(c, split+vg.Points(8), 0, 0, -vg.Points(24)))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart %q: %w", title, err)
	}
	return &PNG{title: title, data: buf.Bytes(), width: lanesWidth * 96 / 72, height: lanesHeight * 96 / 72}, nil
}
