package huntflow

import (
	"encoding/json"
	"fmt"
)

// JSONSize is the length of v's JSON encoding: what a payload weighs in
// Temporal's history.
func JSONSize(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return len(b)
}

// FitFindings shrinks findings until fits reports true, cheapest cut first:
// fewer cited events per finding, then command lines and descriptions cut to
// cmdLen and descLen, then the least severe findings go. Event counts are
// kept, so a report still says how much there was. It returns a note naming
// the cut that made them fit, none when nothing was cut. It is pure and
// deterministic, so workflow code may call it.
func FitFindings(fs *[]Finding, fits func() bool, cmdLen, descLen int) []string {
	if fits() {
		return nil
	}
	for _, n := range []int{5, 3, 1} {
		for i := range *fs {
			(*fs)[i].Events = CapRefs((*fs)[i].Events, n)
		}
		if fits() {
			return []string{fmt.Sprintf("findings cite at most %d events each to keep the hunt's history small; the log store holds the rest", n)}
		}
	}
	for i := range *fs {
		f := &(*fs)[i]
		f.CommandLine = Truncate(f.CommandLine, cmdLen)
		f.Description = Truncate(f.Description, descLen)
		for j := range f.Events {
			f.Events[j].CommandLine = Truncate(f.Events[j].CommandLine, cmdLen)
		}
	}
	if fits() {
		return []string{"command lines and descriptions of findings are shortened to keep the hunt's history small; the log store holds the rest"}
	}
	SortFindings(*fs)
	total := len(*fs)
	for len(*fs) > 1 && !fits() {
		*fs = (*fs)[:len(*fs)*3/4]
	}
	return []string{fmt.Sprintf("%d of %d findings kept (the most severe); the rest were cut to keep the hunt's history small", len(*fs), total)}
}

// CapSamples cuts the sample events of each enrichment to n per list; the
// counts stay.
func CapSamples(ens []Enrichment, n int) {
	for i := range ens {
		en := &ens[i]
		en.Process, en.Children, en.HostSample = CapRefs(en.Process, n), CapRefs(en.Children, n), CapRefs(en.HostSample, n)
	}
}
