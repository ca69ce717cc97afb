package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// RecordInput names a scheduled hunt's findings for the schedule's ledger.
type RecordInput struct {
	Schedule string   `json:"schedule"`
	HuntID   string   `json:"hunt_id"`
	Findings []string `json:"findings"` // finding IDs: stable per rule and process
}

// RecordResult maps the findings an earlier hunt of the schedule already
// reported to that hunt's ID.
type RecordResult struct {
	SeenBefore map[string]string `json:"seen_before,omitempty"`
}

// ledgerMu serialises ledger updates within a worker; runs of one schedule
// do not overlap (the schedules huntflow creates buffer them).
var ledgerMu sync.Mutex

// RecordFindings records a scheduled hunt's findings in its schedule's
// ledger (a JSON file beside the reports) and says which an earlier run
// reported first, so a finding that persists across runs is marked "seen
// before" instead of being reported as new every hour. A retried step of
// the same hunt sees its own entries and marks nothing.
func (a *Activities) RecordFindings(ctx context.Context, in RecordInput) (RecordResult, error) {
	defer a.keepAlive(ctx)()
	name := reportFolder(in.Schedule)
	if name == "" || in.HuntID == "" {
		return RecordResult{}, nonRetryable(fmt.Errorf("record findings: bad schedule %q or hunt %q", in.Schedule, in.HuntID))
	}
	root := a.ReportDir
	if root == "" {
		root = "reports"
	}
	dir := filepath.Join(root, ".schedules")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return RecordResult{}, fmt.Errorf("record findings: %w", err)
	}
	path := filepath.Join(dir, name+".json")

	ledgerMu.Lock()
	defer ledgerMu.Unlock()
	first := map[string]string{}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return RecordResult{}, fmt.Errorf("record findings: %w", err)
	default:
		if err := json.Unmarshal(b, &first); err != nil {
			// A damaged ledger must not stop hunting: the findings are then
			// all reported as new, and the ledger starts again.
			a.logger().Warn("schedule ledger unreadable; starting a new one", "path", path, "err", err)
			first = map[string]string{}
		}
	}
	res := RecordResult{SeenBefore: map[string]string{}}
	for _, id := range in.Findings {
		switch h, ok := first[id]; {
		case !ok:
			first[id] = in.HuntID
		case h != in.HuntID:
			res.SeenBefore[id] = h
		}
	}
	out, err := json.Marshal(first)
	if err != nil {
		return RecordResult{}, nonRetryable(fmt.Errorf("record findings: %w", err))
	}
	if err := writeAtomic(path, out); err != nil {
		return RecordResult{}, fmt.Errorf("record findings: %w", err)
	}
	return res, nil
}
