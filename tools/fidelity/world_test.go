package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/lint"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// The corpus of notebooks written by others (world/) as stored: each one
// listed in SOURCES.md with its license beside it, its first cell the note
// that says where it comes from, and its cells tagged exactly where
// nbcheck -lint names them: nbval-skip where a cell cannot run offline,
// nbval-ignore-output where its stored outputs come from another kernel,
// Go or machine. No other cell is tagged: every other cell is compared by
// tools/test.sh's nbcheck step.
func TestWorldCorpus(t *testing.T) {
	files, err := input.Expand([]string{"world"})
	if err != nil || len(files) < 10 {
		t.Fatalf("world corpus: %d notebooks, %v", len(files), err)
	}
	sources, err := os.ReadFile("world/SOURCES.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		rel, _ := filepath.Rel("world", f)
		row := ""
		for _, line := range strings.Split(string(sources), "\n") {
			if strings.HasPrefix(line, "| `"+filepath.ToSlash(rel)+"` |") {
				row = line
			}
		}
		if row == "" {
			t.Errorf("%s: not in world/SOURCES.md", f)
		} else {
			cols := strings.Split(row, "`")
			if lic := cols[len(cols)-2]; fileMissing(filepath.Join("world", lic)) {
				t.Errorf("%s: its license %s is missing", f, lic)
			}
		}
		nb, err := input.Load(f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if first := nb.Cells[0]; first.Type != "markdown" || !strings.Contains(first.Source, "with its outputs as its authors stored them") {
			t.Errorf("%s: the first cell is not the note on where it comes from", f)
		}
		named := map[int]string{}
		for _, fd := range lint.Notebook(nb) {
			switch {
			case strings.HasPrefix(fd.Message, lint.OfflinePrefix):
				named[fd.Cell] = "nbval-skip"
			case strings.HasPrefix(fd.Message, lint.StoredPrefix) && named[fd.Cell] == "":
				named[fd.Cell] = "nbval-ignore-output"
			}
		}
		for i, c := range nb.Cells {
			if c.Type != "code" {
				continue
			}
			m := nb.Markers[i]
			tagged := ""
			switch {
			case m.Skip:
				tagged = "nbval-skip"
			case m.IgnoreOutput:
				tagged = "nbval-ignore-output"
			}
			if tagged != named[i+1] {
				t.Errorf("%s: cell %d is tagged %q, but -lint's findings ask for %q", f, i+1, tagged, named[i+1])
			}
		}
	}
}

func fileMissing(path string) bool {
	_, err := os.Stat(path)
	return err != nil
}

// nbcheck's reference (tools/nbcheck/README.md) tabulates the corpus as
// the markers and the stored notebooks have it: per notebook, the code
// cells, those compared (and how many of them have stored outputs), those
// stored as never run (run, compared with nothing), those tagged
// nbval-ignore-output and those skipped. Every compared cell agrees: the
// nbcheck step of tools/test.sh fails otherwise.
func TestWorldTableInTheReference(t *testing.T) {
	files, err := input.Expand([]string{"world"})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	var all [6]int
	for _, f := range files {
		nb, err := input.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		var n [6]int // code, compared, with outputs, never run, ignored, skipped
		for i, c := range nb.Cells {
			if c.Type != "code" {
				continue
			}
			n[0]++
			switch m := nb.Markers[i]; {
			case m.Skip:
				n[5]++
			case m.IgnoreOutput:
				n[4]++
			case verdict.StoredAs(c) == verdict.Unrun:
				n[3]++
			default:
				n[1]++
				if len(c.Outputs) > 0 {
					n[2]++
				}
			}
		}
		for k := range n {
			all[k] += n[k]
		}
		rel, _ := filepath.Rel("world", f)
		rows = append(rows, fmt.Sprintf("| `%s` | %d | %d (%d) | %d | %d | %d | %d |", filepath.ToSlash(rel), n[0], n[1], n[2], n[1], n[3], n[4], n[5]))
	}
	rows = append(rows, fmt.Sprintf("| all | %d | %d (%d) | %d | %d | %d | %d |", all[0], all[1], all[2], all[1], all[3], all[4], all[5]))
	readme, err := os.ReadFile("../nbcheck/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if !strings.Contains(string(readme), "\n"+row+"\n") {
			t.Errorf("tools/nbcheck/README.md's table of the world corpus lacks this row:\n%s", row)
		}
	}
}
