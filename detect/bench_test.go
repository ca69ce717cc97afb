package detect

import (
	"archive/zip"
	"bufio"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/ingest"
)

// BenchmarkDetectLSASS runs the shipped rules over the host logs of the
// first LSASS campaign of the development corpus, when it is present.
func BenchmarkDetectLSASS(b *testing.B) {
	matches, _ := filepath.Glob("../../shared/corpus/datasets/compound/LSASS_campaign_01/*.zip")
	if env := os.Getenv("HUNTFLOW_CORPUS"); env != "" {
		matches, _ = filepath.Glob(filepath.Join(env, "datasets/compound/LSASS_campaign_01/*.zip"))
	}
	var evs []*huntflow.Event
	for _, m := range matches {
		evs = append(evs, readZip(b, m)...)
	}
	if len(evs) == 0 {
		b.Skip("LSASS_campaign_01 archive not found")
	}
	evs = inTimeOrder(evs)
	d := defaultDetector(b)
	w := span(evs)
	b.ResetTimer()
	start := time.Now()
	for range b.N { // not b.Loop: it ignored -cpu
		if _, err := d.Detect(context.Background(), w, evs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(evs)*b.N)/time.Since(start).Seconds(), "events/s")
}

// readZip normalises the JSON lines of every file in a zip archive. (The
// evaluation's archive reader lives in package eval, which imports this
// one.)
func readZip(b testing.TB, path string) []*huntflow.Event {
	b.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	var evs []*huntflow.Event
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(rc)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			if ev, err := ingest.Normalize(sc.Bytes()); err == nil {
				evs = append(evs, &ev)
			}
		}
		rc.Close()
		if err := sc.Err(); err != nil {
			b.Fatalf("read %s in %s: %v", f.Name, path, err)
		}
	}
	return evs
}
