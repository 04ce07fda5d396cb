package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"praxis"
)

// Limits on collections.
const (
	maxCollectionDescriptionLen = praxis.MaxStatementLen
	maxCollectionNoteLen        = 500
)

// Collections lists a community's collections, the "start here" ones
// first, then in the order they were made. Each item comes with its title
// and address; an item the viewer may not see (a draft, a deleted thread,
// a thread moved to another community) is left out.
func (db *DB) Collections(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.Collection, error) {
	var out []*praxis.Collection
	err := db.view(ctx, func(tx *Tx) error {
		c, _, _, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		out, err = tx.collections(ctx, actor, c.ID, 0)
		return err
	})
	return out, err
}

// collections loads a community's collections (or only the one with id,
// when id is not 0) with their visible items, in two queries.
func (tx *Tx) collections(ctx context.Context, actor *praxis.User, communityID, id int64) ([]*praxis.Collection, error) {
	cond := "community_id = $1"
	args := []any{communityID}
	if id != 0 {
		cond += " AND id = $2"
		args = append(args, id)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, title, description, start_here FROM collections WHERE `+cond+`
		ORDER BY start_here DESC, position, id`, args...)
	if err != nil {
		return nil, err
	}
	out := []*praxis.Collection{}
	byID := map[int64]*praxis.Collection{}
	for rows.Next() {
		col := &praxis.Collection{Items: []praxis.CollectionItem{}}
		if err := rows.Scan(&col.ID, &col.Title, &col.Description, &col.StartHere); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, col)
		byID[col.ID] = col
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	w := viewerWhere(actor)
	w.add("co.community_id = ?", communityID)
	if id != 0 {
		w.add("co.id = ?", id)
	}
	rows, err = tx.QueryContext(ctx, `SELECT ci.collection_id, COALESCE(ci.article_id, 0), COALESCE(ci.thread_id, 0), ci.note,
			c.slug, COALESCE(a.id, 0), COALESCE(a.title, ''), COALESCE(t.id, 0), COALESCE(t.title, '')
		FROM collection_items ci JOIN collections co ON co.id = ci.collection_id JOIN communities c ON c.id = co.community_id`+viewerJoin+`
		LEFT JOIN articles a ON a.id = ci.article_id AND a.community_id = c.id AND `+articleVisibleWhere+`
		LEFT JOIN threads t ON t.id = ci.thread_id AND t.community_id = c.id AND t.status <> 'deleted'
		WHERE `+w.sql()+` ORDER BY ci.collection_id, ci.position`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var colID, articleID, threadID, seenArticle, seenThread int64
		var note, slug, articleTitle, threadTitle string
		if err := rows.Scan(&colID, &articleID, &threadID, &note, &slug, &seenArticle, &articleTitle, &seenThread, &threadTitle); err != nil {
			return nil, err
		}
		item := praxis.CollectionItem{Note: note}
		switch {
		case articleID != 0 && seenArticle != 0:
			item.ArticleID, item.Title = articleID, articleTitle
			item.URL = (&praxis.Article{ID: articleID, CommunitySlug: slug}).Path()
		case threadID != 0 && seenThread != 0:
			item.ThreadID, item.Title = threadID, threadTitle
			item.URL = (&praxis.Thread{ID: threadID, CommunitySlug: slug, Title: threadTitle}).Path()
		default:
			continue
		}
		byID[colID].Items = append(byID[colID].Items, item)
	}
	return out, rows.Err()
}

// SaveCollection creates a collection (ID 0) or replaces one, items and
// all. Coordinators and core members curate. The title is required; each
// item is an article or a thread of this community that the curator may
// see, at most praxis.MaxCollectionItems, none twice.
func (db *DB) SaveCollection(ctx context.Context, actor *praxis.User, slug string, in praxis.Collection) (*praxis.Collection, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	var v praxis.Validation
	praxis.ValidateText(&v, "title", "The title", in.Title, praxis.MaxArticleTitleLen, true)
	praxis.ValidateText(&v, "description", "The description", in.Description, maxCollectionDescriptionLen, false)
	if len(in.Items) > praxis.MaxCollectionItems {
		v.Add("items", "A collection holds at most "+strconv.Itoa(praxis.MaxCollectionItems)+" items.")
	}
	var articleIDs, threadIDs []int64
	seen := map[praxis.CollectionItem]bool{}
	for i := range in.Items {
		it := &in.Items[i]
		it.Note = strings.TrimSpace(it.Note)
		key := praxis.CollectionItem{ArticleID: it.ArticleID, ThreadID: it.ThreadID}
		switch {
		case (it.ArticleID == 0) == (it.ThreadID == 0):
			v.Add("items", "Each item is one article or one conversation.")
		case seen[key]:
			v.Add("items", "An item appears twice; keep it once.")
		case it.ArticleID != 0:
			articleIDs = append(articleIDs, it.ArticleID)
		default:
			threadIDs = append(threadIDs, it.ThreadID)
		}
		seen[key] = true
		praxis.ValidateText(&v, "items", "A note", it.Note, maxCollectionNoteLen, false)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *praxis.Collection
	err := db.update(ctx, func(tx *Tx) error {
		c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if !p.Lead {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only coordinators and core members of %s curate its collections.", c.Name)
		}
		if err := tx.checkCollectionItems(ctx, actor, c.ID, articleIDs, threadIDs); err != nil {
			return err
		}
		if in.ID == 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO collections (community_id, title, description, start_here, position, created_by, created_at, updated_at)
				SELECT $1, $2, $3, $4, COALESCE(max(position) + 1, 0), $5, $6, $6 FROM collections WHERE community_id = $1 RETURNING id`,
				c.ID, in.Title, in.Description, in.StartHere, actor.ID, ms(tx.now)).Scan(&in.ID)
			if err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE collections SET title = $1, description = $2, start_here = $3, updated_at = $4
				WHERE id = $5 AND community_id = $6`, in.Title, in.Description, in.StartHere, ms(tx.now), in.ID, c.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return notFound("There is no such collection in %s.", c.Name)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM collection_items WHERE collection_id = $1`, in.ID); err != nil {
				return err
			}
		}
		for i, it := range in.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO collection_items (collection_id, position, article_id, thread_id, note)
				VALUES ($1, $2, $3, $4, $5)`, in.ID, i, nullID(it.ArticleID), nullID(it.ThreadID), it.Note); err != nil {
				return err
			}
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbEdited, "collection", in.ID, in.Title); err != nil {
			return err
		}
		cols, err := tx.collections(ctx, actor, c.ID, in.ID)
		if err != nil {
			return err
		}
		out = cols[0]
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkCollectionItems checks that the articles and threads are the
// community's and that actor may see them.
func (tx *Tx) checkCollectionItems(ctx context.Context, actor *praxis.User, communityID int64, articleIDs, threadIDs []int64) error {
	bad := func(what string, id int64) error {
		msg := what + " " + strconv.FormatInt(id, 10) + " is not one of this community's."
		return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"items": msg}}
	}
	found := map[int64]bool{}
	if len(articleIDs) > 0 {
		w := viewerWhere(actor)
		w.add("a.community_id = ?", communityID)
		refs, err := tx.articleRefs(ctx, actor, w.sql()+" AND a.id IN ("+inList(&w.args, articleIDs)+")", w)
		if err != nil {
			return err
		}
		for _, r := range refs {
			found[r.ID] = true
		}
		for _, id := range articleIDs {
			if !found[id] {
				return bad("Article", id)
			}
		}
	}
	if len(threadIDs) > 0 {
		args := []any{communityID}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM threads WHERE community_id = $1 AND status <> 'deleted' AND id IN (`+inList(&args, threadIDs)+`)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		clear(found)
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			found[id] = true
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range threadIDs {
			if !found[id] {
				return bad("Conversation", id)
			}
		}
	}
	return nil
}

// DeleteCollection removes a collection (coordinators and core members);
// its articles and threads stay.
func (db *DB) DeleteCollection(ctx context.Context, actor *praxis.User, slug string, id int64) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	return db.update(ctx, func(tx *Tx) error {
		c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if !p.Lead {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only coordinators and core members of %s curate its collections.", c.Name)
		}
		var title string
		err = tx.QueryRowContext(ctx, `DELETE FROM collections WHERE id = $1 AND community_id = $2 RETURNING title`, id, c.ID).Scan(&title)
		if isNoRows(err) {
			return notFound("There is no such collection in %s.", c.Name)
		} else if err != nil {
			return err
		}
		return tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbEdited, "collection", id, "removed the collection “"+title+"”")
	})
}
