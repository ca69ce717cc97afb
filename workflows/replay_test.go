package workflows

import (
	"crypto/rand"
	"path/filepath"
	"testing"

	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/worker"

	"github.com/huntflow/huntflow/codec"
)

// TestReplayRecordedHistory replays histories of real hunts, recorded from
// a dev server with
//
//	temporal workflow show --workflow-id ID --output json > workflows/testdata/hunt_history.json
//
// A change to HuntWorkflow that would break running hunts fails here; such
// a change needs workflow.GetVersion, or a fresh recording when no old
// hunts can be running. One recording per workflow version stays here:
// hunt_history_ns_durations.json (durations as nanoseconds) and
// hunt_history.json come from before any GetVersion change;
// hunt_history_llm.json took the "llm-hardening" branch with an LLM;
// hunt_history_local_start.json read a zone-less start ("local-start");
// hunt_history_scheduled.json is a run of a schedule that marked findings
// seen before ("seen-before").
func TestReplayRecordedHistory(t *testing.T) {
	files, err := filepath.Glob("testdata/hunt_history*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("recorded histories: %v %v", files, err)
	}
	// Workers and replayers run with the payload codec when a key is set
	// (codec.FromEnv); histories recorded before encryption was turned on
	// hold plain payloads and must replay through it too.
	key := make([]byte, codec.KeySize)
	rand.Read(key)
	c, err := codec.New(codec.Key{ID: "replay", Secret: key})
	if err != nil {
		t.Fatal(err)
	}
	converters := []struct {
		name string
		dc   converter.DataConverter
		fc   converter.FailureConverter
	}{{"default", converter.GetDefaultDataConverter(), nil}, {"codec", codec.DataConverter(c), codec.FailureConverter(c)}}
	for _, f := range files {
		for _, cv := range converters {
			t.Run(filepath.Base(f)+"/"+cv.name, func(t *testing.T) {
				r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{DataConverter: cv.dc, FailureConverter: cv.fc})
				if err != nil {
					t.Fatal(err)
				}
				r.RegisterWorkflow(HuntWorkflow)
				if err := r.ReplayWorkflowHistoryFromJSONFile(nil, f); err != nil {
					t.Fatalf("replay: %v", err)
				}
			})
		}
	}
}
