package ruleset

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/attack"
)

// rule renders a minimal process-creation rule.
func rule(id, title, level, status string, tags ...string) string {
	var b strings.Builder
	b.WriteString("title: " + title + "\n")
	if id != "" {
		b.WriteString("id: " + id + "\n")
	}
	if status != "" {
		b.WriteString("status: " + status + "\n")
	}
	if level != "" {
		b.WriteString("level: " + level + "\n")
	}
	if len(tags) > 0 {
		b.WriteString("tags: [" + strings.Join(tags, ", ") + "]\n")
	}
	b.WriteString("logsource: {category: process_creation, product: windows}\ndetection:\n  sel: {Image|endswith: '\\" + strings.ReplaceAll(strings.ToLower(title), " ", "") + ".exe'}\n  condition: sel\n")
	return b.String()
}

func writeRules(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var levelled = map[string]string{
	"a.yml": rule("00000000-0000-4000-8000-00000000000a", "Alpha", "informational", "stable", "attack.t1082"),
	"b.yml": rule("00000000-0000-4000-8000-00000000000b", "Bravo", "medium", "test", "attack.t1057"),
	"c.yml": rule("00000000-0000-4000-8000-00000000000c", "Charlie", "high", "experimental", "attack.t1003.001"),
	"d.yml": rule("00000000-0000-4000-8000-00000000000d", "Delta", "critical", "deprecated", "attack.t1003.002"),
	"e.yml": rule("00000000-0000-4000-8000-00000000000e", "Echo", "high", "unsupported"),
	"f.yml": rule("00000000-0000-4000-8000-00000000000f", "Foxtrot", "", ""),
	"correlation.yml": `title: Bravo twice
id: 00000000-0000-4000-8000-0000000000c1
correlation:
  type: event_count
  rules: [00000000-0000-4000-8000-00000000000b]
  group-by: [Computer]
  timespan: 5m
  condition: {gte: 2}
level: high
`,
}

func TestFilter(t *testing.T) {
	dir := writeRules(t, levelled)
	tests := []struct {
		minLevel, status string
		want             []string
		correlations     int
	}{
		// Default: no deprecated or unsupported; no level limit; a rule
		// without status counts as experimental.
		{"", "", []string{"Alpha", "Bravo", "Charlie", "Foxtrot"}, 1},
		{"medium", "", []string{"Bravo", "Charlie"}, 1},
		// Foxtrot has no level: it counts as low.
		{"low", "", []string{"Bravo", "Charlie", "Foxtrot"}, 1},
		{"", "stable,test", []string{"Alpha", "Bravo"}, 1},
		// Bravo left out: its correlation goes too, reported.
		{"high", "all", []string{"Charlie", "Delta", "Echo"}, 0},
		{"", "all", []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.minLevel+"/"+tt.status, func(t *testing.T) {
			f, err := ParseFilter(tt.minLevel, tt.status)
			if err != nil {
				t.Fatal(err)
			}
			l, err := Load(Source{Dirs: []string{dir}}, f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range l.Rules.Rules() {
				got = append(got, r.Title)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) || len(l.Rules.Correlations()) != tt.correlations {
				t.Errorf("kept %v and %d correlations, want %v and %d", got, len(l.Rules.Correlations()), tt.want, tt.correlations)
			}
			if l.Excluded != 6-len(tt.want) {
				t.Errorf("excluded %d, want %d", l.Excluded, 6-len(tt.want))
			}
			if tt.correlations == 0 && len(l.Errors) == 0 {
				t.Error("correlation left without its rule is not reported")
			}
		})
	}
	for _, bad := range [][2]string{{"severe", ""}, {"", "beta"}, {"", "stable,,test"}} {
		if _, err := ParseFilter(bad[0], bad[1]); err == nil {
			t.Errorf("ParseFilter(%q, %q) accepted", bad[0], bad[1])
		}
	}
}

func TestLoadShippedSummary(t *testing.T) {
	l, err := Load(Source{Shipped: true}, Filter{MinLevel: huntflow.SeverityHigh})
	if err != nil {
		t.Fatal(err)
	}
	byLevel := l.ByLevel()
	total := 0
	for _, lc := range byLevel {
		total += lc.Rules
		if (lc.Level == "low" || lc.Level == "medium" || lc.Level == "informational") && lc.Rules != 0 {
			t.Errorf("min level high kept %d %s rules", lc.Rules, lc.Level)
		}
	}
	if total == 0 || total != len(l.Rules.Rules()) || l.Excluded == 0 {
		t.Errorf("by level %v (total %d) for %d rules, %d excluded", byLevel, total, len(l.Rules.Rules()), l.Excluded)
	}
	if s := l.Summary(); !strings.Contains(s, "left out by the filter (level >= high") {
		t.Errorf("summary %q", s)
	}
	if _, err := Load(Source{Dirs: []string{filepath.Join(t.TempDir(), "missing")}}, Filter{}); err == nil {
		t.Error("missing rule folder accepted")
	}
}

func TestCheck(t *testing.T) {
	dir := writeRules(t, map[string]string{
		"good.yml":      rule("00000000-0000-4000-8000-000000000001", "Good", "high", "test", "attack.t1003.001", "attack.credential-access"),
		"dup1.yml":      rule("00000000-0000-4000-8000-0000000000d0", "Original", "high", "test"),
		"dup2.yml":      rule("00000000-0000-4000-8000-0000000000d0", "Duplicate", "high", "test"),
		"broken.yml":    "title: Broken\nlogsource: {product: windows}\ndetection: {condition: nothing}\n",
		"yaml.yml":      "title: [unclosed\n",
		"unknown.yml":   rule("00000000-0000-4000-8000-000000000002", "Unknown tag", "high", "test", "attack.t1300"),
		"revoked.yml":   rule("00000000-0000-4000-8000-000000000003", "Revoked tag", "high", "test", "attack.t1086"),
		"newer.yml":     rule("00000000-0000-4000-8000-000000000004", "Newer tag", "high", "test", "attack.t1685"),
		"noid.yml":      rule("", "No id", "medium", "test"),
		"badlevel.yml":  rule("00000000-0000-4000-8000-000000000005", "Bad level", "severe", "test"),
		"deprecat.yml":  rule("00000000-0000-4000-8000-000000000006", "Deprecated tag", "low", "test", "attack.t1064"),
		".git/ci.yml":   "not: a rule\n",
		"notes/read.md": "# not YAML\n",
	})
	rep, err := Check(dir, attack.Default())
	if err != nil {
		t.Fatal(err)
	}
	has := func(isErr bool, path, text string) bool {
		return slices.ContainsFunc(rep.Problems, func(p Problem) bool {
			return p.Error == isErr && strings.HasSuffix(p.Path, path) && strings.Contains(p.Msg, text)
		})
	}
	for _, want := range []struct {
		err        bool
		path, text string
	}{
		{true, "dup2.yml", "duplicate id 00000000-0000-4000-8000-0000000000d0 (first in dup1.yml)"},
		{true, "broken.yml", "not loaded: "},
		{true, "yaml.yml", "not loaded: "},
		{true, "unknown.yml", "ATT&CK tag T1300 is unknown to ATT&CK v18.1"},
		{true, "revoked.yml", "T1086 (PowerShell) is revoked: use T1059.001"},
		{false, "newer.yml", "T1685 is newer than the catalogue"},
		{false, "noid.yml", "no id"},
		{true, "badlevel.yml", `level "severe" is not a Sigma level`},
		{false, "deprecat.yml", "T1064 (Scripting) is deprecated"},
	} {
		if !has(want.err, want.path, want.text) {
			t.Errorf("no %v problem %q in %s; problems:\n%v", want.err, want.text, want.path, rep.Problems)
		}
	}
	if rep.Errors() != 6 || has(true, "good.yml", "") || has(false, "good.yml", "") {
		t.Errorf("%d errors (want 6), or a problem with good.yml: %v", rep.Errors(), rep.Problems)
	}
	if _, err := Check(filepath.Join(dir, "nope"), attack.Default()); err == nil {
		t.Error("missing folder checked")
	}
}

func TestListShipped(t *testing.T) {
	l, err := Load(Source{Shipped: true}, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	li := List(l.Rules)
	sum := func(cs []Count) int {
		n := 0
		for _, c := range cs {
			n += c.Rules
		}
		return n
	}
	if li.Rules == 0 || sum(li.ByLevel) != li.Rules || sum(li.ByStatus) != li.Rules || sum(li.ByLogsource) != li.Rules {
		t.Errorf("listing %+v does not add up to %d rules", li, li.Rules)
	}
	if li.ByLogsource[0].Value != "windows/process_creation" {
		t.Errorf("most common logsource %q", li.ByLogsource[0].Value)
	}
	var b strings.Builder
	if err := li.Write(&b, l.Rules.Rules()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "by level:\n  critical") || strings.Count(b.String(), "\n") < li.Rules {
		t.Errorf("listing:\n%s", b.String())
	}
}
