package sqlstore_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// The search tests use the conversation cast (see threads_test.go): @alice
// coordinates the public "garden" (with @bob, @carol and @dave) and the
// private "vault" (with @bob); @frank belongs to neither.

// find runs a search, failing the test on an error.
func find(t *testing.T, db *sqlstore.DB, actor *praxis.User, q praxis.SearchQuery) *praxis.SearchResult {
	t.Helper()
	r, err := db.Search(t.Context(), actor, q)
	if err != nil {
		t.Fatalf("Search(%+v) as %s: %v", q, who(actor), err)
	}
	return r
}

// titles returns the titles of a search's hits, in order.
func titles(r *praxis.SearchResult) []string {
	out := []string{}
	for _, h := range r.Hits {
		out = append(out, h.Title)
	}
	return out
}

// sorted returns a sorted copy.
func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// ask starts a question with a body, failing the test on an error.
func ask(t *testing.T, db *sqlstore.DB, actor *praxis.User, slug, title, body string, topics ...string) *praxis.Thread {
	t.Helper()
	th, err := db.CreateThread(t.Context(), actor, slug, threadInput(praxis.KindQuestion, title, body, topics...))
	if err != nil {
		t.Fatalf("CreateThread(%s, %q): %v", slug, title, err)
	}
	return th
}

func TestSearchSyntax(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		g := s.garden.Slug
		ask(t, db, s.bob, g, "Brewing a dry stout at home", "Roasted barley gives the coffee taste. The wort chiller matters most.", "stout")
		ask(t, db, s.carol, g, "Lager fermentation temperature", "Keep the lager cold; a wort chiller helps on brew day.", "lager")
		ask(t, db, s.dave, g, "Pale ale hop schedule", "Cascade hops late in the boil, then dry hopping.")
		ask(t, db, s.bob, g, "Café culture and crème", "Ein Bier in der Straße, then a café crème.")
		ask(t, db, s.carol, g, "東京のビール事情", "東京 has good craft beer bars.")
		ask(t, db, s.dave, g, "Plain cafe notes", "A cafe written without accents.")
		tests := []struct {
			q    string
			want []string
		}{
			{"wort chiller", []string{"Brewing a dry stout at home", "Lager fermentation temperature"}},
			{`"wort chiller"`, []string{"Brewing a dry stout at home", "Lager fermentation temperature"}},
			{`"chiller wort"`, []string{}},
			{"chiller -lager", []string{"Brewing a dry stout at home"}},
			{`chiller -"lager cold"`, []string{"Brewing a dry stout at home"}},
			{"stout OR hops", []string{"Brewing a dry stout at home", "Pale ale hop schedule"}},
			{"barley OR cascade chiller", []string{"Brewing a dry stout at home"}},
			{"brewed", []string{"Brewing a dry stout at home", "Lager fermentation temperature"}},
			{"cafe", []string{"Café culture and crème", "Plain cafe notes"}},
			{"CAFÉ", []string{"Café culture and crème", "Plain cafe notes"}},
			{`"café crème"`, []string{"Café culture and crème"}},
			{"creme", []string{"Café culture and crème"}},
			{"strasse", []string{"Café culture and crème"}},
			{"Straße", []string{"Café culture and crème"}},
			{"東京", []string{"東京のビール事情"}},
			{"how to keep the lager cold", []string{"Lager fermentation temperature"}},
		}
		for _, tt := range tests {
			r := find(t, db, s.frank, praxis.SearchQuery{Q: tt.q, Kind: praxis.SearchThread})
			if got := sorted(titles(r)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(%q) = %q; want %q", tt.q, got, tt.want)
			}
			if r.Total != len(tt.want) {
				t.Errorf("Search(%q).Total = %d; want %d", tt.q, r.Total, len(tt.want))
			}
		}

		r := find(t, db, nil, praxis.SearchQuery{Q: "coffee"})
		if len(r.Hits) != 1 {
			t.Fatalf("Search(coffee): %d hits; want 1", len(r.Hits))
		}
		h := r.Hits[0]
		if !strings.Contains(h.Snippet, "<mark>coffee</mark>") || strings.Contains(h.Snippet, "<b>") {
			t.Errorf("snippet = %q; want coffee marked and nothing else", h.Snippet)
		}
		if h.Kind != praxis.SearchThread || h.Community != g || h.Author.Handle != "bob" || h.Score <= 0 ||
			!strings.HasPrefix(h.URL, "/c/garden/t/") || !slices.Equal(h.Topics, []string{"stout"}) || h.Status != praxis.ThreadOpen {
			t.Errorf("hit = %+v; want bob's open thread in garden, with its URL, topic and a positive score", h)
		}
		r = find(t, db, nil, praxis.SearchQuery{Q: "Straße"})
		if len(r.Hits) != 1 || !strings.Contains(r.Hits[0].Snippet, "<mark>Straße</mark>") {
			t.Errorf("Search(Straße) snippet = %v; want Straße marked", r.Hits)
		}

		// A word in a title counts for more than one in a reply.
		ask(t, db, s.dave, g, "Mash thickness", "Water to grain ratio.")
		other := ask(t, db, s.dave, g, "Water chemistry", "About minerals.")
		addReply(t, db, s.bob, other.ID, "The mash thickness matters less than the water.")
		r = find(t, db, nil, praxis.SearchQuery{Q: "mash"})
		if got := titles(r); len(got) != 2 || got[0] != "Mash thickness" {
			t.Errorf("Search(mash) = %q; want the thread with mash in its title first", got)
		}
	})
}

func TestSearchFilters(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		g := s.garden.Slug
		old := ask(t, db, s.bob, g, "Compost in winter", "The compost pile freezes.", "compost")
		clock.Add(10 * 24 * time.Hour) // 2026-03-12
		solved := ask(t, db, s.carol, g, "Compost smells", "My compost smells of ammonia.", "compost", "smell")
		reply := addReply(t, db, s.dave, solved.ID, "Add browns: leaves and cardboard.")
		if _, err := db.Accept(t.Context(), s.carol, solved.ID, reply.ID); err != nil {
			t.Fatal(err)
		}
		clock.Add(10 * 24 * time.Hour) // 2026-03-22
		disc, err := db.CreateThread(t.Context(), s.bob, g, threadInput(praxis.KindDiscussion, "Compost tea debate", "Is compost tea worth it?"))
		if err != nil {
			t.Fatal(err)
		}
		ask(t, db, s.bob, s.vault.Slug, "Compost in the vault", "Secret compost.")
		a := writeArticle(t, db, s.alice, g, "Compost guide")
		publishArticle(t, db, s.alice, a.ID)

		tests := []struct {
			name string
			q    praxis.SearchQuery
			want []string
		}{
			{"community", praxis.SearchQuery{Community: "vault"}, []string{"Compost in the vault"}},
			{"kind", praxis.SearchQuery{Kind: praxis.SearchArticle}, []string{"Compost guide"}},
			{"topic", praxis.SearchQuery{Topic: "smell"}, []string{"Compost smells"}},
			{"topic of two", praxis.SearchQuery{Topic: "#Compost"}, []string{"Compost in winter", "Compost smells"}},
			{"author", praxis.SearchQuery{Author: "@carol"}, []string{"Compost smells"}},
			{"article author", praxis.SearchQuery{Author: "alice"}, []string{"Compost guide"}},
			{"unknown author", praxis.SearchQuery{Author: "nobody"}, []string{}},
			{"status", praxis.SearchQuery{Status: praxis.ThreadSolved}, []string{"Compost smells"}},
			{"status published", praxis.SearchQuery{Status: praxis.ArticlePublished}, []string{"Compost guide"}},
			{"from", praxis.SearchQuery{From: "2026-03-12", Kind: praxis.SearchThread}, []string{"Compost smells", "Compost tea debate", "Compost in the vault"}},
			{"to", praxis.SearchQuery{To: "2026-03-12"}, []string{"Compost in winter", "Compost smells"}},
			{"from and to", praxis.SearchQuery{From: "2026-03-02", To: "2026-03-02"}, []string{"Compost in winter"}},
		}
		for _, tt := range tests {
			tt.q.Q = "compost"
			r := find(t, db, s.bob, tt.q)
			if got := sorted(titles(r)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("%s: Search(%+v) = %q; want %q", tt.name, tt.q, got, tt.want)
			}
		}
		_ = old
		_ = disc

		newest := titles(find(t, db, s.bob, praxis.SearchQuery{Q: "compost", Kind: praxis.SearchThread, Sort: praxis.SortNewest}))
		if want := []string{"Compost in the vault", "Compost tea debate", "Compost smells", "Compost in winter"}; !slices.Equal(newest, want) {
			t.Errorf("newest first = %q; want %q", newest, want)
		}
		oldest := titles(find(t, db, s.bob, praxis.SearchQuery{Q: "compost", Kind: praxis.SearchThread, Sort: praxis.SortOldest}))
		if want := []string{"Compost in winter", "Compost smells", "Compost tea debate", "Compost in the vault"}; !slices.Equal(oldest, want) {
			t.Errorf("oldest first = %q; want %q", oldest, want)
		}

		// Pagination.
		for i := range 23 {
			ask(t, db, s.dave, g, "Mulch question number "+string(rune('A'+i)), "Mulch again.")
		}
		var seen []string
		for page := 1; page <= 3; page++ {
			r := find(t, db, s.bob, praxis.SearchQuery{Q: "mulch", Page: page, PerPage: 10, Sort: praxis.SortOldest})
			if r.Total != 23 || r.Capped || r.Page != page || r.PerPage != 10 {
				t.Errorf("page %d: total %d capped %v page %d per page %d; want 23, false, %d, 10", page, r.Total, r.Capped, r.Page, r.PerPage, page)
			}
			if want := min(10, 23-(page-1)*10); len(r.Hits) != want {
				t.Errorf("page %d: %d hits; want %d", page, len(r.Hits), want)
			}
			if r.HasNext() != (page < 3) {
				t.Errorf("page %d: HasNext = %v", page, r.HasNext())
			}
			seen = append(seen, titles(r)...)
		}
		if len(seen) != 23 || len(slices.Compact(sorted(seen))) != 23 {
			t.Errorf("three pages hold %d distinct hits of %d; want 23", len(slices.Compact(sorted(seen))), len(seen))
		}
		r := find(t, db, s.bob, praxis.SearchQuery{Q: "mulch", Page: 9})
		if len(r.Hits) != 0 || r.Total != 23 {
			t.Errorf("a page past the end: %d hits, total %d; want none of 23", len(r.Hits), r.Total)
		}
		r = find(t, db, s.bob, praxis.SearchQuery{Q: "mulch", PerPage: 500})
		if r.PerPage != praxis.MaxSearchPageSize {
			t.Errorf("per page 500 = %d; want %d", r.PerPage, praxis.MaxSearchPageSize)
		}
	})
}

func TestSearchKinds(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		g := s.garden.Slug
		a := writeArticle(t, db, s.alice, g, "Rainwater harvesting")
		publishArticle(t, db, s.alice, a.ID)
		e := createEvent(t, db, s.alice, g, eventIn(praxis.EventWorkshop, "Rainwater barrels workshop", "2026-04-01T18:00", "2026-04-01T20:00", ""))
		if _, err := db.UpdateProfile(t.Context(), s.dave, praxis.ProfileUpdate{Bio: new("I build rainwater tanks."), Organization: new("Acme Water"),
			Expertise: []string{"irrigation"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateCommunity(t.Context(), s.alice, g, praxis.CommunityInput{Purpose: new("Share rainwater know-how.")}); err != nil {
			t.Fatal(err)
		}
		r := find(t, db, nil, praxis.SearchQuery{Q: "rainwater"})
		byKind := map[string]*praxis.SearchHit{}
		for _, h := range r.Hits {
			byKind[h.Kind] = h
		}
		want := map[string]string{
			praxis.SearchArticle:   "/c/garden/kb/",
			praxis.SearchEvent:     "/c/garden/events/",
			praxis.SearchMember:    "/u/dave",
			praxis.SearchCommunity: "/c/garden",
		}
		for kind, url := range want {
			h := byKind[kind]
			if h == nil {
				t.Errorf("no %s among %q", kind, titles(r))
				continue
			}
			if !strings.HasPrefix(h.URL, url) {
				t.Errorf("%s URL = %q; want %s…", kind, h.URL, url)
			}
		}
		if h := byKind[praxis.SearchMember]; h != nil && (h.Title != "User dave" || !strings.Contains(h.Snippet, "Acme Water")) {
			t.Errorf("member hit = %+v; want dave's name and organization", h)
		}
		if h := byKind[praxis.SearchEvent]; h != nil && h.Author.Handle != "alice" {
			t.Errorf("event hit author = %+v; want alice", h.Author)
		}
		if got := titles(find(t, db, nil, praxis.SearchQuery{Q: "irrigation", Kind: praxis.SearchMember})); !slices.Equal(got, []string{"User dave"}) {
			t.Errorf("members by expertise = %q; want dave", got)
		}
		if got := titles(find(t, db, nil, praxis.SearchQuery{Q: "workshop", Kind: praxis.SearchEvent})); !slices.Equal(got, []string{e.Title}) {
			t.Errorf("events by kind = %q; want the workshop", got)
		}
		if err := db.CancelEvent(t.Context(), s.alice, e.ID); err != nil {
			t.Fatal(err)
		}
		if got := titles(find(t, db, nil, praxis.SearchQuery{Q: "rainwater", Status: "cancelled"})); !slices.Equal(got, []string{e.Title}) {
			t.Errorf("cancelled events = %q; want the workshop", got)
		}
	})
}

func TestSearchPrivacy(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		g := s.garden.Slug
		ask(t, db, s.bob, s.vault.Slug, "Zanzibar plans", "The zanzibar recipe stays in the vault.")
		draft := writeArticle(t, db, s.alice, g, "Zanzibar draft")
		if _, err := db.CreateEvent(t.Context(), s.alice, g, praxis.EventInput{Kind: new(praxis.EventMeetup), Title: new("Zanzibar members meetup"),
			TimeZone: new(paris), Start: new("2026-04-01T18:00"), End: new("2026-04-01T19:00"), Visibility: new(praxis.EventMembers)}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateEvent(t.Context(), s.alice, g, praxis.EventInput{Kind: new(praxis.EventMeetup), Title: new("Zanzibar invitation dinner"),
			TimeZone: new(paris), Start: new("2026-04-02T18:00"), End: new("2026-04-02T19:00"), Visibility: new(praxis.EventInvitation),
			Invitees: []string{"carol"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateProfile(t.Context(), s.frank, praxis.ProfileUpdate{Bio: new("Zanzibar fan.")}); err != nil {
			t.Fatal(err)
		}
		suspend(t, db, s.admin, s.frank)
		frank := reload(t, db, s.frank)

		viewers := []struct {
			name string
			user *praxis.User
			want []string
		}{
			{"anonymous", nil, []string{}},
			{"suspended frank", frank, []string{}},
			{"dave (garden member)", s.dave, []string{"Zanzibar members meetup"}},
			{"carol (invited)", s.carol, []string{"Zanzibar invitation dinner", "Zanzibar members meetup"}},
			{"bob (vault member)", s.bob, []string{"Zanzibar members meetup", "Zanzibar plans"}},
			{"alice (author, coordinator)", s.alice, []string{"Zanzibar draft", "Zanzibar invitation dinner", "Zanzibar members meetup", "Zanzibar plans"}},
			{"admin", s.admin, []string{"Zanzibar draft", "Zanzibar invitation dinner", "Zanzibar members meetup", "Zanzibar plans"}},
		}
		for _, v := range viewers {
			for _, q := range []string{"zanzibar", "recipe OR draft OR dinner OR meetup OR plans OR fan"} {
				r := find(t, db, v.user, praxis.SearchQuery{Q: q})
				if got := sorted(titles(r)); !slices.Equal(got, v.want) {
					t.Errorf("%s: Search(%q) = %q; want %q", v.name, q, got, v.want)
				}
				if r.Total != len(v.want) {
					t.Errorf("%s: Search(%q).Total = %d; want %d", v.name, q, r.Total, len(v.want))
				}
				for _, h := range r.Hits {
					if strings.Contains(h.Snippet, "vault") && !slices.Contains(v.want, "Zanzibar plans") {
						t.Errorf("%s: a snippet quotes the vault: %q", v.name, h.Snippet)
					}
				}
			}
		}
		_, err := db.Search(t.Context(), s.carol, praxis.SearchQuery{Q: "zanzibar", Community: s.vault.Slug})
		wantCode(t, "Search in the vault as carol", err, praxis.ENOTFOUND)
		wantFields(t, "Search in the vault as carol", err, "community")
		_, err = db.Search(t.Context(), nil, praxis.SearchQuery{Q: "zanzibar", Community: "nowhere"})
		wantCode(t, "Search in a community that does not exist", err, praxis.ENOTFOUND)

		// Publishing the draft shows it to everyone who may see the garden.
		publishArticle(t, db, s.alice, draft.ID)
		if got := titles(find(t, db, nil, praxis.SearchQuery{Q: "zanzibar", Kind: praxis.SearchArticle})); !slices.Equal(got, []string{"Zanzibar draft"}) {
			t.Errorf("after publishing, anonymous finds %q; want the article", got)
		}
		// The vault going public shows its threads; going private again hides them.
		vaultPublic := praxis.CommunityInput{Visibility: new(praxis.VisibilityPublic)}
		if _, err := db.UpdateCommunity(t.Context(), s.alice, s.vault.Slug, vaultPublic); err != nil {
			t.Fatal(err)
		}
		if got := find(t, db, nil, praxis.SearchQuery{Q: "zanzibar recipe"}).Total; got != 1 {
			t.Errorf("the public vault's thread: total %d; want 1", got)
		}
		// A suspended member's profile is not found; restored, it is.
		if got := find(t, db, s.admin, praxis.SearchQuery{Q: "fan", Kind: praxis.SearchMember}).Total; got != 0 {
			t.Errorf("a suspended member is found %d times", got)
		}
		if err := db.SetSuspended(t.Context(), s.admin, "frank", false); err != nil {
			t.Fatal(err)
		}
		if got := find(t, db, nil, praxis.SearchQuery{Q: "fan", Kind: praxis.SearchMember}).Total; got != 1 {
			t.Errorf("a restored member is found %d times; want 1", got)
		}
	})
}

func TestSearchBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		s := newConversationCast(t, db)
		ask(t, db, s.bob, s.garden.Slug, "Near the pond: title and columns", "Notes about the pond, near the willow.")
		for _, q := range []string{"", "   ", strings.Repeat("pond ", 2000), strings.Repeat("x", 10000), `"unbalanced pond`, `pond"`,
			`NEAR(pond willow)`, `NEAR(`, `*`, `pond*`, `col:`, `title:pond`, `"`, `-`, `OR`, `AND`, `NOT`, `^`, `^pond`, "po\x00nd",
			"\x00", `'; DROP TABLE search_docs; --`, `{title}: pond`, `pond + willow`, `-pond`, `- -`, `"" -""`, `\`, `東`, `)(`} {
			r, err := db.Search(t.Context(), s.bob, praxis.SearchQuery{Q: q})
			if err != nil {
				t.Errorf("Search(%.40q): %v; want no error", q, err)
				continue
			}
			if r.Hits == nil {
				t.Errorf("Search(%.40q): nil hits; want an empty list", q)
			}
		}
		r := find(t, db, s.bob, praxis.SearchQuery{Q: ""})
		if r.Notice == "" || r.Total != 0 {
			t.Errorf("empty query: %+v; want a notice and nothing found", r)
		}
		r = find(t, db, s.bob, praxis.SearchQuery{Q: "-pond"})
		if !strings.Contains(r.Notice, "exclusions") || r.Total != 0 {
			t.Errorf("exclusions only: notice %q, total %d; want the notice about exclusions", r.Notice, r.Total)
		}
		// A column filter is a phrase of two words, not a filter.
		if got := find(t, db, s.bob, praxis.SearchQuery{Q: `pond:title`}).Total; got != 1 {
			t.Errorf("pond:title finds %d; want the thread (as the phrase \"pond title\")", got)
		}
		if got := find(t, db, s.bob, praxis.SearchQuery{Q: `title:pond`}).Total; got != 0 {
			t.Errorf("title:pond finds %d; want nothing (no title has the phrase \"title pond\")", got)
		}
		bad := []struct {
			q     praxis.SearchQuery
			field string
		}{
			{praxis.SearchQuery{Kind: "everything"}, "kind"},
			{praxis.SearchQuery{Status: "lost"}, "status"},
			{praxis.SearchQuery{Kind: praxis.SearchMember, Status: praxis.ThreadSolved}, "status"},
			{praxis.SearchQuery{Sort: "random"}, "sort"},
			{praxis.SearchQuery{From: "yesterday"}, "from"},
			{praxis.SearchQuery{To: "2026-13-45"}, "to"},
			{praxis.SearchQuery{From: "2026-03-10", To: "2026-03-01"}, "to"},
		}
		for _, b := range bad {
			b.q.Q = "pond"
			_, err := db.Search(t.Context(), s.bob, b.q)
			wantCode(t, "Search with a bad "+b.field, err, praxis.EINVALID)
			wantFields(t, "Search with a bad "+b.field, err, b.field)
		}
	})
}

// TestSearchQueryCount checks that a search costs at most three statements
// (the community of the filter, the count, the page), whatever it finds.
func TestSearchQueryCount(t *testing.T) {
	const maxStatements = 3
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			db := openCounting(t, dialect)
			c := newBenchCast(t, db)
			c.seedThreads(t, db, 60)
			c.seedThread(t, db, 30)
			for _, q := range []praxis.SearchQuery{
				{Q: "thread"},
				{Q: "thread season", Community: c.community.Slug, Kind: praxis.SearchThread, Author: "ana", Topic: "soil", Sort: praxis.SortNewest},
				{Q: "soil OR season -nothing", PerPage: praxis.MaxSearchPageSize, Page: 2},
			} {
				for _, v := range []*praxis.User{nil, c.members[2]} {
					statements.take()
					r, err := db.Search(t.Context(), v, q)
					sqls := statements.take()
					if err != nil {
						t.Fatalf("Search(%+v): %v", q, err)
					}
					var n int
					for _, s := range sqls {
						if s != "BEGIN" && s != "COMMIT" && s != "ROLLBACK" {
							n++
						}
					}
					t.Logf("Search(%q) as %s: %d hits of %d, %d statements", q.Q, who(v), len(r.Hits), r.Total, n)
					if n > maxStatements {
						t.Errorf("Search(%+v): %d statements; want at most %d:\n%s", q, n, maxStatements, strings.Join(sqls, "\n"))
					}
				}
			}
		})
	}
}
