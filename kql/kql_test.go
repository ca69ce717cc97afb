package kql

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func m(field, text string) Match { return Match{Field: field, Value: Value{Text: text}} }
func q(field, text string) Match { return Match{Field: field, Value: Value{Text: text, Quoted: true}} }

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Node
	}{
		{`EventID:1`, m("EventID", "1")},
		{`EventID : 1`, m("EventID", "1")},
		{`Image:"C:\\Windows\\System32\\cmd.exe"`, q("Image", `C:\Windows\System32\cmd.exe`)},
		{`Image:C\:\\Windows\\cmd.exe`, m("Image", `C:\Windows\cmd.exe`)},
		{`CommandLine:*sekurlsa*`, Match{Field: "CommandLine", Value: Value{Text: "*sekurlsa*", Wild: []int{0, 9}}}},
		{`CommandLine:*net user*`, Match{Field: "CommandLine", Value: Value{Text: "*net user*", Wild: []int{0, 9}}}},
		{`CommandLine:a\*b`, m("CommandLine", "a*b")},
		{`TargetImage:*`, Exists{Field: "TargetImage"}},
		{`EventID >= 10`, Range{Field: "EventID", Op: ">=", Value: "10"}},
		{`EventID<4`, Range{Field: "EventID", Op: "<", Value: "4"}},
		{`mimikatz`, m("", "mimikatz")},
		{`"quoted phrase"`, q("", "quoted phrase")},
		{`EventID:1 and Image:x`, And{Terms: []Node{m("EventID", "1"), m("Image", "x")}}},
		{`EventID:1 AND Image:x OR EventID:3`, Or{Terms: []Node{And{Terms: []Node{m("EventID", "1"), m("Image", "x")}}, m("EventID", "3")}}},
		{`EventID:1 and (Image:x or Image:y)`, And{Terms: []Node{m("EventID", "1"), Or{Terms: []Node{m("Image", "x"), m("Image", "y")}}}}},
		{`not EventID:1`, Not{Term: m("EventID", "1")}},
		{`NOT (a or b)`, Not{Term: Or{Terms: []Node{m("", "a"), m("", "b")}}}},
		{`EventID:(1 or 3 or 10)`, Or{Terms: []Node{m("EventID", "1"), m("EventID", "3"), m("EventID", "10")}}},
		{`Image:(a and not b)`, And{Terms: []Node{m("Image", "a"), Not{Term: m("Image", "b")}}}},
		{`user:{ name:bob and domain:corp }`, Nested{Path: "user", Query: And{Terms: []Node{m("name", "bob"), m("domain", "corp")}}}},
		{`process.name:lsass.exe`, m("process.name", "lsass.exe")},
		{`a\or b`, m("", "aor b")},
		{`x:a \or b`, m("x", "a or b")},
		{`x:\u006eot b`, m("x", "not b")},
		{`x:"a\"b\\c\nd"`, q("x", "a\"b\\c\nd")},
		{`orchid:1`, m("orchid", "1")},
		{`x:android`, m("x", "android")},
		{`  `, And{}},
		{`x:é`, m("x", "é")},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q)\n got  %#v\n want %#v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos int // 1-based, as the message says
	}{
		{`EventID:`, 9},
		{`(EventID:1`, 11},
		{`EventID:1)`, 10},
		{`Image:"open`, 7},
		{`a or `, 6},
		{`x:a\q`, 4},
		{`x:{ y:1`, 8},
		{`x >= a*`, 8},
		{`: x`, 1},
		{`foo not bar`, 5},
		{`x:\u12`, 3},
		{strings.Repeat("(", 200) + "a" + strings.Repeat(")", 200), 101},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, err := Parse(tc.in)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) = %v, want a SyntaxError", tc.in, err)
			}
			if se.Pos+1 != tc.pos {
				t.Errorf("Parse(%q): error at %d, want %d: %v", tc.in, se.Pos+1, tc.pos, err)
			}
			if !strings.Contains(err.Error(), "^") {
				t.Errorf("error does not point at the position: %v", err)
			}
		})
	}
}

func TestEval(t *testing.T) {
	doc := MapDoc{
		"EventID":     "10",
		"Image":       `C:\Windows\System32\rundll32.exe`,
		"CommandLine": `rundll32.exe C:\windows\System32\comsvcs.dll, MiniDump 624 C:\temp\out.dmp full`,
		"TargetImage": `C:\Windows\system32\lsass.exe`,
		"user.name":   "bob",
		"Empty":       "",
	}
	tests := []struct {
		q    string
		want bool
	}{
		{`EventID:10`, true},
		{`EventID:1`, false},
		{`EventID:(1 or 10)`, true},
		{`EventID >= 8 and EventID < 11`, true},
		{`EventID > 10`, false},
		{`Image:"c:\\windows\\system32\\RUNDLL32.EXE"`, true},
		{`Image:rundll32.exe`, false},
		{`Image:*\\rundll32.exe`, true},
		{`CommandLine:*minidump*full`, true},
		{`CommandLine:*minidump*partial`, false},
		{`CommandLine:*comsvcs.dll, minidump*`, true},
		{`TargetImage:*lsass.exe and not Image:*\\WerFault.exe`, true},
		{`not TargetImage:*`, false},
		{`Missing:*`, false},
		{`Empty:*`, false},
		{`*Image:*lsass.exe`, true},
		{`bob`, true},
		{`alice`, false},
		{`user:{ name:bob }`, true},
		{`user:{ name:alice }`, false},
		{``, true},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			n, err := Parse(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := Eval(n, doc); got != tc.want {
				t.Errorf("Eval(%q) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

func TestDSL(t *testing.T) {
	tests := []struct {
		q, want string
	}{
		{`EventID:1`, `{"match":{"EventID":"1"}}`},
		{`Image:"a b"`, `{"match_phrase":{"Image":"a b"}}`},
		{`CommandLine:*a b\:c*`, `{"query_string":{"analyze_wildcard":true,"fields":["CommandLine"],"query":"*a\\ b\\:c*"}}`},
		{`x:*`, `{"exists":{"field":"x"}}`},
		{`x >= 5`, `{"range":{"x":{"gte":"5"}}}`},
		{`evil`, `{"multi_match":{"lenient":true,"query":"evil","type":"best_fields"}}`},
		{`"evil one"`, `{"multi_match":{"lenient":true,"query":"evil one","type":"phrase"}}`},
		{`a:1 and not b:2`, `{"bool":{"filter":[{"match":{"a":"1"}},{"bool":{"must_not":[{"match":{"b":"2"}}]}}]}}`},
		{`a:1 or b:2`, `{"bool":{"minimum_should_match":1,"should":[{"match":{"a":"1"}},{"match":{"b":"2"}}]}}`},
		{`u:{ n:x }`, `{"nested":{"path":"u","query":{"match":{"u.n":"x"}},"score_mode":"none"}}`},
		{``, `{"match_all":{}}`},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			b, err := json.Marshal(ToDSL(MustParse(tc.q)))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("ToDSL(%q)\n got  %s\n want %s", tc.q, b, tc.want)
			}
		})
	}
}

func TestSQL(t *testing.T) {
	cols := map[string]Column{"EventID": {Name: "event_id", Integer: true}, "Image": {Name: "image"}}
	tests := []struct {
		q, where string
		args     []any
	}{
		{`EventID:1`, `event_id = ?`, []any{int64(1)}},
		{`EventID:1 and Image:*\\cmd.exe`, `(event_id = ? AND image LIKE ? ESCAPE '\')`, []any{int64(1), `%\\cmd.exe`}},
		{`Image:"50%_x"`, `image = ? COLLATE NOCASE`, []any{"50%_x"}},
		{`Image:*50%_x`, `image LIKE ? ESCAPE '\'`, []any{`%50\%\_x`}},
		{`EventID:1 or Other:x`, ``, nil},
		{`EventID:(1 or 3) and Other:x`, `((event_id = ? OR event_id = ?))`, []any{int64(1), int64(3)}},
		{`not EventID:1`, ``, nil},
		{`Image:é`, ``, nil},
		{`EventID >= 4000`, `event_id >= ?`, []any{int64(4000)}},
		{`EventID:abc`, `0`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			where, args := ToSQL(MustParse(tc.q), cols)
			if where != tc.where || !reflect.DeepEqual(args, tc.args) {
				t.Errorf("ToSQL(%q) = %q %v, want %q %v", tc.q, where, args, tc.where, tc.args)
			}
		})
	}
}

// TestStringRoundTrip: formatting a query built from hostile values parses
// back to the same query, and the values match only themselves.
func TestStringRoundTrip(t *testing.T) {
	hostile := []string{
		`C:\Users\bob\AppData\Local\Temp\x.exe`,
		`cmd /c "echo a" or b and not c`,
		`not evil`, `and`, `OR x`, `a) or (EventID:*`, `}{`, `"`, `\`, `*`, `a:b`, `<script>`, `x > 5`,
		"tab\there\nnewline", `\u0041`, `ünïcödé`,
	}
	for _, h := range hostile {
		for _, n := range []Node{
			Match{Field: "CommandLine", Value: Exact(h)},
			Match{Field: "CommandLine", Value: Value{Text: h}},
			Match{Field: "CommandLine", Value: Wildcard(true, true, h)},
			Match{Field: "CommandLine", Value: Wildcard(false, true, h, h)},
			And{Terms: []Node{Match{Field: "Image", Value: Exact(h)}, Not{Term: Or{Terms: []Node{Match{Field: "x y", Value: Exact(h)}, Exists{Field: "z"}}}}}},
		} {
			s := String(n)
			back, err := Parse(s)
			if err != nil {
				t.Errorf("String(%#v) = %q does not parse: %v", n, s, err)
				continue
			}
			if !reflect.DeepEqual(back, n) {
				t.Errorf("round trip of %q:\n got  %#v\n want %#v", s, back, n)
			}
		}
		// An exact value matches itself and nothing longer.
		n := Match{Field: "CommandLine", Value: Exact(h)}
		if !Eval(n, MapDoc{"CommandLine": h}) || Eval(n, MapDoc{"CommandLine": h + "x"}) {
			t.Errorf("exact %q does not match exactly", h)
		}
		w := Match{Field: "CommandLine", Value: Wildcard(true, true, h)}
		if !Eval(w, MapDoc{"CommandLine": "pre " + h + " post"}) {
			t.Errorf("wildcard *%s* does not match a line holding it", h)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`EventID:1 and Image:*x*`, `a:{b:(c or not d)}`, `x >= 1`, `"q\"x"`, `\u006eot`, `(((a)))`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			return
		}
		out := String(n)
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its String %q does not parse: %v", s, out, err)
		}
		if String(back) != out {
			t.Fatalf("String not stable: %q -> %q", out, String(back))
		}
		_ = ToDSL(n)
		_, _ = ToSQL(n, map[string]Column{"a": {Name: "a"}})
		Eval(n, MapDoc{"a": "b"})
	})
}
