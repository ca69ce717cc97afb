package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/converter"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/codec"
	"github.com/huntflow/huntflow/metrics"
	"github.com/huntflow/huntflow/sqlite"
)

const testKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" // base64 of 32 bytes

func TestClientOptionsCodec(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		sealed   bool
		wantErr  string
		wantLogs string
	}{
		{name: "no key: payloads as they are", env: nil},
		{name: "key: payloads sealed", env: map[string]string{codec.EnvKey: testKey, codec.EnvKeyID: "2026-12"}, sealed: true, wantLogs: "key_id=2026-12"},
		{name: "broken key is an error", env: map[string]string{codec.EnvKey: "c2hvcnQ="}, wantErr: "want 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			cfg := Config{TemporalAddress: "h:7233", Namespace: "ns"}
			opts, err := ClientOptions(cfg, func(k string) string { return tt.env[k] }, nil, slog.New(slog.NewTextHandler(&logs, nil)))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if opts.HostPort != "h:7233" || opts.Namespace != "ns" || opts.MetricsHandler != nil {
				t.Errorf("options %+v", opts)
			}
			p, err := opts.DataConverter.ToPayload(huntflow.HuntRequest{Host: "WKS1"})
			if err != nil {
				t.Fatal(err)
			}
			if got := string(p.Metadata["encoding"]) == codec.EncodingEncrypted; got != tt.sealed {
				t.Errorf("payload sealed = %v, want %v (%s)", got, tt.sealed, p.Metadata["encoding"])
			}
			if tt.sealed && bytes.Contains(p.Data, []byte("WKS1")) {
				t.Error("sealed payload holds the host in the clear")
			}
			if !tt.sealed && opts.DataConverter != converter.GetDefaultDataConverter() {
				t.Error("without a key the default converter must be used")
			}
			if !strings.Contains(logs.String(), tt.wantLogs) || strings.Contains(logs.String(), testKey) {
				t.Errorf("logs %q: want %q and never the key", logs.String(), tt.wantLogs)
			}
		})
	}
}

// With --metrics-addr, Open wraps the store, the activities count, the SDK
// reports into the same registry, and ServeMetrics exposes it.
func TestMetricsWiring(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := Config{Store: "sqlite", DBPath: filepath.Join(t.TempDir(), "e.db"), NoLLM: true, MetricsAddr: "127.0.0.1:0"}
	// Workers read a store ingest wrote; they never create one.
	db, err := sqlite.Open(ctx, cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write(ctx, []huntflow.Event{{ID: "e1", EventID: 1, Host: "WS01", Raw: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	d, err := Open(ctx, cfg, func(string) string { return "" }, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Metrics == nil || d.Activities.Metrics == nil {
		t.Fatal("metrics not wired")
	}
	opts, err := ClientOptions(cfg, func(string) string { return "" }, d, logger)
	if err != nil || opts.MetricsHandler == nil {
		t.Fatalf("client options without the metrics handler: %v", err)
	}
	opts.MetricsHandler.Counter("temporal_request").Inc(2)
	if _, err := d.Activities.Store.Stats(ctx, huntflow.Query{}); err != nil {
		t.Fatal(err)
	}
	addr, err := ServeMetrics(ctx, cfg.MetricsAddr, d.Metrics, logger)
	if err != nil {
		t.Fatal(err)
	}
	fams, err := metrics.Scrape(&http.Client{Timeout: 5 * time.Second}, "http://"+addr+"/metrics")
	if err != nil {
		t.Fatal(err)
	}
	if got := metrics.Sum(fams["huntflow_store_query_seconds"], map[string]string{"store": "sqlite", "op": "stats"}); got != 1 {
		t.Errorf("store stats timed %g times, want 1", got)
	}
	if got := metrics.Sum(fams["temporal_request_total"], nil); got != 2 {
		t.Errorf("temporal_request_total = %g, want 2", got)
	}

	// Without the address nothing is wrapped or counted.
	cfg.MetricsAddr = ""
	plain, err := Open(ctx, cfg, func(string) string { return "" }, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if plain.Metrics != nil || plain.Activities.Metrics != nil {
		t.Error("metrics on without --metrics-addr")
	}
	if _, err := ServeMetrics(ctx, "127.0.0.1:-1", d.Metrics, logger); err == nil {
		t.Error("a bad metrics address was accepted")
	}
}
