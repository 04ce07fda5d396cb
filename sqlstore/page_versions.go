package sqlstore

import (
	"context"

	"praxis"
)

// The versions of what a page shows anonymous visitors, which triggers
// move (migrations 00012 and 00013), for the pages the web server keeps
// (web/pagecache.go). Each is one statement reading a few rows by their
// keys: one snapshot, no transaction to begin and end.

// ThreadVersion returns the versions of what the thread's page shows
// anonymous visitors.
func (db *DB) ThreadVersion(ctx context.Context, threadID int64) (praxis.PageVersion, error) {
	var v praxis.PageVersion
	err := db.pageVersion(ctx, &v, "There is no conversation at this address.", `SELECT c.visibility, t.version, c.version, s.version
		FROM threads t JOIN communities c ON c.id = t.community_id CROSS JOIN site_version s
		WHERE t.id = $1 AND s.id = 1`, threadID, &v.Thread, &v.Community, &v.Site)
	return v, err
}

// CommunityVersion returns the versions of what the community's page shows
// anonymous visitors.
func (db *DB) CommunityVersion(ctx context.Context, slug string) (praxis.PageVersion, error) {
	var v praxis.PageVersion
	err := db.pageVersion(ctx, &v, "There is no community at this address.", `SELECT c.visibility, c.version, x.page_version, x.members_version, s.version
		FROM communities c JOIN community_counts x ON x.community_id = c.id CROSS JOIN site_version s
		WHERE c.slug = $1 AND s.id = 1`, slug, &v.Community, &v.Contents, &v.Members, &v.Site)
	return v, err
}

// pageVersion runs query, whose first column is the community's
// visibility and the others the versions scanned into dest, and asks the
// policy whether an anonymous visitor may see the page.
func (db *DB) pageVersion(ctx context.Context, v *praxis.PageVersion, missing, query string, arg any, dest ...any) error {
	var c praxis.Community
	err := db.d.readDB.QueryRowContext(ctx, query, arg).Scan(append([]any{&c.Visibility}, dest...)...)
	if isNoRows(err) {
		return notFound("%s", missing)
	} else if err != nil {
		return err
	}
	v.Public = praxis.PermissionsFor(nil, &c, nil).View
	return nil
}
