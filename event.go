// Package huntflow holds the domain types of a threat hunt: security events,
// the findings drawn from them, and the request and result of a hunt. It
// imports nothing heavy so every other package can depend on it.
package huntflow

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Event is one normalised Windows security event (Sysmon, Security,
// PowerShell, …). The typed fields are what hunts query and pivot on;
// Fields keeps every original field, flattened to strings, so detection
// rules can match any of them; Raw is the line as it was read.
type Event struct {
	// ID is deterministic (a hash of the raw line), so re-ingesting the same
	// file adds no duplicates.
	ID string `json:"id"`
	// Time is the event time in UTC, taken from @timestamp (or UtcTime,
	// TimeCreated when @timestamp is absent).
	Time time.Time `json:"time"`
	// LocalTime is EventTime as the source wrote it: local time with no zone.
	// It is kept for display only and never compared with UTC times.
	LocalTime string `json:"local_time,omitempty"`
	EventID   int    `json:"event_id"`
	Channel   string `json:"channel,omitempty"`
	Provider  string `json:"provider,omitempty"`
	Host      string `json:"host,omitempty"`
	User      string `json:"user,omitempty"`

	ProcessGUID       string `json:"process_guid,omitempty"`
	ProcessID         int64  `json:"process_id,omitempty"`
	Image             string `json:"image,omitempty"`
	CommandLine       string `json:"command_line,omitempty"`
	ParentProcessGUID string `json:"parent_process_guid,omitempty"`
	ParentProcessID   int64  `json:"parent_process_id,omitempty"`
	ParentImage       string `json:"parent_image,omitempty"`
	ParentCommandLine string `json:"parent_command_line,omitempty"`

	// Fields holds every field of the source event flattened to strings
	// (nested objects such as winlogbeat's event_data are lifted to the top).
	Fields map[string]string `json:"fields,omitempty"`
	// Raw is the original JSON line.
	Raw json.RawMessage `json:"raw,omitempty"`

	// Encoded is a Sink's own encoding of the event, made by its Prepare
	// (see Preparer) and read only by its Write; nil otherwise.
	Encoded []byte `json:"-"`
}

// Field returns the named field of the event. Typed fields answer to their
// usual Sysmon names as well, so rules work whichever source variant the
// event came from.
func (e *Event) Field(name string) (string, bool) {
	if v, ok := e.Fields[name]; ok {
		return v, true
	}
	switch name {
	case "EventID":
		return strconv.Itoa(e.EventID), true
	case "Channel":
		return e.Channel, e.Channel != ""
	case "Provider_Name", "SourceName":
		return e.Provider, e.Provider != ""
	case "Hostname", "Computer", "ComputerName":
		return e.Host, e.Host != ""
	case "Image", "NewProcessName":
		return e.Image, e.Image != ""
	case "CommandLine", "ProcessCommandLine":
		return e.CommandLine, e.CommandLine != ""
	case "ParentImage", "ParentProcessName":
		return e.ParentImage, e.ParentImage != ""
	case "ParentCommandLine":
		return e.ParentCommandLine, e.ParentCommandLine != ""
	case "ProcessGuid", "ProcessGUID":
		return e.ProcessGUID, e.ProcessGUID != ""
	case "ProcessId", "ProcessID":
		if e.ProcessID == 0 {
			return "", false
		}
		return strconv.FormatInt(e.ProcessID, 10), true
	case "User", "UserName":
		return e.User, e.User != ""
	}
	return "", false
}

// ProcessKey identifies the process an event belongs to on its host: the
// process GUID where Sysmon gave one, else host and PID.
func (e *Event) ProcessKey() string {
	if e.ProcessGUID != "" {
		return strings.ToLower(e.ProcessGUID)
	}
	if e.ProcessID != 0 {
		return strings.ToLower(e.Host) + "/" + strconv.FormatInt(e.ProcessID, 10)
	}
	return ""
}

// Ref projects the event to the few fields a finding cites, so findings stay
// small enough for workflow history.
func (e *Event) Ref() EventRef {
	return EventRef{
		ID:          e.ID,
		Time:        e.Time,
		Host:        e.Host,
		EventID:     e.EventID,
		Channel:     e.Channel,
		ProcessID:   e.ProcessID,
		ProcessGUID: e.ProcessGUID,
		Image:       e.Image,
		CommandLine: Truncate(e.CommandLine, MaxCommandLine),
		ParentImage: e.ParentImage,
		User:        e.User,
		Target:      Truncate(firstNonEmpty(e.Fields["TargetImage"], e.Fields["TargetObject"], e.Fields["TargetFilename"], e.Fields["ImageLoaded"], e.Fields["PipeName"]), MaxCommandLine),

		ParentProcessGUID: e.ParentProcessGUID,
		ParentProcessID:   e.ParentProcessID,
		GrantedAccess:     Truncate(e.Fields["GrantedAccess"], 32),
		Destination:       Truncate(destination(e.Fields), 300),
	}
}

// destination names the far end of a network connection (Sysmon 3) as
// "host (ip):port", or what it can of that.
func destination(f map[string]string) string {
	host := f["DestinationHostname"]
	if host == "-" {
		host = "" // Sysmon's "no name"
	}
	d := firstNonEmpty(host, f["DestinationIp"])
	if ip := f["DestinationIp"]; ip != "" && d != ip {
		d += " (" + ip + ")"
	}
	if p := f["DestinationPort"]; d != "" && p != "" {
		d += ":" + p
	}
	return d
}

// MaxCommandLine caps command lines carried in findings and prompts: enough
// for an analyst to read the intent, small enough for workflow history.
const MaxCommandLine = 512

// EventRef is the projection of an event that findings, enrichment and
// reports carry: enough to cite and find the event again, small enough to
// keep history lean.
type EventRef struct {
	ID          string    `json:"id"`
	Time        time.Time `json:"time"`
	Host        string    `json:"host,omitempty"`
	EventID     int       `json:"event_id"`
	Channel     string    `json:"channel,omitempty"`
	ProcessID   int64     `json:"process_id,omitempty"`
	ProcessGUID string    `json:"process_guid,omitempty"`
	Image       string    `json:"image,omitempty"`
	CommandLine string    `json:"command_line,omitempty"`
	ParentImage string    `json:"parent_image,omitempty"`
	User        string    `json:"user,omitempty"`
	// Target is what the event acted on: the accessed process, the registry
	// key, the file, the loaded image or the pipe.
	Target string `json:"target,omitempty"`
	// The parent process, so a report can draw the process tree.
	ParentProcessGUID string `json:"parent_process_guid,omitempty"`
	ParentProcessID   int64  `json:"parent_process_id,omitempty"`
	// GrantedAccess is the access mask a process access (Sysmon 10) was
	// granted; Destination the far end of a network connection (Sysmon 3).
	GrantedAccess string `json:"granted_access,omitempty"`
	Destination   string `json:"destination,omitempty"`
}

// Truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…[truncated]"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// Query selects events from a store. Start is inclusive, End exclusive; zero
// values of the other fields do not filter.
type Query struct {
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	EventIDs    []int     `json:"event_ids,omitempty"`
	Host        string    `json:"host,omitempty"` // case-insensitive
	ProcessGUID string    `json:"process_guid,omitempty"`
	ProcessID   int64     `json:"process_id,omitempty"` // with Host: the PID on that host
	Limit       int       `json:"limit,omitempty"`      // 0: no limit
	// KQL is a Kibana query the events must also match (package kql); the
	// store reports a syntax error rather than ignoring it.
	KQL string `json:"kql,omitempty"`
}

// Stats summarise the events a query selects.
type Stats struct {
	Events int       `json:"events"`
	Hosts  []string  `json:"hosts,omitempty"`
	First  time.Time `json:"first"`
	Last   time.Time `json:"last"`
}

// Store is a log store a hunt reads from: the embedded SQLite store by
// default, Elasticsearch in production.
type Store interface {
	// Search calls fn for each event the query selects, in time order. It
	// stops at the first error fn returns and returns that error.
	Search(ctx context.Context, q Query, fn func(*Event) error) error
	// SearchPages calls fn with the events the query selects in
	// consecutive pages of at most size events (size <= 0: the store's
	// own page size), in time order, so a caller can stream a window of
	// any size in bounded memory and work on a page at a time. The page
	// and its events are fn's to keep. It stops at the first error fn
	// returns and returns that error.
	SearchPages(ctx context.Context, q Query, size int, fn func([]*Event) error) error
	// Stats counts the events the query selects (Limit is ignored).
	Stats(ctx context.Context, q Query) (Stats, error)
}

// Sink is where ingest writes events.
type Sink interface {
	// Write stores a batch and reports how many events were new; events
	// already stored (same ID) are skipped.
	Write(ctx context.Context, batch []Event) (added int, err error)
}

// Preparer is implemented by a Sink that can do part of its per-event work
// before Write. A store may have to run its writes one after another, while
// ingest parses events in parallel: ingest calls Prepare on the events it
// has just parsed, in its parse workers, and passes them to Write later.
//
// Prepare may set Encoded and may clear Fields and Raw once Encoded holds
// them, so prepared events are fit only for that sink's Write. A Fields map
// it clears it must not keep: ingest fills it again for later events. It
// must be safe for concurrent use.
type Preparer interface {
	Prepare(events []Event)
}
