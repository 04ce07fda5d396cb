package textdiff

import (
	"strings"
	"testing"
)

func render(ls []Line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString([]string{" ", "+", "-"}[l.Op] + l.Text + "\n")
	}
	return b.String()
}

func TestLines(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "a\nb", "a\nb", " a\n b\n"},
		{"added", "a\nc", "a\nb\nc", " a\n+b\n c\n"},
		{"removed", "a\nb\nc", "a\nc", " a\n-b\n c\n"},
		{"changed", "a\nb\nc", "a\nB\nc", " a\n-b\n+B\n c\n"},
		{"from empty", "", "x", "+x\n"},
		{"to empty", "x", "", "-x\n"},
		{"reordered", "a\nb\nc\nd", "b\na\nc\nd", "-a\n b\n+a\n c\n d\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(Lines(tt.a, tt.b)); got != tt.want {
				t.Errorf("Lines(%q, %q) =\n%s\nwant\n%s", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// TestLinesRebuilds checks that every diff turns a into b.
func TestLinesRebuilds(t *testing.T) {
	a := strings.Repeat("x\ny\nz\n", 50)
	b := strings.ReplaceAll(a, "y\n", "w\ny\n")
	var gotA, gotB []string
	for _, l := range Lines(a, b) {
		if l.Op != Added {
			gotA = append(gotA, l.Text)
		}
		if l.Op != Removed {
			gotB = append(gotB, l.Text)
		}
	}
	if strings.Join(gotA, "\n") != a || strings.Join(gotB, "\n") != b {
		t.Errorf("the diff does not rebuild both texts")
	}
}
