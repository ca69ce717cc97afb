package report

import (
	"cmp"
	"slices"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/attack"
)

// The attack chain: the hunt's findings in the order they happened, each
// placed under the ATT&CK tactic its leading detection shows, the tactics
// in kill-chain order (reconnaissance … impact). Like the process trees it
// is one model drawn twice, as Mermaid and as SVG.

// maxChainSteps caps the chain; later findings are counted, not drawn.
const maxChainSteps = 24

type chainStep struct {
	finding int // index into view.findings
	tactic  int // index into chain.columns
	first   time.Time
	// others are the finding's further tactics, by display name.
	others []string
}

type chainColumn struct {
	short, name string
}

type attackChain struct {
	columns []chainColumn
	steps   []chainStep // in time order
	more    int         // findings left out by the cap
}

// unmappedTactic collects findings with no known tactic.
const unmappedTactic = "unmapped"

func (v *view) chain() attackChain {
	cat := attack.Default()
	tactics := cat.Tactics()
	pos := func(short string) int {
		for i, t := range tactics {
			if t.ShortName == short {
				return i
			}
		}
		return len(tactics)
	}
	name := func(short string) string {
		if t, ok := cat.Tactic(short); ok {
			return t.Name
		}
		if short == unmappedTactic {
			return "No tactic mapped"
		}
		return short
	}
	type placed struct {
		chainStep
		short string
	}
	var ps []placed
	for i, f := range v.findings {
		all := findingTactics(f)
		lead := v.leadTactics(f)
		if len(lead) == 0 {
			lead = all
		}
		primary := unmappedTactic
		for _, t := range lead {
			if primary == unmappedTactic || pos(t) < pos(primary) {
				primary = t
			}
		}
		var others []string
		slices.SortStableFunc(all, func(a, b string) int { return cmp.Compare(pos(a), pos(b)) })
		for _, t := range all {
			if t != primary {
				others = append(others, name(t))
			}
		}
		ps = append(ps, placed{chainStep{finding: i, first: firstSeen(f), others: others}, primary})
	}
	slices.SortStableFunc(ps, func(a, b placed) int {
		// Undated findings go last; ties keep report order.
		switch {
		case a.first.IsZero() != b.first.IsZero():
			if a.first.IsZero() {
				return 1
			}
			return -1
		}
		if c := a.first.Compare(b.first); c != 0 {
			return c
		}
		return cmp.Compare(a.finding, b.finding)
	})
	var c attackChain
	if len(ps) > maxChainSteps {
		c.more = len(ps) - maxChainSteps
		ps = ps[:maxChainSteps]
	}
	var shorts []string
	for _, p := range ps {
		if !slices.Contains(shorts, p.short) {
			shorts = append(shorts, p.short)
		}
	}
	slices.SortStableFunc(shorts, func(a, b string) int { return cmp.Compare(pos(a), pos(b)) })
	for _, s := range shorts {
		c.columns = append(c.columns, chainColumn{short: s, name: name(s)})
	}
	for _, p := range ps {
		p.tactic = slices.Index(shorts, p.short)
		c.steps = append(c.steps, p.chainStep)
	}
	return c
}

// leadTactics are the tactics of the finding's leading technique: the
// first technique of its own rule (for a merged finding, of its leading
// detection), so "LSASS accessed" sits under credential access even when
// its process tree also did discovery. Without techniques, the finding's
// tactic tags.
func (v *view) leadTactics(f huntflow.Finding) []string {
	techs := f.Techniques
	for _, d := range f.Detections {
		if d.RuleID == f.RuleID && len(d.Techniques) > 0 {
			techs = d.Techniques
			break
		}
	}
	for _, id := range techs {
		if ts := v.techniqueTactics(normTechnique(id)); len(ts) > 0 {
			return ts
		}
	}
	var out []string
	for _, t := range f.Tactics {
		if t = normTactic(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func (v *view) techniqueTactics(id string) []string {
	for _, t := range v.techniques {
		if t.id == id && len(t.tactics) > 0 {
			return t.tactics
		}
	}
	if t, ok := attack.Default().Lookup(id); ok && len(t.Tactics) > 0 {
		return t.Tactics
	}
	_, ts := techniqueInfo(id)
	return ts
}
