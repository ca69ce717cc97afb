package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestStarterErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no timestamp", []string{"--address", "127.0.0.1:1"}, 2, "--timestamp is required"},
		{"bad timestamp", []string{"--address", "127.0.0.1:1", "--timestamp", "yesterday"}, 2, `bad timestamp "yesterday"`},
		{"bad threshold", []string{"--address", "127.0.0.1:1", "--timestamp", "2020-05-01T23:22:00", "--threshold", "2"}, 2, "threshold must be in (0,1]"},
		{"bad window", []string{"--address", "127.0.0.1:1", "--timestamp", "2020-05-01T23:22:00", "--window", "-5m"}, 2, "window must be positive"},
		{"zero iterations", []string{"--address", "127.0.0.1:1", "--timestamp", "2020-05-01T23:22:00", "--max-iterations", "0"}, 2, "max-iterations must be 1 or more"},
		{"unreachable temporal", []string{"--timestamp", "2020-05-01T23:22:00", "--address", "127.0.0.1:1"}, 1, "cannot reach Temporal at 127.0.0.1:1"},
		{"NaN threshold", []string{"--address", "127.0.0.1:1", "--timestamp", "2020-05-01T23:22:00", "--threshold", "NaN"}, 2, "threshold must be in (0,1]"},
		{"negative enrichment", []string{"--address", "127.0.0.1:1", "--timestamp", "2020-05-01T23:22:00", "--max-related", "-1"}, 2, "must not be negative"},
		{"negative radius", []string{"--address", "127.0.0.1:1", "--timestamp", "2020-05-01T23:22:00", "--enrich-radius", "-1m"}, 2, "must not be negative"},
		{"far future fails fast", []string{"--address", "127.0.0.1:1", "--timestamp", "9999-12-31T23:59:59"}, 2, "it must lie between"},
		{"unknown query language", []string{"--address", "127.0.0.1:1", "--timestamp", "2020-05-01T23:22:00", "--queries", "kibana,splunk"}, 2, `unknown query language "splunk"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errOut)
			if code != tt.wantCode || !strings.Contains(errOut.String(), tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut.String(), tt.wantCode, tt.wantErr)
			}
		})
	}
}

func TestUILink(t *testing.T) {
	got := uiLink("http://localhost:8233/", "default", "hunt-1", "run/1")
	want := "http://localhost:8233/namespaces/default/workflows/hunt-1/run%2F1/history"
	if got != want {
		t.Fatalf("uiLink = %q, want %q", got, want)
	}
}

func TestStarterScheduleAndHelp(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"help", []string{"-h"}, 0, "-timestamp"},
		{"schedule with timestamp", []string{"--address", "127.0.0.1:1", "--schedule-every", "1h", "--timestamp", "2020-05-01T00:00:00"}, 2, "takes no --timestamp"},
		{"schedule lookback too long", []string{"--address", "127.0.0.1:1", "--schedule-every", "1h", "--lookback", "48h"}, 2, "longer than 24h"},
		{"schedule needs temporal", []string{"--address", "127.0.0.1:1", "--schedule-every", "1h"}, 1, "cannot reach Temporal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errOut)
			if code != tt.wantCode || !strings.Contains(errOut.String(), tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut.String(), tt.wantCode, tt.wantErr)
			}
		})
	}
}
