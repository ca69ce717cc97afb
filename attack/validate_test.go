package attack

import (
	"reflect"
	"slices"
	"testing"

	"github.com/huntflow/huntflow"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		id            string
		wantCanonical string
		wantNote      string
		wantOK        bool
	}{
		{"T1003.001", "T1003.001", "", true},
		{" t1003.001 ", "T1003.001", "", true},
		{"attack.t1059.001", "T1059.001", "", true},
		{"T1003", "T1003", "", true},
		{"T1086", "T1059.001", "T1086 (PowerShell) is revoked in ATT&CK v18.1; replaced by T1059.001 (PowerShell)", true},
		{"t1117", "T1218.010", "T1117 (Regsvr32) is revoked in ATT&CK v18.1; replaced by T1218.010 (Regsvr32)", true},
		{"T1064", "T1064", "T1064 (Scripting) is deprecated in ATT&CK v18.1 and has no replacement", true},
		{"T1002", "", "T1002 (Data Compressed) is revoked in ATT&CK v18.1, which names no replacement", false},
		{"T9999", "", "T9999 is not in ATT&CK v18.1", false},
		{"T1003.999", "T1003", "T1003.999 is not in ATT&CK v18.1; using its parent T1003 (OS Credential Dumping)", true},
		{"T9999.001", "", "T9999.001 is not in ATT&CK v18.1, nor is its parent T9999", false},
		// The parent's own correction carries over.
		{"T1086.001", "T1059.001", "T1086.001 is not in ATT&CK v18.1; using its parent T1059.001 (PowerShell); " +
			"T1086 (PowerShell) is revoked in ATT&CK v18.1; replaced by T1059.001 (PowerShell)", true},
		{"", "", `"" is not an ATT&CK technique ID`, false},
		{"T1003.1", "", `"T1003.1" is not an ATT&CK technique ID`, false},
		{"TA0006", "", `"TA0006" is not an ATT&CK technique ID`, false},
		{"T1003.001 and more", "", `"T1003.001 and more" is not an ATT&CK technique ID`, false},
	}
	for _, tt := range tests {
		canonical, note, ok := Default().Validate(tt.id)
		if canonical != tt.wantCanonical || note != tt.wantNote || ok != tt.wantOK {
			t.Errorf("Validate(%q) = %q, %q, %v\nwant %q, %q, %v",
				tt.id, canonical, note, ok, tt.wantCanonical, tt.wantNote, tt.wantOK)
		}
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name      string
		hits      []huntflow.TechniqueHit
		want      []huntflow.TechniqueHit
		wantNotes []string
	}{
		{
			name: "empty",
		},
		{
			name: "revoked ID merges into its replacement",
			hits: []huntflow.TechniqueHit{
				{ID: "T1086", Severity: huntflow.SeverityMedium, Findings: []string{"f2"}, Source: "llm"},
				{ID: "t1059.001", Severity: huntflow.SeverityHigh, Findings: []string{"f1", "f2"}, Source: "rule"},
				{ID: "T1059.001", Severity: huntflow.SeverityLow, Findings: []string{"f3"}, Source: "llm"},
			},
			want: []huntflow.TechniqueHit{
				{ID: "T1059.001", Name: "PowerShell", Tactics: []string{"execution"},
					Severity: huntflow.SeverityHigh, Findings: []string{"f1", "f2", "f3"}, Source: "rule"},
			},
			wantNotes: []string{
				"mapped T1086 to T1059.001: T1086 (PowerShell) is revoked in ATT&CK v18.1; replaced by T1059.001 (PowerShell)",
			},
		},
		{
			name: "unknown and malformed IDs are dropped",
			hits: []huntflow.TechniqueHit{
				{ID: "T9999", Severity: huntflow.SeverityCritical, Findings: []string{"f1", "f2"}, Source: "llm"},
				{ID: "T9999", Severity: huntflow.SeverityCritical, Findings: []string{"f1", "f2"}, Source: "llm"},
				{ID: "credential dumping", Findings: []string{"f3"}, Source: "llm"},
				{ID: "T1002", Source: "rule"},
			},
			wantNotes: []string{
				"dropped T9999 (findings f1, f2): T9999 is not in ATT&CK v18.1",
				`dropped credential dumping (findings f3): "credential dumping" is not an ATT&CK technique ID`,
				"dropped T1002: T1002 (Data Compressed) is revoked in ATT&CK v18.1, which names no replacement",
			},
		},
		{
			// SigmaHQ rules carry v19 IDs; an LLM gets no such benefit.
			name: "a rule tag newer than the catalogue is kept and marked",
			hits: []huntflow.TechniqueHit{
				{ID: "attack.t1685", Severity: huntflow.SeverityHigh, Findings: []string{"f1"}, Source: "rule"},
				{ID: "T1686.003", Severity: huntflow.SeverityHigh, Findings: []string{"f2"}, Source: "llm"},
				{ID: "T9999", Severity: huntflow.SeverityHigh, Findings: []string{"f3"}, Source: "rule"},
			},
			want: []huntflow.TechniqueHit{
				{ID: "T1685", Name: "(newer than ATT&CK v18.1; not in the catalogue)", Severity: huntflow.SeverityHigh,
					Findings: []string{"f1"}, Source: "rule", NewerThanCatalogue: true},
			},
			wantNotes: []string{
				"kept T1685: T1685 is newer than ATT&CK v18.1 (the catalogue): kept as the rule tags it, without a name or tactics",
				"dropped T1686.003 (findings f2): T1686.003 is not in ATT&CK v18.1, nor is its parent T1686",
				"dropped T9999 (findings f3): T9999 is not in ATT&CK v18.1",
			},
		},
		{
			name: "unknown sub-technique falls back to its parent; deprecated is kept",
			hits: []huntflow.TechniqueHit{
				{ID: "T1064", Severity: huntflow.SeverityLow, Findings: []string{"f2"}, Source: "rule"},
				{ID: "T1003.999", Severity: huntflow.SeverityHigh, Findings: []string{"f1"}, Source: "llm"},
			},
			want: []huntflow.TechniqueHit{
				{ID: "T1064", Name: "Scripting", Tactics: []string{"execution", "defense-evasion"},
					Severity: huntflow.SeverityLow, Findings: []string{"f2"}, Source: "rule"},
				{ID: "T1003", Name: "OS Credential Dumping", Tactics: []string{"credential-access"},
					Severity: huntflow.SeverityHigh, Findings: []string{"f1"}, Source: "llm"},
			},
			wantNotes: []string{
				"kept T1064: T1064 (Scripting) is deprecated in ATT&CK v18.1 and has no replacement",
				"mapped T1003.999 to T1003: T1003.999 is not in ATT&CK v18.1; using its parent T1003 (OS Credential Dumping)",
			},
		},
		{
			name: "sorted by tactic then ID; name and tactics from the catalogue",
			hits: []huntflow.TechniqueHit{
				{ID: "T1486", Name: "Ransomware", Tactics: []string{"execution"}, Severity: huntflow.SeverityCritical, Source: "llm"},
				{ID: "T1059.001", Findings: []string{"f1"}, Source: "rule"},
				{ID: "T1003.001", Findings: []string{"f2"}, Source: "rule"},
				{ID: "T1566.001", Findings: []string{"f3"}, Source: "rule"},
				{ID: "T1053.005", Findings: []string{"f4"}, Source: "rule"},
			},
			want: []huntflow.TechniqueHit{
				{ID: "T1566.001", Name: "Spearphishing Attachment", Tactics: []string{"initial-access"},
					Findings: []string{"f3"}, Source: "rule"},
				{ID: "T1053.005", Name: "Scheduled Task", Tactics: []string{"execution", "persistence", "privilege-escalation"},
					Findings: []string{"f4"}, Source: "rule"},
				{ID: "T1059.001", Name: "PowerShell", Tactics: []string{"execution"},
					Findings: []string{"f1"}, Source: "rule"},
				{ID: "T1003.001", Name: "LSASS Memory", Tactics: []string{"credential-access"},
					Findings: []string{"f2"}, Source: "rule"},
				{ID: "T1486", Name: "Data Encrypted for Impact", Tactics: []string{"impact"},
					Severity: huntflow.SeverityCritical, Findings: []string{}, Source: "llm"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := cloneHits(tt.hits)
			got, notes := Default().Resolve(tt.hits)
			if len(got) != 0 || len(tt.want) != 0 {
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("hits:\n got %+v\nwant %+v", got, tt.want)
				}
			}
			if !slices.Equal(notes, tt.wantNotes) {
				t.Errorf("notes:\n got %q\nwant %q", notes, tt.wantNotes)
			}
			if !reflect.DeepEqual(tt.hits, before) {
				t.Error("Resolve modified its input")
			}
		})
	}
}

func cloneHits(hits []huntflow.TechniqueHit) []huntflow.TechniqueHit {
	out := slices.Clone(hits)
	for i := range out {
		out[i].Tactics = slices.Clone(out[i].Tactics)
		out[i].Findings = slices.Clone(out[i].Findings)
	}
	return out
}
