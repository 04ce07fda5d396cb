// Package bench measures Praxis at scale. praxis bench seed generates an
// organization of a named size (Sizes); the targets file (Targets) tells
// praxis bench load what to ask the server for; Run is the load driver: a
// closed loop of concurrent keep-alive requests per target, reporting
// requests per second, latency percentiles, errors and the server's memory.
package bench

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Size is a named size of generated organization.
type Size struct {
	Name        string
	Users       int
	Communities int
	Posts       int
}

// Sizes are the sizes praxis bench seed knows. large is the scale the
// targets in docs/BENCHMARKS.md are set for.
var Sizes = []Size{
	{"small", 250, 10, 6_000},
	{"medium", 10_000, 50, 150_000},
	{"large", 100_000, 200, 1_000_000},
}

// SizeNamed returns the size called name.
func SizeNamed(name string) (Size, error) {
	for _, s := range Sizes {
		if s.Name == name {
			return s, nil
		}
	}
	return Size{}, fmt.Errorf("unknown size %q: use small, medium or large", name)
}

// Password is the password of every generated account. It is published
// here on purpose: a bench database is for measurements only.
const Password = "praxis-bench-password"

// Account is a generated account the load test may sign in with.
type Account struct {
	Handle   string `json:"handle"`
	Password string `json:"password"`
}

// Draft is a question being written, for the similar-questions and
// experts calls.
type Draft struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Targets is the file praxis bench seed writes next to the data and
// praxis bench load reads: what was generated and what to ask for.
type Targets struct {
	Size        string           `json:"size"`
	Seed        uint64           `json:"seed"`
	Dialect     string           `json:"dialect"`
	GeneratedAt time.Time        `json:"generated_at"`
	SeedSeconds float64          `json:"seed_seconds"`
	Community   string           `json:"community"`
	Threads20   []int64          `json:"threads_20"`
	Threads200  []int64          `json:"threads_200"`
	Articles    []int64          `json:"articles"`
	Profiles    []string         `json:"profiles"`
	Queries     []string         `json:"queries"`
	Drafts      []Draft          `json:"drafts"`
	Member      Account          `json:"member"`
	Admin       Account          `json:"admin"`
	Counts      map[string]int64 `json:"counts"`
}

// ReadTargets reads a targets file.
func ReadTargets(path string) (*Targets, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the targets (run praxis bench seed first, or pass --targets): %w", err)
	}
	var t Targets
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("read the targets %s: %w", path, err)
	}
	if t.Community == "" || len(t.Threads20) == 0 {
		return nil, fmt.Errorf("the targets file %s names no community or threads", path)
	}
	return &t, nil
}

// Write writes the targets file.
func (t *Targets) Write(path string) error {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o600)
}

// Target is one kind of request of the load test: its paths are asked
// for in turn.
type Target struct {
	Name  string   `json:"name"`
	Paths []string `json:"paths"`
}

// TargetNames are the load test's targets, in the order they run.
var TargetNames = []string{"community", "thread-20", "thread-200", "search", "similar", "experts", "health", "article", "profile"}

// Requests lists the load test's targets for these generated data.
func (t *Targets) Requests() []Target {
	c := "/c/" + url.PathEscape(t.Community)
	ids := func(prefix string, ids []int64) []string {
		var out []string
		for _, id := range ids {
			out = append(out, prefix+strconv.FormatInt(id, 10))
		}
		return out
	}
	var search, similar, experts, profiles []string
	for _, q := range t.Queries {
		search = append(search, "/search?q="+url.QueryEscape(q))
	}
	for _, d := range t.Drafts {
		q := url.Values{"title": {d.Title}, "body": {d.Body}, "limit": {"5"}}.Encode()
		similar = append(similar, "/api/v1/communities/"+url.PathEscape(t.Community)+"/similar?"+q)
		experts = append(experts, "/api/v1/communities/"+url.PathEscape(t.Community)+"/experts?"+q)
	}
	for _, h := range t.Profiles {
		profiles = append(profiles, "/u/"+url.PathEscape(h))
	}
	return []Target{
		{"community", []string{c}},
		{"thread-20", ids(c+"/t/", t.Threads20)},
		{"thread-200", ids(c+"/t/", t.Threads200)},
		{"search", search},
		{"similar", similar},
		{"experts", experts},
		{"health", []string{c + "/health"}},
		{"article", ids(c+"/kb/", t.Articles)},
		{"profile", profiles},
	}
}
