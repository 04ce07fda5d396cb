package sqlstore

import (
	"context"

	"praxis"
)

// RecordReuse is a member's "I used this" on a published article, once per
// member, with an optional line on how: evidence of applied value for the
// community's value reports. Any active member of the article's community
// records it, except its authors, whose own use is no evidence.
func (db *DB) RecordReuse(ctx context.Context, actor *praxis.User, articleID int64, note string) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	note, err := validNote("note", "The note", note, praxis.MaxReuseNoteLen)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		a, c, x, err := tx.visibleArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		switch {
		case !x.perm.Participate:
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to record that you used its articles.", c.Name)
		case x.author:
			return praxis.Errorf(praxis.EFORBIDDEN, "You wrote this article; others record their use of it.")
		case a.Status != praxis.ArticlePublished:
			return praxis.Errorf(praxis.ECONFLICT, "Only published articles record their use.")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO article_reuses (article_id, user_id, note, created_at) VALUES ($1, $2, $3, $4)`,
			a.ID, actor.ID, note, ms(tx.now))
		if isUniqueViolation(err) {
			return praxis.Errorf(praxis.ECONFLICT, "You already said you used this article.")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET reuse_count = reuse_count + 1 WHERE id = $1`, a.ID); err != nil {
			return err
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbReused, "article", a.ID, a.Title)
	})
}

// AdaptCopy copies a published (or archived) article as a draft into a
// community where actor takes part, the same one included: same kind,
// title and text, topics by name, the original's files linked to the copy
// (so the copy's readers may open them, wherever the files were uploaded)
// and the original kept as its attribution. The adapter is the copy's
// author and steward. It counts as a reuse of the original, logged in the
// original's community (VerbAdapted, without naming where the copy went)
// and as a new draft in the target's.
func (db *DB) AdaptCopy(ctx context.Context, actor *praxis.User, articleID int64, toSlug string) (*praxis.Article, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	var a *praxis.Article
	err := db.update(ctx, func(tx *Tx) error {
		orig, from, _, err := tx.visibleArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		to, _, toPerm, err := tx.visibleCommunity(ctx, actor, toSlug)
		if praxis.ErrorCode(err) == praxis.ENOTFOUND {
			return &praxis.Error{Code: praxis.ENOTFOUND, Message: "There is no community at that address.", Fields: map[string]string{"to": "No such community."}}
		} else if err != nil {
			return err
		}
		if !toPerm.Participate {
			return &praxis.Error{Code: praxis.EFORBIDDEN, Message: "You can only adapt a copy into a community you take part in.",
				Fields: map[string]string{"to": "Join " + to.Name + " first."}}
		}
		if orig.Status != praxis.ArticlePublished && orig.Status != praxis.ArticleArchived {
			return praxis.Errorf(praxis.ECONFLICT, "Only published articles are adapted; publish this one first.")
		}
		if err := tx.fillArticles(ctx, actor, []*praxis.Article{orig}); err != nil {
			return err
		}
		topicIDs, err := tx.topicIDs(ctx, to.ID, actor.ID, orig.Topics, toPerm.Moderate)
		if err != nil {
			return err
		}
		id, err := tx.insertArticle(ctx, newArticle{communityID: to.ID, kind: orig.Kind, title: orig.Title, source: orig.Source,
			rendered: tx.db.render.Render(orig.Source), copiedFrom: orig.ID, creatorID: actor.ID,
			authors: []int64{actor.ID}, stewards: []int64{actor.ID}, topicIDs: topicIDs, summary: "Adapted copy"})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_attachments (article_id, attachment_id)
			SELECT $1, attachment_id FROM article_attachments WHERE article_id = $2`, id, orig.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET reuse_count = reuse_count + 1 WHERE id = $1`, orig.ID); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, from.ID, actor.ID, praxis.VerbAdapted, "article", orig.ID, orig.Title); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, to.ID, actor.ID, praxis.VerbArticleDrafted, "article", id, orig.Title); err != nil {
			return err
		}
		a, err = tx.articleWithDetails(ctx, actor, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
