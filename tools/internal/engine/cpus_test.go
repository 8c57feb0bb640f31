//go:build linux

package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// A notebook run on n CPUs sees n: in GOMAXPROCS, and in the CPU affinity
// of a process it starts (nproc counts the CPUs it may run on).
func TestRunOnCPUs(t *testing.T) {
	have := AvailableCPUs()
	cells := []string{
		"import \"fmt\"",
		"import \"os/exec\"",
		"import \"runtime\"",
		"func nproc() string {\n\tout, err := exec.Command(\"nproc\").Output()\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\treturn string(out)\n}",
		"fmt.Print(runtime.GOMAXPROCS(0), \" \", nproc())",
	}
	for _, tc := range []struct{ cpus, want int }{
		{1, 1},
		{have, have},
		{have + 3, have}, // more than the machine has: what it has
	} {
		t.Run(fmt.Sprint(tc.cpus), func(t *testing.T) {
			runs, err := Run(context.Background(), cells, Options{CPUs: tc.cpus})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range runs {
				t.Logf("cell %d: %q %v", i, outputText(r), r.Err)
			}
			got := outputText(runs[4])
			if want := fmt.Sprintf("%d %d", tc.want, tc.want); strings.TrimSpace(got) != want {
				t.Errorf("GOMAXPROCS and nproc on %d CPUs: %q, want %q", tc.cpus, got, want)
			}
		})
	}
	if have < 2 {
		t.Log("this machine lets the test use one CPU only: the limit was checked against itself")
	}
}

func outputText(r CellRun) string {
	var b strings.Builder
	for _, o := range r.Outputs {
		b.WriteString(o.Text + o.Evalue)
	}
	return b.String()
}
