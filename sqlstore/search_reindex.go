package sqlstore

import (
	"context"
	"fmt"

	"praxis"
)

// reindexBatch is how many objects one transaction of Reindex rebuilds.
const reindexBatch = 500

// searchSources are the tables search documents are made from, by kind, in
// the order Reindex rebuilds them.
var searchSources = []struct{ kind, table string }{
	{praxis.SearchCommunity, "communities"},
	{praxis.SearchMember, "users"},
	{praxis.SearchThread, "threads"},
	{praxis.SearchArticle, "articles"},
	{praxis.SearchEvent, "events"},
}

// Reindex rebuilds every search document from the live tables, kind by
// kind, in batches that each commit on their own: an interrupted rebuild
// leaves a usable index, and running it again finishes the work. Documents
// whose object no longer exists are deleted. progress, when not nil, hears
// the objects done and the total after every batch.
func (db *DB) Reindex(ctx context.Context, progress func(done, total int)) error {
	total := 0
	err := db.view(ctx, func(tx *Tx) error {
		for _, s := range searchSources {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+s.table).Scan(&n); err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	if err != nil {
		return err
	}
	done := 0
	report := func() {
		if progress != nil {
			progress(done, max(total, done))
		}
	}
	report()
	for _, s := range searchSources {
		var after int64
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			var ids []int64
			err := db.update(ctx, func(tx *Tx) error {
				rows, err := tx.QueryContext(ctx, `SELECT id FROM `+s.table+` WHERE id > $1 ORDER BY id LIMIT $2`, after, reindexBatch)
				if err != nil {
					return err
				}
				for rows.Next() {
					var id int64
					if err := rows.Scan(&id); err != nil {
						rows.Close()
						return err
					}
					ids = append(ids, id)
				}
				rows.Close()
				if err := rows.Err(); err != nil || len(ids) == 0 {
					return err
				}
				return tx.indexDocs(ctx, s.kind, ids)
			})
			if err != nil {
				return fmt.Errorf("reindex %s: %w", s.table, err)
			}
			if len(ids) == 0 {
				break
			}
			after = ids[len(ids)-1]
			done += len(ids)
			report()
		}
	}
	return db.update(ctx, func(tx *Tx) error {
		for _, s := range searchSources {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE kind = $1
				AND NOT EXISTS (SELECT 1 FROM `+s.table+` x WHERE x.id = search_docs.object_id)`, s.kind); err != nil {
				return err
			}
		}
		return tx.db.d.pruneSearchText(ctx, tx)
	})
}
