package ruleset

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/huntflow/huntflow/sigma"
)

// Logsource renders a rule's logsource as product/category/service, the
// parts it has.
func Logsource(ls sigma.Logsource) string {
	var parts []string
	for _, p := range []string{ls.Product, ls.Category, ls.Service} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "/")
}

// Count is a value and how many rules have it.
type Count struct {
	Value string `json:"value"`
	Rules int    `json:"rules"`
}

// Listing summarises a loaded rule set.
type Listing struct {
	Rules        int     `json:"rules"`
	Correlations int     `json:"correlations"`
	ByLevel      []Count `json:"by_level"`
	ByStatus     []Count `json:"by_status"`
	ByLogsource  []Count `json:"by_logsource"`
}

// List counts the rules of rs by level (critical first), status (Sigma's
// order, most mature first) and logsource (most rules first).
func List(rs *sigma.RuleSet) Listing {
	rules := rs.Rules()
	l := Listing{Rules: len(rules), Correlations: len(rs.Correlations())}
	levels, statuses, sources := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range rules {
		levels[Level(r.Level).String()]++
		statuses[statusOf(r)]++
		sources[Logsource(r.Logsource)]++
	}
	for _, lc := range slices.Backward(levelNames) {
		if n := levels[lc]; n > 0 {
			l.ByLevel = append(l.ByLevel, Count{lc, n})
		}
	}
	for _, s := range append(slices.Clone(Statuses), "none") {
		if n := statuses[s]; n > 0 {
			l.ByStatus = append(l.ByStatus, Count{s, n})
			delete(statuses, s)
		}
	}
	for s, n := range statuses { // statuses Sigma does not define
		l.ByStatus = append(l.ByStatus, Count{s, n})
	}
	for s, n := range sources {
		l.ByLogsource = append(l.ByLogsource, Count{s, n})
	}
	slices.SortFunc(l.ByLogsource, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Rules, a.Rules), cmp.Compare(a.Value, b.Value)) })
	return l
}

var levelNames = []string{"informational", "low", "medium", "high", "critical"}

func statusOf(r *sigma.Rule) string {
	if s := strings.ToLower(strings.TrimSpace(r.Status)); s != "" {
		return s
	}
	return "none"
}

// Write prints the listing; with rules it also prints one line per rule,
// most severe first.
func (l Listing) Write(w io.Writer, rules []*sigma.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d rules, %d correlations\n", l.Rules, l.Correlations)
	for _, sec := range []struct {
		title  string
		counts []Count
	}{{"level", l.ByLevel}, {"status", l.ByStatus}, {"logsource", l.ByLogsource}} {
		fmt.Fprintf(&b, "\nby %s:\n", sec.title)
		for _, c := range sec.counts {
			fmt.Fprintf(&b, "  %-40s %5d\n", c.Value, c.Rules)
		}
	}
	if len(rules) > 0 {
		rules = slices.Clone(rules)
		slices.SortStableFunc(rules, func(a, b *sigma.Rule) int {
			return cmp.Or(cmp.Compare(Level(b.Level), Level(a.Level)), cmp.Compare(a.Title, b.Title))
		})
		b.WriteString("\nrules:\n")
		for _, r := range rules {
			fmt.Fprintf(&b, "  %-13s %-12s %-30s %s  %s\n", Level(r.Level), statusOf(r), Logsource(r.Logsource), r.Title, r.ID)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
