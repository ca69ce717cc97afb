package detect

import (
	"slices"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// Remote WMI eventing: the network logon that authenticates a remote WMI
// session, then the subscription objects it creates.

func init() {
	const sysmon = "Microsoft-Windows-Sysmon/Operational"
	rulePositives = append(rulePositives,
		ruleSample{ID: "4fa0b2c6-8e5d-4147-9dbd-1f6e3c8a0b2f", Channel: "Security", EventID: 4624,
			Fields: map[string]string{"EventID": "4624", "LogonType": "3", "TargetUserName": "pgustavo", "TargetDomainName": "SHIRE", "IpAddress": "172.18.39.5", "AuthenticationPackageName": "Kerberos"}},
		ruleSample{ID: "5ab1c3d7-9f6e-4258-8ece-2a7f4d9b1c30", Channel: sysmon, EventID: 20,
			Fields: map[string]string{"EventID": "20", "EventType": "WmiConsumerEvent", "Operation": "Created", "User": `SHIRE\pgustavo`, "Name": `"Updater"`, "Type": "Script", "Destination": `"var s = new ActiveXObject('WScript.Shell'); s.Run('powershell -nop -enc SQB');"`}},
	)
	ruleNegatives = append(ruleNegatives,
		// The machine account's own network logons (Group Policy, DC
		// lookups) and local loopback sessions.
		ruleSample{ID: "4fa0b2c6-8e5d-4147-9dbd-1f6e3c8a0b2f", Channel: "Security", EventID: 4624,
			Fields: map[string]string{"EventID": "4624", "LogonType": "3", "TargetUserName": "WS06$", "TargetDomainName": "SHIRE", "IpAddress": "172.18.39.6"}},
		ruleSample{ID: "4fa0b2c6-8e5d-4147-9dbd-1f6e3c8a0b2f", Channel: "Security", EventID: 4624,
			Fields: map[string]string{"EventID": "4624", "LogonType": "3", "TargetUserName": "pgustavo", "TargetDomainName": "SHIRE", "IpAddress": "::1"}},
		// A subscription being removed.
		ruleSample{ID: "5ab1c3d7-9f6e-4258-8ece-2a7f4d9b1c30", Channel: sysmon, EventID: 20,
			Fields: map[string]string{"EventID": "20", "EventType": "WmiConsumerEvent", "Operation": "Deleted", "User": `SHIRE\pgustavo`, "Name": `"Updater"`}},
	)
}

// TestCorrelationRemoteWMISubscription: a user's network logon from another
// host followed within seconds by a WMI consumer on the same host is remote
// WMI; the same events apart in time, on different hosts, or with a machine
// account's logon are not.
func TestCorrelationRemoteWMISubscription(t *testing.T) {
	const title = "WMI Event Subscription Created Over a Remote Session"
	logon := func(id, host, user string, at time.Duration) *huntflow.Event {
		return &huntflow.Event{ID: id, Time: t0.Add(at), Channel: "Security", EventID: 4624, Host: host,
			Fields: map[string]string{"EventID": "4624", "LogonType": "3", "TargetUserName": user, "TargetDomainName": "SHIRE", "IpAddress": "172.18.39.5"}}
	}
	consumer := func(id, host string, at time.Duration) *huntflow.Event {
		return &huntflow.Event{ID: id, Time: t0.Add(at), Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 20, Host: host,
			Fields: map[string]string{"EventID": "20", "EventType": "WmiConsumerEvent", "Operation": "Created", "User": `SHIRE\pgustavo`, "Name": `"Updater"`, "Type": "Script", "Destination": `"new ActiveXObject('WScript.Shell').Run('calc')"`}}
	}
	cases := []struct {
		name string
		evs  []*huntflow.Event
		want bool
	}{
		{"logon then consumer in the same second", []*huntflow.Event{logon("l", "WS06", "pgustavo", 0), consumer("c", "WS06", 500*time.Millisecond)}, true},
		{"consumer five minutes after the logon", []*huntflow.Event{logon("l", "WS06", "pgustavo", 0), consumer("c", "WS06", 5*time.Minute)}, false},
		{"logon on another host", []*huntflow.Event{logon("l", "WS05", "pgustavo", 0), consumer("c", "WS06", time.Second)}, false},
		{"machine account logon", []*huntflow.Event{logon("l", "WS06", "WS05$", 0), consumer("c", "WS06", time.Second)}, false},
		{"consumer alone", []*huntflow.Event{consumer("c", "WS06", 0)}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			titles := findingTitles(t, c.evs)
			if got := slices.Contains(titles, title); got != c.want {
				t.Errorf("finding %q: got %v, want %v (findings %v)", title, got, c.want, titles)
			}
			for _, base := range []string{"Network Logon by a User Account From Another Host", "WMI Event Filter, Consumer or Binding Created"} {
				if slices.Contains(titles, base) {
					t.Errorf("base rule %q produced a finding of its own", base)
				}
			}
		})
	}
}
