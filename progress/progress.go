// Package progress reports the progress of long commands (imports,
// reindexing): a bar with rate and ETA redrawn in place on a terminal, and
// plain lines, at most one every few seconds, when the output is a file or
// a pipe.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Bar reports the progress of one task.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	unit     string
	total    int64
	done     int64
	tty      bool
	start    time.Time
	last     time.Time
	every    time.Duration
	now      func() time.Time
	finished bool
}

// New starts a bar writing to w. total may be 0 when unknown. unit names
// what is counted ("posts"). On a terminal the bar redraws at most ten
// times a second; elsewhere it prints a line every five seconds.
func New(w io.Writer, label string, total int64, unit string) *Bar {
	b := &Bar{w: w, label: label, unit: unit, total: total, tty: IsTerminal(w), now: time.Now}
	b.start = b.now()
	b.every = 5 * time.Second
	if b.tty {
		b.every = 100 * time.Millisecond
	}
	return b
}

// IsTerminal reports whether w is a character device (a terminal).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// SetTotal changes the expected total (once it is known).
func (b *Bar) SetTotal(total int64) {
	b.mu.Lock()
	b.total = total
	b.mu.Unlock()
}

// Add records n more units done.
func (b *Bar) Add(n int64) { b.Set(b.Done() + n) }

// Done returns the units done so far.
func (b *Bar) Done() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.done
}

// Set records the units done so far, redrawing when it is time to.
func (b *Bar) Set(done int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = done
	now := b.now()
	if now.Sub(b.last) < b.every {
		return
	}
	b.last = now
	b.draw(now)
}

// Finish draws the final state and ends the line.
func (b *Bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	b.draw(b.now())
	if b.tty {
		fmt.Fprintln(b.w)
	}
}

func (b *Bar) draw(now time.Time) {
	elapsed := now.Sub(b.start)
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(b.done) / s
	}
	line := Line(b.label, b.done, b.total, b.unit, rate, elapsed)
	if b.tty {
		fmt.Fprintf(b.w, "\r\033[K%s", line)
		return
	}
	fmt.Fprintln(b.w, line)
}

// Line formats one progress report:
//
//	import posts [########------------]  41% 86,000/210,000 posts  21,433 posts/s  ETA 6s
func Line(label string, done, total int64, unit string, rate float64, elapsed time.Duration) string {
	var b strings.Builder
	b.WriteString(label)
	if total > 0 {
		frac := float64(done) / float64(total)
		if frac > 1 {
			frac = 1
		}
		const width = 20
		filled := int(frac * width)
		fmt.Fprintf(&b, " [%s%s] %3d%% %s/%s %s", strings.Repeat("#", filled), strings.Repeat("-", width-filled),
			int(frac*100), Count(done), Count(total), unit)
	} else {
		fmt.Fprintf(&b, " %s %s", Count(done), unit)
	}
	fmt.Fprintf(&b, "  %s %s/s", Count(int64(rate)), unit)
	if total > 0 && rate > 0 && done < total {
		eta := time.Duration(float64(total-done) / rate * float64(time.Second))
		fmt.Fprintf(&b, "  ETA %s", eta.Round(time.Second))
	} else {
		fmt.Fprintf(&b, "  in %s", elapsed.Round(time.Millisecond))
	}
	return b.String()
}

// Count formats n with thousands separators: 1234567 → "1,234,567".
func Count(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
