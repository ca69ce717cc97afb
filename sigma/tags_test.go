package sigma

import (
	"slices"
	"testing"
)

// TestTagsKeptWhateverTheCatalogue checks that every tag survives parsing,
// including technique IDs newer than any catalogue (the package knows none)
// and tags that are not ATT&CK at all.
func TestTagsKeptWhateverTheCatalogue(t *testing.T) {
	doc := `title: new techniques
logsource:
    product: windows
tags:
    - attack.t1689
    - attack.t1059.013
    - attack.T1003.001
    - attack.defense_evasion
    - attack.s0002
    - attack.g0016
    - car.2013-05-004
    - cve.2024-12345
    - detection.emerging-threats
detection:
    sel:
        Image: x
    condition: sel
`
	rules, err := ParseRule([]byte(doc))
	if err != nil || len(rules) != 1 {
		t.Fatalf("parse: %v", err)
	}
	r := rules[0]
	want := []string{"attack.t1689", "attack.t1059.013", "attack.T1003.001", "attack.defense_evasion",
		"attack.s0002", "attack.g0016", "car.2013-05-004", "cve.2024-12345", "detection.emerging-threats"}
	if !slices.Equal(r.Tags, want) {
		t.Errorf("Tags = %q, want %q", r.Tags, want)
	}
	if got, want := r.Techniques(), []string{"T1689", "T1059.013", "T1003.001"}; !slices.Equal(got, want) {
		t.Errorf("Techniques = %q, want %q", got, want)
	}
	if got, want := r.Tactics(), []string{"defense-evasion"}; !slices.Equal(got, want) {
		t.Errorf("Tactics = %q, want %q", got, want)
	}
}
