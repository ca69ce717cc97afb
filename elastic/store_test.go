package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/ingest"
)

var t0 = time.Date(2024, 3, 10, 10, 0, 0, 0, time.UTC)

func openTest(t testing.TB, f *fakeES, mutate func(*Config)) *Store {
	t.Helper()
	cfg := Config{
		URLs:         []string{f.srv.URL},
		RetryBackoff: func(int) time.Duration { return time.Millisecond },
	}
	if mutate != nil {
		mutate(&cfg)
	}
	s, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// sysmonSource is a document as huntflow's ingest indexes it: raw Sysmon
// names plus @timestamp and host_key.
func sysmonSource(ts time.Time, host string, eventID int, pid any, guid, image, cmd string) []byte {
	doc := map[string]any{
		"@timestamp": ts.UTC().Format(time.RFC3339Nano),
		"UtcTime":    ts.UTC().Format("2006-01-02 15:04:05.000"),
		"EventTime":  ts.In(time.FixedZone("", -5*3600)).Format("2006-01-02 15:04:05"),
		"EventID":    eventID,
		"Hostname":   host,
		"host_key":   strings.ToLower(host),
		"Channel":    "Microsoft-Windows-Sysmon/Operational",
		"SourceName": "Microsoft-Windows-Sysmon",
		"User":       `CORP\alice`,
	}
	if pid != nil {
		doc["ProcessId"] = pid
	}
	if guid != "" {
		doc["ProcessGuid"] = guid
	}
	if image != "" {
		doc["Image"] = image
	}
	if cmd != "" {
		doc["CommandLine"] = cmd
	}
	b, _ := json.Marshal(doc)
	return b
}

// ecsSource is a winlogbeat 8 document for a Sysmon event.
func ecsSource(ts time.Time, host string, eventID int, pid int64, guid, image, cmd string) []byte {
	doc := map[string]any{
		"@timestamp": ts.UTC().Format("2006-01-02T15:04:05.000Z"),
		"event":      map[string]any{"code": fmt.Sprint(eventID), "provider": "Microsoft-Windows-Sysmon", "kind": "event"},
		"host":       map[string]any{"name": host, "os": map[string]any{"family": "windows"}},
		"process": map[string]any{
			"pid": pid, "entity_id": guid, "executable": image, "command_line": cmd,
			"parent": map[string]any{"pid": 4242, "executable": `C:\Windows\explorer.exe`, "command_line": `C:\Windows\Explorer.EXE`, "entity_id": "{aaaa0000-0000-0000-0000-000000000001}"},
		},
		"user": map[string]any{"name": "alice", "domain": "CORP"},
		"winlog": map[string]any{
			"channel": "Microsoft-Windows-Sysmon/Operational", "provider_name": "Microsoft-Windows-Sysmon",
			"computer_name": host, "event_id": fmt.Sprint(eventID), "record_id": 1234,
			"event_data": map[string]any{"TargetImage": `C:\Windows\System32\lsass.exe`, "GrantedAccess": "0x1010", "RuleName": "-"},
		},
	}
	b, _ := json.Marshal(doc)
	return b
}

func readAll(t *testing.T, s *Store, q huntflow.Query) []*huntflow.Event {
	t.Helper()
	var out []*huntflow.Event
	if err := s.Search(context.Background(), q, func(e *huntflow.Event) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatalf("Search: %v", err)
	}
	return out
}

func ids(evs []*huntflow.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

func jsonEqual(t *testing.T, what string, got any, want string) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var gv, wv any
	json.Unmarshal(g, &gv)
	if err := json.Unmarshal([]byte(want), &wv); err != nil {
		t.Fatalf("bad want JSON: %v", err)
	}
	if !reflect.DeepEqual(gv, wv) {
		t.Errorf("%s:\n got  %s\n want %s", what, g, want)
	}
}

func requestBody(t *testing.T, r fakeRequest) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("request body: %v: %s", err, r.Body)
	}
	return m
}

func TestSearchRequestBody(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	start := time.Date(2024, 3, 10, 15, 30, 0, 0, ist) // 10:00 UTC
	end := time.Date(2024, 3, 10, 16, 30, 0, 500_000_000, ist)
	tests := []struct {
		name    string
		mapping FieldMapping
		q       huntflow.Query
		want    string // the bool query's filter
	}{
		{"zone converted to UTC with Z", SysmonMapping, huntflow.Query{Start: start, End: end},
			`[{"range":{"@timestamp":{"gte":"2024-03-10T10:00:00Z","lt":"2024-03-10T11:00:00.5Z","format":"strict_date_optional_time"}}}]`},
		{"no filters", SysmonMapping, huntflow.Query{}, `[]`},
		{"sysmon: ids, host key, guid, pid in decimal and hex", SysmonMapping,
			huntflow.Query{EventIDs: []int{1, 10}, Host: "WS01.Corp.local", ProcessGUID: "{abc}", ProcessID: 6700},
			`[{"terms":{"EventID":[1,10]}},
			  {"bool":{"minimum_should_match":1,"should":[
			    {"term":{"host_key":"ws01.corp.local"}},
			    {"term":{"Hostname":{"value":"WS01.Corp.local","case_insensitive":true}}}]}},
			  {"term":{"ProcessGuid":{"value":"{abc}","case_insensitive":true}}},
			  {"bool":{"minimum_should_match":1,"should":[
			    {"terms":{"pid_key":[6700]}},
			    {"bool":{"filter":[{"terms":{"ProcessId":["6700","0x1a2c","0x1A2C"]}}],"must_not":[{"term":{"EventID":4688}}]}},
			    {"terms":{"NewProcessId":["0x1a2c","0x1A2C"]}},
			    {"terms":{"SourceProcessId":["6700"]}}]}}]`},
		{"sysmon: pid with one hex spelling", SysmonMapping, huntflow.Query{ProcessID: 16},
			`[{"bool":{"minimum_should_match":1,"should":[
			    {"terms":{"pid_key":[16]}},
			    {"bool":{"filter":[{"terms":{"ProcessId":["16","0x10"]}}],"must_not":[{"term":{"EventID":4688}}]}},
			    {"terms":{"NewProcessId":["0x10"]}},
			    {"terms":{"SourceProcessId":["16"]}}]}}]`},
		{"ecs: keyword event codes, case-insensitive host, numeric pid", ECSMapping,
			huntflow.Query{Start: start, EventIDs: []int{4688}, Host: "WS01", ProcessID: 10},
			`[{"range":{"@timestamp":{"gte":"2024-03-10T10:00:00Z","format":"strict_date_optional_time"}}},
			  {"terms":{"event.code":["4688"]}},
			  {"bool":{"minimum_should_match":1,"should":[
			    {"term":{"winlog.computer_name":{"value":"WS01","case_insensitive":true}}},
			    {"bool":{"filter":[{"term":{"host.name":{"value":"WS01","case_insensitive":true}}}],
			             "must_not":[{"exists":{"field":"winlog.computer_name"}}]}}]}},
			  {"terms":{"process.pid":[10]}}]`},
	}
	tests = append(tests, struct {
		name    string
		mapping FieldMapping
		q       huntflow.Query
		want    string
	}{"kql as Kibana translates it", SysmonMapping,
		huntflow.Query{EventIDs: []int{1}, KQL: `CommandLine:*sekurlsa\:\:* and not Image:"C:\\Tools\\ok.exe"`},
		`[{"terms":{"EventID":[1]}},
		  {"bool":{"filter":[
		    {"query_string":{"analyze_wildcard":true,"fields":["CommandLine"],"query":"*sekurlsa\\:\\:*"}},
		    {"bool":{"must_not":[{"match_phrase":{"Image":"C:\\Tools\\ok.exe"}}]}}]}}]`})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			s := openTest(t, f, func(c *Config) { c.Mapping = tt.mapping })
			readAll(t, s, tt.q)
			reqs := f.recorded("POST", "/_search")
			if len(reqs) != 1 {
				t.Fatalf("%d search requests, want 1", len(reqs))
			}
			if reqs[0].Path != "/huntflow-events/_search" {
				t.Errorf("path %s", reqs[0].Path)
			}
			body := requestBody(t, reqs[0])
			jsonEqual(t, "filter", body["query"].(map[string]any)["bool"].(map[string]any)["filter"], tt.want)
			jsonEqual(t, "sort", body["sort"], `[{"@timestamp":"asc"}]`)
		})
	}
}

func TestSearchFilters(t *testing.T) {
	sys := []fakeDoc{
		{id: "early", source: sysmonSource(t0.Add(-time.Second), "WS01", 1, 100, "{G-1}", `C:\a.exe`, "a")},
		{id: "start", source: sysmonSource(t0, "WS01", 1, 6700, "{G-2}", `C:\b.exe`, "b")},
		// 4689, process exit: ProcessId is the exiting process, in hex.
		{id: "hex-pid", source: sysmonSource(t0.Add(time.Minute), "ws01", 4689, "0x1a2c", "", `C:\c.exe`, "c")},
		{id: "other-host", source: sysmonSource(t0.Add(2*time.Minute), "WS02", 1, 6700, "{G-3}", `C:\d.exe`, "d")},
		{id: "net", source: sysmonSource(t0.Add(3*time.Minute), "WS01", 3, 6700, "{G-2}", `C:\b.exe`, "")},
		{id: "end", source: sysmonSource(t0.Add(time.Hour), "WS01", 1, 6700, "{G-4}", `C:\e.exe`, "e")},
	}
	ecs := []fakeDoc{
		{id: "e1", source: ecsSource(t0, "WS01", 1, 6700, "{G-2}", `C:\b.exe`, "b")},
		{id: "e2", source: ecsSource(t0.Add(time.Minute), "ws01", 10, 6700, "{G-2}", `C:\b.exe`, "b")},
		{id: "e3", source: ecsSource(t0.Add(time.Minute), "WS02", 1, 6700, "{G-3}", `C:\b.exe`, "b")},
	}
	// Callers pass times in any zone; the window is the same instant.
	ny := time.FixedZone("EST", -5*3600)
	tests := []struct {
		name    string
		mapping FieldMapping
		docs    []fakeDoc
		q       huntflow.Query
		want    []string
	}{
		{"window is [start, end)", SysmonMapping, sys, huntflow.Query{Start: t0.In(ny), End: t0.Add(time.Hour).In(ny)},
			[]string{"start", "hex-pid", "other-host", "net"}},
		{"event ids", SysmonMapping, sys, huntflow.Query{EventIDs: []int{3, 4689}}, []string{"hex-pid", "net"}},
		{"host is case-insensitive", SysmonMapping, sys, huntflow.Query{Host: "Ws01", Start: t0, End: t0.Add(time.Hour)},
			[]string{"start", "hex-pid", "net"}},
		{"pid on host matches hex", SysmonMapping, sys, huntflow.Query{Host: "WS01", ProcessID: 6700},
			[]string{"start", "hex-pid", "net", "end"}},
		{"guid is case-insensitive", SysmonMapping, sys, huntflow.Query{ProcessGUID: "{g-2}"}, []string{"start", "net"}},
		{"ecs host and event code", ECSMapping, ecs, huntflow.Query{Host: "WS01", EventIDs: []int{10}}, []string{"e2"}},
		{"ecs pid on host", ECSMapping, ecs, huntflow.Query{Host: "ws01", ProcessID: 6700}, []string{"e1", "e2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			f.add(tt.docs...)
			s := openTest(t, f, func(c *Config) { c.Mapping = tt.mapping })
			if got := ids(readAll(t, s, tt.q)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// pidEvents are raw lines of one process tree on WS01, as NXLog ships them:
// powershell (4544 = 0x11c0) starts cmd (7448 = 0x1d18), which opens lsass
// (636). A 4688's ProcessId is its creator and a Sysmon 10 names its
// acting process SourceProcessId, which is where a query on the raw
// ProcessId went wrong.
var pidEvents = []struct{ id, raw string }{
	{"ps-create", `{"@timestamp":"2024-03-10T10:00:01Z","EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS01.corp.local","ExecutionProcessID":3220,` +
		`"ProcessGuid":"{5770385F-0001-0000-0000-000000001100}","ProcessId":4544,"Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","CommandLine":"powershell -nop",` +
		`"ParentProcessGuid":"{5770385F-0001-0000-0000-000000000C10}","ParentProcessId":3088,"ParentImage":"C:\\Windows\\explorer.exe","User":"CORP\\alice"}`},
	{"cmd-4688", `{"@timestamp":"2024-03-10T10:00:02Z","EventID":4688,"Channel":"Security","SourceName":"Microsoft-Windows-Security-Auditing","Hostname":"WS01.corp.local","ExecutionProcessID":624,` +
		`"SubjectUserName":"alice","SubjectDomainName":"CORP","NewProcessId":"0x1d18","NewProcessName":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd.exe /c whoami",` +
		`"ProcessId":"0x11c0","ParentProcessName":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"}`},
	{"cmd-lsass", `{"@timestamp":"2024-03-10T10:00:03Z","EventID":10,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS01.corp.local","ExecutionProcessID":3220,` +
		`"SourceProcessGUID":"{5770385F-0001-0000-0000-000000001D18}","SourceProcessId":7448,"SourceThreadId":7452,"SourceImage":"C:\\Windows\\System32\\cmd.exe",` +
		`"TargetProcessGUID":"{5770385F-0001-0000-0000-00000000027C}","TargetProcessId":636,"TargetImage":"C:\\Windows\\System32\\lsass.exe","GrantedAccess":"0x1010"}`},
	// The same PID on another host is another process.
	{"other-host", `{"@timestamp":"2024-03-10T10:00:04Z","EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS02.corp.local",` +
		`"ProcessGuid":"{5770385F-0002-0000-0000-000000001D18}","ProcessId":7448,"Image":"C:\\Windows\\System32\\notepad.exe","ParentProcessId":4544}`},
}

// TestSearchPIDIsActingProcess checks that a PID query on a host selects
// the events whose Event.ProcessID is that PID, as the SQLite store does:
// for documents huntflow wrote (pid_key) and for documents without pid_key
// (another tool's index, or one written before pid_key existed).
func TestSearchPIDIsActingProcess(t *testing.T) {
	var batch []huntflow.Event
	for _, e := range pidEvents {
		ev, err := ingest.Normalize([]byte(e.raw))
		if err != nil {
			t.Fatalf("%s: %v", e.id, err)
		}
		ev.ID = e.id
		batch = append(batch, ev)
	}
	// The normaliser's reading is the reference.
	for i, want := range []int64{4544, 7448, 7448, 7448} {
		if got := batch[i].ProcessID; got != want {
			t.Fatalf("%s: normalised ProcessID %d, want %d", batch[i].ID, got, want)
		}
	}

	sources := []struct {
		name string
		fill func(t *testing.T, f *fakeES, s *Store)
	}{
		{"written by Write", func(t *testing.T, f *fakeES, s *Store) {
			if _, err := s.Write(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
			for _, e := range pidEvents {
				if !strings.Contains(string(f.stored[e.id]), `"pid_key":`) {
					t.Errorf("%s: document without pid_key: %s", e.id, f.stored[e.id])
				}
			}
		}},
		{"indexed raw, without pid_key", func(t *testing.T, f *fakeES, _ *Store) {
			// As another tool indexes them: no host_key, no pid_key, PID
			// fields as the source wrote them. Host queries match the raw
			// Hostname.
			for _, e := range pidEvents {
				f.add(fakeDoc{id: e.id, source: []byte(e.raw)})
			}
		}},
	}
	tests := []struct {
		name string
		q    huntflow.Query
		want []string
	}{
		{"new process of a 4688, and its Sysmon 10", huntflow.Query{Host: "WS01.corp.local", ProcessID: 0x1d18}, []string{"cmd-4688", "cmd-lsass"}},
		{"creator of a 4688 is not its process", huntflow.Query{Host: "ws01.corp.local", ProcessID: 0x11c0}, []string{"ps-create"}},
		{"target of a Sysmon 10 is not its process", huntflow.Query{Host: "WS01.corp.local", ProcessID: 636}, nil},
		// activities/enrich.go looks a parent up this way.
		{"creation event by pid", huntflow.Query{Host: "WS01.corp.local", ProcessID: 7448, EventIDs: []int{1, 4688}}, []string{"cmd-4688"}},
		{"other host", huntflow.Query{Host: "WS02.corp.local", ProcessID: 7448}, []string{"other-host"}},
	}
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			f := newFakeES(t)
			s := openTest(t, f, nil)
			src.fill(t, f, s)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got := readAll(t, s, tt.q)
					if gotIDs := ids(got); !slices.Equal(gotIDs, tt.want) {
						t.Errorf("got %v, want %v", gotIDs, tt.want)
					}
					for _, e := range got {
						if e.ProcessID != tt.q.ProcessID {
							t.Errorf("%s: decoded ProcessID %d, want %d", e.ID, e.ProcessID, tt.q.ProcessID)
						}
						for _, k := range []string{"pid_key", "host_key"} {
							if _, ok := e.Fields[k]; ok {
								t.Errorf("%s: %s leaked into Fields", e.ID, k)
							}
						}
					}
				})
			}
		})
	}
}

// pagedDocs makes n events, several per millisecond so that only the
// tiebreaker keeps pagination exact.
func pagedDocs(n int) []fakeDoc {
	docs := make([]fakeDoc, n)
	for i := range docs {
		ts := t0.Add(time.Duration(i/3) * time.Millisecond)
		id := fmt.Sprintf("ev-%06d", i)
		src := fmt.Sprintf(`{"@timestamp":%q,"EventID":1,"Hostname":"WS01","host_key":"ws01","ProcessId":%d,"Image":"C:\\p%d.exe"}`,
			ts.Format(time.RFC3339Nano), i, i)
		docs[i] = fakeDoc{id: id, ts: ts, source: []byte(src),
			fields: map[string]string{"@timestamp": ts.Format(time.RFC3339Nano), "EventID": "1", "Hostname": "WS01", "host_key": "ws01"}}
	}
	return docs
}

func TestSearchPagination(t *testing.T) {
	f := newFakeES(t)
	f.add(pagedDocs(3500)...)
	s := openTest(t, f, nil)

	got := readAll(t, s, huntflow.Query{Start: t0, End: t0.Add(time.Hour)})
	if len(got) != 3500 {
		t.Fatalf("read %d events, want 3500", len(got))
	}
	seen := map[string]bool{}
	for i, e := range got {
		if seen[e.ID] {
			t.Fatalf("event %s read twice", e.ID)
		}
		seen[e.ID] = true
		if i > 0 && e.Time.Before(got[i-1].Time) {
			t.Fatalf("event %d out of time order", i)
		}
	}

	opens := f.recorded("POST", "/_pit")
	if len(opens) != 1 || opens[0].Path != "/huntflow-events/_pit" || opens[0].RawQuery != "keep_alive=1m" {
		t.Fatalf("PIT opens: %+v", opens)
	}
	searches := f.recorded("POST", "/_search")
	// One plain page first, then four point-in-time pages: 1000, 1000,
	// 1000, 500.
	if len(searches) != 5 || searches[0].Path != "/huntflow-events/_search" {
		t.Fatalf("%d searches, first %s", len(searches), searches[0].Path)
	}
	for i, r := range searches[1:] {
		if r.Path != "/_search" {
			t.Errorf("PIT page %d path %s, want /_search", i+1, r.Path)
		}
		body := requestBody(t, r)
		pit := body["pit"].(map[string]any)
		// The fake hands out a new id with every response.
		if want := fmt.Sprintf("pit1-%d", i); pit["id"] != want || pit["keep_alive"] != "1m" {
			t.Errorf("page %d pit %v, want id %s", i+1, pit, want)
		}
		jsonEqual(t, "sort", body["sort"], `[{"@timestamp":"asc"},{"_shard_doc":"asc"}]`)
		after, ok := body["search_after"]
		if i == 0 {
			if ok {
				t.Errorf("first PIT page has search_after %v", after)
			}
			continue
		}
		// The last hit of the previous page: event 1000*i-1 of the window.
		last := f.docs[1000*i-1]
		want := fmt.Sprintf(`[%d,%d]`, last.ts.UnixMilli(), shardDocBase+int64(last.seq))
		raw, _ := json.Marshal(after)
		var n1, n2 json.Number
		dec := json.NewDecoder(strings.NewReader(string(searches[1+i].Body)))
		dec.UseNumber()
		var exact struct {
			SearchAfter []json.Number `json:"search_after"`
		}
		if err := dec.Decode(&exact); err != nil || len(exact.SearchAfter) != 2 {
			t.Fatalf("page %d search_after %s: %v", i+1, raw, err)
		}
		n1, n2 = exact.SearchAfter[0], exact.SearchAfter[1]
		if got := "[" + n1.String() + "," + n2.String() + "]"; got != want {
			t.Errorf("page %d search_after %s, want %s (the previous page's last sort values)", i+1, got, want)
		}
	}
	closes := f.recorded("DELETE", "/_pit")
	if len(closes) != 1 || !strings.Contains(string(closes[0].Body), `"pit1-4"`) {
		t.Errorf("PIT close requests %v; want one closing the newest id pit1-4", closes)
	}
	if open := f.openPITs(); len(open) != 0 {
		t.Errorf("PITs left open: %v", open)
	}
}

// TestSearch100k reads a window of 100,000 events, ten times the default
// max_result_window, through point-in-time pages.
func TestSearch100k(t *testing.T) {
	const n = 100_000
	f := newFakeES(t)
	f.add(pagedDocs(n)...)
	s := openTest(t, f, nil)
	seen := make([]bool, n)
	count := 0
	start := time.Now()
	err := s.Search(context.Background(), huntflow.Query{Start: t0, End: t0.Add(time.Hour), Host: "WS01"}, func(e *huntflow.Event) error {
		var i int
		if _, err := fmt.Sscanf(e.ID, "ev-%d", &i); err != nil {
			return err
		}
		if seen[i] {
			return fmt.Errorf("event %s read twice", e.ID)
		}
		seen[i] = true
		count++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Fatalf("read %d events, want %d", count, n)
	}
	if pages := len(f.recorded("POST", "/_search")); pages != 1+n/1000+1 {
		t.Errorf("%d search requests, want %d", pages, 1+n/1000+1)
	}
	if open := f.openPITs(); len(open) != 0 {
		t.Errorf("PITs left open: %v", open)
	}
	t.Logf("read %d events in %v", n, time.Since(start))
}

func TestSearchLimit(t *testing.T) {
	tests := []struct {
		name      string
		docs      int
		limit     int
		wantRead  int
		wantSizes []float64 // size of each search request
		wantPIT   bool
	}{
		{"small limit, one request", 3500, 10, 10, []float64{10}, false},
		{"limit equal to a page", 3500, 1000, 1000, []float64{1000}, false},
		{"limit across pages", 3500, 1500, 1500, []float64{1000, 1000, 500}, true},
		{"small window, no limit", 999, 0, 999, []float64{1000}, false},
		{"window of exactly one page", 1000, 0, 1000, []float64{1000, 1000, 1000}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			f.add(pagedDocs(tt.docs)...)
			s := openTest(t, f, nil)
			got := readAll(t, s, huntflow.Query{Limit: tt.limit})
			if len(got) != tt.wantRead {
				t.Errorf("read %d, want %d", len(got), tt.wantRead)
			}
			var sizes []float64
			for _, r := range f.recorded("POST", "/_search") {
				sizes = append(sizes, requestBody(t, r)["size"].(float64))
			}
			if !slices.Equal(sizes, tt.wantSizes) {
				t.Errorf("request sizes %v, want %v", sizes, tt.wantSizes)
			}
			if opened := len(f.recorded("POST", "/_pit")) > 0; opened != tt.wantPIT {
				t.Errorf("PIT opened %v, want %v", opened, tt.wantPIT)
			}
			if open := f.openPITs(); len(open) != 0 {
				t.Errorf("PITs left open: %v", open)
			}
		})
	}
}

func TestSearchClosesPITOnError(t *testing.T) {
	errStop := errors.New("stop here")
	tests := []struct {
		name    string
		fail    func(r *http.Request, body []byte) (int, string, bool)
		fn      func(ctx context.Context, cancel func(), n int) error
		wantErr string
		wantIs  error
	}{
		{
			name: "callback error",
			fn: func(_ context.Context, _ func(), n int) error {
				if n == 1500 {
					return errStop
				}
				return nil
			},
			wantIs: errStop,
		},
		{
			name: "server error on second PIT page",
			fail: func() func(*http.Request, []byte) (int, string, bool) {
				pitPages := 0
				return func(r *http.Request, body []byte) (int, string, bool) {
					if r.URL.Path == "/_search" {
						if pitPages++; pitPages == 2 {
							return 500, `{"error":{"root_cause":[],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":500}`, true
						}
					}
					return 0, "", false
				}
			}(),
			wantErr: "search_phase_execution_exception: all shards failed",
		},
		{
			name: "context cancelled",
			fn: func(ctx context.Context, cancel func(), n int) error {
				if n == 1200 {
					cancel()
				}
				return ctx.Err()
			},
			wantIs: context.Canceled,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			f.add(pagedDocs(3500)...)
			f.fail = tt.fail
			s := openTest(t, f, nil)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			n := 0
			err := s.Search(ctx, huntflow.Query{}, func(*huntflow.Event) error {
				n++
				if tt.fn != nil {
					return tt.fn(ctx, cancel, n)
				}
				return nil
			})
			if err == nil {
				t.Fatal("Search returned nil error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v, want %v", err, tt.wantIs)
			}
			if tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q, want it to contain %q", err, tt.wantErr)
			}
			if len(f.recorded("DELETE", "/_pit")) != 1 {
				t.Errorf("PIT not closed")
			}
			if open := f.openPITs(); len(open) != 0 {
				t.Errorf("PITs left open: %v", open)
			}
		})
	}
}

func TestSearchDecode(t *testing.T) {
	ts := time.Date(2024, 3, 10, 10, 0, 1, 123_000_000, time.UTC)
	tests := []struct {
		name    string
		mapping FieldMapping
		source  []byte
		want    huntflow.Event
		fields  map[string]string
	}{
		{
			name:    "sysmon",
			mapping: SysmonMapping,
			source:  sysmonSource(ts, "WS01", 1, 6700, "{A1B2C3D4-0000-0000-0000-000000000001}", `C:\Windows\System32\cmd.exe`, `cmd.exe /c whoami`),
			want: huntflow.Event{
				ID: "doc-1", Time: ts, LocalTime: "2024-03-10 05:00:01", EventID: 1,
				Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", Host: "WS01", User: `CORP\alice`,
				ProcessGUID: "{A1B2C3D4-0000-0000-0000-000000000001}", ProcessID: 6700,
				Image: `C:\Windows\System32\cmd.exe`, CommandLine: "cmd.exe /c whoami",
			},
			fields: map[string]string{"Hostname": "WS01", "EventID": "1"},
		},
		{
			name:    "ecs",
			mapping: ECSMapping,
			source:  ecsSource(ts, "WS01", 10, 6700, "{A1B2C3D4-0000-0000-0000-000000000001}", `C:\Tools\procdump.exe`, `procdump -ma lsass.exe`),
			want: huntflow.Event{
				ID: "doc-1", Time: ts, EventID: 10,
				Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", Host: "WS01", User: `CORP\alice`,
				ProcessGUID: "{A1B2C3D4-0000-0000-0000-000000000001}", ProcessID: 6700,
				Image: `C:\Tools\procdump.exe`, CommandLine: "procdump -ma lsass.exe",
				ParentProcessGUID: "{aaaa0000-0000-0000-0000-000000000001}", ParentProcessID: 4242,
				ParentImage: `C:\Windows\explorer.exe`, ParentCommandLine: `C:\Windows\Explorer.EXE`,
			},
			// winlog.event_data is lifted so Sysmon-named rules match.
			fields: map[string]string{"TargetImage": `C:\Windows\System32\lsass.exe`, "GrantedAccess": "0x1010", "host.name": "WS01"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			f.add(fakeDoc{id: "doc-1", source: tt.source})
			s := openTest(t, f, func(c *Config) { c.Mapping = tt.mapping })
			got := readAll(t, s, huntflow.Query{})
			if len(got) != 1 {
				t.Fatalf("read %d events", len(got))
			}
			e := *got[0]
			for k, v := range tt.fields {
				if e.Fields[k] != v {
					t.Errorf("Fields[%s] = %q, want %q", k, e.Fields[k], v)
				}
			}
			if _, ok := e.Fields["host_key"]; ok {
				t.Errorf("host_key leaked into Fields")
			}
			if !json.Valid(e.Raw) {
				t.Errorf("Raw is not JSON: %s", e.Raw)
			}
			e.Fields, e.Raw = nil, nil
			if !reflect.DeepEqual(e, tt.want) {
				t.Errorf("event:\n got  %+v\n want %+v", e, tt.want)
			}
		})
	}
}

func TestStats(t *testing.T) {
	tests := []struct {
		name string
		q    huntflow.Query
		want huntflow.Stats
	}{
		{"window", huntflow.Query{Start: t0, End: t0.Add(time.Hour), Limit: 1},
			huntflow.Stats{Events: 4, Hosts: []string{"WS01", "WS02"}, First: t0, Last: t0.Add(3 * time.Minute)}},
		{"host", huntflow.Query{Host: "ws02"},
			huntflow.Stats{Events: 1, Hosts: []string{"WS02"}, First: t0.Add(2 * time.Minute), Last: t0.Add(2 * time.Minute)}},
		{"nothing", huntflow.Query{Host: "nope"}, huntflow.Stats{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			f.add(
				fakeDoc{id: "a", source: sysmonSource(t0, "WS01", 1, 1, "", "x", "")},
				fakeDoc{id: "b", source: sysmonSource(t0.Add(time.Minute), "ws01", 1, 1, "", "x", "")},
				fakeDoc{id: "c", source: sysmonSource(t0.Add(2*time.Minute), "WS02", 1, 1, "", "x", "")},
				fakeDoc{id: "d", source: sysmonSource(t0.Add(3*time.Minute), "WS01", 1, 1, "", "x", "")},
				fakeDoc{id: "late", source: sysmonSource(t0.Add(2*time.Hour), "WS03", 1, 1, "", "x", "")},
			)
			s := openTest(t, f, nil)
			got, err := s.Stats(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			body := requestBody(t, f.recorded("POST", "/_search")[0])
			if body["track_total_hits"] != true || body["size"] != 0.0 {
				t.Errorf("stats body: track_total_hits %v size %v", body["track_total_hits"], body["size"])
			}
		})
	}
}

func TestStack(t *testing.T) {
	tests := []struct {
		name      string
		mapping   FieldMapping
		field     string
		wantField string
	}{
		{"sysmon image", SysmonMapping, "Image", "Image"},
		{"ecs image", ECSMapping, "Image", "process.executable"},
		{"ecs event data field", ECSMapping, "TargetImage", "winlog.event_data.TargetImage"},
		{"ecs path", ECSMapping, "process.parent.executable", "process.parent.executable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			var docs []fakeDoc
			for i, n := range []int{5, 1, 3, 1} {
				val := fmt.Sprintf(`C:\v%d.exe`, i)
				for j := range n {
					docs = append(docs, fakeDoc{id: fmt.Sprintf("%d-%d", i, j), ts: t0, source: []byte(`{}`),
						fields: map[string]string{tt.wantField: val, "host_key": "ws01"}})
				}
			}
			f.add(docs...)
			s := openTest(t, f, func(c *Config) { c.Mapping = tt.mapping })
			got, err := s.Stack(context.Background(), huntflow.Query{}, tt.field, 3)
			if err != nil {
				t.Fatal(err)
			}
			want := []Bucket{{`C:\v1.exe`, 1}, {`C:\v3.exe`, 1}, {`C:\v2.exe`, 3}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
			body := requestBody(t, f.recorded("POST", "/_search")[0])
			terms := body["aggs"].(map[string]any)["values"].(map[string]any)["terms"].(map[string]any)
			if terms["field"] != tt.wantField || terms["size"] != 3.0 {
				t.Errorf("terms %v", terms)
			}
			jsonEqual(t, "order", terms["order"], `[{"_count":"asc"},{"_key":"asc"}]`)
		})
	}
}

func TestOpen(t *testing.T) {
	const password, apiKey = "s3cr3t-pass-word", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	noProduct := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"version":{"number":"8.15.0"}}`)
	}))
	defer noProduct.Close()
	unauthorized := newFakeES(t)
	unauthorized.fail = func(r *http.Request, _ []byte) (int, string, bool) {
		return 401, `{"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate user [elastic] for REST request [/]"}],"type":"security_exception","reason":"unable to authenticate user [elastic] for REST request [/]"},"status":401}`, true
	}

	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"unreachable", Config{URLs: []string{strings.Replace(closedURL, "http://", "http://elastic:"+password+"@", 1)}, APIKey: apiKey, MaxRetries: 1},
			"unreachable"},
		{"not elasticsearch", Config{URLs: []string{noProduct.URL}, Password: password, Username: "elastic"},
			"not Elasticsearch"},
		{"unauthorized", Config{URLs: []string{unauthorized.srv.URL}, Password: password, Username: "elastic"},
			"status 401: security_exception: unable to authenticate"},
		{"no address", Config{APIKey: apiKey}, "no Elasticsearch URL"},
		{"unknown mapping", Config{URLs: []string{unauthorized.srv.URL}, Mapping: FieldMapping{Name: "splunk"}}, `unknown field mapping "splunk"`},
		{"missing CA file", Config{URLs: []string{unauthorized.srv.URL}, CACertPath: "/nonexistent/ca.pem"}, "read CA certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.RetryBackoff = func(int) time.Duration { return time.Millisecond }
			_, err := Open(context.Background(), tt.cfg, nil)
			if err == nil {
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), password) || strings.Contains(err.Error(), apiKey) {
				t.Errorf("error reveals a secret: %v", err)
			}
		})
	}
}

func TestOpenSendsCredentials(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		// The scheme is case-insensitive; the client spells it APIKey.
		{"api key", Config{APIKey: "a2V5aWQ6c2VjcmV0", Username: "ignored", Password: "ignored"}, "ApiKey a2V5aWQ6c2VjcmV0"},
		{"basic", Config{Username: "elastic", Password: "changeme"}, "Basic ZWxhc3RpYzpjaGFuZ2VtZQ=="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			openTest(t, f, func(c *Config) { c.APIKey, c.Username, c.Password = tt.cfg.APIKey, tt.cfg.Username, tt.cfg.Password })
			info := f.recorded("GET", "/")
			if len(info) != 1 {
				t.Fatalf("%d info requests", len(info))
			}
			got := info[0].Header.Get("Authorization")
			scheme, cred, _ := strings.Cut(got, " ")
			wantScheme, wantCred, _ := strings.Cut(tt.want, " ")
			if !strings.EqualFold(scheme, wantScheme) || cred != wantCred {
				t.Errorf("Authorization %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSearchSkipsDocumentsThatAreNotEvents(t *testing.T) {
	f := newFakeES(t)
	f.add(
		fakeDoc{id: "a", source: sysmonSource(t0, "WS01", 1, 1, "", "x", "")},
		fakeDoc{id: "heartbeat", source: []byte(`{"@timestamp":"2024-03-10T10:00:01Z","message":"agent heartbeat"}`)},
		fakeDoc{id: "b", source: sysmonSource(t0.Add(2*time.Second), "WS01", 1, 1, "", "x", "")},
	)
	s := openTest(t, f, nil)
	if got := ids(readAll(t, s, huntflow.Query{})); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("got %v, want [a b]", got)
	}
}

// TestSearchECSHost checks that the ECS mapping finds a host by
// winlog.computer_name, the computer that logged the event, and asks
// host.name only of documents without it: for events forwarded to a
// collector, host.name is the collector, the same for every host.
func TestSearchECSHost(t *testing.T) {
	doc := func(computer, hostName string) []byte {
		d := map[string]any{
			"@timestamp": "2024-03-10T10:00:00.000Z",
			"event":      map[string]any{"code": "1"},
			"host":       map[string]any{"name": hostName},
			"winlog":     map[string]any{"channel": "Microsoft-Windows-Sysmon/Operational", "event_id": "1"},
		}
		if computer != "" {
			d["winlog"].(map[string]any)["computer_name"] = computer
		}
		b, _ := json.Marshal(d)
		return b
	}
	f := newFakeES(t)
	f.add(
		fakeDoc{id: "forwarded", source: doc("WS01.corp.local", "WECserver")},
		fakeDoc{id: "agent", source: doc("", "WS02.corp.local")},
		fakeDoc{id: "forwarded-from-ws03", source: doc("WS03.corp.local", "WS02.corp.local")},
	)
	s := openTest(t, f, func(c *Config) { c.Mapping = ECSMapping })
	for host, want := range map[string][]string{
		"ws01.corp.local": {"forwarded"},
		"WS02.corp.local": {"agent"},
		"WS03.CORP.LOCAL": {"forwarded-from-ws03"},
		"WECserver":       nil, // the collector is nobody's host
	} {
		got := readAll(t, s, huntflow.Query{Host: host})
		if gotIDs := ids(got); !slices.Equal(gotIDs, want) {
			t.Errorf("host %s: got %v, want %v", host, gotIDs, want)
		}
		for _, e := range got {
			if !strings.EqualFold(e.Host, host) {
				t.Errorf("host %s: %s decoded with host %q", host, e.ID, e.Host)
			}
		}
	}
	if f := ECSMapping.field("Hostname"); f != "winlog.computer_name" {
		t.Errorf("Hostname stacks on %s", f)
	}
}

func TestSearchKQLSyntaxErrorSendsNothing(t *testing.T) {
	f := newFakeES(t)
	s := openTest(t, f, nil)
	err := s.Search(context.Background(), huntflow.Query{KQL: `EventID:(1 or`}, func(*huntflow.Event) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "position") {
		t.Fatalf("want a positioned KQL syntax error, got %v", err)
	}
	if _, err := s.Stats(context.Background(), huntflow.Query{KQL: `a:`}); err == nil {
		t.Fatal("Stats accepted a bad query")
	}
	if n := len(f.recorded("POST", "/_search")); n != 0 {
		t.Errorf("%d searches sent for a query that does not parse", n)
	}
}

// TestSearchPages: the pages are the search responses, of the size asked
// for, in time order, each event once; a small window is one page from one
// request, and a caller's error stops the reading and closes the point in
// time.
func TestSearchPages(t *testing.T) {
	tests := []struct {
		name      string
		docs      int
		size      int
		limit     int
		wantPages []int
		searches  int // requests: the plain one, then point-in-time pages
	}{
		{"one page", 120, 500, 0, []int{120}, 1},
		{"configured page size", 2500, 0, 0, []int{1000, 1000, 500}, 4},
		{"caller's page size", 1000, 300, 0, []int{300, 300, 300, 100}, 5},
		{"exact multiple", 600, 300, 0, []int{300, 300}, 4},
		{"limit", 1000, 300, 700, []int{300, 300, 100}, 4},
		{"limit within the first page", 1000, 300, 50, []int{50}, 1},
		{"empty", 0, 300, 0, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeES(t)
			f.add(pagedDocs(tt.docs)...)
			s := openTest(t, f, nil)
			var sizes []int
			var got []*huntflow.Event
			err := s.SearchPages(context.Background(), huntflow.Query{Start: t0, End: t0.Add(time.Hour), Limit: tt.limit}, tt.size,
				func(page []*huntflow.Event) error {
					sizes = append(sizes, len(page))
					got = append(got, page...)
					return nil
				})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sizes, tt.wantPages) {
				t.Errorf("pages of %v, want %v", sizes, tt.wantPages)
			}
			seen := map[string]bool{}
			for i, e := range got {
				if seen[e.ID] || i > 0 && e.Time.Before(got[i-1].Time) {
					t.Fatalf("event %d (%s) repeated or out of order", i, e.ID)
				}
				seen[e.ID] = true
			}
			if n := len(f.recorded("POST", "/_search")); n != tt.searches {
				t.Errorf("%d search requests, want %d", n, tt.searches)
			}
			if open := f.openPITs(); len(open) != 0 {
				t.Errorf("PITs left open: %v", open)
			}
		})
	}

	f := newFakeES(t)
	f.add(pagedDocs(1000)...)
	s := openTest(t, f, nil)
	stop := errors.New("stop")
	pages := 0
	err := s.SearchPages(context.Background(), huntflow.Query{Start: t0, End: t0.Add(time.Hour)}, 200, func([]*huntflow.Event) error {
		if pages++; pages == 2 {
			return stop
		}
		return nil
	})
	if err != stop || pages != 2 {
		t.Errorf("SearchPages = %v after %d pages, want the caller's error after 2", err, pages)
	}
	if open := f.openPITs(); len(open) != 0 {
		t.Errorf("PITs left open after the caller's error: %v", open)
	}
}
