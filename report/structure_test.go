package report

import (
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
)

// doc builds a report skeleton with the given "## " headings; the Threat
// Level section gets body.
func doc(headings []string, body string) []byte {
	var b strings.Builder
	b.WriteString("# Threat Hunt Report — h1\n\nIntro.\n")
	for _, h := range headings {
		b.WriteString("\n## " + h + "\n\n")
		if strings.HasSuffix(strings.ToLower(h), "threat level") {
			b.WriteString(body + "\n")
		} else {
			b.WriteString("Text.\n")
		}
	}
	return []byte(b.String())
}

func without(name string) []string {
	var out []string
	for _, s := range Sections {
		if s != name {
			out = append(out, s)
		}
	}
	return out
}

func TestCheckStructure(t *testing.T) {
	const level = "**Overall threat level: HIGH**\n\nOne line why."
	swapped := append([]string(nil), Sections...)
	swapped[1], swapped[2] = swapped[2], swapped[1]
	numbered := make([]string, len(Sections))
	for i, s := range Sections {
		numbered[i] = string(rune('1'+i)) + ". " + strings.ToLower(s)
	}
	tests := []struct {
		name    string
		md      []byte
		wantErr string // "" for valid
	}{
		{"valid", doc(Sections, level), ""},
		{"numbered, lower case, closing hashes", []byte(strings.Replace(string(doc(numbered, level)), "## 8. threat level\n", "## 8. threat level ##\n", 1)), ""},
		{"extra section allowed", doc(append(append([]string(nil), Sections...), "Appendix"), level), ""},
		{"missing section", doc(without("Attack Timeline"), level), `section "Attack Timeline" is missing`},
		{"missing threat level", doc(without("Threat Level"), level), `section "Threat Level" is missing`},
		{"out of order", doc(swapped, level), `section "Technical Findings" is out of order`},
		{"duplicate", doc(append(append([]string(nil), Sections...), "Threat Level"), level), `section "Threat Level" appears more than once`},
		{"no level named", doc(Sections, "Bad things happened."), "names no threat level"},
		{"level only in a code block", doc(Sections, "```\nthreat level: high\n```"), "names no threat level"},
		{"sections only in a code block", []byte("# R\n\n```\n## " + strings.Join(Sections, "\n## ") + "\nhigh\n```\n"), `section "Executive Summary" is missing`},
		{"tilde fence hides headings", []byte("# R\n\n~~~\n## " + strings.Join(Sections, "\n## ") + "\nhigh\n~~~\n"), `section "Executive Summary" is missing`},
		{"indented code is no heading", []byte(strings.Replace(string(doc(Sections, level)), "\n## Recommendations\n", "\n    ## Recommendations\n", 1)), `section "Recommendations" is missing`},
		{"setext heading", []byte(strings.Replace(string(doc(Sections, level)), "\n## Threat Level\n", "\nThreat Level\n---\n", 1)), `section "Threat Level" must be a "## " heading`},
		{"level 3 is not a section", []byte(strings.Replace(string(doc(Sections, level)), "\n## Threat Level\n", "\n### Threat Level\n", 1)), `section "Threat Level" is missing`},
		{"no space after hashes", []byte(strings.Replace(string(doc(Sections, level)), "\n## Recommendations\n", "\n##Recommendations\n", 1)), `section "Recommendations" is missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckStructure(tt.md)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("CheckStructure: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("CheckStructure accepted:\n%s", tt.md)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("CheckStructure = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestThreatLevelOf(t *testing.T) {
	tests := []struct {
		body string
		want huntflow.Severity
	}{
		{"**Overall threat level: CRITICAL**\n\nRaised from high to critical.", huntflow.SeverityCritical},
		{"The highest finding is high, but overall threat level: **medium**.", huntflow.SeverityMedium},
		{"Threat level is Low.", huntflow.SeverityLow},
		{"Informational only; nothing high.", huntflow.SeverityInformational},
		{"NONE", huntflow.SeverityNone},
		// Text after the section does not count.
		{"**Overall threat level: LOW**\n\n## Appendix\n\nthreat level: critical", huntflow.SeverityLow},
	}
	for _, tt := range tests {
		got, err := ThreatLevelOf(doc(Sections, tt.body))
		if err != nil || got != tt.want {
			t.Errorf("ThreatLevelOf(%q) = %v, %v; want %v", tt.body, got, err, tt.want)
		}
	}
	if _, err := ThreatLevelOf(doc(without("Threat Level"), "")); err == nil {
		t.Error("ThreatLevelOf without the section succeeded")
	}
}
