package report

import (
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
)

func f(sev huntflow.Severity, tactics []string, techniques ...string) huntflow.Finding {
	return huntflow.Finding{Severity: sev, Tactics: tactics, Techniques: techniques}
}

func TestThreatLevel(t *testing.T) {
	const (
		info = huntflow.SeverityInformational
		low  = huntflow.SeverityLow
		med  = huntflow.SeverityMedium
		high = huntflow.SeverityHigh
		crit = huntflow.SeverityCritical
	)
	cred := []string{"credential-access"}
	lat := []string{"lateral-movement"}
	exec := []string{"execution"}
	tests := []struct {
		name     string
		findings []huntflow.Finding
		want     huntflow.Severity
	}{
		{"no findings", nil, huntflow.SeverityNone},
		{"finding without severity is still informational", []huntflow.Finding{f(huntflow.SeverityNone, nil)}, info},
		{"max severity", []huntflow.Finding{f(low, exec), f(med, exec), f(low, nil)}, med},
		{"one high credential access", []huntflow.Finding{f(high, cred)}, high},
		{"one high finding with two tactics is one event", []huntflow.Finding{f(high, append(cred, "defense-evasion"))}, high},
		{"high credential access and high lateral movement", []huntflow.Finding{f(high, cred), f(high, lat)}, crit},
		{"high credential access and high execution", []huntflow.Finding{f(high, cred), f(high, exec)}, crit},
		{"high credential access and medium lateral movement", []huntflow.Finding{f(high, cred), f(med, lat)}, high},
		{"two high findings without credential access or lateral movement", []huntflow.Finding{f(high, exec), f(high, []string{"persistence"})}, high},
		{"two high credential access findings are one tactic", []huntflow.Finding{f(high, cred), f(high, cred)}, high},
		{"tactics inferred from techniques", []huntflow.Finding{f(high, nil, "T1003.001"), f(high, nil, "attack.t1021.002")}, crit},
		{"tactic spellings normalised", []huntflow.Finding{f(high, []string{"Credential Access"}), f(high, []string{"TA0008"})}, crit},
		{"critical stays critical", []huntflow.Finding{f(crit, exec)}, crit},
		{"out-of-range severity clamped", []huntflow.Finding{f(huntflow.Severity(42), exec)}, crit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ThreatLevel(tt.findings); got != tt.want {
				t.Errorf("ThreatLevel = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestThreatReason(t *testing.T) {
	_, reason := assessThreat([]huntflow.Finding{f(huntflow.SeverityHigh, []string{"credential-access"}), f(huntflow.SeverityHigh, []string{"lateral-movement"})})
	if !strings.Contains(reason, "credential-access, lateral-movement") || !strings.Contains(reason, "raised from high to critical") {
		t.Errorf("reason %q does not explain the escalation", reason)
	}
}
