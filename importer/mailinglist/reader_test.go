package mailinglist

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"praxis"
)

// readAll reads every message of a file with a Reader.
func readAll(t *testing.T, path string, opts Options) []*Message {
	t.Helper()
	rc, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	rd := NewReader(rc, path, opts)
	var ms []*Message
	for {
		m, err := rd.Next()
		if err == io.EOF {
			return ms
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		ms = append(ms, m)
	}
}

func TestReaderModernMbox(t *testing.T) {
	ms := readAll(t, "testdata/modern.mbox", Options{})
	if len(ms) != 4 {
		t.Fatalf("got %d messages, want 4", len(ms))
	}
	tests := []struct {
		name                  string
		m                     *Message
		id, subject, normal   string
		from                  Address
		date                  time.Time
		line                  int
		body, quoted, sig     string
		inReplyTo, references []string
	}{
		{
			name: "quoted-printable, encoded words, obfuscated address, >From, signature",
			m:    ms[0], id: "m1@example.org", line: 1,
			subject: "Café prices € and crème", normal: "Café prices € and crème",
			from: Address{Addr: "renee@example.org", Name: "Renée Dupré"},
			date: time.Date(2021, 3, 1, 10, 0, 0, 0, time.UTC),
			body: "Is there a way to price a café crème with a very long line that was softly broken?\n" +
				"Costs €5 = five euros.\n\nFrom the archive: a line that mbox escaped.",
			sig: "Renée\nCafé Research",
		},
		{
			name: "Latin-1 body, two-line attribution, zone comment",
			m:    ms[1], id: "m2@example.org", line: 21,
			subject: "Re: Café prices € and crème", normal: "Café prices € and crème",
			from:      Address{Addr: "bob@example.org", Name: "Bob Martin"},
			date:      time.Date(2021, 3, 1, 12, 0, 0, 0, time.UTC),
			body:      "J'ai essayé ça.\n\nBob",
			quoted:    "On Mon, Mar 1, 2021 at 11:00 AM Renée Dupré <renee@example.org>\nwrote:\n> Is there a way to price a café?",
			inReplyTo: []string{"m1@example.org"}, references: []string{"m1@example.org"},
		},
		{
			name: "multipart alternative with a base64 text part, raw UTF-8 subject, list tag and RE:",
			m:    ms[2], id: "m3@example.org", line: 39,
			subject: "[Fin-List] RE: Café prices € and crème", normal: "Café prices € and crème",
			from:      Address{Addr: "carol@example.org", Name: "Carol Müller"},
			date:      time.Date(2021, 3, 1, 13, 0, 0, 0, time.UTC),
			body:      "The plain part ✓",
			inReplyTo: []string{"m2@example.org"}, references: []string{"m1@example.org", "m2@example.org"},
		},
		{
			name: "no Message-ID, no day name",
			m:    ms[3], line: 60,
			subject: "No id here", normal: "No id here",
			from: Address{Addr: "dave@example.org"},
			date: time.Date(2021, 3, 1, 14, 0, 0, 0, time.UTC),
			body: "A message without a Message-ID.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			if tt.id != "" && m.ID != tt.id {
				t.Errorf("ID = %q, want %q", m.ID, tt.id)
			}
			if got, want := m.SyntheticID, tt.id == ""; got != want {
				t.Errorf("SyntheticID = %v, want %v (ID %q)", got, want, m.ID)
			}
			if m.Line != tt.line || m.File != "testdata/modern.mbox" {
				t.Errorf("at %s:%d, want testdata/modern.mbox:%d", m.File, m.Line, tt.line)
			}
			if m.Subject != tt.subject {
				t.Errorf("Subject = %q, want %q", m.Subject, tt.subject)
			}
			if got := NormalizeSubject(m.Subject); got != tt.normal {
				t.Errorf("NormalizeSubject = %q, want %q", got, tt.normal)
			}
			if m.From != tt.from {
				t.Errorf("From = %+v, want %+v", m.From, tt.from)
			}
			if !m.Date.Equal(tt.date) || m.Date.Location() != time.UTC {
				t.Errorf("Date = %v, want %v", m.Date, tt.date)
			}
			if m.Body != tt.body {
				t.Errorf("Body = %q, want %q", m.Body, tt.body)
			}
			if m.Quoted != tt.quoted {
				t.Errorf("Quoted = %q, want %q", m.Quoted, tt.quoted)
			}
			if m.Signature != tt.sig {
				t.Errorf("Signature = %q, want %q", m.Signature, tt.sig)
			}
			if strings.Join(m.InReplyTo, " ") != strings.Join(tt.inReplyTo, " ") {
				t.Errorf("InReplyTo = %q, want %q", m.InReplyTo, tt.inReplyTo)
			}
			if strings.Join(m.References, " ") != strings.Join(tt.references, " ") {
				t.Errorf("References = %q, want %q", m.References, tt.references)
			}
		})
	}
	// The synthetic id is stable: a second reading gives the same.
	if again := readAll(t, "testdata/modern.mbox", Options{}); again[3].ID != ms[3].ID {
		t.Errorf("synthetic id changed: %q then %q", ms[3].ID, again[3].ID)
	}
	// Offsets and sizes cover the file.
	fi, _ := os.Stat("testdata/modern.mbox")
	var sum int64
	for i, m := range ms {
		if m.Offset != sum {
			t.Errorf("message %d at offset %d, want %d", i, m.Offset, sum)
		}
		sum += m.Size
	}
	if sum != fi.Size() {
		t.Errorf("sizes add up to %d, the file has %d bytes", sum, fi.Size())
	}
}

func TestReaderPipermailAndGzip(t *testing.T) {
	plain := readAll(t, "testdata/pipermail.txt", Options{})
	zipped := readAll(t, "testdata/pipermail.txt.gz", Options{})
	if len(plain) != 8 || len(zipped) != 8 {
		t.Fatalf("got %d and %d messages, want 8 in both", len(plain), len(zipped))
	}
	for i := range plain {
		if plain[i].ID != zipped[i].ID || plain[i].Body != zipped[i].Body || plain[i].Line != zipped[i].Line {
			t.Errorf("message %d differs between the plain and the gzipped file", i)
		}
	}
	root := plain[0]
	if root.From != (Address{Addr: "ann@example.org", Name: "Ann Smith"}) {
		t.Errorf("From = %+v", root.From)
	}
	if want := "Hi all,\n\nHow do I merge two xts series with different time stamps?\n\nAnn"; root.Body != want {
		t.Errorf("Body = %q, want %q (the footer removed)", root.Body, want)
	}
	reply := plain[2]
	if want := "Ann Smith wrote:\n> How do I merge two xts series with different time stamps?"; reply.Quoted != want {
		t.Errorf("Quoted = %q, want %q", reply.Quoted, want)
	}
	if want := "Use merge():\n\n> x <- merge(a, b)\n> head(x)"; reply.Body != want {
		t.Errorf("Body = %q, want %q (an R session is text, not a quote)", reply.Body, want)
	}
	want := Attachment{Name: "merge.R", Type: "application/octet-stream", Size: 1234,
		URL: "https://stat.ethz.ch/pipermail/r-sig-finance/attachments/20100105/abcd/attachment.obj"}
	if len(reply.Attachments) != 1 || reply.Attachments[0] != want {
		t.Errorf("Attachments = %+v, want [%+v]", reply.Attachments, want)
	}
	if len(reply.Blocks) != 2 || !reply.Blocks[0].Quote || reply.Blocks[1].Quote {
		t.Errorf("Blocks = %+v, want a quote then new text", reply.Blocks)
	}
}

// errorText returns err's message, checking that it is an EINVALID error.
func errorText(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if code := praxis.ErrorCode(err); code != praxis.EINVALID {
		t.Errorf("code %q, want %q (%v)", code, praxis.EINVALID, err)
	}
	return praxis.ErrorMessage(err)
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	// A gzip file cut in the middle.
	gz, err := os.ReadFile("testdata/pipermail.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	cutGzip := filepath.Join(dir, "cut.txt.gz")
	if err := os.WriteFile(cutGzip, gz[:len(gz)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	// A MIME message without its closing boundary.
	cutMIME := filepath.Join(dir, "cut-mime.mbox")
	if err := os.WriteFile(cutMIME, []byte("From a@b.c Mon Mar  1 10:00:00 2021\nFrom: a@b.c\nDate: Mon, 1 Mar 2021 10:00:00 +0000\n"+
		"Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\nhalf a mes"), 0o644); err != nil {
		t.Fatal(err)
	}
	unknown := filepath.Join(dir, "unknown-charset.mbox")
	if err := os.WriteFile(unknown, []byte("From a@b.c Mon Mar  1 10:00:00 2021\nFrom: a@b.c\nDate: Mon, 1 Mar 2021 10:00:00 +0000\n"+
		"Content-Type: text/plain; charset=x-klingon\n\nqapla\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noDate := filepath.Join(dir, "no-date.mbox")
	if err := os.WriteFile(noDate, []byte("From a@b.c at 10:00 in 2021\nFrom: a@b.c\n\nWhen?\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		paths []string
		opts  Options
		want  string // the start of the error message
	}{
		{"truncated inside the headers", []string{"testdata/truncated.mbox"}, Options{},
			"testdata/truncated.mbox:9: the file ends inside the headers"},
		{"not UTF-8, no charset", []string{"testdata/latin1-undeclared.mbox"}, Options{},
			"testdata/latin1-undeclared.mbox:8: the text is not valid UTF-8 and declares no charset"},
		{"not an archive", []string{"testdata/not-an-archive.txt"}, Options{},
			"testdata/not-an-archive.txt:1: not an mbox file or pipermail archive"},
		{"missing file", []string{"testdata/pipermail.txt", "testdata/no-such-file.mbox"}, Options{},
			"testdata/no-such-file.mbox: no such file"},
		{"directory", []string{"testdata"}, Options{}, "testdata: not a file"},
		{"no files", nil, Options{}, "No archive files given"},
		{"truncated gzip", []string{cutGzip}, Options{}, cutGzip + ":"},
		{"truncated MIME", []string{cutMIME}, Options{}, cutMIME + ":1: the MIME body of the message starting here is broken"},
		{"unknown charset", []string{unknown}, Options{}, unknown + ":6: the message uses an unknown charset \"x-klingon\""},
		{"no date", []string{noDate}, Options{}, noDate + ":1: the message has no date"},
		{"unknown fallback charset", []string{"testdata/pipermail.txt"}, Options{FallbackCharset: "x-klingon"}, "Unknown charset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := Scan(context.Background(), tt.paths, tt.opts)
			if x != nil {
				t.Errorf("Scan returned an index with the error")
			}
			if msg := errorText(t, err); !strings.HasPrefix(msg, tt.want) {
				t.Errorf("error %q, want it to start with %q", msg, tt.want)
			}
		})
	}
}

func TestFallbackCharset(t *testing.T) {
	x, err := Scan(context.Background(), []string{"testdata/latin1-undeclared.mbox"}, Options{FallbackCharset: "windows-1252"})
	if err != nil {
		t.Fatal(err)
	}
	var body string
	if err := x.Each(context.Background(), func(m *Message) error { body = m.Body; return nil }); err != nil {
		t.Fatal(err)
	}
	if want := "First line is fine.\nSecond line has café in Latin-1."; body != want {
		t.Errorf("Body = %q, want %q", body, want)
	}
}

// A Reader goes on after an error about one message.
func TestReaderContinuesAfterBadMessage(t *testing.T) {
	in := "From a@b.c Mon Mar  1 10:00:00 2021\nFrom: a@b.c\nDate: Mon, 1 Mar 2021 10:00:00 +0000\n\ncaf\xe9\n\n" +
		"From a@b.c Mon Mar  1 11:00:00 2021\nFrom: a@b.c\nDate: Mon, 1 Mar 2021 11:00:00 +0000\nMessage-ID: <ok@b.c>\n\nfine\n"
	rd := NewReader(strings.NewReader(in), "in.mbox", Options{})
	if _, err := rd.Next(); !strings.HasPrefix(errorText(t, err), "in.mbox:5:") {
		t.Errorf("first message: %v, want an error at in.mbox:5", err)
	}
	m, err := rd.Next()
	if err != nil || m.ID != "ok@b.c" || m.Line != 7 {
		t.Fatalf("second message: %+v, %v", m, err)
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Errorf("then %v, want io.EOF", err)
	}
}

func TestReaderEmptyAndLongLines(t *testing.T) {
	if _, err := NewReader(strings.NewReader(""), "empty", Options{}).Next(); err != io.EOF {
		t.Errorf("empty input: %v, want io.EOF", err)
	}
	if _, err := NewReader(strings.NewReader("\n\n"), "blank", Options{}).Next(); err != io.EOF {
		t.Errorf("blank input: %v, want io.EOF", err)
	}
	long := strings.Repeat("x", 200_000)
	in := "From a@b.c Mon Mar  1 10:00:00 2021\nFrom: a@b.c\nDate: Mon, 1 Mar 2021 10:00:00 +0000\n\n" + long + "\n"
	m, err := NewReader(strings.NewReader(in), "long", Options{}).Next()
	if err != nil || m.Body != long {
		t.Fatalf("a 200,000-byte line: %v", err)
	}
	_, err = NewReader(strings.NewReader(in), "long", Options{MaxMessageBytes: 1000}).Next()
	if msg := errorText(t, err); !strings.HasPrefix(msg, "long:1: the message starting here is larger than 1000 bytes") {
		t.Errorf("error %q", msg)
	}
}

func TestOpenGzipByContent(t *testing.T) {
	// A gzipped archive is recognized by its bytes, whatever its name.
	dir := t.TempDir()
	path := filepath.Join(dir, "archive.mbox")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte("From a@b.c Mon Mar  1 10:00:00 2021\nFrom: a@b.c\nDate: Mon, 1 Mar 2021 10:00:00 +0000\nMessage-ID: <z@b.c>\n\nzipped\n"))
	zw.Close()
	f.Close()
	ms := readAll(t, path, Options{})
	if len(ms) != 1 || ms[0].Body != "zipped" {
		t.Errorf("got %+v", ms)
	}
	if _, err := Open(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open of a missing file: %v, want it to wrap os.ErrNotExist", err)
	}
}
