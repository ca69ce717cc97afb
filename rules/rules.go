// Package rules ships huntflow's own Sigma detection rules, one rule per
// file, grouped in folders by ATT&CK tactic. The rules are written for this
// project against behaviour seen in real attack telemetry (Sysmon, Security,
// System and PowerShell logs), not copied from other rule sets.
package rules

import (
	"embed"
	"io/fs"
)

// Every tactic folder's rules; a new tactic needs only a new folder.
//
//go:embed */*.yml
var tree embed.FS

// FS returns the rule tree. Paths are relative to its root, e.g.
// "credential_access/comsvcs_minidump.yml".
func FS() fs.FS { return tree }
