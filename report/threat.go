package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

// ThreatLevel rates a hunt from its findings:
//
//   - no findings: none;
//   - otherwise the highest severity among the findings, and at least
//     informational, since something was found;
//   - raised to critical when two or more findings rated high or above
//     together cover at least two ATT&CK tactics, one of which is credential
//     access or lateral movement. Stolen credentials or movement between
//     hosts alongside another high-severity stage of an attack mean an
//     intrusion in progress, not one suspicious event.
//
// A finding's tactics are its Tactics plus those of the techniques it names
// that the report knows, so a rule tagged only with T1003 still counts as
// credential access.
func ThreatLevel(findings []huntflow.Finding) huntflow.Severity {
	level, _ := assessThreat(findings)
	return level
}

// assessThreat returns the threat level and a one-line plain-text reason.
func assessThreat(findings []huntflow.Finding) (huntflow.Severity, string) {
	if len(findings) == 0 {
		return huntflow.SeverityNone, "no detection rule or analyst flagged activity in the hunted windows"
	}
	top := huntflow.SeverityInformational
	var high []huntflow.Finding
	for _, f := range findings {
		s := clampSeverity(f.Severity)
		top = max(top, s)
		if s >= huntflow.SeverityHigh {
			high = append(high, f)
		}
	}
	var tactics []string
	for _, f := range high {
		for _, t := range findingTactics(f) {
			if !slices.Contains(tactics, t) {
				tactics = append(tactics, t)
			}
		}
	}
	slices.Sort(tactics)
	pivotal := slices.Contains(tactics, tacticCredentialAccess) || slices.Contains(tactics, tacticLateralMovement)
	if top < huntflow.SeverityCritical && len(high) >= 2 && len(tactics) >= 2 && pivotal {
		return huntflow.SeverityCritical, fmt.Sprintf(
			"%d high-severity findings span %d tactics (%s), including credential access or lateral movement, which indicates an intrusion in progress, so the level is raised from high to critical",
			len(high), len(tactics), strings.Join(tactics, ", "))
	}
	n := 0
	for _, f := range findings {
		if clampSeverity(f.Severity) == top {
			n++
		}
	}
	reason := fmt.Sprintf("the highest finding severity is %s (%d of %d findings)", top, n, len(findings))
	if len(high) >= 2 && !pivotal {
		reason += "; the high-severity findings show no credential access or lateral movement, so the level is not raised to critical"
	}
	return top, reason
}

func clampSeverity(s huntflow.Severity) huntflow.Severity {
	return min(max(s, huntflow.SeverityNone), huntflow.SeverityCritical)
}

// findingTactics returns the normalised, sorted tactics of a finding.
func findingTactics(f huntflow.Finding) []string {
	var out []string
	add := func(t string) {
		if t = normTactic(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	for _, t := range f.Tactics {
		add(t)
	}
	for _, id := range f.Techniques {
		_, ts := techniqueInfo(id)
		for _, t := range ts {
			add(t)
		}
	}
	slices.Sort(out)
	return out
}

// findingTechniques returns the normalised, sorted, distinct technique IDs of a finding.
func findingTechniques(f huntflow.Finding) []string {
	var out []string
	for _, id := range f.Techniques {
		if id = normTechnique(id); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
