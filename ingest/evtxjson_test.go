package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNormalizeEVTXJSONShapes covers the ways EVTX dumpers render a record
// as JSON: attributes under #attributes (evtx_dump), as @-keys (xmltodict),
// or as plain keys (Velociraptor); EventData as a map or as a list of Data
// elements; UserData with its wrapper element.
func TestNormalizeEVTXJSONShapes(t *testing.T) {
	const system = `"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Security-Auditing"}},"EventID":4688,"TimeCreated":{"#attributes":{"SystemTime":"2024-05-01T10:00:00.123456Z"}},"EventRecordID":7,"Channel":"Security","Computer":"WS1.corp"}`
	tests := []struct {
		name    string
		line    string
		want    map[string]string
		absent  []string
		wantErr string
	}{
		{
			name: "EventData map",
			line: `{"Event":{` + system + `,"EventData":{"NewProcessName":"C:\\Windows\\cmd.exe","NewProcessId":"0x1a4","ProcessId":"0x10"}}}`,
			want: map[string]string{"EventID": "4688", "Provider_Name": "Microsoft-Windows-Security-Auditing", "Computer": "WS1.corp", "Channel": "Security", "EventRecordID": "7", "NewProcessName": `C:\Windows\cmd.exe`},
		},
		{
			name:   "Data list with @Name and #text (xmltodict)",
			line:   `{"Event":{"@xmlns":"x","System":{"Provider":{"@Name":"Microsoft-Windows-Security-Auditing"},"EventID":{"@Qualifiers":"0","#text":"4688"},"TimeCreated":{"@SystemTime":"2024-05-01T10:00:00.123456Z"},"Channel":"Security","Computer":"WS1.corp"},"EventData":{"Data":[{"@Name":"NewProcessName","#text":"C:\\Windows\\cmd.exe"},{"@Name":"CommandLine"},{"@Name":"TargetUserName","#text":"bob"}]}}}`,
			want:   map[string]string{"EventID": "4688", "Qualifiers": "0", "Provider_Name": "Microsoft-Windows-Security-Auditing", "NewProcessName": `C:\Windows\cmd.exe`, "CommandLine": "", "TargetUserName": "bob"},
			absent: []string{"Data", "xmlns", "@xmlns"},
		},
		{
			name: "Data list with Name and Value (Velociraptor)",
			line: `{"Event":{"System":{"Provider":{"Name":"Microsoft-Windows-Security-Auditing"},"EventID":{"Value":4688},"TimeCreated":{"SystemTime":"2024-05-01T10:00:00.123456Z"},"Channel":"Security","Computer":"WS1.corp"},"EventData":{"Data":[{"Name":"NewProcessName","Value":"C:\\Windows\\cmd.exe"},{"Name":"Count","Value":3}]}}}`,
			want: map[string]string{"EventID": "4688", "NewProcessName": `C:\Windows\cmd.exe`, "Count": "3", "Provider_Name": "Microsoft-Windows-Security-Auditing"},
		},
		{
			name: "one Data element",
			line: `{"Event":{` + system + `,"EventData":{"Data":{"@Name":"NewProcessName","#text":"a.exe"}}}}`,
			want: map[string]string{"NewProcessName": "a.exe"},
		},
		{
			name: "unnamed Data is kept as written",
			line: `{"Event":{` + system + `,"EventData":{"Data":["one","two"],"Binary":"00FF"}}}`,
			want: map[string]string{"Data": `["one","two"]`, "Binary": "00FF"},
		},
		{
			name:   "UserData wrapper element is lifted away",
			line:   `{"Event":{` + system + `,"UserData":{"LogFileCleared":{"#attributes":{"xmlns":"http://manifests.microsoft.com/win/2004/08/windows/eventlog"},"SubjectUserName":"admin","SubjectDomainName":"CORP"}}}}`,
			want:   map[string]string{"SubjectUserName": "admin", "SubjectDomainName": "CORP"},
			absent: []string{"LogFileCleared.SubjectUserName", "xmlns", "#attributes.xmlns"},
		},
		{
			name:   "EventData attributes are dropped, null EventData is no field",
			line:   `{"Event":{` + system + `,"EventData":{"#attributes":{"Name":"TaskDisabled"},"TaskName":"\\SR"}}}`,
			want:   map[string]string{"TaskName": `\SR`},
			absent: []string{"#attributes.Name", "Name"},
		},
		{
			name:   "Defender names lose their spaces; an event's Source Name is not the provider",
			line:   `{"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Windows Defender"}},"EventID":1116,"TimeCreated":{"#attributes":{"SystemTime":"2024-05-01T10:00:00Z"}},"Channel":"Microsoft-Windows-Windows Defender/Operational","Computer":"WS1"},"EventData":{"Threat Name":"Trojan:Win32/X","Source Name":"Real-Time Protection","Process Name":"C:\\x.exe"}}}`,
			want:   map[string]string{"ThreatName": "Trojan:Win32/X", "SourceName": "Real-Time Protection", "ProcessName": `C:\x.exe`, "Provider_Name": "Microsoft-Windows-Windows Defender"},
			absent: []string{"Threat Name", "Source Name"},
		},
		{
			name:   "Velociraptor row: System at the top, SystemTime in epoch seconds",
			line:   `{"System":{"Provider":{"Name":"Microsoft-Windows-Security-Auditing","Guid":"{54849625}"},"EventID":{"Value":4624},"TimeCreated":{"SystemTime":1600000000.1234567},"EventRecordID":5,"Channel":"Security","Computer":"DC1","Security":{}},"EventData":{"TargetUserName":"bob","LogonType":3},"Message":"An account was successfully logged on."}`,
			want:   map[string]string{"EventID": "4624", "Provider_Name": "Microsoft-Windows-Security-Auditing", "Computer": "DC1", "TimeCreated": "1600000000.1234567", "TargetUserName": "bob", "LogonType": "3", "Message": "An account was successfully logged on."},
			absent: []string{"System.EventID.Value"},
		},
		{
			name:    "no System EventID",
			line:    `{"Event":{"System":{"Channel":"Security"},"EventData":{"X":"1"}}}`,
			wantErr: "no EventID",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := Normalize([]byte(tt.line))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if got, ok := ev.Fields[k]; !ok || got != v {
					t.Errorf("Fields[%q] = %q (%v), want %q", k, got, ok, v)
				}
			}
			for _, k := range tt.absent {
				if v, ok := ev.Fields[k]; ok {
					t.Errorf("Fields[%q] = %q, want absent", k, v)
				}
			}
			if ev.Time.IsZero() || ev.Host == "" || ev.Channel == "" || ev.Provider == "" {
				t.Errorf("typed fields %+v", ev)
			}
			if ev.Provider == "Real-Time Protection" {
				t.Error("Provider taken from the event's Source Name")
			}
		})
	}
}

func TestNormalizeVelociraptorTimeAndSystemLookalike(t *testing.T) {
	ev, err := Normalize([]byte(`{"System":{"EventID":{"Value":4624},"TimeCreated":{"SystemTime":1600000000.1234567},"Channel":"Security","Computer":"DC1"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2020, 9, 13, 12, 26, 40, 123456000, time.UTC); !ev.Time.Equal(want) || ev.EventID != 4624 || ev.Host != "DC1" {
		t.Errorf("time %s, event %d, host %q; want %s, 4624, DC1", ev.Time, ev.EventID, ev.Host, want)
	}
	// A System object without an EventID is not an EVTX record's: its
	// fields keep their paths.
	ev, err = Normalize([]byte(`{"EventID":1,"@timestamp":"2024-05-01T10:00:00Z","System":{"Name":"x","Version":{"Value":2}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Fields["System.Name"] != "x" || ev.Fields["System.Version.Value"] != "2" {
		t.Errorf("fields %v", ev.Fields)
	}
	for _, s := range []string{"1600000000", "1500000000.5", "20240501", "1600000000.x", "16000000000.1"} {
		_, ok := epochSeconds(s)
		if want := s == "1600000000" || s == "1500000000.5"; ok != want {
			t.Errorf("epochSeconds(%q) ok = %v, want %v", s, ok, want)
		}
	}
}

// TestNormalizeNXLogSourceNameStaysProvider: in a flat nxlog line SourceName
// is the provider; Defender's "Source Name" must not replace it.
func TestNormalizeNXLogSourceNameStaysProvider(t *testing.T) {
	ev, err := Normalize([]byte(`{"EventID":1116,"@timestamp":"2024-05-01T10:00:00Z","SourceName":"Microsoft-Windows-Windows Defender","Channel":"Microsoft-Windows-Windows Defender/Operational","Threat Name":"Trojan:Win32/X","Source Name":"Real-Time Protection"}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Provider != "Microsoft-Windows-Windows Defender" || ev.Fields["SourceName"] != "Microsoft-Windows-Windows Defender" || ev.Fields["ThreatName"] != "Trojan:Win32/X" {
		t.Errorf("provider %q, fields %v", ev.Provider, ev.Fields)
	}
}

// TestFilesJSONDocuments reads JSON that is not one event per line:
// pretty-printed objects one after another (as EVTX dumpers write) and
// top-level arrays. Each value is an event named by its first line.
func TestFilesJSONDocuments(t *testing.T) {
	pretty := "\ufeff{\n  \"EventID\": 1,\n  \"@timestamp\": \"2024-05-01T10:00:00Z\",\n  \"CommandLine\": \"a {b} \\\"[c\"\n}\n{\n  \"EventID\": \"x\",\n  \"@timestamp\": \"2024-05-01T10:00:01Z\"\n}\n\n{\"EventID\": 3,\n \"@timestamp\": \"2024-05-01T10:00:02Z\"}\n"
	tests := []struct {
		name    string
		content string
		events  int
		bad     []int // lines of the bad values
		cmd     string
	}{
		{"pretty-printed objects", pretty, 2, []int{6}, `a {b} "[c`},
		{"array", `[{"EventID":1,"@timestamp":"2024-05-01T10:00:00Z"}, {"EventID":2,"@timestamp":"2024-05-01T10:00:00Z"}]`, 2, nil, ""},
		{"pretty array", "[\n {\"EventID\":1,\n  \"@timestamp\":\"2024-05-01T10:00:00Z\"},\n 7,\n {\"EventID\":2,\"@timestamp\":\"2024-05-01T10:00:00Z\"}\n]\n", 2, []int{4}, ""},
		{"a pretty-printed object cut short", "{\n \"EventID\": 1,\n \"@timestamp\": \"2024-05-01T10:00:00Z\"\n}\n{\n \"EventID\": 2,\n{\n \"EventID\": 3,\n \"@timestamp\": \"2024-05-01T10:00:00Z\",\n \"X\": {\n  \"a\": 1\n }\n}\n", 2, []int{5}, ""},
		{"JSON lines whose first line is cut", "{\"EventID\": 1, \"@timest\n{\"EventID\":2,\"@timestamp\":\"2024-05-01T10:00:00Z\"}\n{\"EventID\":3,\"@timestamp\":\"2024-05-01T10:00:00Z\"}\n", 2, []int{1}, ""},
		{"cut short", "{\n \"EventID\": 1,\n \"@timestamp\": \"2024-05-01T10:00:00Z\"\n}\n{\n \"EventID\": 2,\n", 1, []int{5}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "events.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			sink := newMemSink()
			sum, err := Files(context.Background(), sink, []string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Events != tt.events || sum.Bad != len(tt.bad) {
				t.Fatalf("%d events, bad %v; want %d events, bad lines %v", sum.Events, sum.BadLines, tt.events, tt.bad)
			}
			for i, l := range tt.bad {
				if sum.BadLines[i].Line != l {
					t.Errorf("bad value named at line %d, want %d (%s)", sum.BadLines[i].Line, l, sum.BadLines[i])
				}
			}
			for _, ev := range sink.byID {
				if strings.ContainsAny(string(ev.Raw), "\n") {
					t.Errorf("Raw %q spans lines", ev.Raw)
				}
				if tt.cmd != "" && ev.EventID == 1 && ev.CommandLine != tt.cmd {
					t.Errorf("CommandLine %q, want %q", ev.CommandLine, tt.cmd)
				}
			}
		})
	}
}

func TestIsJSONDocument(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"EventID":1}` + "\n" + `{"EventID":2}`, false},
		{`{"a":"}{"}` + "\n", false},
		{"{\n \"EventID\": 1\n}", true},
		{"{\"Event\": {\n \"System\": {}}}\n", true},
		// A first object that never closes, or closes as invalid JSON: a
		// file of lines whose first line is cut, read line by line.
		{`{"Event": {` + "\n", false},
		{`{"EventID":1,` + "\n" + `{"EventID":2}` + "\n" + `{"EventID":3}` + "\n", false},
		{`{"EventID":1,"x":"` + "\n" + `"}` + "\n", false},
		{"  [{\"EventID\":1}]", true},
		{"\ufeff{\n}", true},
		{"", false},
		{"not json", false},
	}
	for _, tt := range tests {
		if got := isJSONDocument([]byte(tt.head)); got != tt.want {
			t.Errorf("isJSONDocument(%q) = %v, want %v", tt.head, got, tt.want)
		}
	}
}
