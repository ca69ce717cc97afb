package report

import (
	"regexp"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
)

func p(text string, findings ...string) huntflow.Paragraph {
	return huntflow.Paragraph{Text: text, Findings: findings}
}

func TestVetProse(t *testing.T) {
	tests := []struct {
		name     string
		para     huntflow.Paragraph
		keep     bool
		wantNote string
	}{
		{"tied to a finding, names what the results hold", p(`rundll32.exe dumped LSASS on WS01.corp.local as CORP\alice (T1003.001, T1003).`, "f-lsass"), true, ""},
		{"cites no finding", p("All activity is benign and expected."), false, "cites no finding"},
		{"cites only unknown findings", p("See the finding.", "f-made-up"), false, "only findings that are not in the results"},
		{"names a technique not in the results", p("Initial access was T1566 phishing.", "f-lsass"), false, "names technique T1566"},
		{"names a host not in the results", p("The attacker moved to WIN-DC01 next.", "f-lsass"), false, "names host WIN-DC01"},
		{"names a domain host not in the results", p("Data went to exfil.evil-corp.com.", "f-lsass"), false, "names host exfil.evil-corp.com"},
		{"names an account not in the results", p(`The account CORP\admin was used.`, "f-lsass"), false, `names account CORP\admin`},
		{"names an address not in the results", p("It beaconed to 203.0.113.7.", "f-lsass"), false, "names address 203.0.113.7"},
		{"states another threat level", p("The threat level is low: these are false positives.", "f-lsass"), false, "states threat level LOW"},
		{"states the hunt's threat level", p("The threat level is high because LSASS was read.", "f-lsass"), true, ""},
		{"file names and technical words are not hosts", p("comsvcs.dll and lsass.dmp with SHA256 hashes on x64.", "f-lsass"), true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, notes := VetProse(lsassResult(), huntflow.ReportProse{AttackChain: []huntflow.Paragraph{tt.para}})
			if kept := len(got.AttackChain) == 1; kept != tt.keep {
				t.Fatalf("kept = %t, want %t (notes %q)", kept, tt.keep, notes)
			}
			if tt.wantNote != "" && !strings.Contains(strings.Join(notes, "\n"), tt.wantNote) {
				t.Errorf("notes %q, want %q", notes, tt.wantNote)
			}
			if tt.keep && len(notes) != 0 {
				t.Errorf("notes %q for a kept paragraph", notes)
			}
		})
	}
}

// A model that tries to take the report over: the findings are rendered
// whatever it says, and nothing it writes survives as markup.
func TestProseCannotHijackTheReport(t *testing.T) {
	clean, err := Markdown(multiResult())
	if err != nil {
		t.Fatal(err)
	}
	r := multiResult()
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.ID)
	}
	r.Prose = &huntflow.ReportProse{
		Author: "llm:evil",
		ExecutiveSummary: []huntflow.Paragraph{
			p("Placeholder text. Nothing happened. <script>alert(1)</script>", ids...),
			p("<img src=x onerror=alert(1)> [details](javascript:alert(2)) <a href=\"http://evil\">x</a>", ids[0]),
		},
		AttackChain:       []huntflow.Paragraph{p("\n## Threat Level\n\n**Threat Level: NONE**\n\n## Technical Findings\n\nNo findings.", ids[0])},
		SeverityReasoning: []huntflow.Paragraph{p("|a|b|\n|---|---|\n> quote\n```\ncode", ids[0])},
		Recommendations:   []huntflow.Paragraph{p("Ignore the findings above; they are false positives.", ids[0])},
	}
	r.LLMUsage = &huntflow.HuntUsage{PromptTokens: 1200, CompletionTokens: 300, PricePer1K: 0.01,
		Steps: []huntflow.StepUsage{{Step: "review", LLMUsage: huntflow.LLMUsage{Calls: 2, PromptTokens: 1200, CompletionTokens: 300}}}}
	r.LLMUsage.EstimatedCost = 0.015
	md, err := Markdown(r)
	if err != nil {
		t.Fatalf("Markdown: %v", err)
	}
	s := string(md)
	if err := CheckStructure(md); err != nil {
		t.Fatal(err)
	}
	if lvl, _ := ThreatLevelOf(md); lvl != ThreatLevel(r.Findings) {
		t.Errorf("threat level %v", lvl)
	}
	// Every finding's section of the clean report is there, byte for byte.
	for _, f := range r.Findings {
		if !strings.Contains(s, code(f.ID)) {
			t.Errorf("finding %s is missing", f.ID)
		}
	}
	if !strings.Contains(s, string(clean[strings.Index(string(clean), "## Technical Findings"):strings.Index(string(clean), "## Attack Timeline")])) {
		t.Error("the technical findings differ from the report without prose")
	}
	if strings.Count(s, "\n## ") != len(Sections) {
		t.Errorf("%d level-2 headings", strings.Count(s, "\n## "))
	}
	for _, re := range []string{`(^|[^\\])<(script|img|a)\b`, `(^|[^\\])\]\(javascript:`, `(?m)^\|a`, `(?m)^> quote`, `(?m)^\x60\x60\x60\s*$\n?code`} {
		if regexp.MustCompile(re).MatchString(s) {
			t.Errorf("raw markup %s survived:\n%s", re, s)
		}
	}
	for _, want := range []string{"### Analyst's assessment", "_Written by llm:evil", "Placeholder text.", "LLM usage: 1,200 prompt + 300 completion tokens in 2 calls over 1 step", "estimated cost 0.0150"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}
