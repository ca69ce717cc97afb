package sigma

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/huntflow/huntflow/internal/procstat"
	"github.com/huntflow/huntflow/internal/testshared"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The tests in this file check that the prefilter changes nothing: every
// event must match exactly the same rules, in the same order, with and
// without it.

// unfiltered returns a copy of rs that evaluates every candidate rule.
func unfiltered(rs *RuleSet) *RuleSet {
	c := *rs
	c.noPrefilter = true
	return &c
}

// matchIDs lists the rules an event matches, in the order Match reports
// them.
func matchIDs(rs *RuleSet, e Event, channel string, id int) []string {
	var out []string
	rs.Match(e, channel, id, func(r *Rule) { out = append(out, r.Path+"#"+r.ID+"#"+r.Title) })
	return out
}

type chanEvent struct {
	ev      Event
	channel string
	id      int
}

// compareMatches runs every event through rs with and without the
// prefilter, and through every rule of rs without the index, and fails on
// the first events whose matches differ. The index-free evaluation, slow
// with thousands of rules, runs on every naiveEvery-th event. It returns
// how many matches it saw, so callers can check the comparison was not
// vacuous.
func compareMatches(t *testing.T, rs *RuleSet, events []chanEvent, naiveEvery int) int {
	t.Helper()
	plain := unfiltered(rs)
	total, failures := 0, 0
	for i, e := range events {
		got := matchIDs(rs, e.ev, e.channel, e.id)
		want := matchIDs(plain, e.ev, e.channel, e.id)
		// The straightforward way: every rule, its logsource checked with
		// Applies, no index at all.
		naive := got
		if i%naiveEvery == 0 {
			naive = nil
		}
		for j := 0; i%naiveEvery == 0 && j < len(rs.entries); j++ {
			en := &rs.entries[j]
			if Applies(en.rule.Logsource, e.channel, e.id) && en.match(e.ev) {
				naive = append(naive, en.rule.Path+"#"+en.rule.ID+"#"+en.rule.Title)
			}
		}
		total += len(want)
		if !slices.Equal(got, want) || !slices.Equal(got, naive) {
			failures++
			t.Errorf("event %d (%s/%d) %v:\nprefiltered %q\nunfiltered  %q\nevery rule  %q", i, e.channel, e.id, e.ev, got, want, naive)
			if failures > 5 {
				t.FailNow()
			}
		}
	}
	return total
}

// loadSigmaHQ loads SigmaHQ's Windows rules and the shipped rules into one
// set.
func loadSigmaHQ(t *testing.T) *RuleSet {
	t.Helper()
	dir := testshared.Path(t, "sigma/rules/windows")
	hq, _, err := LoadCollection(os.DirFS(dir), ".")
	if err != nil {
		t.Fatal(err)
	}
	shipped, _, err := LoadCollection(os.DirFS("../rules"), ".")
	if err != nil {
		t.Fatal(err)
	}
	c := &Collection{
		Rules:        append(hq.Rules, shipped.Rules...),
		Correlations: append(hq.Correlations, shipped.Correlations...),
		Filters:      append(hq.Filters, shipped.Filters...),
	}
	rs, _ := build(c, true)
	if n := len(rs.Rules()); n < 2000 {
		t.Fatalf("loaded %d rules, want the whole SigmaHQ Windows set", n)
	}
	return rs
}

// flatEvent is a map-backed event from JSON, numbers written as JSON has
// them.
func flatten(prefix string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, v := range x {
			if k == "#attributes" {
				flatten(prefix, v, out)
				continue
			}
			flatten(k, v, out)
		}
	case nil:
		out[prefix] = ""
	case string:
		out[prefix] = x
	case json.Number:
		out[prefix] = x.String()
	case bool:
		out[prefix] = strconv.FormatBool(x)
	case []any:
		parts := make([]string, 0, len(x))
		for _, p := range x {
			parts = append(parts, fmt.Sprint(p))
		}
		out[prefix] = strings.Join(parts, ",")
	}
}

func decodeFlat(data []byte) (map[string]string, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	out := map[string]string{}
	flatten("", v, out)
	return out, nil
}

func toChanEvent(m map[string]string) chanEvent {
	if _, ok := m["Provider_Name"]; !ok {
		if v, ok := m["SourceName"]; ok {
			m["Provider_Name"] = v
		} else if v, ok := m["Name"]; ok {
			m["Provider_Name"] = v
		}
	}
	id, _ := strconv.Atoi(m["EventID"])
	return chanEvent{ev: ev(m), channel: m["Channel"], id: id}
}

// corpusEvents reads the SigmaHQ regression events and the LSASS campaign
// of the development corpus (every step-th event).
func corpusEvents(t *testing.T, step int) []chanEvent {
	t.Helper()
	var out []chanEvent
	reg := testshared.Path(t, "sigma/regression_data")
	err := filepath.WalkDir(reg, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m, err := decodeFlat(data)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, toChanEvent(m))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	zips, _ := filepath.Glob(filepath.Join(testshared.Path(t, "corpus/datasets/compound/LSASS_campaign_01"), "*.zip"))
	for _, z := range zips {
		zr, err := zip.OpenReader(z)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(rc)
			sc.Buffer(make([]byte, 1<<20), 1<<24)
			for n := 0; sc.Scan(); n++ {
				if n%step != 0 {
					continue
				}
				m, err := decodeFlat(sc.Bytes())
				if err != nil {
					continue
				}
				out = append(out, toChanEvent(m))
			}
			rc.Close()
		}
		zr.Close()
	}
	return out
}

// mutations returns variants of an event that stress case folding and
// the edge cases of matching: other cases, non-ASCII letters whose folds
// are special, emoji, empty and missing values.
func mutations(e chanEvent, rng *rand.Rand) []chanEvent {
	m := e.ev.(ev)
	variant := func(fn func(k, v string) (string, bool)) chanEvent {
		out := ev{}
		for k, v := range m {
			if nv, keep := fn(k, v); keep {
				out[k] = nv
			}
		}
		return chanEvent{ev: out, channel: e.channel, id: e.id}
	}
	swaps := []struct{ from, to string }{
		{"i", "İ"}, {"k", "\u212a"}, {"s", "ſ"}, {"e", "É"}, {".exe", "😈.exe"},
		{" ", " \u00a0"}, {"a", "ä"}, {"-", "\u2013"}, {"/", "-"}, {"\\", "/"},
	}
	return []chanEvent{
		variant(func(_, v string) (string, bool) { return strings.ToUpper(v), true }),
		variant(func(_, v string) (string, bool) { return strings.ToLower(v), true }),
		variant(func(_, v string) (string, bool) {
			s := swaps[rng.IntN(len(swaps))]
			return strings.ReplaceAll(v, s.from, s.to), true
		}),
		variant(func(_, v string) (string, bool) {
			switch rng.IntN(6) {
			case 0:
				return "", true
			case 1:
				return v, false
			case 2:
				return strings.Map(unicode.ToTitle, v), true
			}
			return v, true
		}),
	}
}

// TestPrefilterAgreesOnCorpus runs SigmaHQ's Windows rules and the shipped
// rules over the SigmaHQ regression events and the LSASS campaign, and over
// mutated copies of them, with and without the prefilter.
func TestPrefilterAgreesOnCorpus(t *testing.T) {
	rs := loadSigmaHQ(t)
	step := 1
	if testing.Short() {
		step = 7
	}
	events := corpusEvents(t, step)
	if len(events) < 1000 {
		t.Fatalf("only %d corpus events", len(events))
	}
	rng := rand.New(rand.NewPCG(7, 7))
	var mutated []chanEvent
	for i, e := range events {
		if i < 300 || i%40 == 0 {
			mutated = append(mutated, mutations(e, rng)...)
		}
	}
	n := compareMatches(t, rs, events, 10)
	if n < 200 {
		t.Errorf("only %d matches over the corpus: the comparison proves little", n)
	}
	m := compareMatches(t, rs, mutated, 3)
	t.Logf("%d events, %d matches; %d mutated events, %d matches", len(events), n, len(mutated), m)
}

// pieces are the building blocks of generated rules and events: case pairs
// (ASCII and not), letters whose folds are special, emoji, dashes,
// wildcards and numbers.
var pieces = []string{
	"a", "A", "b", "B", "k", "K", "\u212a", "i", "I", "İ", "ı", "ß", "ss", "ſ",
	"é", "É", "я", "Я", "😈", "😀", "-", "/", "\u2013", " ", "\\", ".exe", "1", "0x1", "10",
	"ab", "AB", "kab", "12",
}

func randText(rng *rand.Rand, maxParts int) string {
	var b strings.Builder
	for n := rng.IntN(maxParts + 1); n > 0; n-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// randValue is a rule value: text that may hold wildcards and escapes.
func randValue(rng *rand.Rand) string {
	var b strings.Builder
	for n := 1 + rng.IntN(3); n > 0; n-- {
		switch rng.IntN(8) {
		case 0:
			b.WriteString("*")
		case 1:
			b.WriteString("?")
		case 2:
			b.WriteString(`\*`)
		default:
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
	}
	return b.String()
}

func yamlQuote(s string) string {
	b, _ := json.Marshal(s) // JSON strings are YAML double-quoted strings
	return string(b)
}

var genFields = []string{"CommandLine", "Image", "User", "EventID", "Num"}

var genModifiers = []string{
	"", "|contains", "|startswith", "|endswith", "|contains|all", "|cased", "|contains|cased",
	"|re", "|re|i", "|windash|contains", "|contains|windash", "|base64offset|contains",
	"|utf16le|base64offset|contains", "|neq", "|gt", "|lte", "|exists", "|fieldref", "|contains|all|cased",
}

// randSelection writes one selection: a map, a list of maps, keywords or
// null checks.
func randSelection(rng *rand.Rand) string {
	var b strings.Builder
	switch rng.IntN(8) {
	case 0: // keywords
		b.WriteString("\n")
		for n := 1 + rng.IntN(3); n > 0; n-- {
			fmt.Fprintf(&b, "  - %s\n", yamlQuote(randValue(rng)))
		}
		return b.String()
	case 1: // keyword map with |all
		fmt.Fprintf(&b, "\n  '|all':\n    - %s\n    - %s\n", yamlQuote(randValue(rng)), yamlQuote(randValue(rng)))
		return b.String()
	}
	maps := 1
	if rng.IntN(3) == 0 {
		maps = 2
	}
	b.WriteString("\n")
	list := maps > 1 || rng.IntN(2) == 0
	for ; maps > 0; maps-- {
		prefix := "  "
		if list {
			prefix = "  - "
		}
		for n := 1 + rng.IntN(2); n > 0; n-- {
			field := genFields[rng.IntN(len(genFields))]
			mod := genModifiers[rng.IntN(len(genModifiers))]
			var val string
			switch {
			case rng.IntN(12) == 0:
				mod, val = "", "null"
			case rng.IntN(12) == 0:
				mod, val = "", "''"
			case strings.HasPrefix(mod, "|re"):
				val = yamlQuote(regexpQuoteSome(randText(rng, 2)))
			case mod == "|gt" || mod == "|lte":
				val = strconv.Itoa(rng.IntN(20))
			case mod == "|exists":
				val = strconv.FormatBool(rng.IntN(2) == 0)
			case mod == "|fieldref":
				val = genFields[rng.IntN(len(genFields))]
			case field == "EventID" || field == "Num":
				nums := []string{"1", "10", "0x1", "'1'", "'01'", "1.0", "12"}
				if rng.IntN(2) == 0 {
					val = "\n" + strings.Repeat(" ", len(prefix)+2) + "- " + nums[rng.IntN(len(nums))] +
						"\n" + strings.Repeat(" ", len(prefix)+2) + "- " + nums[rng.IntN(len(nums))]
				} else {
					val = nums[rng.IntN(len(nums))]
				}
			case strings.Contains(mod, "|all"):
				val = "\n" + strings.Repeat(" ", len(prefix)+2) + "- " + yamlQuote(randValue(rng)) +
					"\n" + strings.Repeat(" ", len(prefix)+2) + "- " + yamlQuote(randValue(rng))
			default:
				val = yamlQuote(randValue(rng))
			}
			fmt.Fprintf(&b, "%s%s%s: %s\n", prefix, field, mod, val)
			prefix = strings.Repeat(" ", len(prefix))
		}
	}
	return b.String()
}

func regexpQuoteSome(s string) string {
	return strings.NewReplacer(`\`, `\\`, ".", `\.`, "*", `\*`, "?", `\?`).Replace(s)
}

var genConditions = []string{
	"sel1", "sel1 and sel2", "sel1 or sel2", "sel1 and not sel2", "not sel1",
	"1 of sel*", "all of sel*", "all of them", "2 of them", "(sel1 or sel2) and sel3",
	"sel1 and (sel2 or not sel3)", "sel1 or (sel2 and sel3)",
}

// randRules writes n random rules; those that fail to load (bad
// combinations of modifiers) are left out.
func randRules(t *testing.T, rng *rand.Rand, n int) []*Rule {
	var out []*Rule
	tries := 0
	for len(out) < n {
		var b strings.Builder
		fmt.Fprintf(&b, "title: gen %d\nid: gen-%d\nlogsource:\n    product: windows\n", len(out), len(out))
		if rng.IntN(3) == 0 {
			b.WriteString("    category: process_creation\n")
		}
		b.WriteString("detection:\n")
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(&b, "    sel%d:\n%s\n", i, indent(randSelection(rng), 6))
		}
		fmt.Fprintf(&b, "    condition: %s\n", genConditions[rng.IntN(len(genConditions))])
		rules, err := ParseRule([]byte(b.String()))
		if err != nil || len(rules) != 1 {
			if tries++; tries > 100*n {
				t.Fatalf("generated rules keep failing to load; last: %v\n%s", err, b.String())
			}
			continue
		}
		out = append(out, rules[0])
	}
	return out
}

func randEvent(rng *rand.Rand) map[string]string {
	m := map[string]string{}
	for _, f := range append(genFields, "Message") {
		switch rng.IntN(6) {
		case 0: // absent
		case 1:
			m[f] = ""
		default:
			if f == "EventID" || f == "Num" {
				m[f] = []string{"1", "10", "0x1", "01", "1.0", "12", " 1", "x"}[rng.IntN(8)]
			} else {
				m[f] = randText(rng, 6)
			}
		}
	}
	return m
}

// TestPrefilterAgreesOnGeneratedRules generates rules and events from the
// same small alphabet, so that they often match, and compares the two
// paths on plain events and on keyword events.
func TestPrefilterAgreesOnGeneratedRules(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rounds := 40
	if testing.Short() {
		rounds = 10
	}
	total := 0
	for round := 0; round < rounds; round++ {
		rs := NewRuleSet(randRules(t, rng, 60))
		var events []chanEvent
		for i := 0; i < 300; i++ {
			m := randEvent(rng)
			channel, id := ChannelSysmon, 1
			if rng.IntN(3) == 0 {
				channel, id = ChannelSecurity, 4624
			}
			if rng.IntN(2) == 0 {
				events = append(events, chanEvent{ev: ev(m), channel: channel, id: id})
			} else {
				events = append(events, chanEvent{ev: kwev(m), channel: channel, id: id})
			}
		}
		total += compareMatches(t, rs, events, 1)
		if t.Failed() {
			return
		}
	}
	if total < 1000 {
		t.Errorf("only %d matches: the generated rules and events rarely meet", total)
	}
}

// TestPrefilterRequirements checks the requirements derived from
// conditions: what they keep, and that they give up where a condition can
// hold without any literal.
func TestPrefilterRequirements(t *testing.T) {
	tests := []struct {
		name, detection string
		ok              bool
		want            string // clauses as field:needle, | between atoms, & between clauses
	}{
		{"contains", "sel:\n    CommandLine|contains: 'MimiKatz'\ncondition: sel", true, "CommandLine:mimikatz"},
		{"list is one clause", "sel:\n    Image|endswith: ['\\A.exe', '\\B.exe']\ncondition: sel", true, `Image:\a.exe|Image:\b.exe`},
		{"and keeps clauses", "sel:\n    Image|endswith: '\\cmd.exe'\n    CommandLine|contains: ' /c '\ncondition: sel", true, `CommandLine: /c &Image:\cmd.exe`},
		{"not requires nothing", "sel:\n    Image: x\ncondition: not sel", false, ""},
		{"and not", "sel:\n    Image: 'X.exe'\nf:\n    User: y\ncondition: sel and not f", true, "Image:x.exe"},
		{"or needs both sides", "a:\n    Image: x\nb:\n    User|re: '.*'\ncondition: a or b", false, ""},
		{"cased is folded", "sel:\n    CommandLine|contains|cased: 'ABC'\ncondition: sel", true, "CommandLine:abc"},
		{"number is numeric", "sel:\n    EventID: 4624\ncondition: sel", true, "EventID:#4624"},
		{"quoted hex is a needle", "sel:\n    GrantedAccess: '0x1410'\ncondition: sel", true, "GrantedAccess:0x1410"},
		{"empty value allows absence", "sel:\n    User: ''\ncondition: sel", false, ""},
		{"neq", "sel:\n    User|neq: x\ncondition: sel", false, ""},
		{"glob takes its longest literal", "sel:\n    CommandLine: '*ab*cdef?g*'\ncondition: sel", true, "CommandLine:cdef"},
		{"keywords search Message", "kw:\n    - 'Evil'\ncondition: kw", true, "Message:evil(kw)"},
		{"emoji", "sel:\n    CommandLine|contains: '😈'\ncondition: sel", true, "CommandLine:😈"},
		{"regexp literal", "sel:\n    CommandLine|re: '(?i)\\s-enc(odedcommand)?\\s'\ncondition: sel", true, "CommandLine:-enc"},
		{"regexp alternation", "sel:\n    CommandLine|re: 'a(cd|EF)+x*'\ncondition: sel", true, "CommandLine:cd|CommandLine:ef"},
		{"regexp kelvin", "sel:\n    CommandLine|re: '(?i)kk'\ncondition: sel", false, ""},
		{"regexp optional", "sel:\n    CommandLine|re: '(abc)?d*'\ncondition: sel", false, ""},
		{"1 of is a union", "s1:\n    Image: a\ns2:\n    User: b\ncondition: 1 of s*", true, "Image:a|User:b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRule(t, tt.detection)
			req, ok := r.det.requirement()
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%v)", ok, tt.ok, req)
			}
			var cs []string
			for _, c := range req {
				var as []string
				for _, a := range c {
					s := a.field + ":" + a.needle
					if a.numeric {
						s = a.field + ":#" + strconv.FormatInt(a.num, 10)
					}
					if a.keyword {
						s += "(kw)"
					}
					as = append(as, s)
				}
				slices.Sort(as)
				cs = append(cs, strings.Join(as, "|"))
			}
			slices.Sort(cs)
			if got := strings.Join(cs, "&"); got != tt.want {
				t.Errorf("requirement = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMatchAllocatesNothing checks the prefiltered path allocates nothing
// per event once warm.
func TestMatchAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	rs := benchRuleSet(t)
	events := benchEvents()
	fn := func(*Rule) {}
	for _, e := range events {
		rs.Match(e.ev, e.channel, e.id, fn)
	}
	allocs := testing.AllocsPerRun(20, func() {
		for _, e := range events {
			rs.Match(e.ev, e.channel, e.id, fn)
		}
	})
	if allocs != 0 {
		t.Errorf("%.1f allocations per run of %d events, want 0", allocs, len(events))
	}
}

// TestFieldScanFindsEveryNeedle checks the three ways a field is searched
// (needle by needle, rolling grams, Wu-Manber) against a plain search of
// the folded text, on needles and texts from the same alphabet.
func TestFieldScanFindsEveryNeedle(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tests := []struct {
		name           string
		needles        int
		minLen, maxLen int // in pieces
		minBytes       int
		maxBytes       int
		path           string
	}{
		{"few needles", 4, 1, 3, 1, 99, "small"},
		{"many needles with short ones", 40, 1, 4, 1, 99, "grams"},
		{"many needles of 4 bytes and more", 40, 1, 5, 4, wmMinLen - 1, "grams"},
		{"many long needles", 40, 3, 6, wmMinLen, 99, "wu-manber"},
		{"very many long needles", 400, 4, 8, 8, 99, "wu-manber"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for round := 0; round < 30; round++ {
				var needles []string
				var reqs [][]clause
				var rules []int32
				for len(needles) < tt.needles {
					var b strings.Builder
					for n := tt.minLen + rng.IntN(tt.maxLen-tt.minLen+1); n > 0; n-- {
						b.WriteString(pieces[rng.IntN(len(pieces))])
					}
					n := foldString(b.String())
					if len(n) < tt.minBytes || len(n) > tt.maxBytes || n == "" {
						continue
					}
					rules = append(rules, int32(len(needles)))
					reqs = append(reqs, []clause{{{field: "F", needle: n}}})
					needles = append(needles, n)
				}
				p := newPlanBuilder(reqs).build(rules)
				path := "grams"
				if p.scans[0].small != nil {
					path = "small"
				} else if p.scans[0].wm != nil {
					path = "wu-manber"
				}
				if path != tt.path {
					t.Fatalf("searched by %s, want %s", path, tt.path)
				}
				s := &scanner{}
				for i := 0; i < 50; i++ {
					text := randText(rng, 40)
					s.prepare(p, ev{"F": text})
					var want []int32
					folded := foldString(text)
					for j, n := range needles {
						if strings.Contains(folded, n) {
							want = append(want, int32(j))
						}
					}
					if !slices.Equal(s.active, want) {
						t.Fatalf("text %q: found %v, want %v (needles %q)", text, s.active, want, needles)
					}
				}
			}
		})
	}
}

// BenchmarkLoadSigmaHQ loads SigmaHQ's Windows rules from disk, index and
// prefilter included.
func BenchmarkLoadSigmaHQ(b *testing.B) {
	fsys := os.DirFS(testshared.Path(b, "sigma/rules/windows"))
	b.ReportAllocs()
	cpu0, cpuOK := procstat.CPUTime()
	for b.Loop() {
		rs, _, err := Load(fsys, ".")
		if err != nil {
			b.Fatal(err)
		}
		if n := len(rs.Rules()); n < 2000 {
			b.Fatalf("loaded %d rules", n)
		}
	}
	if cpu1, ok := procstat.CPUTime(); ok && cpuOK && cpu1 > cpu0 {
		b.ReportMetric((cpu1-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	}
}

// TestPrefilterConcurrent matches from several goroutines at once, as a
// parallel detector does; run with -race it checks the per-call scanners
// are not shared.
func TestPrefilterConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	rs := NewRuleSet(randRules(t, rng, 80))
	var events []chanEvent
	for i := 0; i < 400; i++ {
		events = append(events, chanEvent{ev: ev(randEvent(rng)), channel: ChannelSysmon, id: 1})
	}
	want := make([][]string, len(events))
	plain := unfiltered(rs)
	for i, e := range events {
		want[i] = matchIDs(plain, e.ev, e.channel, e.id)
	}
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for k := range events {
				i := (k + g*97) % len(events)
				e := events[i]
				if got := matchIDs(rs, e.ev, e.channel, e.id); !slices.Equal(got, want[i]) {
					errs <- fmt.Sprintf("goroutine %d event %d: %q, want %q", g, i, got, want[i])
					return
				}
			}
			errs <- ""
		}(g)
	}
	for g := 0; g < 4; g++ {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

// TestZeroRuleSet checks a zero RuleSet matches nothing rather than
// panicking, as it did before plans existed.
func TestZeroRuleSet(t *testing.T) {
	var rs RuleSet
	rs.Match(ev{"Image": "x"}, ChannelSysmon, 1, func(*Rule) { t.Error("a zero RuleSet matched") })
	if c := rs.Candidates(ChannelSysmon, 1); len(c) != 0 {
		t.Errorf("Candidates = %v", c)
	}
}
