// Package markdown turns members' text into safe HTML: CommonMark with
// GitHub tables, task lists, strikethrough and autolinks, @handle mentions
// linked to profiles, then sanitized so that no script, event handler or
// javascript: URL survives.
package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"praxis"
)

// Renderer converts markdown to sanitized HTML. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer with the house's extensions and sanitizing policy.
func New() *Renderer {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[\w+-]+$`)).OnElements("code")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^mention$`)).OnElements("a")
	p.AllowAttrs("type", "checked", "disabled").OnElements("input")
	return &Renderer{
		md:     goldmark.New(goldmark.WithExtensions(extension.GFM, mentions{})),
		policy: p,
	}
}

// HTML renders src. Raw HTML in src is escaped by goldmark and the result is
// sanitized again, so a bug in one layer is caught by the other.
func (r *Renderer) HTML(src string) string {
	source := []byte(src)
	return r.render(source, r.md.Parser().Parse(text.NewReader(source)))
}

func (r *Renderer) render(source []byte, doc ast.Node) string {
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, source, doc); err != nil {
		return r.policy.Sanitize("<p>" + html.EscapeString(string(source)) + "</p>")
	}
	return r.policy.Sanitize(buf.String())
}

var (
	threadRefRe = regexp.MustCompile(`/c/[a-z0-9-]+/t/(\d+)`)
	tagRe       = regexp.MustCompile(`<[^>]*>`)
	blockEndRe  = regexp.MustCompile(`(?i)</(p|li|td|th|h[1-6]|pre|blockquote|tr)>|<br\s*/?>`)
	spaceRe     = regexp.MustCompile(`\s+`)
)

// Render renders src and lists the handles it mentions and the threads it
// links to, both read from the parsed document so that code (spans, fenced
// and indented blocks) and raw HTML, which is not rendered, count for
// neither.
func (r *Renderer) Render(src string) praxis.Rendered {
	source := []byte(src)
	doc := r.md.Parser().Parse(text.NewReader(source))
	out := praxis.Rendered{}
	seen := map[string]bool{}
	ids := map[int64]bool{}
	refs := func(s []byte) {
		for _, m := range threadRefRe.FindAllSubmatch(s, -1) {
			if id, err := strconv.ParseInt(string(m[1]), 10, 64); err == nil && !ids[id] {
				ids[id] = true
				out.ThreadRefs = append(out.ThreadRefs, id)
			}
		}
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *Mention:
			if !seen[n.Handle] {
				seen[n.Handle] = true
				out.Mentions = append(out.Mentions, n.Handle)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			refs(n.Destination)
		case *ast.AutoLink:
			refs(n.URL(source))
		case *ast.Text:
			refs(n.Segment.Value(source))
		case *ast.String:
			refs(n.Value)
		}
		return ast.WalkContinue, nil
	})
	out.HTML = r.render(source, doc)
	plain := tagRe.ReplaceAllString(blockEndRe.ReplaceAllString(out.HTML, " "), "")
	out.Text = strings.TrimSpace(spaceRe.ReplaceAllString(html.UnescapeString(plain), " "))
	return out
}
