package detect

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/ingest"
)

func defaultDetector(t testing.TB) *Detector {
	t.Helper()
	d, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return d
}

// perRuleDetector keeps one finding per rule and process, for tests of the
// per-rule aggregation underneath the process-tree merge.
func perRuleDetector(t testing.TB) *Detector {
	t.Helper()
	return New(defaultDetector(t).Rules(), Options{SeparateRules: true})
}

// fixture normalises a JSON-lines file of testdata.
func fixture(t testing.TB, name string) []*huntflow.Event {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var evs []*huntflow.Event
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		ev, err := ingest.Normalize(sc.Bytes())
		if err != nil {
			t.Fatalf("%s: normalise: %v", name, err)
		}
		evs = append(evs, &ev)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 {
		t.Fatalf("%s is empty", name)
	}
	return evs
}

// findingTitles runs the default detector over evs, spanning their times,
// and returns the titles of its findings.
func findingTitles(t *testing.T, evs []*huntflow.Event) []string {
	t.Helper()
	cls, err := defaultDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, f := range cls.Findings {
		titles = append(titles, f.Title)
	}
	return titles
}

func span(evs []*huntflow.Event) huntflow.Window {
	w := huntflow.Window{Start: evs[0].Time, End: evs[0].Time}
	for _, e := range evs {
		if e.Time.Before(w.Start) {
			w.Start = e.Time
		}
		if !e.Time.Before(w.End) {
			w.End = e.Time.Add(time.Nanosecond)
		}
	}
	return w
}

func techniques(cls huntflow.Classification) []string {
	var out []string
	for _, f := range cls.Findings {
		out = append(out, f.Techniques...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func hasTechnique(cls huntflow.Classification, id string) bool {
	for _, t := range techniques(cls) {
		if ParentTechnique(t) == ParentTechnique(id) {
			return true
		}
	}
	return false
}

func TestDetectFixtures(t *testing.T) {
	tests := []struct {
		fixture  string
		want     []string // labelled techniques that must be found
		minConf  float64
		category string
	}{
		{"lsass_campaign.jsonl", []string{"T1003.001", "T1204.002", "T1055.002", "T1082", "T1033", "T1057", "T1134.001"}, 0.95, ""},
		{"mimikatz_empire.jsonl", []string{"T1003.001"}, 0.9, "credential-access"},
	}
	d := defaultDetector(t)
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			evs := fixture(t, tt.fixture)
			cls, err := d.Detect(context.Background(), span(evs), evs)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !hasTechnique(cls, w) {
					t.Errorf("technique %s not found; found %v", w, techniques(cls))
				}
			}
			if cls.Confidence < tt.minConf || cls.Confidence > 0.99 {
				t.Errorf("confidence %v, want in [%v, 0.99]", cls.Confidence, tt.minConf)
			}
			if tt.category != "" && cls.Category != tt.category {
				t.Errorf("category %q, want %q", cls.Category, tt.category)
			}
			if cls.EventsScanned != len(evs) || cls.Analyst != AnalystName {
				t.Errorf("scanned %d analyst %q", cls.EventsScanned, cls.Analyst)
			}
			for _, f := range cls.Findings {
				// EventCount counts occurrences, so a launch logged by Sysmon
				// and Security is one count and two cited events.
				if f.ID == "" || f.Title == "" || f.Source == "" || len(f.Events) == 0 || f.EventCount < 1 || len(f.Events) > 2*f.EventCount {
					t.Errorf("incomplete finding %+v", f)
				}
				if len(f.Events) > huntflow.MaxFindingEvents {
					t.Errorf("finding %s cites %d events", f.Title, len(f.Events))
				}
				if f.FirstSeen.After(f.LastSeen) {
					t.Errorf("finding %s first seen after last seen", f.Title)
				}
			}
		})
	}
}

func TestBenignFixtureHasNoFindings(t *testing.T) {
	evs := fixture(t, "benign.jsonl")
	cls, err := defaultDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cls.Findings {
		t.Errorf("finding on benign activity: [%s] %s %s %q", f.Source, f.Title, f.Image, f.CommandLine)
	}
	if cls.Category != "benign" || cls.Confidence != 0 {
		t.Errorf("category %q confidence %v, want benign 0", cls.Category, cls.Confidence)
	}
}

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func lsassAccess(guid string, sec int) *huntflow.Event {
	return &huntflow.Event{
		ID: guid + "-" + time.Duration(sec).String(), Time: t0.Add(time.Duration(sec) * time.Second),
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10, Host: "WS01",
		ProcessGUID: guid, ProcessID: 4000, Image: `C:\Users\bob\Downloads\tool.exe`,
		Fields: map[string]string{
			"SourceImage": `C:\Users\bob\Downloads\tool.exe`, "TargetImage": `C:\Windows\system32\lsass.exe`,
			"GrantedAccess": "0x1fffff", "CallTrace": `C:\Windows\SYSTEM32\ntdll.dll+9c584|UNKNOWN(00000000)`,
		},
	}
}

func TestFindingsMergeByProcess(t *testing.T) {
	evs := []*huntflow.Event{
		lsassAccess("{A}", 1), lsassAccess("{A}", 5), lsassAccess("{B}", 7), lsassAccess("{A}", 9),
	}
	cls, err := perRuleDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	perRule := map[string]map[string]huntflow.Finding{}
	for _, f := range cls.Findings {
		if perRule[f.RuleID] == nil {
			perRule[f.RuleID] = map[string]huntflow.Finding{}
		}
		perRule[f.RuleID][f.ProcessGUID] = f
	}
	if len(perRule) == 0 {
		t.Fatal("no findings")
	}
	for rule, byProc := range perRule {
		if len(byProc) != 2 {
			t.Errorf("rule %s: %d findings, want one per process (2)", rule, len(byProc))
			continue
		}
		a, b := byProc["{A}"], byProc["{B}"]
		if a.EventCount != 3 || len(a.Events) != 3 || b.EventCount != 1 {
			t.Errorf("rule %s: counts A=%d(%d refs) B=%d, want 3 and 1", rule, a.EventCount, len(a.Events), b.EventCount)
		}
		if !a.FirstSeen.Equal(t0.Add(time.Second)) || !a.LastSeen.Equal(t0.Add(9*time.Second)) {
			t.Errorf("rule %s: A seen %v..%v", rule, a.FirstSeen, a.LastSeen)
		}
		if a.Confidence <= b.Confidence {
			t.Errorf("rule %s: three events (%v) should raise confidence over one (%v)", rule, a.Confidence, b.Confidence)
		}
	}
}

func TestFindingsCapCitedEvents(t *testing.T) {
	var evs []*huntflow.Event
	for i := range 25 {
		evs = append(evs, lsassAccess("{A}", i))
	}
	cls, err := perRuleDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cls.Findings {
		if f.EventCount != 25 || len(f.Events) != huntflow.MaxFindingEvents {
			t.Errorf("%s: count %d refs %d", f.Title, f.EventCount, len(f.Events))
		}
	}
}

func TestDetectIsDeterministic(t *testing.T) {
	evs := append(fixture(t, "lsass_campaign.jsonl"), fixture(t, "mimikatz_empire.jsonl")...)
	d := defaultDetector(t)
	want, err := d.Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3 {
		shuffled := slices.Clone(evs)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got, err := d.Detect(context.Background(), span(evs), shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if gotJSON, _ := json.Marshal(got); string(gotJSON) != string(wantJSON) {
			t.Fatalf("run %d on shuffled input differs", i)
		}
	}
	// IDs depend on rule and process only, so a finding keeps its ID when
	// the window holds fewer of its events.
	half := evs[:len(evs)/2]
	part, err := d.Detect(context.Background(), span(half), half)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, f := range want.Findings {
		ids[f.RuleID+"|"+f.ProcessGUID+"|"+f.Host] = f.ID
	}
	for _, f := range part.Findings {
		if id, ok := ids[f.RuleID+"|"+f.ProcessGUID+"|"+f.Host]; ok && f.Source == "sigma" && id != f.ID {
			t.Errorf("finding %s changed ID %s -> %s", f.Title, id, f.ID)
		}
	}
}

func TestConfidence(t *testing.T) {
	tests := []struct {
		sev  huntflow.Severity
		n    int
		want float64
	}{
		{huntflow.SeverityCritical, 1, 0.95},
		{huntflow.SeverityHigh, 1, 0.8},
		{huntflow.SeverityMedium, 1, 0.6},
		{huntflow.SeverityLow, 1, 0.35},
		{huntflow.SeverityInformational, 1, 0.1},
		{huntflow.SeverityHigh, 2, 0.81},        // 0.8 + 0.2*0.05
		{huntflow.SeverityMedium, 1 << 20, 0.7}, // boost capped at a quarter of the gap
	}
	for _, tt := range tests {
		if got := Confidence(tt.sev, tt.n); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Confidence(%s, %d) = %v, want %v", tt.sev, tt.n, got, tt.want)
		}
	}
}

func TestVerdict(t *testing.T) {
	f := func(rule string, sev huntflow.Severity, conf float64, tactics ...string) huntflow.Finding {
		return huntflow.Finding{Source: "sigma", RuleID: rule, Severity: sev, Confidence: conf, Tactics: tactics}
	}
	tests := []struct {
		name     string
		findings []huntflow.Finding
		category string
		conf     float64
	}{
		{"none", nil, "benign", 0},
		{"two rules combine", []huntflow.Finding{f("a", huntflow.SeverityHigh, 0.8, "execution"), f("b", huntflow.SeverityMedium, 0.6, "discovery")}, "execution", 0.92},
		{"same rule counts once", []huntflow.Finding{f("a", huntflow.SeverityHigh, 0.8, "execution"), f("a", huntflow.SeverityHigh, 0.8, "execution")}, "execution", 0.8},
		{"capped", []huntflow.Finding{f("a", huntflow.SeverityCritical, 0.95, "credential-access"), f("b", huntflow.SeverityCritical, 0.95, "credential-access"), f("c", huntflow.SeverityHigh, 0.8, "execution")}, "credential-access", 0.99},
		{"many lows outweigh one high", []huntflow.Finding{f("a", huntflow.SeverityHigh, 0.8, "execution"), f("b", huntflow.SeverityLow, 0.35, "discovery"), f("c", huntflow.SeverityLow, 0.35, "discovery"), f("d", huntflow.SeverityLow, 0.35, "discovery")}, "discovery", 0.945},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat, conf := verdict(tt.findings)
			if cat != tt.category || math.Abs(conf-tt.conf) > 1e-9 {
				t.Errorf("verdict = %q %v, want %q %v", cat, conf, tt.category, tt.conf)
			}
		})
	}
}

func procCreate(guid, parentGUID, parent, image, cmd string, sec int) *huntflow.Event {
	return &huntflow.Event{
		ID: guid, Time: t0.Add(time.Duration(sec) * time.Second), Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Host: "WS01", ProcessGUID: guid, ProcessID: int64(1000 + sec), ParentProcessGUID: parentGUID, ParentProcessID: 900,
		Image: image, CommandLine: cmd, ParentImage: parent, Fields: map[string]string{},
	}
}

func TestProcessTreeGrouping(t *testing.T) {
	evs := []*huntflow.Event{
		procCreate("{P}", "{E}", `C:\Windows\explorer.exe`, `C:\Users\bob\Downloads\invoice.exe`, `"C:\Users\bob\Downloads\invoice.exe"`, 1),
		procCreate("{C}", "{P}", `C:\Users\bob\Downloads\invoice.exe`, `C:\Windows\System32\whoami.exe`, `whoami /priv`, 2),
		// An unrelated whoami under explorer is its own tree.
		procCreate("{X}", "{E}", `C:\Windows\explorer.exe`, `C:\Windows\System32\whoami.exe`, `whoami`, 3),
	}
	cls, err := perRuleDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	var inTree, alone int
	for _, f := range cls.Findings {
		switch f.ProcessGUID {
		case "{P}", "{C}":
			if !strings.Contains(f.Description, "Process tree") {
				t.Errorf("finding %q on %s does not name its process tree:\n%s", f.Title, f.ProcessGUID, f.Description)
			}
			inTree++
		case "{X}":
			if strings.Contains(f.Description, "Process tree") {
				t.Errorf("unrelated finding %q is grouped", f.Title)
			}
			alone++
		}
	}
	if inTree < 2 || alone == 0 {
		t.Fatalf("want findings on both trees, got %d in tree and %d alone: %v", inTree, alone, cls.Findings)
	}
}

func TestStacking(t *testing.T) {
	common := func(i int) *huntflow.Event {
		return procCreate("{S"+string(rune('a'+i))+"}", "{O}", `C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE`, `C:\Windows\splwow64.exe`, `splwow64.exe 8192`, i)
	}
	// The rare child is one no rule knows (a rule-covered child, such as
	// certreq uploading a file, is reported by its rule instead).
	rare := procCreate("{R}", "{O}", `C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE`, `C:\Program Files\Contoso\Reports\export.exe`, `export.exe --sheet c:\users\bob\budget.xlsx`, 10)
	evs := []*huntflow.Event{common(0), common(1), rare}
	d := defaultDetector(t)
	cls, err := d.Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	var stacking []huntflow.Finding
	for _, f := range cls.Findings {
		if f.Source == "stacking" {
			stacking = append(stacking, f)
		}
	}
	if len(stacking) != 1 || stacking[0].ProcessGUID != "{R}" || stacking[0].Severity != huntflow.SeverityLow {
		t.Fatalf("stacking findings %+v, want one low finding on the rare child", stacking)
	}
	// Seen twice, the pair is no longer rare.
	again := procCreate("{R2}", "{O}", rare.ParentImage, rare.Image, rare.CommandLine, 11)
	evs = append(evs, again)
	cls, _ = d.Detect(context.Background(), span(evs), evs)
	for _, f := range cls.Findings {
		if f.Source == "stacking" {
			t.Errorf("pair seen twice still stacked: %s", f.Title)
		}
	}
	off := New(d.Rules(), Options{DisableStacking: true})
	cls, _ = off.Detect(context.Background(), span(evs[:3]), evs[:3])
	if len(cls.Findings) != 0 {
		t.Errorf("stacking disabled but got %v", cls.Findings)
	}
}

func TestCorrelationBurstOfFailedLogons(t *testing.T) {
	var evs []*huntflow.Event
	for i := range 12 {
		evs = append(evs, &huntflow.Event{
			ID: "f" + string(rune('a'+i)), Time: t0.Add(time.Duration(i) * 10 * time.Second), Channel: "Security", EventID: 4625, Host: "DC01",
			Fields: map[string]string{"IpAddress": "10.0.0.66", "TargetUserName": "user" + string(rune('a'+i)), "LogonType": "3"},
		})
	}
	cls, err := defaultDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{}
	for _, f := range cls.Findings {
		titles[f.Title] = true
		if f.Title == "Failed Network or Interactive Logon" {
			t.Error("base rule of a correlation produced a finding of its own")
		}
	}
	for _, want := range []string{"Burst of Failed Logons From One Source", "Password Spraying Across Many Accounts"} {
		if !titles[want] {
			t.Errorf("missing correlation finding %q; got %v", want, titles)
		}
	}
	if !hasTechnique(cls, "T1110") {
		t.Errorf("T1110 not reported: %v", techniques(cls))
	}
	// Five failures are below every threshold.
	cls, _ = defaultDetector(t).Detect(context.Background(), span(evs[:5]), evs[:5])
	if len(cls.Findings) != 0 {
		t.Errorf("five failures produced %d findings", len(cls.Findings))
	}
}

func TestDetectHonoursCancellation(t *testing.T) {
	evs := fixture(t, "benign.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := defaultDetector(t).Detect(ctx, span(evs), evs); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestFromDirAddsUserRules(t *testing.T) {
	dir := t.TempDir()
	rule := `title: Test Marker Process
id: 0f2a4c1e-9b7d-4e3a-8c55-1d2e3f4a5b6c
status: test
description: marker
author: tester
level: high
tags: [attack.execution, attack.t1059]
logsource: {product: windows, category: process_creation}
detection:
  selection:
    CommandLine|contains: 'huntflow-marker'
  condition: selection
`
	if err := os.WriteFile(filepath.Join(dir, "marker.yml"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.yml"), []byte("title: broken\ndetection: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, lerrs, err := FromDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(lerrs) != 1 || !strings.Contains(lerrs[0].Path, "broken.yml") {
		t.Errorf("load errors %v, want one for broken.yml", lerrs)
	}
	shippedN := len(shipped(t).Rules())
	if got := len(d.Rules().Rules()); got != shippedN+1 {
		t.Errorf("%d rules, want shipped %d + 1", got, shippedN)
	}
	ev := procCreate("{M}", "", `C:\Windows\System32\cmd.exe`, `C:\Windows\System32\cmd.exe`, `cmd /c echo huntflow-marker`, 1)
	cls, err := d.Detect(context.Background(), span([]*huntflow.Event{ev}), []*huntflow.Event{ev})
	if err != nil {
		t.Fatal(err)
	}
	if len(cls.Findings) == 0 || cls.Findings[0].Title != "Test Marker Process" {
		t.Errorf("user rule did not fire: %v", cls.Findings)
	}
}

func TestProcessTreeMergesIntoOneFinding(t *testing.T) {
	evs := []*huntflow.Event{
		procCreate("{P}", "{E}", `C:\Windows\explorer.exe`, `C:\Users\bob\Downloads\invoice.exe`, `"C:\Users\bob\Downloads\invoice.exe"`, 1),
		procCreate("{C}", "{P}", `C:\Users\bob\Downloads\invoice.exe`, `C:\Windows\System32\whoami.exe`, `whoami /priv`, 2),
		procCreate("{X}", "{E}", `C:\Windows\explorer.exe`, `C:\Windows\System32\whoami.exe`, `whoami`, 3),
	}
	separate, err := perRuleDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	merged, err := defaultDetector(t).Detect(context.Background(), span(evs), evs)
	if err != nil {
		t.Fatal(err)
	}
	// Same evidence, same verdict: merging is presentation, not scoring.
	if merged.Confidence != separate.Confidence || merged.Category != separate.Category {
		t.Fatalf("verdict changed by merging: %v/%s vs %v/%s", merged.Confidence, merged.Category, separate.Confidence, separate.Category)
	}
	var tree []huntflow.Finding
	techniques := map[string]bool{}
	cited := map[string]bool{}
	for _, f := range separate.Findings {
		if f.ProcessGUID == "{P}" || f.ProcessGUID == "{C}" {
			tree = append(tree, f)
			for _, id := range f.Techniques {
				techniques[id] = true
			}
			cited[f.Events[0].ID] = true
		}
	}
	if len(tree) < 2 {
		t.Fatalf("fixture should raise several detections in the tree, got %d", len(tree))
	}
	var one *huntflow.Finding
	for i, f := range merged.Findings {
		if f.ProcessGUID == "{P}" || f.ProcessGUID == "{C}" {
			if one != nil {
				t.Fatalf("the tree has two findings: %q and %q", one.Title, f.Title)
			}
			one = &merged.Findings[i]
		}
	}
	rules := map[string]bool{}
	for _, f := range tree {
		rules[f.RuleID] = true
	}
	if one == nil || !strings.Contains(one.Title, fmt.Sprintf("+%d related", len(rules)-1)) {
		t.Fatalf("merged finding = %+v", one)
	}
	for id := range techniques {
		if !slices.Contains(one.Techniques, id) {
			t.Errorf("merged finding lost technique %s", id)
		}
	}
	for id := range cited {
		if !slices.ContainsFunc(one.Events, func(e huntflow.EventRef) bool { return e.ID == id }) {
			t.Errorf("merged finding does not cite event %s of a member detection", id)
		}
	}
	for _, f := range tree {
		if !strings.Contains(one.Description, f.RuleID) {
			t.Errorf("merged description does not name rule %s", f.RuleID)
		}
		if !slices.ContainsFunc(one.Detections, func(d huntflow.Detection) bool {
			return d.RuleID == f.RuleID && d.Severity == f.Severity && slices.Equal(d.Techniques, f.Techniques)
		}) {
			t.Errorf("merged finding's detections %+v lack rule %s with its own severity and techniques", one.Detections, f.RuleID)
		}
	}
	if len(one.Detections) != len(rules) {
		t.Errorf("%d detections for %d rules", len(one.Detections), len(rules))
	}
	var alone int
	for _, f := range merged.Findings {
		if f.ProcessGUID == "{X}" {
			alone++
		}
	}
	if alone == 0 {
		t.Fatal("the unrelated whoami was merged away")
	}
}
