package detect

import (
	"testing"

	"github.com/huntflow/huntflow/sigma"
)

// ruleNegatives holds, for shipped rules, a benign look-alike: an event of
// the same kind that a rule must not match (everyday activity that shares
// the rule's program, path or field, without the behaviour). Files
// rules_samples_*_test.go add to it (and to rulePositives) in init.
var ruleNegatives []ruleSample

func TestBenignLookAlikesDoNotMatchTheirRule(t *testing.T) {
	rs := shipped(t)
	known := map[string]bool{}
	for _, r := range rs.Rules() {
		known[r.ID] = true
	}
	for _, s := range ruleNegatives {
		if !known[s.ID] {
			t.Errorf("look-alike for unknown rule %s", s.ID)
			continue
		}
		rs.Match(s.event(), s.Channel, s.EventID, func(m *sigma.Rule) {
			if m.ID == s.ID {
				t.Errorf("rule %s (%s) matches its benign look-alike %v", m.Title, m.Path, s.Fields)
			}
		})
	}
}
