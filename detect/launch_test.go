package detect

import (
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
	tests := []struct {
		name   string
		events []*huntflow.Event
		want   []string // identity of each event
	}{
		{"Sysmon launch and its Security record",
			[]*huntflow.Event{sec(4688, 0, 500, `C:\a.exe`), sys("{A}", 200*time.Millisecond, 500, `C:\a.exe`), sec(4663, time.Minute, 500, "")},
			[]string{"{a}", "{a}", "{a}"}},
		{"PID reused: events go to the process holding it then",
			[]*huntflow.Event{sys("{A}", 0, 500, `C:\a.exe`), sec(4663, time.Minute, 500, ""), sys("{B}", 2*time.Minute, 500, `C:\b.exe`),
				sec(4688, 2*time.Minute+time.Second/2, 500, `C:\b.exe`), sec(4663, 3*time.Minute, 500, "")},
			[]string{"{a}", "{a}", "{b}", "{b}", "{b}"}},
		{"event of a process started before the window, then a new launch",
			[]*huntflow.Event{sec(4663, 0, 500, ""), sys("{A}", time.Minute, 500, `C:\a.exe`)},
			[]string{"ws01/500", "{a}"}},
		{"Security record too late to pair",
			[]*huntflow.Event{sys("{A}", 0, 500, `C:\a.exe`), sec(4688, 1500*time.Millisecond, 500, `C:\a.exe`)},
			[]string{"{a}", "ws01/500"}},
		// A known limit: without Sysmon, processes sharing a PID share a
		// name (see the notes on clock skew between channels).
		{"Security-only launches sharing a PID",
			[]*huntflow.Event{sec(4688, 0, 500, `C:\a.exe`), sec(4688, 10*time.Minute, 500, `C:\b.exe`)},
			[]string{"ws01/500", "ws01/500"}},
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
