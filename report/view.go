package report

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
)

// view is a HuntResult arranged the way the report reads it: findings in
// report order with their labels (F1, F2, …), and the assets, techniques
// and timeline derived from them. Every slice is sorted with full
// tie-breakers so the same result always renders the same bytes.
type view struct {
	r        huntflow.HuntResult
	findings []huntflow.Finding // severity desc, then first seen, then ID
	level    huntflow.Severity
	reason   string

	byFindingID map[string][]int // finding ID → indexes into findings
	enrich      map[string][]huntflow.Enrichment

	hosts, users, images []asset
	techniques           []techRow
	timeline             []timelineRow
	tactics              []string // all tactics of all findings, sorted
	eventIDs             []int    // distinct cited event IDs, sorted
	sysmonIDs            []int    // the Sysmon ones among them

	techNotes, otherNotes []string
}

type asset struct {
	name        string
	findings    []int
	top         huntflow.Severity
	hosts       []string // display names, for users and images
	first, last time.Time
}

type techRow struct {
	id, name string
	sources  []string // "rule", "llm", or "finding" when only a finding names it
	tactics  []string
	severity huntflow.Severity
	findings []int
	unknown  []string // finding IDs the hit cites that the result lacks
}

type timelineRow struct {
	ev       huntflow.EventRef
	findings []int
}

// techniqueNoteRE spots notes about technique mapping (corrected or dropped
// IDs), which belong with the ATT&CK summary.
var techniqueNoteRE = regexp.MustCompile(`(?i)\btechnique|\bT\d{4}\b|att&ck|mitre`)

func newView(r huntflow.HuntResult) *view {
	v := &view{r: r, byFindingID: map[string][]int{}, enrich: map[string][]huntflow.Enrichment{}}
	v.findings = slices.Clone(r.Findings)
	slices.SortStableFunc(v.findings, func(a, b huntflow.Finding) int {
		if c := cmp.Compare(clampSeverity(b.Severity), clampSeverity(a.Severity)); c != 0 {
			return c
		}
		if c := firstSeen(a).Compare(firstSeen(b)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return cmp.Compare(a.Title, b.Title)
	})
	v.level, v.reason = assessThreat(v.findings)
	for i, f := range v.findings {
		v.byFindingID[f.ID] = append(v.byFindingID[f.ID], i)
	}
	for _, e := range r.Enrichments {
		v.enrich[e.FindingID] = append(v.enrich[e.FindingID], e)
	}
	for _, n := range r.Notes {
		if techniqueNoteRE.MatchString(n) {
			v.techNotes = append(v.techNotes, n)
		} else {
			v.otherNotes = append(v.otherNotes, n)
		}
	}
	v.buildAssets()
	v.buildTechniques()
	v.buildTimeline()
	for _, f := range v.findings {
		for _, t := range findingTactics(f) {
			if !slices.Contains(v.tactics, t) {
				v.tactics = append(v.tactics, t)
			}
		}
	}
	slices.Sort(v.tactics)
	return v
}

func label(i int) string { return "F" + strconv.Itoa(i+1) }

func firstSeen(f huntflow.Finding) time.Time {
	if !f.FirstSeen.IsZero() {
		return f.FirstSeen
	}
	var t time.Time
	for _, e := range f.Events {
		if !e.Time.IsZero() && (t.IsZero() || e.Time.Before(t)) {
			t = e.Time
		}
	}
	return t
}

func lastSeen(f huntflow.Finding) time.Time {
	if !f.LastSeen.IsZero() {
		return f.LastSeen
	}
	var t time.Time
	for _, e := range f.Events {
		if e.Time.After(t) {
			t = e.Time
		}
	}
	return t
}

// assetSet accumulates assets under a case-insensitive key, since Windows
// host names, account names and paths are case-insensitive; the first
// spelling met (in report order) is the one shown.
type assetSet struct {
	index map[string]int
	list  []asset
}

// add records that finding fi involves the named asset (on host, for users
// and images) between first and last; zero times add no time.
func (s *assetSet) add(name string, fi int, sev huntflow.Severity, host string, first, last time.Time) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	key := strings.ToLower(name)
	if s.index == nil {
		s.index = map[string]int{}
	}
	i, ok := s.index[key]
	if !ok {
		i = len(s.list)
		s.index[key] = i
		s.list = append(s.list, asset{name: name})
	}
	a := &s.list[i]
	if !slices.Contains(a.findings, fi) {
		a.findings = append(a.findings, fi)
	}
	a.top = max(a.top, clampSeverity(sev))
	if host = strings.TrimSpace(host); host != "" && !slices.ContainsFunc(a.hosts, func(h string) bool { return strings.EqualFold(h, host) }) {
		a.hosts = append(a.hosts, host)
	}
	if !first.IsZero() && (a.first.IsZero() || first.Before(a.first)) {
		a.first = first
	}
	if last.After(a.last) {
		a.last = last
	}
}

func (s *assetSet) sorted() []asset {
	out := s.list
	for i := range out {
		slices.Sort(out[i].findings)
		slices.SortFunc(out[i].hosts, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	}
	slices.SortStableFunc(out, func(a, b asset) int {
		if c := cmp.Compare(b.top, a.top); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.findings), len(a.findings)); c != 0 {
			return c
		}
		return cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	})
	return out
}

func (v *view) buildAssets() {
	var hosts, users, images assetSet
	for i, f := range v.findings {
		// A finding's own host, user and image take its time range only
		// when no cited event dates them more precisely.
		first, last := firstSeen(f), lastSeen(f)
		dated := func(field func(huntflow.EventRef) string, val string) (time.Time, time.Time) {
			for _, e := range f.Events {
				if strings.EqualFold(strings.TrimSpace(field(e)), strings.TrimSpace(val)) {
					return time.Time{}, time.Time{}
				}
			}
			return first, last
		}
		hf, hl := dated(func(e huntflow.EventRef) string { return e.Host }, f.Host)
		hosts.add(f.Host, i, f.Severity, "", hf, hl)
		uf, ul := dated(func(e huntflow.EventRef) string { return e.User }, f.User)
		users.add(f.User, i, f.Severity, f.Host, uf, ul)
		imf, iml := dated(func(e huntflow.EventRef) string { return e.Image }, f.Image)
		images.add(f.Image, i, f.Severity, f.Host, imf, iml)
		for _, e := range f.Events {
			hosts.add(e.Host, i, f.Severity, "", e.Time, e.Time)
			users.add(e.User, i, f.Severity, e.Host, e.Time, e.Time)
			images.add(e.Image, i, f.Severity, e.Host, e.Time, e.Time)
		}
	}
	v.hosts, v.users, v.images = hosts.sorted(), users.sorted(), images.sorted()
}

func (v *view) buildTechniques() {
	index := map[string]int{}
	row := func(id string) *techRow {
		i, ok := index[id]
		if !ok {
			i = len(v.techniques)
			index[id] = i
			v.techniques = append(v.techniques, techRow{id: id})
		}
		return &v.techniques[i]
	}
	for _, h := range v.r.Techniques {
		id := normTechnique(h.ID)
		if id == "" {
			continue
		}
		t := row(id)
		if t.name == "" {
			t.name = strings.TrimSpace(h.Name)
		}
		for _, tac := range h.Tactics {
			if tac = normTactic(tac); tac != "" && !slices.Contains(t.tactics, tac) {
				t.tactics = append(t.tactics, tac)
			}
		}
		t.severity = max(t.severity, clampSeverity(h.Severity))
		if s := strings.TrimSpace(h.Source); s != "" && !slices.Contains(t.sources, s) {
			t.sources = append(t.sources, s)
		}
		for _, fid := range h.Findings {
			idx, ok := v.byFindingID[fid]
			if !ok {
				if !slices.Contains(t.unknown, fid) {
					t.unknown = append(t.unknown, fid)
				}
				continue
			}
			for _, i := range idx {
				if !slices.Contains(t.findings, i) {
					t.findings = append(t.findings, i)
				}
			}
		}
	}
	for i, f := range v.findings {
		for _, id := range findingTechniques(f) {
			_, known := index[id]
			t := row(id)
			if !known {
				t.sources = []string{"finding"}
			}
			if !slices.Contains(t.findings, i) {
				t.findings = append(t.findings, i)
			}
		}
	}
	for i := range v.techniques {
		t := &v.techniques[i]
		name, tactics := techniqueInfo(t.id)
		if t.name == "" {
			t.name = name
		}
		if len(t.tactics) == 0 {
			t.tactics = slices.Clone(tactics)
		}
		slices.Sort(t.tactics)
		slices.Sort(t.findings)
		slices.Sort(t.unknown)
		slices.Sort(t.sources)
		for _, fi := range t.findings {
			t.severity = max(t.severity, clampSeverity(v.findings[fi].Severity))
		}
	}
	slices.SortStableFunc(v.techniques, func(a, b techRow) int {
		if c := cmp.Compare(b.severity, a.severity); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.findings), len(a.findings)); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
}

func (v *view) buildTimeline() {
	index := map[string]int{}
	for i, f := range v.findings {
		for _, e := range f.Events {
			key := e.ID
			if key == "" {
				// Without an ID only an identical projection is the same event.
				key = fmt.Sprintf("\x00%d|%s|%d|%s|%d|%s|%s", e.Time.UnixNano(), e.Host, e.EventID, e.ProcessGUID, e.ProcessID, e.Image, e.CommandLine)
			}
			j, ok := index[key]
			if !ok {
				j = len(v.timeline)
				index[key] = j
				v.timeline = append(v.timeline, timelineRow{ev: e})
			}
			if !slices.Contains(v.timeline[j].findings, i) {
				v.timeline[j].findings = append(v.timeline[j].findings, i)
			}
			if !slices.Contains(v.eventIDs, e.EventID) {
				v.eventIDs = append(v.eventIDs, e.EventID)
			}
			if isSysmon(e.Channel, e.EventID) && !slices.Contains(v.sysmonIDs, e.EventID) {
				v.sysmonIDs = append(v.sysmonIDs, e.EventID)
			}
		}
	}
	slices.Sort(v.eventIDs)
	slices.Sort(v.sysmonIDs)
	slices.SortStableFunc(v.timeline, func(a, b timelineRow) int {
		if c := a.ev.Time.Compare(b.ev.Time); c != 0 {
			return c
		}
		if c := cmp.Compare(a.ev.EventID, b.ev.EventID); c != 0 {
			return c
		}
		return cmp.Compare(a.ev.ID, b.ev.ID)
	})
}

// hasTactic reports whether any finding shows the tactic.
func (v *view) hasTactic(t string) bool { return slices.Contains(v.tactics, t) }

// hasTechnique reports whether any finding or technique hit names a
// technique with one of the given parents (T1003 matches T1003.001).
func (v *view) hasTechnique(parents ...string) bool {
	for _, t := range v.techniques {
		if slices.Contains(parents, parentTechnique(t.id)) {
			return true
		}
	}
	return false
}

// findingsWith returns the findings showing a tactic or one of the techniques.
func (v *view) findingsWith(tactic string, parents ...string) []huntflow.Finding {
	var out []huntflow.Finding
	for _, f := range v.findings {
		match := slices.Contains(findingTactics(f), tactic)
		for _, id := range findingTechniques(f) {
			match = match || slices.Contains(parents, parentTechnique(id))
		}
		if match {
			out = append(out, f)
		}
	}
	return out
}

// span returns the first window start and the last window end.
func (v *view) span() (start, end time.Time) {
	for _, w := range v.r.Windows {
		if !w.Start.IsZero() && (start.IsZero() || w.Start.Before(start)) {
			start = w.Start
		}
		if w.End.After(end) {
			end = w.End
		}
	}
	return start, end
}

// fmtTime formats a time in UTC, with milliseconds only when it has them.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.UTC()
	if t.Nanosecond() != 0 {
		return t.Format("2006-01-02 15:04:05.000Z")
	}
	return t.Format("2006-01-02 15:04:05Z")
}

// thousands formats n with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

func upper(s huntflow.Severity) string { return strings.ToUpper(clampSeverity(s).String()) }
