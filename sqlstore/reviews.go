package sqlstore

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"praxis"
)

// The life of an article: draft → in review → published (needs review once
// its review-by date has passed) → archived. Members asked for a review
// are not notified yet: notifications are keyed to threads.

// maxReviewers is how many members one request asks at most.
const maxReviewers = 10

// RequestReview shares a draft with chosen members, who may then read it
// and review it; the article is in review from then on. Those who may edit
// it ask; reviewers are active members other than the one asking. Asking
// someone again after changes sets their review back to requested. A
// published or archived article is not reviewed this way (ECONFLICT).
func (db *DB) RequestReview(ctx context.Context, actor *praxis.User, articleID int64, reviewers []string) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	return db.update(ctx, func(tx *Tx) error {
		a, c, _, err := tx.editableArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		if a.Status != praxis.ArticleDraft && a.Status != praxis.ArticleInReview {
			return praxis.Errorf(praxis.ECONFLICT, "Only drafts are shared for review; this article is %s.", a.Status)
		}
		ids, err := tx.activeMemberIDs(ctx, c.ID, reviewers, "reviewers")
		if err != nil {
			return err
		}
		field := func(msg string) error {
			return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"reviewers": msg}}
		}
		switch {
		case len(ids) == 0:
			return field("Choose at least one member to review the draft.")
		case len(ids) > maxReviewers:
			return field("Ask at most 10 members at a time.")
		}
		for _, id := range ids {
			if id == actor.ID {
				return field("Ask someone else to review your draft.")
			}
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO article_reviews (article_id, reviewer_id, requested_by, state, created_at, updated_at)
				VALUES ($1, $2, $3, 'requested', $4, $4)
				ON CONFLICT (article_id, reviewer_id) DO UPDATE SET state = 'requested', requested_by = excluded.requested_by, updated_at = excluded.updated_at`,
				a.ID, id, actor.ID, ms(tx.now)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'in-review', updated_at = $1 WHERE id = $2`, ms(tx.now), a.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchArticle, a.ID)
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbReviewRequested, "article", a.ID, a.Title)
	})
}

// ReviewArticle records a reviewer's verdict on an article in review:
// approved, with an optional comment, or changes-requested, which needs one.
// Only the members asked review (EFORBIDDEN for others who can see it).
func (db *DB) ReviewArticle(ctx context.Context, actor *praxis.User, articleID int64, state, comment string) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	comment = strings.TrimSpace(comment)
	var v praxis.Validation
	switch state {
	case praxis.ReviewApproved:
	case praxis.ReviewChanges:
		if comment == "" {
			v.Add("comment", "Say what should change.")
		}
	default:
		v.Add("state", "Approve the draft or ask for changes.")
	}
	praxis.ValidateText(&v, "comment", "The comment", comment, praxis.MaxReviewCommentLen, false)
	if err := v.Err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		a, c, x, err := tx.visibleArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		if !x.reviewer || !x.perm.Participate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the members asked to review this article can review it.")
		}
		if a.Status != praxis.ArticleInReview {
			return praxis.Errorf(praxis.ECONFLICT, "This article is no longer in review.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE article_reviews SET state = $1, comment = $2, updated_at = $3 WHERE article_id = $4 AND reviewer_id = $5`,
			state, comment, ms(tx.now), a.ID, actor.ID); err != nil {
			return err
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbReviewed, "article", a.ID, a.Title)
	})
}

// reviews lists an article's reviews, the latest first.
func (tx *Tx) reviews(ctx context.Context, articleID int64) ([]*praxis.Review, error) {
	rows, err := tx.QueryContext(ctx, `SELECT u.id, u.handle, u.display_name, u.organization, r.state, r.comment, r.updated_at
		FROM article_reviews r JOIN users u ON u.id = r.reviewer_id WHERE r.article_id = $1 ORDER BY r.updated_at DESC, u.handle`, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*praxis.Review{}
	for rows.Next() {
		r := &praxis.Review{}
		var at int64
		if err := rows.Scan(&r.Reviewer.ID, &r.Reviewer.Handle, &r.Reviewer.Name, &r.Reviewer.Organization, &r.State, &r.Comment, &at); err != nil {
			return nil, err
		}
		r.UpdatedAt = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// checkReviewBy checks a review-by date: YYYY-MM-DD, after today and at
// most praxis.MaxReviewMonths ahead.
func checkReviewBy(s string, now time.Time) error {
	in := praxis.ArticleInput{ReviewBy: &s}
	if err := in.Validate(false, day(now)); err != nil {
		return err
	}
	if s > day(now).AddDate(0, praxis.MaxReviewMonths, 0).Format(time.DateOnly) {
		msg := "The review-by date is at most five years ahead."
		return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"review_by": msg}}
	}
	return nil
}

// reviewByFor returns the review-by date to set: the one given (checked),
// else keep when it is still ahead, else today plus the community's
// review period (praxis.DefaultReviewMonths when it is not a sensible one).
func (tx *Tx) reviewByFor(ctx context.Context, communityID int64, given, keep string) (string, error) {
	if given != "" {
		return given, checkReviewBy(given, tx.now)
	}
	today := day(tx.now)
	if keep != "" && checkReviewBy(keep, tx.now) == nil {
		return keep, nil
	}
	var months int
	if err := tx.QueryRowContext(ctx, `SELECT kb_review_months FROM communities WHERE id = $1`, communityID).Scan(&months); err != nil {
		return "", err
	}
	if months < 1 || months > praxis.MaxReviewMonths {
		months = praxis.DefaultReviewMonths
	}
	return today.AddDate(0, months, 0).Format(time.DateOnly), nil
}

// Publish publishes a draft or an article in review, or an archived one
// again. Those who may edit it publish; reviews inform but do not block.
// It needs a steward (EINVALID on "stewards") and gets a review-by date:
// the one given, which must be in the future (EINVALID on "review_by"),
// else one set while drafting if still ahead, else the community's period
// from today. The first publication's time is kept.
func (db *DB) Publish(ctx context.Context, actor *praxis.User, articleID int64, reviewBy string) (*praxis.Article, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	reviewBy = strings.TrimSpace(reviewBy)
	var a *praxis.Article
	err := db.update(ctx, func(tx *Tx) error {
		cur, c, _, err := tx.editableArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		if cur.Status == praxis.ArticlePublished {
			return praxis.Errorf(praxis.ECONFLICT, "This article is published already.")
		}
		var stewards int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM article_stewards WHERE article_id = $1`, cur.ID).Scan(&stewards); err != nil {
			return err
		}
		if stewards == 0 {
			return &praxis.Error{Code: praxis.EINVALID, Message: "Name a steward before publishing: someone who keeps this article up to date.",
				Fields: map[string]string{"stewards": "Name a steward."}}
		}
		date, err := tx.reviewByFor(ctx, c.ID, reviewBy, cur.ReviewBy)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'published', review_by = $1, published_at = COALESCE(published_at, $2),
			updated_at = $2 WHERE id = $3`, date, ms(tx.now), cur.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchArticle, cur.ID)
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbArticlePublished, "article", cur.ID, cur.Title); err != nil {
			return err
		}
		a, err = tx.articleWithDetails(ctx, actor, cur.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ConfirmReview is a steward's (or a coordinator's) "still right": a
// published article gets a new review-by date, given or from the
// community's period, and leaves the stewards' queue. It does not count as
// a change of the article.
func (db *DB) ConfirmReview(ctx context.Context, actor *praxis.User, articleID int64, reviewBy string) (*praxis.Article, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	reviewBy = strings.TrimSpace(reviewBy)
	var a *praxis.Article
	err := db.update(ctx, func(tx *Tx) error {
		cur, c, x, err := tx.visibleArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		if !x.canSteward() {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the article's stewards, or a coordinator, confirm that it is still right.")
		}
		if cur.Status != praxis.ArticlePublished {
			return praxis.Errorf(praxis.ECONFLICT, "Only published articles are reviewed for freshness.")
		}
		date, err := tx.reviewByFor(ctx, c.ID, reviewBy, "")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET review_by = $1 WHERE id = $2`, date, cur.ID); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbReviewConfirmed, "article", cur.ID, cur.Title); err != nil {
			return err
		}
		a, err = tx.articleWithDetails(ctx, actor, cur.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Archive retires an article, whatever its state: it stays readable,
// marked archived, and leaves the lists of published articles and the
// stewards' queue. Stewards and coordinators archive; archiving twice is
// harmless.
func (db *DB) Archive(ctx context.Context, actor *praxis.User, articleID int64) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	return db.update(ctx, func(tx *Tx) error {
		a, c, x, err := tx.visibleArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		if !x.canSteward() {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the article's stewards, or a coordinator, can archive it.")
		}
		if a.Status == praxis.ArticleArchived {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'archived', updated_at = $1 WHERE id = $2`, ms(tx.now), a.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchArticle, a.ID)
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbArticleArchived, "article", a.ID, a.Title)
	})
}

// Verify marks a published article verified, or removes the mark (on any
// article). Core members and coordinators of the community, and
// administrators, vouch for articles. The mark lasts until the text changes.
func (db *DB) Verify(ctx context.Context, actor *praxis.User, articleID int64, verified bool) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	return db.update(ctx, func(tx *Tx) error {
		a, c, x, err := tx.visibleArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		if !x.canVerify() {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only core members and coordinators of %s verify articles.", c.Name)
		}
		if verified == a.Verified {
			return nil
		}
		summary := a.Title
		if verified {
			if a.Status != praxis.ArticlePublished {
				return praxis.Errorf(praxis.ECONFLICT, "Only published articles are verified.")
			}
			_, err = tx.ExecContext(ctx, `UPDATE articles SET verified_by = $1, verified_at = $2 WHERE id = $3`, actor.ID, ms(tx.now), a.ID)
		} else {
			summary = "removed the mark: " + a.Title
			_, err = tx.ExecContext(ctx, `UPDATE articles SET verified_by = NULL, verified_at = NULL WHERE id = $1`, a.ID)
		}
		if err != nil {
			return err
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbArticleVerified, "article", a.ID, summary)
	})
}

// maxQueue bounds the stewards' queue; the oldest review-by dates come first.
const maxQueue = 200

// StewardQueue lists published articles past their review-by date, the
// most overdue first. Without a slug: those actor stewards, in every
// community actor may see. With a slug: all of that community's, for its
// coordinators (and administrators) only.
func (db *DB) StewardQueue(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.Article, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your stewardship queue.")
	}
	out := []*praxis.Article{}
	err := db.view(ctx, func(tx *Tx) error {
		w := viewerWhere(actor)
		w.add(visibleWhere)
		w.add("a.status = 'published' AND a.review_by <> '' AND a.review_by < ?", day(tx.now).Format(time.DateOnly))
		if slug == "" {
			w.add("EXISTS (SELECT 1 FROM article_stewards x WHERE x.article_id = a.id AND x.user_id = $1)")
		} else {
			c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
			if err != nil {
				return err
			}
			if !p.Moderate {
				return praxis.Errorf(praxis.EFORBIDDEN, "Only the coordinators of %s see its stewardship queue.", c.Name)
			}
			w.add("a.community_id = ?", c.ID)
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+articleListColumns+articleFrom+viewerJoin+` WHERE `+w.sql()+
			` ORDER BY a.review_by, a.id LIMIT `+w.next(maxQueue), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.fillArticles(ctx, actor, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// validNote trims a short note and checks its length.
func validNote(field, label, note string, max int) (string, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > max {
		var v praxis.Validation
		praxis.ValidateText(&v, field, label, note, max, false)
		return "", v.Err()
	}
	return note, nil
}
