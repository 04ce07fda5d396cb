// Package search holds what both databases' full-text search share: the
// normalized form of indexed text, the query syntax people type (words,
// "exact phrases", -exclusions, OR) compiled safely for SQLite FTS5 and
// PostgreSQL tsquery, the terms of a draft question, and highlighted
// snippets. It has no storage of its own.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxTokenLen is the longest token kept; longer runs of letters are cut
// (nobody searches for them, and they bloat the index).
const MaxTokenLen = 64

// Normalize returns the searchable form of text: its tokens (see Tokens)
// joined by single spaces. Both databases index this form, and queries are
// made of the same tokens, so accents, case and CJK text behave the same
// on SQLite and PostgreSQL.
func Normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	eachToken(text, func(tok string, _, _ int) bool {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok)
		return true
	})
	return b.String()
}

// Tokens splits text into lower-case tokens without accents: runs of
// letters and digits, and each CJK ideograph or kana on its own (those
// scripts do not separate words with spaces, so single characters are the
// unit that stays findable).
func Tokens(text string) []string {
	var out []string
	eachToken(text, func(tok string, _, _ int) bool {
		out = append(out, tok)
		return true
	})
	return out
}

// eachToken calls fn with each normalized token of text and its byte range
// in text, until fn returns false.
func eachToken(text string, fn func(tok string, start, end int) bool) {
	start := -1
	flush := func(end int) bool {
		if start < 0 {
			return true
		}
		tok := fold(text[start:end])
		s := start
		start = -1
		if tok == "" {
			return true
		}
		return fn(tok, s, end)
	}
	for i, r := range text {
		switch {
		case isCJK(r):
			if !flush(i) {
				return
			}
			size := utf8.RuneLen(r)
			if !fn(string(unicode.ToLower(r)), i, i+size) {
				return
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if start < 0 && !unicode.Is(unicode.Mn, r) {
				start = i
			}
		default:
			if !flush(i) {
				return
			}
		}
	}
	flush(len(text))
}

// fold lower-cases a token and removes its accents (é→e, ß→ss, as
// German writes it without the letter).
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		s = strings.ToLower(s)
	} else {
		var b strings.Builder
		for _, r := range norm.NFKD.String(s) {
			if unicode.Is(unicode.Mn, r) {
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				r = unicode.ToLower(r)
				if r == 'ß' || r == 'ẞ' {
					b.WriteString("ss")
					continue
				}
				b.WriteRune(r)
			}
		}
		s = b.String()
	}
	if len(s) > MaxTokenLen {
		cut := MaxTokenLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

// isCJK reports whether r belongs to a script written without spaces
// between words.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// Stem returns the crude stem of a normalized token (see stem): for
// grouping look-alike questions, where "brewing" and "brew" are one word.
func Stem(tok string) string { return stem(tok) }

// stem is a crude English stemmer, used only to decide which words of a
// snippet to highlight: it strips the common inflections so that "hops"
// marks "hop" and "brewing" marks "brew". The databases do the real
// stemming (Porter in FTS5, Snowball in PostgreSQL).
func stem(w string) string {
	for _, suf := range []string{"ing", "edly", "ed", "ies", "es", "s", "ly", "er", "y", "e"} {
		if strings.HasSuffix(w, suf) && utf8.RuneCountInString(w)-len(suf) >= 3 {
			w = strings.TrimSuffix(w, suf)
			if suf == "ies" {
				w += "i"
			}
			break
		}
	}
	// brewing → brew, stopped → stop: undouble a final consonant.
	if n := len(w); n >= 4 && w[n-1] == w[n-2] && strings.IndexByte("aeiou", w[n-1]) < 0 {
		w = w[:n-1]
	}
	return w
}
