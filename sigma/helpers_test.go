package sigma

import (
	"sort"
	"strings"
	"testing"
)

// ev is a map-backed event.
type ev map[string]string

func (e ev) Field(name string) (string, bool) {
	v, ok := e[name]
	return v, ok
}

// kwev is a map-backed event that also supports keyword search. Values are
// visited in key order so tests are deterministic.
type kwev map[string]string

func (e kwev) Field(name string) (string, bool) {
	v, ok := e[name]
	return v, ok
}

func (e kwev) Values(fn func(string) bool) {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !fn(e[k]) {
			return
		}
	}
}

// indent shifts every line of s right by n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(strings.Trim(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}

// ruleYAML wraps a detection section into a minimal rule document.
func ruleYAML(detection string) string {
	return "title: test rule\nlogsource:\n    product: windows\ndetection:\n" + indent(detection, 4) + "\n"
}

// mustRule parses a rule made of the given detection section.
func mustRule(t testing.TB, detection string) *Rule {
	t.Helper()
	rules, err := ParseRule([]byte(ruleYAML(detection)))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, ruleYAML(detection))
	}
	if len(rules) != 1 {
		t.Fatalf("got %d rules, want 1", len(rules))
	}
	return rules[0]
}
