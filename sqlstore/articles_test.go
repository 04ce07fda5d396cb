package sqlstore_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// The knowledge base tests use the conversation cast: @alice coordinates
// the public "garden" (with @bob, @carol and @dave) and the private
// "vault" (with @bob); @frank belongs to neither. The clock starts on
// 2026-03-02, so the default review-by date is 2027-03-02.

// articleIn is the input of a new article.
func articleIn(kind, title, body string, stewards ...string) praxis.ArticleInput {
	return praxis.ArticleInput{Kind: new(kind), Title: new(title), Body: new(body), Stewards: stewards}
}

// writeArticle creates a guide whose body says what its title says.
func writeArticle(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug, title string, stewards ...string) *praxis.Article {
	t.Helper()
	a, err := db.CreateArticle(t.Context(), actor, slug, articleIn(praxis.ArticleGuide, title, "How to: "+title, stewards...))
	if err != nil {
		t.Fatalf("CreateArticle(%s, %q) by %s: %v", slug, title, actor.Handle, err)
	}
	return a
}

// publishArticle publishes an article with the default review-by date.
func publishArticle(t *testing.T, db *sqlstore.DB, actor *praxis.User, id int64) *praxis.Article {
	t.Helper()
	a, err := db.Publish(t.Context(), actor, id, "")
	if err != nil {
		t.Fatalf("Publish(%d) by %s: %v", id, actor.Handle, err)
	}
	return a
}

// articlePage returns an article's page as actor sees it.
func articlePage(t *testing.T, db *sqlstore.DB, actor *praxis.User, id int64) *praxis.ArticlePage {
	t.Helper()
	ap, err := db.ArticlePage(t.Context(), actor, id)
	if err != nil {
		t.Fatalf("ArticlePage(%d) as %s: %v", id, who(actor), err)
	}
	return ap
}

// listArticles lists a community's articles as actor sees them.
func listArticles(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string, f praxis.ArticleFilter) *praxis.ArticleList {
	t.Helper()
	l, err := db.Articles(t.Context(), actor, slug, f)
	if err != nil {
		t.Fatalf("Articles(%s, %+v) as %s: %v", slug, f, who(actor), err)
	}
	return l
}

func who(u *praxis.User) string {
	if u == nil {
		return "anonymous"
	}
	return "@" + u.Handle
}

func articleIDs(as []*praxis.Article) []int64 {
	out := []int64{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func refIDs(rs []*praxis.ArticleRef) []int64 {
	out := []int64{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func personHandles(ps []praxis.PersonRef) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Handle)
	}
	return out
}

// activityOf returns "verb object_type" for a community's latest entries, oldest first.
func activityOf(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string) []string {
	t.Helper()
	as, err := db.Activity(t.Context(), actor, slug, 200)
	if err != nil {
		t.Fatalf("Activity(%s): %v", slug, err)
	}
	out := []string{}
	for i := len(as) - 1; i >= 0; i-- {
		out = append(out, as[i].ActorHandle+" "+as[i].Verb+" "+as[i].ObjectType)
	}
	return out
}

// wantActivity fails unless the community's log holds each entry.
func wantActivity(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug string, entries ...string) {
	t.Helper()
	got := activityOf(t, db, actor, slug)
	for _, e := range entries {
		if !slices.Contains(got, e) {
			t.Errorf("activity of %s: no %q in %q", slug, e, got)
		}
	}
}

func TestCreateArticle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		in := articleIn(praxis.ArticleGuide, "  Composting in winter  ", "Keep the pile **covered**.\n", "carol", "@Dave", "carol")
		in.Topics = []string{"Compost", "winter"}
		in.Summary = "First draft"
		a, err := db.CreateArticle(ctx, s.bob, s.garden.Slug, in)
		if err != nil {
			t.Fatalf("CreateArticle: %v", err)
		}
		if a.Title != "Composting in winter" || a.Kind != praxis.ArticleGuide || a.Status != praxis.ArticleDraft || a.Revision != 1 ||
			a.CommunitySlug != s.garden.Slug || !a.CreatedAt.Equal(clock.T) || a.PublishedAt != nil || a.ReviewBy != "" ||
			!strings.Contains(a.HTML, "<strong>covered</strong>") || a.Excerpt != "Keep the pile covered." || a.CopiedFrom != nil {
			t.Errorf("CreateArticle = %+v; want bob's draft guide, revision 1, rendered", a)
		}
		if got := personHandles(a.Authors); !slices.Equal(got, []string{"bob"}) {
			t.Errorf("authors = %v; want [bob]", got)
		}
		if got := personHandles(a.Stewards); !slices.Equal(got, []string{"bob", "carol", "dave"}) {
			t.Errorf("stewards = %v; want [bob carol dave]", got)
		}
		if !slices.Equal(a.Topics, []string{"compost", "winter"}) {
			t.Errorf("topics = %v; want [compost winter]", a.Topics)
		}
		revs, err := db.ArticleRevisions(ctx, s.bob, a.ID)
		if err != nil || len(revs) != 1 || revs[0].Number != 1 || revs[0].Author.Handle != "bob" || revs[0].Summary != "First draft" ||
			revs[0].Source != "Keep the pile **covered**." || revs[0].Title != "Composting in winter" {
			t.Errorf("ArticleRevisions = %+v, %v; want revision 1 by bob", revs, err)
		}
		wantActivity(t, db, s.bob, s.garden.Slug, "bob article-drafted article")

		tests := []struct {
			name   string
			actor  *praxis.User
			slug   string
			in     praxis.ArticleInput
			code   string
			fields []string
		}{
			{"anonymous", nil, s.garden.Slug, articleIn(praxis.ArticleGuide, "A guide", "Body"), praxis.EUNAUTHORIZED, nil},
			{"not a member", s.frank, s.garden.Slug, articleIn(praxis.ArticleGuide, "A guide", "Body"), praxis.EFORBIDDEN, nil},
			{"private community", s.carol, s.vault.Slug, articleIn(praxis.ArticleGuide, "A guide", "Body"), praxis.ENOTFOUND, nil},
			{"no such community", s.bob, "nowhere", articleIn(praxis.ArticleGuide, "A guide", "Body"), praxis.ENOTFOUND, nil},
			{"empty", s.bob, s.garden.Slug, praxis.ArticleInput{}, praxis.EINVALID, []string{"body", "kind", "title"}},
			{"unknown kind", s.bob, s.garden.Slug, articleIn("poem", "A guide", "Body"), praxis.EINVALID, []string{"kind"}},
			{"steward not a member", s.bob, s.garden.Slug, articleIn(praxis.ArticleGuide, "A guide", "Body", "frank"), praxis.EINVALID, []string{"stewards"}},
			{"steward unknown", s.bob, s.garden.Slug, articleIn(praxis.ArticleGuide, "A guide", "Body", "nobody"), praxis.EINVALID, []string{"stewards"}},
			{"too many stewards", s.bob, s.garden.Slug, func() praxis.ArticleInput {
				in := articleIn(praxis.ArticleGuide, "A guide", "Body", "carol", "dave", "alice")
				in.Stewards = append(in.Stewards, "admin", "x", "y")
				return in
			}(), praxis.EINVALID, []string{"stewards"}},
			{"review-by in the past", s.bob, s.garden.Slug, func() praxis.ArticleInput {
				in := articleIn(praxis.ArticleGuide, "A guide", "Body")
				in.ReviewBy = new("2026-03-01")
				return in
			}(), praxis.EINVALID, []string{"review_by"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.CreateArticle(ctx, tt.actor, tt.slug, tt.in)
				wantCode(t, "CreateArticle", err, tt.code)
				if tt.fields != nil {
					wantFields(t, "CreateArticle", err, tt.fields...)
				}
			})
		}
		// Six stewards with the writer: the members exist, the count is refused.
		join(t, db, nil, s.frank, s.garden.Slug)
		join(t, db, nil, s.admin, s.garden.Slug)
		_, err = db.CreateArticle(ctx, s.bob, s.garden.Slug, articleIn(praxis.ArticleGuide, "A guide", "Body", "alice", "carol", "dave", "frank", "admin"))
		wantCode(t, "CreateArticle with six stewards", err, praxis.EINVALID)
		wantFields(t, "CreateArticle with six stewards", err, "stewards")
	})
}

// solvedThread is bob's question answered by carol (accepted), dave (one
// helpful vote) and alice (no vote).
type solvedThread struct {
	thread                 *praxis.Thread
	carol, dave, alice     *praxis.Post
	question, acceptedText string
}

func newSolvedThread(t *testing.T, db *sqlstore.DB, s *conversationCast) *solvedThread {
	t.Helper()
	ctx := t.Context()
	st := &solvedThread{thread: startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Why do my tomato leaves curl?", "tomatoes")}
	st.carol = addReply(t, db, s.carol, st.thread.ID, "Heat stress: water in the morning and shade at noon.")
	st.dave = addReply(t, db, s.dave, st.thread.ID, "Check for aphids under the leaves.")
	st.alice = addReply(t, db, s.alice, st.thread.ID, "Mine did that too, it passed.")
	if _, err := db.Vote(ctx, s.carol, st.dave.ID, true); err != nil {
		t.Fatalf("Vote: %v", err)
	}
	if _, err := db.Accept(ctx, s.bob, st.thread.ID, st.carol.ID); err != nil {
		t.Fatalf("Accept: %v", err)
	}
	return st
}

func TestArticleFromThread(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		st := newSolvedThread(t, db, s)

		a, err := db.ArticleFromThread(ctx, s.bob, st.thread.ID)
		if err != nil {
			t.Fatalf("ArticleFromThread: %v", err)
		}
		if a.Status != praxis.ArticleDraft || a.Kind != praxis.ArticleFAQ || a.Title != st.thread.Title || a.CommunitySlug != s.garden.Slug {
			t.Errorf("ArticleFromThread = %+v; want a draft FAQ titled like the thread, in garden", a)
		}
		for _, want := range []string{"About: Why do my tomato leaves curl?", "Heat stress", "aphids", "@bob", "@carol", "@dave", st.thread.Path()} {
			if !strings.Contains(a.Source, want) {
				t.Errorf("body lacks %q:\n%s", want, a.Source)
			}
		}
		if strings.Contains(a.Source, "it passed") || strings.Contains(a.Source, "@alice") {
			t.Errorf("body holds alice's reply, which nobody found helpful:\n%s", a.Source)
		}
		if strings.Index(a.Source, "Heat stress") > strings.Index(a.Source, "aphids") {
			t.Errorf("body: the accepted answer comes after another one:\n%s", a.Source)
		}
		if got := personHandles(a.Authors); !slices.Equal(got, []string{"bob", "carol", "dave"}) {
			t.Errorf("authors = %v; want the writer, then the answerers credited: [bob carol dave]", got)
		}
		if got := personHandles(a.Stewards); !slices.Equal(got, []string{"bob"}) {
			t.Errorf("stewards = %v; want [bob]", got)
		}
		if !slices.Equal(a.Topics, []string{"tomatoes"}) || !slices.Equal(a.SourceThreads, []int64{st.thread.ID}) {
			t.Errorf("topics %v, sources %v; want [tomatoes] and the thread", a.Topics, a.SourceThreads)
		}
		// Linked both ways: the thread lists the articles written from it,
		// as far as the viewer may see them.
		for _, tt := range []struct {
			viewer *praxis.User
			want   []int64
		}{{s.bob, []int64{a.ID}}, {s.carol, []int64{a.ID}}, {s.alice, []int64{a.ID}}, {s.frank, []int64{}}, {nil, []int64{}}} {
			refs, err := db.ArticlesFromThread(ctx, tt.viewer, st.thread.ID)
			if err != nil || !slices.Equal(refIDs(refs), tt.want) {
				t.Errorf("ArticlesFromThread as %s = %v, %v; want %v", who(tt.viewer), refIDs(refs), err, tt.want)
			}
		}
		publishArticle(t, db, s.bob, a.ID)
		refs, err := db.ArticlesFromThread(ctx, nil, st.thread.ID)
		if err != nil || len(refs) != 1 || refs[0].ID != a.ID || refs[0].Title != a.Title || !refs[0].Visible || refs[0].CommunitySlug != s.garden.Slug {
			t.Errorf("ArticlesFromThread as anonymous after publication = %+v, %v; want the article", refs, err)
		}
		wantActivity(t, db, s.bob, s.garden.Slug, "bob article-drafted article", "bob article-published article")

		// Without an accepted answer, the two most helpful replies are taken.
		disc := startThread(t, db, s.carol, s.garden.Slug, praxis.KindDiscussion, "Mulch or no mulch this year")
		addReply(t, db, s.dave, disc.ID, "First: mulch.")
		addReply(t, db, s.bob, disc.ID, "Second: no mulch.")
		addReply(t, db, s.alice, disc.ID, "Third: straw.")
		b, err := db.ArticleFromThread(ctx, s.dave, disc.ID)
		if err != nil {
			t.Fatalf("ArticleFromThread(discussion): %v", err)
		}
		if b.Kind != praxis.ArticleLesson || !strings.Contains(b.Source, "First: mulch.") || !strings.Contains(b.Source, "Second: no mulch.") ||
			strings.Contains(b.Source, "Third") {
			t.Errorf("ArticleFromThread(discussion) = %q, %s; want a lesson with the first two replies", b.Kind, b.Source)
		}
		if got := personHandles(b.Authors); !slices.Equal(got, []string{"dave", "carol", "bob"}) {
			t.Errorf("authors = %v; want [dave carol bob]", got)
		}

		unanswered := startThread(t, db, s.carol, s.garden.Slug, praxis.KindQuestion, "Anyone grows okra here?")
		_, err = db.ArticleFromThread(ctx, s.carol, unanswered.ID)
		wantCode(t, "ArticleFromThread(no answer)", err, praxis.EINVALID)
		_, err = db.ArticleFromThread(ctx, s.frank, st.thread.ID)
		wantCode(t, "ArticleFromThread by a non-member", err, praxis.EFORBIDDEN)
		_, err = db.ArticleFromThread(ctx, nil, st.thread.ID)
		wantCode(t, "ArticleFromThread anonymous", err, praxis.EUNAUTHORIZED)
		secret := startThread(t, db, s.bob, s.vault.Slug, praxis.KindQuestion, "Where is the key kept?")
		addReply(t, db, s.alice, secret.ID, "Under the pot.")
		_, err = db.ArticleFromThread(ctx, s.carol, secret.ID)
		wantCode(t, "ArticleFromThread(private) by an outsider", err, praxis.ENOTFOUND)
		_, err = db.ArticlesFromThread(ctx, s.carol, secret.ID)
		wantCode(t, "ArticlesFromThread(private) by an outsider", err, praxis.ENOTFOUND)
	})
}

// TestArticleJourney is the acceptance journey: a solved thread becomes a
// draft, a second member reviews it, it is published, passes its review-by
// date and shows in the stewards' queue, its steward confirms it, and a
// member restores an earlier revision.
func TestArticleJourney(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		st := newSolvedThread(t, db, s)
		a, err := db.ArticleFromThread(ctx, s.bob, st.thread.ID)
		if err != nil {
			t.Fatalf("ArticleFromThread: %v", err)
		}

		// A draft is not for other members' eyes, nor counted for them.
		erin := signUp(t, db, "erin")
		join(t, db, nil, erin, s.garden.Slug)
		for _, u := range []*praxis.User{erin, s.frank, nil} {
			_, err := db.ArticlePage(ctx, u, a.ID)
			wantCode(t, "ArticlePage(draft) as "+who(u), err, praxis.ENOTFOUND)
			if l := listArticles(t, db, u, s.garden.Slug, praxis.ArticleFilter{Status: praxis.ArticleDraft}); l.Total != 0 || len(l.Articles) != 0 {
				t.Errorf("Articles(draft) as %s = %v (total %d); want none", who(u), articleIDs(l.Articles), l.Total)
			}
		}
		if l := listArticles(t, db, s.bob, s.garden.Slug, praxis.ArticleFilter{Status: praxis.ArticleDraft}); l.Total != 1 || !slices.Equal(articleIDs(l.Articles), []int64{a.ID}) {
			t.Errorf("Articles(draft) as bob = %v (total %d); want the draft", articleIDs(l.Articles), l.Total)
		}
		if l := listArticles(t, db, s.alice, s.garden.Slug, praxis.ArticleFilter{Status: praxis.ArticleDraft}); l.Total != 1 {
			t.Errorf("Articles(draft) as the coordinator: total %d; want 1", l.Total)
		}

		// Review by a second member.
		err = db.RequestReview(ctx, s.bob, a.ID, []string{"frank"})
		wantCode(t, "RequestReview(non-member)", err, praxis.EINVALID)
		wantFields(t, "RequestReview(non-member)", err, "reviewers")
		err = db.RequestReview(ctx, s.bob, a.ID, []string{"bob"})
		wantCode(t, "RequestReview(oneself)", err, praxis.EINVALID)
		err = db.RequestReview(ctx, s.bob, a.ID, nil)
		wantCode(t, "RequestReview(nobody)", err, praxis.EINVALID)
		err = db.RequestReview(ctx, s.dave, a.ID, []string{"erin"}) // an author: dave's answer is in it
		wantCode(t, "RequestReview by a credited author", err, "")
		if err := db.RequestReview(ctx, s.bob, a.ID, []string{"@Alice"}); err != nil {
			t.Fatalf("RequestReview: %v", err)
		}
		err = db.ReviewArticle(ctx, erin, a.ID, praxis.ReviewChanges, "  ")
		wantCode(t, "ReviewArticle(changes without a comment)", err, praxis.EINVALID)
		wantFields(t, "ReviewArticle(changes without a comment)", err, "comment")
		err = db.ReviewArticle(ctx, erin, a.ID, "meh", "")
		wantCode(t, "ReviewArticle(bad state)", err, praxis.EINVALID)
		err = db.ReviewArticle(ctx, erin, a.ID, praxis.ReviewApproved, strings.Repeat("x", praxis.MaxReviewCommentLen+1))
		wantCode(t, "ReviewArticle(long comment)", err, praxis.EINVALID)
		if err := db.ReviewArticle(ctx, erin, a.ID, praxis.ReviewChanges, "Say when to water."); err != nil {
			t.Fatalf("ReviewArticle(changes): %v", err)
		}
		ap := articlePage(t, db, erin, a.ID)
		if ap.Article.Status != praxis.ArticleInReview || !ap.CanReview || ap.CanEdit {
			t.Errorf("page as the reviewer: status %q, can review %v, can edit %v; want in-review, true, false", ap.Article.Status, ap.CanReview, ap.CanEdit)
		}
		_, err = db.ArticlePage(ctx, s.frank, a.ID)
		wantCode(t, "ArticlePage(in review) as an outsider", err, praxis.ENOTFOUND)
		err = db.ReviewArticle(ctx, s.dave, a.ID, praxis.ReviewApproved, "")
		wantCode(t, "ReviewArticle by an author not asked", err, praxis.EFORBIDDEN)
		// Bob answers the review with an edit, erin approves.
		if _, err := db.UpdateArticle(ctx, s.bob, a.ID, praxis.ArticleInput{Body: new(a.Source + "\nWater at 7am."), Summary: "When to water"}); err != nil {
			t.Fatalf("UpdateArticle: %v", err)
		}
		if err := db.ReviewArticle(ctx, erin, a.ID, praxis.ReviewApproved, "Good now."); err != nil {
			t.Fatalf("ReviewArticle(approve): %v", err)
		}
		ap = articlePage(t, db, s.bob, a.ID)
		var states []string
		for _, r := range ap.Reviews {
			states = append(states, r.Reviewer.Handle+":"+r.State)
		}
		slices.Sort(states)
		if !slices.Equal(states, []string{"alice:requested", "erin:approved"}) {
			t.Errorf("reviews = %v; want [alice:requested erin:approved]", states)
		}

		// Publication needs a steward and a review-by date in the future.
		if _, err := db.UpdateArticle(ctx, s.bob, a.ID, praxis.ArticleInput{Stewards: []string{}}); err != nil {
			t.Fatalf("UpdateArticle(no stewards): %v", err)
		}
		_, err = db.Publish(ctx, s.bob, a.ID, "")
		wantCode(t, "Publish without a steward", err, praxis.EINVALID)
		wantFields(t, "Publish without a steward", err, "stewards")
		if _, err := db.UpdateArticle(ctx, s.bob, a.ID, praxis.ArticleInput{Stewards: []string{"bob", "carol"}}); err != nil {
			t.Fatalf("UpdateArticle(stewards): %v", err)
		}
		for _, date := range []string{"2026-03-01", "2026-03-02", "next year", "2040-01-01"} {
			_, err = db.Publish(ctx, s.bob, a.ID, date)
			wantCode(t, "Publish(review by "+date+")", err, praxis.EINVALID)
			wantFields(t, "Publish(review by "+date+")", err, "review_by")
		}
		_, err = db.Publish(ctx, s.dave, a.ID, "")
		wantCode(t, "Publish by a credited author", err, "")
		if _, err := db.UpdateArticle(ctx, s.bob, a.ID, praxis.ArticleInput{Title: new("Curling tomato leaves")}); err != nil {
			t.Fatalf("UpdateArticle(title) after publication: %v", err)
		}
		pub := articlePage(t, db, s.frank, a.ID).Article
		if pub.Status != praxis.ArticlePublished || pub.ReviewBy != "2027-03-02" || pub.PublishedAt == nil || !pub.PublishedAt.Equal(clock.T) ||
			pub.NeedsReview(clock.T) {
			t.Errorf("published = status %q, review by %q, published at %v; want published now, review by 2027-03-02", pub.Status, pub.ReviewBy, pub.PublishedAt)
		}
		if rs := articlePage(t, db, s.frank, a.ID).Reviews; len(rs) != 0 {
			t.Errorf("reviews shown to a reader = %d; want none", len(rs))
		}
		_, err = db.Publish(ctx, s.bob, a.ID, "")
		wantCode(t, "Publish twice", err, praxis.ECONFLICT)
		err = db.ReviewArticle(ctx, s.alice, a.ID, praxis.ReviewApproved, "")
		wantCode(t, "ReviewArticle after publication", err, praxis.ECONFLICT)
		err = db.RequestReview(ctx, s.bob, a.ID, []string{"carol"})
		wantCode(t, "RequestReview after publication", err, praxis.ECONFLICT)
		if l := listArticles(t, db, nil, s.garden.Slug, praxis.ArticleFilter{}); !slices.Equal(articleIDs(l.Articles), []int64{a.ID}) || l.Total != 1 {
			t.Errorf("Articles() as anonymous = %v (total %d); want the published article", articleIDs(l.Articles), l.Total)
		}

		// Past its review-by date it needs review and lands in the queues.
		other := writeArticle(t, db, s.carol, s.garden.Slug, "Saving seeds")
		publishArticle(t, db, s.carol, other.ID)
		clock.Add(366 * 24 * time.Hour) // 2027-03-03
		needs := listArticles(t, db, s.frank, s.garden.Slug, praxis.ArticleFilter{Status: "needs-review"})
		if !slices.Equal(articleIDs(needs.Articles), []int64{other.ID, a.ID}) || needs.Total != 2 || !needs.Articles[1].NeedsReview(clock.T) {
			t.Errorf("Articles(needs-review) = %v (total %d); want both", articleIDs(needs.Articles), needs.Total)
		}
		if l := listArticles(t, db, s.frank, s.garden.Slug, praxis.ArticleFilter{}); l.Total != 2 {
			t.Errorf("Articles() total = %d; want 2: articles needing review are still published", l.Total)
		}
		for _, tt := range []struct {
			actor *praxis.User
			slug  string
			want  []int64
			code  string
		}{
			{s.bob, "", []int64{a.ID}, ""},
			{s.carol, "", []int64{a.ID, other.ID}, ""},
			{s.dave, "", []int64{}, ""},
			{s.alice, s.garden.Slug, []int64{a.ID, other.ID}, ""},
			{s.admin, s.garden.Slug, []int64{a.ID, other.ID}, ""},
			{s.carol, s.garden.Slug, nil, praxis.EFORBIDDEN},
			{s.frank, s.vault.Slug, nil, praxis.ENOTFOUND},
			{nil, "", nil, praxis.EUNAUTHORIZED},
		} {
			q, err := db.StewardQueue(ctx, tt.actor, tt.slug)
			wantCode(t, fmt.Sprintf("StewardQueue(%q) as %s", tt.slug, who(tt.actor)), err, tt.code)
			if err == nil && !slices.Equal(articleIDs(q), tt.want) {
				t.Errorf("StewardQueue(%q) as %s = %v; want %v", tt.slug, who(tt.actor), articleIDs(q), tt.want)
			}
			if err == nil && len(q) > 0 && len(q[0].Stewards) == 0 {
				t.Errorf("StewardQueue(%q) as %s: stewards not loaded", tt.slug, who(tt.actor))
			}
		}

		// Confirming sets a new date and clears it.
		_, err = db.ConfirmReview(ctx, s.dave, a.ID, "")
		wantCode(t, "ConfirmReview by an author who is no steward", err, praxis.EFORBIDDEN)
		_, err = db.ConfirmReview(ctx, s.bob, a.ID, "2027-03-01")
		wantCode(t, "ConfirmReview(past)", err, praxis.EINVALID)
		wantFields(t, "ConfirmReview(past)", err, "review_by")
		c, err := db.ConfirmReview(ctx, s.bob, a.ID, "")
		if err != nil || c.ReviewBy != "2028-03-03" || c.NeedsReview(clock.T) {
			t.Fatalf("ConfirmReview = %+v, %v; want review by 2028-03-03", c, err)
		}
		if _, err := db.ConfirmReview(ctx, s.alice, other.ID, "2027-09-01"); err != nil {
			t.Fatalf("ConfirmReview by the coordinator: %v", err)
		}
		if l := listArticles(t, db, s.frank, s.garden.Slug, praxis.ArticleFilter{Status: "needs-review"}); l.Total != 0 {
			t.Errorf("Articles(needs-review) after confirming = %v; want none", articleIDs(l.Articles))
		}
		if q, _ := db.StewardQueue(ctx, s.carol, ""); len(q) != 0 {
			t.Errorf("StewardQueue after confirming = %v; want empty", articleIDs(q))
		}

		// A member restores an earlier revision.
		revs, err := db.ArticleRevisions(ctx, s.frank, a.ID)
		if err != nil || len(revs) != 3 || revs[0].Number != 3 || revs[2].Number != 1 || revs[1].Summary != "When to water" {
			t.Fatalf("ArticleRevisions = %v revisions, %v; want 3, newest first", len(revs), err)
		}
		r, err := db.RestoreRevision(ctx, s.carol, a.ID, 1)
		if err != nil {
			t.Fatalf("RestoreRevision: %v", err)
		}
		if r.Revision != 4 || r.Source != revs[2].Source || r.Title != revs[2].Title {
			t.Errorf("RestoreRevision = revision %d %q; want revision 4 with revision 1's text and title", r.Revision, r.Title)
		}
		revs, _ = db.ArticleRevisions(ctx, s.frank, a.ID)
		if revs[0].Number != 4 || revs[0].Summary != "Restored version 1" || revs[0].Author.Handle != "carol" || len(revs) != 4 {
			t.Errorf("newest revision = %+v; want 4, \"Restored version 1\" by carol", revs[0])
		}
		wantActivity(t, db, s.bob, s.garden.Slug, "bob review-requested article", "erin reviewed article", "bob article-edited article",
			"bob review-confirmed article", "carol article-edited article")
	})
}

func TestRestoreRevision(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		a := writeArticle(t, db, s.bob, s.garden.Slug, "Pruning roses")
		other := writeArticle(t, db, s.bob, s.garden.Slug, "Pruning apples")
		for i := 2; i <= 5; i++ {
			if _, err := db.UpdateArticle(ctx, s.bob, other.ID, praxis.ArticleInput{Body: new(fmt.Sprintf("Version %d", i))}); err != nil {
				t.Fatalf("UpdateArticle: %v", err)
			}
		}
		// Topics, kind and stewards change without a new revision.
		u, err := db.UpdateArticle(ctx, s.bob, a.ID, praxis.ArticleInput{Topics: []string{"roses"}, Kind: new(praxis.ArticleLesson), Stewards: []string{"bob", "dave"}})
		if err != nil || u.Revision != 1 || u.Kind != praxis.ArticleLesson || !slices.Equal(u.Topics, []string{"roses"}) ||
			!slices.Equal(personHandles(u.Stewards), []string{"bob", "dave"}) {
			t.Fatalf("UpdateArticle(topics, kind, stewards) = %+v, %v; want revision 1 with the changes", u, err)
		}
		if u, err := db.UpdateArticle(ctx, s.bob, a.ID, praxis.ArticleInput{Body: new("How to: Pruning roses")}); err != nil || u.Revision != 1 {
			t.Errorf("UpdateArticle(same body) = revision %v, %v; want no new revision", u.Revision, err)
		}
		if _, err := db.UpdateArticle(ctx, s.bob, a.ID, praxis.ArticleInput{Body: new("Cut above an outward bud.")}); err != nil {
			t.Fatal(err)
		}

		_, err = db.RestoreRevision(ctx, s.bob, a.ID, 5) // other has a revision 5, a has not
		wantCode(t, "RestoreRevision(another article's number)", err, praxis.ENOTFOUND)
		_, err = db.RestoreRevision(ctx, s.bob, a.ID, 0)
		wantCode(t, "RestoreRevision(0)", err, praxis.ENOTFOUND)
		_, err = db.RestoreRevision(ctx, s.carol, a.ID, 1)
		wantCode(t, "RestoreRevision(draft) by another member", err, praxis.ENOTFOUND)
		publishArticle(t, db, s.bob, a.ID)
		_, err = db.RestoreRevision(ctx, s.carol, a.ID, 1)
		wantCode(t, "RestoreRevision by a reader", err, praxis.EFORBIDDEN)
		_, err = db.RestoreRevision(ctx, nil, a.ID, 1)
		wantCode(t, "RestoreRevision anonymous", err, praxis.EUNAUTHORIZED)
		r, err := db.RestoreRevision(ctx, s.dave, a.ID, 1) // a steward
		if err != nil || r.Revision != 3 || r.Source != "How to: Pruning roses" {
			t.Fatalf("RestoreRevision by a steward = %+v, %v; want revision 3 with the first text", r, err)
		}
		if r, err := db.RestoreRevision(ctx, s.dave, a.ID, 1); err != nil || r.Revision != 3 {
			t.Errorf("RestoreRevision of the current text = revision %d, %v; want nothing new", r.Revision, err)
		}
		if o := articlePage(t, db, s.bob, other.ID).Article; o.Revision != 5 || o.Source != "Version 5" {
			t.Errorf("the other article changed: revision %d %q", o.Revision, o.Source)
		}
		if err := db.Archive(ctx, s.bob, a.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.RestoreRevision(ctx, s.bob, a.ID, 2)
		wantCode(t, "RestoreRevision(archived)", err, praxis.ECONFLICT)
	})
}

func TestUpdateArticle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		a := writeArticle(t, db, s.bob, s.garden.Slug, "Raised beds", "carol")
		publishArticle(t, db, s.bob, a.ID)
		tests := []struct {
			name   string
			actor  *praxis.User
			in     praxis.ArticleInput
			code   string
			fields []string
		}{
			{"anonymous", nil, praxis.ArticleInput{Title: new("Mine now")}, praxis.EUNAUTHORIZED, nil},
			{"a reader", s.dave, praxis.ArticleInput{Title: new("Mine now")}, praxis.EFORBIDDEN, nil},
			{"an outsider", s.frank, praxis.ArticleInput{Title: new("Mine now")}, praxis.EFORBIDDEN, nil},
			{"empty title", s.bob, praxis.ArticleInput{Title: new(" ")}, praxis.EINVALID, []string{"title"}},
			{"empty body", s.bob, praxis.ArticleInput{Body: new("")}, praxis.EINVALID, []string{"body"}},
			{"review-by today", s.bob, praxis.ArticleInput{ReviewBy: new("2026-03-02")}, praxis.EINVALID, []string{"review_by"}},
			{"review-by too far", s.bob, praxis.ArticleInput{ReviewBy: new("2036-03-02")}, praxis.EINVALID, []string{"review_by"}},
			{"steward not a member", s.bob, praxis.ArticleInput{Stewards: []string{"frank"}}, praxis.EINVALID, []string{"stewards"}},
			{"no steward on a published article", s.bob, praxis.ArticleInput{Stewards: []string{}}, praxis.EINVALID, []string{"stewards"}},
			{"a steward edits", s.carol, praxis.ArticleInput{Title: new("Raised beds, step by step"), Summary: "Clearer title"}, "", nil},
			{"the coordinator edits", s.alice, praxis.ArticleInput{ReviewBy: new("2026-09-01")}, "", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.UpdateArticle(ctx, tt.actor, a.ID, tt.in)
				wantCode(t, "UpdateArticle", err, tt.code)
				if tt.fields != nil {
					wantFields(t, "UpdateArticle", err, tt.fields...)
				}
			})
		}
		got := articlePage(t, db, s.dave, a.ID).Article
		if got.Title != "Raised beds, step by step" || got.ReviewBy != "2026-09-01" || got.Revision != 2 {
			t.Errorf("after edits: %q, review by %q, revision %d; want the new title, 2026-09-01, revision 2", got.Title, got.ReviewBy, got.Revision)
		}
		// A member who left no longer edits; the article stays.
		if err := db.Leave(ctx, s.carol, s.garden.Slug); err != nil {
			t.Fatal(err)
		}
		_, err := db.UpdateArticle(ctx, s.carol, a.ID, praxis.ArticleInput{Title: new("Gone")})
		wantCode(t, "UpdateArticle by a steward who left", err, praxis.EFORBIDDEN)
		if err := db.Archive(ctx, s.bob, a.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.UpdateArticle(ctx, s.bob, a.ID, praxis.ArticleInput{Title: new("Archived")})
		wantCode(t, "UpdateArticle(archived)", err, praxis.ECONFLICT)
		_, err = db.UpdateArticle(ctx, s.bob, 999999, praxis.ArticleInput{Title: new("Nothing")})
		wantCode(t, "UpdateArticle(missing)", err, praxis.ENOTFOUND)
	})
}

func TestArchiveAndVerify(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		if err := db.SetRole(ctx, s.alice, s.garden.Slug, "carol", praxis.MemberCore); err != nil {
			t.Fatal(err)
		}
		a := writeArticle(t, db, s.bob, s.garden.Slug, "Drip irrigation")
		err := db.Verify(ctx, s.carol, a.ID, true)
		wantCode(t, "Verify(draft) by a core member who cannot see it", err, praxis.ENOTFOUND)
		err = db.Verify(ctx, s.alice, a.ID, true)
		wantCode(t, "Verify(draft)", err, praxis.ECONFLICT)
		publishArticle(t, db, s.bob, a.ID)
		for _, u := range []*praxis.User{s.bob, s.dave, s.frank} {
			err := db.Verify(ctx, u, a.ID, true)
			wantCode(t, "Verify by "+who(u), err, praxis.EFORBIDDEN)
		}
		if err := db.Verify(ctx, s.carol, a.ID, true); err != nil {
			t.Fatalf("Verify by a core member: %v", err)
		}
		v := articlePage(t, db, nil, a.ID).Article
		if !v.Verified || v.VerifiedBy == nil || v.VerifiedBy.Handle != "carol" {
			t.Errorf("verified = %v by %+v; want verified by carol", v.Verified, v.VerifiedBy)
		}
		// A new text is no longer what was verified.
		if _, err := db.UpdateArticle(ctx, s.bob, a.ID, praxis.ArticleInput{Body: new("Use a timer.")}); err != nil {
			t.Fatal(err)
		}
		if v := articlePage(t, db, nil, a.ID).Article; v.Verified || v.VerifiedBy != nil {
			t.Errorf("after an edit: verified = %v; want the mark removed", v.Verified)
		}
		if err := db.Verify(ctx, s.admin, a.ID, true); err != nil {
			t.Fatalf("Verify by an administrator: %v", err)
		}
		if err := db.Verify(ctx, s.alice, a.ID, false); err != nil {
			t.Fatalf("Verify(false) by the coordinator: %v", err)
		}
		if v := articlePage(t, db, nil, a.ID).Article; v.Verified {
			t.Errorf("after removing the mark: verified")
		}

		err = db.Archive(ctx, s.dave, a.ID)
		wantCode(t, "Archive by a reader", err, praxis.EFORBIDDEN)
		b := writeArticle(t, db, s.dave, s.garden.Slug, "Rain barrels")
		publishArticle(t, db, s.dave, b.ID)
		if err := db.Archive(ctx, s.alice, b.ID); err != nil {
			t.Fatalf("Archive by the coordinator: %v", err)
		}
		if err := db.Archive(ctx, s.bob, a.ID); err != nil {
			t.Fatalf("Archive by the steward: %v", err)
		}
		if err := db.Archive(ctx, s.bob, a.ID); err != nil {
			t.Errorf("Archive twice: %v", err)
		}
		if l := listArticles(t, db, nil, s.garden.Slug, praxis.ArticleFilter{}); l.Total != 0 {
			t.Errorf("Articles() after archiving = %v; want none", articleIDs(l.Articles))
		}
		if l := listArticles(t, db, nil, s.garden.Slug, praxis.ArticleFilter{Status: praxis.ArticleArchived}); l.Total != 2 {
			t.Errorf("Articles(archived) total = %d; want 2", l.Total)
		}
		if ap := articlePage(t, db, nil, a.ID); ap.Article.Status != praxis.ArticleArchived {
			t.Errorf("archived article status %q; want it readable and archived", ap.Article.Status)
		}
		// Publishing again brings it back, with its first publication time.
		clock.Add(24 * time.Hour)
		p := publishArticle(t, db, s.bob, a.ID)
		if p.Status != praxis.ArticlePublished || !p.PublishedAt.Equal(clock.T.Add(-24*time.Hour)) {
			t.Errorf("republished = %q at %v; want published, first published a day ago", p.Status, p.PublishedAt)
		}
		wantActivity(t, db, s.bob, s.garden.Slug, "carol article-verified article", "alice article-archived article", "bob article-archived article")
	})
}

func TestRecordReuse(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		a := writeArticle(t, db, s.bob, s.garden.Slug, "Seed swap checklist")
		err := db.RecordReuse(ctx, s.alice, a.ID, "")
		wantCode(t, "RecordReuse(draft)", err, praxis.ECONFLICT)
		err = db.RecordReuse(ctx, s.carol, a.ID, "")
		wantCode(t, "RecordReuse(invisible draft)", err, praxis.ENOTFOUND)
		publishArticle(t, db, s.bob, a.ID)
		if err := db.RecordReuse(ctx, s.carol, a.ID, "  Ran our spring swap with it.  "); err != nil {
			t.Fatalf("RecordReuse: %v", err)
		}
		if err := db.RecordReuse(ctx, s.dave, a.ID, ""); err != nil {
			t.Fatalf("RecordReuse without a note: %v", err)
		}
		tests := []struct {
			name  string
			actor *praxis.User
			note  string
			code  string
		}{
			{"twice", s.carol, "", praxis.ECONFLICT},
			{"an author", s.bob, "", praxis.EFORBIDDEN},
			{"not a member", s.frank, "", praxis.EFORBIDDEN},
			{"anonymous", nil, "", praxis.EUNAUTHORIZED},
			{"long note", s.alice, strings.Repeat("x", praxis.MaxReuseNoteLen+1), praxis.EINVALID},
		}
		for _, tt := range tests {
			err := db.RecordReuse(ctx, tt.actor, a.ID, tt.note)
			wantCode(t, "RecordReuse "+tt.name, err, tt.code)
		}
		ap := articlePage(t, db, s.carol, a.ID)
		if ap.Article.ReuseCount != 2 || len(ap.Reuses) != 2 || !ap.UsedByMe {
			t.Errorf("page: reuse count %d, %d reuses, used by me %v; want 2, 2, true", ap.Article.ReuseCount, len(ap.Reuses), ap.UsedByMe)
		}
		var notes []string
		for _, r := range ap.Reuses {
			notes = append(notes, r.Member.Handle+":"+r.Note)
		}
		slices.Sort(notes)
		if !slices.Equal(notes, []string{"carol:Ran our spring swap with it.", "dave:"}) {
			t.Errorf("reuses = %q", notes)
		}
		if articlePage(t, db, s.bob, a.ID).UsedByMe {
			t.Errorf("UsedByMe for bob; want false")
		}
		wantActivity(t, db, s.bob, s.garden.Slug, "carol reused article", "dave reused article")
	})
}

// TestAdaptCopyWithAttachment: an asset with a file in the private vault
// is adapted into the public garden; the copy keeps its attribution, the
// original counts the reuse, and the copy's readers may open the file.
func TestAdaptCopyWithAttachment(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		file, err := db.Upload(ctx, s.bob, s.vault.Slug, "proposal.png", bytes.NewReader(testPNG(t)))
		if err != nil {
			t.Fatalf("Upload: %v", err)
		}
		in := articleIn(praxis.ArticleAsset, "Client proposal template", "Tweak it for your client.\n\n"+file.Markdown())
		in.Topics = []string{"proposals"}
		orig, err := db.CreateArticle(ctx, s.bob, s.vault.Slug, in)
		if err != nil {
			t.Fatalf("CreateArticle: %v", err)
		}
		publishArticle(t, db, s.bob, orig.ID)

		// The vault's article and file do not exist for outsiders.
		for _, u := range []*praxis.User{s.carol, s.frank, nil} {
			_, err := db.ArticlePage(ctx, u, orig.ID)
			wantCode(t, "ArticlePage(vault) as "+who(u), err, praxis.ENOTFOUND)
			_, err = db.Attachment(ctx, u, file.ID)
			wantCode(t, "Attachment(vault) as "+who(u), err, praxis.ENOTFOUND)
			_, err = db.ArticleRevisions(ctx, u, orig.ID)
			wantCode(t, "ArticleRevisions(vault) as "+who(u), err, praxis.ENOTFOUND)
		}
		_, err = db.AdaptCopy(ctx, s.carol, orig.ID, s.garden.Slug)
		wantCode(t, "AdaptCopy(vault) by an outsider", err, praxis.ENOTFOUND)
		_, err = db.AdaptCopy(ctx, s.bob, orig.ID, "nowhere")
		wantCode(t, "AdaptCopy into a missing community", err, praxis.ENOTFOUND)
		orchard := createCommunity(t, db, s.dave, "Orchard", praxis.VisibilityPublic, praxis.JoinOpen)
		_, err = db.AdaptCopy(ctx, s.bob, orig.ID, orchard.Slug)
		wantCode(t, "AdaptCopy into a community one is not in", err, praxis.EFORBIDDEN)
		_, err = db.AdaptCopy(ctx, nil, orig.ID, s.garden.Slug)
		wantCode(t, "AdaptCopy anonymous", err, praxis.EUNAUTHORIZED)

		cp, err := db.AdaptCopy(ctx, s.bob, orig.ID, s.garden.Slug)
		if err != nil {
			t.Fatalf("AdaptCopy: %v", err)
		}
		if cp.Status != praxis.ArticleDraft || cp.CommunitySlug != s.garden.Slug || cp.Kind != praxis.ArticleAsset || cp.Source != orig.Source ||
			cp.Title != orig.Title || !slices.Equal(cp.Topics, []string{"proposals"}) || cp.ReuseCount != 0 {
			t.Errorf("AdaptCopy = %+v; want a draft asset in garden with the same text and topics", cp)
		}
		if cp.CopiedFrom == nil || !cp.CopiedFrom.Visible || cp.CopiedFrom.ID != orig.ID || cp.CopiedFrom.Title != orig.Title ||
			cp.CopiedFrom.CommunitySlug != s.vault.Slug {
			t.Errorf("CopiedFrom for bob = %+v; want the visible original", cp.CopiedFrom)
		}
		if !slices.Equal(personHandles(cp.Authors), []string{"bob"}) || !slices.Equal(personHandles(cp.Stewards), []string{"bob"}) {
			t.Errorf("copy authors %v, stewards %v; want bob, bob", personHandles(cp.Authors), personHandles(cp.Stewards))
		}
		_, err = db.Attachment(ctx, s.carol, file.ID)
		wantCode(t, "Attachment via a draft copy", err, praxis.ENOTFOUND)
		publishArticle(t, db, s.bob, cp.ID)

		// Garden's readers read the copy and its file, not the original.
		for _, u := range []*praxis.User{s.carol, s.frank, nil} {
			got := articlePage(t, db, u, cp.ID).Article
			if got.CopiedFrom == nil || got.CopiedFrom.Visible || got.CopiedFrom.Title != "" || got.CopiedFrom.CommunitySlug != "" || got.CopiedFrom.ID != 0 {
				t.Errorf("CopiedFrom as %s = %+v; want an original not visible, without title or address", who(u), got.CopiedFrom)
			}
			a, err := db.Attachment(ctx, u, file.ID)
			if err != nil || a.ID != file.ID || a.CommunitySlug != s.garden.Slug {
				t.Errorf("Attachment as %s = %+v, %v; want the file, readable through the copy, described as garden's", who(u), a, err)
			}
		}
		if _, rc, err := db.OpenAttachment(ctx, s.carol, file.ID); err != nil {
			t.Errorf("OpenAttachment as carol: %v", err)
		} else {
			rc.Close()
		}
		// The original counts the reuse and lists the copy to those who see it.
		op := articlePage(t, db, s.bob, orig.ID)
		if op.Article.ReuseCount != 1 || !slices.Equal(refIDs(op.Copies), []int64{cp.ID}) || !op.Copies[0].Visible {
			t.Errorf("original: reuse count %d, copies %v; want 1 and the copy", op.Article.ReuseCount, refIDs(op.Copies))
		}
		wantActivity(t, db, s.bob, s.vault.Slug, "bob adapted article")
		wantActivity(t, db, s.bob, s.garden.Slug, "bob article-drafted article", "bob article-published article")

		// A copy in the same community, and copies one may not see.
		own, err := db.AdaptCopy(ctx, s.alice, cp.ID, s.garden.Slug)
		if err != nil {
			t.Fatalf("AdaptCopy into the same community: %v", err)
		}
		if copies := articlePage(t, db, s.carol, cp.ID).Copies; len(copies) != 0 {
			t.Errorf("copies shown to carol = %v; want none: alice's copy is a draft", refIDs(copies))
		}
		if copies := articlePage(t, db, s.alice, cp.ID).Copies; !slices.Equal(refIDs(copies), []int64{own.ID}) {
			t.Errorf("copies shown to alice = %v; want her draft", refIDs(copies))
		}
		// A draft cannot be adapted.
		_, err = db.AdaptCopy(ctx, s.alice, own.ID, s.garden.Slug)
		wantCode(t, "AdaptCopy(draft)", err, praxis.ECONFLICT)
	})
}

// TestArticleAttachments: files shown in an article are linked to it and
// readable by whoever may read it; a draft's files by its circle only.
func TestArticleAttachments(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		mine, err := db.Upload(ctx, s.bob, s.garden.Slug, "plan.png", bytes.NewReader(testPNG(t)))
		if err != nil {
			t.Fatal(err)
		}
		carols, err := db.Upload(ctx, s.carol, s.garden.Slug, "hers.png", bytes.NewReader(testPNG(t)))
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.CreateArticle(ctx, s.bob, s.garden.Slug, articleIn(praxis.ArticleAsset, "Bed plan", mine.Markdown()+"\n\n"+carols.Markdown()))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.HTML, `<img src="`+mine.URL()+`"`) {
			t.Errorf("HTML = %s; want the image", a.HTML)
		}
		_, err = db.Attachment(ctx, s.dave, mine.ID)
		wantCode(t, "Attachment of a draft as another member", err, praxis.ENOTFOUND)
		if err := db.RequestReview(ctx, s.bob, a.ID, []string{"dave"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Attachment(ctx, s.dave, mine.ID); err != nil {
			t.Errorf("Attachment as the reviewer: %v", err)
		}
		publishArticle(t, db, s.bob, a.ID)
		if _, err := db.Attachment(ctx, nil, mine.ID); err != nil {
			t.Errorf("Attachment of a published article as anonymous: %v", err)
		}
		// Someone else's unclaimed upload is not taken by an article.
		_, err = db.Attachment(ctx, s.dave, carols.ID)
		wantCode(t, "Attachment uploaded by someone else", err, praxis.ENOTFOUND)
	})
}

// TestArticleVisibilityRule checks that the rule for one article
// (ArticlePage) and the rule for lists (Articles) agree for every status
// and kind of viewer, and match what the contract says.
func TestArticleVisibilityRule(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		grace := signUp(t, db, "grace")
		join(t, db, nil, grace, s.garden.Slug)
		join(t, db, s.alice, s.carol, s.vault.Slug)
		// In each community: bob's draft, bob's article in review by carol,
		// bob's published and archived articles; dave stewards the draft.
		type article struct {
			id     int64
			slug   string
			status string
		}
		var all []article
		for _, c := range []*praxis.Community{s.garden, s.vault} {
			stewards := []string{}
			if c == s.garden {
				stewards = []string{"dave"}
			}
			d := writeArticle(t, db, s.bob, c.Slug, "Draft in "+c.Slug, stewards...)
			r := writeArticle(t, db, s.bob, c.Slug, "Review in "+c.Slug)
			if err := db.RequestReview(ctx, s.bob, r.ID, []string{"carol"}); err != nil {
				t.Fatal(err)
			}
			p := writeArticle(t, db, s.bob, c.Slug, "Published in "+c.Slug)
			publishArticle(t, db, s.bob, p.ID)
			x := writeArticle(t, db, s.bob, c.Slug, "Archived in "+c.Slug)
			publishArticle(t, db, s.bob, x.ID)
			if err := db.Archive(ctx, s.bob, x.ID); err != nil {
				t.Fatal(err)
			}
			all = append(all, article{d.ID, c.Slug, praxis.ArticleDraft}, article{r.ID, c.Slug, praxis.ArticleInReview},
				article{p.ID, c.Slug, praxis.ArticlePublished}, article{x.ID, c.Slug, praxis.ArticleArchived})
		}
		suspended := suspend(t, db, s.admin, signUp(t, db, "sam"))
		suspendedBob := func() *praxis.User { u := *s.bob; u.Suspended = true; return &u }()
		viewers := []struct {
			name string
			user *praxis.User
			// sees reports whether the viewer may see an article in a
			// community with a status.
			sees func(slug, status string) bool
		}{
			{"anonymous", nil, func(slug, st string) bool { return slug == s.garden.Slug && settled(st) }},
			{"outsider", s.frank, func(slug, st string) bool { return slug == s.garden.Slug && settled(st) }},
			{"suspended", suspended, func(slug, st string) bool { return slug == s.garden.Slug && settled(st) }},
			{"member", grace, func(slug, st string) bool { return slug == s.garden.Slug && settled(st) }},
			{"steward of the garden draft", s.dave, func(slug, st string) bool {
				return slug == s.garden.Slug && (settled(st) || st == praxis.ArticleDraft)
			}},
			{"reviewer", s.carol, func(slug, st string) bool { return settled(st) || st == praxis.ArticleInReview }},
			{"author", s.bob, func(slug, st string) bool { return true }},
			{"suspended author", suspendedBob, func(slug, st string) bool { return slug == s.garden.Slug && settled(st) }},
			{"coordinator", s.alice, func(slug, st string) bool { return true }},
			{"administrator", s.admin, func(slug, st string) bool { return true }},
		}
		for _, v := range viewers {
			t.Run(v.name, func(t *testing.T) {
				listed := map[int64]bool{}
				for _, slug := range []string{s.garden.Slug, s.vault.Slug} {
					for _, st := range []string{praxis.ArticleDraft, praxis.ArticleInReview, praxis.ArticlePublished, praxis.ArticleArchived} {
						l, err := db.Articles(ctx, v.user, slug, praxis.ArticleFilter{Status: st})
						if praxis.ErrorCode(err) == praxis.ENOTFOUND {
							continue
						} else if err != nil {
							t.Fatalf("Articles(%s, %s): %v", slug, st, err)
						}
						if l.Total != len(l.Articles) {
							t.Errorf("Articles(%s, %s): total %d for %d listed", slug, st, l.Total, len(l.Articles))
						}
						for _, a := range l.Articles {
							listed[a.ID] = true
						}
					}
				}
				for _, a := range all {
					_, err := db.ArticlePage(ctx, v.user, a.id)
					page := err == nil
					if err != nil && praxis.ErrorCode(err) != praxis.ENOTFOUND {
						t.Fatalf("ArticlePage(%d): %v", a.id, err)
					}
					want := v.sees(a.slug, a.status)
					if page != want || listed[a.id] != want {
						t.Errorf("%s article in %s: page %v, listed %v; want %v", a.status, a.slug, page, listed[a.id], want)
					}
				}
			})
		}
	})
}

func settled(status string) bool {
	return status == praxis.ArticlePublished || status == praxis.ArticleArchived
}

func TestArticlesFiltersAndPagination(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		var ids []int64
		for i := range 7 {
			in := articleIn(praxis.ArticleGuide, fmt.Sprintf("Guide number %d", i), "Body")
			actor := s.bob
			if i%2 == 1 {
				in.Kind = new(praxis.ArticleFAQ)
				in.Topics = []string{"soil"}
				actor = s.carol
			}
			a, err := db.CreateArticle(ctx, actor, s.garden.Slug, in)
			if err != nil {
				t.Fatal(err)
			}
			publishArticle(t, db, actor, a.ID)
			ids = append([]int64{a.ID}, ids...) // newest first
			clock.Add(time.Minute)
		}
		var got []int64
		cursor := ""
		for range 5 {
			l := listArticles(t, db, nil, s.garden.Slug, praxis.ArticleFilter{Limit: 3, Cursor: cursor})
			if l.Total != 7 {
				t.Errorf("total = %d; want 7", l.Total)
			}
			got = append(got, articleIDs(l.Articles)...)
			if cursor = l.NextCursor; cursor == "" {
				break
			}
		}
		if !slices.Equal(got, ids) {
			t.Errorf("pages = %v; want %v", got, ids)
		}
		if l := listArticles(t, db, nil, s.garden.Slug, praxis.ArticleFilter{Kind: praxis.ArticleFAQ}); l.Total != 3 {
			t.Errorf("Articles(faq) total = %d; want 3", l.Total)
		}
		if l := listArticles(t, db, nil, s.garden.Slug, praxis.ArticleFilter{Topic: "#Soil"}); l.Total != 3 || !slices.Equal(l.Articles[0].Topics, []string{"soil"}) {
			t.Errorf("Articles(topic soil) total = %d; want 3", l.Total)
		}
		if l := listArticles(t, db, s.carol, s.garden.Slug, praxis.ArticleFilter{Mine: true}); l.Total != 3 || l.Articles[0].Authors[0].Handle != "carol" {
			t.Errorf("Articles(mine) as carol total = %d; want 3", l.Total)
		}
		if l := listArticles(t, db, s.bob, s.garden.Slug, praxis.ArticleFilter{}); l.Articles[0].Source != "" || l.Articles[0].HTML != "" || l.Articles[0].Excerpt != "Body" {
			t.Errorf("a listed article carries its body: %+v", l.Articles[0])
		}
		for _, f := range []praxis.ArticleFilter{{Status: "lost"}, {Kind: "poem"}, {Cursor: "!!"}} {
			_, err := db.Articles(ctx, nil, s.garden.Slug, f)
			wantCode(t, fmt.Sprintf("Articles(%+v)", f), err, praxis.EINVALID)
		}
		_, err := db.Articles(ctx, nil, s.garden.Slug, praxis.ArticleFilter{Mine: true})
		wantCode(t, "Articles(mine) anonymous", err, praxis.EUNAUTHORIZED)
		_, err = db.Articles(ctx, s.frank, s.vault.Slug, praxis.ArticleFilter{})
		wantCode(t, "Articles(vault) as an outsider", err, praxis.ENOTFOUND)
	})
}

// TestArticlesQueryCount checks that a page of articles costs a fixed
// number of statements, whatever the number of articles.
func TestArticlesQueryCount(t *testing.T) {
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			db := openCounting(t, dialect)
			c := newBenchCast(t, db)
			count := func(slug string) []string {
				statements.take()
				l, err := db.Articles(t.Context(), c.members[1], slug, praxis.ArticleFilter{Limit: 100})
				sqls := statements.take()
				if err != nil {
					t.Fatalf("Articles: %v", err)
				}
				for _, a := range l.Articles {
					if len(a.Authors) == 0 || len(a.Stewards) == 0 || len(a.Topics) == 0 {
						t.Fatalf("article %d: authors, stewards or topics not loaded", a.ID)
					}
				}
				return sqls
			}
			seed := func(n int) {
				for i := range n {
					in := articleIn(praxis.ArticleGuide, fmt.Sprintf("Guide %d", i), "Body", c.members[2].Handle)
					in.Topics = []string{"soil", "water"}
					a, err := db.CreateArticle(t.Context(), c.members[1], c.community.Slug, in)
					if err != nil {
						t.Fatal(err)
					}
					if _, err := db.Publish(t.Context(), c.members[1], a.ID, ""); err != nil {
						t.Fatal(err)
					}
				}
			}
			seed(2)
			few := count(c.community.Slug)
			seed(40)
			many := count(c.community.Slug)
			if len(many) != len(few) || len(many) > 12 {
				t.Errorf("Articles: %d statements for 42 articles, %d for 2; want the same, at most 12:\n%s",
					len(many), len(few), strings.Join(many, "\n"))
			}
		})
	}
}

func TestCollections(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		pub := writeArticle(t, db, s.bob, s.garden.Slug, "Start with soil")
		publishArticle(t, db, s.bob, pub.ID)
		draft := writeArticle(t, db, s.alice, s.garden.Slug, "Coordinator's draft")
		th := startThread(t, db, s.carol, s.garden.Slug, praxis.KindDiscussion, "Introduce yourself here")
		secret := writeArticle(t, db, s.bob, s.vault.Slug, "Vault notes")
		publishArticle(t, db, s.bob, secret.ID)
		secretThread := startThread(t, db, s.bob, s.vault.Slug, praxis.KindDiscussion, "Vault business here")
		bobsDraft := writeArticle(t, db, s.bob, s.garden.Slug, "Bob's private draft")

		in := praxis.Collection{Title: "  Start here  ", Description: "For newcomers.", StartHere: true, Items: []praxis.CollectionItem{
			{ArticleID: pub.ID, Note: "Read first"}, {ThreadID: th.ID}, {ArticleID: draft.ID},
		}}
		col, err := db.SaveCollection(ctx, s.alice, s.garden.Slug, in)
		if err != nil {
			t.Fatalf("SaveCollection: %v", err)
		}
		if col.ID == 0 || col.Title != "Start here" || !col.StartHere || len(col.Items) != 3 || col.Items[0].Note != "Read first" ||
			col.Items[0].URL != "/c/garden/kb/"+fmt.Sprint(pub.ID) || col.Items[1].Title != th.Title || col.Items[1].URL != th.Path() {
			t.Errorf("SaveCollection = %+v; want the three items, resolved", col)
		}
		// Items the viewer may not see are left out.
		cols, err := db.Collections(ctx, s.carol, s.garden.Slug)
		if err != nil || len(cols) != 1 || len(cols[0].Items) != 2 || cols[0].Items[0].ArticleID != pub.ID || cols[0].Items[1].ThreadID != th.ID {
			t.Errorf("Collections as carol = %+v, %v; want the start-here collection without the draft", cols, err)
		}

		bad := []struct {
			name  string
			actor *praxis.User
			in    praxis.Collection
			code  string
		}{
			{"anonymous", nil, praxis.Collection{Title: "X"}, praxis.EUNAUTHORIZED},
			{"a member", s.carol, praxis.Collection{Title: "Mine"}, praxis.EFORBIDDEN},
			{"no title", s.alice, praxis.Collection{Title: " "}, praxis.EINVALID},
			{"an article of another community", s.alice, praxis.Collection{Title: "X", Items: []praxis.CollectionItem{{ArticleID: secret.ID}}}, praxis.EINVALID},
			{"a thread of another community", s.alice, praxis.Collection{Title: "X", Items: []praxis.CollectionItem{{ThreadID: secretThread.ID}}}, praxis.EINVALID},
			{"both ids", s.alice, praxis.Collection{Title: "X", Items: []praxis.CollectionItem{{ArticleID: pub.ID, ThreadID: th.ID}}}, praxis.EINVALID},
			{"twice", s.alice, praxis.Collection{Title: "X", Items: []praxis.CollectionItem{{ThreadID: th.ID}, {ThreadID: th.ID}}}, praxis.EINVALID},
			{"too many", s.alice, praxis.Collection{Title: "X", Items: make([]praxis.CollectionItem, praxis.MaxCollectionItems+1)}, praxis.EINVALID},
			{"someone else's collection id", s.alice, praxis.Collection{ID: 999999, Title: "X"}, praxis.ENOTFOUND},
			{"an outsider", s.frank, praxis.Collection{Title: "X"}, praxis.EFORBIDDEN},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.SaveCollection(ctx, tt.actor, s.garden.Slug, tt.in)
				wantCode(t, "SaveCollection", err, tt.code)
			})
		}
		// The coordinator may see every draft; a core member only their own.
		if err := db.SetRole(ctx, s.alice, s.garden.Slug, "dave", praxis.MemberCore); err != nil {
			t.Fatal(err)
		}
		_, err = db.SaveCollection(ctx, s.dave, s.garden.Slug, praxis.Collection{Title: "X", Items: []praxis.CollectionItem{{ArticleID: bobsDraft.ID}}})
		wantCode(t, "SaveCollection with a draft the core member cannot see", err, praxis.EINVALID)
		tools, err := db.SaveCollection(ctx, s.dave, s.garden.Slug, praxis.Collection{Title: "Tools", Items: []praxis.CollectionItem{{ThreadID: th.ID}}})
		if err != nil {
			t.Fatalf("SaveCollection by a core member: %v", err)
		}
		// Replacing keeps the id and replaces the items.
		col.Items = []praxis.CollectionItem{{ThreadID: th.ID, Note: "Say hello"}}
		col.Title = "Start here, newcomers"
		if got, err := db.SaveCollection(ctx, s.dave, s.garden.Slug, *col); err != nil || got.ID != col.ID || len(got.Items) != 1 || got.Title != col.Title {
			t.Errorf("SaveCollection(replace) = %+v, %v", got, err)
		}
		cols, _ = db.Collections(ctx, nil, s.garden.Slug)
		if len(cols) != 2 || cols[0].ID != col.ID || cols[1].ID != tools.ID {
			t.Errorf("Collections = %+v; want start here first, then tools", cols)
		}
		// A deleted thread leaves the collection; so does a thread moved away.
		if err := db.DeletePost(ctx, s.carol, threadPage(t, db, s.carol, th.ID).Opening.ID); err != nil {
			t.Fatal(err)
		}
		cols, _ = db.Collections(ctx, s.alice, s.garden.Slug)
		if len(cols[0].Items) != 0 {
			t.Errorf("items after deleting the thread = %+v; want none", cols[0].Items)
		}

		_, err = db.Collections(ctx, s.frank, s.vault.Slug)
		wantCode(t, "Collections(vault) as an outsider", err, praxis.ENOTFOUND)
		err = db.DeleteCollection(ctx, s.carol, s.garden.Slug, tools.ID)
		wantCode(t, "DeleteCollection by a member", err, praxis.EFORBIDDEN)
		err = db.DeleteCollection(ctx, s.alice, s.vault.Slug, tools.ID)
		wantCode(t, "DeleteCollection from another community", err, praxis.ENOTFOUND)
		if err := db.DeleteCollection(ctx, s.alice, s.garden.Slug, tools.ID); err != nil {
			t.Fatalf("DeleteCollection: %v", err)
		}
		err = db.DeleteCollection(ctx, s.alice, s.garden.Slug, tools.ID)
		wantCode(t, "DeleteCollection twice", err, praxis.ENOTFOUND)
		if cols, _ := db.Collections(ctx, nil, s.garden.Slug); len(cols) != 1 {
			t.Errorf("Collections after deleting = %d; want 1", len(cols))
		}
		wantActivity(t, db, s.alice, s.garden.Slug, "alice edited collection", "dave edited collection")
	})
}

// TestPrivateArticlesAreNotFound: a private community's knowledge base
// does not exist for outsiders, by any method, and is left out of lists.
func TestPrivateArticlesAreNotFound(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := t.Context()
		s := newConversationCast(t, db)
		a := writeArticle(t, db, s.bob, s.vault.Slug, "Vault guide")
		publishArticle(t, db, s.bob, a.ID)
		if _, err := db.ConfirmReview(ctx, s.bob, a.ID, "2026-04-01"); err != nil {
			t.Fatal(err)
		}
		clock.Add(60 * 24 * time.Hour)
		ops := []struct {
			name string
			do   func(u *praxis.User) error
		}{
			{"ArticlePage", func(u *praxis.User) error { _, err := db.ArticlePage(ctx, u, a.ID); return err }},
			{"ArticleRevisions", func(u *praxis.User) error { _, err := db.ArticleRevisions(ctx, u, a.ID); return err }},
			{"Articles", func(u *praxis.User) error {
				_, err := db.Articles(ctx, u, s.vault.Slug, praxis.ArticleFilter{})
				return err
			}},
			{"UpdateArticle", func(u *praxis.User) error {
				_, err := db.UpdateArticle(ctx, u, a.ID, praxis.ArticleInput{Title: new("Mine")})
				return err
			}},
			{"RequestReview", func(u *praxis.User) error { return db.RequestReview(ctx, u, a.ID, []string{"bob"}) }},
			{"ReviewArticle", func(u *praxis.User) error { return db.ReviewArticle(ctx, u, a.ID, praxis.ReviewApproved, "") }},
			{"Publish", func(u *praxis.User) error { _, err := db.Publish(ctx, u, a.ID, ""); return err }},
			{"ConfirmReview", func(u *praxis.User) error { _, err := db.ConfirmReview(ctx, u, a.ID, ""); return err }},
			{"Archive", func(u *praxis.User) error { return db.Archive(ctx, u, a.ID) }},
			{"Verify", func(u *praxis.User) error { return db.Verify(ctx, u, a.ID, true) }},
			{"RestoreRevision", func(u *praxis.User) error { _, err := db.RestoreRevision(ctx, u, a.ID, 1); return err }},
			{"RecordReuse", func(u *praxis.User) error { return db.RecordReuse(ctx, u, a.ID, "") }},
			{"AdaptCopy", func(u *praxis.User) error { _, err := db.AdaptCopy(ctx, u, a.ID, s.garden.Slug); return err }},
			{"StewardQueue", func(u *praxis.User) error { _, err := db.StewardQueue(ctx, u, s.vault.Slug); return err }},
			{"Collections", func(u *praxis.User) error { _, err := db.Collections(ctx, u, s.vault.Slug); return err }},
			{"SaveCollection", func(u *praxis.User) error {
				_, err := db.SaveCollection(ctx, u, s.vault.Slug, praxis.Collection{Title: "X"})
				return err
			}},
			{"DeleteCollection", func(u *praxis.User) error { return db.DeleteCollection(ctx, u, s.vault.Slug, 1) }},
		}
		for _, op := range ops {
			for _, u := range []*praxis.User{s.carol, s.frank} {
				wantCode(t, op.name+" as "+who(u), op.do(u), praxis.ENOTFOUND)
			}
		}
		// The steward's queue across communities shows it to bob only.
		if q, err := db.StewardQueue(ctx, s.bob, ""); err != nil || !slices.Equal(articleIDs(q), []int64{a.ID}) {
			t.Errorf("StewardQueue as bob = %v, %v; want the vault article", articleIDs(q), err)
		}
		// Once bob leaves the vault, it leaves his queue.
		if err := db.Leave(ctx, s.bob, s.vault.Slug); err != nil {
			t.Fatal(err)
		}
		if q, err := db.StewardQueue(ctx, s.bob, ""); err != nil || len(q) != 0 {
			t.Errorf("StewardQueue after leaving = %v, %v; want empty", articleIDs(q), err)
		}
		_, err := db.ArticlePage(ctx, s.bob, a.ID)
		wantCode(t, "ArticlePage after leaving", err, praxis.ENOTFOUND)
	})
}
