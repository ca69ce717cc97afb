package sigma

import (
	"errors"
	"strings"
	"testing"
)

// conditionDetection defines selections a, b, c, sel_x, sel_y, filter_1,
// filter_2 and _helper, each true when the field of the same name is "1".
const conditionDetection = `
a:
    a: '1'
b:
    b: '1'
c:
    c: '1'
sel_x:
    sel_x: '1'
sel_y:
    sel_y: '1'
filter_1:
    filter_1: '1'
filter_2:
    filter_2: '1'
_helper:
    _helper: '1'
`

// on returns an event with the named fields set to "1".
func on(names ...string) ev {
	e := ev{}
	for _, n := range names {
		e[n] = "1"
	}
	return e
}

func TestConditions(t *testing.T) {
	cases := []struct {
		cond  string
		event ev
		want  bool
	}{
		{"a", on("a"), true},
		{"a", on("b"), false},
		{"a and b", on("a", "b"), true},
		{"a and b", on("a"), false},
		{"a or b", on("b"), true},
		{"a or b", on(), false},
		{"not a", on(), true},
		{"not a", on("a"), false},
		// and binds tighter than or.
		{"a or b and c", on("a"), true},
		{"a or b and c", on("b"), false},
		{"a or b and c", on("b", "c"), true},
		{"a and b or c", on("c"), true},
		{"a and b or c", on("a"), false},
		// not binds tighter than and.
		{"not a and b", on("b"), true},
		{"not a and b", on("a", "b"), false},
		{"not a and b", on(), false},
		{"not not a", on("a"), true},
		// Parentheses override precedence.
		{"not (a and b)", on("a"), true},
		{"not (a and b)", on("a", "b"), false},
		{"(a or b) and c", on("b", "c"), true},
		{"(a or b) and c", on("b"), false},
		{"((a))", on("a"), true},
		{"a and (b or (c and not a))", on("a", "c"), false},
		{"a and (b or (c and not a))", on("a", "b"), true},
		// Operators are case-insensitive.
		{"a AND NOT b", on("a"), true},
		{"a Or b", on("b"), true},
		// Quantifiers.
		{"1 of sel_*", on("sel_y"), true},
		{"1 of sel_*", on("a"), false},
		{"all of sel_*", on("sel_x"), false},
		{"all of sel_*", on("sel_x", "sel_y"), true},
		{"1 of them", on("c"), true},
		{"1 of them", on("_helper"), false},
		{"all of them", on("a", "b", "c", "sel_x", "sel_y", "filter_1", "filter_2"), true},
		{"all of them", on("a", "b", "c", "sel_x", "sel_y", "filter_1"), false},
		{"1 of *_1", on("filter_1"), true},
		{"1 of *", on("_helper"), true},
		{"1 of s*_y", on("sel_y"), true},
		{"2 of sel_* or c", on("sel_x"), false},
		{"2 of sel_* or c", on("sel_x", "sel_y"), true},
		{"a and not 1 of filter_*", on("a"), true},
		{"a and not 1 of filter_*", on("a", "filter_2"), false},
		{"not 1 of filter_* and a", on("a"), true},
		{"all of filter_* or a", on("filter_1", "filter_2"), true},
		{"_helper and a", on("_helper", "a"), true},
		{"1 of _h*", on("_helper"), true},
	}
	for _, tc := range cases {
		r := mustRule(t, conditionDetection+"condition: "+tc.cond)
		if got := r.Match(tc.event); got != tc.want {
			t.Errorf("%q on %v = %v, want %v", tc.cond, tc.event, got, tc.want)
		}
	}
}

func TestConditionList(t *testing.T) {
	r := mustRule(t, conditionDetection+"condition:\n    - a and b\n    - c")
	for _, tc := range []struct {
		event ev
		want  bool
	}{
		{on("a", "b"), true},
		{on("c"), true},
		{on("a"), false},
	} {
		if got := r.Match(tc.event); got != tc.want {
			t.Errorf("condition list on %v = %v, want %v", tc.event, got, tc.want)
		}
	}
}

func TestConditionErrors(t *testing.T) {
	cases := []struct {
		cond        string
		want        string
		unsupported bool
	}{
		{"a and", "ends where an operand is expected", false},
		{"(a and b", "unbalanced parentheses: missing )", false},
		{"a and b)", "unbalanced parentheses: unexpected )", false},
		{"a)", "unbalanced parentheses: unexpected )", false},
		{"()", "unbalanced parentheses: unexpected )", false},
		{"missing", `undefined search identifier "missing"`, false},
		{"a and selection", `undefined search identifier "selection"`, false},
		{"1 of nothing*", `no search identifier matches "nothing*"`, false},
		{"3 of sel_*", "only 2 search identifiers match", false},
		{"some of them", `bad quantifier "some"`, false},
		{"0 of them", "bad quantifier", false},
		{"1 of", "want them or a search identifier pattern", false},
		{"a b", `unexpected "b"`, false},
		{"and a", `unexpected "and"`, false},
		{"a or or b", `unexpected "or"`, false},
		{"not", "ends where an operand is expected", false},
		{"a | count() > 5", "aggregation", true},
		{"a near b", "near", true},
	}
	for _, tc := range cases {
		_, err := ParseRule([]byte(ruleYAML(conditionDetection + "condition: " + tc.cond)))
		if err == nil {
			t.Errorf("%q: no error, want %q", tc.cond, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %q, want it to contain %q", tc.cond, err, tc.want)
		}
		var u *UnsupportedError
		if errors.As(err, &u) != tc.unsupported {
			t.Errorf("%q: UnsupportedError = %v, want %v", tc.cond, !tc.unsupported, tc.unsupported)
		}
	}
}

func TestEmptyCondition(t *testing.T) {
	_, err := ParseRule([]byte(ruleYAML("a:\n    a: 1\ncondition: ''")))
	if err == nil || !strings.Contains(err.Error(), "empty condition") {
		t.Errorf("error = %v, want empty condition", err)
	}
}

func TestMatchNamePattern(t *testing.T) {
	cases := []struct {
		pattern, name string
		want          bool
	}{
		{"sel", "sel", true},
		{"sel", "sel2", false},
		{"sel*", "sel", true},
		{"sel*", "selection_img", true},
		{"*img", "selection_img", true},
		{"*img", "selection_img2", false},
		{"sel*img", "selection_img", true},
		{"s*l*g", "selection_img", true},
		{"a*a", "a", false},
		{"*", "", true},
	}
	for _, tc := range cases {
		if got := matchNamePattern(tc.pattern, tc.name); got != tc.want {
			t.Errorf("matchNamePattern(%q, %q) = %v, want %v", tc.pattern, tc.name, got, tc.want)
		}
	}
}
