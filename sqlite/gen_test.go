package sqlite

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/huntflow/huntflow"
)

// synth builds realistic events: field sets and sizes as Sysmon and the
// Security log write them (about 2 KB raw each), varied by sequence number
// so IDs, times, PIDs and GUIDs differ.
type synth struct {
	start time.Time
	step  time.Duration
	hosts []string
}

func newSynth(start time.Time, step time.Duration) *synth {
	return &synth{start: start, step: step, hosts: []string{"MKT01.pandalab.com", "HR001.pandalab.com", "DC01.pandalab.com", "WS042.pandalab.com"}}
}

const (
	msgProcessCreate = "Process Create:\r\nRuleName: -\r\nUtcTime: %s\r\nProcessGuid: %s\r\nProcessId: %d\r\nImage: %s\r\nFileVersion: 10.0.19041.1806 (WinBuild.160101.0800)\r\nDescription: Host Process for Windows Services\r\nProduct: Microsoft® Windows® Operating System\r\nCompany: Microsoft Corporation\r\nOriginalFileName: svchost.exe\r\nCommandLine: %s\r\nCurrentDirectory: C:\\Windows\\system32\\\r\nUser: NT AUTHORITY\\NETWORK SERVICE\r\nLogonGuid: {81056205-d0f5-64d4-e403-000000000000}\r\nLogonId: 0x3E4\r\nTerminalSessionId: 0\r\nIntegrityLevel: System\r\nHashes: SHA1=1BC5066DDF693FC034D6514618854E26A84FD0D1,MD5=B7F884C1B74A263F746EE12A5F7C9F6A,SHA256=ADD683A6910ABBBF0E28B557FAD0BA998166394932AE2ACA069D9AA19EA8FE88,IMPHASH=247B9220E5D9B720A82B2C8B5069AD69\r\nParentProcessGuid: {81056205-d0f3-64d4-0b00-000000000800}\r\nParentProcessId: 604\r\nParentImage: C:\\Windows\\System32\\services.exe\r\nParentCommandLine: C:\\Windows\\system32\\services.exe\r\nParentUser: NT AUTHORITY\\SYSTEM"
	msgProcessAccess = "Process accessed:\r\nRuleName: -\r\nUtcTime: %s\r\nSourceProcessGUID: %s\r\nSourceProcessId: %d\r\nSourceThreadId: 1652\r\nSourceImage: %s\r\nTargetProcessGUID: {81056205-d114-64d4-5500-000000000800}\r\nTargetProcessId: 3740\r\nTargetImage: C:\\Windows\\System32\\svchost.exe\r\nGrantedAccess: 0x1400\r\nCallTrace: C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|C:\\Windows\\System32\\VBoxService.exe+13bad|C:\\Windows\\System32\\VBoxService.exe+139d9|C:\\Windows\\System32\\VBoxService.exe+14d25|C:\\Windows\\System32\\VBoxService.exe+103d0|C:\\Windows\\System32\\VBoxService.exe+1bc5|C:\\Windows\\System32\\VBoxService.exe+1b2bb|C:\\Windows\\System32\\VBoxService.exe+200f5|C:\\Windows\\System32\\KERNEL32.DLL+17034|C:\\Windows\\SYSTEM32\\ntdll.dll+526a1\r\nSourceUser: NT AUTHORITY\\SYSTEM\r\nTargetUser: NT AUTHORITY\\SYSTEM"
	msg4688          = "A new process has been created.\r\n\r\nCreator Subject:\r\n\tSecurity ID:\t\tS-1-5-18\r\n\tAccount Name:\t\tMKT01$\r\n\tAccount Domain:\t\tPANDALAB\r\n\tLogon ID:\t\t0x3E7\r\n\r\nProcess Information:\r\n\tNew Process ID:\t\t0x%x\r\n\tNew Process Name:\t%s\r\n\tToken Elevation Type:\t%%%%1936\r\n\tMandatory Label:\t\tS-1-16-16384\r\n\tCreator Process ID:\t0x25c\r\n\tCreator Process Name:\tC:\\Windows\\System32\\services.exe\r\n\tProcess Command Line:\t%s\r\n\r\nToken Elevation Type indicates the type of token that was assigned to the new process in accordance with User Account Control policy.\r\n\r\nType 1 is a full token with no privileges removed or groups disabled.  A full token is only used if User Account Control is disabled or if the user is the built-in Administrator account or a service account.\r\n\r\nType 2 is an elevated token with no privileges removed or groups disabled."
)

var synthImages = []string{
	`C:\Windows\System32\svchost.exe`,
	`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
	`C:\Windows\System32\VBoxService.exe`,
	`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
	`C:\Windows\System32\conhost.exe`,
}

// event returns the i-th synthetic event.
func (s *synth) event(i int) huntflow.Event {
	t := s.start.Add(time.Duration(i) * s.step).UTC()
	host := s.hosts[i%len(s.hosts)]
	image := synthImages[i%len(synthImages)]
	pid := int64(1000 + i%7919)
	guid := fmt.Sprintf("{81056205-%04x-64dc-%04x-000000000800}", i>>16&0xffff, i&0xffff)
	cmd := fmt.Sprintf(`"%s" -k netsvcs -p -s Schedule /seq:%d`, image, i)
	utc := t.Format("2006-01-02 15:04:05.000")
	f := map[string]string{
		"SourceName": "Microsoft-Windows-Sysmon", "ProviderGuid": "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}",
		"Level": "4", "Keywords": "0x8000000000000000", "Channel": "Microsoft-Windows-Sysmon/Operational",
		"Hostname": host, "TimeCreated": t.Format(time.RFC3339Nano), "@timestamp": t.Format(time.RFC3339Nano),
		"RuleName": "-", "UtcTime": utc,
	}
	e := huntflow.Event{
		Time: t, LocalTime: t.Add(-5 * time.Hour).Format("2006-01-02 15:04:05"),
		Channel: f["Channel"], Provider: f["SourceName"], Host: host,
	}
	switch i % 3 {
	case 0:
		e.EventID = 1
		e.ProcessGUID, e.ProcessID, e.Image, e.CommandLine = guid, pid, image, cmd
		e.ParentProcessGUID, e.ParentProcessID = "{81056205-d0f3-64d4-0b00-000000000800}", 604
		e.ParentImage, e.ParentCommandLine = `C:\Windows\System32\services.exe`, `C:\Windows\system32\services.exe`
		e.User = `NT AUTHORITY\NETWORK SERVICE`
		f["Task"], f["Message"] = "1", fmt.Sprintf(msgProcessCreate, utc, guid, pid, image, cmd)
		for k, v := range map[string]string{
			"ProcessGuid": guid, "ProcessId": strconv.FormatInt(pid, 10), "Image": image,
			"FileVersion": "10.0.19041.1806 (WinBuild.160101.0800)", "Description": "Host Process for Windows Services",
			"Product": "Microsoft® Windows® Operating System", "Company": "Microsoft Corporation",
			"OriginalFileName": "svchost.exe", "CommandLine": cmd, "CurrentDirectory": `C:\Windows\system32\`,
			"User": e.User, "LogonGuid": "{81056205-d0f5-64d4-e403-000000000000}", "LogonId": "0x3e4",
			"TerminalSessionId": "0", "IntegrityLevel": "System",
			"Hashes":            "SHA1=1BC5066DDF693FC034D6514618854E26A84FD0D1,MD5=B7F884C1B74A263F746EE12A5F7C9F6A,SHA256=ADD683A6910ABBBF0E28B557FAD0BA998166394932AE2ACA069D9AA19EA8FE88,IMPHASH=247B9220E5D9B720A82B2C8B5069AD69",
			"ParentProcessGuid": e.ParentProcessGUID, "ParentProcessId": "604", "ParentImage": e.ParentImage,
			"ParentCommandLine": e.ParentCommandLine, "ParentUser": `NT AUTHORITY\SYSTEM`,
		} {
			f[k] = v
		}
	case 1:
		e.EventID = 10
		e.ProcessGUID, e.ProcessID, e.Image = guid, pid, image
		f["Task"], f["Message"] = "10", fmt.Sprintf(msgProcessAccess, utc, guid, pid, image)
		for k, v := range map[string]string{
			"SourceProcessGUID": guid, "SourceProcessId": strconv.FormatInt(pid, 10), "SourceThreadId": "1652",
			"SourceImage": image, "TargetProcessGUID": "{81056205-d114-64d4-5500-000000000800}",
			"TargetProcessId": "3740", "TargetImage": `C:\Windows\System32\svchost.exe`, "GrantedAccess": "0x1400",
			"CallTrace":  `C:\Windows\SYSTEM32\ntdll.dll+9d4c4|C:\Windows\System32\KERNELBASE.dll+2c13e|C:\Windows\System32\VBoxService.exe+13bad|C:\Windows\System32\VBoxService.exe+139d9|C:\Windows\System32\VBoxService.exe+14d25|C:\Windows\System32\KERNEL32.DLL+17034|C:\Windows\SYSTEM32\ntdll.dll+526a1`,
			"SourceUser": `NT AUTHORITY\SYSTEM`, "TargetUser": `NT AUTHORITY\SYSTEM`,
		} {
			f[k] = v
		}
	default:
		e.EventID = 4688
		e.Channel, e.Provider = "Security", "Microsoft-Windows-Security-Auditing"
		e.ProcessID, e.Image, e.CommandLine = pid, image, cmd
		e.ParentProcessID, e.ParentImage = 0x25c, `C:\Windows\System32\services.exe`
		e.User = `PANDALAB\MKT01$`
		f["SourceName"], f["Channel"], f["Task"] = e.Provider, e.Channel, "13312"
		f["Message"] = fmt.Sprintf(msg4688, pid, image, cmd)
		for k, v := range map[string]string{
			"SubjectUserSid": "S-1-5-18", "SubjectUserName": "MKT01$", "SubjectDomainName": "PANDALAB",
			"SubjectLogonId": "0x3e7", "NewProcessId": fmt.Sprintf("0x%x", pid), "NewProcessName": image,
			"TokenElevationType": "%%1936", "ProcessId": "0x25c", "CommandLine": cmd, "TargetUserSid": "S-1-0-0",
			"TargetUserName": "MKT01$", "TargetDomainName": "PANDALAB", "TargetLogonId": "0x3e4",
			"ParentProcessName": e.ParentImage, "MandatoryLabel": "S-1-16-16384",
		} {
			f[k] = v
		}
	}
	e.Fields = f
	raw, err := json.Marshal(f)
	if err != nil {
		panic(err)
	}
	e.Raw = raw
	sum := sha256.Sum256(raw)
	e.ID = hex.EncodeToString(sum[:16])
	return e
}

func (s *synth) events(from, n int) []huntflow.Event {
	out := make([]huntflow.Event, n)
	for i := range out {
		out[i] = s.event(from + i)
	}
	return out
}
