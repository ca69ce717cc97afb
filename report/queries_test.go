package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
)

// kqlLiterals splits a KQL query into its string literals (decoded) and
// the code around them. ok is false when a literal does not end on its line,
// which is what a value breaking out of its literal looks like.
func kqlLiterals(q string) (lits []string, code string, ok bool) {
	var c strings.Builder
	for i := 0; i < len(q); {
		verbatim := strings.HasPrefix(q[i:], `@"`)
		if !verbatim && q[i] != '"' {
			c.WriteByte(q[i])
			i++
			continue
		}
		j := i + 1
		if verbatim {
			j = i + 2
		}
		var lit strings.Builder
		for {
			if j >= len(q) || q[j] == '\n' {
				return lits, c.String(), false
			}
			if !verbatim && q[j] == '\\' && j+1 < len(q) {
				lit.WriteByte(q[j+1])
				j += 2
				continue
			}
			if q[j] == '"' {
				if verbatim && j+1 < len(q) && q[j+1] == '"' {
					lit.WriteByte('"')
					j += 2
					continue
				}
				break
			}
			lit.WriteByte(q[j])
			j++
		}
		lits = append(lits, lit.String())
		c.WriteString("LIT")
		i = j + 1
	}
	return lits, c.String(), true
}

func TestHuntingQueries(t *testing.T) {
	tests := []struct {
		name string
		r    huntflow.HuntResult
		want []string // fragments some query's KQL must contain
		not  []string // fragments no query may contain
	}{
		{"no findings", emptyResult(), []string{
			`ActionType == "OpenProcessApiCall" and FileName =~ "lsass.exe"`,
			`FileName in~ ("powershell.exe", "pwsh.exe")`,
			"EventID == 1102",
			"EventID == 4688",
		}, []string{"SeenInHunt", "DeviceLogonEvents"}},
		{"one LSASS finding", lsassResult(), []string{
			`| where ProcessCommandLine has_any (@"comsvcs", @"minidump", @"lsass")`,
			`| extend SeenInHunt = InitiatingProcessFileName in~ (@"rundll32.exe")`,
			`| where tostring(split(Computer, ".")[0]) in~ (@"WS01")`,
			"| where EventID in (1, 10)",
			"| where Timestamp between (datetime(2024-05-14T08:00:00Z) .. datetime(2024-05-14T10:16:00Z))",
		}, []string{"DeviceLogonEvents"}},
		{"intrusion across hosts", multiResult(), []string{
			`FileName in~ (@"PsExec.exe", @"PSEXESVC.exe")`,
			"DeviceLogonEvents",
			// Service identities log on everywhere; they are left out.
			`AccountName in~ (@"alice", @"bob")`,
			"EventID == 1102",
			// 1102 is a Security event, not a Sysmon one.
			"| where EventID in (1, 10)\n",
		}, []string{"SYSTEM"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := SentinelQueries(tt.r)
			if len(qs) < minQueries || len(qs) > maxQueries {
				t.Fatalf("got %d queries, want %d to %d", len(qs), minQueries, maxQueries)
			}
			var all []string
			for _, q := range qs {
				if q.Title == "" || q.Purpose == "" || q.Detects == "" || q.KQL == "" {
					t.Errorf("incomplete query %+v", q)
				}
				if slices.Contains(all, q.Title) {
					t.Errorf("duplicate query %q", q.Title)
				}
				if _, _, ok := kqlLiterals(q.KQL); !ok {
					t.Errorf("query %q has an unterminated literal:\n%s", q.Title, q.KQL)
				}
				all = append(all, q.Title)
			}
			kql := ""
			for _, q := range qs {
				kql += q.KQL + "\n"
			}
			for _, w := range tt.want {
				if !strings.Contains(kql, w) {
					t.Errorf("no query contains %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(kql, n) {
					t.Errorf("a query contains %q", n)
				}
			}
			// Kusto is an opt-in dialect of the report.
			rr := tt.r
			rr.Request.QueryLanguages = []string{huntflow.LangSentinel}
			md := render(t, rr)
			for i, q := range qs {
				if !strings.Contains(md, codeBlock("kusto", q.KQL)) || !strings.Contains(md, "**Purpose:** "+text(q.Purpose)+"\n") {
					t.Errorf("report lacks query %d %q", i+1, q.Title)
				}
			}
		})
	}
}

func TestKQLString(t *testing.T) {
	tests := []struct{ in, want string }{
		{`C:\Windows\System32\rundll32.exe`, `@"C:\Windows\System32\rundll32.exe"`},
		{`a"b`, `@"a""b"`},
		{`"`, `@""""`},
		{`x\`, `@"x\"`},
		{"a\nb\r\nc", `@"a b  c"`},
		{"a\x00b", `@"a[U+0000]b"`},
	}
	for _, tt := range tests {
		got := kqlString(tt.in)
		if got != tt.want {
			t.Errorf("kqlString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if lits, _, ok := kqlLiterals(got); !ok || len(lits) != 1 {
			t.Errorf("kqlString(%q) = %s does not parse back as one literal", tt.in, got)
		}
	}
}

func TestHuntingQueriesHostileValues(t *testing.T) {
	// Values built to end a literal and append KQL, in both literal styles,
	// plus a fence to end the Markdown code block.
	evil := `x.exe") | take 1 // " | where 1==1 ` + "\n```\n## Threat Level\nnone"
	r := lsassResult()
	r.Findings[0].Image = `C:\Temp\` + evil
	r.Findings[0].Host = `WS01\"); drop //`
	r.Findings[0].Events[0].Image = r.Findings[0].Image
	r.Findings[0].Events[1].Image = r.Findings[0].Image
	r.Findings[0].Events[1].Host = r.Findings[0].Host
	r.Findings[0].Events[0].Host = r.Findings[0].Host
	qs := SentinelQueries(r)
	found := false
	for _, q := range qs {
		lits, code, ok := kqlLiterals(q.KQL)
		if !ok {
			t.Fatalf("query %q: unterminated literal:\n%s", q.Title, q.KQL)
		}
		for _, frag := range []string{"take 1", "drop", "1==1", "Threat Level"} {
			if strings.Contains(code, frag) {
				t.Errorf("query %q: %q escaped its literal:\n%s", q.Title, frag, q.KQL)
			}
		}
		found = found || slices.Contains(lits, sanitize(evil))
	}
	if !found {
		t.Errorf("no query filters on the image name %q", sanitize(evil))
	}
	md := render(t, r)
	for _, l := range strings.Split(sectionBody(md, "Hunting Queries (KQL)"), "\n") {
		if strings.HasPrefix(l, "## ") {
			t.Errorf("query text created heading %q", l)
		}
	}
}
