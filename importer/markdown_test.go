package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"praxis/markdown"
)

func TestHTMLToMarkdown(t *testing.T) {
	for _, c := range []struct{ name, html, want string }{
		{"paragraphs", "<p>One.</p>\n\n<p>Two\nlines.</p>", "One.\n\nTwo lines."},
		{"emphasis", "<p>A <em>b</em> <i>c</i> <strong>d</strong> <b> e </b>f</p>", "A *b* *c* **d** **e** f"},
		{"line break", "<p>a<br>b<br/>\n</p>", "a\\\nb"},
		{"link", `<p><a href="https://example.org/a b" title="T &quot;q&quot;">the [site]</a></p>`, `[the \[site\]](https://example.org/a%20b "T \"q\"")`},
		{"link spaces outside", `<p>see<a href="https://example.org"> here </a>now</p>`, "see [here](https://example.org) now"},
		{"autolink", `<p><a href="https://example.org/x_y"></a></p>`, "<https://example.org/x_y>"},
		{"unsafe link", `<p><a href="javascript:alert(1)">click</a></p>`, "click"},
		{"image", `<p><img src="https://i.example.org/a.png" alt="a *pic*"></p>`, `![a \*pic\*](https://i.example.org/a.png)`},
		{"inline code", "<p>run <code>a `b` c</code> and <code>x*y</code></p>", "run ``a `b` c`` and `x*y`"},
		{"code block", "<pre class=\"lang-py\"><code>if a &lt; b:\n    print(\"```\")\n</code></pre>", "````py\nif a < b:\n    print(\"```\")\n````"},
		{"quote", "<blockquote>\n<p>Quoted.</p>\n<p>More.</p>\n</blockquote>", "> Quoted.\n>\n> More."},
		{"list", "<ul>\n<li>one</li>\n<li>two <em>x</em></li>\n</ul>", "- one\n- two *x*"},
		{"ordered list", `<ol start="3"><li>three</li><li>four</li></ol>`, "3. three\n4. four"},
		{"loose list", "<ul><li><p>one</p></li><li><p>two</p></li></ul>", "- one\n\n- two"},
		{"nested list", "<ul><li>one<ul><li>inner</li></ul></li><li>two</li></ul>", "- one\n  - inner\n- two"},
		{"headings", "<h1>Big</h1><h3>Small <em>x</em></h3>", "# Big\n\n### Small *x*"},
		{"rule", "<p>a</p><hr><p>b</p>", "a\n\n---\n\nb"},
		{"strike", "<p><strike>old</strike> new</p>", "~~old~~ new"},
		{"other elements keep their text", "<p><sup>1</sup> <kbd>Ctrl</kbd> <span>x</span></p><div>block</div>", "1 `Ctrl` x\n\nblock"},
		{"table", "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>", "a · b\n\n1 · 2"},
		{"markdown characters stay text", "<p># not a heading, *not em*, _x_, [y], a|b, ~z~, &lt;b&gt;, &amp;amp;</p>",
			`\# not a heading, \*not em\*, \_x\_, \[y\], a\|b, \~z\~, \<b\>, \&amp;`},
		{"line starts", "<p>- dash<br>+ plus<br>1. one<br>2) two<br>= eq<br>&gt; gt</p>", "\\- dash\\\n\\+ plus\\\n1\\. one\\\n2\\) two\\\n\\= eq\\\n\\> gt"},
		{"bare URLs stay links", "<p>see https://example.org/a_b_c and www.example.org/x_y.</p>", "see https://example.org/a_b_c and www.example.org/x_y."},
		{"script dropped", "<p>a<script>alert(1)</script>b</p>", "ab"},
		{"text only", "Plain text.", "Plain text."},
		{"empty", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := HTMLToMarkdown(c.html); got != c.want {
				t.Errorf("HTMLToMarkdown(%q)\n got %q\nwant %q", c.html, got, c.want)
			}
		})
	}
}

// TestHTMLToMarkdownKeepsText converts every post of the shared dump and
// renders it back: the text a reader sees is the same as the original's.
func TestHTMLToMarkdownKeepsText(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "stackexchange", "beer")
	if _, err := os.Stat(filepath.Join(dir, "Posts.xml")); err != nil {
		if os.Getenv("PRAXIS_REQUIRE_SHARED_DATA") == "1" {
			t.Fatalf("PRAXIS_REQUIRE_SHARED_DATA=1 but the beer dump is missing: %v", err)
		}
		t.Skipf("the shared beer dump is not here (%v); skipping", err)
	}
	r := markdown.New()
	n := 0
	err := eachRow(filepath.Join(dir, "Posts.xml"), "Posts.xml", nil, func(row *Row) error {
		body := row.Get("Body")
		got := strings.Join(strings.Fields(r.Render(HTMLToMarkdown(body)).Text), " ")
		if want := HTMLToText(body); got != want {
			t.Errorf("post %s: the rendered text differs:\n got %s\nwant %s", row.Get("Id"), got, want)
		}
		if got := renderedText(r.HTML(HTMLToMarkdown(body))); got != strings.Join(strings.Fields(r.Render(HTMLToMarkdown(body)).Text), " ") {
			t.Errorf("post %s: renderedText %q; markdown's Text %q", row.Get("Id"), got, r.Render(HTMLToMarkdown(body)).Text)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2106 {
		t.Errorf("%d posts; want 2,106", n)
	}
}

func TestHandleFor(t *testing.T) {
	for name, want := range map[string]string{
		"Geoff Dalgas": "geoff-dalgas", "Ana Ásbjörnsdóttir": "ana-asbjornsdottir", "Łukasz Żółw": "lukasz-zolw", "李": "member",
		"x": "member", "  --Jo__Doe--  ": "jo-doe", "A very long display name that goes on": "a-very-long-display-name", "user3141": "user3141",
	} {
		if got := handleFor(name); got != want {
			t.Errorf("handleFor(%q) = %q; want %q", name, got, want)
		}
	}
}

// FuzzHTMLToMarkdown feeds arbitrary HTML, as a Stack Exchange dump could
// hold it, to the converters: they never panic, and every link or image of
// what their markdown renders points at http(s), mailto or this site.
func FuzzHTMLToMarkdown(f *testing.F) {
	for _, seed := range []string{
		"<p>One.</p>\n\n<p>Two\nlines.</p>", `<p><a href="javascript:alert(1)">click</a></p>`,
		`<p><a href=" JaVaScRiPt:alert(1)">x</a><a href="data:text/html,x">y</a><img src="vbscript:x"></p>`,
		`<pre><code>x := 1` + "\n```\n" + `</code></pre>`, "<ul><li>a<ol><li>b</li></ol></li></ul><blockquote><h2>#</h2></blockquote>",
		`<img src="//example.org/a.png" alt="a](x) <b>" title='"'>`, "<p>*not* _emphasis_ [link](javascript:x) &lt;b&gt; &amp;amp;</p>",
		"<table><tr><td>|</td></tr></table><del>x</del><hr>", "<p", "",
	} {
		f.Add(seed)
	}
	r := markdown.New()
	f.Fuzz(func(t *testing.T, src string) {
		HTMLToText(src)
		md := HTMLToMarkdown(src)
		doc, err := html.Parse(strings.NewReader(r.HTML(md)))
		if err != nil {
			t.Fatalf("the rendered markdown of %q does not parse: %v", src, err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			for _, a := range n.Attr {
				if a.Key != "href" && a.Key != "src" {
					continue
				}
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if i := strings.IndexAny(v, ":/?#"); i >= 0 && v[i] == ':' &&
					!strings.HasPrefix(v, "http:") && !strings.HasPrefix(v, "https:") && !strings.HasPrefix(v, "mailto:") {
					t.Errorf("HTMLToMarkdown(%q) = %q renders %s=%q", src, md, a.Key, a.Val)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	})
}
