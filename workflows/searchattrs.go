package workflows

import (
	"slices"

	"github.com/huntflow/huntflow"
)

// Search attributes are stored and indexed in the clear: the payload codec
// that encrypts history does not cover them. So a hunt sets only
// ThreatLevel and Category, and only to values from closed sets — never a
// host, user, address or command line, nor free text an analyst (an LLM
// the log content may have coached) came up with.

// SearchCategories are the values the Category search attribute takes: the
// ATT&CK enterprise tactic short names, "benign", and "unknown" for
// anything else.
var SearchCategories = []string{
	"reconnaissance", "resource-development", "initial-access", "execution",
	"persistence", "privilege-escalation", "defense-evasion", "credential-access",
	"discovery", "lateral-movement", "collection", "command-and-control",
	"exfiltration", "impact", "benign", "unknown",
}

// SearchThreatLevels are the values the ThreatLevel search attribute takes.
var SearchThreatLevels = []string{"none", "informational", "low", "medium", "high", "critical", "unknown"}

// searchCategory maps a hunt's category onto SearchCategories.
func searchCategory(c string) string {
	if slices.Contains(SearchCategories, c) {
		return c
	}
	return "unknown"
}

// searchThreatLevel maps a threat level onto SearchThreatLevels.
func searchThreatLevel(s huntflow.Severity) string {
	if v := s.String(); slices.Contains(SearchThreatLevels, v) {
		return v
	}
	return "unknown"
}
