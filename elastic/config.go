// Package elastic is the Elasticsearch log store: it reads Windows and Sysmon
// events for hunts (huntflow.Store) and indexes them during ingest
// (huntflow.Sink). Documents may use the raw Sysmon field names that
// huntflow's own ingest writes, or the ECS names of winlogbeat and Elastic
// Agent; a FieldMapping says which.
package elastic

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// DefaultIndex is the index huntflow writes to and reads from when none is
// configured.
const DefaultIndex = "huntflow-events"

// DefaultPageSize is the number of hits read per search request.
const DefaultPageSize = 1000

// Config says how to reach Elasticsearch and how its documents are shaped.
// Secrets come from the environment; String redacts them.
type Config struct {
	URLs       []string
	CloudID    string
	APIKey     string // base64 "id:key", sent as "Authorization: ApiKey …"
	Username   string
	Password   string
	CACertPath string // PEM file of the CA that signed the cluster's certificate
	Index      string // default DefaultIndex
	Mapping    FieldMapping

	// ECSCopies makes Write add ECS copies of the main fields (event.code,
	// winlog.computer_name, process.*, user.*) to documents that lack
	// them, so the same index answers queries with either mapping. Always
	// on with the ECS mapping.
	ECSCopies bool
	// PageSize is the number of hits per search request (default
	// DefaultPageSize).
	PageSize int
	// MaxRetries bounds the retries of a request or bulk item that
	// Elasticsearch rejected as overloaded (429) or unavailable (502-504);
	// default 5.
	MaxRetries int
	// RetryBackoff is the wait before retry attempt n (1-based); default
	// exponential from 100ms, capped at 10s.
	RetryBackoff func(attempt int) time.Duration
}

// ConfigFromEnv reads the ELASTICSEARCH_* variables. It reports false when
// neither ELASTICSEARCH_URL nor ELASTICSEARCH_CLOUD_ID is set, meaning
// Elasticsearch is not configured.
//
//	ELASTICSEARCH_URL       comma-separated node URLs
//	ELASTICSEARCH_CLOUD_ID  Elastic Cloud deployment ID
//	ELASTIC_API_KEY         API key (ELASTICSEARCH_API_KEY is accepted too)
//	ELASTICSEARCH_USERNAME, ELASTICSEARCH_PASSWORD  basic authentication
//	ELASTICSEARCH_CA_CERT   path of a PEM CA certificate
//	ELASTICSEARCH_INDEX     index name (default huntflow-events)
//	ELASTICSEARCH_MAPPING   sysmon (default) or ecs
func ConfigFromEnv(getenv func(string) string) (Config, bool) {
	env := func(k string) string { return strings.TrimSpace(getenv(k)) }
	var cfg Config
	for _, u := range strings.Split(env("ELASTICSEARCH_URL"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			cfg.URLs = append(cfg.URLs, u)
		}
	}
	cfg.CloudID = env("ELASTICSEARCH_CLOUD_ID")
	cfg.APIKey = env("ELASTIC_API_KEY")
	if cfg.APIKey == "" {
		cfg.APIKey = env("ELASTICSEARCH_API_KEY")
	}
	cfg.Username = env("ELASTICSEARCH_USERNAME")
	// A password may legitimately start or end with spaces.
	cfg.Password = getenv("ELASTICSEARCH_PASSWORD")
	cfg.CACertPath = env("ELASTICSEARCH_CA_CERT")
	cfg.Index = env("ELASTICSEARCH_INDEX")
	if cfg.Index == "" {
		cfg.Index = DefaultIndex
	}
	name := env("ELASTICSEARCH_MAPPING")
	if m, ok := MappingByName(name); ok {
		cfg.Mapping = m
	} else {
		// Keep the unknown name so Open can say what was wrong; ConfigFromEnv
		// has no error to return.
		cfg.Mapping = FieldMapping{Name: name}
	}
	return cfg, len(cfg.URLs) > 0 || cfg.CloudID != ""
}

// String describes the configuration with every secret redacted, so it can
// be logged.
func (c Config) String() string {
	var b strings.Builder
	b.WriteString("elastic.Config{")
	urls := make([]string, len(c.URLs))
	for i, u := range c.URLs {
		urls[i] = redactURL(u)
	}
	fmt.Fprintf(&b, "URLs:%v", urls)
	if c.CloudID != "" {
		fmt.Fprintf(&b, " CloudID:%q", c.CloudID)
	}
	if c.APIKey != "" {
		b.WriteString(" APIKey:[REDACTED]")
	}
	if c.Username != "" {
		fmt.Fprintf(&b, " Username:%q", c.Username)
	}
	if c.Password != "" {
		b.WriteString(" Password:[REDACTED]")
	}
	if c.CACertPath != "" {
		fmt.Fprintf(&b, " CACertPath:%q", c.CACertPath)
	}
	fmt.Fprintf(&b, " Index:%q Mapping:%q}", c.index(), c.Mapping.Name)
	return b.String()
}

// GoString keeps %#v from printing the secrets String hides.
func (c Config) GoString() string { return c.String() }

// LogValue keeps slog from printing the secrets String hides.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

func (c Config) index() string {
	if c.Index == "" {
		return DefaultIndex
	}
	return c.Index
}

func (c Config) pageSize() int {
	if c.PageSize <= 0 {
		return DefaultPageSize
	}
	return c.PageSize
}

func (c Config) maxRetries() int {
	if c.MaxRetries <= 0 {
		return 5
	}
	return c.MaxRetries
}

func (c Config) backoff(attempt int) time.Duration {
	if c.RetryBackoff != nil {
		return c.RetryBackoff(attempt)
	}
	d := 100 * time.Millisecond << min(max(attempt-1, 0), 7)
	return min(d, 10*time.Second)
}

// secrets lists the values that must never appear in logs or errors.
func (c Config) secrets() []string {
	var s []string
	for _, v := range []string{c.APIKey, c.Password} {
		if v != "" {
			s = append(s, v)
		}
	}
	for _, u := range c.URLs {
		if pu, err := url.Parse(u); err == nil && pu.User != nil {
			if p, ok := pu.User.Password(); ok && p != "" {
				s = append(s, p)
			}
		}
	}
	return s
}

// redactURL hides the password a URL may carry in its user info.
func redactURL(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		// An unparsable URL may still hold a secret; show only its length.
		return fmt.Sprintf("[unparsable URL, %d bytes]", len(u))
	}
	return pu.Redacted()
}

// FieldMapping names the Elasticsearch fields that hold the parts of an
// event that queries filter on and decoding reads. Field names are dotted
// paths.
type FieldMapping struct {
	Name    string // "sysmon" or "ecs"
	Time    string // a date field
	EventID string
	Host    string // keyword with the host name as written
	// HostFallback names the host in documents that lack Host; "" when
	// none. It is not asked of documents that have Host, where it may name
	// another machine (winlogbeat's host.name is the collector for
	// forwarded events).
	HostFallback string
	HostKey      string // keyword with the host name lower-cased at ingest; "" when absent
	ProcessGUID  string
	// ProcessID is the raw PID field. In the sysmon mapping it is not
	// always the acting process (a 4688's ProcessId is the creator), so
	// PID queries go through PIDKey and the per-event fields instead.
	ProcessID string
	// PIDKey is a long with the acting process's PID (Event.ProcessID),
	// added at ingest; "" when the mapping's ProcessID already means that.
	PIDKey string
	// PIDKeyword says the PID fields are keywords, where Security events
	// write PIDs in hex ("0x1a2c"): a PID query then matches both spellings.
	PIDKeyword        bool
	Image             string
	CommandLine       string
	ParentProcessGUID string
	ParentProcessID   string
	ParentImage       string
	ParentCommandLine string
	User              string
	Channel           string
	Provider          string
	// EventData prefixes event-specific fields (TargetImage, …) that have
	// no field of their own in this mapping: "winlog.event_data." in ECS.
	EventData string
}

// SysmonMapping is for documents with the raw Sysmon/Windows field names,
// as huntflow's ingest writes them.
var SysmonMapping = FieldMapping{
	Name:              "sysmon",
	Time:              "@timestamp",
	EventID:           "EventID",
	Host:              "Hostname",
	HostKey:           "host_key",
	ProcessGUID:       "ProcessGuid",
	ProcessID:         "ProcessId",
	PIDKey:            "pid_key",
	PIDKeyword:        true,
	Image:             "Image",
	CommandLine:       "CommandLine",
	ParentProcessGUID: "ParentProcessGuid",
	ParentProcessID:   "ParentProcessId",
	ParentImage:       "ParentImage",
	ParentCommandLine: "ParentCommandLine",
	User:              "User",
	Channel:           "Channel",
	Provider:          "SourceName",
}

// ECSMapping is for documents shipped by winlogbeat or Elastic Agent.
var ECSMapping = FieldMapping{
	Name:    "ecs",
	Time:    "@timestamp",
	EventID: "event.code",
	// The computer that logged the event. host.name is the machine
	// winlogbeat runs on: for events forwarded to a collector (WEC), the
	// collector, the same for every host.
	Host:              "winlog.computer_name",
	HostFallback:      "host.name",
	ProcessGUID:       "process.entity_id",
	ProcessID:         "process.pid",
	Image:             "process.executable",
	CommandLine:       "process.command_line",
	ParentProcessGUID: "process.parent.entity_id",
	ParentProcessID:   "process.parent.pid",
	ParentImage:       "process.parent.executable",
	ParentCommandLine: "process.parent.command_line",
	User:              "user.name",
	Channel:           "winlog.channel",
	Provider:          "winlog.provider_name",
	EventData:         "winlog.event_data.",
}

// MappingByName returns a built-in mapping; "" means sysmon.
func MappingByName(name string) (FieldMapping, bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "sysmon":
		return SysmonMapping, true
	case "ecs":
		return ECSMapping, true
	}
	return FieldMapping{}, false
}

func (m FieldMapping) valid() error {
	if m.Time == "" || m.EventID == "" || m.Host == "" {
		return fmt.Errorf("unknown field mapping %q: want sysmon or ecs", m.Name)
	}
	return nil
}

// field translates a field name a caller uses (a Sysmon name such as Image
// or TargetImage, or an Elasticsearch path) to this mapping's field.
func (m FieldMapping) field(name string) string {
	var f string
	switch name {
	case "@timestamp", "time":
		f = m.Time
	case "EventID", "event_id":
		f = m.EventID
	case "Hostname", "Computer", "host":
		f = m.Host
	case "ProcessGuid", "ProcessGUID":
		f = m.ProcessGUID
	case "ProcessId", "ProcessID":
		f = m.ProcessID
	case "Image":
		f = m.Image
	case "CommandLine":
		f = m.CommandLine
	case "ParentProcessGuid":
		f = m.ParentProcessGUID
	case "ParentProcessId":
		f = m.ParentProcessID
	case "ParentImage":
		f = m.ParentImage
	case "ParentCommandLine":
		f = m.ParentCommandLine
	case "User":
		f = m.User
	case "Channel":
		f = m.Channel
	}
	if f != "" {
		return f
	}
	if m.EventData != "" && !strings.ContainsAny(name, ".@") {
		return m.EventData + name
	}
	return name
}
