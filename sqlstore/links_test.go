package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"praxis"
	"praxis/sqlstore"
	"praxis/sqlstore/sqltest"
)

// TestLinkedFrom checks that a thread page lists the threads linking to it,
// and never a linking thread the viewer may not see.
func TestLinkedFrom(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := context.Background()
		s := newConversationCast(t, db)
		target := startThread(t, db, s.bob, s.garden.Slug, praxis.KindQuestion, "Which sensor for damp soil?")
		link := fmt.Sprintf("See /c/%s/t/%d for the sensor.", s.garden.Slug, target.ID)
		public := startThread(t, db, s.carol, s.garden.Slug, praxis.KindDiscussion, "Our sensor shopping list")
		addReply(t, db, s.dave, public.ID, link)
		secret, err := db.CreateThread(ctx, s.bob, s.vault.Slug, threadInput(praxis.KindDiscussion, "Budget for sensors (private)", link))
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			viewer *praxis.User
			want   []int64
		}{
			{"anonymous", nil, []int64{public.ID}},
			{"outsider of the private community", s.frank, []int64{public.ID}},
			{"member of the private community", s.bob, []int64{secret.ID, public.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tp := threadPage(t, db, tt.viewer, target.ID)
				var got []int64
				for _, lt := range tp.LinkedFrom {
					got = append(got, lt.ID)
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("LinkedFrom = %v; want %v", got, tt.want)
				}
			})
		}
	})
}

// TestActivityHidesWhatIsNoLongerVisible checks that the feed does not keep
// the titles of deleted or moved threads, or of drafts.
func TestActivityHidesWhatIsNoLongerVisible(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := context.Background()
		s := newConversationCast(t, db)
		gone := startThread(t, db, s.bob, s.garden.Slug, praxis.KindDiscussion, "A thread to be deleted")
		tp := threadPage(t, db, s.bob, gone.ID)
		if err := db.DeletePost(ctx, s.bob, tp.Opening.ID); err != nil {
			t.Fatal(err)
		}
		moved := startThread(t, db, s.bob, s.garden.Slug, praxis.KindDiscussion, "A thread moved to the vault")
		if _, err := db.MoveThread(ctx, s.alice, moved.ID, s.vault.Slug); err != nil {
			t.Fatal(err)
		}
		kind, title, body := praxis.ArticleGuide, "A draft nobody else sees", "Work in progress."
		if _, err := db.CreateArticle(ctx, s.bob, s.garden.Slug, praxis.ArticleInput{Kind: &kind, Title: &title, Body: &body}); err != nil {
			t.Fatal(err)
		}
		kept := startThread(t, db, s.carol, s.garden.Slug, praxis.KindQuestion, "A thread that stays")
		acts, err := db.Activity(ctx, s.frank, s.garden.Slug, 100)
		if err != nil {
			t.Fatal(err)
		}
		var summaries []string
		for _, a := range acts {
			summaries = append(summaries, a.Summary)
		}
		got := fmt.Sprint(summaries)
		for _, hidden := range []string{gone.Title, moved.Title, title} {
			if strings.Contains(got, hidden) {
				t.Errorf("Activity summaries = %v; want no %q", summaries, hidden)
			}
		}
		if !strings.Contains(got, kept.Title) {
			t.Errorf("Activity summaries = %v; want %q", summaries, kept.Title)
		}
	})
}

// TestReviewMonths checks the community's review period: validated, saved
// without a charter revision, and used as the default review-by date.
func TestReviewMonths(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB, clock *sqltest.Clock) {
		ctx := context.Background()
		s := newConversationCast(t, db)
		bad := 0
		_, err := db.UpdateCommunity(ctx, s.alice, s.garden.Slug, praxis.CommunityInput{ReviewMonths: &bad})
		if praxis.ErrorCode(err) != praxis.EINVALID || praxis.ErrorFields(err)["review_months"] == "" {
			t.Fatalf("UpdateCommunity(review_months 0) err = %v; want EINVALID on review_months", err)
		}
		six := 6
		c, err := db.UpdateCommunity(ctx, s.alice, s.garden.Slug, praxis.CommunityInput{ReviewMonths: &six})
		if err != nil || c.ReviewMonths != 6 {
			t.Fatalf("UpdateCommunity(review_months 6) = %+v, %v; want 6", c, err)
		}
		if c.CharterVersion != s.garden.CharterVersion {
			t.Errorf("charter version = %d after changing the review period; want %d (no revision)", c.CharterVersion, s.garden.CharterVersion)
		}
		kind, title, body := praxis.ArticleGuide, "Watering in a dry spell", "Early morning, at the roots."
		a, err := db.CreateArticle(ctx, s.bob, s.garden.Slug, praxis.ArticleInput{Kind: &kind, Title: &title, Body: &body})
		if err != nil {
			t.Fatal(err)
		}
		a, err = db.Publish(ctx, s.bob, a.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if want := clock.T.AddDate(0, 6, 0).Format("2006-01-02"); a.ReviewBy != want {
			t.Errorf("review_by = %q; want %q (six months)", a.ReviewBy, want)
		}
	})
}
