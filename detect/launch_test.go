package detect

import (
	"strconv"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// TestLaunchIdentities: which process each event of a stream is named
// after, as a session resolves them (Sysmon creations registered ahead,
// everything else in time order).
func TestLaunchIdentities(t *testing.T) {
	const host = "WS01"
	sys := func(guid string, at time.Duration, pid int64, image string) *huntflow.Event {
		return &huntflow.Event{Time: t0.Add(at), Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1, Host: host,
			ProcessGUID: guid, ProcessID: pid, Image: image}
	}
	sec := func(eid int, at time.Duration, pid int64, image string) *huntflow.Event {
		return &huntflow.Event{Time: t0.Add(at), Channel: "Security", EventID: eid, Host: host, ProcessID: pid, Image: image}
	}
	unit := func(d time.Duration) string {
		return "ws01/500@" + strconv.FormatInt(t0.Add(d).UnixNano(), 10)
	}
	tests := []struct {
		name   string
		events []*huntflow.Event
		want   []string // identity of each event
	}{
		{"Sysmon launch and its Security record",
			[]*huntflow.Event{sec(4688, 0, 500, `C:\a.exe`), sys("{A}", 200*time.Millisecond, 500, `C:\a.exe`), sec(4663, time.Minute, 500, "")},
			[]string{"{a}", "{a}", "{a}"}},
		{"PID reused: events go to the process holding it then",
			[]*huntflow.Event{sys("{A}", 0, 500, `C:\a.exe`), sec(4663, time.Minute, 500, ""), sys("{B}", 2*time.Minute, 500, `C:\b.exe`), sec(4663, 3*time.Minute, 500, "")},
			[]string{"{a}", "{a}", "{b}", "{b}"}},
		{"event of a process started before the window, then a new launch",
			[]*huntflow.Event{sec(4663, 0, 500, ""), sys("{A}", time.Minute, 500, `C:\a.exe`)},
			[]string{"ws01/500", "{a}"}},
		{"two Security-only launches sharing a PID",
			[]*huntflow.Event{sec(4688, 0, 500, `C:\a.exe`), sec(4663, time.Second*30, 500, ""), sec(4688, 10*time.Minute, 500, `C:\a.exe`), sec(4663, 11*time.Minute, 500, "")},
			[]string{"ws01/500", "ws01/500", unit(10 * time.Minute), unit(10 * time.Minute)}},
		{"pre-window process, then a Security-only launch",
			[]*huntflow.Event{sec(4663, 0, 500, ""), sec(4688, time.Minute, 500, `C:\a.exe`), sec(4663, 2*time.Minute, 500, "")},
			[]string{"ws01/500", unit(time.Minute), unit(time.Minute)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLaunches()
			for _, ev := range tt.events {
				if isProcessCreation(ev) && ev.ProcessGUID != "" {
					l.register(ev, time.Time{})
				}
			}
			for i, ev := range tt.events {
				if got := l.resolve(ev, isProcessCreation(ev)).id; got != tt.want[i] {
					t.Errorf("event %d (%d at %s): %q, want %q", i, ev.EventID, ev.Time.Sub(t0), got, tt.want[i])
				}
			}
		})
	}
}

// TestSecurityOnlyPIDReuse: on a host without Sysmon, two launches that
// share a PID are two detections.
func TestSecurityOnlyPIDReuse(t *testing.T) {
	const whoami = `C:\Windows\System32\whoami.exe`
	evs := []*huntflow.Event{
		securityStart("first", 0, "WS01", 4242, whoami, "whoami"),
		securityStart("second", 2*time.Hour, "WS01", 4242, whoami, "whoami /priv"),
	}
	var fs []huntflow.Finding
	for _, f := range streamDetect(t, perRuleDetector(t), span(evs), evs, 1).Findings {
		if f.RuleID == whoamiRule {
			fs = append(fs, f)
		}
	}
	if len(fs) != 2 || fs[0].ID == fs[1].ID || fs[0].EventCount != 1 || fs[1].EventCount != 1 {
		t.Fatalf("whoami findings %v, want two of one launch each", fs)
	}
}
