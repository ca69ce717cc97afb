package workflows

import (
	"path/filepath"
	"testing"

	"go.temporal.io/sdk/worker"
)

// TestReplayRecordedHistory replays histories of real hunts, recorded from
// a dev server with
//
//	temporal workflow show --workflow-id ID --output json > workflows/testdata/hunt_history.json
//
// A change to HuntWorkflow that would break running hunts fails here; such
// a change needs workflow.GetVersion, or a fresh recording when no old
// hunts can be running. hunt_history_ns_durations.json is an older run whose
// request carries durations as nanoseconds: it must keep replaying.
func TestReplayRecordedHistory(t *testing.T) {
	files, err := filepath.Glob("testdata/hunt_history*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("recorded histories: %v %v", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := worker.NewWorkflowReplayer()
			r.RegisterWorkflow(HuntWorkflow)
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, f); err != nil {
				t.Fatalf("replay: %v", err)
			}
		})
	}
}
