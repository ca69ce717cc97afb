package elastic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// fakeES is an in-process Elasticsearch 8 that speaks the wire format the
// client expects (X-Elastic-Product header, JSON shapes of search, point in
// time, bulk and errors) and evaluates the subset of the query DSL the
// store sends, so tests check behaviour rather than only request text.
type fakeES struct {
	t     testing.TB
	srv   *httptest.Server
	index string

	mu       sync.Mutex
	docs     []fakeDoc // sorted by time, then seq (the _shard_doc order)
	stored   map[string][]byte
	requests []fakeRequest
	pitGen   map[string]int // open PIT base id -> generation of the current id
	pitSeq   int
	closed   []string // PIT ids closed

	// bulkItem decides one bulk item's fate; attempt counts from 1. Nil:
	// created, or 409 when the ID is already stored.
	bulkItem     func(id string, attempt int) (status int, errType, reason string)
	bulkAttempts map[string]int
	// fail may answer a request in place of the fake (to inject 5xx).
	fail func(r *http.Request, body []byte) (status int, resp string, ok bool)
	// acceptAll makes _bulk answer every item "created" without storing or
	// recording requests, for benchmarks; it only counts bulkAttempts.
	acceptAll bool

	// template is the mappings of the last index template whose patterns
	// match the index; mapping is the index's mapping, made from it when
	// the first document is written (index creation). Without a template
	// the fake checks no types.
	template *fakeMapping
	mapping  *fakeMapping
}

type fakeDoc struct {
	id     string
	seq    int
	ts     time.Time
	source []byte
	fields map[string]string // flattened with dotted keys
	// untimed: no @timestamp a date field can hold, so no time range
	// selects the document.
	untimed bool
}

// shardDocBase makes _shard_doc sort values as large as real ones (shard
// index in the high bits), beyond float64 precision.
const shardDocBase = int64(1) << 60

type fakeRequest struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
}

func newFakeES(t testing.TB) *fakeES {
	f := &fakeES{
		t:            t,
		index:        DefaultIndex,
		stored:       map[string][]byte{},
		pitGen:       map[string]int{},
		bulkAttempts: map[string]int{},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// add stores documents for searching, keeping the (time, seq) order.
func (f *fakeES) add(docs ...fakeDoc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.addLocked(docs...)
}

func (f *fakeES) addLocked(docs ...fakeDoc) {
	for _, d := range docs {
		d.seq = len(f.docs)
		if d.fields == nil {
			d.fields = flattenJSON(f.t, d.source)
		}
		if d.ts.IsZero() && !d.untimed {
			ts, err := time.Parse(time.RFC3339Nano, d.fields["@timestamp"])
			if err != nil {
				f.t.Fatalf("fake doc %s: bad @timestamp: %v", d.id, err)
			}
			d.ts = ts
		}
		f.docs = append(f.docs, d)
	}
	sort.SliceStable(f.docs, func(i, j int) bool { return f.docs[i].ts.Before(f.docs[j].ts) })
	for i := range f.docs {
		f.docs[i].seq = i
	}
}

func (f *fakeES) recorded(method, pathSuffix string) []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeRequest
	for _, r := range f.requests {
		if r.Method == method && strings.HasSuffix(r.Path, pathSuffix) {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeES) openPITs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.pitGen {
		out = append(out, id)
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("X-Elastic-Product", "Elasticsearch")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	switch v := v.(type) {
	case []byte:
		w.Write(v)
	case string:
		io.WriteString(w, v)
	default:
		json.NewEncoder(w).Encode(v)
	}
}

func esError(w http.ResponseWriter, status int, typ, reason string) {
	cause := map[string]any{"type": typ, "reason": reason}
	writeJSON(w, status, map[string]any{
		"error":  map[string]any{"root_cause": []any{cause}, "type": typ, "reason": reason},
		"status": status,
	})
}

func (f *fakeES) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		esError(w, 400, "parse_exception", err.Error())
		return
	}
	if f.acceptAll && strings.HasSuffix(r.URL.Path, "/_bulk") {
		f.acceptBulk(w, body, r.URL.Query().Get("filter_path") != "")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, fakeRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
	if f.fail != nil {
		if status, resp, ok := f.fail(r, body); ok {
			writeJSON(w, status, resp)
			return
		}
	}
	path := strings.Trim(r.URL.Path, "/")
	parts := strings.Split(path, "/")
	switch {
	case r.Method == http.MethodGet && path == "":
		writeJSON(w, 200, map[string]any{
			"name": "fake-node", "cluster_name": "fake-cluster", "cluster_uuid": "2kVcO4vZQ8-1cQ0lV0hT6A",
			"version": map[string]any{
				"number": "8.15.3", "build_flavor": "default", "build_type": "docker",
				"build_hash": "f97532e680b555c3a05e73a74c28afb666923018", "build_date": "2024-10-09T22:08:00.328917561Z",
				"build_snapshot": false, "lucene_version": "9.11.1",
				"minimum_wire_compatibility_version": "7.17.0", "minimum_index_compatibility_version": "7.0.0",
			},
			"tagline": "You Know, for Search",
		})
	case r.Method == http.MethodPut && len(parts) == 2 && parts[0] == "_index_template":
		var tmpl struct {
			IndexPatterns []string `json:"index_patterns"`
			Template      struct {
				Mappings map[string]any `json:"mappings"`
			} `json:"template"`
		}
		if err := json.Unmarshal(body, &tmpl); err != nil {
			esError(w, 400, "x_content_parse_exception", err.Error())
			return
		}
		for _, p := range tmpl.IndexPatterns {
			if globMatch(p, f.index) {
				m, err := parseFakeMapping(tmpl.Template.Mappings)
				if err != nil {
					esError(w, 400, "mapper_parsing_exception", err.Error())
					return
				}
				f.template = m
			}
		}
		writeJSON(w, 200, `{"acknowledged":true}`)
	case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "_refresh":
		writeJSON(w, 200, `{"_shards":{"total":1,"successful":1,"failed":0}}`)
	case r.Method == http.MethodDelete && len(parts) == 2 && parts[0] == "_index_template":
		writeJSON(w, 200, `{"acknowledged":true}`)
	case r.Method == http.MethodDelete && len(parts) == 1 && parts[0] == f.index:
		f.docs, f.stored, f.mapping = nil, map[string][]byte{}, nil
		writeJSON(w, 200, `{"acknowledged":true}`)
	case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "_pit":
		f.openPIT(w, r, parts[0])
	case r.Method == http.MethodDelete && path == "_pit":
		f.closePIT(w, body)
	case (r.Method == http.MethodPost || r.Method == http.MethodGet) && parts[len(parts)-1] == "_search":
		f.search(w, r, parts, body)
	case r.Method == http.MethodPost && parts[len(parts)-1] == "_bulk":
		f.bulk(w, parts, body, r.URL.Query().Get("filter_path"))
	default:
		esError(w, 400, "illegal_argument_exception", fmt.Sprintf("no handler found for uri [%s] and method [%s]", r.URL.Path, r.Method))
	}
}

func (f *fakeES) openPIT(w http.ResponseWriter, r *http.Request, index string) {
	if index != f.index {
		esError(w, 404, "index_not_found_exception", "no such index ["+index+"]")
		return
	}
	if r.URL.Query().Get("keep_alive") == "" {
		esError(w, 400, "action_request_validation_exception", "Validation Failed: 1: [keep_alive] is not specified;")
		return
	}
	f.pitSeq++
	base := fmt.Sprintf("pit%d", f.pitSeq)
	f.pitGen[base] = 0
	writeJSON(w, 200, map[string]any{
		"id":      base + "-0",
		"_shards": map[string]any{"total": 1, "successful": 1, "skipped": 0, "failed": 0},
	})
}

// pitBase checks that id is the newest id of an open point in time.
func (f *fakeES) pitBase(id string) (string, bool) {
	base, gen, ok := strings.Cut(id, "-")
	if !ok {
		return "", false
	}
	cur, open := f.pitGen[base]
	return base, open && strconv.Itoa(cur) == gen
}

func (f *fakeES) closePIT(w http.ResponseWriter, body []byte) {
	var req struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.ID == "" {
		esError(w, 400, "action_request_validation_exception", "Validation Failed: 1: [id] is required")
		return
	}
	f.closed = append(f.closed, req.ID)
	base, _, _ := strings.Cut(req.ID, "-")
	if _, ok := f.pitGen[base]; !ok {
		writeJSON(w, 404, `{"succeeded":true,"num_freed":0}`)
		return
	}
	delete(f.pitGen, base)
	writeJSON(w, 200, `{"succeeded":true,"num_freed":1}`)
}

type fakeSearch struct {
	Size           *int             `json:"size"`
	Query          map[string]any   `json:"query"`
	Sort           []map[string]any `json:"sort"`
	SearchAfter    []json.Number    `json:"search_after"`
	TrackTotalHits *bool            `json:"track_total_hits"`
	PIT            *struct {
		ID        string `json:"id"`
		KeepAlive string `json:"keep_alive"`
	} `json:"pit"`
	Aggs map[string]map[string]map[string]any `json:"aggs"`
}

func (f *fakeES) search(w http.ResponseWriter, r *http.Request, parts []string, body []byte) {
	var req fakeSearch
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		esError(w, 400, "x_content_parse_exception", err.Error())
		return
	}
	if r.URL.Query().Get("allow_partial_search_results") != "false" {
		f.t.Errorf("search without allow_partial_search_results=false: %s", r.URL.RawQuery)
	}
	var pitID string
	if req.PIT != nil {
		if len(parts) != 1 {
			esError(w, 400, "action_request_validation_exception", "[indices] cannot be used with point in time. Do not specify any index with point in time.")
			return
		}
		base, ok := f.pitBase(req.PIT.ID)
		if !ok {
			esError(w, 404, "search_context_missing_exception", "No search context found for id ["+req.PIT.ID+"]")
			return
		}
		if req.PIT.KeepAlive == "" {
			f.t.Errorf("point-in-time search without keep_alive")
		}
		f.pitGen[base]++
		pitID = fmt.Sprintf("%s-%d", base, f.pitGen[base])
	} else if len(parts) != 2 || parts[0] != f.index {
		esError(w, 404, "index_not_found_exception", "no such index ["+strings.Join(parts[:len(parts)-1], "/")+"]")
		return
	}

	match, err := compileQuery(req.Query)
	if err != nil {
		esError(w, 400, "parsing_exception", err.Error())
		return
	}
	shardDoc := false
	for i, s := range req.Sort {
		for k, v := range s {
			switch {
			case k == "@timestamp" && i == 0 && v == "asc":
			case k == "_shard_doc" && i == 1 && v == "asc":
				if req.PIT == nil {
					esError(w, 400, "illegal_argument_exception", "[_shard_doc] sort field cannot be used without [point in time]")
					return
				}
				shardDoc = true
			default:
				esError(w, 400, "illegal_argument_exception", fmt.Sprintf("fake: unsupported sort %v", s))
				return
			}
		}
	}
	start := 0
	if len(req.SearchAfter) > 0 {
		if len(req.SearchAfter) != len(req.Sort) {
			esError(w, 400, "illegal_argument_exception", "search_after has "+strconv.Itoa(len(req.SearchAfter))+" value(s) but sort has "+strconv.Itoa(len(req.Sort)))
			return
		}
		ms, _ := req.SearchAfter[0].Int64()
		seq := int64(-1)
		if shardDoc {
			v, err := req.SearchAfter[1].Int64()
			if err != nil {
				esError(w, 400, "illegal_argument_exception", "Failed to parse search_after value for field [_shard_doc]: "+err.Error())
				return
			}
			seq = v - shardDocBase
		}
		start = sort.Search(len(f.docs), func(i int) bool {
			d := f.docs[i]
			return d.ts.UnixMilli() > ms || (d.ts.UnixMilli() == ms && int64(d.seq) > seq)
		})
	}
	size := 10
	if req.Size != nil {
		size = *req.Size
	}
	hits := []any{}
	for i := start; i < len(f.docs) && len(hits) < size; i++ {
		d := f.docs[i]
		if !match(d) {
			continue
		}
		sortVals := []any{d.ts.UnixMilli()}
		if shardDoc {
			// Real _shard_doc values are large longs: shard index in the
			// high bits.
			sortVals = append(sortVals, shardDocBase+int64(d.seq))
		}
		hits = append(hits, map[string]any{
			"_index": f.index, "_id": d.id, "_score": nil,
			"_source": json.RawMessage(d.source), "sort": sortVals,
		})
	}
	hitsObj := map[string]any{"max_score": nil, "hits": hits}
	var matched []fakeDoc
	if req.TrackTotalHits == nil || *req.TrackTotalHits || req.Aggs != nil {
		for _, d := range f.docs {
			if match(d) {
				matched = append(matched, d)
			}
		}
	}
	switch {
	case req.TrackTotalHits == nil:
		rel := "eq"
		n := len(matched)
		if n > 10000 {
			n, rel = 10000, "gte"
		}
		hitsObj["total"] = map[string]any{"value": n, "relation": rel}
	case *req.TrackTotalHits:
		hitsObj["total"] = map[string]any{"value": len(matched), "relation": "eq"}
	}
	resp := map[string]any{
		"took": 3, "timed_out": false,
		"_shards": map[string]any{"total": 1, "successful": 1, "skipped": 0, "failed": 0},
		"hits":    hitsObj,
	}
	if pitID != "" {
		resp["pit_id"] = pitID
	}
	if req.Aggs != nil {
		aggs, err := aggregate(req.Aggs, matched)
		if err != nil {
			esError(w, 400, "illegal_argument_exception", err.Error())
			return
		}
		resp["aggregations"] = aggs
	}
	writeJSON(w, 200, resp)
}

// compileQuery supports what the store sends: bool (filter, should with
// minimum_should_match, must_not, nested), range, term (with
// case_insensitive), terms and exists. Anything else is an error, so a query the
// fake cannot judge fails the test instead of matching wrongly; that
// includes must, which scores and which the store must not send.
func compileQuery(q map[string]any) (func(fakeDoc) bool, error) {
	if q == nil {
		return func(fakeDoc) bool { return true }, nil
	}
	if len(q) != 1 {
		return nil, fmt.Errorf("fake: a query has exactly one kind: %v", q)
	}
	for kind, spec := range q {
		if kind == "bool" {
			b, ok := spec.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("[bool] query malformed, no start_object after query name")
			}
			return compileBool(b)
		}
		if kind == "exists" {
			spec, ok := spec.(map[string]any)
			field, _ := spec["field"].(string)
			if !ok || len(spec) != 1 || field == "" {
				return nil, fmt.Errorf("[exists] must be provided with a [field]")
			}
			return func(d fakeDoc) bool {
				if _, ok := d.fields[field]; ok {
					return true
				}
				for k := range d.fields {
					if strings.HasPrefix(k, field+".") {
						return true
					}
				}
				return false
			}, nil
		}
		if kind == "query_string" || kind == "multi_match" {
			return compileFullText(kind, spec)
		}
		if kind != "range" && kind != "term" && kind != "terms" && kind != "match" && kind != "match_phrase" {
			return nil, fmt.Errorf("fake: unsupported query [%s]", kind)
		}
		fields, ok := spec.(map[string]any)
		if !ok || len(fields) != 1 {
			return nil, fmt.Errorf("[%s] query needs exactly one field: %v", kind, spec)
		}
		for field, v := range fields {
			return compileClause(kind, field, v)
		}
	}
	panic("unreachable")
}

// compileBool evaluates a bool query as Elasticsearch does: every filter
// clause matches, no must_not clause matches, and at least
// minimum_should_match should clauses match. Without minimum_should_match
// that is 1 when there are should clauses but no filter (or must) clause,
// else 0; a bool with no clauses matches everything.
func compileBool(b map[string]any) (func(fakeDoc) bool, error) {
	var filter, should, mustNot []func(fakeDoc) bool
	msm := ""
	for k, v := range b {
		var dst *[]func(fakeDoc) bool
		switch k {
		case "filter":
			dst = &filter
		case "should":
			dst = &should
		case "must_not":
			dst = &mustNot
		case "minimum_should_match":
			switch v := v.(type) {
			case json.Number:
				msm = v.String()
			case string:
				msm = v
			default:
				return nil, fmt.Errorf("[bool] minimum_should_match must be a number or string: %v", v)
			}
			continue
		default:
			return nil, fmt.Errorf("fake: unsupported [bool] clause [%s]", k)
		}
		// A clause list may be a single query object.
		clauses, ok := v.([]any)
		if !ok {
			clauses = []any{v}
		}
		for _, c := range clauses {
			q, ok := c.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("[bool] %s clause is not a query: %v", k, c)
			}
			p, err := compileQuery(q)
			if err != nil {
				return nil, err
			}
			*dst = append(*dst, p)
		}
	}
	need := 0
	if len(should) > 0 && len(filter) == 0 {
		need = 1
	}
	if msm != "" {
		var err error
		if need, err = minShouldMatch(len(should), msm); err != nil {
			return nil, err
		}
	}
	return func(d fakeDoc) bool {
		for _, p := range filter {
			if !p(d) {
				return false
			}
		}
		for _, p := range mustNot {
			if p(d) {
				return false
			}
		}
		n := 0
		for _, p := range should {
			if p(d) {
				n++
			}
		}
		// More required than there are should clauses matches nothing.
		return n >= need
	}, nil
}

// minShouldMatch resolves a minimum_should_match of an integer or a
// percentage, negative meaning "all but", as Lucene's Queries does.
func minShouldMatch(optional int, spec string) (int, error) {
	spec = strings.TrimSpace(spec)
	var calc int
	if pct, ok := strings.CutSuffix(spec, "%"); ok {
		f, err := strconv.ParseFloat(pct, 32)
		if err != nil {
			return 0, fmt.Errorf("fake: bad minimum_should_match [%s]", spec)
		}
		calc = int(float64(optional) * f / 100)
	} else {
		n, err := strconv.Atoi(spec)
		if err != nil {
			return 0, fmt.Errorf("fake: unsupported minimum_should_match [%s]", spec)
		}
		calc = n
	}
	if calc < 0 {
		calc += optional
	}
	return max(calc, 0), nil
}

func compileClause(kind, field string, v any) (func(fakeDoc) bool, error) {
	str := func(v any) string {
		if n, ok := v.(json.Number); ok {
			return n.String()
		}
		return fmt.Sprint(v)
	}
	switch kind {
	case "range":
		spec := v.(map[string]any)
		parse := func(k string) (time.Time, bool, error) {
			s, ok := spec[k].(string)
			if !ok {
				return time.Time{}, false, nil
			}
			t, err := time.Parse(time.RFC3339Nano, s)
			return t, true, err
		}
		gte, hasGte, err1 := parse("gte")
		lt, hasLt, err2 := parse("lt")
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("failed to parse date field: %v %v", err1, err2)
		}
		return func(d fakeDoc) bool {
			t, ok := d.ts, !d.untimed
			if field != "@timestamp" {
				var err error
				t, err = time.Parse(time.RFC3339Nano, d.fields[field])
				ok = err == nil
			}
			return ok && (!hasGte || !t.Before(gte)) && (!hasLt || t.Before(lt))
		}, nil
	case "term":
		want, ci := v, false
		if m, ok := v.(map[string]any); ok {
			want = m["value"]
			ci, _ = m["case_insensitive"].(bool)
		}
		w := str(want)
		return func(d fakeDoc) bool {
			got := d.fields[field]
			return got == w || (ci && strings.EqualFold(got, w))
		}, nil
	case "match", "match_phrase":
		// On keyword fields (all the fake has) both are exact.
		if m, ok := v.(map[string]any); ok {
			v = m["query"]
		}
		w := str(v)
		return func(d fakeDoc) bool { return d.fields[field] == w }, nil
	case "terms":
		vals, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("[terms] query does not support [%s]", field)
		}
		var want []string
		for _, x := range vals {
			want = append(want, str(x))
		}
		return func(d fakeDoc) bool { return slices.Contains(want, d.fields[field]) }, nil
	}
	return nil, fmt.Errorf("fake: unsupported query [%s]", kind)
}

func aggregate(aggs map[string]map[string]map[string]any, docs []fakeDoc) (map[string]any, error) {
	out := map[string]any{}
	for name, spec := range aggs {
		for kind, params := range spec {
			field, _ := params["field"].(string)
			switch kind {
			case "min", "max":
				var best *time.Time
				for _, d := range docs {
					t := d.ts
					if best == nil || (kind == "min" && t.Before(*best)) || (kind == "max" && t.After(*best)) {
						best = &t
					}
				}
				if best == nil {
					out[name] = map[string]any{"value": nil}
				} else {
					out[name] = map[string]any{
						"value":           float64(best.UnixMilli()),
						"value_as_string": best.UTC().Format("2006-01-02T15:04:05.000Z"),
					}
				}
			case "terms":
				counts := map[string]int{}
				for _, d := range docs {
					if v, ok := d.fields[field]; ok {
						counts[v]++
					}
				}
				keys := make([]string, 0, len(counts))
				for k := range counts {
					keys = append(keys, k)
				}
				asc := false
				if o, ok := params["order"].([]any); ok && len(o) > 0 {
					asc = o[0].(map[string]any)["_count"] == "asc"
				}
				sort.Slice(keys, func(i, j int) bool {
					if counts[keys[i]] != counts[keys[j]] {
						return (counts[keys[i]] < counts[keys[j]]) == asc
					}
					return keys[i] < keys[j]
				})
				size := 10
				if n, ok := params["size"].(json.Number); ok {
					v, _ := n.Int64()
					size = int(v)
				}
				other := 0
				buckets := []any{}
				for i, k := range keys {
					if i >= size {
						other += counts[k]
						continue
					}
					buckets = append(buckets, map[string]any{"key": k, "doc_count": counts[k]})
				}
				out[name] = map[string]any{"doc_count_error_upper_bound": 0, "sum_other_doc_count": other, "buckets": buckets}
			default:
				return nil, fmt.Errorf("fake: unsupported aggregation [%s]", kind)
			}
		}
	}
	return out, nil
}

type bulkAction struct {
	Index string `json:"_index"`
	ID    string `json:"_id"`
}

func (f *fakeES) bulk(w http.ResponseWriter, parts []string, body []byte, filterPath string) {
	index := f.index
	if len(parts) == 2 {
		index = parts[0]
	}
	if len(body) == 0 || body[len(body)-1] != '\n' {
		esError(w, 400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]")
		return
	}
	var err error
	lines := bytes.Split(body[:len(body)-1], []byte("\n"))
	items := []any{}
	errorsSeen := false
	for i := 0; i < len(lines); i += 2 {
		var action map[string]bulkAction
		if err := json.Unmarshal(lines[i], &action); err != nil || len(action) != 1 {
			esError(w, 400, "illegal_argument_exception", fmt.Sprintf("Malformed action/metadata line [%d]", i+1))
			return
		}
		op, meta := "", bulkAction{}
		for k, v := range action {
			op, meta = k, v
		}
		if op != "create" || i+1 >= len(lines) {
			esError(w, 400, "illegal_argument_exception", "fake: only create actions with a source: "+op)
			return
		}
		src := lines[i+1]
		f.bulkAttempts[meta.ID]++
		status, typ, reason := 0, "", ""
		if f.bulkItem != nil {
			status, typ, reason = f.bulkItem(meta.ID, f.bulkAttempts[meta.ID])
		}
		if status == 0 && json.Valid(src) {
			if f.mapping == nil && f.template != nil {
				f.mapping = f.template.clone()
			}
			if f.mapping != nil {
				status, typ, reason = f.mapping.index(meta.ID, src)
			}
		}
		if status == 0 {
			if !json.Valid(src) {
				status, typ, reason = 400, "document_parsing_exception", "[1:2] failed to parse: Unexpected character"
			} else if _, dup := f.stored[meta.ID]; dup {
				status, typ = 409, "version_conflict_engine_exception"
				reason = fmt.Sprintf("[%s]: version conflict, document already exists (current version [1])", meta.ID)
			} else {
				status = 201
			}
		}
		item := map[string]any{"_index": index, "_id": meta.ID, "status": status}
		if status == 201 {
			f.stored[meta.ID] = bytes.Clone(src)
			// Searchable at once, as after a refresh.
			d := fakeDoc{id: meta.ID, source: f.stored[meta.ID], fields: flattenJSON(f.t, src)}
			if d.ts, err = time.Parse(time.RFC3339Nano, d.fields["@timestamp"]); err != nil {
				d.untimed = true
			}
			f.addLocked(d)
			item["_version"] = 1
			item["result"] = "created"
			item["_shards"] = map[string]any{"total": 2, "successful": 1, "failed": 0}
			item["_seq_no"] = len(f.stored) - 1
			item["_primary_term"] = 1
		} else {
			errorsSeen = true
			item["error"] = map[string]any{"type": typ, "reason": reason, "index_uuid": "aAsFqTI0Tc2W0LCWgPNrOA", "shard": "0", "index": index}
		}
		if filterPath != "" {
			item = filterItem(item, filterPath)
		}
		items = append(items, map[string]any{op: item})
	}
	resp := map[string]any{"errors": errorsSeen, "took": 30, "items": items}
	if filterPath != "" && !slices.Contains(strings.Split(filterPath, ","), "took") {
		delete(resp, "took")
	}
	writeJSON(w, 200, resp)
}

// filterItem applies a filter_path of the form items.*.<field>,… to one
// bulk item, as Elasticsearch does.
func filterItem(item map[string]any, filterPath string) map[string]any {
	out := map[string]any{}
	for _, p := range strings.Split(filterPath, ",") {
		if field, ok := strings.CutPrefix(p, "items.*."); ok {
			if v, ok := item[field]; ok {
				out[field] = v
			}
		}
	}
	return out
}

// acceptBulk answers every item "created" with minimal work, so a benchmark
// measures the client.
func (f *fakeES) acceptBulk(w http.ResponseWriter, body []byte, filtered bool) {
	var out bytes.Buffer
	out.WriteString(`{"errors":false,"items":[`)
	n := 0
	for len(body) > 0 {
		line, rest, _ := bytes.Cut(body, []byte("\n"))
		_, body, _ = bytes.Cut(rest, []byte("\n"))
		id := line
		if i := bytes.Index(line, []byte(`"_id":"`)); i >= 0 {
			id = line[i+7:]
			id = id[:bytes.IndexByte(id, '"')]
		}
		f.mu.Lock()
		f.bulkAttempts[string(id)]++
		f.mu.Unlock()
		if n > 0 {
			out.WriteByte(',')
		}
		if filtered {
			fmt.Fprintf(&out, `{"create":{"_id":%q,"status":201}}`, id)
		} else {
			fmt.Fprintf(&out, `{"create":{"_index":%q,"_id":%q,"_version":1,"result":"created","_shards":{"total":1,"successful":1,"failed":0},"_seq_no":%d,"_primary_term":1,"status":201}}`, f.index, id, n)
		}
		n++
	}
	out.WriteString("]}")
	writeJSON(w, 200, out.Bytes())
}

// flattenJSON flattens a document to dotted keys, as Elasticsearch sees
// its fields.
func flattenJSON(t testing.TB, src []byte) map[string]string {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("fake doc: %v: %s", err, src)
	}
	out := map[string]string{}
	var walk func(string, map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			switch v := v.(type) {
			case map[string]any:
				walk(prefix+k+".", v)
			case json.Number:
				out[prefix+k] = v.String()
			case string:
				out[prefix+k] = v
			case bool:
				out[prefix+k] = strconv.FormatBool(v)
			}
		}
	}
	walk("", doc)
	return out
}

// TestFakeBoolQuery pins the fake's bool semantics to Elasticsearch's, so
// store tests that pass against the fake mean what they say.
func TestFakeBoolQuery(t *testing.T) {
	docs := map[string]fakeDoc{
		"a":  {fields: map[string]string{"x": "1", "y": "1"}},
		"b":  {fields: map[string]string{"x": "1", "y": "2"}},
		"c":  {fields: map[string]string{"x": "2"}},
		"no": {fields: map[string]string{}},
	}
	tests := []struct {
		name  string
		query string
		want  string // matching doc names, sorted, comma-separated; or "error"
	}{
		{"empty bool matches all", `{"bool":{}}`, "a,b,c,no"},
		{"filter", `{"bool":{"filter":[{"term":{"x":"1"}}]}}`, "a,b"},
		{"single clause object", `{"bool":{"filter":{"term":{"x":"1"}}}}`, "a,b"},
		{"should alone needs one", `{"bool":{"should":[{"term":{"y":"1"}},{"term":{"x":"2"}}]}}`, "a,c"},
		{"should beside filter is optional", `{"bool":{"filter":[{"term":{"x":"1"}}],"should":[{"term":{"y":"9"}}]}}`, "a,b"},
		{"minimum_should_match with filter", `{"bool":{"filter":[{"term":{"x":"1"}}],"should":[{"term":{"y":"2"}}],"minimum_should_match":1}}`, "b"},
		{"minimum_should_match 2", `{"bool":{"should":[{"term":{"x":"1"}},{"term":{"y":"1"}}],"minimum_should_match":2}}`, "a"},
		{"minimum_should_match as string", `{"bool":{"should":[{"term":{"x":"1"}},{"term":{"y":"1"}}],"minimum_should_match":"2"}}`, "a"},
		{"negative minimum_should_match", `{"bool":{"should":[{"term":{"x":"1"}},{"term":{"y":"1"}}],"minimum_should_match":-1}}`, "a,b"},
		{"percentage rounds down", `{"bool":{"should":[{"term":{"x":"1"}},{"term":{"y":"1"}}],"minimum_should_match":"75%"}}`, "a,b"},
		{"more than the should clauses matches nothing", `{"bool":{"should":[{"term":{"x":"1"}}],"minimum_should_match":2}}`, ""},
		{"must_not alone excludes", `{"bool":{"must_not":[{"term":{"x":"1"}}]}}`, "c,no"},
		{"must_not on a missing field keeps the doc", `{"bool":{"filter":[{"term":{"x":"1"}}],"must_not":[{"term":{"y":"2"}}]}}`, "a"},
		{"nested", `{"bool":{"filter":[{"bool":{"should":[{"terms":{"y":["2"]}},{"bool":{"filter":[{"term":{"x":"2"}}],"must_not":[{"term":{"y":"1"}}]}}],"minimum_should_match":1}}]}}`, "b,c"},
		{"must is not sent by the store", `{"bool":{"must":[{"term":{"x":"1"}}]}}`, "error"},
		{"unknown bool clause", `{"bool":{"filter":[],"boost":1}}`, "error"},
		{"unknown nested query", `{"bool":{"should":[{"fuzzy":{"x":"1"}}]}}`, "error"},
		{"match on a keyword is exact", `{"bool":{"should":[{"match":{"x":"1"}}]}}`, "a,b"},
		{"query_string wildcard with escapes", `{"query_string":{"fields":["x"],"query":"\\1*"}}`, "a,b"},
		{"multi_match on any field", `{"multi_match":{"query":"2","type":"best_fields"}}`, "b,c"},
		{"unsupported minimum_should_match", `{"bool":{"should":[{"term":{"x":"1"}}],"minimum_should_match":"2<50%"}}`, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := json.NewDecoder(strings.NewReader(tt.query))
			dec.UseNumber()
			var q map[string]any
			if err := dec.Decode(&q); err != nil {
				t.Fatal(err)
			}
			match, err := compileQuery(q)
			if tt.want == "error" {
				if err == nil {
					t.Fatal("compiled, want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for name, d := range docs {
				if match(d) {
					got = append(got, name)
				}
			}
			slices.Sort(got)
			if g := strings.Join(got, ","); g != tt.want {
				t.Errorf("matched %q, want %q", g, tt.want)
			}
		})
	}
}

// fakeMapping emulates an index mapping as far as documents can conflict
// with it: each field path has one type, set by the index template or by
// the first document that brings the field (dynamic mapping, with the
// template's dynamic templates), and a later value the type cannot take
// rejects the document with the error Elasticsearch gives. Only what
// decides whether a document is accepted is emulated; what is indexed is
// still judged from the source.
type fakeMapping struct {
	fields  map[string]fakeField
	dynamic []fakeDynamic
}

type fakeField struct {
	typ         string // "object", "keyword", "long", "date_nanos", …
	ignoreAbove int
}

type fakeDynamic struct {
	match, pathMatch, mappingType string
	field                         fakeField
}

func parseFakeMapping(m map[string]any) (*fakeMapping, error) {
	fm := &fakeMapping{fields: map[string]fakeField{}}
	if props, ok := m["properties"].(map[string]any); ok {
		if err := fm.addProps("", props); err != nil {
			return nil, err
		}
	}
	dyn, _ := m["dynamic_templates"].([]any)
	for _, d := range dyn {
		named, ok := d.(map[string]any)
		if !ok || len(named) != 1 {
			return nil, fmt.Errorf("a dynamic template is one named object: %v", d)
		}
		for name, spec := range named {
			spec, _ := spec.(map[string]any)
			mapping, ok := spec["mapping"].(map[string]any)
			if !ok {
				return nil, fmt.Errorf("dynamic template [%s] has no mapping", name)
			}
			var fd fakeDynamic
			fd.match, _ = spec["match"].(string)
			fd.pathMatch, _ = spec["path_match"].(string)
			fd.mappingType, _ = spec["match_mapping_type"].(string)
			fd.field = fakeFieldOf(mapping)
			fm.dynamic = append(fm.dynamic, fd)
		}
	}
	return fm, nil
}

func (m *fakeMapping) addProps(prefix string, props map[string]any) error {
	for name, v := range props {
		spec, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("expected map for property [%s]", name)
		}
		path := prefix + name
		if sub, ok := spec["properties"].(map[string]any); ok {
			m.fields[path] = fakeField{typ: "object"}
			if err := m.addProps(path+".", sub); err != nil {
				return err
			}
			continue
		}
		if spec["type"] == nil {
			return fmt.Errorf("no type specified for field [%s]", path)
		}
		m.fields[path] = fakeFieldOf(spec)
	}
	return nil
}

func fakeFieldOf(spec map[string]any) fakeField {
	f := fakeField{}
	f.typ, _ = spec["type"].(string)
	if n, ok := spec["ignore_above"].(float64); ok {
		f.ignoreAbove = int(n)
	}
	return f
}

func (m *fakeMapping) clone() *fakeMapping {
	c := &fakeMapping{fields: maps.Clone(m.fields), dynamic: slices.Clone(m.dynamic)}
	return c
}

// index parses a document against the mapping, adding the fields it maps
// dynamically; status 0 means accepted.
func (m *fakeMapping) index(id string, src []byte) (status int, typ, reason string) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return 400, "document_parsing_exception", "[1:1] failed to parse: " + err.Error()
	}
	added := map[string]fakeField{}
	lookup := func(path string) fakeField {
		if f, ok := added[path]; ok {
			return f
		}
		return m.fields[path]
	}
	var fail error
	var typeName string
	reject := func(t, format string, args ...any) {
		if fail == nil {
			typeName, fail = t, fmt.Errorf(format, args...)
		}
	}
	var value func(path string, v any)
	object := func(prefix string, obj map[string]any) {
		for k, v := range obj {
			path := prefix + k
			// A dotted key ("host.name") is an object path.
			for i := len(prefix); i < len(path); i++ {
				if path[i] != '.' {
					continue
				}
				switch f := lookup(path[:i]); f.typ {
				case "":
					added[path[:i]] = fakeField{typ: "object"}
				case "object":
				default:
					reject("document_parsing_exception", "[1:2] Could not dynamically add mapping for field [%s]. Existing mapping for [%s] must be of type object but found [%s].", path, path[:i], f.typ)
				}
			}
			value(path, v)
		}
	}
	value = func(path string, v any) {
		switch v := v.(type) {
		case nil:
		case []any:
			for _, e := range v {
				value(path, e)
			}
		case map[string]any:
			switch f := lookup(path); f.typ {
			case "":
				added[path] = fakeField{typ: "object"}
			case "object":
			default:
				reject("document_parsing_exception", "[1:2] failed to parse field [%s] of type [%s] in document with id '%s'. Preview of field's value: '%v'", path, f.typ, id, v)
				return
			}
			object(path+".", v)
		default:
			f := lookup(path)
			if f.typ == "object" {
				last := path[strings.LastIndexByte(path, '.')+1:]
				reject("document_parsing_exception", "[1:2] object mapping for [%s] tried to parse field [%s] as object, but found a concrete value", path, last)
				return
			}
			if f.typ == "" {
				f = m.dynamicField(path, v)
				added[path] = f
			}
			if t, msg := f.check(path, id, v); msg != "" {
				reject(t, "%s", msg)
			}
		}
	}
	object("", doc)
	if fail != nil {
		return 400, typeName, fail.Error()
	}
	maps.Copy(m.fields, added)
	return 0, "", ""
}

// dynamicField is the mapping Elasticsearch gives a new field: the first
// dynamic template that matches, else its defaults (with date and numeric
// detection off, as huntflow's template sets them).
func (m *fakeMapping) dynamicField(path string, v any) fakeField {
	kind := "string"
	switch v := v.(type) {
	case json.Number:
		kind = "long"
		if strings.ContainsAny(v.String(), ".eE") {
			kind = "double"
		}
	case bool:
		kind = "boolean"
	}
	name := path[strings.LastIndexByte(path, '.')+1:]
	for _, d := range m.dynamic {
		if (d.mappingType == "" || d.mappingType == kind) &&
			(d.match == "" || globMatch(d.match, name)) &&
			(d.pathMatch == "" || globMatch(d.pathMatch, path)) {
			return d.field
		}
	}
	switch kind {
	case "string":
		return fakeField{typ: "text"} // with a keyword subfield, ignore_above 256
	case "double":
		return fakeField{typ: "float"}
	}
	return fakeField{typ: kind}
}

// check reports why a field of this type cannot take the scalar v.
func (f fakeField) check(path, id string, v any) (errType, msg string) {
	var s string
	switch v := v.(type) {
	case json.Number:
		s = v.String()
	case string:
		s = v
	case bool:
		s = strconv.FormatBool(v)
	}
	parseErr := func() (string, string) {
		return "document_parsing_exception", fmt.Sprintf("[1:2] failed to parse field [%s] of type [%s] in document with id '%s'. Preview of field's value: '%s'", path, f.typ, id, s)
	}
	switch f.typ {
	case "keyword":
		if f.ignoreAbove > 0 && utf8.RuneCountInString(s) > f.ignoreAbove {
			return "", "" // kept in _source, not indexed
		}
		if len(s) > 32766 {
			return "illegal_argument_exception", fmt.Sprintf("Document contains at least one immense term in field=%q (whose UTF8 encoding is longer than the max length 32766), all of which were skipped. Please correct the analyzer to not produce such terms.", path)
		}
	case "long", "integer", "short", "float", "double":
		if _, isBool := v.(bool); isBool {
			return parseErr()
		}
		if _, isStr := v.(string); isStr && s == "" {
			return "", "" // coerced to null
		}
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return parseErr()
		}
	case "boolean":
		if s != "true" && s != "false" && s != "" {
			return parseErr()
		}
	case "date", "date_nanos":
		var t time.Time
		if _, isNum := v.(json.Number); isNum || s != "" && strings.Trim(s, "0123456789") == "" {
			// epoch_millis, the default format's second choice
			ms, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return parseErr()
			}
			t = time.UnixMilli(ms)
		} else {
			var err error
			if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
				if t, err = time.Parse("2006-01-02", s); err != nil {
					return parseErr()
				}
			}
		}
		if f.typ == "date_nanos" && t.Before(time.Unix(0, 0)) {
			return "document_parsing_exception", fmt.Sprintf("[1:2] failed to parse field [%s] of type [date_nanos] in document with id '%s'. Preview of field's value: '%s' (caused by illegal_argument_exception: date[%s] is before the epoch in 1970 and cannot be stored in nanosecond resolution)", path, id, s, s)
		}
		if f.typ == "date_nanos" && t.After(time.Unix(0, math.MaxInt64)) {
			return "document_parsing_exception", fmt.Sprintf("[1:2] failed to parse field [%s] of type [date_nanos] in document with id '%s'. Preview of field's value: '%s' (caused by illegal_argument_exception: date[%s] is after 2262-04-11T23:47:16.854775807 and cannot be stored in nanosecond resolution)", path, id, s, s)
		}
	}
	return "", ""
}

// globMatch matches Elasticsearch's simple patterns, where * is any run of
// characters.
func globMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// compileFullText evaluates query_string (only a wildcard term on listed
// fields, with Lucene escapes) and multi_match (exact on any field), as they
// behave on keyword fields.
func compileFullText(kind string, spec any) (func(fakeDoc) bool, error) {
	m, ok := spec.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("[%s] malformed", kind)
	}
	query, _ := m["query"].(string)
	var fields []string
	if fs, ok := m["fields"].([]any); ok {
		for _, f := range fs {
			fields = append(fields, fmt.Sprint(f))
		}
	}
	each := func(d fakeDoc, fn func(string) bool) bool {
		if len(fields) == 0 {
			for _, v := range d.fields {
				if fn(v) {
					return true
				}
			}
			return false
		}
		for _, f := range fields {
			if v, ok := d.fields[f]; ok && fn(v) {
				return true
			}
		}
		return false
	}
	if kind == "multi_match" {
		return func(d fakeDoc) bool { return each(d, func(v string) bool { return v == query }) }, nil
	}
	// Lucene wildcard term: unescaped * matches any run; \x is x.
	var pat strings.Builder
	pat.WriteString("^")
	for i := 0; i < len(query); i++ {
		switch c := query[i]; {
		case c == '\\' && i+1 < len(query):
			i++
			pat.WriteString(regexp.QuoteMeta(query[i : i+1]))
		case c == '*':
			pat.WriteString("(?s:.*)")
		case c == ' ':
			return nil, fmt.Errorf("fake: unescaped space in query_string %q would split terms", query)
		default:
			pat.WriteString(regexp.QuoteMeta(query[i : i+1]))
		}
	}
	pat.WriteString("$")
	re, err := regexp.Compile(pat.String())
	if err != nil {
		return nil, err
	}
	return func(d fakeDoc) bool { return each(d, re.MatchString) }, nil
}
