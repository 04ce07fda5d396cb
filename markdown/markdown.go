// Package markdown turns members' text into safe HTML: CommonMark with
// GitHub tables, task lists, strikethrough and autolinks, then sanitized so
// that no script, event handler or javascript: URL survives.
package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

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
	p.AllowAttrs("type", "checked", "disabled").OnElements("input")
	return &Renderer{
		md:     goldmark.New(goldmark.WithExtensions(extension.GFM)),
		policy: p,
	}
}

// HTML renders src. Raw HTML in src is escaped by goldmark and the result is
// sanitized again, so a bug in one layer is caught by the other.
func (r *Renderer) HTML(src string) string {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return r.policy.Sanitize("<p>" + src + "</p>")
	}
	return r.policy.Sanitize(buf.String())
}

var (
	mentionRe   = regexp.MustCompile(`(?:^|[^\w@/.])@([a-z0-9][a-z0-9_-]{1,29})\b`)
	threadRefRe = regexp.MustCompile(`/c/[a-z0-9-]+/t/(\d+)`)
	fenceRe     = regexp.MustCompile("(?s)```.*?```|~~~.*?~~~|`[^`\n]*`")
	tagRe       = regexp.MustCompile(`<[^>]*>`)
	spaceRe     = regexp.MustCompile(`\s+`)
)

// Render renders src and lists the handles it mentions and the threads it
// links to. Mentions inside code are not mentions.
func (r *Renderer) Render(src string) praxis.Rendered {
	out := praxis.Rendered{HTML: r.HTML(src)}
	prose := fenceRe.ReplaceAllString(src, " ")
	seen := map[string]bool{}
	for _, m := range mentionRe.FindAllStringSubmatch(prose, -1) {
		if h := m[1]; !seen[h] {
			seen[h] = true
			out.Mentions = append(out.Mentions, h)
		}
	}
	ids := map[int64]bool{}
	for _, m := range threadRefRe.FindAllStringSubmatch(src, -1) {
		if id, err := strconv.ParseInt(m[1], 10, 64); err == nil && !ids[id] {
			ids[id] = true
			out.ThreadRefs = append(out.ThreadRefs, id)
		}
	}
	out.Text = strings.TrimSpace(spaceRe.ReplaceAllString(html.UnescapeString(tagRe.ReplaceAllString(out.HTML, " ")), " "))
	return out
}
