// Package input is what nbcheck and the other tools are given: the
// notebooks that files and folders name (Expand), the part of them a run
// checks (Select, by path and by shard), and each file read as a Go notebook
// nbcheck can use (Load), or an Error naming the file and the cell.
package input

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Expand turns files and folders into the list of notebooks they name:
// a folder stands for the .ipynb files in it (not in checkpoint folders).
func Expand(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".ipynb_checkpoints" {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(p, ".ipynb") {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// A Shard is one part of a split of the notebooks among CI jobs: part I
// (1-based) of N.
type Shard struct{ I, N int }

// ParseShard reads a shard written "i/n", with 1 <= i <= n.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("bad shard %q: want i/n with 1 <= i <= n, such as 2/3", s)
	}
	return Shard{i, n}, nil
}

// Select returns the notebooks of files whose slash-separated path matches
// run (all when run is nil) and that fall in the shard (all when its N is
// 0). The split is stable: the selected paths are sorted, and shard i of n
// takes the i-th, (i+n)-th, ... of them, so every notebook is in exactly
// one shard and the shards' sizes differ by at most one.
func Select(files []string, run *regexp.Regexp, shard Shard) []string {
	var sel []string
	for _, f := range files {
		if run == nil || run.MatchString(filepath.ToSlash(f)) {
			sel = append(sel, f)
		}
	}
	sort.Strings(sel)
	if shard.N <= 1 {
		return sel
	}
	var out []string
	for k, f := range sel {
		if k%shard.N == shard.I-1 {
			out = append(out, f)
		}
	}
	return out
}
