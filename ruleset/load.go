package ruleset

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/rules"
	"github.com/huntflow/huntflow/sigma"
)

// Statuses are Sigma's rule statuses, most mature first.
var Statuses = []string{"stable", "test", "experimental", "deprecated", "unsupported"}

// Filter says which loaded rules a detector runs. The zero value keeps
// every level and every status but deprecated and unsupported: SigmaHQ
// marks rules deprecated when a better one replaces them, and unsupported
// when no backend can run them as written.
type Filter struct {
	// MinLevel leaves out rules below this level; SeverityNone keeps all.
	// A rule without a valid level counts as low.
	MinLevel huntflow.Severity
	// Statuses are the statuses kept; nil means DefaultStatuses. A rule
	// without a status is kept whenever "experimental" is, which is what
	// Sigma's specification says a missing status means.
	Statuses []string
}

// DefaultStatuses are the statuses kept when a Filter names none.
var DefaultStatuses = []string{"stable", "test", "experimental"}

// ParseFilter reads the --min-level and --status flags: a Sigma level
// (informational, low, medium, high, critical; empty for all) and a
// comma-separated status list ("all" for every status; empty for the
// default).
func ParseFilter(minLevel, statuses string) (Filter, error) {
	var f Filter
	if strings.TrimSpace(minLevel) != "" {
		sev, err := huntflow.ParseSeverity(minLevel)
		if err != nil {
			return f, fmt.Errorf("--min-level: %w (want informational, low, medium, high or critical)", err)
		}
		f.MinLevel = sev
	}
	statuses = strings.ToLower(strings.TrimSpace(statuses))
	switch statuses {
	case "":
	case "all":
		f.Statuses = slices.Clone(Statuses)
	default:
		for _, s := range strings.Split(statuses, ",") {
			s = strings.TrimSpace(s)
			if !slices.Contains(Statuses, s) {
				return f, fmt.Errorf("--status: unknown status %q (want %s, or all)", s, strings.Join(Statuses, ", "))
			}
			if !slices.Contains(f.Statuses, s) {
				f.Statuses = append(f.Statuses, s)
			}
		}
	}
	return f, nil
}

// String describes the filter for logs.
func (f Filter) String() string {
	lvl := "any level"
	if f.MinLevel > huntflow.SeverityNone {
		lvl = "level >= " + f.MinLevel.String()
	}
	return lvl + ", status " + strings.Join(f.statuses(), "|")
}

func (f Filter) statuses() []string {
	if f.Statuses == nil {
		return DefaultStatuses
	}
	return f.Statuses
}

// Keep reports whether the filter keeps r.
func (f Filter) Keep(r *sigma.Rule) bool {
	return f.keepLevel(r.Level) && f.keepStatus(r.Status)
}

func (f Filter) keepLevel(level string) bool {
	return Level(level) >= f.MinLevel
}

func (f Filter) keepStatus(status string) bool {
	status = strings.ToLower(strings.TrimSpace(status))
	if status == "" {
		status = "experimental"
	}
	return slices.Contains(f.statuses(), status)
}

// Level is a rule level as a severity; a missing or unknown level counts
// as low.
func Level(level string) huntflow.Severity {
	sev, err := parseLevel(level)
	if err != nil || sev == huntflow.SeverityNone {
		return huntflow.SeverityLow
	}
	return sev
}

// Source says where rules come from.
type Source struct {
	// Shipped includes the rules shipped with huntflow (package rules).
	Shipped bool
	// Dirs are rule folders loaded on top.
	Dirs []string
}

// Loaded is a rule set ready for a detector, and what loading it left out.
type Loaded struct {
	Rules *sigma.RuleSet
	// Errors are the rule files (or documents) of Dirs that did not load,
	// and the correlations and filters left without their rules.
	Errors []sigma.LoadError
	// Excluded counts the rules the filter left out.
	Excluded int
	Filter   Filter
}

// ByLevel counts the loaded rules by level, informational first; rules
// without a valid level are counted as low.
func (l *Loaded) ByLevel() []LevelCount {
	counts := map[huntflow.Severity]int{}
	for _, r := range l.Rules.Rules() {
		counts[Level(r.Level)]++
	}
	var out []LevelCount
	for s := huntflow.SeverityInformational; s <= huntflow.SeverityCritical; s++ {
		out = append(out, LevelCount{Level: s.String(), Rules: counts[s]})
	}
	return out
}

// LevelCount is how many rules have a level.
type LevelCount struct {
	Level string `json:"level"`
	Rules int    `json:"rules"`
}

// Summary is the one-line description of a loaded set a command logs at
// start: "181 rules (critical 13, high 98, …), 2 correlations; 3 left out".
func (l *Loaded) Summary() string {
	var parts []string
	lc := l.ByLevel()
	for i := len(lc) - 1; i >= 0; i-- {
		parts = append(parts, fmt.Sprintf("%s %d", lc[i].Level, lc[i].Rules))
	}
	return fmt.Sprintf("%d rules (%s), %d correlations; %d left out by the filter (%s)",
		len(l.Rules.Rules()), strings.Join(parts, ", "), len(l.Rules.Correlations()), l.Excluded, l.Filter)
}

// Load loads the rules of src and keeps those f keeps. The shipped rules
// must load cleanly: any error in them is an error. Rules of Dirs that do
// not load are returned in Loaded.Errors and left out. Correlations whose
// rules the filter left out are left out too, and named in Errors.
func Load(src Source, f Filter) (*Loaded, error) {
	all := &sigma.Collection{}
	var lerrs []sigma.LoadError
	if src.Shipped {
		c, errs, err := sigma.LoadCollection(rules.FS(), ".")
		if err != nil {
			return nil, fmt.Errorf("load shipped rules: %w", err)
		}
		if len(errs) > 0 {
			joined := make([]error, len(errs))
			for i, e := range errs {
				joined[i] = e
			}
			return nil, fmt.Errorf("shipped rules: %d failed to load: %w", len(errs), errors.Join(joined...))
		}
		merge(all, c)
	}
	for _, dir := range src.Dirs {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("rule folder: %w", err)
		}
		c, errs, err := sigma.LoadCollection(os.DirFS(dir), ".")
		if err != nil {
			return nil, fmt.Errorf("load rules from %s: %w", dir, err)
		}
		for _, e := range errs {
			e.Path = dir + "/" + e.Path
			lerrs = append(lerrs, e)
		}
		for _, r := range c.Rules {
			r.Path = dir + "/" + r.Path
		}
		for _, x := range c.Correlations {
			x.Path = dir + "/" + x.Path
		}
		for _, x := range c.Filters {
			x.Path = dir + "/" + x.Path
		}
		merge(all, c)
	}
	loaded := &Loaded{Filter: f}
	kept := all.Rules[:0:0]
	for _, r := range all.Rules {
		if f.Keep(r) {
			kept = append(kept, r)
		} else {
			loaded.Excluded++
		}
	}
	all.Rules = kept
	rs, err := sigma.NewRuleSetFrom(all)
	if err != nil {
		// Duplicates, and correlations or filters whose rules are not
		// there (possibly because the filter left them out), are left out
		// of rs; report them like load errors rather than refuse the set.
		for _, e := range unjoin(err) {
			var le sigma.LoadError
			if !errors.As(e, &le) {
				le = sigma.LoadError{Path: "rule set", Err: e}
			}
			lerrs = append(lerrs, le)
		}
	}
	loaded.Rules, loaded.Errors = rs, lerrs
	return loaded, nil
}

func merge(dst, src *sigma.Collection) {
	dst.Rules = append(dst.Rules, src.Rules...)
	dst.Correlations = append(dst.Correlations, src.Correlations...)
	dst.Filters = append(dst.Filters, src.Filters...)
}

// unjoin splits an errors.Join error into its parts.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// parseLevel reads a Sigma level; unlike huntflow.ParseSeverity it refuses
// the threat-level names that are not Sigma levels (info, moderate, none).
func parseLevel(level string) (huntflow.Severity, error) {
	switch l := strings.ToLower(strings.TrimSpace(level)); l {
	case "informational", "low", "medium", "high", "critical":
		return huntflow.ParseSeverity(l)
	}
	return huntflow.SeverityNone, fmt.Errorf("unknown level %q", level)
}
