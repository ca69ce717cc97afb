package report

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
)

// Query is a hunting query for Microsoft Sentinel or Defender XDR advanced
// hunting, written in KQL.
type Query struct {
	Title string
	// Purpose says why an analyst would run the query now.
	Purpose string
	// Detects says what a hit means.
	Detects string
	KQL     string
}

const (
	minQueries = 3
	maxQueries = 5
	// maxKQLValues caps the literals a query filters on, keeping it readable
	// and within KQL's limits however many findings a hunt makes.
	maxKQLValues = 10
	// maxKQLValue caps one literal: a filter on a kilobyte of command line
	// would only match that exact line anyway.
	maxKQLValue = 256
)

// SentinelQueries returns 3 to 5 Kusto queries (Sentinel, Defender XDR) for following up the hunt.
// Queries derived from the findings (their tooling, command-line keywords,
// hosts, accounts, event IDs and tactics) come first; generic queries for
// common Windows attack patterns fill up when the hunt found little.
func SentinelQueries(r huntflow.HuntResult) []Query { return newView(r).queries() }

type keyedQuery struct {
	key string
	q   Query
}

func (v *view) queries() []Query {
	var picked []keyedQuery
	if len(v.findings) > 0 {
		picked = v.tailoredQueries()
	}
	want := minQueries
	if len(v.findings) == 0 {
		want = maxQueries
	}
	for _, g := range genericQueries() {
		if len(picked) >= want {
			break
		}
		if !slices.ContainsFunc(picked, func(p keyedQuery) bool { return p.key == g.key }) {
			picked = append(picked, g)
		}
	}
	out := make([]Query, 0, maxQueries)
	for _, p := range picked[:min(len(picked), maxQueries)] {
		out = append(out, p.q)
	}
	return out
}

// huntIOCs are the values from the findings that queries filter on.
type huntIOCs struct {
	images   []string // file names of processes that acted, not system processes
	windows  []string // those of images that live in Windows' own folders
	keywords []string // suspicious command-line terms
	hosts    []string // short host names
	users    []string // account names without domain
}

func (v *view) iocs() huntIOCs {
	var c huntIOCs
	addFold := func(list *[]string, s string) {
		s = strings.TrimSpace(s)
		if s != "" && len(*list) < maxKQLValues && !slices.ContainsFunc(*list, func(x string) bool { return strings.EqualFold(x, s) }) {
			*list = append(*list, s)
		}
	}
	for _, a := range v.images {
		b := baseName(a.name)
		switch {
		case isSystemProcess(b), installedSoftware(a.name):
			// A browser or installed program that took part is no tool to
			// sweep the estate for: it runs everywhere.
		default:
			addFold(&c.images, b)
			if inSystemDir(a.name) {
				addFold(&c.windows, b)
			}
		}
	}
	for _, h := range v.hosts {
		addFold(&c.hosts, shortHost(h.name))
	}
	for _, u := range v.users {
		if !isBuiltinAccount(u.name) {
			addFold(&c.users, accountName(u.name))
		}
	}
	var lines []string
	for _, f := range v.findings {
		lines = append(lines, f.CommandLine)
		for _, e := range f.Events {
			lines = append(lines, e.CommandLine)
		}
	}
	c.keywords = commandKeywords(lines)
	return c
}

// suspiciousTerms are command-line terms typical of Windows attack tooling.
// They are whole alphanumeric terms because KQL's has_any matches terms.
func suspiciousTerms() []string {
	return []string{
		"sekurlsa", "lsadump", "mimikatz", "comsvcs", "minidump", "procdump", "lsass",
		"ntds", "vssadmin", "shadowcopy", "shadows", "psexec", "paexec", "wmiexec",
		"encodedcommand", "enc", "frombase64string", "downloadstring", "downloadfile",
		"iex", "bypass", "hidden", "urlcache", "bitsadmin", "mshta", "scrobj",
		"schtasks", "nltest", "wevtutil", "bcdedit", "rubeus", "kerberoast",
		"certutil", "reg", "save", "sam",
	}
}

// commandKeywords returns the suspicious terms the command lines contain,
// in the order of suspiciousTerms, so the query does not depend on the
// order findings were made in.
func commandKeywords(lines []string) []string {
	terms := map[string]bool{}
	for _, l := range lines {
		for _, t := range strings.FieldsFunc(strings.ToLower(l), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}) {
			terms[t] = true
		}
	}
	var out []string
	for _, t := range suspiciousTerms() {
		// "reg", "save" and "sam" are only suspicious together.
		if (t == "reg" || t == "save" || t == "sam") && !(terms["reg"] && terms["save"] && terms["sam"]) {
			continue
		}
		if terms[t] && len(out) < maxKQLValues {
			out = append(out, t)
		}
	}
	return out
}

// isSystemProcess reports core Windows processes whose name alone says
// nothing: sweeping the estate for them would return every machine.
func isSystemProcess(name string) bool {
	switch strings.ToLower(name) {
	case "lsass.exe", "svchost.exe", "services.exe", "wininit.exe", "winlogon.exe",
		"csrss.exe", "smss.exe", "system", "explorer.exe", "taskhostw.exe", "conhost.exe":
		return true
	}
	return false
}

// isBuiltinAccount reports Windows service identities and machine
// accounts, which log on everywhere and would drown a logon query.
func isBuiltinAccount(u string) bool {
	l := strings.ToLower(strings.TrimSpace(u))
	if strings.HasPrefix(l, `nt authority\`) || strings.HasSuffix(l, "$") {
		return true
	}
	switch accountName(l) {
	case "system", "local service", "network service", "localservice", "networkservice", "anonymous logon", "-":
		return true
	}
	return false
}

// shortHost drops the domain of a host name, since tables differ in
// whether they hold FQDNs (DeviceName) or NetBIOS names.
func shortHost(h string) string {
	if i := strings.IndexByte(h, '.'); i > 0 {
		return h[:i]
	}
	return h
}

// accountName drops the domain of DOMAIN\user or user@domain.
func accountName(u string) string {
	if i := strings.LastIndexByte(u, '\\'); i >= 0 {
		u = u[i+1:]
	}
	if i := strings.IndexByte(u, '@'); i > 0 {
		u = u[:i]
	}
	return u
}

// kqlString renders s as a KQL verbatim string literal. In @"…" only the
// double quote is special (it is doubled), so backslashes in Windows paths
// stay literal and an attacker's quotes cannot end the literal. Line breaks
// and control characters are removed first: a KQL literal cannot span
// lines, and a line break would also let a value start a new line in the
// Markdown code block.
func kqlString(s string) string {
	s = clip(sanitize(s), maxKQLValue)
	return `@"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// kqlList renders values as a parenthesised list of KQL literals.
func kqlList(vals []string) string {
	lits := make([]string, len(vals))
	for i, s := range vals {
		lits[i] = kqlString(s)
	}
	return "(" + strings.Join(lits, ", ") + ")"
}

func kqlDatetime(t time.Time) string {
	return "datetime(" + t.UTC().Format(time.RFC3339) + ")"
}

// huntRange is the period the host-scoped queries look at: the hunt's
// windows, or its findings when windows are missing, widened by an hour on
// each side to catch what happened just before and after. ok is false when
// the result has no times at all.
func (v *view) huntRange() (start, end time.Time, ok bool) {
	start, end = v.span()
	for _, f := range v.findings {
		if t := firstSeen(f); !t.IsZero() && (start.IsZero() || t.Before(start)) {
			start = t
		}
		if t := lastSeen(f); t.After(end) {
			end = t
		}
	}
	if start.IsZero() || end.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	return start.Add(-time.Hour).Truncate(time.Minute), end.Add(time.Hour).Truncate(time.Minute).Add(time.Minute), true
}

func (v *view) timeFilter(column string) string {
	if start, end, ok := v.huntRange(); ok {
		return "| where " + column + " between (" + kqlDatetime(start) + " .. " + kqlDatetime(end) + ")"
	}
	return "| where " + column + " > ago(7d)"
}

// counts describes two counts, leaving out a zero one: "the 2 process
// images or the 1 command-line keyword".
func counts(sep string, n1 int, one1, many1 string, n2 int, one2, many2 string) string {
	var parts []string
	if n1 > 0 {
		parts = append(parts, "the "+plural(n1, one1, many1))
	}
	if n2 > 0 {
		parts = append(parts, "the "+plural(n2, one2, many2))
	}
	return strings.Join(parts, sep)
}

func hostFilter(column string, hosts []string) string {
	return "tostring(split(" + column + `, ".")[0]) in~ ` + kqlList(hosts)
}

func (v *view) tailoredQueries() []keyedQuery {
	c := v.iocs()
	var qs []keyedQuery
	add := func(key string, q Query) {
		if len(qs) < maxQueries {
			qs = append(qs, keyedQuery{key, q})
		}
	}
	if q, ok := toolSweep(c); ok {
		add("tools", q)
	}
	if v.hasTechnique("T1003") || v.citesLSASS() {
		add("lsass", lsassAccess(v.lsassActors()))
	}
	if v.hasTactic(tacticLateralMovement) && (len(c.hosts) > 0 || len(c.users) > 0) {
		add("lateral", lateralLogons(c))
	}
	if (v.hasTactic(tacticPersistence) || v.hasTechnique("T1547", "T1543", "T1112")) && len(c.hosts) > 0 {
		add("persistence", autostartChanges(c.hosts))
	}
	if v.hasTechnique("T1070", "T1562") || slices.Contains(v.eventIDs, 1102) || slices.Contains(v.eventIDs, 104) {
		add("logs", logTampering())
	}
	if len(v.sysmonIDs) > 0 && len(c.hosts) > 0 {
		add("sysmon", v.sysmonEvents(c.hosts))
	}
	if len(c.hosts) > 0 {
		add("hosts", v.hostProcesses(c.hosts))
	}
	if q, ok := securityEventSweep(c); ok {
		add("security4688", q)
	}
	return qs
}

// lsassActors returns the file names of the processes behind credential
// dumping: those of LSASS-dumping findings and of events that opened LSASS.
func (v *view) lsassActors() []string {
	var out []string
	add := func(img string) {
		b := baseName(strings.TrimSpace(img))
		if b != "" && !isSystemProcess(b) && len(out) < maxKQLValues && !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, b) }) {
			out = append(out, b)
		}
	}
	for _, f := range v.findingsWith("", "T1003") {
		add(f.Image)
	}
	for _, f := range v.findings {
		for _, e := range f.Events {
			if strings.EqualFold(baseName(e.Target), "lsass.exe") {
				add(e.Image)
			}
		}
	}
	return out
}

// citesLSASS reports whether any cited event acted on LSASS.
func (v *view) citesLSASS() bool {
	for _, f := range v.findings {
		for _, e := range f.Events {
			if strings.EqualFold(baseName(e.Target), "lsass.exe") {
				return true
			}
		}
	}
	return false
}

// processCondition builds the filter of the tool sweeps. Distinctive
// binaries match by name. Living-off-the-land binaries match only with the
// suspicious terms seen, since their name alone would match every host,
// unless no terms were seen.
func processCondition(c huntIOCs, nameExpr, cmdColumn string) string {
	var distinct, lol []string
	for _, img := range c.images {
		// A Windows binary's name alone would match every host: it counts
		// only with the suspicious terms, like a LOLBin.
		if isLOLBin(img) || slices.ContainsFunc(c.windows, func(w string) bool { return strings.EqualFold(w, img) }) {
			lol = append(lol, img)
		} else {
			distinct = append(distinct, img)
		}
	}
	var conds []string
	if len(distinct) > 0 {
		conds = append(conds, nameExpr+" in~ "+kqlList(distinct))
	}
	if len(c.keywords) > 0 {
		conds = append(conds, cmdColumn+" has_any "+kqlList(c.keywords))
	} else if len(lol) > 0 {
		conds = append(conds, nameExpr+" in~ "+kqlList(lol))
	}
	return strings.Join(conds, " or ")
}

func toolSweep(c huntIOCs) (Query, bool) {
	cond := processCondition(c, "FileName", "ProcessCommandLine")
	if cond == "" {
		return Query{}, false
	}
	return Query{
		Title:   "Estate-wide sweep for the tooling seen in this hunt (Defender for Endpoint)",
		Purpose: "Finds every device that ran " + counts(" or ", len(c.images), "process image", "process images", len(c.keywords), "command-line keyword", "command-line keywords") + " seen in the findings over the last 30 days, rarest first, with hashes to block.",
		Detects: "The same tools or command lines on devices the hunt did not cover, which means the activity has spread or was staged elsewhere.",
		KQL: strings.Join([]string{
			"DeviceProcessEvents",
			"| where Timestamp > ago(30d)",
			"| where " + cond,
			"| summarize Executions = count(), Devices = dcount(DeviceName), SampleDevices = make_set(DeviceName, 10),",
			"    Hashes = make_set(SHA256, 5), FirstSeen = min(Timestamp), LastSeen = max(Timestamp)",
			"    by FileName, InitiatingProcessFileName, ProcessCommandLine",
			"| order by Devices asc, Executions asc",
		}, "\n"),
	}, true
}

func securityEventSweep(c huntIOCs) (Query, bool) {
	cond := processCondition(c, "Binary", "CommandLine")
	if cond == "" {
		return Query{}, false
	}
	return Query{
		Title:   "Estate-wide sweep for the tooling seen in this hunt (Security event 4688)",
		Purpose: "The same sweep for workspaces that collect Windows Security process-creation events (with command-line auditing) instead of Defender for Endpoint.",
		Detects: "Executions of the hunt's tooling or command lines on other computers, rarest first.",
		KQL: strings.Join([]string{
			"SecurityEvent",
			"| where TimeGenerated > ago(30d)",
			"| where EventID == 4688",
			`| extend Binary = extract(@"[^\\]+$", 0, NewProcessName)`,
			"| where " + cond,
			"| summarize Executions = count(), Computers = make_set(Computer, 10), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated)",
			"    by NewProcessName, ParentProcessName, CommandLine",
			"| order by Executions asc",
		}, "\n"),
	}, true
}

func lsassAccess(images []string) Query {
	lines := []string{
		"DeviceEvents",
		"| where Timestamp > ago(30d)",
		`| where ActionType == "OpenProcessApiCall" and FileName =~ "lsass.exe"`,
		"| summarize Accesses = count(), Devices = dcount(DeviceName), SampleDevices = make_set(DeviceName, 10)",
		"    by InitiatingProcessFileName, InitiatingProcessFolderPath, InitiatingProcessCommandLine",
	}
	order := "| order by Devices asc, Accesses asc"
	purpose := "Lists every process that opened a handle to LSASS over the last 30 days, rarest first."
	if len(images) > 0 {
		lines = append(lines, "| extend SeenInHunt = InitiatingProcessFileName in~ "+kqlList(images))
		order = "| order by SeenInHunt desc, Devices asc, Accesses asc"
		purpose = "Lists every process that opened a handle to LSASS over the last 30 days; processes seen in this hunt come first, then the rarest."
	}
	return Query{
		Title:   "Processes accessing LSASS memory",
		Purpose: purpose,
		Detects: "Credential dumping (T1003.001) by tools such as Mimikatz, ProcDump or comsvcs.dll MiniDump: unexpected processes, often with PROCESS_VM_READ access, reading LSASS.",
		KQL:     strings.Join(append(lines, order), "\n"),
	}
}

func lateralLogons(c huntIOCs) Query {
	var conds []string
	if len(c.hosts) > 0 {
		conds = append(conds, hostFilter("DeviceName", c.hosts), hostFilter("RemoteDeviceName", c.hosts))
	}
	if len(c.users) > 0 {
		conds = append(conds, "AccountName in~ "+kqlList(c.users))
	}
	return Query{
		Title:   "Network and RDP logons around the affected hosts and accounts",
		Purpose: "Maps where " + counts(" and ", len(c.users), "account", "accounts", len(c.hosts), "host", "hosts") + " in the findings logged on remotely over the last 30 days.",
		Detects: "Lateral movement: the accounts or hosts of the findings authenticating to further machines over SMB, WinRM, WMI or RDP.",
		KQL: strings.Join([]string{
			"DeviceLogonEvents",
			"| where Timestamp > ago(30d)",
			`| where LogonType in ("Network", "RemoteInteractive")`,
			"| where " + strings.Join(conds, "\n    or "),
			"| summarize Logons = count(), FirstSeen = min(Timestamp), LastSeen = max(Timestamp), Targets = make_set(DeviceName, 20)",
			"    by AccountDomain, AccountName, RemoteDeviceName, RemoteIP, LogonType",
			"| order by FirstSeen asc",
		}, "\n"),
	}
}

func autostartChanges(hosts []string) Query {
	return Query{
		Title:   "Autostart registry changes on the affected hosts",
		Purpose: "Reviews Run keys, services, Winlogon and Image File Execution Options changes on the " + plural(len(hosts), "affected host", "affected hosts") + ".",
		Detects: "Persistence (T1547.001, T1543.003, T1546.012) planted by the intruder to survive reboots.",
		KQL: strings.Join([]string{
			"DeviceRegistryEvents",
			"| where Timestamp > ago(30d)",
			"| where " + hostFilter("DeviceName", hosts),
			`| where ActionType in ("RegistryValueSet", "RegistryKeyCreated")`,
			`| where RegistryKey contains @"\CurrentVersion\Run" or RegistryKey contains @"\CurrentControlSet\Services\"`,
			`    or RegistryKey contains @"\Winlogon" or RegistryKey contains @"\Image File Execution Options\"`,
			"| project Timestamp, DeviceName, ActionType, RegistryKey, RegistryValueName, RegistryValueData,",
			"    InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessAccountName",
			"| order by Timestamp asc",
		}, "\n"),
	}
}

func logTampering() Query {
	return Query{
		Title:   "Cleared event logs and tampering with Sysmon",
		Purpose: "Finds cleared Security and System logs and Sysmon being stopped or reconfigured over the last 30 days.",
		Detects: "Defense evasion (T1070.001, T1562.002): an intruder covering tracks, which also means the hunt's telemetry for those hosts is incomplete.",
		KQL: strings.Join([]string{
			"union",
			"    (SecurityEvent | where EventID == 1102 | project TimeGenerated, Computer, Account, Activity),",
			`    (Event | where EventLog == "System" and EventID == 104 | project TimeGenerated, Computer, Account = UserName, Activity = RenderedDescription),`,
			`    (Event | where Source == "Microsoft-Windows-Sysmon" and EventID in (4, 16) | project TimeGenerated, Computer, Account = UserName, Activity = RenderedDescription)`,
			"| where TimeGenerated > ago(30d)",
			"| order by TimeGenerated desc",
		}, "\n"),
	}
}

func (v *view) sysmonEvents(hosts []string) Query {
	ids := make([]string, len(v.sysmonIDs))
	for i, id := range v.sysmonIDs {
		ids[i] = strconv.Itoa(id)
	}
	return Query{
		Title:   "Sysmon events of the cited kinds on the affected hosts",
		Purpose: "Pulls the Sysmon event IDs the findings cite (" + strings.Join(ids, ", ") + ") on the affected hosts around the hunt windows, with the event data parsed into columns.",
		Detects: "Activity next to the findings that the detection rules did not flag: other processes, targets and command lines of the same kinds.",
		KQL: strings.Join([]string{
			"Event",
			`| where Source == "Microsoft-Windows-Sysmon"`,
			v.timeFilter("TimeGenerated"),
			"| where EventID in (" + strings.Join(ids, ", ") + ")",
			"| where " + hostFilter("Computer", hosts),
			"| extend Data = parse_xml(EventData).DataItem.EventData.Data",
			`| mv-apply d = Data on (summarize Fields = make_bag(bag_pack(tostring(d["@Name"]), tostring(d["#text"]))))`,
			"| project TimeGenerated, Computer, EventID, Image = tostring(Fields.Image), CommandLine = tostring(Fields.CommandLine),",
			"    ParentImage = tostring(Fields.ParentImage), TargetImage = tostring(Fields.TargetImage),",
			"    GrantedAccess = tostring(Fields.GrantedAccess), User = tostring(Fields.User)",
			"| order by TimeGenerated asc",
		}, "\n"),
	}
}

func (v *view) hostProcesses(hosts []string) Query {
	return Query{
		Title:   "Process activity on the affected hosts, rare pairs first",
		Purpose: "Stacks the process creations on the " + plural(len(hosts), "affected host", "affected hosts") + " around the hunt windows by parent and child image.",
		Detects: "Unusual parent/child pairs and one-off binaries near the findings: the rest of the intrusion's execution chain.",
		KQL: strings.Join([]string{
			"DeviceProcessEvents",
			v.timeFilter("Timestamp"),
			"| where " + hostFilter("DeviceName", hosts),
			"| summarize Executions = count(), FirstSeen = min(Timestamp), LastSeen = max(Timestamp), SampleCommandLine = take_any(ProcessCommandLine)",
			"    by DeviceName, AccountName, InitiatingProcessFileName, FileName",
			"| order by Executions asc, FirstSeen asc",
		}, "\n"),
	}
}

// genericQueries hunt common Windows attack patterns; they stand in when
// the findings give little to tailor queries to.
func genericQueries() []keyedQuery {
	return []keyedQuery{
		{"lsass", lsassAccess(nil)},
		{"powershell", Query{
			Title:   "Encoded or download-and-run PowerShell",
			Purpose: "Finds PowerShell started with encoded commands, execution-policy bypass, hidden windows or download cradles in the last 7 days.",
			Detects: "Malicious PowerShell execution (T1059.001) and obfuscation (T1027), typical of initial payloads and post-exploitation frameworks.",
			KQL: strings.Join([]string{
				"DeviceProcessEvents",
				"| where Timestamp > ago(7d)",
				`| where FileName in~ ("powershell.exe", "pwsh.exe")`,
				`| where ProcessCommandLine has_any ("enc", "encodedcommand", "frombase64string", "downloadstring", "downloadfile", "iex", "bypass", "hidden")`,
				"| project Timestamp, DeviceName, AccountName, ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine",
				"| order by Timestamp desc",
			}, "\n"),
		}},
		{"office", Query{
			Title:   "Office applications starting shells or script hosts",
			Purpose: "Finds Word, Excel, PowerPoint, Outlook and OneNote starting command shells, script hosts or proxy binaries in the last 7 days.",
			Detects: "Malicious documents (T1566.001, T1204.002) executing their payload.",
			KQL: strings.Join([]string{
				"DeviceProcessEvents",
				"| where Timestamp > ago(7d)",
				`| where InitiatingProcessFileName in~ ("winword.exe", "excel.exe", "powerpnt.exe", "outlook.exe", "onenote.exe", "msaccess.exe")`,
				`| where FileName in~ ("cmd.exe", "powershell.exe", "pwsh.exe", "wscript.exe", "cscript.exe", "mshta.exe", "rundll32.exe", "regsvr32.exe", "certutil.exe")`,
				"| project Timestamp, DeviceName, AccountName, InitiatingProcessFileName, FileName, ProcessCommandLine",
				"| order by Timestamp desc",
			}, "\n"),
		}},
		{"logs", logTampering()},
		{"rare4688", Query{
			Title:   "Rare process images across the estate (Security event 4688)",
			Purpose: "Stacks process creations of the last 7 days by image and keeps those seen on at most two computers.",
			Detects: "New or one-off tooling, such as renamed attack tools or droppers, that signature-based detection missed.",
			KQL: strings.Join([]string{
				"SecurityEvent",
				"| where TimeGenerated > ago(7d)",
				"| where EventID == 4688",
				"| summarize Executions = count(), Computers = dcount(Computer), SampleComputers = make_set(Computer, 5), SampleCommandLine = take_any(CommandLine)",
				"    by NewProcessName",
				"| where Computers <= 2",
				"| order by Executions asc",
			}, "\n"),
		}},
	}
}
