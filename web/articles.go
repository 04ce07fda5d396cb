package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"praxis"
	"praxis/textdiff"
)

// The knowledge base's pages: the list of a community's articles, an
// article with what can be done to it, writing and editing, and history.
// Collections and the stewardship queue are in kb.go.

// kbView is what every knowledge base page needs besides its data: the
// kinds of article and today, which tells the articles that need review.
type kbView struct {
	Today time.Time
}

func (s *Server) kbView() kbView { return kbView{Today: s.now()} }

// Kinds lists the kinds of article, in display order.
func (kbView) Kinds() []praxis.Choice { return praxis.ArticleKinds }

// KindLabel names a kind of article.
func (kbView) KindLabel(kind string) string { return praxis.ChoiceLabel(praxis.ArticleKinds, kind) }

// NeedsReview reports whether a is published and past its review-by date.
func (v kbView) NeedsReview(a *praxis.Article) bool { return a.NeedsReview(v.Today) }

// StatusLabel names an article's status as readers see it.
func (v kbView) StatusLabel(a *praxis.Article) string {
	switch {
	case a.NeedsReview(v.Today):
		return "Needs review"
	case a.Status == praxis.ArticleDraft:
		return "Draft"
	case a.Status == praxis.ArticleInReview:
		return "In review"
	case a.Status == praxis.ArticleArchived:
		return "Archived"
	}
	return "Published"
}

// articleFilter reads an article list's filters from the query string.
func articleFilter(q url.Values) praxis.ArticleFilter {
	limit, _ := strconv.Atoi(q.Get("limit"))
	return praxis.ArticleFilter{Kind: q.Get("kind"), Status: q.Get("status"), Topic: q.Get("topic"),
		Mine: q.Get("mine") == "1", Cursor: q.Get("cursor"), Limit: limit}
}

type kbData struct {
	kbView
	*praxis.CommunityView
	List        *praxis.ArticleList
	Filter      praxis.ArticleFilter
	Topics      []*praxis.Topic
	Collections []*praxis.Collection
	NextURL     string
	// Query is the current query, for filter links.
	Query     url.Values
	CanCurate bool
}

// With returns the list URL with one filter changed (empty removes it).
func (d kbData) With(key, value string) string {
	q := url.Values{}
	for k, v := range d.Query {
		q[k] = v
	}
	q.Del("cursor")
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	if len(q) == 0 {
		return "/c/" + d.Community.Slug + "/kb"
	}
	return "/c/" + d.Community.Slug + "/kb?" + q.Encode()
}

// Filtered reports whether any filter narrows the list.
func (d kbData) Filtered() bool {
	f := d.Filter
	return f.Kind != "" || f.Status != "" || f.Topic != "" || f.Mine
}

// startHereFirst orders collections with the "start here" ones first,
// keeping the curators' order otherwise.
func startHereFirst(cs []*praxis.Collection) []*praxis.Collection {
	out := make([]*praxis.Collection, 0, len(cs))
	for _, c := range cs {
		if c.StartHere {
			out = append(out, c)
		}
	}
	for _, c := range cs {
		if !c.StartHere {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) kbPage(w http.ResponseWriter, r *http.Request) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	d := kbData{kbView: s.kbView(), CommunityView: v, Filter: articleFilter(q), Query: q, CanCurate: v.Perm.Lead}
	if d.List, err = s.store.Articles(ctx, u, slug, d.Filter); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Topics, err = s.store.Topics(ctx, u, slug); err != nil {
		s.fail(w, r, err)
		return
	}
	if !d.Filtered() && d.Filter.Cursor == "" {
		cs, err := s.store.Collections(ctx, u, slug)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Collections = startHereFirst(cs)
	}
	if d.List.NextCursor != "" {
		nq := url.Values{}
		for k, vs := range q {
			nq[k] = vs
		}
		nq.Set("cursor", d.List.NextCursor)
		d.NextURL = "/c/" + slug + "/kb?" + nq.Encode()
	}
	s.render(w, r, http.StatusOK, "kb", &page{Title: "Knowledge base of " + v.Community.Name, Data: d, Nav: "community"})
}

// articleFormData is the form that writes a new article or edits one.
type articleFormData struct {
	kbView
	Community *praxis.Community
	Article   *praxis.Article // nil for a new article
	Topics    []*praxis.Topic
}

// articleInput reads the article fields present in a submitted form. An
// edit that empties topics or stewards clears them; an empty review-by
// date keeps the current one (or the community's default).
func articleInput(r *http.Request, editing bool) praxis.ArticleInput {
	get := func(name string) *string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		v := r.PostFormValue(name)
		return &v
	}
	in := praxis.ArticleInput{Kind: get("kind"), Title: get("title"), Body: get("body"), Summary: strings.TrimSpace(r.PostFormValue("summary"))}
	if _, ok := r.PostForm["topics"]; ok {
		in.Topics = praxis.ParseList(r.PostFormValue("topics"))
		if in.Topics == nil && editing {
			in.Topics = []string{}
		}
	}
	if _, ok := r.PostForm["stewards"]; ok {
		in.Stewards = handleList(r.PostFormValue("stewards"))
		if in.Stewards == nil && editing {
			in.Stewards = []string{}
		}
	}
	if v := strings.TrimSpace(r.PostFormValue("review_by")); v != "" {
		in.ReviewBy = &v
	}
	return in
}

// handleList reads handles separated by commas, spaces or lines, with or
// without their @.
func handleList(s string) []string {
	var out []string
	for _, h := range praxis.ParseList(strings.Join(strings.Fields(s), ",")) {
		if h = strings.TrimPrefix(h, "@"); h != "" {
			out = append(out, h)
		}
	}
	return out
}

func (s *Server) renderNewArticle(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, ok := s.participantCommunity(w, r, "write an article")
	if !ok {
		return
	}
	topics, err := s.store.Topics(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f == nil {
		kind := r.URL.Query().Get("kind")
		if kind == "" {
			kind = praxis.ArticleGuide
		}
		f = &form{Values: url.Values{"kind": {kind}, "topics": {r.URL.Query().Get("topic")}, "stewards": {u.Handle}}}
	}
	s.render(w, r, status, "kb_edit", &page{Title: "Write an article for " + v.Community.Name, Form: f, Nav: "community",
		Data: articleFormData{kbView: s.kbView(), Community: v.Community, Topics: topics}})
}

func (s *Server) newArticlePage(w http.ResponseWriter, r *http.Request) {
	s.renderNewArticle(w, r, http.StatusOK, nil)
}

// articleFiles stores the files attached to an article form in the
// community of slug and adds their markdown to the input's text. After a
// refusal, keepArticleFiles shows them in the text, so that sending the
// form again keeps them (as the ask form does).
func (s *Server) articleFiles(r *http.Request, slug string, in *praxis.ArticleInput) (string, error) {
	files, err := s.attachFormFiles(r, slug, 0)
	if files != "" {
		body := withAttachments(r.PostFormValue("body"), files)
		in.Body = &body
	}
	return files, err
}

func keepArticleFiles(r *http.Request, files string) {
	if files != "" {
		r.PostForm.Set("body", withAttachments(r.PostFormValue("body"), files))
	}
}

func (s *Server) newArticleSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	in := articleInput(r, false)
	files, err := s.articleFiles(r, slug, &in)
	var a *praxis.Article
	if err == nil {
		a, err = s.store.CreateArticle(r.Context(), actor(r), slug, in)
	}
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || (code == praxis.EFORBIDDEN && praxis.ErrorFields(err) != nil) {
		keepArticleFiles(r, files)
		s.renderNewArticle(w, r, statusOf(code), newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "Your draft is saved. Ask colleagues to review it, or publish it when it is ready.")
	http.Redirect(w, r, a.Path(), http.StatusSeeOther)
}

// articleID reads the article id from the path.
func articleID(r *http.Request) (int64, error) { return pathID(r, "id") }

type articleData struct {
	kbView
	*praxis.ArticlePage
	// Sources are the threads it was written from that the viewer may see.
	Sources []*praxis.Thread
	// Destinations are the communities where the viewer may adapt a copy.
	Destinations []*praxis.Community
	CanVerify    bool
	// IsAuthor is true when the viewer wrote it: others say they used it.
	IsAuthor bool
	// Form is a refused action's form, re-shown beside its fields.
	Form *form
}

// FormFor returns the refused form when it is the one named (each of the
// page's forms says its name in the field "form"), else nil.
func (d articleData) FormFor(name string) *form {
	if d.Form != nil && d.Form.Get("form") == name {
		return d.Form
	}
	return nil
}

// Open reports whether the article is a draft or in review.
func (d articleData) Open() bool {
	st := d.Article.Status
	return st == praxis.ArticleDraft || st == praxis.ArticleInReview
}

// articleSources returns the threads of ids that actor may see.
func (s *Server) articleSources(ctx context.Context, u *praxis.User, ids []int64) ([]*praxis.Thread, error) {
	var out []*praxis.Thread
	for _, id := range ids {
		t, err := s.store.Thread(ctx, u, id)
		if praxis.ErrorCode(err) == praxis.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (s *Server) renderArticle(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u := r.Context(), actor(r)
	id, err := articleID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ap, err := s.store.ArticlePage(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// An old or mistyped community in the address goes to the canonical one.
	if r.Method == http.MethodGet && r.URL.Path != ap.Article.Path() {
		http.Redirect(w, r, ap.Article.Path(), http.StatusMovedPermanently)
		return
	}
	d := articleData{kbView: s.kbView(), ArticlePage: ap, Form: f}
	if d.Sources, err = s.articleSources(ctx, u, ap.Article.SourceThreads); err != nil {
		s.fail(w, r, err)
		return
	}
	if u != nil {
		v, err := s.store.Community(ctx, u, ap.Article.CommunitySlug)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.CanVerify = v.Perm.Lead
		for _, p := range ap.Article.Authors {
			d.IsAuthor = d.IsAuthor || p.ID == u.ID
		}
		if d.Destinations, err = s.store.CommunitiesOf(ctx, u, u.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "kb_article", &page{Title: ap.Article.Title, Nav: "community", Form: f, Data: d})
}

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) {
	s.renderArticle(w, r, http.StatusOK, nil)
}

// articleAction runs an action on an article and returns to its page (or
// to a queue the form came from), re-showing the page with the message
// beside the form when the action is refused.
func (s *Server) articleAction(w http.ResponseWriter, r *http.Request, flash string, fn func(id int64) (string, error)) {
	if actor(r) == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first."))
		return
	}
	id, err := articleID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, err := fn(id)
	if err != nil {
		switch praxis.ErrorCode(err) {
		case praxis.EINVALID, praxis.ECONFLICT, praxis.EFORBIDDEN:
			s.renderArticle(w, r, statusOf(praxis.ErrorCode(err)), newForm(r, err))
			return
		}
		s.fail(w, r, err)
		return
	}
	if flash != "" {
		s.setFlash(w, flash)
	}
	if next := r.PostFormValue("next"); next == "/kb/queue" || next == "/c/"+r.PathValue("slug")+"/kb/queue" {
		to = next
	}
	if to == "" {
		to = "/c/" + r.PathValue("slug") + "/kb/" + strconv.FormatInt(id, 10)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) publishArticleSubmit(w http.ResponseWriter, r *http.Request) {
	s.articleAction(w, r, "The article is published.", func(id int64) (string, error) {
		a, err := s.store.Publish(r.Context(), actor(r), id, strings.TrimSpace(r.PostFormValue("review_by")))
		if err != nil {
			return "", err
		}
		return a.Path(), nil
	})
}

func (s *Server) requestReviewSubmit(w http.ResponseWriter, r *http.Request) {
	s.articleAction(w, r, "Your colleagues are asked to review the draft.", func(id int64) (string, error) {
		return "", s.store.RequestReview(r.Context(), actor(r), id, handleList(r.PostFormValue("reviewers")))
	})
}

func (s *Server) reviewArticleSubmit(w http.ResponseWriter, r *http.Request) {
	flash := "Your review is saved."
	if r.PostFormValue("state") == praxis.ReviewApproved {
		flash = "You approved the draft."
	}
	s.articleAction(w, r, flash, func(id int64) (string, error) {
		return "", s.store.ReviewArticle(r.Context(), actor(r), id, r.PostFormValue("state"), r.PostFormValue("comment"))
	})
}

func (s *Server) confirmArticleSubmit(w http.ResponseWriter, r *http.Request) {
	s.articleAction(w, r, "Confirmed: the article is still right.", func(id int64) (string, error) {
		_, err := s.store.ConfirmReview(r.Context(), actor(r), id, strings.TrimSpace(r.PostFormValue("review_by")))
		return "", err
	})
}

func (s *Server) archiveArticleSubmit(w http.ResponseWriter, r *http.Request) {
	s.articleAction(w, r, "The article is archived.", func(id int64) (string, error) {
		return "", s.store.Archive(r.Context(), actor(r), id)
	})
}

func (s *Server) verifyArticleSubmit(w http.ResponseWriter, r *http.Request) {
	verified := r.PostFormValue("verified") != "false"
	flash := "The article is marked verified."
	if !verified {
		flash = "The verified mark is removed."
	}
	s.articleAction(w, r, flash, func(id int64) (string, error) {
		return "", s.store.Verify(r.Context(), actor(r), id, verified)
	})
}

func (s *Server) reuseArticleSubmit(w http.ResponseWriter, r *http.Request) {
	s.articleAction(w, r, "Thank you: your use is counted.", func(id int64) (string, error) {
		return "", s.store.RecordReuse(r.Context(), actor(r), id, strings.TrimSpace(r.PostFormValue("note")))
	})
}

func (s *Server) copyArticleSubmit(w http.ResponseWriter, r *http.Request) {
	s.articleAction(w, r, "This is your copy, a draft: adapt it, then publish it.", func(id int64) (string, error) {
		a, err := s.store.AdaptCopy(r.Context(), actor(r), id, r.PostFormValue("community"))
		if err != nil {
			return "", err
		}
		return a.Path(), nil
	})
}

// threadArticleSubmit drafts an article from a thread, from its page.
func (s *Server) threadArticleSubmit(w http.ResponseWriter, r *http.Request) {
	s.threadAction(w, r, "A draft article is written from the conversation. Make it read well on its own, then publish it.", func(id int64) (string, error) {
		a, err := s.store.ArticleFromThread(r.Context(), actor(r), id)
		if err != nil {
			return "", err
		}
		return a.Path(), nil
	})
}

func (s *Server) renderEditArticle(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u := r.Context(), actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to edit."))
		return
	}
	id, err := articleID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ap, err := s.store.ArticlePage(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ap.CanEdit {
		s.fail(w, r, praxis.Errorf(praxis.EFORBIDDEN, "Only the article's authors and stewards, and the coordinators, can edit it."))
		return
	}
	topics, err := s.store.Topics(ctx, u, ap.Article.CommunitySlug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f == nil {
		a := ap.Article
		var stewards []string
		for _, p := range a.Stewards {
			stewards = append(stewards, p.Handle)
		}
		f = &form{Values: url.Values{"kind": {a.Kind}, "title": {a.Title}, "body": {a.Source},
			"topics": {strings.Join(a.Topics, ", ")}, "stewards": {strings.Join(stewards, ", ")}}}
	}
	s.render(w, r, status, "kb_edit", &page{Title: "Edit " + ap.Article.Title, Form: f, Nav: "community",
		Data: articleFormData{kbView: s.kbView(), Community: ap.Community, Article: ap.Article, Topics: topics}})
}

func (s *Server) editArticlePage(w http.ResponseWriter, r *http.Request) {
	s.renderEditArticle(w, r, http.StatusOK, nil)
}

func (s *Server) editArticleSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := articleID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := articleInput(r, true)
	files, err := s.articleFiles(r, r.PathValue("slug"), &in)
	var a *praxis.Article
	if err == nil {
		a, err = s.store.UpdateArticle(r.Context(), actor(r), id, in)
	}
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || code == praxis.ECONFLICT {
		keepArticleFiles(r, files)
		s.renderEditArticle(w, r, statusOf(code), newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "Your changes are saved as a new version.")
	http.Redirect(w, r, a.Path(), http.StatusSeeOther)
}

type articleRevisionEntry struct {
	*praxis.ArticleRevision
	Diff        []textdiff.Line
	TitleBefore string
	Current     bool
}

type articleHistoryData struct {
	kbView
	*praxis.ArticlePage
	Entries []articleRevisionEntry
	// Compare is the diff between two chosen versions, From and To.
	Compare  []textdiff.Line
	From, To int
}

func (s *Server) renderArticleHistory(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u := r.Context(), actor(r)
	id, err := articleID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ap, err := s.store.ArticlePage(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	revs, err := s.store.ArticleRevisions(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := articleHistoryData{kbView: s.kbView(), ArticlePage: ap}
	byNumber := map[int]*praxis.ArticleRevision{}
	for i, rev := range revs {
		byNumber[rev.Number] = rev
		e := articleRevisionEntry{ArticleRevision: rev, Current: i == 0}
		prev := ""
		if i+1 < len(revs) {
			prev = revs[i+1].Source
			if revs[i+1].Title != rev.Title {
				e.TitleBefore = revs[i+1].Title
			}
		}
		e.Diff = textdiff.Lines(prev, rev.Source)
		d.Entries = append(d.Entries, e)
	}
	q := r.URL.Query()
	d.From, _ = strconv.Atoi(q.Get("from"))
	d.To, _ = strconv.Atoi(q.Get("to"))
	if from, to := byNumber[d.From], byNumber[d.To]; from != nil && to != nil {
		d.Compare = textdiff.Lines(from.Source, to.Source)
	} else {
		d.From, d.To = 0, 0
	}
	s.render(w, r, status, "kb_history", &page{Title: "History of " + ap.Article.Title, Nav: "community", Form: f, Data: d})
}

func (s *Server) articleHistoryPage(w http.ResponseWriter, r *http.Request) {
	s.renderArticleHistory(w, r, http.StatusOK, nil)
}

func (s *Server) restoreArticleSubmit(w http.ResponseWriter, r *http.Request) {
	if actor(r) == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first."))
		return
	}
	id, err := articleID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var a *praxis.Article
	n, convErr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("number")))
	if convErr != nil || n <= 0 {
		msg := "Choose the version to restore by its number."
		err = &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"number": msg}}
	} else {
		a, err = s.store.RestoreRevision(r.Context(), actor(r), id, n)
	}
	if err != nil {
		switch praxis.ErrorCode(err) {
		case praxis.EINVALID, praxis.ENOTFOUND, praxis.EFORBIDDEN, praxis.ECONFLICT:
			// Re-shown on the history page; an article the viewer may
			// not see stays a plain 404 there.
			s.renderArticleHistory(w, r, statusOf(praxis.ErrorCode(err)), newForm(r, err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "Version "+strconv.Itoa(n)+" is restored, as a new version.")
	http.Redirect(w, r, a.Path(), http.StatusSeeOther)
}
