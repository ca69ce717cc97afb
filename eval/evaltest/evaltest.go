// Package evaltest writes tiny synthetic evaluation corpora (the OTRF
// Security-Datasets layout: metadata/*.yaml and zipped JSON-lines host
// logs) and a rule folder whose findings on them are known exactly, for
// the tests of package eval and of the commands built on it.
package evaltest

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Sim is one simulation of a synthetic corpus.
type Sim struct {
	Name, Title string
	// Labels are technique IDs (T1003.001) with their tactic IDs after a
	// space: "T1587.001 TA0042".
	Labels []string
	// Lines are the host log's JSON lines; nil with Missing writes a
	// metadata file whose archive is not there.
	Lines   []string
	Missing bool
}

// Event renders one Sysmon event as a JSON line in the OTRF shape.
func Event(t testing.TB, fields map[string]any) string {
	t.Helper()
	ev := map[string]any{"Channel": "Microsoft-Windows-Sysmon/Operational", "Hostname": "WS01.example.local"}
	for k, v := range fields {
		ev[k] = v
	}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func process(t testing.TB, at, guid string, pid int, image, cmdline string) string {
	return Event(t, map[string]any{
		"@timestamp": at, "EventID": 1, "ProcessGuid": guid, "ProcessId": pid,
		"Image": image, "CommandLine": cmdline,
		"ParentImage": `C:\Windows\System32\cmd.exe`, "ParentProcessGuid": "{11111111-0000-0000-0000-000000000000}",
		"ParentProcessId": 4000, "User": `EXAMPLE\alice`,
	})
}

// Dump is a simulation of an LSASS dump with comsvcs and discovery:
// labelled T1003.001, T1082, T1057 and the pre-compromise T1587.001; four
// events (the dump, systeminfo, tasklist, a svchost connection) and one
// malformed line.
func Dump(t testing.TB) Sim {
	return Sim{
		Name: "SYN-dump", Title: "Synthetic LSASS dump with discovery",
		Labels: []string{"T1003.001 TA0006", "T1082 TA0007", "T1057 TA0007", "T1587.001 TA0042"},
		Lines: []string{
			process(t, "2023-08-16T05:00:00.000Z", "{11111111-0000-0000-0000-000000000001}", 4242, `C:\Windows\System32\rundll32.exe`,
				`"C:\Windows\System32\rundll32.exe" C:\windows\System32\comsvcs.dll, MiniDump 628 C:\Windows\Temp\out.dmp full`),
			process(t, "2023-08-16T05:00:01.000Z", "{11111111-0000-0000-0000-000000000002}", 4243, `C:\Windows\System32\systeminfo.exe`, "systeminfo"),
			process(t, "2023-08-16T05:00:01.500Z", "{11111111-0000-0000-0000-000000000004}", 4244, `C:\Windows\System32\tasklist.exe`, "tasklist"),
			Event(t, map[string]any{"@timestamp": "2023-08-16T05:00:02.000Z", "EventID": 3, "ProcessGuid": "{11111111-0000-0000-0000-000000000003}",
				"ProcessId": 888, "Image": `C:\Windows\System32\svchost.exe`, "DestinationIp": "10.0.0.5", "DestinationPort": "443", "Initiated": "true"}),
			`{"not an event": true`,
		},
	}
}

// Discovery is a simulation of two discovery commands, labelled T1057 and
// T1082: two events.
func Discovery(t testing.TB) Sim {
	return Sim{
		Name: "SYN-discovery", Title: "Synthetic discovery",
		Labels: []string{"T1057 TA0007", "T1082 TA0007"},
		Lines: []string{
			process(t, "2023-08-17T09:00:00.000Z", "{22222222-0000-0000-0000-000000000001}", 5000, `C:\Windows\System32\tasklist.exe`, "tasklist /v"),
			process(t, "2023-08-17T09:00:03.000Z", "{22222222-0000-0000-0000-000000000002}", 5001, `C:\Windows\System32\systeminfo.exe`, "systeminfo"),
		},
	}
}

// Missing is a simulation whose archive is not in the corpus.
func Missing() Sim {
	return Sim{Name: "SYN-missing", Title: "Synthetic simulation whose archive is not in the corpus",
		Labels: []string{"T1053.005 TA0003"}, Missing: true}
}

// Corpus writes sims as a corpus under a new temporary folder and returns
// the folder.
func Corpus(t testing.TB, sims ...Sim) string {
	t.Helper()
	dir := t.TempDir()
	for _, s := range sims {
		writeSim(t, dir, s)
	}
	return dir
}

// Standard is the corpus of Dump, Discovery and Missing.
func Standard(t testing.TB) string {
	t.Helper()
	return Corpus(t, Dump(t), Discovery(t), Missing())
}

func writeSim(t testing.TB, dir string, s Sim) {
	t.Helper()
	rel := "datasets/synthetic/" + strings.ToLower(s.Name) + "_host.zip"
	var meta strings.Builder
	fmt.Fprintf(&meta, "title: %s\nattack_mappings:\n", s.Title)
	for _, l := range s.Labels {
		id, tactic, _ := strings.Cut(l, " ")
		tech, sub, _ := strings.Cut(id, ".")
		fmt.Fprintf(&meta, "  - technique: %s\n    sub-technique: %q\n    tactics:\n      - %s\n", tech, sub, tactic)
	}
	fmt.Fprintf(&meta, "files:\n- type: Network\n  link: https://raw.githubusercontent.com/OTRF/Security-Datasets/master/datasets/synthetic/network.zip\n")
	fmt.Fprintf(&meta, "- type: Host\n  link: https://raw.githubusercontent.com/OTRF/Security-Datasets/master/%s\n", rel)
	write(t, filepath.Join(dir, "metadata", s.Name+".yaml"), []byte(meta.String()))
	if s.Missing {
		return
	}
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create(strings.ToLower(s.Name) + "_host.json")
	if err == nil {
		_, err = w.Write([]byte(strings.Join(s.Lines, "\n") + "\n"))
	}
	if err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// RuleFiles are the rules Rules writes, by file name. On the Standard
// corpus: systeminfo fires in SYN-dump and SYN-discovery; comsvcs (tagged
// T1003.001 and T1218.011) and the svchost connection (T1071.001, which no
// simulation is labelled with) in SYN-dump only; shadow-copy deletion
// never. tasklist has no rule.
var RuleFiles = map[string]string{
	"systeminfo.yml": `title: Systeminfo run
id: 10000000-0000-4000-8000-000000000001
status: test
level: low
logsource: {category: process_creation, product: windows}
detection:
  sel: {Image|endswith: '\systeminfo.exe'}
  condition: sel
tags: [attack.discovery, attack.t1082]
`,
	"comsvcs.yml": `title: LSASS dump with comsvcs MiniDump
id: 10000000-0000-4000-8000-000000000002
status: stable
level: high
logsource: {category: process_creation, product: windows}
detection:
  sel: {CommandLine|contains|all: [comsvcs, MiniDump]}
  condition: sel
tags: [attack.credential-access, attack.t1003.001, attack.defense-evasion, attack.t1218.011]
`,
	"svchost_net.yml": `title: Svchost outbound HTTPS
id: 10000000-0000-4000-8000-000000000003
status: experimental
level: informational
logsource: {category: network_connection, product: windows}
detection:
  sel: {Image|endswith: '\svchost.exe', DestinationPort: 443}
  condition: sel
tags: [attack.command-and-control, attack.t1071.001]
`,
	"shadows.yml": `title: Shadow copies deleted
id: 10000000-0000-4000-8000-000000000004
status: test
level: critical
logsource: {category: process_creation, product: windows}
detection:
  sel: {CommandLine|contains|all: [vssadmin, delete, shadows]}
  condition: sel
tags: [attack.impact, attack.t1490]
`,
}

// Rules writes RuleFiles under a new temporary folder and returns it.
func Rules(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range RuleFiles {
		write(t, filepath.Join(dir, name), []byte(body))
	}
	return dir
}
