package openai

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/huntflow/huntflow"
)

// Real endpoints and hostile models: what the analyst does with replies
// and servers that misbehave.

func TestStructuredOutputFallback(t *testing.T) {
	good := `{"suspicious_events":[],"category":"benign","confidence_score":0.1,"summary":"quiet"}`
	schemaRefused := fakeReply{status: 400, errMsg: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."}
	objectRefused := fakeReply{status: 400, errMsg: "response_format json_object is not supported"}
	tests := []struct {
		name    string
		replies []fakeReply
		formats []string // response_format type of each request; "" when absent
	}{
		{"json_schema accepted", []fakeReply{ok(good), ok(good)}, []string{"json_schema", "json_schema"}},
		{"json_schema refused, json_object taken", []fakeReply{schemaRefused, ok(good), ok(good)}, []string{"json_schema", "json_object", "json_object"}},
		{"both refused: prompt-only JSON", []fakeReply{schemaRefused, objectRefused, ok("Sure! Here is the JSON:\n```json\n" + good + "\n```\nHope this helps."), ok(good)},
			[]string{"json_schema", "json_object", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t, tt.replies...)
			a := fake.analyst(t)
			for range 2 { // the second call starts where the first ended
				if _, err := a.Classify(context.Background(), window()); err != nil {
					t.Fatalf("Classify: %v", err)
				}
			}
			var got []string
			for _, r := range fake.calls() {
				f := ""
				if r.ResponseFormat != nil {
					f = r.ResponseFormat.Type
				}
				got = append(got, f)
			}
			if strings.Join(got, ",") != strings.Join(tt.formats, ",") {
				t.Errorf("response formats %q, want %q", got, tt.formats)
			}
		})
	}
}

func TestMaxCompletionTokensWhereTheEndpointWantsIt(t *testing.T) {
	good := `{"suspicious_events":[],"category":"benign","confidence_score":0.1,"summary":""}`
	fake := newFake(t,
		fakeReply{status: 400, errMsg: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."},
		ok(good))
	if _, err := fake.analyst(t, func(c *Config) { c.Model = "proxy-model" }).Classify(context.Background(), window()); err != nil {
		t.Fatal(err)
	}
	calls := fake.calls()
	if len(calls) != 2 || calls[0].MaxTokens != DefaultMaxTokens || calls[1].MaxTokens != 0 || calls[1].MaxCompletionTokens != DefaultMaxTokens {
		t.Errorf("caps sent: %d/%d then %d/%d", calls[0].MaxTokens, calls[0].MaxCompletionTokens, calls[1].MaxTokens, calls[1].MaxCompletionTokens)
	}
}

func TestEndpointErrorsSayWhatToFix(t *testing.T) {
	tests := []struct {
		reply fakeReply
		want  string
	}{
		{fakeReply{status: 401, errMsg: "Incorrect API key provided"}, "check OPENAI_API_KEY"},
		{fakeReply{status: 404, errMsg: "model 'llama3:70b' not found, try pulling it first"}, `model "gpt-4o-mini" or the endpoint`},
		{fakeReply{status: 403, errMsg: "forbidden"}, "may not use model"},
	}
	for _, tt := range tests {
		fake := newFake(t, tt.reply)
		_, err := fake.analyst(t).Classify(context.Background(), window())
		if err == nil || Retryable(err) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("HTTP %d: err = %v (retryable %t), want a final error saying %q", tt.reply.status, err, Retryable(err), tt.want)
		}
	}
}

func TestReplyBodyIsCapped(t *testing.T) {
	huge := `{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"` +
		strings.Repeat("A", 5<<20) + `"},"finish_reason":"stop"}]}`
	for _, status := range []int{200, 500} {
		fake := newFake(t, fakeReply{status: status, raw: huge})
		_, err := fake.analyst(t).Classify(context.Background(), window())
		if !errors.Is(err, ErrReplyTooLarge) || Retryable(err) {
			t.Errorf("HTTP %d with a 5 MB body: err = %.200v, want ErrReplyTooLarge, not retryable", status, err)
		}
	}
	// A body just under the cap is read.
	fake := newFake(t, ok(`{"suspicious_events":[],"category":"benign","confidence_score":0,"summary":"`+strings.Repeat("x", 50_000)+`"}`))
	if _, err := fake.analyst(t, func(c *Config) { c.MaxReplyBytes = 60_000 }).Classify(context.Background(), window()); err != nil {
		t.Errorf("a 50 KB reply under a 60 KB cap: %v", err)
	}
}

func TestUsageFromTheAPIOrEstimated(t *testing.T) {
	good := `{"suspicious_events":[],"category":"benign","confidence_score":0.1,"summary":"quiet"}`
	fake := newFake(t, ok(good))
	c, err := fake.analyst(t).Classify(context.Background(), window())
	if err != nil || c.Usage == nil || c.Usage.Estimated || c.Usage.PromptTokens == 0 || c.Usage.Calls != 1 {
		t.Fatalf("usage %+v, %v: want the API's", c.Usage, err)
	}
	fake = newFake(t, fakeReply{content: good, noUsage: true})
	c, err = fake.analyst(t).Classify(context.Background(), window())
	if err != nil || c.Usage == nil || !c.Usage.Estimated || c.Usage.PromptTokens < 500 || c.Usage.CompletionTokens == 0 {
		t.Fatalf("usage %+v, %v: want an estimate", c.Usage, err)
	}
	// A retried reply costs both calls.
	fake = newFake(t, ok("not json"), ok(good))
	c, err = fake.analyst(t).Classify(context.Background(), window())
	if err != nil || c.Usage.Calls != 2 {
		t.Fatalf("usage %+v, %v: want two calls", c.Usage, err)
	}
}

// Prompts fit the configured context: a small one gets a smaller prompt,
// never one past it.
func TestPromptsFitTheContext(t *testing.T) {
	in := window()
	for i := range 400 {
		e := in.Events[i%len(in.Events)]
		e.ID = "bulk" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		e.CommandLine = strings.Repeat(fmt.Sprintf(`C:\Windows\System32\cmd.exe /c ping -n 1 10.0.%d.%d`, i/10, i%10), 6)
		e.ProcessID = int64(1000 + i)
		in.Events = append(in.Events, e)
	}
	for _, ctxTokens := range []int{4096, 8192, 16384} {
		a, err := New(Config{APIKey: "k", ContextTokens: ctxTokens, MaxEvents: 500}, nil)
		if err != nil {
			t.Fatal(err)
		}
		p, err := a.classifyPrompt(in, len(in.Events))
		if err != nil {
			t.Fatal(err)
		}
		got := messageTokens(p.msgs)
		if got+a.cfg.MaxTokens > ctxTokens {
			t.Errorf("context %d: prompt %d + reply cap %d tokens do not fit", ctxTokens, got, a.cfg.MaxTokens)
		}
		if ctxTokens == 16384 && got < 4000 {
			t.Errorf("context %d: prompt %d tokens leaves the context unused", ctxTokens, got)
		}
	}
}

func TestWriteProse(t *testing.T) {
	res := huntflow.HuntResult{
		HuntID: "h", ThreatLevel: huntflow.SeverityHigh,
		Findings: []huntflow.Finding{
			{ID: "f-low", Title: "Odd", Severity: huntflow.SeverityLow},
			{ID: "f-high", Title: "LSASS dump", Severity: huntflow.SeverityHigh, Host: "WS01"},
		},
	}
	reply := `{"executive_summary":[{"text":"LSASS was dumped on WS01.\n\n## Injected heading","finding_refs":["F1","F7"]}],
		"attack_chain":[{"text":"An odd process ran first.","finding_refs":["f2"]}],
		"severity_reasoning":[],"recommendations":[{"text":"Reset credentials.","finding_refs":["F1"]}]}`
	fake := newFake(t, ok(reply))
	p, err := fake.analyst(t).WriteProse(context.Background(), res)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.ExecutiveSummary) != 1 || p.ExecutiveSummary[0].Text != "LSASS was dumped on WS01. ## Injected heading" ||
		strings.Join(p.ExecutiveSummary[0].Findings, ",") != "f-high" {
		t.Errorf("summary %+v: want one line citing the most severe finding (F1)", p.ExecutiveSummary)
	}
	if len(p.AttackChain) != 1 || p.AttackChain[0].Findings[0] != "f-low" || p.Author != "llm:gpt-4o-mini" || p.Usage.Calls != 1 {
		t.Errorf("prose %+v", p)
	}
	if !hasNote(p.Notes, "cited 1 finding ref(s) that were not in its input") {
		t.Errorf("notes %q", p.Notes)
	}
	req := fake.calls()[0]
	sys, user := req.message("system"), req.message("user")
	if !strings.Contains(sys, "The threat level is HIGH") || !strings.Contains(user, `"ref":"F1"`) || strings.Contains(user, "f-high") {
		t.Errorf("prompt does not carry refs and the level:\n%.400s\n%.400s", sys, user)
	}
	if req.ResponseFormat == nil || req.ResponseFormat.Type != "json_schema" {
		t.Errorf("response_format %+v", req.ResponseFormat)
	}
}

// The mapping and prose prompts of a big hunt fit the context too.
func TestAllPromptsFitTheContext(t *testing.T) {
	in := window()
	res := huntflow.HuntResult{HuntID: "big", ThreatLevel: huntflow.SeverityHigh}
	for i := range 100 {
		f := in.Findings[0]
		f.ID = fmt.Sprintf("f-%03d", i)
		f.Title = fmt.Sprintf("Finding %d: %s", i, strings.Repeat("suspicious behaviour ", 10))
		f.Description = strings.Repeat("A long description of what the rule saw. ", 20)
		f.CommandLine = strings.Repeat(`C:\Windows\System32\cmd.exe /c whoami /all `, 10)
		f.Events = nil
		for j := range huntflow.MaxFindingEvents {
			e := in.Events[j%len(in.Events)]
			e.ID = fmt.Sprintf("e-%d-%d", i, j)
			e.CommandLine = fmt.Sprintf("%s %d %d", strings.Repeat("x", 300), i, j)
			f.Events = append(f.Events, e)
		}
		res.Findings = append(res.Findings, f)
	}
	for _, ctxTokens := range []int{4096, 16384} {
		a, err := New(Config{APIKey: "k", ContextTokens: ctxTokens}, nil)
		if err != nil {
			t.Fatal(err)
		}
		tp, err := a.techniquesPrompt(res.Findings)
		if err != nil {
			t.Fatal(err)
		}
		system := fmt.Sprintf(proseSystem, "HIGH", "HIGH")
		data, _, err := compactResult(res, a.promptBudget()-messageTokens(nil)-100, 0)
		if err != nil {
			t.Fatal(err)
		}
		block, _ := dataBlock(data)
		for name, n := range map[string]int{
			"techniques": messageTokens(tp.msgs),
			"prose":      messageTokens([]goopenai.ChatCompletionMessage{{Content: system}, {Content: block}}),
		} {
			if n+a.cfg.MaxTokens > ctxTokens {
				t.Errorf("context %d: %s prompt %d + reply cap %d tokens do not fit", ctxTokens, name, n, a.cfg.MaxTokens)
			}
		}
		if ctxTokens == 16384 && len(tp.shown) < 10 {
			t.Errorf("context %d: only %d findings shown for mapping", ctxTokens, len(tp.shown))
		}
	}
}

func TestDecodeJSONReply(t *testing.T) {
	type reply struct {
		A int `json:"a"`
	}
	tests := []struct {
		in      string
		want    int
		wantErr string
	}{
		{`{"a":1}`, 1, ""},
		{"```json\n{\"a\":2}\n```", 2, ""},
		{`Sure! Here is the JSON: {"a":3} Hope this helps.`, 3, ""},
		{`Note {this} first, then {"a":4}`, 4, ""},
		{`{"a":"five"}`, 0, `field "a"`},
		{`no json here`, 0, "holds no JSON object"},
		{`{"a":`, 0, "invalid JSON"},
	}
	for _, tt := range tests {
		var r reply
		err := decodeJSONReply(tt.in, &r)
		if tt.wantErr == "" && (err != nil || r.A != tt.want) || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("decodeJSONReply(%q) = %+v, %v", tt.in, r, err)
		}
	}
}
