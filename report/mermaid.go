package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Mermaid diagrams in report.md: GitHub, GitLab and Obsidian draw a
// ```mermaid block as a picture. Every label holds attacker-controlled text
// (image names, users, registry keys, titles an LLM may have copied from
// events), so a label is always a double-quoted string in which only
// letters, digits, spaces and a few harmless punctuation marks stand as
// they are; every other character, including quotes, brackets, pipes, "#",
// "%", "<", ">", "&", backticks and all non-ASCII, is written as Mermaid's
// numeric entity code ("#35;"), and URLs are defanged, which Mermaid decodes into a character of
// text, never into syntax or HTML. So a label cannot close its node, start
// an edge, comment or directive ("%%{init}"), a click handler or a link,
// nor a Markdown string or HTML tag. Our own <br> line breaks are the only
// markup in a label. The diagrams never carry click lines or links.

// mermaidSafe are the ASCII punctuation marks left as they are in labels.
const mermaidSafe = " .,_-()/:+"

// mermaidLabel returns s as the inside of a double-quoted Mermaid label.
func mermaidLabel(s string) string {
	s = defang(sanitize(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(mermaidSafe, r)):
			b.WriteRune(r)
		default:
			b.WriteString("#" + strconv.Itoa(int(r)) + ";")
		}
	}
	return b.String()
}

// mermaidLines joins escaped lines with Mermaid's line break.
func mermaidLines(lines ...string) string {
	var parts []string
	for _, l := range lines {
		if l = mermaidLabel(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, "<br>")
}

// Colours shared by the Mermaid and SVG drawings.
const (
	hitFill    = "#fde2e1"
	hitStroke  = "#c62828"
	ctxFill    = "#f4f6f8"
	ctxStroke  = "#8a949e"
	tgtFill    = "#fff8e1"
	tgtStroke  = "#b58900"
	moreFill   = "#ffffff"
	focusWidth = "3px"
)

const mermaidClasses = "  classDef hit fill:" + hitFill + ",stroke:" + hitStroke + ",stroke-width:2px\n" +
	"  classDef focus fill:" + hitFill + ",stroke:" + hitStroke + ",stroke-width:" + focusWidth + "\n" +
	"  classDef ctx fill:" + ctxFill + ",stroke:" + ctxStroke + "\n" +
	"  classDef tgt fill:" + tgtFill + ",stroke:" + tgtStroke + "\n" +
	"  classDef more fill:" + moreFill + ",stroke:" + ctxStroke + ",stroke-dasharray:4 3\n"

// treeMermaid draws a process tree as a Mermaid flowchart (without the
// Markdown fence).
func treeMermaid(t procTree) string {
	var b bytes.Buffer
	b.WriteString("flowchart LR\n")
	for i, n := range t.nodes {
		id := "n" + strconv.Itoa(i)
		switch n.kind {
		case kindProcess:
			class := "ctx"
			if n.focus {
				class = "focus"
			} else if n.hit {
				class = "hit"
			}
			fmt.Fprintf(&b, "  %s[\"%s\"]:::%s\n", id, mermaidLines(append([]string{n.title}, n.lines...)...), class)
		case kindTarget:
			class := "tgt"
			if n.hit {
				class = "hit"
			}
			fmt.Fprintf(&b, "  %s([\"%s\"]):::%s\n", id, mermaidLines(append([]string{n.title}, n.lines...)...), class)
		case kindMore:
			fmt.Fprintf(&b, "  %s{{\"%s\"}}:::more\n", id, mermaidLabel(n.title))
		}
	}
	var hits []string
	for i, e := range t.edges {
		arrow := "-->"
		if !e.spawn {
			arrow = "-.->"
		}
		if e.hit {
			arrow = "==>"
			hits = append(hits, strconv.Itoa(i))
		}
		if e.label != "" {
			fmt.Fprintf(&b, "  n%d %s|\"%s\"| n%d\n", e.from, arrow, mermaidLabel(e.label), e.to)
		} else {
			fmt.Fprintf(&b, "  n%d %s n%d\n", e.from, arrow, e.to)
		}
	}
	b.WriteString(mermaidClasses)
	if len(hits) > 0 {
		fmt.Fprintf(&b, "  linkStyle %s stroke:%s,stroke-width:2px\n", strings.Join(hits, ","), hitStroke)
	}
	return b.String()
}

// chainMermaid draws the attack chain as a Mermaid flowchart: one subgraph
// per tactic in kill-chain order, each finding a box in its tactic, arrows
// in time order.
func (v *view) chainMermaid(c attackChain) string {
	var b bytes.Buffer
	b.WriteString("flowchart LR\n")
	for ci, col := range c.columns {
		fmt.Fprintf(&b, "  subgraph t%d[\"%s\"]\n", ci, mermaidLabel(clip(col.name, 40)))
		for _, s := range c.steps {
			if s.tactic != ci {
				continue
			}
			fmt.Fprintf(&b, "    f%d[\"%s\"]:::%s\n", s.finding+1, mermaidLines(v.chainLines(s)...), chainClass(v, s))
		}
		b.WriteString("  end\n")
	}
	for i := 1; i < len(c.steps); i++ {
		fmt.Fprintf(&b, "  f%d --> f%d\n", c.steps[i-1].finding+1, c.steps[i].finding+1)
	}
	if c.more > 0 && len(c.steps) > 0 {
		fmt.Fprintf(&b, "  more{{\"%s\"}}:::more\n", mermaidLabel(fmt.Sprintf("+%d more findings", c.more)))
		fmt.Fprintf(&b, "  f%d --> more\n", c.steps[len(c.steps)-1].finding+1)
	}
	b.WriteString(mermaidClasses)
	return b.String()
}

func chainClass(v *view, s chainStep) string {
	if clampSeverity(v.findings[s.finding].Severity) >= 4 { // high, critical
		return "hit"
	}
	return "ctx"
}

// chainLines are the lines of a finding's box: label and severity, title,
// time and process, other tactics.
func (v *view) chainLines(s chainStep) []string {
	f := v.findings[s.finding]
	lines := []string{label(s.finding) + " · " + upper(f.Severity), clip(orDefault(sanitize(f.Title), "Untitled finding"), 48)}
	when := "undated"
	if !s.first.IsZero() {
		when = s.first.UTC().Format("15:04:05Z")
	}
	if f.Image != "" {
		when += " · " + clipLeft(baseName(f.Image), 32)
	}
	lines = append(lines, when)
	if n := len(s.others); n > 0 {
		lines = append(lines, "also "+clip(strings.Join(s.others, ", "), 60))
	}
	return lines
}

// mermaidBlock fences a diagram for Markdown. Labels hold no backticks
// (they are entity-coded), so the fence cannot be closed from inside.
func mermaidBlock(diagram string) string {
	return "```mermaid\n" + diagram + "```\n"
}

// maxTreeDiagrams caps the process trees drawn in report.md, which travels
// through workflow history under a size cap; report.html draws them all.
const maxTreeDiagrams = 25

// processTreeMarkdown is the process tree of finding i, for its section.
func (v *view) processTreeMarkdown(b *bytes.Buffer, i int) {
	f := v.findings[i]
	t := buildTree(f, v.enrich[f.ID])
	if t.processes() == 0 {
		return
	}
	if i >= maxTreeDiagrams {
		fmt.Fprintf(b, "\n**Process tree:** %s, drawn in report.html.\n", plural(t.processes(), "process", "processes"))
		return
	}
	fmt.Fprintf(b, "\n**Process tree** (%s; red: what the rules matched, thick arrows: matched events, dotted: other actions):\n\n",
		plural(t.processes(), "process", "processes"))
	b.WriteString(mermaidBlock(treeMermaid(t)))
}

// attackChainMarkdown draws the hunt's attack chain and lists its steps as
// links to the finding sections (Mermaid diagrams carry no links).
func (v *view) attackChainMarkdown(b *bytes.Buffer) {
	c := v.chain()
	if len(c.steps) == 0 {
		return
	}
	b.WriteString("**Attack chain** (findings in time order, each under the ATT&CK tactic of its leading detection):\n\n")
	b.WriteString(mermaidBlock(v.chainMermaid(c)))
	b.WriteString("\n")
	for n, s := range c.steps {
		when := "undated"
		if !s.first.IsZero() {
			when = fmtTime(s.first)
		}
		// The link text is our own label only: titles stay escaped prose.
		fmt.Fprintf(b, "%d. %s — [%s](#%s) %s — %s", n+1, when, label(s.finding), githubSlug(v.findingHeadingPlain(s.finding)),
			textOr(clip(sanitize(v.findings[s.finding].Title), titleLen), "Untitled finding"), text(c.columns[s.tactic].name))
		if len(s.others) > 0 {
			fmt.Fprintf(b, "; also %s", text(strings.Join(s.others, ", ")))
		}
		b.WriteString("\n")
	}
	if c.more > 0 {
		fmt.Fprintf(b, "\nThe chain shows the first %d findings in time; %d more are listed under Technical Findings.\n", len(c.steps), c.more)
	}
	b.WriteString("\n")
}

// findingHeadingPlain is the text a renderer shows for finding i's
// heading as finding() writes it, from which its anchor is made.
func (v *view) findingHeadingPlain(i int) string {
	t := defang(sanitize(clip(sanitize(v.findings[i].Title), 2*titleLen)))
	if t == "" {
		t = "Untitled finding"
	}
	return label(i) + ": " + t
}

// githubSlug is the anchor GitHub (and GitLab, for these headings) gives a
// heading: lower case, punctuation dropped, spaces turned into hyphens.
func githubSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
