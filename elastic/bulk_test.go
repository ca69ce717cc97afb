package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/ingest"
)

// sysmonEvent is a process-creation event as ingest produces it, with a
// raw line of about 2 KB like real Sysmon event 1 records.
func sysmonEvent(i int, ts time.Time) huntflow.Event {
	host := fmt.Sprintf("WS%02d.corp.example.com", i%20)
	guid := fmt.Sprintf("{5770385F-C22A-%04X-%04X-000000003300}", i%65536, (i/65536)%65536)
	cmd := fmt.Sprintf(`"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -ExecutionPolicy Bypass -Command "Get-ChildItem -Path C:\Users\alice\AppData\Local\Temp -Recurse | Where-Object { $_.LastWriteTime -gt (Get-Date).AddDays(-%d) } | Select-Object FullName, Length"`, i%30)
	raw := map[string]any{
		"EventID": 1, "EventType": "INFO", "SeverityValue": 2, "Severity": "INFO", "Keywords": -9223372036854775808,
		"SourceName": "Microsoft-Windows-Sysmon", "ProviderGuid": "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
		"Version": 5, "Task": 1, "OpcodeValue": 0, "RecordNumber": 100000 + i, "ExecutionProcessID": 3220, "ThreadID": 4052,
		"Channel": "Microsoft-Windows-Sysmon/Operational", "Domain": "NT AUTHORITY", "AccountName": "SYSTEM",
		"UserID": "S-1-5-18", "AccountType": "User", "Hostname": host,
		"Message":     "Process Create:\r\nRuleName: -\r\nUtcTime: " + ts.Format("2006-01-02 15:04:05.000") + "\r\nProcessGuid: " + guid + "\r\nImage: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
		"EventTime":   ts.Add(-5 * time.Hour).Format("2006-01-02 15:04:05"),
		"UtcTime":     ts.Format("2006-01-02 15:04:05.000"),
		"ProcessGuid": guid, "ProcessId": 4000 + i%5000,
		"Image":       `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"FileVersion": "10.0.19041.546 (WinBuild.160101.0800)", "Description": "Windows PowerShell",
		"Product": "Microsoft® Windows® Operating System", "Company": "Microsoft Corporation", "OriginalFileName": "PowerShell.EXE",
		"CommandLine": cmd, "CurrentDirectory": `C:\Users\alice\`, "User": `CORP\alice`,
		"LogonGuid": "{5770385F-C1C5-5F9E-0000-0020E7E30100}", "LogonId": "0x1e3e7", "TerminalSessionId": 1, "IntegrityLevel": "High",
		"Hashes":            "SHA1=36C5D12033B2EAF251BAE61C00690FFB17FDDC87,MD5=7353F60B1739074EB17C5F4DDDEFE239,SHA256=DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C,IMPHASH=741776AACCFC5B71FF59832DCDCACE0F",
		"ParentProcessGuid": "{5770385F-C1C6-5F9E-0000-0010A3D10100}", "ParentProcessId": 3088,
		"ParentImage": `C:\Windows\explorer.exe`, "ParentCommandLine": `C:\Windows\Explorer.EXE`,
		"EventReceivedTime": ts.Add(time.Second).Format("2006-01-02 15:04:05"), "SourceModuleName": "in_sysmon", "SourceModuleType": "im_msvistalog",
	}
	b, _ := json.Marshal(raw)
	return huntflow.Event{
		ID: fmt.Sprintf("%016x", uint64(i)*0x9E3779B97F4A7C15), Time: ts, LocalTime: raw["EventTime"].(string), EventID: 1,
		Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", Host: host, User: `CORP\alice`,
		ProcessGUID: guid, ProcessID: int64(4000 + i%5000), Image: raw["Image"].(string), CommandLine: cmd,
		ParentProcessGUID: "{5770385F-C1C6-5F9E-0000-0010A3D10100}", ParentProcessID: 3088,
		ParentImage: `C:\Windows\explorer.exe`, ParentCommandLine: `C:\Windows\Explorer.EXE`,
		Raw: b,
	}
}

func events(n int) []huntflow.Event {
	out := make([]huntflow.Event, n)
	for i := range out {
		out[i] = sysmonEvent(i, t0.Add(time.Duration(i)*time.Millisecond))
	}
	return out
}

func TestWriteMixedResults(t *testing.T) {
	f := newFakeES(t)
	batch := events(6)
	id := func(i int) string { return batch[i].ID }
	// batch[1] was ingested before.
	f.stored[id(1)] = []byte(`{}`)
	f.bulkItem = func(docID string, attempt int) (int, string, string) {
		switch docID {
		case id(2):
			return 400, "mapper_parsing_exception", "failed to parse field [ProcessId] of type [long] in document with id '" + docID + "'. Preview of field's value: '0x1a2c'"
		case id(3):
			if attempt == 1 {
				return 429, "es_rejected_execution_exception", "rejected execution of coordinating operation [shard_detail=[huntflow-events][0][C]]"
			}
		case id(4):
			return 429, "es_rejected_execution_exception", "rejected execution of primary operation"
		}
		return 0, "", ""
	}
	s := openTest(t, f, func(c *Config) { c.MaxRetries = 3 })
	added, err := s.Write(context.Background(), batch)
	if added != 3 {
		t.Errorf("added %d, want 3 (new, new, created on retry)", added)
	}
	var be *BulkError
	if !errors.As(err, &be) {
		t.Fatalf("error %v, want *BulkError", err)
	}
	if be.Total != 6 || len(be.Failed) != 2 {
		t.Fatalf("BulkError %+v", be)
	}
	wantFailed := []ItemError{
		{ID: id(2), Status: 400, Type: "mapper_parsing_exception"},
		{ID: id(4), Status: 429, Type: "es_rejected_execution_exception"},
	}
	for i, w := range wantFailed {
		g := be.Failed[i]
		if g.ID != w.ID || g.Status != w.Status || g.Type != w.Type || g.Reason == "" {
			t.Errorf("failure %d: %+v, want %+v with a reason", i, g, w)
		}
		if !strings.Contains(err.Error(), w.ID) || !strings.Contains(err.Error(), g.Reason) {
			t.Errorf("error text lacks ID or reason of %s: %v", w.ID, err)
		}
	}
	if !strings.Contains(err.Error(), "2 of 6 events not indexed") {
		t.Errorf("summary: %v", err)
	}
	// An exhausted 429 is a sink failure: the batch must not pass for one
	// with only bad events.
	var rj rejecter
	if errors.As(err, &rj) {
		t.Errorf("error %v offers EachRejected; a cluster failure must stay fatal", err)
	}
	// The duplicate was not counted as a failure and not retried.
	for i, want := range map[int]int{0: 1, 1: 1, 2: 1, 3: 2, 4: 4, 5: 1} {
		if got := f.bulkAttempts[id(i)]; got != want {
			t.Errorf("event %d sent %d times, want %d", i, got, want)
		}
	}
}

func TestWriteReingestAddsNothing(t *testing.T) {
	f := newFakeES(t)
	s := openTest(t, f, nil)
	batch := events(250)
	for round, want := range []int{250, 0} {
		added, err := s.Write(context.Background(), batch)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if added != want {
			t.Errorf("round %d: added %d, want %d", round, added, want)
		}
	}
	if len(f.stored) != 250 {
		t.Errorf("%d documents stored, want 250", len(f.stored))
	}
}

func TestWriteRequestBody(t *testing.T) {
	f := newFakeES(t)
	s := openTest(t, f, nil)
	ev := sysmonEvent(7, time.Date(2024, 3, 10, 10, 0, 0, 250_000_000, time.UTC))
	if _, err := s.Write(context.Background(), []huntflow.Event{ev}); err != nil {
		t.Fatal(err)
	}
	reqs := f.recorded("POST", "/_bulk")
	if len(reqs) != 1 || reqs[0].Path != "/huntflow-events/_bulk" {
		t.Fatalf("bulk requests %+v", reqs)
	}
	lines := strings.Split(strings.TrimSuffix(string(reqs[0].Body), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d NDJSON lines, want 2", len(lines))
	}
	jsonEqual(t, "action", json.RawMessage(lines[0]), `{"create":{"_id":"`+ev.ID+`"}}`)
	var doc map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["@timestamp"] != "2024-03-10T10:00:00.25Z" || doc["host_key"] != "ws07.corp.example.com" || doc["Hostname"] != "WS07.corp.example.com" {
		t.Errorf("doc @timestamp %v host_key %v Hostname %v", doc["@timestamp"], doc["host_key"], doc["Hostname"])
	}
	if doc["CommandLine"] != ev.CommandLine || doc["Hashes"] == nil {
		t.Errorf("raw fields not kept: %v", doc)
	}
}

// TestDocument checks the document built for each kind of event: the raw
// JSON is kept, and only fields it lacks are added, so no key is ever
// duplicated.
func TestDocument(t *testing.T) {
	ts := time.Date(2024, 3, 10, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		ecs     bool
		ev      huntflow.Event
		want    string
		wantErr string
	}{
		{"raw sysmon gets @timestamp and host_key", false,
			huntflow.Event{Time: ts, EventID: 1, Host: "WS01", Raw: []byte(`{"EventID":1,"Hostname":"WS01","UtcTime":"2024-03-10 10:00:00.000"}`)},
			`{"EventID":1,"Hostname":"WS01","UtcTime":"2024-03-10 10:00:00.000","@timestamp":"2024-03-10T10:00:00Z","host_key":"ws01"}`, ""},
		{"security event gets Sysmon names", false,
			huntflow.Event{Time: ts, EventID: 4688, Host: "DC1", ProcessID: 6700, Image: `C:\x.exe`,
				Raw: []byte(`{"@timestamp":"2024-03-10T10:00:00Z","EventID":4688,"Computer":"DC1","NewProcessId":"0x1a2c","NewProcessName":"C:\\x.exe"}`)},
			`{"@timestamp":"2024-03-10T10:00:00Z","EventID":4688,"Computer":"DC1","NewProcessId":"0x1a2c","NewProcessName":"C:\\x.exe","host_key":"dc1","pid_key":6700,"Hostname":"DC1","Image":"C:\\x.exe"}`, ""},
		{"raw 4688 keeps its creator as ProcessId; pid_key is the new process", false,
			huntflow.Event{Time: ts, EventID: 4688, Host: "DC1", ProcessID: 0x1d18, ParentProcessID: 0x11c0,
				Raw: []byte(`{"@timestamp":"2024-03-10T10:00:00Z","EventID":4688,"Hostname":"DC1","NewProcessId":"0x1d18","ProcessId":"0x11c0"}`)},
			`{"@timestamp":"2024-03-10T10:00:00Z","EventID":4688,"Hostname":"DC1","NewProcessId":"0x1d18","ProcessId":"0x11c0","host_key":"dc1","pid_key":7448,"ParentProcessId":4544}`, ""},
		{"pretty-printed raw is compacted to one line", false,
			huntflow.Event{Time: ts, Raw: []byte("{\n  \"EventID\": 3,\n  \"Hostname\": \"A\"\n}\n")},
			`{"EventID":3,"Hostname":"A","@timestamp":"2024-03-10T10:00:00Z"}`, ""},
		{"ecs copies", true,
			huntflow.Event{Time: ts, EventID: 1, Host: "WS01", User: `CORP\bob`, ProcessID: 10, ProcessGUID: "{g}", Image: `C:\a.exe`,
				CommandLine: `a.exe "x"`, ParentProcessID: 9, Channel: "Sysmon",
				Raw: []byte(`{"@timestamp":"2024-03-10T10:00:00Z","EventID":1,"Hostname":"WS01","User":"CORP\\bob","ProcessId":10,"ProcessGuid":"{g}","Image":"C:\\a.exe","CommandLine":"a.exe \"x\"","ParentProcessId":9,"Channel":"Sysmon"}`)},
			`{"@timestamp":"2024-03-10T10:00:00Z","EventID":1,"Hostname":"WS01","User":"CORP\\bob","ProcessId":10,"ProcessGuid":"{g}","Image":"C:\\a.exe","CommandLine":"a.exe \"x\"","ParentProcessId":9,"Channel":"Sysmon","host_key":"ws01","pid_key":10,
			  "event":{"code":"1"},"process":{"pid":10,"entity_id":"{g}","executable":"C:\\a.exe","command_line":"a.exe \"x\"","parent":{"pid":9}},
			  "user":{"name":"bob","domain":"CORP"},"winlog":{"channel":"Sysmon","computer_name":"WS01","event_id":"1"}}`, ""},
		{"winlogbeat document keeps its own ECS objects", true,
			huntflow.Event{Time: ts, EventID: 1, Host: "WS01", Raw: []byte(`{"@timestamp":"2024-03-10T10:00:00Z","event":{"code":"1"},"host":{"name":"WS01"}}`)},
			`{"@timestamp":"2024-03-10T10:00:00Z","event":{"code":"1"},"host":{"name":"WS01"},"host_key":"ws01","EventID":1,"Hostname":"WS01","winlog":{"computer_name":"WS01","event_id":"1"}}`, ""},
		{"event without raw is built from its fields", false,
			huntflow.Event{Time: ts, EventID: 11, Host: "WS01", Fields: map[string]string{"TargetFilename": "C:\\t\u0001.txt", "EventID": "11", "user.name": "x"}},
			`{"@timestamp":"2024-03-10T10:00:00Z","host_key":"ws01","EventID":11,"Hostname":"WS01","TargetFilename":"C:\\t\u0001.txt"}`, ""},
		{"invalid UTF-8 replaced", false,
			huntflow.Event{Host: "WS\xff01", Raw: []byte(`{}`)},
			"{\"host_key\":\"ws\ufffd01\",\"Hostname\":\"WS\\ufffd01\"}", ""},
		{"null @timestamp replaced by the event time", false,
			huntflow.Event{Time: ts, EventID: 1, Raw: []byte(`{"EventID":1,"@timestamp":null,"UtcTime":"2024-03-10 10:00:00.000"}`)},
			`{"EventID":1,"@timestamp":"2024-03-10T10:00:00Z","UtcTime":"2024-03-10 10:00:00.000"}`, ""},
		{"@timestamp that is not the event time replaced, kept aside", false,
			huntflow.Event{Time: ts, EventID: 1, Raw: []byte(`{"@timestamp":"0001-01-01T00:00:00Z","EventID":1}`)},
			`{"@timestamp":"2024-03-10T10:00:00Z","EventID":1,"@timestamp_original":"0001-01-01T00:00:00Z"}`, ""},
		{"@timestamp without T replaced", false,
			huntflow.Event{Time: ts, EventID: 1, Raw: []byte(`{"EventID":1,"@timestamp":"2024-03-10 10:00:00"}`)},
			`{"EventID":1,"@timestamp":"2024-03-10T10:00:00Z","@timestamp_original":"2024-03-10 10:00:00"}`, ""},
		{"equal @timestamp in another spelling kept", false,
			huntflow.Event{Time: ts, EventID: 1, Raw: []byte(`{"EventID":"1","@timestamp":"2024-03-10T11:00:00.000+01:00"}`)},
			`{"EventID":"1","@timestamp":"2024-03-10T11:00:00.000+01:00"}`, ""},
		{"empty EventID replaced by the event ID", false,
			huntflow.Event{Time: ts, EventID: 4688, Raw: []byte(`{"EventID":"","event_id":4688,"@timestamp":"2024-03-10T10:00:00Z"}`)},
			`{"EventID":4688,"event_id":4688,"@timestamp":"2024-03-10T10:00:00Z"}`, ""},
		{"raw not an object", false, huntflow.Event{Raw: []byte(`[1,2]`)}, "", "not a JSON object"},
		{"raw truncated", false, huntflow.Event{Raw: []byte(`{"a":"b}`)}, "", "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Store{cfg: Config{ECSCopies: tt.ecs}, mapping: SysmonMapping}
			got, err := s.document(nil, &tt.ev)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if bytes.ContainsAny(got, "\n\r") {
				t.Errorf("document spans lines: %s", got)
			}
			if dup := duplicateKey(t, got); dup != "" {
				t.Errorf("duplicate key %q in %s", dup, got)
			}
			var compact bytes.Buffer
			json.Compact(&compact, []byte(tt.want))
			if string(got) != compact.String() {
				t.Errorf("document\n got  %s\n want %s", got, compact.String())
			}
		})
	}
}

// TestDocumentReplacesSpacedValues checks the replacement of raw values in
// lines written with spaces around separators, as Python's json.dumps
// writes them.
func TestDocumentReplacesSpacedValues(t *testing.T) {
	ts := time.Date(2024, 3, 10, 10, 0, 0, 0, time.UTC)
	ev := huntflow.Event{Time: ts, EventID: 4688, Raw: []byte(`{"EventID": "" , "@timestamp": null, "nested": {"@timestamp": 1, "EventID": [1, 2]}, "event_id": 4688}`)}
	s := &Store{mapping: SysmonMapping}
	got, err := s.document(nil, &ev)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"EventID": 4688 , "@timestamp": "2024-03-10T10:00:00Z", "nested": {"@timestamp": 1, "EventID": [1, 2]}, "event_id": 4688}`
	if string(got) != want {
		t.Errorf("document\n got  %s\n want %s", got, want)
	}
}

// duplicateKey finds a repeated key at any level; Elasticsearch rejects
// documents with one.
func duplicateKey(t *testing.T, doc []byte) string {
	dec := json.NewDecoder(bytes.NewReader(doc))
	var walk func() string
	walk = func() string {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("invalid JSON %s: %v", doc, err)
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					t.Fatalf("invalid JSON %s: %v", doc, err)
				}
				if seen[k.(string)] {
					return k.(string)
				}
				seen[k.(string)] = true
				if d := walk(); d != "" {
					return d
				}
			}
			dec.Token()
		case json.Delim('['):
			for dec.More() {
				if d := walk(); d != "" {
					return d
				}
			}
			dec.Token()
		}
		return ""
	}
	return walk()
}

func TestWriteRetriesRejectedRequest(t *testing.T) {
	f := newFakeES(t)
	rejected := 0
	f.fail = func(r *http.Request, _ []byte) (int, string, bool) {
		if strings.HasSuffix(r.URL.Path, "/_bulk") && rejected < 2 {
			rejected++
			return 429, `{"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"}],"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"},"status":429}`, true
		}
		return 0, "", false
	}
	s := openTest(t, f, nil)
	added, err := s.Write(context.Background(), events(20))
	if err != nil || added != 20 {
		t.Fatalf("added %d, err %v; want 20, nil", added, err)
	}
	// The indexer's workers may split the batch into several requests; the
	// first two were rejected whole and sent again.
	if rejected != 2 || len(f.stored) != 20 {
		t.Errorf("%d requests rejected, %d documents stored; want 2 and 20", rejected, len(f.stored))
	}
}

func TestWriteServerErrorReportsEveryEvent(t *testing.T) {
	f := newFakeES(t)
	f.fail = func(r *http.Request, _ []byte) (int, string, bool) {
		if strings.HasSuffix(r.URL.Path, "/_bulk") {
			return 500, `{"error":{"root_cause":[],"type":"illegal_state_exception","reason":"cluster state not recovered"},"status":500}`, true
		}
		return 0, "", false
	}
	s := openTest(t, f, nil)
	batch := events(30)
	added, err := s.Write(context.Background(), batch)
	var be *BulkError
	if !errors.As(err, &be) || added != 0 {
		t.Fatalf("added %d, err %v; want 0 and a *BulkError", added, err)
	}
	if len(be.Failed) != len(batch) {
		t.Fatalf("%d failures reported, want %d", len(be.Failed), len(batch))
	}
	for i, fe := range be.Failed {
		if fe.ID != batch[i].ID || !strings.Contains(fe.Reason, "cluster state not recovered") {
			t.Errorf("failure %d: %+v", i, fe)
		}
	}
}

func TestEnsureTemplate(t *testing.T) {
	f := newFakeES(t)
	s := openTest(t, f, func(c *Config) { c.Index = "hunt-logs" })
	if err := s.EnsureTemplate(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := f.recorded("PUT", "/_index_template/hunt-logs")
	if len(reqs) != 1 {
		t.Fatalf("template requests: %d", len(reqs))
	}
	body := requestBody(t, reqs[0])
	jsonEqual(t, "index_patterns", body["index_patterns"], `["hunt-logs","hunt-logs-*"]`)
	mappings := body["template"].(map[string]any)["mappings"].(map[string]any)
	props := mappings["properties"].(map[string]any)
	const keyword = `{"type":"keyword","ignore_above":8191}`
	for field, want := range map[string]string{
		// Nanoseconds, as the SQLite store orders and bounds events.
		"@timestamp":        `{"type":"date_nanos"}`,
		"EventTime":         keyword,
		"Hostname":          keyword,
		"host_key":          keyword,
		"pid_key":           `{"type":"long"}`,
		"Image":             keyword,
		"TargetFilename":    keyword,
		"ProcessId":         keyword,
		"ParentProcessId":   keyword,
		"ProcessGuid":       keyword,
		"Keywords":          keyword, // a number in nxlog, hex elsewhere
		"CommandLine":       `{"type":"wildcard","fields":{"text":{"type":"text"}}}`,
		"ParentCommandLine": `{"type":"wildcard","fields":{"text":{"type":"text"}}}`,
	} {
		jsonEqual(t, field, props[field], want)
	}
	// Every explicit keyword has an ignore_above below Lucene's term limit.
	for field, spec := range props {
		m := spec.(map[string]any)
		if m["type"] == "keyword" && m["ignore_above"] != 8191.0 {
			t.Errorf("keyword %s without ignore_above 8191: %v", field, m)
		}
	}
	// No object is imposed on names that sources use for strings (nxlog's
	// "host" is the collector's name).
	for _, name := range []string{"host", "user", "event", "process", "winlog"} {
		if spec, ok := props[name]; ok {
			t.Errorf("template declares %s: %v", name, spec)
		}
	}
	if mappings["date_detection"] != false || mappings["numeric_detection"] != false {
		t.Errorf("date_detection %v numeric_detection %v", mappings["date_detection"], mappings["numeric_detection"])
	}
	dyn := map[string]string{}
	for _, d := range mappings["dynamic_templates"].([]any) {
		for name, spec := range d.(map[string]any) {
			b, _ := json.Marshal(spec)
			dyn[name] = string(b)
		}
	}
	for name, want := range map[string]string{
		"ecs_pid":             `{"path_match":"process.pid","mapping":{"type":"long"}}`,
		"ecs_command_line":    `{"path_match":"process.command_line","mapping":{"type":"wildcard","fields":{"text":{"type":"text"}}}}`,
		"numbers_as_keyword":  `{"match_mapping_type":"long","mapping":` + keyword + `}`,
		"decimals_as_keyword": `{"match_mapping_type":"double","mapping":` + keyword + `}`,
		"booleans_as_keyword": `{"match_mapping_type":"boolean","mapping":` + keyword + `}`,
		"strings_as_keyword":  `{"match_mapping_type":"string","mapping":` + keyword + `}`,
	} {
		var got any
		json.Unmarshal([]byte(dyn[name]), &got)
		jsonEqual(t, "dynamic template "+name, got, want)
	}
}

// BenchmarkBulkWrite measures preparing and sending ~2 KB events to a
// cluster that accepts everything. Reported as events/s.
//
//	go test ./elastic -run '^$' -bench BulkWrite -benchtime 200000x
func BenchmarkBulkWrite(b *testing.B) {
	f := newFakeES(b)
	f.acceptAll = true
	s := openTest(b, f, nil)
	const batchSize = 5000
	batch := events(batchSize)
	size := 0
	for _, e := range batch {
		size += len(e.Raw)
	}
	b.SetBytes(int64(size / batchSize))
	b.ResetTimer()
	for n := 0; n < b.N; n += batchSize {
		part := batch[:min(batchSize, b.N-n)]
		added, err := s.Write(context.Background(), part)
		if err != nil || added != len(part) {
			b.Fatalf("added %d of %d: %v", added, len(part), err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// TestDetachBody checks that the HTTP client gets its own copy of a request
// body: the bulk indexer refills its buffer as soon as a request is
// answered, while net/http may still read the body (to check that it holds
// no more than Content-Length bytes). Reading the indexer's buffer then
// swallowed the next request's first items.
func TestDetachBody(t *testing.T) {
	buf := bytes.NewBufferString("first request\n")
	req, err := http.NewRequest(http.MethodPost, "http://es.invalid/_bulk", buf)
	if err != nil {
		t.Fatal(err)
	}
	var sent io.Reader
	send := detachBody(func(r *http.Request) (*http.Response, error) {
		b := make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, b); err != nil || string(b) != "first request\n" {
			t.Fatalf("sent %q, %v", b, err)
		}
		sent = r.Body
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	})
	if _, err := send(req); err != nil {
		t.Fatal(err)
	}
	// The indexer reuses its buffer for the next request...
	buf.Reset()
	buf.WriteString("next request\n")
	// ...and the client's late read must not take it.
	if extra, _ := io.ReadAll(sent); len(extra) != 0 {
		t.Errorf("late read of the sent body got %q", extra)
	}
	if buf.String() != "next request\n" {
		t.Errorf("the indexer's buffer now holds %q", buf.String())
	}
}

// TestWriteManyRequests splits batches into several bulk requests per
// worker, with the buffer reuse that TestDetachBody is about: every event
// must get its own outcome.
func TestWriteManyRequests(t *testing.T) {
	f := newFakeES(t)
	f.acceptAll = true
	s := openTest(t, f, nil)
	batch := events(5000)
	const rounds = 20
	for round := range rounds {
		added, err := s.Write(context.Background(), batch)
		if err != nil || added != len(batch) {
			t.Fatalf("round %d: added %d of %d: %v", round, added, len(batch), err)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range batch {
		if got := f.bulkAttempts[e.ID]; got != rounds {
			t.Fatalf("event %s sent %d times, want %d", e.ID, got, rounds)
		}
	}
}

// rejecter is how ingest, which cannot import this package, recognises an
// error that only reports bad events.
type rejecter interface {
	EachRejected(func(index int, reason string))
}

// TestWriteRejectedIsNotFatal checks that events Elasticsearch refuses for
// their content are reported apart from sink failures: the rest of the
// batch is written and the error names the rejected events by position,
// so ingest can count them as bad lines and go on.
func TestWriteRejectedIsNotFatal(t *testing.T) {
	f := newFakeES(t)
	batch := events(6)
	batch[4].Raw = []byte(`[1,2]`) // not an object: never sent
	f.bulkItem = func(docID string, _ int) (int, string, string) {
		switch docID {
		case batch[1].ID:
			return 400, "document_parsing_exception", "[1:1234] failed to parse field [EventID] of type [integer] in document with id '" + docID + "'. Preview of field's value: 'x'"
		case batch[3].ID:
			return 400, "illegal_argument_exception", `Document contains at least one immense term in field="Hashes" (whose UTF8 encoding is longer than the max length 32766), all of which were skipped.`
		}
		return 0, "", ""
	}
	s := openTest(t, f, nil)
	added, err := s.Write(context.Background(), batch)
	if added != 3 {
		t.Errorf("added %d, want 3", added)
	}
	var be *BulkError
	if errors.As(err, &be) {
		t.Fatalf("rejected events reported as a sink failure: %v", err)
	}
	var re *RejectedError
	if !errors.As(err, &re) || re.Total != 6 {
		t.Fatalf("error %v, want a *RejectedError for 6 events", err)
	}
	// Wrapped, as ingest wraps sink errors, and found through an interface.
	var rj rejecter
	if !errors.As(fmt.Errorf("ingest: write to sink: %w", err), &rj) {
		t.Fatalf("%T does not offer EachRejected", err)
	}
	var got []string
	rj.EachRejected(func(i int, reason string) { got = append(got, fmt.Sprintf("%d %s", i, reason)) })
	want := []string{"1 status 400: document_parsing_exception", "3 status 400: illegal_argument_exception: Document contains at least one immense term", "4 status 0: not sent: raw event is not a JSON object"}
	if len(got) != len(want) {
		t.Fatalf("rejected %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("rejection %d: %q, want prefix %q", i, got[i], want[i])
		}
	}
	// Not retried: they would fail again.
	for _, i := range []int{1, 3} {
		if n := f.bulkAttempts[batch[i].ID]; n != 1 {
			t.Errorf("event %d sent %d times, want 1", i, n)
		}
	}
}

// TestWriteRejectsMappingConflict checks a rejection that the index itself
// causes: winlogbeat's host object and nxlog's host string cannot share an
// index, and the later one is rejected, not fatal.
func TestWriteRejectsMappingConflict(t *testing.T) {
	f := newFakeES(t)
	s := openTest(t, f, nil)
	if err := s.EnsureTemplate(context.Background()); err != nil {
		t.Fatal(err)
	}
	var batch []huntflow.Event
	for _, line := range []string{
		`{"@timestamp":"2019-05-18T20:19:20.052Z","event_id":1,"computer_name":"WS1","host":{"name":"WECserver"}}`,
		`{"@timestamp":"2020-05-02T02:55:56.157Z","EventID":1,"Hostname":"WS2","host":"wec.internal.cloudapp.net"}`,
		`{"@timestamp":"2020-05-02T02:55:57.157Z","EventID":1,"Hostname":"WS2"}`,
	} {
		ev, err := ingest.Normalize([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		batch = append(batch, ev)
	}
	added, err := s.Write(context.Background(), batch)
	var re *RejectedError
	if added != 2 || !errors.As(err, &re) || len(re.Items) != 1 || re.Items[0].Index != 1 {
		t.Fatalf("added %d, error %v; want 2 and the nxlog event rejected", added, err)
	}
	if !strings.Contains(re.Items[0].Reason, "object mapping for [host]") {
		t.Errorf("reason %q", re.Items[0].Reason)
	}
}

// TestWriteSystemic400IsFatal checks that a 400 that is not about the
// document (an alias without a write index fails every event alike) stays a
// sink failure.
func TestWriteSystemic400IsFatal(t *testing.T) {
	f := newFakeES(t)
	f.bulkItem = func(string, int) (int, string, string) {
		return 400, "illegal_argument_exception", "no write index is defined for alias [huntflow-events]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index"
	}
	s := openTest(t, f, nil)
	_, err := s.Write(context.Background(), events(3))
	var be *BulkError
	var rj rejecter
	if !errors.As(err, &be) || errors.As(err, &rj) {
		t.Fatalf("error %v, want a *BulkError without EachRejected", err)
	}
}

// TestWriteRetriesFailedRequests checks that a bulk request that failed as
// a whole, after the transport's own retries, is sent again like a 429'd
// item, up to MaxRetries rounds; and that a request failing for good is not.
func TestWriteRetriesFailedRequests(t *testing.T) {
	const rejectedSends = 4 // more than the transport's 1+MaxRetries attempts
	tests := []struct {
		name      string
		status    int
		body      string
		wantSends int
		wantErr   bool
	}{
		{"429 past the transport's retries", 429,
			`{"error":{"root_cause":[],"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"},"status":429}`,
			rejectedSends + 1, false},
		{"503 past the transport's retries", 503, `<html>503 Service Unavailable</html>`, rejectedSends + 1, false},
		// 413 is not retried by the transport nor by Write.
		{"413 is final", 413, `{"error":{"root_cause":[],"type":"content_too_long_exception","reason":"request too large"},"status":413}`, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			sends := map[string]int{}
			f.fail = func(r *http.Request, body []byte) (int, string, bool) {
				if !strings.HasSuffix(r.URL.Path, "/_bulk") {
					return 0, "", false
				}
				fail := false
				lines := bytes.Split(bytes.TrimSuffix(body, []byte("\n")), []byte("\n"))
				for i := 0; i < len(lines); i += 2 {
					var action map[string]bulkAction
					if err := json.Unmarshal(lines[i], &action); err != nil {
						t.Errorf("action line %q: %v", lines[i], err)
					}
					id := action["create"].ID
					sends[id]++
					if sends[id] <= rejectedSends {
						fail = true
					}
				}
				if fail {
					return tt.status, tt.body, true
				}
				return 0, "", false
			}
			s := openTest(t, f, func(c *Config) { c.MaxRetries = 2 })
			batch := events(20)
			added, err := s.Write(context.Background(), batch)
			if tt.wantErr {
				var be *BulkError
				if !errors.As(err, &be) || added != 0 || len(be.Failed) != len(batch) || be.Failed[0].Status != 0 {
					t.Fatalf("added %d, err %v; want 0 and every event failed with status 0", added, err)
				}
			} else if err != nil || added != len(batch) {
				t.Fatalf("added %d, err %v; want %d, nil", added, err, len(batch))
			}
			for _, ev := range batch {
				if sends[ev.ID] != tt.wantSends {
					t.Fatalf("event %s sent %d times, want %d", ev.ID, sends[ev.ID], tt.wantSends)
				}
			}
		})
	}
}
