package chart_test

import (
	"fmt"
	"time"

	"github.com/goconcurrency/notebooks/pkg/threading"
	"github.com/goconcurrency/notebooks/pkg/threading/chart"
)

func ExampleSpeedup() {
	points := []threading.ScalingPoint{
		{Workers: 1, Wall: 100 * time.Millisecond, Speedup: 1},
		{Workers: 2, Wall: 50 * time.Millisecond, Speedup: 2},
	}
	img, err := chart.Speedup("twice as fast with two", 2, chart.Speedups("ideal work", points))
	if err != nil {
		panic(err)
	}
	fmt.Println(img) // in a notebook, the value of a cell is shown as the picture itself
	// Output: chart "twice as fast with two" (640x400 PNG)
}

func ExampleGoroutines() {
	ms := time.Millisecond
	tr := &threading.GoroutineTrace{Length: 20 * ms, Lanes: []threading.Lane{
		{Name: "main", Spans: []threading.TraceSpan{{State: threading.BlockedChannel, Start: 0, End: 20 * ms}}},
		{Name: "g1", Spans: []threading.TraceSpan{{State: threading.Sleeping, Start: 0, End: 20 * ms}}},
	}}
	img, err := chart.Goroutines("a sleeper and main", tr)
	if err != nil {
		panic(err)
	}
	fmt.Println(img)
	// Output: chart "a sleeper and main" (720x360 PNG)
}
