package praxis

import (
	"context"
	"time"
)

// Rendered is a post's markdown turned into safe HTML at write time, with
// what it refers to.
type Rendered struct {
	HTML       string
	Text       string   // plain text, for excerpts and search
	Mentions   []string // handles mentioned as @handle, outside code
	ThreadRefs []int64  // ids of threads linked as /c/{slug}/t/{id}
}

// Renderer renders members' markdown. Storage calls it when a post is
// written, so that pages serve stored HTML.
type Renderer interface {
	Render(src string) Rendered
}

// Follow targets.
const (
	FollowCommunity = "community"
	FollowTopic     = "topic"
	FollowThread    = "thread"
)

// Notification kinds.
const (
	NotifyReply     = "reply"           // a reply in a thread one follows
	NotifyAnswer    = "answer"          // an answer to one's question
	NotifyMention   = "mention"         // one was mentioned as @handle
	NotifyAccepted  = "accepted"        // one's answer was accepted
	NotifyNewThread = "new-thread"      // a new thread in a followed community or topic
	NotifyReminder  = "event-reminder"  // an event one is going to starts soon
	NotifyPromoted  = "event-promoted"  // a place opened up: off the waitlist
	NotifyCancelled = "event-cancelled" // an event one was going to is cancelled
	NotifyInvited   = "event-invited"   // invited to an invitation-only event
)

// MaxUnread is the most unread notifications counted one by one; beyond it
// a count says only "more than MaxUnread", as badges show "99+". Each
// notification counted is checked against what its reader may still see,
// so the cap bounds what every signed-in page pays for the count.
const MaxUnread = 99

// Notification tells a member that something happened that concerns them.
// Rows are written in the transaction of the event; the in-app list reads
// them, and later channels (e-mail, digests) consume the same rows.
type Notification struct {
	ID            int64      `json:"id"`
	Kind          string     `json:"kind"`
	Actor         PersonRef  `json:"actor"`
	CommunitySlug string     `json:"community"`
	CommunityName string     `json:"community_name"`
	ThreadID      int64      `json:"thread_id"` // 0 for a notification about an event
	ThreadTitle   string     `json:"thread_title"`
	PostID        int64      `json:"post_id,omitempty"`
	OccurrenceID  int64      `json:"occurrence_id,omitempty"` // the occurrence of an event (reminders, waitlist, cancellations, invitations)
	EventTitle    string     `json:"event_title,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	ReadAt        *time.Time `json:"read_at,omitempty"`
}

// NotificationService lists and marks notifications and manages follows.
type NotificationService interface {
	// Notifications lists actor's notifications, newest first, only for
	// what actor may still see. Errors: EUNAUTHORIZED.
	Notifications(ctx context.Context, actor *User, unreadOnly bool, limit int) ([]*Notification, error)
	// OpenNotification returns one of actor's notifications and marks it
	// read. Errors: EUNAUTHORIZED, ENOTFOUND (not actor's, or no longer
	// visible).
	OpenNotification(ctx context.Context, actor *User, id int64) (*Notification, error)
	// UnreadCount counts actor's unread notifications by the rule of
	// Notifications, up to MaxUnread+1, which stands for more than
	// MaxUnread. Errors: EUNAUTHORIZED.
	UnreadCount(ctx context.Context, actor *User) (int, error)
	// MarkRead marks the given notifications (all when ids is empty) read.
	// Errors: EUNAUTHORIZED.
	MarkRead(ctx context.Context, actor *User, ids []int64) error
	// Follow starts or stops following a community (by slug), a topic
	// ("slug/topic") or a thread (its id as text).
	// Errors: EUNAUTHORIZED, ENOTFOUND, EINVALID.
	Follow(ctx context.Context, actor *User, targetType, target string, follow bool) error
	// Following reports whether actor follows the target.
	Following(ctx context.Context, actor *User, targetType, target string) (bool, error)
}
