package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/huntflow/huntflow"
)

// Normalize turns one JSON line of a Windows event log into an Event.
//
// It reads the shapes the OTRF/Mordor collections use: nxlog (EventTime,
// EventReceivedTime), the newer export with TimeCreated, and winlogbeat 6
// (event_id, computer_name, event_data); winlogbeat 7's winlog object is read
// too. Every field is kept in Event.Fields, flattened to strings; the ID is a
// hash of the trimmed line, so the same line always gets the same ID.
//
// The event time is @timestamp, else Sysmon's UtcTime, else a TimeCreated
// that carries a zone. EventTime (and a TimeCreated without zone) is local
// time of an unknown zone: it is kept in LocalTime and never taken as UTC, so
// a line with no other time is an error.
func Normalize(line []byte) (huntflow.Event, error) {
	n := normalizers.Get().(*normalizer)
	defer normalizers.Put(n)
	return n.safeNormalize(line, true, nil)
}

// normalizers lets callers of Normalize share scratch space and interned
// keys, which saves most of the allocations of a line. It holds no state
// that outlives a call.
var normalizers = sync.Pool{New: func() any { return new(normalizer) }}

// maxKeptScratch caps the scratch space a normalizer keeps between lines.
const maxKeptScratch = 1 << 20

// normalizer holds scratch space reused across lines; one per goroutine.
type normalizer struct {
	flat flattener
	// evtxKeys caches the names System fields of EVTX JSON get (evtxKey).
	evtxKeys map[string]string
	// evtx renders EVTX records as JSON.
	evtx evtxWriter
	// tree holds an EVTX library record converted for evtx.
	tree evtxTree
	// binxml decodes EVTX chunks.
	binxml binxmlDecoder
	// spare holds Fields maps of events a Preparer has encoded and let go
	// of, emptied, for build to fill again: on the SQLite path they were
	// most of ingest's garbage.
	spare []map[string]string
}

// maxSpareMaps bounds the maps a normaliser keeps for reuse (about a
// chunk's events).
const maxSpareMaps = 1024

// recycle takes back the Fields maps of events a Preparer dropped: maps is
// what Fields held before Prepare, in the order of events.
func (n *normalizer) recycle(events []huntflow.Event, maps []map[string]string) {
	for i, m := range maps {
		if m == nil || events[i].Fields != nil || len(n.spare) >= maxSpareMaps {
			continue
		}
		clear(m)
		n.spare = append(n.spare, m)
	}
}

// fieldsMap returns an empty map for an event's Fields, a recycled one
// when there is one.
func (n *normalizer) fieldsMap(size int) map[string]string {
	if k := len(n.spare); k > 0 {
		m := n.spare[k-1]
		n.spare[k-1] = nil
		n.spare = n.spare[:k-1]
		return m
	}
	return make(map[string]string, size)
}

// safeNormalize is normalize turning a panic into an error, so that one
// line that trips a bug is a bad line rather than the end of the process.
// hook, when set, runs first on the line (tests use it to inject a panic).
func (n *normalizer) safeNormalize(line []byte, copyRaw bool, hook func([]byte)) (ev huntflow.Event, err error) {
	defer func() {
		if r := recover(); r != nil {
			// The scratch space may be half-written: start afresh.
			*n = normalizer{}
			ev, err = huntflow.Event{}, fmt.Errorf("%w: %s", errInternal, huntflow.Truncate(fmt.Sprint(r), 200))
		}
	}()
	if hook != nil {
		hook(line)
	}
	return n.normalize(line, copyRaw)
}

// errInternal marks a line on which the normaliser panicked.
var errInternal = errors.New("internal error")

// normalize is Normalize with a choice: the pipeline owns its line buffers
// and lets Raw share them instead of copying every line a second time.
func (n *normalizer) normalize(line []byte, copyRaw bool) (huntflow.Event, error) {
	line = trimLine(line)
	if err := n.flat.flatten(line); err != nil {
		return huntflow.Event{}, err
	}
	return n.build(line, copyRaw)
}

// build makes the event of line from the fields the flattener holds (after
// flatten, or filled directly by the EVTX renderer).
func (n *normalizer) build(line []byte, copyRaw bool) (huntflow.Event, error) {
	// One string holds every value of the event; fields are substrings of it.
	arena := string(n.flat.arena)
	if cap(n.flat.arena) > maxKeptScratch {
		n.flat.arena = nil // one huge line must not pin its buffer for good
	}
	fields := n.fieldsMap(len(n.flat.top) + len(n.flat.lifted))
	for _, f := range n.flat.top {
		k := f.key
		if n.flat.evtx {
			if k = n.evtxKey(k); k == "" {
				continue
			}
		}
		fields[k] = arena[f.start:f.end]
	}
	for _, f := range n.flat.lifted {
		if _, ok := fields[f.key]; !ok {
			fields[f.key] = arena[f.start:f.end]
		}
	}
	ev := huntflow.Event{Fields: fields}
	if err := fill(&ev); err != nil {
		return huntflow.Event{}, err
	}
	// A cryptographic hash, because stores skip an ID they already hold: with
	// a weak hash, a crafted log line could take a real event's ID and hide
	// it.
	sum := sha256.Sum256(line)
	ev.ID = hex.EncodeToString(sum[:16])
	if copyRaw {
		ev.Raw = append([]byte(nil), line...)
	} else {
		ev.Raw = line
	}
	return ev, nil
}

// evtxKey names a field of an EVTX record rendered as JSON
// ({"Event":{"System":{…},"EventData":{…}}}, as evtx_dump, python-evtx and
// Velociraptor write it) the way rules and the other sources name it:
// Event.System.Provider.#attributes.Name is Provider_Name, Event.System.EventID
// (or its #text) is EventID, Event.System.Execution.#attributes.ProcessID is
// ExecutionProcessID. EventData and UserData members are lifted by the
// flattener already. "" drops the field (the Event element's own
// attributes).
func (n *normalizer) evtxKey(k string) string {
	if v, ok := n.evtxKeys[k]; ok {
		return v
	}
	v := evtxKey(k)
	if n.evtxKeys == nil {
		n.evtxKeys = make(map[string]string)
	}
	if len(n.evtxKeys) < maxInterned {
		n.evtxKeys[k] = v
	}
	return v
}

// systemAliases renames System fields to the names nxlog and winlogbeat
// exports give them, which the normaliser and hunts already read.
var systemAliases = map[string]string{
	"Execution_ProcessID":           "ExecutionProcessID",
	"Execution_ThreadID":            "ExecutionThreadID",
	"Security_UserID":               "UserID",
	"TimeCreated_SystemTime":        "TimeCreated",
	"Correlation_ActivityID":        "ActivityID",
	"Correlation_RelatedActivityID": "RelatedActivityID",
	"EventID_Qualifiers":            "Qualifiers",
}

// evtxKeyBytes is evtxKey for a path being built, without allocating
// once the path has been seen.
func (n *normalizer) evtxKeyBytes(k []byte) string {
	if v, ok := n.evtxKeys[string(k)]; ok {
		return v
	}
	return n.evtxKey(string(k))
}

func evtxKey(k string) string {
	rest, ok := strings.CutPrefix(k, "Event.")
	if !ok {
		// Velociraptor's rows: System at the top, no Event wrapper.
		if sys, ok := strings.CutPrefix(k, "System."); ok {
			return systemKey(sys)
		}
		return k
	}
	sys, ok := strings.CutPrefix(rest, "System.")
	if !ok {
		if strings.HasPrefix(rest, "#attributes") || strings.HasPrefix(rest, "@") {
			return ""
		}
		return rest
	}
	return systemKey(sys)
}

// systemKey names a System field by its path below System.
func systemKey(sys string) string {
	parts := strings.Split(sys, ".")
	out := parts[:0]
	for _, p := range parts {
		if p == "#attributes" {
			continue
		}
		out = append(out, strings.TrimPrefix(p, "@"))
	}
	if n := len(out); n > 1 {
		switch out[n-1] {
		case "#text", "Value", "$":
			out = out[:n-1]
		}
	}
	name := strings.Join(out, "_")
	if a, ok := systemAliases[name]; ok {
		return a
	}
	return name
}

// trimLine drops JSON whitespace and a UTF-8 byte order mark, so the ID does
// not depend on line endings or how a file began.
func trimLine(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:]
	}
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// fill derives the typed fields of ev from ev.Fields.
func fill(ev *huntflow.Event) error {
	f := ev.Fields
	get := func(keys ...string) string {
		for _, k := range keys {
			if v := f[k]; v != "" {
				return v
			}
		}
		return ""
	}

	idText := get("EventID", "event_id", "winlog.event_id", "event.code", "EventCode")
	if idText == "" {
		return errors.New("no EventID")
	}
	id, ok := parseEventID(idText)
	if !ok {
		return fmt.Errorf("bad EventID %s", quoteShort(idText))
	}
	ev.EventID = id

	t, local, err := eventTime(f)
	if err != nil {
		return err
	}
	ev.Time, ev.LocalTime = t, local

	ev.Channel = canonicalChannel(get("Channel", "log_name", "winlog.channel"))
	// Provider_Name first: in an EVTX record, SourceName may be an event
	// field (Defender's "Source Name") and not the provider.
	ev.Provider = get("Provider_Name", "SourceName", "source_name", "winlog.provider_name")
	// Hostname, computer_name and Computer name the host the event happened
	// on; a plain "host" is often the collector (wec.internal.cloudapp.net,
	// WECserver in winlogbeat's host.name), so it comes last.
	ev.Host = get("Hostname", "computer_name", "Computer", "winlog.computer_name", "host", "host.name", "host.hostname")

	sysmon := strings.Contains(ev.Channel, "Sysmon") || strings.Contains(ev.Provider, "Sysmon")
	security := ev.Channel == "Security" || ev.Provider == "Microsoft-Windows-Security-Auditing"

	ev.ProcessGUID = get("ProcessGuid", "ProcessGUID")
	pid := get("ProcessId", "ProcessID")
	ev.Image = get("Image")
	ev.CommandLine = get("CommandLine")
	ev.ParentProcessGUID = get("ParentProcessGuid", "ParentProcessGUID")
	ppid := get("ParentProcessId", "ParentProcessID")
	ev.ParentImage = get("ParentImage")
	ev.ParentCommandLine = get("ParentCommandLine")
	ev.User = get("User")

	sourceGUID := get("SourceProcessGUID", "SourceProcessGuid")
	hasSource := sourceGUID != "" || f["SourceImage"] != ""
	switch {
	case hasSource && (id == 8 || id == 10 || ev.ProcessGUID == "" && ev.Image == ""):
		// Sysmon 8 and 10: the source process is the one acting (injecting a
		// thread, opening lsass); the target is kept in Fields.
		ev.ProcessGUID = sourceGUID
		pid = f["SourceProcessId"]
		ev.Image = f["SourceImage"]
		if u := f["SourceUser"]; u != "" {
			ev.User = u
		}
	case security && id == 4688:
		// Process creation: NewProcess* is the new process and ProcessId
		// (hex) its creator.
		ev.Image = f["NewProcessName"]
		pid = f["NewProcessId"]
		ev.ParentImage = get("ParentProcessName")
		ppid = f["ProcessId"]
		if ev.User == "" {
			ev.User = joinUser(f["TargetDomainName"], f["TargetUserName"])
		}
		if ev.User == "" {
			ev.User = joinUser(f["SubjectDomainName"], f["SubjectUserName"])
		}
	}
	if ev.Image == "" && !sysmon {
		if p := f["ProcessName"]; p != "-" {
			ev.Image = p
		}
	}
	if pid == "" && strings.Contains(ev.Channel, "PowerShell") {
		// In PowerShell's channels the process that logged the event is the
		// PowerShell host itself. Elsewhere it is Sysmon or lsass, so the
		// logging process is not taken as the event's process.
		pid = get("process_id", "ExecutionProcessID", "winlog.process.pid")
	}
	ev.ProcessID = parsePID(pid)
	ev.ParentProcessID = parsePID(ppid)

	if ev.User == "" && security {
		ev.User = joinUser(f["SubjectDomainName"], f["SubjectUserName"])
	}
	if ev.User == "" && !sysmon {
		// The account the event was logged under. For Sysmon that is always
		// SYSTEM (the Sysmon service), which would mislead.
		ev.User = joinUser(get("user.domain", "winlog.user.domain"), get("user.name", "winlog.user.name"))
		if ev.User == "" {
			ev.User = joinUser(f["Domain"], f["AccountName"])
		}
	}
	return nil
}

// joinUser writes DOMAIN\name as Sysmon does; "-" means none in Security
// events.
func joinUser(domain, name string) string {
	if name == "" || name == "-" {
		return ""
	}
	if domain == "" || domain == "-" {
		return name
	}
	return domain + `\` + name
}

func parseEventID(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0 && n <= 1<<31-1
	}
	// A number written as 4688.0 by some exporters.
	if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 0 && v <= 1<<31-1 && v == float64(int(v)) {
		return int(v), true
	}
	return 0, false
}

// parsePID reads a process ID written in decimal or, as Security events do,
// in 0x-prefixed hex. Anything else is no PID.
func parsePID(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	var (
		n   int64
		err error
	)
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		n, err = strconv.ParseInt(s[2:], 16, 64)
	} else {
		n, err = strconv.ParseInt(s, 10, 64)
	}
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// eventTime picks the event's UTC time, and the local time the source
// wrote: EventTime, else a TimeCreated without zone.
func eventTime(f map[string]string) (time.Time, string, error) {
	local := f["EventTime"]
	if tc := f["TimeCreated"]; local == "" && tc != "" && !hasZone(tc) {
		local = tc
	}
	var bad []string
	if s := f["@timestamp"]; s != "" {
		if t, ok := parseTimestamp(s); ok {
			return t, local, nil
		}
		bad = append(bad, "@timestamp "+quoteShort(s))
	}
	if s := f["UtcTime"]; s != "" {
		if t, ok := parseUTCTime(s); ok {
			return t, local, nil
		}
		bad = append(bad, "UtcTime "+quoteShort(s))
	}
	tcLocal := false
	for _, k := range [...]string{"TimeCreated", "winlog.time_created"} {
		s := f[k]
		if s == "" {
			continue
		}
		t, zoned, ok := parseTimeCreated(s)
		switch {
		case ok && zoned:
			return t, local, nil
		case ok:
			tcLocal = true
		default:
			bad = append(bad, k+" "+quoteShort(s))
		}
	}
	switch {
	case len(bad) > 0:
		return time.Time{}, local, fmt.Errorf("bad timestamp: %s", strings.Join(bad, ", "))
	case f["EventTime"] != "":
		return time.Time{}, local, errors.New("no UTC timestamp (EventTime is local time)")
	case tcLocal:
		return time.Time{}, local, errors.New("no UTC timestamp (TimeCreated has no zone: local time)")
	}
	return time.Time{}, local, errors.New("no timestamp")
}

// hasZone reports whether a time as written carries a zone: Z, an offset,
// or .NET's /Date(ms)/, which counts from the epoch in UTC.
func hasZone(s string) bool {
	s = strings.TrimSpace(s)
	n := len(s)
	switch {
	case n == 0:
		return false
	case s[n-1] == 'Z' || s[n-1] == 'z' || strings.HasPrefix(s, "/Date("):
		return true
	case n > 6 && (s[n-6] == '+' || s[n-6] == '-') && s[n-3] == ':':
		return true
	case n > 5 && (s[n-5] == '+' || s[n-5] == '-') && strings.IndexByte(s, 'T') > 0:
		return true
	}
	return false
}

// Layouts of times that carry a zone.
var zonedLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z0700",
}

// Layouts of times without a zone.
var bareLayouts = [...]string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"1/2/2006 3:04:05 PM",
	"01/02/2006 15:04:05",
}

// parseTimestamp reads @timestamp. Elasticsearch stores it in UTC and reads
// a time without zone as UTC, so such a time is taken as UTC here too;
// all digits is epoch milliseconds.
func parseTimestamp(s string) (time.Time, bool) {
	if t, zoned, ok := parseTime(s); ok {
		if !zoned {
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		}
		return valid(t)
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return valid(time.UnixMilli(ms))
	}
	return time.Time{}, false
}

// parseUTCTime reads Sysmon's UtcTime ("2023-08-16 04:53:48.446"), UTC by
// definition.
func parseUTCTime(s string) (time.Time, bool) {
	if t, _, ok := parseTime(s); ok {
		return valid(t) // bare layouts parse as UTC
	}
	return time.Time{}, false
}

// parseTimeCreated reads TimeCreated: RFC 3339, .NET's /Date(ms)/ (UTC), or
// a time without zone, which Windows tools write in local time.
func parseTimeCreated(s string) (t time.Time, zoned, ok bool) {
	if rest, found := strings.CutPrefix(s, "/Date("); found {
		if digits, _, found := strings.Cut(rest, ")"); found {
			// An offset suffix (/Date(ms+0200)/) only says how to display
			// it; ms counts from the epoch in UTC.
			// The first byte may be the sign of ms itself.
			if len(digits) > 1 {
				if i := strings.IndexAny(digits[1:], "+-"); i >= 0 {
					digits = digits[:i+1]
				}
			}
			if ms, err := strconv.ParseInt(digits, 10, 64); err == nil {
				t, ok = valid(time.UnixMilli(ms))
				return t, true, ok
			}
		}
		return time.Time{}, false, false
	}
	if t, ok := epochSeconds(s); ok {
		return t, true, true
	}
	t, zoned, ok = parseTime(s)
	if ok {
		t, ok = valid(t)
	}
	return t, zoned, ok
}

// epochSeconds reads seconds since the epoch with a fraction, as
// Velociraptor writes an EVTX record's SystemTime (1600000000.1234567),
// to the microsecond. Only 9 or 10 integer digits count (1973 to 2286):
// other numbers are not times.
func epochSeconds(s string) (time.Time, bool) {
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) < 9 || len(intPart) > 10 || len(frac) > 9 {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil || sec < 0 {
		return time.Time{}, false
	}
	var ns int64
	for i := range 9 {
		ns *= 10
		if i < len(frac) {
			c := frac[i]
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			ns += int64(c - '0')
		}
	}
	return valid(time.Unix(sec, ns).Truncate(time.Microsecond))
}

// parseTime tries the known layouts; times without zone come back as if UTC
// with zoned false.
func parseTime(s string) (t time.Time, zoned, ok bool) {
	s = strings.TrimSpace(s)
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true, true
		}
	}
	for _, l := range bareLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, false, true
		}
	}
	return time.Time{}, false, false
}

// valid rejects times no event log holds, which are almost always a zero
// value written by a broken exporter.
func valid(t time.Time) (time.Time, bool) {
	t = t.UTC()
	if t.Year() < 1980 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t, true
}

// quoteShort quotes attacker-controlled text for an error message, cut so
// one bad line cannot flood the log.
func quoteShort(s string) string {
	return strconv.Quote(huntflow.Truncate(s, 64))
}

// knownChannels maps the lower-cased names of the channels hunts and rules
// care about to their canonical spelling: some collectors write "security"
// or "microsoft-windows-sysmon/operational", and rules and pivots compare
// channel names exactly.
var knownChannels = func() map[string]string {
	m := map[string]string{}
	for _, c := range []string{
		"Security", "System", "Application", "Setup",
		"Microsoft-Windows-Sysmon/Operational",
		"Microsoft-Windows-PowerShell/Operational", "Windows PowerShell",
		"Microsoft-Windows-WMI-Activity/Operational",
		"Microsoft-Windows-TaskScheduler/Operational",
		"Microsoft-Windows-Windows Defender/Operational",
		"Microsoft-Windows-Bits-Client/Operational",
		"Microsoft-Windows-WinRM/Operational",
		"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
		"Microsoft-Windows-SMBServer/Security", "Directory Service",
	} {
		m[strings.ToLower(c)] = c
	}
	return m
}()

func canonicalChannel(c string) string {
	if k, ok := knownChannels[strings.ToLower(c)]; ok {
		return k
	}
	return c
}
