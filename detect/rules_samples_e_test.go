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
			// The Eventlog service itself (svchost) writes the channel's
			// access when a manifest is registered.
			ID:      "3b0d8e52-7c1f-4e0a-9a47-2f5c1d6e8b31", // Event Log Channel Access Restricted in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\System32\\svchost.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels\\Microsoft-Windows-Sysmon/Operational\\ChannelAccess",
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
	}...)
}
