package chart

import (
	"bytes"
	"fmt"
	"image/png"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/pkg/threading"
)

func TestSpeedupDrawsAPNGOfItsSize(t *testing.T) {
	points := []threading.Point{{Workers: 1, Took: 100 * time.Millisecond, Speedup: 1}, {Workers: 2, Took: 52 * time.Millisecond, Speedup: 1.92}}
	img, err := Speedup("test", 2, Speedups("Go", points), Series{Name: "Python", X: []float64{1, 2}, Y: []float64{1, 0.98}})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(img.PNG()))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if w, h := img.Size(); cfg.Width != w || cfg.Height != h {
		t.Errorf("decoded %dx%d, Size() says %dx%d", cfg.Width, cfg.Height, w, h)
	}
	if got, want := img.String(), fmt.Sprintf("chart %q (%dx%d PNG)", "test", cfg.Width, cfg.Height); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestSpeedupRejectsRaggedSeries(t *testing.T) {
	if _, err := Speedup("bad", 2, Series{Name: "x", X: []float64{1, 2}, Y: []float64{1}}); err == nil {
		t.Error("no error for a series with more x than y values")
	}
}
