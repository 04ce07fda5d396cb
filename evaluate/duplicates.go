package evaluate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"praxis"
	"praxis/importer"
	"praxis/sqlstore"
)

// Rankings are the rankings compared: the product's, and plain BM25 on
// titles only as the yardstick.
var Rankings = []struct{ Name, Ranking string }{
	{"baseline (BM25, titles only)", "baseline"},
	{"praxis", ""},
}

// Report is the outcome of a duplicates evaluation.
type Report struct {
	Site      string `json:"site"`
	Links     int    `json:"duplicate_links"` // PostLinks of type 3
	Questions int    `json:"queries"`         // duplicate questions evaluated
	// Skipped says which links could not be evaluated and why.
	Skipped []string `json:"skipped,omitempty"`
	Results []Result `json:"results"`
}

// Result is one ranking's figures, with the rank of each query's first
// original (0: not within Cutoff).
type Result struct {
	Ranking string        `json:"ranking"`
	Metrics Metrics       `json:"metrics"`
	Ranks   map[int64]int `json:"ranks"` // the duplicate's id in the dump → rank of its original
}

// DuplicatesOptions tune an evaluation.
type DuplicatesOptions struct {
	// WorkDir holds the temporary database; "" uses a new temporary folder,
	// removed at the end.
	WorkDir string
	// Progress receives the import's progress; nil discards it.
	Progress io.Writer
}

// Duplicates imports a Stack Exchange dump into a fresh SQLite database
// (without its duplicate links, which would otherwise fold each duplicate
// into its original and give the answer away) and, for every question the
// dump marks as a duplicate (PostLinks type 3), asks each ranking for the
// questions most similar to it: title and body, as if it were being asked
// now, with the question itself left out. The right answers are the
// originals it was closed against.
func Duplicates(ctx context.Context, dir string, o DuplicatesOptions) (*Report, error) {
	links, err := readDuplicateLinks(filepath.Join(dir, "PostLinks.xml"))
	if err != nil {
		return nil, err
	}
	work := o.WorkDir
	if work == "" {
		work, err = os.MkdirTemp("", "praxis-eval-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(work)
	}
	db, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: work})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	site := filepath.Base(filepath.Clean(dir))
	admin, err := db.Setup(ctx, "Evaluation", praxis.Signup{Handle: "evaluator", Email: "evaluator@example.org",
		DisplayName: "Evaluator", Password: "not-used-for-sign-in-" + strconv.Itoa(os.Getpid())})
	if err != nil {
		return nil, fmt.Errorf("set up the evaluation database: %w", err)
	}
	slug := "eval"
	name, statement, public, open, kind := site+" (evaluation)", "The "+site+" Stack Exchange site, for an evaluation.",
		praxis.VisibilityPublic, praxis.JoinOpen, praxis.TypeHelping
	if _, err := db.CreateCommunity(ctx, admin, praxis.CommunityInput{Name: &name, Slug: &slug, DomainStatement: &statement,
		Visibility: &public, JoinPolicy: &open, Type: &kind}, nil); err != nil {
		return nil, fmt.Errorf("create the evaluation community: %w", err)
	}
	progress := o.Progress
	if progress == nil {
		progress = io.Discard
	}
	if _, err := importer.StackExchange(ctx, db, dir, importer.Options{Community: slug, SkipDuplicates: true, Progress: progress}); err != nil {
		return nil, err
	}
	state, err := db.ImportState(ctx, slug, importer.SourceStackExchange(slug))
	if err != nil {
		return nil, err
	}

	rep := &Report{Site: site}
	originals := map[int64]map[int64]bool{} // duplicate's thread → originals' threads
	dumpID := map[int64]int64{}             // thread → id in the dump
	for _, l := range links {
		rep.Links++
		dup, ok1 := state.Threads[strconv.FormatInt(l.post, 10)]
		orig, ok2 := state.Threads[strconv.FormatInt(l.related, 10)]
		if !ok1 || !ok2 {
			rep.Skipped = append(rep.Skipped, fmt.Sprintf("%d → %d: a question is not in the import", l.post, l.related))
			continue
		}
		if originals[dup] == nil {
			originals[dup] = map[int64]bool{}
		}
		originals[dup][orig] = true
		dumpID[dup] = l.post
	}
	dups := make([]int64, 0, len(originals))
	for id := range originals {
		dups = append(dups, id)
	}
	sort.Slice(dups, func(i, j int) bool { return dups[i] < dups[j] })
	rep.Questions = len(dups)
	drafts := map[int64]*praxis.ThreadPage{} // each duplicate, read once for every ranking
	for _, dup := range dups {
		if drafts[dup], err = db.ThreadPage(ctx, admin, dup); err != nil {
			return nil, err
		}
	}

	for _, r := range Rankings {
		res := Result{Ranking: r.Name, Ranks: map[int64]int{}}
		var score Score
		for _, dup := range dups {
			page := drafts[dup]
			hits, err := db.Similar(ctx, admin, slug, praxis.SimilarQuery{Title: page.Thread.Title, Body: page.Opening.Source,
				Limit: Cutoff, ExcludeThread: dup, Ranking: r.Ranking})
			if err != nil {
				return nil, err
			}
			var ranked []int64
			for _, h := range hits {
				if h.Kind == praxis.SearchThread {
					ranked = append(ranked, h.ID)
				}
			}
			score.Add(ranked, originals[dup])
			rank := 0
			for i, id := range ranked {
				if originals[dup][id] {
					rank = i + 1
					break
				}
			}
			res.Ranks[dumpID[dup]] = rank
		}
		res.Metrics = score.Metrics()
		rep.Results = append(rep.Results, res)
	}
	return rep, nil
}

// Write prints the report as a table.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "Duplicates evaluation on %s: %d duplicate links, %d duplicate questions evaluated (cutoff %d).\n",
		r.Site, r.Links, r.Questions, Cutoff)
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "  skipped %s\n", s)
	}
	fmt.Fprintf(w, "\n%-30s %6s %6s %6s %6s %s\n", "ranking", "MAP", "MRR", "P@1", "R@10", "found")
	for _, res := range r.Results {
		fmt.Fprintf(w, "%-30s %s\n", res.Ranking, res.Metrics)
	}
}

type link struct{ post, related int64 }

// readDuplicateLinks reads the duplicate links (LinkTypeId 3) of a dump.
func readDuplicateLinks(path string) ([]link, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: not found: a Stack Exchange dump folder holds PostLinks.xml and Posts.xml", path)
		}
		return nil, err
	}
	defer f.Close()
	rr := importer.NewRowReader(filepath.Base(path), f)
	var out []link
	for {
		row, err := rr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if row.Get("LinkTypeId") != "3" {
			continue
		}
		post, related := row.Int("PostId", true), row.Int("RelatedPostId", true)
		if err := row.Err(); err != nil {
			return nil, err
		}
		out = append(out, link{post, related})
	}
	return out, nil
}
