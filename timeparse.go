package huntflow

import (
	"fmt"
	"strings"
	"time"
)

// ParseTime reads a hunt timestamp such as 2020-05-01T23:22:00. A time with
// no offset is UTC (never the local zone of the machine that reads it); a
// time with an offset or Z is converted to UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty timestamp")
	}
	withZone := []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05.999999999Z07:00"}
	for _, layout := range withZone {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	noZone := []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02"}
	for _, layout := range noZone {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad timestamp %q: want e.g. 2020-05-01T23:22:00 (UTC) or 2020-05-01T23:22:00-04:00", s)
}
