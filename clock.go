package huntflow

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// HostClock is what a store knows of one host's clock: the span of its
// events in UTC and, where its events carry local times (EventTime) beside
// UTC ones, the offset of its local clock from UTC.
type HostClock struct {
	Host string `json:"host"`
	// Offset is local time minus UTC (−4h for a lab on EDT); meaningful only
	// when Known.
	Offset  time.Duration `json:"offset"`
	Known   bool          `json:"known"`
	Samples int           `json:"samples,omitempty"`
	First   time.Time     `json:"first"`
	Last    time.Time     `json:"last"`
	Events  int           `json:"events"`
}

// ClockReader is a store that can tell its hosts' clocks.
type ClockReader interface {
	// HostClocks returns the clock of every host (of the one host, when
	// host is set), sorted by host name.
	HostClocks(ctx context.Context, host string) ([]HostClock, error)
}

// offsetStep is what learnt offsets are rounded to: time zones are whole
// quarter hours, and a few seconds between the two clocks of an event are
// logging delay.
const offsetStep = 15 * time.Minute

// LearnOffset returns the offset most pairs of local and UTC times agree on,
// rounded to a quarter hour, and how many agree. Pairs that disagree with
// the majority (a clock change, a bad line) are outvoted, never averaged in.
func LearnOffset(pairs [][2]time.Time) (offset time.Duration, agree int) {
	votes := map[time.Duration]int{}
	for _, p := range pairs {
		local, utc := p[0], p[1]
		d := local.Sub(utc).Round(offsetStep)
		if d < -14*time.Hour || d > 14*time.Hour {
			continue
		}
		votes[d]++
	}
	keys := make([]time.Duration, 0, len(votes))
	for k := range votes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, k := range keys {
		if votes[k] > agree {
			offset, agree = k, votes[k]
		}
	}
	return offset, agree
}

// LocalTimeLayouts are the ways sources write local times without a zone
// (EventTime in nxlog's JSON, a few Sysmon exports).
var LocalTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006/01/02 15:04:05",
	"01/02/2006 15:04:05",
}

// ParseLocalTime reads a zone-less local time as if it were UTC (its wall
// clock), for comparing with a UTC time.
func ParseLocalTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range LocalTimeLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// SharedOffset is the local offset the hosts' clocks agree on: every host
// whose offset is known has the same one, and at least one is known.
func SharedOffset(clocks []HostClock) (time.Duration, bool) {
	var off time.Duration
	known := false
	for _, c := range clocks {
		if !c.Known {
			continue
		}
		if known && c.Offset != off {
			return 0, false
		}
		off, known = c.Offset, true
	}
	return off, known
}

// FormatOffset writes an offset as UTC−04:00 (UTC for zero).
func FormatOffset(d time.Duration) string {
	if d == 0 {
		return "UTC"
	}
	sign := "+"
	if d < 0 {
		sign, d = "−", -d
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, int(d.Hours()), int(d.Minutes())%60)
}

// ParseTimeZoned is ParseTime that also says whether s carried its own
// offset (or Z); a zone-less time is returned as its wall clock in UTC.
func ParseTimeZoned(s string) (t time.Time, zoned bool, err error) {
	t, err = ParseTime(s)
	if err != nil {
		return t, false, err
	}
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05.999999999Z07:00"} {
		if _, perr := time.Parse(layout, s); perr == nil {
			return t, true, nil
		}
	}
	return t, false, nil
}

// maxClockHosts bounds the hosts LearnClocks reads one by one.
const maxClockHosts = 50

// LearnClocks learns the hosts' clocks through any Store: each host's span
// from Stats, its offset from the first events that carry a local time
// (EventTime). Stores with a faster way implement ClockReader.
func LearnClocks(ctx context.Context, s Store, host string) ([]HostClock, error) {
	st, err := s.Stats(ctx, Query{Host: host})
	if err != nil {
		return nil, fmt.Errorf("host clocks: %w", err)
	}
	hosts := st.Hosts
	if len(hosts) > maxClockHosts {
		hosts = hosts[:maxClockHosts]
	}
	out := make([]HostClock, 0, len(hosts))
	for _, h := range hosts {
		hs, err := s.Stats(ctx, Query{Host: h})
		if err != nil {
			return nil, fmt.Errorf("host clocks %s: %w", h, err)
		}
		c := HostClock{Host: h, First: hs.First, Last: hs.Last, Events: hs.Events}
		var pairs [][2]time.Time
		err = s.Search(ctx, Query{Host: h, KQL: "EventTime:*", Limit: 64}, func(e *Event) error {
			if lt, ok := ParseLocalTime(e.LocalTime); ok && !e.Time.IsZero() {
				pairs = append(pairs, [2]time.Time{lt, e.Time})
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("host clocks %s: %w", h, err)
		}
		if off, agree := LearnOffset(pairs); agree > 0 {
			c.Offset, c.Known, c.Samples = off, true, agree
		}
		out = append(out, c)
	}
	return out, nil
}
