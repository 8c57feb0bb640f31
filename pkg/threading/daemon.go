package threading

// Lesson 6: daemon threads and shutdown. Python waits at exit for its
// non-daemon threads and kills its daemon threads; Go waits for nothing:
// when main returns, every goroutine ends with it.

import (
	"bytes"
	"fmt"
	"os/exec"
)

// PythonDaemonProgram starts a non-daemon and a daemon thread and returns
// from the main program at once: Python waits for the first, not the second.
const PythonDaemonProgram = `import threading, time

def worker(name, seconds):
    time.sleep(seconds)
    print(name, "thread finished", flush=True)

threading.Thread(target=worker, args=("non-daemon", 0.2)).start()
threading.Thread(target=worker, args=("daemon", 0.6), daemon=True).start()
print("main: done", flush=True)
`

// GoExitProgram starts a goroutine and returns from main at once: the
// goroutine never gets to finish.
const GoExitProgram = `package main

import (
	"fmt"
	"time"
)

func main() {
	go func() {
		time.Sleep(200 * time.Millisecond)
		fmt.Println("background goroutine finished")
	}()
	fmt.Println("main: done")
}
`

// GoWaitProgram is GoExitProgram with main waiting for its goroutine.
const GoWaitProgram = `package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(200 * time.Millisecond)
		fmt.Println("background goroutine finished")
	}()
	fmt.Println("main: done, waiting for the goroutine")
	wg.Wait()
}
`

// RunPython runs src with python3 and returns what it printed (stdout and
// stderr).
func RunPython(src string) (string, error) {
	cmd := exec.Command("python3", "-c", src)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("python3: %v", err)
	}
	return out.String(), nil
}
