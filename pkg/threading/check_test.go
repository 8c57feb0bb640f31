package threading_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/pkg/threading"
)

// failure runs f and returns the message it panicked with, or "".
func failure(f func()) (msg string) {
	defer func() {
		switch r := recover().(type) {
		case nil:
		case error:
			msg = r.Error()
		default:
			msg = fmt.Sprint("panic: ", r)
		}
	}()
	f()
	return ""
}

func TestNotYet(t *testing.T) {
	got := failure(func() { threading.NotYet("took %v; expected %v", 600*time.Millisecond, "300ms") })
	if want := "not yet: took 600ms; expected 300ms"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWithin(t *testing.T) {
	block := make(chan struct{})
	defer close(block) // lets the goroutine left behind go
	for _, c := range []struct {
		name string
		d    time.Duration
		f    func()
		want string // the failure, "" for none
	}{
		{"returns", time.Second, func() { time.Sleep(10 * time.Millisecond) }, ""},
		{"blocks", 50 * time.Millisecond, func() { <-block }, "not yet: waiting on a channel did not return within 50ms"},
		{"panics", time.Second, func() { panic("boom") }, "panic: boom"},
		{"fails its own check", time.Second, func() { threading.NotYet("inner") }, "not yet: inner"},
		{"panics with an error", time.Second, func() { panic(errors.New("an error")) }, "an error"},
	} {
		t.Run(c.name, func(t *testing.T) {
			what := "waiting on a channel"
			var took time.Duration
			got := failure(func() { took = threading.Within(c.d, what, c.f) })
			if got != c.want {
				t.Errorf("failure %q, want %q", got, c.want)
			}
			if c.want == "" && took < 10*time.Millisecond {
				t.Errorf("took %v, less than f's sleep", took)
			}
		})
	}
}
