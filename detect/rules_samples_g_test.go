package detect

// Samples for the Active Directory and Security-log rules: what a domain
// controller, a certificate authority and object auditing record when an
// attacker adds SID history, arms the DSRM account, makes an account
// AS-REP-roastable or Kerberoastable, enrolls with a chosen subject name,
// adds a computer, writes a service or Run key, or opens LSASS; and the
// administration that looks like it.

func init() {
	const sec, sysmon = "Security", "Microsoft-Windows-Sysmon/Operational"
	rulePositives = append(rulePositives, []ruleSample{
		{
			ID:      "69f93eb6-2127-48d0-a025-96dd79804643", // SID History Added to an Account
			Channel: sec, EventID: 4765,
			Fields: map[string]string{"EventID": "4765", "SubjectUserName": "mallory", "TargetUserName": "backdoor",
				"SourceUserName": "Administrator", "SourceSid": "S-1-5-21-1-2-3-500", "SidList": "%{S-1-5-21-1-2-3-500}"},
		},
		{
			ID:      "34980d52-7c1f-46d3-940f-0653179d1b48", // Directory Services Restore Mode Password Set
			Channel: sec, EventID: 4794,
			Fields: map[string]string{"EventID": "4794", "SubjectUserName": "mallory", "SubjectDomainName": "SHIRE", "Workstation": "DC01", "Status": "0x0"},
		},
		{
			ID:      "7aca8c70-c76c-4305-83c3-0451d7ffad42", // DSRM Administrator Allowed to Log On While the Directory Runs
			Channel: sysmon, EventID: 13,
			Fields: map[string]string{"EventType": "SetValue", "Image": `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"TargetObject": `HKLM\System\CurrentControlSet\Control\Lsa\DsrmAdminLogonBehavior`, "Details": "DWORD (0x00000002)"},
		},
		{
			ID:      "b36623b3-3564-45dc-b911-bfd0aa198a8c", // Kerberos Pre-Authentication Turned Off for an Account
			Channel: sec, EventID: 4738,
			Fields: map[string]string{"EventID": "4738", "SubjectUserName": "mallory", "TargetUserName": "svc_web",
				"OldUacValue": "0x210", "NewUacValue": "0x410210", "UserAccountControl": "\r\n\t\t%%2096"},
		},
		{
			ID:      "0223ff04-9070-4cdc-9c63-0198a9c8bb9c", // Certificate Issued With a Requester-Supplied Subject Alternative Name
			Channel: sec, EventID: 4887,
			Fields: map[string]string{"EventID": "4887", "RequestId": "55", "Requester": `SHIRE\mallory`, "Disposition": "3",
				"Attributes": "\nCertificateTemplate:VulnTemplate\nSAN:upn=Administrator@shire.com\nccm:WS01.shire.com"},
		},
		{
			ID:      "0230debc-58ca-4567-a8e7-d5ef17863bd1", // Computer Account Created by a User Account
			Channel: sec, EventID: 4741,
			Fields: map[string]string{"EventID": "4741", "SubjectUserName": "mallory", "TargetUserName": "FAKE01$", "SamAccountName": "FAKE01$",
				"DnsHostName": "FAKE01.shire.com", "ServicePrincipalNames": "HOST/FAKE01.shire.com RestrictedKrbHost/FAKE01.shire.com"},
		},
		{
			ID:      "626c8201-abba-49a1-a255-da198361d1c4", // Service Principal Name Written on a User Account
			Channel: sec, EventID: 5136,
			Fields: map[string]string{"EventID": "5136", "SubjectUserName": "mallory", "ObjectDN": "CN=Pat Gustavo,CN=Users,DC=shire,DC=com",
				"ObjectClass": "user", "AttributeLDAPDisplayName": "servicePrincipalName", "AttributeValue": "roast/me", "OperationType": "%%14674"},
		},
		{
			ID:      "8e2f6837-253e-4e9e-90f9-8c73ffbb77f0", // Service Key Created in the Registry by a Shell or Script Host
			Channel: sysmon, EventID: 12,
			Fields: map[string]string{"EventType": "CreateKey", "Image": `C:\Windows\System32\reg.exe`,
				"TargetObject": `HKLM\System\CurrentControlSet\Services\evilsvc`},
		},
		{
			ID:      "1d42af4c-19ef-45a8-ab6c-debbedde591e", // Run Key Value Set to a Script Host or User-Path Program (Registry Audit)
			Channel: sec, EventID: 4657,
			Fields: map[string]string{"EventID": "4657", "SubjectUserName": "mallory", "ObjectName": `\REGISTRY\MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run`,
				"ObjectValueName": "Updater", "OperationType": "%%1904", "NewValue": `C:\Users\Public\update.exe`, "ProcessName": `C:\Windows\System32\reg.exe`},
		},
		{
			ID:      "504bbd46-0847-492a-b60d-d6372a427ee9", // LSASS Opened for Reading Its Memory (Object Audit)
			Channel: sec, EventID: 4656,
			Fields: map[string]string{"EventID": "4656", "SubjectUserName": "mallory", "ObjectServer": "Security", "ObjectType": "Process",
				"ObjectName": `\Device\HarddiskVolume2\Windows\System32\lsass.exe`, "AccessMask": "0x1fffff", "ProcessName": `C:\Users\Public\procdump64.exe`},
		},
		{
			ID:      "4c985006-c542-4b6b-bfd8-febe8fe5f8cb", // SECURITY Hive Saved From the Registry
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\reg.exe`, "CommandLine": `reg save HKLM\SECURITY C:\Windows\Temp\sec.hiv /y`,
				"ParentImage": `C:\Windows\System32\cmd.exe`},
		},
		{
			ID:      "e51eb37e-07a8-4a60-ae2d-41c36b0f395a", // NTLM Network Logon Without a Session Key (Possible Pass the Hash)
			Channel: sec, EventID: 4624,
			Fields: map[string]string{"EventID": "4624", "LogonType": "3", "LogonProcessName": "NtLmSsp ", "AuthenticationPackageName": "NTLM",
				"KeyLength": "0", "TargetUserName": "Administrator", "TargetDomainName": "SHIRE", "WorkstationName": "", "IpAddress": "172.18.39.5"},
		},
	}...)
	ruleNegatives = append(ruleNegatives, []ruleSample{
		{
			// A Windows client's NTLM logon negotiates a 128-bit session key.
			ID:      "e51eb37e-07a8-4a60-ae2d-41c36b0f395a", // NTLM Network Logon Without a Session Key (Possible Pass the Hash)
			Channel: sec, EventID: 4624,
			Fields: map[string]string{"EventID": "4624", "LogonType": "3", "LogonProcessName": "NtLmSsp ", "AuthenticationPackageName": "NTLM",
				"KeyLength": "128", "TargetUserName": "bob", "TargetDomainName": "SHIRE", "WorkstationName": "WS07", "IpAddress": "10.0.0.7"},
		},
		{
			// A password reset: an account change without SID history.
			ID:      "69f93eb6-2127-48d0-a025-96dd79804643", // SID History Added to an Account
			Channel: sec, EventID: 4738,
			Fields: map[string]string{"EventID": "4738", "SubjectUserName": "helpdesk", "TargetUserName": "bob", "SidHistory": "-", "PasswordLastSet": "12/2/2026 9:00:00 AM"},
		},
		{
			// A domain user's password set, not the DSRM account's.
			ID:      "34980d52-7c1f-46d3-940f-0653179d1b48", // Directory Services Restore Mode Password Set
			Channel: sec, EventID: 4724,
			Fields: map[string]string{"EventID": "4724", "SubjectUserName": "helpdesk", "TargetUserName": "bob"},
		},
		{
			// 0 and 1 keep the DSRM account off while the directory runs.
			ID:      "7aca8c70-c76c-4305-83c3-0451d7ffad42", // DSRM Administrator Allowed to Log On While the Directory Runs
			Channel: sysmon, EventID: 13,
			Fields: map[string]string{"EventType": "SetValue", "Image": `C:\Windows\regedit.exe`,
				"TargetObject": `HKLM\System\CurrentControlSet\Control\Lsa\DsrmAdminLogonBehavior`, "Details": "DWORD (0x00000001)"},
		},
		{
			// The account was disabled, which says nothing of pre-authentication.
			ID:      "b36623b3-3564-45dc-b911-bfd0aa198a8c", // Kerberos Pre-Authentication Turned Off for an Account
			Channel: sec, EventID: 4738,
			Fields: map[string]string{"EventID": "4738", "SubjectUserName": "helpdesk", "TargetUserName": "leaver",
				"OldUacValue": "0x210", "NewUacValue": "0x211", "UserAccountControl": "\r\n\t\t%%2080"},
		},
		{
			// Autoenrollment of a machine certificate: no requester-supplied name.
			ID:      "0223ff04-9070-4cdc-9c63-0198a9c8bb9c", // Certificate Issued With a Requester-Supplied Subject Alternative Name
			Channel: sec, EventID: 4887,
			Fields: map[string]string{"EventID": "4887", "RequestId": "56", "Requester": `SHIRE\WS01$`, "Disposition": "3",
				"Attributes": "\nCertificateTemplate:Machine\nccm:WS01.shire.com"},
		},
		{
			// A computer joining the domain creates its own account.
			ID:      "0230debc-58ca-4567-a8e7-d5ef17863bd1", // Computer Account Created by a User Account
			Channel: sec, EventID: 4741,
			Fields: map[string]string{"EventID": "4741", "SubjectUserName": "WS07$", "TargetUserName": "WS07$", "SamAccountName": "WS07$"},
		},
		{
			// A computer registers service principal names on its own account.
			ID:      "626c8201-abba-49a1-a255-da198361d1c4", // Service Principal Name Written on a User Account
			Channel: sec, EventID: 5136,
			Fields: map[string]string{"EventID": "5136", "SubjectUserName": "SQL01$", "ObjectDN": "CN=SQL01,OU=Servers,DC=shire,DC=com",
				"ObjectClass": "computer", "AttributeLDAPDisplayName": "servicePrincipalName", "AttributeValue": "MSSQLSvc/sql01.shire.com:1433", "OperationType": "%%14674"},
		},
		{
			// The Service Control Manager writes a service's parameters, not a shell.
			ID:      "8e2f6837-253e-4e9e-90f9-8c73ffbb77f0", // Service Key Created in the Registry by a Shell or Script Host
			Channel: sysmon, EventID: 12,
			Fields: map[string]string{"EventType": "CreateKey", "Image": `C:\Windows\System32\services.exe`,
				"TargetObject": `HKLM\System\CurrentControlSet\Services\ContosoAgent`},
		},
		{
			// An installer registers its signed tray program from Program Files.
			ID:      "1d42af4c-19ef-45a8-ab6c-debbedde591e", // Run Key Value Set to a Script Host or User-Path Program (Registry Audit)
			Channel: sec, EventID: 4657,
			Fields: map[string]string{"EventID": "4657", "SubjectUserName": "SYSTEM", "ObjectName": `\REGISTRY\MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run`,
				"ObjectValueName": "ContosoTray", "OperationType": "%%1904", "NewValue": `"C:\Program Files\Contoso\tray.exe" /background`, "ProcessName": `C:\Windows\System32\msiexec.exe`},
		},
		{
			// Defender scans LSASS.
			ID:      "504bbd46-0847-492a-b60d-d6372a427ee9", // LSASS Opened for Reading Its Memory (Object Audit)
			Channel: sec, EventID: 4656,
			Fields: map[string]string{"EventID": "4656", "SubjectUserName": "WS01$", "ObjectServer": "Security", "ObjectType": "Process",
				"ObjectName": `\Device\HarddiskVolume2\Windows\System32\lsass.exe`, "AccessMask": "0x1010",
				"ProcessName": `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.2205.7-0\MsMpEng.exe`},
		},
		{
			// A query of one value under the SECURITY key is not a hive export.
			ID:      "4c985006-c542-4b6b-bfd8-febe8fe5f8cb", // SECURITY Hive Saved From the Registry
			Channel: sysmon, EventID: 1,
			Fields: map[string]string{"Image": `C:\Windows\System32\reg.exe`, "CommandLine": `reg query HKLM\SECURITY\Policy /v PolAdtEv`,
				"ParentImage": `C:\Windows\System32\cmd.exe`},
		},
	}...)
}
