package sqlite

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/huntflow/huntflow/internal/procstat"
	"github.com/huntflow/huntflow/internal/testshared"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// benchBatch is the batch size the benchmarks write with; override it with
// HUNTFLOW_BENCH_BATCH to compare.
var benchBatch = func() int {
	if n, err := strconv.Atoi(os.Getenv("HUNTFLOW_BENCH_BATCH")); err == nil && n > 0 {
		return n
	}
	return 2000
}()

// BenchmarkWrite measures Write on realistic synthetic events in batches of
// benchBatch, one event per b.N; run it at the scale of a real archive:
//
//	go test ./sqlite -run '^$' -bench BenchmarkWrite$ -benchtime 50000x
func BenchmarkWrite(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()

	// A pool of distinct templates, re-used with fresh IDs so every row is
	// new without holding b.N events in memory.
	const poolSize = 4096
	pool := newSynth(time.Date(2023, 8, 15, 9, 0, 0, 0, time.UTC), 5*time.Millisecond).events(0, poolSize)
	var rawBytes int64
	for _, e := range pool {
		rawBytes += int64(len(e.Raw))
	}
	batch := make([]huntflow.Event, 0, benchBatch)
	b.SetBytes(rawBytes / poolSize)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; {
		batch = batch[:0]
		for ; len(batch) < benchBatch && i < b.N; i++ {
			e := pool[i%poolSize]
			e.ID = fmt.Sprintf("%s%08x", e.ID[:24], i)
			e.Time = e.Time.Add(time.Duration(i/poolSize) * time.Duration(poolSize) * 5 * time.Millisecond)
			batch = append(batch, e)
		}
		n, err := db.Write(ctx, batch)
		if err != nil {
			b.Fatal(err)
		}
		if n != len(batch) {
			b.Fatalf("added %d of %d", n, len(batch))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/1e3/float64(b.N), "cpu-µs/event")
	b.ReportMetric(procstat.PeakRSSMB(), "peak-RSS-MB")
}

// corpusArchive is the real archive the ingest target is set on, under the
// shared folder.
const corpusArchive = "corpus/datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump.zip"

// BenchmarkWriteCorpus writes the events of a real archive, normalised by a
// minimal stand-in for ingest, so field counts and sizes are the real ones.
// It skips when the corpus is absent.
//
//	go test ./sqlite -run '^$' -bench BenchmarkWriteCorpus -benchtime 1x
func BenchmarkWriteCorpus(b *testing.B) {
	events := loadCorpus(b, testshared.Path(b, corpusArchive))
	ctx := context.Background()
	var rawBytes int64
	for _, e := range events {
		rawBytes += int64(len(e.Raw))
	}
	b.SetBytes(rawBytes)
	b.ResetTimer()
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		db, err := Open(ctx, filepath.Join(b.TempDir(), "corpus.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu0 := cpuTime()
		for rest := events; len(rest) > 0; {
			n := min(benchBatch, len(rest))
			if _, err := db.Write(ctx, rest[:n]); err != nil {
				b.Fatal(err)
			}
			rest = rest[n:]
		}
		b.StopTimer()
		cpu += cpuTime() - cpu0
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(len(events)*b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/1e3/float64(len(events)*b.N), "cpu-µs/event")
}

// BenchmarkSearchWindow reads a 5-minute window of 20,000 events (with their
// Fields decoded) out of a store holding 60,000.
func BenchmarkSearchWindow(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Date(2023, 8, 15, 9, 0, 0, 0, time.UTC)
	step := 15 * time.Millisecond // 20,000 events per 5 minutes
	s := newSynth(start, step)
	for i := 0; i < 60_000; i += benchBatch {
		if _, err := db.Write(ctx, s.events(i, benchBatch)); err != nil {
			b.Fatal(err)
		}
	}
	q := huntflow.Query{Start: start.Add(5 * time.Minute), End: start.Add(10 * time.Minute)}
	reads := []struct {
		name string
		read func(n *int) error
	}{
		{"search", func(n *int) error {
			return db.Search(ctx, q, func(e *huntflow.Event) error {
				*n++
				return nil
			})
		}},
		// Keyset pages of DefaultPageSize, as hunts read windows.
		{"pages", func(n *int) error {
			return db.SearchPages(ctx, q, 0, func(page []*huntflow.Event) error {
				*n += len(page)
				return nil
			})
		}},
	}
	for _, r := range reads {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				n := 0
				if err := r.read(&n); err != nil {
					b.Fatal(err)
				}
				if n != 20_000 {
					b.Fatalf("window held %d events, want 20000", n)
				}
			}
			b.ReportMetric(float64(20_000*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkBody measures encoding and decoding one event's body (Fields
// and Raw compressed together), the per-event work Write and Search add to
// SQLite's.
func BenchmarkBody(b *testing.B) {
	e := newSynth(time.Now(), time.Second).event(0)
	var enc bodyEncoder
	body := append([]byte(nil), enc.encode(e.Fields, e.Raw)...)
	b.Logf("fields+raw %d bytes -> body %d bytes", len(e.Raw)+len(appendFields(nil, e.Fields)), len(body))
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(e.Raw)))
		for range b.N {
			enc.encode(e.Fields, e.Raw)
		}
	})
	b.Run("decode-fields", func(b *testing.B) {
		var d bodyDecoder
		b.SetBytes(int64(len(e.Raw)))
		for range b.N {
			if _, err := d.fields(body); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// loadCorpus reads and minimally normalises every line of a JSON-lines zip.
func loadCorpus(tb testing.TB, path string) []huntflow.Event {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Skipf("corpus not available: %v", err)
	}
	defer zr.Close()
	var events []huntflow.Event
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(rc)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			e, err := normalizeForBench(sc.Bytes())
			if err != nil {
				tb.Fatal(err)
			}
			events = append(events, e)
		}
		rc.Close()
		if err := sc.Err(); err != nil {
			tb.Fatal(err)
		}
	}
	return events
}

// normalizeForBench is a rough stand-in for ingest's normaliser: good
// enough for realistic sizes, not for hunting.
func normalizeForBench(line []byte) (huntflow.Event, error) {
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		return huntflow.Event{}, err
	}
	f := make(map[string]string, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case string:
			f[k] = v
		case float64:
			f[k] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			b, _ := json.Marshal(v)
			f[k] = string(b)
		}
	}
	t, _ := time.Parse(time.RFC3339Nano, f["@timestamp"])
	eid, _ := strconv.Atoi(f["EventID"])
	pid, _ := strconv.ParseInt(f["ProcessId"], 0, 64)
	ppid, _ := strconv.ParseInt(f["ParentProcessId"], 0, 64)
	sum := sha256.Sum256(line)
	return huntflow.Event{
		ID: hex.EncodeToString(sum[:16]), Time: t, EventID: eid, Channel: f["Channel"],
		Provider: f["SourceName"], Host: f["Hostname"], User: f["User"],
		ProcessGUID: f["ProcessGuid"], ProcessID: pid, Image: f["Image"], CommandLine: f["CommandLine"],
		ParentProcessGUID: f["ParentProcessGuid"], ParentProcessID: ppid, ParentImage: f["ParentImage"],
		ParentCommandLine: f["ParentCommandLine"], LocalTime: f["EventTime"],
		Fields: f, Raw: append([]byte(nil), line...),
	}, nil
}

func cpuTime() time.Duration { d, _ := procstat.CPUTime(); return d }
