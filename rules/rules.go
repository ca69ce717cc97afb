// Package rules ships huntflow's own Sigma detection rules, one rule per
// file, grouped in folders by ATT&CK tactic. The rules are written for this
// project against behaviour seen in real attack telemetry (Sysmon, Security,
// System and PowerShell logs), not copied from other rule sets.
package rules

import (
	"embed"
	"io/fs"
)

//go:embed collection command_and_control credential_access defense_evasion discovery execution lateral_movement persistence privilege_escalation resource_development
var tree embed.FS

// FS returns the rule tree. Paths are relative to its root, e.g.
// "credential_access/comsvcs_minidump.yml".
func FS() fs.FS { return tree }
