package threading_test

import (
	"fmt"
	"time"

	"github.com/goconcurrency/notebooks/pkg/threading"
)

func ExampleSleeper() {
	threading.Sleeper("worker", 10*time.Millisecond)
	// Output:
	// worker: going to sleep for 10ms
	// worker: woke up
}

func ExampleStart() {
	t := threading.Start("t1", func() { threading.Sleeper("t1", 10*time.Millisecond) })
	t.Join() // without this, main could go on and end before t1 wakes
	fmt.Println(t.Name(), "alive after Join:", t.Alive())
	// Output:
	// t1: going to sleep for 10ms
	// t1: woke up
	// t1 alive after Join: false
}

func ExampleGroup() {
	var g threading.Group
	results := make([]int, 5)
	for i := 0; i < 5; i++ {
		g.Go(func() { results[i] = i * i }) // each goroutine writes its own element
	}
	g.Wait() // after Wait, every result is there
	fmt.Println(results)
	// Output:
	// [0 1 4 9 16]
}

func ExampleTimed() {
	d := threading.Timed(func() { time.Sleep(20 * time.Millisecond) })
	fmt.Println("took", d.Round(10*time.Millisecond))
}
