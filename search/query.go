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
//	beer NOT lager      without the next word or phrase (as -lager)
//	beer AND yeast      the same as beer yeast (also &&)
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
	var pendingOr, pendingNot bool
	terms := 0
	add := func(t Term, neg bool) {
		if pendingNot {
			neg, pendingNot = true, false
		}
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
			add(Term(Tokens(phrase)), neg)
		default:
			end := i
			for end < len(q) && !isSpace(q[end]) && q[end] != '"' {
				end++
			}
			word := q[i:end]
			i = end
			switch word {
			case "OR", "|", "||":
				pendingOr = len(out.All) > 0 && !pendingNot
				continue
			case "AND", "&&", "&":
				continue
			case "NOT":
				pendingNot, pendingOr = true, false
				continue
			}
			neg := false
			if strings.HasPrefix(word, "-") && len(word) > 1 {
				neg = true
				word = word[1:]
			}
			// A word that normalizes to several tokens (e-mail, 東京,
			// C++11) is a phrase: its parts must be adjacent.
			add(Term(Tokens(word)), neg)
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
func (q Query) TSQuery() string { return q.tsquery("") }

// TSQueryIn is TSQuery restricted to the lexemes of the given weights
// ("A" for the titles of search documents).
func (q Query) TSQueryIn(weights string) string { return q.tsquery(weights) }

// FTS5In is FTS5 restricted to one column of the FTS5 table.
func (q Query) FTS5In(column string) string {
	if q.Empty() {
		return ""
	}
	return "{" + column + "} : (" + q.FTS5() + ")"
}

func (q Query) tsquery(weights string) string {
	if q.Empty() {
		return ""
	}
	if weights != "" {
		weights = ":" + weights
	}
	term := func(t Term) string {
		words := make([]string, len(t))
		for i, w := range t {
			words[i] = "'" + w + "'" + weights
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

// functionWords are the English words PostgreSQL's english configuration
// leaves out of its index and queries (the Snowball stop words).
var functionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`i me my myself we our ours ourselves you your yours yourself yourselves he him his
		himself she her hers herself it its itself they them their theirs themselves what which who whom this that these
		those am is are was were be been being have has had having do does did doing a an the and but if or because as
		until while of at by for with about against between into through during before after above below to from up down
		in out on off over under again further then once here there when where why how all any both each few more most
		other some such no nor not only own same so than too very s t can will just don should now`) {
		functionWords[w] = true
	}
}

// WithoutFunctionWords drops the clauses that are a single function word
// ("how", "to", "the") when other clauses remain, so that "how to clean a
// keg" looks for clean and keg, on SQLite as PostgreSQL does. Phrases keep
// their words; a query of function words only is kept as it is.
func (q Query) WithoutFunctionWords() Query {
	var kept []Clause
	for _, c := range q.All {
		if len(c) == 1 && len(c[0]) == 1 && functionWords[c[0][0]] {
			continue
		}
		kept = append(kept, c)
	}
	if len(kept) == 0 {
		return q
	}
	return Query{All: kept, Not: q.Not}
}
