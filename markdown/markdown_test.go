package markdown

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	r := New()
	tests := []struct {
		name, src     string
		want, notWant []string
	}{
		{"emphasis", "*hi* **there**", []string{"<em>hi</em>", "<strong>there</strong>"}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"task list", "- [x] done\n- [ ] todo", []string{`type="checkbox"`, "checked"}, nil},
		{"fenced code keeps language", "```go\nfmt.Println()\n```", []string{`class="language-go"`}, nil},
		{"script tag", "<script>alert(1)</script>", nil, []string{"<script"}},
		{"event handler", `<img src=x onerror="alert(1)">`, nil, []string{"onerror"}},
		{"javascript link", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"external link rel", "[x](https://example.org)", []string{`rel="nofollow noreferrer noopener"`, `target="_blank"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.HTML(tt.src)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML(%q) = %q; want it to contain %q", tt.src, got, w)
				}
			}
			for _, nw := range tt.notWant {
				if strings.Contains(strings.ToLower(got), nw) {
					t.Errorf("HTML(%q) = %q; want no %q", tt.src, got, nw)
				}
			}
		})
	}
}
