// Package blobstore keeps the bytes of attachments as files in a folder,
// implementing praxis.BlobStore. Keys are lowercase hex; a file lives at
// ROOT/ab/abcdef…, sharded by its first two characters so that no folder
// grows too large.
package blobstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"praxis"
)

// Dir is a praxis.BlobStore in a folder of the local file system. It is
// safe for concurrent use, by several processes too: a file appears under
// its key only once it is complete (written to a temporary file, synced,
// then renamed).
type Dir struct {
	root     string
	maxBytes int64
}

var _ praxis.BlobStore = (*Dir)(nil)

// New returns a store in root, created when the first file is put.
// maxBytes limits the size of one file; 0 means no limit.
func New(root string, maxBytes int64) *Dir {
	return &Dir{root: root, maxBytes: maxBytes}
}

// Root returns the store's folder.
func (d *Dir) Root() string { return d.root }

// path returns the file of a key, refusing keys that are not 4 to 128
// lowercase hex characters, so that no key can name a path outside root.
func (d *Dir) path(key string) (string, error) {
	if len(key) < 4 || len(key) > 128 {
		return "", fmt.Errorf("blobstore: invalid key %q", key)
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return "", fmt.Errorf("blobstore: invalid key %q", key)
		}
	}
	return filepath.Join(d.root, key[:2], key), nil
}

// Put writes r to a temporary file beside its final place, counting the
// bytes as they come, and renames it into place once complete. Content
// beyond the limit aborts the copy; the temporary file is removed on
// every failure, so a failed Put leaves nothing behind.
func (d *Dir) Put(ctx context.Context, key string, r io.Reader) (size int64, sum string, err error) {
	p, err := d.path(key)
	if err != nil {
		return 0, "", err
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return 0, "", fmt.Errorf("blobstore: %w", err)
	}
	f, err := os.CreateTemp(dir, ".put-*")
	if err != nil {
		return 0, "", fmt.Errorf("blobstore: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	h := sha256.New()
	src := io.Reader(ctxReader{ctx, r})
	if d.maxBytes > 0 {
		src = io.LimitReader(src, d.maxBytes+1) // one byte more tells that it is too large
	}
	size, err = io.Copy(io.MultiWriter(f, h), src)
	if err != nil {
		return 0, "", fmt.Errorf("blobstore: write %s: %w", key, err)
	}
	if d.maxBytes > 0 && size > d.maxBytes {
		return 0, "", fmt.Errorf("blobstore: %s: more than %d bytes: %w", key, d.maxBytes, praxis.ErrBlobTooLarge)
	}
	if err = f.Sync(); err != nil {
		return 0, "", fmt.Errorf("blobstore: sync %s: %w", key, err)
	}
	if err = f.Close(); err != nil {
		return 0, "", fmt.Errorf("blobstore: close %s: %w", key, err)
	}
	if err = os.Rename(f.Name(), p); err != nil {
		return 0, "", fmt.Errorf("blobstore: %w", err)
	}
	return size, hex.EncodeToString(h.Sum(nil)), nil
}

// Open opens the file of a key.
func (d *Dir) Open(ctx context.Context, key string) (io.ReadSeekCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", fs.ErrNotExist, err)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("blobstore: %w", err)
	}
	return f, nil
}

// Delete removes the file of a key; a missing file is not an error.
func (d *Dir) Delete(ctx context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blobstore: %w", err)
	}
	return nil
}

// ctxReader stops a copy when the context ends, so that an abandoned
// upload does not keep writing.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
