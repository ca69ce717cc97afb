package detect

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/sigma"
)

// ruleSample is an event a rule must match: its channel, event ID and the
// fields the rule looks at.
type ruleSample struct {
	ID      string
	Channel string
	EventID int
	Fields  map[string]string
}

func (s ruleSample) event() *huntflow.Event {
	ev := &huntflow.Event{Channel: s.Channel, EventID: s.EventID, Fields: s.Fields, Host: "ws01.example.local"}
	ev.Image = s.Fields["Image"]
	ev.CommandLine = s.Fields["CommandLine"]
	ev.ParentImage = s.Fields["ParentImage"]
	return ev
}

func shipped(t *testing.T) *sigma.RuleSet {
	t.Helper()
	rs, lerrs, err := LoadShipped()
	if err != nil {
		t.Fatalf("load shipped rules: %v", err)
	}
	for _, e := range lerrs {
		t.Errorf("shipped rule does not load: %v", e)
	}
	return rs
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestShippedRulesLoadCleanly(t *testing.T) {
	if _, err := Default(); err != nil {
		t.Fatalf("Default: %v", err)
	}
	rs := shipped(t)
	if n := len(rs.Rules()); n < 80 {
		t.Errorf("shipped %d rules, want at least 80", n)
	}
	if u := rs.Unsupported(); len(u) > 0 {
		t.Errorf("shipped rules use unsupported features: %v", u)
	}
	if len(rs.Correlations()) == 0 {
		t.Error("no correlation rules shipped")
	}
}

func TestShippedRulesMetadata(t *testing.T) {
	rs := shipped(t)
	ids := map[string]string{}
	check := func(kind, id, title, level, author, path string, techniques, tactics []string) {
		t.Helper()
		name := kind + " " + path + " " + title
		if !uuidRE.MatchString(id) {
			t.Errorf("%s: id %q is not a lower-case UUID", name, id)
		}
		if prev, dup := ids[id]; dup {
			t.Errorf("%s: id %s also used by %s", name, id, prev)
		}
		ids[id] = name
		if strings.TrimSpace(title) == "" {
			t.Errorf("%s: no title", name)
		}
		if _, err := huntflow.ParseSeverity(level); err != nil || level == "" {
			t.Errorf("%s: bad level %q", name, level)
		}
		if author != "huntflow" {
			t.Errorf("%s: author %q, want huntflow", name, author)
		}
		if len(techniques) == 0 || len(tactics) == 0 {
			t.Errorf("%s: needs ATT&CK technique and tactic tags, has %v %v", name, techniques, tactics)
		}
	}
	for _, r := range rs.Rules() {
		check("rule", r.ID, r.Title, r.Level, r.Author, r.Path, r.Techniques(), r.Tactics())
		if r.Description == "" || len(r.FalsePositives) == 0 || r.Status == "" {
			t.Errorf("rule %s: description, status and falsepositives are required", r.Path)
		}
		if r.Logsource.Product != "windows" {
			t.Errorf("rule %s: logsource product %q", r.Path, r.Logsource.Product)
		}
		if dir, _, _ := strings.Cut(r.Path, "/"); !slices.Contains(tacticFolders(r.Tactics()), dir) {
			t.Errorf("rule %s is filed under %s but tagged %v", r.Path, dir, r.Tactics())
		}
	}
	for _, c := range rs.Correlations() {
		check("correlation", c.ID, c.Title, c.Level, c.Author, c.Path, c.Techniques(), c.Tactics())
	}
}

// tacticFolders are the folders a rule with these tactics may live in.
func tacticFolders(tactics []string) []string {
	var out []string
	for _, t := range tactics {
		out = append(out, strings.ReplaceAll(t, "-", "_"))
	}
	return out
}

func TestEveryRuleHasAPositiveSample(t *testing.T) {
	rs := shipped(t)
	byID := map[string]*sigma.Rule{}
	for _, r := range rs.Rules() {
		byID[r.ID] = r
	}
	sampled := map[string]bool{}
	for _, s := range rulePositives {
		r, ok := byID[s.ID]
		if !ok {
			t.Errorf("sample for unknown rule %s", s.ID)
			continue
		}
		sampled[s.ID] = true
		var got []string
		rs.Match(s.event(), s.Channel, s.EventID, func(m *sigma.Rule) { got = append(got, m.ID) })
		if !slices.Contains(got, s.ID) {
			t.Errorf("rule %s (%s) does not match its sample %v", r.Title, r.Path, s.Fields)
		}
	}
	for _, r := range rs.Rules() {
		if !sampled[r.ID] {
			t.Errorf("rule %s (%s) has no positive sample", r.Title, r.Path)
		}
	}
}

// TestBenignSamplesMatchNothing feeds everyday activity of Windows and common
// software; no shipped rule may fire on it.
func TestBenignSamplesMatchNothing(t *testing.T) {
	const sysmon, security = "Microsoft-Windows-Sysmon/Operational", "Security"
	benign := []struct {
		name    string
		channel string
		id      int
		fields  map[string]string
	}{
		{"svchost service group", sysmon, 1, map[string]string{"Image": `C:\Windows\System32\svchost.exe`, "CommandLine": `C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule`, "ParentImage": `C:\Windows\System32\services.exe`}},
		{"edge renderer", sysmon, 1, map[string]string{"Image": `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, "CommandLine": `"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --type=renderer --lang=en-US`, "ParentImage": `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`}},
		{"user opens notepad", security, 4688, map[string]string{"Image": `C:\Windows\System32\notepad.exe`, "CommandLine": `"C:\Windows\system32\notepad.exe" C:\Users\bob\Documents\todo.txt`, "ParentImage": `C:\Windows\explorer.exe`}},
		{"wmi provider host", sysmon, 1, map[string]string{"Image": `C:\Windows\System32\wbem\WmiPrvSE.exe`, "CommandLine": `C:\Windows\system32\wbem\wmiprvse.exe -secured -Embedding`, "ParentImage": `C:\Windows\System32\svchost.exe`}},
		{"interactive powershell", sysmon, 1, map[string]string{"Image": `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, "CommandLine": `"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"`, "ParentImage": `C:\Windows\explorer.exe`}},
		{"defender scan", sysmon, 1, map[string]string{"Image": `C:\Program Files\Windows Defender\MpCmdRun.exe`, "CommandLine": `"C:\Program Files\Windows Defender\MpCmdRun.exe" Scan -ScheduleJob -ScanTrigger 55`, "ParentImage": `C:\Windows\System32\svchost.exe`}},
		{"virtualbox guest service reads lsass", sysmon, 10, map[string]string{"SourceImage": `C:\Windows\System32\VBoxService.exe`, "TargetImage": `C:\Windows\system32\lsass.exe`, "GrantedAccess": "0x1400", "CallTrace": `C:\Windows\SYSTEM32\ntdll.dll+9c584|C:\Windows\System32\KERNELBASE.dll+2730e`}},
		{"svchost queries lsass", sysmon, 10, map[string]string{"SourceImage": `C:\Windows\system32\svchost.exe`, "TargetImage": `C:\Windows\system32\lsass.exe`, "GrantedAccess": "0x1000", "CallTrace": `C:\Windows\SYSTEM32\ntdll.dll+9c584`}},
		{"defender opens lsass", sysmon, 10, map[string]string{"SourceImage": `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.2205.7-0\MsMpEng.exe`, "TargetImage": `C:\Windows\system32\lsass.exe`, "GrantedAccess": "0x1fffff", "CallTrace": `C:\Windows\SYSTEM32\ntdll.dll+9c584`}},
		{"edge loads a signed dll", sysmon, 7, map[string]string{"Image": `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, "ImageLoaded": `C:\Windows\System32\dbghelp.dll`, "Signed": "true"}},
		{"explorer sets run key for onedrive", sysmon, 13, map[string]string{"Image": `C:\Windows\explorer.exe`, "TargetObject": `HKU\S-1-5-21-1-2-3-1001\Software\Microsoft\Windows\CurrentVersion\Run\OneDrive`, "Details": `"C:\Users\bob\AppData\Local\Microsoft\OneDrive\OneDrive.exe" /background`}},
		{"task scheduler maintenance", security, 4702, map[string]string{"TaskName": `\Microsoft\Windows\UpdateOrchestrator\Schedule Scan`, "SubjectUserName": "WS01$", "TaskContentNew": `<Exec><Command>%systemroot%\system32\usoclient.exe</Command></Exec>`}},
		{"service installed by msi", "System", 7045, map[string]string{"ServiceName": "Contoso Updater", "ImagePath": `"C:\Program Files\Contoso\updater.exe" --service`}},
		{"machine account share access", security, 5140, map[string]string{"ShareName": `\\*\SYSVOL`, "SubjectUserName": "WS01$", "IpAddress": "10.0.0.5"}},
		{"powershell module logging of Get-ChildItem", "Microsoft-Windows-PowerShell/Operational", 4103, map[string]string{"Payload": `CommandInvocation(Get-ChildItem): "Get-ChildItem"`}},
		{"outbound https from browser", sysmon, 3, map[string]string{"Image": `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, "DestinationPort": "443", "Initiated": "true"}},
		{"sc queries a service", security, 4688, map[string]string{"Image": `C:\Windows\System32\sc.exe`, "CommandLine": `sc query wuauserv`, "ParentImage": `C:\Windows\System32\cmd.exe`}},
		{"gpupdate", security, 4688, map[string]string{"Image": `C:\Windows\System32\gpupdate.exe`, "CommandLine": `gpupdate.exe /target:computer`, "ParentImage": `C:\Windows\System32\svchost.exe`}},
		{"defender signature update", sysmon, 1, map[string]string{"Image": `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.2205.7-0\MpCmdRun.exe`, "CommandLine": `"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.2205.7-0\MpCmdRun.exe" -SignatureUpdate -ScheduleJob`, "ParentImage": `C:\Windows\System32\svchost.exe`}},
		{"defender writes a new engine", sysmon, 11, map[string]string{"Image": `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.2205.7-0\MsMpEng.exe`, "TargetFilename": `C:\ProgramData\Microsoft\Windows Defender\Definition Updates\{F08E4A3E-D7F3-4E14-AA69-006CA99F414C}\mpengine.dll`}},
		{"defender reads the volume", sysmon, 9, map[string]string{"Image": `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.2205.7-0\MsMpEng.exe`, "Device": `\Device\HarddiskVolume2`}},
		{"ngen task compiles assemblies", sysmon, 1, map[string]string{"Image": `C:\Windows\Microsoft.NET\Framework64\v4.0.30319\ngen.exe`, "CommandLine": `"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\ngen.exe" install "System.Management.Automation" /NoDependencies /noroot /version:v4.0.30319 /LegacyServiceBehavior`, "ParentImage": `C:\Windows\Microsoft.NET\Framework64\v4.0.30319\ngentask.exe`}},
		{"ngen task registered by the machine", security, 4698, map[string]string{"TaskName": `\Microsoft\Windows\.NET Framework\.NET Framework NGEN v4.0.30319 64`, "SubjectUserName": "WS01$", "TaskContent": `<Exec><Command>%windir%\Microsoft.NET\Framework64\v4.0.30319\ngentask.exe</Command><Arguments>/RuntimeWide</Arguments></Exec>`}},
		{"network diagnostics run ipconfig", sysmon, 1, map[string]string{"Image": `C:\Windows\System32\cmd.exe`, "CommandLine": `"C:\Windows\System32\cmd.exe" /c ipconfig /all >> config\envinfo.txt`, "ParentImage": `C:\Windows\System32\cscript.exe`, "ParentCommandLine": `C:\Windows\system32\cscript.exe C:\Windows\system32\gatherNetworkInfo.vbs`}},
		{"network diagnostics run systeminfo", sysmon, 1, map[string]string{"Image": `C:\Windows\System32\systeminfo.exe`, "CommandLine": `systeminfo`, "ParentImage": `C:\Windows\System32\cmd.exe`, "CurrentDirectory": `C:\Users\bob\AppData\Local\Temp\RPT1A2B.tmp\CabFolder\`}},
		{"powershell policy probe file", sysmon, 11, map[string]string{"Image": `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, "TargetFilename": `C:\Users\bob\AppData\Local\Temp\__PSScriptPolicyTest_4kq1cd2s.xyz.ps1`}},
		{"powershell deletes its policy probe", sysmon, 23, map[string]string{"Image": `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, "TargetFilename": `C:\Users\bob\AppData\Local\Temp\__PSScriptPolicyTest_4kq1cd2s.xyz.ps1`}},
		{"jump list timestamps", sysmon, 2, map[string]string{"Image": `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, "TargetFilename": `C:\Users\bob\AppData\Roaming\Microsoft\Windows\Recent\CustomDestinations\ABCDEF0123.temp`}},
		{"CimCmdlets module loads", "Microsoft-Windows-PowerShell/Operational", 4104, map[string]string{"ScriptBlockText": `Set-Alias -Name rcie -Value Register-CimIndicationEvent -Option ReadOnly, AllScope -ErrorAction SilentlyContinue`}},
		{"windows update client", sysmon, 1, map[string]string{"Image": `C:\Windows\System32\usoclient.exe`, "CommandLine": `C:\Windows\system32\usoclient.exe StartScan`, "ParentImage": `C:\Windows\System32\svchost.exe`}},
		{"msi installs a package", sysmon, 1, map[string]string{"Image": `C:\Windows\System32\msiexec.exe`, "CommandLine": `"C:\Windows\System32\msiexec.exe" /i "C:\Users\bob\Downloads\7z2301-x64.msi"`, "ParentImage": `C:\Windows\explorer.exe`}},
		{"user opens a word document", sysmon, 1, map[string]string{"Image": `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`, "CommandLine": `"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" /n "C:\Users\bob\Documents\plan.docx"`, "ParentImage": `C:\Windows\explorer.exe`}},
		{"network logon of a machine account", security, 4624, map[string]string{"LogonType": "3", "TargetUserName": "WS02$", "IpAddress": "10.0.0.9"}},
		{"service started", "System", 7036, map[string]string{"param1": "Windows Update", "param2": "running"}},
		{"onedrive sync writes a file", sysmon, 11, map[string]string{"Image": `C:\Users\bob\AppData\Local\Microsoft\OneDrive\OneDrive.exe`, "TargetFilename": `C:\Users\bob\OneDrive\Documents\plan.docx`}},
		{"script block reading the date", "Microsoft-Windows-PowerShell/Operational", 4104, map[string]string{"ScriptBlockText": `Get-Date -Format o | Out-File C:\Users\bob\last-run.txt`}},
		{"explorer starts the settings app", sysmon, 1, map[string]string{"Image": `C:\Windows\ImmersiveControlPanel\SystemSettings.exe`, "CommandLine": `"C:\Windows\ImmersiveControlPanel\SystemSettings.exe" -ServerName:microsoft.windows.immersivecontrolpanel`, "ParentImage": `C:\Windows\System32\svchost.exe`}},
		{"chrome update", sysmon, 1, map[string]string{"Image": `C:\Program Files (x86)\Google\Update\GoogleUpdate.exe`, "CommandLine": `"C:\Program Files (x86)\Google\Update\GoogleUpdate.exe" /ua /installsource scheduler`, "ParentImage": `C:\Windows\System32\svchost.exe`}},
		{"dns query by browser", sysmon, 22, map[string]string{"Image": `C:\Program Files\Google\Chrome\Application\chrome.exe`, "QueryName": "www.example.com"}},
		{"defender real-time protection running", "Microsoft-Windows-Windows Defender/Operational", 5000, map[string]string{"EventID": "5000"}},
		{"task scheduler runs a task", "Microsoft-Windows-TaskScheduler/Operational", 200, map[string]string{"TaskName": `\Microsoft\Windows\Defrag\ScheduledDefrag`, "ActionName": `%windir%\system32\defrag.exe`}},
	}
	rs := shipped(t)
	for _, b := range benign {
		t.Run(b.name, func(t *testing.T) {
			s := ruleSample{Channel: b.channel, EventID: b.id, Fields: b.fields}
			rs.Match(s.event(), b.channel, b.id, func(r *sigma.Rule) {
				t.Errorf("rule %q (%s) fired on benign %s", r.Title, r.Path, b.name)
			})
		})
	}
}
