package attack

import (
	"reflect"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	c := Default()
	if c != Default() {
		t.Error("Default builds a new catalogue on every call")
	}
	if c.Version() != "18.1" {
		t.Errorf("Version = %q, want 18.1", c.Version())
	}
}

func TestLookup(t *testing.T) {
	lsass := Technique{
		ID:        "T1003.001",
		Name:      "LSASS Memory",
		Tactics:   []string{"credential-access"},
		Parent:    "T1003",
		Platforms: []string{"Windows"},
		Mitigations: []Mitigation{
			{"M1017", "User Training"},
			{"M1025", "Privileged Process Integrity"},
			{"M1026", "Privileged Account Management"},
			{"M1027", "Password Policies"},
			{"M1028", "Operating System Configuration"},
			{"M1040", "Behavior Prevention on Endpoint"},
			{"M1043", "Credential Access Protection"},
		},
		URL: "https://attack.mitre.org/techniques/T1003/001",
	}
	tests := []struct {
		id     string
		want   Technique
		wantOK bool
	}{
		{"T1003.001", lsass, true},
		{"  t1003.001\n", lsass, true},
		{"attack.t1003.001", lsass, true},
		{"T1053.005", Technique{
			ID: "T1053.005", Name: "Scheduled Task", Parent: "T1053",
			// Matrix order, not the bundle's order.
			Tactics: []string{"execution", "persistence", "privilege-escalation"},
			Mitigations: []Mitigation{
				{"M1018", "User Account Management"},
				{"M1026", "Privileged Account Management"},
				{"M1028", "Operating System Configuration"},
				{"M1047", "Audit"},
			},
			Platforms: []string{"Windows"},
			URL:       "https://attack.mitre.org/techniques/T1053/005",
		}, true},
		{"T1086", Technique{
			ID: "T1086", Name: "PowerShell", Tactics: []string{"execution"},
			Revoked: true, ReplacedBy: "T1059.001", Platforms: []string{"Windows"},
			URL: "https://attack.mitre.org/techniques/T1086",
		}, true},
		{"T1064", Technique{
			ID: "T1064", Name: "Scripting", Tactics: []string{"execution", "defense-evasion"},
			Deprecated: true, Platforms: []string{"Linux", "macOS", "Windows"}, URL: "https://attack.mitre.org/techniques/T1064",
		}, true},
		{"T9999", Technique{}, false},
		{"T1003.999", Technique{}, false},
		{"", Technique{}, false},
	}
	for _, tt := range tests {
		got, ok := Default().Lookup(tt.id)
		if ok != tt.wantOK || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Lookup(%q) = %+v, %v\nwant %+v, %v", tt.id, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestLookupDoesNotShareState(t *testing.T) {
	c := Default()
	a, _ := c.Lookup("T1003.001")
	a.Tactics[0] = "impact"
	a.Mitigations[0].Name = "changed"
	b, _ := c.Lookup("T1003.001")
	if b.Tactics[0] != "credential-access" || b.Mitigations[0].Name != "User Training" {
		t.Errorf("changing a looked-up technique changed the catalogue: %+v", b)
	}
	tactics := c.Tactics()
	tactics[0].Name = "changed"
	if c.Tactics()[0].Name != "Reconnaissance" {
		t.Error("changing Tactics' result changed the catalogue")
	}
}

func TestTactics(t *testing.T) {
	want := []string{
		"reconnaissance", "resource-development", "initial-access", "execution",
		"persistence", "privilege-escalation", "defense-evasion", "credential-access",
		"discovery", "lateral-movement", "collection", "command-and-control",
		"exfiltration", "impact",
	}
	var got []string
	for _, tac := range Default().Tactics() {
		got = append(got, tac.ShortName)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tactics = %v\nwant %v", got, want)
	}
}

func TestTactic(t *testing.T) {
	credAccess := Tactic{ID: "TA0006", ShortName: "credential-access", Name: "Credential Access"}
	tests := []struct {
		name   string
		want   Tactic
		wantOK bool
	}{
		{"credential-access", credAccess, true},
		{" Credential-Access ", credAccess, true},
		{"TA0006", credAccess, true},
		{"ta0006", credAccess, true},
		{"credential access", credAccess, true},
		{"reconnaissance", Tactic{ID: "TA0043", ShortName: "reconnaissance", Name: "Reconnaissance"}, true},
		{"benign", Tactic{}, false},
		{"", Tactic{}, false},
	}
	for _, tt := range tests {
		got, ok := Default().Tactic(tt.name)
		if ok != tt.wantOK || got != tt.want {
			t.Errorf("Tactic(%q) = %+v, %v; want %+v, %v", tt.name, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestNewCatalogueRejectsInconsistentTables(t *testing.T) {
	tactics := []genTactic{{"TA0002", "execution", "Execution"}}
	mitigations := []genMitigation{{"M1001", "One"}}
	tests := []struct {
		name string
		rows []genTechnique
		want string
	}{
		{"unknown tactic", []genTechnique{{id: "T1001", name: "A", tactics: "TA0099"}}, "unknown tactic TA0099"},
		{"unknown mitigation", []genTechnique{{id: "T1001", name: "A", mitigations: "M1999"}}, "unknown mitigation M1999"},
		{"unknown parent", []genTechnique{{id: "T1001.001", name: "A", parent: "T1001"}}, "unknown parent T1001"},
		{"unknown replacement", []genTechnique{{id: "T1001", name: "A", flags: genRevoked, replacedBy: "T1002"}}, "unknown replacement T1002"},
		{"duplicate", []genTechnique{{id: "T1001", name: "A"}, {id: "T1001", name: "B"}}, "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newCatalogue("1.0", tactics, mitigations, tt.rows)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("newCatalogue error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	c, err := newCatalogue("1.0", tactics, mitigations, []genTechnique{
		{id: "T1001", name: "A", tactics: "TA0002", mitigations: "M1001"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.Lookup("T1001")
	want := Technique{ID: "T1001", Name: "A", Tactics: []string{"execution"},
		Mitigations: []Mitigation{{"M1001", "One"}}, URL: "https://attack.mitre.org/techniques/T1001"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Lookup = %+v, want %+v", got, want)
	}
}

func TestNewer(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"T1685", true},            // v19's split of Impair Defenses
		{"attack.t1686.003", true}, // a sub-technique of a newer technique
		{"T1681", false},           // known to v18.1
		{"T1562.013", false},       // unknown sub-technique of a known parent: Validate maps it
		{"T1300", false},           // unknown, but in the numbered range: not newer, just wrong
		{"T16850", false},          // malformed
		{"", false},
	}
	for _, tt := range tests {
		if got := Default().Newer(tt.id); got != tt.want {
			t.Errorf("Newer(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestPlatforms(t *testing.T) {
	var windows, all int
	for _, tech := range Default().Techniques() {
		all++
		if tech.HasPlatform("windows") {
			windows++
		}
	}
	// v18.1: 835 techniques, 577 of them (revoked and deprecated included)
	// on Windows.
	if all != 835 || windows != 577 {
		t.Errorf("%d techniques, %d on Windows; want 835 and 577", all, windows)
	}
}
