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
// event is tied to a process only by time: a Security 4688 to the Sysmon 1
// of the same host, PID and image within launchSlack (the same launch
// logged twice), any other event naming only a PID to the latest launch of
// that PID up to that moment (the process alive then).
//
// A launch only Security logged is named host/PID, or, when that name
// already stands for another process of the window (an earlier launch
// with the same PID, or events of a process that held the PID before),
// host/PID@time, so two processes sharing a PID stay two.
//
// It keeps one short list per host/PID, so its memory grows with the
// processes of a window, not its events.
type launches struct {
	byPID map[string]*pidLaunches
}

type pidLaunches struct {
	list []launch // in time order
	// bare says the plain host/PID name is taken.
	bare bool
}

type launch struct {
	t      time.Time
	image  string
	id     string
	sysmon bool
}

func newLaunches() *launches { return &launches{byPID: map[string]*pidLaunches{}} }

func pidKey(host string, pid int64) string {
	return strings.ToLower(host) + "/" + strconv.FormatInt(pid, 10)
}

func (l *launches) of(k string) *pidLaunches {
	p := l.byPID[k]
	if p == nil {
		p = &pidLaunches{}
		l.byPID[strings.Clone(k)] = p
	}
	return p
}

func (p *pidLaunches) insert(x launch) {
	i := len(p.list)
	for i > 0 && p.list[i-1].t.After(x.t) {
		i--
	}
	p.list = slices.Insert(p.list, i, x)
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
	p := l.of(pidKey(ev.Host, ev.ProcessID))
	p.insert(launch{t: ev.Time, image: strings.Clone(ev.Image), id: strings.ToLower(strings.Clone(ev.ProcessGUID)), sysmon: true})
	p.prune(floor)
}

// prune drops launches no event at or after t can refer to: one whose
// successor started more than launchSlack before t. Events are processed
// in time order, so what is pruned is never needed again.
func (p *pidLaunches) prune(t time.Time) {
	n := 0
	for n+1 < len(p.list) && p.list[n+1].t.Before(t.Add(-launchSlack)) {
		n++
	}
	if n > 0 {
		p.list = slices.Delete(p.list, 0, n)
	}
}

// resolved is the process identity of an event.
type resolved struct {
	// id is the canonical name of the process: its Sysmon GUID where
	// Sysmon saw it start, else host/PID (see launches), else
	// "host:<host>".
	id string
	// unit names the launch a process-creation record reports, so one
	// launch logged by Sysmon and Security counts once; empty for other
	// events.
	unit string
	// paired marks a Security 4688 that repeats a Sysmon 1.
	paired bool
}

// resolve names the process of ev, which comes in time order. creation
// says ev is a process-creation record (Sysmon 1, Security 4688).
func (l *launches) resolve(ev *huntflow.Event, creation bool) resolved {
	if ev.ProcessGUID != "" || ev.ProcessID == 0 {
		r := resolved{id: procKey(ev)}
		if creation {
			r.unit = r.id
		}
		return r
	}
	k := pidKey(ev.Host, ev.ProcessID)
	p := l.of(k)
	p.prune(ev.Time)
	unit := k + "@" + strconv.FormatInt(ev.Time.UnixNano(), 10)
	if !creation {
		return resolved{id: p.alive(k, ev.Time)}
	}
	if g := p.pair(ev.Time, ev.Image); g != "" {
		return resolved{id: g, unit: g, paired: true}
	}
	// A launch only Security logged.
	id := k
	if p.bare {
		id = unit
	}
	p.bare = true
	p.insert(launch{t: ev.Time, image: strings.Clone(ev.Image), id: strings.Clone(id)})
	return resolved{id: id, unit: unit}
}

// parent names the parent process of a process-creation record.
func (l *launches) parent(ev *huntflow.Event) string {
	switch {
	case ev.ParentProcessGUID != "":
		return strings.ToLower(ev.ParentProcessGUID)
	case ev.ParentProcessID != 0:
		k := pidKey(ev.Host, ev.ParentProcessID)
		p := l.of(k)
		p.prune(ev.Time)
		return p.alive(k, ev.Time)
	}
	return ""
}

// pair finds the Sysmon launch a Security 4688 at time t of image repeats:
// same image, within launchSlack, the closest in time.
func (p *pidLaunches) pair(t time.Time, image string) string {
	best, bestD := "", time.Duration(-1)
	for _, s := range p.list {
		d := s.t.Sub(t)
		if d < 0 {
			d = -d
		}
		if s.sysmon && d <= launchSlack && sameImage(s.image, image) && (bestD < 0 || d < bestD) {
			best, bestD = s.id, d
		}
	}
	return best
}

// alive names the process that held PID k at time t: the latest launch up
// to t (plus the slack, as the two logs' clocks differ), else the plain
// host/PID name of a process started before the window.
func (p *pidLaunches) alive(k string, t time.Time) string {
	for i := len(p.list) - 1; i >= 0; i-- {
		if !p.list[i].t.After(t.Add(launchSlack)) {
			return p.list[i].id
		}
	}
	p.bare = true
	return k
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
