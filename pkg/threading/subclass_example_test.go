package threading_test

import "fmt"

// The compiled twin of lesson 7's cells: a method of an embedded type that
// calls Run reaches the embedded type's Run, never the outer type's, while a
// call through an interface reaches the outer type's.

type runner interface{ Run() }

type base struct{ name string }

func (b base) Run()      { fmt.Println(b.name + ": the default Run") }
func (b base) Describe() { fmt.Println(b.name + ": about to run"); b.Run() }

type loud struct{ base }

func (l loud) Run() { fmt.Println(l.name + ": LOUD RUN") }

func start(r runner) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		r.Run()
		close(done)
	}()
	return done
}

func Example_embeddingIsNotInheritance() {
	l := loud{base{"loud"}}
	l.Describe() // base.Describe calls base.Run
	<-start(l)   // through the interface: loud.Run
	// Output:
	// loud: about to run
	// loud: the default Run
	// loud: LOUD RUN
}
