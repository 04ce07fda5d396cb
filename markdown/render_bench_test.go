package markdown

import (
	"strings"
	"testing"
)

// BenchmarkRender measures what writing a post costs in rendering (posts
// are rendered once, when written, and served as stored HTML): a typical
// reply with emphasis, a list, a link, a mention and a thread reference,
// and a long knowledge-base article with headings, a table and code.
//
//	go test -run '^$' -bench Render -benchmem ./markdown/
func BenchmarkRender(b *testing.B) {
	reply := "I tried **more compost** and a _thinner_ layer of mulch:\n\n- water every other day\n- check the pH weekly\n\n" +
		"@ana did the same, see [the soil guide](https://example.org/soil) and /c/garden/t/12."
	section := "## Checking the handover\n\nSay it in this order and write down what was agreed, with the *time*.\n\n" +
		"| Step | Who | When |\n|---|---|---|\n| Situation | nurse | at once |\n| Read-back | doctor | at the end |\n\n" +
		"```text\nS  Situation\nB  Background\n```\n\n1. Call\n2. Read back\n3. Record\n\n"
	article := strings.Repeat(section, 8)
	r := New()
	for _, tc := range []struct{ name, src string }{{"reply", reply}, {"article", article}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.src)))
			b.ReportAllocs()
			for b.Loop() {
				r.Render(tc.src)
			}
		})
	}
}
