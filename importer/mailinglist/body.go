package mailinglist

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"strings"

	"golang.org/x/net/html"
)

// maxMIMEDepth bounds nested multiparts.
const maxMIMEDepth = 8

// body decodes a message body to text: the transfer encoding, the charset,
// and for a MIME message its text part (text/plain preferred, else HTML made
// text); the other parts are listed as attachments.
func (p *parser) body(ctype string, params map[string]string, cte string, body []byte, line int) (string, []Attachment, error) {
	if strings.HasPrefix(ctype, "multipart/") && params["boundary"] != "" {
		var w mimeWalk
		if err := p.walkMultipart(&w, body, params["boundary"], 0); err != nil {
			return "", nil, err
		}
		text := strings.Join(w.plain, "\n\n")
		if text == "" {
			text = strings.Join(w.html, "\n\n")
		}
		return text, w.atts, nil
	}
	data, err := p.decodeTransfer(cte, body, line)
	if err != nil {
		return "", nil, err
	}
	if strings.HasPrefix(ctype, "multipart/") { // without a boundary: read it as text
		ctype = "text/plain"
	}
	switch {
	case ctype == "text/html":
		s, err := p.toUTF8(data, params["charset"], line, false)
		return htmlText(s), nil, err
	case strings.HasPrefix(ctype, "text/") || ctype == "message/rfc822":
		exact := cte == "" || cte == "7bit" || cte == "8bit" || cte == "binary"
		s, err := p.toUTF8(data, params["charset"], line, exact)
		return s, nil, err
	}
	return "", []Attachment{{Name: params["name"], Type: ctype, Size: int64(len(data))}}, nil
}

// mimeWalk collects the parts of a multipart message.
type mimeWalk struct {
	plain, html []string
	atts        []Attachment
}

func (p *parser) walkMultipart(w *mimeWalk, body []byte, boundary string, depth int) error {
	if depth >= maxMIMEDepth {
		return inputError(p.file, p.line, "MIME parts are nested more than %d deep", maxMIMEDepth)
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return inputError(p.file, p.line, "the MIME body of the message starting here is broken (is the file truncated?): %v", err)
		}
		raw, err := io.ReadAll(part)
		if err != nil {
			return inputError(p.file, p.line, "the MIME body of the message starting here is broken (is the file truncated?): %v", err)
		}
		ctype, params := parseContentType(part.Header.Get("Content-Type"))
		if part.Header.Get("Content-Type") == "" {
			ctype = "text/plain"
		}
		disp, dparams, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		name := dparams["filename"]
		if name == "" {
			name = params["name"]
		}
		name = p.decodeWords(name)
		if strings.HasPrefix(ctype, "multipart/") && params["boundary"] != "" {
			if err := p.walkMultipart(w, raw, params["boundary"], depth+1); err != nil {
				return err
			}
			continue
		}
		data, err := p.decodeTransfer(strings.ToLower(strings.TrimSpace(part.Header.Get("Content-Transfer-Encoding"))), raw, p.line)
		if err != nil {
			return err
		}
		inline := disp != "attachment" && name == ""
		switch {
		case inline && ctype == "text/plain":
			s, err := p.toUTF8(data, params["charset"], p.line, false)
			if err != nil {
				return err
			}
			if s = strings.TrimSpace(s); s != "" {
				w.plain = append(w.plain, s)
			}
		case inline && ctype == "text/html":
			s, err := p.toUTF8(data, params["charset"], p.line, false)
			if err != nil {
				return err
			}
			if s = strings.TrimSpace(htmlText(s)); s != "" {
				w.html = append(w.html, s)
			}
		default:
			w.atts = append(w.atts, Attachment{Name: name, Type: ctype, Size: int64(len(data))})
		}
	}
}

// decodeTransfer undoes a Content-Transfer-Encoding. Quoted-printable is
// decoded leniently, as mail readers do; bad base64 is an error.
func (p *parser) decodeTransfer(cte string, b []byte, line int) ([]byte, error) {
	switch cte {
	case "quoted-printable":
		return decodeQP(b), nil
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, b)
		clean = bytes.TrimRight(clean, "=")
		out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
		n, err := base64.RawStdEncoding.Decode(out, clean)
		if err != nil {
			return nil, inputError(p.file, line, "the body is declared base64 but is not: %v", err)
		}
		return out[:n], nil
	}
	return b, nil
}

// decodeQP decodes quoted-printable: "=XX" is a byte, "=" at the end of a
// line joins it to the next, anything else stays as written.
func decodeQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		line := b
		nl := false
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, nl = b[:i], true
			b = b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimRight(line, " \t\r")
		soft := bytes.HasSuffix(line, []byte("="))
		if soft {
			line = line[:len(line)-1]
		}
		for i := 0; i < len(line); i++ {
			if line[i] == '=' && i+2 < len(line) && isHex(line[i+1]) && isHex(line[i+2]) {
				out = append(out, unhex(line[i+1])<<4|unhex(line[i+2]))
				i += 2
				continue
			}
			out = append(out, line[i])
		}
		if nl && !soft {
			out = append(out, '\n')
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// htmlText turns an HTML part into plain text: the text of the elements,
// a line break for each block element, scripts and styles left out.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			lines := strings.Split(b.String(), "\n")
			for i, l := range lines {
				lines[i] = strings.TrimSpace(l)
			}
			return strings.TrimSpace(collapseBlankLines(strings.Join(lines, "\n")))
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := string(z.Text())
			f := strings.Join(strings.Fields(t), " ")
			if t != "" && isSpace(t[0]) {
				b.WriteByte(' ')
			}
			b.WriteString(f)
			if f != "" && isSpace(t[len(t)-1]) {
				b.WriteByte(' ')
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "br":
				b.WriteByte('\n')
			case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table":
				b.WriteString("\n\n")
			}
		}
	}
}

// collapseBlankLines trims the ends of lines and keeps at most one blank
// line in a row.
func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
