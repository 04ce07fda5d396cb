package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"praxis"
)

// kbFixture is a public community with a solved question in it: Mia asked,
// Ben answered and Mia accepted. Cora coordinates it; Vic and Olga are
// members who took no part in the question; Olga also coordinates a second
// community, where she adapts copies.
type kbFixture struct {
	s                         *testSite
	cora, mia, ben, vic, olga *praxis.User
	kitchen, second           *praxis.Community
	thread                    *praxis.Thread
}

func newKBFixture(t *testing.T, s *testSite) *kbFixture {
	t.Helper()
	f := &kbFixture{s: s, cora: s.signUp(t, "cora"), mia: s.signUp(t, "mia"), ben: s.signUp(t, "ben"),
		vic: s.signUp(t, "vic"), olga: s.signUp(t, "olga")}
	f.kitchen = s.createCommunity(t, f.cora, "Open Kitchen", "How we cook for many.", "public", "open")
	for _, u := range []*praxis.User{f.mia, f.ben, f.vic, f.olga} {
		s.join(t, f.cora, u, f.kitchen.Slug)
	}
	f.second = s.createCommunity(t, f.olga, "Second Kitchen", "How we cook in the annex.", "public", "open")
	f.thread = f.solvedThread(t, "How do you keep rice warm for a hundred people?", "Keep it in insulated boxes, never in the oven.")
	return f
}

// solvedThread has Mia ask a question that Ben answers and Mia accepts.
func (f *kbFixture) solvedThread(t *testing.T, title, answer string) *praxis.Thread {
	t.Helper()
	ctx := t.Context()
	kind, body := praxis.KindQuestion, "We cook rice at noon and serve at six. How do you keep it warm and safe?"
	th, err := f.s.db.CreateThread(ctx, f.mia, f.kitchen.Slug, praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body})
	if err != nil {
		t.Fatalf("CreateThread: %v", err)
	}
	p, err := f.s.db.Reply(ctx, f.ben, th.ID, answer, 0)
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	if th, err = f.s.db.Accept(ctx, f.mia, th.ID, p.ID); err != nil {
		t.Fatalf("Accept: %v", err)
	}
	return th
}

// draft has Mia write a draft article in the kitchen through the store.
func (f *kbFixture) draft(t *testing.T, title, body string) *praxis.Article {
	t.Helper()
	kind := praxis.ArticleGuide
	a, err := f.s.db.CreateArticle(t.Context(), f.mia, f.kitchen.Slug, praxis.ArticleInput{Kind: &kind, Title: &title, Body: &body})
	if err != nil {
		t.Fatalf("CreateArticle: %v", err)
	}
	return a
}

// apiArticle is the part of the API's article object the tests read.
type apiArticle struct {
	ID            int64    `json:"id"`
	Community     string   `json:"community"`
	Kind          string   `json:"kind"`
	Title         string   `json:"title"`
	Source        string   `json:"source"`
	Status        string   `json:"status"`
	Verified      bool     `json:"verified"`
	ReviewBy      string   `json:"review_by"`
	Revision      int      `json:"revision"`
	ReuseCount    int      `json:"reuse_count"`
	SourceThreads []int64  `json:"source_threads"`
	Topics        []string `json:"topics"`
	Authors       []struct {
		Handle string `json:"handle"`
	} `json:"authors"`
	Stewards []struct {
		Handle string `json:"handle"`
	} `json:"stewards"`
	CopiedFrom *struct {
		ID        int64  `json:"id"`
		Community string `json:"community"`
		Title     string `json:"title"`
		Visible   bool   `json:"visible"`
	} `json:"copied_from"`

	URL         string `json:"url"`
	NeedsReview bool   `json:"needs_review"`
	Reviews     []struct {
		Reviewer struct {
			Handle string `json:"handle"`
		} `json:"reviewer"`
		State   string `json:"state"`
		Comment string `json:"comment"`
	} `json:"reviews"`
	Reuses []struct {
		Note string `json:"note"`
	} `json:"reuses"`
	Copies []struct {
		ID      int64 `json:"id"`
		Visible bool  `json:"visible"`
	} `json:"copies"`
	CanEdit   bool `json:"can_edit"`
	CanReview bool `json:"can_review"`
	UsedByMe  bool `json:"used_by_me"`
}

// apiArticleItems is a list of articles: a page of the knowledge base or
// a stewardship queue.
type apiArticleItems struct {
	Items      []apiArticle `json:"items"`
	NextCursor string       `json:"next_cursor"`
	Total      int          `json:"total"`
}

func (l apiArticleItems) ids() []int64 {
	var out []int64
	for _, a := range l.Items {
		out = append(out, a.ID)
	}
	return out
}

func articleAPIPath(id int64) string { return "/api/v1/articles/" + strconv.FormatInt(id, 10) }

func articlePagePath(slug string, id int64) string {
	return "/c/" + slug + "/kb/" + strconv.FormatInt(id, 10)
}

// redirectedTo checks that r is a 303 to a path starting with prefix, and
// returns the path.
func redirectedTo(t *testing.T, r *response, prefix string) string {
	t.Helper()
	r.wantStatus(t, http.StatusSeeOther)
	loc := r.header.Get("Location")
	if !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s: Location = %q; want it to start with %q", r, loc, prefix)
	}
	return loc
}

// articleIDOf reads the id of an article page's path.
func articleIDOf(t *testing.T, path string) int64 {
	t.Helper()
	i := strings.LastIndex(path, "/kb/")
	id, err := strconv.ParseInt(strings.SplitN(path[i+4:], "#", 2)[0], 10, 64)
	if i < 0 || err != nil {
		t.Fatalf("%q is not the address of an article", path)
	}
	return id
}

// textOf returns the text of the element with the id, failing if there is none.
func textOf(t *testing.T, doc *html.Node, id string) string {
	t.Helper()
	n := byID(doc, id)
	if n == nil {
		t.Fatalf("no #%s on the page", id)
	}
	return text(n)
}

// TestKnowledgeBaseJourneyForms walks the journey of an article through
// the pages, each step a form submitted as a browser would: a solved
// thread becomes a draft, a colleague reviews it, it is published, a
// member says "I used this" and adapts a copy into another community.
func TestKnowledgeBaseJourneyForms(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newKBFixture(t, s)
		slug := f.kitchen.Slug
		mia, vic, olga, cora := s.signedIn(t, "mia", f.mia), s.signedIn(t, "vic", f.vic), s.signedIn(t, "olga", f.olga), s.signedIn(t, "cora", f.cora)

		// The thread page offers to write the conversation down.
		r := mia.submit(t, f.thread.Path(), "/c/"+slug+"/t/"+strconv.FormatInt(f.thread.ID, 10)+"/article", nil)
		page := redirectedTo(t, r, "/c/"+slug+"/kb/")
		if id := articleIDOf(t, page); id <= 0 {
			t.Fatalf("article id %d from %s", id, page)
		}

		doc := mia.get(t, page).doc(t)
		if got := textOf(t, doc, "article-status"); got != "Draft" {
			t.Errorf("status of the new article = %q; want Draft", got)
		}
		if got := textOf(t, doc, "sources"); !strings.Contains(got, f.thread.Title) {
			t.Errorf("#sources = %q; want the thread's title", got)
		}
		if got := textOf(t, doc, "article-title"); got != f.thread.Title {
			t.Errorf("article title = %q; want the thread's, %q", got, f.thread.Title)
		}
		if body := text(byClass(doc, "article-body")[0]); !strings.Contains(body, "insulated boxes") {
			t.Errorf("article body = %q; want the accepted answer in it", body)
		}
		// The thread links to its article, for its readers.
		doc = vic.get(t, f.thread.Path()).doc(t)
		if got := textOf(t, doc, "thread-articles"); strings.Contains(got, f.thread.Title) {
			t.Errorf("a draft is listed to Vic on the thread: %q", got)
		}

		// Mia asks Vic to review it; Vic approves it.
		r = mia.submit(t, page, page+"/review-requests", url.Values{"reviewers": {"@vic"}})
		redirectedTo(t, r, page)
		r = vic.get(t, page)
		r.wantStatus(t, http.StatusOK)
		if formPosting(r.doc(t), page+"/reviews") == nil {
			t.Fatalf("Vic, asked to review, has no review form on %s", page)
		}
		r = vic.submit(t, page, page+"/reviews", url.Values{"state": {"approved"}, "comment": {"Clear, and right."}})
		redirectedTo(t, r, page)
		doc = mia.get(t, page).doc(t)
		if got := textOf(t, doc, "reviews"); !strings.Contains(got, "Approved") || !strings.Contains(got, "Clear, and right.") {
			t.Errorf("#reviews = %q; want Vic's approval and comment", got)
		}

		// Mia publishes it with the community's default review-by date.
		r = mia.submit(t, page, page+"/publish", nil)
		redirectedTo(t, r, page)
		doc = mia.get(t, page).doc(t)
		if got := textOf(t, doc, "article-status"); got != "Published" {
			t.Errorf("status after publishing = %q; want Published", got)
		}
		if got, want := textOf(t, doc, "review-by"), s.clock.Now().AddDate(0, praxis.DefaultReviewMonths, 0).Format(time.DateOnly); got != want {
			t.Errorf("review-by = %q; want %q", got, want)
		}
		if byID(doc, "needs-review") != nil {
			t.Errorf("a fresh article shows the needs-review banner")
		}
		doc = vic.get(t, f.thread.Path()).doc(t)
		if got := textOf(t, doc, "thread-articles"); !strings.Contains(got, f.thread.Title) {
			t.Errorf("#thread-articles on the thread = %q; want the published article", got)
		}

		// Olga used it, and says how.
		r = olga.submit(t, page, page+"/reuses", url.Values{"note": {"Served 80 portions at the fair."}})
		redirectedTo(t, r, page)
		doc = olga.get(t, page).doc(t)
		if got := textOf(t, doc, "reuse-count"); got != "1" {
			t.Errorf("reuse count = %q; want 1", got)
		}
		if got := textOf(t, doc, "reuse"); !strings.Contains(got, "Served 80 portions at the fair.") {
			t.Errorf("#reuse = %q; want Olga's note", got)
		}
		if byID(doc, "used-by-me") == nil || formPosting(doc, page+"/reuses") != nil {
			t.Errorf("after saying so, Olga still has the I-used-this form")
		}
		// An author does not say they used their own article.
		if formPosting(mia.get(t, page).doc(t), page+"/reuses") != nil {
			t.Errorf("Mia, an author, is offered I used this")
		}

		// Olga adapts a copy into her own community; it credits the original.
		r = olga.submit(t, page, page+"/copies", url.Values{"community": {f.second.Slug}})
		copyPage := redirectedTo(t, r, "/c/"+f.second.Slug+"/kb/")
		doc = olga.get(t, copyPage).doc(t)
		if got := textOf(t, doc, "copied-from"); !strings.Contains(got, f.thread.Title) {
			t.Errorf("#copied-from on the copy = %q; want the original's title", got)
		}
		if got := textOf(t, doc, "article-status"); got != "Draft" {
			t.Errorf("the copy's status = %q; want Draft", got)
		}
		doc = olga.get(t, page).doc(t)
		if got := textOf(t, doc, "copies"); !strings.Contains(got, f.second.Slug) {
			t.Errorf("#copies on the original = %q; want the copy in %s", got, f.second.Slug)
		}

		// Cora, the coordinator, verifies it.
		r = cora.submit(t, page, page+"/verify", nil)
		redirectedTo(t, r, page)
		if got := textOf(t, cora.get(t, page).doc(t), "verified-mark"); !strings.Contains(got, "Verified by User cora") {
			t.Errorf("#verified-mark = %q; want verified by Cora", got)
		}

		// The knowledge base lists it, verified and used once.
		doc = s.anonymous("reader").get(t, "/c/"+slug+"/kb").doc(t)
		rows := byClass(doc, "article-row")
		if len(rows) != 1 || !strings.Contains(text(rows[0]), f.thread.Title) || !strings.Contains(text(rows[0]), "Verified") ||
			!strings.Contains(text(rows[0]), "used 2 times") {
			var got []string
			for _, row := range rows {
				got = append(got, text(row))
			}
			t.Errorf("rows of /c/%s/kb = %q; want the article, verified and used twice (I used this, a copy)", slug, got)
		}
	})
}

// TestKnowledgeBaseJourneyAPI is the same journey through the JSON API,
// with personal tokens.
func TestKnowledgeBaseJourneyAPI(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newKBFixture(t, s)
		slug := f.kitchen.Slug
		mia, vic, olga, cora := s.withToken(t, "mia", f.mia), s.withToken(t, "vic", f.vic), s.withToken(t, "olga", f.olga), s.withToken(t, "cora", f.cora)

		r := mia.api(t, "POST", threadPath(f.thread.ID)+"/article", nil)
		r.wantStatus(t, http.StatusCreated)
		var a apiArticle
		r.decode(t, &a)
		if loc := r.header.Get("Location"); loc != articleAPIPath(a.ID) {
			t.Errorf("Location = %q; want %q", loc, articleAPIPath(a.ID))
		}
		if a.Status != praxis.ArticleDraft || !slices.Equal(a.SourceThreads, []int64{f.thread.ID}) || a.Kind != praxis.ArticleFAQ {
			t.Errorf("article from the thread: status %q, sources %v, kind %q; want draft, [%d], faq", a.Status, a.SourceThreads, a.Kind, f.thread.ID)
		}
		if a.URL != articlePagePath(slug, a.ID) || !a.CanEdit {
			t.Errorf("url %q, can_edit %v; want %q, true", a.URL, a.CanEdit, articlePagePath(slug, a.ID))
		}
		var authors []string
		for _, p := range a.Authors {
			authors = append(authors, p.Handle)
		}
		if !slices.Contains(authors, "mia") || !slices.Contains(authors, "ben") {
			t.Errorf("authors = %v; want mia and ben credited", authors)
		}
		path := articleAPIPath(a.ID)

		r = mia.api(t, "POST", path+"/review-requests", map[string]any{"reviewers": []string{"vic"}})
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if a.Status != praxis.ArticleInReview {
			t.Errorf("status after asking for review = %q; want in-review", a.Status)
		}
		r = vic.api(t, "POST", path+"/reviews", map[string]any{"state": "approved", "comment": "Looks right."})
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if len(a.Reviews) != 1 || a.Reviews[0].State != praxis.ReviewApproved || a.Reviews[0].Reviewer.Handle != "vic" {
			t.Errorf("reviews = %+v; want Vic's approval", a.Reviews)
		}

		// Publishing takes an optional body.
		r = mia.api(t, "POST", path+"/publish", nil)
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if a.Status != praxis.ArticlePublished || a.ReviewBy == "" || a.NeedsReview {
			t.Errorf("after publishing: status %q, review_by %q, needs_review %v; want published with a date", a.Status, a.ReviewBy, a.NeedsReview)
		}

		r = olga.api(t, "POST", path+"/reuses", map[string]any{"note": "For the fair."})
		r.wantStatus(t, http.StatusCreated)
		r.decode(t, &a)
		if a.ReuseCount != 1 || !a.UsedByMe || len(a.Reuses) != 1 || a.Reuses[0].Note != "For the fair." {
			t.Errorf("after I used this: count %d, used_by_me %v, reuses %+v; want 1, true, Olga's note", a.ReuseCount, a.UsedByMe, a.Reuses)
		}
		wantAPIError(t, olga.api(t, "POST", path+"/reuses", nil), http.StatusConflict, "conflict")

		r = olga.api(t, "POST", path+"/copies", map[string]any{"community": f.second.Slug})
		r.wantStatus(t, http.StatusCreated)
		var cp apiArticle
		r.decode(t, &cp)
		if cp.Community != f.second.Slug || cp.Status != praxis.ArticleDraft || cp.CopiedFrom == nil || cp.CopiedFrom.ID != a.ID || !cp.CopiedFrom.Visible {
			t.Errorf("copy: community %q, status %q, copied_from %+v; want a draft in %s copied from %d", cp.Community, cp.Status, cp.CopiedFrom, f.second.Slug, a.ID)
		}
		// Adapting counts as a use; the copy, a draft, is Olga's to see.
		r = olga.get(t, path)
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if len(a.Copies) != 1 || a.Copies[0].ID != cp.ID || a.ReuseCount != 2 {
			t.Errorf("original as Olga sees it: copies %+v, reuse_count %d; want her copy and 2", a.Copies, a.ReuseCount)
		}
		r = s.anonymous("reader").get(t, path)
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if len(a.Copies) != 0 || a.ReuseCount != 2 {
			t.Errorf("original as a reader sees it: copies %+v, reuse_count %d; want no draft copy and 2", a.Copies, a.ReuseCount)
		}

		// Verified, and not; only core members and coordinators vouch.
		wantAPIError(t, vic.api(t, "PUT", path+"/verified", nil), http.StatusForbidden, "forbidden")
		r = cora.api(t, "PUT", path+"/verified", nil)
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if !a.Verified {
			t.Errorf("after PUT verified: verified = false")
		}
		r = cora.api(t, "DELETE", path+"/verified", nil)
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if a.Verified {
			t.Errorf("after DELETE verified: verified = true")
		}

		// An edit is a revision; an old one can be restored.
		r = mia.api(t, "PATCH", path, map[string]any{"body": "Insulated boxes, lids on, 65 °C at least.", "summary": "Shorter"})
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if a.Revision != 2 {
			t.Errorf("revision after an edit = %d; want 2", a.Revision)
		}
		r = mia.get(t, path+"/revisions")
		r.wantStatus(t, http.StatusOK)
		var revs apiRevisions
		r.decode(t, &revs)
		if len(revs.Items) != 2 || revs.Items[0].Summary != "Shorter" {
			t.Errorf("revisions = %+v; want 2, newest first", revs.Items)
		}
		r = mia.api(t, "POST", path+"/restore", map[string]any{"number": 1})
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if a.Revision != 3 || !strings.Contains(a.Source, "insulated boxes") {
			t.Errorf("after restoring version 1: revision %d, source %q; want 3 and the first text", a.Revision, a.Source)
		}

		// The list, with filters.
		r = s.anonymous("reader").get(t, "/api/v1/communities/"+slug+"/articles?kind=faq")
		r.wantStatus(t, http.StatusOK)
		var list apiArticleItems
		r.decode(t, &list)
		if !slices.Equal(list.ids(), []int64{a.ID}) || list.Total != 1 {
			t.Errorf("FAQ of %s = %v (total %d); want [%d]", slug, list.ids(), list.Total, a.ID)
		}
		r = mia.get(t, "/api/v1/communities/"+f.second.Slug+"/articles?status=draft")
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("drafts of %s as Mia = %v; want none (Olga's copy is hers)", f.second.Slug, list.ids())
		}

		// A collection of the article and the thread.
		r = cora.api(t, "POST", "/api/v1/communities/"+slug+"/collections", map[string]any{
			"title": "Start here", "start_here": true,
			"items": []map[string]any{{"article_id": a.ID, "note": "Read first"}, {"thread_id": f.thread.ID}},
		})
		r.wantStatus(t, http.StatusCreated)
		var col struct {
			ID    int64 `json:"id"`
			Items []struct {
				ArticleID int64  `json:"article_id"`
				ThreadID  int64  `json:"thread_id"`
				URL       string `json:"url"`
			} `json:"items"`
		}
		r.decode(t, &col)
		if len(col.Items) != 2 || col.Items[0].URL != articlePagePath(slug, a.ID) {
			t.Errorf("collection items = %+v; want the article then the thread", col.Items)
		}
		wantAPIError(t, vic.api(t, "POST", "/api/v1/communities/"+slug+"/collections", map[string]any{"title": "Mine", "items": []any{}}),
			http.StatusForbidden, "forbidden")
		r = s.anonymous("reader").get(t, "/api/v1/communities/"+slug+"/collections")
		r.wantStatus(t, http.StatusOK)
		var cols struct {
			Items []struct{ ID int64 } `json:"items"`
		}
		r.decode(t, &cols)
		if len(cols.Items) != 1 {
			t.Errorf("collections = %+v; want one", cols.Items)
		}
		cora.api(t, "DELETE", "/api/v1/communities/"+slug+"/collections/"+strconv.FormatInt(col.ID, 10), nil).wantStatus(t, http.StatusNoContent)

		// Past its review-by date it needs review, in the stewards' queues.
		s.clock.Add(400 * 24 * time.Hour)
		r = mia.get(t, "/api/v1/me/stewardship")
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &list)
		if !slices.Equal(list.ids(), []int64{a.ID}) {
			t.Errorf("Mia's stewardship queue = %v; want [%d]", list.ids(), a.ID)
		}
		r = cora.get(t, "/api/v1/communities/"+slug+"/stewardship")
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &list)
		if !slices.Equal(list.ids(), []int64{a.ID}) {
			t.Errorf("the community's stewardship queue = %v; want [%d]", list.ids(), a.ID)
		}
		wantAPIError(t, vic.get(t, "/api/v1/communities/"+slug+"/stewardship"), http.StatusForbidden, "forbidden")
		r = mia.get(t, path)
		r.decode(t, &a)
		if !a.NeedsReview {
			t.Errorf("needs_review past the review-by date = false; want true")
		}
		r = mia.api(t, "POST", path+"/confirm", map[string]any{})
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if a.NeedsReview {
			t.Errorf("needs_review after confirming = true; want false")
		}
		r = mia.api(t, "POST", path+"/archive", nil)
		r.wantStatus(t, http.StatusOK)
		r.decode(t, &a)
		if a.Status != praxis.ArticleArchived {
			t.Errorf("status after archiving = %q; want archived", a.Status)
		}

		// A draft written through the API.
		r = vic.api(t, "POST", "/api/v1/communities/"+slug+"/articles", map[string]any{
			"kind": "guide", "title": "Cooling soup quickly", "body": "Shallow trays, an ice bath, stir.", "topics": []string{"safety"}})
		r.wantStatus(t, http.StatusCreated)
		r.decode(t, &a)
		if a.Status != praxis.ArticleDraft || len(a.Stewards) != 1 || a.Stewards[0].Handle != "vic" {
			t.Errorf("new article: status %q, stewards %+v; want a draft stewarded by Vic", a.Status, a.Stewards)
		}
	})
}

// TestKnowledgeBasePages checks that every page of the knowledge base
// renders for a member, with what it is for.
func TestKnowledgeBasePages(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newKBFixture(t, s)
		slug := f.kitchen.Slug
		a, err := s.db.ArticleFromThread(t.Context(), f.mia, f.thread.ID)
		if err != nil {
			t.Fatalf("ArticleFromThread: %v", err)
		}
		if _, err := s.db.Publish(t.Context(), f.mia, a.ID, ""); err != nil {
			t.Fatalf("Publish: %v", err)
		}
		body := "Keep it in insulated boxes.\nCheck the temperature hourly."
		if _, err := s.db.UpdateArticle(t.Context(), f.mia, a.ID, praxis.ArticleInput{Body: &body, Summary: "Added checks"}); err != nil {
			t.Fatalf("UpdateArticle: %v", err)
		}
		if _, err := s.db.SaveCollection(t.Context(), f.cora, slug, praxis.Collection{Title: "First week", StartHere: true,
			Items: []praxis.CollectionItem{{ArticleID: a.ID}, {ThreadID: f.thread.ID}}}); err != nil {
			t.Fatalf("SaveCollection: %v", err)
		}
		mia, cora := s.signedIn(t, "mia", f.mia), s.signedIn(t, "cora", f.cora)
		page := articlePagePath(slug, a.ID)

		tests := []struct {
			who  *visitor
			path string
			ids  []string // elements the page must have
		}{
			{mia, "/c/" + slug + "/kb", []string{"collection-1", "stewardship-h", "topics-h"}},
			{mia, "/c/" + slug + "/kb/new", []string{"article-form", "title", "body", "stewards", "review_by"}},
			{mia, page, []string{"article-title", "article-status", "sources", "stewards", "review-by", "reuse", "copy-form", "confirm-form"}},
			{mia, page + "/edit", []string{"article-form", "summary"}},
			{mia, page + "/history", []string{"version-1", "version-2", "compare-form"}},
			{mia, page + "/history?from=1&to=2", []string{"compare"}},
			{mia, "/c/" + slug + "/kb/queue", []string{"queue-empty"}},
			{mia, "/kb/queue", []string{"queue-empty"}},
			{cora, "/c/" + slug + "/kb/collections", []string{"collection-1", "new-collection"}},
			{cora, "/c/" + slug + "/kb/queue", []string{"queue-empty"}},
		}
		for _, tt := range tests {
			t.Run(tt.who.name+" "+tt.path, func(t *testing.T) {
				r := tt.who.get(t, tt.path)
				r.wantStatus(t, http.StatusOK)
				doc := r.doc(t)
				for _, id := range tt.ids {
					if byID(doc, id) == nil {
						t.Errorf("%s: no #%s", r, id)
					}
				}
				var tab string
				for _, n := range findAll(doc, isTag("a")) {
					if v, _ := attr(n, "href"); v == "/c/"+slug+"/kb" && strings.Contains(text(n), "Knowledge base") {
						tab = text(n)
					}
				}
				if tab == "" && !strings.HasPrefix(tt.path, "/kb/") {
					t.Errorf("%s: no link to the knowledge base", r)
				}
			})
		}

		t.Run("restore buttons", func(t *testing.T) {
			doc := mia.get(t, page+"/history").doc(t)
			forms := findAll(doc, func(n *html.Node) bool { v, _ := attr(n, "action"); return n.Data == "form" && v == page+"/restore" })
			if len(forms) != 1 || formValues(forms[0]).Get("number") != "1" {
				t.Errorf("restore forms = %d; want one, for version 1 (version 2 is current)", len(forms))
			}
		})

		t.Run("start here for newcomers", func(t *testing.T) {
			doc := s.anonymous("newcomer").get(t, "/c/"+slug).doc(t)
			if got := textOf(t, doc, "start-here"); !strings.Contains(got, "First week") || !strings.Contains(got, f.thread.Title) {
				t.Errorf("#start-here for a visitor = %q; want the collection", got)
			}
			zoe := s.signUp(t, "zoe")
			s.join(t, f.cora, zoe, slug)
			if byID(s.signedIn(t, "zoe", zoe).get(t, "/c/"+slug).doc(t), "start-here") == nil {
				t.Errorf("a member who joined today is not shown #start-here")
			}
			s.clock.Add(31 * 24 * time.Hour)
			if byID(s.signedIn(t, "zoe-later", zoe).get(t, "/c/"+slug).doc(t), "start-here") != nil {
				t.Errorf("a member of 31 days is still shown #start-here")
			}
		})

		t.Run("needs review", func(t *testing.T) {
			s.clock.Add(400 * 24 * time.Hour)
			// Sessions expire as the clock moves; these are new ones.
			mia, cora := s.signedIn(t, "mia", f.mia), s.signedIn(t, "cora", f.cora)
			doc := s.anonymous("reader").get(t, page).doc(t)
			if got := textOf(t, doc, "needs-review"); !strings.Contains(got, "Needs review") {
				t.Errorf("#needs-review = %q; want the banner", got)
			}
			doc = s.anonymous("reader").get(t, "/c/"+slug+"/kb").doc(t)
			if len(byClass(doc, "badge-needs-review")) != 1 {
				t.Errorf("needs-review badges in the list = %d; want 1", len(byClass(doc, "badge-needs-review")))
			}
			for _, v := range []*visitor{mia, cora} {
				for _, p := range []string{"/kb/queue", "/c/" + slug + "/kb/queue"} {
					if v == cora && p == "/kb/queue" {
						continue // Cora stewards nothing herself
					}
					doc := v.get(t, p).doc(t)
					if q := byID(doc, "queue"); q == nil || !strings.Contains(text(q), f.thread.Title) {
						t.Errorf("%s as %s: want the article in #queue", p, v.name)
					}
				}
			}
			// Confirming from the queue goes back to it.
			r := mia.submit(t, "/kb/queue", page+"/confirm", nil)
			redirectedTo(t, r, "/kb/queue")
			if byID(mia.get(t, "/kb/queue").doc(t), "queue-empty") == nil {
				t.Errorf("the queue after confirming is not empty")
			}
		})

		t.Run("empty knowledge base", func(t *testing.T) {
			doc := s.anonymous("reader").get(t, "/c/"+f.second.Slug+"/kb").doc(t)
			if got := textOf(t, doc, "kb-empty"); !strings.Contains(got, "Turn a solved conversation into an article, or write a guide") {
				t.Errorf("#kb-empty = %q; want it to say what to do", got)
			}
		})

		t.Run("collections form", func(t *testing.T) {
			mia, cora := s.signedIn(t, "mia", f.mia), s.signedIn(t, "cora", f.cora)
			r := cora.submit(t, "/c/"+slug+"/kb/collections", "/c/"+slug+"/kb/collections", url.Values{
				"id": {""}, "title": {"Safety"}, "items": {"http://example.org/c/" + slug + "/kb/" + strconv.FormatInt(a.ID, 10) + " The basics\nt" + strconv.FormatInt(f.thread.ID, 10)}})
			redirectedTo(t, r, "/c/"+slug+"/kb/collections")
			cs, err := s.db.Collections(t.Context(), f.cora, slug)
			if err != nil {
				t.Fatal(err)
			}
			var safety *praxis.Collection
			for _, c := range cs {
				if c.Title == "Safety" {
					safety = c
				}
			}
			if safety == nil || len(safety.Items) != 2 || safety.Items[0].ArticleID != a.ID || safety.Items[0].Note != "The basics" || safety.Items[1].ThreadID != f.thread.ID {
				t.Fatalf("saved collection = %+v; want the article with its note, then the thread", safety)
			}
			r = cora.submit(t, "/c/"+slug+"/kb/collections", "/c/"+slug+"/kb/collections", url.Values{"id": {""}, "title": {"Broken"}, "items": {"not-an-address"}})
			r.wantStatus(t, http.StatusBadRequest)
			if got := fieldError(t, r.doc(t), "new-items"); !strings.Contains(got, "not-an-address") {
				t.Errorf("error beside the items = %q; want the line named", got)
			}
			r = mia.get(t, "/c/"+slug+"/kb/collections")
			r.wantStatus(t, http.StatusForbidden)
		})
	})
}

// TestKnowledgeBaseBadInput checks that refused forms come back with the
// message beside the field, and that the API says the same.
func TestKnowledgeBaseBadInput(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newKBFixture(t, s)
		slug := f.kitchen.Slug
		mia := s.signedIn(t, "mia", f.mia)
		miaAPI := s.withToken(t, "mia-api", f.mia)
		past := s.clock.Now().AddDate(0, 0, -1).Format(time.DateOnly)

		t.Run("new article with a review-by date in the past", func(t *testing.T) {
			values := url.Values{"kind": {"guide"}, "title": {"Cooling soup"}, "body": {"Shallow trays."}, "review_by": {past}}
			r := mia.submit(t, "/c/"+slug+"/kb/new", "/c/"+slug+"/kb/new", values)
			r.wantStatus(t, http.StatusBadRequest)
			doc := r.doc(t)
			if got := fieldError(t, doc, "review_by"); !strings.Contains(got, "future") {
				t.Errorf("error beside #review_by = %q; want it to say the future", got)
			}
			if got := inputValue(t, doc, "title"); got != "Cooling soup" {
				t.Errorf("#title = %q; want the user's text kept", got)
			}
			list, err := s.db.Articles(t.Context(), f.mia, slug, praxis.ArticleFilter{Status: praxis.ArticleDraft})
			if err != nil || list.Total != 0 {
				t.Errorf("drafts after the refused form = %v, %v; want none", list, err)
			}
		})

		a := f.draft(t, "Cooling soup quickly", "Shallow trays.")
		page := articlePagePath(slug, a.ID)

		t.Run("publish with a review-by date in the past", func(t *testing.T) {
			r := mia.submit(t, page, page+"/publish", url.Values{"review_by": {past}})
			r.wantStatus(t, http.StatusBadRequest)
			doc := r.doc(t)
			if got := fieldError(t, doc, "publish-review-by"); !strings.Contains(got, "future") {
				t.Errorf("error beside #publish-review-by = %q; want it to say the future", got)
			}
			if got := textOf(t, doc, "article-status"); got != "Draft" {
				t.Errorf("status after the refused publication = %q; want Draft", got)
			}
			e := wantAPIError(t, miaAPI.api(t, "POST", articleAPIPath(a.ID)+"/publish", map[string]any{"review_by": past}), http.StatusBadRequest, "invalid")
			if e.Fields["review_by"] == "" {
				t.Errorf("API error fields = %v; want review_by", e.Fields)
			}
		})

		t.Run("publish without a steward", func(t *testing.T) {
			r := mia.submit(t, page+"/edit", page+"/edit", url.Values{"stewards": {""}})
			redirectedTo(t, r, page)
			r = mia.submit(t, page, page+"/publish", nil)
			r.wantStatus(t, http.StatusBadRequest)
			doc := r.doc(t)
			if got := textOf(t, doc, "publish-stewards-error"); !strings.Contains(got, "steward") {
				t.Errorf("#publish-stewards-error = %q; want it to ask for a steward", got)
			}
			if msg := byClass(doc, "form-message"); len(msg) == 0 || !strings.Contains(text(msg[0]), "steward") {
				t.Errorf("no form message about the steward")
			}
			e := wantAPIError(t, miaAPI.api(t, "POST", articleAPIPath(a.ID)+"/publish", nil), http.StatusBadRequest, "invalid")
			if e.Fields["stewards"] == "" {
				t.Errorf("API error fields = %v; want stewards", e.Fields)
			}
		})

		t.Run("restore a version of another article", func(t *testing.T) {
			other := f.draft(t, "Washing up for a crowd", "Three sinks.")
			for _, b := range []string{"Three sinks, hot water.", "Three sinks, hot water, air dry."} {
				body := b
				if _, err := s.db.UpdateArticle(t.Context(), f.mia, other.ID, praxis.ArticleInput{Body: &body}); err != nil {
					t.Fatal(err)
				}
			}
			// The other article has a version 3; this one has only 1.
			r := mia.postForm(t, page+"/restore", url.Values{"csrf_token": {mia.csrfToken(t)}, "number": {"3"}})
			r.wantStatus(t, http.StatusNotFound)
			doc := r.doc(t)
			if msg := byClass(doc, "form-message"); len(msg) == 0 || !strings.Contains(text(msg[0]), "no version 3") {
				t.Errorf("history page after the refused restore has no clear message")
			}
			if byID(doc, "version-1") == nil {
				t.Errorf("the refused restore does not show the history again")
			}
			e := wantAPIError(t, miaAPI.api(t, "POST", articleAPIPath(a.ID)+"/restore", map[string]any{"number": 3}), http.StatusNotFound, "not_found")
			if !strings.Contains(e.Message, "version 3") {
				t.Errorf("API message = %q; want it to name version 3", e.Message)
			}
			wantAPIError(t, miaAPI.api(t, "POST", articleAPIPath(a.ID)+"/restore", map[string]any{"number": 0}), http.StatusBadRequest, "invalid")
			ap, err := s.db.ArticlePage(t.Context(), f.mia, a.ID)
			if err != nil || ap.Article.Revision != 1 || ap.Article.Source != "Shallow trays." {
				t.Errorf("article after refused restores: %v; want version 1 unchanged", err)
			}
		})

		t.Run("review without asking", func(t *testing.T) {
			vic := s.signedIn(t, "vic", f.vic)
			r := vic.postForm(t, page+"/reviews", url.Values{"csrf_token": {vic.csrfToken(t)}, "form": {"review"}, "state": {"approved"}})
			if r.status != http.StatusNotFound && r.status != http.StatusForbidden {
				t.Errorf("%s by someone not asked: status %d; want 403 or 404", r, r.status)
			}
		})

		t.Run("API bad JSON", func(t *testing.T) {
			wantAPIError(t, miaAPI.api(t, "POST", "/api/v1/communities/"+slug+"/articles", `{"kind":"guide","title":"x","body":"y","colour":"red"}`),
				http.StatusBadRequest, "invalid")
			e := wantAPIError(t, miaAPI.api(t, "POST", "/api/v1/communities/"+slug+"/articles", map[string]any{"kind": "poem", "title": "A poem", "body": "Roses."}),
				http.StatusBadRequest, "invalid")
			if e.Fields["kind"] == "" {
				t.Errorf("fields = %v; want kind", e.Fields)
			}
		})
	})
}

// TestKnowledgeBasePrivacy checks that a private community's articles are
// unreachable to those outside it on every page and API route, and that
// drafts stay with those who write and review them.
func TestKnowledgeBasePrivacy(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cora, mia, olga := s.signUp(t, "cora"), s.signUp(t, "mia"), s.signUp(t, "olga")
		priv := s.createCommunity(t, cora, "Skunkworks Guild", "How we build the hidden prototype.", "private", "invitation")
		s.join(t, cora, mia, priv.Slug)
		ctx := t.Context()
		kind, qtitle, qbody := praxis.KindQuestion, "Where is the secret prototype kept?", "Asking for the hidden lab."
		th, err := s.db.CreateThread(ctx, mia, priv.Slug, praxis.ThreadInput{Kind: &kind, Title: &qtitle, Body: &qbody})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Reply(ctx, cora, th.ID, "In the vault behind the boiler.", 0); err != nil {
			t.Fatal(err)
		}
		art, err := s.db.ArticleFromThread(ctx, mia, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Publish(ctx, mia, art.ID, ""); err != nil {
			t.Fatal(err)
		}
		gk, gtitle, gbody := praxis.ArticleGuide, "Opening the vault", "Turn the wheel thrice."
		draft, err := s.db.CreateArticle(ctx, mia, priv.Slug, praxis.ArticleInput{Kind: &gk, Title: &gtitle, Body: &gbody})
		if err != nil {
			t.Fatal(err)
		}
		col, err := s.db.SaveCollection(ctx, cora, priv.Slug, praxis.Collection{Title: "Vault primer", StartHere: true,
			Items: []praxis.CollectionItem{{ArticleID: art.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		secrets := []string{priv.Name, qtitle, "vault behind the boiler", gtitle, "Vault primer"}

		outsider := s.signedIn(t, "outsider", olga)
		outsiderAPI := s.withToken(t, "outsider-api", olga)
		anonymous := s.anonymous("anonymous")
		a, d, c, tid := strconv.FormatInt(art.ID, 10), strconv.FormatInt(draft.ID, 10), strconv.FormatInt(col.ID, 10), strconv.FormatInt(th.ID, 10)
		sl := priv.Slug
		pages := []struct{ method, path string }{
			{"GET", "/c/" + sl + "/kb"}, {"GET", "/c/" + sl + "/kb/new"}, {"POST", "/c/" + sl + "/kb/new"},
			{"GET", "/c/" + sl + "/kb/queue"}, {"GET", "/c/" + sl + "/kb/collections"}, {"POST", "/c/" + sl + "/kb/collections"},
			{"POST", "/c/" + sl + "/kb/collections/" + c + "/delete"}, {"POST", "/c/" + sl + "/t/" + tid + "/article"},
		}
		for _, id := range []string{a, d} {
			for _, p := range []string{"", "/edit", "/history"} {
				pages = append(pages, struct{ method, path string }{"GET", "/c/" + sl + "/kb/" + id + p})
			}
			for _, p := range []string{"/edit", "/restore", "/review-requests", "/reviews", "/publish", "/confirm", "/archive", "/verify", "/reuses", "/copies"} {
				pages = append(pages, struct{ method, path string }{"POST", "/c/" + sl + "/kb/" + id + p})
			}
			// The article's address under another community.
			pages = append(pages, struct{ method, path string }{"GET", "/c/open/kb/" + id})
		}
		apis := []struct{ method, path string }{
			{"GET", "/api/v1/communities/" + sl + "/articles"}, {"POST", "/api/v1/communities/" + sl + "/articles"},
			{"POST", "/api/v1/threads/" + tid + "/article"}, {"GET", "/api/v1/communities/" + sl + "/stewardship"},
			{"GET", "/api/v1/communities/" + sl + "/collections"}, {"POST", "/api/v1/communities/" + sl + "/collections"},
			{"DELETE", "/api/v1/communities/" + sl + "/collections/" + c},
		}
		for _, id := range []string{a, d} {
			apis = append(apis, []struct{ method, path string }{
				{"GET", "/api/v1/articles/" + id}, {"PATCH", "/api/v1/articles/" + id}, {"GET", "/api/v1/articles/" + id + "/revisions"},
				{"POST", "/api/v1/articles/" + id + "/review-requests"}, {"POST", "/api/v1/articles/" + id + "/reviews"},
				{"POST", "/api/v1/articles/" + id + "/publish"}, {"POST", "/api/v1/articles/" + id + "/confirm"},
				{"POST", "/api/v1/articles/" + id + "/archive"}, {"PUT", "/api/v1/articles/" + id + "/verified"},
				{"DELETE", "/api/v1/articles/" + id + "/verified"}, {"POST", "/api/v1/articles/" + id + "/restore"},
				{"POST", "/api/v1/articles/" + id + "/reuses"}, {"POST", "/api/v1/articles/" + id + "/copies"},
			}...)
		}
		// Bodies that would be accepted, were the caller allowed.
		apiBody := map[string]any{
			"PATCH":            map[string]any{"title": "Leaked?"},
			"/review-requests": map[string]any{"reviewers": []string{"mia"}},
			"/reviews":         map[string]any{"state": "approved"},
			"/restore":         map[string]any{"number": 1},
			"/copies":          map[string]any{"community": sl},
			"/articles":        map[string]any{"kind": "guide", "title": "Leaked guide", "body": "x"},
			"/collections":     map[string]any{"title": "Leaked", "items": []any{}},
		}
		bodyFor := func(method, path string) any {
			if method == "PATCH" {
				return apiBody["PATCH"]
			}
			for k, v := range apiBody {
				if strings.HasSuffix(path, k) && method == "POST" {
					return v
				}
			}
			return nil
		}

		t.Run("outsider pages", func(t *testing.T) {
			for _, p := range pages {
				var r *response
				if p.method == "GET" {
					r = outsider.get(t, p.path)
				} else {
					r = outsider.postForm(t, p.path, url.Values{"csrf_token": {outsider.csrfToken(t)}, "number": {"1"}, "title": {"Leaked"},
						"kind": {"guide"}, "body": {"x"}, "reviewers": {"mia"}, "state": {"approved"}, "community": {sl}})
				}
				if r.status != http.StatusNotFound {
					t.Errorf("%s as an outsider: status %d; want 404", r, r.status)
				}
			}
		})
		t.Run("outsider API", func(t *testing.T) {
			for _, p := range apis {
				r := outsiderAPI.api(t, p.method, p.path, bodyFor(p.method, p.path))
				if r.status != http.StatusNotFound {
					t.Errorf("%s as an outsider: status %d; want 404 (body %.200s)", r, r.status, r.body)
				}
			}
		})
		t.Run("anonymous", func(t *testing.T) {
			for _, p := range pages {
				var r *response
				if p.method == "GET" {
					r = anonymous.get(t, p.path)
				} else {
					r = anonymous.postForm(t, p.path, url.Values{"csrf_token": {anonymous.csrfToken(t)}})
				}
				// Pages that need one to sign in may say so first; nothing else.
				login := r.status == http.StatusSeeOther && strings.HasPrefix(r.header.Get("Location"), "/login")
				if r.status != http.StatusNotFound && r.status != http.StatusUnauthorized && !login {
					t.Errorf("%s anonymously: status %d; want 404 (or sign in)", r, r.status)
				}
			}
			for _, p := range apis {
				r := anonymous.api(t, p.method, p.path, bodyFor(p.method, p.path))
				if r.status != http.StatusNotFound && !(p.method != "GET" && r.status == http.StatusUnauthorized) &&
					!(strings.HasSuffix(p.path, "/stewardship") && r.status == http.StatusUnauthorized) {
					t.Errorf("%s anonymously: status %d; want 404 (or 401 for a change)", r, r.status)
				}
			}
		})
		t.Run("no leak", func(t *testing.T) {
			for _, v := range []*visitor{outsider, outsiderAPI, anonymous} {
				for _, r := range v.seen {
					for _, secret := range secrets {
						if bytes.Contains(r.body, []byte(secret)) || bytes.Contains(r.body, []byte(html.EscapeString(secret))) {
							t.Errorf("%s as %s: the body mentions %q", r, v.name, secret)
						}
					}
				}
			}
		})
		t.Run("own queues and public lists", func(t *testing.T) {
			s.clock.Add(400 * 24 * time.Hour)
			later := s.signedIn(t, "outsider-later", olga) // the first session has expired
			for _, r := range []*response{later.get(t, "/kb/queue"), outsiderAPI.get(t, "/api/v1/me/stewardship")} {
				r.wantStatus(t, http.StatusOK)
				if bytes.Contains(r.body, []byte(qtitle)) {
					t.Errorf("%s as an outsider lists the private article", r)
				}
			}
			// Mia's own queue holds it: the privacy checks above are not vacuous.
			r := s.withToken(t, "mia", mia).get(t, "/api/v1/me/stewardship")
			var list apiArticleItems
			r.decode(t, &list)
			if !slices.Equal(list.ids(), []int64{art.ID}) {
				t.Errorf("Mia's queue = %v; want [%d]", list.ids(), art.ID)
			}
		})
		t.Run("drafts stay with their writers", func(t *testing.T) {
			pub := s.createCommunity(t, cora, "Open Kitchen", "How we cook for many.", "public", "open")
			s.join(t, cora, olga, pub.Slug)
			k, title, body := praxis.ArticleGuide, "Unfinished stock recipe", "Bones, water, patience."
			dr, err := s.db.CreateArticle(ctx, cora, pub.Slug, praxis.ArticleInput{Kind: &k, Title: &title, Body: &body})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []*visitor{outsider, anonymous} {
				if r := v.get(t, articlePagePath(pub.Slug, dr.ID)); r.status != http.StatusNotFound {
					t.Errorf("%s as %s: status %d; want 404", r, v.name, r.status)
				}
				if r := v.get(t, "/c/"+pub.Slug+"/kb?status=draft"); bytes.Contains(r.body, []byte(title)) {
					t.Errorf("%s as %s lists the draft", r, v.name)
				}
			}
			if r := outsiderAPI.get(t, articleAPIPath(dr.ID)); r.status != http.StatusNotFound {
				t.Errorf("%s: status %d; want 404", r, r.status)
			}
			// The community's activity feed must not tell the draft either.
			for _, r := range []*response{outsider.get(t, "/c/"+pub.Slug), outsiderAPI.get(t, "/api/v1/communities/"+pub.Slug+"/activity")} {
				if bytes.Contains(r.body, []byte(title)) {
					t.Errorf("%s as an outsider tells the draft's title", r)
				}
			}
		})
	})
}

// TestKnowledgeBaseAssetCopy: a reusable asset is written with a file
// through the form (a refusal keeps the file), published, and adapted into
// another community, whose readers open the file through the copy; the
// original counts the reuse and the copy credits it.
func TestKnowledgeBaseAssetCopy(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newKBFixture(t, s)
		mia, olga := s.signedIn(t, "mia", f.mia), s.signedIn(t, "olga", f.olga)
		newPage := "/c/" + f.kitchen.Slug + "/kb/new"
		files := []formFile{{"files", "menu-grid.png", testImage(t)}}

		// Refused without a title: the stored file comes back in the text.
		r := mia.submitFiles(t, newPage, newPage, url.Values{"kind": {"asset"}, "title": {""}, "body": {"Fill in the grid."}}, files)
		r.wantStatus(t, http.StatusBadRequest)
		doc := r.doc(t)
		if got := fieldError(t, doc, "title"); got == "" {
			t.Errorf("no message beside the title")
		}
		body := inputValue(t, doc, "body")
		if !strings.Contains(body, "/attachments/") {
			t.Fatalf("#body after the refusal = %q; want the file's markdown kept", body)
		}
		r = mia.submit(t, newPage, newPage, url.Values{"kind": {"asset"}, "title": {"Menu planning grid"}, "body": {body}})
		page := redirectedTo(t, r, "/c/"+f.kitchen.Slug+"/kb/")
		id := articleIDOf(t, page)
		if _, err := s.db.Publish(t.Context(), f.mia, id, ""); err != nil {
			t.Fatalf("Publish: %v", err)
		}
		var src string
		for _, img := range findAll(mia.get(t, page).doc(t), isTag("img")) {
			if v, _ := attr(img, "src"); strings.HasPrefix(v, "/attachments/") {
				src = v
			}
		}
		if src == "" {
			t.Fatalf("the asset's page shows no attached image")
		}

		// Olga adapts a copy into her community and publishes it there.
		r = olga.submit(t, page, page+"/copies", url.Values{"community": {f.second.Slug}})
		copyPage := redirectedTo(t, r, "/c/"+f.second.Slug+"/kb/")
		if _, err := s.db.Publish(t.Context(), f.olga, articleIDOf(t, copyPage), ""); err != nil {
			t.Fatalf("Publish the copy: %v", err)
		}
		reader := s.anonymous("reader")
		doc = reader.get(t, copyPage).doc(t)
		if got := textOf(t, doc, "copied-from"); !strings.Contains(got, "Menu planning grid") {
			t.Errorf("#copied-from on the copy = %q; want the original credited", got)
		}
		var shown bool
		for _, img := range findAll(doc, isTag("img")) {
			v, _ := attr(img, "src")
			shown = shown || v == src
		}
		if !shown {
			t.Errorf("the copy does not show the original's file %s", src)
		}
		r = reader.get(t, src)
		r.wantStatus(t, http.StatusOK)
		if ct := r.header.Get("Content-Type"); ct != "image/png" {
			t.Errorf("%s: Content-Type = %q; want image/png", r, ct)
		}
		if got := textOf(t, reader.get(t, page).doc(t), "reuse-count"); got != "1" {
			t.Errorf("the original's reuse count = %q; want 1 (the copy)", got)
		}
	})
}
