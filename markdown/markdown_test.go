package markdown

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestHTML(t *testing.T) {
	r := New()
	tests := []struct {
		name, src     string
		want, notWant []string
	}{
		{"emphasis", "*hi* **there**", []string{"<em>hi</em>", "<strong>there</strong>"}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"task list", "- [x] done\n- [ ] todo", []string{`type="checkbox"`, "checked"}, nil},
		{"fenced code keeps language", "```go\nfmt.Println()\n```", []string{`class="language-go"`}, nil},
		{"script tag", "<script>alert(1)</script>", nil, []string{"<script"}},
		{"event handler", `<img src=x onerror="alert(1)">`, nil, []string{"onerror"}},
		{"javascript link", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"external link rel", "[x](https://example.org)", []string{`rel="nofollow noreferrer noopener"`, `target="_blank"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.HTML(tt.src)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML(%q) = %q; want it to contain %q", tt.src, got, w)
				}
			}
			for _, nw := range tt.notWant {
				if strings.Contains(strings.ToLower(got), nw) {
					t.Errorf("HTML(%q) = %q; want no %q", tt.src, got, nw)
				}
			}
		})
	}
}

// TestPolicyClasses checks the sanitizer alone, since goldmark already drops
// raw HTML: class="mention" is kept on links only, and no other class.
func TestPolicyClasses(t *testing.T) {
	p := New().policy
	tests := []struct{ in, want string }{
		{`<a class="mention" href="/u/bob">@bob</a>`, `<a class="mention" href="/u/bob" rel="nofollow noreferrer">@bob</a>`},
		{`<a class="mention evil" href="/u/bob">@bob</a>`, `<a href="/u/bob" rel="nofollow noreferrer">@bob</a>`},
		{`<a class="Mention" href="/u/bob">@bob</a>`, `<a href="/u/bob" rel="nofollow noreferrer">@bob</a>`},
		{`<p class="mention">x</p>`, `<p>x</p>`},
		{`<code class="language-go">x</code>`, `<code class="language-go">x</code>`},
		{`<code class="mention">x</code>`, `<code>x</code>`},
	}
	for _, tt := range tests {
		if got := p.Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// link is an <a> element as a browser sees it.
type link struct{ class, href, text string }

// links parses rendered HTML and returns its links in order.
func links(t *testing.T, rendered string) []link {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(rendered), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatalf("parse %q: %v", rendered, err)
	}
	out := []link{}
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			out = append(out, link{attr(n, "class"), attr(n, "href"), textOf(n)})
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	for _, n := range nodes {
		visit(n)
	}
	return out
}

func TestRenderMentions(t *testing.T) {
	r := New()
	tests := []struct {
		name, src string
		want      []string // handles mentioned, in order
		links     []link   // every link in the HTML, in order
	}{
		{"one", "hi @bob", []string{"bob"}, []link{{"mention", "/u/bob", "@bob"}}},
		{"at the start, in order, unique", "@carol then @bob, then @carol again!",
			[]string{"carol", "bob"}, []link{{"mention", "/u/carol", "@carol"}, {"mention", "/u/bob", "@bob"}, {"mention", "/u/carol", "@carol"}}},
		{"digits, dash and underscore", "@4h_club and @r-2 and @x_", []string{"4h_club", "r-2", "x_"},
			[]link{{"mention", "/u/4h_club", "@4h_club"}, {"mention", "/u/r-2", "@r-2"}, {"mention", "/u/x_", "@x_"}}},
		{"punctuation after", "(@bob), @carol. @dave's @erin-", []string{"bob", "carol", "dave", "erin"},
			[]link{{"mention", "/u/bob", "@bob"}, {"mention", "/u/carol", "@carol"}, {"mention", "/u/dave", "@dave"}, {"mention", "/u/erin", "@erin"}}},
		{"30 characters", "@" + strings.Repeat("a", 30), []string{strings.Repeat("a", 30)},
			[]link{{"mention", "/u/" + strings.Repeat("a", 30), "@" + strings.Repeat("a", 30)}}},
		{"31 characters", "@" + strings.Repeat("a", 31), nil, []link{}},
		{"one character", "@a b", nil, []link{}},
		{"starts with underscore", "@_bob", nil, []link{}},
		{"upper case", "@Bob @bOb", nil, []link{}},
		{"followed by a letter", "@bobé", nil, []link{}},
		{"e-mail address", "mail bob@example.org", nil, []link{{"", "mailto:bob@example.org", "bob@example.org"}}},
		{"handle elsewhere", "@bob@mastodon.example", nil, []link{}},
		{"after word, slash, dot, at", "x@bob a/@bob a.@bob @@bob _@bob", nil, []link{}},
		{"escaped", `\@bob`, nil, []link{}},
		{"code span", "`@bob` and ``x @carol``", nil, []link{}},
		{"fenced code", "```\n@bob\n```\n\n~~~\n@carol\n~~~", nil, []link{}},
		{"indented code", "    @bob", nil, []link{}},
		{"html block", "<div>\n@bob\n</div>", nil, []link{}},
		{"link text", "[thanks @bob](/c/x/t/1)", nil, []link{{"", "/c/x/t/1", "thanks @bob"}}},
		{"reference link", "[@bob][r]\n\n[r]: https://example.org", nil,
			[]link{{"", "https://example.org", "@bob"}}},
		{"image alt", "![@bob](/img/x.png)", nil, []link{}},
		{"autolink", "<https://example.org/@bob>", nil, []link{{"", "https://example.org/@bob", "https://example.org/@bob"}}},
		{"linkified URL", "see https://example.org/@bob", nil, []link{{"", "https://example.org/@bob", "https://example.org/@bob"}}},
		{"brackets that are no link", "[@bob]", []string{"bob"}, []link{{"mention", "/u/bob", "@bob"}}},
		{"emphasis, heading, quote, list, table", "# @a1\n\n> *@b2*\n\n- **@c3**\n\n| @d4 |\n|---|\n| @e5 |",
			[]string{"a1", "b2", "c3", "d4", "e5"},
			[]link{{"mention", "/u/a1", "@a1"}, {"mention", "/u/b2", "@b2"}, {"mention", "/u/c3", "@c3"}, {"mention", "/u/d4", "@d4"}, {"mention", "/u/e5", "@e5"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := r.Render(tt.src)
			if !slices.Equal(out.Mentions, tt.want) {
				t.Errorf("Render(%q).Mentions = %q; want %q", tt.src, out.Mentions, tt.want)
			}
			if got := links(t, out.HTML); !slices.Equal(got, tt.links) {
				t.Errorf("Render(%q) links = %q; want %q (HTML %q)", tt.src, got, tt.links, out.HTML)
			}
		})
	}
}

func TestRenderThreadRefs(t *testing.T) {
	r := New()
	tests := []struct {
		name, src string
		want      []int64
	}{
		{"in text", "see /c/garden/t/12 and /c/beer-club/t/7.", []int64{12, 7}},
		{"unique, in order", "/c/a/t/3 /c/b/t/2 /c/a/t/3", []int64{3, 2}},
		{"links and autolinks", "[earlier](/c/a/t/15) <https://praxis.example/c/a/t/16> https://praxis.example/c/a/t/17",
			[]int64{15, 16, 17}},
		{"reference link", "[earlier][r]\n\n[r]: /c/a/t/18", []int64{18}},
		{"code span", "`/c/a/t/20`", nil},
		{"fenced code", "```\n/c/a/t/21\n```", nil},
		{"indented code", "    /c/a/t/22", nil},
		{"raw html", "<a href=\"/c/a/t/23\">x</a>\n\n<div>/c/a/t/24</div>", nil},
		{"not a reference", "/c/A/t/1 /c/a/t/x /c//t/2", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Render(tt.src).ThreadRefs; !slices.Equal(got, tt.want) {
				t.Errorf("Render(%q).ThreadRefs = %v; want %v", tt.src, got, tt.want)
			}
		})
	}
}

func TestRenderText(t *testing.T) {
	r := New()
	tests := []struct{ src, want string }{
		{"# Title\n\nHello **@bob**,\nsee [this](/c/a/t/1).", "Title Hello @bob, see this."},
		{"- one\n- two", "one two"},
		{"a &amp; b <script>x</script>", "a & b x"},
	}
	for _, tt := range tests {
		if got := r.Render(tt.src).Text; got != tt.want {
			t.Errorf("Render(%q).Text = %q; want %q", tt.src, got, tt.want)
		}
	}
}
