package sesynth

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteIsDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	sa, err := Write(a, 300, 7)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Write(b, 300, 7)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(c, 300, 8); err != nil {
		t.Fatal(err)
	}
	if sa != sb {
		t.Errorf("stats %+v and %+v for the same seed", sa, sb)
	}
	for _, name := range []string{"Posts.xml", "Users.xml", "Comments.xml", "Votes.xml", "PostLinks.xml", "Tags.xml", "PostHistory.xml"} {
		da, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		db, _ := os.ReadFile(filepath.Join(b, name))
		dc, _ := os.ReadFile(filepath.Join(c, name))
		if !bytes.Equal(da, db) {
			t.Errorf("%s differs between two writes with the same seed", name)
		}
		if name == "Posts.xml" && bytes.Equal(da, dc) {
			t.Errorf("%s is the same for another seed", name)
		}
	}
}

func TestWriteShape(t *testing.T) {
	dir := t.TempDir()
	st, err := Write(dir, 2000, 1)
	if err != nil {
		t.Fatal(err)
	}
	if st.Questions != 2000 || st.Answers < 2000 || st.Answers > 8000 || st.Accepted < 200 || st.Duplicates < 10 || st.Closed < st.Duplicates ||
		st.Comments < 1000 || st.Edited < 100 || st.UpVotes < 2000 {
		t.Errorf("stats %+v; want a site's shape: ~2-3 answers a question, accepted answers, duplicates, comments, edits, votes", st)
	}
	posts, _ := os.ReadFile(filepath.Join(dir, "Posts.xml"))
	if n := strings.Count(string(posts), "<row "); n != st.Questions+st.Answers {
		t.Errorf("Posts.xml has %d rows; want %d", n, st.Questions+st.Answers)
	}
	// A few write much: the most prolific user owns many more posts than the median one.
	counts := map[string]int{}
	for _, line := range strings.Split(string(posts), "\n") {
		if i := strings.Index(line, `OwnerUserId="`); i >= 0 {
			id := line[i+len(`OwnerUserId="`):]
			counts[id[:strings.IndexByte(id, '"')]]++
		}
	}
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	if top < 100 || len(counts) < 200 {
		t.Errorf("the busiest of %d authors wrote %d posts; want a skew (one with 100+, 200+ authors)", len(counts), top)
	}
}
