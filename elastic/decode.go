package elastic

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/ingest"
)

// decode turns a hit's _source into an event. The document _id is the
// event's ID: huntflow's ingest indexes each event under its deterministic
// ID, and for documents shipped by other tools the _id is just as stable.
func (s *Store) decode(id string, src json.RawMessage) (*huntflow.Event, error) {
	ev, err := ingest.Normalize(src)
	if err != nil {
		return nil, fmt.Errorf("elastic: decode document %s: %w", id, err)
	}
	if s.mapping.Name != SysmonMapping.Name {
		applyMapping(&ev, s.mapping)
	}
	ev.ID = id
	// host_key and pid_key are ours, added at ingest for case-insensitive
	// host queries and acting-process PID queries.
	delete(ev.Fields, "host_key")
	delete(ev.Fields, "pid_key")
	// A raw @timestamp that was not the event time was replaced at ingest
	// (the event time was read from the normalised @timestamp above); the
	// fields say what the source wrote.
	if v, ok := ev.Fields[originalTimestamp]; ok {
		ev.Fields["@timestamp"] = v
		delete(ev.Fields, originalTimestamp)
	}
	return &ev, nil
}

// applyMapping takes the typed fields from the mapping's paths where the
// document has them; the mapping is authoritative over the Sysmon names the
// normaliser guessed from.
func applyMapping(ev *huntflow.Event, m FieldMapping) {
	f := ev.Fields
	setStr := func(dst *string, path string) {
		if v := f[path]; path != "" && v != "" {
			*dst = v
		}
	}
	setInt := func(dst *int64, path string) {
		if n, ok := parsePID(f[path]); path != "" && ok {
			*dst = n
		}
	}
	if t, ok := parseTime(f[m.Time]); ok {
		ev.Time = t
	}
	if n, err := strconv.Atoi(f[m.EventID]); err == nil {
		ev.EventID = n
	}
	setStr(&ev.Host, m.Host)
	setStr(&ev.Channel, m.Channel)
	setStr(&ev.Provider, m.Provider)
	setStr(&ev.ProcessGUID, m.ProcessGUID)
	setInt(&ev.ProcessID, m.ProcessID)
	setStr(&ev.Image, m.Image)
	setStr(&ev.CommandLine, m.CommandLine)
	setStr(&ev.ParentProcessGUID, m.ParentProcessGUID)
	setInt(&ev.ParentProcessID, m.ParentProcessID)
	setStr(&ev.ParentImage, m.ParentImage)
	setStr(&ev.ParentCommandLine, m.ParentCommandLine)
	if u := f[m.User]; m.User != "" && u != "" && !strings.Contains(ev.User, `\`) {
		// ECS splits DOMAIN\user; Sysmon's User keeps them together.
		if d := f["user.domain"]; d != "" && !strings.Contains(u, `\`) {
			u = d + `\` + u
		}
		ev.User = u
	}
}

// parsePID reads a PID in decimal or, as Security events write it, hex.
func parsePID(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok {
		n, err := strconv.ParseInt(h, 16, 64)
		return n, err == nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func parseTime(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
