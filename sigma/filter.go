package sigma

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Filter is a Sigma global filter: a detection that is ANDed to the
// condition of the rules it names, so environment-specific tuning lives
// outside the rules. As in the reference implementation, the filter's
// condition is added as written, so an exclusion is written "not
// selection".
type Filter struct {
	ID, Name, Title, Description string
	Date, Modified               string
	Logsource                    Logsource
	// Rules are the IDs or names of the rules the filter applies to.
	// "any" applies it to every rule its logsource covers.
	Rules []string
	// Path is the file the filter was loaded from, if any.
	Path string

	det *detection
}

// Match reports whether the event satisfies the filter's condition.
func (f *Filter) Match(ev Event) bool { return f.det.match(ev) }

func (f *Filter) String() string { return fmt.Sprintf("filter %q", f.Title) }

func parseFilter(root *yaml.Node) (*Filter, error) {
	h, err := decodeHeader(root)
	if err != nil {
		return nil, err
	}
	if h.Logsource == nil {
		return nil, errors.New("missing logsource")
	}
	body := lookup(root, "filter")
	if body.Kind != yaml.MappingNode {
		return nil, errors.New("filter must be a map")
	}
	rulesNode := lookup(body, "rules")
	if rulesNode == nil {
		return nil, errors.New("filter has no rules")
	}
	var rules stringList
	if err := rulesNode.Decode(&rules); err != nil {
		return nil, fmt.Errorf("filter rules: %w", err)
	}
	if len(rules) == 0 {
		return nil, errors.New("filter has no rules")
	}
	det, _, err := compileDetection(without(body, "rules"))
	if err != nil {
		return nil, err
	}
	return &Filter{
		ID: h.ID, Name: h.Name, Title: h.Title, Description: h.Description,
		Date: h.Date, Modified: h.Modified,
		Logsource: *h.Logsource,
		Rules:     rules,
		det:       det,
	}, nil
}

// appliesToAny reports whether the filter names every rule of its logsource.
func (f *Filter) appliesToAny() bool {
	return len(f.Rules) == 1 && strings.EqualFold(f.Rules[0], "any")
}

// covers reports whether the filter's logsource includes the rule's: every
// attribute the filter sets, the rule has with the same value.
func (f *Filter) covers(ls Logsource) bool {
	eq := func(filter, rule string) bool { return filter == "" || strings.EqualFold(filter, rule) }
	return eq(f.Logsource.Category, ls.Category) && eq(f.Logsource.Product, ls.Product) && eq(f.Logsource.Service, ls.Service)
}
