package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/elastic/elastic-transport-go/v8/elastictransport"
	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/kql"
)

// pitKeepAlive is how long Elasticsearch keeps a point in time between two
// page requests; it is renewed by every request.
const pitKeepAlive = "1m"

// Store reads and writes huntflow events in one Elasticsearch index. It is
// safe for concurrent use.
type Store struct {
	client  *elasticsearch.Client
	cfg     Config
	mapping FieldMapping
	logger  *slog.Logger
	// bulkFlushBytes overrides the bulk request size (tests).
	bulkFlushBytes int
}

var (
	_ huntflow.Store = (*Store)(nil)
	_ huntflow.Sink  = (*Store)(nil)
)

// Open connects to Elasticsearch and checks that the cluster answers, so a
// wrong URL or credential fails here rather than in the middle of a hunt.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Mapping == (FieldMapping{}) {
		cfg.Mapping = SysmonMapping
	}
	if err := cfg.Mapping.valid(); err != nil {
		return nil, fmt.Errorf("elastic: %w", err)
	}
	if len(cfg.URLs) == 0 && cfg.CloudID == "" {
		return nil, errors.New("elastic: no Elasticsearch URL or cloud ID configured (set ELASTICSEARCH_URL or ELASTICSEARCH_CLOUD_ID)")
	}
	cfg.Index = cfg.index()
	var caCert []byte
	if cfg.CACertPath != "" {
		var err error
		if caCert, err = os.ReadFile(cfg.CACertPath); err != nil {
			return nil, fmt.Errorf("elastic: read CA certificate: %w", err)
		}
	}
	client, err := elasticsearch.NewClient(elasticsearch.Config{
		Addresses: cfg.URLs,
		CloudID:   cfg.CloudID,
		APIKey:    cfg.APIKey,
		Username:  cfg.Username,
		Password:  cfg.Password,
		CACert:    caCert,
		// A node that is overloaded (429) or behind a restarting proxy
		// (502-504) usually recovers within seconds; retrying the whole
		// request is safe because every request we send is idempotent
		// (searches, and bulk creates with fixed IDs).
		RetryOnStatus: []int{429, 502, 503, 504},
		MaxRetries:    cfg.maxRetries(),
		RetryBackoff:  cfg.backoff,
		Interceptors:  []elastictransport.InterceptorFunc{detachBody},
	})
	if err != nil {
		return nil, redact(cfg, fmt.Errorf("elastic: create client for %s: %w", cfg.endpoint(), err))
	}
	s := &Store{client: client, cfg: cfg, mapping: cfg.Mapping, logger: logger}

	res, err := client.Info(client.Info.WithContext(ctx))
	if err != nil {
		return nil, s.redact(fmt.Errorf("elastic: Elasticsearch at %s is unreachable: %w", cfg.endpoint(), err))
	}
	defer res.Body.Close()
	if res.IsError() {
		return nil, s.redact(fmt.Errorf("elastic: ping %s: %w", cfg.endpoint(), responseError(res)))
	}
	var info struct {
		ClusterName string `json:"cluster_name"`
		Version     struct {
			Number string `json:"number"`
		} `json:"version"`
	}
	if err := json.NewDecoder(res.Body).Decode(&info); err != nil {
		return nil, s.redact(fmt.Errorf("elastic: ping %s: decode response: %w", cfg.endpoint(), err))
	}
	if major, _, _ := strings.Cut(info.Version.Number, "."); atoi(major) < 8 {
		logger.Warn("Elasticsearch is older than 8.x; point-in-time search and wildcard fields may fail",
			"version", info.Version.Number)
	}
	logger.Info("connected to Elasticsearch", "endpoint", cfg.endpoint(), "cluster", info.ClusterName,
		"version", info.Version.Number, "index", cfg.Index, "mapping", cfg.Mapping.Name)
	return s, nil
}

// detachBody sends a private copy of the request body. The bulk indexer
// hands its reusable buffer to net/http as the body and refills it as soon
// as the response arrives, but net/http may still read the body after that
// (to check that it holds no more than Content-Length bytes). That read
// swallowed the start of the next request's items: those events got no
// result, and the ones after them got their neighbours' results.
func detachBody(next elastictransport.RoundTripFunc) elastictransport.RoundTripFunc {
	return func(req *http.Request) (*http.Response, error) {
		if req.Body == nil || req.Body == http.NoBody || req.GetBody == nil || req.ContentLength <= 0 {
			return next(req)
		}
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("copy request body: %w", err)
		}
		buf := make([]byte, req.ContentLength)
		_, err = io.ReadFull(body, buf)
		body.Close()
		if err != nil {
			return nil, fmt.Errorf("copy request body: %w", err)
		}
		req.Body = io.NopCloser(bytes.NewReader(buf))
		return next(req)
	}
}

// Close releases the client's idle connections.
func (s *Store) Close(ctx context.Context) error {
	if err := s.client.Close(ctx); err != nil && !errors.Is(err, elasticsearch.ErrAlreadyClosed) {
		return fmt.Errorf("elastic: close client: %w", err)
	}
	return nil
}

// Index is the index the store reads and writes.
func (s *Store) Index() string { return s.cfg.Index }

// endpoint names the cluster for logs and errors, without secrets.
func (c Config) endpoint() string {
	if len(c.URLs) == 0 {
		return "cloud deployment " + strconv.Quote(strings.SplitN(c.CloudID, ":", 2)[0])
	}
	urls := make([]string, len(c.URLs))
	for i, u := range c.URLs {
		urls[i] = redactURL(u)
	}
	return strings.Join(urls, ",")
}

// Search calls fn for each event the query selects, in time order. It
// reads through SearchPages.
func (s *Store) Search(ctx context.Context, q huntflow.Query, fn func(*huntflow.Event) error) error {
	return s.SearchPages(ctx, q, 0, func(page []*huntflow.Event) error {
		for _, ev := range page {
			if err := fn(ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// maxPageSize is Elasticsearch's default index.max_result_window, the
// largest size one search request may ask for.
const maxPageSize = 10_000

// SearchPages calls fn with the events the query selects, a search
// response at a time: pages of at most size hits (the configured page size
// when size <= 0), in time order. A document that is not an event is
// skipped, so a page can hold fewer events than hits.
//
// A window that fits in one page costs one request. A larger one is read
// through a point in time with search_after, which sees one consistent
// snapshot of the index and has no 10,000-hit ceiling; the point in time is
// closed when SearchPages returns, whatever the outcome.
func (s *Store) SearchPages(ctx context.Context, q huntflow.Query, size int, fn func([]*huntflow.Event) error) error {
	if err := checkKQL(q); err != nil {
		return fmt.Errorf("elastic: search %s: %w", s.cfg.Index, err)
	}
	query := s.query(q)
	page := size
	if page <= 0 {
		page = s.cfg.pageSize()
	}
	page = min(page, maxPageSize)
	first := page
	if q.Limit > 0 && q.Limit < first {
		first = q.Limit
	}
	// Most hunt queries (process pivots, short windows) fit in one page, and
	// a point in time costs two more round trips, so try a plain search
	// first. Its hits are held back until we know it was the whole answer:
	// if the page is full, the window is read again from the start through a
	// point in time so that every event comes from one snapshot.
	var res searchResponse
	err := s.search(ctx, []string{s.cfg.Index}, map[string]any{
		"size":             first,
		"query":            query,
		"sort":             []any{map[string]any{s.mapping.Time: "asc"}},
		"track_total_hits": false,
	}, &res)
	if err != nil {
		return fmt.Errorf("elastic: search %s: %w", s.cfg.Index, err)
	}
	if len(res.Hits.Hits) < first || first == q.Limit {
		return s.deliver(res.Hits.Hits, fn)
	}
	return s.searchPIT(ctx, query, page, q.Limit, fn)
}

func (s *Store) searchPIT(ctx context.Context, query map[string]any, page, limit int, fn func([]*huntflow.Event) error) (err error) {
	pit, err := s.openPIT(ctx)
	if err != nil {
		return err
	}
	defer func() {
		// Close even when ctx is cancelled: an open point in time pins
		// segments on the cluster until it expires.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if cerr := s.closePIT(cctx, pit); cerr != nil {
			s.logger.Warn("could not close point in time; it expires by itself", "error", cerr)
		}
	}()

	read, pages := 0, 0
	var after json.RawMessage
	for {
		size := page
		if limit > 0 && limit-read < size {
			size = limit - read
		}
		body := map[string]any{
			"size":  size,
			"query": query,
			// _shard_doc is the cheapest total order within a point in time,
			// so search_after never skips or repeats events that share a
			// timestamp.
			"sort":             []any{map[string]any{s.mapping.Time: "asc"}, map[string]any{"_shard_doc": "asc"}},
			"pit":              map[string]any{"id": pit, "keep_alive": pitKeepAlive},
			"track_total_hits": false,
		}
		if after != nil {
			body["search_after"] = after
		}
		var res searchResponse
		if err := s.search(ctx, nil, body, &res); err != nil {
			return fmt.Errorf("elastic: search %s page %d: %w", s.cfg.Index, pages+1, err)
		}
		pages++
		// Elasticsearch may hand back a new id for the same point in time;
		// the newest one must be used next, and closed at the end.
		if res.PITID != "" {
			pit = res.PITID
		}
		hits := res.Hits.Hits
		if err := s.deliver(hits, fn); err != nil {
			return err
		}
		read += len(hits)
		if len(hits) < size || (limit > 0 && read >= limit) {
			s.logger.Debug("point-in-time search done", "index", s.cfg.Index, "events", read, "pages", pages)
			return nil
		}
		last := hits[len(hits)-1]
		if len(last.Sort) == 0 {
			return fmt.Errorf("elastic: search %s page %d: last hit %s has no sort values", s.cfg.Index, pages, last.ID)
		}
		after = last.Sort
	}
}

// deliver decodes a response's hits and hands them to fn as one page. A
// document that is not an event (no event ID, no time) is skipped with a
// warning rather than failing the hunt: an index fed by other shippers can
// hold a few.
func (s *Store) deliver(hits []searchHit, fn func([]*huntflow.Event) error) error {
	page := make([]*huntflow.Event, 0, len(hits))
	for _, h := range hits {
		ev, err := s.decode(h.ID, h.Source)
		if err != nil {
			s.logger.Warn("skipping a document that is not an event", "index", h.Index, "error", err)
			continue
		}
		page = append(page, ev)
	}
	if len(page) == 0 {
		return nil
	}
	return fn(page)
}

func (s *Store) openPIT(ctx context.Context) (string, error) {
	res, err := s.client.OpenPointInTime([]string{s.cfg.Index}, pitKeepAlive, s.client.OpenPointInTime.WithContext(ctx))
	if err != nil {
		return "", s.redact(fmt.Errorf("elastic: open point in time on %s: %w", s.cfg.Index, err))
	}
	defer res.Body.Close()
	if res.IsError() {
		return "", s.redact(fmt.Errorf("elastic: open point in time on %s: %w", s.cfg.Index, responseError(res)))
	}
	var r struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		return "", fmt.Errorf("elastic: open point in time on %s: decode response: %w", s.cfg.Index, err)
	}
	if r.ID == "" {
		return "", fmt.Errorf("elastic: open point in time on %s: response has no id", s.cfg.Index)
	}
	return r.ID, nil
}

func (s *Store) closePIT(ctx context.Context, id string) error {
	body, err := json.Marshal(map[string]string{"id": id})
	if err != nil {
		return fmt.Errorf("encode close point in time: %w", err)
	}
	res, err := s.client.ClosePointInTime(
		s.client.ClosePointInTime.WithContext(ctx),
		s.client.ClosePointInTime.WithBody(bytes.NewReader(body)))
	if err != nil {
		return s.redact(fmt.Errorf("close point in time: %w", err))
	}
	defer res.Body.Close()
	// 404: already expired, which is what closing wanted.
	if res.IsError() && res.StatusCode != 404 {
		return s.redact(fmt.Errorf("close point in time: %w", responseError(res)))
	}
	_, _ = io.Copy(io.Discard, res.Body)
	return nil
}

// Stats counts the events the query selects and names their hosts and time
// span. Limit is ignored.
func (s *Store) Stats(ctx context.Context, q huntflow.Query) (huntflow.Stats, error) {
	if err := checkKQL(q); err != nil {
		return huntflow.Stats{}, fmt.Errorf("elastic: stats %s: %w", s.cfg.Index, err)
	}
	var res searchResponse
	err := s.search(ctx, []string{s.cfg.Index}, map[string]any{
		"size":             0,
		"query":            s.query(q),
		"track_total_hits": true,
		"aggs": map[string]any{
			"first": map[string]any{"min": map[string]any{"field": s.mapping.Time}},
			"last":  map[string]any{"max": map[string]any{"field": s.mapping.Time}},
			// Bounded by search.max_buckets (65,536 by default); a hunt
			// across more hosts than this is told so below.
			"hosts": map[string]any{"terms": map[string]any{"field": s.mapping.Host, "size": maxHostBuckets}},
		},
	}, &res)
	if err != nil {
		return huntflow.Stats{}, fmt.Errorf("elastic: stats %s: %w", s.cfg.Index, err)
	}
	var st huntflow.Stats
	if res.Hits.Total == nil {
		return st, fmt.Errorf("elastic: stats %s: response has no hits.total", s.cfg.Index)
	}
	st.Events = res.Hits.Total.Value
	var aggs struct {
		First metricAgg `json:"first"`
		Last  metricAgg `json:"last"`
		Hosts termsAgg  `json:"hosts"`
	}
	if err := json.Unmarshal(res.Aggregations, &aggs); err != nil {
		return st, fmt.Errorf("elastic: stats %s: decode aggregations: %w", s.cfg.Index, err)
	}
	if aggs.First.Value != nil {
		st.First = time.UnixMilli(int64(*aggs.First.Value)).UTC()
	}
	if aggs.Last.Value != nil {
		st.Last = time.UnixMilli(int64(*aggs.Last.Value)).UTC()
	}
	seen := make(map[string]bool, len(aggs.Hosts.Buckets))
	for _, b := range aggs.Hosts.Buckets {
		h := b.keyString()
		// Hosts differing only in case are one host (host queries are
		// case-insensitive).
		if k := strings.ToLower(h); !seen[k] {
			seen[k] = true
			st.Hosts = append(st.Hosts, h)
		}
	}
	slices.Sort(st.Hosts)
	if aggs.Hosts.SumOtherDocCount > 0 {
		s.logger.Warn("more hosts than the stats aggregation returns; host list truncated",
			"index", s.cfg.Index, "hosts", len(st.Hosts), "events_of_other_hosts", aggs.Hosts.SumOtherDocCount)
	}
	return st, nil
}

const maxHostBuckets = 10000

// Bucket is one value of a field and how many events carry it.
type Bucket struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Stack returns the rarest values of a field among the events the query
// selects, rarest first: long-tail analysis of images, command lines,
// parents. field is a Sysmon name (Image, ParentImage, TargetImage, …),
// translated for the store's mapping, or an Elasticsearch field path.
//
// Ordering a terms aggregation by ascending count is exact on a single
// shard; across shards counts can be under-reported, which shard_size
// makes unlikely for the window sizes hunts use.
func (s *Store) Stack(ctx context.Context, q huntflow.Query, field string, limit int) ([]Bucket, error) {
	if limit <= 0 {
		limit = 50
	}
	f := s.mapping.field(field)
	var res searchResponse
	err := s.search(ctx, []string{s.cfg.Index}, map[string]any{
		"size":             0,
		"query":            s.query(q),
		"track_total_hits": false,
		"aggs": map[string]any{
			"values": map[string]any{"terms": map[string]any{
				"field":      f,
				"size":       limit,
				"shard_size": max(limit*20, 1000),
				"order":      []any{map[string]any{"_count": "asc"}, map[string]any{"_key": "asc"}},
			}},
		},
	}, &res)
	if err != nil {
		return nil, fmt.Errorf("elastic: stack %s on %s: %w", f, s.cfg.Index, err)
	}
	var aggs struct {
		Values termsAgg `json:"values"`
	}
	if err := json.Unmarshal(res.Aggregations, &aggs); err != nil {
		return nil, fmt.Errorf("elastic: stack %s on %s: decode aggregations: %w", f, s.cfg.Index, err)
	}
	out := make([]Bucket, 0, len(aggs.Values.Buckets))
	for _, b := range aggs.Values.Buckets {
		out = append(out, Bucket{Value: b.keyString(), Count: b.DocCount})
	}
	return out, nil
}

// query translates a huntflow query into a bool query of filters (no
// scoring: hunts want every match, in time order).
func (s *Store) query(q huntflow.Query) map[string]any {
	m := s.mapping
	filter := []any{}
	if !q.Start.IsZero() || !q.End.IsZero() {
		r := map[string]any{"format": "strict_date_optional_time"}
		if !q.Start.IsZero() {
			r["gte"] = esTime(q.Start)
		}
		if !q.End.IsZero() {
			r["lt"] = esTime(q.End)
		}
		filter = append(filter, map[string]any{"range": map[string]any{m.Time: r}})
	}
	if len(q.EventIDs) > 0 {
		ids := make([]any, len(q.EventIDs))
		for i, id := range q.EventIDs {
			ids[i] = m.eventIDValue(id)
		}
		filter = append(filter, map[string]any{"terms": map[string]any{m.EventID: ids}})
	}
	if q.Host != "" {
		hostTerm := func(field string) map[string]any {
			return map[string]any{"term": map[string]any{field: map[string]any{"value": q.Host, "case_insensitive": true}}}
		}
		var should []any
		if m.HostKey != "" {
			// host_key is huntflow's lower-cased copy; an index written by
			// another tool (Winlogbeat, the original notebook's) has only the
			// raw host field, matched without regard to case.
			should = append(should, map[string]any{"term": map[string]any{m.HostKey: strings.ToLower(q.Host)}})
		}
		should = append(should, hostTerm(m.Host))
		if m.HostFallback != "" {
			should = append(should, map[string]any{"bool": map[string]any{
				"filter":   []any{hostTerm(m.HostFallback)},
				"must_not": []any{map[string]any{"exists": map[string]any{"field": m.Host}}},
			}})
		}
		if len(should) == 1 {
			filter = append(filter, should[0])
		} else {
			filter = append(filter, map[string]any{"bool": map[string]any{"should": should, "minimum_should_match": 1}})
		}
	}
	if q.ProcessGUID != "" {
		// Sysmon writes GUIDs upper-case in braces; callers often hold a
		// lower-cased copy (Event.ProcessKey).
		filter = append(filter, map[string]any{"term": map[string]any{m.ProcessGUID: map[string]any{"value": q.ProcessGUID, "case_insensitive": true}}})
	}
	if q.ProcessID != 0 {
		filter = append(filter, m.pidQuery(q.ProcessID))
	}
	if q.KQL != "" {
		// Checked by checkKQL before any query is built.
		if n, err := kql.Parse(q.KQL); err == nil {
			filter = append(filter, kql.ToDSL(n))
		}
	}
	return map[string]any{"bool": map[string]any{"filter": filter}}
}

// checkKQL reports a query's KQL syntax error before anything is sent: the
// KQL is translated to query DSL as Kibana would, over the index's own field
// names (ECS names for an ECS index).
func checkKQL(q huntflow.Query) error {
	if q.KQL == "" {
		return nil
	}
	_, err := kql.Parse(q.KQL)
	return err
}

// eventIDValue is an event ID as the mapping's EventID field holds it.
// event.code is a keyword in ECS; EventID a number in ours. Elasticsearch
// converts either way, but a string keeps the keyword match exact.
func (m FieldMapping) eventIDValue(id int) any {
	if m.EventID == ECSMapping.EventID {
		return strconv.Itoa(id)
	}
	return id
}

// pidQuery selects the events of the process with this PID, in the sense
// of Event.ProcessID: the acting process (the new process of a 4688, the
// source of a Sysmon 8 or 10), as the SQLite store and huntflow's pivots
// mean it.
//
// ECS already has that meaning: winlogbeat's pipelines fill process.pid
// from NewProcessId for 4688 and from SourceProcessId for Sysmon 8 and 10,
// and huntflow's ECS copies from Event.ProcessID. The raw Sysmon names do
// not: a 4688's ProcessId is its creator.
func (m FieldMapping) pidQuery(pid int64) map[string]any {
	dec := strconv.FormatInt(pid, 10)
	// Security events write PIDs in hex, lower-case; Sysmon in decimal.
	// The upper-case spelling costs nothing and covers other shippers.
	hex := []any{"0x" + strconv.FormatInt(pid, 16)}
	if up := "0x" + strings.ToUpper(strconv.FormatInt(pid, 16)); up != hex[0] {
		hex = append(hex, up)
	}
	if m.PIDKey == "" {
		pids := []any{pid}
		if m.PIDKeyword {
			pids = append([]any{dec}, hex...)
		}
		return map[string]any{"terms": map[string]any{m.ProcessID: pids}}
	}
	return map[string]any{"bool": map[string]any{
		"should": []any{
			// Documents huntflow wrote: pid_key is Event.ProcessID itself.
			map[string]any{"terms": map[string]any{m.PIDKey: []any{pid}}},
			// Documents without pid_key (written by other tools, or by
			// huntflow before pid_key existed) are read in their own
			// words. ProcessId is the acting process except in a 4688,
			// where it is the creator…
			map[string]any{"bool": map[string]any{
				"filter":   []any{map[string]any{"terms": map[string]any{m.ProcessID: append([]any{dec}, hex...)}}},
				"must_not": []any{map[string]any{"term": map[string]any{m.EventID: m.eventIDValue(4688)}}},
			}},
			// …whose new process is NewProcessId, always hex.
			map[string]any{"terms": map[string]any{"NewProcessId": hex}},
			// Sysmon 8 and 10 have no ProcessId: the source process acts.
			map[string]any{"terms": map[string]any{"SourceProcessId": []any{dec}}},
		},
		// Stated, not left to the default: that is 1 only while the bool
		// has no filter or must clause, and 0 (every event matches) once
		// one is added.
		"minimum_should_match": 1,
	}}
}

// esTime formats a query bound in UTC with an explicit Z: a bound without a
// zone would be read in the cluster's default, and the local offset of the
// caller's time.Time must not leak into the query.
func esTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

type searchResponse struct {
	TimedOut bool `json:"timed_out"`
	Shards   struct {
		Total    int               `json:"total"`
		Failed   int               `json:"failed"`
		Failures []json.RawMessage `json:"failures"`
	} `json:"_shards"`
	PITID string `json:"pit_id"`
	Hits  struct {
		Total *struct {
			Value    int    `json:"value"`
			Relation string `json:"relation"`
		} `json:"total"`
		Hits []searchHit `json:"hits"`
	} `json:"hits"`
	Aggregations json.RawMessage `json:"aggregations"`
}

type searchHit struct {
	Index  string          `json:"_index"`
	ID     string          `json:"_id"`
	Source json.RawMessage `json:"_source"`
	// Sort stays raw: _shard_doc values exceed float64 precision, and
	// search_after must send them back exactly.
	Sort json.RawMessage `json:"sort"`
}

type metricAgg struct {
	Value *float64 `json:"value"`
}

type termsAgg struct {
	SumOtherDocCount int              `json:"sum_other_doc_count"`
	Buckets          []termsAggBucket `json:"buckets"`
}

type termsAggBucket struct {
	Key         json.RawMessage `json:"key"`
	KeyAsString string          `json:"key_as_string"`
	DocCount    int             `json:"doc_count"`
}

func (b termsAggBucket) keyString() string {
	if b.KeyAsString != "" {
		return b.KeyAsString
	}
	var s string
	if err := json.Unmarshal(b.Key, &s); err == nil {
		return s
	}
	return string(b.Key)
}

// search runs one search request. index is nil for point-in-time searches,
// whose index is fixed by the point in time.
func (s *Store) search(ctx context.Context, index []string, body map[string]any, out *searchResponse) error {
	buf, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encode request: %w", err)
	}
	opts := []func(*esapi.SearchRequest){
		s.client.Search.WithContext(ctx),
		s.client.Search.WithBody(bytes.NewReader(buf)),
		// Partial results would make a hunt silently miss events.
		s.client.Search.WithAllowPartialSearchResults(false),
	}
	if len(index) > 0 {
		opts = append(opts, s.client.Search.WithIndex(index...))
	}
	res, err := s.client.Search(opts...)
	if err != nil {
		return s.redact(err)
	}
	defer res.Body.Close()
	if res.IsError() {
		return s.redact(responseError(res))
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("decode response: %w", err)
	}
	if out.TimedOut {
		return errors.New("search timed out; results would be incomplete")
	}
	if out.Shards.Failed > 0 {
		return fmt.Errorf("%d of %d shards failed: %s", out.Shards.Failed, out.Shards.Total, firstFailure(out.Shards.Failures))
	}
	return nil
}

func firstFailure(fs []json.RawMessage) string {
	if len(fs) == 0 {
		return "no reason given"
	}
	return string(fs[0])
}

// APIError is an error response from Elasticsearch.
type APIError struct {
	Status int
	Type   string // e.g. index_not_found_exception
	Reason string
}

func (e *APIError) Error() string {
	if e.Type == "" {
		return fmt.Sprintf("status %d: %s", e.Status, e.Reason)
	}
	return fmt.Sprintf("status %d: %s: %s", e.Status, e.Type, e.Reason)
}

// responseError reads an error response: {"error":{"type","reason",
// "caused_by"},"status"}, or a plain-text body from a proxy.
func responseError(res *esapi.Response) error {
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	e := &APIError{Status: res.StatusCode}
	var r struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &r) == nil && len(r.Error) > 0 {
		var detail struct {
			Type     string `json:"type"`
			Reason   string `json:"reason"`
			CausedBy *struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"caused_by"`
		}
		if json.Unmarshal(r.Error, &detail) == nil && detail.Type != "" {
			e.Type, e.Reason = detail.Type, detail.Reason
			if c := detail.CausedBy; c != nil && c.Reason != "" && c.Reason != detail.Reason {
				e.Reason += " (caused by " + c.Type + ": " + c.Reason + ")"
			}
			return e
		}
		var msg string
		if json.Unmarshal(r.Error, &msg) == nil {
			e.Reason = msg
			return e
		}
	}
	e.Reason = strings.TrimSpace(string(body))
	if e.Reason == "" {
		e.Reason = res.Status()
	}
	return e
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func (s *Store) redact(err error) error { return redact(s.cfg, err) }

// redact removes secrets from an error's text. The transport quotes request
// URLs in its errors, and a URL may carry a password.
func redact(cfg Config, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := msg
	for _, sec := range cfg.secrets() {
		clean = strings.ReplaceAll(clean, sec, "[REDACTED]")
	}
	if clean == msg {
		return err
	}
	// Drop the chain (its text holds the secret) but keep what callers
	// test for.
	for _, target := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, target) {
			return fmt.Errorf("%s: %w", clean, target)
		}
	}
	return errors.New(clean)
}
