package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// A starter whose key configuration is broken says so and starts nothing,
// rather than sending a plaintext request the workers cannot match.
func TestStarterCodecConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		code    int
		wantErr string
	}{
		{"short key", map[string]string{"HUNTFLOW_CODEC_KEY": "c2hvcnQ="}, 2, "want 32"},
		{"key ID without key", map[string]string{"HUNTFLOW_CODEC_KEY_ID": "2026-12"}, 2, "without a current key"},
		{"good key, no server", map[string]string{"HUNTFLOW_CODEC_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}, 1, "cannot reach Temporal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"HUNTFLOW_CODEC_KEY", "HUNTFLOW_CODEC_KEY_FILE", "HUNTFLOW_CODEC_KEY_ID", "HUNTFLOW_CODEC_OLD_KEYS", "HUNTFLOW_CODEC_OLD_KEYS_FILE"} {
				t.Setenv(k, tt.env[k])
			}
			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"--address", "127.0.0.1:1", "--timestamp", "2020-05-01T23:22:00"}, &out, &errOut)
			if code != tt.code || !strings.Contains(errOut.String(), tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut.String(), tt.code, tt.wantErr)
			}
		})
	}
}
