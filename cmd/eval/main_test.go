package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huntflow/huntflow/eval"
	"github.com/huntflow/huntflow/eval/evaltest"
)

// fakeLLM is an in-process OpenAI chat-completions endpoint. It reads the
// events of each prompt the way a model would and answers through reply.
type fakeLLM struct {
	t     *testing.T
	srv   *httptest.Server
	reply func(events []promptEvent) (status int, content string)

	mu      sync.Mutex
	prompts []string
}

// promptEvent is the part of an event the fake reads from a prompt.
type promptEvent struct {
	ID         string `json:"id"`
	WinEventID int    `json:"win_event_id"`
	Image      string `json:"image"`
}

func newFakeLLM(t *testing.T, reply func([]promptEvent) (int, string)) *fakeLLM {
	t.Helper()
	f := &fakeLLM{t: t, reply: reply}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		f.t.Errorf("fake: unexpected %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	var req struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		f.t.Errorf("fake: request is not chat-completions JSON: %v", err)
	}
	var user string
	for _, m := range req.Messages {
		if m.Role == "user" {
			user = m.Content
		}
	}
	f.mu.Lock()
	f.prompts = append(f.prompts, user)
	f.mu.Unlock()

	// The data block sits between the untrusted-data tags.
	var data struct {
		Events []promptEvent `json:"events"`
	}
	if _, block, ok := strings.Cut(user, "<untrusted_log_data>"); ok {
		block, _, _ = strings.Cut(block, "</untrusted_log_data>")
		if err := json.Unmarshal([]byte(block), &data); err != nil {
			f.t.Errorf("fake: prompt data is not JSON: %v", err)
		}
	} else {
		f.t.Errorf("fake: prompt has no data block:\n%s", user)
	}

	status, content := f.reply(data.Events)
	w.Header().Set("Content-Type", "application/json")
	if status != http.StatusOK {
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"message": "the server had an error while processing your request", "type": "server_error", "param": nil, "code": nil}})
		return
	}
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": time.Now().Unix(), "model": req.Model,
		"choices": []map[string]any{{
			"index": 0, "message": map[string]any{"role": "assistant", "content": content}, "finish_reason": "stop",
		}},
		"usage": map[string]int{"prompt_tokens": len(user) / 4, "completion_tokens": len(content) / 4, "total_tokens": (len(user) + len(content)) / 4},
	})
}

func (f *fakeLLM) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.prompts)
}

// flagTasklist answers as a model that spots the process discovery the
// rules let pass, and also invents a technique that does not exist.
func flagTasklist(t *testing.T) func([]promptEvent) (int, string) {
	return func(events []promptEvent) (int, string) {
		var suspicious []map[string]any
		for _, e := range events {
			if e.WinEventID == 1 && strings.HasSuffix(strings.ToLower(e.Image), `\tasklist.exe`) {
				suspicious = append(suspicious, map[string]any{
					"event_id": e.ID, "reason": "process discovery right after an LSASS dump",
					"techniques": []string{"T1057", "T9999"}, "severity": "medium",
				})
			}
		}
		if len(suspicious) == 0 {
			t.Errorf("fake: the tasklist process creation is not in the prompt: %+v", events)
		}
		b, err := json.Marshal(map[string]any{
			"suspicious_events": suspicious, "category": "credential-access", "confidence_score": 0.9,
			"summary": "LSASS dumped with comsvcs, then discovery.",
		})
		if err != nil {
			t.Fatal(err)
		}
		return http.StatusOK, string(b)
	}
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// runEval runs the command over a synthetic corpus (SYN-dump, labelled
// T1003.001, T1082, T1057 and T1587.001, and SYN-missing) with the rules
// of evaltest, which find the first two: its bare tasklist run (T1057) is
// one no rule flags. It returns the output and the JSON report.
func runEval(t *testing.T, getenv func(string) string, extra ...string) (string, eval.Report) {
	t.Helper()
	return runEvalOn(t, evaltest.Corpus(t, evaltest.Dump(t), evaltest.Missing()), getenv,
		append([]string{"--rules-only", evaltest.Rules(t)}, extra...)...)
}

func runEvalOn(t *testing.T, corpus string, getenv func(string) string, extra ...string) (string, eval.Report) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "eval.json")
	var stdout, stderr bytes.Buffer
	args := append([]string{"--corpus", corpus, "--json", out}, extra...)
	if err := run(context.Background(), args, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep eval.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report JSON: %v", err)
	}
	return stdout.String(), rep
}

func dumpSim(t *testing.T, rep eval.Report) eval.SimResult {
	t.Helper()
	for _, s := range rep.Simulations {
		if s.Name == "SYN-dump" {
			return s
		}
	}
	t.Fatalf("no SYN-dump in %+v", rep.Simulations)
	return eval.SimResult{}
}

func TestEvalWithLLM(t *testing.T) {
	fake := newFakeLLM(t, flagTasklist(t))
	out, rep := runEval(t, env(map[string]string{"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": fake.srv.URL + "/v1"}))

	if n := len(fake.calls()); n != 1 {
		t.Errorf("%d LLM calls, want 1: the simulation spans seconds, one window", n)
	}
	sim := dumpSim(t, rep)
	// The rules' score is what it is without the LLM.
	if sim.Hits != 2 || sim.Recall != 0.5 || !slices.Equal(sim.Missed, []string{"T1057", "T1587.001"}) {
		t.Errorf("rules: hits %d recall %v missed %v, want 2, 0.5, [T1057 T1587.001]", sim.Hits, sim.Recall, sim.Missed)
	}
	l := sim.LLM
	if l == nil {
		t.Fatal("no rules+LLM results")
	}
	if l.Calls != 1 || l.Failures != 0 || l.Findings != 1 {
		t.Errorf("LLM calls %d failures %d findings %d, want 1, 0, 1", l.Calls, l.Failures, l.Findings)
	}
	if !slices.Equal(l.Techniques, []string{"T1057"}) || !slices.Equal(l.Dropped, []string{"T9999"}) {
		t.Errorf("LLM techniques %v dropped %v, want [T1057] and [T9999]", l.Techniques, l.Dropped)
	}
	if slices.Contains(l.Found, "T9999") || !slices.Contains(l.Found, "T1057") || !slices.Contains(l.Found, "T1003.001") {
		t.Errorf("rules+LLM found %v", l.Found)
	}
	if l.Hits != 3 || l.ExactHits != 3 || l.Recall != 0.75 || l.ExactRecall != 0.75 || !slices.Equal(l.Missed, []string{"T1587.001"}) {
		t.Errorf("rules+LLM: hits %d exact %d recall %v exact %v missed %v, want 3, 3, 0.75, 0.75, [T1587.001]",
			l.Hits, l.ExactHits, l.Recall, l.ExactRecall, l.Missed)
	}
	tot := rep.Totals
	if tot.Recall != 0.5 || tot.LLM == nil || tot.LLM.Recall != 0.75 || tot.LLM.ExactRecall != 0.75 ||
		tot.LLM.RecallHostOnly != 1 || tot.LLM.Calls != 1 || tot.LLM.Failures != 0 || tot.LLM.Dropped != 1 {
		t.Errorf("totals %+v, LLM %+v", tot, tot.LLM)
	}
	if rep.LLMAnalyst != "llm:gpt-4o-mini" {
		t.Errorf("llm_analyst %q", rep.LLMAnalyst)
	}
	for _, want := range []string{
		"technique recall: 0.500 (2/4)",
		"rules+LLM technique recall: 0.750 (3/4); exact sub-technique recall: 0.750 (3/4)",
		"LLM: 1 calls, 0 failed",
		"SYN-dump: dropped T9999",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestEvalLLMFailure(t *testing.T) {
	fake := newFakeLLM(t, func([]promptEvent) (int, string) { return http.StatusInternalServerError, "" })
	out, rep := runEval(t, env(map[string]string{"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": fake.srv.URL + "/v1"}), "--llm-windows", "2")

	if len(fake.calls()) == 0 {
		t.Fatal("the LLM was never called")
	}
	sim := dumpSim(t, rep)
	if sim.Hits != 2 || sim.Recall != 0.5 {
		t.Errorf("rules: hits %d recall %v, want 2 and 0.5 whatever the LLM does", sim.Hits, sim.Recall)
	}
	l := sim.LLM
	if l == nil || l.Calls != 1 || l.Failures != 1 || len(l.Errors) != 1 || !strings.Contains(l.Errors[0], "500") {
		t.Fatalf("LLM result %+v, want one call that failed with 500", l)
	}
	if l.Hits != sim.Hits || l.Recall != sim.Recall || !slices.Equal(l.Found, sim.Found) {
		t.Errorf("rules+LLM %v (recall %v) differs from the rules' %v (%v) though the LLM failed", l.Found, l.Recall, sim.Found, sim.Recall)
	}
	if tot := rep.Totals.LLM; tot == nil || tot.Failures != 1 || tot.SimsWithFailure != 1 || tot.Recall != rep.Totals.Recall {
		t.Errorf("LLM totals %+v", tot)
	}
	for _, want := range []string{"LLM: 1 calls, 1 failed (in 1 simulations)", "SYN-dump: LLM failed: window ", "500"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestEvalWithoutLLM(t *testing.T) {
	fake := newFakeLLM(t, func([]promptEvent) (int, string) {
		t.Error("the LLM was called")
		return http.StatusInternalServerError, ""
	})
	tests := []struct {
		name   string
		getenv func(string) string
		args   []string
		status string
	}{
		{"no key", env(nil), nil, "LLM analyst: not configured"},
		{"--no-llm", env(map[string]string{"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": fake.srv.URL + "/v1"}), []string{"--no-llm"}, "LLM analyst: disabled (--no-llm)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, rep := runEval(t, tt.getenv, tt.args...)
			if !strings.Contains(out, tt.status) || strings.Contains(out, "rules+LLM") || strings.Contains(out, "+llm") {
				t.Errorf("output:\n%s", out)
			}
			if rep.Totals.LLM != nil || dumpSim(t, rep).LLM != nil || rep.Totals.Recall != 0.5 {
				t.Errorf("report has LLM results or wrong rules recall: %+v", rep.Totals)
			}
		})
	}
}

func TestEvalFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--llm-windows", "0"},
		{"--llm-windows", fmt.Sprint(eval.MaxLLMWindows + 1)},
		{"--llm-window", "-1m"},
		{"stray"},
		{"--rules", "a", "--rules-only", "b"},
		{"--min-level", "severe"},
		{"--status", "stable,beta"},
		{"--rules-only", "does-not-exist"},
	} {
		err := run(context.Background(), append([]string{"--corpus", evaltest.Standard(t), "--json", ""}, args...), env(nil), io.Discard, io.Discard)
		if err == nil {
			t.Errorf("run %v: no error", args)
		}
	}
}

// TestEvalRuleSelection checks --rules-only, the level and status filters
// and the precision figures in the JSON totals.
func TestEvalRuleSelection(t *testing.T) {
	corpus := evaltest.Standard(t)
	rules := evaltest.Rules(t)
	tests := []struct {
		name      string
		args      []string
		found     []string
		precision float64
		rules     int
	}{
		// All four test rules: T1071 and T1218 are reported without a label.
		{"all", nil, []string{"T1003.001", "T1071.001", "T1082", "T1218.011"}, 0.6, 4},
		{"min level high", []string{"--min-level", "high"}, []string{"T1003.001", "T1218.011"}, 0.5, 2},
		{"stable only", []string{"--status", "stable"}, []string{"T1003.001", "T1218.011"}, 0.5, 1},
		{"no experimental", []string{"--status", "stable,test"}, []string{"T1003.001", "T1082", "T1218.011"}, 0.75, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, rep := runEvalOn(t, corpus, env(nil), append([]string{"--no-llm", "--rules-only", rules}, tt.args...)...)
			if got := dumpSim(t, rep).Found; !slices.Equal(got, tt.found) {
				t.Errorf("found %v, want %v", got, tt.found)
			}
			if rep.Totals.Precision != tt.precision || rep.Totals.RulesLoaded != tt.rules {
				t.Errorf("precision %v rules %d, want %v and %d", rep.Totals.Precision, rep.Totals.RulesLoaded, tt.precision, tt.rules)
			}
			if !strings.Contains(out, "technique precision: ") {
				t.Errorf("output:\n%s", out)
			}
		})
	}

	// The JSON totals carry the keys the rule authors read.
	path := filepath.Join(t.TempDir(), "eval.json")
	if err := run(context.Background(), []string{"--corpus", corpus, "--json", path, "--no-llm", "--rules-only", rules}, env(nil), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Totals map[string]any `json:"totals"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]float64{"technique_recall": 0.5, "technique_precision": 0.6, "technique_f1": 6.0 / 11} {
		if got, ok := raw.Totals[key].(float64); !ok || got != want {
			t.Errorf("totals[%q] = %v, want %v", key, raw.Totals[key], want)
		}
	}
}

// TestEvalShippedRules runs the shipped rules: whatever else they flag, an
// LSASS dump with comsvcs is credential dumping.
func TestEvalShippedRules(t *testing.T) {
	out, rep := runEvalOn(t, evaltest.Corpus(t, evaltest.Dump(t)), env(nil), "--no-llm")
	sim := dumpSim(t, rep)
	if !slices.ContainsFunc(sim.Found, func(id string) bool { return strings.HasPrefix(id, "T1003") }) {
		t.Errorf("shipped rules found %v in an LSASS dump", sim.Found)
	}
	if rep.Totals.RulesLoaded < 100 || !strings.Contains(out, "technique precision:") {
		t.Errorf("%d rules loaded; output:\n%s", rep.Totals.RulesLoaded, out)
	}
}
