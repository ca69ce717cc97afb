package report

import (
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

// Recommendations returns the actions the hunt calls for, most urgent
// first: containment of the affected hosts, then eradication and scoping
// steps for the tactics found (credential resets for credential access,
// lateral scoping, blocking tooling, removing persistence, restoring
// logging), then hardening against the techniques seen, then general
// hardening. Values from events are quoted and sanitised but not Markdown
// escaped: callers rendering Markdown escape them.
func Recommendations(r huntflow.HuntResult) []string { return newView(r).recommendations() }

// maxListed caps the values a recommendation names; the rest are counted.
const maxListed = 5

// quoteList renders values as "a", "b" and 3 more.
func quoteList(vals []string) string {
	var q []string
	for _, s := range vals[:min(len(vals), maxListed)] {
		q = append(q, `"`+clip(sanitize(s), 120)+`"`)
	}
	out := strings.Join(q, ", ")
	if n := len(vals) - maxListed; n > 0 {
		out += " and " + plural(n, "more", "more")
	}
	return out
}

// assetsOf returns the hosts, users and images of the given findings, in
// report order and without case-insensitive duplicates.
func assetsOf(fs []huntflow.Finding) (hosts, users, images []string) {
	add := func(list *[]string, s string) {
		s = strings.TrimSpace(s)
		if s != "" && !slices.ContainsFunc(*list, func(x string) bool { return strings.EqualFold(x, s) }) {
			*list = append(*list, s)
		}
	}
	for _, f := range fs {
		add(&hosts, f.Host)
		add(&users, f.User)
		add(&images, f.Image)
		for _, e := range f.Events {
			add(&hosts, e.Host)
			add(&users, e.User)
			add(&images, e.Image)
		}
	}
	return hosts, users, images
}

func (v *view) recommendations() []string {
	if len(v.findings) == 0 {
		return []string{
			"No containment is needed on the strength of this hunt; keep the hunting cadence and run the generic hunting queries in this report across the estate.",
			"Confirm that the hunted windows had telemetry from every expected host (" + plural(v.r.Events, "event was", "events were") + " scanned): a quiet hunt over missing logs proves nothing.",
			"Make sure Sysmon and process-creation auditing with command lines (Security event 4688) run on every endpoint, so hunts see the whole estate.",
			"Harden LSASS against credential dumping: enable LSA protection (RunAsPPL) and Credential Guard, and turn on the Attack Surface Reduction rule that blocks credential stealing from LSASS.",
			"Turn on Attack Surface Reduction rules in block mode after an audit period, starting with blocking Office applications from creating child processes and process creations from PsExec and WMI commands.",
		}
	}
	var recs []string
	hosts, _, _ := assetsOf(v.findings)
	var severe []huntflow.Finding
	for _, f := range v.findings {
		if clampSeverity(f.Severity) >= huntflow.SeverityHigh {
			severe = append(severe, f)
		}
	}
	switch top := clampSeverity(v.findings[0].Severity); {
	case top >= huntflow.SeverityHigh:
		severeHosts, _, _ := assetsOf(severe)
		if len(severeHosts) > 0 {
			recs = append(recs, "Isolate the hosts with high-severity findings ("+quoteList(severeHosts)+") from the network, "+v.isolation()+", and capture memory and a triage image before any clean-up or reimaging.")
		} else {
			recs = append(recs, "Identify and isolate the hosts behind the high-severity findings, which name no host, and capture memory and a triage image before any clean-up.")
		}
	case top == huntflow.SeverityMedium:
		recs = append(recs, "Triage the findings on "+orDefault(quoteList(hosts), "the affected hosts")+" with the host owners and the cited events before deciding on isolation; escalate to containment if any is confirmed malicious.")
	default:
		recs = append(recs, "Review the low-severity findings on "+orDefault(quoteList(hosts), "the affected hosts")+" and tune the detection rules if they prove benign.")
	}

	if cred := v.findingsWith(tacticCredentialAccess, "T1003", "T1558", "T1552", "T1555", "T1110"); len(cred) > 0 {
		credHosts, credUsers, _ := assetsOf(cred)
		rec := "Treat every credential used on " + orDefault(quoteList(credHosts), "the hosts with credential access") + " as compromised: "
		if len(credUsers) > 0 {
			rec += "reset the passwords of " + quoteList(credUsers) + " and revoke their sessions and tokens, "
		}
		rec += "reset local administrator (LAPS) and service account passwords used there, and reset the KRBTGT password twice if a domain controller is involved."
		recs = append(recs, rec)
	}
	if lat := v.findingsWith(tacticLateralMovement, "T1021", "T1570", "T1550", "T1563", "T1210"); len(lat) > 0 {
		latHosts, _, _ := assetsOf(lat)
		recs = append(recs, "Scope the lateral movement from "+orDefault(quoteList(latHosts), "the affected hosts")+": review network and RDP logons (event 4624 types 3 and 10), service installs (7045), scheduled tasks (4698) and WMI or WinRM activity of the affected hosts and accounts, and block workstation-to-workstation SMB, WinRM and RDP at the host firewall.")
	} else if v.hasTactic(tacticCredentialAccess) {
		recs = append(recs, "Hunt for lateral movement with the accounts seen: stolen credentials are usually used on other hosts within hours; run the logon and tooling sweeps below across the estate.")
	}

	_, _, images := assetsOf(v.findings)
	var tools, lol []string
	for _, img := range images {
		switch b := baseName(img); {
		case isSystemProcess(b):
		case installedSoftware(img):
			// A browser or installed program that took part (it downloaded
			// the payload, say) is evidence to review, not a file to block.
		case isLOLBin(b) || inSystemDir(img):
			if !slices.ContainsFunc(lol, func(x string) bool { return strings.EqualFold(x, b) }) {
				lol = append(lol, b)
			}
		default:
			tools = append(tools, img)
		}
	}
	if len(tools) > 0 {
		recs = append(recs, "Block and remove the suspicious binaries ("+quoteList(tools)+"): take their SHA-256 hashes from Sysmon event 1 (Hashes), "+v.blocklist()+", and quarantine the files on every host where they appear.")
	}
	if len(lol) > 0 {
		recs = append(recs, "Restrict the abused Windows binaries ("+quoteList(lol)+") with Attack Surface Reduction rules or WDAC/AppLocker policies rather than blocking them outright, since Windows depends on them.")
	}
	if v.hasTactic(tacticPersistence) {
		persHosts, _, _ := assetsOf(v.findingsWith(tacticPersistence))
		recs = append(recs, "Remove persistence on "+orDefault(quoteList(persHosts), "the affected hosts")+": check Run keys, services, scheduled tasks and WMI subscriptions created around the findings against a known-good baseline.")
	}
	if v.hasTechnique("T1562", "T1070") || slices.Contains(v.eventIDs, 1102) || slices.Contains(v.eventIDs, 104) {
		recs = append(recs, "Restore and protect logging: re-enable Sysmon, audit policies and any security tooling that was disabled or cleared, forward logs off-host, and alert on events 1102 and 104 and Sysmon events 4 and 16.")
	}
	if v.hasTactic(tacticC2) || v.hasTactic(tacticExfiltration) {
		recs = append(recs, "Block command and control: review the network connections (Sysmon event 3) and DNS queries (Sysmon event 22) of the affected processes, block the contacted domains and IPs at the proxy and firewall, and assess what data may have left.")
	}
	if v.hasTactic(tacticImpact) {
		recs = append(recs, "Protect recovery: verify that offline backups are intact and unreachable from the affected hosts before restoring anything.")
	}
	recs = append(recs, "Run the hunting queries in this report across the whole estate for at least the last 30 days, and widen the hunt to hosts that share accounts with the affected hosts.")
	if v.elastic() {
		recs = append(recs, "Turn the Kibana KQL queries of this report that found only malicious events into Elastic Security custom query rules (Security → Rules → Create new rule), and the EQL sequence into an event correlation rule, so the behaviour alerts next time.")
	}

	if v.hasTechnique("T1003") || v.hasTactic(tacticCredentialAccess) {
		recs = append(recs, "Harden LSASS: enable LSA protection (RunAsPPL) and Credential Guard, turn on the Attack Surface Reduction rule that blocks credential stealing from LSASS, and remove the debug privilege from accounts that do not need it.")
	}
	if v.hasTechnique("T1059") {
		recs = append(recs, "Harden script execution: enable PowerShell script block logging (event 4104) and module logging, and enforce Constrained Language Mode where full PowerShell is not needed.")
	}
	recs = append(recs,
		"Turn on Attack Surface Reduction rules in block mode after an audit period, starting with blocking Office applications from creating child processes and process creations from PsExec and WMI commands.",
		"Make sure Sysmon and process-creation auditing with command lines (Security event 4688) run on every endpoint, so later hunts see the whole estate.")
	return recs
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// inSystemDir reports an image in Windows' own binary folders: a Windows
// binary abused by the intruder, to restrict rather than block. The Windows
// folder itself is not one of them: droppers (PSEXESVC.exe) land there.
func inSystemDir(image string) bool {
	p := strings.ToLower(strings.ReplaceAll(image, "/", `\`))
	for _, dir := range []string{`\windows\system32\`, `\windows\syswow64\`, `\windows\winsxs\`, `\windows\servicing\`} {
		if strings.Contains(p, dir) {
			return true
		}
	}
	return false
}

// installedSoftware reports an image under Program Files.
func installedSoftware(image string) bool {
	p := strings.ToLower(image)
	return strings.Contains(p, `:\program files\`) || strings.Contains(p, `:\program files (x86)\`)
}

// elastic reports whether the hunt read an Elasticsearch store: its users
// run Elastic Security, so containment names its tools.
func (v *view) elastic() bool { return v.r.Store == "elasticsearch" }

func (v *view) isolation() string {
	if v.elastic() {
		return "with Elastic Defend host isolation (Security → Endpoints → Isolate host)"
	}
	return "with your EDR's host isolation or by moving them to a quarantine network"
}

func (v *view) blocklist() string {
	if v.elastic() {
		return "add them to the Elastic Defend blocklist (Security → Manage → Blocklist)"
	}
	return "block them in your EDR or application control (WDAC, AppLocker)"
}
