package openai

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeLLM is an in-process OpenAI-compatible server. It decodes each
// chat-completions request, records it and answers with the next scripted
// reply, in the wire format of the real API.
type fakeLLM struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	replies  []fakeReply
	requests []fakeRequest
}

// fakeReply is one scripted answer: a completion with content, or an error
// status with an OpenAI error body (raw, when set, replaces the body).
type fakeReply struct {
	status  int
	content string
	finish  string
	header  map[string]string
	errMsg  string
	raw     string
	block   bool // wait until the client gives up
	noUsage bool // like some local servers, report no usage
}

// fakeRequest is what the fake saw of a request.
type fakeRequest struct {
	Path   string
	Query  string
	Header http.Header
	Body   map[string]json.RawMessage

	Model               string   `json:"model"`
	Temperature         *float64 `json:"temperature"`
	MaxTokens           int      `json:"max_tokens"`
	MaxCompletionTokens int      `json:"max_completion_tokens"`
	Stream              bool     `json:"stream"`
	ResponseFormat      *struct {
		Type string `json:"type"`
	} `json:"response_format"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

func (r fakeRequest) roles() []string {
	var out []string
	for _, m := range r.Messages {
		out = append(out, m.Role)
	}
	return out
}

func (r fakeRequest) message(role string) string {
	for _, m := range r.Messages {
		if m.Role == role {
			return m.Content
		}
	}
	return ""
}

func newFake(t *testing.T, replies ...fakeReply) *fakeLLM {
	t.Helper()
	f := &fakeLLM{t: t, replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	isChat := r.URL.Path == "/v1/chat/completions" ||
		(strings.HasPrefix(r.URL.Path, "/openai/deployments/") && strings.HasSuffix(r.URL.Path, "/chat/completions"))
	if r.Method != http.MethodPost || !isChat {
		f.t.Errorf("fake: unexpected %s %s", r.Method, r.URL.Path)
		writeAPIError(w, http.StatusNotFound, "not found", "invalid_request_error", nil)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		f.t.Errorf("fake: Content-Type = %q, want application/json", ct)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("fake: read body: %v", err)
		return
	}
	req := fakeRequest{Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone()}
	if err := json.Unmarshal(body, &req); err != nil {
		f.t.Errorf("fake: request is not chat-completions JSON: %v\n%s", err, body)
	}
	if err := json.Unmarshal(body, &req.Body); err != nil {
		f.t.Errorf("fake: request is not a JSON object: %v", err)
	}

	f.mu.Lock()
	f.requests = append(f.requests, req)
	var rep fakeReply
	if len(f.replies) == 0 {
		f.t.Errorf("fake: unexpected request %d", len(f.requests))
		rep = fakeReply{status: http.StatusInternalServerError, errMsg: "no scripted reply"}
	} else {
		rep, f.replies = f.replies[0], f.replies[1:]
	}
	f.mu.Unlock()

	if rep.block {
		<-r.Context().Done()
		return
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	switch {
	case rep.raw != "":
		w.WriteHeader(rep.status)
		_, _ = io.WriteString(w, rep.raw)
	case rep.status != 0 && rep.status != http.StatusOK:
		writeAPIError(w, rep.status, rep.errMsg, errorType(rep.status), errorCode(rep.status))
	default:
		finish := rep.finish
		if finish == "" {
			finish = "stop"
		}
		w.Header().Set("Content-Type", "application/json")
		usage := map[string]int{"prompt_tokens": len(body) / 4, "completion_tokens": len(rep.content) / 4, "total_tokens": (len(body) + len(rep.content)) / 4}
		if rep.noUsage {
			usage = nil
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id":      fmt.Sprintf("chatcmpl-%d", len(f.requests)),
			"object":  "chat.completion",
			"created": time.Now().Unix(),
			"model":   req.Model,
			"choices": []map[string]any{{
				"index":         0,
				"message":       map[string]any{"role": "assistant", "content": rep.content},
				"finish_reason": finish,
			}},
			"usage": usage,
		})
	}
}

func writeAPIError(w http.ResponseWriter, status int, msg, typ string, code any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": code}})
}

func errorType(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "requests"
	case status >= 500:
		return "server_error"
	}
	return "invalid_request_error"
}

func errorCode(status int) any {
	switch status {
	case http.StatusTooManyRequests:
		return "rate_limit_exceeded"
	case http.StatusUnauthorized:
		return "invalid_api_key"
	}
	return nil
}

func (f *fakeLLM) calls() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeRequest(nil), f.requests...)
}

const testKey = "sk-test-0123456789SECRET"

// analyst returns an analyst talking to the fake; mod adjusts the config.
func (f *fakeLLM) analyst(t *testing.T, mod ...func(*Config)) *Analyst {
	t.Helper()
	cfg := Config{APIKey: testKey, BaseURL: f.srv.URL + "/v1", Model: "gpt-4o-mini", Timeout: 5 * time.Second}
	for _, m := range mod {
		m(&cfg)
	}
	a, err := New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func ok(content string) fakeReply { return fakeReply{content: content} }

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
