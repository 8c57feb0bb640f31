package threading

import (
	"os"
	"os/exec"
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
	c := &RacyCounter{}
	Hammer(c, 1, 1000)
	if c.Value() != 1000 {
		t.Fatalf("one goroutine counted %d, want 1000", c.Value())
	}
	if count, _ := LostUpdates(4, 200_000, 20); count >= 800_000 {
		t.Errorf("no update lost in 20 tries (count %d)", count)
	}
}

func TestRaceSummary(t *testing.T) {
	report, err := os.ReadFile("testdata/race-report.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := "WARNING: DATA RACE\nracing access at main.go:16: count++ // the race: two goroutines, one variable, no lock\n"
	if got := RaceSummary(string(report)); got != want {
		t.Errorf("RaceSummary =\n%s\nwant\n%s", got, want)
	}
	if got := RaceSummary("count: 2000\n"); got != "" {
		t.Errorf("RaceSummary of a clean run = %q, want empty", got)
	}
}

// The racy program is caught by the race detector, for real.
func TestRaceDetectorCatchesRacyProgram(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	report, err := RaceReport()
	if err != nil {
		t.Fatalf("%v\n%s", err, report)
	}
	if !strings.Contains(RaceSummary(report), "racing access at main.go:16: count++") {
		t.Errorf("race report does not point at count++:\n%s", report)
	}
}
