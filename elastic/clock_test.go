package elastic

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// TestLearnClocksThroughElasticsearch: a host's local clock (EventTime,
// UTC−5 in these documents) is learnt through the store's wire format.
func TestLearnClocksThroughElasticsearch(t *testing.T) {
	f := newFakeES(t)
	var docs []fakeDoc
	for i := 0; i < 10; i++ {
		ts := t0.Add(time.Duration(i) * time.Minute)
		docs = append(docs, fakeDoc{id: fmt.Sprintf("d%d", i), source: sysmonSource(ts, "WS01", 1, 100, "{G}", `C:\a.exe`, "a")})
	}
	f.add(docs...)
	s := openTest(t, f, nil)
	clocks, err := huntflow.LearnClocks(context.Background(), s, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(clocks) != 1 {
		t.Fatalf("clocks %+v", clocks)
	}
	c := clocks[0]
	if c.Host != "WS01" || !c.Known || c.Offset != -5*time.Hour || c.Events != 10 || !c.First.Equal(t0) {
		t.Errorf("clock %+v", c)
	}
}
