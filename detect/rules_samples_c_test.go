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
	)
}
