package importer

import (
	"io"
	"strings"
	"testing"
)

func readAll(name, src string) ([]*Row, error) {
	rr := NewRowReader(name, strings.NewReader(src))
	var out []*Row
	for {
		r, err := rr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
}

func TestRowReader(t *testing.T) {
	src := "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n" +
		"  <row Id=\"1\" Body=\"&lt;p&gt;a &amp;amp; b&lt;/p&gt;&#xA;\" CreationDate=\"2014-01-21T20:26:05.383\" />\n" +
		"  <!-- a comment -->\n" +
		"  <row Id=\"2\" Score=\"-3\" CreationDate=\"2014-01-21T20:26:05\" />\n" +
		"</posts>\n"
	rows, err := readAll("Posts.xml", src)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows; want 2", len(rows))
	}
	if r := rows[0]; r.Line != 3 || r.File != "Posts.xml" || r.Get("Body") != "<p>a &amp; b</p>\n" || r.Get("Missing") != "" {
		t.Errorf("row 1 = line %d, file %s, Body %q; want line 3, Posts.xml, the unescaped HTML", r.Line, r.File, r.Get("Body"))
	}
	// Each check reads a fresh copy: a row keeps its first problem.
	one := func() *Row { r := *rows[1]; return &r }
	r := one()
	if n := r.Int("Score", true); n != -3 || r.Err() != nil {
		t.Errorf("Int(Score) = %d, %v; want -3", n, r.Err())
	}
	r = one()
	at := r.Time("CreationDate", true)
	if err := r.Err(); err != nil || at.Format("2006-01-02 15:04:05") != "2014-01-21 20:26:05" || at.Location().String() != "UTC" {
		t.Errorf("Time = %v, %v; want 2014-01-21 20:26:05 UTC", at, err)
	}
	for _, c := range []struct {
		attr, want string
		required   bool
	}{
		{"Id", "", true}, {"Missing", "Posts.xml:5: the row has no Missing", true}, {"CreationDate", `Posts.xml:5: CreationDate="2014-01-21T20:26:05" is not a whole number`, false},
	} {
		r := one()
		r.Int(c.attr, c.required)
		if got := errString(r.Err()); got != c.want {
			t.Errorf("Int(%s) err = %q; want %q", c.attr, got, c.want)
		}
	}
	r = one()
	if r.Time("Score", true); errString(r.Err()) != `Posts.xml:5: Score="-3" is not a date like 2014-01-21T20:26:05.383` {
		t.Errorf("Time(Score) err = %v", r.Err())
	}
	// The first problem is the one reported.
	r = one()
	r.Int("Missing", true)
	r.Time("Score", true)
	if got := errString(r.Err()); got != "Posts.xml:5: the row has no Missing" {
		t.Errorf("after two problems, Err = %q; want the first", got)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestRowReaderErrors(t *testing.T) {
	head := "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n  <row Id=\"1\" />\n"
	for _, c := range []struct {
		name, src, want string
	}{
		{"truncated in a row", head + "  <row Id=\"2\" Body=\"abc", "Posts.xml:4: the file ends in the middle of an element: it is truncated"},
		{"truncated after a row", head, "Posts.xml:4: the file ends inside <posts>: it is truncated"},
		{"empty", "", "Posts.xml:1: the file holds no XML element"},
		{"not XML", "Id,PostTypeId\n1,2\n", "Posts.xml:1: text outside the root element"},
		{"another element", head + "  <post Id=\"2\" />\n</posts>\n", "Posts.xml:4: unexpected <post> inside <posts>; a dump holds <row> elements only"},
		{"nested element", head + "  <row Id=\"2\"><b/></row>\n</posts>\n", "Posts.xml:4: unexpected <b> inside <posts>; a dump holds <row> elements only"},
		{"bad entity", head + "  <row Id=\"2\" Body=\"&nbsp;\" />\n</posts>\n", "Posts.xml:4: invalid character entity &nbsp;"},
		{"unclosed attribute", head + "  <row Id=\"2 />\n</posts>\n", "Posts.xml:5: unescaped < inside quoted string"},
		{"second root", head + "</posts>\n<posts>\n", "Posts.xml:5: <posts> after the end of <posts>"},
		{"mismatched end", head + "</users>\n", "Posts.xml:4: element <posts> closed by </users>"},
		{"end before start", "</posts>", "Posts.xml:1: </posts> closes nothing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := readAll("Posts.xml", c.src)
			if got := errString(err); got != c.want {
				t.Errorf("err = %q; want %q", got, c.want)
			}
		})
	}
}

// FuzzSERow feeds the row reader arbitrary files: it never panics, and
// every error names the file and a line.
func FuzzSERow(f *testing.F) {
	f.Add("<posts>\n  <row Id=\"1\" PostTypeId=\"1\" Body=\"&lt;p&gt;x&lt;/p&gt;\" />\n</posts>\n")
	f.Add("\ufeff<?xml version=\"1.0\"?><users><row Id=\"-1\" DisplayName=\"Community\"/></users>")
	f.Add("<posts><row Id=\"1\" Body=\"abc")
	f.Add("<posts><row/><row><x/></row></posts>")
	f.Add("")
	f.Fuzz(func(t *testing.T, src string) {
		rows, err := readAll("Posts.xml", src)
		for _, r := range rows {
			if r.Line < 1 || r.File != "Posts.xml" {
				t.Fatalf("row at line %d of %q", r.Line, r.File)
			}
			if r.Int("Id", false); r.Err() != nil && !strings.HasPrefix(r.Err().Error(), "Posts.xml:") {
				t.Fatalf("Int error %q does not name the file", r.Err())
			}
		}
		if err != nil && !strings.HasPrefix(err.Error(), "Posts.xml:") {
			t.Fatalf("error %q does not start with the file and line", err)
		}
	})
}
