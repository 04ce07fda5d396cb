package search

import (
	"html"
	"strings"
	"unicode/utf8"
)

// matcher decides which words of a text to highlight for a query.
type matcher struct{ words, stems map[string]bool }

func newMatcher(words []string) matcher {
	m := matcher{words: map[string]bool{}, stems: map[string]bool{}}
	for _, w := range words {
		m.words[w] = true
		m.stems[stem(w)] = true
	}
	return m
}

func (m matcher) match(tok string) bool {
	return m.words[tok] || m.stems[stem(tok)]
}

// Highlight returns text HTML-escaped, with the words matching the query's
// words wrapped in <mark>.
func Highlight(text string, words []string) string {
	return mark(text, 0, len(text), newMatcher(words))
}

// Snippet returns an HTML-escaped passage of text of about n characters
// around its first match of the query's words, with the matches wrapped in
// <mark>; without a match, the start of the text. Ellipses show cuts.
func Snippet(text string, words []string, n int) string {
	if n <= 0 {
		n = 240
	}
	m := newMatcher(words)
	first := -1
	if len(words) > 0 {
		eachToken(text, func(tok string, start, _ int) bool {
			if m.match(tok) {
				first = start
				return false
			}
			return true
		})
	}
	start := 0
	if first > 0 {
		// Begin about a quarter of the passage before the match, at a word.
		back := first
		for k := 0; k < n/4 && back > 0; k++ {
			_, size := utf8.DecodeLastRuneInString(text[:back])
			back -= size
		}
		if back > 0 {
			if sp := strings.IndexAny(text[back:first], " \n\t"); sp >= 0 {
				back += sp + 1
			}
		}
		start = back
	}
	end := start
	for k := 0; k < n && end < len(text); k++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	if end < len(text) {
		if sp := strings.LastIndexAny(text[start:end], " \n\t"); sp > (end-start)/2 {
			end = start + sp
		}
	}
	out := mark(text, start, end, m)
	if start > 0 {
		out = "…" + out
	}
	if end < len(text) {
		out += "…"
	}
	return out
}

// mark escapes text[start:end] and wraps matching tokens in <mark>.
func mark(text string, start, end int, m matcher) string {
	seg := text[start:end]
	var b strings.Builder
	last := 0
	eachToken(seg, func(tok string, s, e int) bool {
		if m.match(tok) {
			b.WriteString(html.EscapeString(seg[last:s]))
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(seg[s:e]))
			b.WriteString("</mark>")
			last = e
		}
		return true
	})
	b.WriteString(html.EscapeString(seg[last:]))
	return strings.Join(strings.Fields(b.String()), " ")
}
