package detect

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
)

// launchSlack is how far apart in time Sysmon and Security may log one
// process launch. Both stamp the creation when they see it, which differs
// by milliseconds; a second leaves room for clock rounding without
// pairing a reused PID's next process.
const launchSlack = time.Second

// launches names the process each event belongs to. Sysmon names a process
// by its GUID, Security by host and PID; PIDs are reused, so a Security
// event is tied to a Sysmon process only by time: a Security 4688 to the
// Sysmon 1 of the same host, PID and image within launchSlack (the same
// launch logged twice), any other Security event to the latest Sysmon
// launch of its PID up to that moment (the process alive then).
//
// It keeps one short list per host/PID Sysmon saw start, so its memory
// grows with the processes of a window, not its events.
type launches struct {
	byPID map[string][]sysmonLaunch
}

type sysmonLaunch struct {
	t     time.Time
	image string
	guid  string
}

func newLaunches() *launches { return &launches{byPID: map[string][]sysmonLaunch{}} }

func pidKey(host string, pid int64) string {
	return strings.ToLower(host) + "/" + strconv.FormatInt(pid, 10)
}

// register records a Sysmon process creation. Sessions register a page's
// creations before they process its events, and hold events back until
// every launch up to launchSlack after them is registered. floor is the
// time of the last event processed: no later lookup is for an earlier
// time, so launches superseded before it are dropped.
func (l *launches) register(ev *huntflow.Event, floor time.Time) {
	if ev.ProcessGUID == "" || ev.ProcessID == 0 {
		return
	}
	k := pidKey(ev.Host, ev.ProcessID)
	list := l.byPID[k]
	if list == nil {
		k = strings.Clone(k)
	}
	i := len(list)
	for i > 0 && list[i-1].t.After(ev.Time) {
		i--
	}
	l.byPID[k] = slices.Insert(list, i, sysmonLaunch{
		t: ev.Time, image: strings.Clone(ev.Image), guid: strings.ToLower(strings.Clone(ev.ProcessGUID)),
	})
	l.prune(k, floor)
}

// prune drops launches no event at or after t can refer to: one whose
// successor started more than launchSlack before t. Events are processed
// in time order, so what is pruned is never needed again.
func (l *launches) prune(k string, t time.Time) []sysmonLaunch {
	list := l.byPID[k]
	n := 0
	for n+1 < len(list) && list[n+1].t.Before(t.Add(-launchSlack)) {
		n++
	}
	if n > 0 {
		list = slices.Delete(list, 0, n)
		l.byPID[k] = list
	}
	return list
}

// resolved is the process identity of an event.
type resolved struct {
	// id is the canonical name of the process: its Sysmon GUID where
	// Sysmon saw it start, else host/PID, else "host:<host>".
	id string
	// unit names the launch a process-creation record reports, so one
	// launch logged by Sysmon and Security counts once; empty for other
	// events.
	unit string
	// paired marks a Security 4688 that repeats a Sysmon 1.
	paired bool
}

// resolve names the process of ev. creation says ev is a process-creation
// record (Sysmon 1, Security 4688).
func (l *launches) resolve(ev *huntflow.Event, creation bool) resolved {
	if ev.ProcessGUID != "" || ev.ProcessID == 0 {
		r := resolved{id: procKey(ev)}
		if creation {
			r.unit = r.id
		}
		return r
	}
	k := pidKey(ev.Host, ev.ProcessID)
	if creation {
		if g := l.pair(k, ev.Time, ev.Image); g != "" {
			return resolved{id: g, unit: g, paired: true}
		}
		// A Security-only launch: PIDs are reused, so the unit is the
		// launch's own time.
		return resolved{id: k, unit: k + "@" + strconv.FormatInt(ev.Time.UnixNano(), 10)}
	}
	if g := l.alive(k, ev.Time); g != "" {
		return resolved{id: g}
	}
	return resolved{id: k}
}

// parent names the parent process of a process-creation record.
func (l *launches) parent(ev *huntflow.Event) string {
	switch {
	case ev.ParentProcessGUID != "":
		return strings.ToLower(ev.ParentProcessGUID)
	case ev.ParentProcessID != 0:
		k := pidKey(ev.Host, ev.ParentProcessID)
		if g := l.alive(k, ev.Time); g != "" {
			return g
		}
		return k
	}
	return ""
}

// pair finds the Sysmon launch a Security 4688 of host/PID k, image and
// time t repeats: same image, within launchSlack, the closest in time.
func (l *launches) pair(k string, t time.Time, image string) string {
	best, bestD := "", time.Duration(-1)
	for _, s := range l.prune(k, t) {
		d := s.t.Sub(t)
		if d < 0 {
			d = -d
		}
		if d <= launchSlack && sameImage(s.image, image) && (bestD < 0 || d < bestD) {
			best, bestD = s.guid, d
		}
	}
	return best
}

// alive finds the Sysmon process that held PID k at time t: the latest
// launch up to t (plus the slack, as the two logs' clocks differ).
func (l *launches) alive(k string, t time.Time) string {
	list := l.prune(k, t)
	for i := len(list) - 1; i >= 0; i-- {
		if !list[i].t.After(t.Add(launchSlack)) {
			return list[i].guid
		}
	}
	return ""
}

// sameImage compares the image paths two logs give one process, ignoring
// case; a bare name matches any path to a file of that name.
func sameImage(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if strings.EqualFold(a, b) {
		return true
	}
	if !strings.ContainsAny(a, `\/`) || !strings.ContainsAny(b, `\/`) {
		return baseName(a) == baseName(b)
	}
	return false
}
