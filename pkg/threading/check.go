package threading

// The exercises' checks: a verdict in one sentence, and waits that give up.

import (
	"fmt"
	"time"
)

// NotYet fails an exercise's check: it panics with an error whose message is
// "not yet: " and the formatted sentence, which should say what was expected
// and what happened. A notebook shows the message under the check cell;
// nbgrader counts the cell as failed.
//
//	if took >= 500*time.Millisecond {
//		threading.NotYet("the naps took %v, about their sum; expected about the longest, 300ms", took)
//	}
func NotYet(format string, args ...any) {
	panic(fmt.Errorf("not yet: "+format, args...))
}

// Within runs f and returns how long it took, unless f has not returned
// after d: then it fails the check with NotYet, saying that what (the code
// being waited for, such as "napAll(naps)") did not return within d. A
// check that waits on a learner's code through Within cannot hang.
//
// f runs in a goroutine of its own. When d passes first, that goroutine is
// left behind, still blocked where f is. A panic in f is raised again in the
// caller's goroutine, as if f had run there.
func Within(d time.Duration, what string, f func()) time.Duration {
	start := time.Now()
	done := make(chan any, 1)
	go func() {
		finished := false
		defer func() {
			if finished {
				done <- nil
				return
			}
			done <- panicked{recover()}
		}()
		f()
		finished = true
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case v := <-done:
		if p, ok := v.(panicked); ok {
			panic(p.value)
		}
		return time.Since(start)
	case <-timer.C:
		NotYet("%s did not return within %v", what, d)
		panic("unreachable")
	}
}

// panicked carries the value of a panic from Within's goroutine to its
// caller (a panic(nil) included).
type panicked struct{ value any }
