// Package textdiff compares two texts line by line, for showing what an
// edit changed.
package textdiff

import "strings"

// Op says what happened to a line.
type Op int

// The kinds of line in a diff.
const (
	Same Op = iota
	Added
	Removed
)

// Line is one line of a diff.
type Line struct {
	Op   Op
	Text string
}

// maxCells bounds the work of one diff; past it the texts are shown as
// one removal and one addition, which is still correct.
const maxCells = 4_000_000

// Lines returns the line diff that turns a into b, from a longest common
// subsequence of lines.
func Lines(a, b string) []Line {
	x, y := split(a), split(b)
	// Trim the common head and tail: most edits touch a small part.
	head := 0
	for head < len(x) && head < len(y) && x[head] == y[head] {
		head++
	}
	tail := 0
	for tail < len(x)-head && tail < len(y)-head && x[len(x)-1-tail] == y[len(y)-1-tail] {
		tail++
	}
	var out []Line
	for _, l := range x[:head] {
		out = append(out, Line{Same, l})
	}
	mx, my := x[head:len(x)-tail], y[head:len(y)-tail]
	if len(mx)*len(my) > maxCells {
		for _, l := range mx {
			out = append(out, Line{Removed, l})
		}
		for _, l := range my {
			out = append(out, Line{Added, l})
		}
	} else {
		out = append(out, lcs(mx, my)...)
	}
	for _, l := range x[len(x)-tail:] {
		out = append(out, Line{Same, l})
	}
	return out
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

func lcs(x, y []string) []Line {
	n, m := len(x), len(y)
	// t[i][j] is the LCS length of x[i:] and y[j:].
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case x[i] == y[j]:
			out = append(out, Line{Same, x[i]})
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			out = append(out, Line{Removed, x[i]})
			i++
		default:
			out = append(out, Line{Added, y[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, Line{Removed, x[i]})
	}
	for ; j < m; j++ {
		out = append(out, Line{Added, y[j]})
	}
	return out
}
