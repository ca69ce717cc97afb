package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// reportMD builds a Markdown report with the given sections and threat line.
func reportMD(sections []string, threatLine string) string {
	var b strings.Builder
	b.WriteString("# Incident Report\n\n")
	for _, s := range sections {
		fmt.Fprintf(&b, "## %s\n\n", s)
		switch s {
		case "Hunting Queries (KQL)":
			b.WriteString("### Encoded PowerShell\nPurpose: find encoded commands.\n```kql\n## not a heading\nDeviceProcessEvents | where ProcessCommandLine has \"-enc\"\n```\n\n")
		case "Threat Level":
			b.WriteString(threatLine + "\n\nCredential dumping on WS01.\n\n")
		default:
			b.WriteString("WS01, 2024-05-01T10:02:00Z, procdump.exe, event lsass.\n\n")
		}
	}
	return b.String()
}

func TestCheckReport(t *testing.T) {
	reordered := append([]string(nil), ReportSections...)
	reordered[1], reordered[2] = reordered[2], reordered[1]
	tests := []struct {
		name, md, level, wantErr string
	}{
		{"good", reportMD(ReportSections, "**Threat Level: HIGH**"), "high", ""},
		{"level as plain first line", reportMD(ReportSections, "HIGH — credential access observed."), "high", ""},
		{"missing section", reportMD(ReportSections[:7], "**Threat Level: HIGH**") + "\n**Threat Level: HIGH**\n", "high", `missing section(s) ["Threat Level"]`},
		{"out of order", reportMD(reordered, "**Threat Level: HIGH**"), "high", "out of order"},
		{"extra section", reportMD(append(append([]string(nil), ReportSections...), "Appendix"), "**Threat Level: HIGH**"), "high", `unexpected section(s) ["Appendix"]`},
		{"changed level", reportMD(ReportSections, "**Threat Level: CRITICAL**"), "high", `states threat level "CRITICAL", but it is HIGH`},
		{"level not stated", reportMD(ReportSections, "See above."), "high", "does not state the threat level"},
		{"contrary level elsewhere", strings.Replace(reportMD(ReportSections, "**Threat Level: HIGH**"), "## Technical Findings\n", "## Technical Findings\nThreat level: low\n", 1), "high", `states threat level "low"`},
		{"invalid level argument", reportMD(ReportSections, "**Threat Level: HIGH**"), "severe", "invalid threat level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckReport(tt.md, tt.level)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("CheckReport: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func huntResult() huntflow.HuntResult {
	in := window()
	return huntflow.HuntResult{
		HuntID: "hunt-1", Windows: []huntflow.Window{in.Window}, Iterations: 1, Events: 40,
		Confidence: 0.9, Category: "credential-access", ThreatLevel: huntflow.SeverityHigh, Analyst: "sigma+llm:gpt-4o-mini",
		Findings: testFindings(),
		Techniques: []huntflow.TechniqueHit{{ID: "T1003.001", Name: "LSASS Memory", Tactics: []string{"credential-access"},
			Severity: huntflow.SeverityHigh, Findings: []string{"f-lsass"}, Source: "rule"}},
		Enrichments: []huntflow.Enrichment{{FindingID: "f-lsass", Host: "WS01", HostEvents: 12, ProcessEvents: 3,
			Process: []huntflow.EventRef{in.Events[1]}, TopEventIDs: map[int]int{1: 4, 10: 1}}},
		Stopped: "threshold",
	}
}

func TestWriteReport(t *testing.T) {
	good := reportMD(ReportSections, "**Threat Level: HIGH**")
	fake := newFake(t, ok("```markdown\n"+good+"```"))
	md, err := fake.analyst(t).WriteReport(context.Background(), huntResult())
	if err != nil {
		t.Fatalf("WriteReport: %v", err)
	}
	if md != strings.TrimSpace(good)+"\n" {
		t.Errorf("report = %q, want the reply without its code fence", md)
	}
	if err := CheckReport(md, "high"); err != nil {
		t.Errorf("returned report fails the check: %v", err)
	}

	req := fake.calls()[0]
	if req.ResponseFormat != nil {
		t.Errorf("response_format = %+v, want none for Markdown", req.ResponseFormat)
	}
	sys := req.message("system")
	for _, s := range ReportSections {
		if !strings.Contains(sys, "## "+s+"\n") {
			t.Errorf("system message lacks section %q", s)
		}
	}
	if !strings.Contains(sys, "The threat level is HIGH") || !strings.Contains(sys, "untrusted log data") {
		t.Error("system message lacks the fixed threat level or the untrusted-data rule")
	}
	user := req.message("user")
	data := user[strings.Index(user, dataOpen)+len(dataOpen) : strings.Index(user, dataClose)]
	var got reportData
	if err := json.Unmarshal([]byte(data), &got); err != nil {
		t.Fatalf("data block: %v", err)
	}
	if got.ThreatLevel != "HIGH" || len(got.Findings) != 2 || got.Findings[0].ID != "f-lsass" || len(got.Enrichments) != 1 || got.Omitted != "" {
		t.Errorf("report data = %+v", got)
	}
}

func TestWriteReportRetry(t *testing.T) {
	good := reportMD(ReportSections, "**Threat Level: HIGH**")
	missing := reportMD(ReportSections[:6], "")
	tests := []struct {
		name     string
		replies  []string
		wantErr  error
		wantHint string
	}{
		{"changed level, then good", []string{reportMD(ReportSections, "**Threat Level: LOW**"), good}, nil, `states threat level "LOW"`},
		{"sections missing twice", []string{missing, missing}, ErrUnparseable, "missing section(s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var replies []fakeReply
			for _, r := range tt.replies {
				replies = append(replies, ok(r))
			}
			fake := newFake(t, replies...)
			md, err := fake.analyst(t).WriteReport(context.Background(), huntResult())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil && md != "" {
				t.Errorf("report alongside the error = %q", md)
			}
			reqs := fake.calls()
			if len(reqs) != 2 {
				t.Fatalf("calls = %d, want 2", len(reqs))
			}
			hint := reqs[1].Messages[3].Content
			if !strings.Contains(hint, tt.wantHint) || !strings.Contains(hint, "**Threat Level: HIGH**") {
				t.Errorf("retry message = %q, want the check error %q", hint, tt.wantHint)
			}
		})
	}
}

func TestCompactResultFitsBudget(t *testing.T) {
	r := huntResult()
	long := strings.Repeat("A", huntflow.MaxCommandLine)
	for i := range 200 {
		var evs []huntflow.EventRef
		for j := range huntflow.MaxFindingEvents {
			evs = append(evs, huntflow.EventRef{ID: fmt.Sprintf("e%d-%d", i, j), Time: t0, CommandLine: long})
		}
		r.Findings = append(r.Findings, huntflow.Finding{ID: fmt.Sprintf("f%d", i), Title: "noise", Severity: huntflow.SeverityLow,
			FirstSeen: t0.Add(time.Duration(i) * time.Second), CommandLine: long, Events: evs})
	}
	const budget = 60_000
	d, err := compactResult(r, budget)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(d)
	if len(b) > budget {
		t.Errorf("compacted result is %d chars, want <= %d", len(b), budget)
	}
	if len(d.Findings) == 0 || d.Findings[0].ID != "f-lsass" || d.Omitted == "" {
		t.Errorf("want the most severe finding kept and the cut noted; first = %+v, omitted = %q", d.Findings[0].ID, d.Omitted)
	}
}
