package web_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"praxis/sqlstore/sqltest"
	"praxis/web"
)

// TestBrowserJourney walks, in a real headless Chromium, the path of the
// first people on a new Praxis: the administrator sets it up and founds a
// community with a charter, a colleague signs up and joins, and the
// coordinator moves a goal forward and finds the change in the charter's
// history. It runs once per database.
func TestBrowserJourney(t *testing.T) {
	browser := startBrowser(t)
	for _, dialect := range sqltest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			start := time.Now()
			srv, err := web.New(web.Config{Store: sqltest.Open(t, dialect, nil)})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv)
			t.Cleanup(ts.Close)
			communityJourney(newBrowserTab(t, browser, ts.URL))
			t.Logf("journey on %s took %v", dialect, time.Since(start).Round(time.Millisecond))
		})
	}
}

// communityJourney is the journey of TestBrowserJourney, on a fresh server.
func communityJourney(b *browserTab) {
	type person struct{ name, handle, email, password string }
	coordinator := person{"Ada Okafor", "ada", "ada@example.org", "correct horse battery"}
	colleague := person{"Ben Tanaka", "ben", "ben@example.org", "staple paper clip river"}
	const (
		instance  = "Northwind Communities"
		name      = "Data Engineering Guild"
		slug      = "data-engineering-guild"
		statement = "Building and running reliable data pipelines."
		purpose   = "Fewer broken dashboards across the company."
		goal      = "Publish a pipeline testing playbook"
	)
	home := "/c/" + slug

	// 1. The first visit goes to the set-up page; setting up signs the
	// administrator in and leads to creating the first community.
	resp := b.visit("/")
	b.wantPage(resp, 200, "/setup")
	b.typeInto("#instance_name", instance)
	b.typeInto("#display_name", coordinator.name)
	b.typeInto("#handle", coordinator.handle)
	b.typeInto("#email", coordinator.email)
	b.typeInto("#password", coordinator.password)
	resp = b.follow(`form[action="/setup"] button[type=submit]`)
	b.wantPage(resp, 200, "/c/new")
	b.wantText(".brand", instance)
	b.wantText(".flash", "Welcome, "+coordinator.name)

	// A name longer than 80 characters is refused beside the name field,
	// and nothing typed is lost. The field's maxlength stops typing at 80,
	// so the long name is set as a script or an older browser would.
	long := strings.Repeat("Data Engineering ", 5) // 85 characters
	b.setValue("#name", long)
	b.typeInto("#domain_statement", statement)
	resp = b.follow(`form[action="/c/new"] button[type=submit]`)
	b.wantPage(resp, 400, "/c/new")
	if got := b.count("#name + .field-error"); got != 1 {
		b.fatalf("error messages right after #name: got %d, want 1", got)
	}
	b.wantText("#name + .field-error", "at most 80 characters")
	if got, want := b.attr("#name", "aria-describedby"), b.attr("#name + .field-error", "id"); got != want {
		b.fatalf("#name aria-describedby: got %q, want %q (the error's id)", got, want)
	}
	if got, want := b.attr("#name", "aria-invalid"), "true"; got != want {
		b.fatalf("#name aria-invalid: got %q, want %q", got, want)
	}
	if got, want := b.value("#name"), long; got != want {
		b.fatalf("#name after the error: got %q, want %q", got, want)
	}
	if got, want := b.value("#domain_statement"), statement; got != want {
		b.fatalf("#domain_statement after the error: got %q, want %q", got, want)
	}
	if got := b.count(".field-error"); got != 1 {
		b.fatalf("error messages on the page: got %d, want 1 (only the name)", got)
	}

	// 2. With a proper name, the community is created with its charter.
	b.clear("#name")
	b.typeInto("#name", name)
	b.typeInto("#purpose", purpose)
	b.typeInto("#values", "- Share early, share often\n- Credit others")
	b.typeInto("#goal1_title", goal)
	resp = b.follow(`form[action="/c/new"] button[type=submit]`)
	b.wantPage(resp, 200, home)
	if got := b.text("h1"); got != name {
		b.fatalf("community heading: got %q, want %q", got, name)
	}
	b.wantText(".community-head .lead", statement)
	b.wantText(".goals .goal-title", goal)
	b.wantText(".goals .status", "Planned")
	b.wantText(".prose", purpose)
	b.wantText(".community-head .badge-member", "coordinator")

	// 3. A colleague signs up, finds the community in the directory and joins.
	resp = b.follow(`form[action="/logout"] button[type=submit]`)
	b.wantPage(resp, 200, "/")
	b.wantText(".flash", "You are signed out")
	resp = b.follow(`.site-header a[href="/signup"]`)
	b.wantPage(resp, 200, "/signup")
	b.typeInto("#display_name", colleague.name)
	b.typeInto("#handle", colleague.handle)
	b.typeInto("#email", colleague.email)
	b.typeInto("#password", colleague.password)
	resp = b.follow(`form[action="/signup"] button[type=submit]`)
	b.wantPage(resp, 200, "/")
	b.wantText(".site-header", "Sign out")
	resp = b.follow(`.community-card a[href="` + home + `"]`)
	b.wantPage(resp, 200, home)
	resp = b.follow(`form[action="` + home + `/join"] button[type=submit]`)
	b.wantPage(resp, 200, home)
	b.wantText(".community-head .badge-member", "You are a member")
	b.wantText(".community-head .meta", "2 members")

	// 4. The coordinator signs back in and moves the goal forward.
	resp = b.follow(`form[action="/logout"] button[type=submit]`)
	b.wantPage(resp, 200, "/")
	resp = b.follow(`.site-header a[href="/login"]`)
	b.wantPage(resp, 200, "/login")
	b.typeInto("#account", coordinator.email)
	b.typeInto("#password", coordinator.password)
	resp = b.follow(`form[action="/login"] button[type=submit]`)
	b.wantPage(resp, 200, "/")
	resp = b.follow(`.community-card a[href="` + home + `"]`)
	b.wantPage(resp, 200, home)
	resp = b.follow(`nav.tabs a[href="` + home + `/edit"]`)
	b.wantPage(resp, 200, home+"/edit")
	goalForm := "#" + b.attr(`form.goal-form[id^="goal-"]`, "id")
	if got, want := b.value(goalForm+" input[name=title]"), goal; got != want {
		b.fatalf("title in %s: got %q, want %q", goalForm, got, want)
	}
	if got, want := b.value(goalForm+" select[name=status]"), "planned"; got != want {
		b.fatalf("status in %s before saving: got %q, want %q", goalForm, got, want)
	}
	b.setValue(goalForm+" select[name=status]", "in-progress")
	resp = b.follow(goalForm + " button[type=submit]:not([formaction])")
	b.wantPage(resp, 200, home+"/edit")
	b.wantText(".flash", "The goal is updated")
	if got, want := b.value(goalForm+" select[name=status]"), "in-progress"; got != want {
		b.fatalf("status in %s after saving: got %q, want %q", goalForm, got, want)
	}

	// 5. The charter's history shows the change, by the coordinator, on top.
	resp = b.follow(`nav.tabs a[href="` + home + `/charter"]`)
	b.wantPage(resp, 200, home+"/charter")
	if got, want := b.count(".revisions > .revision"), 2; got != want {
		b.fatalf("charter revisions: got %d, want %d (created, then the status change)", got, want)
	}
	newest := ".revisions > .revision:first-child"
	b.wantText(newest+" .revision-head", "Version 2")
	b.wantText(newest+" .revision-head a", coordinator.name)
	if got, want := b.attr(newest+" .revision-head a", "href"), "/u/"+coordinator.handle; got != want {
		b.fatalf("author link of the newest revision: got %q, want %q", got, want)
	}
	b.wantText(newest+" .change-field", "status")
	b.wantText(newest+" .change-field", goal)
	b.wantText(newest+" .changes del", "Planned")
	b.wantText(newest+" .changes ins", "In progress")
	b.wantText(".revisions > .revision:last-child .changes", "Charter created")

	// The colleague is among the community's people.
	resp = b.follow(`nav.tabs a[href="` + home + `/people"]`)
	b.wantPage(resp, 200, home+"/people")
	if got, want := b.count(`.people .person a.person-name[href="/u/`+colleague.handle+`"]`), 1; got != want {
		b.fatalf("links to %s among the people: got %d, want %d", colleague.handle, got, want)
	}
	b.wantText(`.people .person a.person-name[href="/u/`+colleague.handle+`"]`, colleague.name)
	b.wantText("#members-h", "2 members")
}
