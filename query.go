package huntflow

// Query languages of hunting queries.
const (
	// LangKibana is Kibana Query Language, run in Kibana's Discover or a
	// Security timeline, and by huntflow's own stores.
	LangKibana = "kibana"
	// LangEQL is Elastic's Event Query Language (sequences).
	LangEQL = "eql"
	// LangSentinel is Kusto for Microsoft Sentinel and Defender XDR.
	LangSentinel = "sentinel"
)

// DefaultQueryLanguages are the languages a report's hunting queries are
// written in unless a hunt asks for others.
var DefaultQueryLanguages = []string{LangKibana, LangEQL}

// HuntingQuery is a follow-up query the report hands the hunter, with what
// it found when huntflow ran it.
type HuntingQuery struct {
	Title    string `json:"title"`
	Purpose  string `json:"purpose"`
	Detects  string `json:"detects"`
	Language string `json:"language"`
	Text     string `json:"text"`
	// Finding is the finding the query was derived from, when it follows up
	// one finding: it must then find that finding's events.
	Finding string `json:"finding,omitempty"`
	// WindowHits and StoreHits count the events the query matches in the
	// hunt's windows and in the whole store; nil when it was not run (EQL
	// and Kusto are not run by huntflow).
	WindowHits *int `json:"window_hits,omitempty"`
	StoreHits  *int `json:"store_hits,omitempty"`
	// RunError says why running it failed.
	RunError string `json:"run_error,omitempty"`
}
