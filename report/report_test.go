package report

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

func render(t *testing.T, r huntflow.HuntResult) string {
	t.Helper()
	md, err := Markdown(r)
	if err != nil {
		t.Fatalf("Markdown: %v", err)
	}
	return string(md)
}

// mdLine is one line of a report, with whether it sits in a fenced code
// block (fence lines included) and the info string of that block. The
// tracking is independent of parseDoc so the tests do not trust the code
// they test.
type mdLine struct {
	text   string
	inCode bool
	lang   string
}

func splitLines(md string) []mdLine {
	var out []mdLine
	fence, lang := "", ""
	for _, l := range strings.Split(md, "\n") {
		switch {
		case fence != "":
			out = append(out, mdLine{l, true, lang})
			if strings.HasPrefix(l, fence) && strings.Trim(l, "`") == "" && len(l) >= len(fence) {
				fence = ""
			}
		case strings.HasPrefix(l, "```"):
			n := len(l) - len(strings.TrimLeft(l, "`"))
			fence, lang = l[:n], l[n:]
			out = append(out, mdLine{l, true, lang})
		default:
			out = append(out, mdLine{l, false, ""})
		}
	}
	return out
}

// stripCodeSpans removes CommonMark code spans from a line: a backtick run
// opens a span closed by the next run of the same length; an unmatched run
// stays literal, as does a backslash-escaped backtick.
func stripCodeSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			b.WriteString(s[i : i+2])
			i += 2
		case s[i] == '`':
			n := leadingRun(s[i:], '`')
			closeAt := -1
			for j := i + n; j < len(s); {
				if s[j] != '`' {
					j++
					continue
				}
				m := leadingRun(s[j:], '`')
				if m == n {
					closeAt = j
					break
				}
				j += m
			}
			if closeAt < 0 {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
			b.WriteString("CODE")
			i = closeAt + n
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// unescaped counts c in s where it is not preceded by a backslash, the way
// GFM decides which pipes split table cells.
func unescaped(s string, c byte) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == c && (i == 0 || s[i-1] != '\\') {
			n++
		}
	}
	return n
}

// section returns the body of the "## name" section.
func sectionBody(md, name string) string {
	start := strings.Index(md, "\n## "+name+"\n")
	if start < 0 {
		return ""
	}
	body := md[start+len(name)+5:]
	if end := strings.Index(body, "\n## "); end >= 0 {
		body = body[:end]
	}
	return body
}

// findingBody returns the part of the report under the "### Fn:" heading
// of the finding with the given title.
func findingBody(t *testing.T, md, title string) string {
	t.Helper()
	body := sectionBody(md, "Technical Findings")
	re := regexp.MustCompile(`(?m)^### F\d+: ` + regexp.QuoteMeta(text(title)) + `$`)
	loc := re.FindStringIndex(body)
	if loc == nil {
		t.Fatalf("no finding heading for %q", title)
	}
	body = body[loc[1]:]
	if end := strings.Index(body, "\n### "); end >= 0 {
		body = body[:end]
	}
	return body
}

func TestMarkdownStructureAndCitations(t *testing.T) {
	tests := []struct {
		name  string
		r     huntflow.HuntResult
		level huntflow.Severity
		want  []string // substrings the report must contain
	}{
		{"no findings", emptyResult(), huntflow.SeverityNone, []string{
			"# Threat Hunt Report — hunt-empty\n",
			"No suspicious activity found.",
			"- **Hunt windows (UTC):** 3 contiguous windows from 2024-05-14 09:00:00Z to 2024-05-14 09:15:00Z\n",
			"- **Events scanned:** 48,213\n",
			"- **Stop reason:** max-iterations (the limit of 5 iterations was reached)\n",
			"**Overall threat level: NONE**",
		}},
		{"one LSASS finding", lsassResult(), huntflow.SeverityHigh, []string{
			"### F1: LSASS memory dump via comsvcs.dll MiniDump\n",
			"- **Source:** Sigma rule `646ea171-dded-4578-8a4d-65e9822c8f49` — Process Memory Dump Via Comsvcs.DLL\n",
			"- **ATT&CK techniques:** T1003.001 (OS Credential Dumping: LSASS Memory)\n",
			"- **Process:** `C:\\Windows\\System32\\rundll32.exe` (PID 4242, GUID `{6f1b2c3d-0000-1111-2222-333344445555}`)\n",
			"```text\nrundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Users\\Public\\lsass.dmp full\n```\n",
			"| 2024-05-14 09:01:07Z | `WS01.corp.local` | 10 (Process Access) | `C:\\Windows\\System32\\rundll32.exe` | 4242 | `C:\\Windows\\system32\\lsass.exe` | `ev-lsass-2` |\n",
			"on 1 host: `WS01.corp.local`",
			"**Overall threat level: HIGH**",
		}},
		{"intrusion across hosts", multiResult(), huntflow.SeverityCritical, []string{
			"- **Findings:** 5 (2 high, 2 medium, 1 low)\n",
			"  - window 2: the LLM reply could not be parsed; the rules' verdict stands\n",
			"- **Process events:** 17; **host events:** 1,532\n",
			"- **Parent:** `C:\\Windows\\System32\\cmd.exe` (PID 3100) `cmd.exe /c run.bat`\n",
			"  - 2024-05-14 09:01:06Z `C:\\Windows\\System32\\conhost.exe` (PID 4300) `conhost.exe 0xffffffff -ForceV1`\n",
			// Ties in count (3 and 11, 75 each) go by event ID.
			"- **Top event IDs on the host:** 1 Process Create ×220, 3 Network Connection ×75, 11 File Create ×75, 10 Process Access ×41, 13 Registry Event ×9\n",
			"Showing 3 of 14 events; the rest are in the event store.\n",
			"_This finding cites no events: verify it against the raw logs before acting on it._",
			"| `WS01.corp.local` | 3 (F1, F2, F5) | HIGH | 2024-05-14 09:01:05Z | 2024-05-14 09:06:00Z |\n",
			"| `CORP\\alice` | 3 (F1, F2, F4) | HIGH | `DC01`, `WS01.corp.local` |\n",
			"**Overall threat level: CRITICAL**",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := render(t, tt.r)
			if err := CheckStructure([]byte(md)); err != nil {
				t.Errorf("CheckStructure: %v", err)
			}
			if got, err := ThreatLevelOf([]byte(md)); err != nil || got != tt.level {
				t.Errorf("ThreatLevelOf = %v, %v; want %v", got, err, tt.level)
			}
			for _, w := range tt.want {
				if !strings.Contains(md, w) {
					t.Errorf("report lacks %q", w)
				}
			}
			// Every finding cites its events in its own section.
			for _, f := range tt.r.Findings {
				body := findingBody(t, md, f.Title)
				for _, e := range f.Events {
					if !strings.Contains(body, "| `"+e.ID+"` |") {
						t.Errorf("finding %s does not cite event %s", f.ID, e.ID)
					}
				}
			}
		})
	}
}

func TestMarkdownFindingsOrder(t *testing.T) {
	md := render(t, multiResult())
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^### (F\d+: .*)$`).FindAllStringSubmatch(md, -1) {
		got = append(got, m[1])
	}
	// Severity first; within a severity, the earlier finding first.
	want := []string{
		"F1: LSASS memory dump via comsvcs.dll MiniDump",
		"F2: PsExec service execution on DC01",
		"F3: Encoded PowerShell command",
		"F4: Security log cleared",
		"F5: Possible staging of tools in Public folder",
	}
	if !slices.Equal(got, want) {
		t.Errorf("finding headings = %q, want %q", got, want)
	}
}

func TestMarkdownTimeline(t *testing.T) {
	t.Run("dedup and order", func(t *testing.T) {
		body := sectionBody(render(t, multiResult()), "Attack Timeline")
		rows := tableRows(body)
		if len(rows) != 6 {
			t.Fatalf("timeline has %d rows, want 6 (7 citations, one shared):\n%s", len(rows), body)
		}
		var prev string
		for _, r := range rows {
			ts := strings.TrimSpace(strings.Split(r, "|")[1])
			if ts < prev {
				t.Errorf("timeline not chronological: %s after %s", ts, prev)
			}
			prev = ts
		}
		shared := "| 2024-05-14 09:01:07Z | `WS01.corp.local` | 10 (Process Access) | `C:\\Windows\\System32\\rundll32.exe` | `C:\\Windows\\system32\\lsass.exe` | F1 LSASS memory dump via comsvcs.dll MiniDump; F2 PsExec service execution on DC01 |"
		if !slices.Contains(rows, shared) {
			t.Errorf("timeline lacks the shared event once with both findings:\n%s", body)
		}
	})
	t.Run("capped", func(t *testing.T) {
		body := sectionBody(render(t, manyEventsResult()), "Attack Timeline")
		if n := len(tableRows(body)); n != maxTimelineRows {
			t.Errorf("timeline has %d rows, want %d", n, maxTimelineRows)
		}
		if !strings.Contains(body, "Showing the first 100 of 150 cited events") {
			t.Errorf("timeline does not say it was cut:\n%s", body[len(body)-300:])
		}
	})
}

// tableRows returns the data rows of the tables in md.
func tableRows(md string) []string {
	var rows []string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| Time (UTC)") {
			rows = append(rows, l)
		}
	}
	return rows
}

func TestMarkdownAttackSummary(t *testing.T) {
	body := sectionBody(render(t, multiResult()), "MITRE ATT&CK Summary")
	for _, row := range []string{
		"| T1003.001 | OS Credential Dumping: LSASS Memory | credential-access | HIGH | F1 | rule |",
		"| T1021.002 | Remote Services: SMB/Windows Admin Shares | lateral-movement | HIGH | F2 | rule |",
		// Named only by a finding: the name and tactic come from the built-in table.
		"| T1569.002 | System Services: Service Execution | execution | HIGH | F2 | finding |",
		"| T1070.001 | Indicator Removal: Clear Windows Event Logs | defense-evasion | MEDIUM | F4 | llm |",
	} {
		if !strings.Contains(body, row+"\n") {
			t.Errorf("ATT&CK summary lacks row %q:\n%s", row, body)
		}
	}
	if !strings.Contains(body, "- LLM proposed technique T1003.099 for f-lsass; not in the ATT\\&CK catalogue, dropped\n") {
		t.Errorf("ATT&CK summary lacks the technique note:\n%s", body)
	}
}

func TestMarkdownDeterministic(t *testing.T) {
	for _, r := range []huntflow.HuntResult{emptyResult(), lsassResult(), multiResult(), hostileResult(), manyEventsResult()} {
		t.Run(r.HuntID[:min(len(r.HuntID), 12)], func(t *testing.T) {
			a, b := render(t, r), render(t, r)
			if a != b {
				t.Fatal("two renders differ")
			}
			// The order the hunt produced findings and techniques in must not matter.
			p := r
			p.Findings = slices.Clone(r.Findings)
			slices.Reverse(p.Findings)
			p.Techniques = slices.Clone(r.Techniques)
			slices.Reverse(p.Techniques)
			if c := render(t, p); c != a {
				t.Error("render depends on the order of findings or techniques")
			}
		})
	}
}

var ownLink = regexp.MustCompile(`\[F\d+\]\(#[\p{L}\p{N}\p{Mn}_-]+\)`)

var liveEntity = regexp.MustCompile(`(^|[^\\])&[A-Za-z0-9#]+;`)

func TestMarkdownHostileInput(t *testing.T) {
	md := render(t, hostileResult())
	if got, err := ThreatLevelOf([]byte(md)); err != nil || got != huntflow.SeverityHigh {
		t.Errorf("ThreatLevelOf = %v, %v; want high", got, err)
	}
	headingOK := regexp.MustCompile(`^(# Threat Hunt Report — |## |### (F\d+|Q\d+): |### (Hosts|Users|Process images)$)`)
	var h2 []string
	header := 0 // unescaped pipes in the current table's header row
	for i, l := range splitLines(md) {
		if l.inCode {
			if l.lang == "text" && !strings.HasPrefix(l.text, "```") && l.text != sanitize(hostile) {
				t.Errorf("line %d: command line block holds %q, want the sanitised command line on one line", i+1, l.text)
			}
			continue
		}
		s := l.text
		if strings.HasPrefix(s, "#") {
			if !headingOK.MatchString(s) {
				t.Errorf("line %d: unexpected heading %q", i+1, s)
			}
			if strings.HasPrefix(s, "## ") {
				h2 = append(h2, strings.TrimPrefix(s, "## "))
			}
		}
		// The attack chain links its steps to the finding sections: our own
		// label and an anchor made of letters, digits and hyphens only.
		plain := ownLink.ReplaceAllString(stripCodeSpans(s), "")
		if n := unescaped(plain, '`'); n > 0 {
			t.Errorf("line %d: %d backticks outside code spans: %q", i+1, n, s)
		}
		// The report's own markup uses no brackets, angle brackets, tildes,
		// dollars or at signs outside code; emphasis it does use, so the
		// hostile emphasis is checked by its text.
		for _, c := range []byte{'<', '[', ']', '~', '$', '@'} {
			if unescaped(plain, c) > 0 {
				t.Errorf("line %d: unescaped %q outside code: %q", i+1, c, plain)
			}
		}
		for _, frag := range []string{"http://", "https://", "www.evil", "*bold*"} {
			if strings.Contains(plain, frag) {
				t.Errorf("line %d: live %q outside code: %q", i+1, frag, plain)
			}
		}
		if m := liveEntity.FindString(plain); m != "" {
			t.Errorf("line %d: live HTML entity %q outside code", i+1, m)
		}
		if strings.Contains(s, "\x07") || strings.Contains(s, "\u202e") {
			t.Errorf("line %d: raw control character: %q", i+1, s)
		}
		// Every row of a table has as many cell separators as its header.
		switch {
		case !strings.HasPrefix(s, "|"):
			header = 0
		case header == 0:
			header = unescaped(s, '|')
		case unescaped(s, '|') != header:
			t.Errorf("line %d: table row has %d separators, header has %d: %q", i+1, unescaped(s, '|'), header, s)
		}
	}
	if !slices.Equal(h2, Sections) {
		t.Errorf("level-2 headings = %q, want exactly %q", h2, Sections)
	}
	// Evidence stays readable: the command line is shown, sanitised, in full.
	if !strings.Contains(md, "```text\n"+sanitize(hostile)+"\n```\n") {
		t.Error("command line block missing")
	}
}

func TestMarkdownRecordedThreatLevelDiffers(t *testing.T) {
	r := lsassResult()
	r.ThreatLevel = huntflow.SeverityLow
	md := render(t, r)
	if !strings.Contains(md, "The hunt itself recorded LOW; this report derives the level from the findings.") {
		t.Error("report hides that the hunt recorded a different level")
	}
	if got, _ := ThreatLevelOf([]byte(md)); got != huntflow.SeverityHigh {
		t.Errorf("ThreatLevelOf = %v, want high", got)
	}
}

func TestMarkdownNoWindows(t *testing.T) {
	r := lsassResult()
	r.Windows = nil
	r.Findings[0].FirstSeen, r.Findings[0].LastSeen = time.Time{}, time.Time{}
	md := render(t, r)
	for _, w := range []string{"- **Hunt windows (UTC):** none recorded\n", "- **First seen:** 2024-05-14 09:01:05Z\n", "- **Last seen:** 2024-05-14 09:01:07Z\n"} {
		if !strings.Contains(md, w) {
			t.Errorf("report lacks %q", w)
		}
	}
}

func TestMarkdownReportsBrokenEscaping(t *testing.T) {
	// Markdown's own check is the last line of defence; make sure it bites.
	md, err := Markdown(lsassResult())
	if err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(md, []byte("\n## Attack Timeline\n"), []byte("\n## Threat Level\nnone\n## Attack Timeline\n"), 1)
	if CheckStructure(broken) == nil {
		t.Error("CheckStructure accepts an injected Threat Level section")
	}
}

func TestMergedFindingListsItsDetections(t *testing.T) {
	f := huntflow.Finding{ID: "tree1", Title: "LSASS access (+1 related detections in the process tree)", Severity: huntflow.SeverityHigh,
		Host: "WKS1", FirstSeen: time.Date(2023, 8, 15, 9, 55, 0, 0, time.UTC), EventCount: 3,
		Events: []huntflow.EventRef{{ID: "e1", Time: time.Date(2023, 8, 15, 9, 55, 0, 0, time.UTC), Host: "WKS1", EventID: 10}},
		Detections: []huntflow.Detection{
			{RuleID: "r-lsass", Title: "LSASS access", Severity: huntflow.SeverityHigh, Techniques: []string{"T1003.001"}, EventCount: 2, Images: []string{"evil.exe"}},
			{RuleID: "r-who", Title: "whoami | discovery", Severity: huntflow.SeverityLow, Techniques: []string{"T1033"}, EventCount: 1, Images: []string{"whoami.exe"}},
		}}
	md, err := Markdown(huntflow.HuntResult{HuntID: "h", Findings: []huntflow.Finding{f}, ThreatLevel: huntflow.SeverityHigh})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(md), "\n") {
		if strings.Contains(line, "`r-lsass`") || strings.Contains(line, "`r-who`") {
			rows = append(rows, line)
		}
	}
	if len(rows) != 2 {
		t.Fatalf("want one table row per detection, got %q", rows)
	}
	for _, r := range rows {
		// 6 unescaped pipes: the 5 cells of the table; a title's pipe is escaped.
		if n := strings.Count(r, "|") - strings.Count(r, `\|`); n != 6 {
			t.Errorf("row %q has %d cell separators, want 6", r, n)
		}
	}
	if !strings.Contains(rows[0], "HIGH") || !strings.Contains(rows[1], "LOW") || !strings.Contains(rows[1], "T1033") {
		t.Errorf("rows %q lack each detection's own severity and techniques", rows)
	}
}
