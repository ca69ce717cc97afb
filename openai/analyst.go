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
	"sync/atomic"
	"syscall"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/tokens"
)

// ErrUnparseable reports a model reply that stayed invalid after one retry:
// the caller must fall back to the rules' verdict, never to an empty one.
var ErrUnparseable = errors.New("LLM reply could not be parsed")

// ErrReplyTooLarge reports a reply body over Config.MaxReplyBytes: a
// misbehaving endpoint, not worth the same request again.
var ErrReplyTooLarge = errors.New("LLM reply body too large")

// Response formats, from the most to the least structured. An endpoint that
// refuses one is asked with the next from then on.
const (
	formatSchema int32 = iota // response_format json_schema, strict
	formatObject              // response_format json_object
	formatPrompt              // the schema in the prompt only
)

var formatNames = [...]string{"json_schema", "json_object", "none"}

// Analyst is the LLM analyst. It is safe for concurrent use.
type Analyst struct {
	cfg    Config
	client *goopenai.Client
	log    *slog.Logger
	// format is the response format the endpoint accepts (formatSchema…).
	format atomic.Int32
	// completionTokens: the endpoint wants max_completion_tokens, not
	// max_tokens.
	completionTokens atomic.Bool
}

var _ huntflow.LLMAnalyst = (*Analyst)(nil)

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
	if cfg.ContextTokens <= 0 {
		cfg.ContextTokens = DefaultContextTokens
	}
	if cfg.MaxTokens <= 0 {
		cfg.MaxTokens = min(DefaultMaxTokens, cfg.ContextTokens/4)
	}
	if cfg.MaxTokens*2 > cfg.ContextTokens {
		return nil, fmt.Errorf("openai: the output cap of %d tokens leaves too little of a %d-token context for the prompt (keep it at most half)", cfg.MaxTokens, cfg.ContextTokens)
	}
	if tokens.Budget(cfg.ContextTokens, cfg.MaxTokens) < minPromptTokens {
		return nil, fmt.Errorf("openai: a %d-token context is too small for huntflow's prompts (at least %d prompt tokens are needed)", cfg.ContextTokens, minPromptTokens)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxReplyBytes <= 0 {
		cfg.MaxReplyBytes = DefaultMaxReplyBytes
	}
	start := formatSchema
	switch strings.ToLower(strings.TrimSpace(cfg.ResponseFormat)) {
	case "", "auto", "json_schema":
	case "json_object":
		start = formatObject
	case "none", "prompt":
		start = formatPrompt
	default:
		return nil, fmt.Errorf("openai: response format %q: want auto, json_schema, json_object or none", cfg.ResponseFormat)
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
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		hc = &c
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = capTransport{base: base, max: cfg.MaxReplyBytes}
	cc.HTTPClient = hc
	a := &Analyst{cfg: cfg, client: goopenai.NewClientWithConfig(cc), log: logger}
	a.format.Store(start)
	return a, nil
}

// minPromptTokens is the least prompt budget huntflow's prompts work with.
const minPromptTokens = 2000

// Name identifies the analyst in classifications and reports.
func (a *Analyst) Name() string { return "llm:" + a.cfg.Model }

// promptBudget is how many tokens a prompt may take.
func (a *Analyst) promptBudget() int {
	return tokens.Budget(a.cfg.ContextTokens, a.cfg.MaxTokens)
}

// request builds a chat request. Every request caps its reply: a local
// server without a cap generates until its context is full. Temperature
// needs care: go-openai tags it omitempty, so a literal 0 never reaches the
// wire and the endpoint applies its default of 1. The smallest non-zero
// float32 (go-openai's documented workaround) is 0 for every sampler.
// Reasoning models reject any sampling parameter and max_tokens, which
// go-openai's validator knows; for them the temperature is left out and the
// cap moves to max_completion_tokens, as it does for an endpoint that said
// it wants that.
func (a *Analyst) request(msgs []goopenai.ChatCompletionMessage, schema *replySchema) goopenai.ChatCompletionRequest {
	req := goopenai.ChatCompletionRequest{
		Model:       a.cfg.Model,
		Messages:    msgs,
		Temperature: a.cfg.Temperature,
	}
	if a.completionTokens.Load() {
		req.MaxCompletionTokens = a.cfg.MaxTokens
	} else {
		req.MaxTokens = a.cfg.MaxTokens
	}
	if req.Temperature == 0 {
		req.Temperature = math.SmallestNonzeroFloat32
	}
	if schema != nil {
		switch a.format.Load() {
		case formatSchema:
			req.ResponseFormat = &goopenai.ChatCompletionResponseFormat{
				Type:       goopenai.ChatCompletionResponseFormatTypeJSONSchema,
				JSONSchema: &goopenai.ChatCompletionResponseFormatJSONSchema{Name: schema.name, Schema: schema.schema, Strict: true},
			}
		case formatObject:
			req.ResponseFormat = &goopenai.ChatCompletionResponseFormat{Type: goopenai.ChatCompletionResponseFormatTypeJSONObject}
		}
	}
	if goopenai.NewReasoningValidator().Validate(req) != nil {
		req.Temperature = 0
		req.MaxCompletionTokens, req.MaxTokens = a.cfg.MaxTokens, 0
	}
	return req
}

// converse sends the conversation and hands the reply to check. A reply
// that fails check is retried once with the failure appended to the
// conversation; a second failure is ErrUnparseable. API and transport errors
// are returned at once: retrying them is the caller's job (the Temporal
// activity's retry policy), guided by Retryable and RetryAfter. The usage of
// every call made is returned, also with an error.
func (a *Analyst) converse(ctx context.Context, op string, msgs []goopenai.ChatCompletionMessage, schema *replySchema,
	check func(reply string) error, correction func(error) string) (huntflow.LLMUsage, error) {
	const attempts = 2
	var (
		lastErr error
		usage   huntflow.LLMUsage
	)
	for attempt := 1; attempt <= attempts; attempt++ {
		r, err := a.complete(ctx, op, attempt, msgs, schema)
		usage.Add(r.usage)
		if err != nil {
			return usage, err
		}
		lastErr = r.problem()
		if lastErr == nil {
			if lastErr = check(r.content); lastErr == nil {
				return usage, nil
			}
			if r.finish == goopenai.FinishReasonLength {
				lastErr = fmt.Errorf("%w (the reply was cut off at the limit of %d tokens: be more concise)", lastErr, a.cfg.MaxTokens)
			}
		}
		a.log.WarnContext(ctx, "LLM reply rejected", "op", op, "attempt", attempt, "model", a.cfg.Model, "err", lastErr)
		msgs = append(msgs,
			// The rejected reply is echoed, cut to fit the prompt's margin
			// for the context: the retry must fit it as the first did.
			goopenai.ChatCompletionMessage{Role: goopenai.ChatMessageRoleAssistant, Content: orPlaceholder(huntflow.Truncate(r.content, min(4000, a.promptBudget()*3/8)))},
			goopenai.ChatCompletionMessage{Role: goopenai.ChatMessageRoleUser, Content: correction(lastErr)},
		)
	}
	return usage, fmt.Errorf("openai: %s: %w after %d attempts: %v", op, ErrUnparseable, attempts, lastErr)
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
	usage            huntflow.LLMUsage
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
		if r.finish == goopenai.FinishReasonLength {
			return errors.New("the reply was empty: the token limit was reached before any output")
		}
		return errors.New("the reply was empty")
	}
	return nil
}

// complete makes one call. An endpoint that refuses the response format or
// max_tokens is asked again at once in the form it accepts, and the analyst
// remembers it for later calls.
func (a *Analyst) complete(ctx context.Context, op string, attempt int, msgs []goopenai.ChatCompletionMessage, schema *replySchema) (reply, error) {
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()

	start := time.Now()
	var (
		resp goopenai.ChatCompletionResponse
		err  error
	)
	for range 4 {
		resp, err = a.client.CreateChatCompletion(ctx, a.request(msgs, schema))
		if err == nil || !(a.downgradeFormat(ctx, err, schema != nil) || a.switchTokenField(ctx, err)) {
			break
		}
	}
	if err != nil {
		err = a.callError(op, err, resp.Header())
		a.log.WarnContext(ctx, "LLM call failed", "op", op, "attempt", attempt, "model", a.cfg.Model,
			"elapsed", time.Since(start), "retryable", Retryable(err), "err", err)
		// A call that failed may still have cost its prompt; count it, as
		// an estimate, so a budget sees failed calls too.
		return reply{usage: huntflow.LLMUsage{Calls: 1, PromptTokens: messageTokens(msgs), Estimated: true}}, err
	}
	r := reply{choices: len(resp.Choices)}
	if len(resp.Choices) > 0 {
		ch := resp.Choices[0]
		r.content, r.refusal, r.finish = ch.Message.Content, ch.Message.Refusal, ch.FinishReason
	}
	r.usage = huntflow.LLMUsage{Calls: 1, PromptTokens: resp.Usage.PromptTokens, CompletionTokens: resp.Usage.CompletionTokens}
	if r.usage.PromptTokens == 0 && r.usage.CompletionTokens == 0 {
		// The endpoint reported no usage (some local servers): estimate it.
		r.usage = huntflow.LLMUsage{Calls: 1, PromptTokens: messageTokens(msgs), CompletionTokens: tokens.Count(r.content), Estimated: true}
	}
	a.log.InfoContext(ctx, "LLM call", "op", op, "attempt", attempt, "model", a.cfg.Model,
		"elapsed", time.Since(start), "finish_reason", string(r.finish),
		"prompt_tokens", r.usage.PromptTokens, "completion_tokens", r.usage.CompletionTokens, "estimated", r.usage.Estimated)
	return r, nil
}

func messageTokens(msgs []goopenai.ChatCompletionMessage) int {
	contents := make([]string, len(msgs))
	for i, m := range msgs {
		contents[i] = m.Content
	}
	return tokens.Messages(contents...)
}

// downgradeFormat moves to the next response format when the endpoint
// refused this one (400 or 422 naming response_format or the schema):
// json_schema → json_object → the schema in the prompt only (older vLLM,
// Ollama and llama.cpp servers).
func (a *Analyst) downgradeFormat(ctx context.Context, err error, structured bool) bool {
	code := statusCode(err)
	if !structured || (code != http.StatusBadRequest && code != http.StatusUnprocessableEntity) {
		return false
	}
	msg := strings.ToLower(errorMessage(err))
	if !strings.Contains(msg, "response_format") && !strings.Contains(msg, "json_schema") &&
		!strings.Contains(msg, "json_object") && !strings.Contains(msg, "structured output") {
		return false
	}
	cur := a.format.Load()
	if cur >= formatPrompt || !a.format.CompareAndSwap(cur, cur+1) {
		return cur < formatPrompt // another call moved it already: try again
	}
	a.log.WarnContext(ctx, "LLM endpoint refused the response format; falling back", "from", formatNames[cur], "to", formatNames[cur+1], "err", huntflow.Truncate(errorMessage(err), 300))
	return true
}

// switchTokenField moves the output cap to max_completion_tokens when the
// endpoint says max_tokens is not supported (OpenAI's reasoning models).
func (a *Analyst) switchTokenField(ctx context.Context, err error) bool {
	if statusCode(err) != http.StatusBadRequest || a.completionTokens.Load() {
		return false
	}
	msg := strings.ToLower(errorMessage(err))
	if !strings.Contains(msg, "max_tokens") || !strings.Contains(msg, "max_completion_tokens") {
		return false
	}
	a.completionTokens.Store(true)
	a.log.WarnContext(ctx, "LLM endpoint wants max_completion_tokens; switching")
	return true
}

// errorMessage is the endpoint's error message, or the error's text.
func errorMessage(err error) string {
	var apiErr *goopenai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Message
	}
	var reqErr *goopenai.RequestError
	if errors.As(err, &reqErr) {
		return string(reqErr.Body)
	}
	return err.Error()
}

// capTransport caps the reply bodies read from the endpoint, so a
// misbehaving server cannot make the worker read without end.
type capTransport struct {
	base http.RoundTripper
	max  int64
}

func (t capTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	resp.Body = &cappedBody{rc: resp.Body, left: t.max, max: t.max}
	return resp, nil
}

type cappedBody struct {
	rc        io.ReadCloser
	left, max int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// At the cap: the body may end exactly here.
		var one [1]byte
		if n, err := b.rc.Read(one[:]); n == 0 && err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("%w: more than %d bytes", ErrReplyTooLarge, b.max)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

// callError wraps an error of the client with the operation, the server's
// Retry-After and a message scrubbed of the API key: some proxies echo the
// Authorization header back in their error bodies.
func (a *Analyst) callError(op string, err error, h http.Header) error {
	msg := fmt.Sprintf("openai: %s: %v", op, err)
	switch statusCode(err) {
	case http.StatusUnauthorized:
		msg += " (the endpoint rejected the API key: check OPENAI_API_KEY or AZURE_OPENAI_API_KEY)"
	case http.StatusForbidden:
		msg += fmt.Sprintf(" (the key may not use model %q: check the key's permissions and OPENAI_MODEL)", a.cfg.Model)
	case http.StatusNotFound:
		msg += fmt.Sprintf(" (model %q or the endpoint %s was not found: check OPENAI_MODEL and OPENAI_BASE_URL; Ollama needs `ollama pull` of the model first)", a.cfg.Model, redactURL(a.cfg.BaseURL))
	}
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
	if err == nil || errors.Is(err, ErrUnparseable) || errors.Is(err, ErrReplyTooLarge) || errors.Is(err, context.Canceled) {
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
