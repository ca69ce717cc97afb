package report

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

func TestRecommendations(t *testing.T) {
	mediumOnly := lsassResult()
	mediumOnly.Findings[0].Severity = huntflow.SeverityMedium
	tests := []struct {
		name  string
		r     huntflow.HuntResult
		first string   // prefix of the first, most urgent recommendation
		want  []string // fragments, in this order across the list
		not   []string
	}{
		{"no findings", emptyResult(), "No containment is needed",
			[]string{"telemetry from every expected host", "Credential Guard"}, []string{"Isolate"}},
		{"one LSASS finding", lsassResult(), `Isolate the hosts with high-severity findings ("WS01.corp.local")`,
			[]string{`reset the passwords of "CORP\alice"`, "Hunt for lateral movement", `Restrict the abused Windows binaries ("rundll32.exe")`, "Credential Guard", "Attack Surface Reduction rules in block mode"},
			[]string{"Scope the lateral movement", "Restore and protect logging", "Block and remove"}},
		{"medium finding", mediumOnly, `Triage the findings on "WS01.corp.local"`, nil, []string{"Isolate"}},
		{"intrusion across hosts", multiResult(), `Isolate the hosts with high-severity findings ("WS01.corp.local", "DC01")`,
			[]string{"Treat every credential used on", `Scope the lateral movement from "WS01.corp.local", "DC01"`,
				`Block and remove the suspicious binaries ("C:\Users\alice\Downloads\PsExec.exe", "C:\Windows\PSEXESVC.exe")`,
				"Restore and protect logging", "Run the hunting queries", "Harden LSASS", "script block logging"},
			[]string{"Hunt for lateral movement with the accounts seen"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := Recommendations(tt.r)
			if len(recs) == 0 || !strings.HasPrefix(recs[0], tt.first) {
				t.Fatalf("first recommendation = %q, want prefix %q", recs[0], tt.first)
			}
			last := -1
			for _, w := range tt.want {
				i := slices.IndexFunc(recs, func(r string) bool { return strings.Contains(r, w) })
				switch {
				case i < 0:
					t.Errorf("no recommendation contains %q", w)
				case i < last:
					t.Errorf("%q comes before the recommendation it should follow", w)
				}
				last = max(last, i)
			}
			for _, n := range tt.not {
				if slices.ContainsFunc(recs, func(r string) bool { return strings.Contains(r, n) }) {
					t.Errorf("a recommendation contains %q", n)
				}
			}
		})
	}
}

func TestBinariesToBlockAreNotWindowsOrInstalledSoftware(t *testing.T) {
	mk := func(img string) huntflow.Finding {
		return huntflow.Finding{ID: img, Title: "x", Severity: huntflow.SeverityHigh, Host: "h", Image: img, FirstSeen: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
	recs := Recommendations(huntflow.HuntResult{Findings: []huntflow.Finding{
		mk(`C:\Users\bob\Downloads\payload.exe`),
		mk(`C:\Windows\System32\systeminfo.exe`),
		mk(`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`),
		mk(`C:\Windows\PSEXESVC.exe`),
	}})
	all := strings.Join(recs, "\n")
	var block, restrict string
	for _, r := range recs {
		if strings.HasPrefix(r, "Block and remove") {
			block = r
		}
		if strings.HasPrefix(r, "Restrict the abused") {
			restrict = r
		}
	}
	for _, want := range []string{"payload.exe", "PSEXESVC.exe"} {
		if !strings.Contains(block, want) {
			t.Errorf("block list %q lacks %s", block, want)
		}
	}
	for _, not := range []string{"systeminfo", "msedge"} {
		if strings.Contains(block, not) {
			t.Errorf("block list %q names %s", block, not)
		}
	}
	if !strings.Contains(restrict, "systeminfo.exe") || strings.Contains(all, "msedge.exe\"),") {
		t.Errorf("restrict list %q", restrict)
	}
}

func TestToolSweepLeavesOutWindowsAndInstalledSoftware(t *testing.T) {
	mk := func(img, cmd string) huntflow.Finding {
		return huntflow.Finding{ID: img, Title: "x", Severity: huntflow.SeverityHigh, Host: "h", Image: img, CommandLine: cmd,
			FirstSeen: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
	qs := SentinelQueries(huntflow.HuntResult{Findings: []huntflow.Finding{
		mk(`C:\Users\bob\Downloads\payload.exe`, `payload.exe`),
		mk(`C:\Windows\System32\systeminfo.exe`, `systeminfo`),
		mk(`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, `msedge.exe --type=renderer`),
	}})
	var sweep string
	for _, q := range qs {
		if strings.Contains(q.KQL, "DeviceProcessEvents") && strings.Contains(q.KQL, "payload.exe") {
			sweep = q.KQL
		}
	}
	if sweep == "" {
		t.Fatalf("no tool sweep for payload.exe in %+v", qs)
	}
	if strings.Contains(sweep, "msedge") {
		t.Errorf("the sweep hunts for the browser:\n%s", sweep)
	}
	// systeminfo.exe may appear only beside suspicious command-line terms,
	// never in the by-name list, which would match every Windows host.
	for _, line := range strings.Split(sweep, "\n") {
		if i := strings.Index(line, "FileName in~ ("); i >= 0 {
			list := line[i:]
			list = list[:strings.Index(list, ")")+1]
			if strings.Contains(list, "systeminfo") && !strings.Contains(line, "has_any") {
				t.Errorf("the sweep matches systeminfo.exe by name alone:\n%s", sweep)
			}
			if strings.Contains(list, "payload.exe") && strings.Contains(list, "systeminfo") {
				t.Errorf("systeminfo.exe is swept by name beside the payload:\n%s", sweep)
			}
		}
	}
}

func TestRecommendationsFitTheStack(t *testing.T) {
	r := huntflow.HuntResult{Findings: []huntflow.Finding{{ID: "f", Title: "x", Severity: huntflow.SeverityCritical, Host: "WS01",
		Image: `C:\Users\bob\Downloads\payload.exe`, FirstSeen: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	neutral := strings.Join(Recommendations(r), "\n")
	r.Store = "elasticsearch"
	es := strings.Join(Recommendations(r), "\n")
	for _, want := range []string{"Elastic Defend host isolation", "Elastic Defend blocklist", "Elastic Security custom query rules"} {
		if !strings.Contains(es, want) {
			t.Errorf("Elasticsearch hunt lacks %q:\n%s", want, es)
		}
		if strings.Contains(neutral, want) {
			t.Errorf("embedded-store hunt names %q", want)
		}
	}
	for _, vendor := range []string{"Defender for Endpoint", "Elastic"} {
		if strings.Contains(neutral, vendor) {
			t.Errorf("vendor-neutral advice names %q:\n%s", vendor, neutral)
		}
	}
}
