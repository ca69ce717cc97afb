// Command worker runs huntflow's Temporal worker: it hosts the hunt
// workflow and its activities against the configured log store.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/huntflow/huntflow/app"
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(logger); err != nil {
		logger.Error("worker stopped", "error", err)
		os.Exit(1)
	}
}

func run(logger *slog.Logger) error {
	cfg := app.FromEnv(os.Getenv)
	fs := flag.NewFlagSet("worker", flag.ExitOnError)
	fs.StringVar(&cfg.TemporalAddress, "address", cfg.TemporalAddress, "Temporal frontend host:port (env TEMPORAL_ADDRESS)")
	fs.StringVar(&cfg.Namespace, "namespace", cfg.Namespace, "Temporal namespace (env TEMPORAL_NAMESPACE)")
	fs.StringVar(&cfg.TaskQueue, "task-queue", cfg.TaskQueue, "task queue (env HUNTFLOW_TASK_QUEUE)")
	fs.StringVar(&cfg.Store, "store", cfg.Store, "log store: sqlite or elasticsearch (env HUNTFLOW_STORE)")
	fs.StringVar(&cfg.DBPath, "db", cfg.DBPath, "SQLite store file (env HUNTFLOW_DB)")
	fs.StringVar(&cfg.ReportDir, "reports", cfg.ReportDir, "folder reports are written to (env HUNTFLOW_REPORTS)")
	fs.StringVar(&cfg.RulesDir, "rules", cfg.RulesDir, "folder of extra Sigma rules (env HUNTFLOW_RULES)")
	fs.StringVar(&cfg.MinLevel, "min-level", cfg.MinLevel, "leave out rules below this Sigma level (env HUNTFLOW_MIN_LEVEL)")
	fs.StringVar(&cfg.RuleStatus, "status", cfg.RuleStatus, "comma-separated rule statuses to run, or all; default all but deprecated and unsupported (env HUNTFLOW_RULE_STATUS)")
	fs.BoolVar(&cfg.NoLLM, "no-llm", cfg.NoLLM, "do not use the LLM analyst even when OPENAI_API_KEY is set")
	fs.IntVar(&cfg.MaxConcurrentActivities, "max-activities", cfg.MaxConcurrentActivities, "activities run at once by this worker")
	fs.IntVar(&cfg.MaxConcurrentLLM, "max-llm", cfg.MaxConcurrentLLM, "LLM calls made at once by this worker (env HUNTFLOW_LLM_CONCURRENCY)")
	fs.DurationVar(&cfg.LLMTimeout, "llm-timeout", cfg.LLMTimeout, "timeout of one LLM call (env HUNTFLOW_LLM_TIMEOUT; default 60s)")
	fs.DurationVar(&cfg.LLMStepTimeout, "llm-step-timeout", cfg.LLMStepTimeout, "time one LLM step may take with its retries before the hunt goes on without the LLM (env HUNTFLOW_LLM_STEP_TIMEOUT; default 3m)")
	fs.IntVar(&cfg.LLMMaxTokens, "llm-max-tokens", cfg.LLMMaxTokens, "output cap of every LLM call (env HUNTFLOW_LLM_MAX_TOKENS; default 2048)")
	fs.IntVar(&cfg.LLMContextTokens, "llm-context-tokens", cfg.LLMContextTokens, "the model's context window; prompts are sized to fit it (env HUNTFLOW_LLM_CONTEXT_TOKENS; default 16384)")
	fs.IntVar(&cfg.LLMMaxEvents, "llm-max-events", cfg.LLMMaxEvents, "event rows per window review prompt (env HUNTFLOW_LLM_MAX_EVENTS; default 30)")
	fs.StringVar(&cfg.LLMResponseFormat, "llm-response-format", cfg.LLMResponseFormat, "auto, json_schema, json_object or none (env HUNTFLOW_LLM_RESPONSE_FORMAT; default auto)")
	fs.IntVar(&cfg.LLMBudget, "llm-budget", cfg.LLMBudget, "LLM tokens per hunt; later LLM steps are skipped once spent (env HUNTFLOW_LLM_BUDGET; 0: none)")
	fs.Float64Var(&cfg.LLMPricePer1K, "llm-price-per-1k", cfg.LLMPricePer1K, "price per 1,000 LLM tokens, to show the estimated cost (env HUNTFLOW_LLM_PRICE_PER_1K)")
	identity := fs.String("identity", os.Getenv("TEMPORAL_IDENTITY"), "worker identity shown in history (default: pid@host)")
	fs.Float64Var(&cfg.ActivitiesPerSecond, "activities-per-second", cfg.ActivitiesPerSecond, "cap on activities this worker starts per second (0: none)")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", cfg.MetricsAddr, "serve Prometheus metrics at this address's /metrics, e.g. :9090 (env HUNTFLOW_METRICS_ADDR; default off)")
	check := fs.Bool("check", false, "check that the store opens and Temporal answers, then exit (for container health checks)")
	fs.Parse(os.Args[1:])

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	deps, err := app.Open(ctx, cfg, os.Getenv, logger)
	if err != nil {
		return err
	}
	defer deps.Close()

	dialCtx, dialCancel := context.WithTimeout(ctx, 15*time.Second)
	defer dialCancel()
	// The codec (HUNTFLOW_CODEC_KEY...) encrypts every payload; the
	// starter must hold the same key.
	opts, err := app.ClientOptions(cfg, os.Getenv, deps, logger)
	if err != nil {
		return err
	}
	opts.Identity = *identity
	c, err := client.DialContext(dialCtx, opts)
	if err != nil {
		return fmt.Errorf("cannot reach Temporal at %s (is `temporal server start-dev` running?): %w", cfg.TemporalAddress, err)
	}
	defer c.Close()
	if *check {
		if _, err := c.CheckHealth(dialCtx, &client.CheckHealthRequest{}); err != nil {
			return fmt.Errorf("temporal at %s is not healthy: %w", cfg.TemporalAddress, err)
		}
		fmt.Println("ok: store opened, Temporal healthy at", cfg.TemporalAddress)
		return nil
	}
	if deps.Metrics != nil {
		if _, err := app.ServeMetrics(ctx, cfg.MetricsAddr, deps.Metrics, logger); err != nil {
			return err
		}
	}
	w := app.NewWorker(ctx, c, cfg, deps.Activities, logger)
	logger.Info("worker started", "address", cfg.TemporalAddress, "namespace", cfg.Namespace, "task_queue", cfg.TaskQueue, "store", cfg.Store)
	// Run returns on SIGINT/SIGTERM, after running steps finish or the stop
	// timeout (30 s) passes; Temporal retries what was cut off.
	if err := w.Run(worker.InterruptCh()); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	return nil
}
