package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

func TestHostClocks(t *testing.T) {
	db := openTest(t)
	utc := time.Date(2020, 5, 2, 3, 22, 0, 0, time.UTC)
	var evs []huntflow.Event
	for i := 0; i < 30; i++ {
		at := utc.Add(time.Duration(i) * time.Minute)
		local := at.Add(-4*time.Hour + 2*time.Second) // logging delay
		lt := local.Format("2006-01-02 15:04:05")
		if i == 7 {
			lt = "garbage"
		}
		if i == 8 {
			lt = at.Add(5 * time.Hour).Format("2006-01-02 15:04:05") // one odd clock
		}
		evs = append(evs, ev(fmt.Sprintf("a%d", i), at, func(e *huntflow.Event) { e.Host, e.LocalTime = "SCRANTON.dmevals.local", lt }))
	}
	evs = append(evs,
		ev("b1", utc, func(e *huntflow.Event) { e.Host = "NEWYORK" }),
		ev("b2", utc.Add(time.Hour), func(e *huntflow.Event) { e.Host = "newyork" }),
		ev("c1", utc, func(e *huntflow.Event) { e.Host, e.LocalTime = "utchost", utc.Format("2006-01-02T15:04:05") }),
	)
	mustWrite(t, db, evs...)
	clocks, err := db.HostClocks(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(clocks) != 3 {
		t.Fatalf("clocks: %+v", clocks)
	}
	ny, sc, u := clocks[0], clocks[1], clocks[2]
	if ny.Host != "NEWYORK" || ny.Known || ny.Events != 2 || !ny.First.Equal(utc) || !ny.Last.Equal(utc.Add(time.Hour)) {
		t.Errorf("newyork: %+v", ny)
	}
	if !sc.Known || sc.Offset != -4*time.Hour || sc.Samples < 5 || sc.Events != 30 {
		t.Errorf("scranton: %+v", sc)
	}
	if !u.Known || u.Offset != 0 {
		t.Errorf("utc host: %+v", u)
	}
	if off, ok := huntflow.SharedOffset(clocks); ok {
		t.Errorf("hosts disagree, yet shared offset %v", off)
	}
	one, err := db.HostClocks(context.Background(), "scranton.DMEVALS.local")
	if err != nil || len(one) != 1 || one[0].Offset != -4*time.Hour {
		t.Fatalf("one host: %+v %v", one, err)
	}
	if off, ok := huntflow.SharedOffset(one); !ok || off != -4*time.Hour || huntflow.FormatOffset(off) != "UTC−04:00" {
		t.Errorf("shared offset %v %v", off, ok)
	}
}
