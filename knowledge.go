package praxis

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Article kinds: what a piece of the shared repertoire is.
const (
	ArticleGuide     = "guide"     // how to do something
	ArticleLesson    = "lesson"    // a lesson learned
	ArticleCase      = "case"      // a case or story
	ArticleAsset     = "asset"     // a reusable template, tool or proposal, often with attachments
	ArticleFAQ       = "faq"       // a question that keeps coming back, answered once
	ArticleReference = "reference" // facts to look up
)

// ArticleKinds lists the kinds in display order.
var ArticleKinds = []Choice{
	{ArticleGuide, "Guide", "How to do something, step by step."},
	{ArticleLesson, "Lesson learned", "What happened, what we learned, what we would do differently."},
	{ArticleCase, "Case or story", "A situation told in full, so others can recognize theirs."},
	{ArticleAsset, "Reusable asset", "A template, tool or proposal to copy and adapt, with its files."},
	{ArticleFAQ, "FAQ", "A question the community answers once and for all."},
	{ArticleReference, "Reference", "Facts, figures and links to look up."},
}

// Article statuses. "Needs review" is not stored: a published article whose
// review-by date has passed needs review (see Article.NeedsReview).
const (
	ArticleDraft     = "draft"
	ArticleInReview  = "in-review"
	ArticlePublished = "published"
	ArticleArchived  = "archived"
)

// Limits on articles.
const (
	MaxArticleTitleLen  = 200
	MaxStewards         = 5
	DefaultReviewMonths = 12
	MaxReviewMonths     = 60
	MaxReuseNoteLen     = 500
	MaxCollectionItems  = 100
	MaxReviewCommentLen = 5000
)

// Article is a piece of a community's knowledge base.
type Article struct {
	ID            int64       `json:"id"`
	CommunityID   int64       `json:"-"`
	CommunitySlug string      `json:"community"`
	Kind          string      `json:"kind"`
	Title         string      `json:"title"`
	Source        string      `json:"source,omitempty"` // markdown
	HTML          string      `json:"html,omitempty"`
	Excerpt       string      `json:"excerpt"`
	Status        string      `json:"status"`
	Topics        []string    `json:"topics"`
	Authors       []PersonRef `json:"authors"`
	Stewards      []PersonRef `json:"stewards"`
	Verified      bool        `json:"verified"`
	VerifiedBy    *PersonRef  `json:"verified_by,omitempty"`
	ReviewBy      string      `json:"review_by,omitempty"` // YYYY-MM-DD, for published articles
	Revision      int         `json:"revision"`
	ReuseCount    int         `json:"reuse_count"`
	SourceThreads []int64     `json:"source_threads"`        // threads it was written from
	CopiedFrom    *ArticleRef `json:"copied_from,omitempty"` // attribution of an adapted copy
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
	PublishedAt   *time.Time  `json:"published_at,omitempty"`
	ExternalID    string      `json:"external_id,omitempty"`
}

// ArticleRef names an article in another place, for attribution and links.
type ArticleRef struct {
	ID            int64  `json:"id"`
	CommunitySlug string `json:"community"`
	Title         string `json:"title"`
	// Visible is false when the viewer may not open it; the title is then empty.
	Visible bool `json:"visible"`
}

// NeedsReview reports whether a published article is past its review-by date on day.
func (a *Article) NeedsReview(day time.Time) bool {
	return a.Status == ArticlePublished && a.ReviewBy != "" && a.ReviewBy < day.Format("2006-01-02")
}

// Path is the article's URL.
func (a *Article) Path() string {
	return "/c/" + a.CommunitySlug + "/kb/" + itoa(int(a.ID))
}

// ArticleInput is a new article or a change to one; nil fields stay.
type ArticleInput struct {
	Kind     *string  `json:"kind"`
	Title    *string  `json:"title"`
	Body     *string  `json:"body"`
	Topics   []string `json:"topics"`
	Stewards []string `json:"stewards"`  // handles of active members
	ReviewBy *string  `json:"review_by"` // YYYY-MM-DD, must be in the future
	Summary  string   `json:"summary"`   // what this edit changed
}

// Validate checks the fields that are present. today is the day the
// review-by date must be after.
func (in *ArticleInput) Validate(creating bool, today time.Time) error {
	var v Validation
	if creating || in.Kind != nil {
		if in.Kind == nil || !validChoice(ArticleKinds, *in.Kind) {
			v.Add("kind", "Choose what kind of article this is.")
		}
	}
	if creating || in.Title != nil {
		title := ""
		if in.Title != nil {
			title = strings.TrimSpace(*in.Title)
		}
		ValidateText(&v, "title", "The title", title, MaxArticleTitleLen, true)
	}
	if creating || in.Body != nil {
		ValidateBody(&v, "body", in.Body)
	}
	if len(in.Topics) > MaxTopicsPerPost {
		v.Add("topics", "Choose at most 5 topics.")
	}
	if len(in.Stewards) > MaxStewards {
		v.Add("stewards", "Name at most 5 stewards.")
	}
	if in.ReviewBy != nil && *in.ReviewBy != "" {
		d, err := time.Parse("2006-01-02", *in.ReviewBy)
		switch {
		case err != nil:
			v.Add("review_by", "Enter the review-by date as YYYY-MM-DD.")
		case !d.After(today):
			v.Add("review_by", "The review-by date must be in the future.")
		}
	}
	ValidateText(&v, "summary", "The summary", in.Summary, MaxEditSummaryLen, false)
	if in.Title != nil && utf8.RuneCountInString(strings.TrimSpace(*in.Title)) < 3 && strings.TrimSpace(*in.Title) != "" {
		v.Add("title", "Make the title a little longer.")
	}
	return v.Err()
}

// ArticleRevision is one saved state of an article.
type ArticleRevision struct {
	Number    int       `json:"number"`
	Author    PersonRef `json:"author"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	Summary   string    `json:"summary"`
	CreatedAt time.Time `json:"created_at"`
}

// Review states.
const (
	ReviewRequested = "requested"
	ReviewApproved  = "approved"
	ReviewChanges   = "changes-requested"
)

// Review is a member's review of a draft shared for review.
type Review struct {
	Reviewer  PersonRef `json:"reviewer"`
	State     string    `json:"state"`
	Comment   string    `json:"comment"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Reuse is a member's "I used this", evidence of applied value.
type Reuse struct {
	Member    PersonRef `json:"member"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// ArticleFilter selects articles of a community.
type ArticleFilter struct {
	Kind   string
	Status string // draft, in-review, published, archived, needs-review; empty: published
	Topic  string
	Mine   bool // authored or stewarded by the viewer
	Cursor string
	Limit  int
}

// ArticleList is one page of articles.
type ArticleList struct {
	Articles   []*Article `json:"items"`
	NextCursor string     `json:"next_cursor,omitempty"`
	Total      int        `json:"total"`
}

// ArticlePage is an article with what its page shows.
type ArticlePage struct {
	Article   *Article
	Community *Community
	Perm      Permissions
	Reviews   []*Review
	Reuses    []*Reuse
	Copies    []*ArticleRef // adapted copies, as far as the viewer may see
	CanEdit   bool          // an author, a steward, or a coordinator
	CanReview bool          // a reviewer asked for it
	UsedByMe  bool
}

// Collection is an ordered, curated list of articles and threads.
type Collection struct {
	ID          int64            `json:"id"`
	Title       string           `json:"title"`
	Description string           `json:"description"`
	StartHere   bool             `json:"start_here"` // shown to newcomers on the community page
	Items       []CollectionItem `json:"items"`
}

// CollectionItem is an article or a thread in a collection.
type CollectionItem struct {
	ArticleID int64  `json:"article_id,omitempty"`
	ThreadID  int64  `json:"thread_id,omitempty"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Note      string `json:"note"`
}

// KnowledgeService manages a community's knowledge base. Every method
// takes the acting user (nil when anonymous) and asks the policy; drafts
// are visible to their authors, stewards, reviewers and coordinators only.
type KnowledgeService interface {
	// Articles lists articles. Errors: ENOTFOUND, EINVALID, EUNAUTHORIZED
	// (Mine without a viewer).
	Articles(ctx context.Context, actor *User, slug string, f ArticleFilter) (*ArticleList, error)
	// CreateArticle writes a draft; the actor is its author and first
	// steward. Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID.
	CreateArticle(ctx context.Context, actor *User, slug string, in ArticleInput) (*Article, error)
	// ArticleFromThread drafts an article from a solved thread: the
	// question and its accepted and most helpful answers, crediting their
	// authors and linking both ways. Errors: EUNAUTHORIZED, ENOTFOUND,
	// EFORBIDDEN, EINVALID.
	ArticleFromThread(ctx context.Context, actor *User, threadID int64) (*Article, error)
	// ArticlePage returns an article with its reviews, reuses and copies.
	// Errors: ENOTFOUND.
	ArticlePage(ctx context.Context, actor *User, articleID int64) (*ArticlePage, error)
	// UpdateArticle edits an article, keeping a revision. Errors:
	// EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID, ECONFLICT (archived).
	UpdateArticle(ctx context.Context, actor *User, articleID int64, in ArticleInput) (*Article, error)
	// RequestReview shares a draft with chosen members for review.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID (not members),
	// ECONFLICT (not a draft).
	RequestReview(ctx context.Context, actor *User, articleID int64, reviewers []string) error
	// ReviewArticle approves or asks for changes, with a comment.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not asked), EINVALID,
	// ECONFLICT (no longer in review).
	ReviewArticle(ctx context.Context, actor *User, articleID int64, state, comment string) error
	// Publish publishes a draft or reviewed article; it needs at least one
	// steward and sets the review-by date (default from the community).
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID (no steward,
	// review-by date), ECONFLICT (published already).
	Publish(ctx context.Context, actor *User, articleID int64, reviewBy string) (*Article, error)
	// ConfirmReview is a steward's "still right": a new review-by date.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID, ECONFLICT
	// (not published).
	ConfirmReview(ctx context.Context, actor *User, articleID int64, reviewBy string) (*Article, error)
	// Archive retires an article. Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN.
	Archive(ctx context.Context, actor *User, articleID int64) error
	// Verify marks an article verified (core members and coordinators);
	// verified=false removes the mark. Errors: EUNAUTHORIZED, ENOTFOUND,
	// EFORBIDDEN, ECONFLICT (verifying an unpublished article).
	Verify(ctx context.Context, actor *User, articleID int64, verified bool) error
	// ArticleRevisions lists revisions, newest first. Errors: ENOTFOUND.
	ArticleRevisions(ctx context.Context, actor *User, articleID int64) ([]*ArticleRevision, error)
	// RestoreRevision makes an old revision current, as a new revision.
	// Errors: EUNAUTHORIZED, ENOTFOUND (also a revision of another article),
	// EFORBIDDEN, ECONFLICT (archived).
	RestoreRevision(ctx context.Context, actor *User, articleID int64, number int) (*Article, error)
	// RecordReuse is "I used this", once per member, with an optional note.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, ECONFLICT, EINVALID.
	RecordReuse(ctx context.Context, actor *User, articleID int64, note string) error
	// AdaptCopy copies an article as a draft into a community (or the same
	// one), with attribution kept and attachments carried over.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, ECONFLICT (a draft).
	AdaptCopy(ctx context.Context, actor *User, articleID int64, toSlug string) (*Article, error)
	// StewardQueue lists published articles needing review that actor
	// stewards, or all of a community's for its coordinators (slug set).
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN.
	StewardQueue(ctx context.Context, actor *User, slug string) ([]*Article, error)
	// Collections lists a community's collections. Errors: ENOTFOUND.
	Collections(ctx context.Context, actor *User, slug string) ([]*Collection, error)
	// SaveCollection creates or replaces a collection (coordinators and
	// core members). Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID.
	SaveCollection(ctx context.Context, actor *User, slug string, c Collection) (*Collection, error)
	// DeleteCollection removes a collection. Errors: EUNAUTHORIZED, ENOTFOUND,
	// EFORBIDDEN.
	DeleteCollection(ctx context.Context, actor *User, slug string, id int64) error
	// ArticlesFromThread lists the articles written from a thread that
	// actor may see. Errors: ENOTFOUND.
	ArticlesFromThread(ctx context.Context, actor *User, threadID int64) ([]*ArticleRef, error)
}
