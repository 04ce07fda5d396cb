package sqlstore_test

import (
	"context"
	"fmt"
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
