package sqlite

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/kql"
)

// kqlColumns are the fields whose KQL conditions SQLite can evaluate from
// columns as a prefilter. Only fields whose column always holds what
// eventDoc answers are listed: everything else is decided by kql.Eval on the
// decoded event.
var kqlColumns = map[string]kql.Column{
	"EventID": {Name: "event_id", Integer: true},
}

// errStop ends a scan early without an error.
var errStop = errors.New("stop")

// searchKQL is Search for a query with a KQL filter: the columns narrow the
// rows in SQL, kql.Eval decides on each decoded event, and the limit counts
// matching events.
func (db *DB) searchKQL(ctx context.Context, q huntflow.Query, fn func(*huntflow.Event) error) error {
	node, err := kql.Parse(q.KQL)
	if err != nil {
		return fmt.Errorf("search events: %w", err)
	}
	w, args := where(q)
	if cond, cargs := kql.ToSQL(node, kqlColumns); cond != "" {
		if w == "" {
			w = " WHERE " + cond
		} else {
			w += " AND " + cond
		}
		args = append(args, cargs...)
	}
	n := 0
	err = db.scan(ctx, w, args, 0, func(e *huntflow.Event) error {
		if !kql.Eval(node, eventDoc{e}) {
			return nil
		}
		if err := fn(e); err != nil {
			return err
		}
		n++
		if q.Limit > 0 && n >= q.Limit {
			return errStop
		}
		return nil
	})
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// statsKQL is Stats for a query with a KQL filter.
func (db *DB) statsKQL(ctx context.Context, q huntflow.Query) (huntflow.Stats, error) {
	var st huntflow.Stats
	hosts := map[string]string{}
	q.Limit = 0
	err := db.searchKQL(ctx, q, func(e *huntflow.Event) error {
		st.Events++
		if st.First.IsZero() || !e.Time.IsZero() && e.Time.Before(st.First) {
			st.First = e.Time
		}
		if e.Time.After(st.Last) {
			st.Last = e.Time
		}
		if k := strings.ToLower(e.Host); k != "" {
			if h, ok := hosts[k]; !ok || e.Host < h {
				hosts[k] = e.Host
			}
		}
		return nil
	})
	if err != nil {
		return huntflow.Stats{}, fmt.Errorf("event stats: %w", err)
	}
	keys := make([]string, 0, len(hosts))
	for k := range hosts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		st.Hosts = append(st.Hosts, hosts[k])
	}
	return st, nil
}

// eventDoc shows an event to KQL as its original fields (as Kibana sees a
// document of huntflow's index), falling back to the normalised ones under
// their Sysmon names.
type eventDoc struct{ e *huntflow.Event }

func (d eventDoc) Get(name string) (string, bool) {
	if v, ok := d.e.Fields[name]; ok {
		return v, true
	}
	return d.e.Field(name)
}

func (d eventDoc) Each(fn func(name, value string) bool) {
	for k, v := range d.e.Fields {
		if !fn(k, v) {
			return
		}
	}
	for _, k := range []string{"EventID", "Channel", "Hostname", "Image", "CommandLine", "ParentImage", "ParentCommandLine", "ProcessGuid", "ProcessId", "User"} {
		if _, raw := d.e.Fields[k]; raw {
			continue
		}
		if v, ok := d.e.Field(k); ok && !fn(k, v) {
			return
		}
	}
}
