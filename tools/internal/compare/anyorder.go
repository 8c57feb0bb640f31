package compare

import "strings"

// anyOrder compares two texts as multisets of lines under the tolerance
// rule, and lists the lines that found no partner when they differ.
func (o Options) anyOrder(stored, got string) ([]string, bool) {
	if stored == got {
		return nil, true
	}
	a, b := lines(stored), lines(got)
	pa, pb := o.Tolerance.pairLines(a, b)
	var out []string
	for i, l := range a {
		if pa[i] < 0 {
			out = append(out, "-"+l)
		}
	}
	for j, l := range b {
		if pb[j] < 0 {
			out = append(out, "+"+l)
		}
	}
	if len(out) == 0 {
		if strings.HasSuffix(stored, "\n") != strings.HasSuffix(got, "\n") {
			return []string{"(differs only in the newline at the end)"}, false
		}
		return nil, true
	}
	return append([]string{"(lines compared in any order)"}, out...), false
}

// pairLines pairs each stored line with a line from the run it matches
// (equal, or equal but for durations within the tolerance), using each
// line once, and pairing as many as it can. pa[i] is the partner of a[i]
// and pb[j] that of b[j], or -1.
func (t Tolerance) pairLines(a, b []string) (pa, pb []int) {
	pa, pb = make([]int, len(a)), make([]int, len(b))
	for i := range pa {
		pa[i] = -1
	}
	for j := range pb {
		pb[j] = -1
	}
	// Lines without durations pair only with equal lines.
	free := map[string][]int{}
	for j, l := range b {
		if !DurationPattern.MatchString(l) {
			free[l] = append(free[l], j)
		}
	}
	for i, l := range a {
		if js := free[l]; len(js) > 0 {
			pa[i], pb[js[0]] = js[0], i
			free[l] = js[1:]
		}
	}
	// Lines with durations pair with lines of the same shape (durations
	// taken out) whose durations are within the tolerance: a bipartite
	// matching, since pairing equal lines first can leave others without
	// the partner they need.
	type group struct{ a, b []int }
	groups := map[string]*group{}
	var order []string
	add := func(l string, k int, fromA bool) {
		if !DurationPattern.MatchString(l) {
			return
		}
		key := DurationPattern.ReplaceAllString(l, "\x00")
		g := groups[key]
		if g == nil {
			g = &group{}
			groups[key] = g
			order = append(order, key)
		}
		if fromA {
			g.a = append(g.a, k)
		} else {
			g.b = append(g.b, k)
		}
	}
	for i, l := range a {
		if pa[i] < 0 {
			add(l, i, true)
		}
	}
	for j, l := range b {
		if pb[j] < 0 {
			add(l, j, false)
		}
	}
	for _, key := range order {
		g := groups[key]
		if len(g.a) == 0 || len(g.b) == 0 {
			continue
		}
		edge := func(x, y int) bool { return t.LineMatch(a[g.a[x]], b[g.b[y]]) }
		for x, y := range maxMatching(len(g.a), len(g.b), edge) {
			if y >= 0 {
				pa[g.a[x]], pb[g.b[y]] = g.b[y], g.a[x]
			}
		}
	}
	return pa, pb
}

// maxMatching returns a matching of a bipartite graph with n left and m
// right vertices: for each left vertex its right partner or -1. It is a
// maximum matching (augmenting paths) when the graph is small enough, and
// a greedy one otherwise.
func maxMatching(n, m int, edge func(x, y int) bool) []int {
	left, right := make([]int, n), make([]int, m)
	for x := range left {
		left[x] = -1
	}
	for y := range right {
		right[y] = -1
	}
	if n*m > 250_000 {
		for x := 0; x < n; x++ {
			for y := 0; y < m; y++ {
				if right[y] < 0 && edge(x, y) {
					left[x], right[y] = y, x
					break
				}
			}
		}
		return left
	}
	adj := make([][]int, n)
	for x := range adj {
		for y := 0; y < m; y++ {
			if edge(x, y) {
				adj[x] = append(adj[x], y)
			}
		}
	}
	var seen []bool
	var augment func(x int) bool
	augment = func(x int) bool {
		for _, y := range adj[x] {
			if seen[y] {
				continue
			}
			seen[y] = true
			if right[y] < 0 || augment(right[y]) {
				left[x], right[y] = y, x
				return true
			}
		}
		return false
	}
	for x := 0; x < n; x++ {
		seen = make([]bool, m)
		augment(x)
	}
	return left
}
