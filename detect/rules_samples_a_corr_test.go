package detect

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// Samples for hand-written credential-access rules that feed correlations
// (issue #8): one event each rule must match and a benign look-alike.

func init() {
	rulePositives = append(rulePositives,
		ruleSample{
			ID: "ba3b1013-37c1-45d2-b1ac-49b208f40b75", Channel: "Security", EventID: 4771,
			Fields: map[string]string{"EventID": "4771", "TargetUserName": "bob", "IpAddress": "::ffff:10.0.0.9", "Status": "0x18"},
		},
		ruleSample{
			ID: "af2ce622-d099-448c-a876-f435b686a45a", Channel: "Security", EventID: 4776,
			Fields: map[string]string{"EventID": "4776", "TargetUserName": "alice", "Workstation": "WS09", "Status": "0xC000006A"},
		},
	)
	ruleNegatives = append(ruleNegatives,
		// Pre-authentication required (0x19) is the normal first round of
		// every Kerberos logon, not a wrong password.
		ruleSample{
			ID: "ba3b1013-37c1-45d2-b1ac-49b208f40b75", Channel: "Security", EventID: 4771,
			Fields: map[string]string{"EventID": "4771", "TargetUserName": "bob", "IpAddress": "::ffff:10.0.0.9", "Status": "0x19"},
		},
		// A successful NTLM validation.
		ruleSample{
			ID: "af2ce622-d099-448c-a876-f435b686a45a", Channel: "Security", EventID: 4776,
			Fields: map[string]string{"EventID": "4776", "TargetUserName": "alice", "Workstation": "WS09", "Status": "0x0"},
		},
	)
}

// TestCorrelationKerberosAndNTLMSpraying feeds many failed Kerberos
// pre-authentications and NTLM validations: the spray correlations fire on
// eight accounts from one source, the burst on ten failures of one account,
// and nothing fires below the thresholds.
func TestCorrelationKerberosAndNTLMSpraying(t *testing.T) {
	mk := func(id string, i, eventID int, fields map[string]string) *huntflow.Event {
		return &huntflow.Event{ID: fmt.Sprintf("%s%02d", id, i), Time: t0.Add(time.Duration(i) * 10 * time.Second), Channel: "Security", EventID: eventID, Host: "DC01", Fields: fields}
	}
	kerberos := func(n int) []*huntflow.Event {
		var evs []*huntflow.Event
		for i := range n {
			evs = append(evs, mk("k", i, 4771, map[string]string{"EventID": "4771", "Status": "0x18", "IpAddress": "::ffff:10.0.0.66", "TargetUserName": fmt.Sprintf("user%02d", i)}))
		}
		return evs
	}
	ntlmUsers := func(n int) []*huntflow.Event {
		var evs []*huntflow.Event
		for i := range n {
			evs = append(evs, mk("n", i, 4776, map[string]string{"EventID": "4776", "Status": "0xc000006a", "Workstation": "KALI", "TargetUserName": fmt.Sprintf("user%02d", i)}))
		}
		return evs
	}
	ntlmOneUser := func(n int) []*huntflow.Event {
		var evs []*huntflow.Event
		for i := range n {
			evs = append(evs, mk("o", i, 4776, map[string]string{"EventID": "4776", "Status": "0xc000006a", "Workstation": "WS09", "TargetUserName": "alice"}))
		}
		return evs
	}
	cases := []struct {
		name string
		evs  []*huntflow.Event
		want string // "" means no finding at all
	}{
		{"kerberos spray", kerberos(9), "Kerberos Password Spraying Across Many Accounts"},
		{"kerberos below threshold", kerberos(5), ""},
		{"ntlm spray", ntlmUsers(9), "NTLM Password Spraying Across Many Accounts"},
		{"ntlm below threshold", ntlmUsers(5), ""},
		{"ntlm burst on one account", ntlmOneUser(11), "Burst of NTLM Failures for One Account"},
		{"ntlm few failures on one account", ntlmOneUser(4), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			titles := findingTitles(t, c.evs)
			if c.want == "" {
				if len(titles) != 0 {
					t.Errorf("want no finding, got %v", titles)
				}
				return
			}
			if !slices.Contains(titles, c.want) {
				t.Errorf("want %q, got %v", c.want, titles)
			}
			for _, base := range []string{"Kerberos Pre-Authentication Failed With a Wrong Password", "NTLM Credential Validation Failed With a Wrong Password or Unknown User"} {
				if slices.Contains(titles, base) {
					t.Errorf("base rule %q produced a finding of its own", base)
				}
			}
		})
	}
}

func init() {
	const psOp = "Microsoft-Windows-PowerShell/Operational"
	rulePositives = append(rulePositives,
		// A task registered by SYSTEM (shown as the machine account) outside
		// Windows' own task tree, running PowerShell.
		ruleSample{ID: "8c603aef-e7ac-44cb-9b40-b0e601d9fa8c", Channel: "Security", EventID: 4698,
			Fields: map[string]string{"TaskName": "\\Updater", "SubjectUserName": "WS01$", "TaskContent": "<Exec><Command>powershell.exe</Command><Arguments>-nop -w hidden -enc SQBFAFgA</Arguments></Exec>"}},
		// WerFault writing an LSASS dump outside its report folders: the
		// silent-process-exit dumping trick.
		ruleSample{ID: "342d6859-bac9-43fb-9c17-6b4601d44514", Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 11,
			Fields: map[string]string{"Image": "C:\\Windows\\System32\\WerFault.exe", "TargetFilename": "C:\\Users\\Public\\dumps\\lsass.exe-(PID-740).dmp"}},
		ruleSample{ID: "370a4d6b-7f40-43d0-b0a9-ae92d3359341", Channel: psOp, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": "Invoke-PowerDump | Out-File C:\\Users\\Public\\h.txt"}},
		ruleSample{ID: "7ddf53b5-caed-4ff5-92da-ff959b676495", Channel: psOp, EventID: 4103,
			Fields: map[string]string{"Payload": "CommandInvocation(Get-PassHashes): \"Get-PassHashes\"\r\n"}},
		ruleSample{ID: "4a699c94-a231-4b07-a0bf-2052f9d7e584", Channel: psOp, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": "Invoke-NinjaCopy -Path C:\\Windows\\System32\\config\\SAM -LocalDestination C:\\Users\\Public\\s"}},
	)
	ruleNegatives = append(ruleNegatives,
		// Reading one's own password policy is not dumping hashes.
		ruleSample{ID: "370a4d6b-7f40-43d0-b0a9-ae92d3359341", Channel: psOp, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": "Get-LocalUser | Select-Object Name, PasswordLastSet"}},
		// PowerView-style alias lines and other cmdlets in the module log.
		ruleSample{ID: "7ddf53b5-caed-4ff5-92da-ff959b676495", Channel: psOp, EventID: 4103,
			Fields: map[string]string{"Payload": "CommandInvocation(Set-Alias): \"Set-Alias\"\r\nParameterBinding(Set-Alias): name=\"Value\"; value=\"Get-PassHashes\"\r\n"}},
		// The script that only defines the function when it is imported.
		ruleSample{ID: "4a699c94-a231-4b07-a0bf-2052f9d7e584", Channel: psOp, EventID: 4104,
			Fields: map[string]string{"ScriptBlockText": "function Invoke-NinjaCopy\n{\n    [CmdletBinding()] Param([String] $Path)\n}"}},
	)
}
