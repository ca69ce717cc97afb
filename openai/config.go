// Package openai is the LLM analyst of a hunt: a huntflow.Reasoner that talks
// to any OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI,
// vLLM, Ollama). Everything it reads from events is treated as untrusted data
// and everything the model replies is validated before it reaches the hunt.
package openai

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by New to zero fields of Config.
const (
	DefaultModel          = "gpt-4o-mini"
	DefaultMaxEvents      = 150
	DefaultMaxPromptChars = 60_000
	DefaultTimeout        = 2 * time.Minute
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
	// MaxTokens caps the reply; 0 leaves it to the endpoint.
	MaxTokens int `json:"max_tokens,omitempty"`
	// MaxPromptChars caps the data a prompt carries so it stays well within
	// the model's context window; lower it for small local models.
	MaxPromptChars int `json:"max_prompt_chars"`
	// Timeout bounds each HTTP call to the endpoint.
	Timeout    time.Duration `json:"timeout"`
	HTTPClient *http.Client  `json:"-"`
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
	return fmt.Sprintf("openai.Config{BaseURL:%q Model:%q Azure:%t APIVersion:%q APIKey:%s Temperature:%g MaxEvents:%d MaxTokens:%d MaxPromptChars:%d Timeout:%s}",
		redactURL(c.BaseURL), c.Model, c.Azure, c.APIVersion, redactedKey(c.APIKey),
		c.Temperature, c.MaxEvents, c.MaxTokens, c.MaxPromptChars, c.Timeout)
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
		slog.Duration("timeout", c.Timeout),
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
