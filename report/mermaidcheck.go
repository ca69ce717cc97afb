package report

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// CheckMermaid checks every ```mermaid block of a Markdown report with
// checkMermaid, so a report whose diagrams could break, or carry
// directives, click handlers or links (from data, or from an LLM that
// wrote the report), is noticed before it goes out.
func CheckMermaid(md []byte) error {
	var errs []error
	for i, b := range mermaidBlocks(string(md)) {
		if err := checkMermaid(b); err != nil {
			errs = append(errs, fmt.Errorf("mermaid block %d: %w", i+1, err))
		}
	}
	return errors.Join(errs...)
}

// The statement forms checkMermaid accepts. A label is double-quoted and
// holds only safe characters, entity codes and <br>.
const (
	mmLabel = `"((?:[A-Za-z0-9 .,_\-()/:+]|#[0-9]+;|<br>)*)"`
	mmID    = `([a-z]+[0-9]*)`
)

var (
	headerRE   = regexp.MustCompile(`^flowchart (LR|TD|TB|RL|BT)$`)
	nodeRE     = regexp.MustCompile(`^` + mmID + `(\["|\(\["|\{\{")` + mmLabel[1:len(mmLabel)-1] + `("\]|"\]\)|"\}\})(:::[a-z]+)?$`)
	edgeRE     = regexp.MustCompile(`^` + mmID + ` (-->|-\.->|==>)(\|` + mmLabel + `\|)? ` + mmID + `$`)
	subgraphRE = regexp.MustCompile(`^subgraph ` + mmID + `\[` + mmLabel + `\]$`)
	classDefRE = regexp.MustCompile(`^classDef [a-z]+ [a-z-]+:[#a-z0-9 ]+(,[a-z-]+:[#a-z0-9 ]+)*$`)
	linkRE     = regexp.MustCompile(`^linkStyle [0-9]+(,[0-9]+)* [a-z-]+:[#a-z0-9]+(,[a-z-]+:[#a-z0-9]+)*$`)
)

// checkMermaid is our own syntax check of one flowchart as the report writes it.
// It accepts only the node, edge and style forms we emit, with labels that
// hold nothing but safe characters, entity codes and <br>; every edge must
// join declared nodes, subgraphs must balance, and no directive, comment,
// click line or link may appear. It is stricter than Mermaid on purpose: a
// label that passes cannot change the diagram's structure.
func checkMermaid(src string) error {
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	if len(lines) == 0 || !headerRE.MatchString(lines[0]) {
		return fmt.Errorf("first line %q is not a flowchart header", lines[0])
	}
	pairs := map[string]string{`["`: `"]`, `(["`: `"])`, `{{"`: `"}}`}
	nodes := map[string]bool{}
	subgraphs := map[string]bool{}
	type edge struct {
		from, to string
		line     int
	}
	var edges []edge
	depth, links := 0, 0
	for i, raw := range lines[1:] {
		n := i + 2
		l := strings.TrimSpace(raw)
		switch {
		case l == "":
		case strings.Contains(l, "%%"):
			return fmt.Errorf("line %d: comment or directive %q", n, l)
		case strings.HasPrefix(l, "click ") || strings.HasPrefix(l, "style ") || strings.Contains(l, "href") || strings.Contains(l, "://"):
			return fmt.Errorf("line %d: click, style or link %q", n, l)
		case subgraphRE.MatchString(l):
			m := subgraphRE.FindStringSubmatch(l)
			if subgraphs[m[1]] || nodes[m[1]] {
				return fmt.Errorf("line %d: id %s declared twice", n, m[1])
			}
			subgraphs[m[1]] = true
			depth++
		case l == "end":
			if depth--; depth < 0 {
				return fmt.Errorf("line %d: end without subgraph", n)
			}
		case nodeRE.MatchString(l):
			m := nodeRE.FindStringSubmatch(l)
			if pairs[m[2]] != m[4] {
				return fmt.Errorf("line %d: node %s opens %s and closes %s", n, m[1], m[2], m[4])
			}
			if nodes[m[1]] || subgraphs[m[1]] || m[1] == "end" {
				return fmt.Errorf("line %d: id %s declared twice", n, m[1])
			}
			nodes[m[1]] = true
		case edgeRE.MatchString(l):
			m := edgeRE.FindStringSubmatch(l)
			edges = append(edges, edge{m[1], m[5], n})
			links++
		case classDefRE.MatchString(l):
		case linkRE.MatchString(l):
			for _, s := range strings.Split(strings.Fields(l)[1], ",") {
				var k int
				fmt.Sscan(s, &k)
				if k >= links {
					return fmt.Errorf("line %d: linkStyle %d of %d links", n, k, links)
				}
			}
		default:
			return fmt.Errorf("line %d: unknown statement %q", n, l)
		}
	}
	if depth != 0 {
		return fmt.Errorf("%d subgraphs not closed", depth)
	}
	for _, e := range edges {
		if !nodes[e.from] || !nodes[e.to] {
			return fmt.Errorf("line %d: edge %s → %s joins an undeclared node", e.line, e.from, e.to)
		}
	}
	return nil
}

// mermaidBlocks returns the bodies of the ```mermaid blocks of a report.
func mermaidBlocks(md string) []string {
	var out []string
	var cur *strings.Builder
	for _, l := range strings.Split(md, "\n") {
		switch {
		case cur == nil && l == "```mermaid":
			cur = &strings.Builder{}
		case cur != nil && l == "```":
			out = append(out, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(l + "\n")
		}
	}
	if cur != nil {
		out = append(out, "unterminated block:\n"+cur.String())
	}
	return out
}
