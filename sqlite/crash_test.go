package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// crashWriterEnv names the store a child process of TestKilledWriter
// writes to until it is killed.
const crashWriterEnv = "HUNTFLOW_TEST_CRASH_WRITER"

const crashBatch = 300

// crashEvents is the i-th batch the child writes, prepared as ingest
// prepares them.
func crashEvents(db *DB, i int) []huntflow.Event {
	batch := newSynth(t0, time.Millisecond).events(i*crashBatch, crashBatch)
	db.Prepare(batch)
	return batch
}

func init() {
	path := os.Getenv(crashWriterEnv)
	if path == "" {
		return
	}
	// The child: write batches, with a checkpoint requested after each,
	// and report each commit, until killed.
	db, err := Open(context.Background(), path)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	db.checkpointEvery = 1
	for i := 0; ; i++ {
		if _, err := db.Write(context.Background(), crashEvents(db, i)); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("committed", i)
	}
}

// TestKilledWriter kills a process in the middle of writing (and
// checkpointing) and checks that the store it leaves opens intact, with
// its indexes, holding exactly the batches that were committed, and that
// writing them all again adds only the missing ones.
func TestKilledWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "events.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashWriterEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	committed := 0
	for committed < 8 && sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "error:") {
			t.Fatal(line)
		}
		committed++
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if committed < 8 {
		t.Fatalf("child committed %d batches before exiting", committed)
	}

	ctx := context.Background()
	db := openTestAt(t, path)
	var check string
	if err := db.w.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	var indexes []string
	rows, err := db.w.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		indexes = append(indexes, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"events_event_id_ts", "events_guid_ts", "events_host_pid_ts", "events_host_ts", "events_ts", "events_untimed"}
	if !slices.Equal(indexes, want) {
		t.Errorf("indexes %v, want %v", indexes, want)
	}
	st, err := db.Stats(ctx, huntflow.Query{})
	if err != nil {
		t.Fatal(err)
	}
	// The child may have committed more than it reported before dying.
	if st.Events < committed*crashBatch || st.Events%crashBatch != 0 {
		t.Fatalf("store holds %d events after %d reported batches of %d", st.Events, committed, crashBatch)
	}
	held := st.Events / crashBatch
	added := 0
	for i := range held + 2 {
		added += mustWrite(t, db, crashEvents(db, i)...)
	}
	if added != 2*crashBatch {
		t.Errorf("rewriting %d batches added %d events, want %d (only the 2 new batches)", held+2, added, 2*crashBatch)
	}
}

func openTestAt(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}
