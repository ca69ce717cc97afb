package ingest

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"

	// Drop-in replacements for compress/gzip and compress/flate that
	// inflate about a fifth faster, on ingest's reading goroutine.
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
)

// MaxLineBytes caps one line. A longer line is skipped and counted as
// malformed: no Windows event comes near it, and an unbounded line would let
// one hostile file exhaust memory.
const MaxLineBytes = 16 << 20

const readBufferSize = 256 << 10

// input is one file named on the command line or found in a directory.
type input struct {
	path string
	size int64
}

// FileError names an input that could not be read, or not to its end.
type FileError struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

func (e FileError) String() string { return e.File + ": " + e.Reason }

// expand turns the paths given into the files to read: files as named,
// directories walked in lexical order for the suffixes ingest reads.
func expand(paths []string) ([]input, []FileError) {
	var (
		ins  []input
		errs []FileError
	)
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, FileError{File: p, Reason: err.Error()})
			continue
		}
		if !st.IsDir() {
			ins = append(ins, input{path: p, size: st.Size()})
			continue
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, FileError{File: q, Reason: err.Error()})
				return nil
			}
			if d.IsDir() {
				if q != p && skipName(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if skipName(d.Name()) || !readableName(d.Name()) {
				return nil
			}
			// Stat, not d.Info: a symlink to a log file counts as the file.
			info, err := os.Stat(q)
			if err == nil && !info.Mode().IsRegular() {
				return nil
			}
			if err != nil {
				errs = append(errs, FileError{File: q, Reason: err.Error()})
				return nil
			}
			ins = append(ins, input{path: q, size: info.Size()})
			return nil
		})
		if err != nil {
			errs = append(errs, FileError{File: p, Reason: err.Error()})
		}
	}
	return ins, errs
}

// skipName reports macOS metadata (__MACOSX/, AppleDouble "._x.json") and
// other hidden entries, which archives made on a Mac are full of and which
// are never JSON.
func skipName(name string) bool {
	if name == "." || name == ".." {
		return false // "./logs/x.json" in a tar is not hidden
	}
	return strings.HasPrefix(name, ".") || name == "__MACOSX"
}

// readableName reports the suffixes read when walking a directory or an
// archive; a file named explicitly is read whatever its name.
func readableName(name string) bool {
	n := strings.ToLower(name)
	for _, s := range [...]string{".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz", ".evtx", ".evtx.gz", ".zip", ".tar.gz", ".tgz"} {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// memberWanted reports archive members holding events.
func memberWanted(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if skipName(part) {
			return false
		}
	}
	n := strings.ToLower(path.Base(name))
	for _, s := range [...]string{".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz", ".evtx", ".evtx.gz"} {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// countingReader counts bytes read from the file for the progress bar.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

type countingReaderAt struct {
	r io.ReaderAt
	n *atomic.Int64
}

func (c countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

var (
	zipMagic  = []byte("PK\x03\x04")
	gzipMagic = []byte{0x1f, 0x8b}
)

// stream is one sequence of JSON lines: a plain file or an archive member.
// A member that cannot be opened comes as a stream with err set and no r,
// so that its error is reported under its own name and the archive goes on.
type stream struct {
	name string
	r    io.Reader
	err  error
}

// walkFile calls fn for each stream of JSON lines in the file at in.path,
// telling plain, gzip, tar.gz and zip apart by their content, not their
// name. A failure before any stream is read is returned; so is one part-way
// through a tar archive (after fn has run for the members before it). A zip
// member that cannot be opened or read to its end (unsupported compression,
// checksum error) does not end the archive: fn gets it as a stream with err
// set, or meets the error reading it, and, when fn returns errReported, the
// next member is read.
func walkFile(in input, read *atomic.Int64, fn func(stream) error) error {
	f, err := os.Open(in.path)
	if err != nil {
		return err
	}
	defer f.Close()
	start := read.Load()
	br := bufio.NewReaderSize(countingReader{f, read}, readBufferSize)
	head, _ := br.Peek(len(zipMagic))
	switch {
	case bytes.HasPrefix(head, zipMagic):
		// The zip reader reads through ReaderAt, counted there; the bytes
		// peeked here would count twice.
		read.Add(start - read.Load())
		return walkZip(in, f, read, fn)
	case bytes.HasPrefix(head, gzipMagic):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		zb := bufio.NewReaderSize(zr, readBufferSize)
		if isTar(zb) {
			return walkTar(in.path, zb, fn)
		}
		return fn(stream{name: in.path, r: zb})
	}
	return fn(stream{name: in.path, r: br})
}

// isTar looks for the ustar magic of a tar header.
func isTar(br *bufio.Reader) bool {
	h, err := br.Peek(512)
	if err != nil {
		return false
	}
	return bytes.Equal(h[257:262], []byte("ustar"))
}

func walkTar(name string, r io.Reader, fn func(stream) error) error {
	tr := tar.NewReader(r)
	members := 0
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if members > 0 && errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("archive truncated after %s: %w", plural(members, "member"), err)
			}
			return fmt.Errorf("tar: %w", err)
		}
		if h.Typeflag != tar.TypeReg || !memberWanted(h.Name) {
			continue
		}
		members++
		if err := memberStream(name+":"+h.Name, tr, fn); err != nil {
			return err
		}
	}
}

func walkZip(in input, f *os.File, read *atomic.Int64, fn func(stream) error) error {
	zr, err := zip.NewReader(countingReaderAt{f, read}, in.size)
	if err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() || !memberWanted(zf.Name) {
			continue
		}
		name := in.path + ":" + zf.Name
		rc, err := zf.Open()
		if err != nil {
			err = fn(stream{name: name, err: fmt.Errorf("zip: %w", err)})
		} else {
			err = memberStream(name, rc, fn)
			rc.Close()
		}
		// The members of a zip are independent: one that fails (reported
		// under its own name) does not stop the next.
		if err != nil && !errors.Is(err, errReported) {
			return err
		}
	}
	return nil
}

// memberStream passes a member to fn, ungzipping a .json.gz member.
func memberStream(name string, r io.Reader, fn func(stream) error) error {
	br := bufio.NewReaderSize(r, readBufferSize)
	if head, _ := br.Peek(2); bytes.Equal(head, gzipMagic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fn(stream{name: name, err: fmt.Errorf("gzip: %w", err)})
		}
		defer zr.Close()
		return fn(stream{name: name, r: zr})
	}
	return fn(stream{name: name, r: br})
}

// lineReader splits a stream into lines with no fixed limit below
// MaxLineBytes. The line returned is valid until the next call.
type lineReader struct {
	r    *bufio.Reader
	n    int // number of the line last returned, from 1
	long []byte
}

func newLineReader(r io.Reader) *lineReader {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < readBufferSize {
		br = bufio.NewReaderSize(r, readBufferSize)
	}
	return &lineReader{r: br}
}

// recordReader cuts a stream into the texts of events.
type recordReader interface {
	// next returns the next record and the line it starts on. tooLong
	// reports a record beyond MaxLineBytes, whose bytes are dropped. A
	// read error comes with the partial record read before it (possibly
	// empty); io.EOF with nothing means the stream is done. The record is
	// valid until the next call.
	next() (rec []byte, line int, tooLong bool, err error)
	// appendRecord appends rec to dst as one line.
	appendRecord(dst, rec []byte) []byte
}

func (lr *lineReader) next() (line []byte, n int, tooLong bool, err error) {
	line, tooLong, err = lr.nextLine()
	return line, lr.n, tooLong, err
}

func (lr *lineReader) appendRecord(dst, rec []byte) []byte { return append(dst, rec...) }

// nextLine returns the next line without its end-of-line bytes. tooLong reports
// a line beyond MaxLineBytes, whose bytes are dropped. A read error comes
// with the partial line read before it (possibly empty); io.EOF with nothing
// means the stream is done.
func (lr *lineReader) nextLine() (line []byte, tooLong bool, err error) {
	b, err := lr.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		lr.long = append(lr.long[:0], b...)
		for errors.Is(err, bufio.ErrBufferFull) {
			b, err = lr.r.ReadSlice('\n')
			if !tooLong && len(lr.long)+len(b) > MaxLineBytes {
				tooLong = true
				lr.long = lr.long[:0]
			}
			if !tooLong {
				lr.long = append(lr.long, b...)
			}
		}
		b = lr.long
		if cap(lr.long) > 4*readBufferSize {
			// Don't keep a huge buffer for the rest of the stream.
			lr.long = nil
		}
	}
	if len(b) == 0 && err != nil && !tooLong {
		return nil, false, err
	}
	lr.n++
	if errors.Is(err, io.EOF) {
		err = nil // the last line had no newline; EOF comes next call
	}
	if tooLong {
		return nil, true, err
	}
	return b, false, err
}

// isJSONDocument reports whether a stream's first bytes start JSON that is
// not one object per line: a top-level array, or an object that spans lines
// (pretty-printed, as EVTX dumpers write). Such a stream is read value by
// value. The first object must close, as valid JSON, within head: a file of
// JSON lines whose first line is cut short stays a file of lines, so one bad
// line cannot swallow the rest.
func isJSONDocument(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 {
		return false
	}
	switch head[0] {
	case '[':
		return true
	case '{':
	default:
		return false
	}
	var s valueScanner
	multiLine := false
	for i, c := range head {
		if c == '\n' {
			multiLine = true
		}
		if s.step(c) {
			return multiLine && json.Valid(head[:i+1])
		}
	}
	return false
}

// valueScanner tracks where a JSON value ends, byte by byte; strings are
// skipped, so braces in them do not count. It does not validate: the
// flattener does.
type valueScanner struct {
	depth      int
	inStr, esc bool
	started    bool
}

// step takes the next byte and reports whether it ended the value.
func (s *valueScanner) step(c byte) bool {
	switch {
	case s.inStr:
		switch {
		case s.esc:
			s.esc = false
		case c == '\\':
			s.esc = true
		case c == '"':
			s.inStr = false
		}
	case c == '"':
		s.inStr = true
	case c == '{' || c == '[':
		s.depth++
		s.started = true
	case c == '}' || c == ']':
		s.depth--
		return s.depth <= 0
	}
	return false
}

// docReader reads a stream of JSON values that may span lines: objects one
// after another (pretty-printed or not), or the elements of a top-level
// array. Each value is an event, named by the line it starts on.
type docReader struct {
	r       *bufio.Reader
	line    int // current line, from 1
	buf     []byte
	inArray bool
	begun   bool
}

func newDocReader(r *bufio.Reader) *docReader { return &docReader{r: r, line: 1} }

func (d *docReader) next() (rec []byte, n int, tooLong bool, err error) {
	// Skip to the next value: whitespace, a byte order mark, and the
	// brackets and commas of a top-level array.
	for {
		c, err := d.r.ReadByte()
		if err != nil {
			return nil, d.line, false, err
		}
		switch {
		case c == '\n':
			d.line++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == ',':
			continue
		case !d.begun && c == 0xEF:
			if b, _ := d.r.Peek(2); bytes.Equal(b, []byte{0xBB, 0xBF}) {
				d.r.Discard(2)
				continue
			}
		case !d.begun && c == '[':
			d.begun, d.inArray = true, true
			continue
		case d.inArray && c == ']':
			d.inArray = false
			continue
		}
		d.begun = true
		if err := d.r.UnreadByte(); err != nil {
			return nil, d.line, false, err
		}
		break
	}
	n = d.line
	d.buf = d.buf[:0]
	var s valueScanner
	lineStart := false
	for {
		c, err := d.r.ReadByte()
		if err == nil && c == '{' && lineStart && !s.inStr && s.depth > 0 && !d.inArray {
			// An object opening at the start of a line inside another:
			// pretty-printers indent nested objects, so the value before
			// was cut short. It ends here, named as bad, and the next one
			// is read whole instead of being swallowed.
			d.r.UnreadByte()
			break
		}
		lineStart = c == '\n'
		if err != nil {
			if errors.Is(err, io.EOF) && len(d.buf) > 0 {
				err = nil // a value cut short: the flattener names it
			}
			if tooLong {
				return nil, n, true, err
			}
			return d.buf, n, false, err
		}
		if c == '\n' {
			d.line++
		}
		if !tooLong {
			d.buf = append(d.buf, c)
			if len(d.buf) > MaxLineBytes {
				tooLong, d.buf = true, nil
			}
		}
		if s.step(c) {
			break
		}
		if !s.started && !s.inStr && (c == ',' || c == ']' || c == '\n') {
			break // a bare scalar at top level: not an event, named as such
		}
	}
	if cap(d.buf) > 4*readBufferSize {
		defer func() { d.buf = nil }()
	}
	if tooLong {
		return nil, n, true, nil
	}
	return d.buf, n, false, nil
}

// appendRecord writes the value on one line, so Raw and the ID do not
// depend on how the file was indented. A value that is not valid JSON is
// kept as read, for the flattener to name its fault.
func (d *docReader) appendRecord(dst, rec []byte) []byte {
	b := bytes.NewBuffer(dst)
	if err := json.Compact(b, rec); err != nil {
		return append(dst, rec...)
	}
	return b.Bytes()
}
