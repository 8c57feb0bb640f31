package engine

import (
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// What a goroutine prints after its cell ended lands in the cell that runs
// when it prints, as the kernel sends it and nbconvert stores it; it is not
// lost, nor left in the cell that started the goroutine. So does what is
// written through an os.Stdout kept from an earlier cell (a child process's
// stdout, a logger's writer).
func TestLateOutputLandsInTheRunningCell(t *testing.T) {
	cells := []struct{ src, stdout, stderr string }{
		{"import \"fmt\"", "", ""},
		{"import \"os\"", "", ""},
		{"import \"time\"", "", ""},
		{"go func() {\n\ttime.Sleep(300 * time.Millisecond)\n\tfmt.Println(\"late, on stdout\")\n\tfmt.Fprintln(os.Stderr, \"late, on stderr\")\n}()\nfmt.Println(\"started\")",
			"started\n", ""},
		{"time.Sleep(700 * time.Millisecond)", "late, on stdout\n", "late, on stderr\n"},
		{"fmt.Print(\"after\")", "after", ""},
		// os.Stdout is the same file from cell to cell, as in the kernel:
		// a writer kept from an earlier cell still reaches the notebook.
		{"out := os.Stdout", "", ""},
		{"fmt.Fprintln(out, \"through the os.Stdout of an earlier cell\")", "through the os.Stdout of an earlier cell\n", ""},
	}
	var srcs []string
	for _, c := range cells {
		srcs = append(srcs, c.src)
	}
	runs := runCells(t, srcs)
	for i, c := range cells {
		stdout, stderr := streamTexts(runs[i].Outputs)
		if stdout != c.stdout || stderr != c.stderr || runs[i].Err != nil {
			t.Errorf("cell %d %q:\n got stdout %q, stderr %q (%v)\nwant stdout %q, stderr %q", i+1, c.src, stdout, stderr, runs[i].Err, c.stdout, c.stderr)
		}
	}
}

// streamTexts returns what the outputs hold of each stream: the two are
// read apart, so their order between them is not kept.
func streamTexts(outs []*ipynb.Output) (stdout, stderr string) {
	for _, o := range outs {
		switch o.Name {
		case "stdout":
			stdout += o.Text
		case "stderr":
			stderr += o.Text
		}
	}
	return stdout, stderr
}

// A mark split over two reads, and text that looks like the start of a
// mark, are told apart: everything before the mark is the cell's.
func TestMarkPrefix(t *testing.T) {
	for _, tc := range []struct {
		data string
		want int
	}{
		{"hello", 0},
		{"hello\x00", 1},
		{"hello\x00nbcheck-ce", 11},
		{"hello\x00nbcheck-cell-end-", 0}, // a whole mark start is found by Index, not kept back
		{"\x00x", 0},
	} {
		if got := markPrefix([]byte(tc.data)); got != tc.want {
			t.Errorf("markPrefix(%q) = %d, want %d", tc.data, got, tc.want)
		}
	}
}
