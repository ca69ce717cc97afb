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

func testFindings() []huntflow.Finding {
	in := window()
	return []huntflow.Finding{
		in.Findings[0],
		{ID: "f-ps", Title: "Encoded PowerShell", Source: "llm", Severity: huntflow.SeverityMedium, Host: "WS01",
			CommandLine: "powershell -enc SQBFAFgA", Events: []huntflow.EventRef{in.Events[0]}, EventCount: 1},
	}
}

func TestMapTechniques(t *testing.T) {
	reply := `{"mappings":[
		{"finding_id":"f-lsass","techniques":["t1003.001","T1003.001","T1003"],"rationale":"procdump on lsass"},
		{"finding_id":"f-ps","techniques":["T1059.001","powershell"],"rationale":"encoded command"},
		{"finding_id":"f-invented","techniques":["T1486"],"rationale":"made up"}
	]}`
	fake := newFake(t, ok(reply))
	hits, err := fake.analyst(t).MapTechniques(context.Background(), testFindings())
	if err != nil {
		t.Fatalf("MapTechniques: %v", err)
	}
	type hit struct {
		id, finding string
		sev         huntflow.Severity
	}
	var got []hit
	for _, h := range hits {
		if h.Source != "llm" || len(h.Findings) != 1 {
			t.Errorf("hit = %+v, want source llm and one finding", h)
		}
		got = append(got, hit{h.ID, h.Findings[0], h.Severity})
	}
	want := []hit{
		{"T1003", "f-lsass", huntflow.SeverityHigh},
		{"T1003.001", "f-lsass", huntflow.SeverityHigh},
		{"T1059.001", "f-ps", huntflow.SeverityMedium},
	}
	if !slices.Equal(got, want) {
		t.Errorf("hits = %+v, want %+v", got, want)
	}

	req := fake.calls()[0]
	if req.ResponseFormat == nil || req.ResponseFormat.Type != "json_object" || !slices.Equal(req.roles(), []string{"system", "user"}) {
		t.Errorf("request = %+v", req)
	}
	user := req.message("user")
	var block struct {
		Findings []techniqueFinding `json:"findings"`
	}
	data := user[strings.Index(user, dataOpen)+len(dataOpen) : strings.Index(user, dataClose)]
	if err := json.Unmarshal([]byte(data), &block); err != nil {
		t.Fatalf("data block: %v", err)
	}
	if len(block.Findings) != 2 || block.Findings[0].ID != "f-lsass" || !slices.Equal(block.Findings[0].Techniques, []string{"T1003.001"}) ||
		len(block.Findings[1].Events) != 1 {
		t.Errorf("findings in prompt = %+v", block.Findings)
	}
}

func TestMapTechniquesParseRetry(t *testing.T) {
	tests := []struct {
		name     string
		replies  []fakeReply
		wantErr  error
		wantHits int
	}{
		{"missing mappings then good", []fakeReply{ok(`{"techniques":[]}`), ok(`{"mappings":[{"finding_id":"f-ps","techniques":["T1059.001"]}]}`)}, nil, 1},
		{"broken twice", []fakeReply{ok(`{"mappings":`), ok(`{"mappings":{"f-ps":"T1059"}}`)}, ErrUnparseable, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t, tt.replies...)
			hits, err := fake.analyst(t).MapTechniques(context.Background(), testFindings())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if len(hits) != tt.wantHits {
				t.Errorf("hits = %+v", hits)
			}
			reqs := fake.calls()
			if len(reqs) != 2 || !strings.Contains(reqs[1].Messages[3].Content, "could not be parsed") {
				t.Errorf("calls = %d, want a retry with the parse error", len(reqs))
			}
		})
	}
}

func TestMapTechniquesNoFindingsNoCall(t *testing.T) {
	fake := newFake(t)
	hits, err := fake.analyst(t).MapTechniques(context.Background(), nil)
	if err != nil || hits != nil || len(fake.calls()) != 0 {
		t.Errorf("hits, err, calls = %v, %v, %d", hits, err, len(fake.calls()))
	}
}
