package mailinglist

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
)

// undeclared reports whether a charset label says nothing useful: text so
// labelled must be valid UTF-8 (US-ASCII is a subset), or the fallback
// charset decodes it.
func undeclared(label string) bool {
	switch label {
	case "", "utf-8", "utf8", "us-ascii", "ascii", "unknown", "unknown-8bit", "x-unknown", "default", "charset":
		return true
	}
	return false
}

// lookupCharset finds a decoder by the WHATWG names and aliases, which is
// how mail readers treat labels too (ISO-8859-1 is read as Windows-1252, its
// superset).
func lookupCharset(label string) (encoding.Encoding, error) {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch label {
	case "utf8":
		label = "utf-8"
	case "ascii":
		label = "us-ascii"
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("unknown charset %q", label)
	}
	return enc, nil
}

// charsetReader serves mime.WordDecoder for encoded words.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	enc, err := lookupCharset(label)
	if err != nil {
		return nil, err
	}
	return enc.NewDecoder().Reader(r), nil
}

// toUTF8 converts text in the given charset to clean UTF-8. Text whose
// charset is undeclared must be valid UTF-8; otherwise the fallback charset
// decodes it, and without one it is an error naming the line of the first
// bad byte (line is the line where b starts; exact says whether lines of b
// are lines of the file).
func (p *parser) toUTF8(b []byte, charset string, line int, exact bool) (string, error) {
	if undeclared(charset) {
		if utf8.Valid(b) {
			return sanitize(string(b)), nil
		}
		if p.opts.FallbackCharset == "" {
			if exact {
				bad := firstInvalid(b)
				line += bytes.Count(b[:bad], []byte("\n"))
			}
			what := "declares no charset"
			if charset != "" {
				what = fmt.Sprintf("declares charset %q", charset)
			}
			return "", inputError(p.file, line, "the text is not valid UTF-8 and %s; give the archive's charset as the fallback charset (for instance windows-1252)", what)
		}
		charset = p.opts.FallbackCharset
	}
	enc, err := lookupCharset(charset)
	if err != nil {
		if p.opts.FallbackCharset == "" {
			return "", inputError(p.file, line, "the message uses an unknown charset %q", charset)
		}
		if enc, err = lookupCharset(p.opts.FallbackCharset); err != nil {
			return "", err
		}
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", inputError(p.file, line, "the text cannot be decoded as %s: %v", charset, err)
	}
	return sanitize(string(bytes.ToValidUTF8(out, []byte("\uFFFD")))), nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// sanitize drops carriage returns and the control characters that have no
// place in text (PostgreSQL refuses NUL), keeping tabs and newlines, and
// replaces invalid UTF-8 (an encoded word may hold anything).
func sanitize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t' && c != '\n') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if (r < ' ' && r != '\t' && r != '\n') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
