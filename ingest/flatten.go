package ingest

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting so a hostile line of "[[[[…" cannot drive the
// recursive scanner into deep stacks.
const maxDepth = 64

// MaxKeyBytes caps a flattened key, dotted path included ("winlog.user.name").
// A line with a longer key is malformed: no event has one, and each value of
// a nested object carries a copy of its path, so long keys would let a small
// line take far more memory than its length.
const MaxKeyBytes = 1 << 10

// A line may flatten to at most flatFactor times its length plus flatSlack
// bytes of keys and values; beyond that it is malformed. Values take about
// the line's length; what is left bounds the dotted paths repeated for the
// members of nested objects.
const (
	flatFactor = 4
	flatSlack  = 64 << 10
)

// maxInternedKey is the longest key the key cache keeps: real field names
// are short, and long ones would make the cache hold megabytes.
const maxInternedKey = 256

// maxInterned bounds the key cache of a flattener: keys are
// attacker-controlled, so an endless stream of distinct keys must not grow it
// without limit.
const maxInterned = 4096

// field is one flattened field: its key and the value's offsets in the
// flattener's arena.
type field struct {
	key        string
	start, end int
}

// flattener is a validating JSON scanner that flattens one object into
// key/value pairs without building an intermediate tree. encoding/json into
// map[string]any costs several allocations per field; this keeps all values
// of an event in one arena so an event costs a handful of allocations.
// A flattener is not safe for concurrent use; each worker owns one.
type flattener struct {
	data   []byte
	pos    int
	arena  []byte
	top    []field // fields of the top-level object and its dotted children
	lifted []field // fields of event_data/user_data, added only where absent
	keyBuf []byte
	keys   map[string]string
	// evtx is set when the line is an EVTX record rendered as JSON
	// ({"Event":{"System":…}}): normalize then renames its System fields.
	evtx bool
	// flat counts the bytes of keys (dotted paths included) and values the
	// line has flattened to; limit caps it.
	flat, limit int
}

var errSyntax = errors.New("invalid JSON")

func (f *flattener) syntaxErr(what string) error {
	return fmt.Errorf("%w: %s at offset %d", errSyntax, what, f.pos)
}

// flatten scans data, which must hold exactly one JSON object, into f.top and
// f.lifted. Scalars become their text (strings unescaped, numbers as
// written), arrays their JSON text, nulls are left out; nested objects are
// flattened with dotted keys ("user.name"), except event_data and user_data
// (winlogbeat), which are lifted to the top level without prefix.
func (f *flattener) flatten(data []byte) error {
	f.data, f.pos = data, 0
	f.arena, f.top, f.lifted = f.arena[:0], f.top[:0], f.lifted[:0]
	f.evtx = false
	f.flat, f.limit = 0, flatFactor*len(data)+flatSlack
	f.skipSpace()
	if f.pos >= len(f.data) {
		return errors.New("empty line")
	}
	if f.data[f.pos] != '{' {
		if err := f.skipValue(0); err != nil {
			return err
		}
		if f.skipSpace(); f.pos != len(f.data) {
			return f.syntaxErr("data after top-level value")
		}
		return errors.New("not a JSON object")
	}
	if err := f.object(nil, modeTop, 0); err != nil {
		return err
	}
	if f.skipSpace(); f.pos != len(f.data) {
		return f.syntaxErr("data after top-level object")
	}
	return nil
}

// liftedKey reports keys whose object members are event fields in their own
// right (winlogbeat's event_data and user_data, EVTX exports' EventData and
// UserData).
func liftedKey(k string) bool {
	switch k {
	case "event_data", "user_data", "EventData", "UserData":
		return true
	}
	return false
}

// objMode says where an object's members go.
type objMode uint8

const (
	modeTop  objMode = iota // fields with a dotted path, in f.top
	modeLift                // event fields, in f.lifted
	// modeUserData is an EVTX UserData element: its one child element
	// (<LogFileCleared>, <Operation_ClientFailure>) only wraps the event's
	// fields, so that child's members are lifted without its name.
	modeUserData
)

// object scans an object at f.pos; prefix is the dotted path of its parent
// ("" at top level).
func (f *flattener) object(prefix []byte, mode objMode, depth int) error {
	if depth > maxDepth {
		return f.syntaxErr("nesting too deep")
	}
	f.pos++ // '{'
	f.skipSpace()
	if f.pos < len(f.data) && f.data[f.pos] == '}' {
		f.pos++
		return nil
	}
	for {
		f.skipSpace()
		if f.pos >= len(f.data) || f.data[f.pos] != '"' {
			return f.syntaxErr("expected object key")
		}
		f.pos++
		kb, err := f.str(append(f.keyBuf[:0], prefix...))
		if err != nil {
			return err
		}
		f.keyBuf = kb
		if len(kb) > MaxKeyBytes {
			return fmt.Errorf("key %s longer than %d bytes", quoteShort(string(kb)), MaxKeyBytes)
		}
		f.skipSpace()
		if f.pos >= len(f.data) || f.data[f.pos] != ':' {
			return f.syntaxErr("expected ':'")
		}
		f.pos++
		f.skipSpace()
		if f.pos >= len(f.data) {
			return f.syntaxErr("unexpected end")
		}
		name := kb[len(prefix):]
		c := f.data[f.pos]
		lift := mode != modeTop
		switch {
		case lift && string(name) == "#attributes" && c == '{':
			// XML attributes of the EventData/UserData element itself
			// (xmlns, a Name) say nothing about the event; Raw keeps them.
			if err := f.skipValue(depth + 1); err != nil {
				return err
			}
		case lift && string(name) == "Data" && (c == '[' || c == '{'):
			// <Data Name="X">v</Data> elements rendered as a list of
			// {"@Name":"X","#text":"v"} (or one such object).
			if err := f.dataElements(kb, depth); err != nil {
				return err
			}
		case c == '{':
			childMode, childPrefix := mode, []byte(nil)
			switch {
			case mode == modeUserData:
				childMode = modeLift
			case liftedKey(string(name)):
				childMode = modeLift
				if string(name) == "UserData" || string(name) == "user_data" {
					childMode = modeUserData
				}
			default:
				if depth == 0 && string(name) == "Event" {
					f.evtx = true
				}
				childPrefix = append(bytes.Clone(kb), '.')
				if err := f.grow(len(childPrefix)); err != nil {
					return err
				}
			}
			from := len(f.top)
			if err := f.object(childPrefix, childMode, depth+1); err != nil {
				return err
			}
			if depth == 0 && string(name) == "System" && !f.evtx {
				// Velociraptor's rows put an EVTX record's System at the
				// top, without the Event wrapper: an EventID in it says so.
				for _, fl := range f.top[from:] {
					if strings.HasPrefix(fl.key, "System.EventID") {
						f.evtx = true
						break
					}
				}
			}
		default:
			if err := f.scalar(kb, lift, depth); err != nil {
				return err
			}
		}
		f.skipSpace()
		if f.pos >= len(f.data) {
			return f.syntaxErr("unterminated object")
		}
		switch f.data[f.pos] {
		case ',':
			f.pos++
		case '}':
			f.pos++
			return nil
		default:
			return f.syntaxErr("expected ',' or '}'")
		}
	}
}

// dataElements reads EventData's Data elements at f.pos (an array, or one
// object) as named fields when every element names itself (@Name, Name or
// #attributes.Name) and holds at most a value (#text, Value, $). Anything
// else is kept as Data, its JSON text. This shape is rare (most dumpers
// render EventData as a map), so it is decoded with encoding/json.
func (f *flattener) dataElements(key []byte, depth int) error {
	// Intern first: skipping the value reuses the key buffer.
	k := f.intern(key)
	from := f.pos
	if err := f.skipValue(depth + 1); err != nil {
		return err
	}
	text := f.data[from:f.pos]
	var items []map[string]any
	var err error
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	if text[0] == '{' {
		var one map[string]any
		err = dec.Decode(&one)
		items = []map[string]any{one}
	} else {
		err = dec.Decode(&items)
	}
	if err == nil {
		fields := make([][2]string, 0, len(items))
		for _, it := range items {
			name, ok := dataName(it)
			if !ok {
				fields = nil
				break
			}
			v, ok := dataValue(it)
			if !ok {
				fields = nil
				break
			}
			fields = append(fields, [2]string{name, v})
		}
		if fields != nil {
			for _, nv := range fields {
				k := f.intern(stripSpaces([]byte(nv[0])))
				start := len(f.arena)
				f.arena = append(f.arena, nv[1]...)
				if err := f.grow(len(k) + len(nv[1])); err != nil {
					return err
				}
				f.lifted = append(f.lifted, field{key: k, start: start, end: len(f.arena)})
			}
			return nil
		}
	}
	// Not named elements: keep the text as written.
	start := len(f.arena)
	f.arena = append(f.arena, text...)
	if err := f.grow(len(k) + len(text)); err != nil {
		return err
	}
	f.lifted = append(f.lifted, field{key: k, start: start, end: len(f.arena)})
	return nil
}

func dataName(it map[string]any) (string, bool) {
	for _, k := range [...]string{"@Name", "Name", "@name", "name"} {
		if s, ok := it[k].(string); ok && s != "" {
			return s, true
		}
	}
	if a, ok := it["#attributes"].(map[string]any); ok {
		if s, ok := a["Name"].(string); ok && s != "" {
			return s, true
		}
	}
	return "", false
}

// dataValue is the text of a Data element; an element with no value is
// empty, as in the XML.
func dataValue(it map[string]any) (string, bool) {
	n := 0
	var v any
	for k, x := range it {
		switch k {
		case "@Name", "Name", "@name", "name", "#attributes":
			continue
		case "#text", "Value", "$", "text", "value":
			v = x
			n++
		default:
			return "", false
		}
	}
	if n > 1 {
		return "", false
	}
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	b, err := json.Marshal(v)
	return string(b), err == nil
}

// stripSpaces removes the spaces of a key in place: Defender writes
// "Threat Name" where Sigma rules say ThreatName.
func stripSpaces(key []byte) []byte {
	if bytes.IndexByte(key, ' ') < 0 {
		return key
	}
	out := key[:0]
	for _, c := range key {
		if c != ' ' {
			out = append(out, c)
		}
	}
	return out
}

// scalar scans a non-object value at f.pos and records it under key.
func (f *flattener) scalar(key []byte, lift bool, depth int) error {
	if bytes.IndexByte(key, ' ') >= 0 {
		// "Threat Name" is read as ThreatName, the name rules use; a field
		// renamed so yields to one of that name (an nxlog line's
		// SourceName, the provider, against Defender's "Source Name").
		key = stripSpaces(key)
		lift = true
	}
	// Intern first: scanning an array reuses the key buffer.
	k := f.intern(key)
	start := len(f.arena)
	c := f.data[f.pos]
	switch {
	case c == '"':
		f.pos++
		a, err := f.str(f.arena)
		if err != nil {
			return err
		}
		f.arena = a
	case c == 'n':
		return f.literal("null")
	case c == 't':
		if err := f.literal("true"); err != nil {
			return err
		}
		f.arena = append(f.arena, "true"...)
	case c == 'f':
		if err := f.literal("false"); err != nil {
			return err
		}
		f.arena = append(f.arena, "false"...)
	case c == '[':
		from := f.pos
		if err := f.skipValue(depth + 1); err != nil {
			return err
		}
		f.arena = append(f.arena, f.data[from:f.pos]...)
	case c == '-' || (c >= '0' && c <= '9'):
		from := f.pos
		if err := f.number(); err != nil {
			return err
		}
		f.arena = append(f.arena, f.data[from:f.pos]...)
	default:
		return f.syntaxErr("unexpected character " + strconv.QuoteRune(rune(c)))
	}
	if err := f.grow(len(k) + len(f.arena) - start); err != nil {
		return err
	}
	fl := field{key: k, start: start, end: len(f.arena)}
	if lift {
		f.lifted = append(f.lifted, fl)
	} else {
		f.top = append(f.top, fl)
	}
	return nil
}

// grow counts n more bytes of flattened keys and values, failing once the
// line has flattened to more than its limit.
func (f *flattener) grow(n int) error {
	f.flat += n
	if f.flat > f.limit {
		return fmt.Errorf("line flattens to more than %d bytes of keys and values (%d times its length + %d KiB): too many or too long nested keys",
			f.limit, flatFactor, flatSlack>>10)
	}
	return nil
}

// intern returns key as a string, sharing one copy of each key seen before:
// the same few dozen names recur in every event.
func (f *flattener) intern(key []byte) string {
	if s, ok := f.keys[string(key)]; ok {
		return s
	}
	s := string(key)
	if f.keys == nil {
		f.keys = make(map[string]string)
	}
	if len(f.keys) < maxInterned && len(s) <= maxInternedKey {
		f.keys[s] = s
	}
	return s
}

func (f *flattener) literal(word string) error {
	if !bytes.HasPrefix(f.data[f.pos:], []byte(word)) {
		return f.syntaxErr("invalid literal")
	}
	f.pos += len(word)
	return nil
}

func (f *flattener) skipSpace() {
	for f.pos < len(f.data) {
		switch f.data[f.pos] {
		case ' ', '\t', '\n', '\r':
			f.pos++
		default:
			return
		}
	}
}

// skipValue validates and skips any value (used for arrays, whose text is
// kept as written).
func (f *flattener) skipValue(depth int) error {
	if depth > maxDepth {
		return f.syntaxErr("nesting too deep")
	}
	if f.pos >= len(f.data) {
		return f.syntaxErr("unexpected end")
	}
	switch c := f.data[f.pos]; {
	case c == '"':
		f.pos++
		// Validation only; the scratch buffer is discarded.
		kb, err := f.str(f.keyBuf[:0])
		f.keyBuf = kb
		return err
	case c == 'n':
		return f.literal("null")
	case c == 't':
		return f.literal("true")
	case c == 'f':
		return f.literal("false")
	case c == '-' || (c >= '0' && c <= '9'):
		return f.number()
	case c == '[' || c == '{':
		end := byte(']')
		if c == '{' {
			end = '}'
		}
		f.pos++
		f.skipSpace()
		if f.pos < len(f.data) && f.data[f.pos] == end {
			f.pos++
			return nil
		}
		for {
			f.skipSpace()
			if c == '{' {
				if f.pos >= len(f.data) || f.data[f.pos] != '"' {
					return f.syntaxErr("expected object key")
				}
				if err := f.skipValue(depth + 1); err != nil {
					return err
				}
				f.skipSpace()
				if f.pos >= len(f.data) || f.data[f.pos] != ':' {
					return f.syntaxErr("expected ':'")
				}
				f.pos++
				f.skipSpace()
			}
			if err := f.skipValue(depth + 1); err != nil {
				return err
			}
			f.skipSpace()
			if f.pos >= len(f.data) {
				return f.syntaxErr("unterminated " + map[byte]string{']': "array", '}': "object"}[end])
			}
			switch f.data[f.pos] {
			case ',':
				f.pos++
			case end:
				f.pos++
				return nil
			default:
				return f.syntaxErr("expected ',' or '" + string(end) + "'")
			}
		}
	}
	return f.syntaxErr("unexpected character " + strconv.QuoteRune(rune(f.data[f.pos])))
}

// number validates a JSON number at f.pos.
func (f *flattener) number() error {
	d := f.data
	i := f.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		return f.syntaxErr("invalid number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return f.syntaxErr("invalid number")
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return f.syntaxErr("invalid number")
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	f.pos = i
	return nil
}

// str scans the rest of a string whose opening quote has been consumed and
// appends its unescaped value to dst. Invalid UTF-8 becomes U+FFFD, as
// encoding/json does.
func (f *flattener) str(dst []byte) ([]byte, error) {
	d := f.data
	quote := -1 // absolute index of the next '"', found once and reused
	for {
		if quote < f.pos {
			i := bytes.IndexByte(d[f.pos:], '"')
			if i < 0 {
				return dst, f.syntaxErr("unterminated string")
			}
			quote = f.pos + i
		}
		seg := d[f.pos:quote]
		esc := bytes.IndexByte(seg, '\\')
		if esc >= 0 {
			seg = seg[:esc]
		}
		var err error
		if dst, err = f.appendPlain(dst, seg); err != nil {
			return dst, err
		}
		f.pos += len(seg)
		if esc < 0 {
			f.pos++ // closing quote
			return dst, nil
		}
		if dst, err = f.escape(dst); err != nil {
			return dst, err
		}
	}
}

// appendPlain appends a run of string bytes holding no quote or backslash,
// rejecting control characters and repairing invalid UTF-8. It checks eight
// bytes at a time because this loop is where ingest spends its time.
func (f *flattener) appendPlain(dst, seg []byte) ([]byte, error) {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(seg); i += 8 {
		w := binary.LittleEndian.Uint64(seg[i:])
		// A byte < 0x20 borrows into its high bit, a byte >= 0x80 has it
		// set; either sends the rest to the slow path.
		if ((w-ones*0x20)|w)&highs != 0 {
			break
		}
	}
	for ; i < len(seg); i++ {
		if c := seg[i]; c < 0x20 || c >= utf8.RuneSelf {
			return f.appendSlow(dst, seg, i)
		}
	}
	return append(dst, seg...), nil
}

func (f *flattener) appendSlow(dst, seg []byte, from int) ([]byte, error) {
	dst = append(dst, seg[:from]...)
	for i := from; i < len(seg); {
		c := seg[i]
		if c < 0x20 {
			f.pos += i
			return dst, f.syntaxErr("control character in string")
		}
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(seg[i:])
		if r == utf8.RuneError && n == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, seg[i:i+n]...)
		}
		i += n
	}
	return dst, nil
}

// escape decodes the escape sequence at f.pos (at the backslash).
func (f *flattener) escape(dst []byte) ([]byte, error) {
	d := f.data
	if f.pos+1 >= len(d) {
		return dst, f.syntaxErr("unterminated string")
	}
	c := d[f.pos+1]
	f.pos += 2
	switch c {
	case '"', '\\', '/':
		return append(dst, c), nil
	case 'b':
		return append(dst, '\b'), nil
	case 'f':
		return append(dst, '\f'), nil
	case 'n':
		return append(dst, '\n'), nil
	case 'r':
		return append(dst, '\r'), nil
	case 't':
		return append(dst, '\t'), nil
	case 'u':
		r, ok := f.hex4()
		if !ok {
			return dst, f.syntaxErr("invalid \\u escape")
		}
		if utf16.IsSurrogate(r) {
			// A lone surrogate becomes U+FFFD, as in encoding/json.
			r2 := utf8.RuneError
			if f.pos+1 < len(d) && d[f.pos] == '\\' && d[f.pos+1] == 'u' {
				save := f.pos
				f.pos += 2
				lo, ok := f.hex4()
				if !ok {
					return dst, f.syntaxErr("invalid \\u escape")
				}
				if dec := utf16.DecodeRune(r, lo); dec != utf8.RuneError {
					r2 = dec
				} else {
					f.pos = save // the second escape stands on its own
				}
			}
			r = r2
		}
		return utf8.AppendRune(dst, r), nil
	}
	f.pos -= 2
	return dst, f.syntaxErr("invalid escape")
}

func (f *flattener) hex4() (rune, bool) {
	if f.pos+4 > len(f.data) {
		return 0, false
	}
	var r rune
	for _, c := range f.data[f.pos : f.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	f.pos += 4
	return r, true
}
