package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/kql"
)

// Fields names the index fields the hunting queries filter on: raw Sysmon
// and Security names for huntflow's own indices and the embedded store, ECS
// names for a Winlogbeat or Elastic Agent index.
type Fields struct {
	EventID        string
	EventIDIsText  bool // ECS event.code is a keyword: EQL compares it as a string
	Host           string
	Image          string
	NewProcessName string // Security 4688's process image
	CommandLine    string
	ParentImage    string
	SourceImage    string
	TargetImage    string
	TargetObject   string
	TargetFilename string
	ImageLoaded    string
}

// SysmonFields are the names huntflow's ingest writes (and the embedded
// store answers to).
var SysmonFields = Fields{
	EventID: "EventID", Host: "Hostname", Image: "Image", NewProcessName: "NewProcessName",
	CommandLine: "CommandLine", ParentImage: "ParentImage", SourceImage: "SourceImage",
	TargetImage: "TargetImage", TargetObject: "TargetObject", TargetFilename: "TargetFilename",
	ImageLoaded: "ImageLoaded",
}

// ECSFields are the names of an index written by Winlogbeat or Elastic
// Agent (ELASTICSEARCH_MAPPING=ecs).
var ECSFields = Fields{
	EventID: "event.code", EventIDIsText: true, Host: "host.name", Image: "process.executable",
	NewProcessName: "process.executable", CommandLine: "process.command_line",
	ParentImage: "process.parent.executable", SourceImage: "winlog.event_data.SourceImage",
	TargetImage: "winlog.event_data.TargetImage", TargetObject: "registry.path",
	TargetFilename: "file.path", ImageLoaded: "dll.path",
}

// QueryOptions say how hunting queries are written.
type QueryOptions struct {
	Fields Fields
	// Languages are huntflow.LangKibana, LangEQL, LangSentinel; empty means
	// huntflow.DefaultQueryLanguages.
	Languages []string
}

const (
	maxFindingQueries = 3
	maxKibanaQueries  = 6
	maxEQLSteps       = 4
)

// HuntingQueries writes the hunt's follow-up queries: Kibana KQL queries
// derived from the findings (each finding's behaviour across the estate,
// the tooling seen, LSASS access, the affected hosts' process activity,
// autostart changes, log tampering), an EQL sequence for a multi-step chain
// on one host, and, when asked for, the Kusto queries for Sentinel and
// Defender XDR. Every Kibana query is built as a KQL syntax tree from the
// events' values and formatted by package kql, so no value can break out of
// its place, and every one parses.
func HuntingQueries(r huntflow.HuntResult, o QueryOptions) []huntflow.HuntingQuery {
	if o.Fields.EventID == "" {
		o.Fields = SysmonFields
	}
	langs := o.Languages
	if len(langs) == 0 {
		langs = r.Request.QueryLanguages
	}
	if len(langs) == 0 {
		langs = huntflow.DefaultQueryLanguages
	}
	v := newView(r)
	var out []huntflow.HuntingQuery
	if slices.Contains(langs, huntflow.LangKibana) {
		out = append(out, v.kibanaQueries(o.Fields)...)
	}
	if slices.Contains(langs, huntflow.LangEQL) {
		if q, ok := v.eqlSequence(o.Fields); ok {
			out = append(out, q)
		}
	}
	if slices.Contains(langs, huntflow.LangSentinel) {
		for _, q := range v.queries() {
			out = append(out, huntflow.HuntingQuery{
				Title: q.Title, Purpose: q.Purpose, Detects: q.Detects,
				Language: huntflow.LangSentinel, Text: q.KQL,
			})
		}
	}
	return out
}

func kibana(title, purpose, detects string, n kql.Node) (huntflow.HuntingQuery, bool) {
	text := kql.String(n)
	// Built from a syntax tree, it always parses; checked all the same, as
	// a query that does not parse must never be printed.
	if _, err := kql.Parse(text); err != nil || text == "" {
		return huntflow.HuntingQuery{}, false
	}
	return huntflow.HuntingQuery{Title: title, Purpose: purpose, Detects: detects, Language: huntflow.LangKibana, Text: text}, true
}

func eq(field, value string) kql.Node {
	return kql.Match{Field: field, Value: kql.Exact(value)}
}

// eventIDs matches event IDs as unquoted numbers: a phrase query on a
// numeric field fails in Elasticsearch.
func eventIDs(field string, ids ...int) kql.Node {
	terms := make([]kql.Node, len(ids))
	for i, id := range ids {
		terms[i] = kql.Match{Field: field, Value: kql.Value{Text: strconv.Itoa(id)}}
	}
	return anyOf(terms)
}

// endsWith matches a path by its last element, as Windows paths vary in
// drive and case of their folders: `*\name.exe`. A value without a folder
// matches exactly.
func endsWith(field, path string) kql.Node {
	path = strings.TrimSpace(path)
	if i := strings.LastIndexAny(path, `\/`); i >= 0 && i < len(path)-1 {
		return kql.Match{Field: field, Value: kql.Wildcard(true, false, path[i:])}
	}
	return eq(field, path)
}

func contains(field, s string) kql.Node {
	return kql.Match{Field: field, Value: kql.Wildcard(true, true, s)}
}

// onHosts matches any of the hosts by name.
func onHosts(f Fields, hosts []string) kql.Node {
	hs := make([]kql.Node, len(hosts))
	for i, h := range hosts {
		hs[i] = eq(f.Host, h)
	}
	return anyOf(hs)
}

func anyOf(nodes []kql.Node) kql.Node {
	if len(nodes) == 1 {
		return nodes[0]
	}
	return kql.Or{Terms: nodes}
}

func (v *view) kibanaQueries(f Fields) []huntflow.HuntingQuery {
	var out []huntflow.HuntingQuery
	add := func(q huntflow.HuntingQuery, ok bool) {
		if ok && len(out) < maxKibanaQueries && !slices.ContainsFunc(out, func(x huntflow.HuntingQuery) bool { return x.Text == q.Text }) {
			out = append(out, q)
		}
	}
	for _, fq := range v.findingQueries(f) {
		add(fq, true)
	}
	c := v.iocs()
	add(kibanaToolSweep(f, c, v.rawCommandLines()))
	if v.hasTechnique("T1003") || v.citesLSASS() {
		add(kibanaLSASS(f, v.lsassActors()))
	}
	if (v.hasTactic(tacticPersistence) || v.hasTechnique("T1547", "T1543", "T1112", "T1546")) && len(v.hosts) > 0 {
		add(kibanaAutostart(f, v.hostNames()))
	}
	if v.hasTechnique("T1070", "T1562") || slices.Contains(v.eventIDs, 1102) || slices.Contains(v.eventIDs, 104) {
		add(kibanaLogTampering(f))
	}
	if len(v.hosts) > 0 {
		add(kibanaHostProcesses(f, v.hostNames()))
	}
	if len(out) < minQueries {
		add(kibanaLSASS(f, nil))
		add(kibanaEncodedPowerShell(f))
		add(kibanaOfficeChildren(f))
	}
	return out
}

func (v *view) hostNames() []string {
	var hs []string
	for _, h := range v.hosts {
		if len(hs) < maxKQLValues {
			hs = append(hs, h.name)
		}
	}
	return hs
}

func (v *view) rawCommandLines() []string {
	var lines []string
	for _, f := range v.findings {
		lines = append(lines, f.CommandLine)
		for _, e := range eventsInOrder(f) {
			lines = append(lines, e.CommandLine)
		}
	}
	return lines
}

// findingQueries follow up the top findings, one distinct rule each: the
// behaviour of the finding's first cited event, across every host, so a
// hunter sees where else it happened. Each is built from the cited event's
// own values, so it finds at least that event.
func (v *view) findingQueries(f Fields) []huntflow.HuntingQuery {
	var out []huntflow.HuntingQuery
	seenRules := map[string]bool{}
	for i, fd := range v.findings {
		if len(out) >= maxFindingQueries {
			break
		}
		key := fd.RuleID
		if key == "" {
			key = fd.Title
		}
		if seenRules[key] || len(fd.Events) == 0 {
			continue
		}
		ev := eventsInOrder(fd)[0]
		node, what := eventBehaviour(f, ev)
		if node == nil {
			continue
		}
		seenRules[key] = true
		q, ok := kibana(
			label(i)+": "+clip(sanitize(fd.Title), titleLen)+" across the estate",
			"Finds the behaviour of finding "+label(i)+" ("+what+") on every host and at any time, not only in the hunt's window.",
			"Other hosts or times where the same program did the same thing: spread of the intrusion, or the benign software a tuning exception should name.",
			node)
		if ok {
			q.Finding = fd.ID
			out = append(out, q)
		}
	}
	return out
}

// eventBehaviour describes what an event did as a query on its own values,
// and says so in words.
func eventBehaviour(f Fields, ev huntflow.EventRef) (kql.Node, string) {
	terms := []kql.Node{eventIDs(f.EventID, ev.EventID)}
	img := strings.TrimSpace(ev.Image)
	base := baseName(img)
	target := strings.TrimSpace(ev.Target)
	what := eventName(ev.Channel, ev.EventID)
	switch ev.EventID {
	case 1, 4688:
		field := f.Image
		if ev.EventID == 4688 {
			field = f.NewProcessName
		}
		if img == "" {
			return nil, ""
		}
		terms = append(terms, endsWith(field, img))
		what = base + " started"
		if kw, ok := keywordIn(ev.CommandLine); ok {
			terms = append(terms, contains(f.CommandLine, kw))
			what += " with " + strconv.Quote(kw) + " on its command line"
		} else if file, ok := fileArgument(ev.CommandLine, base); ok {
			terms = append(terms, contains(f.CommandLine, file))
			what += " on " + file
		} else if ev.ParentImage != "" && ev.EventID == 1 {
			terms = append(terms, endsWith(f.ParentImage, ev.ParentImage))
			what += " by " + baseName(ev.ParentImage)
		}
	case 8, 10:
		if img == "" || target == "" {
			return nil, ""
		}
		terms = append(terms, endsWith(f.SourceImage, img), endsWith(f.TargetImage, target))
		what = base + " opening " + baseName(target)
	case 11, 15, 23, 26:
		if target == "" {
			return nil, ""
		}
		terms = append(terms, endsWith(f.TargetFilename, target))
		what = "file " + baseName(target)
		if img != "" {
			terms = append(terms, endsWith(f.Image, img))
			what += " written by " + base
		}
	case 12, 13, 14:
		if target == "" {
			return nil, ""
		}
		terms = append(terms, endsWith(f.TargetObject, target))
		what = "registry value " + baseName(target)
		if img != "" {
			terms = append(terms, endsWith(f.Image, img))
			what += " set by " + base
		}
	case 7:
		if target == "" || img == "" {
			return nil, ""
		}
		terms = append(terms, endsWith(f.ImageLoaded, target), endsWith(f.Image, img))
		what = base + " loading " + baseName(target)
	default:
		if img == "" {
			return nil, ""
		}
		terms = append(terms, endsWith(f.Image, img))
		what = what + " by " + base
	}
	return kql.And{Terms: terms}, what
}

// keywordIn returns the first suspicious term of a command line, spelled
// as the line spells it (Elasticsearch compares case-sensitively).
func keywordIn(line string) (string, bool) {
	kws := commandKeywords([]string{line})
	if len(kws) == 0 {
		return "", false
	}
	i := strings.Index(strings.ToLower(line), kws[0])
	if i < 0 {
		return "", false
	}
	return line[i : i+len(kws[0])], true
}

func kibanaToolSweep(f Fields, c huntIOCs, lines []string) (huntflow.HuntingQuery, bool) {
	var distinct []kql.Node
	for _, img := range c.images {
		if isLOLBin(img) || slices.ContainsFunc(c.windows, func(w string) bool { return strings.EqualFold(w, img) }) {
			continue
		}
		distinct = append(distinct, endsWith(f.Image, `\`+img), endsWith(f.NewProcessName, `\`+img))
	}
	var kws []kql.Node
	seen := map[string]bool{}
	for _, l := range lines {
		if kw, ok := keywordIn(l); ok && !seen[strings.ToLower(kw)] && len(kws) < maxKQLValues {
			seen[strings.ToLower(kw)] = true
			kws = append(kws, contains(f.CommandLine, kw))
		}
	}
	if len(distinct)+len(kws) == 0 {
		return huntflow.HuntingQuery{}, false
	}
	return kibana("The hunt's tooling across the estate",
		"Finds every process start of "+counts(" or ", len(distinct)/2, "program", "programs", len(kws), "command-line keyword", "command-line keywords")+" seen in the findings, on any host.",
		"The same tools or command lines on hosts the hunt did not cover: the activity spread or was staged elsewhere.",
		kql.And{Terms: []kql.Node{eventIDs(f.EventID, 1, 4688), anyOf(append(distinct, kws...))}})
}

// lsassReaders are processes of Windows and its security software that
// open LSASS in normal operation.
var lsassReaders = []string{`\MsMpEng.exe`, `\csrss.exe`, `\wininit.exe`, `\services.exe`, `\lsm.exe`, `\svchost.exe`, `\WmiPrvSE.exe`, `\MsSense.exe`}

func kibanaLSASS(f Fields, actors []string) (huntflow.HuntingQuery, bool) {
	terms := []kql.Node{eventIDs(f.EventID, 10), endsWith(f.TargetImage, `\lsass.exe`)}
	purpose := "Lists the processes that opened LSASS, leaving out the Windows and Defender processes that do so routinely."
	if len(actors) > 0 {
		var as []kql.Node
		for _, a := range actors {
			as = append(as, endsWith(f.SourceImage, `\`+a))
		}
		terms = append(terms, anyOf(as))
		purpose = "Finds every host where the programs that read LSASS in this hunt (" + strings.Join(actors, ", ") + ") opened it."
	} else {
		var routine []kql.Node
		for _, r := range lsassReaders {
			routine = append(routine, endsWith(f.SourceImage, r))
		}
		terms = append(terms, kql.Not{Term: anyOf(routine)})
	}
	return kibana("Processes opening LSASS", purpose,
		"Credential dumping (T1003.001): Mimikatz, ProcDump, comsvcs.dll MiniDump and the like reading LSASS memory (Sysmon event 10).",
		kql.And{Terms: terms})
}

func kibanaAutostart(f Fields, hosts []string) (huntflow.HuntingQuery, bool) {
	keys := []kql.Node{
		contains(f.TargetObject, `\CurrentVersion\Run`),
		contains(f.TargetObject, `\CurrentControlSet\Services\`),
		contains(f.TargetObject, `\Winlogon\`),
		contains(f.TargetObject, `\Image File Execution Options\`),
	}
	return kibana("Autostart registry changes on the affected hosts",
		"Reviews Run keys, services, Winlogon and Image File Execution Options changes on the "+plural(len(hosts), "affected host", "affected hosts")+".",
		"Persistence (T1547.001, T1543.003, T1546.012) planted to survive reboots.",
		kql.And{Terms: []kql.Node{eventIDs(f.EventID, 12, 13, 14), onHosts(f, hosts), anyOf(keys)}})
}

func kibanaLogTampering(f Fields) (huntflow.HuntingQuery, bool) {
	return kibana("Cleared event logs and stopped Sysmon",
		"Finds cleared Security (1102) and System (104) logs and Sysmon's service state and configuration changes (4, 16).",
		"Defense evasion (T1070.001, T1562.002): covering tracks, which also means telemetry for those hosts is incomplete.",
		eventIDs(f.EventID, 1102, 104, 4, 16))
}

func kibanaHostProcesses(f Fields, hosts []string) (huntflow.HuntingQuery, bool) {
	return kibana("Process starts on the affected hosts",
		"Lists every process start on the "+plural(len(hosts), "affected host", "affected hosts")+"; in Discover, add the parent and command-line columns and read the window around the findings.",
		"The rest of the execution chain next to the findings: what ran before and after, and rare parent/child pairs.",
		kql.And{Terms: []kql.Node{eventIDs(f.EventID, 1, 4688), onHosts(f, hosts)}})
}

func kibanaEncodedPowerShell(f Fields) (huntflow.HuntingQuery, bool) {
	var flags []kql.Node
	for _, kw := range []string{"-enc", "-EncodedCommand", "FromBase64String", "DownloadString", "IEX", "-w hidden", "bypass"} {
		flags = append(flags, contains(f.CommandLine, kw))
	}
	return kibana("Encoded or download-and-run PowerShell",
		"Finds PowerShell started with encoded commands, download cradles, hidden windows or an execution-policy bypass.",
		"Malicious PowerShell (T1059.001) and obfuscation (T1027).",
		kql.And{Terms: []kql.Node{eventIDs(f.EventID, 1, 4688), anyOf([]kql.Node{endsWith(f.Image, `\powershell.exe`), endsWith(f.Image, `\pwsh.exe`), endsWith(f.NewProcessName, `\powershell.exe`)}), anyOf(flags)}})
}

func kibanaOfficeChildren(f Fields) (huntflow.HuntingQuery, bool) {
	var parents, children []kql.Node
	for _, p := range []string{"winword.exe", "excel.exe", "powerpnt.exe", "outlook.exe", "onenote.exe"} {
		parents = append(parents, endsWith(f.ParentImage, `\`+p))
	}
	for _, c := range []string{"cmd.exe", "powershell.exe", "wscript.exe", "cscript.exe", "mshta.exe", "rundll32.exe", "regsvr32.exe"} {
		children = append(children, endsWith(f.Image, `\`+c))
	}
	return kibana("Office applications starting shells or script hosts",
		"Finds Office applications starting command shells, script hosts or proxy binaries.",
		"Malicious documents (T1566.001, T1204.002) running their payload.",
		kql.And{Terms: []kql.Node{eventIDs(f.EventID, 1), anyOf(parents), anyOf(children)}})
}

// eqlSequence writes the chain of findings on the busiest host as an EQL
// sequence, for an Elastic Security timeline or an event correlation rule.
func (v *view) eqlSequence(f Fields) (huntflow.HuntingQuery, bool) {
	byHost := map[string][]huntflow.EventRef{}
	var hosts []string
	for _, fd := range v.findings {
		if len(fd.Events) == 0 || fd.Host == "" {
			continue
		}
		if _, ok := byHost[fd.Host]; !ok {
			hosts = append(hosts, fd.Host)
		}
		byHost[fd.Host] = append(byHost[fd.Host], eventsInOrder(fd)[0])
	}
	best := ""
	for _, h := range hosts {
		if len(byHost[h]) > len(byHost[best]) {
			best = h
		}
	}
	steps := byHost[best]
	if len(steps) < 2 {
		return huntflow.HuntingQuery{}, false
	}
	slices.SortStableFunc(steps, compareEvents)
	var lines []string
	var seen []string
	for _, ev := range steps {
		step, ok := eqlStep(f, ev)
		if !ok || slices.Contains(seen, step) {
			continue
		}
		seen = append(seen, step)
		if len(seen) > maxEQLSteps {
			break
		}
		lines = append(lines, "  ["+step+"]")
	}
	if len(lines) < 2 {
		return huntflow.HuntingQuery{}, false
	}
	span := "1h"
	if first, last := steps[0].Time, steps[len(steps)-1].Time; !first.IsZero() && last.Sub(first) > 50*60*1e9 {
		span = "1d"
	}
	return huntflow.HuntingQuery{
		Title:    "The attack chain on " + clip(sanitize(best), hostLen) + " as an EQL sequence",
		Purpose:  "Matches the findings' steps on one host in the order they happened; run it in Kibana (Security → Timelines → Correlation) or as an event correlation rule.",
		Detects:  "The same multi-step chain on any host, which a single-event rule cannot tell from its benign parts.",
		Language: huntflow.LangEQL,
		Text:     "sequence by " + f.Host + " with maxspan=" + span + "\n" + strings.Join(lines, "\n"),
	}, true
}

// hostLen caps a host name in a title.
const hostLen = 60

func eqlStep(f Fields, ev huntflow.EventRef) (string, bool) {
	id := strconv.Itoa(ev.EventID)
	if f.EventIDIsText {
		id = eqlString(id)
	}
	cond := "any where " + f.EventID + " == " + id
	field, val := f.Image, ev.Image
	switch ev.EventID {
	case 4688:
		field = f.NewProcessName
	case 8, 10:
		field, val = f.TargetImage, ev.Target
		if ev.Image != "" {
			if s, ok := eqlSuffix(f.SourceImage, ev.Image); ok {
				cond += " and " + s
			}
		}
	case 11, 15, 23, 26:
		field, val = f.TargetFilename, ev.Target
	case 12, 13, 14:
		field, val = f.TargetObject, ev.Target
	case 7:
		field, val = f.ImageLoaded, ev.Target
	}
	s, ok := eqlSuffix(field, val)
	if !ok {
		return "", false
	}
	return cond + " and " + s, true
}

// eqlSuffix matches a path by its last element with EQL's wildcard
// operator. Values holding EQL's own wildcards are left out: they cannot
// be escaped inside a wildcard pattern.
func eqlSuffix(field, path string) (string, bool) {
	path = strings.TrimSpace(path)
	i := strings.LastIndexAny(path, `\/`)
	if path == "" || i == len(path)-1 || strings.ContainsAny(path, "*?") {
		return "", false
	}
	if i >= 0 {
		return field + " : " + eqlString("*"+path[i:]), true
	}
	return field + " : " + eqlString(path), true
}

// eqlString is an EQL double-quoted string: backslash and quote escaped,
// control characters dropped.
func eqlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < ' ' || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// eventsInOrder is a finding's cited events by time, then ID: queries must
// not depend on the order a finding happened to list them in.
func eventsInOrder(f huntflow.Finding) []huntflow.EventRef {
	evs := slices.Clone(f.Events)
	slices.SortStableFunc(evs, compareEvents)
	return evs
}

func compareEvents(a, b huntflow.EventRef) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// scriptOrBinary are the file types a command line hands a program to run.
var scriptOrBinary = []string{".dll", ".exe", ".ps1", ".psm1", ".bat", ".cmd", ".vbs", ".vbe", ".js", ".jse", ".hta", ".wsf", ".sct", ".scr", ".cpl", ".msi", ".lnk", ".xll"}

// fileArgument returns the file name of the first script or binary a
// command line names other than the program itself ("rtcpef.dll" in
// "rundll32.exe C:\...\rtcpef.dll,a"), spelled as the line spells it: the
// thing that makes a LOLBin's run distinctive.
func fileArgument(line, image string) (string, bool) {
	for _, tok := range strings.FieldsFunc(line, func(r rune) bool {
		return r == ' ' || r == '"' || r == '\'' || r == ',' || r == '\t' || r == '=' || r == '\\' || r == '/'
	}) {
		low := strings.ToLower(tok)
		if strings.EqualFold(tok, image) || len(tok) < 5 || len(tok) > 100 {
			continue
		}
		for _, ext := range scriptOrBinary {
			if strings.HasSuffix(low, ext) {
				return tok, true
			}
		}
	}
	return "", false
}
