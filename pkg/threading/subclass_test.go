package threading

import (
	"bytes"
	"testing"
)

type shout struct{ name string }

func (s shout) Name() string { return s.name }
func (s shout) Run()         { out().Write([]byte(s.name + ": HELLO\n")) }

func TestStartTaskRunsTheTasksOwnRun(t *testing.T) {
	var buf bytes.Buffer
	old := Output
	Output = &buf
	defer func() { Output = old }()
	ran := false
	for _, tc := range []struct {
		task Task
		want string
	}{
		{shout{"s"}, "s: starting\ns: HELLO\ns: finished\n"},
		{FuncTask("f", func() { ran = true }), "f: starting\nf: finished\n"},
	} {
		buf.Reset()
		th := StartTask(tc.task)
		th.Join()
		if buf.String() != tc.want || th.Name() != tc.task.Name() {
			t.Errorf("printed %q (thread %q), want %q", buf.String(), th.Name(), tc.want)
		}
	}
	if !ran {
		t.Error("FuncTask did not run its target")
	}
}
