// Package ruleset is the Sigma rule set as an operator manages it: loading
// the shipped rules and rule folders through a level and status filter,
// linting a folder (check), listing what loaded, updating a folder from a
// SigmaHQ release package, and measuring the set's ATT&CK coverage of
// Windows techniques. The engine itself is package sigma.
package ruleset
