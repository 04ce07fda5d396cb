package importer

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"praxis/progress"
)

// Counts counts imported objects by kind.
type Counts struct {
	Users      int // placeholders created
	Members    int // memberships of the community created
	Topics     int
	Questions  int
	Answers    int
	Accepted   int // accepted answers
	Comments   int
	Closed     int // closed questions
	Revisions  int // earlier revisions of posts
	Duplicates int // questions marked as duplicates
}

func (c *Counts) add(d Counts) {
	c.Users += d.Users
	c.Members += d.Members
	c.Topics += d.Topics
	c.Questions += d.Questions
	c.Answers += d.Answers
	c.Accepted += d.Accepted
	c.Comments += d.Comments
	c.Closed += d.Closed
	c.Revisions += d.Revisions
	c.Duplicates += d.Duplicates
}

// Posts counts the posts: questions, answers and comments.
func (c Counts) Posts() int { return c.Questions + c.Answers + c.Comments }

func (c Counts) lines() [][2]string {
	var out [][2]string
	for _, kv := range []struct {
		name string
		n    int
	}{
		{"placeholder users", c.Users}, {"memberships", c.Members}, {"topics", c.Topics}, {"questions", c.Questions},
		{"answers", c.Answers}, {"accepted answers", c.Accepted}, {"comments", c.Comments}, {"closed questions", c.Closed},
		{"earlier revisions", c.Revisions}, {"duplicate links", c.Duplicates},
	} {
		if kv.n > 0 {
			out = append(out, [2]string{kv.name, progress.Count(int64(kv.n))})
		}
	}
	return out
}

// Skip is one reason rows were not imported, with how many and a few
// examples.
type Skip struct {
	Reason   string
	Count    int
	Examples []string
}

// maxExamples is how many skipped rows a reason lists.
const maxExamples = 5

// Summary reports what an import did.
type Summary struct {
	Community string
	Source    string
	Imported  Counts // written by this run
	Existing  Counts // found from an earlier run and left alone
	Skipped   []*Skip
	Elapsed   time.Duration
	mu        sync.Mutex // skip is called by the checks of several files at once
	skips     map[string]*Skip
}

// skip records a row left out for a reason; example names it ("answer 12").
func (s *Summary) skip(reason, example string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.skips == nil {
		s.skips = map[string]*Skip{}
	}
	k := s.skips[reason]
	if k == nil {
		k = &Skip{Reason: reason}
		s.skips[reason] = k
		s.Skipped = append(s.Skipped, k)
	}
	k.Count++
	if len(k.Examples) < maxExamples && example != "" {
		k.Examples = append(k.Examples, example)
	}
}

// SkippedCount returns how many rows were skipped for a reason.
func (s *Summary) SkippedCount(reason string) int {
	if k := s.skips[reason]; k != nil {
		return k.Count
	}
	return 0
}

// Write prints the summary for a person.
func (s *Summary) Write(w io.Writer) {
	posts := s.Imported.Posts()
	rate := ""
	if secs := s.Elapsed.Seconds(); secs > 0 && posts > 0 {
		rate = fmt.Sprintf(", %s posts/s", progress.Count(int64(float64(posts)/secs)))
	}
	fmt.Fprintf(w, "Imported %s into %s in %s (%s posts%s).\n", s.Source, s.Community, s.Elapsed.Round(time.Millisecond), progress.Count(int64(posts)), rate)
	table := func(title string, c Counts) {
		lines := c.lines()
		if len(lines) == 0 {
			return
		}
		fmt.Fprintln(w, title)
		for _, l := range lines {
			fmt.Fprintf(w, "  %-20s %9s\n", l[0], l[1])
		}
	}
	table("New:", s.Imported)
	table("Already imported by an earlier run (left as they were):", s.Existing)
	if len(s.Imported.lines()) == 0 {
		fmt.Fprintln(w, "Nothing new to import.")
	}
	if len(s.Skipped) > 0 {
		fmt.Fprintln(w, "Left out:")
		skips := slices.Clone(s.Skipped)
		slices.SortStableFunc(skips, func(a, b *Skip) int { return b.Count - a.Count })
		for _, k := range skips {
			ex := ""
			if len(k.Examples) > 0 {
				ex = " (e.g. " + strings.Join(k.Examples, "; ") + ")"
			}
			fmt.Fprintf(w, "  %9s %s%s\n", progress.Count(int64(k.Count)), k.Reason, ex)
		}
	}
}
