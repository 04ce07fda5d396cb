package praxis

import (
	"context"
	"time"
)

// How a flag was resolved.
const (
	ResolutionHidden    = "hidden"    // a coordinator hid the post
	ResolutionKept      = "kept"      // a coordinator restored the hidden post
	ResolutionDismissed = "dismissed" // a coordinator found nothing wrong
)

// Moderation actions, as the moderation log records them.
const (
	ModPin     = "pin"
	ModUnpin   = "unpin"
	ModLock    = "lock"
	ModUnlock  = "unlock"
	ModClose   = "close"
	ModReopen  = "reopen"
	ModMoveOut = "move-out"
	ModMoveIn  = "move-in"
	ModDelete  = "delete" // a coordinator deleted someone else's post
	ModHide    = "hide"
	ModRestore = "restore"
	ModDismiss = "dismiss"
	// ModDuplicate marks a question as a duplicate of another;
	// ModNotDuplicate removes the mark.
	ModDuplicate    = "duplicate"
	ModNotDuplicate = "not-duplicate"
)

// ModerationActions names each action for the log page.
var ModerationActions = []Choice{
	{ModPin, "pinned a conversation", ""},
	{ModUnpin, "unpinned a conversation", ""},
	{ModLock, "locked a conversation", ""},
	{ModUnlock, "unlocked a conversation", ""},
	{ModClose, "closed a conversation", ""},
	{ModReopen, "reopened a conversation", ""},
	{ModMoveOut, "moved a conversation out", ""},
	{ModMoveIn, "moved a conversation in", ""},
	{ModDelete, "deleted a post", ""},
	{ModHide, "hid a post", ""},
	{ModRestore, "restored a hidden post", ""},
	{ModDismiss, "dismissed the flags on a post", ""},
	{ModDuplicate, "marked a question as a duplicate", ""},
	{ModNotDuplicate, "unmarked a duplicate question", ""},
}

// MaxFlagList is the most flags one call to Flags returns.
const MaxFlagList = 200

// Flag is a member's report that a post needs a coordinator's attention.
// Only the community's moderators see flags, and who made them.
type Flag struct {
	ID            int64     `json:"id"`
	CommunitySlug string    `json:"community"`
	PostID        int64     `json:"post_id"`
	ThreadID      int64     `json:"thread_id"`
	ThreadTitle   string    `json:"thread_title"`
	PostAuthor    PersonRef `json:"post_author"`
	// Excerpt is the start of the post in plain text; empty once deleted.
	Excerpt     string     `json:"excerpt"`
	PostHidden  bool       `json:"post_hidden"`
	PostDeleted bool       `json:"post_deleted"`
	FlaggedBy   PersonRef  `json:"flagged_by"`
	Reason      string     `json:"reason"`
	CreatedAt   time.Time  `json:"created_at"`
	ResolvedAt  *time.Time `json:"resolved_at,omitempty"`
	ResolvedBy  *PersonRef `json:"resolved_by,omitempty"`
	Resolution  string     `json:"resolution,omitempty"` // hidden, kept or dismissed
}

// Open reports whether no coordinator has resolved the flag yet.
func (f *Flag) Open() bool { return f.ResolvedAt == nil }

// ModerationEntry is one line of a community's moderation log.
type ModerationEntry struct {
	ID     int64     `json:"id"`
	Actor  PersonRef `json:"actor"`
	Action string    `json:"action"`
	// ThreadID and PostID are zero when the action concerned neither.
	ThreadID int64 `json:"thread_id,omitempty"`
	// ThreadTitle is empty when the thread has left the community since.
	ThreadTitle string    `json:"thread_title,omitempty"`
	PostID      int64     `json:"post_id,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// ActionLabel describes the action in words, for the log page.
func (e *ModerationEntry) ActionLabel() string { return ChoiceLabel(ModerationActions, e.Action) }

// ValidateFlagReason checks the reason given for a flag (required) or for
// hiding a post (optional).
func ValidateFlagReason(v *Validation, reason string, required bool) {
	ValidateText(v, "reason", "The reason", reason, MaxFlagReasonLen, required)
}

// ModerationService is how members report posts and coordinators act on
// the reports. Every method takes the acting user and asks the policy: a
// community one may not see is ENOTFOUND, and so is a post in it.
type ModerationService interface {
	// FlagPost reports a post to the community's coordinators, with a
	// reason. Members who may participate flag others' posts, once each.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not a member, one's own
	// post), EINVALID (reason missing or too long, post deleted), ECONFLICT
	// (flagged already).
	FlagPost(ctx context.Context, actor *User, postID int64, reason string) (*Flag, error)
	// Flags is the coordinators' queue: a community's flags, newest first,
	// only the unresolved ones when open is true, at most MaxFlagList.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not a moderator).
	Flags(ctx context.Context, actor *User, slug string, open bool) ([]*Flag, error)
	// HidePost hides a post from everyone but its author and the
	// moderators, and resolves its open flags as "hidden". Hiding a hidden
	// post only resolves flags made since. Errors: EUNAUTHORIZED,
	// ENOTFOUND, EFORBIDDEN, EINVALID (reason too long, post deleted).
	HidePost(ctx context.Context, actor *User, postID int64, reason string) (*Post, error)
	// RestorePost shows a hidden post again and resolves its open flags as
	// "kept"; restoring a visible post changes nothing. Errors:
	// EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN.
	RestorePost(ctx context.Context, actor *User, postID int64) (*Post, error)
	// DismissFlags resolves a post's open flags as "dismissed", leaving the
	// post as it is; with none open it changes nothing. Errors:
	// EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN.
	DismissFlags(ctx context.Context, actor *User, postID int64) error
	// ModerationLog lists a community's moderation actions, newest first:
	// limit 1 to 200, 50 when out of range. Errors: EUNAUTHORIZED,
	// ENOTFOUND, EFORBIDDEN (not a moderator).
	ModerationLog(ctx context.Context, actor *User, slug string, limit int) ([]*ModerationEntry, error)
}
