package conformance

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/sigma"
)

// sigmaDir is SigmaHQ's material, next to the repository.
const sigmaDir = "../../shared/sigma"

// ruleFolders are the SigmaHQ rule trees a regression test's rule may be in.
var ruleFolders = []string{"rules", "rules-emerging-threats", "rules-threat-hunting"}

// needShared skips a test when the SigmaHQ material is absent, except in
// CI, where its absence is a failure.
func needShared(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing in CI: %v", path, err)
		}
		t.Skipf("%s not present: %v", path, err)
	}
}

// info is a regression test's info.yml.
type info struct {
	RuleMetadata []struct {
		ID    string `yaml:"id"`
		Title string `yaml:"title"`
	} `yaml:"rule_metadata"`
	Tests []struct {
		Name       string `yaml:"name"`
		Type       string `yaml:"type"`
		MatchCount *int   `yaml:"match_count"`
		Path       string `yaml:"path"`
	} `yaml:"regression_tests_info"`
}

// memSink keeps what ingest writes.
type memSink struct {
	mu  sync.Mutex
	evs []huntflow.Event
}

func (s *memSink) Write(_ context.Context, b []huntflow.Event) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.evs = append(s.evs, b...)
	return len(b), nil
}

// readEvents reads a file through huntflow's ingest, as `ingest` would.
func readEvents(t *testing.T, path string) []huntflow.Event {
	t.Helper()
	var sink memSink
	sum, err := ingest.Files(context.Background(), &sink, []string{path}, ingest.Options{})
	if err != nil {
		t.Fatalf("ingest %s: %v", path, err)
	}
	if sum.Bad > 0 || len(sum.FileErrors) > 0 {
		t.Errorf("ingest %s: %d bad (%v), file errors %v", path, sum.Bad, sum.BadLines, sum.FileErrors)
	}
	return sink.evs
}

// loadAllRules loads every SigmaHQ rule tree into one rule set, so that a
// test's rule is found whichever tree holds it and is matched through the
// same logsource index a hunt uses.
func loadAllRules(t *testing.T) (*sigma.RuleSet, map[string]*sigma.Rule) {
	t.Helper()
	all := &sigma.Collection{}
	for _, dir := range ruleFolders {
		root := filepath.Join(sigmaDir, dir)
		if _, err := os.Stat(root); err != nil {
			continue
		}
		c, lerrs, err := sigma.LoadCollection(os.DirFS(root), ".")
		if err != nil {
			t.Fatalf("load %s: %v", root, err)
		}
		for _, e := range lerrs {
			t.Logf("not loaded: %s/%s", dir, e.Error())
		}
		all.Rules = append(all.Rules, c.Rules...)
		all.Correlations = append(all.Correlations, c.Correlations...)
		all.Filters = append(all.Filters, c.Filters...)
	}
	rs, err := sigma.NewRuleSetFrom(all)
	if err != nil {
		t.Logf("rule set: %v", err)
	}
	byID := map[string]*sigma.Rule{}
	for _, r := range rs.Rules() {
		byID[r.ID] = r
	}
	return rs, byID
}

// TestSigmaHQConformance runs SigmaHQ's positive regression tests: each
// names a rule and a log of real events the rule must fire on. The events
// are read through huntflow's ingest, from the .evtx log and from its JSON
// rendering, and matched by huntflow's engine through the rule set's
// logsource index. A rule that fires a different number of times than the
// test says is listed, not failed: SigmaHQ's runner requires only that the
// rule fires.
func TestSigmaHQConformance(t *testing.T) {
	regr := filepath.Join(sigmaDir, "regression_data")
	needShared(t, regr)
	rs, byID := loadAllRules(t)

	var infos []string
	err := filepath.WalkDir(regr, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "info.yml" {
			infos = append(infos, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) < 150 {
		t.Fatalf("%d regression tests under %s, expected about 200", len(infos), regr)
	}
	slices.Sort(infos)

	var mu sync.Mutex
	var fired, tests int
	var countDiffs []string
	for _, ip := range infos {
		dir := filepath.Dir(ip)
		name, _ := filepath.Rel(regr, dir)
		b, err := os.ReadFile(ip)
		if err != nil {
			t.Fatal(err)
		}
		var in info
		if err := yaml.Unmarshal(b, &in); err != nil {
			t.Errorf("%s: %v", ip, err)
			continue
		}
		if len(in.RuleMetadata) == 0 || len(in.Tests) == 0 {
			t.Errorf("%s: no rule or no test", ip)
			continue
		}
		for _, rm := range in.RuleMetadata {
			rule := byID[rm.ID]
			for _, tc := range in.Tests {
				if tc.Type != "evtx" {
					t.Logf("%s: test type %q not run", name, tc.Type)
					continue
				}
				// Paths are relative to the SigmaHQ repository's root.
				evtxPath := filepath.Join(sigmaDir, filepath.FromSlash(tc.Path))
				for _, src := range []string{evtxPath, strings.TrimSuffix(evtxPath, ".evtx") + ".json"} {
					kind := strings.TrimPrefix(filepath.Ext(src), ".")
					t.Run(name+"/"+kind, func(t *testing.T) {
						if rule == nil {
							t.Fatalf("rule %s (%s) is not in %v or did not load", rm.ID, rm.Title, ruleFolders)
						}
						evs := readEvents(t, src)
						if len(evs) == 0 {
							t.Fatalf("no events in %s", src)
						}
						n := 0
						for i := range evs {
							ev := &evs[i]
							rs.Match(ev, ev.Channel, ev.EventID, func(r *sigma.Rule) {
								if r == rule {
									n++
								}
							})
						}
						mu.Lock()
						tests++
						if n > 0 {
							fired++
						}
						if tc.MatchCount != nil && n > 0 && n != *tc.MatchCount {
							countDiffs = append(countDiffs, fmt.Sprintf("%s (%s): rule fired %d times, the test says %d", name, kind, n, *tc.MatchCount))
						}
						mu.Unlock()
						if n == 0 {
							t.Errorf("rule %q (%s, %s) did not fire on the %d events of %s%s",
								rule.Title, rule.ID, rule.Path, len(evs), src, diagnose(rule, evs))
						}
					})
				}
			}
		}
	}
	for _, d := range countDiffs {
		t.Log("match count differs:", d)
	}
	t.Logf("%d of %d regression runs fired their rule (%d regression tests, .evtx and JSON each)", fired, tests, len(infos))
}

// diagnose says why a rule did not fire: its logsource does not cover the
// events (the index never offered them), or its detection does not match.
func diagnose(r *sigma.Rule, evs []huntflow.Event) string {
	var b strings.Builder
	for i := range evs {
		ev := &evs[i]
		applies := sigma.Applies(r.Logsource, ev.Channel, ev.EventID)
		fmt.Fprintf(&b, "\n  event %d: channel %q, EventID %d, logsource %+v applies: %v, detection matches: %v",
			i, ev.Channel, ev.EventID, r.Logsource, applies, r.Match(ev))
	}
	return b.String()
}

// TestSigmaHQWindowsRulesLoad loads SigmaHQ's Windows rules: every rule
// must load. Refusals are listed one per line, with the reason.
func TestSigmaHQWindowsRulesLoad(t *testing.T) {
	root := filepath.Join(sigmaDir, "rules", "windows")
	needShared(t, root)
	rs, lerrs, err := sigma.Load(os.DirFS(root), ".")
	if err != nil {
		t.Fatal(err)
	}
	n := len(rs.Rules())
	if n < 2000 {
		t.Errorf("%d rules loaded from %s, expected about 2,400", n, root)
	}
	for _, e := range lerrs {
		var u *sigma.UnsupportedError
		kind := "refused"
		if errors.As(e.Err, &u) {
			kind = "refused (unsupported feature)"
		}
		t.Errorf("%s: %s", kind, e.Error())
	}
	// Rules that load but whose logsource maps to no Windows events can
	// never fire; they are listed, as the engine reports them.
	for _, u := range rs.Unsupported() {
		t.Logf("loaded, cannot match as written: %s", u)
	}
	t.Logf("%d rules loaded, %d refused", n, len(lerrs))
}

// TestEVTXAndJSONRenderingsAgree reads every regression log twice, from the
// .evtx file and from the JSON rendering SigmaHQ made of it: huntflow must
// get the same events with the same fields either way. The renderer trims
// trailing blanks and writes times to the microsecond, and one rendering
// differs from its log in letter case; those differences are tolerated.
func TestEVTXAndJSONRenderingsAgree(t *testing.T) {
	regr := filepath.Join(sigmaDir, "regression_data")
	needShared(t, regr)
	var logs []string
	filepath.WalkDir(regr, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".evtx") {
			logs = append(logs, p)
		}
		return err
	})
	if len(logs) < 150 {
		t.Fatalf("%d .evtx logs under %s, expected about 200", len(logs), regr)
	}
	fields := 0
	for _, l := range logs {
		a := readEvents(t, l)
		b := readEvents(t, strings.TrimSuffix(l, ".evtx")+".json")
		if len(a) != len(b) {
			t.Errorf("%s: %d events from the log, %d from its JSON", l, len(a), len(b))
			continue
		}
		for i := range a {
			x, y := &a[i], &b[i]
			if x.EventID != y.EventID || x.Channel != y.Channel || x.Provider != y.Provider || x.Host != y.Host ||
				x.ProcessID != y.ProcessID || x.ProcessGUID != y.ProcessGUID || x.User != y.User ||
				x.Time.Sub(y.Time).Abs() > time.Microsecond {
				t.Errorf("%s event %d: typed fields differ:\n log  %+v\n json %+v", l, i, x.Ref(), y.Ref())
			}
			for k, v := range y.Fields {
				w, ok := x.Fields[k]
				switch {
				case !ok:
					t.Errorf("%s event %d: %s=%q only in the JSON", l, i, k, v)
				case w == v:
				case strings.EqualFold(strings.TrimRight(w, " "), v):
				case k == "TimeCreated" && closeTimes(w, v):
				default:
					t.Errorf("%s event %d: %s = %q from the log, %q from its JSON", l, i, k, w, v)
				}
			}
			for k, v := range x.Fields {
				if _, ok := y.Fields[k]; !ok {
					t.Errorf("%s event %d: %s=%q only in the log", l, i, k, v)
				}
			}
			fields += len(x.Fields)
		}
	}
	t.Logf("%d logs, %d fields compared", len(logs), fields)
}

func closeTimes(a, b string) bool {
	x, err1 := time.Parse(time.RFC3339Nano, a)
	y, err2 := time.Parse(time.RFC3339Nano, b)
	return err1 == nil && err2 == nil && x.Sub(y).Abs() <= time.Microsecond
}
