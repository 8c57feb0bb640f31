package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/lite/internal/site"
)

// A nodeRequest is one request of tools/lite/web/node-run.js.
type nodeRequest struct {
	Code             *string `json:"code,omitempty"`
	InterruptAfterMs *int    `json:"interruptAfterMs,omitempty"`
	Complete         []any   `json:"complete,omitempty"`
	Inspect          []any   `json:"inspect,omitempty"`
	IsComplete       *string `json:"isComplete,omitempty"`
}

type nodeCell struct {
	Outputs []struct {
		Type   string         `json:"type"`
		Data   map[string]any `json:"data"`
		Ename  string         `json:"ename"`
		Evalue string         `json:"evalue"`
	} `json:"outputs"`
	Streams [][2]string `json:"streams"`
	Ms      int         `json:"ms"`
}

func (c nodeCell) stream(name string) string {
	var b strings.Builder
	for _, s := range c.Streams {
		if s[0] == name {
			b.WriteString(s[1])
		}
	}
	return b.String()
}

func (c nodeCell) result() string {
	for _, o := range c.Outputs {
		if o.Type == "execute_result" {
			s, _ := o.Data["text/plain"].(string)
			return s
		}
	}
	return ""
}

func (c nodeCell) errorName() string {
	for _, o := range c.Outputs {
		if o.Type == "error" {
			return o.Ename + ": " + o.Evalue
		}
	}
	return ""
}

// TestKernelWasm builds the kernel's WebAssembly and runs cells on it under
// Node.js, as the browser's worker does: output, values, errors, goroutines
// and channels, Stop on a sleep and on a channel receive with the session
// going on, the helper's functions that need the full kernel, completion,
// inspection and is_complete.
func TestKernelWasm(t *testing.T) {
	if os.Getenv("NOTEBOOKS_LITE_TEST") == "" {
		t.Skip("builds the kernel for GOOS=js and runs Node.js; set NOTEBOOKS_LITE_TEST=1 to run it (tools/test.sh does)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("NOTEBOOKS_LITE_TEST is set, but Node.js is not installed: %v", err)
	}
	wasm := filepath.Join(t.TempDir(), "kernel.wasm")
	var log bytes.Buffer
	if err := site.BuildWasm("../..", wasm, &log); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	code := func(s string) nodeRequest { return nodeRequest{Code: &s} }
	stopAfter := func(s string, ms int) nodeRequest { return nodeRequest{Code: &s, InterruptAfterMs: &ms} }
	incomplete := "func f() {"
	reqs := []nodeRequest{
		code("import (\n\t\"fmt\"\n\t\"time\"\n)"),
		code(`import "../pkg/threading"`),
		code("fmt.Println(\"hello\")\nx := 21\nx * 2"),
		code("done := make(chan int)\ngo func() {\n\ttime.Sleep(20 * time.Millisecond)\n\tdone <- 7\n}()\n<-done"),
		stopAfter("time.Sleep(time.Minute)\nfmt.Println(\"the rest of the cell\")", 300),
		code("x + 1"),
		stopAfter("never := make(chan int)\n<-never", 300),
		code("x + 2"),
		code("threading.Python(`print(1)`)\nfmt.Print(\"\")"),
		code("panic(\"boom\")"),
		{Complete: []any{"fmt.Pr", 6}},
		{Inspect: []any{"fmt.Println", 5}},
		{IsComplete: &incomplete},
	}
	in, _ := json.Marshal(reqs)
	cmd := exec.Command(node, filepath.Join("web", "node-run.js"), wasm)
	cmd.Env = append(os.Environ(), "WASM_EXEC="+filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != 1+len(reqs) {
		t.Fatalf("node answered %d lines for %d requests:\n%s\n%s", len(lines), len(reqs), out, stderr.String())
	}
	t.Logf("ready: %s", lines[0])
	cells := make([]nodeCell, 10)
	for i := range cells {
		if err := json.Unmarshal([]byte(lines[1+i]), &cells[i]); err != nil {
			t.Fatalf("cell %d: %v: %s", i, err, lines[1+i])
		}
	}
	check := func(what string, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s: got %q, want %q", what, got, want)
		}
	}
	check("stdout", cells[2].stream("stdout"), "hello\n")
	check("value", cells[2].result(), "42")
	check("goroutine and channel", cells[3].result(), "7 true")
	check("Stop on a sleep", cells[4].errorName(), "interrupted: the cell was stopped")
	check("Stop on a sleep: the rest of the cell", cells[4].stream("stdout"), "")
	check("after Stop", cells[5].result(), "22")
	check("Stop on a receive", cells[6].errorName(), "interrupted: the cell was stopped")
	check("after Stop", cells[7].result(), "23")
	if s := cells[8].stream("stderr"); !strings.Contains(s, "threading.Python needs the full kernel") || !strings.Contains(s, "bash tools/open.sh") || strings.Count(s, "\n") != 1 || cells[8].errorName() != "" {
		t.Errorf("threading.Python: stderr %q, error %q; want one line saying it needs the full kernel", s, cells[8].errorName())
	}
	check("panic", cells[9].errorName(), "ERROR: boom")
	check("complete", lines[11], `{"matches":["Print","Printf","Println"],"cursor_start":4,"cursor_end":6}`)
	check("inspect", lines[12], `{"found":true,"data":{"text/plain":"func fmt.Println(...interface {}) (int, error)"}}`)
	check("is_complete", lines[13], `"incomplete"`)
	if cells[4].Ms > 5000 {
		t.Errorf("Stop on a sleep took %d ms", cells[4].Ms)
	}
}
