package activities

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestRecordFindingsMarksWhatAnEarlierRunReported(t *testing.T) {
	ctx := context.Background()
	a := &Activities{ReportDir: t.TempDir()}
	steps := []struct {
		hunt     string
		findings []string
		seen     map[string]string
	}{
		{"run-1", []string{"f1", "f2"}, nil},
		{"run-1", []string{"f1", "f2"}, nil}, // a retried step marks nothing
		{"run-2", []string{"f2", "f3"}, map[string]string{"f2": "run-1"}},
		{"run-3", []string{"f1", "f2", "f3"}, map[string]string{"f1": "run-1", "f2": "run-1", "f3": "run-2"}},
	}
	for i, s := range steps {
		res, err := a.RecordFindings(ctx, RecordInput{Schedule: "hourly/../x", HuntID: s.hunt, Findings: s.findings})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.SeenBefore) != len(s.seen) {
			t.Fatalf("step %d: seen %v, want %v", i, res.SeenBefore, s.seen)
		}
		for k, v := range s.seen {
			if res.SeenBefore[k] != v {
				t.Errorf("step %d: %s seen in %q, want %q", i, k, res.SeenBefore[k], v)
			}
		}
	}
	// The schedule ID never climbs out of the report folder.
	matches, _ := filepath.Glob(filepath.Join(a.ReportDir, ".schedules", "*.json"))
	if len(matches) != 1 {
		t.Fatalf("ledgers: %v", matches)
	}
	// A damaged ledger starts again rather than stopping hunts.
	if err := os.WriteFile(matches[0], []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := a.RecordFindings(ctx, RecordInput{Schedule: "hourly/../x", HuntID: "run-4", Findings: []string{"f1"}})
	if err != nil || len(res.SeenBefore) != 0 {
		t.Fatalf("damaged ledger: %v %v", res, err)
	}
	if _, err := a.RecordFindings(ctx, RecordInput{Schedule: "", HuntID: "x"}); appErrorType(err) != ErrBadInput {
		t.Errorf("empty schedule: %v", err)
	}
}
