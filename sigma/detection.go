package sigma

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"sync"
	"unicode/utf16"

	"gopkg.in/yaml.v3"
)

// detection is a compiled detection section: named selections and the
// condition over them.
type detection struct {
	names []string
	sels  []selection
	cond  *cond
}

func (d *detection) match(ev Event) bool { return d.eval(d.cond, ev) }

// selection is an OR of groups: a map is one group, a list of maps is one
// group per map, and the plain strings of a list form one keyword group.
type selection struct {
	groups []group
}

func (s *selection) match(ev Event) bool {
	for i := range s.groups {
		if s.groups[i].match(ev) {
			return true
		}
	}
	return false
}

// group is an AND of field conditions: the key/value pairs of one map.
type group []fieldMatcher

func (g group) match(ev Event) bool {
	for i := range g {
		if !g[i].match(ev) {
			return false
		}
	}
	return true
}

type fieldKind uint8

const (
	fieldValues fieldKind = iota
	fieldNull             // null: the field is absent or empty
	fieldExists           // |exists: presence, whatever the value
)

// fieldMatcher is one key/value pair of a selection map, or a keyword list.
type fieldMatcher struct {
	field   string
	kind    fieldKind
	keyword bool // match against every value of the event rather than one field
	want    bool // for fieldExists: whether the field must exist
	all     bool // every set must match rather than the first (and only) one
	neq     bool // negate the result
	absent  bool // the result, before neq, when the field is absent
	// sets holds one set of alternatives per value the rule lists when all
	// is set, and a single set of every alternative otherwise. A value
	// becomes several alternatives when a modifier expands it (base64offset,
	// windash with encodings).
	sets [][]matcher
	pool *sync.Pool // of *keywordScan, for KeywordEvent scans
}

func (f *fieldMatcher) match(ev Event) bool {
	if f.keyword {
		return f.matchKeywords(ev)
	}
	v, ok := ev.Field(f.field)
	switch f.kind {
	case fieldNull:
		return !ok || v == ""
	case fieldExists:
		return ok == f.want
	}
	if !ok {
		return f.absent != f.neq
	}
	return f.matchValue(v, ev) != f.neq
}

func (f *fieldMatcher) matchValue(v string, ev Event) bool {
	if f.all {
		for _, set := range f.sets {
			if !matchAny(set, v, ev) {
				return false
			}
		}
		return true
	}
	return matchAny(f.sets[0], v, ev)
}

func matchAny(set []matcher, v string, ev Event) bool {
	for i := range set {
		if set[i].match(v, ev) {
			return true
		}
	}
	return false
}

// keywordScan carries one keyword search through KeywordEvent.Values. Scans
// are pooled with their callback bound once, because a closure passed to an
// interface method escapes and would cost an allocation per event.
type keywordScan struct {
	set   []matcher
	ev    Event
	found bool
	fn    func(string) bool
}

func (k *keywordScan) visit(v string) bool {
	if matchAny(k.set, v, k.ev) {
		k.found = true
		return false
	}
	return true
}

func newKeywordPool() *sync.Pool {
	return &sync.Pool{New: func() any {
		k := &keywordScan{}
		k.fn = k.visit
		return k
	}}
}

// matchKeywords searches every value of a KeywordEvent, or the Message field
// of any other event. With |all each keyword may be found in a different
// value.
func (f *fieldMatcher) matchKeywords(ev Event) bool {
	kev, ok := ev.(KeywordEvent)
	if !ok {
		v, ok := ev.Field("Message")
		return ok && f.matchValue(v, ev)
	}
	k := f.pool.Get().(*keywordScan)
	defer func() {
		k.set, k.ev = nil, nil
		f.pool.Put(k)
	}()
	for i, set := range f.sets {
		k.set, k.ev, k.found = set, ev, false
		kev.Values(k.fn)
		if !k.found {
			return false
		}
		if !f.all && i == 0 {
			return true
		}
	}
	return true
}

// valueType is what a field's modifiers make of its values.
type valueType uint8

const (
	typeString valueType = iota
	typeRegexp
	typeCIDR
	typeCompare
	typeExists
	typeFieldRef
)

var typeModifiers = map[string]valueType{
	"re":       typeRegexp,
	"cidr":     typeCIDR,
	"lt":       typeCompare,
	"lte":      typeCompare,
	"gt":       typeCompare,
	"gte":      typeCompare,
	"exists":   typeExists,
	"fieldref": typeFieldRef,
}

var compareOps = map[string]matchOp{"lt": opLT, "lte": opLTE, "gt": opGT, "gte": opGTE}

// transformModifiers change string values before they are compiled.
var transformModifiers = map[string]bool{
	"contains": true, "startswith": true, "endswith": true, "windash": true,
	"base64": true, "base64offset": true,
	"utf16le": true, "wide": true, "utf16be": true, "utf16": true,
}

// timeModifiers extract a number from a date value (specification v2.1).
var timeModifiers = map[string]timePart{
	"minute": partMinute, "hour": partHour, "day": partDay,
	"week": partWeek, "month": partMonth, "year": partYear,
}

// fieldSpec is a parsed selection key: a field name and its modifiers.
type fieldSpec struct {
	field      string
	typ        valueType
	typName    string
	cmp        matchOp
	reFlags    string
	all        bool
	cased      bool
	neq        bool
	transforms []string
	time       timePart // a time modifier: compare this part of a date
	timeName   string
}

func parseFieldKey(key string) (fieldSpec, error) {
	names := strings.Split(key, "|")
	spec := fieldSpec{field: names[0]}
	for _, m := range names[1:] {
		switch {
		case transformModifiers[m]:
			spec.transforms = append(spec.transforms, m)
		case m == "all":
			spec.all = true
		case m == "cased":
			spec.cased = true
		case m == "neq":
			spec.neq = true
		case m == "i" || m == "m" || m == "s":
			if spec.typ != typeRegexp {
				return spec, fmt.Errorf("modifier |%s is only valid after |re", m)
			}
			if !strings.Contains(spec.reFlags, m) {
				spec.reFlags += m
			}
		case m == "expand":
			// Placeholders (%DomainControllers%) are filled in by a
			// processing pipeline's lists, and huntflow has none: a rule
			// matched against the literal placeholder would never fire.
			return spec, &UnsupportedError{Feature: "modifier |expand", Reason: "placeholders need values from a processing pipeline, which this engine does not have"}
		case timeModifiers[m] != 0:
			if spec.timeName != "" {
				return spec, fmt.Errorf("modifiers |%s and |%s cannot be combined", spec.timeName, m)
			}
			spec.time, spec.timeName = timeModifiers[m], m
		case m == "":
			return spec, errors.New("empty modifier")
		default:
			t, ok := typeModifiers[m]
			if !ok {
				return spec, fmt.Errorf("unknown modifier |%s", m)
			}
			if spec.typName != "" {
				return spec, fmt.Errorf("modifiers |%s and |%s cannot be combined", spec.typName, m)
			}
			spec.typ, spec.typName = t, m
			spec.cmp = compareOps[m]
		}
	}
	return spec, spec.check()
}

// check rejects modifier combinations that have no meaning, so a rule that
// says something other than what its author meant fails to load.
func (s *fieldSpec) check() error {
	keyword := s.field == ""
	if s.time != 0 {
		switch {
		case keyword:
			return fmt.Errorf("modifier |%s needs a field name", s.timeName)
		case s.typ != typeString && s.typ != typeCompare:
			return fmt.Errorf("modifier |%s cannot be combined with |%s", s.timeName, s.typName)
		case len(s.transforms) > 0:
			return fmt.Errorf("modifier |%s cannot be combined with |%s", s.transforms[0], s.timeName)
		case s.cased:
			return fmt.Errorf("modifier |cased cannot be combined with |%s", s.timeName)
		}
	}
	switch s.typ {
	case typeString:
	case typeFieldRef:
		if keyword {
			return errors.New("modifier |fieldref needs a field name")
		}
		n := 0
		for _, t := range s.transforms {
			if t != "contains" && t != "startswith" && t != "endswith" {
				return fmt.Errorf("modifier |%s cannot be combined with |fieldref", t)
			}
			n++
		}
		if n > 1 {
			return errors.New("|fieldref takes at most one of |contains, |startswith, |endswith")
		}
	case typeExists:
		if len(s.transforms) > 0 || s.all || s.cased || s.neq {
			return errors.New("modifier |exists cannot be combined with other modifiers")
		}
	default:
		if len(s.transforms) > 0 {
			return fmt.Errorf("modifier |%s cannot be combined with |%s", s.transforms[0], s.typName)
		}
		if s.cased {
			return fmt.Errorf("modifier |cased cannot be combined with |%s", s.typName)
		}
	}
	if keyword && s.typ != typeString && s.typ != typeRegexp {
		return fmt.Errorf("modifier |%s needs a field name", s.typName)
	}
	if keyword && s.neq {
		return errors.New("modifier |neq needs a field name")
	}
	return nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// compileSelection compiles one search identifier.
func compileSelection(n *yaml.Node) (selection, error) {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		g, err := compileGroup(n)
		if err != nil {
			return selection{}, err
		}
		return selection{groups: []group{g}}, nil
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return selection{}, errors.New("empty list")
		}
		var sel selection
		var keywords []*yaml.Node
		for i, item := range n.Content {
			item = deref(item)
			switch {
			case item.Kind == yaml.MappingNode:
				g, err := compileGroup(item)
				if err != nil {
					return selection{}, fmt.Errorf("item %d: %w", i+1, err)
				}
				sel.groups = append(sel.groups, g)
			case item.Kind == yaml.ScalarNode && !isNull(item):
				keywords = append(keywords, item)
			default:
				return selection{}, fmt.Errorf("item %d: want a map or a keyword string", i+1)
			}
		}
		if len(keywords) > 0 {
			f, err := compileField(fieldSpec{}, keywords)
			if err != nil {
				return selection{}, fmt.Errorf("keywords: %w", err)
			}
			sel.groups = append(sel.groups, group{f})
		}
		return sel, nil
	case yaml.ScalarNode:
		if isNull(n) {
			return selection{}, errors.New("empty selection")
		}
		f, err := compileField(fieldSpec{}, []*yaml.Node{n})
		if err != nil {
			return selection{}, fmt.Errorf("keyword: %w", err)
		}
		return selection{groups: []group{{f}}}, nil
	}
	return selection{}, errors.New("want a map, a list or a keyword string")
}

func compileGroup(n *yaml.Node) (group, error) {
	if len(n.Content) == 0 {
		return nil, errors.New("empty map")
	}
	var g group
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := deref(n.Content[i]).Value
		spec, err := parseFieldKey(key)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", key, err)
		}
		v := deref(n.Content[i+1])
		var values []*yaml.Node
		switch v.Kind {
		case yaml.ScalarNode:
			values = []*yaml.Node{v}
		case yaml.SequenceNode:
			if len(v.Content) == 0 {
				return nil, fmt.Errorf("field %q: empty value list", key)
			}
			for _, item := range v.Content {
				item = deref(item)
				if item.Kind != yaml.ScalarNode {
					return nil, fmt.Errorf("field %q: values must be scalars, not nested lists or maps", key)
				}
				values = append(values, item)
			}
		default:
			return nil, fmt.Errorf("field %q: value must be a scalar or a list of scalars", key)
		}
		f, err := compileField(spec, values)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", key, err)
		}
		g = append(g, f)
	}
	return g, nil
}

// maxExpansion bounds how many alternatives one value may expand to.
const maxExpansion = 1024

func compileField(spec fieldSpec, values []*yaml.Node) (fieldMatcher, error) {
	f := fieldMatcher{field: spec.field, keyword: spec.field == "", all: spec.all, neq: spec.neq}
	if f.keyword {
		f.pool = newKeywordPool()
	}
	for _, v := range values {
		if isNull(v) {
			if len(values) > 1 {
				return f, errors.New("null cannot be part of a value list; use a separate selection")
			}
			if spec.typ != typeString || len(spec.transforms) > 0 || spec.all || spec.cased || spec.neq || f.keyword || spec.time != 0 {
				return f, errors.New("a null value cannot take modifiers")
			}
			f.kind = fieldNull
			return f, nil
		}
	}
	if spec.all && len(values) < 2 {
		return f, errors.New("modifier |all needs a list of two or more values")
	}
	if spec.typ == typeExists {
		if len(values) != 1 || values[0].Tag != "!!bool" {
			return f, errors.New("modifier |exists needs true or false")
		}
		f.kind = fieldExists
		f.want = strings.EqualFold(values[0].Value, "true")
		return f, nil
	}
	var sets [][]matcher
	for _, v := range values {
		set, err := compileValue(spec, v, f.keyword)
		if err != nil {
			return f, err
		}
		sets = append(sets, set)
	}
	if spec.all {
		f.sets = sets
	} else {
		var one []matcher
		for _, s := range sets {
			one = append(one, s...)
		}
		f.sets = [][]matcher{one}
	}
	f.absent = f.all
	for _, set := range f.sets {
		empty := false
		for _, m := range set {
			empty = empty || m.empty
		}
		if f.all {
			f.absent = f.absent && empty
		} else {
			f.absent = f.absent || empty
		}
	}
	return f, nil
}

func isNumberTag(n *yaml.Node) bool { return n.Tag == "!!int" || n.Tag == "!!float" }

// compileValue compiles one value of a field into its alternatives.
func compileValue(spec fieldSpec, v *yaml.Node, keyword bool) ([]matcher, error) {
	raw := v.Value
	if spec.time != 0 {
		x, ok := parseNumber(raw)
		if !ok || !x.isInt || (v.Tag != "!!str" && v.Tag != "!!int") {
			return nil, fmt.Errorf("modifier |%s needs a whole number, not %q", spec.timeName, raw)
		}
		cmp := opEqual
		if spec.typ == typeCompare {
			cmp = spec.cmp
		}
		return []matcher{{op: opTime, sub: cmp, part: spec.time, num: x}}, nil
	}
	switch spec.typ {
	case typeRegexp:
		flags := spec.reFlags
		expr := raw
		if flags != "" {
			expr = "(?" + flags + ")" + raw
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("bad regular expression %q: %w", raw, err)
		}
		return []matcher{{op: opRegexp, re: re}}, nil
	case typeCIDR:
		p, err := netip.ParsePrefix(raw)
		if err != nil {
			a, aerr := netip.ParseAddr(raw)
			if aerr != nil {
				return nil, fmt.Errorf("bad CIDR range %q: %w", raw, err)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		return []matcher{{op: opCIDR, cidr: p.Masked()}}, nil
	case typeCompare:
		x, ok := parseNumber(raw)
		if !ok || (v.Tag != "!!str" && !isNumberTag(v)) {
			return nil, fmt.Errorf("modifier |%s needs a number, not %q", spec.typName, raw)
		}
		return []matcher{{op: spec.cmp, num: x}}, nil
	case typeFieldRef:
		if raw == "" {
			return nil, errors.New("modifier |fieldref needs a field name")
		}
		m := matcher{op: opFieldRef, sub: opEqual, fold: !spec.cased, ref: raw}
		for _, t := range spec.transforms {
			switch t {
			case "contains":
				m.sub = opContains
			case "startswith":
				m.sub = opPrefix
			case "endswith":
				m.sub = opSuffix
			}
		}
		return []matcher{m}, nil
	}

	var s sstring
	if v.Tag == "!!str" || v.Tag == "" {
		s = parseSString(raw)
	} else {
		s = literal(raw) // numbers and booleans carry no wildcards
	}
	values := []sstring{s}
	encoded := false
	placed := false // contains, startswith or endswith placed the value
	for _, t := range spec.transforms {
		var err error
		switch t {
		case "contains":
			values, placed = mapS(values, func(s sstring) sstring { return s.wrap(true, true) }), true
		case "startswith":
			values, placed = mapS(values, func(s sstring) sstring { return s.wrap(false, true) }), true
		case "endswith":
			values, placed = mapS(values, func(s sstring) sstring { return s.wrap(true, false) }), true
		case "windash":
			values = mapS(values, sstring.windash)
		default:
			values, err = encode(t, values)
			encoded = true
		}
		if err != nil {
			return nil, err
		}
	}
	if keyword && !placed {
		// A keyword is searched for anywhere in the event's text.
		values = mapS(values, func(s sstring) sstring { return s.wrap(true, true) })
	}
	// Encoded values are bytes of another representation; base64 in
	// particular is case-sensitive, and folding it would invent matches.
	fold := !spec.cased && !encoded
	out := make([]matcher, 0, len(values))
	for _, s := range values {
		m := newStringMatcher(s, fold)
		if isNumberTag(v) && len(spec.transforms) == 0 && m.op == opEqual {
			m.num, m.isNum = parseNumber(raw)
		}
		out = append(out, m)
	}
	return out, nil
}

func mapS(values []sstring, fn func(sstring) sstring) []sstring {
	out := make([]sstring, len(values))
	for i, v := range values {
		out[i] = fn(v)
	}
	return out
}

// encode applies an encoding modifier to every value.
func encode(mod string, values []sstring) ([]sstring, error) {
	var out []sstring
	for _, v := range values {
		variants, ok := v.expandDashes(maxExpansion)
		if !ok {
			return nil, fmt.Errorf("modifier |%s: value expands to more than %d variants", mod, maxExpansion)
		}
		for _, v := range variants {
			switch mod {
			case "base64", "base64offset":
				if v.hasWildcards() {
					return nil, fmt.Errorf("modifier |%s cannot encode wildcards; escape * and ? with a backslash", mod)
				}
				var text string
				for _, p := range v {
					text += p.lit
				}
				if text == "" {
					return nil, fmt.Errorf("modifier |%s needs a non-empty value", mod)
				}
				if mod == "base64" {
					out = append(out, literal(base64.StdEncoding.EncodeToString([]byte(text))))
				} else {
					for _, e := range base64Offsets(text) {
						out = append(out, literal(e))
					}
				}
			default:
				enc := make(sstring, len(v))
				for i, p := range v {
					enc[i] = p
					if p.kind == partLit {
						enc[i].lit = encodeUTF16(mod, p.lit, i == 0)
					}
				}
				if len(v) == 0 && mod == "utf16" {
					enc = literal(encodeUTF16(mod, "", true))
				}
				out = append(out, enc)
			}
		}
		if len(out) > maxExpansion {
			return nil, fmt.Errorf("modifier |%s: values expand to more than %d variants", mod, maxExpansion)
		}
	}
	return out, nil
}

// base64Offsets returns the three encodings of text as it would appear
// inside a longer base64 string, starting at byte offsets 0, 1 and 2 of a
// three-byte group. Characters that depend on the unknown surrounding bytes
// are cut off: the first 0, 2 or 3 characters, and the last 0, 3 or 2
// depending on where the text ends within its group.
func base64Offsets(text string) []string {
	startCut := [3]int{0, 2, 3}
	endCut := [3]int{0, 3, 2}
	out := make([]string, 0, 3)
	for shift := 0; shift < 3; shift++ {
		buf := make([]byte, shift+len(text))
		copy(buf[shift:], text)
		enc := base64.StdEncoding.EncodeToString(buf)
		end := len(enc) - endCut[(shift+len(text))%3]
		if start := startCut[shift]; start < end {
			out = append(out, enc[start:end])
		}
	}
	return out
}

// encodeUTF16 encodes s in UTF-16 of the modifier's byte order. utf16
// prepends the little-endian byte order mark, on the first literal only.
func encodeUTF16(mod, s string, first bool) string {
	units := utf16.Encode([]rune(s))
	var b []byte
	if mod == "utf16" && first {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range units {
		if mod == "utf16be" {
			b = binary.BigEndian.AppendUint16(b, u)
		} else {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
	}
	return string(b)
}
