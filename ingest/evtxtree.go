package ingest

import (
	"fmt"
	"math"

	"github.com/Velocidex/ordereddict"
)

// An EVTX record reaches the renderer as a tree of values, the shape the
// EVTX library's template expansion gives it: elements and attributes
// become dict keys, repeated elements lists, substitution values scalars.
// Both decoders build this one tree (the library's output is converted to
// it), so one renderer writes both and they cannot drift apart. The tree
// lives in slices reused from record to record: building it allocates
// nothing once they have grown.
type evtxKind uint8

const (
	kindNull    evtxKind = iota
	kindString           // str
	kindUint             // num
	kindBool             // num: 0 or 1
	kindFloat            // num: the float64's bits
	kindBinary           // bin
	kindStrings          // a string array: members are string nodes
	kindList             // repeated elements: members in order
	kindDict             // members in order, keys distinct
)

// nodeRef indexes evtxTree.nodes.
type nodeRef int32

type evtxNode struct {
	kind evtxKind
	num  uint64
	str  string
	bin  []byte
	// off and n locate a list's or dict's members in evtxTree.members.
	off, n int32
}

type evtxMember struct {
	key string
	val nodeRef
}

type evtxTree struct {
	nodes   []evtxNode
	members []evtxMember
	// building holds the members of the dicts and lists under
	// construction, innermost last; a finished one is copied to members.
	building []evtxMember
}

func (t *evtxTree) reset() {
	t.nodes, t.members, t.building = t.nodes[:0], t.members[:0], t.building[:0]
}

func (t *evtxTree) add(n evtxNode) nodeRef {
	t.nodes = append(t.nodes, n)
	return nodeRef(len(t.nodes) - 1)
}

func (t *evtxTree) node(r nodeRef) *evtxNode { return &t.nodes[r] }

// kids returns the members of a list or dict.
func (t *evtxTree) kids(r nodeRef) []evtxMember {
	n := &t.nodes[r]
	return t.members[n.off : n.off+n.n]
}

// get returns the value of a dict's key.
func (t *evtxTree) get(r nodeRef, key string) (nodeRef, bool) {
	if t.nodes[r].kind != kindDict {
		return 0, false
	}
	for _, m := range t.kids(r) {
		if m.key == key {
			return m.val, true
		}
	}
	return 0, false
}

// finish makes the members built since mark (an index into building) the
// members of a new node of kind.
func (t *evtxTree) finish(kind evtxKind, mark int) nodeRef {
	off := len(t.members)
	t.members = append(t.members, t.building[mark:]...)
	t.building = t.building[:mark]
	return t.add(evtxNode{kind: kind, off: int32(off), n: int32(len(t.members) - off)})
}

// set gives key the value v in the dict being built since mark, the way
// the library's ordered dict does: a key set again moves to the end.
func (t *evtxTree) set(mark int, key string, v nodeRef) {
	b := t.building
	for i := mark; i < len(b); i++ {
		if b[i].key == key {
			copy(b[i:], b[i+1:])
			b[len(b)-1] = evtxMember{key: key, val: v}
			return
		}
	}
	t.building = append(b, evtxMember{key: key, val: v})
}

// fromLibrary converts a value of the EVTX library's tree.
func (t *evtxTree) fromLibrary(v any) nodeRef {
	switch x := v.(type) {
	case nil:
		return t.add(evtxNode{kind: kindNull})
	case string:
		return t.add(evtxNode{kind: kindString, str: x})
	case uint8:
		return t.add(evtxNode{kind: kindUint, num: uint64(x)})
	case uint16:
		return t.add(evtxNode{kind: kindUint, num: uint64(x)})
	case uint32:
		return t.add(evtxNode{kind: kindUint, num: uint64(x)})
	case uint64:
		return t.add(evtxNode{kind: kindUint, num: x})
	case bool:
		var b uint64
		if x {
			b = 1
		}
		return t.add(evtxNode{kind: kindBool, num: b})
	case float64:
		return t.add(evtxNode{kind: kindFloat, num: math.Float64bits(x)})
	case []byte:
		return t.add(evtxNode{kind: kindBinary, bin: x})
	case []string:
		mark := len(t.building)
		for _, s := range x {
			t.building = append(t.building, evtxMember{val: t.add(evtxNode{kind: kindString, str: s})})
		}
		return t.finish(kindStrings, mark)
	case []any:
		// Members are converted before they are queued: a member's own
		// members are built above this list's.
		mark := len(t.building)
		for _, e := range x {
			r := t.fromLibrary(e)
			t.building = append(t.building, evtxMember{val: r})
		}
		return t.finish(kindList, mark)
	case *ordereddict.Dict:
		mark := len(t.building)
		for _, k := range x.Keys() {
			e, _ := x.Get(k)
			r := t.fromLibrary(e)
			t.building = append(t.building, evtxMember{key: k, val: r})
		}
		return t.finish(kindDict, mark)
	}
	// The library makes no other types; were it to, its text stands in.
	return t.add(evtxNode{kind: kindString, str: fmt.Sprint(v)})
}
