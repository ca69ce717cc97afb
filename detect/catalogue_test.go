package detect

import (
	"testing"

	"github.com/huntflow/huntflow/attack"
)

// TestShippedRuleTechniquesAreCurrent keeps the rule set on the ATT&CK
// version the catalogue carries: a revoked, deprecated or unknown technique
// tag would be corrected or dropped at report time, so it is a rule bug.
func TestShippedRuleTechniquesAreCurrent(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cat := attack.Default()
	for _, r := range d.Rules().Rules() {
		for _, id := range r.Techniques() {
			got, note, ok := cat.Validate(id)
			if !ok || got != id || note != "" {
				t.Errorf("rule %s (%s): technique %s -> %q ok=%v: %s", r.ID, r.Path, id, got, ok, note)
			}
		}
	}
}
