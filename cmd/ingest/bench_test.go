package main

import (
	"bytes"
	"context"
	"github.com/huntflow/huntflow/internal/procstat"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// BenchmarkIngestToSQLite is the whole ingest command on the LSASS_campaign_01
// archive (53,698 events, 106 MB unzipped) into a fresh SQLite store. It
// reports events/s; run it under /usr/bin/time -v for peak RSS:
//
//	go test -run '^$' -bench IngestToSQLite -benchtime 3x ./cmd/ingest
func BenchmarkIngestToSQLite(b *testing.B) {
	matches, _ := filepath.Glob("../../../shared/corpus/datasets/compound/LSASS_campaign_01/*.zip")
	if len(matches) == 0 {
		matches, _ = filepath.Glob("../../datasets/otrf/*.zip")
	}
	if len(matches) == 0 {
		b.Skip("LSASS_campaign_01 archive not present")
	}
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		db := filepath.Join(b.TempDir(), "events.db")
		runtime.GC()
		var out, errOut bytes.Buffer
		start, cpu0 := time.Now(), cpuTime()
		if code := run(context.Background(), append([]string{"--quiet", "--db", db}, matches...), &out, &errOut); code != 0 {
			b.Fatalf("ingest exit %d: %s", code, errOut.String())
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
	}
	b.ReportMetric(float64(53698*b.N)/elapsed.Seconds(), "events/s")
	// CPU per event holds on a loaded machine, where wall time does not.
	b.ReportMetric(float64(cpu.Microseconds())/float64(53698*b.N), "cpu-µs/event")
	b.ReportMetric(procstat.PeakRSSMB(), "peak-RSS-MB")
}

func cpuTime() time.Duration { d, _ := procstat.CPUTime(); return d }
