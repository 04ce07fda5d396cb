package sqlstore

import (
	"context"
	"strings"

	"praxis"
)

// The lists of a community's threads, as parts that take a *Tx: the
// thread list and the community page read them in their own transaction.

// threadOrder bounds f's page size and returns the column its sort orders
// by. An unknown sort is refused before any query.
func threadOrder(f *praxis.ThreadFilter) (string, error) {
	if f.Limit <= 0 {
		f.Limit = praxis.DefaultPageSize
	} else if f.Limit > praxis.MaxPageSize {
		f.Limit = praxis.MaxPageSize
	}
	switch f.Sort {
	case "", praxis.SortActivity:
		return "t.last_activity_at", nil
	case praxis.SortNewest:
		return "t.created_at", nil
	case praxis.SortHelpful:
		return "t.helpful_count", nil
	}
	return "", praxis.Errorf(praxis.EINVALID, "Sort by activity, newest or helpful.")
}

// threadList lists a community's threads with keyset pagination; sortCol
// is threadOrder's answer for f.
func (tx *Tx) threadList(ctx context.Context, actor *praxis.User, communityID int64, f praxis.ThreadFilter, sortCol string) (*praxis.ThreadList, error) {
	out := &praxis.ThreadList{Threads: []*praxis.Thread{}}
	var w where
	w.add("t.community_id = ?", communityID)
	w.add("t.status <> ?", statusDeleted)
	// Without a filter the total is every thread not deleted, which
	// community_counts keeps; counting them took 280 ms in the busiest
	// community of the large bench organization.
	counted := len(w.conds)
	if f.Kind != "" {
		w.add("t.kind = ?", f.Kind)
	}
	switch f.Status {
	case "":
	case praxis.FilterUnanswered:
		w.add("t.kind = 'question' AND t.reply_count = 0 AND t.status = 'open'")
	case praxis.FilterUnsolved:
		w.add("t.kind = 'question' AND t.status = 'open'")
	case praxis.FilterSolved:
		w.add("t.status = 'solved'")
	default:
		return nil, praxis.Errorf(praxis.EINVALID, "The status filter is unanswered, unsolved or solved.")
	}
	if f.Topic != "" {
		w.add("EXISTS (SELECT 1 FROM thread_topics tt JOIN topics tp ON tp.id = tt.topic_id WHERE tt.thread_id = t.id AND tp.name = ?)",
			praxis.NormalizeTopic(f.Topic))
	}
	if f.Author != "" {
		w.add("u.handle = ?", strings.ToLower(strings.TrimPrefix(f.Author, "@")))
	}
	if f.Mine || f.Following {
		if actor == nil {
			return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your threads.")
		}
		if f.Mine {
			w.add("t.author_id = ?", actor.ID)
		}
		if f.Following {
			w.add("EXISTS (SELECT 1 FROM follows fo WHERE fo.user_id = ? AND fo.target_type = 'thread' AND fo.target_id = t.id)", actor.ID)
		}
	}
	if len(w.conds) == counted {
		if err := tx.QueryRowContext(ctx, `SELECT threads FROM community_counts WHERE community_id = $1`, communityID).Scan(&out.Total); err != nil {
			return nil, err
		}
	} else if err := tx.QueryRowContext(ctx, `SELECT count(*)`+threadFrom+` WHERE `+w.sql(), w.args...).Scan(&out.Total); err != nil {
		return nil, err
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, err
		}
		w.add("("+sortCol+" < ? OR ("+sortCol+" = ? AND t.id < ?))", key, key, id)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+threadColumns+threadFrom+` WHERE `+w.sql()+
		` ORDER BY `+sortCol+` DESC, t.id DESC LIMIT `+sqlLimit(f.Limit+1), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return nil, err
		}
		if len(out.Threads) == f.Limit {
			last := out.Threads[len(out.Threads)-1]
			out.NextCursor = encodeCursor(sortKey(last, f.Sort), last.ID)
			break
		}
		out.Threads = append(out.Threads, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if err := tx.loadTopics(ctx, out.Threads); err != nil {
		return nil, err
	}
	return out, nil
}

// pinned lists a community's pinned threads whose pin has not expired,
// at most ten, newest first.
func (tx *Tx) pinned(ctx context.Context, communityID int64) ([]*praxis.Thread, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+threadColumns+threadFrom+` WHERE t.community_id = $1 AND t.pinned
		AND t.status <> 'deleted' AND (t.pinned_until IS NULL OR t.pinned_until > $2) ORDER BY t.created_at DESC LIMIT 10`, communityID, ms(tx.now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*praxis.Thread
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
