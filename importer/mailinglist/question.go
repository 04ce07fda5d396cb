package mailinglist

import (
	"strings"
)

// Phrases that ask; checked lower-cased against the subject and the new text.
var askingPhrases = []string{
	"how do i", "how can i", "how could i", "how should i", "how would i", "how to ",
	"is there a way", "is there any", "is it possible",
	"does anyone", "does anybody", "anyone know", "anybody know", "has anyone", "has anybody",
	"can anyone", "can anybody", "could anyone", "could anybody", "can someone", "could someone",
	"any idea", "any suggestion", "any help", "any advice", "any pointer", "any hint", "any recommendation",
	"i was wondering", "i am wondering", "i'm wondering", "i wonder",
	"what is the best", "what's the best", "please help", "help needed", "need help",
	"i am trying to", "i'm trying to", "i am having trouble", "i'm having trouble",
	"i get an error", "i got an error", "i am getting", "i'm getting",
	"what am i doing wrong", "what is wrong", "what's wrong",
}

// Words that mark a subject as a request for help.
var troublePhrases = []string{
	"problem", "error", "issue", "question", "help", "how to", "trouble", "fail", "doesn't", "does not",
	"cannot", "can't", "wrong", "unable", "not working", "bug",
}

// Words that mark a thread's first message as news rather than a question,
// checked in the subject.
var announcingPhrases = []string{
	"[ann", "announce", "released", "new version", "new release", "call for papers",
	"call for participation", "job opening", "job offer", "vacancy", "workshop", "conference", "webinar",
}

// IsQuestion guesses whether the first message of a thread asks something
// (import it as a question) or not (import it as a discussion): its subject
// ends with "?" or speaks of trouble ("problem", "error", "how to"), or its
// new text asks ("how do I", "is there a way", "does anyone", ...) or has a
// sentence ending with "?"; announcements (release, call for papers, job)
// are not questions unless the subject ends with "?".
func IsQuestion(m *Message) bool {
	subject := NormalizeSubject(m.Subject)
	if strings.HasSuffix(subject, "?") {
		return true
	}
	ls := strings.ToLower(m.Subject)
	for _, p := range announcingPhrases {
		if strings.Contains(ls, p) {
			return false
		}
	}
	ls = strings.ToLower(subject)
	for _, p := range troublePhrases {
		if strings.Contains(ls, p) {
			return true
		}
	}
	text := strings.ToLower(subject + "\n" + m.Body)
	for _, p := range askingPhrases {
		if strings.Contains(text, p) {
			return true
		}
	}
	for line := range strings.Lines(m.Body) {
		line = strings.TrimSpace(line)
		if strings.HasSuffix(line, "?") && strings.Count(line, " ") >= 2 && !strings.HasPrefix(line, ">") {
			return true
		}
	}
	return false
}
