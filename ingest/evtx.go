package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"www.velocidex.com/golang/evtx"

	"github.com/huntflow/huntflow"
)

// EVTX files are a 4 KiB file header followed by 64 KiB chunks. Each chunk
// holds its own string and template tables, so chunks are parsed
// independently: they are the unit of parallel work, and a corrupt chunk
// costs its own records only.
const (
	evtxFileMagic  = "ElfFile\x00"
	evtxChunkMagic = "ElfChnk\x00"
	evtxHeaderSize = 4096
	evtxChunkSize  = 0x10000
	// evtxChunkHeaderSize is the chunk header; event records follow it.
	evtxChunkHeaderSize = 512
	evtxRecordMagic     = "\x2a\x2a\x00\x00"
	evtxRecordHeader    = 24
)

// isEVTX reports whether head starts an EVTX file.
func isEVTX(head []byte) bool { return bytes.HasPrefix(head, []byte(evtxFileMagic)) }

// readEVTX cuts an EVTX stream into its chunks and queues each for a
// worker. It reads sequentially, so .evtx members of zip and tar archives
// stream like plain files. A short last chunk is queued too, and the worker
// names it.
func (p *pipeline) readEVTX(ctx context.Context, name string, r io.Reader) error {
	head := make([]byte, evtxHeaderSize)
	if _, err := io.ReadFull(r, head); err != nil {
		p.fileError(ctx, name, fmt.Errorf("evtx file header: %w", err))
		return errReported
	}
	// The header names its own size (4096 in every version so far); the
	// chunks start there.
	base := int64(evtxHeaderSize)
	if hs := int64(binary.LittleEndian.Uint16(head[40:])); hs > evtxHeaderSize {
		base = hs
		if _, err := io.CopyN(io.Discard, r, hs-evtxHeaderSize); err != nil {
			p.fileError(ctx, name, fmt.Errorf("evtx file header: %w", err))
			return errReported
		}
	}
	first := true
	for i := 0; ; i++ {
		buf := make([]byte, evtxChunkSize)
		n, err := io.ReadFull(r, buf)
		if n == 0 && (errors.Is(err, io.EOF) || err == nil) {
			if first {
				// An empty log: one (empty) stream all the same.
				return p.send(ctx, &chunk{name: name, newStream: true})
			}
			return nil
		}
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			p.fileError(ctx, name, fmt.Errorf("evtx chunk %d: %w", i, err))
			return errReported
		}
		c := &chunk{name: name, newStream: first, evtx: buf[:n], evtxIndex: i, evtxOffset: base + int64(i)*evtxChunkSize}
		first = false
		if serr := p.send(ctx, c); serr != nil {
			return serr
		}
		if err != nil { // short read: that was the last, partial chunk
			return nil
		}
	}
}

// parseEVTXChunk turns the records of an EVTX chunk into events. Chunk
// damage is checked first (size, signature, header checksum, record
// framing); a chunk the parser panics on is named as corrupt with the
// panic's reason. None of this stops the file: the next chunk is read.
func (p *pipeline) parseEVTXChunk(n *normalizer, c *chunk) {
	bad := func(reason string) {
		c.bad = append(c.bad, BadLine{File: c.name, Chunk: c.evtxIndex, Offset: c.evtxOffset, Reason: reason})
		c.corrupt++
	}
	buf := c.evtx
	if isZeroes(buf) {
		return // preallocated, never written
	}
	if len(buf) < evtxChunkSize {
		bad(fmt.Sprintf("truncated chunk: %d of %d bytes", len(buf), evtxChunkSize))
		return
	}
	if string(buf[:8]) != evtxChunkMagic {
		bad(fmt.Sprintf("bad chunk signature %q", buf[:8]))
		return
	}
	want := binary.LittleEndian.Uint32(buf[124:])
	h := crc32.NewIEEE()
	h.Write(buf[:120])
	h.Write(buf[128:evtxChunkHeaderSize])
	if got := h.Sum32(); got != want {
		bad(fmt.Sprintf("chunk header checksum %08x, want %08x", got, want))
		return
	}
	first := binary.LittleEndian.Uint64(buf[8:])
	last := binary.LittleEndian.Uint64(buf[16:])
	free := binary.LittleEndian.Uint32(buf[48:])
	// The library counts record numbers from first to last inclusive: a
	// last of 2^64-1 never ends its loop.
	if last < first || last == math.MaxUint64 || last-first > evtxChunkSize/evtxRecordHeader || free < evtxChunkHeaderSize || free > evtxChunkSize {
		bad(fmt.Sprintf("chunk header out of range (records %d..%d, free space at %#x)", first, last, free))
		return
	}
	// The records' checksum covers the records only; a log not closed
	// cleanly may leave it stale while the records are whole, so a mismatch
	// is named but the records that frame correctly are still read.
	if got, want := crc32.ChecksumIEEE(buf[evtxChunkHeaderSize:free]), binary.LittleEndian.Uint32(buf[52:]); got != want {
		bad(fmt.Sprintf("event records checksum %08x, want %08x", got, want))
	}
	framed, ferr := frameRecords(buf[:free])
	if ferr != "" {
		bad(ferr)
	}
	if framed == 0 {
		return
	}
	// Rendered JSON runs to about the records' binary size (0.8 times for
	// Security logs, more for Sysmon's longer strings).
	c.buf = make([]byte, 0, int(free)+int(free)/2)
	var records []binxmlRecord
	derr := errLibraryOnly
	if !p.opts.evtxLibrary {
		records, derr = n.binxml.decodeChunk(buf)
	}
	if derr == nil {
		if len(records) < framed {
			bad(fmt.Sprintf("%d of %d records could not be parsed", framed-len(records), framed))
		}
		c.events = make([]huntflow.Event, 0, len(records))
		for _, rec := range records {
			ev, err := n.renderEvent(c, &n.binxml.tree, rec.root, rec.written)
			p.addEVTXEvent(c, rec.id, ev, err)
		}
		return
	}
	if be := (*binxmlError)(nil); errors.As(derr, &be) && be.corrupt {
		bad(be.Error())
		return
	}
	// Our decoder declined the chunk: the EVTX library reads it, as it
	// read every chunk before, damaged ones included.
	c.fallback = true
	p.opts.Logger.Debug("EVTX chunk read by the EVTX library", "file", c.name, "chunk", c.evtxIndex, "reason", derr)
	libRecords, perr := parseChunkRecords(buf)
	if perr != nil {
		bad(perr.Error())
		return
	}
	if len(libRecords) < framed {
		bad(fmt.Sprintf("%d of %d records could not be parsed", framed-len(libRecords), framed))
	}
	c.events = make([]huntflow.Event, 0, len(libRecords))
	for _, rec := range libRecords {
		ev, err := n.evtxEvent(c, rec)
		p.addEVTXEvent(c, rec.Header.RecordID, ev, err)
	}
}

// addEVTXEvent adds the event rendered from record number rec of c, or
// its error as a bad line.
func (p *pipeline) addEVTXEvent(c *chunk, rec uint64, ev huntflow.Event, err error) {
	id := int64(rec)
	if id < 0 {
		id = 0
	}
	if err != nil {
		if errors.Is(err, errInternal) && p.panics.Add(1) <= maxPanicsLogged {
			p.opts.Logger.Error("bug: panic rendering an EVTX record, counted as bad", "file", c.name, "chunk", c.evtxIndex, "record", id, "err", err)
		}
		c.bad = append(c.bad, BadLine{File: c.name, Chunk: c.evtxIndex, Offset: c.evtxOffset, Record: id, Reason: err.Error()})
		return
	}
	c.events = append(c.events, ev)
	c.lineNos = append(c.lineNos, int(id))
}

// errLibraryOnly sends every chunk to the EVTX library (Options.evtxLibrary).
var errLibraryOnly = errors.New("EVTX library chosen")

// errNoEvent is a record that is not an <Event> element.
var errNoEvent = errors.New("record holds no Event element")

// evtxEvent renders the library's rec as JSON at the end of c.buf (the
// event's Raw) and makes the event, its fields handed over by the renderer
// as it writes them. A panic is the record's error.
func (n *normalizer) evtxEvent(c *chunk, rec *evtx.EventRecord) (huntflow.Event, error) {
	t := &n.tree
	t.reset()
	root := t.fromLibrary(rec.Event)
	return n.renderEvent(c, t, root, rec.Header.FileTime)
}

// renderEvent renders the record tree t, root at root, written at the
// FILETIME written, as evtxEvent does.
func (n *normalizer) renderEvent(c *chunk, t *evtxTree, root nodeRef, written uint64) (ev huntflow.Event, err error) {
	start := len(c.buf)
	defer func() {
		if r := recover(); r != nil {
			// The scratch space may be half-written: start afresh, but
			// keep the decoded chunk the next records are in.
			bx := n.binxml
			*n = normalizer{binxml: bx}
			c.buf = c.buf[:start]
			if r == errRecordTooLong {
				ev, err = huntflow.Event{}, errRecordTooLong
				return
			}
			ev, err = huntflow.Event{}, fmt.Errorf("%w: %s", errInternal, huntflow.Truncate(fmt.Sprint(r), 200))
		}
	}()
	f := &n.flat
	f.arena, f.top, f.lifted, f.evtx = f.arena[:0], f.top[:0], f.lifted[:0], false
	// The rendered record is bounded by checkSize; the flattener's per-line
	// limit (which dataElements counts against) does not apply.
	f.flat, f.limit = 0, math.MaxInt
	w := &n.evtx
	w.f, w.n, w.t, w.written = f, n, t, written
	var ok bool
	c.buf, ok = w.record(c.buf, root)
	if !ok {
		c.buf = c.buf[:start]
		return huntflow.Event{}, errNoEvent
	}
	// Raw shares c.buf, which only grows: a later append that moves it
	// leaves this slice on the old array, unchanged.
	return n.build(c.buf[start:len(c.buf):len(c.buf)], false)
}

// parseChunkRecords runs the EVTX library on one chunk, turning a panic on
// damaged data into an error.
func parseChunkRecords(buf []byte) (records []*evtx.EventRecord, err error) {
	defer func() {
		if r := recover(); r != nil {
			records, err = nil, fmt.Errorf("chunk cannot be parsed: %s", huntflow.Truncate(fmt.Sprint(r), 200))
		}
	}()
	ch, err := evtx.NewChunk(bytes.NewReader(buf), 0)
	if err != nil {
		return nil, fmt.Errorf("chunk header: %w", err)
	}
	records, err = ch.Parse(0)
	if err != nil {
		return nil, fmt.Errorf("chunk cannot be parsed: %w", err)
	}
	return records, nil
}

// frameRecords walks the record headers of a chunk (up to its free space)
// and counts the records that frame correctly: signature, a size within the
// chunk, and the size repeated at the record's end. reason names the first
// damage found.
func frameRecords(buf []byte) (n int, reason string) {
	for off := evtxChunkHeaderSize; off+evtxRecordHeader <= len(buf); {
		if string(buf[off:off+4]) != evtxRecordMagic {
			return n, fmt.Sprintf("bad record signature at chunk offset %#x", off)
		}
		size := int(binary.LittleEndian.Uint32(buf[off+4:]))
		if size < evtxRecordHeader+4 || off+size > len(buf) {
			return n, fmt.Sprintf("record at chunk offset %#x has bad size %d", off, size)
		}
		if int(binary.LittleEndian.Uint32(buf[off+size-4:])) != size {
			return n, fmt.Sprintf("record at chunk offset %#x: size copy does not match", off)
		}
		n++
		off += size
	}
	return n, ""
}

func isZeroes(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// hexField reports event fields Windows declares as HexInt32/HexInt64. The
// EVTX library hands them over as plain integers; every other renderer
// (Event Viewer's XML, evtx_dump, nxlog) writes them as 0x-prefixed hex,
// and Sigma rules compare against that text ('0x1410', '0xc000006d').
// Process IDs are hex in the Security channel only (Sysmon writes them in
// decimal). A switch, because it runs on every field of every record.
func hexField(name string, security bool) bool {
	switch name {
	case "Keywords", "LogonId", "SubjectLogonId", "TargetLogonId", "TargetLinkedLogonId",
		"GrantedAccess", "AccessMask", "Status", "SubStatus", "TicketOptions", "TicketEncryptionType",
		"ResultCode", "ReturnCode", "Error Code", "HandleId", "CallerProcessId":
		return true
	case "ProcessId", "NewProcessId", "TargetProcessId":
		return security
	}
	return false
}

// evtxWriter renders a parsed EVTX record as the JSON an EVTX dumper
// writes ({"Event":{"System":{…},"EventData":{…}}}), the event's Raw. When
// f is set it also hands each field to the flattener as it writes it,
// under the name and with the value the flattener would give it reading
// that JSON back (System paths renamed by evtxKey, EventData and UserData
// lifted, spaces stripped, arrays as their JSON): the same fields as the
// JSON path, without parsing the JSON again. Tests compare both ways.
type evtxWriter struct {
	security bool // the record's channel is Security
	// written is the record header's FILETIME (100 ns ticks since 1601):
	// exact, where the library's float seconds are off by a microsecond
	// or two.
	written uint64
	// f receives the fields; nil renders the JSON only.
	f *flattener
	// t is the record's tree.
	t *evtxTree
	n *normalizer
	// path is the dotted path of the object being written, for keys.
	path []byte
	// start is where the record's JSON began in dst, to bound its size.
	start int
}

// errRecordTooLong stops rendering a record whose templates expand beyond
// MaxLineBytes: a crafted chunk can make a small record expand without
// bound.
var errRecordTooLong = fmt.Errorf("record renders to more than %d MiB", MaxLineBytes>>20)

// checkSize panics with errRecordTooLong (recovered by evtxEvent) once the
// record's JSON outgrows MaxLineBytes.
func (w *evtxWriter) checkSize(dst []byte) {
	if len(dst)-w.start > MaxLineBytes {
		panic(errRecordTooLong)
	}
}

// dest says where the fields of the value being written go.
type dest struct {
	mode objMode // modeTop: keys are evtxKey(path); else lifted
	// prefix is the dotted path of a nested object inside EventData or
	// UserData, as the flattener names its members.
	prefix string
	none   bool // not a field at all (the record's own attributes)
}

// record appends the JSON of the record whose tree is w.t, root at root,
// to dst; ok is false when it is not an Event element.
func (w *evtxWriter) record(dst []byte, root nodeRef) ([]byte, bool) {
	t := w.t
	ev, ok := t.get(root, "Event")
	if !ok || t.node(ev).kind != kindDict {
		return dst, false
	}
	w.security = false
	if sys, ok := t.get(ev, "System"); ok {
		if ch, ok := t.get(sys, "Channel"); ok {
			n := t.node(ch)
			w.security = n.kind == kindString && n.str == "Security"
		}
	}
	w.start = len(dst)
	dst = append(dst, `{"Event":{`...)
	firstKey := true
	for _, m := range t.kids(ev) {
		k, v := m.key, m.val
		if t.node(v).kind == kindNull {
			continue
		}
		if !firstKey {
			dst = append(dst, ',')
		}
		firstKey = false
		dst = appendString(dst, k)
		dst = append(dst, ':')
		w.path = append(append(w.path[:0], "Event."...), k...)
		switch k {
		case "EventData":
			if t.node(v).kind == kindDict {
				dst = w.eventData(dst, v)
				break
			}
			dst = w.value(dst, k, v, ctxData, dest{mode: modeTop})
		case "System":
			dst = w.value(dst, k, v, ctxSystem, dest{mode: modeTop})
		default:
			dst = w.value(dst, k, v, ctxData, dest{mode: modeTop})
		}
	}
	return append(dst, "}}"...), true
}

type valueCtx uint8

const (
	ctxData valueCtx = iota
	ctxSystem
	ctxTimeCreated
)

// eventData writes EventData as a map of its named Data elements. The
// library folds <Data Name="X">v</Data> into X: v only when every element
// has a name and a value; an empty element or a lone one is folded here.
func (w *evtxWriter) eventData(dst []byte, d nodeRef) []byte {
	t := w.t
	lift := dest{mode: modeLift}
	var items []evtxMember
	if data, ok := t.get(d, "Data"); ok {
		switch t.node(data).kind {
		case kindList:
			items = t.kids(data)
		case kindDict:
			items = []evtxMember{{val: data}}
		}
	}
	named := len(items) > 0
	for _, it := range items {
		if t.node(it.val).kind != kindDict {
			named = false
		} else if n, ok := t.get(it.val, "Name"); !ok || t.isEmptyString(n) {
			named = false
		}
	}
	dst = append(dst, '{')
	first := true
	sep := func(k string) {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendString(dst, k)
		dst = append(dst, ':')
	}
	for _, m := range t.kids(d) {
		k, x := m.key, m.val
		if t.node(x).kind == kindNull {
			continue
		}
		if k == "Data" && named {
			for _, it := range items {
				n, _ := t.get(it.val, "Name")
				name := w.sprint(n)
				sep(name)
				if val, ok := t.get(it.val, "Value"); ok && t.node(val).kind != kindNull {
					dst = w.field(dst, name, val, lift)
				} else {
					dst = append(dst, `""`...)
					w.emit(name, "", lift)
				}
			}
			continue
		}
		sep(k)
		dst = w.field(dst, k, x, lift)
	}
	return append(dst, '}')
}

func (t *evtxTree) isEmptyString(r nodeRef) bool {
	n := t.node(r)
	return n.kind == kindString && n.str == ""
}

// sprint is a Data element's Name as text: fmt.Sprint's, for the scalars
// the library hands over; a list or dict (which only a crafted log names
// a Data element by) as its JSON.
func (w *evtxWriter) sprint(r nodeRef) string {
	n := w.t.node(r)
	switch n.kind {
	case kindString:
		return n.str
	case kindUint:
		return strconv.FormatUint(n.num, 10)
	case kindBool:
		return strconv.FormatBool(n.num != 0)
	case kindFloat:
		return fmt.Sprint(math.Float64frombits(n.num))
	case kindBinary:
		return fmt.Sprint(n.bin)
	case kindNull:
		return "<nil>"
	}
	return string(w.array(nil, r, ctxData))
}

// field writes an event field's value, in hex where Windows declares it so.
func (w *evtxWriter) field(dst []byte, name string, v nodeRef, d dest) []byte {
	if n := w.t.node(v); n.kind == kindUint && hexField(name, w.security) {
		start := len(dst)
		dst = append(dst, `"0x`...)
		dst = strconv.AppendUint(dst, n.num, 16)
		dst = append(dst, '"')
		w.emitBytes(name, dst[start+1:len(dst)-1], d)
		return dst
	}
	return w.value(dst, name, v, ctxData, d)
}

// emit hands a field to the flattener, named as the flattener would name
// it reading the JSON back.
func (w *evtxWriter) emit(name, value string, d dest) {
	if w.f == nil || d.none {
		return
	}
	start := len(w.f.arena)
	w.f.arena = appendValidUTF8(w.f.arena, value)
	w.add(name, start, d)
}

func (w *evtxWriter) emitBytes(name string, value []byte, d dest) {
	if w.f == nil || d.none {
		return
	}
	start := len(w.f.arena)
	w.f.arena = append(w.f.arena, value...)
	w.add(name, start, d)
}

func (w *evtxWriter) add(name string, start int, d dest) {
	f := w.f
	lift := d.mode != modeTop
	var key string
	if lift {
		kb := append(append(f.keyBuf[:0], d.prefix...), name...)
		if bytes.IndexByte(kb, ' ') >= 0 {
			kb = stripSpaces(kb)
		}
		f.keyBuf = kb
		key = f.intern(kb)
	} else {
		// w.path ends with this field's name.
		if bytes.IndexByte(w.path, ' ') >= 0 {
			f.keyBuf = stripSpaces(append(f.keyBuf[:0], w.path...))
			key, lift = f.intern(f.keyBuf), true
		} else if key = w.n.evtxKeyBytes(w.path); key == "" {
			f.arena = f.arena[:start]
			return
		}
	}
	fl := field{key: key, start: start, end: len(f.arena)}
	if lift {
		f.lifted = append(f.lifted, fl)
	} else {
		f.top = append(f.top, fl)
	}
}

// value writes v, the value of the field or element name, and hands its
// leaves to the flattener as d says.
func (w *evtxWriter) value(dst []byte, name string, v nodeRef, at valueCtx, d dest) []byte {
	start := len(dst)
	switch n := w.t.node(v); n.kind {
	case kindNull:
		return append(dst, "null"...)
	case kindString:
		w.emit(name, n.str, d)
		return appendString(dst, n.str)
	case kindDict:
		return w.object(dst, name, v, at, d)
	case kindList, kindStrings:
		dst = w.array(dst, v, at)
		if d.mode != modeTop && name == "Data" {
			// Data elements inside EventData or UserData: the flattener's
			// own rule, run on the JSON just written.
			w.dataElements(dst[start:], d)
			return dst
		}
		w.emitBytes(name, dst[start:], d)
		return dst
	}
	dst = w.scalar(dst, v, at)
	text := dst[start:]
	if len(text) >= 2 && text[0] == '"' {
		text = text[1 : len(text)-1] // hex, a time: no escapes inside
	}
	w.emitBytes(name, text, d)
	return dst
}

// object writes a dict; its members are fields of the same destination,
// one level down.
func (w *evtxWriter) object(dst []byte, name string, x nodeRef, at valueCtx, d dest) []byte {
	t := w.t
	start := len(dst)
	lift := d.mode != modeTop
	var child dest
	switch {
	case d.none:
		child = d
	case lift && name == "#attributes":
		// The element's own XML attributes (xmlns): not event fields.
		child = dest{none: true}
	case lift && name == "Data" && w.f != nil:
		// Data elements: rendered, then read by the flattener's own rule.
		dst = w.object(dst, name, x, at, dest{none: true})
		w.dataElements(dst[start:], d)
		return dst
	case d.mode == modeUserData:
		// UserData's wrapper element: its members are the event's fields.
		child = dest{mode: modeLift}
	case name == "UserData" || name == "user_data":
		child = dest{mode: modeUserData}
	case liftedKey(name):
		child = dest{mode: modeLift}
	case lift:
		child = dest{mode: modeLift, prefix: d.prefix + name + "."}
	default:
		child = d // System and the like: named by their path
	}
	pathLen := len(w.path)
	dst = append(dst, '{')
	first := true
	for _, m := range t.kids(x) {
		k, e := m.key, m.val
		if t.node(e).kind == kindNull {
			continue
		}
		w.checkSize(dst)
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendString(dst, k)
		dst = append(dst, ':')
		w.path = append(append(w.path[:pathLen], '.'), k...)
		switch {
		case at == ctxSystem && k == "Keywords":
			dst = w.field(dst, k, e, child)
		case at == ctxSystem && k == "TimeCreated":
			dst = w.value(dst, k, e, ctxTimeCreated, child)
		case at == ctxData:
			dst = w.field(dst, k, e, child)
		default:
			dst = w.value(dst, k, e, at, child)
		}
	}
	w.path = w.path[:pathLen]
	return append(dst, '}')
}

// dataElements reads Data elements written at the end of rendered with the
// flattener's rule, so both paths name them alike.
func (w *evtxWriter) dataElements(rendered []byte, d dest) {
	if w.f == nil || d.none {
		return
	}
	f := w.f
	data, pos := f.data, f.pos
	f.data, f.pos = rendered, 0
	// The JSON was written here and is valid; an error cannot happen.
	_ = f.dataElements([]byte(d.prefix+"Data"), 0)
	f.data, f.pos = data, pos
}

// array writes a list; lists are kept as their JSON text, so their members
// are not fields.
func (w *evtxWriter) array(dst []byte, v nodeRef, at valueCtx) []byte {
	t := w.t
	kids := t.kids(v)
	if t.node(v).kind == kindStrings {
		for len(kids) > 0 && t.node(kids[len(kids)-1].val).str == "" {
			kids = kids[:len(kids)-1] // the list's terminating NUL
		}
		dst = append(dst, '[')
		for i, m := range kids {
			w.checkSize(dst)
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, t.node(m.val).str)
		}
		return append(dst, ']')
	}
	dst = append(dst, '[')
	for i, m := range kids {
		w.checkSize(dst)
		if i > 0 {
			dst = append(dst, ',')
		}
		switch n := t.node(m.val); n.kind {
		case kindDict:
			dst = w.object(dst, "", m.val, at, dest{none: true})
		case kindList, kindStrings:
			dst = w.array(dst, m.val, at)
		case kindString:
			dst = appendString(dst, n.str)
		case kindNull:
			dst = append(dst, "null"...)
		default:
			dst = w.scalar(dst, m.val, at)
		}
	}
	return append(dst, ']')
}

// scalar writes a number, bool, time or binary value.
func (w *evtxWriter) scalar(dst []byte, v nodeRef, at valueCtx) []byte {
	n := w.t.node(v)
	switch n.kind {
	case kindBool:
		return strconv.AppendBool(dst, n.num != 0)
	case kindUint:
		return strconv.AppendUint(dst, n.num, 10)
	case kindFloat:
		x := math.Float64frombits(n.num)
		// The library gives FILETIMEs as float seconds since the epoch:
		// written as UTC times, as other renderers do.
		if t, ok := floatTime(x); ok {
			if at == ctxTimeCreated {
				// TimeCreated is when the record was written, which the
				// record header holds exactly.
				if exact := filetime(w.written); exact.Sub(t).Abs() < 10*time.Millisecond {
					t = exact.Truncate(time.Microsecond)
				}
			}
			dst = append(dst, '"')
			dst = t.AppendFormat(dst, "2006-01-02T15:04:05.000000Z")
			return append(dst, '"')
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return append(dst, "null"...)
		}
		return strconv.AppendFloat(dst, x, 'f', -1, 64)
	case kindBinary:
		dst = append(dst, '"')
		start := len(dst)
		dst = hex.AppendEncode(dst, n.bin)
		upper(dst[start:])
		return append(dst, '"')
	case kindString:
		return appendString(dst, n.str)
	}
	return append(dst, "null"...)
}

// appendValidUTF8 appends s with each invalid byte replaced by U+FFFD, as
// appendString writes it and the flattener reads it back.
func appendValidUTF8(dst []byte, s string) []byte {
	if utf8.ValidString(s) {
		return append(dst, s...)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\ufffd"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// floatTime reads the library's FILETIME seconds, to the microsecond
// (a float64 holds no finer near the present).
func floatTime(f float64) (time.Time, bool) {
	if math.IsNaN(f) || f < 0 || f > 1e11 {
		return time.Time{}, false
	}
	us := math.Round(f * 1e6)
	return time.UnixMicro(int64(us)).UTC(), true
}

// filetime converts 100 ns ticks since 1601 to a time.
func filetime(ft uint64) time.Time {
	const epochDelta = 116444736000000000 // 1601 to 1970 in ticks
	if ft < epochDelta || ft > epochDelta+(1<<62)/100 {
		return time.Time{}
	}
	return time.Unix(0, int64(ft-epochDelta)*100).UTC()
}

func upper(b []byte) {
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
}

// appendString appends s as a JSON string. Invalid UTF-8 (a damaged UTF-16
// string) becomes U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, `\u00`...)
				dst = append(dst, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\ufffd"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
