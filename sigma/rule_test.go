package sigma

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseRuleMetadata(t *testing.T) {
	const doc = `title: Credential Dumping via Mimikatz
id: 5f0d1f1a-2b3c-4d5e-8f90-123456789abc
name: mimikatz_cli
status: test
description: Detects mimikatz command lines.
author:
    - Alice
    - Bob
date: 2024-01-02
modified: 2024-03-04
references:
    - https://example.org/mimikatz
falsepositives: Administrators testing
level: high
tags:
    - attack.credential_access
    - attack.credential-access
    - attack.t1003.001
    - attack.T1003
    - attack.g0007
    - attack.s0002
    - attack.execution
    - car.2013-07-001
    - cve.2021-44228
logsource:
    category: process_creation
    product: windows
    definition: Sysmon or 4688 with command line
detection:
    selection:
        CommandLine|contains: 'sekurlsa::'
    condition: selection
fields:
    - CommandLine
custom_field: ignored
`
	rules, err := ParseRule([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	r := rules[0]
	checks := []struct{ name, got, want string }{
		{"Title", r.Title, "Credential Dumping via Mimikatz"},
		{"ID", r.ID, "5f0d1f1a-2b3c-4d5e-8f90-123456789abc"},
		{"Name", r.Name, "mimikatz_cli"},
		{"Status", r.Status, "test"},
		{"Author", r.Author, "Alice, Bob"},
		{"Date", r.Date, "2024-01-02"},
		{"Modified", r.Modified, "2024-03-04"},
		{"Level", r.Level, "high"},
		{"Category", r.Logsource.Category, "process_creation"},
		{"Product", r.Logsource.Product, "windows"},
		{"Definition", r.Logsource.Definition, "Sysmon or 4688 with command line"},
		{"FalsePositives", strings.Join(r.FalsePositives, "|"), "Administrators testing"},
		{"References", strings.Join(r.References, "|"), "https://example.org/mimikatz"},
		{"Fields", strings.Join(r.Fields, "|"), "CommandLine"},
		{"Techniques", strings.Join(r.Techniques(), "|"), "T1003.001|T1003"},
		{"Tactics", strings.Join(r.Tactics(), "|"), "credential-access|execution"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if len(r.Tags) != 9 {
		t.Errorf("Tags = %q, want the 9 raw tags", r.Tags)
	}
	// The accessors return copies.
	r.Techniques()[0] = "changed"
	if r.Techniques()[0] != "T1003.001" {
		t.Error("Techniques exposes the rule's own slice")
	}
}

func TestIsTechnique(t *testing.T) {
	for s, want := range map[string]bool{
		"t1003": true, "t1003.001": true, "t1003.01": false, "t100": false,
		"t10034": false, "g0007": false, "t1003x001": false, "ta0006": false,
	} {
		if got := isTechnique(s); got != want {
			t.Errorf("isTechnique(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestParseRuleErrors(t *testing.T) {
	cases := []struct {
		name        string
		doc         string
		want        string
		unsupported bool
	}{
		{"unknown modifier", ruleYAML("sel:\n    CommandLine|contain: x\ncondition: sel"), `field "CommandLine|contain": unknown modifier |contain`, false},
		{"expand", ruleYAML("sel:\n    Host|expand: '%DomainControllers%'\ncondition: sel"), "unsupported: modifier |expand", true},
		{"time modifier with contains", ruleYAML("sel:\n    UtcTime|hour|contains: 3\ncondition: sel"), "|contains cannot be combined with |hour", false},
		{"time modifier with re", ruleYAML("sel:\n    UtcTime|re|hour: 3\ncondition: sel"), "|hour cannot be combined with |re", false},
		{"time modifier not a number", ruleYAML("sel:\n    UtcTime|hour: three\ncondition: sel"), "|hour needs a whole number", false},
		{"two time modifiers", ruleYAML("sel:\n    UtcTime|hour|minute: 3\ncondition: sel"), "|hour and |minute cannot be combined", false},
		{"undefined selection", ruleYAML("sel:\n    A: x\ncondition: sel and filter"), `undefined search identifier "filter"`, false},
		{"bad regex", ruleYAML("sel:\n    A|re: '(?=x)'\ncondition: sel"), "bad regular expression", false},
		{"unclosed regex group", ruleYAML("sel:\n    A|re: '(ab'\ncondition: sel"), "bad regular expression", false},
		{"unbalanced parentheses", ruleYAML("sel:\n    A: x\ncondition: (sel"), "unbalanced parentheses", false},
		{"regex flag without re", ruleYAML("sel:\n    A|contains|i: x\ncondition: sel"), "|i is only valid after |re", false},
		{"re with contains", ruleYAML("sel:\n    A|re|contains: x\ncondition: sel"), "|contains cannot be combined with |re", false},
		{"two types", ruleYAML("sel:\n    A|re|cidr: x\ncondition: sel"), "|re and |cidr cannot be combined", false},
		{"cidr cased", ruleYAML("sel:\n    A|cidr|cased: 10.0.0.0/8\ncondition: sel"), "|cased cannot be combined with |cidr", false},
		{"bad cidr", ruleYAML("sel:\n    A|cidr: 10.0.0.0/33\ncondition: sel"), "bad CIDR range", false},
		{"gt not a number", ruleYAML("sel:\n    A|gt: ten\ncondition: sel"), "|gt needs a number", false},
		{"exists not a bool", ruleYAML("sel:\n    A|exists: 'yes'\ncondition: sel"), "|exists needs true or false", false},
		{"exists with all", ruleYAML("sel:\n    A|exists|neq: true\ncondition: sel"), "|exists cannot be combined", false},
		{"all with one value", ruleYAML("sel:\n    A|contains|all: x\ncondition: sel"), "|all needs a list of two or more values", false},
		{"null in a list", ruleYAML("sel:\n    A:\n        - x\n        - null\ncondition: sel"), "null cannot be part of a value list", false},
		{"null with modifier", ruleYAML("sel:\n    A|contains: null\ncondition: sel"), "a null value cannot take modifiers", false},
		{"base64 of wildcard", ruleYAML("sel:\n    A|base64: 'x*'\ncondition: sel"), "cannot encode wildcards", false},
		{"base64offset empty", ruleYAML("sel:\n    A|base64offset|contains: ''\ncondition: sel"), "needs a non-empty value", false},
		{"fieldref with windash", ruleYAML("sel:\n    A|fieldref|windash: B\ncondition: sel"), "|windash cannot be combined with |fieldref", false},
		{"keyword cidr", ruleYAML("sel:\n    '|cidr': 10.0.0.0/8\ncondition: sel"), "|cidr needs a field name", false},
		{"empty modifier", ruleYAML("sel:\n    A||contains: x\ncondition: sel"), "empty modifier", false},
		{"nested value", ruleYAML("sel:\n    A:\n        B: x\ncondition: sel"), "value must be a scalar or a list of scalars", false},
		{"nested list value", ruleYAML("sel:\n    A:\n        - [x]\ncondition: sel"), "values must be scalars", false},
		{"empty value list", ruleYAML("sel:\n    A: []\ncondition: sel"), "empty value list", false},
		{"empty selection", ruleYAML("sel:\ncondition: sel"), `search identifier "sel": empty selection`, false},
		{"empty map", ruleYAML("sel: {}\ncondition: sel"), "empty map", false},
		{"null keyword", ruleYAML("sel:\n    - x\n    - null\ncondition: sel"), "want a map or a keyword string", false},
		{"duplicate identifier", ruleYAML("sel:\n    A: x\nsel:\n    B: y\ncondition: sel"), `search identifier "sel" defined twice`, false},
		{"no condition", ruleYAML("sel:\n    A: x"), "detection has no condition", false},
		{"condition map", ruleYAML("sel:\n    A: x\ncondition:\n    x: y"), "condition must be a string or a list of strings", false},
		{"missing title", "logsource:\n    product: windows\ndetection:\n    sel:\n        A: x\n    condition: sel\n", "missing title", false},
		{"missing logsource", "title: t\ndetection:\n    sel:\n        A: x\n    condition: sel\n", "missing logsource", false},
		{"missing detection", "title: t\nlogsource:\n    product: windows\n", "missing detection", false},
		{"detection not a map", "title: t\nlogsource:\n    product: windows\ndetection: x\n", "detection must be a map", false},
		{"tags not strings", "title: t\ntags:\n    - a: b\nlogsource:\n    product: windows\ndetection:\n    s:\n        A: x\n    condition: s\n", "want a string", false},
		{"not a map", "- a\n- b\n", "document is not a map", false},
		{"invalid yaml", "title: [unclosed\n", "invalid YAML", false},
		{"unknown action", "action: frobnicate\ntitle: t\n", `unknown action "frobnicate"`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRule([]byte(tc.doc))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
			var u *UnsupportedError
			if errors.As(err, &u) != tc.unsupported {
				t.Errorf("errors.As(UnsupportedError) = %v, want %v", !tc.unsupported, tc.unsupported)
			}
		})
	}
}

func TestParseRuleMultiDocument(t *testing.T) {
	const doc = `title: first
logsource:
    product: windows
detection:
    sel:
        A: x
    condition: sel
---
title: broken
logsource:
    product: windows
detection:
    sel:
        A|nope: x
    condition: sel
---
title: third
logsource:
    product: windows
detection:
    sel:
        A: z
    condition: sel
`
	rules, err := ParseRule([]byte(doc))
	if err == nil || !strings.Contains(err.Error(), `document 2 rule "broken": search identifier "sel": field "A|nope": unknown modifier |nope`) {
		t.Errorf("error = %v, want one naming document 2", err)
	}
	var titles []string
	for _, r := range rules {
		titles = append(titles, r.Title)
	}
	if !slices.Equal(titles, []string{"first", "third"}) {
		t.Errorf("rules = %q, want the two valid ones", titles)
	}
}

func TestActionGlobal(t *testing.T) {
	const doc = `action: global
title: Suspicious service
tags:
    - attack.persistence
logsource:
    product: windows
detection:
    filter:
        User: 'SYSTEM'
    condition: selection and not filter
level: high
---
logsource:
    service: system
detection:
    selection:
        EventID: 7045
---
action: repeat
title: Suspicious service (security)
logsource:
    service: security
detection:
    selection:
        EventID: 4697
---
action: reset
---
title: Unrelated
logsource:
    product: windows
detection:
    selection:
        EventID: 1
    condition: selection
`
	rules, err := ParseRule([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 3 {
		t.Fatalf("got %d rules, want 3", len(rules))
	}
	sys, sec, other := rules[0], rules[1], rules[2]
	if sys.Title != "Suspicious service" || sys.Level != "high" || sys.Logsource.Product != "windows" || sys.Logsource.Service != "system" {
		t.Errorf("first rule = %+v, want the global parts merged in", sys)
	}
	if !slices.Equal(sys.Tactics(), []string{"persistence"}) {
		t.Errorf("first rule tactics = %q", sys.Tactics())
	}
	if !sys.Match(ev{"EventID": "7045", "User": "bob"}) || sys.Match(ev{"EventID": "7045", "User": "SYSTEM"}) {
		t.Error("first rule does not combine the global filter with its selection")
	}
	if sec.Title != "Suspicious service (security)" || sec.Logsource.Service != "security" {
		t.Errorf("repeated rule = %+v", sec)
	}
	if !sec.Match(ev{"EventID": "4697"}) || sec.Match(ev{"EventID": "7045"}) {
		t.Error("repeated rule does not replace the selection")
	}
	if other.Level != "" || len(other.Tags) != 0 {
		t.Errorf("rule after reset inherited %q %q", other.Level, other.Tags)
	}
}

func TestLoadErrorFormat(t *testing.T) {
	e := LoadError{Path: "rules/x.yml", Err: errors.New("missing title")}
	if e.Error() != "rules/x.yml: missing title" {
		t.Errorf("Error() = %q", e.Error())
	}
	var u *UnsupportedError
	wrapped := LoadError{Path: "p", Err: &UnsupportedError{Feature: "modifier |expand"}}
	if !errors.As(wrapped, &u) || u.Feature != "modifier |expand" {
		t.Error("LoadError does not unwrap")
	}
}
