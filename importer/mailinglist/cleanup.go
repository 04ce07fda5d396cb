package mailinglist

import (
	"regexp"
	"strconv"
	"strings"
)

// cleaned is a message's text taken apart.
type cleaned struct {
	body, quoted, signature string
	blocks                  []Block
	attachments             []Attachment
}

// maxSignatureLines bounds a signature: a longer tail after "-- " is text.
const maxSignatureLines = 15

// cleanup separates a message's new text from its quoted text and drops
// what the list and the archive added: the list footer, pipermail's notes of
// scrubbed attachments (kept as Attachments), "[[alternative HTML version
// deleted]]", and the signature (kept apart).
//
// A run of lines starting with ">" is quoted text, together with the
// attribution line before it ("On ... wrote:"); but R users paste console
// sessions whose prompt is also ">", so a run that reads like R code, with no
// attribution and no nested quoting, stays new text. Everything from an
// Outlook "-----Original Message-----" line on is quoted text.
func cleanup(text string) cleaned {
	var c cleaned
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return c
	}
	lines := c.dropNoise(strings.Split(text, "\n"))
	quoted := classifyQuotes(lines)
	keep := make([]bool, len(lines))
	for i := range keep {
		keep[i] = true
	}
	if s, e := signatureSpan(lines, quoted); s >= 0 {
		c.signature = strings.TrimSpace(collapseBlankLines(strings.Join(lines[s+1:e+1], "\n")))
		for i := s; i <= e; i++ {
			keep[i] = false
		}
	}

	var cur []string
	curQuote := false
	flush := func() {
		t := strings.Trim(collapseBlankLines(strings.Join(cur, "\n")), "\n")
		cur = cur[:0]
		if strings.TrimSpace(t) == "" {
			return
		}
		if n := len(c.blocks); n > 0 && c.blocks[n-1].Quote == curQuote {
			c.blocks[n-1].Text += "\n\n" + t
			return
		}
		c.blocks = append(c.blocks, Block{Quote: curQuote, Text: t})
	}
	for i, l := range lines {
		if !keep[i] {
			continue
		}
		if quoted[i] != curQuote && strings.TrimSpace(l) != "" {
			flush()
			curQuote = quoted[i]
		}
		cur = append(cur, l)
	}
	flush()

	var body, quote []string
	for _, b := range c.blocks {
		if b.Quote {
			quote = append(quote, b.Text)
		} else {
			body = append(body, b.Text)
		}
	}
	c.body = strings.Join(body, "\n\n")
	c.quoted = strings.Join(quote, "\n\n")
	return c
}

var (
	noiseLine       = regexp.MustCompile(`^[\s>|?]*(\[\[[^\]]*(deleted|elided|removed)[^\]]*\]\]|\.\.\.\{\{dropped(:\d+)?\}\})[\s?]*$`)
	underscoreRule  = regexp.MustCompile(`^_{20,}\s*$`)
	separatorRule   = regexp.MustCompile(`^\s*[_-]{5,}\s*$`)
	originalMessage = regexp.MustCompile(`(?i)^\s*-{2,}\s*(original message|urspr.{1,2}ngliche nachricht|message d'origine|mensaje original)\s*-{2,}\s*$`)
	yahooQuoteHead  = regexp.MustCompile(`^-{2,3} On .*wrote:\s*$`)
	attribution     = regexp.MustCompile(`(?i)(\b(wrote|writes|schrieb|escribi\S*|scrisse|skrev|kirjoitti|said|a \S{0,2}crit)\s*:$|^(quoting|zitat von) .*:$)`)
	attributionHead = regexp.MustCompile(`(?i)^(on|le|am|el|il|den|op) `)
	rCode           = regexp.MustCompile(`<-|^\s*[A-Za-z.][\w.]*(\$[\w.]+|\[[^\]]*\])*\s*\(.*\)\s*;?\s*$|^\s*[A-Za-z.][\w.]*(\$[\w.]+|\[[^\]]*\])*\s*=\s*\S`)
	rOutput         = regexp.MustCompile(`^\s*(\[\d+\]|Error|Warning|\+ )`)
)

// dropNoise removes footers and notes, recording scrubbed attachments.
func (c *cleaned) dropNoise(lines []string) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		switch {
		case t == "-------------- next part --------------" && i+1 < len(lines) && isScrubNote(strings.TrimSpace(lines[i+1])):
			continue
		case isScrubNote(t):
			a, n := scrubbedAttachment(t, lines[i+1:])
			c.attachments = append(c.attachments, a)
			i += n
			continue
		case (strings.Contains(l, "[[") || strings.Contains(l, "{{")) && noiseLine.MatchString(l):
			continue
		case strings.Contains(l, "____") && underscoreRule.MatchString(unquote(l)) && (i+1 < len(lines) && isListFooter(lines[i+1]) || i+2 < len(lines) && isListFooter(lines[i+2])):
			j := i + 1
			for j < len(lines) && strings.TrimSpace(unquote(lines[j])) != "" {
				j++
			}
			i = j - 1
			continue
		}
		out = append(out, l)
	}
	return out
}

// unquote strips the quoting of a line.
func unquote(l string) string {
	return strings.TrimLeft(l, ">| \t")
}

func isListFooter(l string) bool {
	l = strings.ToLower(l)
	return strings.Contains(l, "mailing list") || strings.Contains(l, "listinfo")
}

func isScrubNote(t string) bool {
	return strings.HasSuffix(t, " was scrubbed...") && (strings.HasPrefix(t, "A ") || strings.HasPrefix(t, "An "))
}

// scrubbedAttachment reads a pipermail note ("An HTML attachment was
// scrubbed...", then Name:, Type:, Size:, Desc:, URL: lines) and returns
// the attachment and the number of lines it used after the first.
func scrubbedAttachment(note string, rest []string) (Attachment, int) {
	var a Attachment
	switch {
	case strings.HasPrefix(note, "An HTML attachment"):
		a.Type = "text/html"
	case strings.HasPrefix(note, "An embedded and charset-unspecified text"):
		a.Type = "text/plain"
	case strings.HasPrefix(note, "An embedded message"):
		a.Type = "message/rfc822"
	}
	n := 0
	for _, l := range rest {
		key, value, ok := strings.Cut(l, ": ")
		if !ok {
			break
		}
		value = strings.TrimSpace(value)
		switch key {
		case "Name":
			if value != "not available" {
				a.Name = value
			}
		case "Type":
			a.Type = value
		case "Size":
			if f := strings.Fields(value); len(f) > 0 {
				a.Size, _ = strconv.ParseInt(f[0], 10, 64)
			}
		case "Desc":
		case "URL":
			a.URL = strings.Trim(value, "<>")
		default:
			return a, n
		}
		n++
	}
	return a, n
}

// isQuoteLine reports whether a line is quoted: it starts with ">", or with
// "|" as some mailers quote ("| text", "|> text").
func isQuoteLine(l string) bool {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 2 || t == "" {
		return false
	}
	return t[0] == '>' || t[0] == '|' && (len(t) == 1 || t[1] == ' ' || t[1] == '>' || t[1] == '\t')
}

// classifyQuotes marks the lines that are quoted text.
func classifyQuotes(lines []string) []bool {
	n := len(lines)
	quoted := make([]bool, n)
	for i := 0; i < n; {
		if !isQuoteLine(lines[i]) {
			i++
			continue
		}
		// A run: quote lines, and blank lines between them.
		j := i
		for k := i; k < n; k++ {
			if isQuoteLine(lines[k]) {
				j = k
			} else if strings.TrimSpace(lines[k]) != "" {
				break
			}
		}
		start := attributionStart(lines, i)
		next := ""
		if j+1 < n {
			next = lines[j+1]
		}
		if start < i || nestedQuote(lines[i:j+1]) || !rSession(lines[i:j+1], next) {
			for k := start; k <= j; k++ {
				quoted[k] = true
			}
		}
		i = j + 1
	}
	// Outlook and Yahoo put the original below, unquoted.
	for i, l := range lines {
		if quoted[i] {
			continue
		}
		rule := strings.Contains(l, "--") && (originalMessage.MatchString(l) || yahooQuoteHead.MatchString(l))
		if rule || forwardedHeaders(lines[i:]) {
			start := i
			if k := i - 1; k >= 0 && strings.TrimSpace(lines[k]) == "" {
				k--
				if k >= 0 && separatorRule.MatchString(lines[k]) {
					start = k
				}
			} else if k >= 0 && separatorRule.MatchString(lines[k]) {
				start = k
			}
			for k := start; k < n; k++ {
				quoted[k] = true
			}
			break
		}
	}
	return quoted
}

// forwardedHeaders reports whether lines start with the header block that
// Outlook writes above the original: "From:", then "Sent:" or "Date:", and
// "To:" or "Subject:".
func forwardedHeaders(lines []string) bool {
	if len(lines) == 0 || !strings.HasPrefix(strings.TrimLeft(lines[0], "* "), "From:") {
		return false
	}
	sent, to := false, false
	for _, l := range lines[1:min(len(lines), 6)] {
		l = strings.TrimLeft(l, "* ")
		sent = sent || strings.HasPrefix(l, "Sent:") || strings.HasPrefix(l, "Date:")
		to = to || strings.HasPrefix(l, "To:") || strings.HasPrefix(l, "Subject:")
	}
	return sent && to
}

// attributionStart returns the first line of the attribution before the
// quote run starting at i ("On Fri, Jan 1, 2010, Ann <a@b> wrote:", perhaps
// wrapped over two lines), or i when there is none.
func attributionStart(lines []string, i int) int {
	k := i - 1
	if k >= 0 && strings.TrimSpace(lines[k]) == "" {
		k--
	}
	if k < 0 {
		return i
	}
	l := strings.TrimSpace(lines[k])
	if !strings.HasSuffix(l, ":") || len(l) > 300 || !attribution.MatchString(l) {
		return i
	}
	if !attributionHead.MatchString(l) && k > 0 {
		prev := strings.TrimSpace(lines[k-1])
		if attributionHead.MatchString(prev) && !strings.HasSuffix(prev, ":") && !isQuoteLine(lines[k-1]) {
			return k - 1
		}
	}
	return k
}

func nestedQuote(run []string) bool {
	for _, l := range run {
		if !isQuoteLine(l) {
			continue
		}
		rest := strings.TrimLeft(strings.TrimLeft(l, " ")[1:], " \t")
		if rest != "" && (rest[0] == '>' || rest[0] == '|') {
			return true
		}
	}
	return false
}

// rSession reports whether a run of ">" lines reads like a pasted R session
// rather than quoted mail: most lines are R code, or R's output follows.
func rSession(run []string, next string) bool {
	code, lines := 0, 0
	for _, l := range run {
		if !isQuoteLine(l) {
			continue
		}
		t := strings.TrimLeft(l, " ")[1:]
		if strings.TrimSpace(t) == "" {
			continue
		}
		lines++
		if isRCode(t) {
			code++
		}
	}
	if lines == 0 {
		return false
	}
	if 2*code >= lines {
		return true
	}
	return code > 0 && !isQuoteLine(next) && rOutput.MatchString(next)
}

// isRCode reports whether a line reads like R code: an assignment, or a
// call filling the line.
func isRCode(l string) bool {
	if strings.Contains(l, "<-") {
		return true
	}
	return strings.ContainsAny(l, "(=") && rCode.MatchString(l)
}

// signatureSpan finds the signature: a "-- " line in the last stretch of new
// text, followed by at most maxSignatureLines lines. It returns the indexes
// of the delimiter and of the signature's last line, or -1, -1.
func signatureSpan(lines []string, quoted []bool) (int, int) {
	end := -1
	for i := len(lines) - 1; i >= 0; i-- {
		if !quoted[i] && strings.TrimSpace(lines[i]) != "" {
			end = i
			break
		}
	}
	for i := end; i >= 0 && end-i <= maxSignatureLines; i-- {
		if quoted[i] {
			break
		}
		if strings.TrimRight(lines[i], " \t") == "--" {
			if i == end {
				return -1, -1
			}
			return i, end
		}
	}
	return -1, -1
}
