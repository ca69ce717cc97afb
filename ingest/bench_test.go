package ingest

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/huntflow/huntflow"
)

// countingSink counts events and keeps none, so a benchmark measures
// reading and parsing alone.
type countingSink struct{ n atomic.Int64 }

func (s *countingSink) Write(_ context.Context, batch []huntflow.Event) (int, error) {
	s.n.Add(int64(len(batch)))
	return len(batch), nil
}

func BenchmarkNormalize(b *testing.B) {
	for _, name := range []string{"newer.json", "nxlog.json", "winlogbeat.json"} {
		b.Run(name, func(b *testing.B) {
			lines := readLines(b, filepath.Join("testdata", name))
			var size int64
			for _, l := range lines {
				size += int64(len(l))
			}
			b.SetBytes(size / int64(len(lines)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				// Errors are expected for none of these fixture lines.
				if _, err := Normalize(lines[i%len(lines)]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkIngestLSASS reads the LSASS_campaign_01 archive (53,698 events,
// 106 MB unzipped) into a counting sink: the shared corpus's copy, else the
// one bundled in datasets/.
func BenchmarkIngestLSASS(b *testing.B) {
	matches, _ := filepath.Glob("../../shared/corpus/datasets/compound/LSASS_campaign_01/*.zip")
	if len(matches) == 0 {
		matches, _ = filepath.Glob("../datasets/otrf/*.zip")
	}
	if len(matches) == 0 {
		b.Skip("LSASS_campaign_01 archive not present")
	}
	var events int64
	for b.Loop() {
		sum, err := Files(context.Background(), &countingSink{}, matches, Options{})
		if err != nil {
			b.Fatal(err)
		}
		events += int64(sum.Events)
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

func readLines(tb testing.TB, path string) [][]byte {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var lines [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, MaxLineBytes)
	for sc.Scan() {
		if l := bytes.TrimSpace(sc.Bytes()); len(l) > 0 {
			lines = append(lines, bytes.Clone(l))
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return lines
}
