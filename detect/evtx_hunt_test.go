package detect

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow/ingest"
)

// TestEVTXLogIsHunted runs a real Windows event log end to end: the .evtx
// (an EDR-Freeze run, from SigmaHQ's regression data) is read by ingest's
// BinXML decoder, normalised, and the shipped rules find what it records —
// and the same from the log's JSON rendering.
func TestEVTXLogIsHunted(t *testing.T) {
	const want = "Antivirus or EDR Engine Process Opened With Rights to Suspend or Dump It"
	for _, path := range []string{"../ingest/testdata/evtx/sysmon_10.evtx", "../ingest/testdata/evtx/sysmon_10.json"} {
		t.Run(path, func(t *testing.T) {
			var sink collectSink
			sum, err := ingest.Files(context.Background(), &sink, []string{path}, ingest.Options{})
			if err != nil || sum.Bad > 0 || sum.EVTXFallbacks > 0 {
				t.Fatalf("ingest: %v, %d bad, %d chunks left to the EVTX library", err, sum.Bad, sum.EVTXFallbacks)
			}
			titles := findingTitles(t, sink.evs)
			if !slices.ContainsFunc(titles, func(s string) bool { return strings.HasPrefix(s, want) }) {
				t.Errorf("findings %v, want %q", titles, want)
			}
		})
	}
}
