package detect

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow/ingest"
)

func TestScore(t *testing.T) {
	labels := []string{"T1003.001", "T1003.003", "T1082", "T1021", "T1587.001"}
	found := []string{"T1003.001", "T1082", "T1021.002"}
	tech, exact := Score(labels, found)
	wantTech := []bool{true, true, true, true, false}
	wantExact := []bool{true, false, true, false, false}
	if !slices.Equal(tech, wantTech) || !slices.Equal(exact, wantExact) {
		t.Errorf("Score = %v %v, want %v %v", tech, exact, wantTech, wantExact)
	}
}

func TestParseSimulation(t *testing.T) {
	doc := `title: t
attack_mappings:
  - technique: T1003
    sub-technique: "001"
    tactics: [TA0006]
  - technique: t1082
    sub-technique:
  - technique: T1608
    sub-technique: 1
    tactics: [TA0042]
files:
  - type: Network
    link: https://example.org/x/master/datasets/a/net.zip
  - type: Host
    link: https://example.org/x/master/datasets/a/host.zip
`
	sim, err := ParseSimulation("sim", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range sim.Labels {
		ids = append(ids, l.Technique)
	}
	if want := []string{"T1003.001", "T1082", "T1608.001"}; !slices.Equal(ids, want) {
		t.Errorf("labels %v, want %v", ids, want)
	}
	if !sim.Labels[2].PreCompromise() || sim.Labels[0].PreCompromise() || sim.Labels[1].PreCompromise() {
		t.Error("pre-compromise classification wrong")
	}
	if want := []string{filepath.FromSlash("datasets/a/host.zip")}; !slices.Equal(sim.Archives, want) {
		t.Errorf("archives %v, want %v", sim.Archives, want)
	}
	escape := strings.Replace(doc, "datasets/a/host.zip", "../../etc/passwd", 1)
	if _, err := ParseSimulation("sim", []byte(escape)); err == nil {
		t.Error("archive path outside the corpus accepted")
	}
}

func TestEvaluateSyntheticCorpus(t *testing.T) {
	corpus := filepath.Join("testdata", "corpus")
	sims, err := LoadCorpus(corpus)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Evaluate(context.Background(), defaultDetector(t), corpus, sims, ingest.Normalize)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Simulations) != 2 {
		t.Fatalf("%d simulations, want 2", len(rep.Simulations))
	}
	dump, missing := rep.Simulations[0], rep.Simulations[1]
	if missing.Skipped == "" || !strings.Contains(missing.Skipped, "not_here.zip") {
		t.Errorf("missing archive not reported as skipped: %+v", missing)
	}
	if dump.Skipped != "" || dump.Events != 4 || dump.BadLines != 1 {
		t.Errorf("dump: skipped %q events %d bad %d, want 4 events and 1 bad line", dump.Skipped, dump.Events, dump.BadLines)
	}
	// comsvcs MiniDump gives T1003.001 and systeminfo T1082; a bare
	// tasklist is too common for a rule, so nothing shows T1057, nor the
	// pre-compromise T1587.001.
	if dump.Hits != 2 || dump.ExactHits != 2 || !slices.Equal(dump.Missed, []string{"T1057", "T1587.001"}) {
		t.Errorf("dump: hits %d exact %d missed %v", dump.Hits, dump.ExactHits, dump.Missed)
	}
	tot := rep.Totals
	if tot.Evaluated != 1 || tot.Skipped != 1 || tot.Labelled != 4 || tot.SimsWithHit != 1 {
		t.Errorf("totals %+v", tot)
	}
	if tot.Recall != 0.5 || tot.RecallHostOnly != 2.0/3 {
		t.Errorf("recall %v (host-only %v), want 0.5 and 2/3", tot.Recall, tot.RecallHostOnly)
	}
	if tot.Per10k != float64(dump.Findings)*10000/4 {
		t.Errorf("findings per 10k %v for %d findings", tot.Per10k, dump.Findings)
	}
	var buf bytes.Buffer
	if err := rep.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "SYN-missing") || !strings.Contains(buf.String(), "technique recall: 0.500") {
		t.Errorf("table:\n%s", buf.String())
	}
}

func TestReadArchiveTruncatedTarGz(t *testing.T) {
	var raw bytes.Buffer
	gz := gzip.NewWriter(&raw)
	tw := tar.NewWriter(gz)
	// Varied lines so that the compressed stream is long enough to cut.
	var lines strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&lines, "{\"EventID\":%d,\"n\":\"%x\"}\n", i, uint64(i)*0x9e3779b97f4a7c15)
	}
	body := []byte(lines.String())
	tw.WriteHeader(&tar.Header{Name: "log.json", Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
	tw.Write(body)
	tw.Close()
	gz.Close()
	cut := raw.Bytes()[:raw.Len()/2]
	path := filepath.Join(t.TempDir(), "log.tar.gz")
	if err := os.WriteFile(path, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := ReadArchive(path, func([]byte) error { n++; return nil })
	if err == nil {
		t.Error("truncated archive read without error")
	}
	if n == 0 {
		t.Error("no lines delivered before the truncation")
	}
}
