package check

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"1/1", Shard{1, 1}, true},
		{"2/3", Shard{2, 3}, true},
		{"0/3", Shard{}, false},
		{"4/3", Shard{}, false},
		{"1/0", Shard{}, false},
		{"1", Shard{}, false},
		{"a/b", Shard{}, false},
	} {
		got, err := ParseShard(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestSelect(t *testing.T) {
	files := []string{"nb/05.ipynb", "nb/01.ipynb", "nb/03.ipynb", "nb/02.ipynb", "nb/04.ipynb", "other/06.ipynb", "nb/07.ipynb"}
	for _, tc := range []struct {
		run   string
		shard Shard
		want  string
	}{
		{"", Shard{}, "nb/01 nb/02 nb/03 nb/04 nb/05 nb/07 other/06"},
		{"^nb/0[12]", Shard{}, "nb/01 nb/02"},
		{"", Shard{1, 3}, "nb/01 nb/04 other/06"},
		{"", Shard{2, 3}, "nb/02 nb/05"},
		{"", Shard{3, 3}, "nb/03 nb/07"},
		{"nb/", Shard{2, 2}, "nb/02 nb/04 nb/07"},
		{"nothing", Shard{1, 2}, ""},
	} {
		var re *regexp.Regexp
		if tc.run != "" {
			re = regexp.MustCompile(tc.run)
		}
		got := strings.ReplaceAll(strings.Join(Select(files, re, tc.shard), " "), ".ipynb", "")
		if got != tc.want {
			t.Errorf("Select(-run %q, -shard %v) = %q, want %q", tc.run, tc.shard, got, tc.want)
		}
	}
	// The shards of a split cover every notebook once.
	for n := 1; n <= len(files)+1; n++ {
		seen := map[string]int{}
		for i := 1; i <= n; i++ {
			for _, f := range Select(files, nil, Shard{i, n}) {
				seen[f]++
			}
		}
		for _, f := range files {
			if seen[f] != 1 {
				t.Errorf("%d shards: %s in %d of them", n, f, seen[f])
			}
		}
	}
}

// Notebooks run side by side give the results they give one at a time,
// in the order asked for.
func TestRunAllInParallel(t *testing.T) {
	paths := []string{"testdata/failing.ipynb", "testdata/update-stale.ipynb", "testdata/failing.ipynb"}
	var done []string
	results := RunAll(context.Background(), paths, opt, 2, func(r Result) { done = append(done, r.Path) })
	if len(results) != len(paths) || len(done) != len(paths) {
		t.Fatalf("%d results, %d reported done", len(results), len(done))
	}
	for i, r := range results {
		want := Run(context.Background(), paths[i], opt)
		p1, f1, s1 := r.Counts()
		p2, f2, s2 := want.Counts()
		if r.Path != paths[i] || fmt.Sprint(p1, f1, s1) != fmt.Sprint(p2, f2, s2) {
			t.Errorf("result %d: %s %d/%d/%d, alone %d/%d/%d", i, r.Path, p1, f1, s1, p2, f2, s2)
		}
	}
}
