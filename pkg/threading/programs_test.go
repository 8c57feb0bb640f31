package threading

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const goExitProgram = `package main

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

const deadlockProgram = `package main

func main() {
	jobs := make(chan int)
	<-jobs // nobody will ever send
}
`

const pythonDaemonProgram = `import threading, time

def worker(name, seconds):
    time.sleep(seconds)
    print(name, "thread finished")

threading.Thread(target=worker, args=("non-daemon", 0.2)).start()
threading.Thread(target=worker, args=("daemon", 0.6), daemon=True).start()
print("main: done")
`

func needPython(t *testing.T) {
	t.Helper()
	needTool(t, "python3")
}

func TestProgramsShowWhoWaits(t *testing.T) {
	out, err := RunProgram(goExitProgram)
	if err != nil || out != "main: done\n" {
		t.Errorf("Go: %q, %v; want main alone, the goroutine cut off", out, err)
	}
	needPython(t)
	out, err = runPython(context.Background(), pythonDaemonProgram)
	if err != nil || out != "main: done\nnon-daemon thread finished\n" {
		t.Errorf("Python: %q, %v; want the non-daemon thread waited for, the daemon one not", out, err)
	}
}

func TestDeadlockProgramIsReported(t *testing.T) {
	out, err := RunProgram(deadlockProgram)
	if err == nil || !strings.Contains(out, "fatal error: all goroutines are asleep - deadlock!") {
		t.Errorf("err = %v, output:\n%s", err, out)
	}
}

func TestFirstLines(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{{"a\nb\nc\n", 2, "a\nb\n"}, {"a\nb", 5, "a\nb"}, {"", 1, ""}, {"a\n", 0, ""}} {
		if got := FirstLines(tc.s, tc.n); got != tc.want {
			t.Errorf("FirstLines(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

// Python prints what the program printed, and says when it failed.
func TestPythonPrints(t *testing.T) {
	needPython(t)
	for _, tc := range []struct{ src, want string }{
		{`print("hi")`, "hi\n"},
		{"import sys\nprint('out')\nsys.exit(3)", "out\n(python3 exited with status 3)\n"},
	} {
		buf := captureOutput(t)
		Python(tc.src)
		if got := buf.String(); got != tc.want {
			t.Errorf("Python(%q) printed %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestCommandOutput(t *testing.T) {
	needTool(t, "sh")
	out, err := CommandOutput(context.Background(), "sh", "-c", "echo out; echo err >&2")
	if err != nil || out != "out\n" {
		t.Errorf("CommandOutput = %q, %v; want the standard output alone", out, err)
	}
	_, err = CommandOutput(context.Background(), "sh", "-c", "echo broken >&2; exit 3")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 || !strings.Contains(err.Error(), "broken") {
		t.Errorf("err = %v, want the exit status and what the child said", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = CommandOutput(ctx, "sleep", "5")
	if err == nil || time.Since(start) > 4*time.Second {
		t.Errorf("a child past its deadline: err = %v after %v", err, time.Since(start))
	}
}

// The context forms stop their child processes when the context is done:
// go run's program too (go run starts it as a child of its own), and no
// output a straggler holds keeps them waiting.
func TestContextFormsStopTheirProcess(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	src := fmt.Sprintf(`package main

import (
	"os"
	"strconv"
	"time"
)

func main() {
	os.WriteFile(%q, []byte(strconv.Itoa(os.Getpid())), 0o644)
	time.Sleep(time.Minute)
}
`, pidFile)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // cancel once the program has written its pid
		for ctx.Err() == nil {
			// Not once the file exists: os.WriteFile creates it empty,
			// then writes.
			if b, err := os.ReadFile(pidFile); err == nil {
				if pid, _ := strconv.Atoi(string(b)); pid > 0 {
					cancel()
					return
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	out, err := RunProgramContext(ctx, src)
	if err == nil {
		t.Errorf("RunProgramContext: no error after the context ended; output %q", out)
	}
	b, _ := os.ReadFile(pidFile)
	pid, _ := strconv.Atoi(string(b))
	if pid == 0 {
		t.Fatalf("the program never ran: %q, %v", out, err)
	}
	if !ends(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("the program go run started (pid %d) still runs after RunProgramContext returned", pid)
	}

	needPython(t)
	var buf bytes.Buffer
	SetOutput(t, &buf)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel2()
	PythonContext(ctx2, "import time\nprint('started', flush=True)\ntime.sleep(60)\nprint('never')")
	if got := buf.String(); !strings.HasPrefix(got, "started\n") || strings.Contains(got, "never") || !strings.Contains(got, "(python3 exited") {
		t.Errorf("PythonContext printed %q; want python3 stopped after its first line", got)
	}
}

// running reports whether process pid runs: it exists and is no zombie
// (an orphan's end may be left unreaped).
func running(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(stat, ')')
	return i >= 0 && i+2 < len(stat) && stat[i+2] != 'Z' && stat[i+2] != 'X'
}
