package sqlstore

import (
	"context"
	"slices"
)

// searchKey names one search document: a kind (praxis.SearchThread, ...)
// and the id of the object it describes.
type searchKey struct {
	kind string
	id   int64
}

// reindex marks the search document of an object as stale: it is rebuilt
// from the live tables in the same transaction, just before the commit, so
// the index can never disagree with what was written. Every write that
// changes what a document holds (its text, topics, status, community or
// existence) calls it; TestSearchIndexMatchesReindex replays the demo and
// compares the index with a full rebuild to catch a write that forgot.
func (tx *Tx) reindex(kind string, ids ...int64) {
	if tx.stale == nil {
		tx.stale = map[searchKey]bool{}
	}
	for _, id := range ids {
		tx.stale[searchKey{kind, id}] = true
	}
}

// refreshSearch rebuilds the stale documents, kind by kind, in id order.
func (tx *Tx) refreshSearch(ctx context.Context) error {
	if len(tx.stale) == 0 {
		return nil
	}
	byKind := map[string][]int64{}
	for k := range tx.stale {
		byKind[k.kind] = append(byKind[k.kind], k.id)
	}
	tx.stale = nil
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, kind := range kinds {
		ids := byKind[kind]
		slices.Sort(ids)
		if err := tx.indexDocs(ctx, kind, ids); err != nil {
			return err
		}
	}
	return nil
}

// indexDocs rebuilds the documents of the given objects of one kind:
// deletes the old rows and inserts what the live tables hold now (nothing
// for an object that no longer exists or is not searchable).
func (tx *Tx) indexDocs(ctx context.Context, kind string, ids []int64) error {
	return nil // TODO(search): built next
}
