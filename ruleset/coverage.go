package ruleset

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/huntflow/huntflow/attack"
	"github.com/huntflow/huntflow/sigma"
)

// TechniqueCoverage is one Windows technique and the rules that cover it.
type TechniqueCoverage struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	// Rules are the rules (and correlations) tagged with it, by title; for
	// a technique, also those tagged with one of its sub-techniques.
	Rules []string `json:"rules,omitempty"`
	// Visibility says, for an uncovered technique, whether host logs can
	// show it; nil when the table has no entry for it.
	Visibility *Visibility `json:"visibility,omitempty"`
}

// CoverageReport is the ATT&CK coverage of a rule set.
type CoverageReport struct {
	Attack     string              `json:"attack_version"`
	Techniques []TechniqueCoverage `json:"coverage"`
	// Total and Covered count the techniques; Parents and Subs split them.
	Total          int `json:"total"`
	Covered        int `json:"covered"`
	Parents        int `json:"techniques"`
	ParentsCovered int `json:"techniques_covered"`
	Subs           int `json:"sub_techniques"`
	SubsCov        int `json:"sub_techniques_covered"`
	// UncoveredVisible counts uncovered techniques host logs can show:
	// the gaps rules could close.
	UncoveredVisible int `json:"uncovered_visible"`
	// Newer are tags newer than the catalogue, with their rule counts;
	// Unknown tags it does not know at all.
	Newer   map[string]int `json:"newer_tags,omitempty"`
	Unknown map[string]int `json:"unknown_tags,omitempty"`
}

// Coverage lists every active (not revoked or deprecated) ATT&CK technique
// and sub-technique whose platforms include Windows, with the rules of rs
// that cover it. A rule tag of a revoked technique counts for its
// replacement. A rule covers the techniques it is tagged with and, when
// tagged with a sub-technique, its parent; a parent tag does not cover
// the sub-techniques, since it does not say which one the rule sees.
func Coverage(rs *sigma.RuleSet, cat *attack.Catalogue) CoverageReport {
	rep := CoverageReport{Attack: cat.Version(), Newer: map[string]int{}, Unknown: map[string]int{}}
	covering := map[string]map[string]bool{}
	cover := func(id, rule string) {
		if covering[id] == nil {
			covering[id] = map[string]bool{}
		}
		covering[id][rule] = true
	}
	tagged := func(title string, techniques []string) {
		for _, tag := range techniques {
			if cat.Newer(tag) {
				rep.Newer[strings.ToUpper(tag)]++
				continue
			}
			id, _, ok := cat.Validate(tag)
			if !ok {
				rep.Unknown[strings.ToUpper(tag)]++
				continue
			}
			cover(id, title)
			if parent, _, sub := strings.Cut(id, "."); sub {
				cover(parent, title)
			}
		}
	}
	for _, r := range rs.Rules() {
		tagged(r.Title, r.Techniques())
	}
	for _, c := range rs.Correlations() {
		tagged(c.Title, c.Techniques())
	}
	for _, t := range cat.Techniques() {
		if t.Revoked || t.Deprecated || !t.HasPlatform("Windows") {
			continue
		}
		tc := TechniqueCoverage{ID: t.ID, Name: t.Name, Parent: t.Parent, Rules: slices.Sorted(maps.Keys(covering[t.ID]))}
		rep.Total++
		if t.Parent == "" {
			rep.Parents++
		} else {
			rep.Subs++
		}
		if len(tc.Rules) > 0 {
			rep.Covered++
			if t.Parent == "" {
				rep.ParentsCovered++
			} else {
				rep.SubsCov++
			}
		} else if v, ok := VisibilityOf(t.ID); ok {
			tc.Visibility = &v
			if v.Visible() {
				rep.UncoveredVisible++
			}
		}
		rep.Techniques = append(rep.Techniques, tc)
	}
	return rep
}

// Summary is the totals line.
func (r CoverageReport) Summary() string {
	return fmt.Sprintf("%d of %d Windows techniques covered (ATT&CK v%s): %d of %d techniques, %d of %d sub-techniques; %d uncovered ones host logs can show",
		r.Covered, r.Total, r.Attack, r.ParentsCovered, r.Parents, r.SubsCov, r.Subs, r.UncoveredVisible)
}

// Write prints the coverage: each technique with its rule count and the
// first rules, or for an uncovered one whether host logs can show it.
func (r CoverageReport) Write(w io.Writer) error {
	var b strings.Builder
	for _, t := range r.Techniques {
		name := t.Name
		if t.Parent != "" {
			name = "  " + name
		}
		switch {
		case len(t.Rules) > 0:
			first := t.Rules[:min(3, len(t.Rules))]
			more := ""
			if len(t.Rules) > len(first) {
				more = fmt.Sprintf(" (+%d)", len(t.Rules)-len(first))
			}
			fmt.Fprintf(&b, "%-10s %-55s %3d  %s%s\n", t.ID, trunc(name, 55), len(t.Rules), strings.Join(first, "; "), more)
		case t.Visibility == nil:
			fmt.Fprintf(&b, "%-10s %-55s %3d  uncovered; host-log visibility not assessed\n", t.ID, trunc(name, 55), 0)
		case t.Visibility.Visible():
			fmt.Fprintf(&b, "%-10s %-55s %3d  uncovered; host logs can show it (%s): %s\n", t.ID, trunc(name, 55), 0,
				strings.Join(t.Visibility.Logs, ", "), t.Visibility.How)
		default:
			fmt.Fprintf(&b, "%-10s %-55s %3d  uncovered; not in host logs: %s\n", t.ID, trunc(name, 55), 0, t.Visibility.How)
		}
	}
	for _, set := range []struct {
		what string
		tags map[string]int
	}{{"tags newer than ATT&CK v" + r.Attack + " (kept, not counted above)", r.Newer}, {"tags unknown to ATT&CK v" + r.Attack, r.Unknown}} {
		if len(set.tags) == 0 {
			continue
		}
		ids := slices.SortedFunc(maps.Keys(set.tags), func(a, b string) int { return cmp.Compare(a, b) })
		var parts []string
		for _, id := range ids {
			parts = append(parts, fmt.Sprintf("%s (%d rules)", id, set.tags[id]))
		}
		fmt.Fprintf(&b, "\n%s: %s\n", set.what, strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, "\n%s\n", r.Summary())
	_, err := io.WriteString(w, b.String())
	return err
}

// Layer writes a Navigator layer of the covered techniques scored by rule
// count.
func (r CoverageReport) Layer(cat *attack.Catalogue, name string) ([]byte, error) {
	var scores []attack.Score
	for _, t := range r.Techniques {
		if len(t.Rules) > 0 {
			scores = append(scores, attack.Score{ID: t.ID, Score: len(t.Rules), Comment: fmt.Sprintf("%d rules: %s", len(t.Rules), strings.Join(t.Rules, "; "))})
		}
	}
	return cat.ScoreLayer(name, r.Summary(), scores)
}

func trunc(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
