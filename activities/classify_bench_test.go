package activities

import (
	"bufio"
	"context"
	"errors"
	"github.com/huntflow/huntflow/internal/testshared"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/sqlite"
)

// errDayFull stops an ingest once the day holds enough events.
var errDayFull = errors.New("enough events")

// daySink shifts one archive's events into a slot of the day, so that
// archives recorded years apart make one busy day, and stops at a total.
type daySink struct {
	db     *sqlite.DB
	slot   time.Time
	suffix string
	offset time.Duration
	first  bool
	left   *int
	end    time.Time
}

func (s *daySink) Write(ctx context.Context, batch []huntflow.Event) (int, error) {
	if *s.left <= 0 {
		return 0, errDayFull
	}
	batch = batch[:min(len(batch), *s.left)]
	for i := range batch {
		e := &batch[i]
		if !s.first {
			s.first, s.offset = true, s.slot.Sub(e.Time)
		}
		e.Time = e.Time.Add(s.offset)
		if !e.Time.Before(s.end) {
			e.Time = s.end.Add(-time.Millisecond)
		}
		e.ID += s.suffix
	}
	n, err := s.db.Write(ctx, batch)
	*s.left -= n
	return n, err
}

// dayOfCorpus fills a SQLite store with target events of the development
// corpus (the LSASS campaigns first, then the atomic simulations, again
// with new IDs if need be), each archive shifted into an hour of one day.
func dayOfCorpus(b *testing.B, target int) (*sqlite.DB, huntflow.Window) {
	b.Helper()
	corpus := testshared.Path(b, "corpus/datasets")
	var archives []string
	for _, sub := range []string{"compound", "atomic"} {
		var found []string
		_ = filepath.WalkDir(filepath.Join(corpus, sub), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".zip") || strings.HasSuffix(p, ".tar.gz")) {
				found = append(found, p)
			}
			return nil
		})
		slices.Sort(found)
		archives = append(archives, found...)
	}
	if len(archives) == 0 {
		b.Fatalf("no archives under %s", corpus)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "day.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	day := huntflow.Window{Start: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)}
	day.End = day.Start.Add(24 * time.Hour)
	left := target
	for i := 0; left > 0; i++ {
		if i == 4*len(archives) {
			b.Fatalf("the corpus holds fewer than %d events", target)
		}
		sink := &daySink{db: db, left: &left, end: day.End, suffix: "-" + strconv.Itoa(i/len(archives)),
			slot: day.Start.Add(time.Duration(i%24)*time.Hour + time.Minute)}
		_, err := ingest.Files(context.Background(), sink, []string{archives[i%len(archives)]}, ingest.Options{})
		if err != nil && !errors.Is(err, errDayFull) && !errors.Is(err, ingest.ErrNothingRead) {
			b.Fatal(err)
		}
	}
	return db, day
}

// memPeak samples the heap in use and the resident set while a step runs.
type memPeak struct {
	heap, rss atomic.Uint64
	stop      chan struct{}
	done      sync.WaitGroup
}

func watchMemory() *memPeak {
	m := &memPeak{stop: make(chan struct{})}
	// Reset the kernel's high-water mark of the resident set, so VmHWM
	// covers the step and not the setup (Linux; ignored elsewhere).
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	m.done.Go(func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		// runtime/metrics reads without stopping the world, unlike
		// ReadMemStats; objects + unused is MemStats.HeapInuse.
		samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
		for {
			metrics.Read(samples)
			if inuse := samples[0].Value.Uint64() + samples[1].Value.Uint64(); inuse > m.heap.Load() {
				m.heap.Store(inuse)
			}
			if rss := procStatusKB("VmRSS"); rss > m.rss.Load() {
				m.rss.Store(rss)
			}
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	})
	return m
}

func (m *memPeak) finish() (heapMB, rssMB, hwmMB float64) {
	close(m.stop)
	m.done.Wait()
	return float64(m.heap.Load()) / (1 << 20), float64(m.rss.Load()) / 1024, float64(procStatusKB("VmHWM")) / 1024
}

// procStatusKB reads a kB figure of /proc/self/status; 0 where there is none.
func procStatusKB(key string) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key+":"); ok {
			n, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// BenchmarkClassifyDay is a worker hunting a 24-hour window of ~240,000
// events with the shipped rules plus SigmaHQ's Windows rules: the window
// streams from SQLite through the detector a page at a time ("stream"),
// against reading it whole first ("whole-window", the step before it
// streamed). It reports the peak heap in use and the peak resident set of
// the step (the rules and the store's cache included; the setup's ingest
// excluded). Run it with -benchtime 1x; HUNTFLOW_DAY_EVENTS changes the
// size of the day.
func BenchmarkClassifyDay(b *testing.B) {
	target := 240_000
	if env := os.Getenv("HUNTFLOW_DAY_EVENTS"); env != "" {
		if n, err := strconv.Atoi(env); err == nil && n > 0 {
			target = n
		}
	}
	rulesDir := testshared.Path(b, "sigma/rules/windows")
	det, lerrs, err := detect.FromDir(rulesDir)
	if err != nil {
		b.Fatal(err)
	}
	db, day := dayOfCorpus(b, target)
	st, err := db.Stats(context.Background(), huntflow.Query{Start: day.Start, End: day.End})
	if err != nil {
		b.Fatal(err)
	}
	a := &Activities{Store: db, Detector: det}
	in := WindowInput{Window: day}
	steps := []struct {
		name string
		run  func() (huntflow.Classification, error)
	}{
		{"stream", func() (huntflow.Classification, error) { return a.ClassifyWindow(context.Background(), in) }},
		// What ClassifyWindow did before it streamed: the whole window in
		// memory, then the detector. For comparison.
		{"whole-window", func() (huntflow.Classification, error) {
			var events []*huntflow.Event
			if err := db.Search(context.Background(), in.query(), func(e *huntflow.Event) error {
				events = append(events, e)
				return nil
			}); err != nil {
				return huntflow.Classification{}, err
			}
			return det.Detect(context.Background(), day, events)
		}},
	}
	for _, step := range steps {
		b.Run(step.name, func(b *testing.B) {
			// Hand the setup's garbage back to the OS, so the resident set
			// measured is the step's.
			debug.FreeOSMemory()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			b.ResetTimer()
			start := time.Now()
			var heapMB, rssMB, hwmMB float64
			var cls huntflow.Classification
			for b.Loop() {
				m := watchMemory()
				cls, err = step.run()
				h, r, hw := m.finish()
				heapMB, rssMB, hwmMB = max(heapMB, h), max(rssMB, r), max(hwmMB, hw)
				if err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			if cls.EventsScanned != st.Events {
				b.Fatalf("scanned %d of the day's %d events", cls.EventsScanned, st.Events)
			}
			b.ReportMetric(float64(st.Events), "events")
			b.ReportMetric(float64(st.Events*b.N)/elapsed.Seconds(), "events/s")
			b.ReportMetric(float64(base.HeapInuse)/(1<<20), "heap-before-MB")
			b.ReportMetric(heapMB, "peak-heap-MB")
			b.ReportMetric(rssMB, "peak-rss-MB")
			if hwmMB > 0 {
				b.ReportMetric(hwmMB, "hwm-rss-MB")
			}
			b.Logf("%d events, %d rules (%d load errors), %d findings, category %s, confidence %v", st.Events,
				len(det.Rules().Rules()), len(lerrs), len(cls.Findings), cls.Category, cls.Confidence)
		})
	}
}
