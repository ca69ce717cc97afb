package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/huntflow/huntflow"
)

// TestRenderRecorded renders the reports of a recorded hunt result, for a
// look at them or a screenshot:
//
//	HUNTFLOW_RENDER=reports/<hunt>/result.json go test -run TestRenderRecorded ./report
//
// writes report.md (and report.html) beside the result.json.
func TestRenderRecorded(t *testing.T) {
	path := os.Getenv("HUNTFLOW_RENDER")
	if path == "" {
		t.Skip("HUNTFLOW_RENDER names no result.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r huntflow.HuntResult
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	md, err := Markdown(r)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	if err := os.WriteFile(filepath.Join(dir, "report.md"), md, 0o644); err != nil {
		t.Fatal(err)
	}
	page, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.html"), page, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, b := range mermaidBlocks(string(md)) {
		if err := checkMermaid(b); err != nil {
			t.Errorf("block %d: %v", i, err)
		}
	}
}
