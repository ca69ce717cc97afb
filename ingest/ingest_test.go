package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// memSink is an in-memory Sink that, like the real stores, skips events
// whose ID it already holds.
type memSink struct {
	mu     sync.Mutex
	byID   map[string]huntflow.Event
	order  []string // IDs in the order written, duplicates included
	writes int
	// failAt makes the failAt-th Write (from 1) fail with errSinkDown,
	// after storing the first failAdded events of its batch.
	failAt, failAdded int
	// onWrite runs before each Write.
	onWrite func()
}

var errSinkDown = errors.New("sink down")

func newMemSink() *memSink { return &memSink{byID: map[string]huntflow.Event{}} }

func (s *memSink) Write(ctx context.Context, batch []huntflow.Event) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	if s.onWrite != nil {
		s.onWrite()
	}
	var fail error
	if s.writes == s.failAt {
		batch, fail = batch[:s.failAdded], errSinkDown
	} else if err := ctx.Err(); err != nil {
		return 0, err
	}
	added := 0
	for _, ev := range batch {
		s.order = append(s.order, ev.ID)
		if _, ok := s.byID[ev.ID]; !ok {
			s.byID[ev.ID] = ev
			added++
		}
	}
	return added, fail
}

func (s *memSink) ids() []string {
	ids := make([]string, 0, len(s.byID))
	for id := range s.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// fixtureIDs normalises a plain fixture line by line, the reference for
// what every container of it must yield, in order.
func fixtureIDs(t *testing.T, name string) []string {
	t.Helper()
	var ids []string
	for _, l := range readLines(t, filepath.Join("testdata", name)) {
		ev, err := Normalize(l)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ids = append(ids, ev.ID)
	}
	return ids
}

func TestFilesFormats(t *testing.T) {
	newer := fixtureIDs(t, "newer.json")
	both := append(fixtureIDs(t, "nxlog.json"), fixtureIDs(t, "winlogbeat.json")...)
	tests := []struct {
		path      string
		wantOrder []string
		wantFiles int
	}{
		{"newer.json", newer, 1},
		{"newer.json.gz", newer, 1},
		{"newer.tar.gz", newer, 1},    // the AppleDouble member is skipped
		{"archive.zip", both, 2},      // __MACOSX/ and README.txt are skipped
		{"nxlog.json", both[:129], 1}, // nxlog shape
		{"winlogbeat.json", both[129:], 1},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			sink := newMemSink()
			sum, err := Files(context.Background(), sink, []string{filepath.Join("testdata", tt.path)}, Options{BatchSize: 50})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sink.order, tt.wantOrder) {
				t.Errorf("events written: %d, want %d in file order", len(sink.order), len(tt.wantOrder))
			}
			if sum.Files != tt.wantFiles || sum.Events != len(tt.wantOrder) || sum.Lines != sum.Events || sum.Bad != 0 || len(sum.FileErrors) != 0 {
				t.Errorf("summary %s, errors %v; want %d events from %d files", sum, sum.FileErrors, len(tt.wantOrder), tt.wantFiles)
			}
			if sum.Added != len(sink.byID) || sum.Duplicates != sum.Events-sum.Added {
				t.Errorf("added %d duplicates %d, the sink holds %d of %d", sum.Added, sum.Duplicates, len(sink.byID), sum.Events)
			}
		})
	}
}

func TestFilesRawAndSummary(t *testing.T) {
	sink := newMemSink()
	path := filepath.Join("testdata", "nxlog.json")
	sum, err := Files(context.Background(), sink, []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lines := readLines(t, path)
	hosts := map[string]bool{}
	var first, last time.Time
	for i, id := range sink.order {
		ev := sink.byID[id]
		if !bytes.Equal(ev.Raw, lines[i]) {
			t.Fatalf("event %d: Raw is not line %d", i, i+1)
		}
		hosts[ev.Host] = true
		if first.IsZero() || ev.Time.Before(first) {
			first = ev.Time
		}
		if ev.Time.After(last) {
			last = ev.Time
		}
	}
	var want []string
	for h := range hosts {
		want = append(want, h)
	}
	slices.Sort(want)
	if !slices.Equal(sum.Hosts, want) || !sum.First.Equal(first) || !sum.Last.Equal(last) {
		t.Errorf("summary hosts %v %v..%v, want %v %v..%v", sum.Hosts, sum.First, sum.Last, want, first, last)
	}
	if slices.Contains(sum.Hosts, "wec.internal.cloudapp.net") {
		t.Errorf("hosts %v include the collector", sum.Hosts)
	}
	if sum.Elapsed <= 0 || sum.EventsPerSecond() <= 0 {
		t.Errorf("elapsed %v rate %v", sum.Elapsed, sum.EventsPerSecond())
	}
}

// TestFilesOrder cuts the input into many small chunks parsed by several
// workers; the sink must still see the events in file order.
func TestFilesOrder(t *testing.T) {
	want := append(fixtureIDs(t, "newer.json"), fixtureIDs(t, "nxlog.json")...)
	for _, workers := range []int{1, 3, 8} {
		sink := newMemSink()
		paths := []string{filepath.Join("testdata", "newer.json"), filepath.Join("testdata", "nxlog.json")}
		_, err := Files(context.Background(), sink, paths, Options{Workers: workers, BatchSize: 7, chunkLines: 5})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sink.order, want) {
			t.Errorf("workers %d: events out of file order", workers)
		}
		if wantWrites := (len(want) + 6) / 7; sink.writes != wantWrites {
			t.Errorf("workers %d: %d writes, want %d batches of 7", workers, sink.writes, wantWrites)
		}
	}
}

func TestFilesMalformed(t *testing.T) {
	path := filepath.Join("testdata", "malformed.json")
	sink := newMemSink()
	sum, err := Files(context.Background(), sink, []string{path}, Options{chunkLines: 4})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line   int
		reason string
	}{
		{2, "invalid JSON: unterminated object"},
		{3, "not a JSON object"},
		{4, "no UTC timestamp (EventTime is local time)"},
		{6, "no timestamp"},
		{7, "no EventID"},
		{9, "invalid JSON: invalid literal"},
		{10, `bad EventID "abc"`},
		{11, `bad timestamp: @timestamp "yesterday"`},
		{13, "invalid JSON: data after top-level object"},
	}
	if sum.Bad != len(want) || len(sum.BadLines) != len(want) {
		t.Fatalf("bad %d, named %v; want %d", sum.Bad, sum.BadLines, len(want))
	}
	for i, w := range want {
		b := sum.BadLines[i]
		if b.File != path || b.Line != w.line || !strings.HasPrefix(b.Reason, w.reason) {
			t.Errorf("bad line %d = %s, want %s:%d: %s…", i, b, path, w.line, w.reason)
		}
	}
	// Lines 1, 8 and 12 (CRLF) are events; line 5 is blank and not counted.
	if sum.Events != 3 || sum.Lines != 12 || len(sink.byID) != 3 {
		t.Errorf("summary %s, lines %d; want 3 events of 12 lines", sum, sum.Lines)
	}
}

func TestFilesBadLinesCapped(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "many.json")
	var b strings.Builder
	b.WriteString(`{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z"}` + "\n")
	for range MaxBadLines + 50 {
		b.WriteString("{broken\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Files(context.Background(), newMemSink(), []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Bad != MaxBadLines+50 || len(sum.BadLines) != MaxBadLines || sum.BadLines[0].Line != 2 || sum.BadLines[MaxBadLines-1].Line != MaxBadLines+1 {
		t.Errorf("bad %d, named %d from line %d; want %d counted, the first %d named", sum.Bad, len(sum.BadLines), sum.BadLines[0].Line, MaxBadLines+50, MaxBadLines)
	}
}

// TestFilesReingest: the whole testdata directory twice. The fixtures
// overlap (the same lines in several containers), so even the first pass
// has duplicates; the second adds nothing.
func TestFilesReingest(t *testing.T) {
	sink := newMemSink()
	first, err := Files(context.Background(), sink, []string{"testdata"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	distinct := len(sink.byID)
	// 5 .json files, newer.json.gz, newer.tar.gz, 2 members of archive.zip,
	// and in evtx/ 4 .evtx logs and their 4 JSON renderings.
	if first.Files != 17 || first.Added != distinct || first.Duplicates != first.Events-distinct || first.Duplicates == 0 {
		t.Errorf("first pass %s; want 17 files, %d new", first, distinct)
	}
	second, err := Files(context.Background(), sink, []string{"testdata"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if second.Added != 0 || second.Duplicates != second.Events || second.Events != first.Events || len(sink.byID) != distinct {
		t.Errorf("second pass %s; want all %d events duplicates", second, first.Events)
	}
}

func TestFilesUnreadable(t *testing.T) {
	dir := t.TempDir()
	gz, err := os.ReadFile(filepath.Join("testdata", "newer.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.json.gz")
	notZip := filepath.Join(dir, "broken.zip")
	for path, data := range map[string][]byte{
		truncated: gz[:len(gz)/2],
		notZip:    append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 100)...),
	} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	missing := filepath.Join(dir, "missing.json")
	good := filepath.Join("testdata", "winlogbeat.json")

	sink := newMemSink()
	sum, err := Files(context.Background(), sink, []string{missing, truncated, notZip, good}, Options{})
	if err != nil {
		t.Fatalf("Files: %v; want ingest to go on past unreadable files", err)
	}
	var named []string
	for _, fe := range sum.FileErrors {
		named = append(named, fe.File)
	}
	if want := []string{missing, truncated, notZip}; !slices.Equal(named, want) {
		t.Errorf("file errors %v, want %v", sum.FileErrors, want)
	}
	// The truncated file's first half still counts.
	if n := len(fixtureIDs(t, "winlogbeat.json")); sum.Events <= n || sum.Events >= n+223 {
		t.Errorf("%d events; want winlogbeat's %d and part of the truncated file", sum.Events, n)
	}

	_, err = Files(context.Background(), newMemSink(), []string{missing, notZip}, Options{})
	if !errors.Is(err, ErrNothingRead) {
		t.Errorf("nothing readable: error %v, want ErrNothingRead", err)
	}
	_, err = Files(context.Background(), newMemSink(), []string{filepath.Join("testdata", "localtime.json"), "testdata/README.md"}, Options{})
	if err != nil {
		t.Errorf("a file of partly local times: %v", err)
	}
}

func TestFilesSinkFailureIsFatal(t *testing.T) {
	sink := newMemSink()
	sink.failAt = 2
	sum, err := Files(context.Background(), sink, []string{"testdata"}, Options{BatchSize: 10, chunkLines: 3})
	if !errors.Is(err, errSinkDown) {
		t.Fatalf("error %v, want the sink's", err)
	}
	if sink.writes != 2 || sum.Added != 10 {
		t.Errorf("%d writes, %d added after a failed write; want none after it", sink.writes, sum.Added)
	}
}

func TestFilesCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	sink := newMemSink()
	sink.onWrite = cancel
	_, err := Files(ctx, sink, []string{"testdata"}, Options{BatchSize: 5, chunkLines: 2})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if sink.writes > 1 {
		t.Errorf("%d writes after cancel", sink.writes)
	}
	if _, err := Files(ctx, newMemSink(), []string{"testdata"}, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before start: %v", err)
	}
}

func TestFilesLongLines(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "long.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	// Line 1: an event of 2 MiB, over any small scanner limit but allowed.
	fmt.Fprintf(w, `{"EventID":4104,"@timestamp":"2023-08-15T09:53:48Z","ScriptBlockText":"%s"}`+"\n", strings.Repeat("A", 2<<20))
	// Line 2: beyond MaxLineBytes.
	fmt.Fprintf(w, `{"EventID":4104,"@timestamp":"2023-08-15T09:53:48Z","ScriptBlockText":"%s"}`+"\n", strings.Repeat("B", MaxLineBytes))
	// Line 3: an ordinary event after it, without a final newline.
	fmt.Fprint(w, `{"EventID":1,"@timestamp":"2023-08-15T09:53:49Z"}`)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	sink := newMemSink()
	sum, err := Files(context.Background(), sink, []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Events != 2 || sum.Bad != 1 || sum.BadLines[0].Line != 2 || !strings.Contains(sum.BadLines[0].Reason, "longer than 16 MiB") {
		t.Fatalf("summary %s, bad %v; want lines 1 and 3 read, line 2 too long", sum, sum.BadLines)
	}
	if got := len(sink.byID[sink.order[0]].Fields["ScriptBlockText"]); got != 2<<20 {
		t.Errorf("long field has %d bytes, want %d", got, 2<<20)
	}
}

func TestLineReader(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"lf", "a\nb\n", []string{"a\n", "b\n"}},
		{"no final newline", "a\nb", []string{"a\n", "b"}},
		{"crlf and blanks", "a\r\n\r\n\nb", []string{"a\r\n", "\r\n", "\n", "b"}},
		{"empty", "", nil},
		{"longer than the buffer", strings.Repeat("x", 3*readBufferSize+7) + "\ny", []string{strings.Repeat("x", 3*readBufferSize+7) + "\n", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := newLineReader(strings.NewReader(tt.in))
			var got []string
			for {
				line, tooLong, err := lr.nextLine()
				if tooLong {
					t.Fatal("tooLong")
				}
				if len(line) > 0 {
					got = append(got, string(line))
				}
				if err != nil {
					break
				}
			}
			if !slices.Equal(got, tt.want) || lr.n != len(tt.want) {
				t.Errorf("lines %q (n=%d), want %q", got, lr.n, tt.want)
			}
		})
	}
}

func TestSummaryString(t *testing.T) {
	s := Summary{
		Files: 1, Events: 53698, Added: 53698, Hosts: []string{"MKT01.pandalab.com"},
		First: utc("2023-08-15T09:53:46.119Z"), Last: utc("2023-08-15T10:07:54.9Z"),
		Elapsed: time.Second * 53698 / 52000,
	}
	want := "ingested 53698 events (53698 new, 0 duplicates, 0 bad lines) from 1 file, 1 host, 2023-08-15T09:53:46Z..2023-08-15T10:07:54Z, 52000 events/s"
	if got := s.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	s = Summary{Files: 2, Bad: 3, FileErrors: []FileError{{File: "x", Reason: "gone"}}}
	want = "ingested 0 events (0 new, 0 duplicates, 3 bad lines) from 2 files, 0 hosts, 0 events/s, 1 unreadable file"
	if got := s.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	s = Summary{Files: 1, Events: 2000, Unwritten: 2000}
	want = "ingested 2000 events (0 new, 0 duplicates, 2000 not written, 0 bad lines) from 1 file, 0 hosts, 0 events/s"
	if got := s.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	s = Summary{Files: 1, Events: 90, Added: 90, Bad: 1, CorruptChunks: 1, EVTXFallbacks: 2}
	want = "ingested 90 events (90 new, 0 duplicates, 1 bad lines, 1 damaged EVTX chunk, 2 EVTX chunks read by the EVTX library) from 1 file, 0 hosts, 0 events/s"
	if got := s.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}

func TestProgress(t *testing.T) {
	path := filepath.Join("testdata", "newer.json.gz")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu          sync.Mutex
		last, calls int64
		bar         bytes.Buffer
	)
	opts := Options{
		Progress: func(done, total int64) {
			mu.Lock()
			defer mu.Unlock()
			if total != st.Size() || done < last {
				t.Errorf("progress %d/%d after %d, want rising toward %d", done, total, last, st.Size())
			}
			last = done
			calls++
		},
		ProgressBar: &bar,
	}
	if _, err := Files(context.Background(), newMemSink(), []string{path}, opts); err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != st.Size() {
		t.Errorf("%d calls, last at %d bytes; want a final call at %d", calls, last, st.Size())
	}
	out := bar.String()
	if !strings.HasPrefix(out, "\r[##############################] 100%") || !strings.HasSuffix(out, "events/s\n") || !strings.Contains(out, "223 events") {
		t.Errorf("bar %q: want one full bar ending the line", out)
	}
}

func TestRenderBar(t *testing.T) {
	half := renderBar(50, 100, 10, time.Second)
	full := renderBar(200, 100, 123456, 2*time.Second)
	if len(half) != len(full) {
		t.Errorf("bar width varies: %q vs %q", half, full)
	}
	if !strings.HasPrefix(half, "["+strings.Repeat("#", 15)+strings.Repeat(".", 15)+"]  50%") {
		t.Errorf("half bar %q", half)
	}
	if !strings.Contains(full, "100%") || !strings.Contains(full, "61728 events/s") {
		t.Errorf("full bar %q", full)
	}
}

// eventLine is a valid event line, distinct for each n.
func eventLine(n int) string {
	return fmt.Sprintf(`{"EventID":1,"UtcTime":"2020-05-02 02:55:56.157","Hostname":"h","Channel":"Microsoft-Windows-Sysmon/Operational","N":%d}`, n)
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFilesLinePanicIsBadLine(t *testing.T) {
	lines := []string{
		eventLine(1),
		`{"EventID":1,"UtcTime":"2020-05-02 02:55:56.157","Boom":1}`, // the hook panics on it
		eventLine(3),
		`{"EventID":1,"TimeCreated":"/Date()/"}`, // panicked in parseTimeCreated
		eventLine(5),
	}
	path := writeFile(t, "x.json", []byte(strings.Join(lines, "\n")+"\n"))
	hook := func(line []byte) {
		if bytes.Contains(line, []byte("Boom")) {
			panic("boom")
		}
	}
	sum, err := Files(context.Background(), newMemSink(), []string{path}, Options{parseHook: hook, chunkLines: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Events != 3 || sum.Bad != 2 || len(sum.BadLines) != 2 {
		t.Fatalf("summary %s, bad %v; want 3 events and 2 bad lines", sum, sum.BadLines)
	}
	if got, want := sum.BadLines[0].String(), path+":2: internal error: boom"; got != want {
		t.Errorf("bad line %q, want %q", got, want)
	}
	if got := sum.BadLines[1]; got.Line != 4 || !strings.Contains(got.Reason, "bad timestamp") {
		t.Errorf("bad line %v, want line 4 with a bad timestamp", got)
	}
}

// batchSink records the events and raw bytes of each batch written.
type batchSink struct {
	events, bytes []int
	last          []int // raw bytes of each batch's last event
}

func (s *batchSink) Write(_ context.Context, batch []huntflow.Event) (int, error) {
	n := 0
	for _, ev := range batch {
		n += len(ev.Raw)
	}
	s.events = append(s.events, len(batch))
	s.bytes = append(s.bytes, n)
	s.last = append(s.last, len(batch[len(batch)-1].Raw))
	return len(batch), nil
}

func TestFilesBatchBytes(t *testing.T) {
	tests := []struct {
		name       string
		lines      int
		pad        int // bytes of padding per line
		batchSize  int
		batchBytes int // 0: MaxBatchBytes
		want       []int
	}{
		{"large lines flush by bytes", 7, 64 << 10, 2000, 150 << 10, []int{3, 3, 1}},
		{"small lines flush by count", 7, 10, 3, 150 << 10, []int{3, 3, 1}},
		{"one line over the limit", 2, 200 << 10, 2000, 150 << 10, []int{1, 1}},
		{"default limit", 4, 12 << 20, 2000, 0, []int{3, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.pad > 1<<20 && testing.Short() {
				t.Skip("large lines")
			}
			var b bytes.Buffer
			pad := strings.Repeat("A", tt.pad)
			for i := range tt.lines {
				fmt.Fprintf(&b, `{"EventID":1,"UtcTime":"2020-05-02 02:55:56.157","N":%d,"X":"%s"}`+"\n", i, pad)
			}
			path := writeFile(t, "big.json", b.Bytes())
			sink := &batchSink{}
			_, err := Files(context.Background(), sink, []string{path}, Options{BatchSize: tt.batchSize, batchBytes: tt.batchBytes})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sink.events, tt.want) {
				t.Errorf("batches of %v events (%v bytes), want %v", sink.events, sink.bytes, tt.want)
			}
			limit := cmp.Or(tt.batchBytes, MaxBatchBytes)
			for i, n := range sink.bytes {
				if n-sink.last[i] >= limit {
					t.Errorf("batch %d holds %d bytes before its last event, past the limit of %d", i, n-sink.last[i], limit)
				}
			}
		})
	}
}

// preparingSink is a huntflow.Preparer that, like the SQLite store, moves
// Fields and Raw into its own encoding in Prepare.
type preparingSink struct {
	prepared atomic.Int64
	batches  []int
	bad      []string
}

func (s *preparingSink) Prepare(events []huntflow.Event) {
	for i := range events {
		e := &events[i]
		e.Encoded = append([]byte("enc:"), e.Raw...)
		e.Fields, e.Raw = nil, nil
	}
	s.prepared.Add(int64(len(events)))
}

func (s *preparingSink) Write(_ context.Context, batch []huntflow.Event) (int, error) {
	s.batches = append(s.batches, len(batch))
	for _, e := range batch {
		if !bytes.HasPrefix(e.Encoded, []byte("enc:")) || e.Raw != nil || e.Fields != nil {
			s.bad = append(s.bad, e.ID)
		}
	}
	return len(batch), nil
}

// TestFilesPreparer checks that ingest prepares every event before the
// sink writes it, and that the batch byte limit counts prepared bytes.
func TestFilesPreparer(t *testing.T) {
	var b bytes.Buffer
	pad := strings.Repeat("A", 64<<10)
	for i := range 7 {
		fmt.Fprintf(&b, `{"EventID":1,"UtcTime":"2020-05-02 02:55:56.157","N":%d,"X":"%s"}`+"\n", i, pad)
	}
	path := writeFile(t, "big.json", b.Bytes())
	sink := &preparingSink{}
	sum, err := Files(context.Background(), sink, []string{path}, Options{BatchSize: 2000, batchBytes: 150 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Events != 7 || sum.Added != 7 {
		t.Errorf("summary %d events, %d added; want 7, 7", sum.Events, sum.Added)
	}
	if n := sink.prepared.Load(); n != 7 {
		t.Errorf("prepared %d events, want 7", n)
	}
	if len(sink.bad) > 0 {
		t.Errorf("events written unprepared: %v", sink.bad)
	}
	if want := []int{3, 3, 1}; !slices.Equal(sink.batches, want) {
		t.Errorf("batches of %v events, want %v (flushed by prepared bytes)", sink.batches, want)
	}
}

// zipWith builds a zip of two stored members holding eventLine(0) and
// eventLine(1), lets corrupt change the first member's header and the
// archive's bytes, and writes it to a file.
func zipWith(t *testing.T, first string, corrupt func(h *zip.FileHeader, data []byte)) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, name := range []string{first, "two.json"} {
		content := []byte(eventLine(i) + "\n")
		h := &zip.FileHeader{Name: name, Method: zip.Store}
		if i == 0 {
			corrupt(h, nil)
		}
		h.CRC32 = crc32.ChecksumIEEE(content)
		h.CompressedSize64 = uint64(len(content))
		h.UncompressedSize64 = uint64(len(content))
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	corrupt(nil, data)
	return writeFile(t, "a.zip", data)
}

func TestFilesZipMemberErrors(t *testing.T) {
	tests := []struct {
		name, first string
		corrupt     func(h *zip.FileHeader, data []byte)
		wantReason  string
	}{
		{"checksum", "one.json", func(h *zip.FileHeader, data []byte) {
			if data != nil {
				i := bytes.Index(data, []byte(`"N":0`))
				data[i+1] = 'M' // the content, not the stored CRC
			}
		}, "checksum error"},
		{"unsupported compression", "one.json", func(h *zip.FileHeader, data []byte) {
			if h != nil {
				h.Method = 99
			}
		}, "unsupported compression algorithm"},
		{"bad gzip member", "one.json.gz", func(h *zip.FileHeader, data []byte) {
			if data != nil {
				i := bytes.Index(data, []byte(`{"EventID":1`))
				copy(data[i:], "\x1f\x8bXXXXXXXX") // a gzip magic and no gzip header
			}
		}, "gzip: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := zipWith(t, tt.first, tt.corrupt)
			sink := newMemSink()
			sum, err := Files(context.Background(), sink, []string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(sum.FileErrors) != 1 || sum.FileErrors[0].File != path+":"+tt.first || !strings.Contains(sum.FileErrors[0].Reason, tt.wantReason) {
				t.Errorf("file errors %v, want one naming %s:%s with %q", sum.FileErrors, path, tt.first, tt.wantReason)
			}
			found := false
			for _, ev := range sink.byID {
				found = found || ev.Fields["N"] == "1"
			}
			if !found {
				t.Errorf("summary %s: the member after the bad one was not read", sum)
			}
		})
	}
}

func TestFilesLongLastLine(t *testing.T) {
	long := `{"x":"` + strings.Repeat("a", MaxLineBytes+10) + `"}`
	tests := []struct {
		name    string
		content string
		want    Summary // Lines, Events, Bad
		wantErr error
	}{
		{"last line, no newline", eventLine(1) + "\n" + long, Summary{Lines: 2, Events: 1, Bad: 1}, nil},
		{"last line, newline", eventLine(1) + "\n" + long + "\n", Summary{Lines: 2, Events: 1, Bad: 1}, nil},
		{"only line, no newline", long, Summary{Lines: 1, Bad: 1}, ErrNothingRead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "a.json", []byte(tt.content))
			sum, err := Files(context.Background(), newMemSink(), []string{path}, Options{})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if sum.Lines != tt.want.Lines || sum.Events != tt.want.Events || sum.Bad != tt.want.Bad {
				t.Fatalf("summary %s (%d lines), want %d lines, %d events, %d bad", sum, sum.Lines, tt.want.Lines, tt.want.Events, tt.want.Bad)
			}
			if b := sum.BadLines[0]; b.Line != tt.want.Lines || !strings.Contains(b.Reason, "longer than 16 MiB") {
				t.Errorf("bad line %v, want line %d too long", b, tt.want.Lines)
			}
		})
	}
}

func TestFilesSinkFailureCounts(t *testing.T) {
	var b strings.Builder
	for i := range 50 {
		b.WriteString(eventLine(i) + "\n")
	}
	path := writeFile(t, "x.json", []byte(b.String()))
	tests := []struct {
		name              string
		failAt, failAdded int
		wantAdded         int
	}{
		{"first batch fails", 1, 0, 0},
		{"second batch fails", 2, 0, 10},
		{"second batch fails part-way", 2, 4, 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			sink.failAt, sink.failAdded = tt.failAt, tt.failAdded
			sum, err := Files(context.Background(), sink, []string{path}, Options{BatchSize: 10, chunkLines: 3})
			if !errors.Is(err, errSinkDown) {
				t.Fatalf("error %v, want the sink's", err)
			}
			if sum.Added != tt.wantAdded || sum.Added != len(sink.byID) {
				t.Errorf("added %d, sink holds %d; want %d", sum.Added, len(sink.byID), tt.wantAdded)
			}
			if sum.Duplicates != 0 || sum.Unwritten != sum.Events-sum.Added || sum.Unwritten <= 0 {
				t.Errorf("%d events: %d duplicates, %d unwritten; want no duplicates and the rest unwritten", sum.Events, sum.Duplicates, sum.Unwritten)
			}
			if want := fmt.Sprintf("%d not written", sum.Unwritten); !strings.Contains(sum.String(), want) {
				t.Errorf("String() = %q, want %q in it", sum, want)
			}
		})
	}
}

// refusingSink stores everything but the events whose Image contains
// "refuse", which it refuses as bad input, as Elasticsearch does with a
// mapping conflict.
type refusingSink struct{ stored int }

type refusal struct{ idx []int }

func (r *refusal) Error() string { return fmt.Sprintf("%d documents rejected", len(r.idx)) }
func (r *refusal) EachRejected(fn func(int, string)) {
	for _, i := range r.idx {
		fn(i, "mapper_parsing_exception: failed to parse field [host]")
	}
}

func (s *refusingSink) Write(_ context.Context, batch []huntflow.Event) (int, error) {
	var r refusal
	for i, ev := range batch {
		if strings.Contains(ev.Image, "refuse") {
			r.idx = append(r.idx, i)
			continue
		}
		s.stored++
	}
	if len(r.idx) > 0 {
		return len(batch) - len(r.idx), &r
	}
	return len(batch), nil
}

func TestSinkRefusalsAreNamedBadLines(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := 0; i < 7; i++ {
		img := fmt.Sprintf(`C:\\\\ok%d.exe`, i)
		if i == 2 || i == 5 {
			img = `C:\\\\refuse.exe`
		}
		lines = append(lines, fmt.Sprintf(`{"@timestamp":"2023-08-15T09:53:%02dZ","EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Image":"%s"}`, i, img))
	}
	path := filepath.Join(dir, "ev.json")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sink := &refusingSink{}
	sum, err := Files(context.Background(), sink, []string{path}, Options{BatchSize: 4, Workers: 2})
	if err != nil {
		t.Fatalf("a refused event stopped ingest: %v", err)
	}
	if sink.stored != 5 || sum.Events != 5 || sum.Added != 5 || sum.Bad != 2 || sum.Duplicates != 0 || sum.Unwritten != 0 {
		t.Fatalf("summary %+v, stored %d", sum, sink.stored)
	}
	var named []string
	for _, b := range sum.BadLines {
		named = append(named, b.String())
	}
	want := []string{path + ":3: rejected by the store: mapper_parsing_exception: failed to parse field [host]", path + ":6: rejected by the store: mapper_parsing_exception: failed to parse field [host]"}
	if !slices.Equal(named, want) {
		t.Fatalf("bad lines %q, want %q", named, want)
	}
}

// keepHalfSink is a Preparer that encodes the Fields of even-numbered
// events (by their N field) into Encoded and lets go of the map, and keeps
// the Fields of odd ones: ingest may refill only the maps it was given back.
type keepHalfSink struct {
	mu  sync.Mutex
	evs []huntflow.Event
}

func (s *keepHalfSink) Prepare(events []huntflow.Event) {
	for i := range events {
		e := &events[i]
		if n, _ := strconv.Atoi(e.Fields["N"]); n%2 == 0 {
			e.Encoded = []byte("N=" + e.Fields["N"] + ";X=" + e.Fields["X"])
			e.Fields = nil
		}
	}
}

func (s *keepHalfSink) Write(_ context.Context, b []huntflow.Event) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.evs = append(s.evs, b...)
	return len(b), nil
}

// TestPreparedFieldsMapsAreReusedSafely: the Fields maps a Preparer drops
// are refilled for later events, and nothing else is: every event the sink
// kept with its Fields still holds its own values after the whole ingest.
func TestPreparedFieldsMapsAreReusedSafely(t *testing.T) {
	var b bytes.Buffer
	for i := range 5000 {
		fmt.Fprintf(&b, `{"EventID":1,"UtcTime":"2020-05-02 02:55:56.157","N":%d,"X":"x%d"}`+"\n", i, i)
	}
	path := writeFile(t, "many.json", b.Bytes())
	sink := &keepHalfSink{}
	if _, err := Files(context.Background(), sink, []string{path}, Options{Workers: 2, BatchSize: 100}); err != nil {
		t.Fatal(err)
	}
	if len(sink.evs) != 5000 {
		t.Fatalf("%d events, want 5000", len(sink.evs))
	}
	for _, e := range sink.evs {
		if e.Fields == nil {
			n, x, _ := strings.Cut(strings.TrimPrefix(string(e.Encoded), "N="), ";X=")
			if x != "x"+n {
				t.Fatalf("encoded event %q mixes two events", e.Encoded)
			}
			continue
		}
		if n := e.Fields["N"]; e.Fields["X"] != "x"+n {
			t.Fatalf("kept event N=%s has X=%q: its map was refilled", n, e.Fields["X"])
		}
	}
}
