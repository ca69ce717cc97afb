package ingest

import (
	"bufio"
	"bytes"
	"context"
	"github.com/huntflow/huntflow/internal/procstat"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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
	cpu0 := cpuTime()
	for b.Loop() {
		sum, err := Files(context.Background(), &countingSink{}, matches, Options{})
		if err != nil {
			b.Fatal(err)
		}
		events += int64(sum.Events)
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	// Per CPU-second: what one core does, which holds on a loaded machine.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(events)/cpu.Seconds(), "events/cpu-s")
	}
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

// evtxBenchFile is a real Security log of 739 events in 17 chunks, shipped
// in the EVTX module's testdata (Apache 2.0), found through the module
// cache so the repository need not carry it.
func evtxBenchFile(b *testing.B) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "www.velocidex.com/golang/evtx").Output()
	if err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "testdata", "Security.evtx")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	b.Skip("www.velocidex.com/golang/evtx testdata/Security.evtx not in the module cache")
	return ""
}

// BenchmarkIngestEVTX reads a Security .evtx log into a counting sink with
// one parsing worker on one core: EVTX decoding, rendering and
// normalisation, the cost per event of an .evtx input.
func BenchmarkIngestEVTX(b *testing.B) {
	path := evtxBenchFile(b)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var events int64
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		var sink countingSink
		sum, err := Files(context.Background(), &sink, []string{path}, Options{Workers: 1})
		if err != nil || sum.Bad > 0 {
			b.Fatal(err, sum.BadLines)
		}
		events += sink.n.Load()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	// Per CPU-second: what one core does, which holds on a loaded machine.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(events)/cpu.Seconds(), "events/cpu-s")
	}
}

// BenchmarkEVTXDecode is the EVTX library alone on the same log, one core:
// the ceiling for BenchmarkIngestEVTX.
func BenchmarkEVTXDecode(b *testing.B) {
	data, err := os.ReadFile(evtxBenchFile(b))
	if err != nil {
		b.Fatal(err)
	}
	benchChunkDecode(b, data, func(chunk []byte) (int, error) {
		recs, err := parseChunkRecords(chunk)
		return len(recs), err
	})
}

// BenchmarkBinXMLDecode is our BinXML decoder alone on the same log, one
// core: chunks decoded into record trees, not rendered.
func BenchmarkBinXMLDecode(b *testing.B) {
	data, err := os.ReadFile(evtxBenchFile(b))
	if err != nil {
		b.Fatal(err)
	}
	var d binxmlDecoder
	benchChunkDecode(b, data, func(chunk []byte) (int, error) {
		recs, err := d.decodeChunk(chunk)
		return len(recs), err
	})
}

// benchChunkDecode runs decode on every chunk of the .evtx file data, on
// one core, and reports the records it returns per second of wall and of
// CPU time.
func benchChunkDecode(b *testing.B, data []byte, decode func(chunk []byte) (int, error)) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var events int64
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		for off := evtxHeaderSize; off+evtxChunkSize <= len(data); off += evtxChunkSize {
			n, err := decode(data[off : off+evtxChunkSize])
			if err != nil {
				b.Fatal(err)
			}
			events += int64(n)
		}
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(events)/cpu.Seconds(), "events/cpu-s")
	}
}

func cpuTime() time.Duration { d, _ := procstat.CPUTime(); return d }
