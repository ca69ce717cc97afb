package eval

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/eval/evaltest"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/sigma"
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

// testDetector runs the rules of evaltest.Rules alone, without stacking
// and with one finding per rule and process, so that every count on the
// synthetic corpus is known.
func testDetector(t testing.TB) *detect.Detector {
	t.Helper()
	rs, lerrs, err := sigma.Load(os.DirFS(evaltest.Rules(t)), ".")
	if err != nil || len(lerrs) > 0 {
		t.Fatalf("test rules: %v %v", err, lerrs)
	}
	return detect.New(rs, detect.Options{DisableStacking: true, SeparateRules: true})
}

func TestPrecision(t *testing.T) {
	tests := []struct {
		name                         string
		labels, found                []string
		reported, correct, unlabeled []string
	}{
		{"sub-technique counts as its technique", []string{"T1003.001"}, []string{"T1003.002", "t1003"}, []string{"T1003"}, []string{"T1003"}, nil},
		{"unlabelled technique", []string{"T1082"}, []string{"T1082", "T1218.011", "T1218.010"}, []string{"T1082", "T1218"}, []string{"T1082"}, []string{"T1218"}},
		{"nothing reported", []string{"T1082"}, nil, nil, nil, nil},
		{"no labels", nil, []string{"T1057"}, []string{"T1057"}, nil, []string{"T1057"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Precision(tt.labels, tt.found)
			if !slices.Equal(p.Reported, tt.reported) || !slices.Equal(p.Correct, tt.correct) || !slices.Equal(p.Unlabelled, tt.unlabeled) {
				t.Errorf("Precision = %+v, want reported %v correct %v unlabelled %v", p, tt.reported, tt.correct, tt.unlabeled)
			}
		})
	}
	if f := F1(0.6, 0.5); math.Abs(f-6.0/11) > 1e-12 {
		t.Errorf("F1(0.6, 0.5) = %v, want 6/11", f)
	}
	if f := F1(0, 0); f != 0 {
		t.Errorf("F1(0, 0) = %v", f)
	}
}

func TestEvaluateSyntheticCorpus(t *testing.T) {
	corpus := evaltest.Standard(t)
	sims, err := LoadCorpus(corpus)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Evaluate(context.Background(), testDetector(t), corpus, sims, ingest.Normalize, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Simulations) != 3 {
		t.Fatalf("%d simulations, want 3", len(rep.Simulations))
	}
	disc, dump, missing := rep.Simulations[0], rep.Simulations[1], rep.Simulations[2]
	if missing.Skipped == "" || !strings.Contains(missing.Skipped, "syn-missing_host.zip") {
		t.Errorf("missing archive not reported as skipped: %+v", missing)
	}
	if dump.Skipped != "" || dump.Events != 4 || dump.BadLines != 1 || disc.Events != 2 {
		t.Errorf("dump: skipped %q events %d bad %d, discovery events %d; want 4 events and 1 bad line, and 2", dump.Skipped, dump.Events, dump.BadLines, disc.Events)
	}
	// comsvcs gives T1003.001 (and the unlabelled T1218.011), systeminfo
	// T1082, the svchost connection the unlabelled T1071.001; nothing
	// shows tasklist (T1057) or the pre-compromise T1587.001.
	if !slices.Equal(dump.Found, []string{"T1003.001", "T1071.001", "T1082", "T1218.011"}) ||
		dump.Hits != 2 || dump.ExactHits != 2 || !slices.Equal(dump.Missed, []string{"T1057", "T1587.001"}) {
		t.Errorf("dump: found %v hits %d exact %d missed %v", dump.Found, dump.Hits, dump.ExactHits, dump.Missed)
	}
	if dump.Precision != 0.5 || !slices.Equal(dump.Unlabelled, []string{"T1071", "T1218"}) || dump.F1 != 0.5 {
		t.Errorf("dump: precision %v unlabelled %v F1 %v, want 0.5, [T1071 T1218], 0.5", dump.Precision, dump.Unlabelled, dump.F1)
	}
	if disc.Recall != 0.5 || disc.Precision != 1 || math.Abs(disc.F1-2.0/3) > 1e-12 {
		t.Errorf("discovery: recall %v precision %v F1 %v, want 0.5, 1, 2/3", disc.Recall, disc.Precision, disc.F1)
	}
	tot := rep.Totals
	if tot.Evaluated != 2 || tot.Skipped != 1 || tot.Labelled != 6 || tot.SimsWithHit != 2 || tot.Reported != 5 || tot.Correct != 3 {
		t.Errorf("totals %+v", tot)
	}
	if tot.Recall != 0.5 || tot.RecallHostOnly != 0.6 || tot.Precision != 0.6 || math.Abs(tot.F1-6.0/11) > 1e-12 {
		t.Errorf("recall %v (host-only %v) precision %v F1 %v, want 0.5 (0.6), 0.6, 6/11", tot.Recall, tot.RecallHostOnly, tot.Precision, tot.F1)
	}
	// One finding per rule and process: comsvcs, systeminfo and svchost in
	// the dump, systeminfo in discovery; over 6 events.
	if tot.Findings != 4 || tot.Per10k != 4*10000.0/6 || tot.RulesLoaded != 4 {
		t.Errorf("findings %d (per 10k %v), rules %d; want 4, 6666.7, 4", tot.Findings, tot.Per10k, tot.RulesLoaded)
	}
	wantTech := []TechniqueScore{
		{Technique: "T1003", Labelled: 1, Found: 1},
		{Technique: "T1057", Labelled: 2, Missed: 2},
		{Technique: "T1071", Unlabelled: 1},
		{Technique: "T1082", Labelled: 2, Found: 2},
		{Technique: "T1218", Unlabelled: 1},
		{Technique: "T1587", Labelled: 1, Missed: 1},
	}
	if !slices.Equal(rep.Techniques, wantTech) {
		t.Errorf("techniques %+v\nwant %+v", rep.Techniques, wantTech)
	}
	var once, never []string
	for _, u := range rep.FiredOnce {
		once = append(once, u.Title+"@"+strings.Join(u.Simulations, ","))
	}
	for _, u := range rep.NeverFired {
		never = append(never, u.Title)
	}
	if want := []string{"LSASS dump with comsvcs MiniDump@SYN-dump", "Svchost outbound HTTPS@SYN-dump"}; !slices.Equal(once, want) {
		t.Errorf("fired once %v, want %v", once, want)
	}
	if !slices.Equal(never, []string{"Shadow copies deleted"}) {
		t.Errorf("never fired %v", never)
	}

	var buf bytes.Buffer
	if err := rep.WriteTable(&buf, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"SYN-missing",
		"technique recall: 0.500 (3/6)",
		"technique precision: 0.600 (3/5 reported techniques labelled); technique F1: 0.545",
		"T1057             2      0       2          0",
		"rules fired in exactly one simulation: 2",
		"rules that never fired: 1",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
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
