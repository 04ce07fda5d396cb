package sqlstore

import (
	"context"
	"errors"

	"praxis"
)

// TODO(search): these are being built; they answer "not implemented" until then.
var errSearchTODO = errors.New("search: not implemented yet")

func (db *DB) Search(ctx context.Context, actor *praxis.User, q praxis.SearchQuery) (*praxis.SearchResult, error) {
	return nil, errSearchTODO
}

func (db *DB) Similar(ctx context.Context, actor *praxis.User, slug string, q praxis.SimilarQuery) ([]*praxis.SimilarHit, error) {
	return nil, errSearchTODO
}

func (db *DB) Related(ctx context.Context, actor *praxis.User, threadID int64, limit int) ([]*praxis.SimilarHit, error) {
	return nil, errSearchTODO
}

func (db *DB) MarkDuplicate(ctx context.Context, actor *praxis.User, threadID, originalID int64) (*praxis.Thread, error) {
	return nil, errSearchTODO
}

func (db *DB) RecurringQuestions(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.QuestionCluster, error) {
	return nil, errSearchTODO
}

func (db *DB) Reindex(ctx context.Context, progress func(done, total int)) error {
	return errSearchTODO
}
