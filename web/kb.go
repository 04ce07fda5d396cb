package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"praxis"
)

// The stewardship queues and the curation of collections.

type kbQueueData struct {
	kbView
	// View is the community of the queue; nil for the viewer's own queue
	// across communities.
	View     *praxis.CommunityView
	Articles []*praxis.Article
	// All is true when the queue holds every article of the community
	// that needs review (a coordinator's), not only the viewer's.
	All bool
	// Back is where the queue's forms return.
	Back string
}

// kbQueuePage is a community's stewardship queue: all the articles that
// need review for its coordinators, the viewer's own for others.
func (s *Server) kbQueuePage(w http.ResponseWriter, r *http.Request) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see the articles you look after."))
		return
	}
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := kbQueueData{kbView: s.kbView(), View: v, All: v.Perm.Moderate, Back: "/c/" + slug + "/kb/queue"}
	if d.All {
		d.Articles, err = s.store.StewardQueue(ctx, u, slug)
	} else {
		var mine []*praxis.Article
		mine, err = s.store.StewardQueue(ctx, u, "")
		for _, a := range mine {
			if a.CommunitySlug == slug {
				d.Articles = append(d.Articles, a)
			}
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "kb_queue", &page{Title: "Stewardship queue of " + v.Community.Name, Nav: "community", Data: d})
}

// myKBQueuePage is the viewer's own stewardship queue, across communities.
func (s *Server) myKBQueuePage(w http.ResponseWriter, r *http.Request) {
	u := actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see the articles you look after."))
		return
	}
	arts, err := s.store.StewardQueue(r.Context(), u, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "kb_queue", &page{Title: "Articles to review", Nav: "kb-queue",
		Data: kbQueueData{kbView: s.kbView(), Articles: arts, Back: "/kb/queue"}})
}

type collectionsData struct {
	kbView
	*praxis.CommunityView
	Collections []*praxis.Collection
	// Submitted is the form refused, re-shown in place of the stored values.
	Submitted *form
}

// FormOf returns the form of a collection: the refused one when it was
// sent for this collection (nil: the new one), else its stored values.
func (d collectionsData) FormOf(c *praxis.Collection) *form {
	var id int64
	if c != nil {
		id = c.ID
	}
	if d.Submitted != nil {
		sent, _ := strconv.ParseInt(d.Submitted.Get("id"), 10, 64)
		if sent == id {
			return d.Submitted
		}
	}
	if c == nil {
		return &form{Values: url.Values{}}
	}
	start := ""
	if c.StartHere {
		start = "1"
	}
	return &form{Values: url.Values{"id": {strconv.FormatInt(c.ID, 10)}, "title": {c.Title}, "description": {c.Description},
		"start_here": {start}, "items": {collectionLines(c.Items)}}}
}

// collectionLines writes a collection's items one per line, as the form
// takes them: the address, then the note.
func collectionLines(items []praxis.CollectionItem) string {
	var lines []string
	for _, it := range items {
		ref := it.URL
		if ref == "" && it.ArticleID != 0 {
			ref = "a" + strconv.FormatInt(it.ArticleID, 10)
		} else if ref == "" {
			ref = "t" + strconv.FormatInt(it.ThreadID, 10)
		}
		lines = append(lines, strings.TrimSpace(ref+" "+it.Note))
	}
	return strings.Join(lines, "\n")
}

// parseCollectionItems reads a collection's items, one per line: an
// article's or a conversation's address (full or from /c/), or a number
// (an article; "t12" is conversation 12), then an optional note.
func parseCollectionItems(text string) ([]praxis.CollectionItem, error) {
	var items []praxis.CollectionItem
	bad := func(n int, ref string) error {
		msg := fmt.Sprintf("Line %d: “%s” is not the address of an article or a conversation here.", n, ref)
		return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"items": msg}}
	}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		ref := strings.Fields(line)[0]
		it := praxis.CollectionItem{Note: strings.TrimSpace(strings.TrimPrefix(line, ref))}
		if it.ArticleID, it.ThreadID = parseItemRef(ref); it.ArticleID == 0 && it.ThreadID == 0 {
			if it.ArticleID, it.ThreadID = parseItemURL(ref); it.ArticleID == 0 && it.ThreadID == 0 {
				return nil, bad(i+1, ref)
			}
		}
		items = append(items, it)
	}
	if len(items) > praxis.MaxCollectionItems {
		msg := fmt.Sprintf("A collection holds at most %d items.", praxis.MaxCollectionItems)
		return nil, &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"items": msg}}
	}
	return items, nil
}

// parseItemRef reads a bare reference: "12" or "a12" is article 12, "t12"
// conversation 12. Anything else gives zeros.
func parseItemRef(ref string) (articleID, threadID int64) {
	r, kind := strings.ToLower(ref), byte('a')
	if r != "" && (r[0] == 'a' || r[0] == 't') {
		kind, r = r[0], r[1:]
	}
	id, err := strconv.ParseInt(r, 10, 64)
	if err != nil || id <= 0 {
		return 0, 0
	}
	if kind == 't' {
		return 0, id
	}
	return id, 0
}

// parseItemURL reads the address of an article (/c/{slug}/kb/{id}) or a
// conversation (/c/{slug}/t/{id}/...), full or from /c/. Anything else
// gives zeros.
func parseItemURL(ref string) (articleID, threadID int64) {
	p := ref
	if u, err := url.Parse(ref); err == nil && u.Path != "" {
		p = u.Path
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) < 4 || parts[0] != "c" {
		return 0, 0
	}
	id, err := strconv.ParseInt(parts[3], 10, 64)
	switch {
	case err != nil || id <= 0:
		return 0, 0
	case parts[2] == "kb" && len(parts) == 4:
		return id, 0
	case parts[2] == "t":
		return 0, id
	}
	return 0, 0
}

func (s *Server) renderCollections(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first."))
		return
	}
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !v.Perm.Lead {
		s.fail(w, r, praxis.Errorf(praxis.EFORBIDDEN, "Only the coordinators and core members of %s curate its collections.", v.Community.Name))
		return
	}
	cs, err := s.store.Collections(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "kb_collections", &page{Title: "Collections of " + v.Community.Name, Nav: "community", Form: f,
		Data: collectionsData{kbView: s.kbView(), CommunityView: v, Collections: startHereFirst(cs), Submitted: f}})
}

func (s *Server) collectionsPage(w http.ResponseWriter, r *http.Request) {
	s.renderCollections(w, r, http.StatusOK, nil)
}

func (s *Server) collectionSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	items, err := parseCollectionItems(r.PostFormValue("items"))
	if err == nil {
		c := praxis.Collection{ID: id, Title: strings.TrimSpace(r.PostFormValue("title")), Description: strings.TrimSpace(r.PostFormValue("description")),
			StartHere: r.PostFormValue("start_here") == "1", Items: items}
		_, err = s.store.SaveCollection(r.Context(), actor(r), slug, c)
	}
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || code == praxis.ECONFLICT {
		s.renderCollections(w, r, statusOf(code), newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The collection is saved.")
	http.Redirect(w, r, "/c/"+slug+"/kb/collections", http.StatusSeeOther)
}

func (s *Server) deleteCollectionSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.DeleteCollection(r.Context(), actor(r), slug, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The collection is deleted.")
	http.Redirect(w, r, "/c/"+slug+"/kb/collections", http.StatusSeeOther)
}
