package sqlite

import (
	"bytes"
	"encoding/binary"
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/klauspost/compress/s2"
)

func TestBodyRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		fields map[string]string
		raw    []byte
	}{
		{"typical", map[string]string{"EventID": "1", "Image": `C:\Windows\System32\svchost.exe`, "Message": strings.Repeat("Process Create:\r\n", 50)}, []byte(strings.Repeat(`{"EventID":1}`, 40))},
		{"no fields", nil, []byte(`{"a":1}`)},
		{"no raw", map[string]string{"a": "b"}, nil},
		{"empty values and keys", map[string]string{"": "", "k": ""}, []byte{}},
		{"lengths past one varint byte", map[string]string{strings.Repeat("k", 200): strings.Repeat("v", 100_000)}, []byte(strings.Repeat("r", 300))},
		{"any bytes", map[string]string{"\x00\xff": "\xfe\x00\n\"\\"}, []byte("\x00\x01\xff")},
	}
	var enc bodyEncoder
	var dec bodyDecoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := append([]byte(nil), enc.encode(tt.fields, tt.raw)...)
			// The block is exactly the documented layout.
			block := body[1:]
			if body[0] == codecS2 {
				var err error
				if block, err = s2.Decode(nil, block); err != nil {
					t.Fatal(err)
				}
			}
			f := appendFields(nil, tt.fields)
			if want := append(append(binary.AppendUvarint(nil, uint64(len(f))), f...), tt.raw...); len(tt.fields) <= 1 && !bytes.Equal(block, want) {
				// (Map order makes more than one field's bytes vary.)
				t.Errorf("block = %q, want %q", block, want)
			} else if len(block) != len(want) {
				t.Errorf("block of %d bytes, want %d", len(block), len(want))
			}
			got, err := dec.fields(body)
			if err != nil {
				t.Fatal(err)
			}
			if len(tt.fields) == 0 {
				if got != nil {
					t.Errorf("fields = %v, want nil", got)
				}
			} else if !maps.Equal(got, tt.fields) {
				t.Errorf("fields = %q, want %q", got, tt.fields)
			}
			_, raw, err := dec.block(body)
			if err != nil {
				t.Fatal(err)
			}
			if string(raw) != string(tt.raw) {
				t.Errorf("raw = %q, want %q", raw, tt.raw)
			}
			for k, v := range tt.fields {
				if got, ok, err := dec.field(body, k); err != nil || !ok || got != v {
					t.Errorf("field(%q) = %q, %v, %v", k, got, ok, err)
				}
			}
			if _, ok, err := dec.field(body, "absent key"); ok || err != nil {
				t.Errorf("field(absent) = %v, %v", ok, err)
			}
		})
	}
}

func TestBodyCompresses(t *testing.T) {
	e := newSynth(t0, 0).event(0)
	var enc bodyEncoder
	body := enc.encode(e.Fields, e.Raw)
	plain := len(e.Raw) + len(appendFields(nil, e.Fields))
	if body[0] != codecS2 || len(body) > plain/2 {
		t.Errorf("body of %d plain bytes is %d bytes with codec %d; want s2 and under half", plain, len(body), body[0])
	}
	// Tiny bodies do not shrink and are kept as they are.
	if tiny := enc.encode(map[string]string{"a": "b"}, nil); tiny[0] != codecNone {
		t.Errorf("tiny body uses codec %d, want none", tiny[0])
	}
}

func TestBodyCorrupt(t *testing.T) {
	var enc bodyEncoder
	good := append([]byte(nil), enc.encode(map[string]string{"key": strings.Repeat("value", 100)}, []byte("raw line"))...)
	plain := append([]byte(nil), enc.encode(map[string]string{"a": "b"}, nil)...)
	tests := []struct {
		name string
		body []byte
	}{
		{"unknown codec", append([]byte{9}, good[1:]...)},
		{"truncated block", good[:len(good)/2]},
		{"fields length past end", []byte{codecNone, 0x7f, 1}},
		{"field count past end", []byte{codecNone, 2, 5, 1}},
		{"value past end", plain[:len(plain)-1]},
	}
	var dec bodyDecoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := dec.fields(tt.body); !errors.Is(err, errCorrupt) {
				t.Errorf("fields: err = %v, want errCorrupt", err)
			}
		})
	}
}

func FuzzBodyDecode(f *testing.F) {
	var enc bodyEncoder
	f.Add(append([]byte(nil), enc.encode(map[string]string{"k": "v"}, []byte("raw"))...))
	f.Add(append([]byte(nil), enc.encode(map[string]string{"k": strings.Repeat("v", 500)}, []byte("raw"))...))
	f.Fuzz(func(t *testing.T, body []byte) {
		var dec bodyDecoder
		// Any input may fail, none may panic.
		dec.fields(body)
		dec.field(body, "k")
		dec.block(body)
	})
}
