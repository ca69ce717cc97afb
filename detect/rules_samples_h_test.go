package detect

// Samples for the PowerShell tradecraft and host-tampering rules: scheduled
// tasks and tracing switched off from script blocks, WMI shadow-copy
// deletion, PowerSploit and Empire credential functions, Potato tools,
// USN-journal deletion and script hosts handing over to PowerShell; and the
// administration that looks like it.

func init() {
	const ps, sysmon = "Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-Sysmon/Operational"
	const psx = `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`
	rulePositives = append(rulePositives, []ruleSample{
		{
			ID:      "c874cd5f-59d8-44f5-a625-b11b9a9faef1", // Scheduled Task Registered From a Script Block to Run a Shell or Script
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `$a = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument '-nop -w hidden -enc SQBFAFgA'
$t = New-ScheduledTaskTrigger -AtLogOn
Register-ScheduledTask -TaskName 'OneDrive Sync' -Action $a -Trigger $t -RunLevel Highest`},
		},
		{
			ID:      "572c3083-1b28-44f5-9e4f-0062593d3fa8", // PowerShell Event Tracing Disabled From a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `$lp = [Ref].Assembly.GetType('System.Management.Automation.Tracing.PSEtwLogProvider')
$ep = $lp.GetField('etwProvider','NonPublic,Static').GetValue($null)
[System.Diagnostics.Eventing.EventProvider].GetField('m_enabled','NonPublic,Instance').SetValue($ep,0)`},
		},
		{
			ID:      "3112a1b0-3e0c-4b35-9d80-4f02532b0e01", // NTFS Change Journal Deleted With fsutil
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\fsutil.exe`, "CommandLine": `fsutil usn deletejournal /d C:`, "ParentImage": `C:\Windows\System32\cmd.exe`},
		},
		{
			ID:      "e8f1288b-0e42-4fc7-84b7-fbd2732a1bdb", // Volume Shadow Copies Deleted Through WMI From a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `Get-WmiObject Win32_Shadowcopy | ForEach-Object { $_.Delete() }`},
		},
		{
			ID:      "6bf86eb0-7a4a-48fe-8d68-671d95a036f1", // Token Impersonation Tool Run (PrintSpoofer, Potato Family)
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Users\Public\PrintSpoofer64.exe`, "CommandLine": `PrintSpoofer64.exe -i -c cmd`,
				"ParentImage": `C:\Windows\System32\cmd.exe`, "User": `IIS APPPOOL\DefaultAppPool`},
		},
		{
			ID:      "3213bffe-f4da-4e98-9cb3-550697a01de3", // Windows Vault Credentials Read by a PowerShell Function
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `Get-VaultCredential | Format-List`},
		},
		{
			ID:      "d49774d2-69e8-4837-9391-ae87e82613cd", // Saved Remote Session Credentials Hunted by SessionGopher
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `Invoke-SessionGopher -Thorough -AllDomain -o`},
		},
		{
			ID:      "a9353f25-ef8a-4746-bacc-24a3f7e3e243", // DCSync Run Through a PowerShell Function (Invoke-DCSync)
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `Invoke-DCSync -PWDumpFormat | Out-String`},
		},
		{
			ID:      "76545203-dd6f-47d7-b37c-1fa7c9c780fb", // Script Host Starts PowerShell
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": psx, "CommandLine": `powershell -ExecutionPolicy Bypass -File C:\Users\Public\run.ps1`,
				"ParentImage": `C:\Windows\System32\wscript.exe`, "ParentCommandLine": `"C:\Windows\System32\WScript.exe" "C:\Users\pgustavo\Downloads\invoice.vbs"`},
		},
		{
			ID:      "a63116d3-2601-4816-b837-4af654f0d7e5", // User Account Control Disabled in the Registry
			Channel: sysmon, EventID: 13,
			Fields: map[string]string{"EventType": "SetValue", "Image": `C:\Windows\System32\reg.exe`,
				"TargetObject": `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\EnableLUA`, "Details": "DWORD (0x00000000)"},
		},
		{
			ID:      "770cbf2d-e665-4a31-9ec7-84728f2ad5aa", // Process Memory Dumped by a Windows or SQL Diagnostic Tool
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\rdrleakdiag.exe`, "CommandLine": `rdrleakdiag.exe /p 624 /o C:\Users\Public /fullmemdmp /wait 1`,
				"ParentImage": `C:\Windows\System32\cmd.exe`},
		},
		{
			ID:      "770cbf2d-e665-4a31-9ec7-84728f2ad5aa", // Process Memory Dumped by a Windows or SQL Diagnostic Tool
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Users\Public\sqldumper.exe`, "CommandLine": `sqldumper.exe 624 0 0x01100`,
				"ParentImage": `C:\Windows\System32\cmd.exe`},
		},
		{
			ID:      "b73540af-2ba2-413f-a7f0-4b96f58cb8c7", // Security Service Stopped or Disabled From the Command Line
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\sc.exe`, "CommandLine": `sc config WinDefend start= disabled`,
				"ParentImage": `C:\Windows\System32\cmd.exe`},
		},
		{
			ID:      "b73540af-2ba2-413f-a7f0-4b96f58cb8c7", // Security Service Stopped or Disabled From the Command Line
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": psx, "CommandLine": `powershell -c "Stop-Service -Name Sysmon64 -Force"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`},
		},
		{
			ID:      "50ef472d-058b-43c7-b062-3a4e8be1ac04", // Outlook Saves an Executable or Script Attachment
			Channel: sysmon, EventID: 11,
			Fields: map[string]string{"Image": `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`,
				"TargetFilename": `C:\Users\pgustavo\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\ABCD1234\invoice.js`},
		},
		{
			ID:      "ed2f851d-c6ea-4487-9d28-32e393d97a3d", // C# or VB Compiler Builds a Program Into a User-Writable Folder From a Shell
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\Microsoft.NET\Framework64\v4.0.30319\csc.exe`,
				"CommandLine": `csc.exe /target:exe /out:C:\Users\Public\svc.exe C:\Users\Public\svc.cs`, "ParentImage": psx},
		},
		{
			ID:      "1e9ffe61-4a6f-4651-a317-dcf6e9a6a9ee", // File Copied to a Remote Administrative Share From a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `Copy-Item -Path C:\Users\Public\a.exe -Destination \\WORKSTATION6\C$\Windows\Temp\a.exe`},
		},
		{
			ID:      "edbcdec7-9a26-4183-9b77-0816b4692e91", // Cloud Storage Mapped as a Network Drive
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\net.exe`, "CommandLine": `net use y: https://d.docs.live.net/E3AB12CD34EF56 /user:apt.one@outlook.com "passw0rd"`,
				"ParentImage": psx},
		},
	}...)
	ruleNegatives = append(ruleNegatives, []ruleSample{
		{
			// A copy to the team's file share, not to an administrative share.
			ID:      "1e9ffe61-4a6f-4651-a317-dcf6e9a6a9ee", // File Copied to a Remote Administrative Share From a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `Copy-Item -Path C:\Reports\weekly.xlsx -Destination \\fs01\finance\reports\`},
		},
		{
			// A drive mapped to the company's file server.
			ID:      "edbcdec7-9a26-4183-9b77-0816b4692e91", // Cloud Storage Mapped as a Network Drive
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\net.exe`, "CommandLine": `net use H: \\fs01\home\bob /persistent:yes`,
				"ParentImage": `C:\Windows\System32\cmd.exe`},
		},
		{
			// A PDF attachment opened from Outlook.
			ID:      "50ef472d-058b-43c7-b062-3a4e8be1ac04", // Outlook Saves an Executable or Script Attachment
			Channel: sysmon, EventID: 11,
			Fields: map[string]string{"Image": `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`,
				"TargetFilename": `C:\Users\bob\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\QWER5678\invoice.pdf`},
		},
		{
			// Add-Type compiles from a response file, with no /out: on the command line.
			ID:      "ed2f851d-c6ea-4487-9d28-32e393d97a3d", // C# or VB Compiler Builds a Program Into a User-Writable Folder From a Shell
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\Microsoft.NET\Framework64\v4.0.30319\csc.exe`,
				"CommandLine": `"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\csc.exe" /noconfig /fullpaths @"C:\Users\bob\AppData\Local\Temp\x1y2z3.cmdline"`, "ParentImage": psx},
		},
		{
			// Hardening turns UAC back on.
			ID:      "a63116d3-2601-4816-b837-4af654f0d7e5", // User Account Control Disabled in the Registry
			Channel: sysmon, EventID: 13,
			Fields: map[string]string{"EventType": "SetValue", "Image": `C:\Windows\System32\svchost.exe`,
				"TargetObject": `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\EnableLUA`, "Details": "DWORD (0x00000001)"},
		},
		{
			// A leak report without a memory dump.
			ID:      "770cbf2d-e665-4a31-9ec7-84728f2ad5aa", // Process Memory Dumped by a Windows or SQL Diagnostic Tool
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\rdrleakdiag.exe`, "CommandLine": `rdrleakdiag.exe /p 3412 /enable`,
				"ParentImage": `C:\Windows\System32\svchost.exe`},
		},
		{
			// A sensor service of another product whose name only contains "Sense".
			ID:      "b73540af-2ba2-413f-a7f0-4b96f58cb8c7", // Security Service Stopped or Disabled From the Command Line
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\sc.exe`, "CommandLine": `sc stop SensorDataService`,
				"ParentImage": `C:\Windows\System32\cmd.exe`},
		},
		{
			// A maintenance task that runs a vendor program.
			ID:      "c874cd5f-59d8-44f5-a625-b11b9a9faef1", // Scheduled Task Registered From a Script Block to Run a Shell or Script
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `$a = New-ScheduledTaskAction -Execute 'C:\Program Files\Contoso\backup.exe' -Argument '/nightly'
Register-ScheduledTask -TaskName 'Contoso Backup' -Action $a -Trigger (New-ScheduledTaskTrigger -Daily -At 2am)`},
		},
		{
			// A script that writes its own events, through the supported cmdlet.
			ID:      "572c3083-1b28-44f5-9e4f-0062593d3fa8", // PowerShell Event Tracing Disabled From a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `New-WinEvent -ProviderName 'Microsoft-Windows-PowerShell' -Id 4100 -Payload @('info','done')`},
		},
		{
			// Reading the journal's state changes nothing.
			ID:      "3112a1b0-3e0c-4b35-9d80-4f02532b0e01", // NTFS Change Journal Deleted With fsutil
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\fsutil.exe`, "CommandLine": `fsutil usn queryjournal C:`, "ParentImage": `C:\Windows\System32\cmd.exe`},
		},
		{
			// Listing restore points.
			ID:      "e8f1288b-0e42-4fc7-84b7-fbd2732a1bdb", // Volume Shadow Copies Deleted Through WMI From a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": `Get-CimInstance Win32_ShadowCopy | Select-Object ID, InstallDate, VolumeName`},
		},
		{
			// A document that merely names the tool.
			ID:      "6bf86eb0-7a4a-48fe-8d68-671d95a036f1", // Token Impersonation Tool Run (PrintSpoofer, Potato Family)
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\notepad.exe`, "CommandLine": `notepad.exe C:\Users\bob\Documents\PrintSpoofer-writeup.txt`,
				"ParentImage": `C:\Windows\explorer.exe`},
		},
		{
			// The module import defines the function without calling it.
			ID:      "3213bffe-f4da-4e98-9cb3-550697a01de3", // Windows Vault Credentials Read by a PowerShell Function
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": "function Get-VaultCredential\n{\n  <# .SYNOPSIS Displays Windows vault credential objects #>\n}"},
		},
		{
			ID:      "d49774d2-69e8-4837-9391-ae87e82613cd", // Saved Remote Session Credentials Hunted by SessionGopher
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": "function Invoke-SessionGopher {\n  param([switch]$Thorough)\n}"},
		},
		{
			ID:      "a9353f25-ef8a-4746-bacc-24a3f7e3e243", // DCSync Run Through a PowerShell Function (Invoke-DCSync)
			Channel: ps, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": "function Invoke-DCSync {\n  param($PWDumpFormat)\n}"},
		},
		{
			// A domain logon script hands over to PowerShell.
			ID:      "76545203-dd6f-47d7-b37c-1fa7c9c780fb", // Script Host Starts PowerShell
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": psx, "CommandLine": `powershell -NoProfile -File \\shire.com\NETLOGON\inventory.ps1`,
				"ParentImage": `C:\Windows\System32\cscript.exe`, "ParentCommandLine": `cscript //nologo \\shire.com\SYSVOL\shire.com\scripts\logon.vbs`},
		},
	}...)
}
