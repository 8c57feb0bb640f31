package threading

// Lesson 7: "subclassing Thread". Go has no classes and no inheritance.
// What a Thread subclass does in Python (override run, keep the rest) Go
// does with an interface for the behaviour and struct embedding for the
// defaults.

import "fmt"

// A Task is work with a name that StartTask can run in a goroutine: the Go
// counterpart of a Thread subclass, whose run method is the task's Run. Any
// type with these two methods is a Task, including types a notebook defines:
//
//	type Greeter struct{ name string }
//	func (g Greeter) Name() string { return g.name }
//	func (g Greeter) Run()         { fmt.Println("hello from", g.name) }
//
//	threading.StartTask(Greeter{"greeter"}).Join()
type Task interface {
	Name() string
	Run()
}

// FuncTask makes a Task of a function, the way a plain Python Thread runs
// the target it was given.
func FuncTask(name string, target func()) Task { return funcTask{name, target} }

type funcTask struct {
	name   string
	target func()
}

func (f funcTask) Name() string { return f.name }
func (f funcTask) Run()         { f.target() }

// StartTask runs t in a new goroutine, between a line saying it starts and
// one saying it finished, as Thread.start runs run; Join waits for it.
func StartTask(t Task) *Thread {
	return Start(t.Name(), func() {
		fmt.Fprintf(out(), "%s: starting\n", t.Name())
		t.Run()
		fmt.Fprintf(out(), "%s: finished\n", t.Name())
	})
}
