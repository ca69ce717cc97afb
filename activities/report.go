package activities

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/attack"
	"github.com/huntflow/huntflow/report"
)

// ReportInput is the typed result the report is written from.
type ReportInput struct {
	Result huntflow.HuntResult `json:"result"`
	UseLLM bool                `json:"use_llm"`
}

// ReportDraft is the Markdown report and who wrote it.
type ReportDraft struct {
	Markdown string   `json:"markdown"`
	Author   string   `json:"author"`
	Notes    []string `json:"notes,omitempty"`
	// Queries are the report's hunting queries with what they found.
	Queries []huntflow.HuntingQuery `json:"queries,omitempty"`
}

// MaxReport caps the report carried in history, measured JSON-encoded as
// Temporal stores it (it travels into the save step's input beside the
// result).
const MaxReport = 90 << 10

// WriteReport writes the incident report: by the LLM when one is configured
// and its report keeps the required structure, else from the templates.
func (a *Activities) WriteReport(ctx context.Context, in ReportInput) (ReportDraft, error) {
	defer a.keepAlive(ctx)()
	in.Result.Store = a.StoreKind
	in.Result.Queries = a.huntingQueries(ctx, in.Result)
	var notes []string
	if in.UseLLM && a.Reasoner != nil {
		var md string
		err := a.withLLM(ctx, func() error {
			var err error
			md, err = a.Reasoner.WriteReport(ctx, in.Result)
			return err
		})
		if err == nil {
			err = report.CheckStructure([]byte(md))
		}
		if err == nil {
			// The threat level is the rules' verdict: a report the log
			// content talked into another level is not used.
			if lvl, lerr := report.ThreatLevelOf([]byte(md)); lerr != nil || lvl != in.Result.ThreatLevel {
				err = fmt.Errorf("report states threat level %s, the hunt's is %s", lvl, in.Result.ThreatLevel)
			}
		}
		if err == nil && huntflow.JSONSize(md) <= MaxReport {
			return ReportDraft{Markdown: md, Author: a.Reasoner.Name(), Queries: in.Result.Queries}, nil
		}
		if err == nil {
			err = fmt.Errorf("report of %d bytes (JSON-encoded) exceeds %d", huntflow.JSONSize(md), MaxReport)
		}
		if a.LLMRetryable != nil && a.LLMRetryable(err) && !lastAttempt(ctx) {
			// A transient outage: let Temporal retry the step rather than
			// settle for the template at once — but on the last attempt the
			// templates write it, so an LLM outage never costs the report.
			return ReportDraft{}, fmt.Errorf("llm report: %w", err)
		}
		notes = append(notes, fmt.Sprintf("The LLM's report was not used (%v); this report was written from templates.", err))
		a.logger().Warn("llm report rejected, using template", "err", err)
	}
	in.Result.Notes = append(in.Result.Notes, notes...)
	md, err := report.Markdown(in.Result)
	if err != nil {
		return ReportDraft{}, nonRetryable(fmt.Errorf("render report: %w", err))
	}
	md = capReport(md, MaxReport)
	return ReportDraft{Markdown: string(md), Author: "templates", Notes: notes, Queries: in.Result.Queries}, nil
}

// SaveInput is what SaveReport writes.
type SaveInput struct {
	Result   huntflow.HuntResult `json:"result"`
	Markdown string              `json:"markdown"`
}

// Saved says where the report went.
type Saved struct {
	Dir        string `json:"dir"`
	ReportPath string `json:"report_path"`
	JSONPath   string `json:"json_path"`
	LayerPath  string `json:"layer_path"`
}

var safeID = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// SaveReport writes report.md, result.json and an ATT&CK Navigator layer
// into the worker's report folder, one folder per hunt. Writes are atomic
// (temp file and rename), so a retried step leaves whole files.
func (a *Activities) SaveReport(ctx context.Context, in SaveInput) (Saved, error) {
	defer a.keepAlive(ctx)()
	// The hunt ID names a folder: keep it to safe characters and never let
	// it climb out of the report folder.
	id := reportFolder(in.Result.HuntID)
	if id == "" {
		return Saved{}, nonRetryable(fmt.Errorf("save report: bad hunt id %q", in.Result.HuntID))
	}
	root := a.ReportDir
	if root == "" {
		root = "reports"
	}
	dir, err := filepath.Abs(filepath.Join(root, id))
	if err != nil {
		return Saved{}, fmt.Errorf("save report: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Saved{}, fmt.Errorf("save report: %w", err)
	}
	s := Saved{
		Dir:        dir,
		ReportPath: filepath.Join(dir, "report.md"),
		JSONPath:   filepath.Join(dir, "result.json"),
		LayerPath:  filepath.Join(dir, "attack-layer.json"),
	}
	res := in.Result
	res.ReportPath, res.JSONPath, res.LayerPath = s.ReportPath, s.JSONPath, s.LayerPath
	js, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return Saved{}, nonRetryable(fmt.Errorf("save report: encode result: %w", err))
	}
	layer, err := attack.Layer("huntflow "+res.HuntID, fmt.Sprintf("Techniques found by hunt %s (threat level %s)", res.HuntID, res.ThreatLevel), res.Techniques)
	if err != nil {
		return Saved{}, nonRetryable(fmt.Errorf("save report: navigator layer: %w", err))
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{s.ReportPath, []byte(in.Markdown)}, {s.JSONPath, append(js, '\n')}, {s.LayerPath, layer}} {
		if err := writeAtomic(f.path, f.data); err != nil {
			return Saved{}, fmt.Errorf("save report: %w", err)
		}
	}
	a.metrics().HuntReported(res.ThreatLevel, res.Findings)
	return s, nil
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func nonRetryable(err error) error {
	return temporal.NewNonRetryableApplicationError(err.Error(), ErrBadInput, err)
}

// reportFolder names a hunt's report folder after its ID, kept to safe
// characters and a sane length. Where cleaning changed the ID, a short hash
// of the original keeps "a/b" and "a:b" from sharing a folder.
func reportFolder(huntID string) string {
	id := strings.TrimLeft(safeID.ReplaceAllString(huntID, "_"), ".")
	if id == "" {
		return ""
	}
	if id != huntID || len(id) > 120 {
		sum := sha256.Sum256([]byte(huntID))
		id = fmt.Sprintf("%s-%x", id[:min(len(id), 100)], sum[:4])
	}
	return id
}

// lastAttempt reports whether this is the step's final attempt under its
// retry policy.
func lastAttempt(ctx context.Context) bool {
	if !activity.IsActivity(ctx) {
		return false
	}
	info := activity.GetInfo(ctx)
	return info.RetryPolicy != nil && info.RetryPolicy.MaximumAttempts > 0 && info.Attempt >= info.RetryPolicy.MaximumAttempts
}

// capReport cuts a report whose JSON encoding exceeds max at a line break,
// and says so at the end.
func capReport(md []byte, max int) []byte {
	if huntflow.JSONSize(string(md)) <= max {
		return md
	}
	const notice = "\n\n_…report truncated to keep the hunt's history small; result.json holds the hunt's result._\n"
	budget := max - len(notice) - 64
	for len(md) > 0 && huntflow.JSONSize(string(md)) > budget {
		cut := len(md) * budget / huntflow.JSONSize(string(md))
		if i := bytes.LastIndexByte(md[:cut], '\n'); i > 0 {
			cut = i
		}
		md = md[:cut]
	}
	return append(md[:len(md):len(md)], notice...)
}
