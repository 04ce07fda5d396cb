package sqlstore

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"praxis"
)

// maxHarvestNotesLen bounds a harvest's notes.
const maxHarvestNotesLen = 10000

// harvestToDoWindow is how far back the coordinators' to-do list looks.
const harvestToDoWindow = 90 * 24 * time.Hour

// SaveHarvest stores what hosts gathered after an occurrence: notes and
// links to slides or recordings. Saving nothing clears the harvest.
func (db *DB) SaveHarvest(ctx context.Context, actor *praxis.User, occurrenceID int64, h praxis.Harvest) error {
	notes := strings.TrimSpace(strings.ReplaceAll(h.Notes, "\r\n", "\n"))
	var v praxis.Validation
	if utf8.RuneCountInString(notes) > maxHarvestNotesLen {
		v.Add("notes", "The notes are too long: at most 10000 characters.")
	}
	links := []string{}
	for _, l := range h.Links {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if !webURL(l) {
			v.Add("links", "Enter each link as a full address starting with https://.")
		}
		links = append(links, l)
	}
	if len(links) > praxis.MaxHarvestLinks {
		v.Add("links", "Add at most 20 links.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		o, s, err := tx.hostableOccurrence(ctx, actor, occurrenceID)
		if err != nil {
			return err
		}
		if o.Cancelled {
			return praxis.Errorf(praxis.EINVALID, "This occurrence was cancelled: there is nothing to harvest.")
		}
		if o.StartsAt.After(tx.now) {
			return praxis.Errorf(praxis.EINVALID, "Harvest an event once it has taken place.")
		}
		var harvested any
		if notes != "" || len(links) > 0 {
			harvested = ms(tx.now)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_occurrences SET harvest_notes = $1, harvest_links = $2, harvested_at = $3 WHERE id = $4`,
			notes, strings.Join(links, "\n"), harvested, o.ID); err != nil {
			return err
		}
		return tx.logActivity(ctx, s.c.ID, actor.ID, praxis.VerbHarvested, "occurrence", o.ID, activitySummary(s.e))
	})
}

// HarvestArticle drafts "lessons from this event" in the community's
// knowledge base: a lesson-learned article titled "Lessons from <title>
// (<date>)" holding the harvest's notes and links, written by actor and
// linked to the occurrence. When the occurrence already has its article,
// that one is returned.
func (db *DB) HarvestArticle(ctx context.Context, actor *praxis.User, occurrenceID int64) (*praxis.Article, error) {
	var a *praxis.Article
	err := db.update(ctx, func(tx *Tx) error {
		o, s, err := tx.hostableOccurrence(ctx, actor, occurrenceID)
		if err != nil {
			return err
		}
		if !s.acc.perm.Participate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to write in its knowledge base.", s.c.Name)
		}
		if o.ArticleID != 0 {
			if _, _, _, err := tx.visibleArticle(ctx, actor, o.ArticleID); praxis.ErrorCode(err) == praxis.ENOTFOUND {
				return praxis.Errorf(praxis.EFORBIDDEN, "The lessons of this event are being drafted already; ask its authors to share the draft.")
			} else if err != nil {
				return err
			}
			a, err = tx.articleWithDetails(ctx, actor, o.ArticleID)
			return err
		}
		if o.Cancelled {
			return praxis.Errorf(praxis.EINVALID, "This occurrence was cancelled: there is nothing to learn from it.")
		}
		if o.StartsAt.After(tx.now) {
			return praxis.Errorf(praxis.EINVALID, "Draft the lessons of an event once it has taken place.")
		}
		var notes, links string
		if err := tx.QueryRowContext(ctx, `SELECT harvest_notes, harvest_links FROM event_occurrences WHERE id = $1`, o.ID).Scan(&notes, &links); err != nil {
			return err
		}
		title := harvestTitle(s.e, o)
		body := harvestBody(s.e, o, notes, splitLinks(links))
		id, err := tx.insertArticle(ctx, newArticle{communityID: s.c.ID, kind: praxis.ArticleLesson, title: title, source: body,
			rendered: db.render.Render(body), creatorID: actor.ID, authors: []int64{actor.ID}, stewards: []int64{actor.ID},
			summary: "Written from an event"})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_occurrences SET article_id = $1, harvested_at = COALESCE(harvested_at, $2) WHERE id = $3`,
			id, ms(tx.now), o.ID); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, s.c.ID, actor.ID, praxis.VerbArticleDrafted, "article", id, title); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, s.c.ID, actor.ID, praxis.VerbHarvested, "occurrence", o.ID, activitySummary(s.e)); err != nil {
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

// harvestTitle is "Lessons from <title> (<date>)", the date local to the
// event, within the length of an article's title.
func harvestTitle(e *praxis.Event, o *praxis.Occurrence) string {
	date := " (" + o.StartsAt.In(e.Start.Location()).Format("2006-01-02") + ")"
	title := []rune(e.Title)
	if room := praxis.MaxArticleTitleLen - utf8.RuneCountInString("Lessons from "+date); len(title) > room {
		title = append(title[:room-1], '…')
	}
	return "Lessons from " + string(title) + date
}

// harvestBody is the markdown of a harvested article: the notes and links,
// or headings to fill in when there are none yet.
func harvestBody(e *praxis.Event, o *praxis.Occurrence, notes string, links []string) string {
	var b strings.Builder
	b.WriteString("*From " + markdownText(e.Title) + ", on " + o.StartsAt.In(e.Start.Location()).Format("2 January 2006") + ".*\n\n")
	if notes != "" {
		b.WriteString("## Notes\n\n" + notes + "\n\n")
	} else {
		b.WriteString("## What happened\n\n## What we learned\n\n## What we would do differently\n\n")
	}
	if len(links) > 0 {
		b.WriteString("## Slides and recordings\n\n")
		for _, l := range links {
			b.WriteString("- <" + l + ">\n")
		}
	}
	body := strings.TrimSpace(b.String())
	if r := []rune(body); len(r) > praxis.MaxBodyLen {
		body = string(r[:praxis.MaxBodyLen])
	}
	return body
}

// HarvestToDo lists, for the coordinators, the occurrences of the last 90
// days that ended more than DefaultHarvestDays ago, took place (were not
// cancelled) and have neither a harvest nor an article yet, oldest first.
func (db *DB) HarvestToDo(ctx context.Context, actor *praxis.User, slug string) ([]*praxis.Occurrence, error) {
	var out []*praxis.Occurrence
	err := db.view(ctx, func(tx *Tx) error {
		c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if !p.Moderate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Only the coordinators of %s see what is left to harvest.", c.Name)
		}
		w := viewerWhere(actor)
		w.add("o.community_id = ? AND NOT o.cancelled AND o.harvested_at IS NULL AND o.article_id IS NULL", c.ID)
		w.add("o.ends_at < ? AND o.ends_at >= ?", ms(tx.now.Add(-praxis.DefaultHarvestDays*24*time.Hour)), ms(tx.now.Add(-harvestToDoWindow)))
		occs, events, err := tx.occurrenceList(ctx, actor, w, "o.starts_at, o.id", maxOccurrenceLimit)
		if err != nil {
			return err
		}
		if err := tx.fillEvents(ctx, events, false); err != nil {
			return err
		}
		out = occs
		return tx.fillOccurrences(ctx, actor, occs)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
