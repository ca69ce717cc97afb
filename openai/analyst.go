package openai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/huntflow/huntflow"
)

// ErrUnparseable reports a model reply that stayed invalid after one retry:
// the caller must fall back to the rules' verdict, never to an empty one.
var ErrUnparseable = errors.New("LLM reply could not be parsed")

// Analyst is the LLM analyst. It is safe for concurrent use.
type Analyst struct {
	cfg    Config
	client *goopenai.Client
	log    *slog.Logger
}

var _ huntflow.Reasoner = (*Analyst)(nil)

// New returns an analyst for cfg. A nil logger discards logs.
func New(cfg Config, logger *slog.Logger) (*Analyst, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.APIKey == "" {
		return nil, errors.New("openai: API key is required (use ConfigFromEnv for keyless local endpoints)")
	}
	if cfg.Model == "" {
		if cfg.Azure {
			return nil, errors.New("openai: Azure needs the deployment name as Model")
		}
		cfg.Model = DefaultModel
	}
	if cfg.Azure && cfg.BaseURL == "" {
		return nil, errors.New("openai: Azure needs the resource endpoint as BaseURL")
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("openai: base URL %q must be an absolute http(s) URL", redactURL(cfg.BaseURL))
		}
	}
	if cfg.Temperature < 0 || cfg.Temperature > 2 || math.IsNaN(float64(cfg.Temperature)) {
		return nil, fmt.Errorf("openai: temperature must be in [0,2], got %g", cfg.Temperature)
	}
	if cfg.MaxEvents <= 0 {
		cfg.MaxEvents = DefaultMaxEvents
	}
	if cfg.MaxPromptChars <= 0 {
		cfg.MaxPromptChars = DefaultMaxPromptChars
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxTokens < 0 {
		cfg.MaxTokens = 0
	}

	var cc goopenai.ClientConfig
	if cfg.Azure {
		cc = goopenai.DefaultAzureConfig(cfg.APIKey, strings.TrimRight(cfg.BaseURL, "/"))
		if cfg.APIVersion == "" {
			cfg.APIVersion = DefaultAzureAPIVersion
		}
		cc.APIVersion = cfg.APIVersion
		// Deployment names are chosen by the operator: use them verbatim
		// rather than go-openai's rewriting of model names.
		cc.AzureModelMapperFunc = func(model string) string { return model }
	} else {
		cc = goopenai.DefaultConfig(cfg.APIKey)
		if cfg.BaseURL != "" {
			cc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
		}
	}
	if cfg.HTTPClient != nil {
		cc.HTTPClient = cfg.HTTPClient
	}
	return &Analyst{cfg: cfg, client: goopenai.NewClientWithConfig(cc), log: logger}, nil
}

// Name identifies the analyst in classifications and reports.
func (a *Analyst) Name() string { return "llm:" + a.cfg.Model }

// request builds a chat request. Temperature needs care: go-openai tags it
// omitempty, so a literal 0 never reaches the wire and the endpoint applies
// its default of 1. The smallest non-zero float32 (go-openai's documented
// workaround) is 0 for every sampler. Reasoning models reject any sampling
// parameter and max_tokens, which go-openai's validator knows; for them the
// temperature is left out and the cap moves to max_completion_tokens.
func (a *Analyst) request(msgs []goopenai.ChatCompletionMessage, jsonMode bool) goopenai.ChatCompletionRequest {
	req := goopenai.ChatCompletionRequest{
		Model:       a.cfg.Model,
		Messages:    msgs,
		Temperature: a.cfg.Temperature,
		MaxTokens:   a.cfg.MaxTokens,
	}
	if req.Temperature == 0 {
		req.Temperature = math.SmallestNonzeroFloat32
	}
	if jsonMode {
		req.ResponseFormat = &goopenai.ChatCompletionResponseFormat{Type: goopenai.ChatCompletionResponseFormatTypeJSONObject}
	}
	if goopenai.NewReasoningValidator().Validate(req) != nil {
		req.Temperature = 0
		req.MaxCompletionTokens, req.MaxTokens = req.MaxTokens, 0
	}
	return req
}

// converse sends the conversation and hands the reply to check. A reply
// that fails check is retried once with the failure appended to the
// conversation; a second failure is ErrUnparseable. API and transport errors
// are returned at once: retrying them is the caller's job (the Temporal
// activity's retry policy), guided by Retryable and RetryAfter.
func (a *Analyst) converse(ctx context.Context, op string, msgs []goopenai.ChatCompletionMessage, jsonMode bool,
	check func(reply string) error, correction func(error) string) error {
	const attempts = 2
	var lastErr error
	for attempt := 1; attempt <= attempts; attempt++ {
		r, err := a.complete(ctx, op, attempt, msgs, jsonMode)
		if err != nil {
			return err
		}
		lastErr = r.problem()
		if lastErr == nil {
			if lastErr = check(r.content); lastErr == nil {
				return nil
			}
			if r.finish == goopenai.FinishReasonLength {
				lastErr = fmt.Errorf("%w (the reply was cut off at the token limit: be more concise)", lastErr)
			}
		}
		a.log.WarnContext(ctx, "LLM reply rejected", "op", op, "attempt", attempt, "model", a.cfg.Model, "err", lastErr)
		msgs = append(msgs,
			goopenai.ChatCompletionMessage{Role: goopenai.ChatMessageRoleAssistant, Content: orPlaceholder(r.content)},
			goopenai.ChatCompletionMessage{Role: goopenai.ChatMessageRoleUser, Content: correction(lastErr)},
		)
	}
	return fmt.Errorf("openai: %s: %w after %d attempts: %v", op, ErrUnparseable, attempts, lastErr)
}

// orPlaceholder keeps an empty reply from being dropped by go-openai's
// omitempty on Content, which would leave an assistant turn without content.
func orPlaceholder(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(empty reply)"
	}
	return s
}

// reply is what one call returned.
type reply struct {
	content, refusal string
	finish           goopenai.FinishReason
	choices          int
}

// problem explains a reply that holds no text to check. Such a reply goes
// through the same single retry as one that does not parse.
func (r reply) problem() error {
	switch {
	case r.choices == 0:
		return errors.New("the reply had no choices")
	case r.refusal != "":
		return fmt.Errorf("the model refused: %s", huntflow.Truncate(r.refusal, 200))
	case r.finish == goopenai.FinishReasonContentFilter:
		return errors.New("the reply was withheld by the content filter")
	case strings.TrimSpace(r.content) == "":
		return errors.New("the reply was empty")
	}
	return nil
}

// complete makes one call.
func (a *Analyst) complete(ctx context.Context, op string, attempt int, msgs []goopenai.ChatCompletionMessage, jsonMode bool) (reply, error) {
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()

	start := time.Now()
	resp, err := a.client.CreateChatCompletion(ctx, a.request(msgs, jsonMode))
	if err != nil {
		err = a.callError(op, err, resp.Header())
		a.log.WarnContext(ctx, "LLM call failed", "op", op, "attempt", attempt, "model", a.cfg.Model,
			"elapsed", time.Since(start), "retryable", Retryable(err), "err", err)
		return reply{}, err
	}
	r := reply{choices: len(resp.Choices)}
	if len(resp.Choices) > 0 {
		ch := resp.Choices[0]
		r.content, r.refusal, r.finish = ch.Message.Content, ch.Message.Refusal, ch.FinishReason
	}
	a.log.InfoContext(ctx, "LLM call", "op", op, "attempt", attempt, "model", a.cfg.Model,
		"elapsed", time.Since(start), "finish_reason", string(r.finish),
		"prompt_tokens", resp.Usage.PromptTokens, "completion_tokens", resp.Usage.CompletionTokens)
	return r, nil
}

// callError wraps an error of the client with the operation, the server's
// Retry-After and a message scrubbed of the API key: some proxies echo the
// Authorization header back in their error bodies.
func (a *Analyst) callError(op string, err error, h http.Header) error {
	msg := fmt.Sprintf("openai: %s: %v", op, err)
	if a.cfg.APIKey != "" && a.cfg.APIKey != localKeyPlaceholder {
		msg = strings.ReplaceAll(msg, a.cfg.APIKey, "<redacted>")
	}
	return &callError{msg: msg, retryAfter: parseRetryAfter(h.Get("Retry-After")), err: err}
}

type callError struct {
	msg        string
	retryAfter time.Duration
	err        error
}

func (e *callError) Error() string { return e.msg }
func (e *callError) Unwrap() error { return e.err }

func parseRetryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// RetryAfter returns the delay the server asked for (Retry-After) with a
// 429 or 503, or 0 when it gave none.
func RetryAfter(err error) time.Duration {
	var ce *callError
	if errors.As(err, &ce) {
		return ce.retryAfter
	}
	return 0
}

// Retryable reports whether err is worth retrying later: rate limits (429),
// server errors (5xx), timeouts and connection failures. Client errors
// (400, 401, 403, 404), cancellation and unparseable replies are not: the
// same request would fail the same way.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, ErrUnparseable) || errors.Is(err, context.Canceled) {
		return false
	}
	if code := statusCode(err); code != 0 {
		return code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	// *url.Error wraps every failure of http.Client.Do and claims to be a
	// net.Error itself; judge what it wraps, so that a bad scheme or an
	// untrusted certificate is not taken for a passing network fault.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) {
		// Timeouts, refused and reset connections, DNS failures.
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// statusCode is the HTTP status of an error response, or 0.
func statusCode(err error) int {
	var apiErr *goopenai.APIError
	if errors.As(err, &apiErr) && apiErr.HTTPStatusCode != 0 {
		return apiErr.HTTPStatusCode
	}
	var reqErr *goopenai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}
