package importer

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToMarkdown converts the HTML of an imported post (Stack Exchange
// bodies, profiles) into the markdown members write, so that imported
// posts are stored, edited and rendered like everyone's. It knows p, br,
// a, em/i, strong/b, code, pre, blockquote, ul/ol/li, h1–h6, img, hr and
// del/s/strike; any other element becomes its text. Text is escaped so
// that it never turns into markdown syntax it was not.
func HTMLToMarkdown(src string) string {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return escapeText(src)
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return strings.Join(blocks(root), "\n\n")
}

// HTMLToText returns the text of an HTML fragment with whitespace
// collapsed, for short plain descriptions.
func HTMLToText(src string) string {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return strings.Join(strings.Fields(src), " ")
	}
	var b strings.Builder
	for _, n := range nodes {
		rawText(&b, n)
		b.WriteByte(' ')
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func isBlock(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Blockquote, atom.Ul, atom.Ol, atom.Li, atom.Pre, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Hr, atom.Table, atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr, atom.Dl, atom.Dt, atom.Dd, atom.Section, atom.Article,
		atom.Aside, atom.Header, atom.Footer, atom.Figure, atom.Figcaption, atom.Details, atom.Summary, atom.Address, atom.Center:
		return true
	}
	return false
}

// blocks renders the children of n as markdown blocks.
func blocks(n *html.Node) []string {
	var out []string
	var in inline
	flush := func() {
		if p := in.paragraph(); p != "" {
			out = append(out, p)
		}
		in = inline{}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !isBlock(c) {
			in.node(c)
			continue
		}
		flush()
		out = append(out, block(c)...)
	}
	flush()
	return out
}

// block renders one block element.
func block(n *html.Node) []string {
	switch n.DataAtom {
	case atom.Hr:
		return []string{"---"}
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		var in inline
		in.children(n)
		text := strings.Join(strings.Fields(strings.ReplaceAll(in.b.String(), "\\\n", " ")), " ")
		if text == "" {
			return nil
		}
		level := int(n.Data[1] - '0')
		return []string{strings.Repeat("#", level) + " " + text}
	case atom.Pre:
		return []string{fenced(n)}
	case atom.Blockquote:
		inner := blocks(n)
		if len(inner) == 0 {
			return nil
		}
		lines := strings.Split(strings.Join(inner, "\n\n"), "\n")
		for i, l := range lines {
			if l == "" {
				lines[i] = ">"
			} else {
				lines[i] = "> " + l
			}
		}
		return []string{strings.Join(lines, "\n")}
	case atom.Ul, atom.Ol:
		return []string{list(n)}
	case atom.Tr:
		// A table row becomes a paragraph of its cells' text.
		var cells []string
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			var in inline
			if c.Type == html.ElementNode {
				in.children(c)
			} else {
				in.node(c)
			}
			if p := in.paragraph(); p != "" {
				cells = append(cells, strings.ReplaceAll(p, "\\\n", " "))
			}
		}
		if len(cells) == 0 {
			return nil
		}
		return []string{strings.Join(cells, " · ")}
	}
	return blocks(n)
}

// list renders ul and ol; items' continuation lines are indented by the
// width of their marker.
func list(n *html.Node) string {
	ordered := n.DataAtom == atom.Ol
	num := 1
	if ordered {
		for _, a := range n.Attr {
			if a.Key == "start" {
				if v, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil && v >= 0 && v < 1e8 {
					num = v
				}
			}
		}
	}
	var items []string
	loose := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		var inner []string
		if c.Type == html.ElementNode && c.DataAtom == atom.Li {
			inner = blocks(c)
		} else if isBlock(c) {
			inner = block(c)
		} else {
			var in inline
			in.node(c)
			if p := in.paragraph(); p != "" {
				inner = []string{p}
			}
		}
		if len(inner) == 0 {
			if c.Type == html.ElementNode && c.DataAtom == atom.Li {
				inner = []string{""}
			} else {
				continue
			}
		}
		// A nested list follows its item's text directly; other blocks make
		// the list loose (separated by blank lines), as does a <p>.
		text := inner[0]
		paragraphs := 1
		for _, b := range inner[1:] {
			if isListBlock(b) {
				text += "\n" + b
			} else {
				text += "\n\n" + b
				paragraphs++
			}
		}
		if paragraphs > 1 || hasChild(c, atom.P) {
			loose = true
		}
		marker := "- "
		if ordered {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		pad := strings.Repeat(" ", len(marker))
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			switch {
			case i == 0:
				lines[i] = strings.TrimRight(marker+l, " ")
			case l != "":
				lines[i] = pad + l
			}
		}
		items = append(items, strings.Join(lines, "\n"))
	}
	sep := "\n"
	if loose {
		sep = "\n\n"
	}
	return strings.Join(items, sep)
}

var listItemStart = regexp.MustCompile(`^(- |-$|1\. )`)

// isListBlock reports whether a rendered block is a list that may follow a
// paragraph directly: paragraphs never start like one (escapeLineStart).
func isListBlock(b string) bool { return listItemStart.MatchString(b) }

// hasChild reports whether n has a child element a.
func hasChild(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return true
		}
	}
	return false
}

// fenced renders pre as a fenced code block whose fence is longer than
// any run of backticks inside.
func fenced(n *html.Node) string {
	var b strings.Builder
	rawText(&b, n)
	code := strings.TrimRight(b.String(), "\n ")
	code = strings.TrimLeft(code, "\n")
	fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	lang := ""
	for c := n; c != nil; c = c.FirstChild {
		for _, a := range c.Attr {
			if a.Key == "class" {
				for _, f := range strings.Fields(a.Val) {
					if l, ok := strings.CutPrefix(f, "lang-"); ok {
						lang = l
					} else if l, ok := strings.CutPrefix(f, "language-"); ok {
						lang = l
					}
				}
			}
		}
		if c.FirstChild == nil || c.FirstChild != c.LastChild {
			break
		}
	}
	if !langRe.MatchString(lang) {
		lang = ""
	}
	return fence + lang + "\n" + code + "\n" + fence
}

var langRe = regexp.MustCompile(`^[A-Za-z0-9_+-]{0,30}$`)

func rawText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if n.DataAtom == atom.Br {
			b.WriteByte('\n')
			return
		}
		if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		rawText(b, c)
	}
}

func longestRun(s string, ch byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == ch {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

// inline collects the inline markdown of one paragraph.
type inline struct {
	b    strings.Builder
	link bool // inside a link's text: no autolinks
}

func (in *inline) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		in.node(c)
	}
}

// paragraph returns the collected text as a paragraph: lines (made by hard
// breaks) trimmed, block syntax at line starts escaped, no trailing break.
func (in *inline) paragraph() string {
	lines := strings.Split(in.b.String(), "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimSpace(l)
		for strings.Contains(l, "  ") { // inline code is collapsed too, so no space here matters
			l = strings.ReplaceAll(l, "  ", " ")
		}
		if l == "\\" || l == "" {
			continue
		}
		out = append(out, escapeLineStart(l))
	}
	for len(out) > 0 && strings.HasSuffix(out[len(out)-1], "\\") && !strings.HasSuffix(out[len(out)-1], "\\\\") {
		last := strings.TrimSpace(strings.TrimSuffix(out[len(out)-1], "\\"))
		if last == "" {
			out = out[:len(out)-1]
		} else {
			out[len(out)-1] = last
			break
		}
	}
	return strings.Join(out, "\n")
}

// collapseSpace turns each run of HTML whitespace into one space.
func collapseSpace(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if isHTMLSpace(s[i]) && (s[i] != ' ' || (i+1 < len(s) && isHTMLSpace(s[i+1]))) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isHTMLSpace(c) {
			b, space = append(b, c), false
		} else if !space {
			b, space = append(b, ' '), true
		}
	}
	return string(b)
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func (in *inline) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if in.link {
			in.b.WriteString(escapePlain(collapseSpace(n.Data)))
		} else {
			in.b.WriteString(escapeText(collapseSpace(n.Data)))
		}
		return
	case html.ElementNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Br:
		in.b.WriteString("\\\n")
	case atom.Script, atom.Style:
	case atom.Em, atom.I:
		in.wrap(n, "*")
	case atom.Strong, atom.B:
		in.wrap(n, "**")
	case atom.Del, atom.S, atom.Strike:
		in.wrap(n, "~~")
	case atom.Code, atom.Kbd, atom.Tt, atom.Samp:
		var b strings.Builder
		rawText(&b, n)
		code := strings.Join(strings.Fields(b.String()), " ")
		if code == "" {
			return
		}
		fence := strings.Repeat("`", longestRun(code, '`')+1)
		if strings.HasPrefix(code, "`") || strings.HasSuffix(code, "`") {
			code = " " + code + " "
		}
		in.b.WriteString(fence + code + fence)
	case atom.A:
		href := safeURL(attr(n, "href"))
		text := inline{link: true}
		text.children(n)
		raw := strings.ReplaceAll(text.b.String(), "\\\n", " ")
		label := strings.TrimSpace(raw)
		if label != "" && strings.HasPrefix(raw, " ") {
			in.b.WriteString(" ")
		}
		switch {
		case href == "":
			in.b.WriteString(label)
		case label == "":
			in.b.WriteString("<" + href + ">")
		default:
			in.b.WriteString("[" + label + "](" + href + title(n) + ")")
		}
		if label != "" && strings.HasSuffix(raw, " ") {
			in.b.WriteString(" ")
		}
	case atom.Img:
		src := safeURL(attr(n, "src"))
		if src == "" {
			return
		}
		alt := escapeText(strings.Join(strings.Fields(attr(n, "alt")), " "))
		in.b.WriteString("![" + alt + "](" + src + title(n) + ")")
	default:
		if isBlock(n) { // a block inside an inline context (a list item's text)
			in.b.WriteString(" ")
			in.b.WriteString(strings.Join(block(n), " "))
			in.b.WriteString(" ")
			return
		}
		in.children(n)
	}
}

// wrap writes n's content between markers, keeping the spaces at its edges
// outside them (CommonMark emphasis may not start or end with a space).
func (in *inline) wrap(n *html.Node, marker string) {
	inner := inline{link: in.link}
	inner.children(n)
	s := inner.b.String()
	t := strings.TrimSpace(s)
	if t == "" {
		in.b.WriteString(s)
		return
	}
	if strings.HasPrefix(s, " ") {
		in.b.WriteString(" ")
	}
	if strings.Contains(t, "\n") { // hard breaks cannot be inside emphasis markers reliably
		in.b.WriteString(t)
	} else {
		in.b.WriteString(marker + t + marker)
	}
	if strings.HasSuffix(s, " ") {
		in.b.WriteString(" ")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

var titleEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func title(n *html.Node) string {
	t := strings.Join(strings.Fields(attr(n, "title")), " ")
	if t == "" {
		return ""
	}
	return ` "` + titleEscaper.Replace(t) + `"`
}

// safeURL returns a link destination for markdown: http(s), mailto,
// site-relative or fragment links only, with the characters that would
// end the destination encoded.
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	lower := strings.ToLower(u)
	if i := strings.IndexAny(lower, ":/?#"); i >= 0 && lower[i] == ':' {
		if !strings.HasPrefix(lower, "http:") && !strings.HasPrefix(lower, "https:") && !strings.HasPrefix(lower, "mailto:") {
			return ""
		}
	}
	if strings.HasPrefix(u, "//") {
		u = "https:" + u
	}
	return urlEscaper.Replace(u)
}

var urlEscaper = strings.NewReplacer(" ", "%20", "<", "%3C", ">", "%3E", "(", "%28", ")", "%29", "\n", "", "\r", "", "\t", "%09")

var entityLike = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

var bareURL = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>]+`)

// escapeText escapes the characters that markdown would read as syntax
// anywhere in a line. Bare URLs are left as they are, for autolinking.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>|~&") {
		return s
	}
	if !strings.Contains(s, "://") && !strings.Contains(s, "www.") && !strings.Contains(s, "WWW.") {
		return escapePlain(s)
	}
	var b strings.Builder
	last := 0
	for _, m := range bareURL.FindAllStringIndex(s, -1) {
		b.WriteString(escapePlain(s[last:m[0]]))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(escapePlain(s[last:]))
	return b.String()
}

func escapePlain(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>|~&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '&':
			if loc := entityLike.FindStringIndex(s[i:min(len(s), i+40)]); loc != nil && loc[0] == 0 {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

var orderedStart = regexp.MustCompile(`^[0-9]{1,9}[.)]`)

// escapeLineStart escapes what would start a block at the start of a line:
// headings, lists, thematic breaks and setext underlines, quotes.
func escapeLineStart(l string) string {
	if l == "" {
		return l
	}
	switch l[0] {
	case '#', '-', '+', '=', '>':
		return "\\" + l
	}
	if m := orderedStart.FindString(l); m != "" {
		return m[:len(m)-1] + "\\" + l[len(m)-1:]
	}
	return l
}
