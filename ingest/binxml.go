package ingest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A decoder of the Binary XML of EVTX chunks, written from the format's
// documentation (libevtx's "Windows XML Event Log (EVTX) format"). It
// builds, for each record, the tree the EVTX library's template expansion
// builds, so the renderer writes the same JSON from either; tests compare
// the two on every record of SigmaHQ's regression logs.
//
// What makes it fast is that a template is compiled once per chunk: a
// chunk defines each template inline the first time a record uses it and
// refers to it by its offset afterwards, so the records after the first
// decode only their substitution values. Strings are converted from UTF-16
// into one buffer per chunk, made a Go string once, and the tree lives in
// slices reused from chunk to chunk.
//
// The decoder is strict where the library is lenient: anything it does not
// recognise or that does not fit (an unknown token, an offset outside the
// chunk, a value shorter than its type, a template used before its
// definition, nesting too deep) is an error, and the caller parses the
// chunk with the library instead, so damaged and unusual logs read exactly
// as they did before.

// Binary XML tokens. The 0x40 bit of an element or value token says more
// data follows (attributes; another value).
const (
	tokEOF             = 0x00
	tokOpenStart       = 0x01
	tokOpenStartAttrs  = 0x41
	tokCloseStart      = 0x02
	tokCloseEmpty      = 0x03
	tokEndElement      = 0x04
	tokValue           = 0x05
	tokValueMore       = 0x45
	tokAttribute       = 0x06
	tokAttributeMore   = 0x46
	tokTemplate        = 0x0c
	tokSubstitution    = 0x0d
	tokOptionalSubst   = 0x0e
	tokFragmentHeader  = 0x0f
	binxmlMaxDepth     = 64      // elements within elements, BinXML within BinXML
	binxmlMaxTreeNodes = 1 << 21 // nodes and members of a chunk's trees
)

// Substitution value types.
const (
	valNull        = 0x00
	valString      = 0x01
	valUint8       = 0x04
	valUint16      = 0x06
	valUint32      = 0x08
	valUint64      = 0x0a
	valBool        = 0x0d
	valBinary      = 0x0e
	valGUID        = 0x0f
	valFiletime    = 0x11
	valSID         = 0x13
	valHexInt32    = 0x14
	valHexInt64    = 0x15
	valBinXML      = 0x21
	valStringArray = 0x81
)

// noNode is an absent value: a substitution with no value, an empty
// element outside a template.
const noNode nodeRef = -1

// binxmlRecord is a decoded record: its header's number and FILETIME and
// its tree's root in the decoder's tree.
type binxmlRecord struct {
	id, written uint64
	root        nodeRef
}

// binxmlDecoder decodes chunks one at a time; its buffers are reused.
type binxmlDecoder struct {
	tree evtxTree
	// templates are the chunk's compiled templates by the offset of their
	// definition; ids maps a template's identifier to that offset (the
	// library finds templates by identifier: the two must agree).
	templates map[uint32]*tnode
	ids       map[uint32]uint32
	names     map[uint32]string // element and attribute names by offset
	// text holds the UTF-8 of the chunk's substitution strings; their
	// nodes point into it (pending) until the chunk is decoded.
	text    []byte
	pending []nodeRef
	args    []nodeRef // the values of the template instances being expanded
	descs   []uint32  // their descriptors: size<<16 | type
	records []binxmlRecord
	depth   int // BinXML values being decoded within one another
	// blocks hold the chunk's tnodes, used of them in use.
	blocks []*[tnodeBlock]tnode
	used   int
	// stack holds the open elements of the markup being parsed; a parse
	// inside another (a template's definition, a BinXML value) stacks
	// its elements above the outer one's.
	stack []*tnode
}

// tnode is a node of a compiled template, or of the markup outside
// templates (a record's own, a BinXML value's): an element, literal text,
// a substitution, or the list repeated elements become.
type tnode struct {
	kind tkind
	// isDict: the element has members (an element with no attribute,
	// text or child has none, and expands to the template's first value).
	isDict  bool
	members []tmember
	text    string
	value   nodeRef // tkValue: an expanded template instance
	id      int     // tkSubst: the value's index
	list    []*tnode
	// curKey is the attribute whose value comes next.
	curKey string
}

type tkind uint8

const (
	tkElement tkind = iota
	tkText
	tkValue
	tkSubst
	tkList
)

type tmember struct {
	key  string
	node *tnode
}

// set gives key the node, moving a key set again to the end (as the
// library's ordered dict does).
func (n *tnode) set(key string, v *tnode) {
	n.isDict = true
	for i, m := range n.members {
		if m.key == key {
			copy(n.members[i:], n.members[i+1:])
			n.members[len(n.members)-1] = tmember{key, v}
			return
		}
	}
	n.members = append(n.members, tmember{key, v})
}

func (n *tnode) get(key string) *tnode {
	for _, m := range n.members {
		if m.key == key {
			return m.node
		}
	}
	return nil
}

// setLiteral sets text or a value; xmlns attributes are left out (but
// still make the element a dict), as the library leaves them out.
func (n *tnode) setLiteral(key string, v *tnode) {
	n.isDict = true
	if key != "xmlns" {
		n.set(key, v)
	}
}

// addChild adds a child element; a name seen before becomes a list.
func (d *binxmlDecoder) addChild(n *tnode, key string, child *tnode) {
	if old := n.get(key); old != nil {
		if old.kind == tkList {
			old.list = append(old.list, child)
			return
		}
		list := d.newTnode(tkList)
		list.list = append(list.list, old, child)
		child = list
	}
	n.set(key, child)
}

// tnodeBlock is how many tnodes the decoder allocates at a time.
const tnodeBlock = 256

// newTnode returns a tnode that lives until the next chunk. tnodes are
// reused from chunk to chunk, with their members' and lists' arrays.
func (d *binxmlDecoder) newTnode(kind tkind) *tnode {
	if d.used == len(d.blocks)*tnodeBlock {
		d.blocks = append(d.blocks, new([tnodeBlock]tnode))
	}
	n := &d.blocks[d.used/tnodeBlock][d.used%tnodeBlock]
	d.used++
	*n = tnode{kind: kind, members: n.members[:0], list: n.list[:0]}
	return n
}

// binxmlError is a chunk the decoder leaves to the library. A corrupt one
// is not handed on: it declares more than a chunk can hold, which the
// library would try to allocate or loop over for ever.
type binxmlError struct {
	off     int
	reason  string
	corrupt bool
}

func (e *binxmlError) Error() string {
	return fmt.Sprintf("binxml: %s at chunk offset %#x", e.reason, e.off)
}

// reader reads the chunk; its error is sticky and every read after one
// returns zeros, so a parse loop meets an end-of-fragment token and stops.
type reader struct {
	b   []byte
	pos int
	err error
}

func (r *reader) fail(reason string) {
	if r.err == nil {
		r.err = &binxmlError{off: r.pos, reason: reason}
	}
	r.pos = len(r.b)
}

func (r *reader) need(n int) bool {
	if n < 0 || n > len(r.b)-r.pos {
		r.fail(fmt.Sprintf("%d bytes past the end of the chunk", n))
		return false
	}
	return true
}

func (r *reader) u8() byte {
	if !r.need(1) {
		return 0
	}
	r.pos++
	return r.b[r.pos-1]
}

func (r *reader) u16() uint16 {
	if !r.need(2) {
		return 0
	}
	r.pos += 2
	return binary.LittleEndian.Uint16(r.b[r.pos-2:])
}

func (r *reader) u32() uint32 {
	if !r.need(4) {
		return 0
	}
	r.pos += 4
	return binary.LittleEndian.Uint32(r.b[r.pos-4:])
}

func (r *reader) u64() uint64 {
	if !r.need(8) {
		return 0
	}
	r.pos += 8
	return binary.LittleEndian.Uint64(r.b[r.pos-8:])
}

func (r *reader) bytes(n int) []byte {
	if !r.need(n) {
		return nil
	}
	r.pos += n
	return r.b[r.pos-n : r.pos : r.pos]
}

func (r *reader) skip(n int) { r.bytes(n) }

// decodeChunk decodes the records of an EVTX chunk (64 KiB, header
// checked) into d.records and d.tree. A panic, which damaged data could
// cause only through a bug here, is an error like any other: the chunk
// goes to the library.
func (d *binxmlDecoder) decodeChunk(chunk []byte) (records []binxmlRecord, err error) {
	defer func() {
		if r := recover(); r != nil {
			records, err = nil, fmt.Errorf("binxml: panic: %v", r)
		}
	}()
	d.reset()
	r := &reader{b: chunk}
	first := binary.LittleEndian.Uint64(chunk[8:])
	last := binary.LittleEndian.Uint64(chunk[16:])
	pos := evtxChunkHeaderSize
	// Records are read by number, as the library reads them, until one
	// lacks the record signature.
	for i := uint64(0); first+i <= last && first+i >= first; i++ {
		if pos+evtxRecordHeader > len(chunk) || string(chunk[pos:pos+4]) != evtxRecordMagic {
			break
		}
		size := int(binary.LittleEndian.Uint32(chunk[pos+4:]))
		if size < evtxRecordHeader+4 || size > len(chunk)-pos {
			return nil, &binxmlError{off: pos, reason: fmt.Sprintf("record size %d", size)}
		}
		rec := binxmlRecord{
			id:      binary.LittleEndian.Uint64(chunk[pos+8:]),
			written: binary.LittleEndian.Uint64(chunk[pos+16:]),
		}
		r.pos = pos + evtxRecordHeader
		root, err := d.fragment(r)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", rec.id, err)
		}
		if root == noNode {
			// No element at all: the renderer names it as the library's
			// nil record.
			root = d.tree.add(evtxNode{kind: kindNull})
		}
		rec.root = root
		// The library drops records numbered past 2^63 (its record
		// number is an int).
		if int64(rec.id) >= 0 {
			d.records = append(d.records, rec)
		}
		pos += size
	}
	d.resolveText()
	return d.records, nil
}

func (d *binxmlDecoder) reset() {
	d.tree.reset()
	clear(d.templates)
	clear(d.ids)
	clear(d.names)
	if d.templates == nil {
		d.templates, d.ids, d.names = map[uint32]*tnode{}, map[uint32]uint32{}, map[uint32]string{}
	}
	d.text, d.pending, d.args, d.descs, d.records = d.text[:0], d.pending[:0], d.args[:0], d.descs[:0], d.records[:0]
	d.depth, d.used, d.stack = 0, 0, d.stack[:0]
}

// resolveText makes the chunk's text one string and points the pending
// string nodes into it: one allocation for all of them.
func (d *binxmlDecoder) resolveText() {
	text := string(d.text)
	for _, ref := range d.pending {
		n := d.tree.node(ref)
		n.str = text[n.off : n.off+n.n]
		n.num, n.off, n.n = 0, 0, 0
	}
}

// fragment parses markup outside a template (a record's, a BinXML
// value's) and expands it: the value of the element it holds.
func (d *binxmlDecoder) fragment(r *reader) (nodeRef, error) {
	p := parser{d: d, r: r}
	root, err := p.parse(false)
	if err != nil {
		return noNode, err
	}
	return d.expand(root, nil, false, 0)
}

// parser builds the tnodes of a stretch of markup.
type parser struct {
	d *binxmlDecoder
	r *reader
	// base is where this parse's elements start on d.stack.
	base int
	// attrMode: an attribute's name has been read and its value is next
	// (the library keeps this across elements until a start tag closes).
	attrMode bool
}

func (p *parser) cur() *tnode { return p.d.stack[len(p.d.stack)-1] }

// depth is the number of open elements, the root included.
func (p *parser) depth() int { return len(p.d.stack) - p.base }

// key is where a value goes: the pending attribute, else the element's
// text ("").
func (p *parser) key() string {
	if p.attrMode {
		return p.cur().curKey
	}
	return ""
}

// parse reads tokens up to the end of the fragment. A template's
// definition (inTemplate) holds no template instances.
func (p *parser) parse(inTemplate bool) (*tnode, error) {
	r, d := p.r, p.d
	root := d.newTnode(tkElement)
	p.base = len(d.stack)
	d.stack = append(d.stack, root)
	defer func() { d.stack = d.stack[:p.base] }()
	for {
		at := r.pos
		tok := r.u8()
		if r.err != nil {
			return nil, r.err
		}
		switch tok {
		case tokEOF:
			if p.depth() != 1 {
				return nil, &binxmlError{off: at, reason: "fragment ends inside an element"}
			}
			return root, nil
		case tokOpenStart, tokOpenStartAttrs:
			r.skip(2 + 4) // dependency identifier, size
			name := d.name(r)
			if tok == tokOpenStartAttrs {
				r.skip(4) // attribute list size
			}
			if p.depth() > binxmlMaxDepth {
				return nil, &binxmlError{off: at, reason: "elements nested too deep"}
			}
			el := d.newTnode(tkElement)
			d.addChild(p.cur(), name, el)
			d.stack = append(d.stack, el)
		case tokCloseStart:
			p.attrMode = false
			p.cur().curKey = ""
		case tokCloseEmpty, tokEndElement:
			if p.depth() == 1 {
				return nil, &binxmlError{off: at, reason: "end of an element not open"}
			}
			d.stack = d.stack[:len(d.stack)-1]
		case tokValue, tokValueMore:
			r.skip(1) // value type: always a UTF-16 string
			n := int(r.u16())
			lit := d.newTnode(tkText)
			lit.text = d.utf16String(r.bytes(2 * n))
			p.cur().setLiteral(p.key(), lit)
			p.attrMode = false
		case tokAttribute, tokAttributeMore:
			p.cur().curKey = d.name(r)
			p.attrMode = true
		case tokTemplate:
			if inTemplate {
				return nil, &binxmlError{off: at, reason: "template instance inside a template"}
			}
			v, err := d.templateInstance(r)
			if err != nil {
				return nil, err
			}
			lit := d.newTnode(tkValue)
			lit.value = v
			p.cur().setLiteral(p.key(), lit)
		case tokSubstitution, tokOptionalSubst:
			id := r.u16()
			// The library reads a second type byte after a null type.
			if r.u8() == valNull {
				r.skip(1)
			}
			sub := d.newTnode(tkSubst)
			sub.id = int(id)
			p.cur().set(p.key(), sub)
		case tokFragmentHeader:
			r.skip(3) // major and minor version, flags
		default:
			return nil, &binxmlError{off: at, reason: fmt.Sprintf("unsupported token %#02x", tok)}
		}
		if r.err != nil {
			return nil, r.err
		}
	}
}

// name reads a name: the offset of its string in the chunk, which is here
// when this is its first use.
func (d *binxmlDecoder) name(r *reader) string {
	off := r.u32()
	if r.err != nil {
		return ""
	}
	if s, ok := d.names[off]; ok && int(off) != r.pos {
		return s
	}
	// next string offset (4), hash (2), length (2), UTF-16 and a NUL.
	nr := r
	if int(off) != r.pos {
		nr = &reader{b: r.b, pos: int(off)}
	}
	nr.skip(4 + 2)
	n := int(nr.u16())
	s := d.utf16String(nr.bytes(2*n + 2))
	if nr.err != nil {
		r.err = nr.err
		return ""
	}
	d.names[off] = s
	return s
}

// utf16String converts UTF-16LE to a string of its own, as the library
// does: trailing NULs dropped, an unpaired surrogate U+FFFD.
func (d *binxmlDecoder) utf16String(b []byte) string {
	start := len(d.text)
	d.text = appendText(d.text, b)
	s := string(d.text[start:])
	d.text = d.text[:start]
	return s
}

// appendText appends a substitution string: the UTF-8 of its UTF-16LE,
// or its bytes as they are when their length is odd, as the library does.
func appendText(dst, b []byte) []byte {
	if len(b)%2 == 1 {
		return append(dst, b...)
	}
	return appendUTF16(dst, b)
}

// appendUTF16 appends the UTF-8 of UTF-16LE b (of even length) with its
// trailing NULs dropped.
func appendUTF16(dst, b []byte) []byte {
	n := len(b)
	for n >= 2 && b[n-2] == 0 && b[n-1] == 0 {
		n -= 2
	}
	for i := 0; i < n; i += 2 {
		c := rune(b[i]) | rune(b[i+1])<<8
		switch {
		case c < utf8.RuneSelf:
			dst = append(dst, byte(c))
		case c < 0xd800 || c >= 0xe000:
			dst = utf8.AppendRune(dst, c)
		case c < 0xdc00 && i+3 < n:
			if c2 := rune(b[i+2]) | rune(b[i+3])<<8; c2 >= 0xdc00 && c2 < 0xe000 {
				dst = utf8.AppendRune(dst, utf16.DecodeRune(c, c2))
				i += 2
				break
			}
			dst = append(dst, "\ufffd"...)
		default:
			dst = append(dst, "\ufffd"...)
		}
	}
	return dst
}

// templateInstance reads a template instance (its definition too, if
// inline) and its values, and expands it.
func (d *binxmlDecoder) templateInstance(r *reader) (nodeRef, error) {
	at := r.pos - 1
	if r.u8() != 0x01 {
		return noNode, &binxmlError{off: at, reason: "template instance without its 0x01"}
	}
	id := r.u32()
	defOff := r.u32()
	if r.err != nil {
		return noNode, r.err
	}
	if id == 0 {
		return noNode, &binxmlError{off: at, reason: "template identifier 0"}
	}
	inline := int(defOff) == r.pos
	known, seen := d.ids[id]
	var tpl *tnode
	switch {
	case seen && !inline && known == defOff:
		tpl = d.templates[defOff]
	case !seen && inline:
		var err error
		if tpl, err = d.compile(r, id, defOff); err != nil {
			return noNode, err
		}
	default:
		// A template redefined, or used before (or without) its definition:
		// the library, which finds templates by identifier, would read
		// something else here.
		return noNode, &binxmlError{off: at, reason: fmt.Sprintf("template %#x at %#x out of order", id, defOff)}
	}
	count := int(r.u32())
	if r.err != nil {
		return noNode, r.err
	}
	if count > (len(r.b)-r.pos)/4 {
		// Each value needs a 4-byte descriptor: this many cannot be in the
		// chunk, and the library would append that many (billions) before
		// noticing.
		return noNode, &binxmlError{off: r.pos, reason: fmt.Sprintf("template instance declares %d values, more than the chunk can hold", count), corrupt: true}
	}
	// Descriptors and values live on shared stacks: a BinXML value may hold
	// template instances of its own.
	dmark, amark := len(d.descs), len(d.args)
	defer func() { d.descs, d.args = d.descs[:dmark], d.args[:amark] }()
	for range count {
		size, typ := r.u16(), r.u16()
		d.descs = append(d.descs, uint32(size)<<16|uint32(typ))
	}
	for i := range count {
		desc := d.descs[dmark+i]
		if desc&0xff00 != 0 {
			return noNode, &binxmlError{off: r.pos, reason: fmt.Sprintf("value type %#x", desc&0xffff)}
		}
		v, err := d.value(r, int(desc>>16), byte(desc))
		if err != nil {
			return noNode, err
		}
		d.args = append(d.args, v)
	}
	v, err := d.expand(tpl, d.args[amark:], true, 0)
	if err != nil {
		return noNode, err
	}
	d.normalizeEventData(v)
	return v, nil
}

// compile reads an inline template definition and compiles it.
func (d *binxmlDecoder) compile(r *reader, id, defOff uint32) (*tnode, error) {
	r.skip(4 + 16) // next template's offset, GUID
	size := int(r.u32())
	if r.err != nil {
		return nil, r.err
	}
	bodyStart := r.pos
	if size > len(r.b)-bodyStart {
		return nil, &binxmlError{off: bodyStart, reason: fmt.Sprintf("template of %d bytes", size)}
	}
	p := parser{d: d, r: r}
	tpl, err := p.parse(true)
	if err != nil {
		return nil, fmt.Errorf("template %#x: %w", id, err)
	}
	if !tpl.isDict {
		// An empty template expands to nothing; the library then treats
		// the instance as a value of its own.
		return nil, &binxmlError{off: bodyStart, reason: "empty template"}
	}
	r.pos = bodyStart + size
	d.templates[defOff], d.ids[id] = tpl, defOff
	return tpl, nil
}

// value reads a substitution value of size bytes and type typ; noNode is
// no value.
func (d *binxmlDecoder) value(r *reader, size int, typ byte) (nodeRef, error) {
	t := &d.tree
	fixed := func(want int) bool {
		if size != want {
			r.fail(fmt.Sprintf("value of type %#x has %d bytes", typ, size))
			return false
		}
		return true
	}
	var v nodeRef = noNode
	switch typ {
	case valNull:
		r.skip(size)
	case valString:
		v = d.textNode(func(dst []byte) []byte { return appendText(dst, r.bytes(size)) })
	case valUint8:
		if fixed(1) {
			v = t.add(evtxNode{kind: kindUint, num: uint64(r.u8())})
		}
	case valUint16:
		if fixed(2) {
			v = t.add(evtxNode{kind: kindUint, num: uint64(r.u16())})
		}
	case valUint32, valHexInt32:
		if fixed(4) {
			v = t.add(evtxNode{kind: kindUint, num: uint64(r.u32())})
		}
	case valUint64, valHexInt64:
		if fixed(8) {
			v = t.add(evtxNode{kind: kindUint, num: r.u64()})
		}
	case valBool:
		var x uint64
		switch size {
		case 1:
			x = uint64(r.u8())
		case 2:
			x = uint64(r.u16())
		case 4:
			x = uint64(r.u32())
		case 8:
			x = r.u64()
		default:
			r.fail(fmt.Sprintf("bool of %d bytes", size))
		}
		if x > 0 {
			x = 1
		}
		v = t.add(evtxNode{kind: kindBool, num: x})
	case valBinary:
		b := r.bytes(size)
		if b == nil {
			b = []byte{}
		}
		v = t.add(evtxNode{kind: kindBinary, bin: b})
	case valGUID:
		if fixed(16) {
			b := r.bytes(16)
			v = d.textNode(func(dst []byte) []byte { return appendGUID(dst, b) })
		}
	case valFiletime:
		if fixed(8) {
			// Seconds since 1970 as a float, as the library gives them.
			f := (float64(r.u64()) - 116444736000000000) / 10000000
			v = t.add(evtxNode{kind: kindFloat, num: math.Float64bits(f)})
		}
	case valSID:
		if size < 8 || (size-8)%4 != 0 {
			r.fail(fmt.Sprintf("SID of %d bytes", size))
			break
		}
		b := r.bytes(size)
		v = d.textNode(func(dst []byte) []byte { return appendSID(dst, b) })
	case valBinXML:
		if d.depth >= binxmlMaxDepth {
			return noNode, &binxmlError{off: r.pos, reason: "BinXML values nested too deep"}
		}
		start := r.pos
		d.depth++
		nested, err := d.fragment(&reader{b: r.b, pos: start})
		d.depth--
		if err != nil {
			return noNode, err
		}
		r.pos = start
		r.skip(size)
		v = nested
	case valStringArray:
		b := r.bytes(size)
		if r.err != nil {
			break
		}
		start := len(d.text)
		d.text = appendText(d.text, b)
		v = d.splitStrings(start)
	default:
		// Other types (signed integers, floats, ANSI strings, SYSTEMTIME,
		// arrays): the library gives their bytes as text, trailing NULs
		// dropped. 0x27 and 0x28 keep theirs.
		b := r.bytes(size)
		if typ != 0x27 && typ != 0x28 {
			b = []byte(strings.TrimRight(string(b), "\x00"))
		}
		v = d.textNode(func(dst []byte) []byte { return append(dst, b...) })
	}
	if r.err != nil {
		return noNode, r.err
	}
	return v, nil
}

// textNode adds a string node whose text fill appends to d.text.
func (d *binxmlDecoder) textNode(fill func([]byte) []byte) nodeRef {
	start := len(d.text)
	d.text = fill(d.text)
	ref := d.tree.add(evtxNode{kind: kindString, num: pendingText, off: int32(start), n: int32(len(d.text) - start)})
	d.pending = append(d.pending, ref)
	return ref
}

// pendingText marks a string node whose text is still in d.text.
const pendingText = 1

// str is the text of string node n, pending or not.
func (d *binxmlDecoder) str(n *evtxNode) string {
	if n.num == pendingText {
		return string(d.text[n.off : n.off+n.n])
	}
	return n.str
}

// splitStrings makes the text from start a string array, split at NULs.
func (d *binxmlDecoder) splitStrings(start int) nodeRef {
	t := &d.tree
	mark := len(t.building)
	from := start
	for i := start; ; i++ {
		if i == len(d.text) || d.text[i] == 0 {
			ref := t.add(evtxNode{kind: kindString, num: pendingText, off: int32(from), n: int32(i - from)})
			d.pending = append(d.pending, ref)
			t.building = append(t.building, evtxMember{val: ref})
			if i == len(d.text) {
				break
			}
			from = i + 1
		}
	}
	return t.finish(kindStrings, mark)
}

const hexDigits = "0123456789ABCDEF"

// appendGUID writes a GUID as the library does: upper case, no braces.
func appendGUID(dst, b []byte) []byte {
	hexLE := func(dst, b []byte) []byte {
		for i := len(b) - 1; i >= 0; i-- {
			dst = append(dst, hexDigits[b[i]>>4], hexDigits[b[i]&0xf])
		}
		return dst
	}
	dst = hexLE(dst, b[0:4])
	dst = append(dst, '-')
	dst = hexLE(dst, b[4:6])
	dst = append(dst, '-')
	dst = hexLE(dst, b[6:8])
	dst = append(dst, '-')
	for i := 8; i < 16; i++ {
		if i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hexDigits[b[i]>>4], hexDigits[b[i]&0xf])
	}
	return dst
}

// appendSID writes a SID as S-revision-authority-subauthority…, taking
// the sub-authorities from the value's size (as the library does) rather
// than from its count byte.
func appendSID(dst, b []byte) []byte {
	dst = append(dst, "S-"...)
	dst = strconv.AppendUint(dst, uint64(b[0]), 10)
	var auth uint64
	for _, c := range b[2:8] {
		auth = auth<<8 | uint64(c)
	}
	dst = append(dst, '-')
	dst = strconv.AppendUint(dst, auth, 10)
	for i := 8; i+4 <= len(b); i += 4 {
		dst = append(dst, '-')
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b[i:])), 10)
	}
	return dst
}

// errTreeTooBig stops a chunk whose templates expand beyond reason.
var errTreeTooBig = errors.New("binxml: records expand to too many values")

// expand builds the value of template node n with the instance's values
// args (hasArgs: inside a template instance), as the library's expansion
// does: members with no value are dropped, an element whose only member
// is its text is that text, an element's text that is itself an element
// gives that element's members, and an empty element inside a template
// takes the first value.
func (d *binxmlDecoder) expand(n *tnode, args []nodeRef, hasArgs bool, depth int) (nodeRef, error) {
	t := &d.tree
	if depth > 2*binxmlMaxDepth {
		return noNode, &binxmlError{reason: "template expands too deep"}
	}
	arg := func(i int) nodeRef {
		if !hasArgs || i >= len(args) {
			return noNode
		}
		return args[i]
	}
	switch n.kind {
	case tkText:
		return t.add(evtxNode{kind: kindString, str: n.text}), nil
	case tkValue:
		return n.value, nil
	case tkSubst:
		return arg(n.id), nil
	case tkList:
		mark := len(t.building)
		for _, e := range n.list {
			v, err := d.expand(e, args, hasArgs, depth+1)
			if err != nil {
				t.building = t.building[:mark]
				return noNode, err
			}
			if v == noNode {
				v = t.add(evtxNode{kind: kindNull})
			}
			t.building = append(t.building, evtxMember{val: v})
		}
		return t.finish(kindList, mark), nil
	}
	if !n.isDict {
		return arg(0), nil
	}
	if len(t.nodes)+len(t.members) > binxmlMaxTreeNodes {
		return noNode, errTreeTooBig
	}
	mark := len(t.building)
	for _, m := range n.members {
		v, err := d.expand(m.node, args, hasArgs, depth+1)
		if err != nil {
			t.building = t.building[:mark]
			return noNode, err
		}
		key := m.key
		if key == "" {
			if len(n.members) == 1 {
				return v, nil
			}
			key = "Value"
			if v != noNode && t.node(v).kind == kindDict {
				for _, e := range t.kids(v) {
					if t.node(e.val).kind != kindNull {
						t.set(mark, e.key, e.val)
					}
				}
				continue
			}
		}
		if v != noNode {
			t.set(mark, key, v)
		}
	}
	return t.finish(kindDict, mark), nil
}

// normalizeEventData folds EventData's Data elements into a dict of their
// names and values, when every one has a name and a value, as the library
// does to a template instance's value. The folded EventData moves to the
// end of its dict.
func (d *binxmlDecoder) normalizeEventData(v nodeRef) {
	t := &d.tree
	if v == noNode || t.node(v).kind != kindDict {
		return
	}
	ed, ok := t.get(v, "EventData")
	if !ok || t.node(ed).kind != kindDict {
		return
	}
	data, ok := t.get(ed, "Data")
	if !ok || t.node(data).kind != kindList {
		return
	}
	for _, it := range t.kids(data) {
		if t.node(it.val).kind != kindDict {
			return
		}
		name, ok := t.get(it.val, "Name")
		if !ok || t.node(name).kind != kindString {
			return
		}
		if _, ok := t.get(it.val, "Value"); !ok {
			return
		}
	}
	mark := len(t.building)
	for _, it := range t.kids(data) {
		name, _ := t.get(it.val, "Name")
		value, _ := t.get(it.val, "Value")
		t.set(mark, d.str(t.node(name)), value)
	}
	folded := t.finish(kindDict, mark)
	kids := t.kids(v)
	for i, m := range kids {
		if m.key == "EventData" {
			copy(kids[i:], kids[i+1:])
			kids[len(kids)-1] = evtxMember{key: "EventData", val: folded}
			break
		}
	}
}
