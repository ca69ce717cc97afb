package ruleset

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/huntflow/huntflow/attack"
	"github.com/huntflow/huntflow/sigma"
)

// Problem is one finding of Check.
type Problem struct {
	// Error problems fail the check; warnings do not.
	Error bool   `json:"error"`
	Path  string `json:"path,omitempty"`
	Rule  string `json:"rule,omitempty"`
	Msg   string `json:"message"`
}

func (p Problem) String() string {
	kind := "warning"
	if p.Error {
		kind = "error"
	}
	var where []string
	for _, s := range []string{p.Path, p.Rule} {
		if s != "" {
			where = append(where, s)
		}
	}
	if len(where) == 0 {
		return kind + ": " + p.Msg
	}
	return fmt.Sprintf("%s: %s: %s", kind, strings.Join(where, ": "), p.Msg)
}

// CheckReport is the result of linting a rule folder.
type CheckReport struct {
	Rules        int       `json:"rules"`
	Correlations int       `json:"correlations"`
	Problems     []Problem `json:"problems"`
}

// Errors counts the problems that fail the check.
func (r CheckReport) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if p.Error {
			n++
		}
	}
	return n
}

// Check lints the rule folder dir:
//
//   - errors: files or documents that do not load (with the reason),
//     including features the engine refuses; duplicate rule IDs or names;
//     correlations and filters whose rules are missing; ATT&CK technique
//     tags the catalogue does not know (typos, invented IDs); revoked
//     technique tags (with their replacement);
//   - warnings: features the engine ignores or logsources it cannot read
//     (the rule loads but may never fire); deprecated technique tags; tags
//     newer than the catalogue (kept in findings, but not validated);
//     rules without an ID, level or status.
//
// The error is for a folder that cannot be read.
func Check(dir string, cat *attack.Catalogue) (CheckReport, error) {
	var rep CheckReport
	if _, err := os.Stat(dir); err != nil {
		return rep, fmt.Errorf("check: %w", err)
	}
	c, lerrs, err := sigma.LoadCollection(os.DirFS(dir), ".")
	if err != nil {
		return rep, fmt.Errorf("check %s: %w", dir, err)
	}
	for _, e := range lerrs {
		rep.Problems = append(rep.Problems, Problem{Error: true, Path: e.Path, Msg: "not loaded: " + e.Err.Error()})
	}
	rs, err := sigma.NewRuleSetFrom(c)
	if err != nil {
		for _, e := range unjoin(err) {
			p := Problem{Error: true, Msg: e.Error()}
			var le sigma.LoadError
			if errors.As(e, &le) {
				p.Path, p.Msg = le.Path, le.Err.Error()
			}
			rep.Problems = append(rep.Problems, p)
		}
	}
	rep.Rules, rep.Correlations = len(rs.Rules()), len(rs.Correlations())
	for _, note := range rs.Unsupported() {
		rep.Problems = append(rep.Problems, Problem{Msg: note})
	}
	for _, r := range c.Rules {
		rep.Problems = append(rep.Problems, checkRule(r, cat)...)
	}
	slices.SortStableFunc(rep.Problems, func(a, b Problem) int { return strings.Compare(a.Path, b.Path) })
	return rep, nil
}

func checkRule(r *sigma.Rule, cat *attack.Catalogue) []Problem {
	var out []Problem
	add := func(isErr bool, format string, args ...any) {
		out = append(out, Problem{Error: isErr, Path: r.Path, Rule: r.Title, Msg: fmt.Sprintf(format, args...)})
	}
	if r.ID == "" {
		add(false, "no id: findings and correlations cannot name the rule stably")
	}
	if r.Level == "" {
		add(false, "no level: rated low")
	} else if _, err := parseLevel(r.Level); err != nil {
		add(true, "level %q is not a Sigma level", r.Level)
	}
	if r.Status == "" {
		add(false, "no status: treated as experimental")
	} else if !slices.Contains(Statuses, strings.ToLower(r.Status)) {
		add(true, "status %q is not a Sigma status (%s)", r.Status, strings.Join(Statuses, ", "))
	}
	for _, id := range r.Techniques() {
		t, ok := cat.Lookup(id)
		switch {
		case !ok && cat.Newer(id):
			add(false, "ATT&CK tag %s is newer than the catalogue (ATT&CK v%s): kept, not validated", id, cat.Version())
		case !ok:
			if _, note, vok := cat.Validate(id); vok {
				add(true, "ATT&CK tag %s is unknown: %s", id, note)
			} else {
				add(true, "ATT&CK tag %s is unknown to ATT&CK v%s", id, cat.Version())
			}
		case t.Revoked && t.ReplacedBy != "":
			add(true, "ATT&CK tag %s (%s) is revoked: use %s", id, t.Name, t.ReplacedBy)
		case t.Revoked:
			add(true, "ATT&CK tag %s (%s) is revoked, with no replacement", id, t.Name)
		case t.Deprecated:
			add(false, "ATT&CK tag %s (%s) is deprecated", id, t.Name)
		}
	}
	return out
}
