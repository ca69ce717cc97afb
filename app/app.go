// Package app wires huntflow's parts together from configuration: the log
// store, the analysts, the ATT&CK catalogue and the Temporal worker. The
// worker binary and the integration tests share it, so what is tested is
// what runs.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/activities"
	"github.com/huntflow/huntflow/attack"
	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/elastic"
	"github.com/huntflow/huntflow/metrics"
	"github.com/huntflow/huntflow/openai"
	"github.com/huntflow/huntflow/report"
	"github.com/huntflow/huntflow/ruleset"
	"github.com/huntflow/huntflow/sqlite"
	"github.com/huntflow/huntflow/workflows"
)

// Config is the worker's configuration. Defaults come from the environment
// (see FromEnv); flags override them.
type Config struct {
	TemporalAddress string
	Namespace       string
	TaskQueue       string
	// Store is "sqlite" (default) or "elasticsearch".
	Store     string
	DBPath    string
	ReportDir string
	// RulesDir adds a folder of the user's own Sigma rules to the shipped ones.
	RulesDir string
	// MinLevel and RuleStatus filter the rules (ruleset.ParseFilter): a
	// Sigma level, and comma-separated statuses or "all". Empty: every
	// level, every status but deprecated and unsupported.
	MinLevel   string
	RuleStatus string
	// NoLLM turns the LLM analyst off even when a key is set.
	NoLLM bool
	// Scaling knobs: concurrent activities and LLM calls per worker, and an
	// optional cap on activities started per second.
	MaxConcurrentActivities int
	MaxConcurrentLLM        int
	ActivitiesPerSecond     float64

	// LLM tuning (HUNTFLOW_LLM_*); zero values take the analyst's defaults.
	LLMTimeout        time.Duration // one HTTP call
	LLMStepTimeout    time.Duration // one hunt step, its retries included
	LLMMaxTokens      int           // output cap of every call
	LLMContextTokens  int           // the model's context window
	LLMMaxEvents      int           // event rows per window review
	LLMResponseFormat string        // auto, json_schema, json_object, none
	LLMBudget         int           // tokens per hunt (0: none)
	LLMPricePer1K     float64       // price per 1,000 tokens, for the cost estimate
	// EnvErr names environment values that did not parse; Open refuses to
	// start with them rather than run with defaults the operator did not ask
	// for.
	EnvErr error
	// MetricsAddr is where the worker serves Prometheus metrics (e.g.
	// ":9090"); empty: no metrics.
	MetricsAddr string
}

// FromEnv reads the configuration defaults from the environment.
func FromEnv(getenv func(string) string) Config {
	c := Config{
		TemporalAddress:         or(getenv("TEMPORAL_ADDRESS"), client.DefaultHostPort),
		Namespace:               or(getenv("TEMPORAL_NAMESPACE"), client.DefaultNamespace),
		TaskQueue:               or(getenv("HUNTFLOW_TASK_QUEUE"), workflows.TaskQueue),
		Store:                   or(getenv("HUNTFLOW_STORE"), "sqlite"),
		DBPath:                  or(getenv("HUNTFLOW_DB"), "data/huntflow.db"),
		ReportDir:               or(getenv("HUNTFLOW_REPORTS"), "reports"),
		RulesDir:                getenv("HUNTFLOW_RULES"),
		MinLevel:                getenv("HUNTFLOW_MIN_LEVEL"),
		RuleStatus:              getenv("HUNTFLOW_RULE_STATUS"),
		MetricsAddr:             getenv("HUNTFLOW_METRICS_ADDR"),
		MaxConcurrentActivities: 8,
		MaxConcurrentLLM:        2,
	}
	c.NoLLM, _ = strconv.ParseBool(getenv("HUNTFLOW_NO_LLM"))

	var errs []error
	var oc openai.Config
	if err := oc.Tune(getenv); err != nil {
		errs = append(errs, err)
	}
	c.LLMTimeout, c.LLMMaxTokens, c.LLMContextTokens, c.LLMMaxEvents, c.LLMResponseFormat =
		oc.Timeout, oc.MaxTokens, oc.ContextTokens, oc.MaxEvents, oc.ResponseFormat
	if v := getenv("HUNTFLOW_LLM_STEP_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("HUNTFLOW_LLM_STEP_TIMEOUT=%q: want a positive duration such as 3m", v))
		}
		c.LLMStepTimeout = d
	}
	for _, n := range []struct {
		name string
		dst  *int
	}{{"HUNTFLOW_LLM_BUDGET", &c.LLMBudget}, {"HUNTFLOW_LLM_CONCURRENCY", &c.MaxConcurrentLLM}} {
		name, dst := n.name, n.dst
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				errs = append(errs, fmt.Errorf("%s=%q: want a non-negative integer", name, v))
			}
			*dst = n
		}
	}
	if v := getenv("HUNTFLOW_LLM_PRICE_PER_1K"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			errs = append(errs, fmt.Errorf("HUNTFLOW_LLM_PRICE_PER_1K=%q: want a non-negative number", v))
		}
		c.LLMPricePer1K = f
	}
	c.EnvErr = errors.Join(errs...)
	return c
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Deps are the opened dependencies of a worker.
type Deps struct {
	Activities *activities.Activities
	// Metrics is set when cfg.MetricsAddr is: the store is wrapped to time
	// its queries and the activities count into it.
	Metrics *metrics.Metrics
	closers []func() error
}

// Close releases the store.
func (d *Deps) Close() error {
	var errs []error
	for _, c := range d.closers {
		errs = append(errs, c())
	}
	return errors.Join(errs...)
}

// Open opens the store and builds the analysts the configuration asks for.
func Open(ctx context.Context, cfg Config, getenv func(string) string, logger *slog.Logger) (*Deps, error) {
	if cfg.EnvErr != nil {
		return nil, fmt.Errorf("configuration: %w", cfg.EnvErr)
	}
	d := &Deps{}
	store, closeStore, err := OpenStore(ctx, cfg, getenv, logger)
	if err != nil {
		return nil, err
	}
	d.closers = append(d.closers, closeStore)
	if cfg.MetricsAddr != "" {
		d.Metrics = metrics.New()
	}

	det, err := Detector(cfg, logger)
	if err != nil {
		d.Close()
		return nil, err
	}

	acts := &activities.Activities{
		Store:     store,
		Detector:  det,
		Catalogue: attack.Default(),
		ReportDir: cfg.ReportDir,
		Logger:    logger,
	}
	acts.StoreKind = "sqlite"
	if cfg.Store == "elasticsearch" || cfg.Store == "elastic" {
		acts.StoreKind = "elasticsearch"
		if ecfg, ok := elastic.ConfigFromEnv(getenv); ok && ecfg.Mapping.Name == elastic.ECSMapping.Name {
			acts.QueryFields = report.ECSFields
		}
	}
	if d.Metrics != nil {
		acts.Store = d.Metrics.Store(store, acts.StoreKind)
		acts.Metrics = d.Metrics
	}
	if !cfg.NoLLM {
		if ocfg, ok := openai.ConfigFromEnv(getenv); ok {
			ocfg.Timeout, ocfg.MaxTokens, ocfg.ContextTokens = cfg.LLMTimeout, cfg.LLMMaxTokens, cfg.LLMContextTokens
			ocfg.MaxEvents, ocfg.ResponseFormat = cfg.LLMMaxEvents, cfg.LLMResponseFormat
			llm, err := openai.New(ocfg, logger)
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("llm analyst: %w", err)
			}
			if cfg.LLMStepTimeout > 0 && cfg.LLMTimeout > cfg.LLMStepTimeout {
				d.Close()
				return nil, fmt.Errorf("llm analyst: a call timeout of %s is longer than the step timeout of %s", cfg.LLMTimeout, cfg.LLMStepTimeout)
			}
			acts.Reasoner = llm
			acts.LLMRetryable = openai.Retryable
			acts.LLMRetryAfter = openai.RetryAfter
			acts.LLM = activities.LLMPolicy{StepTimeout: cfg.LLMStepTimeout, Budget: cfg.LLMBudget, PricePer1K: cfg.LLMPricePer1K}
			if cfg.MaxConcurrentLLM > 0 {
				acts.LLMSlots = make(chan struct{}, cfg.MaxConcurrentLLM)
			}
			logger.Info("LLM analyst configured", "config", ocfg.String())
		}
	}
	d.Activities = acts
	return d, nil
}

// Detector loads the shipped rules and cfg.RulesDir through the level and
// status filter, and logs what it loaded: the rule count by level, and
// every rule that did not load (reported, never silently skipped).
func Detector(cfg Config, logger *slog.Logger) (*detect.Detector, error) {
	filter, err := ruleset.ParseFilter(cfg.MinLevel, cfg.RuleStatus)
	if err != nil {
		return nil, fmt.Errorf("rule filter: %w", err)
	}
	src := ruleset.Source{Shipped: true}
	if cfg.RulesDir != "" {
		src.Dirs = []string{cfg.RulesDir}
	}
	loaded, err := ruleset.Load(src, filter)
	if err != nil {
		return nil, err
	}
	for _, le := range loaded.Errors {
		logger.Warn("rule not loaded", "error", le)
	}
	attrs := []any{"rules", len(loaded.Rules.Rules()), "correlations", len(loaded.Rules.Correlations())}
	for _, lc := range loaded.ByLevel() {
		attrs = append(attrs, lc.Level, lc.Rules)
	}
	attrs = append(attrs, "left_out", loaded.Excluded, "filter", loaded.Filter.String())
	logger.Info("rules loaded", attrs...)
	if len(loaded.Rules.Rules()) == 0 {
		return nil, fmt.Errorf("no rules left to run (filter: %s)", loaded.Filter)
	}
	return detect.New(loaded.Rules, detect.Options{}), nil
}

// NewWorker registers the hunt workflow and its activities on a worker. It
// first makes sure the hunt's search attributes exist: hunts set them only
// when they do, since setting an unregistered one fails the workflow task.
// tune may adjust the worker's options (the fault tests add an interceptor).
func NewWorker(ctx context.Context, c client.Client, cfg Config, acts *activities.Activities, logger *slog.Logger, tune ...func(*worker.Options)) worker.Worker {
	acts.SearchAttributes = EnsureSearchAttributes(ctx, c, cfg.Namespace, logger)
	opts := worker.Options{
		MaxConcurrentActivityExecutionSize: cfg.MaxConcurrentActivities,
		WorkerActivitiesPerSecond:          cfg.ActivitiesPerSecond,
		// On SIGTERM, running steps get this long to finish (an LLM call
		// may take a while); what is still running then is retried by
		// another worker.
		WorkerStopTimeout: 30 * time.Second,
	}
	for _, f := range tune {
		f(&opts)
	}
	w := worker.New(c, cfg.TaskQueue, opts)
	w.RegisterWorkflow(workflows.HuntWorkflow)
	w.RegisterActivity(acts)
	return w
}

// EnsureSearchAttributes registers the hunt's search attributes on the
// namespace when they are missing, so hunts can be filtered in the Web UI.
// On Temporal Cloud or a locked-down cluster an operator registers them;
// then this only logs.
func EnsureSearchAttributes(ctx context.Context, c client.Client, namespace string, logger *slog.Logger) bool {
	if namespace == "" {
		namespace = client.DefaultNamespace
	}
	want := map[string]enums.IndexedValueType{
		workflows.ThreatLevelKey.GetName(): enums.INDEXED_VALUE_TYPE_KEYWORD,
		workflows.CategoryKey.GetName():    enums.INDEXED_VALUE_TYPE_KEYWORD,
	}
	op := c.OperatorService()
	have, err := op.ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err == nil {
		for name := range have.GetCustomAttributes() {
			delete(want, name)
		}
	}
	if len(want) == 0 {
		return true
	}
	_, err = op.AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{Namespace: namespace, SearchAttributes: want})
	var exists *serviceerror.AlreadyExists
	if err != nil && !errors.As(err, &exists) {
		logger.Warn("cannot register search attributes ThreatLevel and Category; hunts will not set them until they are registered with `temporal operator search-attribute create`", "error", err)
		return false
	}
	return true
}

// OpenStore opens the log store the configuration names; the returned
// function closes it. The SQLite store is opened read-only and followed by
// path (sqlite.Reader), so a re-ingest is picked up without a restart; a
// missing file is an error, never created.
func OpenStore(ctx context.Context, cfg Config, getenv func(string) string, logger *slog.Logger) (huntflow.Store, func() error, error) {
	switch cfg.Store {
	case "sqlite", "":
		db, err := sqlite.NewReader(ctx, cfg.DBPath)
		if err != nil {
			return nil, nil, fmt.Errorf("open sqlite store: %w", err)
		}
		if ok, err := db.HasEvents(ctx); err == nil && !ok {
			logger.Warn("the store holds no events: hunts fail until ingest runs", "db", cfg.DBPath)
		}
		return db, db.Close, nil
	case "elasticsearch", "elastic":
		ecfg, ok := elastic.ConfigFromEnv(getenv)
		if !ok {
			return nil, nil, fmt.Errorf("store elasticsearch: set ELASTICSEARCH_URL or ELASTICSEARCH_CLOUD_ID")
		}
		es, err := elastic.Open(ctx, ecfg, logger)
		if err != nil {
			return nil, nil, fmt.Errorf("open elasticsearch store: %w", err)
		}
		return es, func() error { return nil }, nil
	}
	return nil, nil, fmt.Errorf("unknown store %q (want sqlite or elasticsearch)", cfg.Store)
}
