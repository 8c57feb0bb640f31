package threading

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

func TestSynchronizedCountersAreExact(t *testing.T) {
	owner := NewOwnerCounter()
	defer owner.Close()
	for _, tc := range []struct {
		name string
		c    Counter
	}{
		{"mutex", &MutexCounter{}},
		{"atomic", &AtomicCounter{}},
		{"owner", owner},
	} {
		for _, workers := range []int{1, 5} {
			before := tc.c.Value()
			if d := Hammer(tc.c, workers, 2000); d <= 0 {
				t.Errorf("%s: Hammer returned %v per increment", tc.name, d)
			}
			if got := tc.c.Value() - before; got != int64(workers*2000) {
				t.Errorf("%s with %d workers: counted %d, want %d", tc.name, workers, got, workers*2000)
			}
		}
	}
}

// The racy counter is exact with one goroutine, and loses updates when
// several increment at once (in race-enabled builds too, where its steps
// are atomic loads and stores).
func TestRacyCounterLosesUpdates(t *testing.T) {
	c := &racyCounter{}
	Hammer(c, 1, 1000)
	if c.Value() != 1000 {
		t.Fatalf("one goroutine counted %d, want 1000", c.Value())
	}
	if runtime.GOMAXPROCS(0) == 1 {
		t.Skip("one core: the goroutines take turns, and a turn rarely ends between the load and the store, so updates may all survive")
	}
	if count, _ := lostUpdates(4, 200_000, 20); count >= 800_000 {
		t.Errorf("no update lost in 20 tries (count %d)", count)
	}
}

// racyProgram has the lost-update race; line 16 is the racing increment.
const racyProgram = `package main

import (
	"fmt"
	"sync"
)

func main() {
	count := 0
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				count++ // the race
			}
		}()
	}
	wg.Wait()
	fmt.Println("count:", count)
}
`

// mainRacyProgram races between a goroutine and main.
const mainRacyProgram = `package main

import "fmt"

func main() {
	n := 0
	done := make(chan bool)
	go func() { n++; done <- true }()
	n++
	<-done
	fmt.Println(n)
}
`

// RaceSummary names the racing lines of both accesses, whoever made them:
// a numbered goroutine or the main goroutine, reading or writing.
func TestRaceSummary(t *testing.T) {
	for _, tc := range []struct {
		program, report, want string
	}{
		{racyProgram, "testdata/race-report.txt",
			"WARNING: DATA RACE\nracing access at main.go:16: count++ // the race\n"},
		{mainRacyProgram, "testdata/race-report-main.txt",
			"WARNING: DATA RACE\nracing access at main.go:8: go func() { n++; done <- true }()\nracing access at main.go:9: n++\n"},
	} {
		report, err := os.ReadFile(tc.report)
		if err != nil {
			t.Fatal(err)
		}
		if got := RaceSummary(tc.program, string(report)); got != tc.want {
			t.Errorf("RaceSummary of %s =\n%s\nwant\n%s", tc.report, got, tc.want)
		}
	}
	if got := RaceSummary(racyProgram, "count: 2000\n"); got != "" {
		t.Errorf("RaceSummary of a clean run = %q, want empty", got)
	}
}

// The racy program is caught by the race detector, for real, on one core
// as on many: the detector follows which accesses are ordered by
// synchronization, not which happened to overlap.
func TestRaceDetectorCatchesRacyProgram(t *testing.T) {
	needTool(t, "go")
	report, err := RunProgram(racyProgram, "-race")
	if err == nil {
		t.Errorf("the racy program exited without an error under -race:\n%s", report)
	}
	if !strings.Contains(RaceSummary(racyProgram, report), "racing access at main.go:16: count++") {
		t.Errorf("race report does not point at count++:\n%s", report)
	}
}
