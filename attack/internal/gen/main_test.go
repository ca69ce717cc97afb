package main

import (
	"bufio"
	"bytes"
	"go/format"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// attackDir is the attack package, where go:generate runs the generator.
const attackDir = "../.."

var fixture = filepath.Join(attackDir, "testdata", "stix-fixture.json")

func loadFixture(t *testing.T) []stixObject {
	t.Helper()
	f, err := os.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	objs, err := decodeBundle(f)
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

func TestBuildFixture(t *testing.T) {
	m, err := build(loadFixture(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if m.version != "9.9" {
		t.Errorf("version = %q, want 9.9 from the x-mitre-collection", m.version)
	}
	wantTactics := []tactic{
		{"TA0043", "reconnaissance", "Reconnaissance"},
		{"TA0001", "initial-access", "Initial Access"},
		{"TA0002", "execution", "Execution"},
	}
	if !reflect.DeepEqual(m.tactics, wantTactics) {
		t.Errorf("tactics = %v, want matrix order %v", m.tactics, wantTactics)
	}
	wantMitigations := []mitigation{{"M1001", "Mitigate Alpha"}, {"M1002", "Mitigate Subs"}}
	if !reflect.DeepEqual(m.mitigations, wantMitigations) {
		t.Errorf("mitigations = %v, want %v (deprecated ones dropped)", m.mitigations, wantMitigations)
	}
	want := []technique{
		{id: "T1001", name: "Alpha", tactics: []string{"TA0043", "TA0002"}, mitigations: []string{"M1001", "M1002"}},
		{id: "T1001.001", name: "Alpha Sub", parent: "T1001", tactics: []string{"TA0002"}, mitigations: []string{"M1002"}, platforms: []string{"Windows", "Network Devices"}},
		{id: "T1002", name: "Old Ways", tactics: []string{"TA0001"}, deprecated: true},
		// Chained revocation: T1003 → T1004 → T1005.001.
		{id: "T1003", name: "Gamma", tactics: []string{"TA0002"}, revoked: true, replacedBy: "T1005.001"},
		// A revoked technique may name a tactic that no longer exists.
		{id: "T1004", name: "Gamma Again", revoked: true, replacedBy: "T1005.001"},
		// The revoked mitigates relationship to T1005 is ignored.
		{id: "T1005", name: "Delta", tactics: []string{"TA0001"}},
		{id: "T1005.001", name: "Gamma Again", parent: "T1005", tactics: []string{"TA0001"}},
		{id: "T1005.002", name: "Zeta", parent: "T1005", tactics: []string{"TA0001"}},
		// No revoked-by: matched by name, ignoring case.
		{id: "T1006", name: "zeta", tactics: []string{"TA0001"}, revoked: true, replacedBy: "T1005.002"},
		{id: "T1008", name: "Orphan", tactics: []string{"TA0002"}, revoked: true},
	}
	if !reflect.DeepEqual(m.techniques, want) {
		t.Errorf("techniques:\n got %+v\nwant %+v", m.techniques, want)
	}
	wantStats := stats{subtechniques: 3, deprecated: 1, revoked: 4, replacedByRelationship: 2, replacedByName: 1, unreplaced: 1}
	if m.stats != wantStats {
		t.Errorf("stats = %+v, want %+v", m.stats, wantStats)
	}

	m, err = build(loadFixture(t), "1.2")
	if err != nil {
		t.Fatal(err)
	}
	if m.version != "1.2" {
		t.Errorf("version = %q, want the -version override 1.2", m.version)
	}
}

func TestBuildRejects(t *testing.T) {
	find := func(objs []stixObject, id string) *stixObject {
		for i := range objs {
			if objs[i].ID == id {
				return &objs[i]
			}
		}
		t.Fatalf("fixture has no %s", id)
		return nil
	}
	tests := []struct {
		name    string
		version string
		edit    func([]stixObject) []stixObject
		want    string
	}{
		{"no version", "", func(o []stixObject) []stixObject {
			find(o, "x-mitre-collection--1").Type = "x-other"
			return o
		}, "pass -version"},
		{"no matrix", "1", func(o []stixObject) []stixObject {
			find(o, "x-mitre-matrix--1").Type = "x-other"
			return o
		}, "x-mitre-matrix"},
		{"missing matrix tactic", "1", func(o []stixObject) []stixObject {
			find(o, "x-mitre-tactic--exec").Type = "x-other"
			return o
		}, "not in the bundle"},
		{"malformed technique ID", "1", func(o []stixObject) []stixObject {
			find(o, "attack-pattern--alpha").ExternalReferences[1].ExternalID = "T12"
			return o
		}, `"T12"`},
		{"duplicate technique ID", "1", func(o []stixObject) []stixObject {
			find(o, "attack-pattern--delta").ExternalReferences[0].ExternalID = "T1001"
			return o
		}, "appears twice"},
		{"current technique with unknown tactic", "1", func(o []stixObject) []stixObject {
			find(o, "attack-pattern--alpha").KillChainPhases[0].PhaseName = "nowhere"
			return o
		}, `tactic "nowhere"`},
		{"sub-technique under the wrong parent", "1", func(o []stixObject) []stixObject {
			find(o, "relationship--1").TargetRef = "attack-pattern--delta"
			return o
		}, "its ID says"},
		{"sub-technique flag without sub-technique ID", "1", func(o []stixObject) []stixObject {
			find(o, "attack-pattern--delta").IsSubtechnique = true
			return o
		}, "marked as a sub-technique"},
		{"revoked-by loop", "1", func(o []stixObject) []stixObject {
			return append(o, stixObject{Type: "relationship", ID: "relationship--loop", RelationshipType: "revoked-by",
				SourceRef: "attack-pattern--delta-gamma", TargetRef: "attack-pattern--gamma"})
		}, "loops"},
		{"two replacements", "1", func(o []stixObject) []stixObject {
			return append(o, stixObject{Type: "relationship", ID: "relationship--other", RelationshipType: "revoked-by",
				SourceRef: "attack-pattern--gamma", TargetRef: "attack-pattern--delta"})
		}, "revoked by both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := tt.edit(loadFixture(t))
			_, err := build(objs, tt.version)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("build error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestRenderDeterministic(t *testing.T) {
	c := config{in: fixture, pkg: "attack"}
	first, err := generate(c)
	if err != nil {
		t.Fatal(err)
	}
	second, err := generate(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatal("two runs on the same bundle differ")
	}

	// Bundle order carries no meaning; the output must not depend on it.
	objs := loadFixture(t)
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(objs), func(i, j int) { objs[i], objs[j] = objs[j], objs[i] })
	m, err := build(objs, "")
	if err != nil {
		t.Fatal(err)
	}
	shuffled, err := render(m, "attack", fixture)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, shuffled) {
		t.Error("output depends on the order of objects in the bundle")
	}

	formatted, err := format.Source(first)
	if err != nil || !bytes.Equal(formatted, first) {
		t.Errorf("output is not gofmt'ed (err %v)", err)
	}
	header := regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)
	if !header.Match(first) {
		t.Error("output lacks the generated-code header")
	}
	for _, want := range []string{
		"MITRE ATT&CK® Enterprise v9.9",
		"© The MITRE Corporation.",
		`const genVersion = "9.9"`,
		`{"T1001.001", "Alpha Sub", "T1001", "TA0002", "M1002", 0, "", "Windows,Network Devices"},`,
		`{"T1003", "Gamma", "", "TA0002", "", genRevoked, "T1005.001", ""},`,
		`{"T1002", "Old Ways", "", "TA0001", "", genDeprecated, "", ""},`,
		"4 revoked: 2 replacements from revoked-by, 1 matched by name, 1 without",
	} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestRunWritesFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "catalogue_gen.go")
	c, err := parseArgs([]string{"-in", fixture, "-out", out, "-pkg", "fixture"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := run(c); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("\npackage fixture\n")) {
		t.Error("-pkg not honoured")
	}

	for _, args := range [][]string{{"-in", fixture}, {"-out", out}, {"-in", fixture, "-out", out, "extra"}} {
		if _, err := parseArgs(args, io.Discard); err == nil {
			t.Errorf("parseArgs(%q) accepted incomplete arguments", args)
		}
	}
	if err := run(config{in: filepath.Join(t.TempDir(), "missing.json"), out: out}); err == nil {
		t.Error("run accepted a missing bundle")
	}
}

// TestGeneratedFileUpToDate regenerates catalogue_gen.go with the
// go:generate arguments of the attack package and compares: the committed
// tables must be what the generator makes of the shared bundle.
func TestGeneratedFileUpToDate(t *testing.T) {
	args := generateArgs(t)
	c, err := parseArgs(args, io.Discard)
	if err != nil {
		t.Fatalf("go:generate arguments %q: %v", args, err)
	}
	c.in = filepath.Join(attackDir, c.in)
	if _, err := os.Stat(c.in); err != nil {
		t.Skipf("ATT&CK bundle not available: %v", err)
	}
	got, err := generate(c)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join(attackDir, c.out))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, committed) {
		t.Errorf("%s is stale: run go generate in the attack package", c.out)
	}
}

// generateArgs reads the generator's arguments from the go:generate
// directive, so the test checks exactly what go generate does.
func generateArgs(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(attackDir, "catalogue.go"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const prefix = "//go:generate go run ./internal/gen "
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), prefix); ok {
			return strings.Fields(rest)
		}
	}
	t.Fatalf("no %q directive in catalogue.go", prefix)
	return nil
}
