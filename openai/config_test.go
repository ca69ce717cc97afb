package openai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		want   Config
		wantOK bool
	}{
		{
			name:   "nothing set",
			env:    nil,
			want:   Config{Model: DefaultModel},
			wantOK: false,
		},
		{
			name:   "OpenAI key with default model",
			env:    map[string]string{"OPENAI_API_KEY": "sk-live"},
			want:   Config{APIKey: "sk-live", Model: DefaultModel},
			wantOK: true,
		},
		{
			name:   "custom base URL and model",
			env:    map[string]string{"OPENAI_API_KEY": "sk-live", "OPENAI_BASE_URL": "https://llm.example.com/v1", "OPENAI_MODEL": " gpt-4o "},
			want:   Config{APIKey: "sk-live", BaseURL: "https://llm.example.com/v1", Model: "gpt-4o"},
			wantOK: true,
		},
		{
			name:   "Ollama on localhost needs no key",
			env:    map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1", "OPENAI_MODEL": "llama3.1"},
			want:   Config{APIKey: localKeyPlaceholder, BaseURL: "http://localhost:11434/v1", Model: "llama3.1"},
			wantOK: true,
		},
		{
			name:   "vLLM container by service name needs no key",
			env:    map[string]string{"OPENAI_BASE_URL": "http://vllm:8000/v1"},
			want:   Config{APIKey: localKeyPlaceholder, BaseURL: "http://vllm:8000/v1", Model: DefaultModel},
			wantOK: true,
		},
		{
			name:   "private address needs no key",
			env:    map[string]string{"OPENAI_BASE_URL": "http://10.1.2.3:8000/v1"},
			want:   Config{APIKey: localKeyPlaceholder, BaseURL: "http://10.1.2.3:8000/v1", Model: DefaultModel},
			wantOK: true,
		},
		{
			name:   "public endpoint without a key",
			env:    map[string]string{"OPENAI_BASE_URL": "https://api.openai.com/v1"},
			want:   Config{BaseURL: "https://api.openai.com/v1", Model: DefaultModel},
			wantOK: false,
		},
		{
			name: "Azure",
			env: map[string]string{"AZURE_OPENAI_ENDPOINT": "https://corp.openai.azure.com", "AZURE_OPENAI_API_KEY": "az-key",
				"AZURE_OPENAI_DEPLOYMENT": "hunt-gpt4o", "OPENAI_API_KEY": "sk-live"},
			want:   Config{APIKey: "az-key", BaseURL: "https://corp.openai.azure.com", Model: "hunt-gpt4o", Azure: true, APIVersion: DefaultAzureAPIVersion},
			wantOK: true,
		},
		{
			name: "Azure with API version",
			env: map[string]string{"AZURE_OPENAI_ENDPOINT": "https://corp.openai.azure.com", "AZURE_OPENAI_API_KEY": "az-key",
				"AZURE_OPENAI_DEPLOYMENT": "d", "AZURE_OPENAI_API_VERSION": "2025-01-01-preview"},
			want:   Config{APIKey: "az-key", BaseURL: "https://corp.openai.azure.com", Model: "d", Azure: true, APIVersion: "2025-01-01-preview"},
			wantOK: true,
		},
		{
			name:   "Azure without deployment",
			env:    map[string]string{"AZURE_OPENAI_ENDPOINT": "https://corp.openai.azure.com", "AZURE_OPENAI_API_KEY": "az-key"},
			want:   Config{APIKey: "az-key", BaseURL: "https://corp.openai.azure.com", Azure: true, APIVersion: DefaultAzureAPIVersion},
			wantOK: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if ok != tt.wantOK {
				t.Errorf("ok = %t, want %t", ok, tt.wantOK)
			}
			if got != tt.want {
				t.Errorf("config = %+v (key %q), want %+v (key %q)", got, got.APIKey, tt.want, tt.want.APIKey)
			}
		})
	}
}

func TestConfigNeverShowsSecrets(t *testing.T) {
	const key = "sk-proj-VERYSECRET0123456789"
	cfg := Config{APIKey: key, BaseURL: "https://user:hunter2@llm.example.com/v1", Model: "gpt-4o", Timeout: time.Minute}

	var jsonLog, textLog bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonLog, nil)).Info("config", "cfg", cfg)
	slog.New(slog.NewTextHandler(&textLog, nil)).Info("config", "cfg", cfg)
	marshalled, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{
		"String": cfg.String(),
		"%v":     fmt.Sprintf("%v", cfg),
		"%+v":    fmt.Sprintf("%+v", cfg),
		"%#v":    fmt.Sprintf("%#v", cfg),
		"%s ptr": fmt.Sprintf("%s", &cfg),
		"slog":   jsonLog.String() + textLog.String(),
		"json":   string(marshalled),
	}
	for name, out := range outputs {
		if strings.Contains(out, key) || strings.Contains(out, "VERYSECRET") || strings.Contains(out, "hunter2") {
			t.Errorf("%s leaks a secret: %s", name, out)
		}
	}
	if s := cfg.String(); !strings.Contains(s, "<redacted>") || !strings.Contains(s, "gpt-4o") || !strings.Contains(s, "llm.example.com") {
		t.Errorf("String = %s, want the key redacted and the rest shown", s)
	}
	if s := (Config{}).String(); !strings.Contains(s, "APIKey:<unset>") {
		t.Errorf("String of an unset key = %s", s)
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"no key", Config{Model: "m"}, "API key is required"},
		{"relative base URL", Config{APIKey: "k", BaseURL: "localhost:11434"}, "absolute http(s) URL"},
		{"azure without deployment", Config{APIKey: "k", Azure: true, BaseURL: "https://x.openai.azure.com"}, "deployment"},
		{"azure without endpoint", Config{APIKey: "k", Azure: true, Model: "d"}, "endpoint"},
		{"temperature out of range", Config{APIKey: "k", Temperature: 3}, "temperature"},
		{"output cap too large for the context", Config{APIKey: "k", ContextTokens: 4096, MaxTokens: 3000}, "at most half"},
		{"context too small", Config{APIKey: "k", ContextTokens: 2048}, "too small"},
		{"unknown response format", Config{APIKey: "k", ResponseFormat: "xml"}, "response format"},
		{"ok with defaults", Config{APIKey: "k"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := New(tt.cfg, nil)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				if a.Name() != "llm:"+DefaultModel || a.cfg.MaxEvents != DefaultMaxEvents || a.cfg.MaxTokens != DefaultMaxTokens ||
					a.cfg.ContextTokens != DefaultContextTokens || a.cfg.Timeout != DefaultTimeout || a.cfg.MaxReplyBytes != DefaultMaxReplyBytes {
					t.Errorf("defaults not applied: %v", a.cfg)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestTune(t *testing.T) {
	env := map[string]string{
		"HUNTFLOW_LLM_MAX_EVENTS": "25", "HUNTFLOW_LLM_MAX_TOKENS": "1024", "HUNTFLOW_LLM_CONTEXT_TOKENS": "8192",
		"HUNTFLOW_LLM_TIMEOUT": "45s", "HUNTFLOW_LLM_RESPONSE_FORMAT": "json_object", "HUNTFLOW_LLM_MAX_REPLY_BYTES": "65536",
	}
	var c Config
	if err := c.Tune(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.MaxEvents != 25 || c.MaxTokens != 1024 || c.ContextTokens != 8192 || c.Timeout != 45*time.Second ||
		c.ResponseFormat != "json_object" || c.MaxReplyBytes != 65536 {
		t.Errorf("tuned %v", c)
	}
	bad := map[string]string{"HUNTFLOW_LLM_MAX_TOKENS": "lots", "HUNTFLOW_LLM_TIMEOUT": "-1s"}
	err := c.Tune(func(k string) string { return bad[k] })
	if err == nil || !strings.Contains(err.Error(), "HUNTFLOW_LLM_MAX_TOKENS") || !strings.Contains(err.Error(), "HUNTFLOW_LLM_TIMEOUT") {
		t.Errorf("err = %v, want both variables named", err)
	}
}
