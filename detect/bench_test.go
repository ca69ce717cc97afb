package detect

import (
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
		_ = ReadArchive(m, func(line []byte) error {
			if ev, err := ingest.Normalize(line); err == nil {
				evs = append(evs, &ev)
			}
			return nil
		})
	}
	if len(evs) == 0 {
		b.Skip("LSASS_campaign_01 archive not found")
	}
	evs = inTimeOrder(evs)
	d := defaultDetector(b)
	w := span(evs)
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		if _, err := d.Detect(context.Background(), w, evs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(evs)*b.N)/time.Since(start).Seconds(), "events/s")
}
