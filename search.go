package praxis

import (
	"context"
	"time"
)

// Kinds of search results.
const (
	SearchThread    = "thread"
	SearchArticle   = "article"
	SearchEvent     = "event"
	SearchMember    = "member"
	SearchCommunity = "community"
)

// SearchKinds lists the kinds in display order.
var SearchKinds = []Choice{
	{SearchThread, "Threads", "Questions, discussions and announcements, with their replies."},
	{SearchArticle, "Articles", "The knowledge base: guides, decisions, patterns and references."},
	{SearchEvent, "Events", "Meetings, clinics, visits and other events."},
	{SearchMember, "Members", "People, by name, title, organization and expertise."},
	{SearchCommunity, "Communities", "Communities by name, domain and purpose."},
}

// Search limits.
const (
	MaxSearchQueryLen  = 500 // characters; longer queries are cut, not refused
	MaxSearchTerms     = 32  // words, phrases and exclusions kept from a query
	SearchPageSize     = 20
	MaxSearchPageSize  = 50
	MaxSearchPages     = 50   // deeper pages are not served
	SearchCountCap     = 1000 // Total stops counting here (TotalCapped)
	DefaultSimilar     = 5
	MaxSimilar         = 20
	MaxSimilarDraftLen = 20000 // characters of title+body considered
	DefaultExperts     = 5
	MaxExperts         = 20
	MaxExpertEvidence  = 3 // answers and articles shown for each expert
)

// Sort orders of search results (also SortNewest).
const (
	SortRelevance = "relevance"
	SortOldest    = "oldest"
)

// SearchQuery is what someone searches for. Q uses the syntax people expect:
// words (all must match), "an exact phrase", -excluded words or phrases,
// and OR between alternatives. Filters narrow the results; empty means any.
type SearchQuery struct {
	Q         string `json:"q"`
	Community string `json:"community,omitempty"` // slug
	Kind      string `json:"kind,omitempty"`      // one of the Search* kinds
	Topic     string `json:"topic,omitempty"`     // topic name (threads and articles)
	Author    string `json:"author,omitempty"`    // handle
	Status    string `json:"status,omitempty"`    // thread status, or article status
	From      string `json:"from,omitempty"`      // YYYY-MM-DD, created on or after
	To        string `json:"to,omitempty"`        // YYYY-MM-DD, created on or before
	Sort      string `json:"sort,omitempty"`      // relevance (default), newest, oldest
	Page      int    `json:"page,omitempty"`      // 1-based
	PerPage   int    `json:"per_page,omitempty"`  // default SearchPageSize
}

// SearchHit is one result. Snippet is HTML: the matching passage, escaped,
// with the matched words in <mark> elements and nothing else.
type SearchHit struct {
	Kind       string    `json:"kind"`
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	Snippet    string    `json:"snippet"`
	Community  string    `json:"community,omitempty"` // slug
	CommName   string    `json:"community_name,omitempty"`
	Author     PersonRef `json:"author,omitzero"`
	Status     string    `json:"status,omitempty"`
	Topics     []string  `json:"topics,omitempty"`
	ReplyCount int       `json:"reply_count,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Score      float64   `json:"score"`
}

// SearchResult is a page of results.
type SearchResult struct {
	Query   SearchQuery  `json:"query"`
	Hits    []*SearchHit `json:"hits"`
	Total   int          `json:"total"`
	Capped  bool         `json:"total_capped"` // there are more than Total
	Page    int          `json:"page"`
	PerPage int          `json:"per_page"`
	// Notice explains a query that could not be used as typed (only
	// exclusions, nothing searchable), for the page to show.
	Notice string `json:"notice,omitempty"`
}

// HasNext reports whether another page follows.
func (r *SearchResult) HasNext() bool {
	return r.Page*r.PerPage < r.Total && r.Page < MaxSearchPages
}

// SimilarQuery is a draft question, for the questions and articles that may
// already answer it.
type SimilarQuery struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Limit int    `json:"limit"`
	// ExcludeThread leaves one thread out (the thread being viewed).
	ExcludeThread int64 `json:"-"`
	// Before keeps only what was created before this time (evaluations
	// replay history: the original existed when the duplicate was asked).
	Before time.Time `json:"-"`
	// Ranking selects the ranking: "" is the product's; "baseline" is plain
	// BM25 on titles only, the yardstick of the duplicates evaluation.
	Ranking string `json:"-"`
}

// SimilarHit is a question or article like a draft, best first.
type SimilarHit struct {
	Kind       string    `json:"kind"` // thread or article
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	Community  string    `json:"community"`
	Status     string    `json:"status"` // for threads: open, solved, closed
	Solved     bool      `json:"solved"`
	ReplyCount int       `json:"reply_count"`
	Excerpt    string    `json:"excerpt,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Score      float64   `json:"score"`
}

// Expert is a member of a community placed to answer a draft question:
// someone who answered the questions most like it, or wrote the articles
// that may answer it. Score sums what each piece of evidence is worth:
// how alike its question or article is, more for an accepted answer and
// for the votes an answer got.
type Expert struct {
	Person   PersonRef `json:"person"`
	Score    float64   `json:"score"`
	Answers  int       `json:"answers"`  // answers to questions like the draft
	Accepted int       `json:"accepted"` // of them, accepted
	Articles int       `json:"articles"` // articles like the draft they wrote
	// Evidence is the strongest of it, best first, at most
	// MaxExpertEvidence.
	Evidence []*ExpertEvidence `json:"evidence"`
}

// ExpertEvidence is one answer or article that makes someone an expert.
type ExpertEvidence struct {
	Kind     string  `json:"kind"` // answer or article
	Title    string  `json:"title"`
	URL      string  `json:"url"`
	Accepted bool    `json:"accepted"` // an accepted answer
	Votes    int     `json:"votes"`    // helpful votes of an answer
	Score    float64 `json:"score"`    // what it adds to the expert's score
}

// QuestionCluster is a group of questions that look alike and that no
// article answers yet: something to write down once and for all.
type QuestionCluster struct {
	Threads []*SimilarHit `json:"threads"` // the most asked-about first
	Terms   []string      `json:"terms"`   // the words they share
	Solved  int           `json:"solved"`  // how many have an accepted answer
	Replies int           `json:"replies"`
}

// SearchService finds what the community already knows. Every method
// applies the viewer's visibility inside its query: what one may not see
// is never counted, ranked or quoted.
type SearchService interface {
	// Search runs a query over everything the actor may see. Errors:
	// EINVALID (unknown kind, status, sort or malformed date), ENOTFOUND
	// (community filter one may not see).
	Search(ctx context.Context, actor *User, q SearchQuery) (*SearchResult, error)
	// Similar returns the questions and articles of a community most like
	// a draft, best first, with scores; duplicates fold into their
	// originals. Errors: ENOTFOUND.
	Similar(ctx context.Context, actor *User, slug string, q SimilarQuery) ([]*SimilarHit, error)
	// Experts returns the active members of a community best placed to
	// answer a draft (q.Limit of them, DefaultExperts by default, at most
	// MaxExperts), best first, with the evidence; the asker is left out.
	// Errors: ENOTFOUND.
	Experts(ctx context.Context, actor *User, slug string, q SimilarQuery) ([]*Expert, error)
	// Related returns threads and articles like a thread. Errors: ENOTFOUND.
	Related(ctx context.Context, actor *User, threadID int64, limit int) ([]*SimilarHit, error)
	// MarkDuplicate marks a question as a duplicate of another question in
	// the same community (originalID 0 unmarks it); coordinators only.
	// Errors: ENOTFOUND, EFORBIDDEN, EINVALID (not a question, itself, a
	// chain or another community).
	MarkDuplicate(ctx context.Context, actor *User, threadID, originalID int64) (*Thread, error)
	// RecurringQuestions lists clusters of look-alike questions that no
	// article answers; coordinators only. Errors: ENOTFOUND, EFORBIDDEN.
	RecurringQuestions(ctx context.Context, actor *User, slug string) ([]*QuestionCluster, error)
	// Reindex rebuilds every search document from the live tables, in
	// batches, reporting progress. It is for repairs and upgrades; writes
	// keep the index up to date in their own transactions.
	Reindex(ctx context.Context, progress func(done, total int)) error
}
