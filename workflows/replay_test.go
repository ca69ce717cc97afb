package workflows

import (
	"testing"

	"go.temporal.io/sdk/worker"
)

// TestReplayRecordedHistory replays the history of a real hunt, recorded
// from a dev server with
//
//	temporal workflow show --workflow-id ID --output json > workflows/testdata/hunt_history.json
//
// A change to HuntWorkflow that would break running hunts fails here; such
// a change needs workflow.GetVersion, or a fresh recording when no old
// hunts can be running.
func TestReplayRecordedHistory(t *testing.T) {
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(HuntWorkflow)
	if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "testdata/hunt_history.json"); err != nil {
		t.Fatalf("replay: %v", err)
	}
}
