// Package importer brings a community's history into Praxis from where it
// lived before. StackExchange reads a Stack Exchange data dump; the
// mailinglist subpackage reads mailing-list archives. Both stream their
// input (memory stays flat whatever its size), check all of it before
// writing anything, and write through praxis.ImportStore in large batches,
// skipping what an earlier run imported, so an interrupted import is simply
// run again.
package importer

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// Row is one <row .../> element of a Stack Exchange dump file, with where
// it was found for error messages. Int and Time record the first attribute
// that is missing or malformed; Err reports it, so a reader takes the
// attributes it needs and checks once.
type Row struct {
	File  string // the file's base name, e.g. "Posts.xml"
	Line  int
	Attrs []xml.Attr
	err   error
}

// Err returns the first problem Int or Time met in the row, or nil.
func (r *Row) Err() error { return r.err }

// fail records the row's first problem.
func (r *Row) fail(format string, args ...any) {
	if r.err == nil {
		r.err = r.Errorf(format, args...)
	}
}

// Get returns an attribute's value, or "" when it is absent.
func (r *Row) Get(name string) string {
	for _, a := range r.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// Errorf formats an error about the row: "Posts.xml:12: ...".
func (r *Row) Errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", r.File, r.Line, fmt.Sprintf(format, args...))
}

// Int reads an integer attribute; absent is 0, a problem (see Err) when
// required.
func (r *Row) Int(name string, required bool) int64 {
	s := r.Get(name)
	if s == "" {
		if required {
			r.fail("the row has no %s", name)
		}
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		r.fail("%s=%q is not a whole number", name, s)
		return 0
	}
	return n
}

// Time reads a date attribute as Stack Exchange writes them
// ("2014-01-21T20:26:05.383", UTC); absent is the zero time, a problem
// (see Err) when required.
func (r *Row) Time(name string, required bool) time.Time {
	s := r.Get(name)
	if s == "" {
		if required {
			r.fail("the row has no %s", name)
		}
		return time.Time{}
	}
	t, err := parseSETime(s)
	if err != nil {
		r.fail("%s=%q is not a date like 2014-01-21T20:26:05.383", name, s)
		return time.Time{}
	}
	return t
}

func parseSETime(s string) (time.Time, error) {
	// Fractional seconds are optional when parsing this layout.
	t, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	return t.UTC(), err
}

// RowReader streams the rows of one dump file, one element at a time
// (encoding/xml, token by token), so memory stays flat whatever the size.
type RowReader struct {
	name  string
	d     *xml.Decoder
	depth int
	root  string
	ended bool
}

// NewRowReader reads rows from r; name (the file's base name) prefixes
// error messages.
func NewRowReader(name string, r io.Reader) *RowReader {
	d := xml.NewDecoder(r)
	d.Strict = true
	return &RowReader{name: name, d: d}
}

// Next returns the next row, or io.EOF after the last one. Any other error
// names the file and the line: a truncated file, malformed XML, or an
// element other than <row> inside the root.
func (rr *RowReader) Next() (*Row, error) {
	for {
		line, _ := rr.d.InputPos()
		tok, err := rr.d.RawToken()
		if err == io.EOF {
			switch {
			case rr.depth > 0:
				return nil, fmt.Errorf("%s:%d: the file ends inside <%s>: it is truncated", rr.name, line, rr.root)
			case rr.root == "":
				return nil, fmt.Errorf("%s:%d: the file holds no XML element", rr.name, line)
			}
			return nil, io.EOF
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg := se.Msg
				if msg == "unexpected EOF" {
					msg = "the file ends in the middle of an element: it is truncated"
				}
				return nil, fmt.Errorf("%s:%d: %s", rr.name, se.Line, msg)
			}
			return nil, fmt.Errorf("%s:%d: %w", rr.name, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case rr.ended:
				return nil, fmt.Errorf("%s:%d: <%s> after the end of <%s>", rr.name, line, t.Name.Local, rr.root)
			case rr.depth == 0:
				rr.root = t.Name.Local
			case rr.depth == 1 && t.Name.Local == "row":
				rr.depth++
				return &Row{File: rr.name, Line: line, Attrs: t.Attr}, nil
			default:
				return nil, fmt.Errorf("%s:%d: unexpected <%s> inside <%s>; a dump holds <row> elements only", rr.name, line, t.Name.Local, rr.root)
			}
			rr.depth++
		case xml.EndElement:
			want := "row"
			if rr.depth == 1 {
				want = rr.root
			}
			if rr.depth == 0 {
				return nil, fmt.Errorf("%s:%d: </%s> closes nothing", rr.name, line, t.Name.Local)
			}
			if t.Name.Local != want {
				return nil, fmt.Errorf("%s:%d: element <%s> closed by </%s>", rr.name, line, want, t.Name.Local)
			}
			rr.depth--
			if rr.depth == 0 {
				rr.ended = true
			}
		case xml.CharData:
			if rr.depth == 0 && strings.TrimSpace(strings.TrimPrefix(string(t), "\ufeff")) != "" {
				return nil, fmt.Errorf("%s:%d: text outside the root element", rr.name, line)
			}
		}
	}
}

// countingReader counts the bytes read, for progress.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

// eachRow streams the rows of path to fn; read (if not nil) counts bytes.
func eachRow(path, name string, read *int64, fn func(*Row) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<16)
	if read != nil {
		r = countingReader{r, read}
	}
	rr := NewRowReader(name, r)
	for {
		row, err := rr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}
