package sigma

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func ruleFile(title, logsource, detection string) string {
	return fmt.Sprintf("title: %s\nid: %s\nlogsource:\n%s\ndetection:\n%s\n",
		title, strings.ReplaceAll(strings.ToLower(title), " ", "-"), indent(logsource, 4), indent(detection, 4))
}

func titles(rules []*Rule) []string {
	var out []string
	for _, r := range rules {
		out = append(out, r.Title)
	}
	return out
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"rules/proc/whoami.yml": {Data: []byte(ruleFile("Whoami", "category: process_creation\nproduct: windows",
			"sel:\n    Image|endswith: '\\whoami.exe'\ncondition: sel"))},
		"rules/proc/broken.yml": {Data: []byte(ruleFile("Broken", "category: process_creation",
			"sel:\n    Image|endswith: '\\x.exe'\ncondition: sel and missing"))},
		"rules/sec/logon.yaml": {Data: []byte(ruleFile("Logon", "product: windows\nservice: security",
			"sel:\n    EventID: 4624\ncondition: sel"))},
		"rules/sec/expand.yml": {Data: []byte(ruleFile("Expand", "product: windows\nservice: security",
			"sel:\n    TargetUserName|expand: '%Administrators%'\ncondition: sel"))},
		"rules/sec/z_dup.yml": {Data: []byte(ruleFile("Logon", "product: windows\nservice: security",
			"sel:\n    EventID: 4625\ncondition: sel"))},
		"rules/net/av.yml": {Data: []byte(ruleFile("Antivirus", "category: antivirus",
			"sel:\n    Signature|contains: 'Mimikatz'\ncondition: sel"))},
		"rules/net/ocsf.yml": {Data: []byte("taxonomy: ocsf\n" + ruleFile("Ocsf", "product: windows",
			"sel:\n    process.cmd_line|contains: 'x'\ntimeframe: 5m\ncondition: sel"))},
		"rules/README.md":      {Data: []byte("not a rule")},
		"rules/bad/syntax.yml": {Data: []byte("title: [oops\n")},
		"other/ignored.yml":    {Data: []byte("title: outside the root\n")},
		"rules/.github/ci.yml": {Data: []byte("on: push\n")},
	}
	rs, lerrs, err := Load(fsys, "rules")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := titles(rs.Rules()), []string{"Antivirus", "Ocsf", "Whoami", "Logon"}; !slices.Equal(got, want) {
		t.Errorf("rules = %q, want %q", got, want)
	}
	wantErrs := map[string]string{
		"rules/proc/broken.yml": `undefined search identifier "missing"`,
		"rules/sec/expand.yml":  "unsupported: modifier |expand",
		"rules/sec/z_dup.yml":   "duplicate id logon (first in rules/sec/logon.yaml)",
		"rules/bad/syntax.yml":  "invalid YAML",
	}
	if len(lerrs) != len(wantErrs) {
		t.Errorf("got %d load errors, want %d: %v", len(lerrs), len(wantErrs), lerrs)
	}
	for _, e := range lerrs {
		want, ok := wantErrs[e.Path]
		if !ok || !strings.Contains(e.Error(), want) || !strings.HasPrefix(e.Error(), e.Path+": ") {
			t.Errorf("load error %q, want %q for %s", e, want, e.Path)
		}
	}
	unsupported := strings.Join(rs.Unsupported(), "\n")
	for _, want := range []string{
		"rules/sec/expand.yml: rule \"Expand\": search identifier \"sel\": field \"TargetUserName|expand\": unsupported: modifier |expand",
		`rule "Antivirus" (antivirus): logsource category "antivirus" has no Windows event mapping; it never matches`,
		`rule "Ocsf" (ocsf): detection timeframe (Sigma v1) is ignored; use a correlation rule`,
		`rule "Ocsf" (ocsf): taxonomy "ocsf": field names are used as written`,
	} {
		if !strings.Contains(unsupported, want) {
			t.Errorf("Unsupported() = %q, want it to include %q", unsupported, want)
		}
	}
}

func TestLoadWalkError(t *testing.T) {
	_, _, err := Load(fstest.MapFS{}, "nowhere")
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing root: err = %v, want ErrNotExist", err)
	}
}

func TestRuleSetMatch(t *testing.T) {
	parse := func(doc string) *Rule {
		rules, err := ParseRule([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		return rules[0]
	}
	proc := parse(ruleFile("Proc", "category: process_creation\nproduct: windows", "sel:\n    Image|endswith: '\\cmd.exe'\ncondition: sel"))
	logon := parse(ruleFile("Logon", "product: windows\nservice: security", "sel:\n    EventID: 4624\ncondition: sel"))
	any := parse(ruleFile("Any", "product: windows", "sel:\n    Image|endswith: '\\cmd.exe'\ncondition: sel"))
	net := parse(ruleFile("Net", "category: network_connection\nproduct: windows", "sel:\n    Image|endswith: '\\cmd.exe'\ncondition: sel"))
	linux := parse(ruleFile("Linux", "category: process_creation\nproduct: linux", "sel:\n    Image|endswith: '\\cmd.exe'\ncondition: sel"))
	rs := NewRuleSet([]*Rule{proc, logon, any, net, linux})

	cmd := ev{"Image": `C:\Windows\System32\cmd.exe`, "EventID": "4624"}
	cases := []struct {
		name    string
		channel string
		id      int
		want    []string
	}{
		{"sysmon process creation", ChannelSysmon, 1, []string{"Proc", "Any"}},
		{"security 4688", ChannelSecurity, 4688, []string{"Proc", "Logon", "Any"}},
		{"security 4624", ChannelSecurity, 4624, []string{"Logon", "Any"}},
		{"sysmon network", ChannelSysmon, 3, []string{"Any", "Net"}},
		{"sysmon other", ChannelSysmon, 7, []string{"Any"}},
		{"unknown channel", "Foo", 1, []string{"Any"}},
		{"lower-case channel", "security", 4688, []string{"Proc", "Logon", "Any"}},
	}
	for _, tc := range cases {
		var got []string
		rs.Match(cmd, tc.channel, tc.id, func(r *Rule) { got = append(got, r.Title) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: matched %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := titles(rs.Candidates(ChannelSysmon, 3)); !slices.Equal(got, []string{"Any", "Net"}) {
		t.Errorf("Candidates(sysmon, 3) = %q", got)
	}
	var got []string
	rs.Match(ev{"Image": `C:\x\notepad.exe`}, ChannelSysmon, 1, func(r *Rule) { got = append(got, r.Title) })
	if len(got) != 0 {
		t.Errorf("non-matching event matched %q", got)
	}
}

func TestRuleSetMatchAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool allocate")
	}
	rs := benchRuleSet(t)
	events := benchEvents()
	n := 0
	fn := func(*Rule) { n++ }
	allocs := testing.AllocsPerRun(20, func() {
		for _, e := range events {
			rs.Match(e.ev, e.channel, e.id, fn)
		}
	})
	if allocs != 0 {
		t.Errorf("Match allocates %.1f times per pass, want 0", allocs)
	}
	if n == 0 {
		t.Error("no rule matched the benchmark events")
	}
}

func TestKeywordMatchAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool allocate")
	}
	r := mustRule(t, "kw:\n    - 'event::clear'\n    - 'event::drop'\ncondition: kw")
	e := kwev{"CommandLine": "mimikatz event::drop", "Image": "x"}
	allocs := testing.AllocsPerRun(100, func() {
		if !r.Match(e) {
			t.Fatal("no match")
		}
	})
	if allocs > 0 {
		t.Errorf("keyword match allocates %.1f times, want 0", allocs)
	}
}

func TestFilters(t *testing.T) {
	const doc = `title: Rar compression
id: 6f3e2987-db24-4c78-a860-b4f4095a7095
name: rar_compression
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\rar.exe'
    condition: selection
---
title: Whoami
id: df0841c0-9846-4e9f-ad8a-7df91571771b
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\whoami.exe'
    condition: selection
---
title: Logon
id: 11111111-1111-1111-1111-111111111111
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4624
    condition: selection
---
title: Filter Administrator account
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - rar_compression
    selection:
        User|startswith: 'adm_'
    condition: not selection
`
	c, err := ParseCollection([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Filters) != 1 || len(c.Rules) != 3 {
		t.Fatalf("parsed %d rules and %d filters", len(c.Rules), len(c.Filters))
	}
	rs, err := NewRuleSetFrom(c)
	if err != nil {
		t.Fatal(err)
	}
	match := func(e ev) []string {
		var got []string
		rs.Match(e, ChannelSysmon, 1, func(r *Rule) { got = append(got, r.Title) })
		return got
	}
	if got := match(ev{"Image": `C:\rar.exe`, "User": "bob"}); !slices.Equal(got, []string{"Rar compression"}) {
		t.Errorf("ordinary user: matched %q", got)
	}
	if got := match(ev{"Image": `C:\rar.exe`, "User": "adm_bob"}); len(got) != 0 {
		t.Errorf("filtered user: matched %q", got)
	}
	if got := match(ev{"Image": `C:\whoami.exe`, "User": "adm_bob"}); !slices.Equal(got, []string{"Whoami"}) {
		t.Errorf("filter applied to a rule it does not name: matched %q", got)
	}

	// A filter naming a missing rule, or a rule outside its logsource, is
	// reported and not applied.
	for _, rules := range []string{"- no_such_rule", "- 11111111-1111-1111-1111-111111111111"} {
		bad := strings.Replace(doc, "- rar_compression", rules, 1)
		c, err := ParseCollection([]byte(bad))
		if err != nil {
			t.Fatal(err)
		}
		rs, err := NewRuleSetFrom(c)
		if err == nil || len(rs.Filters()) != 0 {
			t.Errorf("filter with %s: err = %v, filters = %d", rules, err, len(rs.Filters()))
		}
	}

	// rules: any applies the filter to every rule its logsource covers.
	c, err = ParseCollection([]byte(strings.Replace(doc, "- rar_compression", "any", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if rs, err = NewRuleSetFrom(c); err != nil {
		t.Fatal(err)
	}
	if got := match(ev{"Image": `C:\whoami.exe`, "User": "adm_bob"}); len(got) != 0 {
		t.Errorf("filter for any rule: matched %q", got)
	}
	var got []string
	rs.Match(ev{"EventID": "4624", "User": "adm_bob"}, ChannelSecurity, 4624, func(r *Rule) { got = append(got, r.Title) })
	if !slices.Equal(got, []string{"Logon"}) {
		t.Errorf("filter for any rule applied outside its logsource: matched %q", got)
	}
}

func TestNewRuleSetKeepsDuplicates(t *testing.T) {
	doc := ruleFile("Same", "product: windows", "sel:\n    A: x\ncondition: sel")
	a, _ := ParseRule([]byte(doc))
	b, _ := ParseRule([]byte(doc))
	rs := NewRuleSet(append(a, b...))
	n := 0
	rs.Match(ev{"A": "x"}, ChannelSecurity, 1, func(*Rule) { n++ })
	if len(rs.Rules()) != 2 || n != 2 {
		t.Errorf("NewRuleSet kept %d rules and matched %d, want both", len(rs.Rules()), n)
	}
	c := &Collection{Rules: append(a, b...)}
	rs, err := NewRuleSetFrom(c)
	if err == nil || !strings.Contains(err.Error(), "duplicate id same") || len(rs.Rules()) != 1 {
		t.Errorf("NewRuleSetFrom: %d rules, error %v", len(rs.Rules()), err)
	}
}

// TestConcurrentMatch shares one rule set, keyword rules included, between
// goroutines; run with -race.
func TestConcurrentMatch(t *testing.T) {
	rules := benchRuleSet(t).Rules()
	kw := mustRule(t, "kw:\n    - 'event::clear'\n    - 'event::drop'\ncondition: kw")
	rs := NewRuleSet(append(rules, kw))
	events := benchEvents()
	want := 0
	for _, e := range events {
		rs.Match(e.ev, e.channel, e.id, func(*Rule) { want++ })
	}
	kwEvent := kwev{"CommandLine": "x event::drop"}
	done := make(chan int)
	for range 4 {
		go func() {
			n := 0
			for range 50 {
				for _, e := range events {
					rs.Match(e.ev, e.channel, e.id, func(*Rule) { n++ })
				}
				if !kw.Match(kwEvent) {
					n = -1 << 30
				}
			}
			done <- n
		}()
	}
	for range 4 {
		if n := <-done; n != 50*want {
			t.Errorf("goroutine matched %d times, want %d", n, 50*want)
		}
	}
}

// TestLoadCollectionAcrossTrees resolves a correlation in one tree against a
// rule in another, which separate Loads cannot do.
func TestLoadCollectionAcrossTrees(t *testing.T) {
	shipped := fstest.MapFS{"r.yml": {Data: []byte(failedLogin)}}
	user := fstest.MapFS{"c.yml": {Data: []byte(`title: Brute force
correlation:
    type: event_count
    rules:
        - failed_login
    timespan: 1h
    condition:
        gte: 2
`)}}
	if _, lerrs, _ := Load(user, "."); len(lerrs) != 1 || !strings.Contains(lerrs[0].Error(), "rule failed_login not found") {
		t.Errorf("Load of the user tree alone: %v", lerrs)
	}
	a, lerrs, err := LoadCollection(shipped, ".")
	if err != nil || len(lerrs) > 0 {
		t.Fatal(err, lerrs)
	}
	b, lerrs, err := LoadCollection(user, ".")
	if err != nil || len(lerrs) > 0 {
		t.Fatal(err, lerrs)
	}
	rs, err := NewRuleSetFrom(&Collection{Rules: append(a.Rules, b.Rules...), Correlations: append(a.Correlations, b.Correlations...)})
	if err != nil || len(rs.Correlations()) != 1 {
		t.Errorf("merged collections: %d correlations, error %v", len(rs.Correlations()), err)
	}
}
