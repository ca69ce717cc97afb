package ruleset

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow/attack"
)

func TestCoverage(t *testing.T) {
	dir := writeRules(t, map[string]string{
		"lsass.yml":   rule("00000000-0000-4000-8000-000000000001", "Lsass", "high", "test", "attack.t1003.001"),
		"lsass2.yml":  rule("00000000-0000-4000-8000-000000000002", "Lsass two", "high", "test", "attack.t1003.001", "attack.t1082"),
		"ps.yml":      rule("00000000-0000-4000-8000-000000000003", "Revoked powershell", "high", "test", "attack.t1086"),
		"generic.yml": rule("00000000-0000-4000-8000-000000000004", "Generic scripting", "high", "test", "attack.t1059"),
		"newer.yml":   rule("00000000-0000-4000-8000-000000000005", "Newer", "high", "test", "attack.t1685"),
		"linux.yml":   rule("00000000-0000-4000-8000-000000000006", "Unknown", "high", "test", "attack.t1300"),
	})
	l, err := Load(Source{Dirs: []string{dir}}, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	cat := attack.Default()
	rep := Coverage(l.Rules, cat)
	by := map[string]TechniqueCoverage{}
	for _, tc := range rep.Techniques {
		by[tc.ID] = tc
	}
	tests := []struct {
		id    string
		rules []string
	}{
		{"T1003.001", []string{"Lsass", "Lsass two"}},
		// A sub-technique's rule covers its parent.
		{"T1003", []string{"Lsass", "Lsass two"}},
		{"T1082", []string{"Lsass two"}},
		// The revoked T1086 counts for its replacement T1059.001.
		{"T1059.001", []string{"Revoked powershell"}},
		{"T1059", []string{"Generic scripting", "Revoked powershell"}},
		// A parent tag says nothing about which sub-technique.
		{"T1059.003", nil},
		{"T1003.002", nil},
	}
	for _, tt := range tests {
		if got := by[tt.id].Rules; !slices.Equal(got, tt.rules) {
			t.Errorf("%s covered by %v, want %v", tt.id, got, tt.rules)
		}
	}
	// Active Windows techniques of v18.1: 172 techniques, 300 sub-techniques.
	if rep.Total != 472 || rep.Parents != 172 || rep.Subs != 300 {
		t.Errorf("total %d (%d + %d), want 472 (172 + 300)", rep.Total, rep.Parents, rep.Subs)
	}
	if rep.Covered != 5 || rep.ParentsCovered != 3 || rep.SubsCov != 2 {
		t.Errorf("covered %d (%d + %d), want 5 (3 + 2)", rep.Covered, rep.ParentsCovered, rep.SubsCov)
	}
	if _, ok := by["T1086"]; ok {
		t.Error("revoked technique listed")
	}
	if _, ok := by["T1525"]; ok { // Implant Internal Image: containers and cloud only
		t.Error("non-Windows technique listed")
	}
	if rep.Newer["T1685"] != 1 || rep.Unknown["T1300"] != 1 {
		t.Errorf("newer %v unknown %v", rep.Newer, rep.Unknown)
	}
	// Uncovered: LSA secrets can be seen on the host; a network flood not.
	if v := by["T1003.004"].Visibility; v == nil || !v.Visible() || !slices.Contains(v.Logs, "Sysmon") {
		t.Errorf("T1003.004 visibility %+v", v)
	}
	if v := by["T1498"].Visibility; v == nil || v.Visible() {
		t.Errorf("T1498 visibility %+v", v)
	}
	if by["T1003"].Visibility != nil {
		t.Error("a covered technique carries a visibility verdict")
	}
	var out strings.Builder
	if err := rep.Write(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"5 of 472 Windows techniques covered (ATT&CK v18.1): 3 of 172 techniques, 2 of 300 sub-techniques",
		"T1685 (1 rules)", "uncovered; not in host logs: network floods",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}

	data, err := rep.Layer(cat, "coverage")
	if err != nil {
		t.Fatal(err)
	}
	var layer struct {
		Versions   struct{ Attack string }
		Techniques []struct {
			TechniqueID string
			Tactic      string
			Score       int
		}
		Gradient struct{ MaxValue int }
	}
	if err := json.Unmarshal(data, &layer); err != nil {
		t.Fatal(err)
	}
	scores := map[string]int{}
	for _, lt := range layer.Techniques {
		scores[lt.TechniqueID+"/"+lt.Tactic] = lt.Score
	}
	if scores["T1003/credential-access"] != 2 || scores["T1059/execution"] != 2 || scores["T1082/discovery"] != 1 || len(layer.Techniques) != 5 || layer.Gradient.MaxValue != 2 || layer.Versions.Attack != "18" {
		t.Errorf("layer scores %v, gradient max %d, version %q", scores, layer.Gradient.MaxValue, layer.Versions.Attack)
	}
}

// Every active Windows technique has a visibility verdict, so coverage
// never says "not assessed" for the catalogue it ships with.
func TestVisibilityTableComplete(t *testing.T) {
	for _, tech := range attack.Default().Techniques() {
		if tech.Revoked || tech.Deprecated || !tech.HasPlatform("Windows") {
			continue
		}
		if _, ok := VisibilityOf(tech.ID); !ok {
			t.Errorf("%s %s has no visibility entry", tech.ID, tech.Name)
		}
	}
	for id := range visibility {
		if tech, ok := attack.Default().Lookup(id); !ok || tech.Revoked || tech.Deprecated {
			t.Errorf("visibility entry %s is not an active technique", id)
		}
	}
}
