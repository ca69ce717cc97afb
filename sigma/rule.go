package sigma

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Event is what rules are evaluated against. Field returns the value of the
// named field and whether the event has it. Rules use Sysmon field names
// (Image, ParentImage, CommandLine, …) for process creation whichever
// channel an event comes from, so events from Security 4688 must answer to
// those names as well as to NewProcessName and ParentProcessName.
type Event interface {
	Field(name string) (string, bool)
}

// KeywordEvent is an Event whose values can all be enumerated. Keyword
// detections (strings not bound to a field) search every value of such
// events; for other events they search the Message field. Values calls fn
// for each value until fn returns false.
type KeywordEvent interface {
	Event
	Values(fn func(v string) bool)
}

// Rule is a compiled Sigma detection rule. It is immutable once parsed and
// safe for concurrent use.
type Rule struct {
	ID, Name, Title, Description, Status, Author, Level string
	Date, Modified                                      string
	// Tags are the raw tags, e.g. "attack.t1003.001",
	// "attack.credential-access".
	Tags           []string
	References     []string
	FalsePositives []string
	Fields         []string
	Logsource      Logsource
	// Path is the file the rule was loaded from, if any.
	Path string

	det        *detection
	techniques []string
	tactics    []string
	// notes are features the rule uses that are not supported but do not
	// stop it from loading; RuleSet.Unsupported reports them.
	notes []string
}

// Match reports whether the event satisfies the rule's detection. It does
// not check the logsource; RuleSet.Match does.
func (r *Rule) Match(ev Event) bool { return r.det.match(ev) }

// Techniques returns the ATT&CK technique IDs of the rule's tags, such as
// "T1003.001" for attack.t1003.001.
func (r *Rule) Techniques() []string { return slices.Clone(r.techniques) }

// Tactics returns the ATT&CK tactics of the rule's tags in the hyphenated
// form, such as "credential-access" for attack.credential_access.
func (r *Rule) Tactics() []string { return slices.Clone(r.tactics) }

// String names the rule for messages: its title and ID.
func (r *Rule) String() string {
	if r.ID == "" {
		return fmt.Sprintf("%q", r.Title)
	}
	return fmt.Sprintf("%q (%s)", r.Title, r.ID)
}

// UnsupportedError reports a Sigma feature this package recognises but does
// not implement. Rules that need one are rejected rather than evaluated
// wrongly.
type UnsupportedError struct {
	Feature string
	Reason  string // why it is not supported, when that is not obvious
}

func (e *UnsupportedError) Error() string {
	if e.Reason != "" {
		return "unsupported: " + e.Feature + " (" + e.Reason + ")"
	}
	return "unsupported: " + e.Feature
}

// LoadError is a rule file, or one document of it, that could not be
// loaded.
type LoadError struct {
	Path string
	Err  error
}

func (e LoadError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e LoadError) Unwrap() error { return e.Err }

// Collection is the content of one or more Sigma files.
type Collection struct {
	Rules        []*Rule
	Correlations []*Correlation
	Filters      []*Filter
}

// ParseRule parses the detection rules of a YAML file. A file may hold
// several documents, including Sigma v1 collections with action: global,
// reset and repeat. Correlation and filter documents are checked but not
// returned; use ParseCollection to get them. When some documents are
// invalid the error names each of them, and the valid rules are returned
// with it.
func ParseRule(data []byte) ([]*Rule, error) {
	c, err := ParseCollection(data)
	return c.Rules, err
}

// ParseCollection parses every document of a YAML file. When some documents
// are invalid the error names each of them, and the rest are returned with
// it.
func ParseCollection(data []byte) (*Collection, error) {
	c, errs := parseFile(data, "")
	return c, errors.Join(errs...)
}

// parseFile parses the documents of one file, returning one error per
// document that failed.
func parseFile(data []byte, path string) (*Collection, []error) {
	c := &Collection{}
	docs, err := splitDocuments(data)
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	var global, prev *yaml.Node
	for i, doc := range docs {
		label := ""
		if len(docs) > 1 {
			label = fmt.Sprintf("document %d", i+1)
		}
		fail := func(kind string, root *yaml.Node, err error) {
			what := strings.TrimSpace(label + " " + kind)
			if t := lookup(root, "title"); t != nil && t.Kind == yaml.ScalarNode && t.Value != "" {
				what += fmt.Sprintf(" %q", t.Value)
			}
			if what != "" {
				err = fmt.Errorf("%s: %w", what, err)
			}
			errs = append(errs, err)
		}
		root := deref(doc)
		if root.Kind != yaml.MappingNode {
			fail("", nil, errors.New("document is not a map"))
			continue
		}
		action := ""
		if a := lookup(root, "action"); a != nil {
			action = a.Value
			root = without(root, "action")
		}
		switch action {
		case "global":
			global = root
			continue
		case "reset":
			global = nil
			continue
		case "repeat":
			if prev == nil {
				fail("", root, errors.New("action: repeat without a previous document"))
				continue
			}
			root = merge(prev, root)
		case "":
			if global != nil {
				root = merge(global, root)
			}
		default:
			fail("", root, fmt.Errorf("unknown action %q", action))
			continue
		}
		prev = root
		switch {
		case lookup(root, "correlation") != nil:
			corr, err := parseCorrelation(root)
			if err != nil {
				fail("correlation", root, err)
				continue
			}
			corr.Path = path
			c.Correlations = append(c.Correlations, corr)
		case lookup(root, "filter") != nil:
			f, err := parseFilter(root)
			if err != nil {
				fail("filter", root, err)
				continue
			}
			f.Path = path
			c.Filters = append(c.Filters, f)
		default:
			r, err := parseRuleNode(root)
			if err != nil {
				fail("rule", root, err)
				continue
			}
			r.Path = path
			c.Rules = append(c.Rules, r)
		}
	}
	return c, errs
}

// splitDocuments decodes every YAML document of data. Documents before a
// syntax error are kept.
func splitDocuments(data []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, fmt.Errorf("invalid YAML: %w", err)
		}
		if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
			docs = append(docs, n.Content[0])
		}
	}
}

// lookup returns the value of key in a mapping node, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return deref(m.Content[i+1])
		}
	}
	return nil
}

// without returns a copy of mapping m without key.
func without(m *yaml.Node, key string) *yaml.Node {
	out := *m
	out.Content = nil
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key {
			out.Content = append(out.Content, m.Content[i], m.Content[i+1])
		}
	}
	return &out
}

// merge overlays mapping over on mapping base, recursing into maps present
// in both; other values of over replace those of base. Neither input is
// modified, as a global document is merged into several others.
func merge(base, over *yaml.Node) *yaml.Node {
	out := *base
	out.Content = slices.Clone(base.Content)
	for i := 0; i+1 < len(over.Content); i += 2 {
		k, v := over.Content[i], deref(over.Content[i+1])
		j := -1
		for x := 0; x+1 < len(out.Content); x += 2 {
			if out.Content[x].Value == k.Value {
				j = x
				break
			}
		}
		switch {
		case j < 0:
			out.Content = append(out.Content, k, v)
		case v.Kind == yaml.MappingNode && deref(out.Content[j+1]).Kind == yaml.MappingNode:
			out.Content[j+1] = merge(deref(out.Content[j+1]), v)
		default:
			out.Content[j+1] = v
		}
	}
	return &out
}

// stringList decodes a string or a list of strings.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	n = deref(n)
	switch n.Kind {
	case yaml.ScalarNode:
		if !isNull(n) {
			*l = []string{n.Value}
		}
		return nil
	case yaml.SequenceNode:
		for _, item := range n.Content {
			item = deref(item)
			if item.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: want a string, not a nested list or map", item.Line)
			}
			*l = append(*l, item.Value)
		}
		return nil
	}
	return fmt.Errorf("line %d: want a string or a list of strings", n.Line)
}

// header is the metadata every kind of Sigma document shares.
type header struct {
	Title          string     `yaml:"title"`
	ID             string     `yaml:"id"`
	Name           string     `yaml:"name"`
	Status         string     `yaml:"status"`
	Description    string     `yaml:"description"`
	Author         stringList `yaml:"author"`
	Level          string     `yaml:"level"`
	Date           string     `yaml:"date"`
	Modified       string     `yaml:"modified"`
	Tags           stringList `yaml:"tags"`
	References     stringList `yaml:"references"`
	FalsePositives stringList `yaml:"falsepositives"`
	Fields         stringList `yaml:"fields"`
	Taxonomy       string     `yaml:"taxonomy"`
	Logsource      *Logsource `yaml:"logsource"`
	Generate       bool       `yaml:"generate"`
}

func decodeHeader(root *yaml.Node) (header, error) {
	var h header
	if err := root.Decode(&h); err != nil {
		return h, fmt.Errorf("metadata: %w", err)
	}
	if strings.TrimSpace(h.Title) == "" {
		return h, errors.New("missing title")
	}
	return h, nil
}

func parseRuleNode(root *yaml.Node) (*Rule, error) {
	h, err := decodeHeader(root)
	if err != nil {
		return nil, err
	}
	if h.Logsource == nil {
		return nil, errors.New("missing logsource")
	}
	detNode := lookup(root, "detection")
	if detNode == nil {
		return nil, errors.New("missing detection")
	}
	det, notes, err := compileDetection(detNode)
	if err != nil {
		return nil, err
	}
	r := &Rule{
		ID: h.ID, Name: h.Name, Title: h.Title, Description: h.Description,
		Status: h.Status, Author: strings.Join(h.Author, ", "), Level: h.Level,
		Date: h.Date, Modified: h.Modified,
		Tags: h.Tags, References: h.References, FalsePositives: h.FalsePositives, Fields: h.Fields,
		Logsource: *h.Logsource,
		det:       det,
		notes:     notes,
	}
	if h.Taxonomy != "" && !strings.EqualFold(h.Taxonomy, "sigma") {
		r.notes = append(r.notes, fmt.Sprintf("taxonomy %q: field names are used as written", h.Taxonomy))
	}
	r.techniques, r.tactics = attackTags(r.Tags)
	return r, nil
}

// compileDetection compiles a detection section: every key but condition
// (and the v1 timeframe) is a search identifier.
func compileDetection(n *yaml.Node) (*detection, []string, error) {
	if n.Kind != yaml.MappingNode {
		return nil, nil, errors.New("detection must be a map")
	}
	d := &detection{}
	var notes []string
	var condNode *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		name := n.Content[i].Value
		v := n.Content[i+1]
		switch name {
		case "condition":
			condNode = deref(v)
			continue
		case "timeframe":
			notes = append(notes, "detection timeframe (Sigma v1) is ignored; use a correlation rule")
			continue
		}
		if slices.Contains(d.names, name) {
			return nil, nil, fmt.Errorf("search identifier %q defined twice", name)
		}
		sel, err := compileSelection(v)
		if err != nil {
			return nil, nil, fmt.Errorf("search identifier %q: %w", name, err)
		}
		d.names = append(d.names, name)
		d.sels = append(d.sels, sel)
	}
	if condNode == nil {
		return nil, nil, errors.New("detection has no condition")
	}
	var exprs []string
	switch condNode.Kind {
	case yaml.ScalarNode:
		exprs = []string{condNode.Value}
	case yaml.SequenceNode:
		for _, c := range condNode.Content {
			c = deref(c)
			if c.Kind != yaml.ScalarNode {
				return nil, nil, errors.New("condition list must hold strings")
			}
			exprs = append(exprs, c.Value)
		}
	}
	if len(exprs) == 0 {
		return nil, nil, errors.New("condition must be a string or a list of strings")
	}
	var conds []*cond
	for _, e := range exprs {
		c, err := parseCondition(e, d.names)
		if err != nil {
			return nil, nil, fmt.Errorf("condition %q: %w", e, err)
		}
		conds = append(conds, c)
	}
	d.cond = conds[0]
	if len(conds) > 1 {
		// Each condition of a list is a query of its own; an event matches
		// the rule when it matches any of them.
		d.cond = &cond{op: condOr, kids: conds}
	}
	return d, notes, nil
}

// attackTactics are the ATT&CK tactics, in the hyphenated form tags use
// from Sigma v2 on.
var attackTactics = map[string]bool{
	"reconnaissance": true, "resource-development": true, "initial-access": true,
	"execution": true, "persistence": true, "privilege-escalation": true,
	"defense-evasion": true, "credential-access": true, "discovery": true,
	"lateral-movement": true, "collection": true, "command-and-control": true,
	"exfiltration": true, "impact": true,
}

// attackTags extracts ATT&CK technique IDs and tactics from tags. Sigma v1
// wrote tactics with underscores; both forms are accepted.
func attackTags(tags []string) (techniques, tactics []string) {
	for _, t := range tags {
		rest, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(t)), "attack.")
		if !ok {
			continue
		}
		if isTechnique(rest) {
			if id := strings.ToUpper(rest); !slices.Contains(techniques, id) {
				techniques = append(techniques, id)
			}
			continue
		}
		if name := strings.ReplaceAll(rest, "_", "-"); attackTactics[name] && !slices.Contains(tactics, name) {
			tactics = append(tactics, name)
		}
	}
	return techniques, tactics
}

// isTechnique reports whether s is a technique ID: t1234 or t1234.567.
func isTechnique(s string) bool {
	digits := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	if len(s) != 5 && len(s) != 9 || s[0] != 't' || !digits(s[1:5]) {
		return false
	}
	return len(s) == 5 || s[5] == '.' && digits(s[6:])
}
