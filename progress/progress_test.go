package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	got := Line("import", 86000, 210000, "posts", 21433.2, 4*time.Second)
	want := "import [########------------]  40% 86,000/210,000 posts  21,433 posts/s  ETA 6s"
	if got != want {
		t.Errorf("Line = %q\nwant  %q", got, want)
	}
	if got := Line("reindex", 5, 0, "docs", 0, time.Second); !strings.Contains(got, "5 docs") || !strings.Contains(got, "in 1s") {
		t.Errorf("Line without total = %q", got)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 1234567: "1,234,567", -1500: "-1,500", -4200: "-4,200"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestPlainLines checks that, off a terminal, the bar prints whole lines
// at most every five seconds, and always the final state.
func TestPlainLines(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	b := New(&buf, "import", 100, "posts")
	b.now = func() time.Time { return clock }
	b.start, b.last = clock, clock
	for i := int64(1); i <= 100; i++ {
		clock = clock.Add(100 * time.Millisecond)
		b.Set(i)
	}
	b.Finish()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 { // at 5 s, at 10 s, and the final line
		t.Fatalf("got %d lines, want 3:\n%s", len(lines), buf.String())
	}
	if strings.Contains(buf.String(), "\r") {
		t.Errorf("plain output has carriage returns: %q", buf.String())
	}
	if !strings.Contains(lines[2], "100%") {
		t.Errorf("final line = %q, want 100%%", lines[2])
	}
}
