package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Everything below treats its input as attacker-controlled: event fields,
// and finding titles and notes that an LLM may have copied from events. The
// report never lets such a value start a line, so it cannot open a heading,
// list, quote or table row; the helpers make sure it cannot end a line or
// break out of the inline construct it sits in either.

// sanitize returns s as one line of visible text. Line breaks and tabs
// become spaces. Other control characters and invisible format characters
// (bidi overrides, zero-width characters) become a visible [U+XXXX] marker
// instead of being dropped, because attackers use them to disguise command
// lines and file names, which an analyst needs to see. Invalid UTF-8 becomes
// U+FFFD.
func sanitize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f' ||
			r == 0x85 || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			fmt.Fprintf(&b, "[U+%04X]", r)
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// clipLeft shortens s to at most n runes by dropping its beginning, which
// keeps the file name of a long path.
func clipLeft(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-n:])
}

// defang breaks URL schemes and www. prefixes so renderers that autolink
// bare URLs (GFM, chat tools) cannot turn attacker text into a link. It is
// the usual SOC notation, so an analyst still reads the indicator.
func defang(s string) string {
	s = strings.ReplaceAll(s, "://", "[:]//")
	var b strings.Builder
	for {
		i := strings.Index(strings.ToLower(s), "www.")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		b.WriteString("[.]")
		s = s[i+4:]
	}
}

// mdSpecial lists the ASCII punctuation that means something in CommonMark
// or GFM inline syntax (emphasis, code, links, HTML, entities, table cells,
// strikethrough, math, mentions) or could start a heading. Escaping it with
// a backslash is always valid CommonMark and renders the character itself.
// Parentheses and "!" only matter after a bracket, which is escaped, so they
// stay readable.
const mdSpecial = "\\`*_[]<>|#~&$@{}"

// text renders an untrusted value as inline Markdown prose: one line,
// defanged, with every syntax character backslash-escaped. It is safe in
// paragraphs, list items, headings and table cells.
func text(s string) string {
	s = defang(sanitize(s))
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		if r < utf8.RuneSelf && strings.IndexByte(mdSpecial, byte(r)) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// textOr is text(s), or def when s is empty.
func textOr(s, def string) string {
	if t := text(s); t != "" {
		return t
	}
	return def
}

// code renders an untrusted value as an inline code span, where Markdown
// and HTML are not interpreted and autolinks do not apply. The fence is one
// backtick longer than the longest backtick run in the value, so the value
// cannot close it. Empty values render as a dash, since an empty code span
// is not valid Markdown.
func code(s string) string {
	s = sanitize(s)
	if s == "" {
		return "—"
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		// CommonMark strips one space on each side, so the value's own
		// backticks do not merge with the fence.
		s = " " + s + " "
	}
	return fence + s + fence
}

// codeCell is code(s) for a GFM table cell. GFM splits rows on pipes
// before it parses code spans, so every pipe needs a backslash even inside
// the span; the table parser removes it again before rendering the span.
// text() output needs no such step: it escapes pipes already.
func codeCell(s string) string { return strings.ReplaceAll(code(s), "|", `\|`) }

// codeBlock renders body as a fenced code block. The fence is longer than
// any backtick run in the body, so no line of the body can close it.
func codeBlock(lang, body string) string {
	n := max(3, longestRun(body, '`')+1)
	fence := strings.Repeat("`", n)
	return fence + lang + "\n" + strings.TrimRight(body, "\n") + "\n" + fence + "\n"
}

func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}
