package detect

import (
	"context"
	"github.com/huntflow/huntflow/internal/procstat"
	"github.com/huntflow/huntflow/internal/testshared"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// lsassEvents reads the LSASS_campaign_01 archives with the ingest
// normaliser, in time order.
func lsassEvents(tb testing.TB) []*huntflow.Event {
	tb.Helper()
	dir := testshared.Path(tb, "corpus/datasets/compound/LSASS_campaign_01")
	matches, _ := filepath.Glob(filepath.Join(dir, "*.zip"))
	var evs []*huntflow.Event
	for _, m := range matches {
		evs = append(evs, readZip(tb, m)...)
	}
	if len(evs) == 0 {
		tb.Fatalf("no events in %s", dir)
	}
	return inTimeOrder(evs)
}

// BenchmarkDetectSigmaHQ runs the shipped rules plus SigmaHQ's ~2,400
// Windows rules over the LSASS_campaign_01 events: the cost of detection
// with a large community rule set. Run it with -cpu 1 for the per-core
// rate.
func BenchmarkDetectSigmaHQ(b *testing.B) {
	rulesDir := testshared.Path(b, "sigma/rules/windows")
	evs := lsassEvents(b)
	d, lerrs, err := FromDir(rulesDir)
	if err != nil {
		b.Fatal(err)
	}
	w := span(evs)
	b.ResetTimer()
	start := time.Now()
	cpu0, cpuOK := procstat.CPUTime()
	// A b.N loop, not b.Loop: under b.Loop the -cpu setting did not reach
	// the loop (GOMAXPROCS read 2 with -cpu 1), so the one-core figure was
	// a two-core one.
	for range b.N {
		if _, err := d.Detect(context.Background(), w, evs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(evs)*b.N)/time.Since(start).Seconds(), "events/s")
	if cpu1, ok := procstat.CPUTime(); ok && cpuOK && cpu1 > cpu0 {
		b.ReportMetric(float64(len(evs)*b.N)/(cpu1-cpu0).Seconds(), "events/cpu-s")
	}
	b.ReportMetric(float64(len(d.Rules().Rules())), "rules")
	b.ReportMetric(float64(len(lerrs)), "load-errors")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
}
