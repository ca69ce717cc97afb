package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Our own layout of the process trees and the attack chain as inline SVG
// for report.html: no script, no library, no network. The layout yields
// numbers and plain strings only; the HTML template escapes every string.

type svgNode struct {
	X, Y, W, H int
	// Lines are the text lines, the first one the title; Tip the full value.
	Lines []string
	Tip   string
	Kind  string // process, target, more, finding
	Class string // hit, focus, ctx, tgt, more, and for findings the severity
	Pill  bool   // rounded ends: targets
	Href  string // our own anchor ("#f3"), for chain boxes
	RX    int
	Texts []svgText
}

type svgText struct {
	X, Y  int
	S     string
	Title bool
}

type svgEdge struct {
	Path   string
	LX, LY int // label centre
	LW     int // label width
	Label  string
	Class  string // hit, spawn, action, chain
	// RX, RY place the label's background.
	RX, RY int
}

type svgLane struct {
	X, W  int
	Title string
}

// finish places the text of every node and label.
func (d *svgDiagram) finish() {
	for i := range d.Nodes {
		n := &d.Nodes[i]
		n.RX = 4
		if n.Pill {
			n.RX = n.H / 2
		}
		n.Texts = nil
		for k, l := range n.Lines {
			n.Texts = append(n.Texts, svgText{X: n.X + 10, Y: n.Y + 4 + lineH*(k+1), S: l, Title: k == 0})
		}
	}
	for i := range d.Edges {
		e := &d.Edges[i]
		e.RX, e.RY = e.LX-e.LW/2, e.LY-11
	}
}

type svgDiagram struct {
	W, H  int
	Title string
	Nodes []svgNode
	Edges []svgEdge
	Lanes []svgLane
}

const (
	treeNodeW  = 200
	treeColW   = 370
	treeRowH   = 70
	lineH      = 14
	svgPad     = 12
	labelChars = 29 // at 11px, what fits a tree node
)

// svgLine clips a value to what fits on a line of a node.
func svgLine(s string, n int) string {
	s = sanitize(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return clip(s, n-1)
}

func labelWidth(s string) int { return utf8.RuneCountInString(s)*6 + 10 }

// treeSVG lays a process tree out left to right: each node in the column
// of its depth (a process under its parent, a target beside the process
// acting on it), rows from a depth-first walk so a parent sits level with
// the middle of its children.
func treeSVG(t procTree) svgDiagram {
	n := len(t.nodes)
	owner := make([]int, n)
	for i, nd := range t.nodes {
		owner[i] = nd.parent
	}
	for _, e := range t.edges {
		if t.nodes[e.to].kind == kindTarget && owner[e.to] < 0 && e.from != e.to {
			owner[e.to] = e.from
		}
	}
	kids := make([][]int, n)
	var roots []int
	for i := range t.nodes {
		if o := owner[i]; o >= 0 && o < n {
			kids[o] = append(kids[o], i)
		} else {
			roots = append(roots, i)
		}
	}
	for i := range kids {
		// Processes first, then targets, then "+N more", each in node order.
		k := kids[i]
		var ordered []int
		for _, kind := range []nodeKind{kindProcess, kindTarget, kindMore} {
			for _, c := range k {
				if t.nodes[c].kind == kind {
					ordered = append(ordered, c)
				}
			}
		}
		kids[i] = ordered
	}
	depth := make([]int, n)
	row := make([]float64, n)
	seen := make([]bool, n)
	next := 0.0
	var walk func(i, d int)
	walk = func(i, d int) {
		seen[i] = true
		depth[i] = d
		var first, last float64
		placed := 0
		for _, c := range kids[i] {
			if seen[c] {
				continue
			}
			walk(c, d+1)
			if placed == 0 {
				first = row[c]
			}
			last = row[c]
			placed++
		}
		if placed == 0 {
			row[i] = next
			next++
			return
		}
		row[i] = (first + last) / 2
	}
	for _, r := range roots {
		walk(r, 0)
	}
	for i := range t.nodes { // nodes on a cycle (not expected): below the rest
		if !seen[i] {
			walk(i, 0)
		}
	}
	d := svgDiagram{Title: "process tree"}
	maxDepth := 0
	for i, nd := range t.nodes {
		maxDepth = max(maxDepth, depth[i])
		lines := []string{svgLine(nd.title, labelChars-2)}
		for _, l := range nd.lines {
			lines = append(lines, svgLine(l, labelChars))
		}
		h := 12 + lineH*len(lines)
		sn := svgNode{X: svgPad + depth[i]*treeColW, W: treeNodeW, H: h, Lines: lines, Tip: sanitize(nd.full)}
		sn.Y = svgPad + int(row[i]*treeRowH) + (treeRowH-10-h)/2
		switch nd.kind {
		case kindProcess:
			sn.Kind, sn.Class = "process", "ctx"
			if nd.focus {
				sn.Class = "focus"
			} else if nd.hit {
				sn.Class = "hit"
			}
		case kindTarget:
			sn.Kind, sn.Class, sn.Pill = "target", "tgt", true
			if nd.hit {
				sn.Class = "hit"
			}
		case kindMore:
			sn.Kind, sn.Class = "more", "more"
		}
		d.Nodes = append(d.Nodes, sn)
	}
	pairs := map[[2]int]int{}
	for _, e := range t.edges {
		a, b := d.Nodes[e.from], d.Nodes[e.to]
		x1, y1 := a.X+a.W, a.Y+a.H/2
		x2, y2 := b.X, b.Y+b.H/2
		if b.X <= a.X { // an edge back to an earlier column: leave from below
			x1, y1 = a.X+a.W/2, a.Y+a.H
			x2, y2 = b.X+b.W/2, b.Y
		}
		mx := (x1 + x2) / 2
		se := svgEdge{Path: fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, y1, mx, y1, mx, y2, x2, y2), Label: e.label}
		switch {
		case e.hit:
			se.Class = "hit"
		case e.spawn:
			se.Class = "spawn"
		default:
			se.Class = "action"
		}
		if e.label != "" {
			k := pairs[[2]int{e.from, e.to}]
			pairs[[2]int{e.from, e.to}]++
			se.Label = svgLine(e.label, 40)
			se.LW = labelWidth(se.Label)
			// Centred on the straight end of the curve, just before the
			// arrow, where edges from one source have fanned apart.
			se.LX, se.LY = x2-se.LW/2-12, y2-6-k*15
		}
		d.Edges = append(d.Edges, se)
	}
	d.W = 2*svgPad + maxDepth*treeColW + treeNodeW
	d.H = 2*svgPad + int(next)*treeRowH
	d.finish()
	return d
}

const (
	chainBoxW = 260
	chainColW = 285
	chainRowH = 92
	chainTop  = 40
)

// chainSVG lays the attack chain out as lanes, one per tactic in
// kill-chain order, with the findings going down in time order and arrows
// from each finding to the next; each box links to its finding's section.
func (v *view) chainSVG(c attackChain) svgDiagram {
	d := svgDiagram{Title: "attack chain"}
	for i, col := range c.columns {
		d.Lanes = append(d.Lanes, svgLane{X: svgPad + i*chainColW, W: chainColW - 10, Title: svgLine(col.name, 34)})
	}
	for k, s := range c.steps {
		f := v.findings[s.finding]
		var lines []string
		for _, l := range v.chainLines(s) {
			lines = append(lines, svgLine(l, 42))
		}
		h := 12 + lineH*len(lines)
		d.Nodes = append(d.Nodes, svgNode{
			X: svgPad + s.tactic*chainColW + (chainColW-10-chainBoxW)/2, Y: chainTop + k*chainRowH, W: chainBoxW, H: h,
			Lines: lines, Tip: sanitize(f.Title), Kind: "finding", Class: strings.ToLower(upper(f.Severity)),
			Href: "#" + strings.ToLower(label(s.finding)),
		})
	}
	for k := 1; k < len(d.Nodes); k++ {
		a, b := d.Nodes[k-1], d.Nodes[k]
		x1, y1 := a.X+a.W/2, a.Y+a.H
		x2, y2 := b.X+b.W/2, b.Y
		my := (y1 + y2) / 2
		d.Edges = append(d.Edges, svgEdge{Path: fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, y1, x1, my, x2, my, x2, y2), Class: "chain"})
	}
	rows := len(c.steps)
	if c.more > 0 && len(d.Nodes) > 0 {
		last := d.Nodes[len(d.Nodes)-1]
		d.Nodes = append(d.Nodes, svgNode{X: last.X, Y: chainTop + rows*chainRowH, W: chainBoxW, H: 12 + lineH,
			Lines: []string{fmt.Sprintf("+%d more findings, listed under Technical Findings", c.more)}, Kind: "more", Class: "more"})
		rows++
	}
	d.W = 2*svgPad + max(1, len(c.columns))*chainColW
	d.H = chainTop + rows*chainRowH + svgPad
	d.finish()
	return d
}
