package openai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

func TestAPIErrors(t *testing.T) {
	tests := []struct {
		name       string
		reply      fakeReply
		retryable  bool
		retryAfter time.Duration
	}{
		{"429 rate limit", fakeReply{status: 429, errMsg: "Rate limit reached", header: map[string]string{"Retry-After": "7"}}, true, 7 * time.Second},
		{"500 server error", fakeReply{status: 500, errMsg: "The server had an error"}, true, 0},
		{"502 proxy page", fakeReply{status: 502, raw: "<html>Bad Gateway</html>"}, true, 0},
		{"503 overloaded", fakeReply{status: 503, errMsg: "overloaded", header: map[string]string{"Retry-After": "1.5"}}, true, 1500 * time.Millisecond},
		{"400 bad request", fakeReply{status: 400, errMsg: "context_length_exceeded"}, false, 0},
		// Some proxies echo the credential back; it must not reach the error.
		{"401 bad key", fakeReply{status: 401, errMsg: "Incorrect API key provided: " + testKey}, false, 0},
		{"403 forbidden", fakeReply{status: 403, errMsg: "forbidden"}, false, 0},
		{"404 unknown model", fakeReply{status: 404, errMsg: "The model does not exist"}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t, tt.reply)
			_, err := fake.analyst(t).Classify(context.Background(), window())
			if err == nil {
				t.Fatal("Classify succeeded, want an error")
			}
			if got := Retryable(err); got != tt.retryable {
				t.Errorf("Retryable = %t, want %t (err %v)", got, tt.retryable, err)
			}
			if got := RetryAfter(err); got != tt.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", got, tt.retryAfter)
			}
			if errors.Is(err, ErrUnparseable) {
				t.Error("an API error is not ErrUnparseable")
			}
			if code := statusCode(err); code != tt.reply.status {
				t.Errorf("status through the wrapping = %d, want %d", code, tt.reply.status)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error leaks the API key: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "openai: classify: ") {
				t.Errorf("error lacks context: %v", err)
			}
			// The client must not retry by itself: the caller's retry policy
			// needs to see the status.
			if n := len(fake.calls()); n != 1 {
				t.Errorf("calls = %d, want 1", n)
			}
		})
	}
}

func TestTransportErrors(t *testing.T) {
	t.Run("timeout", func(t *testing.T) {
		fake := newFake(t, fakeReply{block: true})
		a := fake.analyst(t, func(c *Config) { c.Timeout = 50 * time.Millisecond })
		_, err := a.Classify(context.Background(), window())
		if err == nil || !Retryable(err) {
			t.Errorf("err = %v, Retryable = %t, want a retryable timeout", err, Retryable(err))
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		fake := newFake(t)
		a := fake.analyst(t)
		fake.srv.Close()
		_, err := a.Classify(context.Background(), window())
		if err == nil || !Retryable(err) {
			t.Errorf("err = %v, Retryable = %t, want a retryable connection error", err, Retryable(err))
		}
	})
	t.Run("caller cancelled", func(t *testing.T) {
		fake := newFake(t, fakeReply{block: true})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := fake.analyst(t).Classify(ctx, window())
		if !errors.Is(err, context.Canceled) || Retryable(err) {
			t.Errorf("err = %v, Retryable = %t, want a non-retryable cancellation", err, Retryable(err))
		}
	})
}

func TestRetryable(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("activity: %w", err) }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"unparseable", wrap(fmt.Errorf("x: %w", ErrUnparseable)), false},
		{"api 429", wrap(&goopenai.APIError{HTTPStatusCode: 429}), true},
		{"api 408", wrap(&goopenai.APIError{HTTPStatusCode: 408}), true},
		{"api 504", wrap(&goopenai.APIError{HTTPStatusCode: 504}), true},
		{"api 422", wrap(&goopenai.APIError{HTTPStatusCode: 422}), false},
		{"request 503", wrap(&goopenai.RequestError{HTTPStatusCode: 503}), true},
		{"request 401", wrap(&goopenai.RequestError{HTTPStatusCode: 401}), false},
		{"deadline", wrap(context.DeadlineExceeded), true},
		{"cancelled", wrap(context.Canceled), false},
		{"reset", wrap(&url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "read", Err: syscall.ECONNRESET}}), true},
		{"eof", wrap(&url.Error{Op: "Post", URL: "http://x", Err: io.EOF}), true},
		{"bad scheme", wrap(&url.Error{Op: "Post", URL: "ftp://x", Err: errors.New("unsupported protocol scheme")}), false},
		{"other", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Retryable(tt.err); got != tt.want {
				t.Errorf("Retryable(%v) = %t, want %t", tt.err, got, tt.want)
			}
		})
	}
}

func TestRequestShape(t *testing.T) {
	reply := `{"suspicious_events":[],"category":"benign","confidence_score":0}`
	tests := []struct {
		name          string
		cfg           func(*Config)
		wantTemp      *float64 // nil: absent from the request
		wantMax       int
		wantMaxCompl  int
		wantPath      string
		wantQuery     string
		wantAuthHeads map[string]string
	}{
		{
			name:          "defaults",
			wantTemp:      new(0.0),
			wantMax:       DefaultMaxTokens, // every call caps its reply
			wantPath:      "/v1/chat/completions",
			wantAuthHeads: map[string]string{"Authorization": "Bearer " + testKey},
		},
		{
			name:     "explicit temperature and max tokens",
			cfg:      func(c *Config) { c.Temperature = 0.5; c.MaxTokens = 900 },
			wantTemp: new(0.5), wantMax: 900,
			wantPath: "/v1/chat/completions",
		},
		{
			name:     "reasoning model takes no temperature and max_completion_tokens",
			cfg:      func(c *Config) { c.Model = "o3-mini"; c.MaxTokens = 900 },
			wantTemp: nil, wantMaxCompl: 900,
			wantPath: "/v1/chat/completions",
		},
		{
			name: "azure deployment",
			cfg: func(c *Config) {
				c.Azure, c.BaseURL, c.Model = true, strings.TrimSuffix(c.BaseURL, "/v1"), "hunt-gpt4o"
			},
			wantTemp:      new(0.0),
			wantMax:       DefaultMaxTokens,
			wantPath:      "/openai/deployments/hunt-gpt4o/chat/completions",
			wantQuery:     "api-version=" + DefaultAzureAPIVersion,
			wantAuthHeads: map[string]string{"api-key": testKey, "Authorization": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t, ok(reply))
			var mods []func(*Config)
			if tt.cfg != nil {
				mods = append(mods, tt.cfg)
			}
			if _, err := fake.analyst(t, mods...).Classify(context.Background(), window()); err != nil {
				t.Fatalf("Classify: %v", err)
			}
			req := fake.calls()[0]
			switch {
			case tt.wantTemp == nil && req.Temperature != nil:
				t.Errorf("temperature = %v, want absent", *req.Temperature)
			case tt.wantTemp != nil && (req.Temperature == nil || abs(*req.Temperature-*tt.wantTemp) > 1e-6):
				t.Errorf("temperature = %v, want %v", req.Temperature, *tt.wantTemp)
			}
			if req.MaxTokens != tt.wantMax || req.MaxCompletionTokens != tt.wantMaxCompl {
				t.Errorf("max_tokens/max_completion_tokens = %d/%d, want %d/%d", req.MaxTokens, req.MaxCompletionTokens, tt.wantMax, tt.wantMaxCompl)
			}
			if req.Path != tt.wantPath || req.Query != tt.wantQuery {
				t.Errorf("URL = %s?%s, want %s?%s", req.Path, req.Query, tt.wantPath, tt.wantQuery)
			}
			for h, v := range tt.wantAuthHeads {
				if got := req.Header.Get(h); got != v {
					t.Errorf("header %s = %q, want %q", h, got, v)
				}
			}
		})
	}
}

func abs(f float64) float64 { return max(f, -f) }

func TestReplyWithoutTextIsRetried(t *testing.T) {
	good := `{"suspicious_events":[],"category":"benign","confidence_score":0.2}`
	tests := []struct {
		name  string
		first fakeReply
		want  string
	}{
		{"content filter", fakeReply{content: "", finish: "content_filter"}, "content filter"},
		{"cut at the token limit", fakeReply{content: `{"suspicious_events":[{"event_ref":"E1","rea`, finish: "length"}, "cut off at the limit of 2048 tokens"},
		{"empty at the token limit", fakeReply{content: "", finish: "length"}, "token limit was reached before any output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t, tt.first, ok(good))
			if _, err := fake.analyst(t).Classify(context.Background(), window()); err != nil {
				t.Fatalf("Classify: %v", err)
			}
			reqs := fake.calls()
			if len(reqs) != 2 || !strings.Contains(reqs[1].Messages[3].Content, tt.want) {
				t.Errorf("calls = %d; want the retry to say %q", len(reqs), tt.want)
			}
		})
	}
}
