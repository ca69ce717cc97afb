package detect

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/huntflow/huntflow/internal/testshared"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/ingest"
)

// collectSink keeps what ingest writes.
type collectSink struct {
	mu  sync.Mutex
	evs []*huntflow.Event
}

func (s *collectSink) Write(_ context.Context, batch []huntflow.Event) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range batch {
		e := batch[i]
		s.evs = append(s.evs, &e)
	}
	return len(batch), nil
}

// ingestEvents reads log files and archives the way bin/ingest does.
func ingestEvents(tb testing.TB, paths ...string) []*huntflow.Event {
	tb.Helper()
	var sink collectSink
	if _, err := ingest.Files(context.Background(), &sink, paths, ingest.Options{}); err != nil {
		tb.Fatalf("ingest %v: %v", paths, err)
	}
	return sink.evs
}

// streamDetect feeds evs, sorted, to a session in pages of the given size.
func streamDetect(t testing.TB, d *Detector, w huntflow.Window, evs []*huntflow.Event, page int) huntflow.Classification {
	t.Helper()
	ctx := context.Background()
	s := d.NewSession(w)
	sorted := inTimeOrder(evs)
	for i := 0; i < len(sorted); i += page {
		if err := s.Add(ctx, sorted[i:min(i+page, len(sorted))]); err != nil {
			t.Fatal(err)
		}
	}
	cls, err := s.Finish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return cls
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSameFindingsOnAnyCoreCount: rule matching runs on every core, and the
// findings, their IDs and order do not depend on how many there are, nor
// on how the window is cut into pages.
func TestSameFindingsOnAnyCoreCount(t *testing.T) {
	sets := []struct {
		name  string
		rules string // extra rule folder under ../shared, or ""
		evs   func(t *testing.T) []*huntflow.Event
	}{
		{"testdata", "", func(t *testing.T) []*huntflow.Event {
			return slices.Concat(fixture(t, "lsass_campaign.jsonl"), fixture(t, "mimikatz_empire.jsonl"), fixture(t, "benign.jsonl"))
		}},
		{"testdata with SigmaHQ", "sigma/rules/windows", func(t *testing.T) []*huntflow.Event {
			return slices.Concat(fixture(t, "lsass_campaign.jsonl"), fixture(t, "mimikatz_empire.jsonl"), fixture(t, "benign.jsonl"))
		}},
		{"LSASS_campaign_01", "", func(t *testing.T) []*huntflow.Event {
			return ingestEvents(t, testshared.Path(t, "corpus/datasets/compound/LSASS_campaign_01"))
		}},
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			d := defaultDetector(t)
			if set.rules != "" {
				var err error
				if d, _, err = FromDir(testshared.Path(t, set.rules)); err != nil {
					t.Fatal(err)
				}
			}
			evs := set.evs(t)
			w := span(evs)
			one := New(d.Rules(), Options{Workers: 1})
			want, err := one.Detect(context.Background(), w, evs)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Findings) == 0 && set.name != "testdata" {
				t.Fatalf("no findings over %d events: nothing to compare", len(evs))
			}
			wantJSON := mustJSON(t, want)
			for _, procs := range []int{1, 2, 8} {
				runtime.GOMAXPROCS(procs)
				for _, page := range []int{97, 1000, len(evs)} {
					got := streamDetect(t, d, w, evs, page)
					if mustJSON(t, got) != wantJSON {
						t.Errorf("GOMAXPROCS %d, pages of %d: classification differs from one worker's (%d vs %d findings)",
							procs, page, len(got.Findings), len(want.Findings))
					}
				}
			}
			// More workers than cores, and Detect itself.
			runtime.GOMAXPROCS(1)
			many := New(d.Rules(), Options{Workers: 8})
			if got, _ := many.Detect(context.Background(), w, evs); mustJSON(t, got) != wantJSON {
				t.Error("8 workers on one core: classification differs")
			}
		})
	}
}

// TestDetectorIsSafeForConcurrentUse runs sessions of one detector side by
// side (go test -race checks the sharing).
func TestDetectorIsSafeForConcurrentUse(t *testing.T) {
	evs := slices.Concat(fixture(t, "lsass_campaign.jsonl"), fixture(t, "mimikatz_empire.jsonl"), fixture(t, "benign.jsonl"))
	d := New(defaultDetector(t).Rules(), Options{Workers: 4})
	w := span(evs)
	want := mustJSON(t, streamDetect(t, d, w, evs, 50))
	var wg sync.WaitGroup
	results := make([]string, 4)
	for i := range results {
		wg.Go(func() {
			cls, err := d.Detect(context.Background(), w, evs)
			if err != nil {
				t.Error(err)
				return
			}
			results[i] = mustJSON(t, cls)
		})
	}
	wg.Wait()
	for i, got := range results {
		if got != want {
			t.Errorf("concurrent run %d differs", i)
		}
	}
}

func TestSessionMisuse(t *testing.T) {
	d := defaultDetector(t)
	s := d.NewSession(huntflow.Window{Start: t0, End: t0.Add(time.Hour)})
	if _, err := s.Finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(context.Background(), []*huntflow.Event{lsassAccess("{A}", 1)}); err == nil {
		t.Error("Add after Finish succeeded")
	}
	if _, err := s.Finish(context.Background()); err == nil {
		t.Error("second Finish succeeded")
	}
}

const whoamiRule = "30946e2b-f11b-464e-b59c-812a8e3ab590"

// sysmonStart and securityStart are one process start as each log
// records it.
func sysmonStart(id string, at time.Duration, host string, pid int64, image, cmd string) *huntflow.Event {
	return &huntflow.Event{
		ID: id, Time: t0.Add(at), Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1, Host: host,
		ProcessGUID: "{" + id + "}", ProcessID: pid, Image: image, CommandLine: cmd,
		ParentProcessGUID: "{parent}", ParentProcessID: 700, ParentImage: `C:\Windows\System32\cmd.exe`,
		User: `CORP\bob`, Fields: map[string]string{"Image": image, "CommandLine": cmd, "ParentImage": `C:\Windows\System32\cmd.exe`},
	}
}

func securityStart(id string, at time.Duration, host string, pid int64, image, cmd string) *huntflow.Event {
	return &huntflow.Event{
		ID: id, Time: t0.Add(at), Channel: "Security", EventID: 4688, Host: host,
		ProcessID: pid, Image: image, CommandLine: cmd, ParentProcessID: 700, ParentImage: `C:\Windows\System32\cmd.exe`,
		User: `CORP\bob`, Fields: map[string]string{
			"NewProcessName": image, "NewProcessId": fmt.Sprintf("0x%x", pid), "CommandLine": cmd,
			"ParentProcessName": `C:\Windows\System32\cmd.exe`, "ProcessId": "0x2bc",
		},
	}
}

// TestOneLaunchOneDetection: a process start logged by Sysmon (1) and by
// Security (4688) is one detection citing both records and counting once;
// look-alikes that are two starts stay two.
func TestOneLaunchOneDetection(t *testing.T) {
	const (
		whoami = `C:\Windows\System32\whoami.exe`
		cmd    = `whoami /all`
	)
	sysmon := sysmonStart("sys", 0, "WS01.corp.local", 4242, whoami, cmd)
	tests := []struct {
		name     string
		security *huntflow.Event
		one      bool
	}{
		{"Security 300ms after Sysmon", securityStart("sec", 300*time.Millisecond, "WS01.corp.local", 4242, whoami, cmd), true},
		{"Security 400ms before Sysmon", securityStart("sec", -400*time.Millisecond, "WS01.corp.local", 4242, whoami, cmd), true},
		{"host and path in other case", securityStart("sec", 10*time.Millisecond, "ws01.CORP.local", 4242, `C:\WINDOWS\system32\WHOAMI.EXE`, cmd), true},
		{"PIDs differ", securityStart("sec", 300*time.Millisecond, "WS01.corp.local", 4243, whoami, cmd), false},
		{"ten minutes apart (PID reused)", securityStart("sec", 10*time.Minute, "WS01.corp.local", 4242, whoami, cmd), false},
		{"just over a second apart", securityStart("sec", 1100*time.Millisecond, "WS01.corp.local", 4242, whoami, cmd), false},
		{"other image", securityStart("sec", 300*time.Millisecond, "WS01.corp.local", 4242, `C:\Windows\System32\cmd.exe`, `cmd /c whoami`), false},
		{"other host", securityStart("sec", 300*time.Millisecond, "WS02.corp.local", 4242, whoami, cmd), false},
	}
	d := perRuleDetector(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := []*huntflow.Event{sysmon, tt.security}
			// Both page cuts: the pair in one page, and split across two.
			for _, page := range []int{2, 1} {
				cls := streamDetect(t, d, span(evs), evs, page)
				var fs []huntflow.Finding
				for _, f := range cls.Findings {
					if f.RuleID == whoamiRule {
						fs = append(fs, f)
					}
				}
				if !tt.one {
					if len(fs) != 2 || fs[0].EventCount != 1 || fs[1].EventCount != 1 {
						t.Fatalf("pages of %d: %d whoami findings %v, want two of one event each", page, len(fs), fs)
					}
					continue
				}
				if len(fs) != 1 {
					t.Fatalf("pages of %d: %d whoami findings, want one", page, len(fs))
				}
				f := fs[0]
				var cited []string
				for _, e := range f.Events {
					cited = append(cited, e.ID)
				}
				slices.Sort(cited)
				if !slices.Equal(cited, []string{"sec", "sys"}) {
					t.Errorf("cites %v, want both records", cited)
				}
				if f.EventCount != 1 || f.Confidence != Confidence(f.Severity, 1) {
					t.Errorf("count %d confidence %v, want one occurrence (%v)", f.EventCount, f.Confidence, Confidence(f.Severity, 1))
				}
				// Described from Sysmon's record, the richer one.
				first := sysmon.Time
				if tt.security.Time.Before(first) {
					first = tt.security.Time
				}
				if f.ProcessGUID != "{sys}" || !f.FirstSeen.Equal(first) {
					t.Errorf("finding on %q first seen %v", f.ProcessGUID, f.FirstSeen)
				}
			}
		})
	}
}

// TestOneLaunchStacksOnce: a rare child logged by both Sysmon and Security
// is still seen once, so its pair stays rare; a second real start of it is
// not rare any more.
func TestOneLaunchStacksOnce(t *testing.T) {
	const (
		excel = `C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE`
		// A rare child no rule knows, so only stacking can report it.
		certreq = `C:\Program Files\Contoso\Reports\export.exe`
		cmdline = `export.exe --sheet c:\users\bob\budget.xlsx`
	)
	launch := func(fn func(string, time.Duration, string, int64, string, string) *huntflow.Event, id string, at time.Duration, pid int64) *huntflow.Event {
		e := fn(id, at, "WS01", pid, certreq, cmdline)
		e.ParentImage = excel
		e.Fields["ParentImage"], e.Fields["ParentProcessName"] = excel, excel
		return e
	}
	stacked := func(evs ...*huntflow.Event) []huntflow.Finding {
		var out []huntflow.Finding
		for _, f := range streamDetect(t, defaultDetector(t), span(evs), evs, 1).Findings {
			if f.Source == "stacking" {
				out = append(out, f)
			}
		}
		return out
	}
	once := stacked(launch(sysmonStart, "sys", 0, 5000), launch(securityStart, "sec", 200*time.Millisecond, 5000))
	if len(once) != 1 || once[0].ProcessGUID != "{sys}" {
		t.Fatalf("one launch logged twice: stacking findings %v, want one on Sysmon's record", once)
	}
	twice := stacked(launch(sysmonStart, "sys", 0, 5000), launch(securityStart, "sec", 200*time.Millisecond, 5000),
		launch(sysmonStart, "sys2", time.Minute, 5100))
	if len(twice) != 0 {
		t.Errorf("two launches: stacking findings %v, want none", twice)
	}
}
