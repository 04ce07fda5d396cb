package blobstore_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"praxis"
	"praxis/blobstore"
)

// files lists every file under root, temporary ones included.
func files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, rel)
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk %s: %v", root, err)
	}
	return out
}

func TestPutOpenDelete(t *testing.T) {
	root := t.TempDir()
	d := blobstore.New(root, 1<<10)
	content := []byte("hello, practice")
	const key = "0123456789abcdef0123456789abcdef"

	size, sum, err := d.Put(t.Context(), key, bytes.NewReader(content))
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	want := sha256.Sum256(content)
	if size != int64(len(content)) || sum != hex.EncodeToString(want[:]) {
		t.Errorf("Put: got size %d, sum %s; want %d, %x", size, sum, len(content), want)
	}
	if got, want := files(t, root), []string{filepath.Join("01", key)}; !slices.Equal(got, want) {
		t.Errorf("files after Put: got %v, want %v", got, want)
	}

	f, err := d.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if _, err := f.Seek(7, io.SeekStart); err != nil {
		t.Fatalf("Seek: %v", err)
	}
	rest, _ := io.ReadAll(f)
	f.Close()
	if string(rest) != "practice" {
		t.Errorf("content after Seek(7): got %q, want %q", rest, "practice")
	}

	if err := d.Delete(t.Context(), key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if got := files(t, root); len(got) != 0 {
		t.Errorf("files after Delete: got %v, want none", got)
	}
	if err := d.Delete(t.Context(), key); err != nil {
		t.Errorf("Delete again: got %v, want nil", err)
	}
	if _, err := d.Open(t.Context(), key); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open after Delete: got %v, want fs.ErrNotExist", err)
	}
}

func TestPutOverLimitLeavesNothing(t *testing.T) {
	root := t.TempDir()
	d := blobstore.New(root, 100)
	tests := []struct {
		name    string
		size    int
		wantErr error
	}{
		{"at the limit", 100, nil},
		{"one byte over", 101, praxis.ErrBlobTooLarge},
		{"far over", 1 << 20, praxis.ErrBlobTooLarge},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := strings.Repeat(string("abc"[i]), 32)
			size, _, err := d.Put(t.Context(), key, bytes.NewReader(make([]byte, tt.size)))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Put(%d bytes): got error %v, want %v", tt.size, err, tt.wantErr)
			}
			_, statErr := os.Stat(filepath.Join(root, key[:2], key))
			if tt.wantErr != nil {
				if statErr == nil {
					t.Errorf("Put(%d bytes) failed but left the file", tt.size)
				}
				if err := d.Delete(t.Context(), key); err != nil {
					t.Errorf("Delete: %v", err)
				}
				return
			}
			if statErr != nil || size != int64(tt.size) {
				t.Errorf("Put(%d bytes): got size %d, stat %v; want the file", tt.size, size, statErr)
			}
			d.Delete(t.Context(), key)
		})
	}
	if got := files(t, root); len(got) != 0 {
		t.Errorf("files left: got %v, want none (no temporary file either)", got)
	}
}

// failingReader fails after some bytes, as a dropped upload does.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errors.New("connection reset")
	}
	n := min(len(p), r.n)
	r.n -= n
	return n, nil
}

func TestPutFailureLeavesNothing(t *testing.T) {
	root := t.TempDir()
	d := blobstore.New(root, 0)
	if _, _, err := d.Put(t.Context(), "abcd1234", &failingReader{n: 5000}); err == nil {
		t.Fatalf("Put from a failing reader: got nil error, want one")
	}
	if got := files(t, root); len(got) != 0 {
		t.Errorf("files left: got %v, want none", got)
	}
}

func TestInvalidKeys(t *testing.T) {
	d := blobstore.New(t.TempDir(), 0)
	for _, key := range []string{"", "ab", "../../etc/passwd", "ABCDEF12", "abcd/1234", "abcd.123"} {
		if _, _, err := d.Put(t.Context(), key, strings.NewReader("x")); err == nil {
			t.Errorf("Put(%q): got nil error, want an invalid key", key)
		}
		if _, err := d.Open(t.Context(), key); err == nil {
			t.Errorf("Open(%q): got nil error, want an invalid key", key)
		}
	}
}
