package openai

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
)

// testFindings: F1 is f-lsass (high, event "lsass" = row E2), F2 is f-ps
// (medium, event "ps" = row E1).
func testFindings() []huntflow.Finding {
	in := window()
	return []huntflow.Finding{
		in.Findings[0],
		{ID: "f-ps", Title: "Encoded PowerShell", Source: "llm", Severity: huntflow.SeverityMedium, Host: "WS01",
			CommandLine: "powershell -enc SQBFAFgA", Events: []huntflow.EventRef{in.Events[0]}, EventCount: 1},
	}
}

func TestProposeTechniquesNeedEvidence(t *testing.T) {
	reply := `{"proposals":[
		{"technique":"t1003.001","finding_refs":["F1"],"event_refs":["E2"],"rationale":"procdump on lsass"},
		{"technique":"T1059.001","finding_refs":["f2"],"event_refs":["E1"],"rationale":"encoded command"},
		{"technique":"T1566","finding_refs":["F1","F2"],"event_refs":[],"rationale":"phishing, surely"},
		{"technique":"T1200","finding_refs":["F1"],"event_refs":["E1"],"rationale":"an event of another finding"},
		{"technique":"T1486","finding_refs":["F9"],"event_refs":["E2"],"rationale":"made up finding"},
		{"technique":"powershell","finding_refs":["F2"],"event_refs":["E1"],"rationale":"not an ID"}
	]}`
	fake := newFake(t, ok(reply))
	prop, err := fake.analyst(t).ProposeTechniques(context.Background(), testFindings())
	if err != nil {
		t.Fatalf("ProposeTechniques: %v", err)
	}
	type hit struct {
		id, finding, event string
		sev                huntflow.Severity
	}
	var got []hit
	for _, h := range prop.Hits {
		if h.Source != "llm" || len(h.Findings) != 1 || len(h.Events) != 1 {
			t.Fatalf("hit = %+v, want source llm, one finding and one event", h)
		}
		got = append(got, hit{h.ID, h.Findings[0], h.Events[0], h.Severity})
	}
	want := []hit{
		{"T1003.001", "f-lsass", "lsass", huntflow.SeverityHigh},
		{"T1059.001", "f-ps", "ps", huntflow.SeverityMedium},
	}
	if !slices.Equal(got, want) {
		t.Errorf("hits = %+v, want %+v", got, want)
	}
	notes := strings.Join(prop.Notes, "\n")
	for _, w := range []string{"proposed T1566 without evidence", "proposed T1200 without evidence", "proposed T1486 without evidence", `malformed ID "powershell"`} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
	if prop.Usage.Calls != 1 || prop.Usage.PromptTokens == 0 {
		t.Errorf("usage %+v", prop.Usage)
	}

	req := fake.calls()[0]
	if req.ResponseFormat == nil || req.ResponseFormat.Type != "json_schema" || !slices.Equal(req.roles(), []string{"system", "user"}) {
		t.Errorf("request = %+v", req)
	}
	user := req.message("user")
	var block struct {
		Findings []techniqueFinding `json:"findings"`
		Rows     [][]any            `json:"rows"`
	}
	data := user[strings.Index(user, dataOpen)+len(dataOpen) : strings.Index(user, dataClose)]
	if err := json.Unmarshal([]byte(data), &block); err != nil {
		t.Fatalf("data block: %v", err)
	}
	if len(block.Findings) != 2 || block.Findings[0].Ref != "F1" || !slices.Equal(block.Findings[0].Techniques, []string{"T1003.001"}) ||
		!slices.Equal(block.Findings[0].Events, []string{"E2"}) || !slices.Equal(block.Findings[1].Events, []string{"E1"}) || len(block.Rows) != 2 {
		t.Errorf("findings in prompt = %+v, rows %v", block.Findings, block.Rows)
	}
}

// A merged finding's proposal takes the severity of the detections on the
// cited events' processes, not the tree's worst.
func TestProposalSeverityIsTheEvidences(t *testing.T) {
	in := window()
	merged := huntflow.Finding{ID: "tree", Title: "Process tree", Severity: huntflow.SeverityCritical, Source: "sigma",
		Events: []huntflow.EventRef{in.Events[0], in.Events[1]},
		Detections: []huntflow.Detection{
			{RuleID: "a", Severity: huntflow.SeverityCritical, Images: []string{"procdump.exe"}},
			{RuleID: "b", Severity: huntflow.SeverityLow, Images: []string{"powershell.exe"}},
		}}
	fake := newFake(t, ok(`{"proposals":[{"technique":"T1059.001","finding_refs":["F1"],"event_refs":["E1"],"rationale":"encoded powershell"}]}`))
	prop, err := fake.analyst(t).ProposeTechniques(context.Background(), []huntflow.Finding{merged})
	if err != nil {
		t.Fatal(err)
	}
	if len(prop.Hits) != 1 || prop.Hits[0].Severity != huntflow.SeverityLow {
		t.Errorf("hits %+v, want T1059.001 at low (the powershell detection's)", prop.Hits)
	}
}

func TestProposeTechniquesParseRetry(t *testing.T) {
	tests := []struct {
		name     string
		replies  []fakeReply
		wantErr  error
		wantHits int
	}{
		{"missing proposals then good", []fakeReply{ok(`{"techniques":[]}`), ok(`{"proposals":[{"technique":"T1059.001","finding_refs":["F2"],"event_refs":["E1"]}]}`)}, nil, 1},
		{"broken twice", []fakeReply{ok(`{"proposals":`), ok(`{"proposals":{"F2":"T1059"}}`)}, ErrUnparseable, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t, tt.replies...)
			prop, err := fake.analyst(t).ProposeTechniques(context.Background(), testFindings())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if len(prop.Hits) != tt.wantHits {
				t.Errorf("hits = %+v", prop.Hits)
			}
			reqs := fake.calls()
			if len(reqs) != 2 || !strings.Contains(reqs[1].Messages[3].Content, "could not be parsed") {
				t.Errorf("calls = %d, want a retry with the parse error", len(reqs))
			}
		})
	}
}

func TestProposeTechniquesNoFindingsNoCall(t *testing.T) {
	fake := newFake(t)
	prop, err := fake.analyst(t).ProposeTechniques(context.Background(), nil)
	if err != nil || prop.Hits != nil || len(fake.calls()) != 0 {
		t.Errorf("hits, err, calls = %v, %v, %d", prop.Hits, err, len(fake.calls()))
	}
}
