// Package mailinglist reads mailing-list archives — mbox files and the text
// archives of pipermail (Mailman 2), gzipped or not — and rebuilds their
// threads, so that a community's history can be imported.
//
// It streams: one message is in memory at a time, and the thread structure
// keeps only a few small facts per message (ids, subject, date). An import
// makes two passes over the files. Scan parses and checks every message and
// builds the Index (threads, senders, duplicates); bad input is found there,
// before anything is written. Index.Each then parses the messages again and
// hands them over whole, every parent before its children, each knowing its
// parent and its thread.
package mailinglist

import (
	"fmt"
	"time"

	"praxis"
)

// Message is one message of an archive, decoded to UTF-8 and cleaned up.
type Message struct {
	File   string // the path as given to Scan or NewReader
	Line   int    // line of the "From " separator that starts the message, from 1
	Offset int64  // byte offset of that line in the (decompressed) file
	Size   int64  // bytes of the message, separator included

	// ID is the Message-ID without angle brackets. A message without one
	// gets a stable synthetic ID derived from its sender, date, subject and
	// body (SyntheticID is then true), so that a second import finds it again.
	ID          string
	SyntheticID bool
	InReplyTo   []string // message ids, without angle brackets
	References  []string // oldest first, without angle brackets

	From    Address
	Date    time.Time // UTC; from the Date header, else from the "From " line
	Subject string    // decoded, as written (list tag and "Re:" kept); see NormalizeSubject

	// Body is the new text of the message: quoted text, the list footer,
	// the signature and pipermail's notes of scrubbed attachments removed.
	Body string
	// Quoted is the quoted text with the attribution lines that introduce
	// it ("On ... wrote:"), "> " markers kept: an importer shows it collapsed.
	Quoted string
	// Signature is the text after the "-- " line that ends the new text.
	Signature string
	// Blocks are Body and Quoted in their original order, for inline replies.
	Blocks []Block
	// Attachments lists the attachments the archive left out: pipermail's
	// "was scrubbed" notes, and the non-text parts of MIME messages.
	Attachments []Attachment

	// Parent is the ID of the message this one replies to, "" for the first
	// message of a thread; Root is the ID of that first message (the
	// message's own ID for a root); ParentBy says how the parent was found.
	// Only Index.Each sets them.
	Parent   string
	Root     string
	ParentBy Link
}

// Address is a sender: a lower-cased e-mail address (pipermail's
// "user at host" undone) and the real name when the header gives one.
type Address struct {
	Addr string
	Name string
}

// Block is a stretch of a message's text: new text, or quoted text.
type Block struct {
	Quote bool
	Text  string
}

// Attachment is an attachment the archive did not keep.
type Attachment struct {
	Name string // file name, "" when the archive says "not available"
	Type string // media type, when known
	Size int64  // bytes, 0 when unknown
	URL  string // where pipermail keeps it, when it says
}

// Link says how a message's parent was found.
type Link int

const (
	// LinkNone: the message starts a thread.
	LinkNone Link = iota
	// LinkInReplyTo: the parent is named by In-Reply-To.
	LinkInReplyTo
	// LinkReferences: the parent is the nearest message of References that
	// the archive holds.
	LinkReferences
	// LinkSharedReference: the message replies to a message the archive
	// lacks; an earlier message refers to that same missing message, and the
	// parent is the first message of that one's thread.
	LinkSharedReference
	// LinkSubject: no header names a parent the archive holds; the parent
	// is the first message of the latest thread with the same normalized
	// subject (see SubjectWindow). When that thread began with a reply dated
	// before the message, that reply is the one linked, to the message.
	LinkSubject
)

func (l Link) String() string {
	switch l {
	case LinkNone:
		return "none"
	case LinkInReplyTo:
		return "in-reply-to"
	case LinkReferences:
		return "references"
	case LinkSharedReference:
		return "shared-reference"
	case LinkSubject:
		return "subject"
	}
	return fmt.Sprintf("Link(%d)", int(l))
}

// Options tune reading and threading. The zero value is ready to use.
type Options struct {
	// FallbackCharset decodes text that is not valid UTF-8 and declares no
	// charset (or declares UTF-8 or US-ASCII, wrongly), for instance
	// "windows-1252" for an old Western European list. When empty, such a
	// message is an error that names the file and the line.
	FallbackCharset string
	// SubjectWindow is how long after the last message of a thread a reply
	// whose parent is missing may still join it by subject; a message not
	// marked as a reply at all (no In-Reply-To, References or "Re:") may
	// join within a tenth of it. 0 means 30 days; a negative window turns
	// the subject fallback off.
	SubjectWindow time.Duration
	// MaxMessageBytes bounds one message, so that memory stays flat even on
	// a file that is not an archive. 0 means 64 MiB.
	MaxMessageBytes int64
	// Progress, when set, is called by Scan after each message with the
	// bytes read so far and the total size of the files on disk.
	Progress func(done, total int64)
}

const (
	defaultSubjectWindow   = 30 * 24 * time.Hour
	defaultMaxMessageBytes = 64 << 20
)

func (o Options) subjectWindow() time.Duration {
	if o.SubjectWindow == 0 {
		return defaultSubjectWindow
	}
	return o.SubjectWindow
}

func (o Options) maxMessageBytes() int64 {
	if o.MaxMessageBytes <= 0 {
		return defaultMaxMessageBytes
	}
	return o.MaxMessageBytes
}

// check validates the options themselves.
func (o Options) check() error {
	if o.FallbackCharset != "" {
		if _, err := lookupCharset(o.FallbackCharset); err != nil {
			return &praxis.Error{
				Code:    praxis.EINVALID,
				Message: fmt.Sprintf("Unknown charset %q.", o.FallbackCharset),
				Fields:  map[string]string{"charset": "Unknown charset."},
			}
		}
	}
	return nil
}

// inputError is bad input at a place in a file: an EINVALID error whose
// message starts with "file:line:", as compilers do.
func inputError(file string, line int, format string, args ...any) error {
	return praxis.Errorf(praxis.EINVALID, "%s:%d: %s", file, line, fmt.Sprintf(format, args...))
}
