package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Velocidex/ordereddict"
	"www.velocidex.com/golang/evtx"

	"github.com/huntflow/huntflow"
)

// ingestEvents reads paths into a memSink and returns the events in the
// order written, with the summary.
func ingestEvents(t *testing.T, paths ...string) ([]huntflow.Event, Summary) {
	t.Helper()
	sink := newMemSink()
	sum, err := Files(context.Background(), sink, paths, Options{})
	if err != nil {
		t.Fatalf("Files(%v): %v (summary %+v)", paths, err, sum)
	}
	var evs []huntflow.Event
	seen := map[string]bool{}
	for _, id := range sink.order {
		if !seen[id] {
			seen[id] = true
			evs = append(evs, sink.byID[id])
		}
	}
	return evs, sum
}

func TestEVTXFixtures(t *testing.T) {
	tests := []struct {
		file       string
		want       huntflow.Event // typed fields
		wantFields map[string]string
		absent     []string
	}{
		{
			file: "defender_1119",
			want: huntflow.Event{
				EventID: 1119, Time: utc("2026-04-17T04:14:33.653414Z"),
				Channel: "Microsoft-Windows-Windows Defender/Operational", Provider: "Microsoft-Windows-Windows Defender",
				Host: "swachchhanda", Image: `C:\Users\xodih\Downloads\RedSun.exe`,
			},
			wantFields: map[string]string{
				// Field names with spaces become the names rules use, and
				// the event's own "Source Name" is not the provider.
				"ThreatName": "Tool:Win32/EICAR_Test_File", "SourceName": "Real-Time Protection",
				"ProcessName": `C:\Users\xodih\Downloads\RedSun.exe`, "ErrorCode": "0x80070020",
				"Provider_Name": "Microsoft-Windows-Windows Defender", "Provider_Guid": "11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78",
				"EventID": "1119", "Channel": "Microsoft-Windows-Windows Defender/Operational", "Computer": "swachchhanda",
				"EventRecordID": "542", "ExecutionProcessID": "7380", "ExecutionThreadID": "12856", "UserID": "S-1-5-18",
				"Keywords": "0x8000000000000000", "Level": "2", "ActivityID": "6B3DFF46-F4E6-4CDA-983B-76B101728AA5",
				"TimeCreated": "2026-04-17T04:14:33.653414Z",
			},
			absent: []string{"Threat Name", "Source Name"},
		},
		{
			file: "wmi_5858_userdata",
			want: huntflow.Event{
				EventID: 5858, Time: utc("2026-07-02T02:05:27.438557Z"),
				Channel: "Microsoft-Windows-WMI-Activity/Operational", Provider: "Microsoft-Windows-WMI-Activity",
				Host: "swachchhanda", User: `swachchhanda\xodih`,
			},
			wantFields: map[string]string{
				// UserData's wrapper element (<Operation_ClientFailure>) is
				// lifted away: rules name Operation, not a dotted path.
				"Operation":       `Start IWbemServices::ExecMethod - ROOT\CIMV2 : \\SWACHCHHANDA\ROOT\CIMV2:Win32_NTEventlogFile.Name="C:\\WINDOWS\\System32\\Winevt\\Logs\\System.evtx"::cleareventlog`,
				"ClientProcessId": "25920", "ResultCode": "0x80041003", "ClientMachine": "SWACHCHHANDA",
			},
		},
		{
			file: "security_4648",
			want: huntflow.Event{
				EventID: 4648, Time: utc("2026-07-17T14:18:34.072213Z"), Channel: "Security",
				Provider: "Microsoft-Windows-Security-Auditing", Host: "swachchhanda",
				ProcessID: 0x378, Image: `C:\Users\xodih\OneDrive\Desktop\LegacyHive.exe`, User: `SWACHCHHANDA\xodih`,
			},
			wantFields: map[string]string{
				// HexInt fields as Windows renders them.
				"SubjectLogonId": "0x85527", "ProcessId": "0x378", "TargetUserName": "testuser",
			},
		},
		{
			file: "sysmon_10",
			want: huntflow.Event{
				EventID: 10, Time: utc("2025-11-27T07:22:22.031Z"), Channel: "Microsoft-Windows-Sysmon/Operational",
				Provider: "Microsoft-Windows-Sysmon", Host: "swachchhanda", ProcessGUID: "0197231E-FC2D-6927-810B-000000000D00",
				ProcessID: 7224, Image: `C:\Windows\System32\WerFaultSecure.exe`, User: `swachchhanda\xodih`,
			},
			wantFields: map[string]string{
				"GrantedAccess": "0x1fffff", "TargetProcessId": "3472",
				"TargetImage": `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.25100.9008-0\MsMpEng.exe`,
			},
		},
	}
	for _, tt := range tests {
		for _, ext := range []string{".evtx", ".json"} {
			t.Run(tt.file+ext, func(t *testing.T) {
				evs, sum := ingestEvents(t, filepath.Join("testdata", "evtx", tt.file+ext))
				if len(evs) != 1 || sum.Bad != 0 || sum.Files != 1 {
					t.Fatalf("%d events, summary %+v; want 1 event and no bad lines", len(evs), sum)
				}
				got := evs[0]
				for k, v := range tt.wantFields {
					if got.Fields[k] != v {
						t.Errorf("Fields[%q] = %q, want %q", k, got.Fields[k], v)
					}
				}
				for _, k := range tt.absent {
					if _, ok := got.Fields[k]; ok {
						t.Errorf("Fields has %q", k)
					}
				}
				if got.ID == "" || len(got.Raw) == 0 || !bytes.HasPrefix(got.Raw, []byte(`{"Event":{`)) {
					t.Errorf("ID %q, Raw %.40q", got.ID, got.Raw)
				}
				got.ID, got.Raw, got.Fields = "", nil, nil
				if !got.Time.Equal(tt.want.Time) {
					t.Errorf("Time %s, want %s", got.Time, tt.want.Time)
				}
				got.Time = tt.want.Time
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("typed fields\n got %+v\nwant %+v", got, tt.want)
				}
			})
		}
	}
}

// TestEVTXMatchesItsJSONRendering reads each fixture log and the JSON
// rendering SigmaHQ ships with it: both must give the same fields.
func TestEVTXMatchesItsJSONRendering(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "evtx", "*.evtx"))
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		a, _ := ingestEvents(t, f)
		b, _ := ingestEvents(t, strings.TrimSuffix(f, ".evtx")+".json")
		if len(a) != len(b) {
			t.Fatalf("%s: %d events from the log, %d from its JSON", f, len(a), len(b))
		}
		for i := range a {
			keys := slices.Sorted(func(yield func(string) bool) {
				for k := range a[i].Fields {
					if !yield(k) {
						return
					}
				}
			})
			bk := 0
			for k := range b[i].Fields {
				bk++
				if _, ok := a[i].Fields[k]; !ok {
					t.Errorf("%s: JSON has %s=%q, the log does not", f, k, b[i].Fields[k])
				}
			}
			if bk != len(keys) {
				t.Errorf("%s: %d fields from the log, %d from its JSON", f, len(keys), bk)
			}
			for _, k := range keys {
				// The JSON renderer trims trailing blanks of values.
				if x, y := strings.TrimRight(a[i].Fields[k], " "), b[i].Fields[k]; x != y {
					t.Errorf("%s: %s = %q from the log, %q from its JSON", f, k, x, y)
				}
			}
		}
	}
}

// evtxChunks returns the file header and the chunks of an EVTX fixture.
func evtxChunks(t *testing.T, name string) (header []byte, chunks [][]byte) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "evtx", name))
	if err != nil {
		t.Fatal(err)
	}
	header = b[:evtxHeaderSize]
	for off := evtxHeaderSize; off+evtxChunkSize <= len(b); off += evtxChunkSize {
		chunks = append(chunks, b[off:off+evtxChunkSize])
	}
	return header, chunks
}

// resum recomputes a chunk's checksums after a test changed it, so that
// only the damage under test remains.
func resum(c []byte) {
	free := binary.LittleEndian.Uint32(c[48:])
	binary.LittleEndian.PutUint32(c[52:], crc32.ChecksumIEEE(c[evtxChunkHeaderSize:free]))
	h := crc32.NewIEEE()
	h.Write(c[:120])
	h.Write(c[128:evtxChunkHeaderSize])
	binary.LittleEndian.PutUint32(c[124:], h.Sum32())
}

func TestEVTXDamagedChunks(t *testing.T) {
	header, sec := evtxChunks(t, "security_4648.evtx")
	_, sys := evtxChunks(t, "sysmon_10.evtx")
	_, def := evtxChunks(t, "defender_1119.evtx")
	// A three-chunk log: each chunk carries its own templates and strings,
	// so chunks of different logs make a valid file.
	build := func(damage func(c []byte) []byte) []byte {
		var b []byte
		b = append(b, header...)
		b = append(b, sec[0]...)
		b = append(b, damage(slices.Clone(sys[0]))...)
		b = append(b, def[0]...)
		return b
	}
	cut := func(b []byte) []byte { return b }
	tests := []struct {
		name   string
		file   []byte
		events []int  // event IDs read, in order
		reason string // the damage named, "" for none
		bad    int
	}{
		{"intact", build(func(c []byte) []byte { return c }), []int{4648, 10, 1119}, "", 0},
		{"chunk header checksum", build(func(c []byte) []byte { c[20] ^= 0xff; return c }), []int{4648, 1119}, "chunk 1 (offset 0x11000): chunk header checksum", 1},
		{"chunk signature", build(func(c []byte) []byte { copy(c, "NotChnk\x00"); return c }), []int{4648, 1119}, "chunk 1 (offset 0x11000): bad chunk signature", 1},
		{"record signature", build(func(c []byte) []byte { c[evtxChunkHeaderSize] = 0; resum(c); return c }), []int{4648, 1119}, "chunk 1 (offset 0x11000): bad record signature at chunk offset 0x200", 1},
		{"record size", build(func(c []byte) []byte {
			binary.LittleEndian.PutUint32(c[evtxChunkHeaderSize+4:], 1<<20)
			resum(c)
			return c
		}), []int{4648, 1119}, "record at chunk offset 0x200 has bad size 1048576", 1},
		{"records checksum only", build(func(c []byte) []byte { binary.LittleEndian.PutUint32(c[52:], 0); resum2(c); return c }), []int{4648, 10, 1119}, "event records checksum", 1},
		{"random bytes with a valid header", build(func(c []byte) []byte {
			for i := evtxChunkHeaderSize + 24; i < len(c); i++ {
				c[i] = byte(i * 7)
			}
			resum(c)
			return c
		}), []int{4648, 1119}, "chunk 1 (offset 0x11000)", 1},
		{"truncated file", build(cut)[:evtxHeaderSize+2*evtxChunkSize+1000], []int{4648, 10}, "chunk 2 (offset 0x21000): truncated chunk: 1000 of 65536 bytes", 1},
		{"zeroed chunk is unused space", build(func(c []byte) []byte { clear(c); return c }), []int{4648, 1119}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "damaged.evtx")
			if err := os.WriteFile(path, tt.file, 0o644); err != nil {
				t.Fatal(err)
			}
			evs, sum := ingestEvents(t, path)
			var ids []int
			for _, e := range evs {
				ids = append(ids, e.EventID)
			}
			if !slices.Equal(ids, tt.events) {
				t.Errorf("events %v, want %v", ids, tt.events)
			}
			if sum.Bad != tt.bad || sum.CorruptChunks != tt.bad || len(sum.BadLines) != tt.bad {
				t.Fatalf("Bad %d, CorruptChunks %d, BadLines %v; want %d", sum.Bad, sum.CorruptChunks, sum.BadLines, tt.bad)
			}
			if tt.reason != "" {
				if got := sum.BadLines[0].String(); !strings.HasPrefix(got, path+": ") || !strings.Contains(got, tt.reason) {
					t.Errorf("bad chunk named %q, want %s: …%s…", got, path, tt.reason)
				}
				if !strings.Contains(sum.String(), "1 damaged EVTX chunk") {
					t.Errorf("summary %q does not count the damaged chunk", sum.String())
				}
			}
		})
	}
}

// resum2 recomputes only the chunk header checksum, leaving the records'
// checksum wrong.
func resum2(c []byte) {
	h := crc32.NewIEEE()
	h.Write(c[:120])
	h.Write(c[128:evtxChunkHeaderSize])
	binary.LittleEndian.PutUint32(c[124:], h.Sum32())
}

func TestEVTXNotAFile(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.evtx")
	if err := os.WriteFile(short, []byte("ElfFile\x00 too short"), 0o644); err != nil {
		t.Fatal(err)
	}
	sink := newMemSink()
	sum, err := Files(context.Background(), sink, []string{short, filepath.Join("testdata", "evtx", "sysmon_10.evtx")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Events != 1 || len(sum.FileErrors) != 1 || !strings.Contains(sum.FileErrors[0].String(), "short.evtx: evtx file header") {
		t.Errorf("summary %+v", sum)
	}
}

// TestEVTXInArchivesAndFolders reads the fixture logs from a folder and from
// a zip: the same events either way.
func TestEVTXInArchivesAndFolders(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "evtx", "*.evtx"))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			// A gzipped log in the archive too.
			w, _ := zw.Create("logs/" + filepath.Base(f) + ".gz")
			gw := gzip.NewWriter(w)
			gw.Write(b)
			gw.Close()
			continue
		}
		w, _ := zw.Create("logs/" + filepath.Base(f))
		w.Write(b)
	}
	zw.Close()
	zpath := filepath.Join(t.TempDir(), "logs.zip")
	if err := os.WriteFile(zpath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fromZip, zsum := ingestEvents(t, zpath)
	dir := t.TempDir()
	for _, f := range files {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
	}
	fromDir, dsum := ingestEvents(t, dir)
	if len(fromZip) != len(files) || zsum.Files != len(files) || dsum.Files != len(files) {
		t.Fatalf("zip: %d events from %d files, folder %d files; want %d", len(fromZip), zsum.Files, dsum.Files, len(files))
	}
	var a, b []string
	for i := range fromZip {
		a = append(a, fromZip[i].ID)
		b = append(b, fromDir[i].ID)
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Errorf("zip and folder give different events")
	}
	if !strings.HasPrefix(zsum.Hosts[0], "swachchhanda") || zsum.First.Before(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("summary %+v", zsum)
	}
}

// TestEVTXMutatedRecords flips bytes inside well-framed records (checksums
// recomputed, so the damage reaches the parser): whatever the parser makes
// of them, ingest neither crashes nor stops, and every chunk is read or
// named.
func TestEVTXMutatedRecords(t *testing.T) {
	header, sys := evtxChunks(t, "sysmon_10.evtx")
	_, def := evtxChunks(t, "defender_1119.evtx")
	rng := uint32(1)
	next := func() int { rng = rng*1664525 + 1013904223; return int(rng >> 8) }
	free := int(binary.LittleEndian.Uint32(sys[0][48:]))
	for i := range 120 {
		c := slices.Clone(sys[0])
		for range 1 + i%8 {
			// Past the record header, before the size copy at its end.
			c[evtxChunkHeaderSize+evtxRecordHeader+next()%(free-evtxChunkHeaderSize-evtxRecordHeader-4)] = byte(next())
		}
		resum(c)
		file := slices.Concat(header, c, def[0])
		path := filepath.Join(t.TempDir(), "mutated.evtx")
		if err := os.WriteFile(path, file, 0o644); err != nil {
			t.Fatal(err)
		}
		sink := newMemSink()
		sum, err := Files(context.Background(), sink, []string{path}, Options{})
		if err != nil {
			t.Fatalf("mutation %d: %v", i, err)
		}
		// The intact second chunk is always read.
		if sum.Events < 1 || sum.Events+sum.Bad < 2 {
			t.Fatalf("mutation %d: %d events, %d bad: %v", i, sum.Events, sum.Bad, sum.BadLines)
		}
	}
}

// TestEVTXFieldsAsFlattened checks the renderer's shortcut: the fields it
// hands over while writing a record's JSON must be exactly those the
// normaliser gets reading that JSON back, for every record of the
// fixtures, of SigmaHQ's regression logs and of the EVTX module's Security
// log when they are at hand.
func TestEVTXFieldsAsFlattened(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "evtx", "*.evtx"))
	filepath.WalkDir(filepath.Join("..", "..", "shared", "sigma", "regression_data"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".evtx") {
			files = append(files, p)
		}
		return nil
	})
	if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "www.velocidex.com/golang/evtx").Output(); err == nil {
		files = append(files, filepath.Join(strings.TrimSpace(string(out)), "testdata", "Security.evtx"))
	}
	records := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var n normalizer
		for off := evtxHeaderSize; off+evtxChunkSize <= len(data); off += evtxChunkSize {
			recs, err := parseChunkRecords(data[off : off+evtxChunkSize])
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			c := &chunk{}
			for _, rec := range recs {
				direct, err := n.evtxEvent(c, rec)
				if err != nil {
					t.Fatalf("%s record %d: %v", f, rec.Header.RecordID, err)
				}
				read, err := Normalize(direct.Raw)
				if err != nil {
					t.Fatalf("%s record %d: reading its JSON back: %v", f, rec.Header.RecordID, err)
				}
				if !reflect.DeepEqual(direct, read) {
					for k, v := range read.Fields {
						if direct.Fields[k] != v {
							t.Errorf("%s record %d: %s = %q handed over, %q read back", f, rec.Header.RecordID, k, direct.Fields[k], v)
						}
					}
					for k, v := range direct.Fields {
						if _, ok := read.Fields[k]; !ok {
							t.Errorf("%s record %d: %s = %q handed over, absent read back", f, rec.Header.RecordID, k, v)
						}
					}
					direct.Fields, read.Fields = nil, nil
					if !reflect.DeepEqual(direct, read) {
						t.Errorf("%s record %d: typed fields differ:\n%+v\n%+v", f, rec.Header.RecordID, direct, read)
					}
					t.FailNow()
				}
				records++
			}
		}
	}
	if records < 4 {
		t.Fatalf("%d records checked", records)
	}
	t.Logf("%d records from %d logs", records, len(files))
}

// od builds an ordered dict from key, value pairs, as the EVTX library
// hands records over.
func od(kv ...any) *ordereddict.Dict {
	d := ordereddict.NewDict()
	for i := 0; i < len(kv); i += 2 {
		d.Set(kv[i].(string), kv[i+1])
	}
	return d
}

// TestEVTXFieldsAsFlattenedShapes covers record shapes real logs rarely
// show, the same way: fields handed over = fields read back.
func TestEVTXFieldsAsFlattenedShapes(t *testing.T) {
	system := func(channel string) *ordereddict.Dict {
		return od("Provider", od("Name", "Prov", "Guid", "{X}"), "EventID", od("Qualifiers", uint16(0), "Value", uint16(4625)),
			"Keywords", uint64(0x8010000000000000), "TimeCreated", od("SystemTime", 1.7e9), "EventRecordID", uint64(9),
			"Correlation", od(), "Execution", od("ProcessID", uint32(4), "ThreadID", uint32(8)),
			"Channel", channel, "Computer", "WS1", "Security", od("UserID", "S-1-5-18"))
	}
	tests := []struct {
		name string
		rec  *ordereddict.Dict
		want map[string]string
	}{
		{"EventData odd values", od("Event", od("System", system("Security"),
			"EventData", od("Status", uint32(0xc000006d), "ProcessId", uint64(0x1f4), "Threat Name", "X", "Blob", []byte{0xde, 0xad},
				"List", []string{"a", "b", ""}, "When", 1.6e9, "Flag", true, "Small", uint8(3), "Nested", od("In", "x", "Deep", od("Er", "y")),
				"Data", od("NoName", "z"), "Bad", "a\xffb\x00c", "Quote", `"q"\`))),
			map[string]string{"Status": "0xc000006d", "ProcessId": "0x1f4", "ThreatName": "X", "Blob": "DEAD", "List": `["a","b"]`,
				"When": "2020-09-13T12:26:40.000000Z", "Flag": "true", "Small": "3", "Nested.In": "x", "Nested.Deep.Er": "y",
				"Data": `{"NoName":"z"}`, "Bad": "a\ufffdb\x00c", "Quote": `"q"\`, "EventID": "4625", "Qualifiers": "0",
				"Keywords": "0x8010000000000000", "ExecutionProcessID": "4", "UserID": "S-1-5-18", "Provider_Name": "Prov"}},
		{"named Data elements, one empty", od("Event", od("System", system("Application"),
			"EventData", od("Data", []any{od("Name", "A", "Value", "1"), od("Name", "B")}, "Binary", []byte{1}))),
			map[string]string{"A": "1", "B": "", "Binary": "01"}},
		{"UserData: scalars, wrapper, nested, attributes, Data list", od("Event", od("System", system("Application"),
			"UserData", od("Top", "t", "Wrap", od("#attributes", od("xmlns", "u"), "In", "i", "Sub", od("S", "s"),
				"Data", []any{od("@Name", "D1", "#text", "v1")}, "Plain Data", []any{"p"})))),
			map[string]string{"Top": "t", "In": "i", "Sub.S": "s", "D1": "v1", "PlainData": `["p"]`}},
		{"other Event elements", od("Event", od("System", system("Application"),
			"RenderingInfo", od("Message", "hello", "Level", "Information"), "EventData", "flat")),
			map[string]string{"RenderingInfo.Message": "hello", "EventData": "flat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n normalizer
			rec := &evtx.EventRecord{Event: tt.rec}
			rec.Header.FileTime = 116444736000000000 + 17e15
			direct, err := n.evtxEvent(&chunk{}, rec)
			if err != nil {
				t.Fatal(err)
			}
			read, err := Normalize(direct.Raw)
			if err != nil {
				t.Fatalf("%v: %s", err, direct.Raw)
			}
			if !reflect.DeepEqual(direct.Fields, read.Fields) {
				t.Errorf("handed over %v\nread back  %v\nraw %s", direct.Fields, read.Fields, direct.Raw)
			}
			for k, v := range tt.want {
				if direct.Fields[k] != v {
					t.Errorf("%s = %q, want %q", k, direct.Fields[k], v)
				}
			}
		})
	}
}

// TestEVTXRecordTooLong: a record that expands past MaxLineBytes is a bad
// record, not a process that runs out of memory.
func TestEVTXRecordTooLong(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	var items []any
	for range 20 {
		items = append(items, big) // one string, shared 20 times, as template expansion shares it
	}
	var n normalizer
	c := &chunk{buf: []byte("kept")}
	_, err := n.evtxEvent(c, &evtx.EventRecord{Event: od("Event", od("EventData", od("Huge", items)))})
	if !errors.Is(err, errRecordTooLong) || string(c.buf) != "kept" {
		t.Fatalf("err %v, buffer %d bytes; want errRecordTooLong and the buffer as it was", err, len(c.buf))
	}
}
