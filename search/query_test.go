package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		q, want, fts5, tsquery string
	}{
		{"beer yeast", "beer yeast", `("beer") AND ("yeast")`, `('beer') & ('yeast')`},
		{`"wort chiller" pump`, `"wort chiller" pump`, `("wort chiller") AND ("pump")`, `(('wort' <-> 'chiller')) & ('pump')`},
		{`stout -lager -"pale ale"`, `stout -lager -"pale ale"`, `(("stout")) NOT ("lager" OR "pale ale")`, `('stout') & !'lager' & !('pale' <-> 'ale')`},
		{"ipa OR stout porter", "ipa OR stout porter", `("ipa" OR "stout") AND ("porter")`, `('ipa' | 'stout') & ('porter')`},
		{"ipa | stout", "ipa OR stout", `("ipa" OR "stout")`, `('ipa' | 'stout')`},
		{"beer AND yeast", "beer yeast", `("beer") AND ("yeast")`, `('beer') & ('yeast')`},
		{"beer NOT lager", "beer -lager", `(("beer")) NOT ("lager")`, `('beer') & !'lager'`},
		{"Café CRÈME", "cafe creme", `("cafe") AND ("creme")`, `('cafe') & ('creme')`},
		{"Straße", "strasse", `("strasse")`, `('strasse')`},
		{"東京", `"東 京"`, `("東 京")`, `(('東' <-> '京'))`},
		{"e-mail", `"e mail"`, `("e mail")`, `(('e' <-> 'mail'))`},
		// Operators with nothing to apply to, and FTS syntax, are separators.
		{`"unbalanced quote`, `"unbalanced quote"`, `("unbalanced quote")`, `(('unbalanced' <-> 'quote'))`},
		{`NEAR(a b)`, `"near a" b`, `("near a") AND ("b")`, `(('near' <-> 'a')) & ('b')`},
		{`title:x col:`, `"title x" col`, `("title x") AND ("col")`, `(('title' <-> 'x')) & ('col')`},
		{`beer*`, "beer", `("beer")`, `('beer')`},
		{`^beer`, "beer", `("beer")`, `('beer')`},
		{`OR beer OR`, "beer", `("beer")`, `('beer')`},
		{`AND`, "", "", ""},
		{`-`, "", "", ""},
		{`"`, "", "", ""},
		{`* ^ : ( ) "" -"" --`, "", "", ""},
		{"a\x00b", `"a b"`, `("a b")`, `(('a' <-> 'b'))`},
		{"-lager", "-lager", "", ""},
	}
	for _, tt := range tests {
		q := Parse(tt.q)
		if got := q.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q; want %q", tt.q, got, tt.want)
		}
		if got := q.FTS5(); got != tt.fts5 {
			t.Errorf("Parse(%q).FTS5() = %q; want %q", tt.q, got, tt.fts5)
		}
		if got := q.TSQuery(); got != tt.tsquery {
			t.Errorf("Parse(%q).TSQuery() = %q; want %q", tt.q, got, tt.tsquery)
		}
	}
}

func TestParseLimits(t *testing.T) {
	long := strings.Repeat("wort ", 2000) // 10,000 characters
	q := Parse(long)
	if n := len(q.All) + len(q.Not); n > MaxTerms {
		t.Errorf("Parse(10,000 characters): %d terms; want at most %d", n, MaxTerms)
	}
	q = Parse(`"` + strings.Repeat("hop ", 100) + `"`)
	if len(q.All) != 1 || len(q.All[0][0]) != MaxPhrase {
		t.Errorf("a phrase of 100 words keeps %v; want %d words", q.All, MaxPhrase)
	}
	// A cut in the middle of a multi-byte character leaves valid text.
	q = Parse(strings.Repeat("é", MaxQueryLen))
	for _, w := range q.Words() {
		if !utf8.ValidString(w) {
			t.Errorf("Parse cut a character: %q", w)
		}
	}
}

func TestEmptyAndWords(t *testing.T) {
	for _, s := range []string{"", "   ", "-lager", `-"pale ale" -stout`, "OR", "NOT beer"} {
		if !Parse(s).Empty() {
			t.Errorf("Parse(%q).Empty() = false; want true", s)
		}
	}
	if got := strings.Join(Parse(`beer "beer yeast" OR hops -malt`).Words(), " "); got != "beer yeast hops" {
		t.Errorf("Words() = %q; want %q", got, "beer yeast hops")
	}
}

func TestWithoutFunctionWords(t *testing.T) {
	tests := []struct{ q, want string }{
		{"how to clean a keg", "clean keg"},
		{`"out of order" the`, `"out of order"`},
		{"the who", "the who"},
		{"how OR keg", "how OR keg"},
		{"the -keg beer", "beer -keg"},
	}
	for _, tt := range tests {
		if got := Parse(tt.q).WithoutFunctionWords().String(); got != tt.want {
			t.Errorf("Parse(%q).WithoutFunctionWords() = %q; want %q", tt.q, got, tt.want)
		}
	}
}

func TestColumnQueries(t *testing.T) {
	q := Any([]string{"stout", "lager"})
	if got, want := q.FTS5In("title"), `{title} : (("stout" OR "lager"))`; got != want {
		t.Errorf("FTS5In = %q; want %q", got, want)
	}
	if got, want := q.TSQueryIn("A"), `('stout':A | 'lager':A)`; got != want {
		t.Errorf("TSQueryIn = %q; want %q", got, want)
	}
	if got := Any(nil).FTS5In("title"); got != "" {
		t.Errorf("Any(nil).FTS5In = %q; want empty", got)
	}
}

// FuzzParse checks that no input makes Parse panic or produce a query
// either database could read as anything but quoted words.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"beer yeast", `"wort chiller" -lager`, "ipa OR stout", `NEAR(a b, 2)`, `col:x*`, `"`, `-`,
		"OR", "AND", "NOT", "^", "東京 café Straße", "a\x00b", `'; DROP TABLE x; --`, `\"'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		if n := len(q.All) + len(q.Not); n > MaxTerms {
			t.Fatalf("%d terms; want at most %d", n, MaxTerms)
		}
		for _, w := range append(q.Words(), flatten(q.Not)...) {
			if w == "" || !utf8.ValidString(w) {
				t.Fatalf("word %q is empty or not UTF-8", w)
			}
			if strings.ContainsAny(w, `"' :*^()-{}`+"\x00") {
				t.Fatalf("word %q holds query syntax", w)
			}
		}
		if q.Empty() != (q.FTS5() == "") || q.Empty() != (q.TSQuery() == "") {
			t.Fatalf("Empty() = %v, FTS5() = %q, TSQuery() = %q", q.Empty(), q.FTS5(), q.TSQuery())
		}
		// The normalized query parses back to itself (unless normalizing
		// made it longer than a query may be).
		if again := Parse(q.String()).String(); len(q.String()) <= MaxQueryLen && again != q.String() {
			t.Fatalf("Parse(%q).String() = %q; want it unchanged", q.String(), again)
		}
	})
}

func flatten(ts []Term) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t...)
	}
	return out
}
