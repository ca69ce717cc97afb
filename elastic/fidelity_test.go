package elastic

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/ingest"
)

// normalizeLines normalises lines as ingest does, failing on a bad one.
func normalizeLines(t *testing.T, lines ...string) []huntflow.Event {
	t.Helper()
	out := make([]huntflow.Event, 0, len(lines))
	for _, l := range lines {
		ev, err := ingest.Normalize([]byte(l))
		if err != nil {
			t.Fatalf("normalise %s: %v", l, err)
		}
		out = append(out, ev)
	}
	return out
}

// readLines reads the JSON lines of ingest's test fixtures (real OTRF
// records).
func readLines(t *testing.T, name string) []string {
	t.Helper()
	fh, err := os.Open(filepath.Join("..", "ingest", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var lines []string
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// openWithTemplate opens a store on a fake cluster that enforces the
// store's index template, as a real one does.
func openWithTemplate(t *testing.T, mutate func(*Config)) (*fakeES, *Store) {
	t.Helper()
	f := newFakeES(t)
	s := openTest(t, f, mutate)
	if err := s.EnsureTemplate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return f, s
}

// typed is an event's typed fields, which must survive the store.
func typed(e huntflow.Event) huntflow.Event {
	e.ID, e.Fields, e.Raw = "", nil, nil
	return e
}

// TestWriteCorpusRoundTrip writes real records of each source shape
// through the index template and reads them back: every line is indexed
// (nxlog's host string and number Keywords beside hex Keywords of newer
// exports, winlogbeat's host object), and each event reads back as ingest
// normalised it.
func TestWriteCorpusRoundTrip(t *testing.T) {
	groups := []struct {
		name  string
		files []string
	}{
		// One index may take these together: no field is an object in one
		// and a value in another.
		{"nxlog and newer exports", []string{"nxlog.json", "newer.json", "localtime.json"}},
		// winlogbeat's host is an object, nxlog's a string: an index holds
		// one or the other.
		{"winlogbeat", []string{"winlogbeat.json"}},
	}
	for _, m := range []FieldMapping{SysmonMapping, ECSMapping} {
		for _, g := range groups {
			t.Run(m.Name+"/"+g.name, func(t *testing.T) {
				var lines []string
				for _, name := range g.files {
					lines = append(lines, readLines(t, name)...)
				}
				var batch []huntflow.Event
				for _, l := range lines {
					// localtime.json has lines without a UTC time, which
					// ingest counts as bad.
					if ev, err := ingest.Normalize([]byte(l)); err == nil {
						batch = append(batch, ev)
					}
				}
				distinct := map[string]bool{}
				for _, ev := range batch {
					distinct[ev.ID] = true // fixtures repeat a few lines
				}
				_, s := openWithTemplate(t, func(c *Config) { c.Mapping = m })
				added, err := s.Write(context.Background(), batch)
				if err != nil || added != len(distinct) {
					t.Fatalf("added %d of %d: %v", added, len(distinct), err)
				}
				got := map[string]*huntflow.Event{}
				for _, e := range readAll(t, s, huntflow.Query{}) {
					got[e.ID] = e
				}
				for _, want := range batch {
					e := got[want.ID]
					if e == nil {
						t.Errorf("%s: not read back", want.ID)
						continue
					}
					g, w := typed(*e), typed(want)
					if m.Name == ECSMapping.Name {
						// The ECS mapping reads user.name, the account
						// winlogbeat ran under, where the event names no
						// DOMAIN\user of its own.
						g.User, w.User = "", ""
					}
					if !reflect.DeepEqual(g, w) {
						t.Errorf("%s: read back\n got  %+v\n want %+v", want.ID, g, w)
					}
					for _, k := range []string{"ProcessId", "@timestamp", "EventID"} {
						if w, ok := want.Fields[k]; ok && e.Fields[k] != w {
							t.Errorf("%s: Fields[%s] = %q, want %q", want.ID, k, e.Fields[k], w)
						}
					}
				}
			})
		}
	}
}

// TestWriteWinlogbeat4688RoundTrip checks that a 4688 whose fields are
// nested (winlogbeat's event_data: NewProcessId the new process, ProcessId
// its creator) reads back with the PIDs ingest gave it, and is found by
// the new process's PID.
func TestWriteWinlogbeat4688RoundTrip(t *testing.T) {
	batch := normalizeLines(t, `{"@timestamp":"2019-05-18T20:19:20.052Z","event_id":4688,"log_name":"Security","source_name":"Microsoft-Windows-Security-Auditing","computer_name":"WS1","event_data":{"NewProcessId":"0x1a2c","NewProcessName":"C:\\x.exe","ProcessId":"0x400","ParentProcessName":"C:\\p.exe","SubjectUserName":"bob"}}`)
	want := batch[0]
	if want.ProcessID != 0x1a2c || want.ParentProcessID != 0x400 {
		t.Fatalf("normalised pid %d ppid %d", want.ProcessID, want.ParentProcessID)
	}
	for _, ecs := range []bool{false, true} {
		_, s := openWithTemplate(t, func(c *Config) { c.ECSCopies = ecs })
		if _, err := s.Write(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
		got := readAll(t, s, huntflow.Query{Host: "ws1", ProcessID: 0x1a2c})
		if len(got) != 1 {
			t.Fatalf("ecs copies %v: found %d events by the new process's PID", ecs, len(got))
		}
		e := got[0]
		if e.ProcessID != want.ProcessID || e.ParentProcessID != want.ParentProcessID || e.Fields["ProcessId"] != "0x400" {
			t.Errorf("ecs copies %v: read back pid %d ppid %d ProcessId %q; want %d %d %q",
				ecs, e.ProcessID, e.ParentProcessID, e.Fields["ProcessId"], want.ProcessID, want.ParentProcessID, "0x400")
		}
		if g, w := typed(*e), typed(want); !reflect.DeepEqual(g, w) {
			t.Errorf("ecs copies %v: read back\n got  %+v\n want %+v", ecs, g, w)
		}
		// The creator is not the 4688's process.
		if n := len(readAll(t, s, huntflow.Query{Host: "ws1", ProcessID: 0x400})); n != 0 {
			t.Errorf("ecs copies %v: the creator's PID finds %d events", ecs, n)
		}
	}
}

// TestWriteIndexesNormalisedTime checks that an event is found at the time
// ingest gave it, whatever its raw @timestamp holds when that time came
// from UtcTime: the document's @timestamp is huntflow's time.
func TestWriteIndexesNormalisedTime(t *testing.T) {
	at := time.Date(2020, 5, 2, 2, 55, 56, 157_000_000, time.UTC)
	variants := []struct{ name, timestamp string }{
		{"null", `null`},
		{"empty", `""`},
		{"year 1", `"0001-01-01T00:00:00Z"`},
		{"space, no T", `"2020-05-02 02:55:56.157"`}, // read as UTC by ingest, rejected by a date field
		{"not a time", `"yesterday"`},
		{"epoch milliseconds", `"1588388156157"`},
		{"exact", `"2020-05-02T02:55:56.157Z"`},
		{"offset", `"2020-05-02T04:55:56.157+02:00"`},
	}
	var batch []huntflow.Event
	for i, v := range variants {
		line := `{"EventID":1,"@timestamp":` + v.timestamp + `,"UtcTime":"2020-05-02 02:55:56.157","Hostname":"WS01","ProcessId":` + string(rune('1'+i)) + `}`
		ev := normalizeLines(t, line)[0]
		if !ev.Time.Equal(at) {
			t.Fatalf("%s: normalised time %v", v.name, ev.Time)
		}
		batch = append(batch, ev)
	}
	// EventID "" beside event_id: ingest reads 4688, and so must queries.
	batch = append(batch, normalizeLines(t, `{"EventID":"","event_id":4688,"@timestamp":"2020-05-02T02:55:56.157Z","Hostname":"WS01"}`)...)
	f, s := openWithTemplate(t, nil)
	added, err := s.Write(context.Background(), batch)
	if err != nil || added != len(batch) {
		t.Fatalf("added %d of %d: %v", added, len(batch), err)
	}
	got := readAll(t, s, huntflow.Query{Start: at, End: at.Add(time.Millisecond)})
	if len(got) != len(batch) {
		t.Errorf("window finds %d of %d events", len(got), len(batch))
	}
	found := map[string]*huntflow.Event{}
	for _, e := range got {
		found[e.ID] = e
	}
	for i, v := range variants {
		e := found[batch[i].ID]
		if e == nil {
			t.Errorf("%s: not in its window; indexed as %s", v.name, f.stored[batch[i].ID])
			continue
		}
		if !e.Time.Equal(at) {
			t.Errorf("%s: read back at %v", v.name, e.Time)
		}
		// What the source wrote is kept.
		if v.timestamp != "null" && e.Fields["@timestamp"] != batch[i].Fields["@timestamp"] {
			t.Errorf("%s: Fields[@timestamp] = %q, want %q", v.name, e.Fields["@timestamp"], batch[i].Fields["@timestamp"])
		}
		if _, ok := e.Fields[originalTimestamp]; ok {
			t.Errorf("%s: %s leaked into Fields", v.name, originalTimestamp)
		}
	}
	// A bound inside the millisecond counts, as in SQLite.
	if n := len(readAll(t, s, huntflow.Query{Start: at.Add(time.Nanosecond), End: at.Add(time.Millisecond)})); n != 0 {
		t.Errorf("window starting 1ns after the events finds %d", n)
	}
	last := batch[len(batch)-1]
	if got := ids(readAll(t, s, huntflow.Query{EventIDs: []int{4688}})); !slices.Equal(got, []string{last.ID}) {
		t.Errorf("EventID 4688 finds %v; indexed as %s", got, f.stored[last.ID])
	}
}
