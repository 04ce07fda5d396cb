package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"praxis"
)

// The knowledge base: articles, their revisions, authors, stewards and
// topics. Reviews, publication and freshness live in reviews.go, reuse and
// adapted copies in articles_reuse.go, collections in collections.go.
//
// Who may see an article: whoever may see its community, when the article
// is published or archived; a draft or an article in review only its
// authors, its stewards, the members asked to review it, the community's
// coordinators and the instance's administrators. An article one may not
// see does not exist (ENOTFOUND), exactly like a missing one. The rule is
// written twice, as articleAccess.canSee for one article and as
// articleVisibleWhere for lists; a test checks that the two agree.

// articleVisibleWhere is articleAccess.canSee as SQL, used together with
// visibleWhere: $1 is the viewer's id, $2 whether the viewer is signed in
// and not suspended, $3 whether the viewer is an administrator; a is the
// article and m the viewer's membership row in its community.
const articleVisibleWhere = `(a.status IN ('published', 'archived') OR $3 OR ($2 AND (
	(m.state = 'active' AND m.role = 'coordinator')
	OR EXISTS (SELECT 1 FROM article_authors x WHERE x.article_id = a.id AND x.user_id = $1)
	OR EXISTS (SELECT 1 FROM article_stewards x WHERE x.article_id = a.id AND x.user_id = $1)
	OR EXISTS (SELECT 1 FROM article_reviews x WHERE x.article_id = a.id AND x.reviewer_id = $1))))`

// viewerJoin joins the viewer's membership row m in community c, for
// visibleWhere and articleVisibleWhere.
const viewerJoin = ` LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $1`

// viewerWhere starts a WHERE clause whose first three arguments are the
// viewer's ($1 id, $2 signed in, $3 administrator), as visibleWhere and
// articleVisibleWhere expect.
func viewerWhere(actor *praxis.User) *where {
	id, signedIn, admin := viewerArgs(actor)
	return &where{args: []any{id, signedIn, admin}}
}

// articleAccess is what one viewer is to one article and its community.
type articleAccess struct {
	perm     praxis.Permissions
	signedIn bool // signed in and not suspended
	author   bool
	steward  bool
	reviewer bool // asked to review it, whatever the review's state
}

// canSee is the visibility rule of articles (see articleVisibleWhere).
func (x articleAccess) canSee(status string) bool {
	return status == praxis.ArticlePublished || status == praxis.ArticleArchived || x.perm.Moderate ||
		(x.signedIn && (x.author || x.steward || x.reviewer))
}

// canEdit: its authors and stewards while they are active members, and
// the community's coordinators. A former member's articles stay with the
// community.
func (x articleAccess) canEdit() bool {
	return x.perm.Moderate || (x.perm.Participate && (x.author || x.steward))
}

// canSteward: confirming freshness and archiving belong to the stewards
// and coordinators.
func (x articleAccess) canSteward() bool {
	return x.perm.Moderate || (x.perm.Participate && x.steward)
}

// canVerify: core members and coordinators vouch for an article.
func (x articleAccess) canVerify() bool { return x.perm.Lead }

// canReview: members asked to review an article in review.
func (x articleAccess) canReview(status string) bool {
	return x.perm.Participate && x.reviewer && status == praxis.ArticleInReview
}

const articleColumns = `a.id, a.community_id, c.slug, a.kind, a.title, a.source, a.html, a.excerpt, a.status, a.review_by, a.revision,
	a.reuse_count, COALESCE(a.copied_from, 0), COALESCE(a.external_id, ''), a.created_at, a.updated_at, a.published_at, a.verified_at,
	COALESCE(v.id, 0), COALESCE(v.handle, ''), COALESCE(v.display_name, ''), COALESCE(v.organization, '')`

// articleListColumns leave out the bodies, which lists do not show.
var articleListColumns = strings.Replace(articleColumns, "a.source, a.html", "'', ''", 1)

const articleFrom = ` FROM articles a JOIN communities c ON c.id = a.community_id LEFT JOIN users v ON v.id = a.verified_by`

func scanArticle(s scanner, extra ...any) (*praxis.Article, error) {
	a := &praxis.Article{Topics: []string{}, Authors: []praxis.PersonRef{}, Stewards: []praxis.PersonRef{}, SourceThreads: []int64{}}
	var copiedFrom, created, updated int64
	var published, verified sql.NullInt64
	var vb praxis.PersonRef
	dest := append([]any{&a.ID, &a.CommunityID, &a.CommunitySlug, &a.Kind, &a.Title, &a.Source, &a.HTML, &a.Excerpt, &a.Status,
		&a.ReviewBy, &a.Revision, &a.ReuseCount, &copiedFrom, &a.ExternalID, &created, &updated, &published, &verified,
		&vb.ID, &vb.Handle, &vb.Name, &vb.Organization}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt, a.PublishedAt = fromMS(created), fromMS(updated), fromNullMS(published)
	a.Verified = verified.Valid
	if a.Verified && vb.ID != 0 {
		a.VerifiedBy = &vb
	}
	if copiedFrom != 0 {
		a.CopiedFrom = &praxis.ArticleRef{ID: copiedFrom}
	}
	return a, nil
}

// loadArticle loads an article whatever its visibility; callers decide.
func (tx *Tx) loadArticle(ctx context.Context, id int64) (*praxis.Article, error) {
	a, err := scanArticle(tx.QueryRowContext(ctx, `SELECT `+articleColumns+articleFrom+` WHERE a.id = $1`, id))
	if isNoRows(err) {
		return nil, notFound("There is no article at this address.")
	}
	return a, err
}

// visibleArticle loads an article that actor may see, with its community
// and what actor is to it. Its authors, stewards and topics are not loaded
// (see fillArticles).
func (tx *Tx) visibleArticle(ctx context.Context, actor *praxis.User, id int64) (*praxis.Article, *praxis.Community, articleAccess, error) {
	gone := notFound("There is no article at this address.")
	a, err := tx.loadArticle(ctx, id)
	if err != nil {
		return nil, nil, articleAccess{}, err
	}
	c, _, p, err := tx.visibleCommunity(ctx, actor, a.CommunitySlug)
	if praxis.ErrorCode(err) == praxis.ENOTFOUND {
		return nil, nil, articleAccess{}, gone
	} else if err != nil {
		return nil, nil, articleAccess{}, err
	}
	x := articleAccess{perm: p, signedIn: actor != nil && !actor.Suspended}
	if actor != nil {
		if err := tx.QueryRowContext(ctx, `SELECT
				EXISTS (SELECT 1 FROM article_authors WHERE article_id = $1 AND user_id = $2),
				EXISTS (SELECT 1 FROM article_stewards WHERE article_id = $1 AND user_id = $2),
				EXISTS (SELECT 1 FROM article_reviews WHERE article_id = $1 AND reviewer_id = $2)`,
			a.ID, actor.ID).Scan(&x.author, &x.steward, &x.reviewer); err != nil {
			return nil, nil, x, err
		}
	}
	if !x.canSee(a.Status) {
		return nil, nil, x, gone
	}
	return a, c, x, nil
}

// editableArticle loads an article that actor may edit: ENOTFOUND when
// actor may not see it, EFORBIDDEN when actor may see but not edit it.
func (tx *Tx) editableArticle(ctx context.Context, actor *praxis.User, id int64) (*praxis.Article, *praxis.Community, articleAccess, error) {
	a, c, x, err := tx.visibleArticle(ctx, actor, id)
	if err != nil {
		return nil, nil, x, err
	}
	if !x.canEdit() {
		return nil, nil, x, praxis.Errorf(praxis.EFORBIDDEN, "Only the article's authors and stewards, or a coordinator, can change it.")
	}
	return a, c, x, nil
}

// fillArticles loads the authors, stewards, topics, source threads and
// attribution of articles with one query each, whatever their number.
// Source threads and originals are given only as far as actor may see them.
func (tx *Tx) fillArticles(ctx context.Context, actor *praxis.User, articles []*praxis.Article) error {
	if len(articles) == 0 {
		return nil
	}
	byID := map[int64]*praxis.Article{}
	ids := make([]int64, len(articles))
	var originals []int64
	for i, a := range articles {
		byID[a.ID], ids[i] = a, a.ID
		if a.CopiedFrom != nil {
			originals = append(originals, a.CopiedFrom.ID)
		}
	}
	people := func(table, order string, add func(*praxis.Article, praxis.PersonRef)) error {
		var args []any
		rows, err := tx.QueryContext(ctx, `SELECT x.article_id, u.id, u.handle, u.display_name, u.organization FROM `+table+` x
			JOIN users u ON u.id = x.user_id WHERE x.article_id IN (`+inList(&args, ids)+`) ORDER BY x.article_id, `+order, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var p praxis.PersonRef
			if err := rows.Scan(&id, &p.ID, &p.Handle, &p.Name, &p.Organization); err != nil {
				return err
			}
			add(byID[id], p)
		}
		return rows.Err()
	}
	if err := people("article_authors", "x.position, u.id", func(a *praxis.Article, p praxis.PersonRef) { a.Authors = append(a.Authors, p) }); err != nil {
		return err
	}
	if err := people("article_stewards", "u.handle", func(a *praxis.Article, p praxis.PersonRef) { a.Stewards = append(a.Stewards, p) }); err != nil {
		return err
	}
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT x.article_id, tp.name FROM article_topics x JOIN topics tp ON tp.id = x.topic_id
		WHERE x.article_id IN (`+inList(&args, ids)+`) ORDER BY tp.name`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return err
		}
		byID[id].Topics = append(byID[id].Topics, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	w := viewerWhere(actor)
	rows, err = tx.QueryContext(ctx, `SELECT s.article_id, s.thread_id FROM article_sources s JOIN threads t ON t.id = s.thread_id
		JOIN communities c ON c.id = t.community_id`+viewerJoin+`
		WHERE s.article_id IN (`+inList(&w.args, ids)+`) AND t.status <> 'deleted' AND `+visibleWhere+` ORDER BY s.thread_id`, w.args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, threadID int64
		if err := rows.Scan(&id, &threadID); err != nil {
			rows.Close()
			return err
		}
		byID[id].SourceThreads = append(byID[id].SourceThreads, threadID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(originals) == 0 {
		return nil
	}
	w = viewerWhere(actor)
	refs, err := tx.articleRefs(ctx, actor, "a.id IN ("+inList(&w.args, originals)+")", w)
	if err != nil {
		return err
	}
	seen := map[int64]*praxis.ArticleRef{}
	for _, r := range refs {
		seen[r.ID] = r
	}
	for _, a := range articles {
		if a.CopiedFrom == nil {
			continue
		}
		if r, ok := seen[a.CopiedFrom.ID]; ok {
			a.CopiedFrom = r
		} else {
			// The original exists but the viewer may not open it: say only
			// that there is one, not where or what.
			a.CopiedFrom = &praxis.ArticleRef{Visible: false}
		}
	}
	return nil
}

// articleRefs lists the articles matching cond that actor may see, where
// w = viewerWhere(actor) holds cond's arguments after the viewer's.
func (tx *Tx) articleRefs(ctx context.Context, actor *praxis.User, cond string, w *where) ([]*praxis.ArticleRef, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, c.slug, a.title FROM articles a JOIN communities c ON c.id = a.community_id`+viewerJoin+`
		WHERE `+cond+` AND `+visibleWhere+` AND `+articleVisibleWhere+` ORDER BY a.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*praxis.ArticleRef{}
	for rows.Next() {
		r := &praxis.ArticleRef{Visible: true}
		if err := rows.Scan(&r.ID, &r.CommunitySlug, &r.Title); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// articleWithDetails reloads an article with its people and topics, for
// returning it after a change.
func (tx *Tx) articleWithDetails(ctx context.Context, actor *praxis.User, id int64) (*praxis.Article, error) {
	a, err := tx.loadArticle(ctx, id)
	if err != nil {
		return nil, err
	}
	return a, tx.fillArticles(ctx, actor, []*praxis.Article{a})
}

// day is the UTC calendar day of t, at midnight.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Articles lists a community's articles, most recently changed first, with
// keyset pagination. The default status is published, which includes the
// published articles needing review; needs-review selects only those. A
// draft or an article in review is listed only to those who may see it,
// and counted only for them.
func (db *DB) Articles(ctx context.Context, actor *praxis.User, slug string, f praxis.ArticleFilter) (*praxis.ArticleList, error) {
	if f.Limit <= 0 {
		f.Limit = praxis.DefaultPageSize
	} else if f.Limit > praxis.MaxPageSize {
		f.Limit = praxis.MaxPageSize
	}
	if f.Kind != "" && !isArticleKind(f.Kind) {
		return nil, praxis.Errorf(praxis.EINVALID, "There is no kind of article called %q.", f.Kind)
	}
	out := &praxis.ArticleList{Articles: []*praxis.Article{}}
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		w := viewerWhere(actor)
		w.add("a.community_id = ?", c.ID)
		w.add(visibleWhere)
		w.add(articleVisibleWhere)
		switch f.Status {
		case "", praxis.ArticlePublished:
			w.add("a.status = 'published'")
		case praxis.ArticleDraft, praxis.ArticleInReview, praxis.ArticleArchived:
			w.add("a.status = ?", f.Status)
		case filterNeedsReview:
			w.add("a.status = 'published' AND a.review_by <> '' AND a.review_by < ?", day(tx.now).Format(time.DateOnly))
		default:
			return praxis.Errorf(praxis.EINVALID, "The status filter is draft, in-review, published, needs-review or archived.")
		}
		if f.Kind != "" {
			w.add("a.kind = ?", f.Kind)
		}
		if f.Topic != "" {
			w.add("EXISTS (SELECT 1 FROM article_topics x JOIN topics tp ON tp.id = x.topic_id WHERE x.article_id = a.id AND tp.name = ?)",
				praxis.NormalizeTopic(f.Topic))
		}
		if f.Mine {
			if actor == nil {
				return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your articles.")
			}
			w.add(`(EXISTS (SELECT 1 FROM article_authors x WHERE x.article_id = a.id AND x.user_id = $1)
				OR EXISTS (SELECT 1 FROM article_stewards x WHERE x.article_id = a.id AND x.user_id = $1))`)
		}
		from := articleFrom + viewerJoin
		if err := tx.QueryRowContext(ctx, `SELECT count(*)`+from+` WHERE `+w.sql(), w.args...).Scan(&out.Total); err != nil {
			return err
		}
		if f.Cursor != "" {
			key, id, err := decodeCursor(f.Cursor)
			if err != nil {
				return err
			}
			w.add("(a.updated_at < ? OR (a.updated_at = ? AND a.id < ?))", key, key, id)
		}
		limit := sqlLimit(f.Limit + 1)
		rows, err := tx.QueryContext(ctx, `SELECT `+articleListColumns+from+` WHERE `+w.sql()+
			` ORDER BY a.updated_at DESC, a.id DESC LIMIT `+limit, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return err
			}
			if len(out.Articles) == f.Limit {
				last := out.Articles[len(out.Articles)-1]
				out.NextCursor = encodeCursor(ms(last.UpdatedAt), last.ID)
				break
			}
			out.Articles = append(out.Articles, a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.fillArticles(ctx, actor, out.Articles)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// filterNeedsReview selects the published articles past their review-by date.
const filterNeedsReview = "needs-review"

func isArticleKind(kind string) bool {
	for _, k := range praxis.ArticleKinds {
		if k.Value == kind {
			return true
		}
	}
	return false
}

// activeMemberIDs resolves handles to active, unsuspended members of a
// community, in order and without repeats; anyone else is a field error.
func (tx *Tx) activeMemberIDs(ctx context.Context, communityID int64, handles []string, field string) ([]int64, error) {
	return tx.resolveHandles(ctx, handles, field, "@%s is not a member of this community.",
		` JOIN memberships m ON m.user_id = u.id WHERE m.community_id = $1 AND m.state = 'active' AND NOT u.suspended`, communityID)
}

// withFirst returns ids with first at their head, without repeats.
func withFirst(first int64, ids []int64) []int64 {
	out := []int64{first}
	for _, id := range ids {
		if id != first {
			out = append(out, id)
		}
	}
	return out
}

// newArticle is what insertArticle writes.
type newArticle struct {
	communityID int64
	kind, title string
	source      string
	rendered    praxis.Rendered
	reviewBy    string
	copiedFrom  int64
	creatorID   int64
	authors     []int64
	stewards    []int64
	topicIDs    []int64
	summary     string // of revision 1
}

// insertArticle writes a draft with its first revision, people and topics.
func (tx *Tx) insertArticle(ctx context.Context, n newArticle) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO articles (community_id, kind, title, source, html, excerpt, status, review_by,
			copied_from, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9, $10, $10) RETURNING id`,
		n.communityID, n.kind, n.title, n.source, n.rendered.HTML, excerpt(n.rendered.Text, 240), n.reviewBy,
		nullID(n.copiedFrom), nullID(n.creatorID), ms(tx.now)).Scan(&id); err != nil {
		return 0, err
	}
	tx.reindex(praxis.SearchArticle, id)
	if err := tx.addRevision(ctx, id, 1, n.creatorID, n.title, n.source, n.summary); err != nil {
		return 0, err
	}
	if err := tx.addAuthors(ctx, id, n.authors); err != nil {
		return 0, err
	}
	if err := tx.setStewards(ctx, id, n.stewards); err != nil {
		return 0, err
	}
	return id, tx.setArticleTopics(ctx, id, n.topicIDs)
}

func (tx *Tx) addRevision(ctx context.Context, articleID int64, number int, authorID int64, title, source, summary string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO article_revisions (article_id, number, author_id, title, source, summary, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, articleID, number, nullID(authorID), title, source, summary, ms(tx.now))
	return err
}

// addAuthors credits people after the article's current authors.
func (tx *Tx) addAuthors(ctx context.Context, articleID int64, ids []int64) error {
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_authors (article_id, user_id, position)
			SELECT $1, $2, COALESCE(max(position) + 1, 0) FROM article_authors WHERE article_id = $1
			ON CONFLICT (article_id, user_id) DO NOTHING`, articleID, id); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) setStewards(ctx context.Context, articleID int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM article_stewards WHERE article_id = $1`, articleID); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_stewards (article_id, user_id) VALUES ($1, $2)`, articleID, id); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) setArticleTopics(ctx context.Context, articleID int64, topicIDs []int64) error {
	tx.reindex(praxis.SearchArticle, articleID)
	if _, err := tx.ExecContext(ctx, `DELETE FROM article_topics WHERE article_id = $1`, articleID); err != nil {
		return err
	}
	for _, id := range topicIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_topics (article_id, topic_id) VALUES ($1, $2)`, articleID, id); err != nil {
			return err
		}
	}
	return nil
}

// linkArticleAttachments links to an article the attachments its markdown
// points to that the writer uploaded to the article's community and no
// post has claimed, and those of the posts in postIDs (the posts an
// article is written from). Links stay when the text stops pointing to a
// file, as a post's do, so that old revisions still show their files.
func (tx *Tx) linkArticleAttachments(ctx context.Context, articleID, communityID, writerID int64, markdown string, postIDs []int64) error {
	ids := praxis.AttachmentRefs(markdown)
	if len(ids) == 0 {
		return nil
	}
	args := []any{articleID, communityID, writerID}
	cond := "(uploader_id = $3 AND post_id IS NULL)"
	if len(postIDs) > 0 {
		cond = "(" + cond + " OR post_id IN (" + inList(&args, postIDs) + "))"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO article_attachments (article_id, attachment_id)
		SELECT $1, id FROM attachments WHERE id IN (`+inList(&args, ids)+`) AND community_id = $2 AND `+cond+`
		ON CONFLICT (article_id, attachment_id) DO NOTHING`, args...)
	return err
}

// CreateArticle writes a draft in a community's knowledge base. Active
// members write; the writer is its first author and steward, with the
// stewards named (active members, at most praxis.MaxStewards in all). A
// review-by date given now is kept for publication.
func (db *DB) CreateArticle(ctx context.Context, actor *praxis.User, slug string, in praxis.ArticleInput) (*praxis.Article, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to write an article.")
	}
	if err := in.Validate(true, db.now()); err != nil {
		return nil, err
	}
	title, body := strings.TrimSpace(*in.Title), strings.TrimSpace(*in.Body)
	r := db.render.Render(body)
	var a *praxis.Article
	err := db.update(ctx, func(tx *Tx) error {
		c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if !p.Participate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to write in its knowledge base.", c.Name)
		}
		named, err := tx.activeMemberIDs(ctx, c.ID, in.Stewards, "stewards")
		if err != nil {
			return err
		}
		stewards := withFirst(actor.ID, named)
		if len(stewards) > praxis.MaxStewards {
			return &praxis.Error{Code: praxis.EINVALID, Message: "Name at most 5 stewards, yourself included.",
				Fields: map[string]string{"stewards": "Name at most 5 stewards, yourself included."}}
		}
		topicIDs, err := tx.topicIDs(ctx, c.ID, actor.ID, in.Topics, p.Moderate)
		if err != nil {
			return err
		}
		reviewBy := ""
		if in.ReviewBy != nil {
			reviewBy = *in.ReviewBy
		}
		id, err := tx.insertArticle(ctx, newArticle{communityID: c.ID, kind: *in.Kind, title: title, source: body, rendered: r,
			reviewBy: reviewBy, creatorID: actor.ID, authors: []int64{actor.ID}, stewards: stewards, topicIDs: topicIDs,
			summary: strings.TrimSpace(in.Summary)})
		if err != nil {
			return err
		}
		if err := tx.linkArticleAttachments(ctx, id, c.ID, actor.ID, body, nil); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbArticleDrafted, "article", id, title); err != nil {
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

// ArticleFromThread drafts an article from a conversation that has an
// answer: a solved question, or any thread with replies. The draft, in the
// thread's community, holds the question, the accepted answer and up to
// two other replies, the most helpful ones (with at least one vote when an
// answer was accepted; the first replies break ties), each credited to its
// author, who becomes an author of the article. Deleted and hidden posts
// are left out. A question becomes an FAQ, anything else a lesson learned;
// the writer may change the kind. The article lists the thread among its
// sources, and the thread lists the article (ArticlesFromThread).
func (db *DB) ArticleFromThread(ctx context.Context, actor *praxis.User, threadID int64) (*praxis.Article, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to write an article.")
	}
	var a *praxis.Article
	err := db.update(ctx, func(tx *Tx) error {
		t, c, p, err := tx.visibleThread(ctx, actor, threadID)
		if err != nil {
			return err
		}
		if !p.Participate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to write in its knowledge base.", c.Name)
		}
		if t.Status == statusDeleted {
			return praxis.Errorf(praxis.EINVALID, "This conversation was deleted.")
		}
		posts, err := tx.posts(ctx, "p.thread_id = $1 AND p.deleted_at IS NULL AND p.hidden_at IS NULL", t.ID)
		if err != nil {
			return err
		}
		var opening, accepted *praxis.Post
		var others []*praxis.Post
		for _, post := range posts {
			switch {
			case post.Opening:
				opening = post
			case post.ID == t.AcceptedPostID:
				accepted = post
			default:
				others = append(others, post)
			}
		}
		if opening == nil {
			return praxis.Errorf(praxis.EINVALID, "This conversation has no question to write down.")
		}
		// The most helpful first; the first replies break ties (posts come by id).
		for i := 1; i < len(others); i++ {
			for j := i; j > 0 && others[j].Helpful > others[j-1].Helpful; j-- {
				others[j], others[j-1] = others[j-1], others[j]
			}
		}
		var answers []*praxis.Post
		if accepted != nil {
			answers = append(answers, accepted)
		}
		for i, o := range others {
			if i == 2 || (accepted != nil && o.Helpful == 0) {
				break
			}
			answers = append(answers, o)
		}
		if len(answers) == 0 {
			return &praxis.Error{Code: praxis.EINVALID, Message: "This conversation has no answer yet: write it down once someone has answered."}
		}
		body := threadArticleBody(t, opening, answers, accepted != nil)
		for utf8.RuneCountInString(body) > praxis.MaxBodyLen && len(answers) > 1 {
			answers = answers[:len(answers)-1]
			body = threadArticleBody(t, opening, answers, accepted != nil)
		}
		if utf8.RuneCountInString(body) > praxis.MaxBodyLen {
			return praxis.Errorf(praxis.EINVALID, "This conversation is too long to turn into one article; write it by hand.")
		}
		authors := []int64{actor.ID}
		postIDs := []int64{opening.ID}
		for _, post := range append([]*praxis.Post{opening}, answers...) {
			if post.Author.ID != 0 {
				authors = append(authors, post.Author.ID)
			}
			postIDs = append(postIDs, post.ID)
		}
		kind := praxis.ArticleLesson
		if t.Kind == praxis.KindQuestion {
			kind = praxis.ArticleFAQ
		}
		topicIDs, err := tx.topicIDs(ctx, c.ID, actor.ID, t.Topics, p.Moderate)
		if err != nil {
			return err
		}
		title := []rune(t.Title)
		if len(title) > praxis.MaxArticleTitleLen {
			title = title[:praxis.MaxArticleTitleLen]
		}
		id, err := tx.insertArticle(ctx, newArticle{communityID: c.ID, kind: kind, title: string(title), source: body,
			rendered: db.render.Render(body), creatorID: actor.ID, authors: withFirst(actor.ID, authors), stewards: []int64{actor.ID},
			topicIDs: topicIDs, summary: "Written from a conversation"})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_sources (article_id, thread_id) VALUES ($1, $2)`, id, t.ID); err != nil {
			return err
		}
		if err := tx.linkArticleAttachments(ctx, id, c.ID, actor.ID, body, postIDs); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbArticleDrafted, "article", id, string(title)); err != nil {
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

// threadArticleBody writes the markdown of an article drafted from a
// thread: the question and the answers as sections, each credited.
func threadArticleBody(t *praxis.Thread, opening *praxis.Post, answers []*praxis.Post, firstAccepted bool) string {
	credit := func(verb string, p praxis.PersonRef) string {
		if p.Handle == "" {
			return "*" + verb + " by a former member.*"
		}
		return "*" + verb + " by @" + p.Handle + ".*"
	}
	var b strings.Builder
	b.WriteString("## The question\n\n")
	b.WriteString(opening.Source)
	b.WriteString("\n\n" + credit("Asked", opening.Author) + "\n")
	for i, p := range answers {
		switch {
		case i == 0 && firstAccepted:
			b.WriteString("\n## The accepted answer\n\n")
		case i == 0:
			b.WriteString("\n## An answer\n\n")
		default:
			b.WriteString("\n## Another answer\n\n")
		}
		b.WriteString(p.Source)
		b.WriteString("\n\n" + credit("Answered", p.Author) + "\n")
	}
	b.WriteString("\n---\n\nWritten down from the conversation [" + markdownText(t.Title) + "](" + t.Path() + ").\n")
	return b.String()
}

// markdownText escapes the characters that would end a link's text.
func markdownText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(s)
}

// ArticlesFromThread lists the articles written from a thread that actor
// may see, oldest first.
func (db *DB) ArticlesFromThread(ctx context.Context, actor *praxis.User, threadID int64) ([]*praxis.ArticleRef, error) {
	var out []*praxis.ArticleRef
	err := db.view(ctx, func(tx *Tx) error {
		t, _, _, err := tx.visibleThread(ctx, actor, threadID)
		if err != nil {
			return err
		}
		out, err = tx.articlesFromThread(ctx, actor, t.ID)
		return err
	})
	return out, err
}

// articlesFromThread lists the articles written from a thread that actor
// may see; ThreadPage reads them with the page.
func (tx *Tx) articlesFromThread(ctx context.Context, actor *praxis.User, threadID int64) ([]*praxis.ArticleRef, error) {
	w := viewerWhere(actor)
	return tx.articleRefs(ctx, actor, "a.id IN (SELECT s.article_id FROM article_sources s WHERE s.thread_id = "+w.next(threadID)+")", w)
}

// ArticlePage returns an article with what its page shows. Reviews are
// the draft's working conversation: they are shown to those who may edit
// the article and to its reviewers, not to every reader.
func (db *DB) ArticlePage(ctx context.Context, actor *praxis.User, articleID int64) (*praxis.ArticlePage, error) {
	var ap *praxis.ArticlePage
	err := db.view(ctx, func(tx *Tx) error {
		a, c, x, err := tx.visibleArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		if err := tx.fillArticles(ctx, actor, []*praxis.Article{a}); err != nil {
			return err
		}
		ap = &praxis.ArticlePage{Article: a, Community: c, Perm: x.perm, CanEdit: x.canEdit(), CanReview: x.canReview(a.Status),
			Reviews: []*praxis.Review{}, Reuses: []*praxis.Reuse{}}
		if x.canEdit() || x.reviewer {
			if ap.Reviews, err = tx.reviews(ctx, a.ID); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT u.id, u.handle, u.display_name, u.organization, r.note, r.created_at
			FROM article_reuses r JOIN users u ON u.id = r.user_id WHERE r.article_id = $1 ORDER BY r.created_at DESC, u.id`, a.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			r := &praxis.Reuse{}
			var at int64
			if err := rows.Scan(&r.Member.ID, &r.Member.Handle, &r.Member.Name, &r.Member.Organization, &r.Note, &at); err != nil {
				rows.Close()
				return err
			}
			r.CreatedAt = fromMS(at)
			ap.UsedByMe = ap.UsedByMe || (actor != nil && r.Member.ID == actor.ID)
			ap.Reuses = append(ap.Reuses, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		w := viewerWhere(actor)
		ap.Copies, err = tx.articleRefs(ctx, actor, "a.copied_from = "+w.next(a.ID), w)
		return err
	})
	return ap, err
}

// UpdateArticle edits an article. Its authors and stewards (while active
// members) and the community's coordinators edit; an archived article is
// not edited (ECONFLICT) but published again first. A change of title or
// body is a new revision, with the summary given, and removes the
// verified mark, which vouched for the text as it was. Stewards, when
// given, replace the current ones (a published article keeps at least
// one); an empty review-by date leaves it as it is.
func (db *DB) UpdateArticle(ctx context.Context, actor *praxis.User, articleID int64, in praxis.ArticleInput) (*praxis.Article, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to edit.")
	}
	if err := in.Validate(false, db.now()); err != nil {
		return nil, err
	}
	var a *praxis.Article
	err := db.update(ctx, func(tx *Tx) error {
		cur, c, x, err := tx.editableArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		if cur.Status == praxis.ArticleArchived {
			return praxis.Errorf(praxis.ECONFLICT, "This article is archived; publish it again to edit it.")
		}
		changed := false
		if in.Stewards != nil {
			ids, err := tx.activeMemberIDs(ctx, c.ID, in.Stewards, "stewards")
			if err != nil {
				return err
			}
			if len(ids) == 0 && cur.Status == praxis.ArticlePublished {
				return &praxis.Error{Code: praxis.EINVALID, Message: "A published article needs a steward.",
					Fields: map[string]string{"stewards": "Name a steward: someone who keeps this article up to date."}}
			}
			if err := tx.setStewards(ctx, cur.ID, ids); err != nil {
				return err
			}
			changed = true
		}
		if in.Topics != nil {
			ids, err := tx.topicIDs(ctx, c.ID, actor.ID, in.Topics, x.perm.Moderate)
			if err != nil {
				return err
			}
			if err := tx.setArticleTopics(ctx, cur.ID, ids); err != nil {
				return err
			}
			changed = true
		}
		kind, reviewBy := cur.Kind, cur.ReviewBy
		if in.Kind != nil {
			kind = *in.Kind
		}
		if in.ReviewBy != nil && *in.ReviewBy != "" {
			if err := checkReviewBy(*in.ReviewBy, tx.now); err != nil {
				return err
			}
			reviewBy = *in.ReviewBy
		}
		if kind != cur.Kind || reviewBy != cur.ReviewBy {
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET kind = $1, review_by = $2, updated_at = $3 WHERE id = $4`,
				kind, reviewBy, ms(tx.now), cur.ID); err != nil {
				return err
			}
			tx.reindex(praxis.SearchArticle, cur.ID)
			changed = true
		}
		title, source := cur.Title, cur.Source
		if in.Title != nil {
			title = strings.TrimSpace(*in.Title)
		}
		if in.Body != nil {
			source = strings.TrimSpace(*in.Body)
		}
		if title != cur.Title || source != cur.Source {
			if err := tx.reviseArticle(ctx, cur.ID, c.ID, actor.ID, title, source, strings.TrimSpace(in.Summary)); err != nil {
				return err
			}
			changed = true
		} else if changed {
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET updated_at = $1 WHERE id = $2`, ms(tx.now), cur.ID); err != nil {
				return err
			}
			tx.reindex(praxis.SearchArticle, cur.ID)
		}
		if changed {
			if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbArticleEdited, "article", cur.ID, title); err != nil {
				return err
			}
		}
		a, err = tx.articleWithDetails(ctx, actor, cur.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// reviseArticle makes title and source current as a new revision, links
// the files the text shows, and removes the verified mark.
func (tx *Tx) reviseArticle(ctx context.Context, articleID, communityID, authorID int64, title, source, summary string) error {
	tx.reindex(praxis.SearchArticle, articleID)
	r := tx.db.render.Render(source)
	var number int
	if err := tx.QueryRowContext(ctx, `UPDATE articles SET title = $1, source = $2, html = $3, excerpt = $4, revision = revision + 1,
			verified_by = NULL, verified_at = NULL, updated_at = $5 WHERE id = $6 RETURNING revision`,
		title, source, r.HTML, excerpt(r.Text, 240), ms(tx.now), articleID).Scan(&number); err != nil {
		return err
	}
	if err := tx.addRevision(ctx, articleID, number, authorID, title, source, summary); err != nil {
		return err
	}
	return tx.linkArticleAttachments(ctx, articleID, communityID, authorID, source, nil)
}

// ArticleRevisions lists an article's revisions, newest first, to whoever
// may see the article.
func (db *DB) ArticleRevisions(ctx context.Context, actor *praxis.User, articleID int64) ([]*praxis.ArticleRevision, error) {
	var out []*praxis.ArticleRevision
	err := db.view(ctx, func(tx *Tx) error {
		a, _, _, err := tx.visibleArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT r.number, r.title, r.source, r.summary, r.created_at,
				COALESCE(u.id, 0), COALESCE(u.handle, ''), COALESCE(u.display_name, ''), COALESCE(u.organization, '')
			FROM article_revisions r LEFT JOIN users u ON u.id = r.author_id WHERE r.article_id = $1 ORDER BY r.number DESC`, a.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := &praxis.ArticleRevision{}
			var at int64
			if err := rows.Scan(&r.Number, &r.Title, &r.Source, &r.Summary, &at,
				&r.Author.ID, &r.Author.Handle, &r.Author.Name, &r.Author.Organization); err != nil {
				return err
			}
			r.CreatedAt = fromMS(at)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// RestoreRevision makes an old revision's title and text current again as
// a new revision ("Restored version N"); history is never rewritten. A
// number this article does not have is ENOTFOUND, whichever article has
// it. Restoring what is already current changes nothing.
func (db *DB) RestoreRevision(ctx context.Context, actor *praxis.User, articleID int64, number int) (*praxis.Article, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to restore a version.")
	}
	var a *praxis.Article
	err := db.update(ctx, func(tx *Tx) error {
		cur, c, _, err := tx.editableArticle(ctx, actor, articleID)
		if err != nil {
			return err
		}
		var title, source string
		err = tx.QueryRowContext(ctx, `SELECT title, source FROM article_revisions WHERE article_id = $1 AND number = $2`,
			cur.ID, number).Scan(&title, &source)
		if isNoRows(err) {
			return notFound("This article has no version %d.", number)
		} else if err != nil {
			return err
		}
		if cur.Status == praxis.ArticleArchived {
			return praxis.Errorf(praxis.ECONFLICT, "This article is archived; publish it again to restore a version.")
		}
		if title != cur.Title || source != cur.Source {
			if err := tx.reviseArticle(ctx, cur.ID, c.ID, actor.ID, title, source, "Restored version "+strconv.Itoa(number)); err != nil {
				return err
			}
			if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbArticleEdited, "article", cur.ID, title); err != nil {
				return err
			}
		}
		a, err = tx.articleWithDetails(ctx, actor, cur.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
