package report

import (
	"strings"
)

// ATT&CK tactic short names the report reasons about.
const (
	tacticInitialAccess    = "initial-access"
	tacticExecution        = "execution"
	tacticPersistence      = "persistence"
	tacticPrivEsc          = "privilege-escalation"
	tacticDefenseEvasion   = "defense-evasion"
	tacticCredentialAccess = "credential-access"
	tacticDiscovery        = "discovery"
	tacticLateralMovement  = "lateral-movement"
	tacticCollection       = "collection"
	tacticC2               = "command-and-control"
	tacticExfiltration     = "exfiltration"
	tacticImpact           = "impact"
)

// normTactic turns the spellings tactics arrive in (Sigma tags such as
// "attack.credential_access", display names such as "Credential Access",
// tactic IDs such as "TA0006") into ATT&CK short names.
func normTactic(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	t = strings.TrimPrefix(t, "attack.")
	t = strings.NewReplacer("_", "-", " ", "-").Replace(t)
	switch t {
	case "ta0001":
		return tacticInitialAccess
	case "ta0002":
		return tacticExecution
	case "ta0003":
		return tacticPersistence
	case "ta0004":
		return tacticPrivEsc
	case "ta0005":
		return tacticDefenseEvasion
	case "ta0006":
		return tacticCredentialAccess
	case "ta0007":
		return tacticDiscovery
	case "ta0008":
		return tacticLateralMovement
	case "ta0009":
		return tacticCollection
	case "ta0010":
		return tacticExfiltration
	case "ta0011":
		return tacticC2
	case "ta0040":
		return tacticImpact
	}
	return t
}

// normTechnique upper-cases a technique ID and drops a Sigma "attack." prefix.
func normTechnique(id string) string {
	id = strings.TrimSpace(id)
	if len(id) > 7 && strings.EqualFold(id[:7], "attack.") {
		id = id[7:]
	}
	return strings.ToUpper(id)
}

// parentTechnique returns T1003 for T1003.001.
func parentTechnique(id string) string {
	if i := strings.IndexByte(id, '.'); i > 0 {
		return id[:i]
	}
	return id
}

// techniqueInfo knows the names and tactics of the techniques Windows
// hunts meet most. The hunt's own TechniqueHits (from the full catalogue)
// take precedence; this only fills gaps, so a report still names the
// techniques of findings the mapper did not cover, and the threat level and
// recommendations still see the tactic of a rule tagged only with a
// technique.
func techniqueInfo(id string) (name string, tactics []string) {
	switch normTechnique(id) {
	case "T1003.001":
		return "OS Credential Dumping: LSASS Memory", []string{tacticCredentialAccess}
	case "T1003.002":
		return "OS Credential Dumping: Security Account Manager", []string{tacticCredentialAccess}
	case "T1003.003":
		return "OS Credential Dumping: NTDS", []string{tacticCredentialAccess}
	case "T1003.006":
		return "OS Credential Dumping: DCSync", []string{tacticCredentialAccess}
	case "T1059.001":
		return "Command and Scripting Interpreter: PowerShell", []string{tacticExecution}
	case "T1059.003":
		return "Command and Scripting Interpreter: Windows Command Shell", []string{tacticExecution}
	case "T1021.001":
		return "Remote Services: Remote Desktop Protocol", []string{tacticLateralMovement}
	case "T1021.002":
		return "Remote Services: SMB/Windows Admin Shares", []string{tacticLateralMovement}
	case "T1021.006":
		return "Remote Services: Windows Remote Management", []string{tacticLateralMovement}
	case "T1550.002":
		return "Use Alternate Authentication Material: Pass the Hash", []string{tacticDefenseEvasion, tacticLateralMovement}
	case "T1558.003":
		return "Steal or Forge Kerberos Tickets: Kerberoasting", []string{tacticCredentialAccess}
	case "T1053.005":
		return "Scheduled Task/Job: Scheduled Task", []string{tacticExecution, tacticPersistence, tacticPrivEsc}
	case "T1547.001":
		return "Boot or Logon Autostart Execution: Registry Run Keys / Startup Folder", []string{tacticPersistence, tacticPrivEsc}
	case "T1543.003":
		return "Create or Modify System Process: Windows Service", []string{tacticPersistence, tacticPrivEsc}
	case "T1569.002":
		return "System Services: Service Execution", []string{tacticExecution}
	case "T1562.001":
		return "Impair Defenses: Disable or Modify Tools", []string{tacticDefenseEvasion}
	case "T1562.002":
		return "Impair Defenses: Disable Windows Event Logging", []string{tacticDefenseEvasion}
	case "T1070.001":
		return "Indicator Removal: Clear Windows Event Logs", []string{tacticDefenseEvasion}
	case "T1218.011":
		return "System Binary Proxy Execution: Rundll32", []string{tacticDefenseEvasion}
	case "T1218.010":
		return "System Binary Proxy Execution: Regsvr32", []string{tacticDefenseEvasion}
	case "T1218.005":
		return "System Binary Proxy Execution: Mshta", []string{tacticDefenseEvasion}
	}
	switch parentTechnique(normTechnique(id)) {
	case "T1003":
		return "OS Credential Dumping", []string{tacticCredentialAccess}
	case "T1110":
		return "Brute Force", []string{tacticCredentialAccess}
	case "T1552":
		return "Unsecured Credentials", []string{tacticCredentialAccess}
	case "T1555":
		return "Credentials from Password Stores", []string{tacticCredentialAccess}
	case "T1556":
		return "Modify Authentication Process", []string{tacticCredentialAccess, tacticDefenseEvasion, tacticPersistence}
	case "T1557":
		return "Adversary-in-the-Middle", []string{tacticCredentialAccess, tacticCollection}
	case "T1558":
		return "Steal or Forge Kerberos Tickets", []string{tacticCredentialAccess}
	case "T1021":
		return "Remote Services", []string{tacticLateralMovement}
	case "T1570":
		return "Lateral Tool Transfer", []string{tacticLateralMovement}
	case "T1550":
		return "Use Alternate Authentication Material", []string{tacticDefenseEvasion, tacticLateralMovement}
	case "T1563":
		return "Remote Service Session Hijacking", []string{tacticLateralMovement}
	case "T1210":
		return "Exploitation of Remote Services", []string{tacticLateralMovement}
	case "T1072":
		return "Software Deployment Tools", []string{tacticExecution, tacticLateralMovement}
	case "T1059":
		return "Command and Scripting Interpreter", []string{tacticExecution}
	case "T1047":
		return "Windows Management Instrumentation", []string{tacticExecution}
	case "T1569":
		return "System Services", []string{tacticExecution}
	case "T1204":
		return "User Execution", []string{tacticExecution}
	case "T1053":
		return "Scheduled Task/Job", []string{tacticExecution, tacticPersistence, tacticPrivEsc}
	case "T1547":
		return "Boot or Logon Autostart Execution", []string{tacticPersistence, tacticPrivEsc}
	case "T1543":
		return "Create or Modify System Process", []string{tacticPersistence, tacticPrivEsc}
	case "T1546":
		return "Event Triggered Execution", []string{tacticPersistence, tacticPrivEsc}
	case "T1136":
		return "Create Account", []string{tacticPersistence}
	case "T1098":
		return "Account Manipulation", []string{tacticPersistence, tacticPrivEsc}
	case "T1055":
		return "Process Injection", []string{tacticDefenseEvasion, tacticPrivEsc}
	case "T1134":
		return "Access Token Manipulation", []string{tacticDefenseEvasion, tacticPrivEsc}
	case "T1548":
		return "Abuse Elevation Control Mechanism", []string{tacticPrivEsc, tacticDefenseEvasion}
	case "T1562":
		return "Impair Defenses", []string{tacticDefenseEvasion}
	case "T1070":
		return "Indicator Removal", []string{tacticDefenseEvasion}
	case "T1218":
		return "System Binary Proxy Execution", []string{tacticDefenseEvasion}
	case "T1027":
		return "Obfuscated Files or Information", []string{tacticDefenseEvasion}
	case "T1036":
		return "Masquerading", []string{tacticDefenseEvasion}
	case "T1112":
		return "Modify Registry", []string{tacticDefenseEvasion}
	case "T1087":
		return "Account Discovery", []string{tacticDiscovery}
	case "T1082":
		return "System Information Discovery", []string{tacticDiscovery}
	case "T1016":
		return "System Network Configuration Discovery", []string{tacticDiscovery}
	case "T1018":
		return "Remote System Discovery", []string{tacticDiscovery}
	case "T1033":
		return "System Owner/User Discovery", []string{tacticDiscovery}
	case "T1057":
		return "Process Discovery", []string{tacticDiscovery}
	case "T1069":
		return "Permission Groups Discovery", []string{tacticDiscovery}
	case "T1482":
		return "Domain Trust Discovery", []string{tacticDiscovery}
	case "T1005":
		return "Data from Local System", []string{tacticCollection}
	case "T1560":
		return "Archive Collected Data", []string{tacticCollection}
	case "T1071":
		return "Application Layer Protocol", []string{tacticC2}
	case "T1105":
		return "Ingress Tool Transfer", []string{tacticC2}
	case "T1090":
		return "Proxy", []string{tacticC2}
	case "T1572":
		return "Protocol Tunneling", []string{tacticC2}
	case "T1219":
		return "Remote Access Software", []string{tacticC2}
	case "T1041":
		return "Exfiltration Over C2 Channel", []string{tacticExfiltration}
	case "T1048":
		return "Exfiltration Over Alternative Protocol", []string{tacticExfiltration}
	case "T1567":
		return "Exfiltration Over Web Service", []string{tacticExfiltration}
	case "T1486":
		return "Data Encrypted for Impact", []string{tacticImpact}
	case "T1490":
		return "Inhibit System Recovery", []string{tacticImpact}
	case "T1489":
		return "Service Stop", []string{tacticImpact}
	case "T1566":
		return "Phishing", []string{tacticInitialAccess}
	case "T1078":
		return "Valid Accounts", []string{tacticInitialAccess, tacticPersistence, tacticPrivEsc, tacticDefenseEvasion}
	case "T1190":
		return "Exploit Public-Facing Application", []string{tacticInitialAccess}
	}
	return "", nil
}

// eventName names common Sysmon and Windows event IDs for readers who do
// not know them by heart. Low IDs are Sysmon's unless the channel says
// otherwise, because that is what hunts mostly read.
func eventName(channel string, id int) string {
	if isSysmon(channel, id) {
		switch id {
		case 1:
			return "Process Create"
		case 2:
			return "File Creation Time Changed"
		case 3:
			return "Network Connection"
		case 4:
			return "Sysmon State Changed"
		case 5:
			return "Process Terminated"
		case 6:
			return "Driver Loaded"
		case 7:
			return "Image Loaded"
		case 8:
			return "CreateRemoteThread"
		case 9:
			return "RawAccessRead"
		case 10:
			return "Process Access"
		case 11:
			return "File Create"
		case 12, 13, 14:
			return "Registry Event"
		case 15:
			return "File Stream Created"
		case 16:
			return "Sysmon Config Changed"
		case 17, 18:
			return "Pipe Event"
		case 19, 20, 21:
			return "WMI Event"
		case 22:
			return "DNS Query"
		case 23, 26:
			return "File Delete"
		case 25:
			return "Process Tampering"
		}
		return ""
	}
	switch id {
	case 104:
		return "Event Log Cleared"
	case 1102:
		return "Audit Log Cleared"
	case 4103:
		return "PowerShell Pipeline Execution"
	case 4104:
		return "PowerShell Script Block"
	case 4624:
		return "Logon"
	case 4625:
		return "Failed Logon"
	case 4648:
		return "Explicit Credential Logon"
	case 4672:
		return "Special Privileges Assigned"
	case 4688:
		return "Process Creation"
	case 4697, 7045:
		return "Service Installed"
	case 4698:
		return "Scheduled Task Created"
	case 4720:
		return "User Account Created"
	case 4732:
		return "Member Added to Local Group"
	case 4768:
		return "Kerberos TGT Requested"
	case 4769:
		return "Kerberos Service Ticket Requested"
	}
	return ""
}

// isSysmon reports whether an event is Sysmon's: its channel says so, or
// it has no channel and an ID in Sysmon's range.
func isSysmon(channel string, id int) bool {
	ch := strings.ToLower(channel)
	return strings.Contains(ch, "sysmon") || (ch == "" && id > 0 && id < 100)
}

// baseName returns the file name of a Windows path, or of a POSIX path
// when there is no backslash. Windows paths split only on backslashes: a
// slash in a Windows file name is a sign of tampering, shown as it is.
func baseName(p string) string {
	sep := `\`
	if !strings.Contains(p, sep) {
		sep = "/"
	}
	return p[strings.LastIndex(p, sep)+1:]
}

// isLOLBin reports binaries that ship with Windows and that attackers live
// off: they cannot be blocked by path or hash, only restricted.
func isLOLBin(image string) bool {
	switch strings.ToLower(baseName(image)) {
	case "powershell.exe", "pwsh.exe", "cmd.exe", "rundll32.exe", "regsvr32.exe",
		"mshta.exe", "wscript.exe", "cscript.exe", "certutil.exe", "bitsadmin.exe",
		"wmic.exe", "schtasks.exe", "sc.exe", "reg.exe", "net.exe", "net1.exe",
		"msbuild.exe", "installutil.exe", "regasm.exe", "regsvcs.exe", "msiexec.exe",
		"wevtutil.exe", "vssadmin.exe", "bcdedit.exe", "nltest.exe", "whoami.exe",
		"taskmgr.exe", "lsass.exe", "svchost.exe", "explorer.exe", "services.exe",
		"winrm.cmd", "wsmprovhost.exe", "wmiprvse.exe", "ntdsutil.exe", "esentutl.exe",
		"forfiles.exe", "msdt.exe", "odbcconf.exe", "cmstp.exe", "control.exe":
		return true
	}
	return false
}
