package mailinglist

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// header is one header field, unfolded, its value not yet decoded.
type header struct {
	name  string // lower case
	value []byte
	line  int
}

// parser parses one message; it carries what the message's errors need.
type parser struct {
	file    string
	line    int // the message's first line
	opts    Options
	charset string // declared by the top-level Content-Type
	words   *mime.WordDecoder
}

// parseMessage parses the raw bytes of one message, separator line included.
func parseMessage(raw []byte, file string, line int, off int64, opts Options) (*Message, error) {
	p := &parser{file: file, line: line, opts: opts, words: &mime.WordDecoder{CharsetReader: charsetReader}}
	m := &Message{File: file, Line: line, Offset: off, Size: int64(len(raw))}

	sep, rest := raw, []byte(nil)
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		sep, rest = raw[:i], raw[i+1:]
	}
	hs, body, bodyLine, err := p.splitHeaders(rest)
	if err != nil {
		return nil, err
	}
	get := func(name string) *header {
		for i := range hs {
			if hs[i].name == name {
				return &hs[i]
			}
		}
		return nil
	}

	ctype, params := "text/plain", map[string]string{}
	if h := get("content-type"); h != nil {
		ctype, params = parseContentType(string(h.value))
	}
	p.charset = params["charset"]

	text := func(h *header) (string, error) {
		if h == nil {
			return "", nil
		}
		if utf8.Valid(h.value) { // the usual case: ASCII, or encoded words
			return oneLine(sanitize(string(h.value))), nil
		}
		s, err := p.toUTF8(h.value, p.charset, h.line, true)
		if err != nil {
			return "", err
		}
		return oneLine(s), nil
	}

	// Sender, date, subject.
	fromValue, err := text(get("from"))
	if err != nil {
		return nil, err
	}
	if fromValue == "" {
		fromValue, _ = parseSeparator(sanitize(string(sep)))
	}
	m.From = parseAddress(fromValue, p.words)

	dateValue, err := text(get("date"))
	if err != nil {
		return nil, err
	}
	if t, ok := parseDate(dateValue); ok {
		m.Date = t
	} else if _, t := parseSeparator(sanitize(string(sep))); !t.IsZero() {
		m.Date = t
	} else {
		return nil, inputError(file, line, "the message has no date: no readable Date header, no date in the \"From \" line")
	}

	subject, err := text(get("subject"))
	if err != nil {
		return nil, err
	}
	m.Subject = oneLine(p.decodeWords(subject))

	// Identity and threading headers: ASCII by nature, read leniently.
	if h := get("message-id"); h != nil {
		v := sanitize(string(h.value))
		if ids := msgIDs(v); len(ids) > 0 {
			m.ID = ids[0]
		} else if v = strings.Trim(strings.TrimSpace(v), "<>"); v != "" && !strings.ContainsAny(v, " \t\n") {
			m.ID = v
		}
	}
	if h := get("in-reply-to"); h != nil {
		m.InReplyTo = msgIDs(sanitize(string(h.value)))
	}
	if h := get("references"); h != nil {
		m.References = msgIDs(sanitize(string(h.value)))
	}

	// Body.
	cte := ""
	if h := get("content-transfer-encoding"); h != nil {
		cte = strings.ToLower(strings.TrimSpace(string(h.value)))
	}
	bodyText, atts, err := p.body(ctype, params, cte, unescapeFrom(body), bodyLine)
	if err != nil {
		return nil, err
	}
	c := cleanup(bodyText)
	m.Body, m.Quoted, m.Signature, m.Blocks = c.body, c.quoted, c.signature, c.blocks
	m.Attachments = append(c.attachments, atts...)

	if m.ID == "" {
		m.ID, m.SyntheticID = syntheticID(get("from"), get("date"), get("subject"), body), true
	}
	return m, nil
}

// splitHeaders reads the header fields; body is what follows the blank line.
// A file that ends inside the headers is truncated: an error.
func (p *parser) splitHeaders(b []byte) (hs []header, body []byte, bodyLine int, err error) {
	ln := p.line + 1
	for pos := 0; ; ln++ {
		if pos >= len(b) {
			if len(hs) == 0 {
				return nil, nil, 0, inputError(p.file, p.line, "the message starting here has no headers (is the file truncated?)")
			}
			return nil, nil, 0, inputError(p.file, p.line, "the file ends inside the headers of the message starting here (is it truncated?)")
		}
		next := len(b)
		if i := bytes.IndexByte(b[pos:], '\n'); i >= 0 {
			next = pos + i + 1
		}
		l := bytes.TrimRight(b[pos:next], "\r\n")
		switch {
		case len(bytes.TrimSpace(l)) == 0:
			if len(hs) == 0 {
				return nil, nil, 0, inputError(p.file, p.line, "the message starting here has no headers")
			}
			return hs, b[next:], ln + 1, nil
		case l[0] == ' ' || l[0] == '\t':
			if len(hs) == 0 {
				return nil, nil, 0, inputError(p.file, ln, "a continuation line before any header")
			}
			h := &hs[len(hs)-1]
			h.value = append(h.value, l...)
		default:
			name, value, ok := headerField(l)
			if !ok {
				if len(hs) == 0 {
					return nil, nil, 0, inputError(p.file, p.line, "the message starting here has no headers")
				}
				// A line that is no header: the body starts without a blank line.
				return hs, b[pos:], ln, nil
			}
			hs = append(hs, header{name: name, value: append([]byte(nil), value...), line: ln})
		}
		pos = next
	}
}

// headerField splits "Name: value"; the name is printable ASCII without
// spaces or colons.
func headerField(l []byte) (name string, value []byte, ok bool) {
	i := bytes.IndexByte(l, ':')
	if i <= 0 {
		return "", nil, false
	}
	for _, c := range l[:i] {
		if c <= ' ' || c > '~' {
			return "", nil, false
		}
	}
	return strings.ToLower(string(l[:i])), bytes.TrimSpace(l[i+1:]), true
}

// parseContentType reads a Content-Type value leniently: a malformed one
// still gives its charset.
func parseContentType(v string) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(v)
	if err != nil {
		params = map[string]string{}
		if m := charsetParam.FindStringSubmatch(v); m != nil {
			params["charset"] = m[1]
		}
		if mt == "" {
			mt = strings.ToLower(strings.TrimSpace(strings.SplitN(v, ";", 2)[0]))
		}
	}
	if mt == "" || !strings.Contains(mt, "/") {
		mt = "text/plain"
	}
	params["charset"] = strings.ToLower(strings.Trim(strings.TrimSpace(params["charset"]), `"'`))
	return mt, params
}

var charsetParam = regexp.MustCompile(`(?i)charset\s*=\s*"?([^";\s]+)`)

// msgIDs returns the message ids of a header ("<id>" tokens) in order,
// without angle brackets, each once.
func msgIDs(v string) []string {
	var ids []string
	for {
		start := strings.IndexByte(v, '<')
		if start < 0 {
			return ids
		}
		v = v[start+1:]
		end := strings.IndexAny(v, "<> \t\n")
		if end < 0 {
			return ids
		}
		if v[end] != '>' || end == 0 {
			v = v[end:]
			continue
		}
		id := v[:end]
		v = v[end+1:]
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
}

// syntheticID names a message that has no Message-ID by what it says, so
// that the same message gets the same id in every pass and every import.
func syntheticID(from, date, subject *header, body []byte) string {
	h := sha256.New()
	for _, f := range []*header{from, date, subject} {
		if f != nil {
			h.Write(f.value)
		}
		h.Write([]byte{0})
	}
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil)[:16]) + "@mailinglist.invalid"
}

// unescapeFrom undoes mbox quoting of body lines: ">From " becomes
// "From " (and ">>From " becomes ">From ", as mboxrd writes it).
func unescapeFrom(body []byte) []byte {
	if !bytes.Contains(body, []byte(">From ")) {
		return body
	}
	var out []byte
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line = body[:i+1]
		}
		body = body[len(line):]
		if t := bytes.TrimLeft(line, ">"); len(t) < len(line) && bytes.HasPrefix(t, []byte("From ")) {
			line = line[1:]
		}
		out = append(out, line...)
	}
	return out
}

// decodeWords decodes RFC 2047 encoded words; text it cannot decode stays.
func (p *parser) decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	d, err := p.words.DecodeHeader(s)
	if err != nil {
		return s
	}
	return sanitize(d)
}

// oneLine collapses runs of white space (folded headers) into one space.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// The asctime date of a "From " line: "Fri Jan  1 09:56:10 2010".
var separatorDate = regexp.MustCompile(`(Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d\d(:\d\d)?( +[-+]\d{4}| +[A-Z]{3})? +\d{4}`)

// parseSeparator returns the sender and the date of a "From " line.
func parseSeparator(line string) (sender string, date time.Time) {
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimRight(line, "\r"), "From "))
	loc := separatorDate.FindStringIndex(rest)
	if loc == nil {
		if i := strings.IndexAny(rest, " \t"); i > 0 {
			return rest[:i], time.Time{}
		}
		return rest, time.Time{}
	}
	sender = strings.TrimSpace(rest[:loc[0]])
	if t, ok := parseDate(rest[loc[0]:loc[1]]); ok {
		date = t
	}
	return sender, date
}

var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006 15:04",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon Jan _2 15:04:05 2006",
	"Mon Jan _2 15:04 2006",
	"Mon Jan _2 15:04:05 -0700 2006",
	"Mon Jan _2 15:04:05 MST 2006",
	"Mon, Jan 2, 2006 at 3:04 PM",
	"Monday, 2 January, 2006, 3:04 PM",
	"Monday, January 2, 2006 3:04 PM",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	time.RFC3339,
	"2006-01-02",
}

// parseDate reads the usual RFC 5322 dates and the variants that mailers
// wrote anyway (a trailing zone comment, no zone — read as UTC —, asctime).
func parseDate(s string) (time.Time, bool) {
	s = oneLine(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(dateLayouts[0], s); err == nil { // the usual form, fast
		return t.UTC(), true
	}
	if t, err := mail.ParseDate(s); err == nil {
		return t.UTC(), true
	}
	if i := strings.IndexByte(s, '('); i > 0 {
		s = strings.TrimSpace(s[:i])
		if t, err := mail.ParseDate(s); err == nil {
			return t.UTC(), true
		}
	}
	s = strings.Replace(s, ".,", ",", 1) // "Thu., 1 Jan ..."
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

var (
	pipermailFrom = regexp.MustCompile(`^(\S+) at (\S+?)\s*(?:\((.*)\))?$`)
	obfuscatedAt  = regexp.MustCompile(`([^\s<>()"]) at ([^\s<>()"])`)
	emailish      = regexp.MustCompile(`[^\s<>()"',;:]+@[^\s<>()"',;:]+`)
)

// parseAddress reads a From header: pipermail's "user at host (Real Name)",
// the standard forms, and obfuscated standard forms ("Name <user at host>").
func parseAddress(v string, words *mime.WordDecoder) Address {
	v = strings.TrimSpace(v)
	if v == "" {
		return Address{}
	}
	if m := pipermailFrom.FindStringSubmatch(v); m != nil && !strings.ContainsAny(m[1], "<>\"") {
		a := Address{Addr: strings.ToLower(m[1] + "@" + m[2]), Name: decodeName(m[3], words)}
		return a.tidy()
	}
	ap := mail.AddressParser{WordDecoder: words}
	if a, err := ap.Parse(v); err == nil {
		return Address{Addr: strings.ToLower(a.Address), Name: cleanName(a.Name)}.tidy()
	}
	deob := obfuscatedAt.ReplaceAllString(v, "$1@$2")
	if a, err := ap.Parse(deob); err == nil {
		return Address{Addr: strings.ToLower(a.Address), Name: cleanName(a.Name)}.tidy()
	}
	if loc := emailish.FindStringIndex(deob); loc != nil {
		name := deob[:loc[0]] + deob[loc[1]:]
		return Address{Addr: strings.ToLower(deob[loc[0]:loc[1]]), Name: decodeName(name, words)}.tidy()
	}
	return Address{Name: decodeName(v, words)}.tidy()
}

func decodeName(s string, words *mime.WordDecoder) string {
	if strings.Contains(s, "=?") {
		if d, err := words.DecodeHeader(s); err == nil {
			s = d
		}
	}
	return cleanName(s)
}

func cleanName(s string) string {
	s = oneLine(sanitize(s))
	s = strings.Trim(s, ` "'<>()`)
	return strings.ReplaceAll(s, `\"`, `"`)
}

// tidy drops a name that only repeats the address.
func (a Address) tidy() Address {
	if strings.EqualFold(a.Name, a.Addr) || strings.EqualFold(strings.ReplaceAll(a.Name, " at ", "@"), a.Addr) {
		a.Name = ""
	}
	return a
}
