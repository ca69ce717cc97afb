package detect

import (
	"testing"

	"github.com/huntflow/huntflow/sigma"
)

// ruleNegatives holds, for shipped rules, a benign look-alike: an event of
// the same kind that a rule must not match (everyday activity that shares
// the rule's program, path or field, without the behaviour). Files
// rules_samples_*_test.go add to it (and to rulePositives) in init.
var ruleNegatives = []ruleSample{
	{
		ID:      "1e09c2ba-5766-4462-86d1-3235db5f94d5", // PowerView ACL Abuse Cmdlets Used: PowerView defining its aliases on import
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\r\nParameterBinding(Set-Alias): name=\"Name\"; value=\"Add-ObjectAcl\"\r\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Add-DomainObjectAcl\"\r\n",
		},
	},
	{
		ID:      "b3e3a1fc-791e-419a-8cdb-97287bb632bd", // WMI Event Subscription Created From PowerShell: the CimCmdlets module defining its aliases on load
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Set-Alias -Name rcie -Value Register-CimIndicationEvent -Option ReadOnly, AllScope -ErrorAction SilentlyContinue",
		},
	},
	{
		ID:      "70ef8c90-7109-4ea3-8908-44c727e790f6", // Audio Recording Started From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-AudioDevice -List | Where-Object Default",
		},
	},
	{
		ID:      "00bfd49a-c2fb-42ae-8ba0-ead21885e3b6", // Clipboard Read From a Command Line or Script
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Set-Clipboard -Value (Get-Date -Format o)",
		},
	},
	{
		ID:      "88cf665c-bd2f-48dc-9dcf-0de1152262a1", // Microphone Consent Store Written for a Script Host or User-Path Program
		Channel: "Security", EventID: 4663,
		Fields: map[string]string{
			"EventID":     "4663",
			"ObjectName":  "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\microphone\\NonPackaged\\C:#Program Files#Zoom#bin#Zoom.exe",
			"ProcessName": "C:\\Windows\\System32\\svchost.exe",
		},
	},
	{
		ID:      "33a7bb9a-6386-4094-8189-40957228d9ec", // Microphone Used by a Desktop Application
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\System32\\svchost.exe",
			"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\webcam\\Value",
			"Details":      "Allow",
		},
	},
	{
		ID:      "75fca29b-e876-4eb5-8a5e-18d138c31810", // Screen Captured From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "[System.Windows.Forms.Screen]::PrimaryScreen.Bounds | Select-Object Width, Height",
		},
	},
	{
		ID:      "ff5cb3e3-d7b5-44d1-a6f0-76ba4e2f2a48", // Executable Downloaded From the Internet by a Browser
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 15,
		Fields: map[string]string{
			"Image":          "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
			"TargetFilename": "C:\\Users\\bob\\Downloads\\report.pdf:Zone.Identifier",
		},
	},
	{
		ID:      "ec32a154-dc6b-4083-9856-54432b42fc2a", // Executable Written by a Program Running From a User Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\Users\\bob\\Downloads\\setup.exe",
			"TargetFilename": "C:\\Users\\bob\\Downloads\\readme.txt",
		},
	},
	{
		ID:      "734c0a7d-c63a-410d-8b7b-7980347ce884", // PowerShell Fetches Content From a URL
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Invoke-WebRequest): \"Invoke-WebRequest\"\nParameterBinding(Invoke-WebRequest): name=\"Uri\"; value=\"/api/status\"",
		},
	},
	{
		ID:      "3b3c584e-bebb-4df8-bafc-f767bef08739", // Script Host or LOLBin Writes an Executable
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"TargetFilename": "C:\\Users\\bob\\AppData\\Local\\Temp\\__PSScriptPolicyTest_x1y2.abc.ps1",
		},
	},
	{
		ID:      "cdd422d4-8910-4334-8f68-16386b1affe4", // Program in a User Folder Opens an Outbound Connection on a Non-Web Port
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
		Fields: map[string]string{
			"Image":           "C:\\Users\\bob\\AppData\\Local\\Programs\\Slack\\slack.exe",
			"DestinationPort": "443",
			"DestinationIp":   "203.0.113.10",
			"Initiated":       "true",
		},
	},
	{
		ID:      "0e667d96-72eb-4b3c-80f8-22a6e40a02c3", // Kerberos TGT Issued Without Pre-Authentication (AS-REP Roasting)
		Channel: "Security", EventID: 4768,
		Fields: map[string]string{
			"EventID":              "4768",
			"PreAuthType":          "2",
			"Status":               "0x0",
			"TicketEncryptionType": "0x12",
			"TargetUserName":       "bob",
		},
	},
	{
		ID:      "d8e27492-cfa0-48b4-b183-10bb88cd369b", // Failed Network or Interactive Logon
		Channel: "Security", EventID: 4624,
		Fields: map[string]string{
			"EventID":        "4624",
			"LogonType":      "3",
			"TargetUserName": "bob",
			"IpAddress":      "10.0.0.8",
		},
	},
	{
		ID:      "b8bb0cd2-8779-4f6c-a284-1bd1e8c2434d", // Process Memory Dump via comsvcs.dll MiniDump
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\regsvr32.exe",
			"CommandLine": "regsvr32 /s C:\\Windows\\System32\\comsvcs.dll",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "3a426bb0-898c-4570-83b1-bb658209ea6b", // Credential Prompt UI Loaded by a Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
			"ImageLoaded": "C:\\Windows\\System32\\credui.dll",
		},
	},
	{
		ID:      "30912949-108f-4365-9933-17c654c7656e", // Credential Prompt Raised From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "$cred = Import-Clixml -Path $env:USERPROFILE\\svc.xml",
		},
	},
	{
		ID:      "88515248-e0d9-44cb-b3de-f37159ae96d5", // Directory Replication Requested by a User Account (DCSync)
		Channel: "Security", EventID: 4662,
		Fields: map[string]string{
			"EventID":         "4662",
			"SubjectUserName": "DC02$",
			"Properties":      "{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}",
		},
	},
	{
		ID:      "dd2d0aec-4912-44f9-9660-97e82e4b7ce7", // Esentutl Copies a Locked Credential Database
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\esentutl.exe",
			"CommandLine": "esentutl /g C:\\Windows\\SoftwareDistribution\\DataStore\\DataStore.edb",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "24ce6087-f75b-4d8a-9868-794b626fb5ff", // RC4 Service Ticket Requested for a User Service Account
		Channel: "Security", EventID: 4769,
		Fields: map[string]string{
			"EventID":              "4769",
			"ServiceName":          "FS01$",
			"TicketEncryptionType": "0x17",
			"Status":               "0x0",
			"TargetUserName":       "bob@CORP.LOCAL",
		},
	},
	{
		ID:      "005818c1-09c8-46c7-92cb-2301de39f2b9", // Kerberos Traffic Sent by a Program in a User Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
		Fields: map[string]string{
			"Image":           "C:\\Windows\\System32\\lsass.exe",
			"DestinationPort": "88",
			"DestinationIp":   "10.0.0.2",
			"Initiated":       "true",
		},
	},
	{
		ID:      "d294c038-0be2-4f39-9aed-48d7340fc56c", // LSA Secrets Registry Key Dumped
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg query HKLM\\SECURITY\\Policy\\PolAdtEv",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "9721a72e-1b9a-4eaf-945c-473be5863dc3", // LSA Secrets Registry Key Opened by a Non-System Process
		Channel: "Security", EventID: 4663,
		Fields: map[string]string{
			"EventID":     "4663",
			"ObjectType":  "Key",
			"ObjectName":  "\\REGISTRY\\MACHINE\\SECURITY\\Policy\\Secrets\\$MACHINE.ACC",
			"ProcessName": "C:\\Windows\\System32\\lsass.exe",
		},
	},
	{
		ID:      "5a4a3dca-9027-4204-9fb5-d5f005f99091", // LSASS Opened With Memory-Dump Rights
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"SourceImage":   "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.2205.7-0\\MsMpEng.exe",
			"TargetImage":   "C:\\Windows\\System32\\lsass.exe",
			"GrantedAccess": "0x1fffff",
		},
	},
	{
		ID:      "006e0030-238c-4229-b59d-e376b9a5973e", // LSASS Read Through the Minidump API
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"SourceImage":   "C:\\Windows\\System32\\WerFault.exe",
			"TargetImage":   "C:\\Windows\\System32\\lsass.exe",
			"GrantedAccess": "0x1fffff",
			"CallTrace":     "C:\\Windows\\SYSTEM32\\ntdll.dll+9c584|C:\\Windows\\System32\\dbgcore.dll+6b30",
		},
	},
	{
		ID:      "e7f6e2eb-e3d7-4795-85a6-a3b387efdb05", // LSASS Accessed From Unbacked Memory
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"SourceImage":   "C:\\Windows\\System32\\svchost.exe",
			"TargetImage":   "C:\\Windows\\System32\\lsass.exe",
			"GrantedAccess": "0x1000",
			"CallTrace":     "C:\\Windows\\SYSTEM32\\ntdll.dll+9c584|UNKNOWN(00007FF8A1B2C3D4)",
		},
	},
	{
		ID:      "342d6859-bac9-43fb-9c17-6b4601d44514", // LSASS Dump File Written
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\Windows\\System32\\WerFault.exe",
			"TargetFilename": "C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportQueue\\lsass.exe.1234.dmp",
		},
	},
	{
		ID:      "b773fd1f-e999-4ffc-9c04-b5b820bd5d5a", // Mimikatz Module Commands on a Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\klist.exe",
			"CommandLine": "klist purge",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "eda7540c-2e90-4019-9bc4-bf2751be7c27", // Mimikatz Loaded or Run Through PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-Process): \"Get-Process\"\nParameterBinding(Get-Process): name=\"Name\"; value=\"lsass\"",
		},
	},
	{
		ID:      "e61a00cc-79bb-48aa-9755-1d09a55055a7", // Mimikatz or Reflective PE Loader in a PowerShell Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-WinEvent -LogName Security -MaxEvents 20 | Where-Object Id -eq 4624",
		},
	},
	{
		ID:      "05693dd9-7cd7-40e2-b917-f0c8b712962e", // Copy of NTDS.dit Written Outside the Directory Service
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\Windows\\System32\\lsass.exe",
			"TargetFilename": "C:\\Windows\\NTDS\\ntds.dit",
		},
	},
	{
		ID:      "5613e12e-de8a-48d1-a094-ac935a35ca86", // NTDS.dit Extracted With ntdsutil Install From Media
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\ntdsutil.exe",
			"CommandLine": "ntdsutil \"metadata cleanup\" \"connections\" q q",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "57f00212-f6b4-4930-94ef-4af3436859b3", // PowerShell Memory Dump Function Used Against LSASS
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-Process -Name lsass | Select-Object Id, StartTime",
		},
	},
	{
		ID:      "4c0fde37-40cd-4ee9-b26b-f06dffc3e094", // PowerShell Module Log Shows a Memory Dump Function
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-Process): \"Get-Process\"\nParameterBinding(Get-Process): name=\"Name\"; value=\"explorer\"",
		},
	},
	{
		ID:      "b882e1fa-becc-4695-b8ef-17c9cdc246b0", // Full Memory Dump of LSASS Requested on the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Tools\\procdump64.exe",
			"CommandLine": "procdump64.exe -ma w3wp.exe C:\\dumps\\w3wp.dmp",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "dea871a1-e239-4a5e-a1f1-11debc2f9c2f", // SAM, SYSTEM or SECURITY Hive Saved From the Registry
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg export HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip C:\\Users\\bob\\tcpip.reg",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "b3eb6b92-8d6e-47bd-b260-6d5a119a7153", // Rubeus-Style Kerberos Ticket Abuse on the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\klist.exe",
			"CommandLine": "klist get krbtgt",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "22798160-4973-48ed-9cd7-6d349253162a", // Credential Store Copied Out of a Volume Shadow Copy
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\vssadmin.exe",
			"CommandLine": "vssadmin list shadows /for=C:",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "809bb6f3-481a-4690-9649-429e36adcf89", // Windows Vault Credentials Read
		Channel: "Security", EventID: 5379,
		Fields: map[string]string{
			"EventID":         "5379",
			"TargetName":      "MicrosoftAccount:user=bob@example.com",
			"SubjectUserName": "bob",
		},
	},
	{
		ID:      "d55f87ef-0a30-47fe-b27f-0e3e92c20066", // AMSI Bypass Attempted in PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-MpComputerStatus | Select-Object AMServiceEnabled, AntispywareEnabled",
		},
	},
	{
		ID:      "e55ad606-b27a-4568-a6af-baf5e5bc45ad", // System Audit Policy Weakened
		Channel: "Security", EventID: 4719,
		Fields: map[string]string{
			"EventID":            "4719",
			"SubjectUserName":    "bob",
			"AuditPolicyChanges": "%%8449",
		},
	},
	{
		ID:      "6e91e6b1-9009-484e-905a-4b7db018b5a1", // Auditpol Clears or Disables Audit Categories
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\auditpol.exe",
			"CommandLine": "auditpol /get /category:*",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "b13cdae2-6267-4e38-aedc-6cfa27bd9039", // BITS Job Downloads From an External URL
		Channel: "Microsoft-Windows-Bits-Client/Operational", EventID: 59,
		Fields: map[string]string{
			"url": "http://au.download.windowsupdate.com/c/msdownload/update/software/defu/2026/12/am_delta.exe",
		},
	},
	{
		ID:      "e9d0fd4b-d3f9-411c-a26c-0f14cc255a8c", // BITSAdmin Transfers or Schedules a Job Command
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\bitsadmin.exe",
			"CommandLine": "bitsadmin /list /allusers",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "f7a7a29b-3524-4dbd-b70b-a6bd9b7b3f80", // Process Command-Line Auditing Disabled
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\System32\\svchost.exe",
			"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Audit\\ProcessCreationIncludeCmdLine_Enabled",
			"Details":      "DWORD (0x00000001)",
		},
	},
	{
		ID:      "543434c4-ddc6-4138-8ae5-6ee5dcd2d7a9", // Command-Line Auditing Value Modified (Registry Audit)
		Channel: "Security", EventID: 4657,
		Fields: map[string]string{
			"EventID":         "4657",
			"ObjectValueName": "EnableLUA",
			"ProcessName":     "C:\\Windows\\System32\\svchost.exe",
		},
	},
	{
		ID:      "74012b31-7da9-4291-aa15-fc43fc0840e6", // Command-Line Auditing Policy Changed From a Command
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg add HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Audit /v ProcessCreationIncludeCmdLine_Enabled /t REG_DWORD /d 1 /f",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "acfa0372-123b-479b-aefb-c9f743a9e42f", // Elevated Shell Spawned by the CMSTPLUA COM Surrogate
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":             "C:\\Windows\\System32\\cmd.exe",
			"CommandLine":       "cmd.exe /c echo test",
			"ParentImage":       "C:\\Windows\\System32\\dllhost.exe",
			"ParentCommandLine": "C:\\Windows\\system32\\DllHost.exe /Processid:{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}",
		},
	},
	{
		ID:      "96068507-f1e6-4b6d-a5c4-35287a23b85f", // CMSTP Silently Installs a Connection Profile
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\cmstp.exe",
			"CommandLine": "cmstp.exe",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "fbd34c06-a5e6-4b82-ba86-e6e078a86e76", // Control Panel Item Loaded From a Non-System Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\control.exe",
			"CommandLine": "control.exe C:\\Windows\\System32\\timedate.cpl",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "5610dc30-2c84-46e6-be5d-7f3ca9e346c0", // Remote Thread Created in Another Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 8,
		Fields: map[string]string{
			"SourceImage":   "C:\\Windows\\System32\\csrss.exe",
			"TargetImage":   "C:\\Windows\\System32\\cmd.exe",
			"StartFunction": "CtrlRoutine",
		},
	},
	{
		ID:      "3f42b6e7-ea18-43c3-834b-5e083f2af1ff", // C# Compiler Invoked by MSBuild or a Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe",
			"CommandLine": "csc.exe /out:app.exe Program.cs",
			"ParentImage": "C:\\Program Files\\Microsoft Visual Studio\\2022\\Community\\Common7\\IDE\\devenv.exe",
		},
	},
	{
		ID:      "44ff2ed5-932a-4067-8ccb-20be6299731a", // Microsoft Defender Protection Disabled From a Command
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell Get-MpPreference | Select-Object ExclusionPath",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "79f14a46-5879-41f4-bc18-6f5109221965", // Security Descriptor of a Domain Object Modified
		Channel: "Security", EventID: 5136,
		Fields: map[string]string{
			"EventID":                  "5136",
			"AttributeLDAPDisplayName": "nTSecurityDescriptor",
			"ObjectClass":              "group",
			"SubjectUserName":          "DC01$",
		},
	},
	{
		ID:      "e5814d12-fb32-485f-bff3-980c7240eeda", // Executable With a Document Double Extension Started
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Users\\bob\\Downloads\\setup.x64.exe",
			"CommandLine": "\"C:\\Users\\bob\\Downloads\\setup.x64.exe\"",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "0fc7e857-4090-49ce-882d-e3ec71c56562", // Event Log File Path or Channel State Changed in the Registry
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\servicing\\TrustedInstaller.exe",
			"TargetObject": "HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Application\\File",
			"Details":      "%SystemRoot%\\System32\\Winevt\\Logs\\Application.evtx",
		},
	},
	{
		ID:      "8350f6ec-31e1-475b-b811-d5f87bcb119c", // Event Log Service Reported Stopped or Set to Disabled
		Channel: "System", EventID: 7036,
		Fields: map[string]string{
			"EventID": "7036",
			"param1":  "Windows Update",
			"param2":  "stopped",
		},
	},
	{
		ID:      "9f27d06c-9789-48c3-b165-84da7b3bebdb", // Windows Event Log Service Stopped or Disabled From a Command
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\sc.exe",
			"CommandLine": "sc query eventlog",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "8761ca45-cb61-4d72-8b5b-0325a6a965c8", // Event Log Service Stopped or Disabled Through PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Stop-Service): \"Stop-Service\"\nParameterBinding(Stop-Service): name=\"Name\"; value=\"Spooler\"",
		},
	},
	{
		ID:      "29a70c08-432e-46bb-aa23-e8bde5cbede2", // Event Log Service Stopped or Disabled in a Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-Service -Name EventLog | Select-Object Status",
		},
	},
	{
		ID:      "7833d987-3e44-4cc5-b49c-0b3a17ada942", // HTML Help Opens a Compiled Help File From an Unusual Location
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\hh.exe",
			"CommandLine": "\"C:\\Windows\\hh.exe\" C:\\Windows\\Help\\mui\\0409\\mmc.CHM",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "1c675bf7-b43d-4118-88bd-b4ac2d2c4fbf", // HTML Help Spawns a Shell or Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\notepad.exe",
			"CommandLine": "notepad.exe",
			"ParentImage": "C:\\Windows\\hh.exe",
		},
	},
	{
		ID:      "de9f9a17-3be3-4f47-93e4-cecff9689768", // InstallUtil Runs an Assembly From a User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe",
			"CommandLine": "InstallUtil.exe \"C:\\Program Files\\Contoso\\ContosoService.exe\"",
			"ParentImage": "C:\\Windows\\System32\\msiexec.exe",
		},
	},
	{
		ID:      "6390ebd1-d0c3-41c4-bb7a-079db1990add", // Signed Proxy Binary Spawns a Child Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\conhost.exe",
			"CommandLine": "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
			"ParentImage": "C:\\Windows\\System32\\wbem\\WMIC.exe",
		},
	},
	{
		ID:      "3cb739c8-1f6c-4d5b-ab1e-c5b7b2a12994", // Mavinject Injects a DLL Into a Running Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\mavinject.exe",
			"CommandLine": "mavinject.exe /?",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "3ddabe73-8335-4343-aa0b-a6271e8897ad", // MiniNt Key Created From a Command or Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "b7b1b049-9158-48f2-a490-b938d6b82411", // MiniNt Key Created to Stop Event Logging
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 12,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\System32\\services.exe",
			"TargetObject": "HKLM\\System\\CurrentControlSet\\Control\\Session Manager\\Environment",
		},
	},
	{
		ID:      "da7710fd-dd22-406e-b6e6-16b6108f31d2", // MiniNt Key Created in a PowerShell Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager",
		},
	},
	{
		ID:      "07bec115-12a4-4eab-9f93-0cde72e982b3", // MSBuild Builds a Project From an Unusual Location or Parent
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Program Files\\Microsoft Visual Studio\\2022\\Community\\MSBuild\\Current\\Bin\\MSBuild.exe",
			"CommandLine": "MSBuild.exe C:\\src\\app\\app.sln /p:Configuration=Release",
			"ParentImage": "C:\\Program Files\\Microsoft Visual Studio\\2022\\Community\\Common7\\IDE\\devenv.exe",
		},
	},
	{
		ID:      "43f5e7dd-e41b-4641-b8a5-2eb7fa4738a0", // MSBuild Spawns PowerShell or a Shell
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe",
			"CommandLine": "csc.exe /noconfig @C:\\src\\obj\\csc.rsp",
			"ParentImage": "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe",
		},
	},
	{
		ID:      "0650f842-0c35-48b4-9cef-386642b98f95", // Mshta Runs an HTA From a User-Writable or Startup Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\mshta.exe",
			"CommandLine": "mshta.exe C:\\Program Files\\Contoso\\Setup\\welcome.hta",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "d4b58758-9d5e-4ed2-97ad-051b67b358ef", // Mshta Executes Inline Script or a Remote Application
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\mshta.exe",
			"CommandLine": "\"C:\\Windows\\System32\\mshta.exe\" \"C:\\Program Files\\Contoso\\tool.hta\"",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "aeedeb8e-33ad-47df-88c5-11953dcd4c2a", // Mshta Spawns a Shell or Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\notepad.exe",
			"CommandLine": "notepad.exe C:\\Program Files\\Contoso\\readme.txt",
			"ParentImage": "C:\\Windows\\System32\\mshta.exe",
		},
	},
	{
		ID:      "d67f0f5f-afe1-4335-abc5-e60a53114dfb", // Event Log Cleared From PowerShell
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell Get-EventLog -List",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "8e8c038e-0b6e-47e6-9a8c-d350e23c04f2", // Process Injection Primitives in a PowerShell Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "$p = Get-Process -Id $PID; $p.WorkingSet64 / 1MB",
		},
	},
	{
		ID:      "1e09c2ba-5766-4462-86d1-3235db5f94d5", // PowerView ACL Abuse Cmdlets Used
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-Acl): \"Get-Acl\"\nParameterBinding(Get-Acl): name=\"Path\"; value=\"C:\\Shares\\Finance\"",
		},
	},
	{
		ID:      "020366bd-fe42-476a-b5db-9b014217c228", // Process Opened With Injection Rights From Unbacked Code
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"SourceImage":   "C:\\Program Files\\Contoso\\agent.exe",
			"TargetImage":   "C:\\Windows\\explorer.exe",
			"GrantedAccess": "0x1fffff",
			"CallTrace":     "C:\\Windows\\SYSTEM32\\ntdll.dll+9c584|UNKNOWN(00000000)",
		},
	},
	{
		ID:      "e41ea3bf-1b5f-40aa-8e65-2c72e11c1dc4", // Process Whose Image Has No Backing File Path (Process Tampering)
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"SourceImage":   "C:\\Windows\\explorer.exe",
			"TargetImage":   "C:\\Users\\bob\\Desktop\\tool.exe",
			"GrantedAccess": "0x1000",
		},
	},
	{
		ID:      "a19040ca-a310-49fd-98f6-a52b71c5890d", // Sysmon Reports Process Image Tampering
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 25,
		Fields: map[string]string{
			"Image": "<unknown process>",
			"Type":  "Image is locked for access",
		},
	},
	{
		ID:      "b16cc9fd-9202-43b4-9ca2-9beeddcca566", // Raw Volume Read by a Script Host or User-Space Tool
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 9,
		Fields: map[string]string{
			"Image":  "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.2205.7-0\\MsMpEng.exe",
			"Device": "\\Device\\HarddiskVolume2",
		},
	},
	{
		ID:      "3b4001ec-794a-414c-a5ab-3537ed076258", // Register-CimProvider Loads a DLL
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\Register-CimProvider.exe",
			"CommandLine": "Register-CimProvider.exe -?",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "001a29e6-6e9f-4a59-8dbe-0353c5d6e4f9", // Regsvr32 Runs a Scriptlet or Remote Payload (Squiblydoo)
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\regsvr32.exe",
			"CommandLine": "regsvr32.exe /s C:\\Windows\\System32\\vbscript.dll",
			"ParentImage": "C:\\Windows\\System32\\msiexec.exe",
		},
	},
	{
		ID:      "f35980a2-75e4-48ba-8551-5739d96d5c2e", // Regsvr32 Spawns a Shell or Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\conhost.exe",
			"CommandLine": "conhost.exe 0xffffffff",
			"ParentImage": "C:\\Windows\\System32\\regsvr32.exe",
		},
	},
	{
		ID:      "35a1d9b3-47f7-4b98-be5e-8b3efc5cb4a0", // Regsvr32 Registers a DLL From a User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\regsvr32.exe",
			"CommandLine": "regsvr32.exe /s C:\\Users\\bob\\AppData\\Local\\Contoso\\shellext.dll",
			"ParentImage": "C:\\Windows\\System32\\msiexec.exe",
		},
	},
	{
		ID:      "a991e6a0-9cf6-415e-afc9-a349aca9c8ee", // Rundll32 Executes Script Through a Protocol Handler
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\rundll32.exe",
			"CommandLine": "rundll32.exe shell32.dll,Control_RunDLL desk.cpl",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "59c7e771-7c15-48de-abef-88aea583982f", // Rundll32 Runs a DLL From a Temp or User Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\rundll32.exe",
			"CommandLine": "rundll32.exe C:\\Windows\\System32\\shell32.dll,OpenAs_RunDLL C:\\Users\\bob\\Downloads\\file.xyz",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "8aa0efe0-5888-4e83-99a2-ca7392096844", // User Account Registers or Changes a Task Under the Windows Task Folder
		Channel: "Security", EventID: 4698,
		Fields: map[string]string{
			"EventID":         "4698",
			"TaskName":        "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag",
			"SubjectUserName": "WS01$",
		},
	},
	{
		ID:      "814d83a8-7605-4ba7-bdff-dd96460f650c", // Security Audit Log Cleared
		Channel: "Security", EventID: 1105,
		Fields: map[string]string{
			"EventID": "1105",
		},
	},
	{
		ID:      "f2355a92-9888-4951-b4fa-bc62e4de4807", // Sysmon Driver Unloaded or Service Removed
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\fltMC.exe",
			"CommandLine": "fltmc filters",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "04a7aadf-4212-4a2a-bf7b-b1f232eb549b", // System Binary Name Running From an Unexpected Directory
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\svchost.exe",
			"CommandLine": "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
			"ParentImage": "C:\\Windows\\System32\\services.exe",
		},
	},
	{
		ID:      "975510fb-3853-4067-8510-64a1269f140c", // System or Application Event Log Cleared
		Channel: "System", EventID: 6005,
		Fields: map[string]string{
			"EventID":       "6005",
			"Provider_Name": "EventLog",
		},
	},
	{
		ID:      "f3dbc6d7-202b-44eb-af44-0eeba9578812", // System Service Loads an Unsigned DLL From a System Directory
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\svchost.exe",
			"ImageLoaded": "C:\\Windows\\System32\\wuaueng.dll",
			"Signed":      "true",
		},
	},
	{
		ID:      "143005ee-ffdb-44e4-a21b-a5a9d4d9d4a7", // Proxy-Execution Binary Loads an Unsigned DLL From a User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\rundll32.exe",
			"ImageLoaded": "C:\\Users\\bob\\AppData\\Local\\Microsoft\\Teams\\current\\ffmpeg.dll",
			"Signed":      "false",
		},
	},
	{
		ID:      "b2a9ccdd-0ebc-46d6-a13f-7f6ae4a0ec73", // WDigest Plaintext Credential Caching Enabled
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\System32\\reg.exe",
			"TargetObject": "HKLM\\System\\CurrentControlSet\\Control\\SecurityProviders\\WDigest\\Negotiate",
			"Details":      "DWORD (0x00000000)",
		},
	},
	{
		ID:      "83d914c9-b634-46f0-b434-5baaa46b242e", // WDigest Plaintext Caching Enabled From a Command or Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg query HKLM\\System\\CurrentControlSet\\Control\\SecurityProviders\\WDigest",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "367de9de-2598-4ff0-88b3-7e5cec073954", // Event Log Cleared With wevtutil
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\wevtutil.exe",
			"CommandLine": "wevtutil qe Security /c:5 /rd:true /f:text",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "256f67fb-a299-4bca-a327-99afaf8aabd8", // WMIC Formats Output With a Remote or Local XSL Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\wbem\\WMIC.exe",
			"CommandLine": "wmic os get caption /format:list",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "a329c803-59f9-4915-9a6d-b65332ff935b", // Windows Update Client Loads an Arbitrary DLL
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\wuauclt.exe",
			"CommandLine": "wuauclt.exe /UpdateDeploymentProvider UpdateDeploymentProvider.dll /ClassId 1 /RunHandlerComServer",
			"ParentImage": "C:\\Windows\\System32\\svchost.exe",
		},
	},
	{
		ID:      "2fbdd4c0-d788-4ebf-bedb-f6710dffc16e", // Directory Queried Over ADSI by a Program From a User Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 12,
		Fields: map[string]string{
			"Image":        "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
			"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\ADs\\Providers\\LDAP\\Extensions",
		},
	},
	{
		ID:      "83b12cb9-8495-4a00-9d10-1fdb6dae0833", // LDAP Connection From a Program in a User-Writable Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
		Fields: map[string]string{
			"Image":           "C:\\Windows\\System32\\lsass.exe",
			"DestinationPort": "389",
			"DestinationIp":   "10.0.0.2",
			"Initiated":       "true",
		},
	},
	{
		ID:      "50eef79e-4a58-418e-90b8-f5a529e020f2", // Hunting for Hosts Where the User Is Local Administrator
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-LocalGroupMember): \"Get-LocalGroupMember\"\nParameterBinding(Get-LocalGroupMember): name=\"Group\"; value=\"Administrators\"",
		},
	},
	{
		ID:      "b0cbd447-d709-4901-9457-ad0b863dfb4f", // PowerView Enumeration Functions in a Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-ADUser -Identity bob -Properties LastLogonDate",
		},
	},
	{
		ID:      "7acb9b8e-344d-4e0e-a931-4238015b4f99", // PowerView Domain User, Group or ACL Enumeration
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-ADGroupMember): \"Get-ADGroupMember\"\nParameterBinding(Get-ADGroupMember): name=\"Identity\"; value=\"Helpdesk\"",
		},
	},
	{
		ID:      "90938316-9c36-44ce-859b-5270008c5c34", // Security Software Discovery
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell Get-Service -Name Spooler",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "36fed34e-de45-46f3-8541-a9edb30b3da3", // Remote Session or Logged-On User Enumeration
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-SmbSession): \"Get-SmbSession\"\n",
		},
	},
	{
		ID:      "72fe4e3f-bb53-4260-adad-e12f8e2942d9", // PowerView-Style Enumeration Commands Run by a Compiled Tool
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Program Files\\Contoso\\inventory.exe",
			"CommandLine": "inventory.exe Get-NetAdapter",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "a7c3749f-e558-453c-989e-b3ebb86e784e", // Installed Software or Browser Version Discovery From the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg query HKCU\\Software\\Microsoft\\Office\\16.0\\Common\\General",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "10a806a0-0ac9-4cc2-82b7-a47ef4fb2d08", // System Information Discovery With systeminfo or hostname
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":             "C:\\Windows\\System32\\systeminfo.exe",
			"CommandLine":       "systeminfo",
			"ParentImage":       "C:\\Windows\\System32\\cmd.exe",
			"ParentCommandLine": "C:\\Windows\\system32\\cscript.exe C:\\Windows\\system32\\gatherNetworkInfo.vbs",
		},
	},
	{
		ID:      "30946e2b-f11b-464e-b59c-812a8e3ab590", // Current User and Privilege Discovery With whoami
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\whoami.exe",
			"CommandLine": "whoami",
			"ParentImage": "C:\\WindowsAzure\\GuestAgent\\WindowsAzureGuestAgent.exe",
		},
	},
	{
		ID:      "90938316-9c36-44ce-859b-5270008c5c34", // Security Software Discovery
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\sc.exe",
			"CommandLine": "sc query wuauserv",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "3f9cea44-0e1f-4ea9-bd11-21430d951e12", // Office Application Spawns a Shell or Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
			"CommandLine": "\"msedge.exe\" --single-argument https://intranet/doc",
			"ParentImage": "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
		},
	},
	{
		ID:      "98426eb6-3e57-454a-a50a-652e2f958ea6", // PowerShell Download Cradle on the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell -c \"Get-Content C:\\scripts\\hosts.txt | ForEach-Object { Test-Connection $_ -Count 1 }\"",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "5cfeaa26-1f02-4202-bae0-95e290e95c1c", // PowerShell Script Block Downloads and Executes Code
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Invoke-WebRequest -Uri https://intranet/report.csv -OutFile C:\\Reports\\r.csv",
		},
	},
	{
		ID:      "7e367dbf-b477-4e6e-b1dc-0e44637f3e22", // PowerShell Started With an Encoded Command
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell.exe -ExecutionPolicy Bypass -File C:\\scripts\\backup.ps1",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "0cafd991-46ca-4811-9857-e684019c6524", // PowerShell Engine Loaded Into an Unusual Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\wsmprovhost.exe",
			"ImageLoaded": "C:\\Windows\\Microsoft.NET\\assembly\\GAC_MSIL\\System.Management.Automation\\v4.0_3.0.0.0__31bf3856ad364e35\\System.Management.Automation.dll",
		},
	},
	{
		ID:      "60f76d41-a610-4c44-a280-287896dedd2c", // PowerShell Launched Hidden and Non-Interactive With Profile Bypass
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell.exe -NoProfile -File C:\\scripts\\inventory.ps1",
			"ParentImage": "C:\\Windows\\System32\\svchost.exe",
		},
	},
	{
		ID:      "e4eeab0c-ce0d-4202-9777-a2f39be8df9b", // PowerShell Loads the HTTP Server API
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\svchost.exe",
			"ImageLoaded": "C:\\Windows\\System32\\httpapi.dll",
		},
	},
	{
		ID:      "dbdd9b49-2ebc-4339-bfe1-00b592852c6a", // HTTP Listener Created in a PowerShell Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "$r = Invoke-RestMethod -Uri http://localhost:8080/health",
		},
	},
	{
		ID:      "7b916a29-6c63-4aba-99aa-c30d83f6ac98", // PowerShell Invokes a WMI Method to Create a Process
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-CimInstance): \"Get-CimInstance\"\nParameterBinding(Get-CimInstance): name=\"ClassName\"; value=\"Win32_Process\"",
		},
	},
	{
		ID:      "f0189771-5cd8-4e6a-a401-fd41ab794e44", // Process Started by a Remote Execution Service
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\cmd.exe",
			"CommandLine": "cmd.exe /c net start",
			"ParentImage": "C:\\Windows\\System32\\services.exe",
		},
	},
	{
		ID:      "6c3290f3-3775-49ec-8e1b-6cb32cecd37b", // PsExec Used to Run a Command as SYSTEM
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Tools\\PsExec64.exe",
			"CommandLine": "PsExec64.exe -accepteula -h",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "b1d5acf6-ba39-4626-8378-0e69cc607a3c", // Windows Script Host Runs a Script From a User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\cscript.exe",
			"CommandLine": "cscript.exe //nologo C:\\Windows\\System32\\slmgr.vbs /dli",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "7cded086-e143-4f5c-ae9e-1503f610ab4a", // Remote Execution Service Installed
		Channel: "System", EventID: 7045,
		Fields: map[string]string{
			"EventID":     "7045",
			"ServiceName": "Contoso Updater",
			"ImagePath":   "\"C:\\Program Files\\Contoso\\updater.exe\" --service",
		},
	},
	{
		ID:      "880f6b38-f2a5-453c-a63d-d8498160c69b", // Service Control Manager Spawns a Shell Directly
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\svchost.exe",
			"CommandLine": "C:\\Windows\\system32\\svchost.exe -k LocalService -p -s W32Time",
			"ParentImage": "C:\\Windows\\System32\\services.exe",
		},
	},
	{
		ID:      "c98f8e02-175c-41a1-b51b-d4f0aff45859", // Unsigned Executable From the Downloads Folder Runs
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Users\\bob\\Downloads\\VSCodeUserSetup-x64.exe",
			"ImageLoaded": "C:\\Users\\bob\\Downloads\\VSCodeUserSetup-x64.exe",
			"Signed":      "true",
		},
	},
	{
		ID:      "fc26bc8e-97fe-4f00-baa4-a08aae6a3b90", // User Runs an Executable From Downloads or a Temp Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Users\\bob\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe",
			"CommandLine": "\"Code.exe\"",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "2f0dd829-2201-4563-b9e8-b9b92c0dd2c8", // Process Created Through WMI
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\notepad.exe",
			"CommandLine": "notepad.exe",
			"ParentImage": "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
		},
	},
	{
		ID:      "daa4bb6e-4bf2-40bf-9b27-d573427b031a", // WMIC Creates a Process on a Remote Node
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\wbem\\WMIC.exe",
			"CommandLine": "wmic /node:localhost os get caption",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "81ab7cf2-bab9-4140-a394-72055e14aa28", // Executable or Script Written Through an Administrative Share
		Channel: "Security", EventID: 5145,
		Fields: map[string]string{
			"EventID":            "5145",
			"ShareName":          "\\\\*\\C$",
			"RelativeTargetName": "Users\\bob\\Documents\\report.docx",
			"AccessMask":         "0x2",
			"SubjectUserName":    "bob",
		},
	},
	{
		ID:      "ba4155eb-6c4a-4a0c-83be-62bc2638532d", // Administrative Share Accessed by a User Account
		Channel: "Security", EventID: 5140,
		Fields: map[string]string{
			"EventID":         "5140",
			"ShareName":       "\\\\*\\ADMIN$",
			"SubjectUserName": "WS02$",
			"IpAddress":       "10.0.0.9",
		},
	},
	{
		ID:      "eead145b-a7b0-4036-8d8f-3bb176e8a734", // Office Application Started for DCOM Automation
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
			"CommandLine": "\"EXCEL.EXE\" \"C:\\Users\\bob\\Documents\\budget.xlsx\"",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "3b515ca8-855d-4766-be59-234f9770f514", // DCOM-Activated Application Spawns a Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":             "C:\\Windows\\System32\\splwow64.exe",
			"CommandLine":       "splwow64.exe 8192",
			"ParentImage":       "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
			"ParentCommandLine": "\"EXCEL.EXE\" -Embedding",
		},
	},
	{
		ID:      "d999e84e-6ad5-46ad-b68a-92776ad5cdbe", // Internet Explorer Spawns a Non-Browser Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Program Files\\Internet Explorer\\iexplore.exe",
			"CommandLine": "\"iexplore.exe\" SCODEF:1234 CREDAT:1",
			"ParentImage": "C:\\Program Files\\Internet Explorer\\iexplore.exe",
		},
	},
	{
		ID:      "8319a085-9f07-4b1a-84a1-9f141b3b21b9", // Named Pipe of a Remote Execution Tool
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 17,
		Fields: map[string]string{
			"Image":    "C:\\Program Files\\Microsoft SQL Server\\MSSQL\\Binn\\sqlservr.exe",
			"PipeName": "\\sql\\query",
		},
	},
	{
		ID:      "b495c888-12df-4983-baf5-4e3964b30e82", // PowerShell Lateral Movement Cmdlets
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Invoke-Command): \"Invoke-Command\"\nParameterBinding(Invoke-Command): name=\"ScriptBlock\"; value=\"Get-Date\"",
		},
	},
	{
		ID:      "b0c32888-abbd-4208-885a-ecfa0da0e51c", // PowerShell Lateral Movement Functions in a Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "New-SmbMapping -LocalPath Z: -RemotePath \\\\fs01\\team",
		},
	},
	{
		ID:      "f4674eb7-fa5d-415f-bac5-2878e9b8a8f0", // PowerShell Remoting Cmdlets Target Another Computer
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Invoke-Command): \"Invoke-Command\"\nParameterBinding(Invoke-Command): name=\"ScriptBlock\"; value=\"hostname\"",
		},
	},
	{
		ID:      "3c2da417-10b9-43b0-92db-13155f9e3bbc", // Service Control Manager Pipe Opened Over SMB From Another Host
		Channel: "Security", EventID: 5145,
		Fields: map[string]string{
			"EventID":            "5145",
			"ShareName":          "\\\\*\\IPC$",
			"RelativeTargetName": "srvsvc",
			"SubjectUserName":    "bob",
			"IpAddress":          "10.0.0.9",
		},
	},
	{
		ID:      "a3de9172-fea1-4370-aac2-70479690f6e7", // Service Controlled on a Remote Host With sc.exe
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\sc.exe",
			"CommandLine": "sc query state= all",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "052e1112-77e4-455f-a9b2-77bb14084e9e", // Executable Written by the Kernel SMB Server
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "System",
			"TargetFilename": "C:\\Shares\\Team\\minutes.docx",
		},
	},
	{
		ID:      "4f006cd4-14ae-424c-bf24-75920a4e7b26", // Command Run Through a PowerShell Remoting Session
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\conhost.exe",
			"CommandLine": "conhost.exe 0xffffffff",
			"ParentImage": "C:\\Windows\\System32\\wsmprovhost.exe",
		},
	},
	{
		ID:      "92c9fa2e-4f15-4b3b-b80e-dc6df8cdab58", // Incoming PowerShell Remoting Session Host Started
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\winrshost.exe",
			"CommandLine": "C:\\Windows\\system32\\WinrsHost.exe -Embedding",
			"ParentImage": "C:\\Windows\\System32\\svchost.exe",
		},
	},
	{
		ID:      "08be6e1a-2ba2-42cf-aebf-4cc253d1b6c7", // Account Added to a Privileged Local Group From the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\net.exe",
			"CommandLine": "net localgroup \"Remote Desktop Users\"",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "e251738c-a870-4df7-ad77-22f9d7fa4ecc", // Local Account Created From the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\net.exe",
			"CommandLine": "net user bob",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "0cb6daa3-0e8f-485d-b2a8-f4987b7e8060", // Excel Loads an XLL Add-in From Outside the Office Directories
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
			"ImageLoaded": "C:\\Program Files\\Microsoft Office\\root\\Office16\\Library\\Analysis\\ANALYS32.XLL",
		},
	},
	{
		ID:      "6ab719f6-2232-4134-8533-08c2d933c3a1", // User Logon Script Configured in the Registry
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\explorer.exe",
			"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Environment\\TEMP",
			"Details":      "%USERPROFILE%\\AppData\\Local\\Temp",
		},
	},
	{
		ID:      "0fb5812f-989f-43e1-9fa2-c6c6486bb757", // Encoded Payload Stored in the Registry and Run From It
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell -c \"(Get-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion).ProductName\"",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "1a5cd34e-a519-4350-a322-24094876f7db", // Run Key Added From the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "aaa44c28-ce1b-4c95-9dbe-cf136c25d8f0", // Run Key Points at a Script Host, LOLBin or User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\explorer.exe",
			"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Teams",
			"Details":      "\"C:\\Program Files\\Teams\\Update.exe\" --processStart \"Teams.exe\"",
		},
	},
	{
		ID:      "92d6cb57-f024-402e-bdf2-06b1682b8109", // Run Key Written by a Script Host or Shell
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Program Files\\Contoso\\setup.exe",
			"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Contoso",
			"Details":      "\"C:\\Program Files\\Contoso\\tray.exe\"",
		},
	},
	{
		ID:      "c39f5e02-aa73-4f03-9b75-437a8725bc23", // Service Created or Reconfigured to Run a Shell or Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\sc.exe",
			"CommandLine": "sc create ContosoSvc binPath= \"C:\\Program Files\\Contoso\\svc.exe\" start= auto",
			"ParentImage": "C:\\Windows\\System32\\msiexec.exe",
		},
	},
	{
		ID:      "1a8d9e6f-ecd8-4be3-b284-e1a479b2e8c0", // Scheduled Task Registered From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-ScheduledTask): \"Get-ScheduledTask\"\nParameterBinding(Get-ScheduledTask): name=\"TaskPath\"; value=\"\\Microsoft\\Windows\\\"",
		},
	},
	{
		ID:      "8c603aef-e7ac-44cb-9b40-b0e601d9fa8c", // Scheduled Task Registered or Updated With a Suspicious Action
		Channel: "Security", EventID: 4698,
		Fields: map[string]string{
			"EventID":         "4698",
			"TaskName":        "\\Microsoft\\Windows\\.NET Framework\\.NET Framework NGEN v4.0.30319 64",
			"SubjectUserName": "WS01$",
			"TaskContent":     "<Exec><Command>%windir%\\system32\\rundll32.exe</Command></Exec>",
		},
	},
	{
		ID:      "30b3fe5c-1f9b-464e-b29c-fc048343a319", // Scheduled Task Created With a Script Host, Encoded or Remote Action
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\schtasks.exe",
			"CommandLine": "schtasks /create /tn Backup /tr \"C:\\Program Files\\Contoso\\backup.exe\" /sc daily /st 02:00",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "edc9e05f-010f-4603-9a2b-fa452c9cd659", // Scheduled Task Created or Changed on a Remote Computer
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\schtasks.exe",
			"CommandLine": "schtasks /query /fo LIST /v",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "b580a8fe-9823-4a11-8d3d-3b618f2b04a9", // Service ImagePath Changed to a Shell or Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\System32\\services.exe",
			"TargetObject": "HKLM\\System\\CurrentControlSet\\Services\\ContosoSvc\\ImagePath",
			"Details":      "\"C:\\Program Files\\Contoso\\svc.exe\"",
		},
	},
	{
		ID:      "1c997873-23ce-4a49-ae75-07a31fb47160", // Service Installed With a Shell, Script or User-Path Binary
		Channel: "System", EventID: 7045,
		Fields: map[string]string{
			"EventID":     "7045",
			"ServiceName": "Contoso Updater",
			"ImagePath":   "\"C:\\Program Files\\Contoso\\updater.exe\" --service",
		},
	},
	{
		ID:      "4a9d9281-aa0c-4245-af5e-b07d4c20a9da", // Service Installed With a Shell, Script or User-Path Binary (Security Log)
		Channel: "Security", EventID: 4697,
		Fields: map[string]string{
			"EventID":         "4697",
			"ServiceName":     "Contoso Updater",
			"ServiceFileName": "\"C:\\Program Files\\Contoso\\updater.exe\" --service",
		},
	},
	{
		ID:      "5ff6dec4-faa5-4fb1-bb47-c6866e667dc1", // Script or Executable Dropped in a Startup Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\Windows\\System32\\msiexec.exe",
			"TargetFilename": "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\Contoso Tray.lnk",
		},
	},
	{
		ID:      "a1c57057-0d4d-4b1e-9690-4bddd04ffe2b", // Winlogon Shell or Userinit Value Modified
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\System32\\svchost.exe",
			"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\Userinit",
			"Details":      "C:\\Windows\\system32\\userinit.exe,",
		},
	},
	{
		ID:      "2c863414-5864-4b0f-8556-70b864d8b887", // WMI Event Subscription Created
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 21,
		Fields: map[string]string{
			"EventID":  "21",
			"Consumer": "NTEventLogEventConsumer.Name=\"SCM Event Log Consumer\"",
		},
	},
	{
		ID:      "195cedb5-0def-453b-968d-e735f9fc5231", // WMI Script Event Consumer Host Started
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
			"CommandLine": "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
			"ParentImage": "C:\\Windows\\System32\\svchost.exe",
		},
	},
	{
		ID:      "b3e3a1fc-791e-419a-8cdb-97287bb632bd", // WMI Event Subscription Created From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-CimInstance -Namespace root\\subscription -ClassName __EventFilter",
		},
	},
	{
		ID:      "bf5b837b-c4b8-4343-afac-2b4713f7fb55", // Auto-Elevating Binary Launched by a Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\fodhelper.exe",
			"CommandLine": "fodhelper.exe",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "d648ede1-6c7f-442a-9945-3a7224054236", // Auto-Elevating Windows Binary Spawns a Shell
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\SystemSettingsAdminFlows.exe",
			"CommandLine": "SystemSettingsAdminFlows.exe",
			"ParentImage": "C:\\Windows\\System32\\fodhelper.exe",
		},
	},
	{
		ID:      "0fc1630a-fa3d-4411-9102-6fe1bc4cadb9", // COM Surrogate Spawns a Command Shell
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WerFault.exe",
			"CommandLine": "WerFault.exe -u -p 1234",
			"ParentImage": "C:\\Windows\\System32\\dllhost.exe",
		},
	},
	{
		ID:      "bb57af0c-33ec-490d-9364-03619557dd2c", // Named Pipe Impersonation Command (getsystem)
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\cmd.exe",
			"CommandLine": "cmd /c echo %PATH%",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "c0e16596-efa5-40c1-b349-1ae9a3586304", // Service Created to Connect to a Named Pipe (getsystem)
		Channel: "System", EventID: 7045,
		Fields: map[string]string{
			"EventID":     "7045",
			"ServiceName": "Contoso Updater",
			"ImagePath":   "\"C:\\Program Files\\Contoso\\updater.exe\" --service",
		},
	},
	{
		ID:      "385261ff-ce3b-488f-9534-13d228d6d8c3", // Logon With New Credentials (Type 9)
		Channel: "Security", EventID: 4624,
		Fields: map[string]string{
			"EventID":        "4624",
			"LogonType":      "2",
			"TargetUserName": "bob",
			"ProcessName":    "C:\\Windows\\System32\\svchost.exe",
		},
	},
	{
		ID:      "2e74deb9-98a0-46c8-8094-19685b20b263", // Process Started With Alternate Network-Only Credentials
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\runas.exe",
			"CommandLine": "runas /user:CORP\\admin mmc.exe",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "5b432fb6-e6d2-4c30-87ca-c9204a6c1861", // Service Control Manager Starts Rundll32 With a Temp-Folder DLL
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\rundll32.exe",
			"CommandLine": "rundll32.exe C:\\Windows\\System32\\shell32.dll,SHCreateLocalServerRunDll",
			"ParentImage": "C:\\Windows\\System32\\services.exe",
		},
	},
	{
		ID:      "33fffcd1-10fe-4b16-a65e-0064ad53cb8c", // Token Manipulation Cmdlets or APIs in PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "whoami /priv | Select-String SeImpersonatePrivilege",
		},
	},
	{
		ID:      "6efcab1b-6341-47d1-8770-2f38b7aba07c", // UAC Bypass Handler Written Through PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-ItemProperty): \"Get-ItemProperty\"\nParameterBinding(Get-ItemProperty): name=\"Path\"; value=\"HKCU:\\Software\\Classes\\.txt\"",
		},
	},
	{
		ID:      "2f2e8b62-c302-46a0-9a5a-232ff2afe2df", // UAC Bypass Handler Written From a Command or Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg query HKCU\\Software\\Classes\\txtfile\\shell\\open\\command",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "890c8857-ca08-4795-a367-3ab2c3413b5b", // UAC Bypass Through a Shell Open Command Hijack
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 12,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\explorer.exe",
			"TargetObject": "HKU\\S-1-5-21-1-2-3-1001_Classes\\txtfile\\shell\\open\\command",
		},
	},
}

func TestBenignLookAlikesDoNotMatchTheirRule(t *testing.T) {
	rs := shipped(t)
	known := map[string]bool{}
	for _, r := range rs.Rules() {
		known[r.ID] = true
	}
	for _, s := range ruleNegatives {
		if !known[s.ID] {
			t.Errorf("look-alike for unknown rule %s", s.ID)
			continue
		}
		rs.Match(s.event(), s.Channel, s.EventID, func(m *sigma.Rule) {
			if m.ID == s.ID {
				t.Errorf("rule %s (%s) matches its benign look-alike %v", m.Title, m.Path, s.Fields)
			}
		})
	}
}

// TestEveryRuleHasALookAlike keeps the look-alikes complete: a rule without
// one has never been shown to leave the everyday activity it resembles alone.
func TestEveryRuleHasALookAlike(t *testing.T) {
	rs := shipped(t)
	covered := map[string]bool{}
	for _, s := range ruleNegatives {
		covered[s.ID] = true
	}
	for _, r := range rs.Rules() {
		if !covered[r.ID] {
			t.Errorf("rule %s (%s) has no benign look-alike in ruleNegatives", r.Title, r.Path)
		}
	}
}
