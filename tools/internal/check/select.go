package check

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

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

// RunAll checks the notebooks, up to jobs of them at a time (each in its
// own worker process), and returns their results in the order of paths.
// done, when not nil, is called as each notebook finishes, from one
// goroutine at a time.
func RunAll(ctx context.Context, paths []string, opt Options, jobs int, done func(r Result)) []Result {
	jobs = max(1, min(jobs, len(paths)))
	results := make([]Result, len(paths))
	next := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() {
			for k := range next {
				r := Run(ctx, paths[k], opt)
				results[k] = r
				if done != nil {
					mu.Lock()
					done(r)
					mu.Unlock()
				}
			}
		})
	}
	for k := range paths {
		next <- k
	}
	close(next)
	wg.Wait()
	return results
}
