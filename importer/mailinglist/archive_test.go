package mailinglist

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sharedArchive returns the files of the shared R-SIG-Finance archive
// (../shared/data from the project root). It skips the test when they are
// absent, and fails it when PRAXIS_REQUIRE_SHARED_DATA=1.
func sharedArchive(tb testing.TB) []string {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data", "mailing-list", "r-sig-finance")
	paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(paths) == 0 {
		if os.Getenv("PRAXIS_REQUIRE_SHARED_DATA") == "1" {
			tb.Fatalf("shared archive %s is missing, and PRAXIS_REQUIRE_SHARED_DATA=1", dir)
		}
		tb.Skipf("shared archive %s is absent (a fresh clone); set PRAXIS_REQUIRE_SHARED_DATA=1 to require it", dir)
	}
	return paths
}

// rawHeaders is what the test reads from an archive by itself, without the
// package: one entry per message, in file order.
type rawHeaders struct {
	messageID, inReplyTo string
}

// readRawHeaders counts messages the simple way — a line starting "From "
// followed by a "From:" line — and reads their Message-ID and In-Reply-To.
func readRawHeaders(t *testing.T, path string) []rawHeaders {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var out []rawHeaders
	for i := 0; i+1 < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "From ") || !strings.HasPrefix(lines[i+1], "From:") {
			continue
		}
		var h rawHeaders
		for j := i + 1; j < len(lines) && lines[j] != ""; j++ {
			if v, ok := strings.CutPrefix(lines[j], "Message-ID: "); ok {
				h.messageID = strings.Trim(strings.TrimSpace(v), "<>")
			}
			if v, ok := strings.CutPrefix(lines[j], "In-Reply-To: "); ok {
				h.inReplyTo = strings.Trim(strings.TrimSpace(v), "<>")
			}
		}
		out = append(out, h)
	}
	return out
}

func TestSharedArchive(t *testing.T) {
	paths := sharedArchive(t)
	ctx := context.Background()
	x, err := Scan(ctx, paths, Options{})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}

	// Every message is found and parsed: the counts match, file by file.
	var raw []rawHeaders
	for fi, path := range paths {
		h := readRawHeaders(t, path)
		if got, want := len(x.files[fi]), len(h); got != want {
			t.Errorf("%s: %d messages parsed, want %d", path, got, want)
		}
		raw = append(raw, h...)
	}
	if got, want := x.Len()+len(x.Duplicates()), len(raw); got != want {
		t.Errorf("distinct %d + duplicates %d = %d, want %d messages", x.Len(), len(x.Duplicates()), got, want)
	}

	// Each hands every distinct message over once, parents first.
	seen := map[string]bool{}
	links := map[Link]int{}
	err = x.Each(ctx, func(m *Message) error {
		if seen[m.ID] {
			t.Errorf("%s:%d: %s handed over twice", m.File, m.Line, m.ID)
		}
		seen[m.ID] = true
		links[m.ParentBy]++
		if m.Parent != "" && !seen[m.Parent] {
			t.Errorf("%s:%d: handed over before its parent %s", m.File, m.Line, m.Parent)
		}
		if root, _ := x.ThreadOf(m.ID); root != m.Root {
			t.Errorf("%s:%d: Root %s, ThreadOf %s", m.File, m.Line, m.Root, root)
		}
		if !strings.Contains(m.From.Addr, "@") {
			t.Errorf("%s:%d: From %+v has no address", m.File, m.Line, m.From)
		}
		if m.Date.Year() < 2009 || m.Date.Year() > 2011 {
			t.Errorf("%s:%d: date %v outside the archive's years", m.File, m.Line, m.Date)
		}
		if m.Body == "" && m.Quoted == "" && len(m.Attachments) == 0 {
			t.Errorf("%s:%d: no text and no attachment", m.File, m.Line)
		}
		if strings.Contains(m.Body, "Subscriber-posting only") {
			t.Errorf("%s:%d: the list footer is left in the body:\n%s", m.File, m.Line, m.Body)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Each: %v", err)
	}
	if len(seen) != x.Len() {
		t.Errorf("Each handed over %d messages, want %d", len(seen), x.Len())
	}

	// The threads follow the In-Reply-To chains.
	ids := map[string]bool{}
	for _, h := range raw {
		ids[h.messageID] = true
	}
	checked := 0
	for _, h := range raw {
		if h.inReplyTo == "" || !ids[h.inReplyTo] || h.inReplyTo == h.messageID {
			continue
		}
		checked++
		if parent, by, _ := x.Parent(h.messageID); parent != h.inReplyTo {
			t.Errorf("%s: parent %q (by %v), want its In-Reply-To %q", h.messageID, parent, by, h.inReplyTo)
		}
	}
	if checked < 900 {
		t.Errorf("only %d In-Reply-To links checked; the raw reading is broken", checked)
	}
	threads := x.Threads()
	total := 0
	for i, th := range threads {
		total += th.Messages
		if i > 0 && th.First.Before(threads[i-1].First) {
			t.Errorf("threads out of order at %d", i)
		}
	}
	if total != x.Len() {
		t.Errorf("threads hold %d messages, want %d", total, x.Len())
	}
	t.Logf("%d messages, %d duplicates, %d threads, %d senders, %d In-Reply-To links checked; parents by %v",
		x.Len(), len(x.Duplicates()), len(threads), len(x.Senders()), checked, links)
}

func TestSharedArchiveSample(t *testing.T) {
	paths := sharedArchive(t)
	x, err := Scan(context.Background(), paths[:1], Options{})
	if err != nil {
		t.Fatal(err)
	}
	var first, reply *Message
	x.Each(context.Background(), func(m *Message) error {
		switch m.ID {
		case "32849.66090.qm@web110013.mail.gq1.yahoo.com":
			first = m
		case "4B3DD374.7000707@gmail.com":
			reply = m
		}
		return nil
	})
	if first == nil || reply == nil {
		t.Fatal("the first thread of 2010q1 is missing")
	}
	if got, want := first.From, (Address{Addr: "kabonline07@yahoo.com", Name: "KAUSHIK BHATTACHARJEE"}); got != want {
		t.Errorf("From = %+v, want %+v", got, want)
	}
	if want := time.Date(2010, 1, 1, 8, 56, 10, 0, time.UTC); !first.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", first.Date, want)
	}
	if got := NormalizeSubject(first.Subject); got != "Which one is better?" {
		t.Errorf("subject %q", got)
	}
	if !IsQuestion(first) {
		t.Error("the first message asks, IsQuestion = false")
	}
	if len(first.Attachments) != 1 || !strings.HasSuffix(first.Attachments[0].URL, "/attachment.pl") {
		t.Errorf("attachments %+v, want the scrubbed text", first.Attachments)
	}
	if reply.Parent != first.ID || reply.Root != first.ID || reply.ParentBy != LinkInReplyTo {
		t.Errorf("reply: parent %q root %q by %v", reply.Parent, reply.Root, reply.ParentBy)
	}
	if !strings.HasPrefix(reply.Body, "any reference? Yes, the paper of KPSS!") {
		t.Errorf("reply body starts %q", reply.Body[:min(80, len(reply.Body))])
	}
	if !strings.HasPrefix(reply.Quoted, "KAUSHIK BHATTACHARJEE a ?crit :\n> I have some time series") {
		t.Errorf("reply quoted starts %q", reply.Quoted[:min(80, len(reply.Quoted))])
	}
	if strings.Contains(reply.Quoted, "Subscriber-posting only") || strings.Contains(reply.Quoted, "alternative HTML") {
		t.Errorf("footer or HTML note left in the quote:\n%s", reply.Quoted)
	}
	if !strings.Contains(reply.Body, "library(urca)") || !strings.HasSuffix(reply.Body, "Mat") {
		t.Errorf("reply body:\n%s", reply.Body)
	}
}
