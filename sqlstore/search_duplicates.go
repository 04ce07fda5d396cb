package sqlstore

import (
	"context"
	"strconv"

	"praxis"
)

// MarkDuplicate marks a question as a duplicate of another question of the
// same community, or (originalID 0) unmarks it. The questions already
// marked as duplicates of the one being marked move to its original, so
// that no chain forms. The duplicate's title and opening post fold into
// the original's search document; both documents are rebuilt.
func (db *DB) MarkDuplicate(ctx context.Context, actor *praxis.User, threadID, originalID int64) (*praxis.Thread, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	invalid := func(msg string) error {
		return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"original": msg}}
	}
	var t *praxis.Thread
	err := db.update(ctx, func(tx *Tx) error {
		var c *praxis.Community
		var err error
		t, c, err = tx.threadToModerate(ctx, actor, threadID, "Only coordinators mark questions as duplicates.")
		if err != nil {
			return err
		}
		if originalID == 0 {
			if t.DuplicateOf == 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, `UPDATE threads SET duplicate_of = NULL WHERE id = $1`, t.ID); err != nil {
				return err
			}
			tx.reindex(praxis.SearchThread, t.ID, t.DuplicateOf)
			t.DuplicateOf = 0
			return tx.modLog(ctx, c.ID, actor.ID, praxis.ModNotDuplicate, t.ID, 0, "")
		}
		if t.Kind != praxis.KindQuestion {
			return invalid("Only questions are marked as duplicates; this is a " + t.Kind + ".")
		}
		if originalID == t.ID {
			return invalid("A question cannot be a duplicate of itself.")
		}
		o, _, _, err := tx.visibleThread(ctx, actor, originalID)
		if praxis.ErrorCode(err) == praxis.ENOTFOUND {
			return invalid("There is no question #" + strconv.FormatInt(originalID, 10) + ".")
		} else if err != nil {
			return err
		}
		switch {
		case o.CommunityID != t.CommunityID:
			return invalid("The original must be a question of this community.")
		case o.Kind != praxis.KindQuestion:
			return invalid("The original must be a question; #" + strconv.FormatInt(o.ID, 10) + " is a " + o.Kind + ".")
		case o.Status == statusDeleted:
			return invalid("That question was deleted.")
		case o.DuplicateOf != 0 && o.DuplicateOf != t.ID:
			return invalid("That question is itself a duplicate of #" + strconv.FormatInt(o.DuplicateOf, 10) + "; mark this one as a duplicate of #" +
				strconv.FormatInt(o.DuplicateOf, 10) + " instead.")
		}
		if t.DuplicateOf == o.ID {
			return nil
		}
		if t.DuplicateOf != 0 {
			tx.reindex(praxis.SearchThread, t.DuplicateOf)
		}
		// The original was marked as a duplicate of this question: the
		// two swap places.
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET duplicate_of = NULL WHERE id = $1`, o.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET duplicate_of = $1 WHERE id = $2`, o.ID, t.ID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `UPDATE threads SET duplicate_of = $1 WHERE duplicate_of = $2 RETURNING id`, o.ID, t.ID)
		if err != nil {
			return err
		}
		var moved []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			moved = append(moved, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		tx.reindex(praxis.SearchThread, append(moved, t.ID, o.ID)...)
		t.DuplicateOf = o.ID
		return tx.modLog(ctx, c.ID, actor.ID, praxis.ModDuplicate, t.ID, 0, "of #"+strconv.FormatInt(o.ID, 10))
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}
