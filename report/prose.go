package report

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

// LLM prose. The templates render every fact of a report; an LLM adds
// prose only: paragraphs that cite findings by ID. VetProse keeps a
// paragraph only when what it names is in the hunt's results, and the
// report renders what is kept escaped, under the facts, labelled as the
// LLM's. No prose can remove, reorder or hide a finding.

// Prose limits per section.
const (
	maxProseParagraphs = 5
	maxProseText       = 1500
)

var (
	techniqueNameRE = regexp.MustCompile(`\bT\d{4}(?:\.\d{3})?\b`)
	// DOMAIN\user, as Windows logs write accounts.
	accountRE = regexp.MustCompile(`\b[A-Za-z0-9][A-Za-z0-9._-]*\\[A-Za-z0-9][A-Za-z0-9._$-]*`)
	// Dotted names: host names (wks01.corp.example) and file names.
	dottedRE = regexp.MustCompile(`\b[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z][A-Za-z0-9]+\b`)
	ipv4RE   = regexp.MustCompile(`\b\d{1,3}(?:\.\d{1,3}){3}\b`)
	// Host-like words: capitals and digits (WKS-0042, DC01).
	hostWordRE    = regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b`)
	statedLevelRE = regexp.MustCompile(`(?i)threat[\s-]+level\W{0,5}(?:\w+\W+){0,4}?\b(none|informational|low|medium|high|critical)\b`)
)

// fileExtensions mark a dotted name as a file, not a host.
var fileExtensions = map[string]bool{
	"exe": true, "dll": true, "sys": true, "ps1": true, "psm1": true, "bat": true, "cmd": true, "vbs": true, "js": true,
	"hta": true, "msi": true, "lnk": true, "dmp": true, "txt": true, "log": true, "ini": true, "xml": true, "json": true,
	"zip": true, "evtx": true, "scr": true, "cpl": true, "ocx": true, "tmp": true, "dat": true, "bin": true, "db": true,
	"py": true, "sh": true, "doc": true, "docx": true, "xls": true, "xlsx": true, "pdf": true, "csv": true, "reg": true,
}

// technicalWords look like host names but are not.
var technicalWords = map[string]bool{
	"SHA1": true, "SHA256": true, "SHA512": true, "MD5": true, "AES128": true, "AES256": true, "RC4": true, "NTLMV2": true,
	"X64": true, "X86": true, "WIN32": true, "WIN64": true, "UTF8": true, "UTF16": true, "BASE64": true, "IPV4": true,
	"IPV6": true, "HTTP2": true, "SMB1": true, "SMB2": true, "SMB3": true, "SMBV1": true, "SMBV2": true, "TLS1": true,
	"KERBEROS5": true, "PS1": true, "EDR1": true,
}

// proseFacts is what a paragraph may name: the result's hosts, users,
// processes and event data (lower case), and its techniques.
type proseFacts struct {
	corpus     string
	techniques map[string]bool
	findings   map[string]bool
	level      huntflow.Severity
}

func factsOf(r huntflow.HuntResult) proseFacts {
	var b strings.Builder
	add := func(ss ...string) {
		for _, s := range ss {
			if s != "" {
				b.WriteString(strings.ToLower(s))
				b.WriteByte('\n')
			}
		}
	}
	addRef := func(e huntflow.EventRef) {
		add(e.Host, e.User, e.Image, e.ParentImage, e.CommandLine, e.Target, e.Channel)
	}
	f := proseFacts{techniques: map[string]bool{}, findings: map[string]bool{}, level: ThreatLevel(r.Findings)}
	add(r.Request.Host)
	for _, fd := range r.Findings {
		f.findings[fd.ID] = true
		add(fd.Host, fd.User, fd.Image, fd.CommandLine, fd.Title, fd.Description, fd.RuleTitle, fd.ProcessGUID)
		for _, e := range fd.Events {
			addRef(e)
		}
		for _, t := range fd.Techniques {
			f.techniques[strings.ToUpper(t)] = true
		}
		for _, d := range fd.Detections {
			add(d.Title)
			add(d.Images...)
			for _, t := range d.Techniques {
				f.techniques[strings.ToUpper(t)] = true
			}
		}
	}
	for _, t := range r.Techniques {
		f.techniques[strings.ToUpper(t.ID)] = true
	}
	for _, en := range r.Enrichments {
		add(en.Host)
		for _, list := range [][]huntflow.EventRef{en.Process, en.HostSample, en.Children} {
			for _, e := range list {
				addRef(e)
			}
		}
		if en.Parent != nil {
			addRef(*en.Parent)
		}
	}
	f.corpus = b.String()
	return f
}

// stranger returns the first thing p names that the results do not hold:
// a technique, an account, a host or an address; "" when there is none.
func (f proseFacts) stranger(text string) string {
	for _, t := range techniqueNameRE.FindAllString(text, -1) {
		if !f.techniques[t] && !f.hasSubTechniqueOf(t) {
			return "technique " + t
		}
	}
	known := func(s string) bool { return strings.Contains(f.corpus, strings.ToLower(s)) }
	for _, a := range accountRE.FindAllString(text, -1) {
		if !known(a) {
			return "account " + a
		}
	}
	for _, ip := range ipv4RE.FindAllString(text, -1) {
		if !known(ip) {
			return "address " + ip
		}
	}
	for _, d := range dottedRE.FindAllString(text, -1) {
		if ipv4RE.MatchString(d) {
			continue
		}
		ext := strings.ToLower(d[strings.LastIndexByte(d, '.')+1:])
		if fileExtensions[ext] || known(d) {
			continue
		}
		return "host " + d
	}
	for _, w := range hostWordRE.FindAllString(text, -1) {
		if len(w) < 4 || !strings.ContainsAny(w, "0123456789") || techniqueNameRE.MatchString(w) ||
			strings.HasPrefix(w, "CVE-") || technicalWords[w] || known(w) {
			continue
		}
		return "host " + w
	}
	return ""
}

// hasSubTechniqueOf: naming T1003 is fine when the results hold T1003.001.
func (f proseFacts) hasSubTechniqueOf(t string) bool {
	if strings.Contains(t, ".") {
		return false
	}
	for k := range f.techniques {
		if strings.HasPrefix(k, t+".") {
			return true
		}
	}
	return false
}

// VetProse keeps the paragraphs of p that are tied to the results: each
// must cite at least one of the result's findings (when it has any), and
// name no technique, host, account or address the results do not hold, and
// state no threat level but the hunt's. Text is made one line and capped.
// It returns what is kept and a note for everything dropped.
func VetProse(r huntflow.HuntResult, p huntflow.ReportProse) (huntflow.ReportProse, []string) {
	f := factsOf(r)
	var notes []string
	vet := func(section string, ps []huntflow.Paragraph) []huntflow.Paragraph {
		var out []huntflow.Paragraph
		for i, para := range ps {
			if len(out) == maxProseParagraphs {
				notes = append(notes, fmt.Sprintf("LLM prose: %d more paragraph(s) of the %s were left out (at most %d)", len(ps)-i, section, maxProseParagraphs))
				break
			}
			text := huntflow.Truncate(strings.Join(strings.Fields(sanitize(para.Text)), " "), maxProseText)
			if text == "" {
				continue
			}
			var cites []string
			unknown := 0
			for _, id := range para.Findings {
				if f.findings[id] {
					if !slices.Contains(cites, id) {
						cites = append(cites, id)
					}
				} else {
					unknown++
				}
			}
			n := i + 1
			switch {
			case unknown > 0 && len(cites) == 0:
				notes = append(notes, fmt.Sprintf("LLM prose: dropped paragraph %d of the %s: it cites only findings that are not in the results", n, section))
				continue
			case len(cites) == 0 && len(f.findings) > 0:
				notes = append(notes, fmt.Sprintf("LLM prose: dropped paragraph %d of the %s: it cites no finding", n, section))
				continue
			}
			if s := f.stranger(text); s != "" {
				notes = append(notes, fmt.Sprintf("LLM prose: dropped paragraph %d of the %s: it names %s, which is not in the hunt's results", n, section, clip(s, 80)))
				continue
			}
			if m := statedLevelRE.FindStringSubmatch(text); m != nil {
				if lvl, err := huntflow.ParseSeverity(m[1]); err == nil && lvl != f.level {
					notes = append(notes, fmt.Sprintf("LLM prose: dropped paragraph %d of the %s: it states threat level %s; the hunt's is %s", n, section, strings.ToUpper(lvl.String()), strings.ToUpper(f.level.String())))
					continue
				}
			}
			if unknown > 0 {
				notes = append(notes, fmt.Sprintf("LLM prose: paragraph %d of the %s cited %d finding(s) that are not in the results; those citations were dropped", n, section, unknown))
			}
			out = append(out, huntflow.Paragraph{Text: text, Findings: cites})
		}
		return out
	}
	out := huntflow.ReportProse{Author: p.Author, Usage: p.Usage}
	out.ExecutiveSummary = vet("executive summary", p.ExecutiveSummary)
	out.AttackChain = vet("attack chain analysis", p.AttackChain)
	out.SeverityReasoning = vet("severity reasoning", p.SeverityReasoning)
	out.Recommendations = vet("recommendations", p.Recommendations)
	return out, notes
}

// proseBlock renders paragraphs of LLM prose under a sub-heading, each
// escaped as text and followed by the labels of the findings it cites.
func (v *view) proseBlock(b *bytes.Buffer, title string, ps []huntflow.Paragraph, list bool) {
	if len(ps) == 0 {
		return
	}
	author := "the LLM analyst"
	if v.r.Prose != nil && v.r.Prose.Author != "" {
		author = text(v.r.Prose.Author)
	}
	fmt.Fprintf(b, "\n### %s\n\n_Written by %s from the hunt's findings (cited as F1, F2, …); the facts of this report are rendered from the hunt's results, not by the LLM._\n\n", title, author)
	for i, p := range ps {
		var labels []string
		for _, id := range p.Findings {
			for _, fi := range v.byFindingID[id] {
				labels = append(labels, label(fi))
			}
		}
		cite := ""
		if len(labels) > 0 {
			cite = " (" + strings.Join(labels, ", ") + ")"
		}
		if list {
			fmt.Fprintf(b, "- %s%s\n", text(p.Text), cite)
		} else {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(b, "%s%s\n", text(p.Text), cite)
		}
	}
}

// vettedProse is the result's prose as the report renders it: vetted again,
// so prose that did not pass through VetProse cannot reach a report.
func (v *view) vettedProse() huntflow.ReportProse {
	if v.r.Prose == nil {
		return huntflow.ReportProse{}
	}
	p, _ := VetProse(v.r, *v.r.Prose)
	return p
}

// usageFooter renders what the hunt spent on the LLM.
func (v *view) usageFooter(b *bytes.Buffer) {
	u := v.r.LLMUsage
	if u == nil || (len(u.Steps) == 0 && u.Budget == 0) {
		return
	}
	calls := 0
	for _, s := range u.Steps {
		calls += s.Calls
	}
	est := ""
	if u.Estimated {
		est = " (some figures estimated with the tokenizer)"
	}
	fmt.Fprintf(b, "\n---\n\n_LLM usage: %s prompt + %s completion tokens in %s over %s%s",
		thousands(u.PromptTokens), thousands(u.CompletionTokens), plural(calls, "call", "calls"), plural(len(u.Steps), "step", "steps"), est)
	if u.Budget > 0 {
		fmt.Fprintf(b, "; budget %s tokens", thousands(u.Budget))
	}
	if u.PricePer1K > 0 {
		fmt.Fprintf(b, "; estimated cost %.4f at %.4f per 1,000 tokens", u.EstimatedCost, u.PricePer1K)
	}
	b.WriteString("._\n")
}
