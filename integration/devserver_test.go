package integration

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/workflows"
)

// fileDevServer is a Temporal dev server process keeping its state in a
// SQLite file, so it can be killed and started again on the same state.
type fileDevServer struct {
	cli, dbFile, address string
	cmd                  *exec.Cmd
	logs                 *lockedBuffer
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// start runs the server and waits until it answers a health check.
func (s *fileDevServer) start(ctx context.Context) error {
	_, port, _ := net.SplitHostPort(s.address)
	s.cmd = exec.Command(s.cli, "server", "start-dev", "--headless", "--ip", "127.0.0.1", "--port", port,
		"--db-filename", s.dbFile, "--log-level", "error",
		"--search-attribute", "ThreatLevel=Keyword", "--search-attribute", "Category=Keyword")
	s.logs = &lockedBuffer{}
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		return err
	}
	for {
		c, err := client.Dial(client.Options{HostPort: s.address, Logger: quietSDKLogger()})
		if err == nil {
			_, err = c.CheckHealth(ctx, &client.CheckHealthRequest{})
			c.Close()
			if err == nil {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("dev server on %s did not come up: %w\n%s", s.address, ctx.Err(), s.logs)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func (s *fileDevServer) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGKILL)
		s.cmd.Wait()
	}
}

// TestHuntSurvivesDevServerKill SIGKILLs the Temporal dev server while a
// worker process runs a hunt's classify step, lets the step finish during
// the outage, and starts the server again on its database file: the hunt
// started before the kill finishes.
func TestHuntSurvivesDevServerKill(t *testing.T) {
	faultTest(t, "runs and kills a Temporal dev server")
	dir := t.TempDir()
	srv := &fileDevServer{cli: temporalCLI(t), dbFile: filepath.Join(dir, "temporal.db"), address: "127.0.0.1:" + strconv.Itoa(freePort(t))}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := srv.start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.kill)
	c, err := client.Dial(client.Options{HostPort: srv.address, Logger: quietSDKLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	release := filepath.Join(dir, "release")
	w, err := startProcWorker(t, procConfig{address: srv.address, queue: "it-server-kill", db: loadedStore(t), reports: t.TempDir(),
		identity: "survivor", hold: "ClassifyWindow", release: release})
	if err != nil {
		t.Fatal(err)
	}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "it-server-kill", TaskQueue: "it-server-kill"}, workflows.HuntWorkflow, huntflow.HuntRequest{Start: huntStart})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.waitBlocked(ctx); err != nil {
		t.Fatal(err)
	}
	srv.kill()
	// The step finishes while the server is down; its result has nowhere
	// to go until the server is back (or the step times out and is run
	// again).
	if err := os.WriteFile(release, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if err := srv.start(ctx); err != nil {
		t.Fatal(err)
	}
	var res huntflow.HuntResult
	if err := run.Get(ctx, &res); err != nil {
		t.Fatalf("hunt did not finish after the server restart: %v\nworker:\n%s\nserver:\n%s", err, w.logs, srv.logs)
	}
	if !hasTechnique(res, "T1003") || res.ReportPath == "" {
		t.Fatalf("after the restart: techniques %v, report %q", techniqueIDs(res), res.ReportPath)
	}
	acts, err := activityLog(ctx, c, run)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acts {
		if a.activity == "ClassifyWindow" {
			t.Logf("server SIGKILLed mid-classify and restarted on its file: hunt finished (%d events, %d findings); the held ClassifyWindow completed on attempt %d", res.Events, len(res.Findings), a.attempt)
			break
		}
	}
}
