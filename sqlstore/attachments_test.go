package sqlstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"image"
	"image/png"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/blobstore"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// uploadSite is a database whose attachments the test can inspect: the
// folder of their files and the attachments table.
type uploadSite struct {
	db      *sqlstore.DB
	dialect string
	url     string
	uploads string // DataDir/uploads
	blobs   *hookedBlobs
}

// hookedBlobs is the files-in-a-folder store with a hook run after each
// Put, to make things happen between the bytes and the row.
type hookedBlobs struct {
	*blobstore.Dir
	afterPut func()
}

func (h *hookedBlobs) Put(ctx context.Context, key string, r io.Reader) (int64, string, error) {
	n, sum, err := h.Dir.Put(ctx, key, r)
	if err == nil && h.afterPut != nil {
		h.afterPut()
	}
	return n, sum, err
}

// eachUploadSite runs fn on a fresh database of each dialect whose data
// folder the test knows.
func eachUploadSite(t *testing.T, fn func(t *testing.T, s *uploadSite)) {
	for _, d := range sqltest.Dialects() {
		t.Run(d, func(t *testing.T) {
			dataDir := t.TempDir()
			clock := &sqltest.Clock{T: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
			s := &uploadSite{dialect: d, url: sqltest.DatabaseURL(t, d), uploads: filepath.Join(dataDir, "uploads")}
			s.blobs = &hookedBlobs{Dir: blobstore.New(s.uploads, praxis.MaxAttachmentBytes)}
			db, err := sqlstore.Open(t.Context(), sqlstore.Options{DatabaseURL: s.url, DataDir: dataDir, Now: clock.Now,
				PasswordParams: &sqltest.FastPasswords, Blobs: s.blobs})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			t.Cleanup(func() { db.Close() })
			if _, err := db.Migrate(t.Context()); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			s.db = db
			fn(t, s)
		})
	}
}

// files lists the files under the uploads folder, temporary ones included.
func (s *uploadSite) files(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(s.uploads, func(p string, d fs.DirEntry, err error) error {
		if p == s.uploads && err != nil {
			return fs.SkipAll // not created yet
		}
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk uploads: %v", err)
	}
	return out
}

// rows counts the attachments table's rows, read around the store.
func (s *uploadSite) rows(t *testing.T) int {
	t.Helper()
	driver, dsn := "pgx", s.url
	if s.dialect == "sqlite" {
		driver, dsn = "sqlite", "file:"+s.url
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", s.dialect, err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRowContext(t.Context(), `SELECT count(*) FROM attachments`).Scan(&n); err != nil {
		t.Fatalf("count attachments: %v", err)
	}
	return n
}

// testPNG returns a small valid PNG image.
func testPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// attachmentCast: @alice coordinates the public "garden", which @bob and
// @carol joined, and the private "vault", which @bob joined; @frank
// belongs to neither.
type attachmentCast struct {
	admin, alice, bob, carol, frank *praxis.User
	garden, vault                   *praxis.Community
}

func newAttachmentCast(t *testing.T, db *sqlstore.DB) *attachmentCast {
	t.Helper()
	c := &attachmentCast{admin: setupAdmin(t, db)}
	c.alice, c.bob, c.carol, c.frank = signUp(t, db, "alice"), signUp(t, db, "bob"), signUp(t, db, "carol"), signUp(t, db, "frank")
	c.garden = createCommunity(t, db, c.alice, "Garden", praxis.VisibilityPublic, praxis.JoinOpen)
	c.vault = createCommunity(t, db, c.alice, "Vault", praxis.VisibilityPrivate, praxis.JoinInvitation)
	join(t, db, nil, c.bob, c.garden.Slug)
	join(t, db, nil, c.carol, c.garden.Slug)
	join(t, db, c.alice, c.bob, c.vault.Slug)
	return c
}

// askWithBody starts a question whose body is body.
func askWithBody(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug, body string) *praxis.Thread {
	t.Helper()
	th, err := db.CreateThread(t.Context(), actor, slug, praxis.ThreadInput{Kind: new(praxis.KindQuestion),
		Title: new("How do you label seed packets?"), Body: new(body)})
	if err != nil {
		t.Fatalf("CreateThread by %s: %v", actor.Handle, err)
	}
	return th
}

func TestUploadAndClaim(t *testing.T) {
	eachUploadSite(t, func(t *testing.T, s *uploadSite) {
		ctx, db := t.Context(), s.db
		c := newAttachmentCast(t, db)
		img := testPNG(t)

		a, err := db.Upload(ctx, c.bob, c.garden.Slug, `..\..\photos/Seed (tray) #1.png`, bytes.NewReader(img))
		if err != nil {
			t.Fatalf("Upload: %v", err)
		}
		sum := sha256.Sum256(img)
		if a.ID == 0 || a.Name != "Seed (tray) #1.png" || a.ContentType != "image/png" || a.Size != int64(len(img)) ||
			a.SHA256 != hex.EncodeToString(sum[:]) || a.CommunitySlug != c.garden.Slug || a.PostID != 0 {
			t.Errorf("Upload: got %+v; want a PNG named %q of %d bytes in %s", a, "Seed (tray) #1.png", len(img), c.garden.Slug)
		}
		if got, want := a.URL(), "/attachments/"+idString(a.ID)+"/Seed%20%28tray%29%20%231.png"; got != want {
			t.Errorf("URL: got %q, want %q", got, want)
		}
		if files := s.files(t); len(files) != 1 || filepath.Base(files[0]) != a.StorageKey {
			t.Errorf("files: got %v, want one named by the storage key", files)
		}

		// Before a post links to it, only its uploader and coordinators see it.
		for _, v := range []struct {
			name string
			user *praxis.User
			want string
		}{
			{"uploader", c.bob, ""}, {"coordinator", c.alice, ""}, {"other member", c.carol, praxis.ENOTFOUND},
			{"anonymous", nil, praxis.ENOTFOUND},
		} {
			_, err := db.Attachment(ctx, v.user, a.ID)
			wantCode(t, "Attachment before the post, as "+v.name, err, v.want)
		}

		// Another member's post does not claim it; the uploader's post does.
		askWithBody(t, db, c.carol, c.garden.Slug, "Like this? "+a.Markdown())
		if got, err := db.Attachment(ctx, c.bob, a.ID); err != nil || got.PostID != 0 {
			t.Fatalf("after @carol's post: got %+v, %v; want it unclaimed", got, err)
		}
		th := askWithBody(t, db, c.bob, c.garden.Slug, "My trays:\n\n"+a.Markdown())
		tp, err := db.ThreadPage(ctx, c.bob, th.ID)
		if err != nil {
			t.Fatalf("ThreadPage: %v", err)
		}
		if want := `<img src="` + a.URL() + `"`; !strings.Contains(tp.Opening.HTML, want) {
			t.Errorf("opening post HTML: got %s, want it to contain %s", tp.Opening.HTML, want)
		}
		got, err := db.Attachment(ctx, nil, a.ID)
		if err != nil || got.PostID != tp.Opening.ID {
			t.Fatalf("Attachment as anonymous after the post: got %+v, %v; want it linked to post %d", got, err, tp.Opening.ID)
		}
		_, f, err := db.OpenAttachment(ctx, nil, a.ID)
		if err != nil {
			t.Fatalf("OpenAttachment: %v", err)
		}
		content, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(content, img) {
			t.Errorf("content: got %d bytes, want the %d uploaded", len(content), len(img))
		}

		// An edit claims files uploaded afterwards; a deleted post hides them.
		b, err := db.Upload(ctx, c.bob, c.garden.Slug, "notes.txt", strings.NewReader("Label with pencil: ink runs.\n"))
		if err != nil {
			t.Fatalf("Upload notes.txt: %v", err)
		}
		if b.ContentType != "text/plain; charset=utf-8" || b.IsImage() || b.Markdown() != "[notes.txt](/attachments/"+idString(b.ID)+"/notes.txt)" {
			t.Errorf("notes.txt: got %+v, markdown %q; want a linked text file", b, b.Markdown())
		}
		if _, err := db.EditPost(ctx, c.bob, tp.Opening.ID, praxis.ThreadInput{Body: new("My trays:\n\n" + a.Markdown() + "\n\n" + b.Markdown())}, ""); err != nil {
			t.Fatalf("EditPost: %v", err)
		}
		if got, err := db.Attachment(ctx, c.carol, b.ID); err != nil || got.PostID != tp.Opening.ID {
			t.Errorf("notes.txt after the edit, as @carol: got %+v, %v; want it linked to the post", got, err)
		}
		if err := db.DeletePost(ctx, c.bob, tp.Opening.ID); err != nil {
			t.Fatalf("DeletePost: %v", err)
		}
		_, err = db.Attachment(ctx, c.carol, a.ID)
		wantCode(t, "Attachment of a deleted post, as @carol", err, praxis.ENOTFOUND)
		_, err = db.Attachment(ctx, c.alice, a.ID)
		wantCode(t, "Attachment of a deleted post, as the coordinator", err, "")
	})
}

func TestAttachmentPrivateCommunity(t *testing.T) {
	eachUploadSite(t, func(t *testing.T, s *uploadSite) {
		ctx, db := t.Context(), s.db
		c := newAttachmentCast(t, db)
		a, err := db.Upload(ctx, c.bob, c.vault.Slug, "plan.png", bytes.NewReader(testPNG(t)))
		if err != nil {
			t.Fatalf("Upload: %v", err)
		}
		askWithBody(t, db, c.bob, c.vault.Slug, a.Markdown())
		tests := []struct {
			name string
			user *praxis.User
			want string
		}{
			{"member", c.bob, ""},
			{"coordinator", c.alice, ""},
			{"administrator", c.admin, ""},
			{"outsider", c.frank, praxis.ENOTFOUND},
			{"anonymous", nil, praxis.ENOTFOUND},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.Attachment(ctx, tt.user, a.ID)
				wantCode(t, "Attachment", err, tt.want)
				_, f, err := db.OpenAttachment(ctx, tt.user, a.ID)
				wantCode(t, "OpenAttachment", err, tt.want)
				if f != nil {
					f.Close()
				}
			})
		}
		_, err = db.Attachment(ctx, c.frank, a.ID+1000)
		wantCode(t, "Attachment of a missing id", err, praxis.ENOTFOUND)

		// Who may upload: members who take part.
		uploads := []struct {
			name string
			user *praxis.User
			slug string
			want string
		}{
			{"anonymous", nil, c.garden.Slug, praxis.EUNAUTHORIZED},
			{"outsider of a private community", c.frank, c.vault.Slug, praxis.ENOTFOUND},
			{"non-member of a public community", c.frank, c.garden.Slug, praxis.EFORBIDDEN},
			{"missing community", c.bob, "no-such-place", praxis.ENOTFOUND},
		}
		for _, tt := range uploads {
			_, err := db.Upload(ctx, tt.user, tt.slug, "x.png", bytes.NewReader(testPNG(t)))
			wantCode(t, "Upload as "+tt.name, err, tt.want)
		}
		if n := s.rows(t); n != 1 {
			t.Errorf("attachments rows: got %d, want 1", n)
		}
		if files := s.files(t); len(files) != 1 {
			t.Errorf("files: got %v, want 1", files)
		}
	})
}

func TestUploadRefused(t *testing.T) {
	png := func() []byte { return testPNG(t) }
	overLimit := append(png(), make([]byte, praxis.MaxAttachmentBytes)...)
	tests := []struct {
		name, file string
		content    []byte
		wantMsg    string
	}{
		{"over the limit", "big.png", overLimit, "at most 10 MB"},
		{"HTML named .png", "cat.png", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), "not accepted"},
		{"HTML without a doctype", "cat.png", []byte("\n  <html><body onload=alert(1)>"), "not accepted"},
		{"SVG with an XML declaration", "logo.png", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "not accepted"},
		{"SVG without a declaration", "logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "not accepted"},
		{"shell script", "notes.txt", []byte("#!/bin/sh\nrm -rf /\n"), "not accepted"},
		{"executable", "tool.pdf", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 600)...), "not accepted"},
		{"empty", "empty.png", nil, "empty"},
	}
	eachUploadSite(t, func(t *testing.T, s *uploadSite) {
		c := newAttachmentCast(t, s.db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.db.Upload(t.Context(), c.bob, c.garden.Slug, tt.file, bytes.NewReader(tt.content))
				wantCode(t, "Upload", err, praxis.EINVALID)
				if msg := praxis.ErrorMessage(err); !strings.Contains(msg, tt.wantMsg) {
					t.Errorf("Upload: got message %q, want it to mention %q", msg, tt.wantMsg)
				}
			})
		}
		if n := s.rows(t); n != 0 {
			t.Errorf("attachments rows: got %d, want none", n)
		}
		if files := s.files(t); len(files) != 0 {
			t.Errorf("files: got %v, want none (no orphan, no temporary file)", files)
		}
	})
}

func TestUploadAcceptedKinds(t *testing.T) {
	tests := []struct {
		name, file string
		content    string
		want       string
		image      bool
	}{
		{"PNG", "a.png", string(testPNG(t)), "image/png", true},
		{"JPEG named .txt", "a.txt", "\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg", true},
		{"GIF", "a.gif", "GIF89a\x01\x00\x01\x00", "image/gif", true},
		{"WebP", "a.webp", "RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp", true},
		{"PDF", "a.pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf", false},
		{"office document", "a.docx", "PK\x03\x04\x14\x00\x06\x00", "application/zip", false},
		{"plain text", "a.csv", "variety,sown\nbasil,2026-03-01\n", "text/plain; charset=utf-8", false},
	}
	eachUploadSite(t, func(t *testing.T, s *uploadSite) {
		c := newAttachmentCast(t, s.db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a, err := s.db.Upload(t.Context(), c.bob, c.garden.Slug, tt.file, strings.NewReader(tt.content))
				if err != nil {
					t.Fatalf("Upload: %v", err)
				}
				if a.ContentType != tt.want || a.IsImage() != tt.image || a.Name != tt.file {
					t.Errorf("Upload: got type %q, image %v, name %q; want %q, %v, %q", a.ContentType, a.IsImage(), a.Name, tt.want, tt.image, tt.file)
				}
			})
		}
	})
}

// TestUploadRowFailureDeletesFile: when the row cannot be written after
// the bytes were stored, the bytes go too.
func TestUploadRowFailureDeletesFile(t *testing.T) {
	eachUploadSite(t, func(t *testing.T, s *uploadSite) {
		c := newAttachmentCast(t, s.db)
		// @bob leaves between the bytes and the row: the row is refused.
		s.blobs.afterPut = func() {
			if err := s.db.Leave(context.Background(), c.bob, c.garden.Slug); err != nil {
				t.Errorf("Leave: %v", err)
			}
		}
		_, err := s.db.Upload(t.Context(), c.bob, c.garden.Slug, "a.png", bytes.NewReader(testPNG(t)))
		wantCode(t, "Upload by a member who left meanwhile", err, praxis.EFORBIDDEN)
		if n := s.rows(t); n != 0 {
			t.Errorf("attachments rows: got %d, want none", n)
		}
		if files := s.files(t); len(files) != 0 {
			t.Errorf("files: got %v, want none", files)
		}
	})
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }
