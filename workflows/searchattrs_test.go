package workflows

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/activities"
)

// What the analysts return is shaped by log content: a category or a
// finding may carry a user, a host, an address or a command line. Search
// attributes are indexed in the clear (the codec does not cover them), so
// whatever the analysts say, a hunt may only set ThreatLevel and Category,
// each to a value from its closed set.
func TestSearchAttributesCarryOnlyClosedSetValues(t *testing.T) {
	tests := []struct {
		name         string
		category     string
		severity     huntflow.Severity
		wantCategory string
	}{
		{"tactic", "credential-access", huntflow.SeverityHigh, "credential-access"},
		{"benign", "benign", huntflow.SeverityNone, "benign"},
		{"no category", "", huntflow.SeverityNone, "benign"},
		{"free text with user and command line", `CONTOSO\alice ran "cmd.exe /c whoami" from 10.0.0.5`, huntflow.SeverityCritical, "unknown"},
		{"host name", "WORKSTATION5.contoso.local", huntflow.SeverityLow, "unknown"},
		{"near miss of a tactic", "Credential Access", huntflow.SeverityMedium, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv()
			var a *activities.Activities
			env.RegisterActivity(a)
			env.OnActivity(a.Describe, mock.Anything, mock.Anything).Return(activities.Setup{Analyst: "rules", SearchAttributes: true, StoreStats: huntflow.Stats{Events: 10}}, nil)
			env.OnActivity(a.FetchWindow, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.WindowInput) (activities.WindowSummary, error) {
				return activities.WindowSummary{Window: in.Window, Events: 10, Hosts: []string{"WORKSTATION5"}}, nil
			})
			env.OnActivity(a.ClassifyWindow, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.WindowInput) (huntflow.Classification, error) {
				cls := huntflow.Classification{Window: in.Window, Confidence: 0.9, Category: tt.category, Analyst: "rules"}
				if tt.severity > huntflow.SeverityNone {
					cls.Findings = []huntflow.Finding{{
						ID: "f1", Title: "whoami by alice", Severity: tt.severity, Confidence: 0.9, Host: "WORKSTATION5", User: `CONTOSO\alice`,
						FirstSeen: in.Window.Start, LastSeen: in.Window.Start,
						Events: []huntflow.EventRef{{ID: "e1", Time: in.Window.Start, Host: "WORKSTATION5", EventID: 1}}, EventCount: 1,
					}}
				}
				return cls, nil
			})
			env.OnActivity(a.MapTechniques, mock.Anything, mock.Anything).Return(activities.MapResult{}, nil)
			env.OnActivity(a.EnrichFindings, mock.Anything, mock.Anything).Return([]huntflow.Enrichment(nil), nil)
			env.OnActivity(a.WriteReport, mock.Anything, mock.Anything).Return(activities.ReportDraft{Markdown: "# r"}, nil)
			env.OnActivity(a.SaveReport, mock.Anything, mock.Anything).Return(activities.Saved{}, nil)

			seen := map[string][]string{}
			env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil).Run(func(args mock.Arguments) {
				sa := args.Get(0).(temporal.SearchAttributes)
				for key, v := range sa.GetUntypedValues() {
					s, _ := v.(string)
					seen[key.GetName()] = append(seen[key.GetName()], s)
				}
			})
			env.ExecuteWorkflow(HuntWorkflow, huntflow.HuntRequest{Start: t0, MaxIterations: 1})
			if err := env.GetWorkflowError(); err != nil {
				t.Fatal(err)
			}
			closed := map[string][]string{CategoryKey.GetName(): SearchCategories, ThreatLevelKey.GetName(): SearchThreatLevels}
			for key, values := range seen {
				set, ok := closed[key]
				if !ok {
					t.Errorf("hunt set search attribute %q (%q): only ThreatLevel and Category are allowed", key, values)
					continue
				}
				for _, v := range values {
					if !slices.Contains(set, v) {
						t.Errorf("%s = %q is not in its closed set %q", key, v, set)
					}
				}
			}
			if got := seen[CategoryKey.GetName()]; len(got) != 1 || got[0] != tt.wantCategory {
				t.Errorf("Category set to %q, want [%s]", got, tt.wantCategory)
			}
			if got := seen[ThreatLevelKey.GetName()]; len(got) != 1 {
				t.Errorf("ThreatLevel set %d times (%q), want once", len(got), got)
			}
		})
	}
}

func TestSearchThreatLevelsCoverEverySeverity(t *testing.T) {
	for s := huntflow.SeverityNone; s <= huntflow.SeverityCritical; s++ {
		if got := searchThreatLevel(s); got != s.String() {
			t.Errorf("severity %s becomes %q in the search attribute", s, got)
		}
	}
}
