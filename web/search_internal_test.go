package web

import (
	"testing"

	"praxis"
)

func TestThreadRef(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"42", 42, true},
		{" #42 ", 42, true},
		{"/c/beer/t/42", 42, true},
		{"/c/beer/t/42/how-to-chill-wort", 42, true},
		{"https://praxis.example.org/c/beer/t/42/how-to-chill-wort?x=1#post-7", 42, true},
		{"praxis.example.org/c/beer/t/42", 42, true},
		{"", 0, false},
		{"0", 0, false},
		{"-3", 0, false},
		{"forty-two", 0, false},
		{"/c/beer/kb/42", 0, false},
		{"/c/beer/t/", 0, false},
		{"/c/beer/t/abc", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, ok := threadRef(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("threadRef(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestSnippetHTML checks that only <mark> passes as markup: anything else
// in a snippet is shown as text.
func TestSnippetHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"a <mark>wort</mark> chiller &amp; a pump", "a <mark>wort</mark> chiller &amp; a pump"},
		{"<mark>x</mark><script>alert(1)</script>", "&lt;mark&gt;x&lt;/mark&gt;&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"<mark onclick=x>y</mark>", "&lt;mark onclick=x&gt;y&lt;/mark&gt;"},
		{"1 > 0", "1 &gt; 0"},
	}
	for _, tt := range tests {
		if got := string(snippetHTML(tt.in)); got != tt.want {
			t.Errorf("snippetHTML(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestBestThread(t *testing.T) {
	hit := func(id int64, solved bool, replies int) *praxis.SimilarHit {
		return &praxis.SimilarHit{Kind: praxis.SearchThread, ID: id, Solved: solved, ReplyCount: replies}
	}
	tests := []struct {
		name    string
		threads []*praxis.SimilarHit
		want    int64
	}{
		{"none", nil, 0},
		{"the first when all alike", []*praxis.SimilarHit{hit(1, false, 0), hit(2, false, 0)}, 1},
		{"most replies", []*praxis.SimilarHit{hit(1, false, 1), hit(2, false, 4), hit(3, false, 2)}, 2},
		{"solved before replies", []*praxis.SimilarHit{hit(1, false, 9), hit(2, true, 1), hit(3, false, 5)}, 2},
		{"most replies among solved", []*praxis.SimilarHit{hit(1, true, 1), hit(2, false, 9), hit(3, true, 3)}, 3},
		{"articles are not drafted from", []*praxis.SimilarHit{{Kind: praxis.SearchArticle, ID: 9, ReplyCount: 50}, hit(4, false, 0)}, 4},
	}
	for _, tt := range tests {
		var got int64
		if b := bestThread(tt.threads); b != nil {
			got = b.ID
		}
		if got != tt.want {
			t.Errorf("%s: bestThread = %d; want %d", tt.name, got, tt.want)
		}
	}
}
