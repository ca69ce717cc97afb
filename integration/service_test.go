package integration

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/app"
	"github.com/huntflow/huntflow/codec"
	"github.com/huntflow/huntflow/metrics"
	"github.com/huntflow/huntflow/workflows"
)

// TestEncryptedHuntWithMetrics runs the bundled campaign's hunt through a
// real dev server with payload encryption and metrics on, as the worker
// binary wires them: the history the server keeps holds only sealed
// payloads (no host name, technique or process in the clear, search
// attributes from closed sets), it replays with the same data converter and
// not without the key, and the worker's /metrics counts the hunt.
func TestEncryptedHuntWithMetrics(t *testing.T) {
	srv, plain := startDevServer(t)
	dbPath := loadedStore(t)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	key := make([]byte, codec.KeySize)
	rand.Read(key)
	env := map[string]string{codec.EnvKey: base64.StdEncoding.EncodeToString(key), codec.EnvKeyID: "it-2026-12"}
	getenv := func(k string) string { return env[k] }

	cfg := app.Config{TemporalAddress: srv.FrontendHostPort(), Namespace: "default", TaskQueue: "it-service", Store: "sqlite", DBPath: dbPath,
		ReportDir: t.TempDir(), NoLLM: true, MaxConcurrentActivities: 4, MetricsAddr: "127.0.0.1:0"}
	deps, err := app.Open(ctx, cfg, getenv, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer deps.Close()
	if deps.Metrics == nil {
		t.Fatal("MetricsAddr set but no metrics")
	}
	opts, err := app.ClientOptions(cfg, getenv, deps, logger)
	if err != nil {
		t.Fatal(err)
	}
	opts.Logger = quietSDKLogger()
	c, err := client.Dial(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	addr, err := app.ServeMetrics(ctx, cfg.MetricsAddr, deps.Metrics, logger)
	if err != nil {
		t.Fatal(err)
	}
	w := app.NewWorker(ctx, c, cfg, deps.Activities, logger)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	run, res, err := hunt(t, c, client.StartWorkflowOptions{ID: "it-hunt-encrypted", TaskQueue: cfg.TaskQueue}, huntflow.HuntRequest{Start: huntStart})
	if err != nil {
		t.Fatalf("hunt failed: %v", err)
	}
	if !hasTechnique(res, "T1003") || len(res.Findings) == 0 {
		t.Fatalf("encrypted hunt found %v: the campaign is LSASS credential theft", techniqueIDs(res))
	}

	// The history as the server stores it, read without the key.
	history := fetchHistory(t, plain, run.GetID(), run.GetRunID())
	var payloads, searchAttrs []*commonpb.Payload
	walkPayloads(history.ProtoReflect(), false, &payloads, &searchAttrs)
	if len(payloads) < 10 {
		t.Fatalf("%d payloads in the history; a hunt has dozens", len(payloads))
	}
	for i, p := range payloads {
		if enc := string(p.Metadata["encoding"]); enc != codec.EncodingEncrypted {
			t.Fatalf("payload %d has encoding %q, want %s", i, enc, codec.EncodingEncrypted)
		}
		if id := string(p.Metadata[codec.MetadataKeyID]); id != "it-2026-12" {
			t.Fatalf("payload %d sealed with key %q", i, id)
		}
	}
	raw, err := proto.Marshal(history)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{"T1003", "lsass", "HuntRequest", `"window"`}
	for _, f := range res.Findings {
		if f.Host != "" {
			secrets = append(secrets, f.Host)
		}
	}
	for _, s := range secrets {
		if strings.Contains(strings.ToLower(string(raw)), strings.ToLower(s)) {
			t.Errorf("the stored history holds %q in the clear", s)
		}
	}
	if len(searchAttrs) == 0 {
		t.Fatal("the hunt set no search attributes")
	}
	for _, p := range searchAttrs {
		var v string
		if err := json.Unmarshal(p.Data, &v); err != nil {
			// TemporalChangeVersion: the workflow.GetVersion markers, a
			// list of "<change>-<version>" the SDK sets; no log content.
			var markers []string
			if json.Unmarshal(p.Data, &markers) == nil && allVersionMarkers(markers) {
				continue
			}
			t.Fatalf("search attribute %s: %v", p.Data, err)
		}
		if !slices.Contains(workflows.SearchCategories, v) && !slices.Contains(workflows.SearchThreatLevels, v) {
			t.Errorf("search attribute value %q is not from a closed set", v)
		}
	}

	// The sealed input is the hunt's request: the worker's converter reads
	// it back, one without the key or with another key cannot.
	input := history.Events[0].GetWorkflowExecutionStartedEventAttributes().GetInput()
	var req huntflow.HuntRequest
	if err := opts.DataConverter.FromPayloads(input, &req); err != nil || !req.Start.Equal(huntStart) {
		t.Fatalf("decoded input %+v, %v; want the hunt's request", req, err)
	}
	otherKey := make([]byte, codec.KeySize)
	rand.Read(otherKey)
	other, err := codec.New(codec.Key{ID: "it-2026-12", Secret: otherKey})
	if err != nil {
		t.Fatal(err)
	}
	if err := codec.DataConverter(other).FromPayloads(input, &req); err == nil || !strings.Contains(err.Error(), "wrong key") {
		t.Fatalf("decode with another key: %v, want a wrong-key error", err)
	}

	// Replay: with the worker's converter it replays; without the key, or
	// with another, it cannot.
	for _, tt := range []struct {
		name    string
		options worker.WorkflowReplayerOptions
		wantErr bool
	}{
		{"same data converter", worker.WorkflowReplayerOptions{DataConverter: opts.DataConverter, FailureConverter: opts.FailureConverter}, false},
		{"no key", worker.WorkflowReplayerOptions{}, true},
		{"another key", worker.WorkflowReplayerOptions{DataConverter: codec.DataConverter(other), FailureConverter: codec.FailureConverter(other)}, true},
	} {
		t.Run("replay "+tt.name, func(t *testing.T) {
			r, err := worker.NewWorkflowReplayerWithOptions(tt.options)
			if err != nil {
				t.Fatal(err)
			}
			r.RegisterWorkflow(workflows.HuntWorkflow)
			// A failed replay logs the workflow's panic; keep it off the test output.
			err = r.ReplayWorkflowHistory(sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))), history)
			if (err != nil) != tt.wantErr {
				t.Fatalf("replay error = %v, want error %t", err, tt.wantErr)
			}
		})
	}

	// The codec server shows the stored history in the clear to the
	// Temporal CLI (as to the Web UI) when it brings the token, and to
	// nobody else.
	serverCodec, err := codec.FromEnv(getenv)
	if err != nil {
		t.Fatal(err)
	}
	codecSrv := httptest.NewServer(codec.Handler(serverCodec, codec.ServerOptions{Token: "it-token"}))
	defer codecSrv.Close()
	host := res.Findings[0].Host
	for _, tt := range []struct {
		name      string
		auth      []string
		wantClear bool
	}{
		{"with the token", []string{"--codec-auth", "Bearer it-token"}, true},
		{"without the token", nil, false},
	} {
		t.Run("codec server "+tt.name, func(t *testing.T) {
			args := append([]string{"workflow", "show", "--address", srv.FrontendHostPort(), "--namespace", "default",
				"--workflow-id", run.GetID(), "--output", "json", "--codec-endpoint", codecSrv.URL}, tt.auth...)
			out, err := exec.Command(temporalCLI(t), args...).CombinedOutput()
			clear := err == nil && strings.Contains(payloadText(out), host)
			if clear != tt.wantClear {
				t.Fatalf("temporal workflow show: err %v, host %q in the clear: %v, want %v\n%.600s", err, host, clear, tt.wantClear, out)
			}
		})
	}

	// The worker's metrics endpoint counts the hunt.
	fams, err := metrics.Scrape(&http.Client{Timeout: 10 * time.Second}, "http://"+addr+"/metrics")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		family string
		labels map[string]string
		check  func(float64) bool
		says   string
	}{
		{"huntflow_hunts_total", map[string]string{"threat_level": res.ThreatLevel.String()}, eq(1), "1"},
		{"huntflow_hunts_total", nil, eq(1), "1 in all"},
		{"huntflow_windows_total", nil, eq(float64(res.Iterations)), fmt.Sprint(res.Iterations)},
		{"huntflow_window_events_total", nil, eq(float64(res.Events)), fmt.Sprint(res.Events)},
		{"huntflow_findings_total", nil, eq(float64(len(res.Findings))), fmt.Sprint(len(res.Findings))},
		{"huntflow_store_query_seconds", map[string]string{"store": "sqlite", "op": "search"}, gt(0), "> 0"},
		{"huntflow_store_query_seconds", map[string]string{"store": "sqlite", "op": "stats"}, gt(float64(res.Iterations)), "> windows"},
		{"huntflow_store_events_read_total", map[string]string{"store": "sqlite"}, gt(float64(res.Events)), "> the windows' events (enrichment reads more)"},
		{"temporal_workflow_completed_total", map[string]string{"workflow_type": "HuntWorkflow"}, eq(1), "1"},
		{"temporal_activity_execution_latency_seconds", map[string]string{"activity_type": "ClassifyWindow"}, eq(float64(res.Iterations)), "one per window"},
		{"temporal_request_total", nil, gt(0), "> 0"},
	}
	for _, w := range want {
		if got := metrics.Sum(fams[w.family], w.labels); !w.check(got) {
			t.Errorf("%s%v = %g, want %s", w.family, w.labels, got, w.says)
		}
	}
	t.Logf("hunt: %d windows, %d events, %d findings, threat %s; SDK series: %v", res.Iterations, res.Events, len(res.Findings), res.ThreatLevel, metrics.Names(fams, "temporal_"))
}

// payloadText joins the decoded data of every payload in `temporal
// workflow show --output json` (which prints payload data as base64).
func payloadText(out []byte) string {
	var b strings.Builder
	for _, m := range regexp.MustCompile(`"data":\s*"([A-Za-z0-9+/=]+)"`).FindAllSubmatch(out, -1) {
		if d, err := base64.StdEncoding.DecodeString(string(m[1])); err == nil {
			b.Write(d)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func eq(v float64) func(float64) bool { return func(g float64) bool { return g == v } }
func gt(v float64) func(float64) bool { return func(g float64) bool { return g > v } }

func fetchHistory(t *testing.T, c client.Client, id, runID string) *historypb.History {
	t.Helper()
	iter := c.GetWorkflowHistory(context.Background(), id, runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	h := &historypb.History{}
	for iter.HasNext() {
		e, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		h.Events = append(h.Events, e)
	}
	return h
}

// walkPayloads collects every Payload in m: those under SearchAttributes
// (indexed by the server, never encoded) apart from the rest.
func walkPayloads(m protoreflect.Message, underSA bool, payloads, searchAttrs *[]*commonpb.Payload) {
	switch m.Descriptor().FullName() {
	case "temporal.api.common.v1.Payload":
		p := m.Interface().(*commonpb.Payload)
		if underSA {
			*searchAttrs = append(*searchAttrs, p)
		} else {
			*payloads = append(*payloads, p)
		}
		return
	case "temporal.api.common.v1.SearchAttributes":
		underSA = true
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len(); i++ {
				walkPayloads(v.List().Get(i).Message(), underSA, payloads, searchAttrs)
			}
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				walkPayloads(mv.Message(), underSA, payloads, searchAttrs)
				return true
			})
		case !fd.IsList() && !fd.IsMap() && fd.Message() != nil:
			walkPayloads(v.Message(), underSA, payloads, searchAttrs)
		}
		return true
	})
}

// allVersionMarkers reports whether vs are all workflow.GetVersion markers
// of HuntWorkflow's changes.
func allVersionMarkers(vs []string) bool {
	for _, v := range vs {
		ok := false
		for _, change := range []string{"llm-hardening-", "local-start-", "seen-before-"} {
			if strings.HasPrefix(v, change) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return len(vs) > 0
}
