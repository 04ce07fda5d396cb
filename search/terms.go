package search

import (
	"sort"
	"unicode/utf8"
)

// stopwords are English words too common to say what a question is about.
var stopwords = map[string]bool{}

func init() {
	for _, w := range []string{
		"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
		"be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
		"does", "doing", "don", "down", "during", "each", "else", "etc", "even", "ever", "every", "few", "for", "from", "further", "get",
		"gets", "getting", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
		"how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "know", "like", "ll", "make", "many", "may", "me",
		"might", "more", "most", "much", "must", "my", "myself", "need", "no", "nor", "not", "now", "of", "off", "on", "once", "one",
		"only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "please", "question", "re", "really", "same",
		"see", "she", "should", "so", "some", "such", "than", "thank", "thanks", "that", "the", "their", "theirs", "them",
		"themselves", "then", "there", "these", "they", "thing", "things", "this", "those", "through", "to", "too", "under", "until", "up", "us",
		"use", "used", "using", "ve", "very", "want", "was", "way", "we", "well", "were", "what", "when", "where", "which", "while", "who",
		"whom", "why", "will", "with", "would", "yes", "you", "your", "yours", "yourself", "yourselves", "anyone", "someone",
		"something", "anything", "good", "best", "better", "there", "s", "t", "d", "m",
	} {
		stopwords[w] = true
	}
}

// Stopword reports whether a normalized token is too common to search by.
func Stopword(tok string) bool { return stopwords[tok] }

// Significant reports whether a token can say what a text is about: not a
// stopword, and not a single Latin letter or digit (single CJK characters
// are words of their own).
func Significant(tok string) bool {
	if stopwords[tok] {
		return false
	}
	r, size := utf8.DecodeRuneInString(tok)
	if size == len(tok) && !isCJK(r) {
		return false
	}
	return true
}

// DraftTerms picks the words of a draft question to look for: every
// significant word of the title, then the body's most frequent significant
// words, up to max, without repeats. Title words come first because a
// title states the problem; the body adds the specifics.
func DraftTerms(title, body string, max int) []string {
	seen := map[string]bool{}
	var out []string
	for _, tok := range Tokens(title) {
		if len(out) >= max {
			return out
		}
		if Significant(tok) && !seen[tok] {
			seen[tok] = true
			out = append(out, tok)
		}
	}
	count := map[string]int{}
	first := map[string]int{}
	for i, tok := range Tokens(body) {
		if Significant(tok) && !seen[tok] {
			if _, ok := first[tok]; !ok {
				first[tok] = i
			}
			count[tok]++
		}
	}
	words := make([]string, 0, len(count))
	for w := range count {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if count[words[i]] != count[words[j]] {
			return count[words[i]] > count[words[j]]
		}
		return first[words[i]] < first[words[j]]
	})
	for _, w := range words {
		if len(out) >= max {
			break
		}
		out = append(out, w)
	}
	return out
}
