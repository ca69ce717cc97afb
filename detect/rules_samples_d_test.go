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
