package activities

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
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
	// UseLLM asks WriteReport for LLM prose itself (hunts started before
	// WriteProse was a step of its own).
	UseLLM bool `json:"use_llm"`
}

// ReportDraft is the Markdown report and who wrote it.
type ReportDraft struct {
	Markdown string   `json:"markdown"`
	Author   string   `json:"author"`
	Notes    []string `json:"notes,omitempty"`
	// Queries are the report's hunting queries with what they found.
	Queries []huntflow.HuntingQuery `json:"queries,omitempty"`
	// Prose is the LLM prose the report carries, vetted.
	Prose *huntflow.ReportProse `json:"prose,omitempty"`
}

// MaxReport caps the report carried in history, measured JSON-encoded as
// Temporal stores it (it travels into the save step's input beside the
// result).
const MaxReport = 90 << 10

// ProseDraft is what the LLM wrote for the report, vetted against the
// result, with notes on what was dropped and what it cost.
type ProseDraft struct {
	Prose *huntflow.ReportProse `json:"prose,omitempty"`
	Notes []string              `json:"notes,omitempty"`
	Usage huntflow.LLMUsage     `json:"usage"`
}

// WriteProse asks the LLM for the report's prose and keeps the paragraphs
// tied to the result's findings (report.VetProse). The facts of the report
// are never the LLM's: the templates render them in WriteReport.
func (a *Activities) WriteProse(ctx context.Context, in ReportInput) (ProseDraft, error) {
	defer a.keepAlive(ctx)()
	if a.Reasoner == nil {
		return ProseDraft{}, errors.New("no LLM analyst is configured on this worker")
	}
	var p huntflow.ReportProse
	err := a.withLLM(ctx, func() error {
		var err error
		p, err = a.Reasoner.WriteProse(ctx, in.Result)
		return err
	})
	if err != nil {
		return ProseDraft{Usage: p.Usage}, a.llmError("llm report prose", err)
	}
	vetted, notes := report.VetProse(in.Result, p)
	notes = append(p.Notes, notes...)
	a.metrics().LLMTokens(p.Usage.PromptTokens, p.Usage.CompletionTokens)
	d := ProseDraft{Notes: notes, Usage: p.Usage}
	if !vetted.Empty() {
		d.Prose = &vetted
	} else {
		d.Notes = append(d.Notes, "the LLM's prose was not used: no paragraph was tied to the hunt's findings")
	}
	return d, nil
}

// WriteReport renders the incident report from the typed result with the
// templates, with the LLM prose the result carries placed under the facts.
// With UseLLM (hunts started before WriteProse was a step) it asks the LLM
// for the prose itself; an LLM failure then costs the prose, never the
// report.
func (a *Activities) WriteReport(ctx context.Context, in ReportInput) (ReportDraft, error) {
	defer a.keepAlive(ctx)()
	in.Result.Store = a.StoreKind
	in.Result.Queries = a.huntingQueries(ctx, in.Result)
	var notes []string
	if in.UseLLM && a.Reasoner != nil && in.Result.Prose == nil {
		d, err := a.WriteProse(ctx, in)
		if err != nil {
			var appErr *temporal.ApplicationError
			final := errors.As(err, &appErr) && appErr.NonRetryable()
			if !final && !lastAttempt(ctx) {
				// A transient outage: let Temporal retry the step; on the
				// last attempt the templates write it alone.
				return ReportDraft{}, err
			}
			notes = append(notes, fmt.Sprintf("The LLM's prose was not used (%v); this report was written from templates alone.", err))
			a.logger().Warn("llm prose failed, using templates alone", "err", err)
		}
		notes = append(notes, d.Notes...)
		in.Result.Prose = d.Prose
	}
	in.Result.Notes = append(in.Result.Notes, notes...)
	md, err := report.Markdown(in.Result)
	if err != nil {
		return ReportDraft{}, nonRetryable(fmt.Errorf("render report: %w", err))
	}
	md = capReport(md, MaxReport)
	author := "templates"
	if in.Result.Prose != nil {
		author = "templates + " + in.Result.Prose.Author
	}
	return ReportDraft{Markdown: string(md), Author: author, Notes: notes, Prose: in.Result.Prose, Queries: in.Result.Queries}, nil
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
	// HTMLPath is empty when the HTML report could not be rendered; the
	// other files are written regardless.
	HTMLPath string `json:"html_path,omitempty"`
}

var safeID = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// SaveReport writes report.md, report.html, result.json and an ATT&CK
// Navigator layer into the worker's report folder, one folder per hunt.
// Writes are atomic (temp file and rename), so a retried step leaves whole
// files.
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
	// The HTML report is drawn from the typed result, like the templates'
	// Markdown. It is an extra view: if it cannot be rendered the hunt
	// still delivers report.md and result.json.
	page, herr := report.HTML(res)
	if herr == nil {
		res.HTMLPath = filepath.Join(dir, "report.html")
	} else {
		a.logger().Warn("html report not rendered", "hunt", res.HuntID, "err", herr)
	}
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
	if res.HTMLPath != "" {
		if err := writeAtomic(res.HTMLPath, page); err != nil {
			return Saved{}, fmt.Errorf("save report: %w", err)
		}
		s.HTMLPath = res.HTMLPath
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
	out := md[:len(md):len(md)]
	if fence := openFence(out); fence != "" {
		// Cut inside a code block (a command line, a Mermaid diagram):
		// close it, or the notice and the renderer's view would be code.
		out = append(append(out, '\n'), fence...)
	}
	return append(out, notice...)
}

// openFence returns the fence of the Markdown code block md ends inside,
// or "" when every block is closed. A block opens with a line of three or
// more backticks and closes with a line of at least as many.
func openFence(md []byte) string {
	open := ""
	for _, line := range bytes.Split(md, []byte("\n")) {
		n := 0
		for n < len(line) && line[n] == '`' {
			n++
		}
		switch {
		case n < 3:
		case open == "":
			open = string(line[:n])
		case n >= len(open) && len(bytes.TrimSpace(line[n:])) == 0:
			open = ""
		}
	}
	return open
}
