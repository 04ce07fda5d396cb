package praxis_test

import (
	"strings"
	"testing"

	"praxis"
	"praxis/markdown"
)

func TestCleanAttachmentName(t *testing.T) {
	long := strings.Repeat("é", 200) + ".pdf"
	tests := []struct{ in, want string }{
		{"photo.png", "photo.png"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\ada\My report.docx`, "My report.docx"},
		{"a\x00b\u202ec\nd.txt", "abcd.txt"},
		{"..", "file"},
		{".htaccess", "htaccess"},
		{"  ", "file"},
		{"\xff\xfename.txt", "name.txt"},
		{long, strings.Repeat("é", 116) + ".pdf"},
	}
	for _, tt := range tests {
		if got := praxis.CleanAttachmentName(tt.in); got != tt.want {
			t.Errorf("CleanAttachmentName(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAttachmentMarkdown checks that any file name renders as the one
// image or link it names, pointing at the file.
func TestAttachmentMarkdown(t *testing.T) {
	r := markdown.New()
	for _, name := range []string{"plan.png", "a](javascript:alert(1)).png", "x <img src=y onerror=alert(1)>.png", "*bold* _it_ `code`.png", "été (v2).png"} {
		a := &praxis.Attachment{ID: 7, Name: name, ContentType: "image/png"}
		html := r.HTML(a.Markdown())
		if strings.Count(html, "<img ") != 1 || !strings.Contains(html, `src="`+a.URL()+`"`) || strings.Contains(html, "javascript:") || strings.Contains(html, " onerror") {
			t.Errorf("name %q: got HTML %s, want one image of %s", name, html, a.URL())
		}
		if got := praxis.AttachmentRefs(a.Markdown()); len(got) != 1 || got[0] != 7 {
			t.Errorf("AttachmentRefs(%q): got %v, want [7]", a.Markdown(), got)
		}
	}
}

func TestAttachmentRefs(t *testing.T) {
	got := praxis.AttachmentRefs("![a](/attachments/3/a.png) and [b](/attachments/12/b.pdf), again /attachments/3/a.png, " +
		"not https://example.org/attachments/9/x nor /c/x/attachments/8/y")
	if len(got) != 2 || got[0] != 3 || got[1] != 12 {
		t.Errorf("AttachmentRefs: got %v, want [3 12]", got)
	}
}
