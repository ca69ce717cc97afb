package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/internal/testshared"
)

// sliceSink keeps every event written, in order.
type sliceSink struct{ events []huntflow.Event }

func (s *sliceSink) Write(_ context.Context, batch []huntflow.Event) (int, error) {
	s.events = append(s.events, batch...)
	return len(batch), nil
}

// ingestBothWays reads path with our BinXML decoder and with the EVTX
// library alone.
func ingestBothWays(t *testing.T, path string) (ours, lib []huntflow.Event, oursSum, libSum Summary) {
	t.Helper()
	run := func(library bool) ([]huntflow.Event, Summary) {
		var sink sliceSink
		sum, err := Files(context.Background(), &sink, []string{path}, Options{Workers: 1, evtxLibrary: library})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return sink.events, sum
	}
	ours, oursSum = run(false)
	lib, libSum = run(true)
	return ours, lib, oursSum, libSum
}

// sameEvents reports the first difference between two runs' events: every
// event alike, Raw byte for byte, Fields key by key.
func sameEvents(ours, lib []huntflow.Event) error {
	if len(ours) != len(lib) {
		return fmt.Errorf("%d events, the library %d", len(ours), len(lib))
	}
	for i := range ours {
		a, b := ours[i], lib[i]
		if !bytes.Equal(a.Raw, b.Raw) {
			return fmt.Errorf("event %d: Raw\n%s\nthe library's\n%s", i, a.Raw, b.Raw)
		}
		for k, v := range b.Fields {
			if w, ok := a.Fields[k]; !ok || w != v {
				return fmt.Errorf("event %d: %s = %q (present %v), the library's %q", i, k, w, ok, v)
			}
		}
		if len(a.Fields) != len(b.Fields) {
			return fmt.Errorf("event %d: %d fields, the library's %d", i, len(a.Fields), len(b.Fields))
		}
		if !reflect.DeepEqual(a, b) {
			a.Fields, a.Raw, b.Fields, b.Raw = nil, nil, nil, nil
			return fmt.Errorf("event %d:\n%+v\nthe library's\n%+v", i, a, b)
		}
	}
	return nil
}

// evtxTestFiles lists the committed fixtures, the EVTX module's Security
// log and, when the shared data is at hand (always under CI=true),
// SigmaHQ's regression logs.
func evtxTestFiles(t *testing.T, regression bool) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "evtx", "*.evtx"))
	if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "www.velocidex.com/golang/evtx").Output(); err == nil {
		files = append(files, filepath.Join(strings.TrimSpace(string(out)), "testdata", "Security.evtx"))
	}
	if !regression {
		return files
	}
	dir := testshared.Path(t, "sigma/regression_data")
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".evtx") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// binxmlFallbackExpected names the logs whose chunks our decoder leaves to
// the library, with the reason. None so far.
var binxmlFallbackExpected = map[string]string{}

// TestBinXMLMatchesLibrary: our decoder and the EVTX library give the same
// events (and bad lines) for every log at hand, and our decoder reads every
// chunk itself.
func TestBinXMLMatchesLibrary(t *testing.T) {
	for _, set := range []struct {
		name       string
		regression bool
		min        int
	}{
		{"fixtures", false, 4},
		{"regression", true, 200},
	} {
		t.Run(set.name, func(t *testing.T) {
			files := evtxTestFiles(t, set.regression)
			if len(files) < set.min {
				t.Fatalf("%d logs, want at least %d", len(files), set.min)
			}
			events, chunks := 0, 0
			for _, f := range files {
				ours, lib, oursSum, libSum := ingestBothWays(t, f)
				if err := sameEvents(ours, lib); err != nil {
					t.Errorf("%s: %v", f, err)
					continue
				}
				if !reflect.DeepEqual(oursSum.BadLines, libSum.BadLines) || oursSum.Bad != libSum.Bad || oursSum.CorruptChunks != libSum.CorruptChunks {
					t.Errorf("%s: bad lines %v, the library's %v", f, oursSum.BadLines, libSum.BadLines)
				}
				if reason, ok := binxmlFallbackExpected[filepath.Base(f)]; oursSum.EVTXFallbacks > 0 && !ok {
					t.Errorf("%s: %d chunks left to the library", f, oursSum.EVTXFallbacks)
				} else if ok {
					t.Logf("%s: %d chunks left to the library (%s)", f, oursSum.EVTXFallbacks, reason)
				}
				events += len(ours)
				chunks += libSum.EVTXFallbacks // every chunk with records, in library mode
			}
			if events == 0 {
				t.Fatal("no events compared")
			}
			t.Logf("%d events in %d chunks of %d logs alike", events, chunks, len(files))
		})
	}
}

// firstRecordLayout checks the layout the mutations below assume: the
// sysmon_10 fixture's first record opens with its template's definition.
const (
	mutTemplateToken = 0x21c // 0x0c
	mutTemplateOne   = 0x21d // 0x01
	mutDefOffset     = 0x222 // = 0x226, inline
	mutBodySize      = 0x23a
	mutBody          = 0x23e
	mutFirstName     = 0x249 // the Event element's name offset
)

// TestBinXMLFallback: damage our decoder does not accept sends the chunk
// to the library, counted, and ingest gives what the library gives.
func TestBinXMLFallback(t *testing.T) {
	header, sys := evtxChunks(t, "sysmon_10.evtx")
	_, def := evtxChunks(t, "defender_1119.evtx")
	c := sys[0]
	if c[mutTemplateToken] != tokTemplate || c[mutTemplateOne] != 1 || binary.LittleEndian.Uint32(c[mutDefOffset:]) != mutDefOffset+4 || c[mutBody+4] != tokOpenStartAttrs {
		t.Fatalf("sysmon_10.evtx's first record is not laid out as the test assumes: % x", c[0x218:0x250])
	}
	values := mutBody + int(binary.LittleEndian.Uint32(c[mutBodySize:])) // value count, then descriptors
	if n := binary.LittleEndian.Uint32(c[values:]); n == 0 || n > 100 {
		t.Fatalf("%d values after the template", n)
	}
	firstDesc := values + 4
	tests := []struct {
		name   string
		damage func(c []byte)
		reason string
	}{
		{"unknown token", func(c []byte) { c[mutTemplateToken] = 0x07 }, "unsupported token 0x07"},
		{"template instance without 0x01", func(c []byte) { c[mutTemplateOne] = 2 }, "without its 0x01"},
		{"template used before its definition", func(c []byte) { binary.LittleEndian.PutUint32(c[mutDefOffset:], 0x4000) }, "out of order"},
		{"name outside the chunk", func(c []byte) { binary.LittleEndian.PutUint32(c[mutFirstName:], 0xffffff00) }, "past the end of the chunk"},
		{"value past the chunk's end", func(c []byte) {
			binary.LittleEndian.PutUint16(c[firstDesc:], 0xffff)
			binary.LittleEndian.PutUint16(c[firstDesc+2:], valString)
		}, "past the end of the chunk"},
		{"unsupported value type", func(c []byte) { binary.LittleEndian.PutUint16(c[firstDesc+2:], 0x0101) }, "value type 0x101"},
		{"value shorter than its type", func(c []byte) {
			binary.LittleEndian.PutUint16(c[firstDesc:], 3)
			binary.LittleEndian.PutUint16(c[firstDesc+2:], valUint32)
		}, "has 3 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := slices.Clone(sys[0])
			tt.damage(c)
			resum(c)
			var d binxmlDecoder
			_, err := d.decodeChunk(c)
			var be *binxmlError
			if !errors.As(err, &be) || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("decodeChunk: %v, want a binxmlError naming %q", err, tt.reason)
			}
			path := filepath.Join(t.TempDir(), "damaged.evtx")
			if err := os.WriteFile(path, slices.Concat(header, c, def[0]), 0o644); err != nil {
				t.Fatal(err)
			}
			ours, lib, oursSum, libSum := ingestBothWays(t, path)
			if err := sameEvents(ours, lib); err != nil {
				t.Error(err)
			}
			// The intact second chunk is ours.
			if oursSum.EVTXFallbacks != 1 || !reflect.DeepEqual(oursSum.BadLines, libSum.BadLines) {
				t.Errorf("%d chunks left to the library, bad lines %v (the library's %v); want 1, alike", oursSum.EVTXFallbacks, oursSum.BadLines, libSum.BadLines)
			}
		})
	}
}

// chunkEvents renders a chunk's records decoded by our decoder (library
// false) or by the library, as parseEVTXChunk does; each entry is an
// event's record number, Raw and fields, or its error.
func chunkEvents(n *normalizer, buf []byte, library bool) ([]string, error) {
	var out []string
	add := func(id uint64, ev huntflow.Event, err error) {
		if err != nil {
			out = append(out, fmt.Sprintf("%d error %v", id, err))
			return
		}
		keys := make([]string, 0, len(ev.Fields))
		for k, v := range ev.Fields {
			keys = append(keys, k+"="+v)
		}
		slices.Sort(keys)
		out = append(out, fmt.Sprintf("%d %s %s %s %q", id, ev.ID, ev.Time, ev.Raw, keys))
	}
	c := &chunk{}
	if library {
		recs, err := parseChunkRecords(buf)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			ev, err := n.evtxEvent(c, rec)
			add(rec.Header.RecordID, ev, err)
		}
		return out, nil
	}
	recs, err := n.binxml.decodeChunk(buf)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		ev, err := n.renderEvent(c, &n.binxml.tree, rec.root, rec.written)
		add(rec.id, ev, err)
	}
	return out, nil
}

// FuzzBinXML mutates real chunks: our decoder never panics (a panic it
// recovers from is still a bug), and when it accepts a chunk the library
// also parses, both give the same events.
func FuzzBinXML(f *testing.F) {
	for _, name := range []string{"sysmon_10.evtx", "security_4648.evtx", "defender_1119.evtx", "wmi_5858_userdata.evtx"} {
		b, err := os.ReadFile(filepath.Join("testdata", "evtx", name))
		if err != nil {
			f.Fatal(err)
		}
		for off := evtxHeaderSize; off+evtxChunkSize <= len(b); off += evtxChunkSize {
			f.Add(b[off : off+evtxChunkSize])
		}
	}
	f.Add(markupChunk())
	f.Fuzz(func(t *testing.T, data []byte) {
		chunk := make([]byte, evtxChunkSize)
		copy(chunk, data)
		// What parseEVTXChunk checks before either decoder runs. The
		// library loops forever on record numbers that wrap around.
		first, last := binary.LittleEndian.Uint64(chunk[8:]), binary.LittleEndian.Uint64(chunk[16:])
		if string(chunk[:8]) != evtxChunkMagic || last < first || last-first > evtxChunkSize/evtxRecordHeader || last > 1<<62 {
			return
		}
		var n normalizer
		ours, err := chunkEvents(&n, chunk, false)
		if err != nil {
			if strings.Contains(err.Error(), "panic") {
				t.Fatalf("decoder panicked: %v", err)
			}
			return // the library's turn: the fallback
		}
		lib, err := chunkEvents(&n, chunk, true)
		if err != nil {
			return
		}
		if !slices.Equal(ours, lib) {
			for i := range min(len(ours), len(lib)) {
				if ours[i] != lib[i] {
					t.Fatalf("record %d:\nours %s\nlib  %s", i, ours[i], lib[i])
				}
			}
			t.Fatalf("%d events, the library %d", len(ours), len(lib))
		}
	})
}

// bxChunk builds an EVTX chunk holding records whose BinXML the test
// writes, for shapes real logs do not show.
type bxChunk struct {
	b       []byte
	records int
}

func newBXChunk() *bxChunk {
	c := &bxChunk{b: make([]byte, evtxChunkHeaderSize, evtxChunkSize)}
	copy(c.b, evtxChunkMagic)
	binary.LittleEndian.PutUint32(c.b[40:], 128)
	return c
}

// record adds a record; body writes its BinXML at the end of the chunk.
func (c *bxChunk) record(body func(c *bxChunk)) {
	start := len(c.b)
	c.records++
	c.b = append(c.b, evtxRecordMagic...)
	c.b = binary.LittleEndian.AppendUint32(c.b, 0) // size, below
	c.b = binary.LittleEndian.AppendUint64(c.b, uint64(c.records))
	c.b = binary.LittleEndian.AppendUint64(c.b, 116444736000000000+17e15)
	c.b = append(c.b, tokFragmentHeader, 1, 1, 0)
	body(c)
	c.b = append(c.b, tokEOF)
	size := len(c.b) + 4 - start
	c.b = binary.LittleEndian.AppendUint32(c.b, uint32(size))
	binary.LittleEndian.PutUint32(c.b[start+4:], uint32(size))
}

// name writes a name inline, where its offset points.
func (c *bxChunk) name(s string) {
	c.b = binary.LittleEndian.AppendUint32(c.b, uint32(len(c.b)+4))
	c.b = append(c.b, 0, 0, 0, 0, 0, 0) // next string, hash
	c.b = binary.LittleEndian.AppendUint16(c.b, uint16(len(s)))
	for _, r := range s {
		c.b = binary.LittleEndian.AppendUint16(c.b, uint16(r))
	}
	c.b = append(c.b, 0, 0)
}

func (c *bxChunk) open(name string) {
	c.b = append(c.b, tokOpenStart, 0, 0, 0, 0, 0, 0)
	c.name(name)
}

func (c *bxChunk) attr(name, value string) {
	c.b = append(c.b, tokAttribute)
	c.name(name)
	c.text(value)
}

func (c *bxChunk) text(s string) {
	c.b = append(c.b, tokValue, valString)
	c.b = binary.LittleEndian.AppendUint16(c.b, uint16(len(s)))
	for _, r := range s {
		c.b = binary.LittleEndian.AppendUint16(c.b, uint16(r))
	}
}

func (c *bxChunk) closeStart() { c.b = append(c.b, tokCloseStart) }
func (c *bxChunk) end()        { c.b = append(c.b, tokEndElement) }
func (c *bxChunk) closeEmpty() { c.b = append(c.b, tokCloseEmpty) }

// bytes finishes the chunk: header fields and checksums.
func (c *bxChunk) bytes() []byte {
	b := c.b[:evtxChunkSize]
	binary.LittleEndian.PutUint64(b[8:], 1)
	binary.LittleEndian.PutUint64(b[16:], uint64(c.records))
	binary.LittleEndian.PutUint32(b[48:], uint32(len(c.b)))
	resum(b)
	return b
}

// TestBinXMLMarkupOutsideTemplates: records of markup with no template
// (and none at all) read as the library reads them.
func TestBinXMLMarkupOutsideTemplates(t *testing.T) {
	chunk := markupChunk()
	var n normalizer
	ours, err := chunkEvents(&n, chunk, false)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := chunkEvents(&n, chunk, true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ours, lib) || len(ours) != 2 {
		t.Fatalf("ours\n%s\nthe library's\n%s", strings.Join(ours, "\n"), strings.Join(lib, "\n"))
	}
	if !strings.Contains(ours[0], "record holds no Event element") || !strings.Contains(ours[1], `"EventData":{"Na":"a","Nb":"b"}`) {
		t.Errorf("records\n%s", strings.Join(ours, "\n"))
	}
}

// markupChunk holds a record with no element and one of markup without a
// template: <Event><System>…</System><EventData><Data Name="Na">a</Data>…
func markupChunk() []byte {
	c := newBXChunk()
	c.record(func(*bxChunk) {}) // an empty fragment
	c.record(func(c *bxChunk) {
		c.open("Event")
		c.closeStart()
		c.open("System")
		c.closeStart()
		for _, kv := range [][2]string{{"EventID", "4624"}, {"Channel", "Security"}} {
			c.open(kv[0])
			c.closeStart()
			c.text(kv[1])
			c.end()
		}
		c.b = append(c.b, tokOpenStartAttrs, 0, 0, 0, 0, 0, 0)
		c.name("TimeCreated")
		c.b = append(c.b, 0, 0, 0, 0)
		c.attr("SystemTime", "2024-05-01T10:00:00.000Z")
		c.closeEmpty()
		c.open("Empty")
		c.closeEmpty()
		c.end()
		c.open("EventData")
		c.closeStart()
		for _, v := range []string{"a", "b"} {
			c.b = append(c.b, tokOpenStartAttrs, 0, 0, 0, 0, 0, 0)
			c.name("Data")
			c.b = append(c.b, 0, 0, 0, 0) // attribute list size
			c.attr("Name", "N"+v)
			c.closeStart()
			c.text(v)
			c.end()
		}
		c.end()
		c.end()
	})
	return c.bytes()
}

// TestEVTXImpossibleCountsAreNamedNotHandedOn: damage that would send the
// EVTX library into an endless loop or a huge allocation (a template
// instance declaring billions of values, a last record number of 2^64-1) is
// named as a corrupt chunk; the library never sees it, and the intact chunk
// after it is still read.
func TestEVTXImpossibleCountsAreNamedNotHandedOn(t *testing.T) {
	header, sys := evtxChunks(t, "sysmon_10.evtx")
	_, def := evtxChunks(t, "defender_1119.evtx")
	values := mutBody + int(binary.LittleEndian.Uint32(sys[0][mutBodySize:]))
	tests := []struct {
		name   string
		damage func(c []byte)
		reason string
	}{
		{"billions of values", func(c []byte) { binary.LittleEndian.PutUint32(c[values:], 0x7fffffff) }, "more than the chunk can hold"},
		{"last record number 2^64-1", func(c []byte) {
			binary.LittleEndian.PutUint64(c[8:], math.MaxUint64-1)
			binary.LittleEndian.PutUint64(c[16:], math.MaxUint64)
		}, "chunk header out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := slices.Clone(sys[0])
			tt.damage(c)
			resum(c)
			path := filepath.Join(t.TempDir(), "damaged.evtx")
			if err := os.WriteFile(path, slices.Concat(header, c, def[0]), 0o644); err != nil {
				t.Fatal(err)
			}
			var sink countingSink
			sum, err := Files(context.Background(), &sink, []string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.EVTXFallbacks != 0 {
				t.Errorf("%d chunks handed to the library, want 0", sum.EVTXFallbacks)
			}
			if sum.CorruptChunks != 1 || len(sum.BadLines) == 0 || !strings.Contains(sum.BadLines[0].Reason, tt.reason) {
				t.Errorf("corrupt chunks %d, bad lines %v; want the damaged chunk named (%q)", sum.CorruptChunks, sum.BadLines, tt.reason)
			}
			if sink.n.Load() == 0 {
				t.Error("the intact chunk after the damaged one was not read")
			}
		})
	}
}
