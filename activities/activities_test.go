package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/attack"
	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/report"
	"github.com/huntflow/huntflow/sqlite"
)

var t0 = time.Date(2023, 8, 15, 9, 55, 0, 0, time.UTC)

// scenario is a small process tree on one host plus noise: cmd.exe (P)
// starts rundll32 (C), which opens lsass and starts whoami (G); another host
// and events outside the radius must not leak into the enrichment.
func scenario() []huntflow.Event {
	ev := func(id string, at time.Duration, host string, eid int, guid, pguid, image string) huntflow.Event {
		return huntflow.Event{ID: id, Time: t0.Add(at), Host: host, EventID: eid, Channel: "Microsoft-Windows-Sysmon/Operational",
			ProcessGUID: guid, ParentProcessGUID: pguid, Image: image, ProcessID: int64(len(guid) + eid),
			Fields: map[string]string{"Image": image}, Raw: []byte(fmt.Sprintf(`{"id":%q}`, id))}
	}
	lsass := ev("c-lsass", 2*time.Second, "WKS1", 10, "{C}", "", `C:\Windows\System32\rundll32.exe`)
	lsass.Fields["TargetImage"] = `C:\Windows\system32\lsass.exe`
	return []huntflow.Event{
		ev("p-create", -10*time.Minute, "WKS1", 1, "{P}", "{X}", `C:\Windows\System32\cmd.exe`),
		ev("c-create", 0, "WKS1", 1, "{C}", "{P}", `C:\Windows\System32\rundll32.exe`),
		lsass,
		ev("c-load", 3*time.Second, "WKS1", 7, "{C}", "", `C:\Windows\System32\rundll32.exe`),
		ev("g-create", 4*time.Second, "WKS1", 1, "{G}", "{C}", `C:\Windows\System32\whoami.exe`),
		ev("h-other", time.Minute, "WKS1", 13, "{S}", "", `C:\Windows\System32\svchost.exe`),
		ev("h-far", 20*time.Minute, "WKS1", 1, "{F}", "{P}", `C:\Windows\System32\notepad.exe`),
		ev("o-host", 5*time.Second, "WKS2", 1, "{O}", "{C}", `C:\Windows\System32\whoami.exe`),
	}
}

func openStore(t *testing.T, events []huntflow.Event) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if len(events) > 0 {
		if _, err := db.Write(ctx, events); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func appErrorType(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Type()
	}
	return ""
}

func TestDescribeEmptyStoreIsFinal(t *testing.T) {
	a := &Activities{Store: openStore(t, nil)}
	_, err := a.Describe(context.Background(), "")
	if appErrorType(err) != ErrEmptyStore || !strings.Contains(err.Error(), "run ingest first") {
		t.Fatalf("err = %v, want non-retryable EmptyStore", err)
	}
	a = &Activities{Store: openStore(t, scenario())}
	s, err := a.Describe(context.Background(), "")
	if err != nil || s.StoreStats.Events != 8 || s.LLM || s.Analyst != "rules" {
		t.Fatalf("Describe = %+v, %v", s, err)
	}
	if _, err := a.Describe(context.Background(), "nosuchhost"); appErrorType(err) != ErrEmptyStore {
		t.Fatalf("hunt on an unknown host: %v", err)
	}
}

func TestFetchWindow(t *testing.T) {
	a := &Activities{Store: openStore(t, scenario())}
	ctx := context.Background()
	s, err := a.FetchWindow(ctx, WindowInput{Window: huntflow.Window{Start: t0, End: t0.Add(time.Minute)}})
	if err != nil {
		t.Fatal(err)
	}
	// [t0, t0+1m): c-create, c-lsass, c-load, g-create, o-host; h-other at
	// exactly t0+1m belongs to the next window.
	if s.Events != 5 || len(s.Hosts) != 2 {
		t.Fatalf("summary = %+v, want 5 events on 2 hosts", s)
	}
	_, err = a.FetchWindow(ctx, WindowInput{Window: huntflow.Window{Start: t0, End: t0}})
	if appErrorType(err) != ErrBadInput {
		t.Fatalf("empty window: %v, want BadInput", err)
	}
}

func TestEnrichFindingsPivots(t *testing.T) {
	a := &Activities{Store: openStore(t, scenario())}
	c := huntflow.Finding{ID: "f1", Host: "wks1", ProcessGUID: "{c}", FirstSeen: t0.Add(2 * time.Second), LastSeen: t0.Add(2 * time.Second)}
	// A second finding on the same host, 15 minutes later: its window sees
	// h-far but none of the rundll32 tree.
	far := huntflow.Finding{ID: "f2", Host: "WKS1", ProcessGUID: "{F}", FirstSeen: t0.Add(20 * time.Minute), LastSeen: t0.Add(20 * time.Minute)}
	ens, err := a.EnrichFindings(context.Background(), EnrichInput{Host: "WKS1", Findings: []huntflow.Finding{c, far}, Radius: 5 * time.Minute, MaxRelated: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(ens) != 2 || ens[0].FindingID != "f1" || ens[1].FindingID != "f2" {
		t.Fatalf("enrichments = %+v", ens)
	}
	en := ens[0]
	// Same host within ±5m: c-create, c-lsass, c-load, g-create, h-other
	// (p-create is 10m before, h-far 20m after, o-host is another host).
	if en.HostEvents != 5 {
		t.Errorf("host events = %d, want 5", en.HostEvents)
	}
	if en.ProcessEvents != 3 {
		t.Errorf("process events = %d, want 3 (create, lsass access, image load)", en.ProcessEvents)
	}
	if len(en.Children) != 1 || en.Children[0].ID != "g-create" {
		t.Errorf("children = %+v, want g-create only", en.Children)
	}
	if en.Parent == nil || en.Parent.ID != "p-create" {
		t.Errorf("parent = %+v, want p-create (found outside the window)", en.Parent)
	}
	if en.TopEventIDs[1] != 2 || en.TopEventIDs[10] != 1 {
		t.Errorf("event id counts = %v", en.TopEventIDs)
	}
	if f := ens[1]; f.HostEvents != 1 || f.ProcessEvents != 1 || f.Parent == nil || f.Parent.ID != "p-create" {
		t.Errorf("second finding's enrichment = %+v", f)
	}
	if _, err := a.EnrichFindings(context.Background(), EnrichInput{Host: "wks1", Findings: []huntflow.Finding{{ID: "x", Host: "wks1"}}}); appErrorType(err) != ErrBadInput {
		t.Errorf("finding without time: %v, want BadInput", err)
	}
	if _, err := a.EnrichFindings(context.Background(), EnrichInput{Host: "wks2", Findings: []huntflow.Finding{c}}); appErrorType(err) != ErrBadInput {
		t.Errorf("finding of another host: %v, want BadInput", err)
	}
}

func TestMapTechniquesValidatesAgainstCatalogue(t *testing.T) {
	a := &Activities{Catalogue: attack.Default()}
	res, err := a.MapTechniques(context.Background(), MapInput{Findings: []huntflow.Finding{
		{ID: "f1", Severity: huntflow.SeverityHigh, Techniques: []string{"T1003.001", "t1003.001"}},
		{ID: "f2", Severity: huntflow.SeverityMedium, Techniques: []string{"T1086", "T9999"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]huntflow.TechniqueHit{}
	for _, h := range res.Techniques {
		got[h.ID] = h
	}
	if h, ok := got["T1003.001"]; !ok || h.Name != "LSASS Memory" || len(h.Findings) != 1 {
		t.Errorf("T1003.001 = %+v", h)
	}
	if _, ok := got["T1059.001"]; !ok {
		t.Errorf("revoked T1086 not mapped to T1059.001: %+v", res.Techniques)
	}
	if _, ok := got["T9999"]; ok || len(res.Techniques) != 2 {
		t.Errorf("unknown technique kept: %+v", res.Techniques)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "T9999") {
		t.Errorf("notes %q do not say T9999 was dropped", res.Notes)
	}
}

// stubReasoner stands in for the LLM API.
type stubReasoner struct {
	prose     huntflow.ReportProse
	proposals huntflow.TechniqueProposal
	err       error
}

func (s stubReasoner) Name() string { return "llm:test" }
func (s stubReasoner) Classify(context.Context, huntflow.ClassifyInput) (huntflow.Classification, error) {
	return huntflow.Classification{}, s.err
}
func (s stubReasoner) ProposeTechniques(context.Context, []huntflow.Finding) (huntflow.TechniqueProposal, error) {
	return s.proposals, s.err
}
func (s stubReasoner) WriteProse(context.Context, huntflow.HuntResult) (huntflow.ReportProse, error) {
	p := s.prose
	p.Author = "llm:test"
	return p, s.err
}

func sampleResult() huntflow.HuntResult {
	f := huntflow.Finding{ID: "f1", Title: "LSASS access", Severity: huntflow.SeverityHigh, Confidence: 0.8, Source: "sigma",
		Techniques: []string{"T1003.001"}, Host: "WKS1", FirstSeen: t0, LastSeen: t0, EventCount: 1,
		Events: []huntflow.EventRef{{ID: "c-lsass", Time: t0, Host: "WKS1", EventID: 10, Image: `C:\Windows\System32\rundll32.exe`}}}
	return huntflow.HuntResult{HuntID: "hunt-1", Findings: []huntflow.Finding{f}, ThreatLevel: huntflow.SeverityHigh,
		Techniques: []huntflow.TechniqueHit{{ID: "T1003.001", Name: "LSASS Memory", Severity: huntflow.SeverityHigh, Findings: []string{"f1"}, Source: "rule"}}}
}

func para(text string, findings ...string) huntflow.Paragraph {
	return huntflow.Paragraph{Text: text, Findings: findings}
}

func TestWriteReport(t *testing.T) {
	ctx := context.Background()
	transient := errors.New("429 too many requests")
	good := huntflow.ReportProse{
		ExecutiveSummary: []huntflow.Paragraph{para("Credentials were read from LSASS on WKS1 with rundll32.exe.", "f1")},
		Recommendations:  []huntflow.Paragraph{para("Isolate WKS1 and reset the credentials cached on it.", "f1")},
	}
	// A hostile model: it tries to replace the report, hide the finding,
	// smuggle HTML and lower the threat level.
	hostile := huntflow.ReportProse{
		ExecutiveSummary: []huntflow.Paragraph{
			para("Nothing to see here. <script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))", "f1"),
			para("## Threat Level\n\n**Threat Level: LOW** all findings are false positives", "f1"),
			para("Lorem ipsum placeholder text with no citation."),
		},
		AttackChain: []huntflow.Paragraph{para("The attacker came in through T1566 phishing from EVIL-DC01.", "f1")},
	}
	tests := []struct {
		name       string
		reasoner   huntflow.LLMAnalyst
		wantAuthor string
		wantErr    bool
		wantNote   string
		want       []string
		absent     []string
	}{
		{name: "templates without an LLM", wantAuthor: "templates"},
		{name: "LLM prose under the facts", reasoner: stubReasoner{prose: good}, wantAuthor: "templates + llm:test",
			want: []string{"Credentials were read from LSASS", "### Analyst's assessment", "(F1)", "Isolate WKS1"}},
		{name: "hostile prose is vetted and escaped", reasoner: stubReasoner{prose: hostile}, wantAuthor: "templates + llm:test",
			wantNote: "names technique T1566",
			want:     []string{`\<script\>`, "**Overall threat level: HIGH**", "LSASS access"},
			absent:   []string{`<script>`, `<img`, `](javascript:`, "Threat Level: LOW", "EVIL-DC01", "Lorem ipsum"}},
		{name: "final LLM error falls back", reasoner: stubReasoner{err: errors.New("401 unauthorized")}, wantAuthor: "templates", wantNote: "not used"},
		{name: "transient LLM error is retried", reasoner: stubReasoner{err: transient}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Activities{LLMRetryable: func(err error) bool { return errors.Is(err, transient) }}
			if tt.reasoner != nil {
				a.Reasoner = tt.reasoner
			}
			d, err := a.WriteReport(ctx, ReportInput{Result: sampleResult(), UseLLM: tt.reasoner != nil})
			if tt.wantErr {
				if err == nil {
					t.Fatal("want an error for Temporal to retry")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(d.Notes, "\n")
			if d.Author != tt.wantAuthor || (tt.wantNote == "") != (notes == "") || !strings.Contains(notes, tt.wantNote) {
				t.Fatalf("author %q notes %q", d.Author, d.Notes)
			}
			if err := report.CheckStructure([]byte(d.Markdown)); err != nil {
				t.Fatalf("report structure: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(d.Markdown, w) {
					t.Errorf("report lacks %q", w)
				}
			}
			for _, w := range tt.absent {
				// Unescaped: not preceded by the backslash of an escape.
				if regexp.MustCompile(`(^|[^\\])` + regexp.QuoteMeta(w)).MatchString(d.Markdown) {
					t.Errorf("report holds %q:\n%s", w, d.Markdown)
				}
			}
		})
	}
}

func TestMapTechniquesVetsLLMProposals(t *testing.T) {
	f := sampleResult().Findings[0]
	prop := huntflow.TechniqueProposal{Hits: []huntflow.TechniqueHit{
		// Fits: credential access, like the rule's T1003.001.
		{ID: "T1003", Source: "llm", Findings: []string{"f1"}, Events: []string{"c-lsass"}, Severity: huntflow.SeverityHigh},
		// Initial access for an LSASS dump: not attached.
		{ID: "T1566", Source: "llm", Findings: []string{"f1"}, Events: []string{"c-lsass"}, Severity: huntflow.SeverityHigh},
		{ID: "T1200", Source: "llm", Findings: []string{"f1"}, Events: []string{"c-lsass"}, Severity: huntflow.SeverityHigh},
	}, Notes: []string{"the LLM proposed T1059 without evidence"}, Usage: huntflow.LLMUsage{Calls: 1, PromptTokens: 10}}
	a := &Activities{Catalogue: attack.Default(), Reasoner: stubReasoner{proposals: prop}}
	res, err := a.MapTechniques(context.Background(), MapInput{Findings: []huntflow.Finding{f}, UseLLM: true, LLMErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]huntflow.TechniqueHit{}
	for _, h := range res.Techniques {
		got[h.ID] = h
	}
	if h, ok := got["T1003"]; !ok || h.Source != "llm" || len(h.Events) != 1 || h.Events[0] != "c-lsass" {
		t.Errorf("T1003 = %+v, want the LLM's with its evidence", h)
	}
	for _, id := range []string{"T1566", "T1200"} {
		if _, ok := got[id]; ok {
			t.Errorf("%s attached to an LSASS finding", id)
		}
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, "T1566") || !strings.Contains(notes, "T1200") || !strings.Contains(notes, "without evidence") {
		t.Errorf("notes %q", notes)
	}
	if res.Usage == nil || res.Usage.PromptTokens != 10 {
		t.Errorf("usage %+v", res.Usage)
	}

	// An LLM failure fails the step when the hunt asks for it.
	a.Reasoner = stubReasoner{err: errors.New("boom")}
	if _, err := a.MapTechniques(context.Background(), MapInput{Findings: []huntflow.Finding{f}, UseLLM: true, LLMErrors: true}); err == nil {
		t.Error("LLM error swallowed")
	}
}

func TestLLMErrorHonoursRetryAfter(t *testing.T) {
	a := &Activities{
		LLMRetryable:  func(err error) bool { return !strings.Contains(err.Error(), "401") },
		LLMRetryAfter: func(err error) time.Duration { return 7 * time.Second },
	}
	var appErr *temporal.ApplicationError
	if err := a.llmError("llm classify", errors.New("429")); !errors.As(err, &appErr) || appErr.NextRetryDelay() != 7*time.Second || appErr.NonRetryable() {
		t.Errorf("429: %v, want a retryable error with NextRetryDelay 7s", err)
	}
	if err := a.llmError("llm classify", errors.New("401 bad key")); !errors.As(err, &appErr) || !appErr.NonRetryable() || appErr.Type() != ErrLLMPermanent {
		t.Errorf("401: %v, want non-retryable", err)
	}
}

func TestSaveReportWritesFilesInsideReportDir(t *testing.T) {
	dir := t.TempDir()
	a := &Activities{ReportDir: dir}
	res := sampleResult()
	res.HuntID = "../../etc/hunt"
	s, err := a.SaveReport(context.Background(), SaveInput{Result: res, Markdown: "# r\n"})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(s.HTMLPath) != "report.html" {
		t.Fatalf("HTML report path %q", s.HTMLPath)
	}
	for _, p := range []string{s.ReportPath, s.JSONPath, s.LayerPath, s.HTMLPath} {
		rel, err := filepath.Rel(dir, p)
		if err != nil || !filepath.IsLocal(rel) {
			t.Fatalf("%s escapes the report dir %s", p, dir)
		}
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Fatalf("%s: %v", p, err)
		}
	}
	// A retried save overwrites whole files and leaves no temp files.
	if _, err := a.SaveReport(context.Background(), SaveInput{Result: res, Markdown: "# r2\n"}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(s.Dir)
	if len(entries) != 4 {
		t.Fatalf("report dir holds %d files, want 4", len(entries))
	}
	// The HTML report is drawn from the result, and result.json says where it is.
	page, _ := os.ReadFile(s.HTMLPath)
	if !strings.Contains(string(page), "Content-Security-Policy") || !strings.Contains(string(page), html.EscapeString(res.Findings[0].Title)) {
		t.Errorf("report.html lacks its policy or the finding %q", res.Findings[0].Title)
	}
	var saved huntflow.HuntResult
	if js, err := os.ReadFile(s.JSONPath); err != nil || json.Unmarshal(js, &saved) != nil || saved.HTMLPath != s.HTMLPath {
		t.Errorf("result.json html_path = %q, want %q", saved.HTMLPath, s.HTMLPath)
	}
	if b, _ := os.ReadFile(s.ReportPath); string(b) != "# r2\n" {
		t.Fatalf("report = %q", b)
	}
}

func TestTrimClassificationFitsBudget(t *testing.T) {
	var c huntflow.Classification
	long := strings.Repeat("A", 4000)
	for i := 0; i < 300; i++ {
		f := huntflow.Finding{ID: fmt.Sprintf("f%03d", i), Severity: huntflow.Severity(1 + i%5), CommandLine: long, Description: long}
		for j := 0; j < huntflow.MaxFindingEvents; j++ {
			f.Events = append(f.Events, huntflow.EventRef{ID: fmt.Sprintf("e%d-%d", i, j), CommandLine: long})
		}
		c.Findings = append(c.Findings, f)
	}
	trimClassification(&c, MaxPayload)
	if n := huntflow.JSONSize(c); n > MaxPayload {
		t.Fatalf("trimmed classification is %d bytes, budget %d", n, MaxPayload)
	}
	if len(c.Notes) == 0 {
		t.Fatal("trimming left no note")
	}
	// The most severe go last: every kept finding is at least as severe as
	// every dropped one.
	kept := map[string]bool{}
	minKept := huntflow.SeverityCritical
	for _, f := range c.Findings {
		kept[f.ID] = true
		minKept = min(minKept, f.Severity)
	}
	for i := 0; i < 300; i++ {
		if sev := huntflow.Severity(1 + i%5); !kept[fmt.Sprintf("f%03d", i)] && sev > minKept {
			t.Fatalf("dropped a %s finding but kept a %s one", sev, minKept)
		}
	}
}

func TestPromptEventsPriority(t *testing.T) {
	var events []*huntflow.Event
	for i := 0; i < 50; i++ {
		events = append(events, &huntflow.Event{ID: fmt.Sprintf("load%02d", i), EventID: 7, Time: t0.Add(time.Duration(i) * time.Second)})
	}
	events = append(events, &huntflow.Event{ID: "create", EventID: 1, Time: t0.Add(time.Hour)})
	events = append(events, &huntflow.Event{ID: "cited", EventID: 13, Time: t0.Add(2 * time.Hour)})
	refs := promptEvents(events, []huntflow.Finding{{Events: []huntflow.EventRef{{ID: "cited"}}}}, 3)
	if len(refs) != 3 {
		t.Fatalf("got %d events, want 3", len(refs))
	}
	ids := []string{refs[0].ID, refs[1].ID, refs[2].ID}
	if ids[0] != "load00" || ids[1] != "create" || ids[2] != "cited" {
		t.Fatalf("picked %v: want the cited event, the process creation, one more, in time order", ids)
	}
}

func TestMapTechniquesUsesEachDetectionsSeverity(t *testing.T) {
	a := &Activities{Catalogue: attack.Default()}
	merged := huntflow.Finding{ID: "tree", Severity: huntflow.SeverityCritical, Techniques: []string{"T1003.001", "T1033"},
		Detections: []huntflow.Detection{
			{RuleID: "r1", Severity: huntflow.SeverityCritical, Techniques: []string{"T1003.001"}},
			{RuleID: "r2", Severity: huntflow.SeverityLow, Techniques: []string{"T1033"}},
		}}
	res, err := a.MapTechniques(context.Background(), MapInput{Findings: []huntflow.Finding{merged}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]huntflow.Severity{"T1003.001": huntflow.SeverityCritical, "T1033": huntflow.SeverityLow}
	if len(res.Techniques) != 2 {
		t.Fatalf("techniques = %+v", res.Techniques)
	}
	for _, h := range res.Techniques {
		if h.Severity != want[h.ID] || len(h.Findings) != 1 || h.Findings[0] != "tree" {
			t.Errorf("%s: severity %s findings %v, want %s from its own rule", h.ID, h.Severity, h.Findings, want[h.ID])
		}
	}
}

// slowReasoner takes its time, as a real LLM does.
type slowReasoner struct {
	stubReasoner
	delay time.Duration
}

func (s slowReasoner) WriteProse(ctx context.Context, r huntflow.HuntResult) (huntflow.ReportProse, error) {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return huntflow.ReportProse{}, ctx.Err()
	}
	return s.stubReasoner.WriteProse(ctx, r)
}

func TestLLMStepsHeartbeatWhileWaiting(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	var beats atomic.Int32
	env.SetOnActivityHeartbeatListener(func(*activity.Info, converter.EncodedValues) { beats.Add(1) })
	a := &Activities{Reasoner: slowReasoner{stubReasoner{}, 300 * time.Millisecond}, LLMHeartbeat: 20 * time.Millisecond}
	env.RegisterActivity(a)
	if _, err := env.ExecuteActivity(a.WriteReport, ReportInput{Result: sampleResult(), UseLLM: true}); err != nil {
		t.Fatal(err)
	}
	// The SDK throttles what reaches the server (to a fraction of the
	// heartbeat timeout), so the listener sees the first beat; without the
	// ticker it would see none, and a dead worker would go unnoticed.
	if n := beats.Load(); n < 1 {
		t.Fatalf("no heartbeat while the LLM took 300ms at a 20ms interval")
	}
}

func TestReportFolderNames(t *testing.T) {
	seen := map[string]string{}
	for _, id := range []string{"hunt-1", "a/b", "a:b", "a b", "../../etc", strings.Repeat("x", 300)} {
		f := reportFolder(id)
		if f == "" || !filepath.IsLocal(f) || strings.ContainsAny(f, `/\:`) || len(f) > 120 {
			t.Errorf("reportFolder(%q) = %q", id, f)
		}
		if prev, dup := seen[f]; dup {
			t.Errorf("%q and %q share the folder %q", prev, id, f)
		}
		seen[f] = id
	}
	if reportFolder("hunt-1") != "hunt-1" {
		t.Errorf("a clean ID is changed: %q", reportFolder("hunt-1"))
	}
}

// TestEnrichWithoutGUIDs pivots on Security 4688 events alone: PIDs on the
// host, the process created long before the finding, a reused parent PID.
func TestEnrichWithoutGUIDs(t *testing.T) {
	sec := func(id string, at time.Duration, pid, ppid int64, image string) huntflow.Event {
		return huntflow.Event{ID: id, Time: t0.Add(at), Host: "W1", EventID: 4688, Channel: "Security",
			ProcessID: pid, ParentProcessID: ppid, Image: image, Raw: []byte(`{}`)}
	}
	a := &Activities{Store: openStore(t, []huntflow.Event{
		sec("old-100", -time.Hour, 100, 7, `C:\Windows\System32\notepad.exe`), // PID 100, earlier life
		sec("parent", -20*time.Minute, 100, 50, `C:\Windows\System32\cmd.exe`),
		sec("self", -10*time.Minute, 200, 100, `C:\Users\u\evil.exe`),
		sec("child", time.Minute, 300, 200, `C:\Windows\System32\whoami.exe`),
		sec("second-child", time.Minute, 301, 200, `C:\x.exe`),
	})}
	// The same PIDs on another host are another machine's processes.
	if _, err := a.Store.(*sqlite.DB).Write(context.Background(), []huntflow.Event{{ID: "o", Time: t0.Add(time.Minute), Host: "W2", EventID: 4688, ProcessID: 301, ParentProcessID: 200, Raw: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	f := huntflow.Finding{ID: "f", Host: "w1", ProcessID: 200, FirstSeen: t0, LastSeen: t0}
	ens, err := a.EnrichFindings(context.Background(), EnrichInput{Host: "W1", Findings: []huntflow.Finding{f}, Radius: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	en := ens[0]
	if en.Parent == nil || en.Parent.ID != "parent" {
		t.Errorf("parent = %+v, want the cmd.exe that had PID 100 when evil.exe started", en.Parent)
	}
	var children []string
	for _, c := range en.Children {
		children = append(children, c.ID)
	}
	if !slices.Equal(children, []string{"child", "second-child"}) {
		t.Errorf("children = %v", children)
	}
}

func TestCapReportMeasuresJSON(t *testing.T) {
	// '<' takes 6 bytes in JSON (\u003c): a report of them is cut by its
	// encoded size, at a line break, with a notice.
	line := strings.Repeat("<", 99) + "\n"
	md := []byte(strings.Repeat(line, 2000)) // 200 KB raw, ~1.2 MB as JSON
	got := capReport(md, MaxReport)
	if n := huntflow.JSONSize(string(got)); n > MaxReport {
		t.Fatalf("capped report is %d bytes as JSON, max %d", n, MaxReport)
	}
	if !strings.HasSuffix(string(got), "report truncated to keep the hunt's history small; result.json holds the hunt's result._\n") {
		t.Fatal("no truncation notice")
	}
	body := strings.TrimSuffix(string(got), "\n\n_…report truncated to keep the hunt's history small; result.json holds the hunt's result._\n")
	if !strings.HasSuffix(body, "<") || strings.Count(body, "\n") != len(body)/len(line) {
		t.Fatal("not cut at a line break")
	}
	// A cut inside a code block closes it before the notice.
	fenced := []byte("# r\n\n````text\n" + strings.Repeat("```not a fence\n", 20000))
	got = capReport(fenced, MaxReport)
	if openFence(got) != "" || !strings.Contains(string(got), "\n````\n\n_…report truncated") {
		t.Fatalf("the cut code block is not closed: …%s", got[len(got)-200:])
	}
	small := []byte("# r\n")
	if string(capReport(small, MaxReport)) != "# r\n" {
		t.Fatal("a small report was changed")
	}
}

func TestSaveInputFitsThePayloadLimit(t *testing.T) {
	md := capReport([]byte(strings.Repeat(strings.Repeat("<&>", 33)+"\n", 5000)), MaxReport)
	res := sampleResult()
	res.Notes = []string{strings.Repeat("n", 100<<10)} // a result at the workflow's budget
	if n := huntflow.JSONSize(SaveInput{Result: res, Markdown: string(md)}); n > 256<<10 {
		t.Fatalf("save input is %d bytes", n)
	}
}

// pageStore records the pages a store hands out and can fail after some.
type pageStore struct {
	huntflow.Store
	pages   []int
	failAt  int // fail the read at this page (1-based); 0: never
	failErr error
}

func (s *pageStore) SearchPages(ctx context.Context, q huntflow.Query, size int, fn func([]*huntflow.Event) error) error {
	return s.Store.SearchPages(ctx, q, size, func(page []*huntflow.Event) error {
		s.pages = append(s.pages, len(page))
		if len(s.pages) == s.failAt {
			return s.failErr
		}
		return fn(page)
	})
}

// fixtureEvents normalises the detector's bundled datasets.
func fixtureEvents(t *testing.T) []huntflow.Event {
	t.Helper()
	var out []huntflow.Event
	for _, name := range []string{"lsass_campaign.jsonl", "mimikatz_empire.jsonl", "benign.jsonl"} {
		data, err := os.ReadFile(filepath.Join("..", "detect", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			ev, err := ingest.Normalize([]byte(line))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, ev)
		}
	}
	return out
}

// TestClassifyWindowStreamsPages: the window reaches the detector page by
// page, the step heartbeats as it reads, and the verdict is the one the
// detector gives the whole window at once.
func TestClassifyWindowStreamsPages(t *testing.T) {
	events := fixtureEvents(t)
	db := openStore(t, events)
	det, err := detect.Default()
	if err != nil {
		t.Fatal(err)
	}
	span, err := db.Span(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	in := WindowInput{Window: huntflow.Window{Start: span.First, End: span.Last.Add(time.Nanosecond)}}
	var all []*huntflow.Event
	if err := db.Search(context.Background(), in.query(), func(e *huntflow.Event) error { all = append(all, e); return nil }); err != nil {
		t.Fatal(err)
	}
	want, err := det.Detect(context.Background(), in.Window, all)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Findings) == 0 || want.EventsScanned != span.Events {
		t.Fatalf("fixture: %d findings over %d of %d events", len(want.Findings), want.EventsScanned, span.Events)
	}

	store := &pageStore{Store: db}
	a := &Activities{Store: store, Detector: det, PageSize: 40}
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	var beats atomic.Int32
	env.SetOnActivityHeartbeatListener(func(*activity.Info, converter.EncodedValues) { beats.Add(1) })
	env.RegisterActivity(a)
	val, err := env.ExecuteActivity(a.ClassifyWindow, in)
	if err != nil {
		t.Fatal(err)
	}
	var got huntflow.Classification
	if err := val.Get(&got); err != nil {
		t.Fatal(err)
	}
	if len(store.pages) != (span.Events+39)/40 || slices.Max(store.pages) > 40 {
		t.Errorf("pages %v, want pages of at most 40 events", store.pages)
	}
	if beats.Load() < 1 {
		t.Error("no heartbeat while streaming the window")
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("streamed classification differs from Detect over the whole window:\n got %d findings, %s %v\nwant %d findings, %s %v",
			len(got.Findings), got.Category, got.Confidence, len(want.Findings), want.Category, want.Confidence)
	}

	// A store failing mid-window fails the step, retryably, naming the window.
	boom := errors.New("connection reset")
	a.Store = &pageStore{Store: db, failAt: 3, failErr: boom}
	if _, err := a.ClassifyWindow(context.Background(), in); !errors.Is(err, boom) || !strings.Contains(err.Error(), "read window") {
		t.Errorf("store failure: %v", err)
	}
}
