package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindMention is the kind of Mention nodes.
var KindMention = ast.NewNodeKind("Mention")

// Mention is an @handle in prose. Its one child is the text "@handle", so
// that it reads as text wherever goldmark wants plain text (image alt).
type Mention struct {
	ast.BaseInline
	Handle string
}

// Kind implements ast.Node.
func (n *Mention) Kind() ast.NodeKind { return KindMention }

// Dump implements ast.Node.
func (n *Mention) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Handle": n.Handle}, nil)
}

// Handle lengths, as praxis.ValidateHandle has them.
const (
	minHandle = 2
	maxHandle = 30
)

// mentionParser parses @handle. Code spans, autolinks and linkified URLs
// are consumed by their own parsers before an '@' in them is seen, so only
// links and images need the transformer below.
type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'@'} }

func (mentionParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if before := block.PrecendingCharacter(); isWord(before) || before == '/' || before == '.' || before == '@' {
		return nil
	}
	line, seg := block.PeekLine()
	handle, ok := scanHandle(line[1:])
	if !ok {
		return nil
	}
	n := &Mention{Handle: handle}
	n.AppendChild(n, ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+1+len(handle))))
	block.Advance(1 + len(handle))
	return n
}

// scanHandle reads the handle at the start of b: a run of [a-z0-9_-]
// starting with a letter or digit, without trailing '-', 2 to 30 bytes
// long, and not followed by a word character or '@' (@bob@example.org is
// someone elsewhere; @Bob or @bobé is not a handle).
func scanHandle(b []byte) (string, bool) {
	if len(b) == 0 || !isHandleStart(b[0]) {
		return "", false
	}
	end := 1
	for end < len(b) && (isHandleStart(b[end]) || b[end] == '_' || b[end] == '-') {
		end++
	}
	if end < len(b) {
		if r, _ := utf8.DecodeRune(b[end:]); isWord(r) || r == '@' {
			return "", false
		}
	}
	for b[end-1] == '-' {
		end--
	}
	if end < minHandle || end > maxHandle {
		return "", false
	}
	return string(b[:end]), true
}

func isHandleStart(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// isWord reports whether r is part of a word, which @ may not follow.
func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func (mentionParser) CloseBlock(parent ast.Node, pc parser.Context) {}

// unlinkMentions turns mentions inside a link's text or an image's alt text
// back into plain text: a link is not also a mention.
type unlinkMentions struct{}

func (unlinkMentions) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var inLinks []*Mention
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if m, ok := n.(*Mention); ok && entering {
			for p := m.Parent(); p != nil; p = p.Parent() {
				if p.Kind() == ast.KindLink || p.Kind() == ast.KindImage {
					inLinks = append(inLinks, m)
					break
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, m := range inLinks {
		t := m.FirstChild()
		m.RemoveChild(m, t)
		m.Parent().ReplaceChild(m.Parent(), m, t)
	}
}

// mentionHTML renders a mention as a link to the member's profile.
type mentionHTML struct{}

func (mentionHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMention, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			// Handles are [a-z0-9_-]: nothing to escape.
			_, _ = w.WriteString(`<a class="mention" href="/u/` + n.(*Mention).Handle + `">`)
		} else {
			_, _ = w.WriteString("</a>")
		}
		return ast.WalkContinue, nil
	})
}

// mentions is the goldmark extension for @handle.
type mentions struct{}

func (mentions) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(mentionParser{}, 500)),
		parser.WithASTTransformers(util.Prioritized(unlinkMentions{}, 500)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mentionHTML{}, 500)))
}
