package praxis

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on attachments.
const (
	MaxAttachmentBytes    = 10 << 20 // 10 MiB per file
	MaxAttachmentsPerPost = 5
	MaxAttachmentNameLen  = 120 // characters
)

// ErrBlobTooLarge is wrapped by the error a BlobStore's Put returns when
// the content is larger than the store's limit.
var ErrBlobTooLarge = errors.New("blob too large")

// BlobStore keeps the bytes of attachments under opaque keys. Files on
// disk (package blobstore) implement it today; object storage can later.
type BlobStore interface {
	// Put stores r under key and returns its size and SHA-256 in hex. It
	// writes all or nothing: after any error, including content beyond the
	// store's limit (ErrBlobTooLarge), nothing is left under key.
	Put(ctx context.Context, key string, r io.Reader) (size int64, sha256hex string, err error)
	// Open returns the content under key; a missing key is an error that
	// wraps fs.ErrNotExist.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
	// Delete removes the content under key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// Attachment is a file (an image, a PDF, a document) uploaded to a
// community and shown in a post, which links to it in its markdown.
type Attachment struct {
	ID            int64     `json:"id"`
	CommunitySlug string    `json:"community"`
	PostID        int64     `json:"post_id,omitempty"` // 0 until a post links to it
	UploaderID    int64     `json:"-"`
	Name          string    `json:"name"`
	ContentType   string    `json:"content_type"` // sniffed from the content, never taken from the client
	Size          int64     `json:"size"`
	SHA256        string    `json:"sha256"`
	StorageKey    string    `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
}

// URL returns the address the file is served at: /attachments/{id}/{name}.
// Only the id counts; the name makes links readable and downloads named.
func (a *Attachment) URL() string {
	return "/attachments/" + strconv.FormatInt(a.ID, 10) + "/" + escapePathSegment(a.Name)
}

// IsImage reports whether the file is shown as an image in posts.
func (a *Attachment) IsImage() bool { return strings.HasPrefix(a.ContentType, "image/") }

// Inline reports whether browsers may show the file rather than download
// it: images and PDF. Everything else is served as a download.
func (a *Attachment) Inline() bool { return a.IsImage() || a.ContentType == "application/pdf" }

// Markdown returns the markdown that shows the file in a post: an image,
// or a link for other files.
func (a *Attachment) Markdown() string {
	md := "[" + markdownEscaper.Replace(a.Name) + "](" + a.URL() + ")"
	if a.IsImage() {
		return "!" + md
	}
	return md
}

// attachmentRefRe finds links to attachments in a post's markdown.
var attachmentRefRe = regexp.MustCompile(`(?:^|[^\w/.])/attachments/(\d+)/`)

// AttachmentRefs returns the ids of the attachments that markdown links
// to, in order and without repeats.
func AttachmentRefs(markdown string) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, m := range attachmentRefRe.FindAllStringSubmatch(markdown, -1) {
		if id, err := strconv.ParseInt(m[1], 10, 64); err == nil && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// Attachment errors, safe to show.
var (
	ErrAttachmentTooLarge = &Error{Code: EINVALID, Message: "This file is too large: at most 10 MB per file."}
	ErrAttachmentKind     = &Error{Code: EINVALID, Message: "This kind of file is not accepted. Attach images (PNG, JPEG, GIF, WebP), PDF, plain text or office documents."}
	ErrAttachmentEmpty    = &Error{Code: EINVALID, Message: "This file is empty."}
)

// SniffContentType decides from the first 512 bytes of a file what it is
// and whether it is accepted, whatever its name or the type the client
// claimed. Accepted: PNG, JPEG, GIF and WebP images; PDF; plain text that
// is not markup or a script; ZIP archives, which include office documents
// (served as downloads). Anything else, HTML and SVG among them, is
// ErrAttachmentKind.
//
// It uses net/http's DetectContentType, which implements the WHATWG MIME
// sniffing standard that browsers follow; nothing else of HTTP is used here.
func SniffContentType(head []byte) (string, error) {
	if len(head) == 0 {
		return "", ErrAttachmentEmpty
	}
	if len(head) > 512 {
		head = head[:512]
	}
	ct := http.DetectContentType(head)
	mediaType, _, _ := strings.Cut(ct, ";")
	switch mediaType {
	case "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "application/zip":
		return mediaType, nil
	case "text/plain":
		if looksLikeMarkupOrScript(head) {
			return "", ErrAttachmentKind
		}
		return ct, nil
	}
	return "", ErrAttachmentKind
}

// looksLikeMarkupOrScript catches what DetectContentType calls plain text
// but a browser or a shell would run: SVG and other XML or HTML it does
// not recognize (anything that starts with "<"), and scripts ("#!").
func looksLikeMarkupOrScript(head []byte) bool {
	for _, bom := range []string{"\xef\xbb\xbf", "\xfe\xff", "\xff\xfe"} {
		if s, ok := strings.CutPrefix(string(head), bom); ok {
			head = []byte(s)
			break
		}
	}
	// UTF-16 text: look at its ASCII characters alone.
	s := strings.ReplaceAll(string(head), "\x00", "")
	s = strings.TrimLeft(s, " \t\r\n\f")
	return strings.HasPrefix(s, "<") || strings.HasPrefix(s, "#!")
}

// CleanAttachmentName makes a client's file name safe to store and show:
// the base name only (no folders), printable characters only, at most
// MaxAttachmentNameLen characters keeping the extension, "file" if
// nothing is left.
func CleanAttachmentName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > MaxAttachmentNameLen {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 16 {
			ext = ""
		}
		base := []rune(strings.TrimSuffix(name, ext))
		name = strings.TrimSpace(string(base[:MaxAttachmentNameLen-utf8.RuneCountInString(ext)])) + ext
	}
	if name == "" {
		return "file"
	}
	return name
}

// markdownEscaper escapes the characters that mean something in markdown
// link text, so a file name shows as it is.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`!`, `\!`, `#`, `\#`, `|`, `\|`, `~`, `\~`, `&`, `\&`, `(`, `\(`, `)`, `\)`,
)

// escapePathSegment percent-encodes all but the unreserved characters of
// a name, so that it is one path segment and a markdown link destination
// cannot end inside it (url.PathEscape leaves parentheses).
func escapePathSegment(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// AttachmentService stores and serves the files attached to posts. A
// file is uploaded first and a post then links to it in its markdown
// (/attachments/{id}/...); writing the post links the uploader's own
// unclaimed files to it. Who may see a file follows its community and
// its post: a file of a private community does not exist for outsiders.
type AttachmentService interface {
	// Upload stores a file for a post in the community. Only members who
	// may take part in the community upload. Errors: EUNAUTHORIZED,
	// ENOTFOUND, EFORBIDDEN, EINVALID (empty, larger than
	// MaxAttachmentBytes, or a kind of file not accepted).
	Upload(ctx context.Context, actor *User, slug, name string, r io.Reader) (*Attachment, error)
	// Attachment returns a file's description. A file is visible to those
	// who may read its post; a file no post links to yet, to its uploader
	// and the community's coordinators. Errors: ENOTFOUND.
	Attachment(ctx context.Context, actor *User, id int64) (*Attachment, error)
	// OpenAttachment returns a file's description and content, which the
	// caller closes; visible as for Attachment. Errors: ENOTFOUND.
	OpenAttachment(ctx context.Context, actor *User, id int64) (*Attachment, io.ReadSeekCloser, error)
}
