package integration

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/sqlite"
	"github.com/huntflow/huntflow/workflows"
)

// replacementEvents is how many events the store ingested in place of the
// bundled one holds; all fall in the hunt's first window.
const replacementEvents = 12

// ingestReplacement ingests a small, benign store at path, as a re-ingest
// after the old file was deleted does.
func ingestReplacement(path string) error {
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		return err
	}
	batch := make([]huntflow.Event, replacementEvents)
	for i := range batch {
		batch[i] = huntflow.Event{
			ID: fmt.Sprintf("replacement-%d", i), Time: huntStart.Add(time.Duration(i+1) * time.Second),
			Host: "REPLACED01", EventID: 1, ProcessID: int64(100 + i), Image: `C:\Windows\System32\notepad.exe`,
			CommandLine: "notepad.exe", Raw: []byte(`{}`),
		}
	}
	if _, err := db.Write(context.Background(), batch); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// chmodStopsReads says whether permission bits stop this process reading a
// file (not as root).
func chmodStopsReads(dir string) bool {
	p := filepath.Join(dir, "probe")
	if err := os.WriteFile(p, []byte("x"), 0); err != nil {
		return false
	}
	defer os.Remove(p)
	f, err := os.Open(p)
	if err == nil {
		f.Close()
		return false
	}
	return true
}

// TestHuntNeverReadsAStaleStore changes the store file under a worker
// process in the middle of a hunt (the worker holds FetchWindow, having
// read the bundled store in Describe): the hunt reads the file now at the
// path, or fails the step with a clear, retried error until the file is
// back, never the file it opened first.
func TestHuntNeverReadsAStaleStore(t *testing.T) {
	faultTest(t, "runs worker processes")
	srv, c := startDevServer(t)
	bundled := loadedStore(t)
	bundledEvents := func(ws []huntflow.Window) int {
		db, err := sqlite.OpenReader(context.Background(), bundled)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		n := 0
		for _, w := range ws {
			st, err := db.Stats(context.Background(), huntflow.Query{Start: w.Start, End: w.End})
			if err != nil {
				t.Fatal(err)
			}
			n += st.Events
		}
		return n
	}

	unreadable := func(path string) (string, error) {
		if chmodStopsReads(filepath.Dir(path)) {
			return "not readable", os.Chmod(path, 0)
		}
		// Root reads through chmod 000: a file that cannot be read as a
		// store stands in.
		tmp := path + ".garbage"
		if err := os.WriteFile(tmp, []byte(strings.Repeat("not a database\n", 4096)), 0o644); err != nil {
			return "", err
		}
		return "not a database", os.Rename(tmp, path)
	}
	cases := []struct {
		name string
		// inject changes the file and returns what the failed step must
		// say ("" when the step must not fail).
		inject func(path string) (string, error)
	}{
		{"replaced by a re-ingest", func(path string) (string, error) {
			if err := os.Remove(path); err != nil {
				return "", err
			}
			return "", ingestReplacement(path)
		}},
		{"deleted", func(path string) (string, error) {
			return "no store at " + path + ": run ingest first", os.Remove(path)
		}},
		{"unreadable", unreadable},
	}
	type outcome struct {
		note string
		err  error
	}
	outcomes := make([]outcome, len(cases))
	var wg sync.WaitGroup
	for i, tc := range cases {
		dir := t.TempDir()
		path := filepath.Join(dir, "events.db")
		if err := copyFile(path, bundled); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			note, err := staleStoreCase(t, c, procConfig{
				address: srv.FrontendHostPort(), queue: fmt.Sprintf("it-store-%d", i), db: path, reports: t.TempDir(),
				identity: fmt.Sprintf("store-%d", i), hold: "FetchWindow", release: filepath.Join(dir, "release"),
			}, tc.inject, bundledEvents)
			outcomes[i] = outcome{note, err}
		}()
	}
	wg.Wait()
	for i, tc := range cases {
		if outcomes[i].err != nil {
			t.Errorf("store %s mid-hunt: %v", tc.name, outcomes[i].err)
		} else {
			t.Logf("store %s mid-hunt: %s", tc.name, outcomes[i].note)
		}
	}
}

func staleStoreCase(t *testing.T, c client.Client, pc procConfig, inject func(string) (string, error), bundledEvents func([]huntflow.Window) int) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	w, err := startProcWorker(t, pc)
	if err != nil {
		return "", err
	}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: pc.queue, TaskQueue: pc.queue}, workflows.HuntWorkflow, huntflow.HuntRequest{Start: huntStart})
	if err != nil {
		return "", err
	}
	if err := w.waitBlocked(ctx); err != nil {
		return "", err
	}
	wantErr, err := inject(pc.db)
	if err != nil {
		return "", fmt.Errorf("inject: %w", err)
	}
	if err := os.WriteFile(pc.release, nil, 0o644); err != nil {
		return "", err
	}
	note := "no step failed"
	if wantErr != "" {
		// The step fails, saying why, and is retried.
		msg, err := waitStepFailure(ctx, c, run)
		if err != nil {
			return "", fmt.Errorf("%w\nworker:\n%s", err, w.logs)
		}
		if !strings.Contains(msg, wantErr) {
			return "", fmt.Errorf("the step failed with %q, want it to say %q", msg, wantErr)
		}
		note = fmt.Sprintf("FetchWindow failed (retryable): %q; the file was put back", msg)
		// Put a store back: ingest anew at the path.
		os.Chmod(pc.db, 0o644)
		os.Remove(pc.db)
		if err := ingestReplacement(pc.db); err != nil {
			return "", err
		}
	}
	var res huntflow.HuntResult
	if err := run.Get(ctx, &res); err != nil {
		return "", fmt.Errorf("hunt failed: %w\nworker:\n%s", err, w.logs)
	}
	stale := bundledEvents(res.Windows)
	if res.Events != replacementEvents || hasTechnique(res, "T1003") {
		return "", fmt.Errorf("hunt read %d events (techniques %v); the new store holds %d in its windows, the stale one %d", res.Events, techniqueIDs(res), replacementEvents, stale)
	}
	return fmt.Sprintf("%s; the hunt read the new store's %d events (the stale file holds %d in the same windows)", note, res.Events, stale), nil
}

// waitStepFailure waits until a pending activity of run has failed an
// attempt and returns its failure message.
func waitStepFailure(ctx context.Context, c client.Client, run client.WorkflowRun) (string, error) {
	for {
		d, err := c.DescribeWorkflowExecution(ctx, run.GetID(), run.GetRunID())
		if err != nil {
			return "", err
		}
		for _, pa := range d.GetPendingActivities() {
			if f := pa.GetLastFailure(); f != nil {
				return f.GetMessage(), nil
			}
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("no step failed: %w", ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
