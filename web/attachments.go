package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"praxis"
)

// Upload limits. A post's form carries up to praxis.MaxAttachmentsPerPost
// files of praxis.MaxAttachmentBytes each, plus its text; the API takes
// one file per request. Every other route keeps maxBodyBytes.
const (
	maxPostFormBytes   = praxis.MaxAttachmentsPerPost*praxis.MaxAttachmentBytes + maxBodyBytes
	maxUploadBodyBytes = praxis.MaxAttachmentBytes + maxBodyBytes
	// maxFormMemory is how much of a multipart form is held in memory;
	// files beyond it spill to temporary files, removed after the request.
	maxFormMemory = 1 << 20
)

// bodyLimit is the most a request may send: maxBodyBytes, except for
// signed-in users' multipart requests to the routes that accept files.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if r.Method != http.MethodPost || actor(r) == nil || !isMultipart(r) {
		return maxBodyBytes
	}
	switch _, pattern := s.mux.Handler(r); pattern {
	case "POST /c/{slug}/ask", "POST /c/{slug}/t/{id}/reply", "POST /c/{slug}/kb/new", "POST /c/{slug}/kb/{id}/edit":
		return maxPostFormBytes
	case "POST /api/v1/communities/{slug}/attachments":
		return maxUploadBodyBytes
	}
	return maxBodyBytes
}

func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}

// parseForm reads a form's fields, url-encoded or multipart (whose files
// stay on disk until the request ends). http.Request.ParseForm alone
// ignores multipart bodies.
func parseForm(r *http.Request) error {
	if !isMultipart(r) {
		if err := r.ParseForm(); err != nil {
			return praxis.Errorf(praxis.EINVALID, "The form could not be read: it may be too large.")
		}
		return nil
	}
	if err := r.ParseMultipartForm(maxFormMemory); err != nil {
		return praxis.Errorf(praxis.EINVALID, "The form could not be read: it may be too large. Attach at most 5 files to a post, of at most 10 MB each.")
	}
	return nil
}

// removeFormFiles deletes the temporary files of a multipart form.
func removeFormFiles(r *http.Request) {
	if r.MultipartForm != nil {
		r.MultipartForm.RemoveAll()
	}
}

// attachFormFiles stores the files of a post form's "files" field in the
// community and returns the markdown that shows them, to append to the
// post. threadID, when not 0, names the thread replied to, whose
// community the files go to. Nothing is stored when a file is refused
// before storing (too many, too large); files stored before a later one
// is refused, or before the post is refused, stay unclaimed (post_id
// NULL), visible to their uploader alone. The form re-shown after an
// error carries their markdown in its text, so that sending it again
// keeps them.
func (s *Server) attachFormFiles(r *http.Request, slug string, threadID int64) (string, error) {
	if err := parseForm(r); err != nil {
		return "", err
	}
	if r.MultipartForm == nil {
		return "", nil
	}
	var files []*multipart.FileHeader
	for _, fh := range r.MultipartForm.File["files"] {
		if fh.Filename != "" || fh.Size > 0 { // browsers send an empty part when no file is chosen
			files = append(files, fh)
		}
	}
	if len(files) == 0 {
		return "", nil
	}
	if len(files) > praxis.MaxAttachmentsPerPost {
		return "", filesError("Attach at most 5 files to one post.")
	}
	for _, fh := range files {
		if fh.Size > praxis.MaxAttachmentBytes {
			return "", filesError(praxis.CleanAttachmentName(fh.Filename) + ": " + praxis.ErrAttachmentTooLarge.Message)
		}
	}
	ctx, u := r.Context(), actor(r)
	if threadID != 0 {
		t, err := s.store.Thread(ctx, u, threadID)
		if err != nil {
			return "", err
		}
		slug = t.CommunitySlug
	}
	var md []string
	for _, fh := range files {
		a, err := s.uploadFormFile(r, slug, fh)
		if praxis.ErrorCode(err) == praxis.EINVALID {
			return "", filesError(praxis.CleanAttachmentName(fh.Filename) + ": " + praxis.ErrorMessage(err))
		} else if err != nil {
			return "", err
		}
		md = append(md, a.Markdown())
	}
	return strings.Join(md, "\n\n"), nil
}

func (s *Server) uploadFormFile(r *http.Request, slug string, fh *multipart.FileHeader) (*praxis.Attachment, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return s.store.Upload(r.Context(), actor(r), slug, fh.Filename, f)
}

func filesError(msg string) error {
	return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"files": msg}}
}

// withAttachments appends the attachments' markdown to a post's text.
func withAttachments(body, md string) string {
	if md == "" {
		return body
	}
	if strings.TrimSpace(body) == "" {
		return md
	}
	return strings.TrimRight(body, " \t\r\n") + "\n\n" + md
}

// attachmentFile serves a file's bytes to those who may see it. The
// content type is the one sniffed at upload; the browser must not guess
// another (nosniff), must not run anything in it (a sandbox with no
// sources), and only images and PDF show inline. Caches are private: the
// file may belong to a private community.
func (s *Server) attachmentFile(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, f, err := s.store.OpenAttachment(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	disposition := "attachment"
	if a.Inline() {
		disposition = "inline"
	}
	if v := mime.FormatMediaType(disposition, map[string]string{"filename": a.Name}); v != "" {
		disposition = v
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", disposition)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("ETag", `"`+a.SHA256+`"`)
	http.ServeContent(w, r, "", a.CreatedAt, f)
}

// attachmentJSON is an attachment in the API.
type attachmentJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
	Markdown    string `json:"markdown"`
}

func toAttachmentJSON(a *praxis.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, URL: a.URL(), Markdown: a.Markdown()}
}

// apiUploadAttachment stores the multipart field "file", streamed to the
// store without a temporary copy.
func (s *Server) apiUploadAttachment(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noFile := praxis.Errorf(praxis.EINVALID, "Send the file as multipart/form-data, in the field named file.")
	mr, err := r.MultipartReader()
	if err != nil {
		s.fail(w, r, noFile)
		return
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			s.fail(w, r, noFile)
			return
		} else if err != nil {
			var mbe *http.MaxBytesError
			if !errors.As(err, &mbe) {
				err = noFile
			}
			s.fail(w, r, err)
			return
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		a, err := s.store.Upload(r.Context(), u, r.PathValue("slug"), part.FileName(), part)
		part.Close()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/attachments/"+strconv.FormatInt(a.ID, 10))
		s.api(w, r, http.StatusCreated, toAttachmentJSON(a), nil)
		return
	}
}

func (s *Server) apiAttachment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.store.Attachment(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.api(w, r, http.StatusOK, toAttachmentJSON(a), nil)
}
