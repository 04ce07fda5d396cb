package search

import (
	"strings"
	"unicode/utf8"
)

// Query is a parsed search: every clause of All must match (a clause is
// one term or alternatives joined by OR), and no term of Not may.
type Query struct {
	All []Clause
	Not []Term
}

// Clause is one or more alternative terms.
type Clause []Term

// Term is a word, or a phrase when it has several words. Words are
// normalized tokens: letters and digits only, so they can be quoted
// safely in either database's query language.
type Term []string

// Limits of a parsed query.
const (
	MaxQueryLen = 500 // bytes considered; the rest is ignored
	MaxTerms    = 32  // terms kept, positive and excluded together
	MaxPhrase   = 16  // words kept in one phrase
)

// Parse reads the query syntax people expect from a search box:
//
//	beer yeast          both words
//	"wort chiller"      the exact phrase
//	-lager  -"pale ale" without the word or phrase
//	ipa OR stout        either (also |)
//
// Parse never fails: unbalanced quotes close at the end, operators with
// nothing to apply to are ignored, and punctuation, including every FTS
// operator (NEAR, *, ^, col:), is just a word separator. A query longer
// than MaxQueryLen is cut.
func Parse(q string) Query {
	if len(q) > MaxQueryLen {
		cut := MaxQueryLen
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	var out Query
	var pendingOr bool
	terms := 0
	add := func(t Term, neg bool, raw string) {
		if len(t) == 0 || terms >= MaxTerms {
			return
		}
		if len(t) > MaxPhrase {
			t = t[:MaxPhrase]
		}
		terms++
		if neg {
			out.Not = append(out.Not, t)
			pendingOr = false
			return
		}
		if pendingOr && len(out.All) > 0 {
			last := len(out.All) - 1
			out.All[last] = append(out.All[last], t)
		} else {
			out.All = append(out.All, Clause{t})
		}
		pendingOr = false
	}
	i := 0
	for i < len(q) {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"' || (c == '-' && i+1 < len(q) && q[i+1] == '"' && (i == 0 || isSpace(q[i-1]))):
			neg := c == '-'
			if neg {
				i++
			}
			i++ // opening quote
			end := strings.IndexByte(q[i:], '"')
			var phrase string
			if end < 0 {
				phrase, i = q[i:], len(q)
			} else {
				phrase, i = q[i:i+end], i+end+1
			}
			add(Term(Tokens(phrase)), neg, phrase)
		default:
			end := i
			for end < len(q) && !isSpace(q[end]) && q[end] != '"' {
				end++
			}
			word := q[i:end]
			i = end
			if word == "OR" || word == "|" || word == "||" {
				pendingOr = len(out.All) > 0
				continue
			}
			neg := false
			if strings.HasPrefix(word, "-") && len(word) > 1 {
				neg = true
				word = word[1:]
			}
			// A word that normalizes to several tokens (e-mail, 東京,
			// C++11) is a phrase: its parts must be adjacent.
			add(Term(Tokens(word)), neg, word)
		}
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Empty reports whether the query has nothing to look for: no words, or
// only exclusions.
func (q Query) Empty() bool { return len(q.All) == 0 }

// Words returns the distinct words the query looks for, for highlighting.
func (q Query) Words() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range q.All {
		for _, t := range c {
			for _, w := range t {
				if !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
		}
	}
	return out
}

// String writes the query back in its own syntax, normalized: what was
// understood, for the page to show.
func (q Query) String() string {
	var parts []string
	for _, c := range q.All {
		var alts []string
		for _, t := range c {
			alts = append(alts, t.text())
		}
		parts = append(parts, strings.Join(alts, " OR "))
	}
	for _, t := range q.Not {
		parts = append(parts, "-"+t.text())
	}
	return strings.Join(parts, " ")
}

func (t Term) text() string {
	if len(t) == 1 {
		return t[0]
	}
	return `"` + strings.Join(t, " ") + `"`
}

// FTS5 compiles the query to an SQLite FTS5 MATCH expression. Every word
// is a double-quoted string (words hold only letters and digits), so no
// operator, column filter or prefix a user typed can reach FTS5. It
// returns "" for an empty query.
func (q Query) FTS5() string {
	if q.Empty() {
		return ""
	}
	var b strings.Builder
	for i, c := range q.All {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteByte('(')
		for j, t := range c {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString(`"` + strings.Join(t, " ") + `"`)
		}
		b.WriteByte(')')
	}
	if len(q.Not) > 0 {
		s := "(" + b.String() + ") NOT ("
		for i, t := range q.Not {
			if i > 0 {
				s += " OR "
			}
			s += `"` + strings.Join(t, " ") + `"`
		}
		return s + ")"
	}
	return b.String()
}

// TSQuery compiles the query to PostgreSQL's to_tsquery syntax: every word
// is single-quoted (words hold only letters and digits), phrases use <->,
// alternatives |, exclusions & !. It returns "" for an empty query.
func (q Query) TSQuery() string {
	if q.Empty() {
		return ""
	}
	term := func(t Term) string {
		words := make([]string, len(t))
		for i, w := range t {
			words[i] = "'" + w + "'"
		}
		if len(words) == 1 {
			return words[0]
		}
		return "(" + strings.Join(words, " <-> ") + ")"
	}
	var parts []string
	for _, c := range q.All {
		alts := make([]string, len(c))
		for i, t := range c {
			alts[i] = term(t)
		}
		parts = append(parts, "("+strings.Join(alts, " | ")+")")
	}
	for _, t := range q.Not {
		parts = append(parts, "!"+term(t))
	}
	return strings.Join(parts, " & ")
}

// Any returns a query matching any of the given words (a draft's terms).
func Any(words []string) Query {
	if len(words) == 0 {
		return Query{}
	}
	c := make(Clause, len(words))
	for i, w := range words {
		c[i] = Term{w}
	}
	return Query{All: []Clause{c}}
}
