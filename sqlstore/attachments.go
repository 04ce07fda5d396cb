package sqlstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"praxis"
)

// Upload stores a file's bytes in the BlobStore first, then its row in
// one transaction; when the row cannot be written the bytes are deleted,
// so that no file is left without a row.
func (db *DB) Upload(ctx context.Context, actor *praxis.User, slug, name string, r io.Reader) (*praxis.Attachment, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to attach files.")
	}
	// Ask the policy before reading the content, so that nobody can make
	// the server write files for a community they cannot post in. The
	// transaction that writes the row asks again.
	if err := db.view(ctx, func(tx *Tx) error {
		_, err := tx.uploadCommunity(ctx, actor, slug)
		return err
	}); err != nil {
		return nil, err
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	head = head[:n]
	contentType, err := praxis.SniffContentType(head)
	if err != nil {
		return nil, err
	}
	a := &praxis.Attachment{Name: praxis.CleanAttachmentName(name), ContentType: contentType, UploaderID: actor.ID, StorageKey: newBlobKey()}
	a.Size, a.SHA256, err = db.blobs.Put(ctx, a.StorageKey, io.MultiReader(bytes.NewReader(head), r))
	if errors.Is(err, praxis.ErrBlobTooLarge) {
		return nil, praxis.ErrAttachmentTooLarge
	} else if err != nil {
		return nil, fmt.Errorf("store attachment: %w", err)
	}
	if a.Size > praxis.MaxAttachmentBytes { // a BlobStore with a higher limit
		db.deleteBlob(ctx, a.StorageKey)
		return nil, praxis.ErrAttachmentTooLarge
	}
	err = db.update(ctx, func(tx *Tx) error {
		c, err := tx.uploadCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		a.CommunitySlug, a.CreatedAt = c.Slug, tx.now
		return tx.QueryRowContext(ctx, `INSERT INTO attachments (community_id, uploader_id, name, content_type, size, sha256, storage_key, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			c.ID, actor.ID, a.Name, a.ContentType, a.Size, a.SHA256, a.StorageKey, ms(tx.now)).Scan(&a.ID)
	})
	if err != nil {
		db.deleteBlob(ctx, a.StorageKey)
		return nil, err
	}
	return a, nil
}

// uploadCommunity returns the community if actor may post files in it.
func (tx *Tx) uploadCommunity(ctx context.Context, actor *praxis.User, slug string) (*praxis.Community, error) {
	c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
	if err != nil {
		return nil, err
	}
	if !p.Participate {
		return nil, praxis.Errorf(praxis.EFORBIDDEN, "Join %s to attach files.", c.Name)
	}
	return c, nil
}

// deleteBlob removes bytes whose row was not written. It runs even if the
// request was cancelled; a failure leaves an orphan file, which is only
// wasted space, so it is not reported.
func (db *DB) deleteBlob(ctx context.Context, key string) {
	db.blobs.Delete(context.WithoutCancel(ctx), key)
}

// newBlobKey returns a random storage key: 32 lowercase hex characters.
func newBlobKey() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

// Attachment returns a file's description if actor may see it.
func (db *DB) Attachment(ctx context.Context, actor *praxis.User, id int64) (*praxis.Attachment, error) {
	var a *praxis.Attachment
	err := db.view(ctx, func(tx *Tx) (err error) {
		a, err = tx.visibleAttachment(ctx, actor, id)
		return err
	})
	return a, err
}

// OpenAttachment returns a file's description and content if actor may see it.
func (db *DB) OpenAttachment(ctx context.Context, actor *praxis.User, id int64) (*praxis.Attachment, io.ReadSeekCloser, error) {
	a, err := db.Attachment(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	f, err := db.blobs.Open(ctx, a.StorageKey)
	if err != nil {
		return nil, nil, fmt.Errorf("open attachment %d: %w", a.ID, err)
	}
	return a, f, nil
}

// visibleAttachment loads an attachment and applies who may see it: those
// who may read its post; before a post links to it, its uploader and the
// community's coordinators; and, whatever its post, those who may read an
// article it is linked to, wherever that article is (an adapted copy
// carries its original's files into another community). A file one may
// not see does not exist.
func (tx *Tx) visibleAttachment(ctx context.Context, actor *praxis.User, id int64) (*praxis.Attachment, error) {
	var a praxis.Attachment
	var created int64
	var postAuthor int64
	var postDeleted, postHidden sql.NullInt64
	var threadStatus string
	err := tx.QueryRowContext(ctx, `SELECT a.id, c.slug, COALESCE(a.post_id, 0), COALESCE(a.uploader_id, 0), a.name, a.content_type,
			a.size, a.sha256, a.storage_key, a.created_at,
			COALESCE(p.author_id, 0), p.deleted_at, p.hidden_at, COALESCE(t.status, '')
		FROM attachments a JOIN communities c ON c.id = a.community_id
		LEFT JOIN posts p ON p.id = a.post_id LEFT JOIN threads t ON t.id = p.thread_id
		WHERE a.id = $1`, id).Scan(&a.ID, &a.CommunitySlug, &a.PostID, &a.UploaderID, &a.Name, &a.ContentType,
		&a.Size, &a.SHA256, &a.StorageKey, &created, &postAuthor, &postDeleted, &postHidden, &threadStatus)
	gone := notFound("There is no file at this address.")
	if isNoRows(err) {
		return nil, gone
	} else if err != nil {
		return nil, err
	}
	a.CreatedAt = fromMS(created)
	mine := func(userID int64) bool { return actor != nil && userID != 0 && actor.ID == userID }
	visible := false
	if _, _, perm, err := tx.visibleCommunity(ctx, actor, a.CommunitySlug); err == nil {
		switch {
		case perm.Moderate:
			visible = true
		case a.PostID == 0:
			visible = mine(a.UploaderID)
		case postDeleted.Valid || threadStatus == statusDeleted:
		case postHidden.Valid && !mine(postAuthor):
		default:
			visible = true
		}
	} else if praxis.ErrorCode(err) != praxis.ENOTFOUND {
		return nil, err
	}
	if visible {
		return &a, nil
	}
	// Seen through an article only: the file is described as that
	// article's community's, so that a private community's address does
	// not show.
	w := viewerWhere(actor)
	err = tx.QueryRowContext(ctx, `SELECT c.slug FROM article_attachments aa JOIN articles a ON a.id = aa.article_id
		JOIN communities c ON c.id = a.community_id`+viewerJoin+`
		WHERE aa.attachment_id = `+w.next(a.ID)+` AND `+visibleWhere+` AND `+articleVisibleWhere+` ORDER BY a.id LIMIT 1`, w.args...).Scan(&a.CommunitySlug)
	if isNoRows(err) {
		return nil, gone
	} else if err != nil {
		return nil, err
	}
	return &a, nil
}

// claimAttachments links to a post the attachments its markdown points
// to that the writer uploaded to the same community and no post has
// claimed yet. Files uploaded for a post that was then not written stay
// unclaimed (post_id NULL), visible to their uploader alone.
func (tx *Tx) claimAttachments(ctx context.Context, postID, communityID, writerID int64, markdown string) error {
	ids := praxis.AttachmentRefs(markdown)
	if len(ids) == 0 || writerID == 0 {
		return nil
	}
	args := []any{postID, communityID, writerID}
	_, err := tx.ExecContext(ctx, `UPDATE attachments SET post_id = $1
		WHERE id IN (`+inList(&args, ids)+`) AND community_id = $2 AND uploader_id = $3 AND post_id IS NULL`, args...)
	return err
}
