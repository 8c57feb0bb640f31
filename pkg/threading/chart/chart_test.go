package chart

import (
	"bytes"
	"fmt"
	"image/png"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/pkg/threading"
)

// decodedSize decodes img's PNG and returns its size, failing the test when
// it is not a PNG or not of the size img.Size says.
func decodedSize(t *testing.T, img *PNG) (width, height int) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(img.PNG()))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if w, h := img.Size(); cfg.Width != w || cfg.Height != h {
		t.Errorf("decoded %dx%d, Size() says %dx%d", cfg.Width, cfg.Height, w, h)
	}
	return cfg.Width, cfg.Height
}

func TestSpeedupDrawsAPNGOfItsSize(t *testing.T) {
	points := []threading.ScalingPoint{{Workers: 1, Wall: 100 * time.Millisecond, Speedup: 1}, {Workers: 2, Wall: 52 * time.Millisecond, Speedup: 1.92}}
	img, err := Speedup("test", 2, Speedups("Go", points), Series{Name: "Python", X: []float64{1, 2}, Y: []float64{1, 0.98}})
	if err != nil {
		t.Fatal(err)
	}
	w, h := decodedSize(t, img)
	if got, want := img.String(), fmt.Sprintf("chart %q (%dx%d PNG)", "test", w, h); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestSpeedupRejectsRaggedSeries(t *testing.T) {
	if _, err := Speedup("bad", 2, Series{Name: "x", X: []float64{1, 2}, Y: []float64{1}}); err == nil {
		t.Error("no error for a series with more x than y values")
	}
}

func TestGoroutinesDrawsAPNGOfAFixedSize(t *testing.T) {
	ms := time.Millisecond
	small := &threading.GoroutineTrace{Length: 10 * ms, Lanes: []threading.Lane{
		{Name: "main", Spans: []threading.TraceSpan{{State: threading.Running, Start: 0, End: ms}, {State: threading.BlockedSync, Start: ms, End: 10 * ms}}},
	}}
	big := &threading.GoroutineTrace{Length: 300 * ms}
	for i := 0; i < 12; i++ {
		big.Lanes = append(big.Lanes, threading.Lane{Name: fmt.Sprint("g", i), Spans: []threading.TraceSpan{
			{State: threading.Runnable, Start: 0, End: ms},
			{State: threading.Sleeping, Start: ms, End: 250 * ms},
			{State: threading.BlockedChannel, Start: 250 * ms, End: 300 * ms},
		}})
	}
	var sizes [][2]int
	for _, tr := range []*threading.GoroutineTrace{small, big} {
		img, err := Goroutines("lanes", tr)
		if err != nil {
			t.Fatal(err)
		}
		w, h := decodedSize(t, img)
		sizes = append(sizes, [2]int{w, h})
	}
	if sizes[0] != sizes[1] {
		t.Errorf("one lane gives %v, twelve give %v: the size should not depend on the trace", sizes[0], sizes[1])
	}
	if _, err := Goroutines("empty", &threading.GoroutineTrace{}); err == nil {
		t.Error("no error for a trace without lanes")
	}
}
