package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"praxis"
	"praxis/progress"
)

// searchQuery reads a search from the query string of the page or the API.
// Numbers that are not numbers are refused here, with the field named;
// everything else is the store's to judge.
func searchQuery(q url.Values) (praxis.SearchQuery, error) {
	sq := praxis.SearchQuery{
		Q:         q.Get("q"),
		Community: strings.TrimSpace(q.Get("community")),
		Kind:      strings.TrimSpace(q.Get("kind")),
		Topic:     strings.TrimSpace(q.Get("topic")),
		Author:    strings.TrimPrefix(strings.TrimSpace(q.Get("author")), "@"),
		Status:    strings.TrimSpace(q.Get("status")),
		From:      strings.TrimSpace(q.Get("from")),
		To:        strings.TrimSpace(q.Get("to")),
		Sort:      strings.TrimSpace(q.Get("sort")),
	}
	fields := map[string]string{}
	for _, f := range []struct {
		name string
		to   *int
	}{{"page", &sq.Page}, {"per_page", &sq.PerPage}} {
		v := strings.TrimSpace(q.Get(f.name))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			fields[f.name] = "must be a whole number from 1"
			continue
		}
		*f.to = n
	}
	if len(fields) > 0 {
		return sq, &praxis.Error{Code: praxis.EINVALID, Message: "The page of results is not a number.", Fields: fields}
	}
	return sq, nil
}

// searchFiltered reports whether any filter narrows the search.
func searchFiltered(q praxis.SearchQuery) bool {
	return q.Community != "" || q.Kind != "" || q.Topic != "" || q.Author != "" || q.Status != "" || q.From != "" || q.To != ""
}

type searchData struct {
	Query  praxis.SearchQuery
	Result *praxis.SearchResult
	Hits   []searchHit
	// Communities are those the viewer may see, for the filter (slug
	// and name only).
	Communities []*praxis.Community
	// Community is the filtered community, when the viewer may see it.
	Community *praxis.Community
	Kinds     []praxis.Choice
	// Searched is true when there was something to search for.
	Searched bool
	Filtered bool
	PrevURL  string
	NextURL  string
}

// Count says how many results there are, as the page heading does.
func (d searchData) Count() string {
	if d.Result == nil {
		return ""
	}
	if d.Result.Capped {
		return "More than " + progress.Count(int64(d.Result.Total)) + " results"
	}
	if d.Result.Total == 1 {
		return "1 result"
	}
	return progress.Count(int64(d.Result.Total)) + " results"
}

// AskTitle is the query as the title of a question to ask instead.
func (d searchData) AskTitle() string {
	return shorten(strings.Join(strings.Fields(d.Query.Q), " "), praxis.MaxTitleLen)
}

// searchHit is one result as the page shows it.
type searchHit struct {
	*praxis.SearchHit
}

// SnippetHTML is the snippet as HTML. The search package escapes the text
// and adds only <mark> elements; anything else means a bug upstream, and
// the snippet is then shown as text rather than trusted.
func (h searchHit) SnippetHTML() template.HTML {
	return snippetHTML(h.Snippet)
}

func snippetHTML(s string) template.HTML {
	rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	if strings.ContainsAny(rest, "<>") {
		return template.HTML(template.HTMLEscapeString(s))
	}
	return template.HTML(s)
}

// KindLabel names the kind of result in the singular.
func (h searchHit) KindLabel() string { return searchKindLabel(h.Kind) }

// StatusLabel names a status worth showing beside the result ("" for
// the ordinary ones: open threads, published articles).
func (h searchHit) StatusLabel() string {
	switch h.Status {
	case "", praxis.ThreadOpen, praxis.ArticlePublished, "active":
		return ""
	case praxis.ThreadSolved:
		return "Solved"
	case praxis.ThreadClosed:
		return "Closed"
	case praxis.ArticleDraft:
		return "Draft"
	case praxis.ArticleInReview:
		return "In review"
	case praxis.ArticleArchived:
		return "Archived"
	}
	s := strings.ReplaceAll(h.Status, "-", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func searchKindLabel(kind string) string {
	switch kind {
	case praxis.SearchThread:
		return "Conversation"
	case praxis.SearchArticle:
		return "Article"
	case praxis.SearchEvent:
		return "Event"
	case praxis.SearchMember:
		return "Member"
	case praxis.SearchCommunity:
		return "Community"
	}
	return kind
}

// shorten cuts s to at most n characters, ending it with "…" when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// searchPageURL is the address of another page of the same search.
func searchPageURL(q url.Values, page int) string {
	nq := url.Values{}
	for k, vs := range q {
		if k != "page" && len(vs) > 0 && vs[0] != "" {
			nq[k] = vs[:1]
		}
	}
	if page > 1 {
		nq.Set("page", strconv.Itoa(page))
	}
	return "/search?" + nq.Encode()
}

// searchPage is /search: the form, then the results the viewer may see.
// A page that was not asked for anything explains the syntax instead.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	ctx, u, raw := r.Context(), actor(r), r.URL.Query()
	f := &form{Values: raw}
	d := searchData{Kinds: praxis.SearchKinds}
	var err error
	if d.Communities, err = s.store.CommunityNames(ctx, u); err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	d.Query, err = searchQuery(raw)
	d.Filtered = searchFiltered(d.Query)
	d.Searched = strings.TrimSpace(d.Query.Q) != ""
	if err == nil && d.Searched {
		d.Result, err = s.store.Search(ctx, u, d.Query)
	}
	switch code := praxis.ErrorCode(err); {
	case err == nil:
	case code == praxis.EINVALID || code == praxis.ENOTFOUND:
		// The form is shown again, with the message beside the field at
		// fault; a community one may not see is as one that does not exist.
		status, d.Result = statusOf(code), nil
		f.Message, f.Errors = praxis.ErrorMessage(err), praxis.ErrorFields(err)
		if code == praxis.ENOTFOUND && f.Errors == nil {
			f.Errors = map[string]string{"community": praxis.ErrorMessage(err)}
		}
	default:
		s.fail(w, r, err)
		return
	}
	for _, c := range d.Communities {
		if c.Slug == d.Query.Community {
			d.Community = c
		}
	}
	if d.Result != nil {
		for _, h := range d.Result.Hits {
			d.Hits = append(d.Hits, searchHit{h})
		}
		if d.Result.Page > 1 {
			d.PrevURL = searchPageURL(raw, d.Result.Page-1)
		}
		if d.Result.HasNext() {
			d.NextURL = searchPageURL(raw, d.Result.Page+1)
		}
	}
	title := "Search"
	if d.Searched {
		title = "Search: " + shorten(strings.TrimSpace(d.Query.Q), 80)
	}
	s.render(w, r, status, "search", &page{Title: title, Nav: "search", Form: f, Data: d})
}
