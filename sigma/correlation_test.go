package sigma

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func mustRuleSet(t *testing.T, doc string) *RuleSet {
	t.Helper()
	c, err := ParseCollection([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := NewRuleSetFrom(c)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// feeder runs events through a rule set and its correlator, recording
// correlation hits.
type feeder struct {
	rs   *RuleSet
	c    *Correlator
	base time.Time
	hits []Hit
}

func newFeeder(rs *RuleSet) *feeder {
	return &feeder{rs: rs, c: NewCorrelator(rs), base: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
}

func (f *feeder) emit(h Hit) { f.hits = append(f.hits, h) }

// at feeds e as an event of the given channel and ID, minutes after base.
func (f *feeder) at(minutes float64, channel string, id int, e ev) {
	t := f.base.Add(time.Duration(minutes * float64(time.Minute)))
	f.rs.Match(e, channel, id, func(r *Rule) { f.c.Observe(r, e, t, f.emit) })
}

func (f *feeder) minutes(t time.Time) float64 { return t.Sub(f.base).Minutes() }

const failedLogin = `title: Failed logon
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
`

func failed(user, ip string) ev {
	return ev{"EventID": "4625", "TargetUserName": user, "IpAddress": ip}
}

func TestEventCount(t *testing.T) {
	rs := mustRuleSet(t, failedLogin+`---
title: Brute force
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - TargetUserName
    timespan: 10m
    condition:
        gte: 3
level: high
`)
	f := newFeeder(rs)
	f.at(0, ChannelSecurity, 4625, failed("alice", "10.0.0.9"))
	f.at(1, ChannelSecurity, 4625, failed("alice", "10.0.0.9"))
	f.at(2, ChannelSecurity, 4625, failed("bob", "10.0.0.9"))
	f.at(3, ChannelSecurity, 4625, failed("bob", "10.0.0.9"))
	f.at(4, ChannelSecurity, 4625, ev{"EventID": "4625"}) // no group-by value: not counted
	f.at(5, ChannelSecurity, 4624, ev{"EventID": "4624", "TargetUserName": "alice"})
	if len(f.hits) != 0 {
		t.Fatalf("hits before the threshold: %+v", f.hits)
	}
	// The first two alice events leave the 10m window.
	f.at(12, ChannelSecurity, 4625, failed("alice", "10.0.0.9"))
	f.at(13, ChannelSecurity, 4625, failed("alice", "10.0.0.9"))
	if len(f.hits) != 0 {
		t.Fatalf("events outside the timespan were counted: %+v", f.hits)
	}
	f.at(14, ChannelSecurity, 4625, failed("ALICE", "10.0.0.9")) // group values are exact
	f.at(15, ChannelSecurity, 4625, failed("alice", "10.0.0.9"))
	if len(f.hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(f.hits))
	}
	h := f.hits[0]
	if h.Correlation.Title != "Brute force" || h.Group["TargetUserName"] != "alice" || h.Value != 3 ||
		f.minutes(h.Start) != 12 || f.minutes(h.End) != 15 || len(h.Events) != 3 {
		t.Errorf("hit = %+v", h)
	}
	// Counted events are spent: the next hit needs three new ones.
	f.at(16, ChannelSecurity, 4625, failed("alice", "10.0.0.9"))
	f.at(17, ChannelSecurity, 4625, failed("alice", "10.0.0.9"))
	if len(f.hits) != 1 {
		t.Errorf("events were counted twice: %d hits", len(f.hits))
	}
	f.at(18, ChannelSecurity, 4625, failed("alice", "10.0.0.9"))
	if len(f.hits) != 2 {
		t.Errorf("got %d hits, want 2", len(f.hits))
	}
	if got := rs.Standalone(rs.Rules()[0]); got {
		t.Error("a rule feeding a correlation without generate is standalone")
	}
}

func TestValueCount(t *testing.T) {
	rs := mustRuleSet(t, failedLogin+`---
title: Password spraying
correlation:
    type: value_count
    rules:
        - 53ba33fd-3a50-4468-a5ef-c583635cfa92
    group-by:
        - IpAddress
    timespan: 5m
    condition:
        field: TargetUserName
        gte: 3
generate: true
`)
	f := newFeeder(rs)
	f.at(0, ChannelSecurity, 4625, failed("u1", "10.0.0.9"))
	f.at(1, ChannelSecurity, 4625, failed("u1", "10.0.0.9"))
	f.at(1, ChannelSecurity, 4625, failed("u2", "10.0.0.8"))
	f.at(2, ChannelSecurity, 4625, failed("u2", "10.0.0.9"))
	f.at(2, ChannelSecurity, 4625, ev{"EventID": "4625", "IpAddress": "10.0.0.9"}) // no value: not counted
	if len(f.hits) != 0 {
		t.Fatalf("hit with two distinct values: %+v", f.hits)
	}
	f.at(3, ChannelSecurity, 4625, failed("u3", "10.0.0.9"))
	if len(f.hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(f.hits))
	}
	if h := f.hits[0]; h.Value != 3 || h.Group["IpAddress"] != "10.0.0.9" || len(h.Events) != 4 {
		t.Errorf("hit = %+v", h)
	}
	if !rs.Standalone(rs.Rules()[0]) {
		t.Error("a rule feeding a correlation with generate: true is not standalone")
	}

	// Values leave the window with their events.
	f = newFeeder(rs)
	f.at(0, ChannelSecurity, 4625, failed("u1", "10.0.0.9"))
	f.at(1, ChannelSecurity, 4625, failed("u2", "10.0.0.9"))
	f.at(7, ChannelSecurity, 4625, failed("u3", "10.0.0.9"))
	if len(f.hits) != 0 {
		t.Errorf("values outside the timespan were counted: %+v", f.hits)
	}
}

const reconRules = `title: Whoami
name: recon_a
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\whoami.exe'
    condition: selection
---
title: Net user
name: recon_b
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\net.exe'
    condition: selection
---
title: Nltest
name: recon_c
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\nltest.exe'
    condition: selection
`

func proc(host, image string) ev {
	return ev{"Computer": host, "User": "alice", "Image": `C:\Windows\System32\` + image}
}

func TestTemporal(t *testing.T) {
	rs := mustRuleSet(t, reconRules+`---
title: Recon burst
correlation:
    type: temporal
    rules:
        - recon_a
        - recon_b
        - recon_c
    group-by:
        - Computer
        - User
    timespan: 5m
`)
	f := newFeeder(rs)
	f.at(0, ChannelSysmon, 1, proc("ws1", "whoami.exe"))
	f.at(1, ChannelSysmon, 1, proc("ws1", "net.exe"))
	f.at(1, ChannelSysmon, 1, proc("ws2", "nltest.exe")) // another host
	f.at(7, ChannelSysmon, 1, proc("ws1", "nltest.exe")) // whoami and net have left the window
	f.at(8, ChannelSysmon, 1, proc("ws1", "nltest.exe")) // the same rule again adds nothing
	if len(f.hits) != 0 {
		t.Fatalf("premature hits: %+v", f.hits)
	}
	f.at(9, ChannelSysmon, 1, proc("ws1", "net.exe"))
	f.at(10, ChannelSysmon, 1, proc("ws1", "whoami.exe"))
	if len(f.hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(f.hits))
	}
	h := f.hits[0]
	if h.Value != 3 || h.Group["Computer"] != "ws1" || h.Group["User"] != "alice" || f.minutes(h.Start) != 7 || f.minutes(h.End) != 10 {
		t.Errorf("hit = %+v", h)
	}
}

func TestTemporalOrdered(t *testing.T) {
	rs := mustRuleSet(t, reconRules+`---
title: Recon in order
correlation:
    type: temporal_ordered
    rules:
        - recon_a
        - recon_b
        - recon_c
    group-by:
        - Computer
    timespan: 5m
`)
	f := newFeeder(rs)
	f.at(0, ChannelSysmon, 1, proc("ws1", "nltest.exe"))
	f.at(1, ChannelSysmon, 1, proc("ws1", "net.exe"))
	f.at(2, ChannelSysmon, 1, proc("ws1", "whoami.exe"))
	if len(f.hits) != 0 {
		t.Fatalf("out-of-order events matched: %+v", f.hits)
	}
	f.at(3, ChannelSysmon, 1, proc("ws1", "net.exe"))
	f.at(4, ChannelSysmon, 1, proc("ws1", "nltest.exe"))
	if len(f.hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(f.hits))
	}
}

// TestSpecCorrelationExample runs the specification's example: many failed
// logins (an event_count correlation) followed by a successful login, a
// temporal_ordered correlation over a correlation.
func TestSpecCorrelationExample(t *testing.T) {
	data, err := os.ReadFile("testdata/spec/correlation_failed_then_success.yml")
	if err != nil {
		t.Fatal(err)
	}
	rs := mustRuleSet(t, string(data))
	if len(rs.Correlations()) != 2 || len(rs.Rules()) != 2 {
		t.Fatalf("got %d correlations and %d rules", len(rs.Correlations()), len(rs.Rules()))
	}
	for _, r := range rs.Rules() {
		if rs.Standalone(r) {
			t.Errorf("rule %s is standalone", r)
		}
	}
	logon := func(id int, user string) ev {
		return ev{"EventID": map[int]string{4624: "4624", 4625: "4625"}[id], "User": user}
	}
	f := newFeeder(rs)
	f.at(0, ChannelSecurity, 4624, logon(4624, "alice")) // success first does not count
	for i := range 10 {
		f.at(1+float64(i)/10, ChannelSecurity, 4625, logon(4625, "alice"))
	}
	if len(f.hits) != 1 || f.hits[0].Correlation.Name != "multiple_failed_login" {
		t.Fatalf("after ten failures: hits = %+v", f.hits)
	}
	f.at(3, ChannelSecurity, 4624, logon(4624, "bob"))
	if len(f.hits) != 1 {
		t.Fatalf("another user's success completed the sequence: %+v", f.hits)
	}
	f.at(4, ChannelSecurity, 4624, logon(4624, "alice"))
	if len(f.hits) != 2 {
		t.Fatalf("got %d hits, want 2", len(f.hits))
	}
	h := f.hits[1]
	if h.Correlation.Title != "Correlation - Multiple Failed Logins Followed by Successful Login" || h.Correlation.Level != "high" ||
		h.Group["User"] != "alice" || len(h.Events) != 2 {
		t.Errorf("hit = %+v", h)
	}
	if inner, ok := h.Events[0].(*Hit); !ok || inner.Value != 10 {
		t.Errorf("first event of the outer hit = %#v, want the inner hit", h.Events[0])
	}
}

func TestCorrelationAliases(t *testing.T) {
	rs := mustRuleSet(t, `title: Internal error
name: internal_error
logsource:
    product: windows
detection:
    selection:
        status: 500
    condition: selection
---
title: New connection
name: new_network_connection
logsource:
    category: network_connection
    product: windows
detection:
    selection:
        Initiated: 'true'
    condition: selection
---
title: Error then connection between the same hosts
correlation:
    type: temporal
    rules:
        - internal_error
        - new_network_connection
    group-by:
        - internal_ip
        - remote_ip
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: SourceIp
        remote_ip:
            internal_error: source.ip
            new_network_connection: DestinationIp
`)
	f := newFeeder(rs)
	f.at(0, "Web", 1, ev{"status": "500", "destination.ip": "10.0.0.5", "source.ip": "203.0.113.9"})
	f.at(0.05, ChannelSysmon, 3, ev{"Initiated": "true", "SourceIp": "10.0.0.6", "DestinationIp": "203.0.113.9"})
	if len(f.hits) != 0 {
		t.Fatalf("different hosts correlated: %+v", f.hits)
	}
	f.at(0.1, ChannelSysmon, 3, ev{"Initiated": "true", "SourceIp": "10.0.0.5", "DestinationIp": "203.0.113.9"})
	if len(f.hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(f.hits))
	}
	if g := f.hits[0].Group; g["internal_ip"] != "10.0.0.5" || g["remote_ip"] != "203.0.113.9" {
		t.Errorf("group = %v", g)
	}
}

func TestValueSumAndAvg(t *testing.T) {
	const upload = `title: Upload
name: upload
logsource:
    product: windows
detection:
    selection:
        Action: upload
    condition: selection
`
	cases := []struct {
		typ, cond string
		sizes     []string
		hitAt     int // index of the event completing the hit, -1 for none
		value     float64
	}{
		{"value_sum", "gt: 1000", []string{"400", "500", "x", "200"}, 3, 1100},
		{"value_sum", "gt: 1000", []string{"400", "500"}, -1, 0},
		{"value_avg", "gte: 100", []string{"50", "120", "250"}, 2, 140},
		{"value_avg", "gte: 100", []string{"50", "60"}, -1, 0},
	}
	for _, tc := range cases {
		rs := mustRuleSet(t, upload+`---
title: Exfiltration
correlation:
    type: `+tc.typ+`
    rules:
        - upload
    group-by:
        - User
    timespan: 1h
    condition:
        field: Bytes
        `+tc.cond+`
`)
		f := newFeeder(rs)
		for i, size := range tc.sizes {
			f.at(float64(i), "App", 1, ev{"Action": "upload", "User": "bob", "Bytes": size})
			if want := i >= tc.hitAt && tc.hitAt >= 0; (len(f.hits) > 0) != want {
				t.Fatalf("%s %s %v: after event %d hits = %+v", tc.typ, tc.cond, tc.sizes, i, f.hits)
			}
		}
		if tc.hitAt >= 0 && f.hits[0].Value != tc.value {
			t.Errorf("%s: value = %v, want %v", tc.typ, f.hits[0].Value, tc.value)
		}
	}
}

// TestUpperBoundCondition checks that a condition with an upper bound is
// decided on complete windows: a group is reported once its window closes
// (at the next event of the group after it, or at Flush), with its final
// count.
func TestUpperBoundCondition(t *testing.T) {
	rs := mustRuleSet(t, failedLogin+`---
title: Few failures
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - TargetUserName
    timespan: 1h
    condition:
        gte: 2
        lt: 4
`)
	f := newFeeder(rs)
	for _, m := range []float64{0, 10, 20} {
		f.at(m, ChannelSecurity, 4625, failed("alice", "x"))
	}
	for _, m := range []float64{0, 1, 2, 3, 4} {
		f.at(m, ChannelSecurity, 4625, failed("bob", "x"))
	}
	f.at(0, ChannelSecurity, 4625, failed("carol", "x"))
	if len(f.hits) != 0 {
		t.Fatalf("hits before the windows closed: %+v", f.hits)
	}
	// alice's window closes when her next event falls outside it.
	f.at(70, ChannelSecurity, 4625, failed("alice", "x"))
	if len(f.hits) != 1 || f.hits[0].Group["TargetUserName"] != "alice" || f.hits[0].Value != 3 {
		t.Fatalf("after the window closed: hits = %+v", f.hits)
	}
	// Flush closes the rest: bob has too many, carol and alice's second
	// window too few.
	f.c.Flush(f.emit)
	if len(f.hits) != 1 {
		t.Errorf("after Flush: hits = %+v", f.hits)
	}
}

func TestCorrelationSweep(t *testing.T) {
	rs := mustRuleSet(t, failedLogin+`---
title: Exactly two
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - TargetUserName
    timespan: 1m
    condition:
        eq: 2
`)
	f := newFeeder(rs)
	f.at(0, ChannelSecurity, 4625, failed("alice", "x"))
	f.at(0.5, ChannelSecurity, 4625, failed("alice", "x"))
	// Matches for other groups move time on; the periodic sweep closes
	// alice's window without waiting for Flush.
	for i := range sweepEvery {
		f.at(2+float64(i)/1000, ChannelSecurity, 4625, failed("u"+string(rune('a'+i%26))+string(rune('a'+i/26)), "x"))
	}
	if len(f.hits) != 1 || f.hits[0].Group["TargetUserName"] != "alice" {
		t.Errorf("hits = %+v, want alice's window", f.hits)
	}
	total := 0
	for _, st := range f.c.states {
		total += len(st.groups)
	}
	if total >= sweepEvery {
		t.Errorf("%d groups kept after the sweep", total)
	}
}

func TestCorrelationErrors(t *testing.T) {
	corr := func(body string) string {
		return failedLogin + "---\ntitle: c\ncorrelation:\n" + indent(body, 4) + "\n"
	}
	cases := []struct {
		name, doc, want string
		unsupported     bool
	}{
		{"no type", corr("rules: [failed_login]\ntimespan: 1h\ncondition:\n    gte: 1"), "correlation has no type", false},
		{"unknown type", corr("type: event_sum\nrules: [failed_login]\ntimespan: 1h\ncondition:\n    gte: 1"), `unknown correlation type "event_sum"`, false},
		{"percentile", corr("type: value_percentile\nrules: [failed_login]\ntimespan: 1h\ncondition:\n    field: x\n    lte: 1"), "unsupported: correlation type value_percentile", true},
		{"no rules", corr("type: event_count\ntimespan: 1h\ncondition:\n    gte: 1"), "correlation has no rules", false},
		{"no timespan", corr("type: event_count\nrules: [failed_login]\ncondition:\n    gte: 1"), "correlation has no timespan", false},
		{"bad timespan unit", corr("type: event_count\nrules: [failed_login]\ntimespan: 1w\ncondition:\n    gte: 1"), `bad timespan "1w": unit must be s, m, h or d`, false},
		{"bad timespan number", corr("type: event_count\nrules: [failed_login]\ntimespan: xm\ncondition:\n    gte: 1"), `bad timespan "xm"`, false},
		{"no condition", corr("type: event_count\nrules: [failed_login]\ntimespan: 1h"), "event_count correlation has no condition", false},
		{"no field", corr("type: value_count\nrules: [failed_login]\ntimespan: 1h\ncondition:\n    gte: 2"), "value_count correlation condition has no field", false},
		{"field on event_count", corr("type: event_count\nrules: [failed_login]\ntimespan: 1h\ncondition:\n    field: x\n    gte: 2"), "event_count correlation takes no field", false},
		{"bad criterion", corr("type: event_count\nrules: [failed_login]\ntimespan: 1h\ncondition:\n    over: 2"), `unknown condition criterion "over"`, false},
		{"not a number", corr("type: event_count\nrules: [failed_login]\ntimespan: 1h\ncondition:\n    gte: many"), `condition gte: want a number, not "many"`, false},
		{"only a field", corr("type: value_count\nrules: [failed_login]\ntimespan: 1h\ncondition:\n    field: x"), "correlation condition has no criterion", false},
		{"ordered with condition", corr("type: temporal_ordered\nrules: [failed_login]\ntimespan: 1h\ncondition:\n    gte: 1"), "unsupported: condition on a temporal_ordered correlation", true},
	}
	for _, tc := range cases {
		_, err := ParseCollection([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
			continue
		}
		var u *UnsupportedError
		if errors.As(err, &u) != tc.unsupported {
			t.Errorf("%s: UnsupportedError = %v, want %v", tc.name, !tc.unsupported, tc.unsupported)
		}
	}
}

func TestCorrelationReferences(t *testing.T) {
	const doc = failedLogin + `---
title: Missing reference
name: missing
correlation:
    type: event_count
    rules:
        - no_such_rule
    timespan: 1h
    condition:
        gte: 1
---
title: Built on a broken correlation
correlation:
    type: event_count
    rules:
        - missing
    timespan: 1h
    condition:
        gte: 1
---
title: Cycle A
name: cycle_a
correlation:
    type: event_count
    rules:
        - cycle_b
    timespan: 1h
    condition:
        gte: 1
---
title: Cycle B
name: cycle_b
correlation:
    type: event_count
    rules:
        - cycle_a
    timespan: 1h
    condition:
        gte: 1
---
title: Fine
correlation:
    type: event_count
    rules:
        - failed_login
    timespan: 1h
    condition:
        gte: 1
`
	c, err := ParseCollection([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := NewRuleSetFrom(c)
	for _, want := range []string{
		`correlation "Missing reference": rule no_such_rule not found`,
		`correlation "Built on a broken correlation": correlation missing is unusable or part of a cycle`,
		`correlation "Cycle A": correlation cycle_b is unusable or part of a cycle`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v, want it to contain %q", err, want)
		}
	}
	if got := rs.Correlations(); len(got) != 1 || got[0].Title != "Fine" {
		t.Errorf("usable correlations = %v", got)
	}
	// Without group-by, all events form one group.
	f := newFeeder(rs)
	f.at(0, ChannelSecurity, 4625, ev{"EventID": "4625"})
	if len(f.hits) != 1 {
		t.Errorf("correlation without group-by: %d hits", len(f.hits))
	}
}
