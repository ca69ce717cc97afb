package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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
	// failAt makes the failAt-th Write (from 1) fail with errSinkDown.
	failAt int
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
	if s.writes == s.failAt {
		return 0, errSinkDown
	}
	if err := ctx.Err(); err != nil {
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
	return added, nil
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
	// 5 .json files, newer.json.gz, newer.tar.gz, 2 members of archive.zip.
	if first.Files != 9 || first.Added != distinct || first.Duplicates != first.Events-distinct || first.Duplicates == 0 {
		t.Errorf("first pass %s; want 9 files, %d new", first, distinct)
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
				line, tooLong, err := lr.next()
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
