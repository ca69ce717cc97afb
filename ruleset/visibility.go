package ruleset

import (
	"slices"
	"strings"
)

// The ATT&CK v18 STIX data no longer carries per-technique data sources or
// detection text (both moved to detection strategies, which the shared
// bundle leaves out), so whether Windows host logs can show a technique is
// our own judgement, kept here per parent technique; sub-techniques inherit
// it unless listed. Logs are the channels huntflow reads: Sysmon, Security,
// System, PowerShell (module and script block logging), WMI-Activity,
// Defender and TaskScheduler. "proc" is shorthand for process creation with
// its command line (Sysmon 1, Security 4688), which shows most
// command-line-driven techniques.

// Visibility says whether host logs can show a technique, and how.
type Visibility struct {
	// Logs are the channels that can show it; empty when none can.
	Logs []string `json:"logs,omitempty"`
	// How is what a rule would look for, or why host logs cannot show it.
	How string `json:"how"`
}

// Visible reports whether some host log can show the technique.
func (v Visibility) Visible() bool { return len(v.Logs) > 0 }

const proc = "Sysmon Security"

// visibility is keyed by technique or sub-technique ID; the value is
// "logs | how", logs empty when host logs cannot show it.
var visibility = map[string]string{
	"T1001": " | protocol content is on the wire, not in host logs",
	"T1003": proc + " | LSASS handle opens (Sysmon 10), hive and NTDS copies on the command line, DCSync replication requests (Security 4662)",
	"T1005": proc + " | collection commands and file reads by unusual tools; weak",
	"T1006": "Sysmon | raw disk reads (Sysmon 9 RawAccessRead)",
	"T1007": proc + " | sc query, Get-Service, net start",
	"T1008": " | a second C2 channel is a network property",
	"T1010": "PowerShell | window enumeration through API calls shows only in scripts",
	"T1011": " | Bluetooth or other media: not logged by default",
	"T1012": proc + " | reg query on the command line",
	"T1014": "System | kernel driver loads (System 7045, Sysmon 6) of rootkit drivers",
	"T1016": proc + " | ipconfig, route print, arp -a, netsh",
	"T1018": proc + " | net view, ping sweeps, nltest /dclist",
	"T1020": " | automated exfiltration is seen in network data",
	"T1021": proc + " | logon type 3/10 (Security 4624), remote service and WinRM host processes spawning shells",
	"T1025": " | reads from removable media are not logged by default",
	"T1027": proc + " PowerShell | encoded command lines, obfuscated script blocks (4104)",
	"T1029": " | transfer timing is seen in network data",
	"T1030": " | transfer sizes are seen in network data",
	"T1033": proc + " | whoami, query user, quser",
	"T1036": proc + " | system binary names running from the wrong folder, renamed binaries (Sysmon OriginalFileName)",
	"T1037": "Sysmon Security | logon script registry values (Sysmon 13), UserInitMprLogonScript",
	"T1039": "Security | file share access (Security 5140/5145)",
	"T1040": proc + " | capture tools (pktmon, netsh trace) on the command line",
	"T1041": "Sysmon | outbound connections of unusual processes (Sysmon 3); the exfiltration itself is network data",
	"T1046": proc + " | port scanners on the command line; Sysmon 3 bursts",
	"T1047": "Sysmon Security WMI | wmic and WmiPrvSE children (process creation), WMI-Activity 5857-5861",
	"T1048": "Sysmon | connections of unusual tools over other protocols (Sysmon 3, 22 DNS)",
	"T1049": proc + " | netstat, net session, Get-NetTCPConnection",
	"T1052": " | writes to physical media are not logged by default",
	"T1053": "Sysmon Security TaskScheduler | schtasks command lines, task registration (Security 4698, TaskScheduler 106)",
	"T1055": "Sysmon | remote threads (Sysmon 8), process access with write rights (Sysmon 10)",
	"T1056": "Sysmon PowerShell | keylogger hooks through scripts (4104), credential prompts",
	"T1057": proc + " | tasklist, Get-Process",
	"T1059": proc + " PowerShell | interpreter command lines and script blocks (4104)",
	"T1068": "Sysmon System | vulnerable driver loads (Sysmon 6, System 7045); the exploit itself rarely logs",
	"T1069": proc + " | net group, net localgroup, Get-ADGroup",
	"T1070": proc + " System Security | wevtutil cl, log cleared (Security 1102, System 104), file deletion (Sysmon 23/26)",
	"T1071": "Sysmon | DNS queries (Sysmon 22) and connections of unusual processes (Sysmon 3); protocol content is network data",
	"T1072": proc + " | deployment tool agents spawning shells",
	"T1074": "Sysmon | archives and copies gathered in staging folders (Sysmon 11)",
	"T1078": "Security | logons (4624, 4648) of accounts where they do not belong; weak alone",
	"T1080": "Sysmon | executables written to shares (Sysmon 11)",
	"T1082": proc + " | systeminfo, hostname, ver",
	"T1083": proc + " | dir /s, tree, Get-ChildItem -Recurse",
	"T1087": proc + " | net user, Get-ADUser, dsquery",
	"T1090": proc + " | netsh portproxy, proxy tools on the command line",
	"T1091": "Sysmon | executables started from removable drives",
	"T1092": " | removable-media C2 is not logged by default",
	"T1095": "Sysmon | raw or ICMP connections of unusual processes (Sysmon 3)",
	"T1098": "Security | account changes (4738), group additions (4728/4732/4756), SPN writes",
	"T1102": "Sysmon | DNS queries to web services by unusual processes (Sysmon 22)",
	"T1104": " | channel staging is a network property",
	"T1105": proc + " | certutil -urlcache, bitsadmin, Invoke-WebRequest; executables written by downloaders (Sysmon 11)",
	"T1106": "Sysmon | only through what the API calls do (injection, process creation)",
	"T1110": "Security | failed logons (4625, 4771) in bursts",
	"T1111": " | MFA interception happens off the host or in hardware",
	"T1112": "Sysmon Security | registry writes (Sysmon 12-14, Security 4657), reg add on the command line",
	"T1113": proc + " PowerShell | screen capture cmdlets and tools",
	"T1114": proc + " | Outlook data files read by unusual tools; mail servers log the rest",
	"T1115": proc + " PowerShell | Get-Clipboard, clip.exe",
	"T1119": proc + " PowerShell | scripted collection loops",
	"T1120": proc + " | fsutil fsinfo drives, Get-PnpDevice",
	"T1123": "Sysmon PowerShell | microphone consent store writes (Sysmon 13), recording cmdlets",
	"T1124": proc + " | net time, w32tm /tz",
	"T1125": "Sysmon | webcam consent store writes (Sysmon 13)",
	"T1127": proc + " | MSBuild, csi, dnx running projects from user paths",
	"T1129": "Sysmon | DLL loads from unusual paths (Sysmon 7)",
	"T1132": proc + " | encoding on the command line; the encoded channel is network data",
	"T1133": "Security | VPN or RDP gateway logons (4624 type 10)",
	"T1134": "Security Sysmon | explicit credential logons (4648), runas /netonly (logon type 9), token theft into new processes",
	"T1135": proc + " | net view \\\\host, net share",
	"T1136": "Security | account creation (4720), net user /add",
	"T1137": "Sysmon | Office add-in and template registry keys (Sysmon 13), Office spawning shells",
	"T1140": proc + " | certutil -decode, FromBase64String in scripts (4104)",
	"T1176": "Sysmon | browser extension files and policy keys (Sysmon 11, 13)",
	"T1185": "Sysmon | process access into browsers (Sysmon 10)",
	"T1187": "Sysmon | files with UNC icon or template paths (Sysmon 11), SMB to outside hosts",
	"T1189": "Sysmon | browsers spawning unusual children",
	"T1190": "Sysmon | web server processes spawning shells",
	"T1195": " | the compromise happens upstream; only its later behaviour shows",
	"T1197": proc + " | bitsadmin, BITS client log (Bits-Client 59)",
	"T1199": "Security | logons from the partner's accounts; weak",
	"T1200": "System | device installation (System 20001, Kernel-PnP); not in default channels",
	"T1201": proc + " | net accounts, Get-ADDefaultDomainPasswordPolicy",
	"T1202": proc + " | forfiles, pcalua, conhost running commands",
	"T1203": "Sysmon | Office, PDF readers or browsers spawning shells",
	"T1204": proc + " | user-opened files running from Downloads, Office spawning processes",
	"T1205": " | port knocking is network data",
	"T1207": "Security | new domain controller objects and replication from non-DCs (4742, 5137)",
	"T1210": "Security Sysmon | exploited services spawning processes; the exploit is network data",
	"T1211": " | exploits of security software rarely log",
	"T1212": "Security | Kerberos anomalies (4769) after exploitation; weak",
	"T1213": " | repository access is logged by the repository (SharePoint, Confluence)",
	"T1216": proc + " | pubprn.vbs, SyncAppvPublishingServer running commands",
	"T1217": proc + " | browser bookmark and history files read by unusual tools",
	"T1218": proc + " | rundll32, regsvr32, mshta, msiexec, cmstp with unusual arguments",
	"T1219": "Sysmon | remote access tools installed and started, their DNS queries",
	"T1220": proc + " | wmic /format:, msxsl.exe",
	"T1221": "Sysmon | Office fetching remote templates (Sysmon 3, 22)",
	"T1222": proc + " | icacls, takeown, attrib; Security 4670",
	"T1480": " | guardrails are checks inside the payload",
	"T1482": proc + " | nltest /domain_trusts, Get-ADTrust",
	"T1484": "Security | GPO and domain policy changes (5136)",
	"T1485": proc + " | sdelete, cipher /w, mass deletion (Sysmon 23)",
	"T1486": "Sysmon | mass file writes with new extensions (Sysmon 11), ransom notes",
	"T1489": proc + " System | sc stop, net stop, taskkill of services; System 7036",
	"T1490": proc + " | vssadmin delete shadows, wbadmin, bcdedit recoveryenabled",
	"T1491": "Sysmon | wallpaper registry writes (Sysmon 13)",
	"T1495": " | firmware writes are below the OS logs",
	"T1496": "Sysmon | miners started and their pool connections",
	"T1497": proc + " PowerShell | VM and sandbox checks in scripts and WMI queries",
	"T1498": " | network floods are network data",
	"T1499": " | resource exhaustion shows in performance data, not security logs",
	"T1505": "Sysmon | web shells written under web roots, IIS modules installed",
	"T1518": proc + " | wmic product, registry Uninstall queries, security tool checks",
	"T1529": proc + " System | shutdown /r, System 1074",
	"T1531": "Security | password resets and account disabling (4724, 4725)",
	"T1534": " | internal phishing is mail data",
	"T1539": "Sysmon | browser cookie databases read by unusual processes (Sysmon 11, 10)",
	"T1542": " | pre-OS boot changes are below the OS logs",
	"T1543": "System Security Sysmon | service installation (System 7045, Security 4697), sc create",
	"T1546": "Sysmon WMI | WMI subscriptions (Sysmon 19-21), IFEO, accessibility and COM keys (Sysmon 13)",
	"T1547": "Sysmon | Run keys, Startup folder, Winlogon and LSA package registry writes (Sysmon 11, 13)",
	"T1548": proc + " | auto-elevating binaries with hijacked handlers (Sysmon 13), elevated children",
	"T1550": "Security | NTLM logons with pass-the-hash traits (4624 type 9, logon process seclogo), ticket use (4769)",
	"T1552": proc + " | findstr password, reg query for credentials, unattend files read",
	"T1553": proc + " | certutil -addstore, root certificate registry writes, mark-of-the-web removal",
	"T1554": "Sysmon | system binaries replaced (Sysmon 11 on System32 files)",
	"T1555": "Sysmon Security | credential store files read, vaultcmd, Windows Vault reads (5382)",
	"T1556": "Sysmon | LSA authentication and notification packages (Sysmon 13), password filter DLLs",
	"T1557": "Sysmon | LLMNR/NBT-NS poisoning tools, ARP changes; mostly network data",
	"T1558": "Security | RC4 service tickets (4769), TGTs without pre-authentication (4768)",
	"T1559": "Sysmon | named pipes (Sysmon 17/18), DCOM activations spawning processes",
	"T1560": proc + " | 7z, rar, makecab, Compress-Archive",
	"T1561": proc + " | raw disk writes (Sysmon 9), format and diskpart clean",
	"T1562": proc + " Defender PowerShell | Defender settings changed (Defender 5001/5007), services stopped, audit policy changes (4719)",
	"T1563": "Security | RDP session hijacking with tscon (4778)",
	"T1564": proc + " | attrib +h, alternate data streams (Sysmon 15), hidden accounts",
	"T1565": " | data manipulation is application-level",
	"T1566": "Sysmon | attachments written by mail clients and opened (Sysmon 11, 1)",
	"T1567": "Sysmon | uploads to web services by unusual processes (Sysmon 3, 22)",
	"T1568": "Sysmon | DGA-like DNS queries (Sysmon 22)",
	"T1569": "System Security Sysmon | service execution (System 7045), PsExec, sc start",
	"T1570": "Security Sysmon | files written over admin shares (5145, Sysmon 11)",
	"T1571": "Sysmon | connections to unusual ports (Sysmon 3)",
	"T1572": proc + " | tunnelling tools (plink, chisel, ngrok) on the command line",
	"T1573": " | encryption is a network property",
	"T1574": "Sysmon | DLLs loaded from the wrong folder (Sysmon 7), service path and registry hijacks",
	"T1606": " | forged web credentials are used against the service",
	"T1611": " | container escape: not a Windows host log event",
	"T1614": proc + " | Get-WinSystemLocale, keyboard layout queries",
	"T1615": proc + " | gpresult, Get-GPO",
	"T1620": "Sysmon PowerShell | in-memory assembly loads in scripts (4104), CLR loads into unusual processes (Sysmon 7)",
	"T1621": " | MFA request floods are identity provider data",
	"T1622": " | debugger checks are inside the payload",
	"T1649": "Security | certificate requests and exports (4886, 4887), certutil -exportPFX",
	"T1652": proc + " | driverquery, Get-WindowsDriver",
	"T1653": proc + " | powercfg changes",
	"T1654": proc + " | wevtutil qe, Get-WinEvent by unusual processes",
	"T1656": " | impersonation is social engineering",
	"T1657": " | financial theft happens outside the host",
	"T1659": " | content injection happens on the network path",
	"T1665": " | infrastructure hiding is off the host",
	"T1667": " | email bombing is mail data",
	"T1668": proc + " | killing competing malware, changing access to shared resources",
	"T1669": proc + " | netsh wlan show profiles",
	"T1672": " | email spoofing is mail data",
	"T1673": proc + " | Hyper-V and VM listing cmdlets",
	"T1674": " | injected input looks like the user's own",
	"T1678": proc + " | timeout, ping -n, Start-Sleep before payloads; weak",
	"T1679": proc + " | exclusion of hosts by the payload; shows only in its later actions",
	"T1680": proc + " | fsutil, wmic logicaldisk, Get-Volume",
}

// VisibilityOf says whether host logs can show a technique: its own
// entry, else its parent's. ok is false when the table has neither.
func VisibilityOf(id string) (v Visibility, ok bool) {
	s, ok := visibility[id]
	if !ok {
		parent, _, sub := strings.Cut(id, ".")
		if !sub {
			return Visibility{}, false
		}
		if s, ok = visibility[parent]; !ok {
			return Visibility{}, false
		}
	}
	logs, how, _ := strings.Cut(s, "|")
	v = Visibility{How: strings.TrimSpace(how)}
	for _, l := range strings.Fields(logs) {
		if !slices.Contains(v.Logs, l) {
			v.Logs = append(v.Logs, l)
		}
	}
	return v, true
}
