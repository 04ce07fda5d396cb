package mailinglist

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"praxis"
)

// FuzzParse feeds arbitrary bytes to the Reader and, through a file, to Scan
// and Each. Seeds: testdata/fuzz/FuzzParse and the fixtures. Run longer with
//
//	go test -run '^$' -fuzz=FuzzParse -fuzztime=60s ./importer/mailinglist/
func FuzzParse(f *testing.F) {
	for _, name := range []string{"modern.mbox", "pipermail.txt", "truncated.mbox", "latin1-undeclared.mbox"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 1<<16 {
			return
		}
		rd := NewReader(bytes.NewReader(in), "in.mbox", Options{})
		lastLine := 0
		var end int64
		for range 10_000 {
			m, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				if praxis.ErrorCode(err) != praxis.EINVALID || !strings.HasPrefix(praxis.ErrorMessage(err), "in.mbox:") {
					t.Fatalf("error %v: want EINVALID naming the file", err)
				}
				continue
			}
			if m.Line <= lastLine || m.Offset < end || m.Offset+m.Size > int64(len(in)) {
				t.Fatalf("message at line %d offset %d size %d, after line %d offset %d, input %d bytes", m.Line, m.Offset, m.Size, lastLine, end, len(in))
			}
			lastLine, end = m.Line, m.Offset+m.Size
			for _, s := range []string{m.ID, m.Subject, m.From.Addr, m.From.Name, m.Body, m.Quoted, m.Signature} {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Fatalf("text %q is not clean UTF-8", s)
				}
			}
			if m.ID == "" || m.Date.IsZero() {
				t.Fatalf("message without id or date: %+v", m)
			}
		}

		path := filepath.Join(t.TempDir(), "in.mbox")
		if err := os.WriteFile(path, in, 0o644); err != nil {
			t.Fatal(err)
		}
		x, err := Scan(context.Background(), []string{path}, Options{})
		if err != nil {
			if praxis.ErrorCode(err) != praxis.EINVALID {
				t.Fatalf("Scan: %v: want EINVALID", err)
			}
			return
		}
		seen := map[string]bool{}
		err = x.Each(context.Background(), func(m *Message) error {
			if m.Parent != "" && !seen[m.Parent] {
				t.Fatalf("%s before its parent %s", m.ID, m.Parent)
			}
			if seen[m.ID] {
				t.Fatalf("%s twice", m.ID)
			}
			seen[m.ID] = true
			return nil
		})
		if err != nil {
			t.Fatalf("Each after a good Scan: %v", err)
		}
		if len(seen) != x.Len() {
			t.Fatalf("Each gave %d messages, Len %d", len(seen), x.Len())
		}
	})
}
