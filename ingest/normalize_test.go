package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestNormalizeVariants(t *testing.T) {
	tests := []struct {
		name string
		line string
		// want holds the typed fields expected (ID, Raw and Fields are
		// checked elsewhere); wantFields is a subset of Fields.
		want       huntflow.Event
		wantFields map[string]string
		wantErr    string
	}{
		// Time.
		{
			name: "@timestamp with fraction",
			line: `{"EventID":1,"@timestamp":"2023-08-15T09:53:48.447Z"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-15T09:53:48.447Z")},
		},
		{
			name: "@timestamp with offset is converted to UTC",
			line: `{"EventID":1,"@timestamp":"2023-08-15T11:53:48.447+02:00"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-15T09:53:48.447Z")},
		},
		{
			name: "@timestamp without zone is UTC as in Elasticsearch",
			line: `{"EventID":1,"@timestamp":"2023-08-15T09:53:48"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-15T09:53:48Z")},
		},
		{
			name: "@timestamp in epoch milliseconds",
			line: `{"EventID":1,"@timestamp":1692093228447}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-15T09:53:48.447Z")},
		},
		{
			name: "@timestamp wins over a skewed UtcTime",
			line: `{"EventID":1,"@timestamp":"2023-08-15T09:53:48.554Z","UtcTime":"2023-08-16 04:53:48.446","TimeCreated":"2023-08-15T09:53:48.554Z"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-15T09:53:48.554Z")},
		},
		{
			name: "UtcTime",
			line: `{"EventID":1,"UtcTime":"2023-08-16 04:53:48.446"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-16T04:53:48.446Z")},
		},
		{
			name: "UtcTime wins over a TimeCreated without zone",
			line: `{"EventID":1,"UtcTime":"2020-10-18 06:17:17.851","TimeCreated":"2020-10-18 02:17:17.852"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2020-10-18T06:17:17.851Z"), LocalTime: "2020-10-18 02:17:17.852"},
		},
		{
			name: "TimeCreated RFC 3339",
			line: `{"EventID":4688,"TimeCreated":"2023-08-15T09:53:48.4470000Z"}`,
			want: huntflow.Event{EventID: 4688, Time: utc("2023-08-15T09:53:48.447Z")},
		},
		{
			name: "TimeCreated .NET JSON date",
			line: `{"EventID":4688,"TimeCreated":"/Date(1692093228447)/"}`,
			want: huntflow.Event{EventID: 4688, Time: utc("2023-08-15T09:53:48.447Z")},
		},
		{
			name:    "TimeCreated without zone only",
			line:    `{"EventID":5156,"TimeCreated":"2020-10-18 02:17:12.527"}`,
			wantErr: "no UTC timestamp (TimeCreated has no zone: local time)",
		},
		{
			name:    "EventTime only",
			line:    `{"EventID":4688,"EventTime":"2020-06-09 22:50:54","EventReceivedTime":"2020-06-09 22:50:56"}`,
			wantErr: "no UTC timestamp (EventTime is local time)",
		},
		{
			name: "EventTime is kept as local time, never as the event time",
			line: `{"EventID":10,"EventTime":"2020-06-09 22:50:54","@timestamp":"2020-06-10T02:50:56.538Z","UtcTime":"2020-06-10 02:50:54.631"}`,
			want: huntflow.Event{EventID: 10, Time: utc("2020-06-10T02:50:56.538Z"), LocalTime: "2020-06-09 22:50:54"},
		},
		{
			name: "EventTime with UtcTime",
			line: `{"EventID":10,"EventTime":"2020-06-09 22:50:54","UtcTime":"2020-06-10 02:50:54.631"}`,
			want: huntflow.Event{EventID: 10, Time: utc("2020-06-10T02:50:54.631Z"), LocalTime: "2020-06-09 22:50:54"},
		},
		{name: "no time", line: `{"EventID":1}`, wantErr: "no timestamp"},
		{name: "bad @timestamp", line: `{"EventID":1,"@timestamp":"yesterday"}`, wantErr: `bad timestamp: @timestamp "yesterday"`},
		{name: "zero @timestamp", line: `{"EventID":1,"@timestamp":"0001-01-01T00:00:00Z"}`, wantErr: "bad timestamp"},
		{
			name: "bad @timestamp falls back to UtcTime",
			line: `{"EventID":1,"@timestamp":"n/a","UtcTime":"2023-08-16 04:53:48.446"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-16T04:53:48.446Z")},
		},

		// EventID.
		{
			name: "EventID as string",
			line: `{"EventID":"4688","@timestamp":"2023-08-15T09:53:48Z"}`,
			want: huntflow.Event{EventID: 4688, Time: utc("2023-08-15T09:53:48Z")},
		},
		{
			name: "winlogbeat 7 winlog.event_id",
			line: `{"winlog":{"event_id":"4688","channel":"Security","computer_name":"ws1.example.com","provider_name":"Microsoft-Windows-Security-Auditing","event_data":{"NewProcessId":"0x10"}},"@timestamp":"2023-08-15T09:53:48Z","host":{"name":"ws1"}}`,
			want: huntflow.Event{
				EventID: 4688, Time: utc("2023-08-15T09:53:48Z"), Channel: "Security",
				Provider: "Microsoft-Windows-Security-Auditing", Host: "ws1.example.com", ProcessID: 16,
			},
			wantFields: map[string]string{"winlog.event_id": "4688", "NewProcessId": "0x10", "host.name": "ws1"},
		},
		{name: "no EventID", line: `{"@timestamp":"2023-08-15T09:53:48Z"}`, wantErr: "no EventID"},
		{name: "EventID not a number", line: `{"EventID":"abc","@timestamp":"2023-08-15T09:53:48Z"}`, wantErr: `bad EventID "abc"`},
		{name: "negative EventID", line: `{"EventID":-1,"@timestamp":"2023-08-15T09:53:48Z"}`, wantErr: "bad EventID"},

		// Host, channel, provider.
		{
			name: "Hostname wins over the collector in host",
			line: `{"EventID":1,"@timestamp":"2020-06-10T02:50:56Z","Hostname":"WORKSTATION6.mordor.local","host":"wec.internal.cloudapp.net"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2020-06-10T02:50:56Z"), Host: "WORKSTATION6.mordor.local"},
		},
		{
			name: "host as a string",
			line: `{"EventID":1,"@timestamp":"2020-06-10T02:50:56Z","host":"WS01"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2020-06-10T02:50:56Z"), Host: "WS01"},
		},
		{
			name:       "host as an object",
			line:       `{"EventID":1,"@timestamp":"2020-06-10T02:50:56Z","host":{"name":"ws01.corp"}}`,
			want:       huntflow.Event{EventID: 1, Time: utc("2020-06-10T02:50:56Z"), Host: "ws01.corp"},
			wantFields: map[string]string{"host.name": "ws01.corp"},
		},
		{
			name: "winlogbeat 6: computer_name wins over host.name, names mapped",
			line: `{"@timestamp":"2019-05-18T20:19:19.105Z","host":{"name":"WECserver"},"computer_name":"HR001.shire.com","log_name":"Microsoft-Windows-PowerShell/Operational","source_name":"Microsoft-Windows-PowerShell","event_id":4103,"process_id":5452,"user":{"domain":"SHIRE","name":"nmartha"}}`,
			want: huntflow.Event{
				EventID: 4103, Time: utc("2019-05-18T20:19:19.105Z"), Host: "HR001.shire.com",
				Channel: "Microsoft-Windows-PowerShell/Operational", Provider: "Microsoft-Windows-PowerShell",
				ProcessID: 5452, User: `SHIRE\nmartha`,
			},
			wantFields: map[string]string{"host.name": "WECserver", "user.name": "nmartha", "process_id": "5452"},
		},
		{
			name: "Computer and Provider_Name",
			line: `{"EventID":7045,"TimeCreated":"2023-08-15T09:53:48Z","Computer":"DC01","Provider_Name":"Service Control Manager","Channel":"System"}`,
			want: huntflow.Event{EventID: 7045, Time: utc("2023-08-15T09:53:48Z"), Host: "DC01", Provider: "Service Control Manager", Channel: "System"},
		},

		// Processes.
		{
			name: "Sysmon 1",
			line: `{"SourceName":"Microsoft-Windows-Sysmon","Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"MKT01.pandalab.com","@timestamp":"2023-08-15T09:53:48.554Z","EventID":1,"ProcessGuid":"{81056205-565c-64dc-2304-000000000800}","ProcessId":"7448","Image":"C:\\msedge.exe","CommandLine":"\"C:\\msedge.exe\" --x","User":"PANDALAB\\stevie.marie","ParentProcessGuid":"{81056205-d124-64d4-6a00-000000000800}","ParentProcessId":"4544","ParentImage":"C:\\Windows\\explorer.exe","ParentCommandLine":"C:\\Windows\\Explorer.EXE"}`,
			want: huntflow.Event{
				EventID: 1, Time: utc("2023-08-15T09:53:48.554Z"), Channel: "Microsoft-Windows-Sysmon/Operational",
				Provider: "Microsoft-Windows-Sysmon", Host: "MKT01.pandalab.com", User: `PANDALAB\stevie.marie`,
				ProcessGUID: "{81056205-565c-64dc-2304-000000000800}", ProcessID: 7448, Image: `C:\msedge.exe`,
				CommandLine: `"C:\msedge.exe" --x`, ParentProcessGUID: "{81056205-d124-64d4-6a00-000000000800}",
				ParentProcessID: 4544, ParentImage: `C:\Windows\explorer.exe`, ParentCommandLine: `C:\Windows\Explorer.EXE`,
			},
		},
		{
			name: "Sysmon 10: the source process acts",
			line: `{"SourceName":"Microsoft-Windows-Sysmon","Channel":"Microsoft-Windows-Sysmon/Operational","@timestamp":"2023-08-15T09:53:46.119Z","EventID":10,"SourceProcessGUID":"{a}","SourceProcessId":"1564","SourceImage":"C:\\evil.exe","TargetProcessGUID":"{b}","TargetProcessId":"3740","TargetImage":"C:\\Windows\\System32\\lsass.exe","GrantedAccess":"0x1010","SourceUser":"CORP\\bob","TargetUser":"NT AUTHORITY\\SYSTEM"}`,
			want: huntflow.Event{
				EventID: 10, Time: utc("2023-08-15T09:53:46.119Z"), Channel: "Microsoft-Windows-Sysmon/Operational",
				Provider: "Microsoft-Windows-Sysmon", ProcessGUID: "{a}", ProcessID: 1564, Image: `C:\evil.exe`, User: `CORP\bob`,
			},
			wantFields: map[string]string{"TargetImage": `C:\Windows\System32\lsass.exe`, "GrantedAccess": "0x1010"},
		},
		{
			name: "Security 4688: hex IDs, creator is the parent",
			line: `{"SourceName":"Microsoft-Windows-Security-Auditing","Channel":"Security","Hostname":"MKT01","@timestamp":"2023-08-15T09:53:48.447Z","EventID":4688,"SubjectUserName":"stevie.marie","SubjectDomainName":"PANDALAB","NewProcessId":"0x1d18","NewProcessName":"C:\\msedge.exe","ProcessId":"0x11c0","CommandLine":"msedge.exe --x","TargetUserName":"-","TargetDomainName":"-","ParentProcessName":"C:\\Windows\\explorer.exe"}`,
			want: huntflow.Event{
				EventID: 4688, Time: utc("2023-08-15T09:53:48.447Z"), Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing",
				Host: "MKT01", User: `PANDALAB\stevie.marie`, ProcessID: 0x1d18, Image: `C:\msedge.exe`, CommandLine: "msedge.exe --x",
				ParentProcessID: 0x11c0, ParentImage: `C:\Windows\explorer.exe`,
			},
		},
		{
			name: "Security 4688: the target account runs the new process",
			line: `{"Channel":"Security","@timestamp":"2023-08-15T09:53:48.618Z","EventID":4688,"SubjectUserName":"MKT01$","SubjectDomainName":"PANDALAB","TargetUserName":"svc","TargetDomainName":"PANDALAB","NewProcessId":"0x464","ProcessId":"0x25c"}`,
			want: huntflow.Event{
				EventID: 4688, Time: utc("2023-08-15T09:53:48.618Z"), Channel: "Security", User: `PANDALAB\svc`,
				ProcessID: 0x464, ParentProcessID: 0x25c,
			},
		},
		{
			name: "other Security events: ProcessId in hex and ProcessName",
			line: `{"Channel":"Security","@timestamp":"2023-08-15T09:53:48Z","EventID":4656,"ProcessId":"0x2a4","ProcessName":"C:\\Windows\\System32\\lsass.exe","SubjectUserName":"bob","SubjectDomainName":"-"}`,
			want: huntflow.Event{
				EventID: 4656, Time: utc("2023-08-15T09:53:48Z"), Channel: "Security", User: "bob",
				ProcessID: 0x2a4, Image: `C:\Windows\System32\lsass.exe`,
			},
		},
		{
			name: "Security ProcessID in decimal",
			line: `{"Channel":"Security","TimeCreated":"2023-08-15T09:53:48Z","EventID":5156,"ProcessID":"3488"}`,
			want: huntflow.Event{EventID: 5156, Time: utc("2023-08-15T09:53:48Z"), Channel: "Security", ProcessID: 3488},
		},
		{
			name: "ProcessId as a number",
			line: `{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","ProcessId":7448}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-15T09:53:48Z"), ProcessID: 7448},
		},
		{
			name: "unreadable ProcessId is no PID",
			line: `{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","ProcessId":"0xZZ"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-15T09:53:48Z")},
		},
		{
			name: "the logging process is not the event's process outside PowerShell",
			line: `{"EventID":13,"Channel":"Microsoft-Windows-Sysmon/Operational","@timestamp":"2023-08-15T09:53:48Z","ExecutionProcessID":3500,"AccountName":"SYSTEM","Domain":"NT AUTHORITY"}`,
			want: huntflow.Event{EventID: 13, Time: utc("2023-08-15T09:53:48Z"), Channel: "Microsoft-Windows-Sysmon/Operational"},
		},

		// Flattening.
		{
			name: "event_data is lifted without overwriting a top-level key",
			line: `{"event_id":1,"@timestamp":"2019-05-18T20:19:19Z","event_data":{"Image":"C:\\a.exe","ProcessId":"12","level":"from event_data"},"level":"Information"}`,
			want: huntflow.Event{EventID: 1, Time: utc("2019-05-18T20:19:19Z"), Image: `C:\a.exe`, ProcessID: 12},
			wantFields: map[string]string{
				"Image": `C:\a.exe`, "ProcessId": "12", "level": "Information",
			},
		},
		{
			name:       "user_data is lifted",
			line:       `{"event_id":5857,"@timestamp":"2019-05-18T20:19:31Z","user_data":{"ProviderName":"WmiPerfInst","HostProcess":"wmiprvse.exe"}}`,
			want:       huntflow.Event{EventID: 5857, Time: utc("2019-05-18T20:19:31Z")},
			wantFields: map[string]string{"ProviderName": "WmiPerfInst", "HostProcess": "wmiprvse.exe"},
		},
		{
			name: "scalars, arrays, nulls and escapes",
			line: `{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","Keywords":-9223372036854776000,"ok":true,"no":false,"gone":null,"tags":["mordorDataset", "x"],"esc":"a\"b\\c\/d\n\t\u00e9\ud83d\ude00","lone":"\ud800x","deep":{"a":{"b":[1,{"c":2}]}},"empty":{}}`,
			want: huntflow.Event{EventID: 1, Time: utc("2023-08-15T09:53:48Z")},
			wantFields: map[string]string{
				"Keywords": "-9223372036854776000", "ok": "true", "no": "false", "tags": `["mordorDataset", "x"]`,
				"esc": "a\"b\\c/d\n\té😀", "lone": "\uFFFDx", "deep.a.b": `[1,{"c":2}]`,
			},
		},

		// Malformed.
		{name: "empty", line: "  ", wantErr: "empty line"},
		{name: "not JSON", line: "not json at all", wantErr: "invalid JSON"},
		{name: "truncated", line: `{"EventID":1,"@timestamp":"2023`, wantErr: "invalid JSON: unterminated string"},
		{name: "array", line: `["a"]`, wantErr: "not a JSON object"},
		{name: "string", line: `"a"`, wantErr: "not a JSON object"},
		{name: "trailing data", line: `{"EventID":1} {}`, wantErr: "invalid JSON: data after top-level object"},
		{name: "control character", line: "{\"EventID\":1,\"a\":\"x\x01\"}", wantErr: "control character"},
		{name: "bad escape", line: `{"a":"\q"}`, wantErr: "invalid escape"},
		{name: "bad number", line: `{"a":01}`, wantErr: "invalid JSON"},
		{name: "too deep", line: `{"a":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, wantErr: "nesting too deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize([]byte(tt.line))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Normalize() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Normalize(): %v", err)
			}
			if !got.Time.Equal(tt.want.Time) || got.Time.Location() != time.UTC {
				t.Errorf("Time = %v, want %v in UTC", got.Time, tt.want.Time)
			}
			for k, v := range tt.wantFields {
				if got.Fields[k] != v {
					t.Errorf("Fields[%q] = %q, want %q", k, got.Fields[k], v)
				}
			}
			typed := got
			typed.ID, typed.Raw, typed.Fields = "", nil, nil
			typed.Time, tt.want.Time = time.Time{}, time.Time{}
			if !reflect.DeepEqual(typed, tt.want) {
				t.Errorf("typed fields:\n got %+v\nwant %+v", typed, tt.want)
			}
		})
	}
}

func TestNormalizeNullsAreLeftOut(t *testing.T) {
	ev, err := Normalize([]byte(`{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","UserData":null,"CommandLine":null}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"UserData", "CommandLine"} {
		if _, ok := ev.Fields[k]; ok {
			t.Errorf("Fields[%q] present for a null value", k)
		}
	}
}

func TestNormalizeIDAndRaw(t *testing.T) {
	line := []byte(`{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","Image":"C:\\a.exe"}`)
	a, err := Normalize(line)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.ID) != 32 {
		t.Errorf("ID %q: want 32 hex digits (128 bits)", a.ID)
	}
	if _, err := strconv.ParseUint(a.ID[:16], 16, 64); err != nil {
		t.Errorf("ID %q is not hex", a.ID)
	}
	if !bytes.Equal(a.Raw, line) {
		t.Errorf("Raw = %s, want the line", a.Raw)
	}
	for _, variant := range [][]byte{
		append(bytes.Clone(line), '\r'),
		append([]byte("  "), append(bytes.Clone(line), "\t\n"...)...),
		append([]byte("\xEF\xBB\xBF"), line...), // byte order mark
	} {
		b, err := Normalize(variant)
		if err != nil {
			t.Fatal(err)
		}
		if b.ID != a.ID || !bytes.Equal(b.Raw, line) {
			t.Errorf("Normalize(%q): ID %s raw %s, want the ID and raw of the trimmed line", variant, b.ID, b.Raw)
		}
	}
	other := bytes.Replace(line, []byte("a.exe"), []byte("b.exe"), 1)
	if c, _ := Normalize(other); c.ID == a.ID {
		t.Errorf("two different lines share ID %s", a.ID)
	}
	// Raw must not alias the caller's buffer.
	line[2] = 'X'
	if a.Raw[2] == 'X' {
		t.Error("Raw shares memory with the line passed in")
	}
}

// refFlatten is an independent flattening built on encoding/json, the
// oracle for the hand-written scanner.
func refFlatten(t testing.TB, line []byte) (map[string]string, error) {
	top, lifted := map[string]string{}, map[string]string{}
	evtxShape := false
	// mode: 0 top, 1 lifted, 2 UserData (its child objects are lifted
	// without their names).
	var walk func(raw json.RawMessage, prefix string, mode int, depth int) error
	walk = func(raw json.RawMessage, prefix string, mode int, depth int) error {
		// Keys in file order matter for duplicates; the corpus has none, and
		// encoding/json keeps the last one like the scanner does.
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return err
		}
		for k, v := range obj {
			dst := top
			lift := mode != 0
			if lift {
				dst = lifted
			}
			switch {
			case lift && k == "#attributes" && v[0] == '{':
			case lift && k == "Data" && (v[0] == '[' || v[0] == '{'):
				var items []map[string]any
				var err error
				if v[0] == '{' {
					var one map[string]any
					err = json.Unmarshal(v, &one)
					items = []map[string]any{one}
				} else {
					err = json.Unmarshal(v, &items)
				}
				named := err == nil
				got := map[string]string{}
				for _, it := range items {
					name, ok1 := dataName(it)
					val, ok2 := dataValue(it)
					if !ok1 || !ok2 {
						named = false
						break
					}
					got[strings.ReplaceAll(name, " ", "")] = val
				}
				if !named {
					lifted[prefix+k] = string(v)
					continue
				}
				maps.Copy(lifted, got)
			case v[0] == '{':
				switch {
				case mode == 2:
					if err := walk(v, "", 1, depth+1); err != nil {
						return err
					}
				case liftedKey(k):
					m := 1
					if k == "UserData" || k == "user_data" {
						m = 2
					}
					if err := walk(v, "", m, depth+1); err != nil {
						return err
					}
				default:
					if depth == 0 && k == "Event" {
						evtxShape = true
					}
					if err := walk(v, prefix+k+".", mode, depth+1); err != nil {
						return err
					}
				}
			case v[0] == 'n':
			default:
				key := prefix + k
				if strings.Contains(key, " ") {
					key, dst = strings.ReplaceAll(key, " ", ""), lifted
				}
				if v[0] == '"' {
					var s string
					if err := json.Unmarshal(v, &s); err != nil {
						return err
					}
					dst[key] = s
				} else {
					dst[key] = string(v)
				}
			}
		}
		return nil
	}
	if err := walk(trimLine(line), "", 0, 0); err != nil {
		return nil, err
	}
	if !evtxShape {
		for k := range top {
			if strings.HasPrefix(k, "System.EventID") {
				evtxShape = true
			}
		}
	}
	if evtxShape {
		renamed := map[string]string{}
		for k, v := range top {
			if k = evtxKey(k); k != "" {
				renamed[k] = v
			}
		}
		top = renamed
	}
	for k, v := range lifted {
		if _, ok := top[k]; !ok {
			top[k] = v
		}
	}
	return top, nil
}

// TestNormalizeFixtures checks every fixture line against the encoding/json
// oracle and the shape-specific mappings.
func TestNormalizeFixtures(t *testing.T) {
	for _, name := range []string{"newer.json", "nxlog.json", "winlogbeat.json"} {
		t.Run(name, func(t *testing.T) {
			lines := readLines(t, filepath.Join("testdata", name))
			seen := map[int]int{}
			for i, line := range lines {
				ev, err := Normalize(line)
				if err != nil {
					t.Fatalf("line %d: %v", i+1, err)
				}
				want, err := refFlatten(t, line)
				if err != nil {
					t.Fatalf("line %d: oracle: %v", i+1, err)
				}
				if !maps.Equal(ev.Fields, want) {
					for k, v := range want {
						if ev.Fields[k] != v {
							t.Errorf("line %d: Fields[%q] = %q, want %q", i+1, k, ev.Fields[k], v)
						}
					}
					t.Fatalf("line %d: %d fields, want %d", i+1, len(ev.Fields), len(want))
				}
				checkShape(t, i+1, ev)
				seen[ev.EventID]++
			}
			for _, id := range []int{10, 4688} {
				if seen[id] == 0 {
					t.Errorf("fixture has no event %d", id)
				}
			}
		})
	}
}

// checkShape asserts the typed fields against the raw fields they come from.
func checkShape(t *testing.T, n int, ev huntflow.Event) {
	t.Helper()
	f := ev.Fields
	if ev.Time.IsZero() || ev.Time.Location() != time.UTC {
		t.Errorf("line %d: time %v, want a UTC time", n, ev.Time)
	}
	if ts := f["@timestamp"]; ts != "" && !ev.Time.Equal(utc(ts)) {
		t.Errorf("line %d: Time %v, want @timestamp %s", n, ev.Time, ts)
	}
	if et := f["EventTime"]; et != "" {
		if ev.LocalTime != et {
			t.Errorf("line %d: LocalTime %q, want EventTime %q", n, ev.LocalTime, et)
		}
		// The nxlog lab ran at UTC-4: read as UTC, EventTime would be hours
		// off the event time.
		asUTC, err := time.Parse(time.DateTime, et)
		if err != nil {
			t.Fatal(err)
		}
		if d := ev.Time.Sub(asUTC); d > -time.Hour && d < time.Hour {
			t.Errorf("line %d: Time %v is EventTime %s taken as UTC", n, ev.Time, et)
		}
	}
	wantHost := f["Hostname"]
	if wantHost == "" {
		wantHost = f["computer_name"]
	}
	if ev.Host == "" || ev.Host != wantHost {
		t.Errorf("line %d: Host %q, want %q (not the collector %q)", n, ev.Host, wantHost, f["host"]+f["host.name"])
	}
	hex := func(s string) int64 {
		v, err := strconv.ParseInt(strings.TrimPrefix(s, "0x"), 16, 64)
		if err != nil {
			t.Fatalf("line %d: %q is not hex", n, s)
		}
		return v
	}
	switch {
	case ev.EventID == 1 && strings.Contains(ev.Channel, "Sysmon"):
		if ev.ProcessGUID != f["ProcessGuid"] || ev.ProcessID == 0 || ev.Image != f["Image"] ||
			ev.ParentImage != f["ParentImage"] || ev.ParentProcessID == 0 || ev.CommandLine != f["CommandLine"] || ev.User != f["User"] {
			t.Errorf("line %d: Sysmon 1 mapped to %+v", n, ev.Ref())
		}
	case ev.EventID == 10 && strings.Contains(ev.Channel, "Sysmon"):
		if ev.ProcessGUID != f["SourceProcessGUID"] || strconv.FormatInt(ev.ProcessID, 10) != f["SourceProcessId"] ||
			ev.Image != f["SourceImage"] || f["TargetImage"] == "" {
			t.Errorf("line %d: Sysmon 10 mapped to %+v", n, ev.Ref())
		}
	case ev.EventID == 4688 && ev.Channel == "Security":
		if ev.ProcessID != hex(f["NewProcessId"]) || ev.ParentProcessID != hex(f["ProcessId"]) ||
			ev.Image != f["NewProcessName"] || ev.User == "" {
			t.Errorf("line %d: Security 4688 mapped to %+v", n, ev.Ref())
		}
	case ev.EventID == 4103 && f["process_id"] != "":
		if strconv.FormatInt(ev.ProcessID, 10) != f["process_id"] {
			t.Errorf("line %d: PowerShell 4103 ProcessID %d, want process_id %s", n, ev.ProcessID, f["process_id"])
		}
	}
}

// TestNormalizeLocalTimeFixture: in this export TimeCreated is local time
// without zone; only the lines that also carry Sysmon's UtcTime are events.
func TestNormalizeLocalTimeFixture(t *testing.T) {
	var ok, bad int
	for i, line := range readLines(t, filepath.Join("testdata", "localtime.json")) {
		ev, err := Normalize(line)
		f, ferr := refFlatten(t, line)
		if ferr != nil {
			t.Fatal(ferr)
		}
		if f["UtcTime"] == "" {
			if err == nil || err.Error() != "no UTC timestamp (TimeCreated has no zone: local time)" {
				t.Errorf("line %d (TimeCreated %s only): error %v", i+1, f["TimeCreated"], err)
			}
			bad++
			continue
		}
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if want, _ := parseUTCTime(f["UtcTime"]); !ev.Time.Equal(want) || ev.LocalTime != f["TimeCreated"] {
			t.Errorf("line %d: Time %v LocalTime %q, want UtcTime %s and TimeCreated %s", i+1, ev.Time, ev.LocalTime, f["UtcTime"], f["TimeCreated"])
		}
		ok++
	}
	if ok == 0 || bad == 0 {
		t.Errorf("fixture has %d lines with UtcTime and %d without, want both", ok, bad)
	}
}

func TestParsePID(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"7448", 7448}, {"0x1d18", 0x1d18}, {"0X1D18", 0x1d18}, {" 12 ", 12},
		{"", 0}, {"-", 0}, {"-5", 0}, {"0x", 0}, {"12abc", 0}, {"0xfffffffffffffffff", 0},
	}
	for _, tt := range tests {
		if got := parsePID(tt.in); got != tt.want {
			t.Errorf("parsePID(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// FuzzNormalize checks the scanner against encoding/json: it must reject
// what is not JSON, accept what is (within its nesting limit), and flatten
// like the oracle.
func FuzzNormalize(f *testing.F) {
	for _, name := range []string{"newer.json", "nxlog.json", "winlogbeat.json", "malformed.json"} {
		for _, l := range readLines(f, filepath.Join("testdata", name))[:5] {
			f.Add(l)
		}
	}
	f.Add([]byte(`{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","a":"\ud83d\ude00\u00e9\\","b":[1,2.5e-3,{"c":null}]}`))
	f.Add([]byte(`{"Event":{"System":{"Provider":{"#attributes":{"Name":"P"}},"EventID":1116,"TimeCreated":{"#attributes":{"SystemTime":"2024-05-01T10:00:00Z"}},"Channel":"C","Computer":"H"},"EventData":{"Threat Name":"T","Data":[{"@Name":"A","#text":"1"}]},"UserData":{"W":{"#attributes":{"xmlns":"x"},"B":2}}}}`))
	f.Add([]byte(`{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","event_data":{"Data":{"Name":"X","Value":null},"Source Name":"s"}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		ev, err := Normalize(line)
		valid := json.Valid(trimLine(line)) // a leading BOM is dropped on purpose
		switch {
		case err == nil && !valid:
			t.Fatalf("accepted invalid JSON %q", line)
		case errors.Is(err, errSyntax) && valid && !strings.Contains(err.Error(), "too deep"):
			t.Fatalf("rejected valid JSON %q: %v", line, err)
		case err == nil:
			want, rerr := refFlatten(t, line)
			if rerr != nil {
				t.Fatalf("oracle: %v", rerr)
			}
			if !maps.Equal(ev.Fields, want) && !hasDuplicateKeys(line) {
				t.Fatalf("Fields = %q, want %q", ev.Fields, want)
			}
		}
	})
}

// hasDuplicateKeys approximates whether duplicate or colliding keys could
// make the scanner and the map-based oracle disagree on which value wins.
func hasDuplicateKeys(line []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(line))
	seen := map[string]int{}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if s, ok := tok.(string); ok {
			seen[s]++
			// Dotted keys collide with nested paths, spaced ones with
			// their spaceless form, an EVTX record's System paths with
			// the names they are renamed to, Data elements with fields.
			if seen[s] > 1 || strings.ContainsAny(s, ". ") || s == "Event" || s == "System" || s == "Data" {
				return true
			}
		}
	}
	return false
}

func TestChannelNamesAreCanonical(t *testing.T) {
	tests := map[string]string{
		"security":                             "Security",
		"SECURITY":                             "Security",
		"microsoft-windows-sysmon/operational": "Microsoft-Windows-Sysmon/Operational",
		"Some-Vendor/Operational":              "Some-Vendor/Operational",
	}
	for in, want := range tests {
		line := `{"Channel":"` + in + `","@timestamp":"2020-10-18T06:17:12.527Z","EventID":4688,"NewProcessName":"C:\\x.exe","NewProcessId":"0x10"}`
		ev, err := Normalize([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		if ev.Channel != want {
			t.Errorf("channel %q -> %q, want %q", in, ev.Channel, want)
		}
		if want == "Security" && ev.Image != `C:\x.exe` {
			t.Errorf("channel %q: 4688 image %q not taken from NewProcessName", in, ev.Image)
		}
	}
}

func TestParseTimeCreatedDate(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Time
		wantOK bool
	}{
		{"/Date()/", time.Time{}, false}, // used to panic: empty digits
		{"/Date(", time.Time{}, false},
		{"/Date(-)/", time.Time{}, false},
		{"/Date(+)/", time.Time{}, false},
		{"/Date(+0200)/", time.Time{}, false},
		{"/Date(x)/", time.Time{}, false},
		{"/Date(1692093228447)/", time.UnixMilli(1692093228447).UTC(), true},
		{"/Date(1692093228447+0200)/", time.UnixMilli(1692093228447).UTC(), true},
		{"/Date(1692093228447-0500)/", time.UnixMilli(1692093228447).UTC(), true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, _, ok := parseTimeCreated(tt.in)
			if ok != tt.wantOK || !got.Equal(tt.want) {
				t.Errorf("parseTimeCreated(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
	for _, line := range []string{
		`{"EventID":1,"TimeCreated":"/Date()/"}`,
		`{"EventID":1,"@timestamp":"x","winlog":{"time_created":"/Date()/"}}`,
	} {
		if _, err := Normalize([]byte(line)); err == nil || !strings.Contains(err.Error(), "bad timestamp") {
			t.Errorf("Normalize(%s): error %v, want a bad timestamp", line, err)
		}
	}
}

func TestSafeNormalizeRecovers(t *testing.T) {
	var n normalizer
	good := []byte(`{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","a":{"b":"c"}}`)
	_, err := n.safeNormalize(good, false, func([]byte) { panic("boom") })
	if !errors.Is(err, errInternal) || !strings.Contains(err.Error(), "internal error: boom") {
		t.Fatalf("error %v, want an internal error naming the panic", err)
	}
	// The normalizer is usable afterwards.
	ev, err := n.safeNormalize(good, false, nil)
	if err != nil || ev.Fields["a.b"] != "c" {
		t.Fatalf("after a panic: %v, fields %v", err, ev.Fields)
	}
}

func TestNormalizeKeyLimits(t *testing.T) {
	const head = `{"EventID":1,"UtcTime":"2020-05-02 02:55:56.157",`
	// members returns n members "a0":1,"a1":1,…
	members := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"a%d":1`, i)
		}
		return b.String()
	}
	long := func(n int) string { return strings.Repeat("K", n) }
	tests := []struct {
		name    string
		line    string
		wantErr string // "" for no error
	}{
		{"key at the limit", head + `"` + long(MaxKeyBytes) + `":1}`, ""},
		{"key over the limit", head + `"` + long(MaxKeyBytes+1) + `":1}`, "longer than 1024 bytes"},
		{"dotted path over the limit", head + `"` + long(MaxKeyBytes-2) + `":{"ab":1}}`, "longer than 1024 bytes"},
		{"long object key (reviewer's line)", head + `"` + long(50000) + `":{` + members(8000) + `}}`, "longer than 1024 bytes"},
		{"lifted object is not prefixed", head + `"event_data":{"` + long(MaxKeyBytes) + `":1}}`, ""},
		{"nested keys blow up", head + `"` + long(1000) + `":{` + members(8000) + `}}`, "line flattens to more than"},
		{"nested empty objects blow up", head + `"` + long(1000) + `":{` + strings.Repeat(`"x":{},`, 8000) + `"y":1}}`, "line flattens to more than"},
		{"many short nested keys are fine", head + `"winlog":{` + members(8000) + `}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Normalize([]byte(tt.line))
			runtime.ReadMemStats(&after)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			case errors.Is(err, errSyntax):
				t.Fatalf("error %v is not a syntax error", err)
			}
			// Allocation stays a modest multiple of the line (it was 3,400 times
			// the reviewer's line).
			if alloc, limit := after.TotalAlloc-before.TotalAlloc, uint64(64*len(tt.line)+1<<20); alloc > limit {
				t.Errorf("%d bytes allocated for a line of %d, want under %d", alloc, len(tt.line), limit)
			}
		})
	}
}

// FuzzTimeParsers runs the time parsers on any text: they must not panic and
// must return only times in the range valid accepts.
func FuzzTimeParsers(f *testing.F) {
	for _, s := range []string{
		"/Date()/", "/Date(1692093228447)/", "/Date(1692093228447+0200)/", "/Date(-1)/",
		"2023-08-15T09:53:48.447Z", "2023-08-15 09:53:48.447", "2023-08-15T09:53:48+02:00",
		"8/15/2023 9:53:48 AM", "1692093228447", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		hasZone(s)
		check := func(what string, tm time.Time, ok bool) {
			if ok && (tm.Year() < 1980 || tm.Year() > 2200 || tm.Location() != time.UTC) {
				t.Fatalf("%s(%q) = %v", what, s, tm)
			}
		}
		tm, _, ok := parseTimeCreated(s)
		check("parseTimeCreated", tm, ok)
		tm, ok = parseTimestamp(s)
		check("parseTimestamp", tm, ok)
		tm, ok = parseUTCTime(s)
		check("parseUTCTime", tm, ok)
		line, _ := json.Marshal(map[string]any{"EventID": 1, "TimeCreated": s, "@timestamp": s, "UtcTime": s})
		Normalize(line)
	})
}
