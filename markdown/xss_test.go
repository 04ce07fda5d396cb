package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// xssCorpus is hostile input that must come out harmless. Every entry is
// also a seed of FuzzRender.
var xssCorpus = []string{
	// Script tags in every casing and position.
	`<script>alert(1)</script>`,
	`<SCRIPT>alert(1)</SCRIPT>`,
	`<ScRiPt>alert(1)</sCrIpT>`,
	`<script src="https://evil.example/x.js"></script>`,
	`<script/xss src=//evil.example/x.js></script>`,
	`<<script>script>alert(1)<</script>/script>`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`text <script>alert(1)</script> inline`,
	"<script\n>alert(1)</script\n>",
	`<div><script>alert(1)</script></div>`,
	"- item <script>alert(1)</script>",
	"> <script>alert(1)</script>",
	"| a |\n|---|\n| <script>alert(1)</script> |",
	"**<script>alert(1)</script>**",

	// Event handlers.
	`<img src=x onerror=alert(1)>`,
	`<IMG SRC=x ONERROR=alert(1)>`,
	`<img src="x" onerror="alert(1)"/>`,
	`<img/src=x/onerror=alert(1)>`,
	`<svg onload=alert(1)>`,
	`<svg/onload=alert(1)>`,
	`<body onload=alert(1)>`,
	`<details open ontoggle=alert(1)>`,
	`<details open ontoggle="alert(1)"><summary>x</summary></details>`,
	`<a href="#" onclick="alert(1)">x</a>`,
	`<div onmouseover="alert(1)">hover</div>`,
	`<input autofocus onfocus=alert(1)>`,
	`<video><source onerror="alert(1)"></video>`,
	`<marquee onstart=alert(1)>x</marquee>`,
	"- [ ] <input onfocus=alert(1) autofocus>",
	`<a href="/c/x/t/1" onclick="alert(1)">x</a>`,

	// Embedding, forms and document-level elements.
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<IFRAME SRC="javascript:alert(1);"></IFRAME>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<iframe src=//evil.example>`,
	`<object data="javascript:alert(1)"></object>`,
	`<object type="text/x-scriptlet" data="https://evil.example/x.sct"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<EMBED SRC="data:image/svg+xml;base64,PHN2Zz4=" type="image/svg+xml">`,
	`<form action="javascript:alert(1)"><button>x</button></form>`,
	`<button formaction="javascript:alert(1)">x</button>`,
	`<form><input type=submit formaction=javascript:alert(1)></form>`,
	`<isindex action=javascript:alert(1) type=image>`,
	`<base href="javascript:alert(1)//">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<link rel=stylesheet href="javascript:alert(1)">`,
	`<table background="javascript:alert(1)"><tr><td>x</td></tr></table>`,
	`<p style="x:expression(alert(1))">x</p>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,

	// Dangerous schemes in markdown links, images and autolinks.
	`[x](javascript:alert(1))`,
	`[x](JavaScript:alert(1))`,
	`[x](JAVASCRIPT:alert(1))`,
	`[x](  javascript:alert(1)  )`,
	`[x](<javascript:alert(1)>)`,
	`[x](java&#115;cript:alert(1))`,
	`[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))`,
	`[x](&#x6A;avascript:alert(1))`,
	`[x](java%73cript:alert(1))`,
	`[x](javascript&colon;alert(1))`,
	`[x](jav&#x09;ascript:alert(1))`,
	`[x](&#x0A;javascript:alert(1))`,
	`[x](&#x01;javascript:alert(1))`,
	`[x](\javascript:alert(1))`,
	`[x](vbscript:msgbox(1))`,
	`[x](VBScript:msgbox(1))`,
	`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[x](DATA:text/html,<script>alert(1)</script>)`,
	`[x](data:text/html&#44;<script>alert(1)</script>)`,
	`[@bob](javascript:alert(1))`,
	`[<img src=x onerror=alert(1)>](https://example.org)`,
	`![x](javascript:alert(1))`,
	`![x](JaVaScRiPt:alert(1))`,
	`![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
	`![x](data:image/png;base64,iVBORw0KGgo=)`,
	`![x](data:text/html;base64,PHNjcmlwdD4=)`,
	`![x](vbscript:msgbox(1))`,
	`[![x](javascript:alert(1))](javascript:alert(2))`,
	`<javascript:alert(1)>`,
	`<JAVASCRIPT:alert(1)>`,
	`<vbscript:msgbox(1)>`,
	`<data:text/html,<script>alert(1)</script>>`,
	`<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>`,
	`javascript:alert(1) www.example.org/javascript:alert(1)`,

	// Reference-style links and images.
	"[x][r]\n\n[r]: javascript:alert(1)",
	"[x][r]\n\n[r]: <javascript:alert(1)> \"title\"",
	"[x][r]\n\n[r]: &#106;avascript:alert(1)",
	"![x][r]\n\n[r]: data:text/html,alert(1)",
	"[x]\n\n[x]: vbscript:msgbox(1)",
	"[x][]\n\n[x]: DATA:text/html;base64,PHNjcmlwdD4=",

	// Quotes that try to break out of attributes.
	`[x](https://example.org "title\" onmouseover=\"alert(1)")`,
	`[x](https://example.org 'a" onmouseover="alert(1)')`,
	`![x" onerror="alert(1)](x.png)`,
	`![x](x.png "a\" onerror=\"alert(1)")`,
	`[x](https://example.org/" onmouseover="alert(1))`,
	`[x](https://example.org/\" onclick=alert(1)//)`,
	`<img src="x" alt="" onerror="alert(1)" x="">`,
	`<a title='x' onclick='alert(1)' href='/'>x</a>`,

	// Raw <a href> and <img src> with encoded schemes.
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="&#106;avascript:alert(1)">x</a>`,
	`<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>`,
	`<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<a href="jav&#x0A;ascript:alert(1)">x</a>`,
	`<a href=" &#14; javascript:alert(1)">x</a>`,
	`<a href="javascript&colon;alert(1)">x</a>`,
	"<a href=\"\x01javascript:alert(1)\">x</a>",
	`<a href=javascript:alert(1)>x</a>`,
	`<a href="vbscript:msgbox(1)">x</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`<img src="javascript:alert(1)">`,
	`<img src=" javascript:alert(1)">`,
	`<img src="data:image/svg+xml,<svg onload=alert(1)>">`,

	// SVG, MathML and style.
	`<svg><script>alert(1)</script></svg>`,
	`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
	`<svg><animate onbegin=alert(1) attributeName=x dur=1s>`,
	`<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>`,
	`<svg><style><img src=x onerror=alert(1)></style></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<math href="javascript:alert(1)">x</math>`,
	`<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>`,
	`<style>@import 'https://evil.example/x.css';</style>`,
	`<style><img src=x onerror=alert(1)></style>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<title><img src=x onerror=alert(1)></title>`,
	`<textarea><img src=x onerror=alert(1)></textarea>`,
	`<xmp><img src=x onerror=alert(1)></xmp>`,

	// Malformed and unclosed HTML, comments, CDATA.
	`<img src=x onerror=alert(1)`,
	`<a href="javascript:alert(1)`,
	`<div <img src=x onerror=alert(1)>>`,
	`<img """><script>alert(1)</script>">`,
	`<img src=x onerror=alert(1)//`,
	`<</p>img src=x onerror=alert(1)>`,
	`<!-- --><script>alert(1)</script> -->`,
	`<!--<img src="--><img src=x onerror=alert(1)//">`,
	"a <!-- x --> b <script>alert(1)</script>",
	`<![CDATA[<script>alert(1)</script>]]>`,
	`<![CDATA[><img src=x onerror=alert(1)>]]>`,
	`<?xml version="1.0"?><script>alert(1)</script>`,
	`<!DOCTYPE html><script>alert(1)</script>`,
	"<div>\n\n<script>alert(1)</script>\n\n</div>",

	// Markdown contexts around hostile text.
	"```html\n<script>alert(1)</script>\n```",
	"`<img src=x onerror=alert(1)>`",
	"    <script>alert(1)</script>",
	"~~~\n</code></pre><script>alert(1)</script>\n~~~",
	`@bob<script>alert(1)</script>`,
	`@bob" onmouseover="alert(1)`,
}

// forbiddenElements may never appear in rendered HTML.
var forbiddenElements = map[string]bool{
	"script": true, "iframe": true, "object": true, "embed": true, "style": true, "svg": true, "math": true,
	"form": true, "base": true, "meta": true, "link": true, "frame": true, "frameset": true, "applet": true,
}

// urlAttributes hold URLs a browser may follow or load.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "srcset": true, "cite": true, "action": true, "formaction": true,
	"poster": true, "background": true, "data": true, "xlink:href": true,
}

// controlOrSpace matches what browsers skip inside a URL's scheme.
var controlOrSpace = regexp.MustCompile(`[\x00-\x20\x7f]+`)

// unsafeHTML lists what makes rendered HTML unsafe; nil means it is safe.
func unsafeHTML(rendered string) []string {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(rendered), body)
	if err != nil {
		return []string{fmt.Sprintf("unparseable HTML: %v", err)}
	}
	var bad []string
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := strings.ToLower(n.Data)
			if forbiddenElements[name] {
				bad = append(bad, "element <"+name+">")
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if a.Namespace != "" {
					key = strings.ToLower(a.Namespace) + ":" + key
				}
				switch {
				case strings.HasPrefix(key, "on"):
					bad = append(bad, fmt.Sprintf("<%s %s=%q>", name, key, a.Val))
				case key == "style" || key == "srcdoc":
					bad = append(bad, fmt.Sprintf("<%s %s=%q>", name, key, a.Val))
				case urlAttributes[key]:
					if s := scheme(a.Val); s == "javascript" || s == "vbscript" || s == "data" {
						bad = append(bad, fmt.Sprintf("<%s %s=%q>", name, key, a.Val))
					}
				}
			}
			if name == "a" && attr(n, "class") == "mention" && attr(n, "href") != "/u/"+strings.TrimPrefix(textOf(n), "@") {
				bad = append(bad, fmt.Sprintf("forged mention <a class=mention href=%q>%s</a>", attr(n, "href"), textOf(n)))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	for _, n := range nodes {
		visit(n)
	}
	return bad
}

// scheme returns a URL's scheme as a browser would read it: entities
// decoded (once more than the parser did, to be strict), whitespace and
// control characters dropped, lower-cased.
func scheme(u string) string {
	u = strings.ToLower(controlOrSpace.ReplaceAllString(html.UnescapeString(u), ""))
	i := strings.IndexByte(u, ':')
	if i < 0 || strings.ContainsAny(u[:i], "/?#") {
		return ""
	}
	return u[:i]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

var handleRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{1,29}$`)

// checkRendered reports what is wrong with src's rendering: unsafe HTML,
// malformed or repeated mentions, repeated thread references.
func checkRendered(t *testing.T, r *Renderer, src string) {
	t.Helper()
	out := r.Render(src)
	for _, b := range unsafeHTML(out.HTML) {
		t.Errorf("Render(%q).HTML = %q; unsafe: %s", src, out.HTML, b)
	}
	if h := r.HTML(src); h != out.HTML {
		t.Errorf("HTML(%q) = %q; want what Render gives, %q", src, h, out.HTML)
	}
	seen := map[string]bool{}
	for _, h := range out.Mentions {
		if !handleRe.MatchString(h) || seen[h] {
			t.Errorf("Render(%q).Mentions = %q; want unique valid handles", src, out.Mentions)
		}
		seen[h] = true
	}
	ids := map[int64]bool{}
	for _, id := range out.ThreadRefs {
		if ids[id] {
			t.Errorf("Render(%q).ThreadRefs = %v; want unique ids", src, out.ThreadRefs)
		}
		ids[id] = true
	}
}

func TestXSSCorpus(t *testing.T) {
	r := New()
	for i, src := range xssCorpus {
		t.Run(fmt.Sprintf("%03d", i), func(t *testing.T) {
			checkRendered(t, r, src)
		})
	}
}

// TestUnsafeHTML checks the checker: each of these must be caught.
func TestUnsafeHTML(t *testing.T) {
	for _, h := range []string{
		`<script>x</script>`, `<SVG></SVG>`, `<math></math>`, `<p><style>x</style></p>`, `<img src=x OnError=y>`,
		`<a href="JaVa&#x09;Script:x">x</a>`, `<a href=" &#1;vbscript:x">x</a>`, `<img src="data:image/png;base64,AA==">`,
		`<a href="&amp;#106;avascript:x">x</a>`, `<a class="mention" href="/u/eve">@bob</a>`, `<p style="color:red">x</p>`,
	} {
		if len(unsafeHTML(h)) == 0 {
			t.Errorf("unsafeHTML(%q) = nil; want a finding", h)
		}
	}
	for _, h := range []string{
		`<p><a href="https://example.org/javascript:x">x</a></p>`, `<a href="/c/x/t/1">javascript: is text here</a>`,
		`<a class="mention" href="/u/bob">@bob</a>`, `<img src="/img/x.png" alt="data:x">`,
	} {
		if bad := unsafeHTML(h); len(bad) != 0 {
			t.Errorf("unsafeHTML(%q) = %q; want nil", h, bad)
		}
	}
}

// FuzzRender renders arbitrary text: it must never panic, and what comes
// out must be safe. Run it with
//
//	go test -run '^$' -fuzz=FuzzRender -fuzztime=60s ./markdown/
func FuzzRender(f *testing.F) {
	for _, src := range xssCorpus {
		f.Add(src)
	}
	for _, src := range []string{
		"hi @bob and @carol, see /c/garden/t/12", "`@bob` [@bob](/u/x) ![@bob](x.png)",
		"| @a1 | b |\n|---|---|\n| [x](/c/s/t/3) | `/c/s/t/4` |", "* **@bob**\n  > @carol\n\n```\n@dave\n```",
	} {
		f.Add(src)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		checkRendered(t, r, src)
	})
}
