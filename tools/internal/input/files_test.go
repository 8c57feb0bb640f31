package input

import (
	"os"
	"path/filepath"
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

// A folder stands for the notebooks in it and its subfolders, sorted, less
// Jupyter's checkpoint copies; a file stands for itself.
func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.ipynb", "a.ipynb", "notes.txt", "sub/c.ipynb", ".ipynb_checkpoints/a-checkpoint.ipynb"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, nil, 0o644)
	}
	got, err := Expand([]string{dir, filepath.Join(dir, "notes.txt")})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, p := range got {
		r, _ := filepath.Rel(dir, p)
		rel = append(rel, filepath.ToSlash(r))
	}
	if want := "a.ipynb b.ipynb notes.txt sub/c.ipynb"; strings.Join(rel, " ") != want {
		t.Errorf("Expand = %q, want %q", rel, want)
	}
	if _, err := Expand([]string{filepath.Join(dir, "missing")}); !os.IsNotExist(err) {
		t.Errorf("a missing path: err = %v", err)
	}
}
