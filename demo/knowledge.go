package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"praxis"
	"praxis/sqlstore"
)

// kbArticle is an article of a demo knowledge base and its life, each step
// on its own day: drafted, revised, shared for review, published, verified,
// used, restored to an earlier revision, archived. Who does what is chosen
// so that every member stays at the participation level planned for them.
type kbArticle struct {
	kind, title, by string // title is empty when drafted from a thread, whose title it takes
	ago             int    // days before now it was drafted
	thread          string // drafted from this solved thread with ArticleFromThread
	from            *kbRef // adapted from this article with AdaptCopy
	topics          []string
	stewards        []string // besides the writer
	body            string   // markdown; {{ref:Title}} links to a thread of the community
	revisions       []kbRevision
	review          *kbReviewRound
	published       int // days before now, by the writer; 0 when never
	reviewMonths    int // from publication to the review-by date; 0: the community's period
	verifiedBy      string
	verifiedAgo     int
	reuses          []kbReuse
	restored        *kbRestore
	archived        int // days before now, by the writer; 0 when never
}

// name is the title the article is drafted with, by which the demo finds it.
func (a *kbArticle) name() string {
	switch {
	case a.thread != "":
		return a.thread
	case a.from != nil:
		return a.from.title
	}
	return a.title
}

// kbRef names an article by its community and the title it was drafted with.
type kbRef struct{ slug, title string }

// kbRevision is an edit: the fields set change. The text changes by
// replacing old with new (replace holds pairs), then a lead paragraph and a
// closing one are added around it.
type kbRevision struct {
	ago                       int
	by                        string
	kind, title, lead, tail   string
	replace, topics, stewards []string
	summary                   string
}

// kbReviewRound shares a draft for review, asked by its writer.
type kbReviewRound struct {
	ago       int
	reviewers []string
	reviews   []kbReview // those who answered
}

type kbReview struct {
	by             string
	ago            int
	state, comment string
}

// kbReuse is a member's "I used this".
type kbReuse struct {
	by   string
	ago  int
	note string
}

// kbRestore makes an earlier revision current again.
type kbRestore struct {
	by          string
	ago, number int
}

// kbCollection is a curated list of a community's articles and threads.
type kbCollection struct {
	title, description, by string
	ago                    int
	startHere              bool
	items                  []kbItem
}

// kbItem is an article (by the title it was drafted with) or a thread.
type kbItem struct{ article, thread, note string }

// The steps of an article's life, in the order they happen on one day.
const (
	phaseDraft = iota
	phaseRevise
	phaseRequest
	phaseReview
	phasePublish
	phaseVerify
	phaseRestore
	phaseReuse
	phaseArchive
)

// phaseHours is the local time of day each step happens at.
var phaseHours = [...][2]int{
	phaseDraft: {9, 40}, phaseRevise: {11, 15}, phaseRequest: {12, 5}, phaseReview: {14, 20},
	phasePublish: {15, 10}, phaseVerify: {16, 30}, phaseRestore: {13, 35}, phaseReuse: {10, 25}, phaseArchive: {16, 50},
}

// kbStep is one step of an article's life.
type kbStep struct {
	days, phase int
	by          string
	do          func(ctx context.Context, db *sqlstore.DB) error
}

// local returns hour:minute in handle's time zone, days before now.
func (s *seeder) local(days int, handle string, hm [2]int) time.Time {
	zone := s.zone(handle)
	y, m, d := s.now.Add(-time.Duration(days) * day).In(zone).Date()
	return time.Date(y, m, d, hm[0], hm[1], 0, 0, zone).UTC()
}

// threadEnd returns when the last post of a planned thread is written.
func (s *seeder) threadEnd(slug, title string) time.Time {
	var end time.Time
	prefix := key(slug, title) + "\x00"
	for _, p := range s.posts[slug] {
		if strings.HasPrefix(p.key, prefix) {
			end = later(end, p.at)
		}
	}
	return end
}

// planKnowledge plans a community's knowledge base: its articles, each
// through its life, and its collections.
func (s *seeder) planKnowledge(slug string) {
	for i := range knowledge[slug] {
		s.planArticle(slug, &knowledge[slug][i])
	}
	for i := range collections[slug] {
		s.planCollection(slug, &collections[slug][i])
	}
}

func (s *seeder) planArticle(slug string, a *kbArticle) {
	name := a.name()
	var steps []kbStep
	add := func(days, phase int, by, what string, do func(ctx context.Context, db *sqlstore.DB, id int64) error) {
		steps = append(steps, kbStep{days, phase, by, func(ctx context.Context, db *sqlstore.DB) error {
			id, ok := s.articleIDs[key(slug, name)]
			if !ok && phase != phaseDraft {
				return fmt.Errorf("article %q: %s before it was drafted", name, what)
			}
			if err := do(ctx, db, id); err != nil {
				return fmt.Errorf("article %q: %s by @%s: %w", name, what, by, err)
			}
			return nil
		}})
	}

	add(a.ago, phaseDraft, a.by, "draft", func(ctx context.Context, db *sqlstore.DB, _ int64) error {
		made, err := s.draft(ctx, db, slug, a)
		if err != nil {
			return err
		}
		s.articleIDs[key(slug, name)] = made.ID
		return nil
	})
	for _, r := range a.revisions {
		add(r.ago, phaseRevise, r.by, "revision", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			return s.revise(ctx, db, slug, id, r)
		})
	}
	if rv := a.review; rv != nil {
		add(rv.ago, phaseRequest, a.by, "review request", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			return db.RequestReview(ctx, s.user(a.by), id, rv.reviewers)
		})
		for _, r := range rv.reviews {
			add(r.ago, phaseReview, r.by, "review", func(ctx context.Context, db *sqlstore.DB, id int64) error {
				return db.ReviewArticle(ctx, s.user(r.by), id, r.state, r.comment)
			})
		}
	}
	if a.published > 0 {
		add(a.published, phasePublish, a.by, "publication", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			reviewBy := ""
			if a.reviewMonths > 0 {
				reviewBy = s.now.AddDate(0, 0, -a.published).AddDate(0, a.reviewMonths, 0).Format(time.DateOnly)
			}
			_, err := db.Publish(ctx, s.user(a.by), id, reviewBy)
			return err
		})
	}
	if a.verifiedBy != "" {
		add(a.verifiedAgo, phaseVerify, a.verifiedBy, "verification", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			return db.Verify(ctx, s.user(a.verifiedBy), id, true)
		})
	}
	if r := a.restored; r != nil {
		add(r.ago, phaseRestore, r.by, "restore", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			_, err := db.RestoreRevision(ctx, s.user(r.by), id, r.number)
			return err
		})
	}
	for _, u := range a.reuses {
		add(u.ago, phaseReuse, u.by, "reuse", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			return db.RecordReuse(ctx, s.user(u.by), id, u.note)
		})
	}
	if a.archived > 0 {
		add(a.archived, phaseArchive, a.by, "archiving", func(ctx context.Context, db *sqlstore.DB, id int64) error {
			return db.Archive(ctx, s.user(a.by), id)
		})
	}

	// Day by day, each day in the order of an article's life; every step
	// at least a minute after the one before, and a draft from a thread
	// after the thread's answer was accepted (at most eight hours after
	// its last reply).
	sort.SliceStable(steps, func(i, j int) bool {
		if steps[i].days != steps[j].days {
			return steps[i].days > steps[j].days
		}
		return steps[i].phase < steps[j].phase
	})
	var prev time.Time
	if a.thread != "" {
		prev = s.threadEnd(slug, a.thread).Add(9 * time.Hour)
	}
	for _, st := range steps {
		at := s.past(later(s.local(st.days, st.by, phaseHours[st.phase]), prev.Add(time.Minute)))
		prev = at
		s.add(at, slug, []string{st.by}, st.do)
		if st.phase == phaseDraft && a.from != nil {
			s.count(at, a.from.slug, st.by) // adapting is logged as a use of the original
		}
	}
}

// draft writes an article's first revision: by hand, from a thread, or as
// an adapted copy of another community's article.
func (s *seeder) draft(ctx context.Context, db *sqlstore.DB, slug string, a *kbArticle) (*praxis.Article, error) {
	switch {
	case a.thread != "":
		t, ok := s.threads[key(slug, a.thread)]
		if !ok {
			return nil, fmt.Errorf("no thread %q in %s yet", a.thread, slug)
		}
		return db.ArticleFromThread(ctx, s.user(a.by), t.ID)
	case a.from != nil:
		id, ok := s.articleIDs[key(a.from.slug, a.from.title)]
		if !ok {
			return nil, fmt.Errorf("no article %q in %s yet", a.from.title, a.from.slug)
		}
		return db.AdaptCopy(ctx, s.user(a.by), id, slug)
	}
	body, err := s.resolveRefs(slug, a.body)
	if err != nil {
		return nil, err
	}
	return db.CreateArticle(ctx, s.user(a.by), slug, praxis.ArticleInput{Kind: &a.kind, Title: &a.title, Body: &body,
		Topics: a.topics, Stewards: a.stewards, Summary: "First version"})
}

// revise applies a revision to the current text of an article.
func (s *seeder) revise(ctx context.Context, db *sqlstore.DB, slug string, id int64, r kbRevision) error {
	in := praxis.ArticleInput{Topics: r.topics, Stewards: r.stewards, Summary: r.summary}
	if r.kind != "" {
		in.Kind = &r.kind
	}
	if r.title != "" {
		in.Title = &r.title
	}
	if r.lead != "" || r.tail != "" || len(r.replace) > 0 {
		page, err := db.ArticlePage(ctx, s.user(r.by), id)
		if err != nil {
			return err
		}
		body := page.Article.Source
		for i := 0; i+1 < len(r.replace); i += 2 {
			if !strings.Contains(body, r.replace[i]) {
				return fmt.Errorf("the revision replaces %q, which is not in the text", r.replace[i])
			}
			body = strings.Replace(body, r.replace[i], r.replace[i+1], 1)
		}
		if r.lead != "" {
			body = r.lead + "\n\n" + body
		}
		if r.tail != "" {
			body += "\n\n" + r.tail
		}
		if body, err = s.resolveRefs(slug, body); err != nil {
			return err
		}
		in.Body = &body
	}
	_, err := db.UpdateArticle(ctx, s.user(r.by), id, in)
	return err
}

func (s *seeder) planCollection(slug string, col *kbCollection) {
	at := s.past(s.local(col.ago, col.by, [2]int{15, 45}))
	s.add(at, slug, []string{col.by}, func(ctx context.Context, db *sqlstore.DB) error {
		in := praxis.Collection{Title: col.title, Description: col.description, StartHere: col.startHere}
		for _, it := range col.items {
			item := praxis.CollectionItem{Note: it.note}
			if it.article != "" {
				id, ok := s.articleIDs[key(slug, it.article)]
				if !ok {
					return fmt.Errorf("collection %q: no article %q yet", col.title, it.article)
				}
				item.ArticleID = id
			} else {
				t, ok := s.threads[key(slug, it.thread)]
				if !ok {
					return fmt.Errorf("collection %q: no thread %q yet", col.title, it.thread)
				}
				item.ThreadID = t.ID
			}
			in.Items = append(in.Items, item)
		}
		if _, err := db.SaveCollection(ctx, s.user(col.by), slug, in); err != nil {
			return fmt.Errorf("collection %q: %w", col.title, err)
		}
		s.collections++
		return nil
	})
}
