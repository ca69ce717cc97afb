package sqlite

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/kql"
)

func kqlFixture(t *testing.T) *DB {
	db := openTest(t)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	proc := func(eid int, image, cmd string, fields map[string]string) func(*huntflow.Event) {
		return func(e *huntflow.Event) {
			e.EventID, e.Image, e.CommandLine = eid, image, cmd
			for k, v := range fields {
				e.Fields[k] = v
			}
		}
	}
	mustWrite(t, db,
		ev("k1", at(0), proc(1, `C:\Windows\System32\rundll32.exe`, `rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 624 C:\temp\o.dmp full`, map[string]string{"Image": `C:\Windows\System32\rundll32.exe`})),
		ev("k2", at(10), proc(10, `C:\Windows\System32\rundll32.exe`, "", map[string]string{"SourceImage": `C:\Windows\System32\rundll32.exe`, "TargetImage": `C:\Windows\system32\lsass.exe`, "GrantedAccess": "0x1FFFFF"})),
		ev("k3", at(20), proc(1, `C:\Windows\System32\notepad.exe`, `notepad.exe C:\Users\bob\todo.txt`, nil)),
		ev("k4", at(30), proc(4688, `C:\Windows\System32\cmd.exe`, `cmd /c whoami /all`, map[string]string{"NewProcessName": `C:\Windows\System32\cmd.exe`})),
	)
	return db
}

func TestSearchKQL(t *testing.T) {
	db := kqlFixture(t)
	tests := []struct {
		kql  string
		want []string
	}{
		{`EventID:1`, []string{"k1", "k3"}},
		{`EventID:1 and CommandLine:*minidump*`, []string{"k1"}},
		{`TargetImage:*\\lsass.exe and GrantedAccess:0x1fffff`, []string{"k2"}},
		{`EventID:(1 or 4688) and not Image:*notepad.exe`, []string{"k1", "k4"}},
		{`Image:*\\cmd.exe`, []string{"k4"}},
		{`whoami`, nil},
		{`*whoami*`, []string{"k4"}},
		{`EventID >= 10`, []string{"k2", "k4"}},
		{`TargetImage:*`, []string{"k2"}},
	}
	for _, tc := range tests {
		t.Run(tc.kql, func(t *testing.T) {
			got := searchIDs(t, db, huntflow.Query{KQL: tc.kql})
			if !slices.Equal(got, tc.want) {
				t.Errorf("Search(%q) = %v, want %v", tc.kql, got, tc.want)
			}
			st, err := db.Stats(context.Background(), huntflow.Query{KQL: tc.kql})
			if err != nil {
				t.Fatal(err)
			}
			if st.Events != len(tc.want) {
				t.Errorf("Stats(%q).Events = %d, want %d", tc.kql, st.Events, len(tc.want))
			}
		})
	}
	if got := searchIDs(t, db, huntflow.Query{KQL: `EventID:(1 or 10 or 4688)`, Limit: 2}); !slices.Equal(got, []string{"k1", "k2"}) {
		t.Errorf("limit counts matching events: %v", got)
	}
	if got := searchIDs(t, db, huntflow.Query{KQL: `EventID:1`, Start: t0.Add(5 * time.Second)}); !slices.Equal(got, []string{"k3"}) {
		t.Errorf("KQL and the window combine: %v", got)
	}
}

func TestSearchKQLSyntaxError(t *testing.T) {
	db := kqlFixture(t)
	err := db.Search(context.Background(), huntflow.Query{KQL: `EventID:(1 or`}, func(*huntflow.Event) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "position") {
		t.Fatalf("want a positioned syntax error, got %v", err)
	}
	if _, err := db.Stats(context.Background(), huntflow.Query{KQL: `:`}); err == nil {
		t.Fatal("Stats accepted a bad query")
	}
}

// TestKQLPrefilterIsSound: the SQL prefilter never drops an event kql.Eval
// would match (the prefilter only narrows; Eval decides).
func TestKQLPrefilterIsSound(t *testing.T) {
	db := kqlFixture(t)
	var all []*huntflow.Event
	if err := db.Search(context.Background(), huntflow.Query{}, func(e *huntflow.Event) error { all = append(all, e); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`EventID:1 or Image:*cmd*`, `not EventID:10`, `EventID:(1 and 10)`, `EventID:*`, `EventID >= 2 and EventID < 4688`} {
		var want []string
		for _, e := range all {
			if kql.Eval(kql.MustParse(q), eventDoc{e}) {
				want = append(want, e.ID)
			}
		}
		if got := searchIDs(t, db, huntflow.Query{KQL: q}); !slices.Equal(got, want) {
			t.Errorf("%s: store %v, Eval over all events %v", q, got, want)
		}
	}
}
