package app

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestFromEnvLLMSettings(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		check   func(Config) bool
		wantErr string
	}{
		{"defaults", nil, func(c Config) bool {
			return c.MaxConcurrentLLM == 2 && c.LLMBudget == 0 && c.LLMStepTimeout == 0 && c.LLMContextTokens == 0
		}, ""},
		{"all set", map[string]string{
			"HUNTFLOW_LLM_CONTEXT_TOKENS": "8192", "HUNTFLOW_LLM_MAX_TOKENS": "1024", "HUNTFLOW_LLM_MAX_EVENTS": "20",
			"HUNTFLOW_LLM_TIMEOUT": "30s", "HUNTFLOW_LLM_STEP_TIMEOUT": "2m", "HUNTFLOW_LLM_CONCURRENCY": "1",
			"HUNTFLOW_LLM_BUDGET": "50000", "HUNTFLOW_LLM_PRICE_PER_1K": "0.0006", "HUNTFLOW_LLM_RESPONSE_FORMAT": "json_object",
		}, func(c Config) bool {
			return c.LLMContextTokens == 8192 && c.LLMMaxTokens == 1024 && c.LLMMaxEvents == 20 && c.LLMTimeout == 30*time.Second &&
				c.LLMStepTimeout == 2*time.Minute && c.MaxConcurrentLLM == 1 && c.LLMBudget == 50000 && c.LLMPricePer1K == 0.0006 &&
				c.LLMResponseFormat == "json_object"
		}, ""},
		{"bad values are named", map[string]string{"HUNTFLOW_LLM_BUDGET": "lots", "HUNTFLOW_LLM_STEP_TIMEOUT": "soon", "HUNTFLOW_LLM_CONTEXT_TOKENS": "-1"},
			nil, "HUNTFLOW_LLM_BUDGET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := FromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				msg := ""
				if c.EnvErr != nil {
					msg = c.EnvErr.Error()
				}
				for _, v := range []string{tt.wantErr, "HUNTFLOW_LLM_STEP_TIMEOUT", "HUNTFLOW_LLM_CONTEXT_TOKENS"} {
					if !strings.Contains(msg, v) {
						t.Errorf("EnvErr = %q, want it to name %s", msg, v)
					}
				}
				// The worker refuses to start with them.
				if _, err := Open(context.Background(), c, func(string) string { return "" }, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil {
					t.Error("Open accepted unparsable settings")
				}
				return
			}
			if c.EnvErr != nil || !tt.check(c) {
				t.Errorf("config %+v (err %v)", c, c.EnvErr)
			}
		})
	}
}
