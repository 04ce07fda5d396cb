package praxis

import (
	"context"
	"time"
)

// Activity verbs. The activity log is append-only; participation levels,
// health and value are computed from it, so every meaningful action of a
// member is recorded with its original time.
const (
	VerbJoined         = "joined"
	VerbLeft           = "left"
	VerbRequestedJoin  = "requested-join"
	VerbInvited        = "invited"
	VerbApproved       = "approved"
	VerbRoleChanged    = "role-changed"
	VerbRemoved        = "removed"
	VerbCreated        = "created"
	VerbCharterEdited  = "charter-edited"
	VerbGoalAdded      = "goal-added"
	VerbGoalUpdated    = "goal-updated"
	VerbGoalRemoved    = "goal-removed"
	VerbSignedUp       = "signed-up"
	VerbProfileUpdated = "profile-updated"
	VerbPosted         = "posted"
	VerbAnswered       = "answered"
	VerbReplied        = "replied"
	VerbAccepted       = "accepted"
	VerbVoted          = "voted"
	VerbEdited         = "edited"
	VerbAttended       = "attended"
	// The knowledge base.
	VerbArticleDrafted   = "article-drafted"
	VerbArticleEdited    = "article-edited"
	VerbReviewRequested  = "review-requested"
	VerbReviewed         = "reviewed"
	VerbArticlePublished = "article-published"
	VerbReviewConfirmed  = "review-confirmed"
	VerbArticleArchived  = "article-archived"
	VerbArticleVerified  = "article-verified"
	VerbReused           = "reused"
	VerbAdapted          = "adapted"
	// Events.
	VerbEventScheduled = "event-scheduled"
	VerbRSVPed         = "rsvped"
	VerbHarvested      = "harvested"
	VerbVisitRequested = "visit-requested"
)

// Activity is one entry of the activity log.
type Activity struct {
	ID          int64     `json:"id"`
	CommunityID int64     `json:"-"`
	ActorID     int64     `json:"-"`
	ActorHandle string    `json:"actor"`
	ActorName   string    `json:"actor_name"`
	Verb        string    `json:"verb"`
	ObjectType  string    `json:"object_type"`
	ObjectID    int64     `json:"object_id"`
	Summary     string    `json:"summary"`
	CreatedAt   time.Time `json:"created_at"`
}

// ActivityLog appends to the log. Services record their own actions in the
// same transaction as the change; this entry point is for importers and the
// demo, which bring history with its original times.
type ActivityLog interface {
	AppendActivity(ctx context.Context, entries []Activity) error
}
