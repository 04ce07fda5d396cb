package mailinglist

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"praxis"
)

func TestThreading(t *testing.T) {
	for _, path := range []string{"testdata/pipermail.txt", "testdata/pipermail.txt.gz"} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var progress []int64
			x, err := Scan(context.Background(), []string{path}, Options{Progress: func(done, total int64) {
				progress = append(progress, done)
			}})
			if err != nil {
				t.Fatal(err)
			}
			if x.Len() != 7 {
				t.Errorf("Len = %d, want 7", x.Len())
			}
			if len(progress) != 8 || !slices.IsSorted(progress) {
				t.Errorf("progress %v, want 8 growing counts", progress)
			}
			wantDup := []Duplicate{{ID: "reply1@example.org", File: path, Line: 54, FirstFile: path, FirstLine: 30}}
			if got := x.Duplicates(); !slices.Equal(got, wantDup) {
				t.Errorf("Duplicates = %+v, want %+v", got, wantDup)
			}
			tests := []struct {
				id, parent, root string
				by               Link
			}{
				{"root1@example.org", "", "root1@example.org", LinkNone},
				{"reply1@example.org", "root1@example.org", "root1@example.org", LinkInReplyTo},
				{"reply2@example.org", "reply1@example.org", "root1@example.org", LinkInReplyTo},
				{"orphan1@example.org", "root1@example.org", "root1@example.org", LinkSubject},
				{"orphan2@example.org", "", "orphan2@example.org", LinkNone},
				{"orphan3@example.org", "orphan2@example.org", "orphan2@example.org", LinkSharedReference},
				{"ann1@example.org", "", "ann1@example.org", LinkNone},
			}
			for _, tt := range tests {
				parent, by, ok := x.Parent(tt.id)
				if !ok || parent != tt.parent || by != tt.by {
					t.Errorf("Parent(%s) = %q, %v, %v; want %q, %v", tt.id, parent, by, ok, tt.parent, tt.by)
				}
				if root, _ := x.ThreadOf(tt.id); root != tt.root {
					t.Errorf("ThreadOf(%s) = %q, want %q", tt.id, root, tt.root)
				}
			}
			if _, _, ok := x.Parent("nobody@example.org"); ok {
				t.Error("Parent of an unknown id: ok")
			}
			if _, ok := x.ThreadOf("lost@example.org"); ok {
				t.Error("ThreadOf of a missing message: ok")
			}

			wantThreads := []Thread{
				{Root: "root1@example.org", Subject: "How do I merge two xts objects?", Messages: 4,
					First: time.Date(2010, 1, 5, 9, 0, 0, 0, time.UTC), Last: time.Date(2010, 1, 6, 8, 0, 0, 0, time.UTC)},
				{Root: "orphan2@example.org", Subject: "Volatility models: announcement", Messages: 2,
					First: time.Date(2010, 1, 7, 8, 0, 0, 0, time.UTC), Last: time.Date(2010, 1, 7, 9, 0, 0, 0, time.UTC)},
				{Root: "ann1@example.org", Subject: "rgarch 1.0 released", Messages: 1,
					First: time.Date(2010, 1, 8, 9, 0, 0, 0, time.UTC), Last: time.Date(2010, 1, 8, 9, 0, 0, 0, time.UTC)},
			}
			if got := x.Threads(); !slices.Equal(got, wantThreads) {
				t.Errorf("Threads =\n%+v\nwant\n%+v", got, wantThreads)
			}
			senders := x.Senders()
			if len(senders) != 7 || senders[0].Address != (Address{Addr: "ann@example.org", Name: "Ann Smith"}) || senders[0].Messages != 1 {
				t.Errorf("Senders = %+v", senders)
			}

			// Each: parents first (reply2 comes before reply1 in the file), the duplicate skipped.
			var order []string
			var msgs []*Message
			err = x.Each(context.Background(), func(m *Message) error {
				order = append(order, m.ID)
				msgs = append(msgs, m)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			wantOrder := []string{"root1@example.org", "reply1@example.org", "reply2@example.org",
				"orphan1@example.org", "orphan2@example.org", "orphan3@example.org", "ann1@example.org"}
			if !slices.Equal(order, wantOrder) {
				t.Errorf("Each order %v, want %v", order, wantOrder)
			}
			for i, m := range msgs {
				tt := tests[i]
				if m.Parent != tt.parent || m.Root != tt.root || m.ParentBy != tt.by {
					t.Errorf("%s: Parent %q Root %q ParentBy %v, want %q %q %v", m.ID, m.Parent, m.Root, m.ParentBy, tt.parent, tt.root, tt.by)
				}
			}
			if msgs[2].Line != 19 || msgs[2].Body != "Thanks, that works." {
				t.Errorf("the reply read again from its offset: line %d, body %q", msgs[2].Line, msgs[2].Body)
			}
			if q := []bool{IsQuestion(msgs[0]), IsQuestion(msgs[4]), IsQuestion(msgs[6])}; !slices.Equal(q, []bool{true, false, false}) {
				t.Errorf("IsQuestion of the three roots = %v, want [true false false]", q)
			}
		})
	}
}

func TestSubjectWindow(t *testing.T) {
	ctx := context.Background()
	// The orphan reply is a day after the thread: a window of an hour keeps it apart.
	x, err := Scan(ctx, []string{"testdata/pipermail.txt"}, Options{SubjectWindow: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if parent, by, _ := x.Parent("orphan1@example.org"); parent != "" || by != LinkNone {
		t.Errorf("with a one-hour window: parent %q by %v, want none", parent, by)
	}
	// A negative window turns the fallback off; the shared reference still links.
	x, err = Scan(ctx, []string{"testdata/pipermail.txt"}, Options{SubjectWindow: -1})
	if err != nil {
		t.Fatal(err)
	}
	if parent, _, _ := x.Parent("orphan1@example.org"); parent != "" {
		t.Errorf("with the fallback off: parent %q, want none", parent)
	}
	if parent, _, _ := x.Parent("orphan3@example.org"); parent != "orphan2@example.org" {
		t.Errorf("with the fallback off: orphan3's parent %q, want orphan2", parent)
	}
}

// mbox builds an archive from messages given as header lines and a body.
func mbox(msgs ...string) string {
	var b strings.Builder
	for i, m := range msgs {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("From x@example.org Mon Mar  1 10:00:00 2021\n" + m + "\n")
	}
	return b.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestThreadingCases(t *testing.T) {
	msg := func(id, date, subject string, extra ...string) string {
		h := "From: x@example.org\nMessage-ID: <" + id + ">\nDate: " + date + "\nSubject: " + subject + "\n"
		for _, e := range extra {
			h += e + "\n"
		}
		return h + "\nbody of " + id + "\n"
	}
	tests := []struct {
		name string
		in   string
		want map[string]string // id → parent
	}{
		{
			name: "References when In-Reply-To is missing: the nearest known ancestor",
			in: mbox(
				msg("a", "Mon, 1 Mar 2021 10:00:00 +0000", "Topic"),
				msg("b", "Mon, 1 Mar 2021 11:00:00 +0000", "Re: Topic", "In-Reply-To: <a>"),
				msg("c", "Mon, 1 Mar 2021 12:00:00 +0000", "Re: Topic", "References: <a> <b> <missing>"),
			),
			want: map[string]string{"a": "", "b": "a", "c": "b"},
		},
		{
			name: "a cycle of In-Reply-To is broken",
			in: mbox(
				msg("a", "Mon, 1 Mar 2021 10:00:00 +0000", "Loop", "In-Reply-To: <b>"),
				msg("b", "Mon, 1 Mar 2021 11:00:00 +0000", "Loop", "In-Reply-To: <a>"),
			),
			want: map[string]string{"a": "b", "b": ""},
		},
		{
			name: "a message replying to itself is a root",
			in:   mbox(msg("a", "Mon, 1 Mar 2021 10:00:00 +0000", "Self", "In-Reply-To: <a>")),
			want: map[string]string{"a": ""},
		},
		{
			name: "same subject without reply marks joins within a tenth of the window only",
			in: mbox(
				msg("a", "Mon, 1 Mar 2021 10:00:00 +0000", "[L] Barrier options"),
				msg("b", "Tue, 2 Mar 2021 10:00:00 +0000", "[L] Barrier options"),
				msg("c", "Mon, 15 Mar 2021 10:00:00 +0000", "[L] Barrier options"),
				msg("d", "Tue, 16 Mar 2021 10:00:00 +0000", "Re: [L] Barrier options", "In-Reply-To: <gone>"),
			),
			want: map[string]string{"a": "", "b": "a", "c": "", "d": "c"},
		},
		{
			name: "generic subjects join nothing",
			in: mbox(
				msg("a", "Mon, 1 Mar 2021 10:00:00 +0000", "Help"),
				msg("b", "Mon, 1 Mar 2021 11:00:00 +0000", "Re: help", "In-Reply-To: <gone>"),
			),
			want: map[string]string{"a": "", "b": ""},
		},
		{
			name: "a reply dated before the original joins it by subject",
			in: mbox(
				msg("a", "Mon, 1 Mar 2021 10:00:00 +0000", "Topic"),
				msg("b", "Sun, 28 Feb 2021 10:00:00 +0000", "Re: Topic", "In-Reply-To: <gone>"),
			),
			want: map[string]string{"a": "", "b": "a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "a.mbox", tt.in)
			x, err := Scan(context.Background(), []string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range tt.want {
				if got, _, _ := x.Parent(id); got != want {
					t.Errorf("Parent(%s) = %q, want %q", id, got, want)
				}
			}
			seen := map[string]bool{}
			err = x.Each(context.Background(), func(m *Message) error {
				if m.Parent != "" && !seen[m.Parent] {
					t.Errorf("%s before its parent %s", m.ID, m.Parent)
				}
				seen[m.ID] = true
				return nil
			})
			if err != nil || len(seen) != len(tt.want) {
				t.Errorf("Each: %v, %d messages, want %d", err, len(seen), len(tt.want))
			}
		})
	}
}

func TestEachStops(t *testing.T) {
	ctx := context.Background()
	x, err := Scan(ctx, []string{"testdata/pipermail.txt"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	n := 0
	if err := x.Each(ctx, func(*Message) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Each with a failing fn: %v after %d calls, want stop after 1", err, n)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := x.Each(cancelled, func(*Message) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Each with a cancelled context: %v", err)
	}
	if _, err := Scan(cancelled, []string{"testdata/pipermail.txt"}, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Scan with a cancelled context: %v", err)
	}
}

func TestEachNoticesChangedFile(t *testing.T) {
	ctx := context.Background()
	orig, err := os.ReadFile("testdata/pipermail.txt")
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "archive.txt", string(orig))
	x, err := Scan(ctx, []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(orig), "<root1@example.org>\n\nHi all", "<other@example.org>\n\nHi all", 1)
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	err = x.Each(ctx, func(*Message) error { return nil })
	if msg := errorText(t, err); !strings.Contains(msg, "the file changed since it was scanned") {
		t.Errorf("error %q", msg)
	}
	if praxis.ErrorCode(err) != praxis.EINVALID {
		t.Errorf("code %q", praxis.ErrorCode(err))
	}
}
