package mailinglist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"

	"praxis"
)

// Reader streams the messages of one mbox file or pipermail text archive.
// Messages start with a "From " separator line at the start of the file or
// after a blank line; a body line that begins with ">From " is unescaped
// (mboxrd). Only the message being read is held in memory.
type Reader struct {
	name string
	opts Options
	br   *bufio.Reader

	line int   // lines read so far
	off  int64 // bytes read so far

	raw       []byte // the message being read, separator included
	rawLine   int    // its first line
	rawOff    int64  // its offset
	open      bool   // raw holds a message
	prevBlank bool
	started   bool
	err       error // sticky: read errors and the end of the input
}

// NewReader returns a Reader of r; name (usually the file's path) is used in
// messages and errors.
func NewReader(r io.Reader, name string, opts Options) *Reader {
	return &Reader{name: name, opts: opts, br: bufio.NewReaderSize(r, 64<<10)}
}

// newReaderAt reads a stretch of a file that starts with a message at the
// given line and offset.
func newReaderAt(r io.Reader, name string, opts Options, line int, off int64) *Reader {
	rd := NewReader(r, name, opts)
	rd.line, rd.off = line-1, off
	return rd
}

// Open opens an archive file for reading, decompressing it when it is
// gzipped (recognized by its first bytes, whatever its name). A missing or
// unreadable file is an EINVALID error naming it.
func Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	return wrapGzip(f, f, path)
}

// wrapGzip returns r decompressed when it starts with the gzip magic bytes;
// closing the result closes c.
func wrapGzip(r io.Reader, c io.Closer, path string) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			c.Close()
			return nil, inputError(path, 1, "not a valid gzip file: %v", err)
		}
		return readCloser{zr, c}, nil
	}
	return readCloser{br, c}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

func openError(path string, err error) error {
	msg := "cannot be read"
	switch {
	case errors.Is(err, os.ErrNotExist):
		msg = "no such file"
	case errors.Is(err, os.ErrPermission):
		msg = "permission denied"
	}
	return &praxis.Error{Code: praxis.EINVALID, Message: path + ": " + msg + ".", Err: err}
}

// Next returns the next message, or io.EOF after the last one. An error about
// one message (bad encoding, truncated headers) names the file and line and
// does not stop the Reader: Next may be called again for the following
// message. Errors of the input itself (a truncated gzip stream) are final.
func (r *Reader) Next() (*Message, error) {
	if !r.started {
		r.started = true
		if err := r.start(); err != nil {
			r.err = err
			return nil, err
		}
	}
	if !r.open {
		if r.err == nil {
			r.err = io.EOF
		}
		return nil, r.err
	}
	for r.err == nil {
		line, err := r.readLine()
		if err != nil && err != io.EOF {
			r.err = inputError(r.name, r.line+1, "read error: %v", err)
			r.open = false
			return nil, r.err
		}
		if len(line) > 0 {
			r.line++
			r.off += int64(len(line))
			if r.prevBlank && isSeparator(line) {
				m, perr := r.finish()
				r.begin(line)
				return m, perr
			}
			if int64(len(r.raw)+len(line)) > r.opts.maxMessageBytes() {
				r.err = inputError(r.name, r.rawLine, "the message starting here is larger than %d bytes", r.opts.maxMessageBytes())
				r.open = false
				return nil, r.err
			}
			r.raw = append(r.raw, line...)
			r.prevBlank = isBlank(line)
		}
		if err == io.EOF {
			r.err = io.EOF
		}
	}
	return r.finish()
}

// start reads up to the first separator: blank lines may come first,
// anything else means the file is not an archive. An empty file holds no
// messages.
func (r *Reader) start() error {
	for {
		line, err := r.readLine()
		if err != nil && err != io.EOF {
			return inputError(r.name, r.line+1, "read error: %v", err)
		}
		if len(line) > 0 {
			r.line++
			r.off += int64(len(line))
			if isSeparator(line) {
				r.begin(line)
				return nil
			}
			if !isBlank(line) {
				return inputError(r.name, r.line, "not an mbox file or pipermail archive: a message should start with a line \"From sender date\"")
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

func (r *Reader) begin(sep []byte) {
	r.raw = append(r.raw[:0], sep...)
	r.rawLine = r.line
	r.rawOff = r.off - int64(len(sep))
	r.open = true
	r.prevBlank = false
}

func (r *Reader) finish() (*Message, error) {
	r.open = false
	return parseMessage(r.raw, r.name, r.rawLine, r.rawOff, r.opts)
}

// readLine returns the next line with its newline, however long; the slice
// is valid until the next call.
func (r *Reader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return line, err
	}
	long := append([]byte(nil), line...)
	for err == bufio.ErrBufferFull {
		line, err = r.br.ReadSlice('\n')
		long = append(long, line...)
	}
	return long, err
}

func isBlank(line []byte) bool {
	return len(bytes.TrimRight(line, " \t\r\n")) == 0
}

// isSeparator recognizes the "From " line that starts a message: "From
// sender date", where the sender may be pipermail's "user at host" and the
// date is asctime-like, with a time (h:mm) and a year (four digits).
func isSeparator(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("From ")) || len(line) < 6 || line[5] == ' ' || line[5] == '\t' {
		return false
	}
	rest := line[5:]
	return hasTime(rest) && hasYear(rest)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// hasTime looks for a digit, a colon and two digits.
func hasTime(b []byte) bool {
	for i := 1; i+2 < len(b); i++ {
		if b[i] == ':' && isDigit(b[i-1]) && isDigit(b[i+1]) && isDigit(b[i+2]) {
			return true
		}
	}
	return false
}

// hasYear looks for a run of exactly four digits.
func hasYear(b []byte) bool {
	run := 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && isDigit(b[i]) {
			run++
			continue
		}
		if run == 4 {
			return true
		}
		run = 0
	}
	return false
}
