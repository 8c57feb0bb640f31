// Package nbval_test checks the collection's sanitize file, which nbval
// (pytest --nbval --nbval-sanitize-with) and nbcheck (-sanitize) both read.
package nbval_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

const file = "sanitize.cfg"

func load(t *testing.T) compare.Options {
	t.Helper()
	zs, err := compare.LoadSanitizers(file)
	if err != nil {
		t.Fatal(err)
	}
	return compare.Options{Sanitizers: zs}
}

// nbval finds rules with this pattern only; nbcheck must see every one it
// sees, and no more.
var nbvalRule = regexp.MustCompile(`(?m)^regex: (.*)$\n^replace: (.*)$`)

func TestBothToolsReadTheSameRules(t *testing.T) {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	zs := load(t).Sanitizers
	pairs := nbvalRule.FindAllStringSubmatch(string(b), -1)
	if len(pairs) != len(zs) || len(zs) == 0 {
		t.Fatalf("nbval reads %d rules, nbcheck %d", len(pairs), len(zs))
	}
	for i, p := range pairs {
		if zs[i].Regexp.String() != p[1] {
			t.Errorf("rule %d: nbcheck reads %q, nbval %q", i+1, zs[i].Regexp, p[1])
		}
	}
}

func stdout(text string) []*ipynb.Output {
	return []*ipynb.Output{{Type: "stream", Name: "stdout", Text: text}}
}

// Under the file, the orders in which the any-order cells print all
// compare equal in order, as nbval compares; what they say still counts.
func TestAnyOrderCellsCompareInOrder(t *testing.T) {
	o := load(t)
	for _, tc := range []struct {
		name          string
		stored, other string
		same          bool
	}{
		{"sleepers", "sleeper4: going to sleep for 250ms\nsleeper0: going to sleep for 250ms\nsleeper0: woke up\nsleeper4: woke up\n",
			"sleeper0: going to sleep for 251ms\nsleeper4: going to sleep for 250ms\nsleeper4: woke up\nsleeper0: woke up\n", true},
		{"sleepers in series", "sleeper0: going to sleep for 250ms\nsleeper1: going to sleep for 250ms\nsleeper0: woke up\nsleeper1: woke up\n",
			"sleeper0: going to sleep for 250ms\nsleeper0: woke up\nsleeper1: going to sleep for 250ms\nsleeper1: woke up\n", false},
		{"runners", "c going to sleep for 100ms\na going to sleep for 100ms\nb woke up\na woke up\ntook less than 200ms: true\n",
			"a going to sleep for 100ms\nc going to sleep for 100ms\na woke up\nb woke up\ntook less than 200ms: true\n", true},
		{"runners, claim false", "a going to sleep for 100ms\nb woke up\ntook less than 200ms: true\n",
			"a going to sleep for 100ms\nb woke up\ntook less than 200ms: false\n", false},
		{"alive", "main: g3 alive: true\ng3: going to sleep for 300ms\ng3: woke up\nmain: g3 alive: false\n",
			"g3: going to sleep for 300ms\nmain: g3 alive: true\ng3: woke up\nmain: g3 alive: false\n", true},
		{"alive, wrong answer", "main: g3 alive: true\ng3: going to sleep for 300ms\ng3: woke up\nmain: g3 alive: false\n",
			"g3: going to sleep for 300ms\nmain: g3 alive: true\ng3: woke up\nmain: g3 alive: true\n", false},
		{"durations", "took 1.2s\n", "took 3.4ms\n", true},
		{"addresses and paths", "0xc000123456 /tmp/go-build123/a.out\n", "0xc000654321 /tmp/go-build9/a.out\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diffs := o.Cell(stdout(tc.stored), stdout(tc.other))
			if same := len(diffs) == 0; same != tc.same {
				t.Errorf("same = %v, want %v; diffs: %v", same, tc.same, diffs)
			}
		})
	}
}
