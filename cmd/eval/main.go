// Command eval measures the detector against a labelled attack corpus (OTRF
// Security-Datasets layout): for each simulation it normalises the host
// logs, runs the detector over one window covering them, and compares the
// ATT&CK techniques found with the labelled ones.
//
// When an LLM analyst is configured (OPENAI_API_KEY, OPENAI_BASE_URL for a
// local endpoint, or AZURE_OPENAI_*; see openai.ConfigFromEnv) it also
// reviews each simulation after the rules, in at most --llm-windows calls,
// and the report adds the rules+LLM scores, the LLM's calls and its
// failures. --no-llm leaves it out.
//
// --rules adds a rule folder to the shipped rules; --rules-only evaluates a
// folder alone (SigmaHQ's rules/windows, or a rule author's work in
// progress). --min-level and --status filter either.
//
//	eval [--corpus ../shared/corpus] [--rules DIR | --rules-only DIR] [--min-level L] [--status S,...]
//	     [--json eval.json] [--only NAME] [-v] [--no-llm] [--llm-windows 3] [--llm-window 5m]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/attack"
	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/eval"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/openai"
	"github.com/huntflow/huntflow/ruleset"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
}

// run is the command, with its environment passed in so tests can point it
// at a fake LLM endpoint.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpus := fs.String("corpus", "../shared/corpus", "corpus folder with metadata/ and datasets/")
	rulesDir := fs.String("rules", "", "folder of extra Sigma rules loaded on top of the shipped ones")
	rulesOnly := fs.String("rules-only", "", "evaluate this Sigma rule folder without the shipped rules")
	minLevel := fs.String("min-level", "", "leave out rules below this level (informational, low, medium, high, critical)")
	status := fs.String("status", "", "comma-separated rule statuses to run, or all (default: "+strings.Join(ruleset.DefaultStatuses, ",")+")")
	jsonOut := fs.String("json", "eval.json", "write the report as JSON to this file (empty: don't)")
	only := fs.String("only", "", "evaluate only simulations whose name or title contains this text")
	verbose := fs.Bool("v", false, "list each simulation's findings (and log each LLM call)")
	noLLM := fs.Bool("no-llm", false, "do not run the LLM analyst even when one is configured")
	llmWindows := fs.Int("llm-windows", eval.DefaultLLMWindows, fmt.Sprintf("LLM calls per simulation: the busiest windows it reviews (1..%d)", eval.MaxLLMWindows))
	llmWindow := fs.Duration("llm-window", huntflow.DefaultWindow, "length of a window the LLM reviews")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *llmWindows < 1 || *llmWindows > eval.MaxLLMWindows {
		return fmt.Errorf("--llm-windows must be 1..%d, got %d", eval.MaxLLMWindows, *llmWindows)
	}
	if *llmWindow <= 0 {
		return fmt.Errorf("--llm-window must be positive, got %s", *llmWindow)
	}

	if *rulesDir != "" && *rulesOnly != "" {
		return errors.New("--rules and --rules-only exclude each other")
	}
	filter, err := ruleset.ParseFilter(*minLevel, *status)
	if err != nil {
		return err
	}
	src := ruleset.Source{Shipped: *rulesOnly == ""}
	for _, dir := range []string{*rulesDir, *rulesOnly} {
		if dir != "" {
			src.Dirs = append(src.Dirs, dir)
		}
	}
	d, err := detector(src, filter, stderr)
	if err != nil {
		return err
	}
	llm, llmStatus, err := llmAnalyst(getenv, *noLLM, *verbose, stderr)
	if err != nil {
		return err
	}
	if llm != nil {
		llm.Windows, llm.WindowLength = *llmWindows, *llmWindow
	}
	sims, err := eval.LoadCorpus(*corpus)
	if err != nil {
		return err
	}
	if *only != "" {
		var keep []eval.Simulation
		for _, s := range sims {
			if strings.Contains(strings.ToLower(s.Name+" "+s.Title), strings.ToLower(*only)) {
				keep = append(keep, s)
			}
		}
		sims = keep
	}
	rep, err := eval.Evaluate(ctx, d, *corpus, sims, ingest.Normalize, llm)
	if err != nil {
		return err
	}
	if llm == nil {
		rep.LLMAnalyst = llmStatus
	}
	if err := rep.WriteTable(stdout, *verbose); err != nil {
		return err
	}
	if llm == nil {
		fmt.Fprintf(stdout, "LLM analyst: %s; the scores above are the rules' alone\n", llmStatus)
	}
	if *verbose {
		for _, s := range rep.Simulations {
			fmt.Fprintf(stdout, "\n%s %s found=%v\n", s.Name, s.Title, s.Found)
			for _, t := range s.FindingTitles {
				fmt.Fprintln(stdout, "   ", t)
			}
			if s.LLM != nil {
				fmt.Fprintf(stdout, "    rules+LLM found=%v (LLM: %v)\n", s.LLM.Found, s.LLM.Techniques)
			}
		}
	}
	if *jsonOut != "" {
		data, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return fmt.Errorf("encode report: %w", err)
		}
		if err := os.WriteFile(*jsonOut, append(data, '\n'), 0o644); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	return nil
}

// llmAnalyst sets up the LLM analyst when the environment configures one
// and --no-llm does not turn it off; otherwise it says why there is none.
// A configuration that is present but invalid is an error, not a silent
// rules-only run.
func llmAnalyst(getenv func(string) string, disabled, verbose bool, stderr io.Writer) (*eval.LLM, string, error) {
	if disabled {
		return nil, "disabled (--no-llm)", nil
	}
	cfg, ok := openai.ConfigFromEnv(getenv)
	if !ok {
		return nil, "not configured (set OPENAI_API_KEY, OPENAI_BASE_URL for a local endpoint, or AZURE_OPENAI_*)", nil
	}
	// Failed calls are counted in the report; the log says why as they
	// happen. -v adds every call.
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelInfo
	}
	a, err := openai.New(cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})))
	if err != nil {
		return nil, "", fmt.Errorf("LLM analyst: %w", err)
	}
	return &eval.LLM{Reasoner: a, Catalogue: attack.Default()}, a.Name(), nil
}

// detector loads the rules and says on stderr what loaded: the count by
// level, and every rule that did not load.
func detector(src ruleset.Source, filter ruleset.Filter, stderr io.Writer) (*detect.Detector, error) {
	loaded, err := ruleset.Load(src, filter)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	for _, e := range loaded.Errors {
		log.Warn("rule not loaded", "path", e.Path, "err", e.Err)
	}
	log.Info("rules loaded", "summary", loaded.Summary())
	if len(loaded.Rules.Rules()) == 0 {
		return nil, errors.New("no rules to evaluate")
	}
	return detect.New(loaded.Rules, detect.Options{}), nil
}
