package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
)

// A finding's process tree, built once from its typed result and drawn
// twice: as Mermaid in report.md and as SVG in report.html. Processes are
// nodes, parent→child edges join them, and what the finding's processes did
// to other objects (opened LSASS, injected a thread, wrote a file, set a
// registry value, connected out) are labelled edges to target nodes. Nodes
// and edges that come from the finding's cited events — the events the
// rules matched — are marked hit; the rest is context from enrichment.

// maxTreeNodes caps a drawn tree; what does not fit is counted in "+N more"
// nodes under the process it hangs from.
const maxTreeNodes = 18

type nodeKind int

const (
	kindProcess nodeKind = iota
	kindTarget
	kindMore
)

type treeNode struct {
	kind nodeKind
	// title is the short name shown (image base name, target's last path
	// element); lines are the details below it (PID, user); full is the
	// whole value for a tooltip.
	title string
	lines []string
	full  string
	hit   bool
	// focus marks the finding's own process.
	focus bool

	// Process identity, for merging the same process seen in several events.
	host, guid, image, user string
	pid                     int64
	start                   time.Time
	parent                  int // index of the parent process node, -1 if unknown
	order                   int // insertion order, for stable output
}

type treeEdge struct {
	from, to int
	label    string
	hit      bool
	// spawn edges join parent and child processes; the others are actions.
	spawn bool
}

type procTree struct {
	nodes []treeNode
	edges []treeEdge
}

type treeBuilder struct {
	t      procTree
	byGUID map[string]int
	byPID  map[string]int // host/pid
	byName map[string]int // image-only processes (no PID, no GUID)
	target map[string]int
	edge   map[string]int
}

// buildTree draws the process tree of finding f from its cited events and
// its enrichments. A finding without any process (a service install seen
// only in the System log) has an empty tree.
func buildTree(f huntflow.Finding, enr []huntflow.Enrichment) procTree {
	b := &treeBuilder{byGUID: map[string]int{}, byPID: map[string]int{}, byName: map[string]int{}, target: map[string]int{}, edge: map[string]int{}}
	focus := -1
	if f.Image != "" || f.ProcessID != 0 || f.ProcessGUID != "" {
		focus = b.process(f.Host, f.ProcessGUID, f.ProcessID, f.Image, f.User, time.Time{}, true)
		b.t.nodes[focus].focus = true
	}
	for _, e := range byTime(f.Events) {
		b.event(e, true)
	}
	for _, en := range enr {
		if p := en.Parent; p != nil {
			b.event(*p, false)
			// The enrichment's parent is the parent of the finding's process.
			if focus >= 0 && (p.Image != "" || p.ProcessID != 0 || p.ProcessGUID != "") {
				pp := b.process(p.Host, p.ProcessGUID, p.ProcessID, p.Image, p.User, time.Time{}, false)
				if pp != focus && !b.ancestor(focus, pp) && b.t.nodes[focus].parent < 0 {
					b.t.nodes[focus].parent = pp
					b.addEdge(pp, focus, "", false, true)
				}
			}
		}
		for _, c := range en.Children {
			b.event(c, false)
		}
	}
	return b.capped(maxTreeNodes)
}

func isCreation(e huntflow.EventRef) bool { return e.EventID == 1 || e.EventID == 4688 }

// event adds what one event shows: its process, its parent when it names
// one, and the action it records.
func (b *treeBuilder) event(e huntflow.EventRef, hit bool) {
	if e.Image == "" && e.ProcessID == 0 && e.ProcessGUID == "" {
		return
	}
	p := b.process(e.Host, e.ProcessGUID, e.ProcessID, e.Image, e.User, eventStart(e), hit)
	if e.ParentImage != "" || e.ParentProcessID != 0 || e.ParentProcessGUID != "" {
		pp := b.process(e.Host, e.ParentProcessGUID, e.ParentProcessID, e.ParentImage, "", time.Time{}, false)
		if pp != p && !b.ancestor(p, pp) {
			if b.t.nodes[p].parent < 0 {
				b.t.nodes[p].parent = pp
			}
			if b.t.nodes[p].parent == pp {
				b.addEdge(pp, p, "", hit && isCreation(e), true)
			}
		}
	}
	label, kind, obj := action(e)
	if label == "" || obj == "" {
		return
	}
	if e.EventID == 7 && strings.EqualFold(obj, e.Image) {
		return // a process loading its own image says nothing
	}
	t := b.targetNode(kind, obj, hit)
	b.addEdge(p, t, label, hit, false)
}

func eventStart(e huntflow.EventRef) time.Time {
	if isCreation(e) {
		return e.Time
	}
	return time.Time{}
}

// ancestor reports whether a is an ancestor of n, so a cycle (PID reuse,
// bad data) never enters the tree.
func (b *treeBuilder) ancestor(a, n int) bool {
	for i, p := 0, b.t.nodes[n].parent; p >= 0 && i <= len(b.t.nodes); i, p = i+1, b.t.nodes[p].parent {
		if p == a {
			return true
		}
	}
	return false
}

// process finds or adds the process node for an identity. The same process
// shows up with a GUID in Sysmon events and with only a PID in Security
// events; both are merged on host and PID.
func (b *treeBuilder) process(host, guid string, pid int64, image, user string, start time.Time, hit bool) int {
	g := strings.ToLower(strings.Trim(guid, "{} "))
	pk := ""
	if pid != 0 {
		pk = strings.ToLower(host) + "/" + strconv.FormatInt(pid, 10)
	}
	nk := strings.ToLower(host) + "/" + strings.ToLower(image)
	i, ok := -1, false
	if g != "" {
		i, ok = b.byGUID[g]
	}
	if !ok && pk != "" {
		i, ok = b.byPID[pk]
		if ok && image != "" && b.t.nodes[i].image != "" && !strings.EqualFold(baseName(image), baseName(b.t.nodes[i].image)) {
			ok = false // the PID was reused by another program
		}
	}
	if !ok && pk == "" && g == "" && image != "" {
		i, ok = b.byName[nk]
	}
	if !ok {
		i = len(b.t.nodes)
		b.t.nodes = append(b.t.nodes, treeNode{kind: kindProcess, parent: -1, order: i})
	}
	n := &b.t.nodes[i]
	if n.image == "" {
		n.image = image
	}
	if n.user == "" {
		n.user = user
	}
	if n.host == "" {
		n.host = host
	}
	if n.pid == 0 {
		n.pid = pid
	}
	if n.guid == "" {
		n.guid = guid
	}
	if n.start.IsZero() {
		n.start = start
	}
	n.hit = n.hit || hit
	if g != "" {
		b.byGUID[g] = i
	}
	if pk != "" {
		b.byPID[pk] = i
	}
	if pk == "" && g == "" && image != "" {
		b.byName[nk] = i
	}
	return i
}

func (b *treeBuilder) targetNode(kind, obj string, hit bool) int {
	key := kind + "|" + strings.ToLower(obj)
	if i, ok := b.target[key]; ok {
		b.t.nodes[i].hit = b.t.nodes[i].hit || hit
		return i
	}
	i := len(b.t.nodes)
	title := obj
	if kind != "network" {
		title = clipLeft(baseName(obj), 48)
	}
	b.t.nodes = append(b.t.nodes, treeNode{kind: kindTarget, title: clip(title, 60), lines: []string{kind}, full: obj, hit: hit, parent: -1, order: i})
	b.target[key] = i
	return i
}

func (b *treeBuilder) addEdge(from, to int, label string, hit, spawn bool) {
	key := fmt.Sprintf("%d>%d|%s", from, to, label)
	if i, ok := b.edge[key]; ok {
		b.t.edges[i].hit = b.t.edges[i].hit || hit
		return
	}
	b.edge[key] = len(b.t.edges)
	b.t.edges = append(b.t.edges, treeEdge{from: from, to: to, label: label, hit: hit, spawn: spawn})
}

// action names what an event did and to what, for the events whose target
// the report carries. Labels are our own words, never event text.
func action(e huntflow.EventRef) (label, kind, obj string) {
	switch e.EventID {
	case 3:
		return "network connection", "network", e.Destination
	case 7:
		return "loaded", "module", e.Target
	case 8:
		return "remote thread", "process", e.Target
	case 10:
		l := "process access"
		if a := strings.TrimSpace(e.GrantedAccess); a != "" {
			l += " " + a
		}
		return l, "process", e.Target
	case 11:
		return "file written", "file", e.Target
	case 15:
		return "stream written", "file", e.Target
	case 23, 26:
		return "file deleted", "file", e.Target
	case 12:
		return "registry key", "registry", e.Target
	case 13:
		return "registry set", "registry", e.Target
	case 14:
		return "registry renamed", "registry", e.Target
	case 17, 18:
		return "pipe", "pipe", e.Target
	}
	if e.Target != "" {
		if n := eventName(e.Channel, e.EventID); n != "" {
			return strings.ToLower(n), "object", e.Target
		}
		return "event " + strconv.Itoa(e.EventID), "object", e.Target
	}
	return "", "", ""
}

// capped keeps at most n nodes: hit nodes first, then the finding's
// process and its ancestors, then context in time order; a kept node always
// keeps its ancestors, a target is kept only with a process that acts on
// it, and what is left out is counted in a "+N more" node under the process
// it hangs from. It also fills in the display fields.
func (b *treeBuilder) capped(n int) procTree {
	t := b.t
	if len(t.nodes) == 0 {
		return t
	}
	source := make([]int, len(t.nodes)) // a target's first acting process
	for i := range source {
		source[i] = -1
	}
	for _, e := range t.edges {
		if !e.spawn && source[e.to] < 0 {
			source[e.to] = e.from
		}
	}
	owner := func(i int) int {
		if t.nodes[i].kind == kindTarget {
			return source[i]
		}
		return t.nodes[i].parent
	}
	rank := func(nd treeNode) int {
		switch {
		case nd.focus:
			return 0
		case nd.hit && nd.kind == kindProcess:
			return 1
		case nd.hit:
			return 2
		case nd.kind == kindProcess:
			return 3
		}
		return 4
	}
	order := make([]int, len(t.nodes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, c int) int {
		return cmp.Compare(rank(t.nodes[a]), rank(t.nodes[c]))
	})
	keep := make([]bool, len(t.nodes))
	kept := 0
	budget := n - 1 // room for at least one "+N more" node
	if len(t.nodes) <= n {
		budget = n
	}
	for _, i := range order {
		var need []int
		for j := i; j >= 0 && !keep[j] && !slices.Contains(need, j); j = owner(j) {
			need = append(need, j)
		}
		if kept+len(need) > budget {
			continue
		}
		for _, j := range need {
			keep[j] = true
		}
		kept += len(need)
	}
	// Map old indexes to new ones and count what was left out per owner.
	newIdx := make([]int, len(t.nodes))
	var out procTree
	for i, nd := range t.nodes {
		newIdx[i] = -1
		if keep[i] {
			newIdx[i] = len(out.nodes)
			out.nodes = append(out.nodes, nd)
		}
	}
	dropped := map[int]int{} // new index of owner (or -1) → count
	var owners []int
	for i := range t.nodes {
		if keep[i] {
			continue
		}
		o := -1
		for j := owner(i); j >= 0; j = owner(j) {
			if keep[j] {
				o = newIdx[j]
				break
			}
		}
		if _, ok := dropped[o]; !ok {
			owners = append(owners, o)
		}
		dropped[o]++
	}
	for i := range out.nodes {
		nd := &out.nodes[i]
		if nd.parent >= 0 {
			nd.parent = newIdx[nd.parent]
		}
		if nd.kind == kindProcess {
			nd.title = clipLeft(orDefault(baseName(nd.image), "unknown process"), 48)
			nd.full = nd.image
			nd.lines = nil
			if nd.pid != 0 {
				nd.lines = append(nd.lines, "PID "+strconv.FormatInt(nd.pid, 10))
			}
			if nd.user != "" {
				nd.lines = append(nd.lines, clip(nd.user, 40))
			}
		}
	}
	for _, e := range t.edges {
		if keep[e.from] && keep[e.to] {
			e.from, e.to = newIdx[e.from], newIdx[e.to]
			out.edges = append(out.edges, e)
		}
	}
	for _, o := range owners {
		m := len(out.nodes)
		out.nodes = append(out.nodes, treeNode{kind: kindMore, title: fmt.Sprintf("+%d more", dropped[o]), parent: o, order: m})
		if o >= 0 {
			out.edges = append(out.edges, treeEdge{from: o, to: m, spawn: true})
		}
	}
	return out
}

// processes counts the process nodes of a tree.
func (t procTree) processes() int {
	n := 0
	for _, nd := range t.nodes {
		if nd.kind == kindProcess {
			n++
		}
	}
	return n
}
