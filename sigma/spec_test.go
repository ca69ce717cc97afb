package sigma

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func loadSpecFile(t *testing.T, name string) *Collection {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "spec", name))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCollection(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return c
}

// TestSpecificationExamples evaluates the examples of the Sigma rules
// specification against events they should and should not match.
func TestSpecificationExamples(t *testing.T) {
	cases := []struct {
		file  string
		title string
		event Event
		want  bool
	}{
		{"whoami.yml", "Whoami Execution", ev{"Image": `C:\Windows\System32\whoami.exe`}, true},
		{"whoami.yml", "Whoami Execution", ev{"Image": `c:\windows\system32\WHOAMI.exe`}, true},
		{"whoami.yml", "Whoami Execution", ev{"Image": `C:\Windows\SysWOW64\whoami.exe`}, false},
		{"list_of_strings.yml", "List of strings", kwev{"ServiceName": "EvilService"}, true},
		{"list_of_strings.yml", "List of strings", kwev{"CommandLine": `C:\Windows\svchost.exe -n evil -k x`}, true},
		{"list_of_strings.yml", "List of strings", kwev{"CommandLine": `svchost.exe -k netsvcs`}, false},
		{"list_of_maps.yml", "List of maps", ev{"Image": `C:\Temp\example.exe`}, true},
		{"list_of_maps.yml", "List of maps", ev{"Description": "This is a test executable"}, true},
		{"list_of_maps.yml", "List of maps", ev{"Image": `C:\Temp\example.exe.txt`, "Description": "Test"}, false},
		{"maps.yml", "Maps", ev{"EventLog": "Security", "EventID": "1102"}, true},
		{"maps.yml", "Maps", ev{"EventLog": "Security", "EventID": "4624"}, false},
		{"maps.yml", "Maps", ev{"EventLog": "System", "EventID": "517"}, false},
		{"maps.yml", "Maps with hex strings", ev{"EventLog": "Security", "EventID": "4769", "TicketOptions": "0x40810000", "TicketEncryption": "0x17"}, true},
		{"maps.yml", "Maps with hex strings", ev{"EventLog": "Security", "EventID": "4769", "TicketOptions": "0x40810000", "TicketEncryption": "0x12"}, false},
		{"null.yml", "Not null", ev{"EventID": "4738", "PasswordLastSet": "2024-05-01 10:00"}, true},
		{"null.yml", "Not null", ev{"EventID": "4738"}, false},
		{"null.yml", "Empty or null", ev{"FieldA": "something", "FieldB": ""}, true},
		{"null.yml", "Empty or null", ev{"FieldA": "something"}, true},
		{"null.yml", "Empty or null", ev{"FieldA": "something", "FieldB": "x"}, false},
		{"exists.yml", "Field existence", ev{"EventID": "4738", "PasswordLastSet": "-"}, true},
		{"exists.yml", "Field existence", ev{"EventID": "4738"}, false},
		{"keywords.yml", "Mimikatz keywords", kwev{"CommandLine": "mimikatz.exe event::drop exit"}, true},
		{"keywords.yml", "Mimikatz keywords", kwev{"CommandLine": "mimikatz.exe sekurlsa::logonpasswords"}, false},
		{"keywords.yml", "Keywords with all", kwev{"Payload": "Set-OabVirtualDirectory -ExternalUrl https://x"}, true},
		{"keywords.yml", "Keywords with all", kwev{"Payload": "Get-OabVirtualDirectory"}, false},
		{"placeholders.yml", "Literal percent value", ev{"field": "%name%"}, true},
		{"placeholders.yml", "Literal percent value", ev{"field": "name"}, false},
	}
	for _, tc := range cases {
		data, err := os.ReadFile(filepath.Join("testdata", "spec", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		rules, _ := ParseRule(data)
		var rule *Rule
		for _, r := range rules {
			if r.Title == tc.title {
				rule = r
			}
		}
		if rule == nil {
			t.Errorf("%s: no rule %q", tc.file, tc.title)
			continue
		}
		if got := rule.Match(tc.event); got != tc.want {
			t.Errorf("%s %q on %v = %v, want %v", tc.file, tc.title, tc.event, got, tc.want)
		}
	}
}

func TestSpecificationInvalidExamples(t *testing.T) {
	data, err := os.ReadFile("testdata/spec/null_in_list.yml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseRule(data); err == nil || !strings.Contains(err.Error(), "null cannot be part of a value list") {
		t.Errorf("null in a list: error = %v", err)
	}

	// A tool that cannot expand placeholders must reject the rule.
	data, err = os.ReadFile("testdata/spec/placeholders.yml")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := ParseRule(data)
	var u *UnsupportedError
	if !errors.As(err, &u) || u.Feature != "modifier |expand" || len(rules) != 1 {
		t.Errorf("placeholders: rules = %d, error = %v", len(rules), err)
	}
}

// TestSpecificationFilter applies the specification's global filter the way
// the reference implementation does: the filter's condition is ANDed to the
// rules it names.
func TestSpecificationFilter(t *testing.T) {
	c := loadSpecFile(t, "filter.yml")
	rs, err := NewRuleSetFrom(c)
	if err != nil {
		t.Fatal(err)
	}
	count := func(e ev) int {
		n := 0
		rs.Match(e, ChannelSysmon, 1, func(*Rule) { n++ })
		return n
	}
	if n := count(ev{"Image": `C:\rar.exe`, "User": "adm_alice"}); n != 1 {
		t.Errorf("admin rar: %d matches, want 1", n)
	}
	if n := count(ev{"Image": `C:\rar.exe`, "User": "alice"}); n != 0 {
		t.Errorf("non-admin rar: %d matches, want 0", n)
	}
	if n := count(ev{"Image": `C:\rar.exe`, "ParentImage": `C:\mstsc.exe`, "User": "adm_alice"}); n != 2 {
		t.Errorf("admin rar from a jump host: %d matches, want 2", n)
	}
	if f := rs.Filters(); len(f) != 1 || !f[0].Match(ev{"User": "ADM_x"}) {
		t.Errorf("filters = %v", f)
	}
}

func TestSpecificationCorrelations(t *testing.T) {
	c := loadSpecFile(t, "correlation_types.yml")
	want := []Correlation{
		{Title: "Many failed logins", ID: "0e95725d-7320-415d-80f7-004da920fc11", Type: EventCount,
			Rules: []string{"5638f7c0-ac70-491d-8465-2a65075e0d86"}, GroupBy: []string{"ComputerName"},
			Timespan: time.Hour, Condition: []Comparison{{"gte", 100}}},
		{Title: "Failed login", ID: "0e95725d-7320-415d-80f7-004da920fc12", Type: ValueCount,
			Rules: []string{"5638f7c0-ac70-491d-8465-2a65075e0d86"}, GroupBy: []string{"ComputerName", "WorkstationName"},
			Timespan: 24 * time.Hour, Field: []string{"User"}, Condition: []Comparison{{"gte", 100}}},
		{Title: "Recon", Type: Temporal,
			Rules: []string{"recon_cmd_a", "recon_cmd_b", "recon_cmd_c"}, GroupBy: []string{"ComputerName", "User"},
			Timespan: 5 * time.Minute, Condition: []Comparison{{"gte", 3}}},
		{Title: "Range", Type: EventCount, Rules: []string{"some_rule"}, GroupBy: []string{"User"},
			Timespan: 90 * time.Minute, Condition: []Comparison{{"gt", 100}, {"lte", 200}}},
	}
	if len(c.Correlations) != len(want) {
		t.Fatalf("got %d correlations, want %d", len(c.Correlations), len(want))
	}
	for i, got := range c.Correlations {
		if !reflect.DeepEqual(*got, want[i]) {
			t.Errorf("correlation %d:\n got %+v\nwant %+v", i, *got, want[i])
		}
	}
	r := c.Correlations[3]
	for v, want := range map[float64]bool{100: false, 101: true, 200: true, 201: false} {
		if r.Satisfied(v) != want {
			t.Errorf("range condition at %v = %v", v, !want)
		}
	}
	// The correlations refer to rules the file does not hold.
	if _, err := NewRuleSetFrom(c); err == nil || !strings.Contains(err.Error(), "rule 5638f7c0-ac70-491d-8465-2a65075e0d86 not found") {
		t.Errorf("unresolved references: error = %v", err)
	}
}
