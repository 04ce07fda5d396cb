package sqlstore

import (
	"testing"

	"praxis"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ html, want string }{
		{"<p>Use <strong>PBW</strong>s &amp; hot water.</p><p>Then rinse.</p>", "Use PBWs & hot water.\nThen rinse."},
		{"<ul><li>one</li><li>two</li></ul>", "one\ntwo"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{`<a href="/c/x/t/1" rel="nofollow">link</a>  text`, "link text"},
		{"<pre><code>x := 1\ny := 2</code></pre>", "x := 1\ny := 2"},
		{"no tags at all", "no tags at all"},
		{"broken <b", "broken"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := plainText(tt.html); got != tt.want {
			t.Errorf("plainText(%q) = %q; want %q", tt.html, got, tt.want)
		}
	}
	if got := capText("ééé", 3); got != "é" {
		t.Errorf("capText cuts inside a character: %q", got)
	}
}

func TestClusterQuestionsDoesNotChain(t *testing.T) {
	q := func(id int64, text string) *recurringQuestion {
		r := &recurringQuestion{hit: &praxis.SimilarHit{ID: id}, terms: map[string]float64{}, words: map[string]string{}}
		r.add(text, 1)
		return r
	}
	// a is like b, b like c, but a and c share nothing: two groups at
	// most, never one of three.
	qs := []*recurringQuestion{
		q(1, "keg cleaning routine"), q(2, "keg cleaning sanitizer stainless"), q(3, "sanitizer stainless steel pitting"),
		q(4, "yeast starter size"), q(5, "yeast starter size lager"), q(6, "unrelated mash thickness"),
	}
	cls := clusterQuestions(qs, 0.3)
	for _, c := range cls {
		if len(c.Threads) > 2 {
			var ids []int64
			for _, h := range c.Threads {
				ids = append(ids, h.ID)
			}
			t.Errorf("cluster %v chains questions that share nothing", ids)
		}
	}
	found := false
	for _, c := range cls {
		found = found || (len(c.Threads) == 2 && c.Threads[0].ID+c.Threads[1].ID == 9)
	}
	if !found {
		t.Errorf("clusters %v; want the two yeast starter questions together", cls)
	}
}
