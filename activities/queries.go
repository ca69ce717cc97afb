package activities

import (
	"context"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/report"
)

// maxRunError caps the error text kept for a query that failed to run.
const maxRunError = 300

// huntingQueries writes the report's hunting queries and runs each Kibana
// KQL one against the store, in the hunt's windows and over the whole store,
// so the report says what each query finds. A query that fails to run keeps
// its error; it never fails the report.
func (a *Activities) huntingQueries(ctx context.Context, r huntflow.HuntResult) []huntflow.HuntingQuery {
	qs := report.HuntingQueries(r, report.QueryOptions{Fields: a.QueryFields})
	var start, end = r.Request.Start, r.Request.Start
	for i, w := range r.Windows {
		if i == 0 || w.Start.Before(start) {
			start = w.Start
		}
		if w.End.After(end) {
			end = w.End
		}
	}
	for i := range qs {
		q := &qs[i]
		if q.Language != huntflow.LangKibana || a.Store == nil {
			continue
		}
		in, err := a.Store.Stats(ctx, huntflow.Query{KQL: q.Text, Start: start, End: end, Host: r.Request.Host})
		if err != nil {
			q.RunError = huntflow.Truncate(err.Error(), maxRunError)
			continue
		}
		all, err := a.Store.Stats(ctx, huntflow.Query{KQL: q.Text})
		if err != nil {
			q.RunError = huntflow.Truncate(err.Error(), maxRunError)
			continue
		}
		q.WindowHits, q.StoreHits = &in.Events, &all.Events
	}
	return qs
}
