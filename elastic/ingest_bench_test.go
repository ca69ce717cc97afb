package elastic

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow/ingest"
)

// lsassArchives finds the OTRF LSASS_campaign_01 archive: in the shared
// corpus beside the repository, else the copy bundled for the demo.
func lsassArchives() []string {
	for _, pattern := range []string{
		"../../shared/corpus/datasets/compound/LSASS_campaign_01/*.zip",
		"../datasets/otrf/*.zip",
	} {
		if m, _ := filepath.Glob(pattern); len(m) > 0 {
			return m
		}
	}
	return nil
}

// peakRSS is the process's peak resident set (VmHWM) in bytes, or 0 where
// /proc is not available. It covers the whole test binary: the client under
// test and the in-process fake cluster.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// BenchmarkIngestLSASSToFake is the Elasticsearch ingest path end to end on
// the real LSASS_campaign_01 archive (53,698 events, 106 MB unzipped):
// streaming unzip, normalising, building bulk documents and sending them
// through the bulk indexer to a fake cluster that accepts every item
// cheaply, so the figure is the client's. It reports the process's peak RSS,
// which includes the fake (it holds each bulk request, up to 5 MB, while it
// answers):
//
//	go test -run '^$' -bench IngestLSASSToFake -benchtime 1x ./elastic
//
// /usr/bin/time -v around `go test` reports the compiler's and linker's
// peak instead; time the test binary itself, run from this directory:
//
//	go test -c -o /tmp/elastic.test ./elastic && cd elastic &&
//	/usr/bin/time -v /tmp/elastic.test -test.run '^$' -test.bench IngestLSASSToFake -test.benchtime 1x
func BenchmarkIngestLSASSToFake(b *testing.B) {
	archives := lsassArchives()
	if len(archives) == 0 {
		b.Skip("LSASS_campaign_01 archive not present")
	}
	f := newFakeES(b)
	f.acceptAll = true
	s := openTest(b, f, nil)
	ctx := context.Background()
	runtime.GC()
	b.ResetTimer()

	events, elapsed := 0, time.Duration(0)
	for range b.N {
		sum, err := ingest.Files(ctx, s, archives, ingest.Options{})
		if err != nil {
			b.Fatalf("ingest: %v", err)
		}
		// Every event must reach the cluster and be acknowledged: a fast
		// ingest that drops events measures nothing.
		if sum.Events == 0 || sum.Added != sum.Events || sum.Bad != 0 || len(sum.FileErrors) != 0 {
			b.Fatalf("ingest summary: %s (added %d, bad %d, file errors %v)", sum, sum.Added, sum.Bad, sum.FileErrors)
		}
		events += sum.Events
		elapsed += sum.Elapsed
	}
	b.StopTimer()

	f.mu.Lock()
	sent := 0
	for _, n := range f.bulkAttempts {
		sent += n
	}
	f.mu.Unlock()
	if sent != events {
		b.Fatalf("the cluster received %d bulk items for %d events", sent, events)
	}
	b.ReportMetric(float64(events)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MB")
	}
}
