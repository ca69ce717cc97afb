package integration

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/huntflow/huntflow/app"
)

// Environment of a worker process: this test binary run again (TestMain
// turns it into a worker), so a test can SIGKILL a real worker mid-step.
const (
	childWorkerEnv = "HUNTFLOW_IT_WORKER"
	// blockEnv names an activity (e.g. ClassifyWindow) whose first attempt
	// the worker holds, heartbeating, until releaseEnv's file exists (or
	// forever without one); it prints "BLOCKED <activity>" when it does.
	blockEnv   = "HUNTFLOW_IT_BLOCK"
	releaseEnv = "HUNTFLOW_IT_RELEASE"
)

func TestMain(m *testing.M) {
	if os.Getenv(childWorkerEnv) != "" {
		if err := runChildWorker(); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runChildWorker is the worker binary's run (worker/main.go) with an
// interceptor that can hold one activity.
func runChildWorker() error {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg := app.FromEnv(os.Getenv)
	ctx := context.Background()
	deps, err := app.Open(ctx, cfg, os.Getenv, logger)
	if err != nil {
		return err
	}
	defer deps.Close()
	c, err := client.Dial(client.Options{
		HostPort:  cfg.TemporalAddress,
		Identity:  os.Getenv("TEMPORAL_IDENTITY"),
		Logger:    log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))),
		Namespace: cfg.Namespace,
	})
	if err != nil {
		return err
	}
	defer c.Close()
	hold := &holdInterceptor{activity: os.Getenv(blockEnv), release: os.Getenv(releaseEnv)}
	w := app.NewWorker(ctx, c, cfg, deps.Activities, logger, func(o *worker.Options) {
		o.Interceptors = append(o.Interceptors, hold)
	})
	logger.Info("worker started", "task_queue", cfg.TaskQueue, "hold", hold.activity)
	return w.Run(worker.InterruptCh())
}

// holdInterceptor holds the first attempt of one activity before it runs.
type holdInterceptor struct {
	interceptor.WorkerInterceptorBase
	activity, release string
	held              atomic.Bool
}

func (h *holdInterceptor) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	i := &holdActivity{h: h}
	i.Next = next
	return i
}

type holdActivity struct {
	interceptor.ActivityInboundInterceptorBase
	h *holdInterceptor
}

func (a *holdActivity) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	info := activity.GetInfo(ctx)
	if a.h.activity != "" && info.ActivityType.Name == a.h.activity && info.Attempt == 1 && a.h.held.CompareAndSwap(false, true) {
		fmt.Printf("BLOCKED %s\n", info.ActivityType.Name)
		for {
			if a.h.release != "" {
				if _, err := os.Stat(a.h.release); err == nil {
					break
				}
			}
			activity.RecordHeartbeat(ctx, "held by the fault test")
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
		fmt.Printf("RELEASED %s\n", info.ActivityType.Name)
	}
	return a.Next.ExecuteActivity(ctx, in)
}

// faultTest skips a fault test under -short, except in CI, where every
// fault test runs.
func faultTest(t *testing.T, what string) {
	t.Helper()
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("-short: skipping a fault test that " + what)
	}
}

// procWorker is a running worker process.
type procWorker struct {
	cmd     *exec.Cmd
	logs    *lockedBuffer
	blocked chan string
	exited  chan struct{}
}

type procConfig struct {
	address, queue, db, reports, identity string
	// hold and release: see blockEnv and releaseEnv.
	hold, release string
	// env adds variables (the LLM's); without OPENAI_API_KEY the worker
	// runs with HUNTFLOW_NO_LLM.
	env map[string]string
}

// startProcWorker starts a worker process; it is killed when the test ends.
func startProcWorker(t testing.TB, pc procConfig) (*procWorker, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "-test.run=^$")
	env := append(os.Environ(),
		childWorkerEnv+"=1",
		"TEMPORAL_ADDRESS="+pc.address,
		"HUNTFLOW_TASK_QUEUE="+pc.queue,
		"HUNTFLOW_STORE=sqlite",
		"HUNTFLOW_DB="+pc.db,
		"HUNTFLOW_REPORTS="+pc.reports,
		"TEMPORAL_IDENTITY="+pc.identity,
		blockEnv+"="+pc.hold,
		releaseEnv+"="+pc.release,
	)
	if pc.env["OPENAI_API_KEY"] == "" {
		env = append(env, "HUNTFLOW_NO_LLM=1")
	}
	for k, v := range pc.env {
		env = append(env, k+"="+v)
	}
	cmd.Env = env
	p := &procWorker{cmd: cmd, logs: &lockedBuffer{}, blocked: make(chan string, 4), exited: make(chan struct{})}
	cmd.Stderr = p.logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			p.logs.Write([]byte(line + "\n"))
			if name, ok := strings.CutPrefix(line, "BLOCKED "); ok {
				p.blocked <- name
			}
		}
		io.Copy(io.Discard, out)
		cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(p.kill)
	return p, nil
}

// kill SIGKILLs the worker and waits until it is gone.
func (p *procWorker) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// waitBlocked waits until the worker holds its activity.
func (p *procWorker) waitBlocked(ctx context.Context) error {
	select {
	case <-p.blocked:
		return nil
	case <-p.exited:
		return fmt.Errorf("worker exited before holding its activity:\n%s", p.logs)
	case <-ctx.Done():
		return fmt.Errorf("worker did not reach its held activity: %w\n%s", ctx.Err(), p.logs)
	}
}

// peakRSS is the worker's peak resident set (VmHWM), in bytes.
func (p *procWorker) peakRSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", p.cmd.Process.Pid)
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
