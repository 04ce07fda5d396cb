package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHighlight(t *testing.T) {
	tests := []struct {
		text  string
		words []string
		want  string
	}{
		{"Brewing <b>stout</b> & hops", []string{"brew", "hop"}, "<mark>Brewing</mark> &lt;b&gt;stout&lt;/b&gt; &amp; <mark>hops</mark>"},
		{"Un café à Paris", []string{"cafe"}, "Un <mark>café</mark> à Paris"},
		{"Die Straße", []string{"strasse"}, "Die <mark>Straße</mark>"},
		{"東京タワー", []string{"東", "京"}, "<mark>東</mark><mark>京</mark>タワー"},
		{"nothing here", nil, "nothing here"},
	}
	for _, tt := range tests {
		if got := Highlight(tt.text, tt.words); got != tt.want {
			t.Errorf("Highlight(%q, %v) = %q; want %q", tt.text, tt.words, got, tt.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler words go here ", 40) + "the wort chiller is key " + strings.Repeat("more text after ", 40)
	got := Snippet(long, []string{"chiller"}, 120)
	if !strings.Contains(got, "<mark>chiller</mark>") {
		t.Errorf("Snippet does not show the match: %q", got)
	}
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("Snippet = %q; want ellipses at both cuts", got)
	}
	if n := utf8.RuneCountInString(got); n > 120+len("<mark></mark>")+2 {
		t.Errorf("Snippet is %d characters; want about 120", n)
	}
	if got := Snippet("short text", []string{"absent"}, 240); got != "short text" {
		t.Errorf("Snippet without a match = %q; want the start of the text", got)
	}
	if got := Snippet("", []string{"x"}, 240); got != "" {
		t.Errorf("Snippet of nothing = %q", got)
	}
}

// FuzzSnippet checks that a snippet is always valid UTF-8, escaped HTML
// whose only elements are <mark> pairs.
func FuzzSnippet(f *testing.F) {
	for _, s := range [][2]string{
		{"Brewing stout with hops", "brew"},
		{"<script>alert(1)</script> stout", "stout"},
		{"東京タワー café", "東京"},
		{"a\x00b & c", "b"},
		{strings.Repeat("é", 300) + " match", "match"},
		{"\xff\xfe broken utf8 word", "word"},
	} {
		f.Add(s[0], s[1], 40)
	}
	f.Fuzz(func(t *testing.T, text, query string, n int) {
		if n > 1000 || n < -10 {
			n = n % 1000
		}
		out := Snippet(text, Parse(query).Words(), n)
		if utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("Snippet(%q) = %q: not valid UTF-8", text, out)
		}
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(rest, "<>") {
			t.Fatalf("Snippet(%q) = %q: markup other than <mark>", text, out)
		}
		if strings.Count(out, "<mark>") != strings.Count(out, "</mark>") {
			t.Fatalf("Snippet(%q) = %q: unbalanced <mark>", text, out)
		}
	})
}
