package report

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/huntflow/huntflow"
)

// CheckStructure reports whether md has every section of Sections as a
// "## " heading, each once and in order, and a Threat Level section that
// names a threat level (none, informational, low, medium, high, critical).
// Headings inside fenced code blocks do not count, so a quoted command line
// cannot supply or duplicate a section. Titles match case-insensitively and
// may be numbered ("## 2. Technical Findings"); other "## " headings are
// allowed between the sections.
func CheckStructure(md []byte) error {
	doc := parseDoc(md)
	var errs []error
	next := 0 // index into Sections of the next section expected
	seen := make([]bool, len(Sections))
	for _, h := range doc.headings {
		i := sectionIndex(h.title)
		if i < 0 {
			continue
		}
		switch {
		case h.setext:
			errs = append(errs, fmt.Errorf("line %d: section %q must be a \"## \" heading", h.line+1, Sections[i]))
		case seen[i]:
			errs = append(errs, fmt.Errorf("line %d: section %q appears more than once", h.line+1, Sections[i]))
		case i < next:
			errs = append(errs, fmt.Errorf("line %d: section %q is out of order: it must come before %q", h.line+1, Sections[i], Sections[next-1]))
		default:
			next = i + 1
		}
		seen[i] = true
	}
	for i, ok := range seen {
		if !ok {
			errs = append(errs, fmt.Errorf("section %q is missing", Sections[i]))
		}
	}
	if seen[len(Sections)-1] {
		if _, err := doc.threatLevel(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("report structure: %w", err)
	}
	return nil
}

// ThreatLevelOf reads the overall threat level from a report's Threat Level
// section, so a caller can compare an LLM-written report with ThreatLevel.
// It prefers a level written as "threat level: X" and otherwise takes the
// first level named in the section.
func ThreatLevelOf(md []byte) (huntflow.Severity, error) {
	return parseDoc(md).threatLevel()
}

var (
	levelStatedRE = regexp.MustCompile(`(?i)threat\s+level(?:\s+is)?[\s:*_=\-–—]*\b(none|informational|low|medium|high|critical)\b`)
	levelAnyRE    = regexp.MustCompile(`(?i)\b(none|informational|low|medium|high|critical)\b`)
	numberingRE   = regexp.MustCompile(`^\d+[.)]\s+`)
)

type mdHeading struct {
	title  string
	level  int
	line   int
	setext bool
}

type mdDoc struct {
	lines    []string
	code     []bool // line is inside (or fences) a fenced code block
	headings []mdHeading
}

// parseDoc finds the ATX and setext headings of a CommonMark document,
// skipping fenced code blocks. It is not a full parser: it knows just
// enough block structure to tell a real heading from text that looks like
// one.
func parseDoc(md []byte) mdDoc {
	d := mdDoc{lines: strings.Split(strings.ReplaceAll(string(md), "\r\n", "\n"), "\n")}
	d.code = make([]bool, len(d.lines))
	var fenceChar byte
	fenceLen := 0
	for i, l := range d.lines {
		t := strings.TrimLeft(l, " ")
		indented := len(l)-len(t) > 3
		if fenceLen > 0 {
			d.code[i] = true
			if !indented && leadingRun(t, fenceChar) >= fenceLen && strings.TrimSpace(strings.TrimLeft(t, string(fenceChar))) == "" {
				fenceLen = 0
			}
			continue
		}
		if indented {
			continue
		}
		if n := max(leadingRun(t, '`'), leadingRun(t, '~')); n >= 3 {
			// A backtick fence's info string cannot hold backticks; such a
			// line is an inline code span, not a fence.
			if t[0] == '~' || !strings.Contains(t[n:], "`") {
				fenceChar, fenceLen = t[0], n
				d.code[i] = true
				continue
			}
		}
		if n := leadingRun(t, '#'); n >= 1 && n <= 6 && (len(t) == n || t[n] == ' ' || t[n] == '\t') {
			d.headings = append(d.headings, mdHeading{title: atxTitle(t[n:]), level: n, line: i})
			continue
		}
		if i > 0 && isSetextUnderline(t) && isParagraphLine(d, i-1) {
			level := 2
			if t[0] == '=' {
				level = 1
			}
			d.headings = append(d.headings, mdHeading{title: strings.TrimSpace(d.lines[i-1]), level: level, line: i - 1, setext: true})
		}
	}
	return d
}

func leadingRun(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// atxTitle strips the optional closing sequence of an ATX heading.
func atxTitle(s string) string {
	s = strings.TrimSpace(s)
	if t := strings.TrimRight(s, "#"); t != s && (t == "" || strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\t")) {
		s = strings.TrimSpace(t)
	}
	return s
}

func isSetextUnderline(t string) bool {
	t = strings.TrimRight(t, " \t")
	if t == "" || (t[0] != '-' && t[0] != '=') {
		return false
	}
	return strings.Trim(t, t[:1]) == ""
}

// isParagraphLine approximates "this line is paragraph text", the only
// thing a setext underline turns into a heading.
func isParagraphLine(d mdDoc, i int) bool {
	l := d.lines[i]
	t := strings.TrimLeft(l, " ")
	if d.code[i] || strings.TrimSpace(l) == "" || len(l)-len(t) > 3 {
		return false
	}
	for _, h := range d.headings {
		if h.line == i {
			return false
		}
	}
	switch {
	case strings.HasPrefix(t, ">"), strings.HasPrefix(t, "|"), strings.HasPrefix(t, "<"):
		return false
	case len(t) >= 2 && strings.ContainsRune("-*+", rune(t[0])) && (t[1] == ' ' || t[1] == '\t'):
		return false
	case numberingRE.MatchString(t):
		return false
	}
	return true
}

// normTitle makes heading titles comparable: case, spacing, emphasis and
// numbering do not matter.
func normTitle(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "*_ ")
	s = numberingRE.ReplaceAllString(s, "")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func sectionIndex(title string) int {
	t := normTitle(title)
	for i, s := range Sections {
		if t == normTitle(s) {
			return i
		}
	}
	return -1
}

// threatLevel reads the level from the Threat Level section, which runs
// to the next level 1 or 2 heading.
func (d mdDoc) threatLevel() (huntflow.Severity, error) {
	want := len(Sections) - 1
	start, end := -1, len(d.lines)
	for _, h := range d.headings {
		if start >= 0 && h.level <= 2 && h.line > start {
			end = h.line
			break
		}
		if start < 0 && h.level == 2 && !h.setext && sectionIndex(h.title) == want {
			start = h.line
		}
	}
	if start < 0 {
		return huntflow.SeverityNone, fmt.Errorf("section %q is missing", Sections[want])
	}
	var body []string
	for i := start + 1; i < end; i++ {
		if !d.code[i] {
			body = append(body, d.lines[i])
		}
	}
	text := strings.Join(body, "\n")
	m := levelStatedRE.FindStringSubmatch(text)
	if m == nil {
		m = levelAnyRE.FindStringSubmatch(text)
	}
	if m == nil {
		return huntflow.SeverityNone, fmt.Errorf("section %q names no threat level (none, informational, low, medium, high or critical)", Sections[want])
	}
	s, err := huntflow.ParseSeverity(m[1])
	if err != nil {
		return huntflow.SeverityNone, fmt.Errorf("section %q: %w", Sections[want], err)
	}
	return s, nil
}
