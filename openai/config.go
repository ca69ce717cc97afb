// Package openai is the LLM analyst of a hunt: a huntflow.Reasoner that talks
// to any OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI,
// vLLM, Ollama). Everything it reads from events is treated as untrusted data
// and everything the model replies is validated before it reaches the hunt.
package openai

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults applied by New to zero fields of Config.
const (
	DefaultModel = "gpt-4o-mini"
	// DefaultMaxEvents is how many events (rows, after identical events are
	// folded into one with a count) a window's review shows the model.
	DefaultMaxEvents = 30
	// DefaultContextTokens is the context window prompts are sized to: a
	// 16k model, the common size of local models (Ollama's and llama.cpp's
	// defaults are smaller still: raise theirs to match, see the README).
	DefaultContextTokens = 16_384
	// DefaultMaxTokens caps every reply. Local servers without a cap
	// generate until the context is full.
	DefaultMaxTokens = 2048
	// DefaultTimeout bounds one HTTP call; the hunt bounds a whole step
	// (its retries included) separately.
	DefaultTimeout = 60 * time.Second
	// DefaultMaxReplyBytes caps the reply body read from the endpoint.
	DefaultMaxReplyBytes = 1 << 20
	// DefaultAzureAPIVersion is the first GA Azure OpenAI version that
	// supports response_format json_object; go-openai's default is older.
	DefaultAzureAPIVersion = "2024-10-21"
)

// localKeyPlaceholder stands in for the API key of local endpoints (Ollama,
// vLLM) that ignore it: go-openai sends no Authorization header without a
// key, and some OpenAI-compatible servers reject a request that has none.
const localKeyPlaceholder = "no-key-required"

// Config configures the analyst. The zero value of every field but APIKey
// takes a default in New.
type Config struct {
	// APIKey is a secret: String, GoString, LogValue and JSON never show it.
	APIKey  string `json:"-"`
	BaseURL string `json:"base_url,omitempty"`
	// Model is the model name, or the deployment name on Azure.
	Model string `json:"model"`
	// Azure selects Azure OpenAI: BaseURL is the resource endpoint, the key
	// goes in the api-key header and Model names the deployment.
	Azure      bool   `json:"azure,omitempty"`
	APIVersion string `json:"api_version,omitempty"`
	// Temperature 0 (the default) keeps verdicts as repeatable as the
	// endpoint allows.
	Temperature float32 `json:"temperature"`
	// MaxEvents caps the events Classify shows the model.
	MaxEvents int `json:"max_events"`
	// MaxTokens caps every reply (sent as max_tokens, or
	// max_completion_tokens where the endpoint wants that).
	MaxTokens int `json:"max_tokens"`
	// ContextTokens is the model's context window: prompts are sized so
	// that prompt and reply fit it.
	ContextTokens int `json:"context_tokens"`
	// MaxPromptChars optionally caps the data a prompt carries, on top of
	// the token budget; 0: no cap beyond ContextTokens.
	MaxPromptChars int `json:"max_prompt_chars,omitempty"`
	// Timeout bounds each HTTP call to the endpoint.
	Timeout time.Duration `json:"timeout"`
	// MaxReplyBytes caps the reply body read from the endpoint.
	MaxReplyBytes int64 `json:"max_reply_bytes"`
	// ResponseFormat is "auto" (json_schema, falling back to json_object,
	// then to JSON asked for in the prompt only, as the endpoint refuses
	// each), or one of "json_schema", "json_object", "none" to start there.
	ResponseFormat string       `json:"response_format,omitempty"`
	HTTPClient     *http.Client `json:"-"`
}

// Tune reads the tuning knobs of the analyst from the environment
// (HUNTFLOW_LLM_*), over the defaults. A value that does not parse is an
// error naming the variable.
func (c *Config) Tune(getenv func(string) string) error {
	var errs []string
	num := func(name string, dst *int) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				errs = append(errs, fmt.Sprintf("%s=%q: want a non-negative integer", name, v))
				return
			}
			*dst = n
		}
	}
	num("HUNTFLOW_LLM_MAX_EVENTS", &c.MaxEvents)
	num("HUNTFLOW_LLM_MAX_TOKENS", &c.MaxTokens)
	num("HUNTFLOW_LLM_CONTEXT_TOKENS", &c.ContextTokens)
	var reply int
	num("HUNTFLOW_LLM_MAX_REPLY_BYTES", &reply)
	if reply > 0 {
		c.MaxReplyBytes = int64(reply)
	}
	if v := strings.TrimSpace(getenv("HUNTFLOW_LLM_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Sprintf("HUNTFLOW_LLM_TIMEOUT=%q: want a positive duration such as 60s", v))
		} else {
			c.Timeout = d
		}
	}
	if v := strings.TrimSpace(getenv("HUNTFLOW_LLM_RESPONSE_FORMAT")); v != "" {
		c.ResponseFormat = v
	}
	if len(errs) > 0 {
		return errors.New("llm settings: " + strings.Join(errs, "; "))
	}
	return nil
}

// ConfigFromEnv reads the analyst's configuration from the environment. It
// reports ok=false when no LLM is configured, so hunts run with the rules
// alone.
//
// Azure OpenAI is used when AZURE_OPENAI_ENDPOINT is set (it needs
// AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT; AZURE_OPENAI_API_VERSION
// is optional): an explicit Azure endpoint is the more specific choice.
// Otherwise OPENAI_API_KEY is required, except when OPENAI_BASE_URL points
// at a local endpoint such as Ollama, which needs no key. OPENAI_MODEL
// defaults to gpt-4o-mini.
func ConfigFromEnv(getenv func(string) string) (Config, bool) {
	env := func(k string) string { return strings.TrimSpace(getenv(k)) }

	if endpoint := env("AZURE_OPENAI_ENDPOINT"); endpoint != "" {
		cfg := Config{
			APIKey:     env("AZURE_OPENAI_API_KEY"),
			BaseURL:    endpoint,
			Model:      env("AZURE_OPENAI_DEPLOYMENT"),
			Azure:      true,
			APIVersion: env("AZURE_OPENAI_API_VERSION"),
		}
		if cfg.APIVersion == "" {
			cfg.APIVersion = DefaultAzureAPIVersion
		}
		return cfg, cfg.APIKey != "" && cfg.Model != ""
	}

	cfg := Config{
		APIKey:  env("OPENAI_API_KEY"),
		BaseURL: env("OPENAI_BASE_URL"),
		Model:   env("OPENAI_MODEL"),
	}
	if cfg.Model == "" {
		cfg.Model = DefaultModel
	}
	if cfg.APIKey == "" {
		if cfg.BaseURL == "" || !isLocalEndpoint(cfg.BaseURL) {
			return cfg, false
		}
		cfg.APIKey = localKeyPlaceholder
	}
	return cfg, true
}

// isLocalEndpoint reports whether base names a server on this machine or a
// private network (Ollama, a vLLM container), where an API key is optional.
func isLocalEndpoint(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "":
		return false
	case host == "localhost", strings.HasSuffix(host, ".localhost"), host == "host.docker.internal":
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast()
	}
	// A single-label name is a container or LAN host (http://ollama:11434),
	// never a public API.
	return !strings.Contains(host, ".")
}

// String describes the configuration without its secret.
func (c Config) String() string {
	return fmt.Sprintf("openai.Config{BaseURL:%q Model:%q Azure:%t APIVersion:%q APIKey:%s Temperature:%g MaxEvents:%d MaxTokens:%d ContextTokens:%d MaxPromptChars:%d Timeout:%s ResponseFormat:%q}",
		redactURL(c.BaseURL), c.Model, c.Azure, c.APIVersion, redactedKey(c.APIKey),
		c.Temperature, c.MaxEvents, c.MaxTokens, c.ContextTokens, c.MaxPromptChars, c.Timeout, c.ResponseFormat)
}

// GoString keeps %#v from printing the key field by field.
func (c Config) GoString() string { return c.String() }

// LogValue keeps slog handlers (JSON in particular, which would otherwise
// marshal the struct) from logging the key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", redactURL(c.BaseURL)),
		slog.String("model", c.Model),
		slog.Bool("azure", c.Azure),
		slog.String("api_key", redactedKey(c.APIKey)),
		slog.Float64("temperature", float64(c.Temperature)),
		slog.Int("max_events", c.MaxEvents),
		slog.Int("max_tokens", c.MaxTokens),
		slog.Int("context_tokens", c.ContextTokens),
		slog.Duration("timeout", c.Timeout),
		slog.String("response_format", c.ResponseFormat),
	)
}

// MarshalJSON writes the configuration without its secrets, so it can go
// into workflow history or a status page.
func (c Config) MarshalJSON() ([]byte, error) {
	type plain Config // no methods: no recursion
	p := plain(c)
	p.BaseURL = redactURL(c.BaseURL)
	return json.Marshal(p)
}

func redactedKey(key string) string {
	if key == "" {
		return "<unset>"
	}
	return "<redacted>"
}

// redactURL hides a password a base URL may carry (https://user:pw@host).
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "<unparseable URL>"
	}
	return u.Redacted()
}
