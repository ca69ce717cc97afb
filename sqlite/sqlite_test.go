package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

var t0 = time.Date(2023, 8, 15, 9, 0, 0, 0, time.UTC)

func openTest(t *testing.T) *DB {
	t.Helper()
	return openTestAt(t, filepath.Join(t.TempDir(), "events.db"))
}

// ev builds a small event; mods adjust it.
func ev(id string, at time.Time, mods ...func(*huntflow.Event)) huntflow.Event {
	e := huntflow.Event{ID: id, Time: at, EventID: 1, Host: "WS01", Fields: map[string]string{"k": id}, Raw: []byte(`{"id":"` + id + `"}`)}
	for _, m := range mods {
		m(&e)
	}
	return e
}

func mustWrite(t *testing.T, db *DB, batch ...huntflow.Event) int {
	t.Helper()
	n, err := db.Write(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func searchIDs(t *testing.T, db *DB, q huntflow.Query) []string {
	t.Helper()
	var ids []string
	err := db.Search(context.Background(), q, func(e *huntflow.Event) error {
		ids = append(ids, e.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestRoundTrip writes events as they come and, as ingest does, prepared
// (bodies encoded by Prepare, Fields and Raw dropped): both read back the
// same.
func TestRoundTrip(t *testing.T) {
	for _, prepare := range []bool{false, true} {
		t.Run(fmt.Sprintf("prepared=%v", prepare), func(t *testing.T) { roundTrip(t, prepare) })
	}
}

func roundTrip(t *testing.T, prepare bool) {
	db := openTest(t)
	zone := time.FixedZone("EST", -5*3600)
	full := huntflow.Event{
		ID:                "a1b2c3",
		Time:              time.Date(2023, 8, 15, 4, 53, 48, 446123789, zone),
		LocalTime:         "2023-08-15 04:53:48",
		EventID:           1,
		Channel:           "Microsoft-Windows-Sysmon/Operational",
		Provider:          "Microsoft-Windows-Sysmon",
		Host:              "MKT01.pandalab.com",
		User:              `PANDALAB\stevie.marie`,
		ProcessGUID:       "{81056205-565c-64dc-2304-000000000800}",
		ProcessID:         7448,
		Image:             `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
		CommandLine:       `"msedge.exe" --profile-directory=Default`,
		ParentProcessGUID: "{81056205-d124-64d4-6a00-000000000800}",
		ParentProcessID:   4544,
		ParentImage:       `C:\Windows\explorer.exe`,
		ParentCommandLine: `C:\Windows\Explorer.EXE`,
		Fields: map[string]string{
			"Image":       `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
			"Message":     "Process Create:\r\nRuleName: -\r\n\t\"quoted\"",
			"Empty":       "",
			"ünïcödé 键":   "值 ✓",
			"NotUTF8":     "\xff\xfe",
			"Long":        strings.Repeat("x", 70_000),
			"@timestamp":  "2023-08-15T09:53:48.446Z",
			"event.code":  "1",
			"with\x00nul": "a\x00b",
		},
		Raw: []byte(`{"EventID":1,"Hostname":"MKT01.pandalab.com"}`),
	}
	bare := huntflow.Event{ID: "bare", Time: t0}
	timeless := huntflow.Event{ID: "timeless", EventID: 4624, Host: "DC01", Raw: []byte(`{}`)}
	upper := ev("upper", t0.Add(time.Second), func(e *huntflow.Event) {
		e.ProcessGUID, e.ParentProcessGUID = "{ABCDEF01-0000-0000-0000-00000000000A}", "{ABCDEF01-0000-0000-0000-00000000000B}"
	})
	batch := []huntflow.Event{full, bare, timeless, upper}
	if prepare {
		db.Prepare(batch)
		for i, e := range batch {
			if e.Fields != nil || e.Raw != nil {
				t.Errorf("event %d kept Fields or Raw after Prepare", i)
			}
			if wantBody := e.ID != bare.ID; (e.Encoded != nil) != wantBody {
				t.Errorf("event %d: Encoded = %v, want set: %v", i, e.Encoded != nil, wantBody)
			}
		}
	}
	if n := mustWrite(t, db, batch...); n != 4 {
		t.Fatalf("added %d, want 4", n)
	}

	got := map[string]huntflow.Event{}
	err := db.Search(context.Background(), huntflow.Query{}, func(e *huntflow.Event) error {
		got[e.ID] = *e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		in   huntflow.Event
		want func(huntflow.Event) huntflow.Event
	}{
		{"all fields", full, func(e huntflow.Event) huntflow.Event { e.Time = e.Time.UTC(); e.Raw = nil; return e }},
		{"no fields or raw", bare, func(e huntflow.Event) huntflow.Event { return e }},
		{"no time", timeless, func(e huntflow.Event) huntflow.Event { e.Raw = nil; return e }},
		{"GUIDs lower-cased", upper, func(e huntflow.Event) huntflow.Event {
			e.ProcessGUID, e.ParentProcessGUID = strings.ToLower(e.ProcessGUID), strings.ToLower(e.ParentProcessGUID)
			e.Raw = nil
			return e
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ok := got[tt.in.ID]
			if !ok {
				t.Fatalf("event %s not returned", tt.in.ID)
			}
			want := tt.want(tt.in)
			if !reflect.DeepEqual(g, want) {
				t.Errorf("round trip mismatch:\n got %+v\nwant %+v", trimLong(g), trimLong(want))
			}
			if g.Time.Location() != time.UTC {
				t.Errorf("time location %v, want UTC", g.Time.Location())
			}
			raw, err := db.Raw(context.Background(), tt.in.ID)
			if err != nil {
				t.Fatal(err)
			}
			if string(raw) != string(tt.in.Raw) {
				t.Errorf("Raw = %q, want %q", raw, tt.in.Raw)
			}
		})
	}
}

func trimLong(e huntflow.Event) huntflow.Event {
	if len(e.Fields["Long"]) > 20 {
		f := maps.Clone(e.Fields)
		f["Long"] = fmt.Sprintf("<%d bytes>", len(f["Long"]))
		e.Fields = f
	}
	return e
}

func TestRawNotFound(t *testing.T) {
	db := openTest(t)
	mustWrite(t, db, ev("a", t0))
	if _, err := db.Raw(context.Background(), "missing"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Raw(missing) error = %v, want ErrNotFound", err)
	}
}

func TestWriteDuplicates(t *testing.T) {
	many := func(from, n int) []huntflow.Event {
		out := make([]huntflow.Event, n)
		for i := range out {
			out[i] = ev(fmt.Sprintf("e%04d", from+i), t0.Add(time.Duration(from+i)*time.Second))
		}
		return out
	}
	tests := []struct {
		name    string
		batches [][]huntflow.Event
		added   []int
		total   int
	}{
		{"within one batch", [][]huntflow.Event{{ev("a", t0), ev("a", t0), ev("b", t0)}}, []int{2}, 2},
		{"same batch twice", [][]huntflow.Event{many(0, 3), many(0, 3)}, []int{3, 0}, 3},
		{"overlapping batches", [][]huntflow.Event{many(0, 2), many(1, 3)}, []int{2, 2}, 4},
		// Crosses multi-row statement boundaries, with the duplicates
		// falling inside full statements and in the single-row tail.
		{"large batches", [][]huntflow.Event{many(0, 100), append(many(90, 40), many(0, 5)...)}, []int{100, 30}, 130},
		{"empty batch", [][]huntflow.Event{nil}, []int{0}, 0},
		// Events without a time are kept unique by ID alone.
		{"untimed", [][]huntflow.Event{{ev("u", time.Time{}), ev("u", time.Time{}), ev("v", time.Time{})}, {ev("u", time.Time{})}}, []int{2, 0}, 2},
		{"untimed and timed", [][]huntflow.Event{{ev("u", time.Time{}), ev("u", t0)}}, []int{2}, 2},
		// An ID is a hash of the line its time is read from, so the same
		// ID at another time is another event (only a caller that makes
		// up its own IDs can write one): it is kept, not dropped.
		{"same ID, other time", [][]huntflow.Event{{ev("a", t0)}, {ev("a", t0.Add(time.Second))}}, []int{1, 1}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			for i, b := range tt.batches {
				if n := mustWrite(t, db, b...); n != tt.added[i] {
					t.Errorf("batch %d added %d, want %d", i, n, tt.added[i])
				}
			}
			st, err := db.Span(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if st.Events != tt.total {
				t.Errorf("store holds %d events, want %d", st.Events, tt.total)
			}
		})
	}
}

func TestWriteRejectsWholeBatch(t *testing.T) {
	tests := []struct {
		name string
		bad  huntflow.Event
	}{
		{"missing ID", ev("", t0)},
		{"time out of range", ev("x", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))},
	}
	for _, tt := range tests {
		// Prepared batches are written without the encoder goroutine.
		for _, prepare := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/prepared=%v", tt.name, prepare), func(t *testing.T) {
				db := openTest(t)
				batch := make([]huntflow.Event, 0, 70)
				for i := range 69 {
					batch = append(batch, ev(fmt.Sprintf("ok%d", i), t0))
				}
				batch = append(batch, tt.bad)
				if prepare {
					db.Prepare(batch)
				}
				if _, err := db.Write(context.Background(), batch); err == nil {
					t.Fatal("Write accepted a bad event")
				}
				if ids := searchIDs(t, db, huntflow.Query{}); len(ids) != 0 {
					t.Errorf("a failed batch left %d events behind", len(ids))
				}
				// The store still works after the failure.
				if n := mustWrite(t, db, ev("after", t0)); n != 1 {
					t.Errorf("added %d after a failed batch, want 1", n)
				}
			})
		}
	}
}

func TestWriteCanceled(t *testing.T) {
	db := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.Write(ctx, []huntflow.Event{ev("a", t0)}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Write with a canceled context: err = %v", err)
	}
	if ids := searchIDs(t, db, huntflow.Query{}); len(ids) != 0 {
		t.Errorf("canceled write stored %v", ids)
	}
}

// fixture writes a small store for the filter tests.
func fixture(t *testing.T) *DB {
	db := openTest(t)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	host := func(h string) func(*huntflow.Event) { return func(e *huntflow.Event) { e.Host = h } }
	eid := func(id int) func(*huntflow.Event) { return func(e *huntflow.Event) { e.EventID = id } }
	proc := func(guid string, pid int64) func(*huntflow.Event) {
		return func(e *huntflow.Event) { e.ProcessGUID, e.ProcessID = guid, pid }
	}
	// Written out of time order on purpose.
	mustWrite(t, db,
		ev("e5", at(300), host("ws02.corp"), eid(3), proc("{bbbb}", 100)),
		ev("e1", at(0), host("WS01.corp"), eid(1), proc("{aaaa}", 100)),
		ev("e3", at(120), host("ws01.CORP"), eid(10), proc("{aaaa}", 100)),
		ev("e2", at(60), host("WS01.corp"), eid(1), proc("{cccc}", 200)),
		ev("e4", at(180), host("WS02.corp"), eid(10), proc("{dddd}", 200)),
		ev("e6", at(360), host("DC01"), eid(4624)),
	)
	return db
}

func TestSearchFilters(t *testing.T) {
	db := fixture(t)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	tests := []struct {
		name string
		q    huntflow.Query
		want []string
	}{
		{"everything in time order", huntflow.Query{}, []string{"e1", "e2", "e3", "e4", "e5", "e6"}},
		{"start inclusive end exclusive", huntflow.Query{Start: at(60), End: at(180)}, []string{"e2", "e3"}},
		{"window one nanosecond wide", huntflow.Query{Start: at(120), End: at(120).Add(1)}, []string{"e3"}},
		{"empty window", huntflow.Query{Start: at(121), End: at(179)}, nil},
		{"start only", huntflow.Query{Start: at(300)}, []string{"e5", "e6"}},
		{"end only", huntflow.Query{End: at(60)}, []string{"e1"}},
		{"bounds in another zone", huntflow.Query{
			Start: at(60).In(time.FixedZone("IST", 5*3600+1800)),
			End:   at(180).In(time.FixedZone("PDT", -7*3600)),
		}, []string{"e2", "e3"}},
		{"far-flung bounds", huntflow.Query{Start: time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), End: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"e1", "e2", "e3", "e4", "e5", "e6"}},
		{"one event ID", huntflow.Query{EventIDs: []int{10}}, []string{"e3", "e4"}},
		{"several event IDs", huntflow.Query{EventIDs: []int{1, 4624}}, []string{"e1", "e2", "e6"}},
		{"unknown event ID", huntflow.Query{EventIDs: []int{7}}, nil},
		{"host any case", huntflow.Query{Host: "WS01.CORP"}, []string{"e1", "e2", "e3"}},
		{"GUID any case", huntflow.Query{ProcessGUID: "{AAAA}"}, []string{"e1", "e3"}},
		{"PID on host", huntflow.Query{Host: "ws01.corp", ProcessID: 100}, []string{"e1", "e3"}},
		{"PID on other host", huntflow.Query{Host: "ws02.corp", ProcessID: 100}, []string{"e5"}},
		{"limit keeps the earliest", huntflow.Query{Limit: 2}, []string{"e1", "e2"}},
		{"limit with filter", huntflow.Query{EventIDs: []int{10, 3}, Limit: 2}, []string{"e3", "e4"}},
		{"all filters", huntflow.Query{Start: at(0), End: at(200), EventIDs: []int{1, 10}, Host: "ws01.corp", ProcessID: 100}, []string{"e1", "e3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := searchIDs(t, db, tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("Search(%+v) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestSearchOrderTiesByID(t *testing.T) {
	db := openTest(t)
	// Same timestamp, written in two batches in reverse ID order.
	mustWrite(t, db, ev("c", t0), ev("z", t0.Add(time.Millisecond)))
	mustWrite(t, db, ev("b", t0), ev("a", t0), ev("y", t0.Add(-time.Millisecond)))
	want := []string{"y", "a", "b", "c", "z"}
	if got := searchIDs(t, db, huntflow.Query{}); !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestSearchCallbackError(t *testing.T) {
	db := fixture(t)
	stop := errors.New("stop")
	calls := 0
	err := db.Search(context.Background(), huntflow.Query{}, func(*huntflow.Event) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Errorf("Search returned %v, want fn's error unchanged", err)
	}
	if calls != 2 {
		t.Errorf("fn called %d times after failing, want 2", calls)
	}
}

func TestSearchContextCancel(t *testing.T) {
	db := openTest(t)
	mustWrite(t, db, newSynth(t0, time.Millisecond).events(0, 3000)...)

	t.Run("during search", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		calls := 0
		err := db.Search(ctx, huntflow.Query{}, func(*huntflow.Event) error {
			calls++
			if calls == 10 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if calls > 10+checkEvery {
			t.Errorf("Search went on for %d events after cancellation", calls-10)
		}
	})
	t.Run("before search", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		calls := 0
		err := db.Search(ctx, huntflow.Query{}, func(*huntflow.Event) error { calls++; return nil })
		if !errors.Is(err, context.Canceled) || calls != 0 {
			t.Errorf("err = %v after %d calls, want context.Canceled before any", err, calls)
		}
	})
}

func TestStats(t *testing.T) {
	db := fixture(t)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	tests := []struct {
		name string
		q    huntflow.Query
		want huntflow.Stats
	}{
		{"whole store", huntflow.Query{}, huntflow.Stats{Events: 6, Hosts: []string{"DC01", "WS01.corp", "WS02.corp"}, First: at(0), Last: at(360)}},
		{"window", huntflow.Query{Start: at(60), End: at(300)}, huntflow.Stats{Events: 3, Hosts: []string{"WS01.corp", "WS02.corp"}, First: at(60), Last: at(180)}},
		{"host", huntflow.Query{Host: "ws02.CORP"}, huntflow.Stats{Events: 2, Hosts: []string{"WS02.corp"}, First: at(180), Last: at(300)}},
		{"limit ignored", huntflow.Query{Limit: 1}, huntflow.Stats{Events: 6, Hosts: []string{"DC01", "WS01.corp", "WS02.corp"}, First: at(0), Last: at(360)}},
		{"nothing", huntflow.Query{EventIDs: []int{99}}, huntflow.Stats{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.Stats(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Stats = %+v, want %+v", got, tt.want)
			}
		})
	}
	span, err := db.Span(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if span.Events != 6 || !span.First.Equal(at(0)) || !span.Last.Equal(at(360)) {
		t.Errorf("Span = %+v", span)
	}
}

func TestStack(t *testing.T) {
	db := openTest(t)
	img := func(image, target string) func(*huntflow.Event) {
		return func(e *huntflow.Event) {
			e.Image = image
			e.Fields = map[string]string{"TargetImage": target}
		}
	}
	var batch []huntflow.Event
	add := func(n int, image, target string) {
		for range n {
			batch = append(batch, ev(fmt.Sprintf("e%03d", len(batch)), t0.Add(time.Duration(len(batch))*time.Second), img(image, target)))
		}
	}
	add(5, `C:\Windows\System32\svchost.exe`, `C:\Windows\system32\lsass.exe`)
	add(2, `C:\WINDOWS\system32\SVCHOST.EXE`, "") // same program, other case
	add(3, `C:\Program Files\Edge\msedge.exe`, `C:\Windows\system32\lsass.exe`)
	add(1, `C:\Users\bob\AppData\Local\Temp\mimi.exe`, `C:\Windows\system32\lsass.exe`)
	add(1, `C:\Users\bob\procdump64.exe`, `C:\Windows\explorer.exe`)
	add(2, "", "") // no image: not counted
	mustWrite(t, db, batch...)

	tests := []struct {
		name  string
		q     huntflow.Query
		field string
		limit int
		want  []StackCount
	}{
		{"rarest first, case folded", huntflow.Query{}, "image", 0, []StackCount{
			{`C:\Users\bob\AppData\Local\Temp\mimi.exe`, 1},
			{`C:\Users\bob\procdump64.exe`, 1},
			{`C:\Program Files\Edge\msedge.exe`, 3},
			{`C:\WINDOWS\system32\SVCHOST.EXE`, 7},
		}},
		{"limit", huntflow.Query{}, "image", 2, []StackCount{
			{`C:\Users\bob\AppData\Local\Temp\mimi.exe`, 1},
			{`C:\Users\bob\procdump64.exe`, 1},
		}},
		{"query narrows", huntflow.Query{Start: t0.Add(5 * time.Second), End: t0.Add(10 * time.Second)}, "image", 0, []StackCount{
			{`C:\WINDOWS\system32\SVCHOST.EXE`, 2},
			{`C:\Program Files\Edge\msedge.exe`, 3},
		}},
		{"event id", huntflow.Query{}, "event_id", 0, []StackCount{{"1", 14}}},
		{"host", huntflow.Query{}, "host", 0, []StackCount{{"WS01", 14}}},
		{"a key of Fields", huntflow.Query{}, "fields.TargetImage", 0, []StackCount{
			{`C:\Windows\explorer.exe`, 1},
			{`C:\Windows\system32\lsass.exe`, 9},
		}},
		{"absent key of Fields", huntflow.Query{}, "fields.Nope", 0, []StackCount{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.Stack(context.Background(), tt.q, tt.field, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Stack(%s) = %v, want %v", tt.field, got, tt.want)
			}
		})
	}

	for _, field := range []string{"", "Image", "raw", "body", "image; DROP TABLE events", "id", "fields.", "fields.a'b", `fields.a"b`, "fields.a b"} {
		if _, err := db.Stack(context.Background(), huntflow.Query{}, field, 0); err == nil {
			t.Errorf("Stack(%q) accepted an unknown field", field)
		}
	}
	if ids := searchIDs(t, db, huntflow.Query{}); len(ids) != len(batch) {
		t.Errorf("store holds %d events after rejected stacks, want %d", len(ids), len(batch))
	}
}

func TestStackFieldsAreAllowed(t *testing.T) {
	db := fixture(t)
	for _, f := range StackFields() {
		if _, err := db.Stack(context.Background(), huntflow.Query{}, f, 1); err != nil {
			t.Errorf("Stack(%q): %v", f, err)
		}
	}
}

// A hunt reads while an ingest writes, from another connection or another
// process: WAL gives readers a consistent snapshot without blocking.
func TestReadDuringWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	ctx := context.Background()
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// A second handle on the file stands in for another process.
	r, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// Checkpoints after every batch, so readers also meet the checkpointer
	// copying the WAL under them.
	w.checkpointEvery = 1

	const batches, size = 30, 300
	s := newSynth(t0, time.Millisecond)
	done := make(chan error, 1)
	go func() {
		for i := range batches {
			if _, err := w.Write(ctx, s.events(i*size, size)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()

	var wg sync.WaitGroup
	readErrs := make(chan error, 4)
	finished := make(chan struct{})
	for _, db := range []*DB{w, r} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for {
				select {
				case <-finished:
					return
				default:
				}
				st, err := db.Stats(ctx, huntflow.Query{})
				if err != nil {
					readErrs <- err
					return
				}
				// Batches are transactions: a reader sees whole ones.
				if st.Events%size != 0 || st.Events < last {
					readErrs <- fmt.Errorf("reader saw %d events after %d", st.Events, last)
					return
				}
				last = st.Events
				n := 0
				if err := db.Search(ctx, huntflow.Query{Limit: 500}, func(*huntflow.Event) error { n++; return nil }); err != nil {
					readErrs <- err
					return
				}
				if n < min(500, last) {
					readErrs <- fmt.Errorf("search saw %d events, stats %d", n, last)
					return
				}
			}
		}()
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	close(finished)
	wg.Wait()
	close(readErrs)
	for err := range readErrs {
		t.Error(err)
	}
	st, err := r.Span(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Events != batches*size {
		t.Errorf("reader sees %d events at the end, want %d", st.Events, batches*size)
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "dir", "events.db")
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, db, ev("a", t0), ev("b", t0.Add(time.Second)))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if ids := searchIDs(t, db, huntflow.Query{}); !slices.Equal(ids, []string{"a", "b"}) {
		t.Errorf("after reopening: %v", ids)
	}
	if n := mustWrite(t, db, ev("a", t0), ev("c", t0)); n != 1 {
		t.Errorf("after reopening, re-ingest added %d, want 1", n)
	}
	raw, err := db.Raw(ctx, "b")
	if err != nil || string(raw) != `{"id":"b"}` {
		t.Errorf("Raw(b) = %q, %v", raw, err)
	}
	var mode string
	if err := db.r.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}

// TestVersion1Store opens a store written by a build whose schema keyed
// events by ID alone: it is used as it is, read and written with the same
// statements, and its key still deduplicates by ID.
func TestVersion1Store(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	v1 := strings.Replace(strings.Replace(schema,
		"id                  TEXT NOT NULL,", "id                  TEXT PRIMARY KEY,", 1),
		"CREATE UNIQUE INDEX IF NOT EXISTS events_ts", "CREATE INDEX IF NOT EXISTS events_ts", 1)
	v1 = v1[:strings.Index(v1, "-- NULLs are distinct")]
	if v1 == schema {
		t.Fatal("could not derive the version 1 schema")
	}
	if _, err := raw.Exec(v1 + "; PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := mustWrite(t, db, ev("a", t0), ev("b", t0.Add(time.Second)), ev("a", t0)); n != 2 {
		t.Errorf("added %d, want 2", n)
	}
	if n := mustWrite(t, db, ev("a", t0.Add(time.Minute))); n != 0 {
		t.Errorf("version 1 key: the same ID at another time added %d, want 0", n)
	}
	if ids := searchIDs(t, db, huntflow.Query{}); !slices.Equal(ids, []string{"a", "b"}) {
		t.Errorf("Search = %v", ids)
	}
	var v int
	if err := db.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil || v != 1 {
		t.Errorf("user_version = %d, %v; want 1 (left as it was)", v, err)
	}
}

// TestQueriesUseIndexes checks the plans of the statements Search and
// paging run, which the schema's indexes are for: none scans the table or
// sorts it.
func TestQueriesUseIndexes(t *testing.T) {
	db := openTest(t)
	mustWrite(t, db, ev("a", t0), ev("b", time.Time{}))
	queries := []string{
		"SELECT id FROM events WHERE ts >= ? AND (ts > ? OR id > ?) ORDER BY ts, id LIMIT 10",
		"SELECT id FROM events WHERE ts IS NULL AND id > ? ORDER BY id LIMIT 10",
	}
	for _, q := range []huntflow.Query{
		{Start: t0, End: t0.Add(time.Hour)},
		{Start: t0, End: t0.Add(time.Hour), EventIDs: []int{1}},
		{Start: t0, End: t0.Add(time.Hour), Host: "WS01"},
		{Start: t0, End: t0.Add(time.Hour), Host: "WS01", ProcessID: 42},
		{ProcessGUID: "{abc}"},
	} {
		w, _ := where(q)
		queries = append(queries, "SELECT "+searchColumns+" FROM events"+w+" ORDER BY ts, id")
	}
	for _, q := range queries {
		rows, err := db.w.Query("EXPLAIN QUERY PLAN "+q, make([]any, strings.Count(q, "?"))...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, d := range plan {
			// Sorting ties on ts by ID ("LAST TERM OF ORDER BY") is fine.
			if strings.HasPrefix(d, "SCAN events") && !strings.Contains(d, "USING") || strings.Contains(d, "TEMP B-TREE FOR ORDER BY") {
				t.Errorf("%s\nplan %q: scans or sorts", q, plan)
			}
		}
	}
}

func TestOpenRejects(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, path := range []string{"", ":memory:", "file:x.db", filepath.Join(dir, "a?b.db")} {
		if db, err := Open(ctx, path); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", path)
		}
	}

	// A file from a newer build is left alone.
	path := filepath.Join(dir, "newer.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if db, err := Open(ctx, path); err == nil {
		db.Close()
		t.Error("Open accepted a newer schema version")
	}
}

// pagedIDs reads q through SearchPages and checks the page sizes.
func pagedIDs(t *testing.T, db *DB, q huntflow.Query, size int) []string {
	t.Helper()
	var ids []string
	err := db.SearchPages(context.Background(), q, size, func(page []*huntflow.Event) error {
		if len(page) == 0 || len(page) > size {
			t.Errorf("page of %d events, want 1..%d", len(page), size)
		}
		for _, e := range page {
			ids = append(ids, e.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestSearchPagesMatchesSearch(t *testing.T) {
	db := fixture(t)
	// Ties on time and events without a time, which sort first.
	mustWrite(t, db, ev("t-b", t0.Add(60*time.Second)), ev("t-a", t0.Add(60*time.Second)), ev("t-c", t0.Add(60*time.Second)),
		ev("n2", time.Time{}), ev("n1", time.Time{}), ev("n3", time.Time{}))
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	queries := []struct {
		name string
		q    huntflow.Query
	}{
		{"everything", huntflow.Query{}},
		{"window", huntflow.Query{Start: at(0), End: at(200)}},
		{"start only", huntflow.Query{Start: at(60)}},
		{"end only", huntflow.Query{End: at(61)}},
		{"host", huntflow.Query{Host: "ws01.corp"}},
		{"event IDs", huntflow.Query{EventIDs: []int{1, 10}}},
		{"PID on host", huntflow.Query{Host: "WS01.CORP", ProcessID: 100}},
		{"limit across pages", huntflow.Query{Limit: 5}},
		{"limit inside the timeless events", huntflow.Query{Limit: 2}},
		{"nothing", huntflow.Query{Start: at(121), End: at(179)}},
	}
	for _, tt := range queries {
		want := searchIDs(t, db, tt.q)
		for _, size := range []int{1, 2, 4, 1000} {
			t.Run(fmt.Sprintf("%s/size %d", tt.name, size), func(t *testing.T) {
				if got := pagedIDs(t, db, tt.q, size); !slices.Equal(got, want) {
					t.Errorf("pages = %v, want Search's %v", got, want)
				}
			})
		}
	}
	if got := searchIDs(t, db, huntflow.Query{Limit: 4}); !slices.Equal(got, []string{"n1", "n2", "n3", "e1"}) {
		t.Fatalf("fixture: timeless events should come first, got %v", got)
	}
}

func TestSearchPagesStopsOnError(t *testing.T) {
	db := openTest(t)
	mustWrite(t, db, newSynth(t0, time.Millisecond).events(0, 50)...)
	stop := errors.New("stop")
	pages := 0
	err := db.SearchPages(context.Background(), huntflow.Query{}, 10, func(page []*huntflow.Event) error {
		pages++
		if pages == 2 {
			return stop
		}
		return nil
	})
	if err != stop || pages != 2 {
		t.Errorf("SearchPages = %v after %d pages, want fn's error after 2", err, pages)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.SearchPages(ctx, huntflow.Query{}, 10, func([]*huntflow.Event) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestSearchPagesReleasesTheSnapshot: between pages no read transaction is
// open, so events written into the unread part of the window are seen.
func TestSearchPagesReleasesTheSnapshot(t *testing.T) {
	db := openTest(t)
	mustWrite(t, db, ev("a", t0), ev("b", t0.Add(time.Second)), ev("d", t0.Add(3*time.Second)))
	var ids []string
	err := db.SearchPages(context.Background(), huntflow.Query{Start: t0}, 2, func(page []*huntflow.Event) error {
		for _, e := range page {
			ids = append(ids, e.ID)
		}
		if len(ids) == 2 {
			mustWrite(t, db, ev("c", t0.Add(2*time.Second)), ev("early", t0.Add(-time.Second)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c", "d"}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
}

// TestBackgroundCheckpoint checks that the WAL reaches the database file
// while the store stays open: the checkpointer's goroutine copies it, not
// Close, and a reader sees every committed batch throughout.
func TestBackgroundCheckpoint(t *testing.T) {
	for _, tc := range []struct {
		name  string
		every int64
		want  bool // pages in the database file before Close
	}{
		{"checkpointing", 1, true},
		// The writer's own backstop is far above what this test writes.
		{"never-requested", 1 << 40, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "events.db")
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.checkpointEvery = tc.every
			empty := fileSize(t, path)

			const batches, size = 5, 200
			s := newSynth(t0, time.Millisecond)
			for i := range batches {
				mustWrite(t, db, s.events(i*size, size)...)
				if st, err := db.Stats(ctx, huntflow.Query{}); err != nil || st.Events != (i+1)*size {
					t.Fatalf("after batch %d: stats %+v, %v", i, st, err)
				}
			}
			// The checkpoint runs behind Write; give it time.
			deadline := time.Now().Add(10 * time.Second)
			for fileSize(t, path) == empty && tc.want && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if got := fileSize(t, path) > empty; got != tc.want {
				t.Errorf("database file grew before Close: %v, want %v (%d bytes, empty %d)", got, tc.want, fileSize(t, path), empty)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			r, err := OpenReader(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if st, err := r.Stats(ctx, huntflow.Query{}); err != nil || st.Events != batches*size {
				t.Errorf("after Close: stats %+v, %v; want %d events", st, err, batches*size)
			}
		})
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestPrepareHugeEvent checks that one huge event among many small ones
// does not make Prepare reserve its size for each of them.
func TestPrepareHugeEvent(t *testing.T) {
	db := openTest(t)
	huge := make([]byte, 4<<20)
	rand.NewChaCha8([32]byte{1}).Read(huge) // incompressible
	batch := []huntflow.Event{ev("huge", t0, func(e *huntflow.Event) { e.Raw = huge })}
	for i := range 511 {
		batch = append(batch, ev(fmt.Sprintf("small%d", i), t0))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	db.Prepare(batch)
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
		t.Errorf("Prepare allocated %d MB for one 4 MB event and 511 small ones", got>>20)
	}
	if n := mustWrite(t, db, batch...); n != len(batch) {
		t.Fatalf("added %d, want %d", n, len(batch))
	}
	raw, err := db.Raw(context.Background(), "huge")
	if err != nil || !bytes.Equal(raw, huge) {
		t.Errorf("Raw(huge): %d bytes, %v; want the 4 MB written", len(raw), err)
	}
}

// TestEmptyStringsStoredAsEmpty writes events whose optional strings are
// empty, which the insert binds as NULL for speed: they read back, and are
// stored, as empty strings (NOT NULL holds, and SQL on the columns sees no NULLs).
func TestEmptyStringsStoredAsEmpty(t *testing.T) {
	cols := strings.Split(insertColumns, ",")
	var marked []string
	for i, on := range emptyAsNull {
		if on {
			marked = append(marked, strings.TrimSpace(cols[i]))
		}
	}
	want := []string{"parent_process_guid", "parent_image", "local_time", "command_line", "parent_command_line"}
	row := insertRow()
	if !slices.Equal(marked, want) || len(cols) != numInsertColumns || strings.Count(row, "?") != numInsertColumns ||
		strings.Count(row, "coalesce") != len(want) {
		t.Fatalf("insertRow %s marks %v, want %v of %d columns", row, marked, want, numInsertColumns)
	}

	db := openTest(t)
	full := ev("full", t0, func(e *huntflow.Event) {
		e.ParentProcessGUID, e.ParentImage, e.LocalTime = "{P}", `C:\p.exe`, "2023-08-15 05:00:00"
		e.CommandLine, e.ParentCommandLine = "c /x", "p /y"
	})
	// Enough rows for a multi-row statement and the single-row tail.
	batch := []huntflow.Event{full}
	for i := range rowsPerInsert + 2 {
		batch = append(batch, ev(fmt.Sprintf("e%02d", i), t0.Add(time.Duration(i+1)*time.Second)))
	}
	mustWrite(t, db, batch...)
	var nulls, empty int
	q := "SELECT count(*) FROM events WHERE " + strings.Join(want, " IS NULL OR ") + " IS NULL"
	if err := db.r.QueryRow(q).Scan(&nulls); err != nil || nulls != 0 {
		t.Errorf("%d rows with NULLs (%v)", nulls, err)
	}
	q = "SELECT count(*) FROM events WHERE " + strings.Join(want, " = '' AND ") + " = ''"
	if err := db.r.QueryRow(q).Scan(&empty); err != nil || empty != rowsPerInsert+2 {
		t.Errorf("%d rows with the columns empty, want %d (%v)", empty, rowsPerInsert+2, err)
	}
	var got *huntflow.Event
	if err := db.Search(context.Background(), huntflow.Query{Start: t0, End: t0.Add(time.Nanosecond)}, func(e *huntflow.Event) error {
		got = e
		return nil
	}); err != nil || got == nil {
		t.Fatalf("Search: %v, %v", got, err)
	}
	if got.ParentProcessGUID != "{p}" || got.ParentImage != full.ParentImage || got.LocalTime != full.LocalTime ||
		got.CommandLine != full.CommandLine || got.ParentCommandLine != full.ParentCommandLine {
		t.Errorf("read back %+v", got)
	}
}
