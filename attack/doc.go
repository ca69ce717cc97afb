// Package attack is the MITRE ATT&CK Enterprise catalogue huntflow maps its
// findings to: techniques with their tactics and mitigations, validation of
// technique IDs before they reach a report (rule tags age, LLMs invent IDs)
// and ATT&CK Navigator layers for the techniques a hunt found.
//
// The catalogue is generated from ATT&CK's STIX bundle into catalogue_gen.go
// by internal/gen; see the go:generate directive in catalogue.go.
//
// © The MITRE Corporation. This work is reproduced and distributed with the
// permission of The MITRE Corporation. ATT&CK® is a registered trademark of
// The MITRE Corporation.
package attack
