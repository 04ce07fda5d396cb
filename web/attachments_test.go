package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"praxis"
)

// formFile is a file a browser attaches to a form.
type formFile struct {
	field, name string
	content     []byte
}

// multipartBody encodes values and files as multipart/form-data.
func multipartBody(t *testing.T, values url.Values, files []formFile) (contentType string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range values {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

// submitFiles is submit for a form with files: it opens page, checks that
// the form posting to action is sent as multipart/form-data and has a
// file input for each field, fills it in and sends it as a browser would.
func (v *visitor) submitFiles(t *testing.T, page, action string, values url.Values, files []formFile) *response {
	t.Helper()
	r := v.get(t, page)
	r.wantStatus(t, http.StatusOK)
	var form *html.Node
	for _, f := range findAll(r.doc(t), isTag("form")) {
		if a, _ := attr(f, "action"); a == action {
			form = f
			break
		}
	}
	if form == nil {
		t.Fatalf("%s: no form posts to %s", r, action)
	}
	if enc, _ := attr(form, "enctype"); enc != "multipart/form-data" {
		t.Fatalf("%s: form %s has enctype %q; want multipart/form-data", r, action, enc)
	}
	for _, f := range files {
		found := false
		for _, in := range findAll(form, isTag("input")) {
			typ, _ := attr(in, "type")
			name, _ := attr(in, "name")
			found = found || (typ == "file" && name == f.field)
		}
		if !found {
			t.Fatalf("%s: form %s has no file input named %q", r, action, f.field)
		}
	}
	fields := formValues(form)
	for k, vs := range values {
		fields[k] = vs
	}
	ct, body := multipartBody(t, fields, files)
	return v.send(t, http.MethodPost, action, ct, body, nil)
}

// testImage returns a small PNG image.
func testImage(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	img.Set(2, 3, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// attachmentImages returns the src of the images of posts that show attachments.
func attachmentImages(t *testing.T, r *response) []string {
	t.Helper()
	var out []string
	for _, body := range byClass(r.doc(t), "post-body") {
		for _, img := range findAll(body, isTag("img")) {
			if src, _ := attr(img, "src"); strings.HasPrefix(src, "/attachments/") {
				out = append(out, src)
			}
		}
	}
	return out
}

// TestAttachmentAskWithImage: a member asks with an image through the
// form; the thread shows it; it is served to members only, safely.
func TestAttachmentAskWithImage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora, mia, olga := s.signUp(t, "cora"), s.signUp(t, "mia"), s.signUp(t, "olga")
		c := s.createCommunity(t, cora, "Night Nurses", "How we hand over at night.", praxis.VisibilityPrivate, praxis.JoinInvitation)
		s.join(t, cora, mia, c.Slug)
		member := s.signedIn(t, "member", mia)
		img := testImage(t)

		r := member.submitFiles(t, "/c/"+c.Slug+"/ask", "/c/"+c.Slug+"/ask",
			url.Values{"kind": {"question"}, "title": {"Which handover board layout works?"}, "body": {"Ours looks like this:"}},
			[]formFile{{"files", "board (v2).png", img}})
		r.wantStatus(t, http.StatusSeeOther)
		page := member.get(t, r.header.Get("Location"))
		page.wantStatus(t, http.StatusOK)
		srcs := attachmentImages(t, page)
		if len(srcs) != 1 || !strings.HasSuffix(srcs[0], "/board%20%28v2%29.png") {
			t.Fatalf("%s: attachment images = %v; want one, /attachments/{id}/board%%20%%28v2%%29.png", page, srcs)
		}
		src := srcs[0]

		got := member.get(t, src)
		got.wantStatus(t, http.StatusOK)
		for _, h := range []struct{ name, want string }{
			{"Content-Type", "image/png"},
			{"X-Content-Type-Options", "nosniff"},
			{"Content-Disposition", `inline; filename="board (v2).png"`},
			{"Cache-Control", "private, max-age=3600"},
			{"Content-Security-Policy", "default-src 'none'; sandbox"},
		} {
			if v := got.header.Get(h.name); v != h.want {
				t.Errorf("%s as member: %s = %q; want %q", got, h.name, v, h.want)
			}
		}
		if !bytes.Equal(got.body, img) {
			t.Errorf("%s: body is %d bytes; want the %d uploaded", got, len(got.body), len(img))
		}
		etag := got.header.Get("ETag")
		if len(etag) != 66 {
			t.Errorf("%s: ETag = %q; want the quoted SHA-256", got, etag)
		}
		if r := member.send(t, http.MethodGet, src, "", nil, http.Header{"If-None-Match": {etag}}); r.status != http.StatusNotModified {
			t.Errorf("%s with If-None-Match: status = %d; want 304", r, r.status)
		}
		if r := member.send(t, http.MethodGet, src, "", nil, http.Header{"Range": {"bytes=1-3"}}); r.status != http.StatusPartialContent || string(r.body) != "PNG" {
			t.Errorf("%s with Range bytes=1-3: status %d, body %q; want 206, \"PNG\"", r, r.status, r.body)
		}

		// Private means private: the file does not exist for outsiders.
		id := strings.Split(src, "/")[2]
		for _, v := range []*visitor{s.anonymous("anonymous"), s.signedIn(t, "outsider", olga)} {
			if r := v.get(t, src); r.status != http.StatusNotFound || bytes.Contains(r.body, img[:16]) {
				t.Errorf("%s as %s: status = %d; want 404 without the content", r, v.name, r.status)
			}
			wantAPIError(t, v.get(t, "/api/v1/attachments/"+id), http.StatusNotFound, "not_found")
		}
		var a struct {
			ID          int64  `json:"id"`
			Name        string `json:"name"`
			ContentType string `json:"content_type"`
			Size        int64  `json:"size"`
			URL         string `json:"url"`
			Markdown    string `json:"markdown"`
		}
		meta := member.get(t, "/api/v1/attachments/"+id)
		meta.wantStatus(t, http.StatusOK)
		meta.decode(t, &a)
		if strconv.FormatInt(a.ID, 10) != id || a.Name != "board (v2).png" || a.ContentType != "image/png" || a.Size != int64(len(img)) ||
			a.URL != src || a.Markdown != "![board \\(v2\\).png]("+src+")" {
			t.Errorf("%s: got %+v; want the image's description", meta, a)
		}
	})
}

// TestAttachmentRefusedKeepsTheForm: a refused file re-shows the form
// with the message and what the member typed.
func TestAttachmentRefusedKeepsTheForm(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		c := s.createCommunity(t, cora, "Night Nurses", "How we hand over at night.", praxis.VisibilityPublic, praxis.JoinOpen)
		browser := s.signedIn(t, "coordinator", cora)
		big := append(testImage(t), make([]byte, 11_000_000)...)
		tests := []struct {
			name    string
			files   []formFile
			wantMsg string
		}{
			{"an 11 MB image", []formFile{{"files", "scan.png", big}}, "at most 10 MB"},
			{"HTML named .png", []formFile{{"files", "cat.png", []byte("<html><script>alert(document.cookie)</script>")}}, "not accepted"},
			{"SVG", []formFile{{"files", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)}}, "not accepted"},
			{"six files", func() []formFile {
				var fs []formFile
				for i := range 6 {
					fs = append(fs, formFile{"files", "p" + strconv.Itoa(i) + ".png", testImage(t)})
				}
				return fs
			}(), "at most 5 files"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				title, body := "Which handover board layout works?", "Ours is <b>too</b> busy & cramped."
				r := browser.submitFiles(t, "/c/"+c.Slug+"/ask", "/c/"+c.Slug+"/ask",
					url.Values{"kind": {"question"}, "title": {title}, "body": {body}}, tt.files)
				r.wantStatus(t, http.StatusBadRequest)
				doc := r.doc(t)
				if got := inputValue(t, doc, "title"); got != title {
					t.Errorf("%s: title = %q; want %q", r, got, title)
				}
				if got := inputValue(t, doc, "body"); got != body {
					t.Errorf("%s: body = %q; want %q", r, got, body)
				}
				msg := byID(doc, "attach-files-error")
				if msg == nil || !strings.Contains(text(msg), tt.wantMsg) {
					t.Errorf("%s: message beside the files = %v; want it to say %q", r, msg, tt.wantMsg)
				}
			})
		}
		threads := browser.get(t, "/api/v1/communities/"+c.Slug+"/threads")
		var list struct{ Total int }
		threads.decode(t, &list)
		if list.Total != 0 {
			t.Errorf("threads after refused posts: got %d, want 0", list.Total)
		}
	})
}

// TestAttachmentReplyAndValidation: a reply carries a PDF and a text file;
// a reply refused for its text keeps the stored file in the re-shown text.
func TestAttachmentReplyAndValidation(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora, mia := s.signUp(t, "cora"), s.signUp(t, "mia")
		c := s.createCommunity(t, cora, "Night Nurses", "How we hand over at night.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, cora, mia, c.Slug)
		th, err := s.db.CreateThread(t.Context(), cora, c.Slug, praxis.ThreadInput{Kind: new(praxis.KindDiscussion),
			Title: new("Handover checklists we use"), Body: new("Share yours.")})
		if err != nil {
			t.Fatalf("CreateThread: %v", err)
		}
		member := s.signedIn(t, "member", mia)
		pdf := []byte("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")
		action := "/c/" + c.Slug + "/t/" + strconv.FormatInt(th.ID, 10) + "/reply"

		// A reply refused for its text keeps its stored file, as a link.
		long := strings.Repeat("x", praxis.MaxBodyLen+1)
		r := member.submitFiles(t, th.Path(), action, url.Values{"body": {long}}, []formFile{{"files", "checklist.pdf", pdf}})
		r.wantStatus(t, http.StatusBadRequest)
		kept := inputValue(t, r.doc(t), "reply-body")
		if !strings.HasPrefix(kept, long) || !strings.Contains(kept, "[checklist.pdf](/attachments/") {
			t.Fatalf("%s: re-shown reply = %.80q…; want the text and the stored file's link", r, kept)
		}

		kept = strings.Replace(kept, long, "Ours, attached.", 1)
		r = member.submitFiles(t, th.Path(), action, url.Values{"body": {kept}}, []formFile{{"files", "notes.txt", []byte("Night: check the drains.\n")}})
		r.wantStatus(t, http.StatusSeeOther)
		page := member.get(t, th.Path())
		links := map[string]string{}
		for _, a := range findAll(page.doc(t), isTag("a")) {
			if href, _ := attr(a, "href"); strings.HasPrefix(href, "/attachments/") {
				links[text(a)] = href
			}
		}
		for _, tt := range []struct{ name, contentType, disposition string }{
			{"checklist.pdf", "application/pdf", "inline"},
			{"notes.txt", "text/plain; charset=utf-8", "attachment"},
		} {
			href, ok := links[tt.name]
			if !ok {
				t.Errorf("%s: no link to %s among %v", page, tt.name, links)
				continue
			}
			anon := s.anonymous("anonymous").get(t, href)
			anon.wantStatus(t, http.StatusOK)
			if ct, cd := anon.header.Get("Content-Type"), anon.header.Get("Content-Disposition"); ct != tt.contentType || !strings.HasPrefix(cd, tt.disposition+";") {
				t.Errorf("%s: Content-Type %q, Content-Disposition %q; want %q, %s", anon, ct, cd, tt.contentType, tt.disposition)
			}
		}
	})
}

// TestAttachmentAPI: upload through the API, then post its markdown.
func TestAttachmentAPI(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora, mia, olga := s.signUp(t, "cora"), s.signUp(t, "mia"), s.signUp(t, "olga")
		c := s.createCommunity(t, cora, "Night Nurses", "How we hand over at night.", praxis.VisibilityPublic, praxis.JoinOpen)
		s.join(t, cora, mia, c.Slug)
		member, outsider := s.withToken(t, "member", mia), s.withToken(t, "outsider", olga)
		path := "/api/v1/communities/" + c.Slug + "/attachments"
		img := testImage(t)
		upload := func(v *visitor, files ...formFile) *response {
			ct, body := multipartBody(t, nil, files)
			return v.send(t, http.MethodPost, path, ct, body, nil)
		}

		r := upload(member, formFile{"file", "ward/plan.png", img})
		r.wantStatus(t, http.StatusCreated)
		var a struct {
			ID       int64  `json:"id"`
			Name     string `json:"name"`
			Size     int64  `json:"size"`
			URL      string `json:"url"`
			Markdown string `json:"markdown"`
		}
		r.decode(t, &a)
		if a.Name != "plan.png" || a.Size != int64(len(img)) || a.Markdown != "![plan.png]("+a.URL+")" ||
			r.header.Get("Location") != "/api/v1/attachments/"+strconv.FormatInt(a.ID, 10) {
			t.Fatalf("%s: got %+v, Location %q; want plan.png described", r, a, r.header.Get("Location"))
		}
		// Unclaimed, it is the uploader's alone.
		wantAPIError(t, outsider.get(t, "/api/v1/attachments/"+strconv.FormatInt(a.ID, 10)), http.StatusNotFound, "not_found")
		created := member.api(t, http.MethodPost, "/api/v1/communities/"+c.Slug+"/threads",
			map[string]any{"kind": "discussion", "title": "Our ward's layout", "body": "Here:\n\n" + a.Markdown})
		created.wantStatus(t, http.StatusCreated)
		outsider.get(t, "/api/v1/attachments/"+strconv.FormatInt(a.ID, 10)).wantStatus(t, http.StatusOK)

		wantAPIError(t, upload(outsider, formFile{"file", "x.png", img}), http.StatusForbidden, "forbidden")
		wantAPIError(t, upload(member, formFile{"other", "x.png", img}), http.StatusBadRequest, "invalid")
		wantAPIError(t, upload(member, formFile{"file", "x.png", []byte("<!doctype html><p>hi")}), http.StatusBadRequest, "invalid")
		e := wantAPIError(t, upload(member, formFile{"file", "big.png", append(testImage(t), make([]byte, praxis.MaxAttachmentBytes)...)}), http.StatusBadRequest, "invalid")
		if !strings.Contains(e.Message, "at most 10 MB") {
			t.Errorf("over-limit upload: message %q; want it to say at most 10 MB", e.Message)
		}
		wantAPIError(t, member.api(t, http.MethodPost, path, map[string]any{"file": "x"}), http.StatusBadRequest, "invalid")
		wantAPIError(t, s.anonymous("anonymous").get(t, "/api/v1/attachments/999"), http.StatusNotFound, "not_found")
	})
}

// TestAttachmentBodyLimitOnlyWhereFilesGo: the larger body limit applies
// to signed-in users' forms that take files, not to every multipart request.
func TestAttachmentBodyLimitOnlyWhereFilesGo(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora := s.signUp(t, "cora")
		c := s.createCommunity(t, cora, "Night Nurses", "How we hand over at night.", praxis.VisibilityPublic, praxis.JoinOpen)
		browser := s.signedIn(t, "coordinator", cora)
		values := url.Values{"csrf_token": {browser.csrfToken(t)}, "name": {"handover"}}
		ct, body := multipartBody(t, values, []formFile{{"files", "big.png", make([]byte, 2<<20)}})
		r := browser.send(t, http.MethodPost, "/c/"+c.Slug+"/topics", ct, body, nil)
		if r.status != http.StatusBadRequest && r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("%s with a 2 MiB multipart body: status = %d; want 400 or 413", r, r.status)
		}
		// Anonymous visitors send no files: the small limit holds for them.
		anon := s.anonymous("anonymous")
		ct, body = multipartBody(t, url.Values{"csrf_token": {anon.csrfToken(t)}, "title": {"Spam spam spam"}},
			[]formFile{{"files", "big.png", make([]byte, 2<<20)}})
		if r := anon.send(t, http.MethodPost, "/c/"+c.Slug+"/ask", ct, body, nil); r.status != http.StatusBadRequest && r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("%s as anonymous with a 2 MiB multipart body: status = %d; want 400 or 413", r, r.status)
		}
		// A small multipart form works anywhere a form does.
		ct, body = multipartBody(t, values, nil)
		if r := browser.send(t, http.MethodPost, "/c/"+c.Slug+"/topics", ct, body, nil); r.status != http.StatusSeeOther {
			t.Errorf("%s as a small multipart form: status = %d; want 303 (body %.300s)", r, r.status, r.body)
		}
	})
}
