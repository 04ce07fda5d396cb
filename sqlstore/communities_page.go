package sqlstore

import (
	"context"

	"praxis"
)

// CommunityPage returns what a community's page shows, as actor sees it.
// The page was ten store calls, each its own transaction that looked the
// community and the viewer's membership up again: on PostgreSQL, where
// every statement is a round trip, that was most of its time. Here the
// community and the viewer's permissions are resolved once, and every
// part reads the same snapshot with the helpers the single-part methods
// use.
func (db *DB) CommunityPage(ctx context.Context, actor *praxis.User, slug string, o praxis.CommunityPageOptions) (*praxis.CommunityPage, error) {
	recent := praxis.ThreadFilter{Limit: o.Threads}
	sortCol, err := threadOrder(&recent)
	if err != nil {
		return nil, err
	}
	var pg *praxis.CommunityPage
	err = db.view(ctx, func(tx *Tx) error {
		c, m, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		pg = &praxis.CommunityPage{CommunityView: praxis.CommunityView{Community: c, Membership: m, Perm: p}}
		if pg.Goals, err = tx.goals(ctx, c.ID); err != nil {
			return err
		}
		if actor != nil {
			if pg.Following, err = tx.follows(ctx, actor.ID, praxis.FollowCommunity, c.ID); err != nil {
				return err
			}
		}
		if pg.Pinned, err = tx.pinned(ctx, c.ID); err != nil {
			return err
		}
		if pg.Recent, err = tx.threadList(ctx, actor, c.ID, recent, sortCol); err != nil {
			return err
		}
		if pg.Activity, err = tx.activity(ctx, actor, c.ID, o.Activity); err != nil {
			return err
		}
		if pg.Days, err = tx.dailyActivity(ctx, c.ID, o.Days); err != nil {
			return err
		}
		if pg.Rhythm, err = tx.rhythm(ctx, actor, c, o.RhythmMonths, false); err != nil {
			return err
		}
		if p.SeeMembers {
			if pg.Levels, err = tx.participationLevels(ctx, c.ID); err != nil {
				return err
			}
		}
		if p.ManageMembers {
			if pg.Pending, err = tx.pendingRequests(ctx, c.ID); err != nil {
				return err
			}
		}
		if !m.Active() || (m.JoinedAt != nil && m.JoinedAt.After(o.NewcomersSince)) {
			cs, err := tx.collections(ctx, actor, c.ID, 0)
			if err != nil {
				return err
			}
			for _, col := range cs {
				if col.StartHere && len(col.Items) > 0 {
					pg.StartHere = col
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return pg, nil
}
