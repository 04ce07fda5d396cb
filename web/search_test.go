package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"praxis"
)

// searchFixture is a public community of brewers with a solved question,
// an open one and enough questions about hops for three pages of ten, and
// a private guild whose secret must never reach outsiders.
type searchFixture struct {
	s                     *testSite
	cora, mia, ben, olga  *praxis.User
	brewers, guild        *praxis.Community
	chiller, lager, other *praxis.Thread
	secret                *praxis.Thread
	hops                  []*praxis.Thread
}

// The private guild's words: none may reach anyone outside it.
const (
	secretWord  = "zanzibarite"
	secretTitle = "Zanzibarite coating for the hidden prototype"
	secretBody  = "The zanzibarite layer cracks under load at the rig."
	guildName   = "Skunkworks Guild"
	hopsThreads = 23
)

func newSearchFixture(t *testing.T, s *testSite) *searchFixture {
	t.Helper()
	f := &searchFixture{s: s, cora: s.signUp(t, "cora"), mia: s.signUp(t, "mia"), ben: s.signUp(t, "ben"), olga: s.signUp(t, "olga")}
	f.brewers = s.createCommunity(t, f.cora, "Home Brewers", "Brewing beer at home, well.", "public", "open")
	f.guild = s.createCommunity(t, f.cora, guildName, "How we build the hidden prototype.", "private", "invitation")
	for _, u := range []*praxis.User{f.mia, f.ben} {
		s.join(t, f.cora, u, f.brewers.Slug)
	}
	s.join(t, f.cora, f.mia, f.guild.Slug)

	f.chiller = f.ask(t, f.mia, f.brewers.Slug, "How do I stop my wort chiller from leaking?",
		"The copper wort chiller drips at the hose clamp every time I brew.", "equipment")
	answer, err := s.db.Reply(t.Context(), f.ben, f.chiller.ID, "Replace the clamp with a brass compression fitting and some PTFE tape.", 0)
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	if f.chiller, err = s.db.Accept(t.Context(), f.mia, f.chiller.ID, answer.ID); err != nil {
		t.Fatalf("Accept: %v", err)
	}
	f.lager = f.ask(t, f.ben, f.brewers.Slug, "Which yeast for a cold lager fermentation?",
		"I want a clean lager at ten degrees. Which yeast strain ferments that cold?", "yeast")
	f.other = f.ask(t, f.ben, f.brewers.Slug, "My wort chiller leaks at the hose fitting",
		"Water drips from the chiller fitting into the wort. How do I seal it?", "equipment")
	for i := range hopsThreads {
		f.hops = append(f.hops, f.ask(t, f.ben, f.brewers.Slug, fmt.Sprintf("Dry hopping schedule number %02d", i+1),
			fmt.Sprintf("Notes on hops, batch %d: when to add them and for how long.", i+1), "hops"))
	}
	f.secret = f.ask(t, f.mia, f.guild.Slug, secretTitle, secretBody, "")
	return f
}

// ask has u ask a question, a few minutes after the previous one.
func (f *searchFixture) ask(t *testing.T, u *praxis.User, slug, title, body, topic string) *praxis.Thread {
	t.Helper()
	f.s.clock.Add(7 * time.Minute)
	kind := praxis.KindQuestion
	in := praxis.ThreadInput{Kind: &kind, Title: &title, Body: &body}
	if topic != "" {
		in.Topics = []string{topic}
	}
	th, err := f.s.db.CreateThread(t.Context(), u, slug, in)
	if err != nil {
		t.Fatalf("CreateThread(%q): %v", title, err)
	}
	return th
}

// apiSearchResult is GET /api/v1/search.
type apiSearchResult struct {
	Query struct {
		Q    string `json:"q"`
		Sort string `json:"sort"`
	} `json:"query"`
	Hits    []apiSearchHit `json:"hits"`
	Total   int            `json:"total"`
	Capped  bool           `json:"total_capped"`
	Page    int            `json:"page"`
	PerPage int            `json:"per_page"`
	Notice  string         `json:"notice"`
}

type apiSearchHit struct {
	Kind      string `json:"kind"`
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Snippet   string `json:"snippet"`
	Community string `json:"community"`
	Status    string `json:"status"`
	Author    struct {
		Handle string `json:"handle"`
	} `json:"author"`
	CreatedAt time.Time `json:"created_at"`
	Score     float64   `json:"score"`
}

func (r apiSearchResult) ids() []int64 {
	var ids []int64
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// searchAPI runs a search through the API and wants a 200.
func searchAPI(t *testing.T, v *visitor, q url.Values) apiSearchResult {
	t.Helper()
	r := v.get(t, "/api/v1/search?"+q.Encode())
	r.wantStatus(t, http.StatusOK)
	var out apiSearchResult
	r.decode(t, &out)
	return out
}

// searchHits returns the results listed on a search page: their titles'
// links, in order.
func searchHits(doc *html.Node) []string {
	var out []string
	for _, li := range byClass(doc, "search-hit") {
		for _, a := range findAll(li, isTag("a")) {
			if p := a.Parent; p != nil && hasClass(p, "search-title") {
				href, _ := attr(a, "href")
				out = append(out, href)
			}
		}
	}
	return out
}

// marks returns the text of the <mark> elements in the page's snippets.
func marks(doc *html.Node) []string {
	var out []string
	for _, sn := range byClass(doc, "snippet") {
		for _, m := range findAll(sn, isTag("mark")) {
			out = append(out, strings.ToLower(text(m)))
		}
	}
	return out
}

func TestSearchPage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		mia := s.signedIn(t, "mia", f.mia)
		anon := s.anonymous("anonymous")

		t.Run("header search box on every page", func(t *testing.T) {
			for _, p := range []string{"/", "/c/" + f.brewers.Slug, f.chiller.Path(), "/login"} {
				doc := anon.get(t, p).doc(t)
				box := byID(doc, "site-search")
				if box == nil {
					t.Fatalf("GET %s: no #site-search", p)
				}
				if n, _ := attr(box, "name"); n != "q" {
					t.Errorf("GET %s: #site-search name = %q; want q", p, n)
				}
				form := box.Parent
				for form != nil && form.Data != "form" {
					form = form.Parent
				}
				if form == nil {
					t.Fatalf("GET %s: #site-search is in no form", p)
				}
				if a, _ := attr(form, "action"); a != "/search" {
					t.Errorf("GET %s: search form action = %q; want /search", p, a)
				}
				if m, _ := attr(form, "method"); m != "get" {
					t.Errorf("GET %s: search form method = %q; want get", p, m)
				}
				labelled := false
				for _, l := range findAll(doc, isTag("label")) {
					if fr, _ := attr(l, "for"); fr == "site-search" && text(l) != "" {
						labelled = true
					}
				}
				if !labelled {
					t.Errorf("GET %s: #site-search has no label", p)
				}
			}
		})

		t.Run("no query shows the guide", func(t *testing.T) {
			r := anon.get(t, "/search")
			r.wantStatus(t, http.StatusOK)
			doc := r.doc(t)
			guide := byID(doc, "search-guide")
			if guide == nil {
				t.Fatalf("%s: no #search-guide", r)
			}
			for _, want := range []string{`"`, "-", "OR"} {
				if !strings.Contains(text(guide), want) {
					t.Errorf("%s: the guide does not explain %q: %s", r, want, text(guide))
				}
			}
			if byID(doc, "results") != nil {
				t.Errorf("%s: results shown without a query", r)
			}
			if r := anon.get(t, "/search?q=+++"); r.status != http.StatusOK || byID(r.doc(t), "search-guide") == nil {
				t.Errorf("%s: status %d; want 200 with the guide for a blank query", r, r.status)
			}
		})

		t.Run("a hit with its highlighted snippet", func(t *testing.T) {
			r := anon.get(t, "/search?q=chiller")
			r.wantStatus(t, http.StatusOK)
			doc := r.doc(t)
			hits := searchHits(doc)
			for _, want := range []string{f.chiller.Path(), f.other.Path()} {
				if !slices.Contains(hits, want) {
					t.Errorf("%s: hits = %v; want %s among them", r, hits, want)
				}
			}
			if got := text(byID(doc, "results-h")); got != "2 results" {
				t.Errorf("%s: heading = %q; want %q", r, got, "2 results")
			}
			if m := marks(doc); !slices.ContainsFunc(m, func(s string) bool { return strings.Contains(s, "chiller") }) {
				t.Errorf("%s: marks = %v; want chiller highlighted", r, m)
			}
			var solved bool
			for _, li := range byClass(doc, "search-hit") {
				if strings.Contains(text(li), f.chiller.Title) && len(byClass(li, "badge-solved")) == 1 {
					solved = true
				}
			}
			if !solved {
				t.Errorf("%s: the solved question has no Solved badge", r)
			}
			if v := inputValue(t, doc, "q"); v != "chiller" {
				t.Errorf("%s: #q = %q; want the query kept", r, v)
			}
		})

		t.Run("filters", func(t *testing.T) {
			tests := []struct {
				query url.Values
				want  []string // paths that must be listed
				not   []string // paths that must not
			}{
				{url.Values{"q": {"chiller"}, "author": {"ben"}}, []string{f.other.Path()}, []string{f.chiller.Path()}},
				{url.Values{"q": {"chiller"}, "status": {"solved"}}, []string{f.chiller.Path()}, []string{f.other.Path()}},
				{url.Values{"q": {"yeast"}, "topic": {"yeast"}}, []string{f.lager.Path()}, nil},
				{url.Values{"q": {"chiller"}, "kind": {"article"}}, nil, []string{f.chiller.Path(), f.other.Path()}},
				{url.Values{"q": {"chiller"}, "community": {f.brewers.Slug}}, []string{f.chiller.Path(), f.other.Path()}, nil},
				{url.Values{"q": {"chiller"}, "to": {"2000-01-01"}}, nil, []string{f.chiller.Path(), f.other.Path()}},
			}
			for _, tt := range tests {
				t.Run(tt.query.Encode(), func(t *testing.T) {
					r := mia.get(t, "/search?"+tt.query.Encode())
					r.wantStatus(t, http.StatusOK)
					doc := r.doc(t)
					hits := searchHits(doc)
					for _, p := range tt.want {
						if !slices.Contains(hits, p) {
							t.Errorf("%s: hits = %v; want %s", r, hits, p)
						}
					}
					for _, p := range tt.not {
						if slices.Contains(hits, p) {
							t.Errorf("%s: hits = %v; want no %s", r, hits, p)
						}
					}
					if len(hits) == 0 && byID(doc, "no-results") == nil {
						t.Errorf("%s: no hits and no #no-results", r)
					}
				})
			}
		})

		t.Run("pagination", func(t *testing.T) {
			var seen []string
			path := "/search?" + url.Values{"q": {"hopping"}, "per_page": {"10"}, "sort": {"oldest"}}.Encode()
			for page := 1; path != ""; page++ {
				if page > 5 {
					t.Fatalf("more than 5 pages for %d results", hopsThreads)
				}
				r := anon.get(t, path)
				r.wantStatus(t, http.StatusOK)
				doc := r.doc(t)
				hits := searchHits(doc)
				seen = append(seen, hits...)
				prev := byID(doc, "prev-page")
				if (page > 1) != (prev != nil) {
					t.Errorf("%s: page %d has previous link %v", r, page, prev != nil)
				}
				path = ""
				if next := byID(doc, "next-page"); next != nil {
					path, _ = attr(next, "href")
					if !strings.Contains(path, "per_page=10") || !strings.Contains(path, "sort=oldest") {
						t.Errorf("%s: next page %q loses the query", r, path)
					}
				}
			}
			var want []string
			for _, th := range f.hops {
				want = append(want, th.Path())
			}
			if !slices.Equal(seen, want) {
				t.Errorf("pages, oldest first: got %d hits %v; want %d %v", len(seen), seen, len(want), want)
			}
			r := anon.get(t, "/search?q=hopping&sort=newest&per_page=10")
			if hits := searchHits(r.doc(t)); len(hits) == 0 || hits[0] != f.hops[hopsThreads-1].Path() {
				t.Errorf("%s: first hit = %v; want the newest, %s", r, hits, f.hops[hopsThreads-1].Path())
			}
			if got := text(byID(r.doc(t), "results-h")); got != fmt.Sprintf("%d results", hopsThreads) {
				t.Errorf("%s: heading = %q; want %d results", r, got, hopsThreads)
			}
		})

		t.Run("notice", func(t *testing.T) {
			res := searchAPI(t, anon, url.Values{"q": {"-lager"}})
			if res.Notice == "" {
				t.Fatalf("API search for -lager: no notice; want one explaining the query")
			}
			r := anon.get(t, "/search?q=-lager")
			r.wantStatus(t, http.StatusOK)
			n := byID(r.doc(t), "search-notice")
			if n == nil || text(n) != res.Notice {
				t.Errorf("%s: #search-notice = %v; want %q", r, n, res.Notice)
			}
		})

		t.Run("bad filters", func(t *testing.T) {
			for _, tt := range []struct{ field, value, id string }{
				{"kind", "spaceship", "kind"},
				{"status", "bubbling", "status"},
				{"sort", "sideways", "sort"},
				{"from", "2024-13-45", "from"},
				{"to", "yesterday", "to"},
			} {
				t.Run(tt.field, func(t *testing.T) {
					q := url.Values{"q": {"chiller"}, tt.field: {tt.value}}
					r := anon.get(t, "/search?"+q.Encode())
					r.wantStatus(t, http.StatusBadRequest)
					doc := r.doc(t)
					if msg := fieldError(t, doc, tt.id); msg == "" {
						t.Errorf("%s: empty message beside #%s", r, tt.id)
					}
					if v := inputValue(t, doc, "q"); v != "chiller" {
						t.Errorf("%s: #q = %q; want the query kept", r, v)
					}
					if len(searchHits(doc)) != 0 {
						t.Errorf("%s: results shown beside an error", r)
					}
					e := wantAPIError(t, anon.get(t, "/api/v1/search?"+q.Encode()), http.StatusBadRequest, "invalid")
					if e.Fields[tt.field] == "" {
						t.Errorf("API %s=%s: fields = %v; want %s", tt.field, tt.value, e.Fields, tt.field)
					}
				})
			}
			r := anon.get(t, "/search?q=chiller&page=two")
			r.wantStatus(t, http.StatusBadRequest)
			e := wantAPIError(t, anon.get(t, "/api/v1/search?q=chiller&page=two"), http.StatusBadRequest, "invalid")
			if e.Fields["page"] == "" {
				t.Errorf("API page=two: fields = %v; want page", e.Fields)
			}
		})

		t.Run("no results in a community", func(t *testing.T) {
			r := mia.get(t, "/search?"+url.Values{"q": {"sourdough starter"}, "community": {f.brewers.Slug}}.Encode())
			r.wantStatus(t, http.StatusOK)
			doc := r.doc(t)
			if byID(doc, "no-results") == nil {
				t.Fatalf("%s: no #no-results", r)
			}
			ask := byID(doc, "ask-instead")
			if ask == nil {
				t.Fatalf("%s: no link to ask the community", r)
			}
			href, _ := attr(ask, "href")
			if u, err := url.Parse(href); err != nil || u.Path != "/c/"+f.brewers.Slug+"/ask" || u.Query().Get("title") != "sourdough starter" {
				t.Errorf("%s: ask link = %q; want /c/%s/ask with the title sourdough starter", r, href, f.brewers.Slug)
			}
			r = mia.get(t, href)
			r.wantStatus(t, http.StatusOK)
			if v := inputValue(t, r.doc(t), "title"); v != "sourdough starter" {
				t.Errorf("%s: #title = %q; want the search as the question", r, v)
			}
		})
	})
}

// TestSearchBadInput checks that nothing a person can type into the box
// breaks the page or the API.
func TestSearchBadInput(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		anon := s.anonymous("anonymous")
		mia := s.withToken(t, "mia", f.mia)
		queries := []string{
			"", " ", strings.Repeat("chiller ", 1250), strings.Repeat("é", 10000), `"wort chiller`, `chiller"`, `""`,
			"NEAR(chiller leaking)", "NEAR(", "*", "chill*", "col:chiller", "title:chiller", "-", "--", "OR", "chiller OR",
			"OR OR OR", "-chiller", `-"`, "(", ")", "^chiller", "chiller AND NOT yeast", "'; DROP TABLE threads; --",
			"\x00", "%", "_", "\\", "{}", "<script>alert(1)</script>", "冷却器", "ビール", "\u202e", "a:b:c:d",
		}
		for _, q := range queries {
			name := q
			if len(name) > 30 {
				name = name[:30] + "..."
			}
			t.Run(fmt.Sprintf("%q", name), func(t *testing.T) {
				s.clock.Add(time.Minute) // searches are rate-limited per minute
				v := url.Values{"q": {q}}
				for _, who := range []*visitor{anon, mia} {
					r := who.get(t, "/search?"+v.Encode())
					if r.status != http.StatusOK {
						t.Errorf("GET /search?q=%q as %s: status = %d; want 200 (body %.300s)", name, who.name, r.status, r.body)
					}
					if bytes.Contains(r.body, []byte("<script>alert")) {
						t.Errorf("GET /search?q=%q: the query is echoed unescaped", name)
					}
					r = who.get(t, "/api/v1/search?"+v.Encode())
					if r.status != http.StatusOK {
						t.Errorf("GET /api/v1/search?q=%q as %s: status = %d; want 200 (body %.300s)", name, who.name, r.status, r.body)
						continue
					}
					var res apiSearchResult
					r.decode(t, &res)
					if res.Hits == nil {
						t.Errorf("GET /api/v1/search?q=%q: hits is null; want a list", name)
					}
				}
				r := anon.get(t, "/api/v1/communities/"+f.brewers.Slug+"/similar?"+url.Values{"title": {q}, "body": {q}}.Encode())
				if r.status != http.StatusOK {
					t.Errorf("GET similar with title and body %q: status = %d; want 200 (body %.300s)", name, r.status, r.body)
				}
			})
		}
	})
}

// TestSearchPrivacy checks that a private community's content never
// reaches a non-member through search: no hit, no count, no snippet, on
// the page or in the API, and that a member does find it.
func TestSearchPrivacy(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		outsiders := []*visitor{
			s.anonymous("anonymous"),
			s.signedIn(t, "outsider", f.olga),
			s.signedIn(t, "brewer", f.ben),
			s.withToken(t, "brewer-token", f.ben),
		}
		// The guild's address may be echoed back, as any address typed
		// would be; that it answers as a missing one is checked below.
		leaks := []string{secretTitle, "cracks under load", guildName, "hidden prototype"}
		queries := []url.Values{
			{"q": {secretWord}},
			{"q": {"zanzibarite OR chiller"}},
			{"q": {`"zanzibarite layer"`}},
			{"q": {"prototype"}},
			{"q": {"cracks"}, "kind": {"thread"}},
			{"q": {"guild"}, "kind": {"community"}},
			{"q": {"zanzibarite"}, "author": {"mia"}},
		}
		for _, v := range outsiders {
			t.Run(v.name, func(t *testing.T) {
				for _, q := range queries {
					res := searchAPI(t, v, q)
					if slices.Contains(res.ids(), f.secret.ID) || (q.Get("q") == secretWord && res.Total != 0) {
						t.Errorf("API search %s as %s: total %d, hits %v; want nothing from the guild", q.Encode(), v.name, res.Total, res.ids())
					}
					r := v.get(t, "/search?"+q.Encode())
					r.wantStatus(t, http.StatusOK)
					if q.Get("q") == secretWord && byID(r.doc(t), "no-results") == nil {
						t.Errorf("%s as %s: want #no-results", r, v.name)
					}
				}
				// A filter on the guild answers as a community that does not exist.
				for _, api := range []bool{false, true} {
					path := "/search?"
					if api {
						path = "/api/v1/search?"
					}
					hidden := v.get(t, path+url.Values{"q": {secretWord}, "community": {f.guild.Slug}}.Encode())
					missing := v.get(t, path+url.Values{"q": {secretWord}, "community": {missingSlug}}.Encode())
					if hidden.status != http.StatusNotFound || missing.status != http.StatusNotFound {
						t.Errorf("%s as %s: status %d, and %d for a missing community; want 404 for both", hidden, v.name, hidden.status, missing.status)
					}
					if normalize(hidden.body, f.guild.Slug) != normalize(missing.body, missingSlug) {
						t.Errorf("%s as %s: body differs from a missing community's:\n got %.400s\nwant %.400s", hidden, v.name, hidden.body, missing.body)
					}
				}
				wantAPIError(t, v.get(t, "/api/v1/communities/"+f.guild.Slug+"/similar?title="+secretWord), http.StatusNotFound, "not_found")
				wantAPIError(t, v.get(t, "/api/v1/threads/"+fmt.Sprint(f.secret.ID)+"/related"), http.StatusNotFound, "not_found")
				for _, r := range v.seen {
					for _, secret := range leaks {
						if bytes.Contains(bytes.ToLower(r.body), bytes.ToLower([]byte(secret))) {
							t.Errorf("%s as %s: the body mentions %q:\n%.600s", r, v.name, secret, r.body)
						}
					}
				}
			})
		}

		t.Run("member", func(t *testing.T) {
			mia := s.signedIn(t, "mia", f.mia)
			res := searchAPI(t, mia, url.Values{"q": {secretWord}})
			if !slices.Contains(res.ids(), f.secret.ID) || res.Total != 1 {
				t.Fatalf("API search as a member: total %d, hits %v; want the guild's thread %d", res.Total, res.ids(), f.secret.ID)
			}
			if !strings.Contains(strings.ToLower(res.Hits[0].Snippet), "<mark>"+secretWord) {
				t.Errorf("snippet = %q; want %s marked", res.Hits[0].Snippet, secretWord)
			}
			r := mia.get(t, "/search?q="+secretWord)
			if hits := searchHits(r.doc(t)); !slices.Contains(hits, f.secret.Path()) {
				t.Errorf("%s as a member: hits = %v; want %s", r, hits, f.secret.Path())
			}
		})
	})
}

func TestSearchAPI(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		anon := s.anonymous("anonymous")

		res := searchAPI(t, anon, url.Values{"q": {"wort chiller"}})
		if res.Query.Q != "wort chiller" || res.Page != 1 || res.PerPage != praxis.SearchPageSize {
			t.Errorf("query %q, page %d, per_page %d; want %q, 1, %d", res.Query.Q, res.Page, res.PerPage, "wort chiller", praxis.SearchPageSize)
		}
		if res.Total != len(res.Hits) || res.Total < 2 || res.Capped {
			t.Errorf("total %d (capped %v) for %d hits; want at least 2, all listed", res.Total, res.Capped, len(res.Hits))
		}
		for i, h := range res.Hits {
			if h.Kind == "" || h.Title == "" || !strings.HasPrefix(h.URL, "/") || h.CreatedAt.IsZero() {
				t.Errorf("hit %d = %+v; want kind, title, url and created_at", i, h)
			}
			if !strings.Contains(strings.ToLower(h.Snippet), "<mark>") {
				t.Errorf("hit %d snippet = %q; want a <mark>", i, h.Snippet)
			}
			if rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet); strings.ContainsAny(rest, "<>") {
				t.Errorf("hit %d snippet = %q; want no markup but <mark>", i, h.Snippet)
			}
			if i > 0 && h.Score > res.Hits[i-1].Score {
				t.Errorf("hit %d score %v > hit %d's %v; want best first", i, h.Score, i-1, res.Hits[i-1].Score)
			}
		}

		p1 := searchAPI(t, anon, url.Values{"q": {"hopping"}, "per_page": {"10"}, "sort": {"newest"}})
		p3 := searchAPI(t, anon, url.Values{"q": {"hopping"}, "per_page": {"10"}, "sort": {"newest"}, "page": {"3"}})
		if p1.Total != hopsThreads || len(p1.Hits) != 10 || len(p3.Hits) != hopsThreads-20 || p3.Page != 3 {
			t.Errorf("pages: total %d, %d hits on page 1, %d on page %d; want %d, 10, %d on page 3",
				p1.Total, len(p1.Hits), len(p3.Hits), p3.Page, hopsThreads, hopsThreads-20)
		}
		if len(p1.Hits) > 0 && p1.Hits[0].ID != f.hops[hopsThreads-1].ID {
			t.Errorf("newest first: hit %d; want %d", p1.Hits[0].ID, f.hops[hopsThreads-1].ID)
		}

		kinds := searchAPI(t, anon, url.Values{"q": {"brewers"}, "kind": {"community"}})
		for _, h := range kinds.Hits {
			if h.Kind != praxis.SearchCommunity {
				t.Errorf("kind=community: hit of kind %q", h.Kind)
			}
		}
		if !slices.ContainsFunc(kinds.Hits, func(h apiSearchHit) bool { return h.URL == "/c/"+f.brewers.Slug }) {
			t.Errorf("kind=community: hits %+v; want the brewers", kinds.Hits)
		}
		wantAPIError(t, anon.get(t, "/api/v1/search?q=chiller&per_page=many"), http.StatusBadRequest, "invalid")
	})
}

// apiSimilarHit is one entry of the similar and related lists.
type apiSimilarHit struct {
	Kind       string  `json:"kind"`
	ID         int64   `json:"id"`
	Title      string  `json:"title"`
	URL        string  `json:"url"`
	Community  string  `json:"community"`
	Status     string  `json:"status"`
	Solved     bool    `json:"solved"`
	ReplyCount int     `json:"reply_count"`
	Score      float64 `json:"score"`
}

func TestSimilarAPI(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		base := "/api/v1/communities/" + f.brewers.Slug + "/similar?"
		for _, v := range []*visitor{s.anonymous("anonymous"), s.withToken(t, "mia", f.mia)} {
			r := v.get(t, base+url.Values{"title": {"wort chiller leaking"}, "body": {"it drips at the clamp"}}.Encode())
			r.wantStatus(t, http.StatusOK)
			var out struct {
				Similar []apiSimilarHit `json:"similar"`
			}
			r.decode(t, &out)
			if len(out.Similar) == 0 || out.Similar[0].ID != f.chiller.ID {
				t.Fatalf("%s as %s: %+v; want the chiller question first", r, v.name, out.Similar)
			}
			first := out.Similar[0]
			if !first.Solved || first.Status != praxis.ThreadSolved || first.Kind != praxis.SearchThread ||
				first.URL != f.chiller.Path() || first.Community != f.brewers.Slug || first.ReplyCount != 1 || first.Score <= 0 {
				t.Errorf("%s: first = %+v; want the solved chiller question, with one reply and a positive score", r, first)
			}
			if len(out.Similar) > praxis.DefaultSimilar {
				t.Errorf("%s: %d hits; want at most %d by default", r, len(out.Similar), praxis.DefaultSimilar)
			}
			for i := 1; i < len(out.Similar); i++ {
				if out.Similar[i].Score > out.Similar[i-1].Score {
					t.Errorf("%s: scores %v then %v; want best first", r, out.Similar[i-1].Score, out.Similar[i].Score)
				}
			}
			var raw map[string]any
			r.decode(t, &raw)
			if len(raw) != 1 || raw["similar"] == nil {
				t.Errorf("%s: body %s; want exactly {\"similar\": [...]}", r, r.body)
			}
		}
		anon := s.anonymous("anonymous")
		r := anon.get(t, base+"title=hopping&limit=2")
		var out struct{ Similar []apiSimilarHit }
		r.decode(t, &out)
		if len(out.Similar) != 2 {
			t.Errorf("%s: %d hits; want 2", r, len(out.Similar))
		}
		r = anon.get(t, base+"title=zz")
		r.wantStatus(t, http.StatusOK)
		if !bytes.Contains(r.body, []byte(`"similar":[`)) {
			t.Errorf("%s: body %s; want a list, even empty", r, r.body)
		}
		e := wantAPIError(t, anon.get(t, base+"title=chiller&limit=five"), http.StatusBadRequest, "invalid")
		if e.Fields["limit"] == "" {
			t.Errorf("limit=five: fields = %v; want limit", e.Fields)
		}
		wantAPIError(t, anon.get(t, "/api/v1/communities/"+missingSlug+"/similar?title=chiller"), http.StatusNotFound, "not_found")
	})
}

func TestExpertsAPI(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		base := "/api/v1/communities/" + f.brewers.Slug + "/experts?"
		for _, v := range []*visitor{s.anonymous("anonymous"), s.withToken(t, "olga", f.olga)} {
			r := v.get(t, base+url.Values{"title": {"wort chiller leaking"}, "body": {"it drips at the clamp"}}.Encode())
			r.wantStatus(t, http.StatusOK)
			var out struct {
				Experts []struct {
					Person struct {
						Handle string `json:"handle"`
						Name   string `json:"name"`
					} `json:"person"`
					Score    float64 `json:"score"`
					Answers  int     `json:"answers"`
					Accepted int     `json:"accepted"`
					Articles int     `json:"articles"`
					Evidence []struct {
						Kind     string  `json:"kind"`
						Title    string  `json:"title"`
						URL      string  `json:"url"`
						Accepted bool    `json:"accepted"`
						Votes    int     `json:"votes"`
						Score    float64 `json:"score"`
					} `json:"evidence"`
				} `json:"experts"`
			}
			r.decode(t, &out)
			if len(out.Experts) != 1 {
				t.Fatalf("%s as %s: %+v; want ben, who answered the chiller question", r, v.name, out.Experts)
			}
			e := out.Experts[0]
			if e.Person.Handle != "ben" || e.Person.Name == "" || e.Answers != 1 || e.Accepted != 1 || e.Score <= 0 || len(e.Evidence) != 1 {
				t.Errorf("%s: expert %+v; want ben with one accepted answer", r, e)
			}
			if ev := e.Evidence[0]; ev.Kind != "answer" || !ev.Accepted || ev.Title != f.chiller.Title ||
				!strings.HasPrefix(ev.URL, f.chiller.Path()+"#post-") || ev.Score != e.Score {
				t.Errorf("%s: evidence %+v; want the accepted answer, at its post", r, ev)
			}
			var raw map[string]any
			r.decode(t, &raw)
			if len(raw) != 1 || raw["experts"] == nil {
				t.Errorf("%s: body %s; want exactly {\"experts\": [...]}", r, r.body)
			}
		}
		anon := s.anonymous("anonymous")
		r := anon.get(t, base+"title=zz")
		r.wantStatus(t, http.StatusOK)
		if !bytes.Contains(r.body, []byte(`"experts":[]`)) {
			t.Errorf("%s: body %s; want an empty list", r, r.body)
		}
		e := wantAPIError(t, anon.get(t, base+"title=chiller&limit=five"), http.StatusBadRequest, "invalid")
		if e.Fields["limit"] == "" {
			t.Errorf("limit=five: fields = %v; want limit", e.Fields)
		}
		wantAPIError(t, anon.get(t, "/api/v1/communities/"+missingSlug+"/experts?title=chiller"), http.StatusNotFound, "not_found")
		for _, v := range []*visitor{anon, s.withToken(t, "ben", f.ben)} {
			wantAPIError(t, v.get(t, "/api/v1/communities/"+f.guild.Slug+"/experts?title="+url.QueryEscape(secretTitle)), http.StatusNotFound, "not_found")
		}
	})
}

func TestRelated(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		anon := s.anonymous("anonymous")
		r := anon.get(t, fmt.Sprintf("/api/v1/threads/%d/related", f.other.ID))
		r.wantStatus(t, http.StatusOK)
		var out struct {
			Related []apiSimilarHit `json:"related"`
		}
		r.decode(t, &out)
		if len(out.Related) == 0 || out.Related[0].ID != f.chiller.ID {
			t.Fatalf("%s: %+v; want the other chiller question first", r, out.Related)
		}
		for _, h := range out.Related {
			if h.ID == f.other.ID && h.Kind == praxis.SearchThread {
				t.Errorf("%s: the thread is related to itself", r)
			}
		}
		r = anon.get(t, fmt.Sprintf("/api/v1/threads/%d/related?limit=1", f.other.ID))
		r.decode(t, &out)
		if len(out.Related) != 1 {
			t.Errorf("%s: %d hits; want 1", r, len(out.Related))
		}
		wantAPIError(t, anon.get(t, fmt.Sprintf("/api/v1/threads/%d/related?limit=x", f.other.ID)), http.StatusBadRequest, "invalid")
		wantAPIError(t, anon.get(t, "/api/v1/threads/999999/related"), http.StatusNotFound, "not_found")

		page := anon.get(t, f.other.Path())
		page.wantStatus(t, http.StatusOK)
		related := byID(page.doc(t), "related")
		if related == nil {
			t.Fatalf("%s: no #related", page)
		}
		var links []string
		for _, a := range findAll(related, isTag("a")) {
			href, _ := attr(a, "href")
			links = append(links, href)
		}
		if !slices.Contains(links, f.chiller.Path()) || len(links) > praxis.DefaultSimilar {
			t.Errorf("%s: related links %v; want %s among at most %d", page, links, f.chiller.Path(), praxis.DefaultSimilar)
		}
		if len(byClass(related, "badge-solved")) == 0 {
			t.Errorf("%s: the solved related question is not marked", page)
		}
	})
}

func TestDuplicates(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		cora := s.signedIn(t, "cora", f.cora)
		mia := s.signedIn(t, "mia", f.mia)
		dup := f.other.Path()
		action := fmt.Sprintf("/c/%s/t/%d/duplicate", f.brewers.Slug, f.other.ID)

		t.Run("a member may not", func(t *testing.T) {
			if byID(mia.get(t, dup).doc(t), "duplicate-form") != nil {
				t.Errorf("GET %s as a member: the duplicate form is shown", dup)
			}
			r := mia.postForm(t, action, url.Values{"csrf_token": {mia.csrfToken(t)}, "original": {fmt.Sprint(f.chiller.ID)}})
			if r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("%s as a member: status %d; want 403 or 404", r, r.status)
			}
			tok := s.withToken(t, "mia-token", f.mia)
			r = tok.api(t, http.MethodPost, fmt.Sprintf("/api/v1/threads/%d/duplicate", f.other.ID), map[string]any{"original_id": f.chiller.ID})
			if r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("%s as a member: status %d; want 403 or 404", r, r.status)
			}
		})

		t.Run("bad reference beside the field", func(t *testing.T) {
			for _, bad := range []string{"", "the chiller one", "/c/x/kb/3", fmt.Sprint(f.other.ID)} {
				r := cora.submit(t, dup, action, url.Values{"original": {bad}})
				r.wantStatus(t, http.StatusBadRequest)
				doc := r.doc(t)
				e := byID(doc, "duplicate-error")
				if e == nil || text(e) == "" {
					t.Fatalf("%s with %q: no #duplicate-error", r, bad)
				}
				if v, _ := attr(byID(doc, "duplicate-original"), "aria-invalid"); v != "true" {
					t.Errorf("%s with %q: #duplicate-original aria-invalid = %q; want true", r, bad, v)
				}
				if got := inputValue(t, doc, "duplicate-original"); got != bad {
					t.Errorf("%s: #duplicate-original = %q; want %q kept", r, got, bad)
				}
			}
		})

		t.Run("a coordinator marks and unmarks", func(t *testing.T) {
			r := cora.submit(t, dup, action, url.Values{"original": {"http://example.org" + f.chiller.Path()}})
			r.wantStatus(t, http.StatusSeeOther)
			if loc := r.header.Get("Location"); loc != f.other.Path() {
				t.Errorf("%s: Location = %q; want %q", r, loc, f.other.Path())
			}
			doc := mia.get(t, dup).doc(t)
			banner := byID(doc, "duplicate-banner")
			if banner == nil {
				t.Fatalf("GET %s: no #duplicate-banner", dup)
			}
			if !strings.Contains(text(banner), "asked before") {
				t.Errorf("banner = %q; want it to say the question was asked before", text(banner))
			}
			if a := findAll(banner, isTag("a")); len(a) != 1 || func() string { h, _ := attr(a[0], "href"); return h }() != f.chiller.Path() {
				t.Errorf("banner links %v; want one link to %s", a, f.chiller.Path())
			}
			orig := mia.get(t, f.chiller.Path()).doc(t)
			also := byID(orig, "duplicates")
			if also == nil || !strings.Contains(text(also), "Also asked as") || !strings.Contains(text(also), f.other.Title) {
				t.Fatalf("GET %s: #duplicates = %v; want it to list %q", f.chiller.Path(), also, f.other.Title)
			}
			var raw struct {
				DuplicateOf int64 `json:"duplicate_of"`
			}
			mia.get(t, threadPath(f.other.ID)).decode(t, &raw)
			if raw.DuplicateOf != f.chiller.ID {
				t.Errorf("duplicate_of = %d; want %d", raw.DuplicateOf, f.chiller.ID)
			}

			r = cora.submit(t, dup, action, url.Values{"unmark": {"1"}})
			r.wantStatus(t, http.StatusSeeOther)
			if byID(mia.get(t, dup).doc(t), "duplicate-banner") != nil {
				t.Errorf("GET %s: still a duplicate after Not a duplicate", dup)
			}
		})

		t.Run("API", func(t *testing.T) {
			tok := s.withToken(t, "cora-token", f.cora)
			path := fmt.Sprintf("/api/v1/threads/%d/duplicate", f.other.ID)
			var th struct {
				ID          int64 `json:"id"`
				DuplicateOf int64 `json:"duplicate_of"`
			}
			r := tok.api(t, http.MethodPost, path, map[string]any{"original_id": f.chiller.ID})
			r.wantStatus(t, http.StatusOK)
			r.decode(t, &th)
			if th.ID != f.other.ID || th.DuplicateOf != f.chiller.ID {
				t.Errorf("%s: %+v; want thread %d duplicate of %d", r, th, f.other.ID, f.chiller.ID)
			}
			e := wantAPIError(t, tok.api(t, http.MethodPost, path, map[string]any{}), http.StatusBadRequest, "invalid")
			if e.Fields["original_id"] == "" {
				t.Errorf("no original_id: fields = %v; want original_id", e.Fields)
			}
			wantAPIError(t, tok.api(t, http.MethodPost, path, map[string]any{"original_id": f.other.ID}), http.StatusBadRequest, "invalid")
			wantAPIError(t, tok.api(t, http.MethodPost, path, map[string]any{"original_id": f.secret.ID}), http.StatusBadRequest, "invalid")
			r = tok.api(t, http.MethodDelete, path, nil)
			r.wantStatus(t, http.StatusOK)
			var after struct {
				ID          int64  `json:"id"`
				DuplicateOf *int64 `json:"duplicate_of"`
			}
			r.decode(t, &after)
			if after.ID != f.other.ID || (after.DuplicateOf != nil && *after.DuplicateOf != 0) {
				t.Errorf("%s: %s; want thread %d without duplicate_of", r, r.body, f.other.ID)
			}
			wantAPIError(t, s.anonymous("anon").api(t, http.MethodDelete, path, nil), http.StatusUnauthorized, "unauthorized")
		})
	})
}

func TestRecurringQuestions(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		f := newSearchFixture(t, s)
		cora := s.signedIn(t, "cora", f.cora)
		mia := s.signedIn(t, "mia", f.mia)
		page := "/c/" + f.brewers.Slug + "/recurring"

		t.Run("who may see it", func(t *testing.T) {
			if r := mia.get(t, page); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("%s as a member: status %d; want 403 or 404", r, r.status)
			}
			r := s.anonymous("anon").get(t, page)
			r.wantStatus(t, http.StatusSeeOther)
			if loc := r.header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
				t.Errorf("%s anonymous: Location = %q; want the login page", r, loc)
			}
			if r := s.signedIn(t, "olga", f.olga).get(t, "/c/"+f.guild.Slug+"/recurring"); r.status != http.StatusNotFound {
				t.Errorf("%s as an outsider: status %d; want 404", r, r.status)
			}
			tok := s.withToken(t, "mia-token", f.mia)
			if r := tok.get(t, "/api/v1/communities/"+f.brewers.Slug+"/recurring"); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("%s as a member: status %d; want 403 or 404", r, r.status)
			}
			kb := "/c/" + f.brewers.Slug + "/kb"
			if byID(mia.get(t, kb).doc(t), "recurring-link") != nil {
				t.Errorf("GET %s as a member: links the recurring questions", kb)
			}
			if byID(cora.get(t, kb).doc(t), "recurring-link") == nil {
				t.Errorf("GET %s as the coordinator: no link to the recurring questions", kb)
			}
		})

		t.Run("empty state", func(t *testing.T) {
			// The guild has one question: nothing recurs there.
			r := cora.get(t, "/c/"+f.guild.Slug+"/recurring")
			r.wantStatus(t, http.StatusOK)
			if byID(r.doc(t), "recurring-empty") == nil {
				t.Errorf("%s: no #recurring-empty", r)
			}
		})

		t.Run("clusters and turning one into an article", func(t *testing.T) {
			tok := s.withToken(t, "cora-token", f.cora)
			r := tok.get(t, "/api/v1/communities/"+f.brewers.Slug+"/recurring")
			r.wantStatus(t, http.StatusOK)
			var out struct {
				Clusters []struct {
					Threads []apiSimilarHit `json:"threads"`
					Terms   []string        `json:"terms"`
					Solved  int             `json:"solved"`
				} `json:"clusters"`
			}
			r.decode(t, &out)
			var chillerCluster bool
			for _, c := range out.Clusters {
				var ids []int64
				for _, th := range c.Threads {
					ids = append(ids, th.ID)
				}
				if slices.Contains(ids, f.chiller.ID) && slices.Contains(ids, f.other.ID) {
					chillerCluster = true
					if c.Solved != 1 || len(c.Terms) == 0 {
						t.Errorf("chiller cluster: solved %d, terms %v; want 1 and some terms", c.Solved, c.Terms)
					}
				}
			}
			if !chillerCluster {
				t.Fatalf("%s: clusters %s; want the two chiller questions together", r, r.body)
			}

			r = cora.get(t, page)
			r.wantStatus(t, http.StatusOK)
			doc := r.doc(t)
			var form *html.Node
			for _, li := range byClass(doc, "cluster") {
				if strings.Contains(text(li), f.chiller.Title) && strings.Contains(text(li), f.other.Title) {
					if len(byClass(li, "badge-solved")) != 1 {
						t.Errorf("%s: the chiller cluster marks %d solved; want 1", r, len(byClass(li, "badge-solved")))
					}
					if forms := byClass(li, "turn-into-article"); len(forms) == 1 {
						form = forms[0]
					}
				}
			}
			if form == nil {
				t.Fatalf("%s: no chiller cluster with a Turn into article form", r)
			}
			vals := formValues(form)
			if vals.Get("thread") != fmt.Sprint(f.chiller.ID) {
				t.Errorf("%s: the form drafts from thread %s; want the solved one, %d", r, vals.Get("thread"), f.chiller.ID)
			}
			action, _ := attr(form, "action")
			r = cora.postForm(t, action, vals)
			r.wantStatus(t, http.StatusSeeOther)
			loc := r.header.Get("Location")
			if !strings.HasPrefix(loc, "/c/"+f.brewers.Slug+"/kb/") || !strings.HasSuffix(loc, "/edit") {
				t.Fatalf("%s: Location = %q; want an article's edit page", r, loc)
			}
			r = cora.get(t, loc)
			r.wantStatus(t, http.StatusOK)
			if v := inputValue(t, r.doc(t), "title"); v != f.chiller.Title {
				t.Errorf("%s: title = %q; want %q", r, v, f.chiller.Title)
			}
			r = mia.postForm(t, action, url.Values{"csrf_token": {mia.csrfToken(t)}, "thread": {"nope"}})
			if r.status < 400 || r.status >= 500 {
				t.Errorf("%s with a bad thread: status %d; want a 4xx", r, r.status)
			}
		})
	})
}
