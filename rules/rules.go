// Package rules ships huntflow's own Sigma detection rules, one rule per
// file (or one document per technique in a file), grouped in folders by
// ATT&CK tactic. The rules are written for this project from ATT&CK's
// technique descriptions and from how Sysmon, Security, System, PowerShell
// and Defender logs record each behaviour, not copied from other rule sets;
// each tags the one technique its events show.
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
