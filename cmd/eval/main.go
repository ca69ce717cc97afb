// Command eval measures the detector against a labelled attack corpus (OTRF
// Security-Datasets layout): for each simulation it normalises the host
// logs, runs the detector over one window covering them, and compares the
// ATT&CK techniques found with the labelled ones.
//
//	eval [--corpus ../shared/corpus] [--rules DIR] [--json eval.json] [--only NAME] [-v]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"

	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/ingest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
}

func run() error {
	corpus := flag.String("corpus", "../shared/corpus", "corpus folder with metadata/ and datasets/")
	rulesDir := flag.String("rules", "", "folder of extra Sigma rules loaded on top of the shipped ones")
	jsonOut := flag.String("json", "eval.json", "write the report as JSON to this file (empty: don't)")
	only := flag.String("only", "", "evaluate only simulations whose name or title contains this text")
	verbose := flag.Bool("v", false, "list each simulation's findings")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	d, err := detector(*rulesDir)
	if err != nil {
		return err
	}
	sims, err := detect.LoadCorpus(*corpus)
	if err != nil {
		return err
	}
	if *only != "" {
		var keep []detect.Simulation
		for _, s := range sims {
			if strings.Contains(strings.ToLower(s.Name+" "+s.Title), strings.ToLower(*only)) {
				keep = append(keep, s)
			}
		}
		sims = keep
	}
	rep, err := detect.Evaluate(ctx, d, *corpus, sims, ingest.Normalize)
	if err != nil {
		return err
	}
	if err := rep.WriteTable(os.Stdout); err != nil {
		return err
	}
	if *verbose {
		for _, s := range rep.Simulations {
			fmt.Printf("\n%s %s found=%v\n", s.Name, s.Title, s.Found)
			for _, t := range s.FindingTitles {
				fmt.Println("   ", t)
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

func detector(dir string) (*detect.Detector, error) {
	if dir == "" {
		return detect.Default()
	}
	d, lerrs, err := detect.FromDir(dir)
	for _, e := range lerrs {
		slog.Warn("rule not loaded", "path", e.Path, "err", e.Err)
	}
	return d, err
}
