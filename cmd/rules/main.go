// Command rules manages Sigma rule sets: lint a folder, list what loads,
// update a folder from a SigmaHQ release, and measure ATT&CK coverage.
//
//	rules check DIR [--json FILE]
//	rules list [--rules DIR | --rules-only DIR] [--min-level L] [--status S,...] [-v]
//	rules update --dir DIR [--url URL]
//	rules coverage [--rules DIR | --rules-only DIR] [--min-level L] [--status S,...] [--layer FILE] [--json FILE]
//
// check exits 1 when the folder has errors (rules that do not load,
// duplicate IDs, unknown or revoked ATT&CK tags); warnings do not fail it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/huntflow/huntflow/attack"
	"github.com/huntflow/huntflow/ruleset"
)

const usage = `usage:
  rules check DIR [--json FILE]
  rules list [--rules DIR | --rules-only DIR] [--min-level L] [--status S,...] [-v]
  rules update --dir DIR [--url URL]
  rules coverage [--rules DIR | --rules-only DIR] [--min-level L] [--status S,...] [--layer FILE] [--json FILE]`

// errFailed is a check that found errors: already reported, exit 1.
var errFailed = errors.New("check failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errFailed):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "rules:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return errors.New("no subcommand")
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet("rules "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch cmd {
	case "check":
		return check(fs, args, stdout)
	case "list":
		return list(fs, args, stdout)
	case "update":
		return update(ctx, fs, args, stdout)
	case "coverage":
		return coverage(fs, args, stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return fmt.Errorf("unknown subcommand %q", cmd)
}

// parse parses flags that may come before or after the positional
// arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func check(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	jsonOut := fs.String("json", "", "also write the problems as JSON to this file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("check: want one rule folder")
	}
	rep, err := ruleset.Check(pos[0], attack.Default())
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, p)
	}
	fmt.Fprintf(stdout, "%d rules, %d correlations loaded; %d errors, %d warnings\n",
		rep.Rules, rep.Correlations, rep.Errors(), len(rep.Problems)-rep.Errors())
	if err := writeJSON(*jsonOut, rep); err != nil {
		return err
	}
	if rep.Errors() > 0 {
		return errFailed
	}
	return nil
}

// ruleFlags are the flags that choose and filter rules.
type ruleFlags struct {
	rules, rulesOnly, minLevel, status *string
}

func addRuleFlags(fs *flag.FlagSet) ruleFlags {
	return ruleFlags{
		rules:     fs.String("rules", "", "rule folder loaded on top of the shipped rules"),
		rulesOnly: fs.String("rules-only", "", "rule folder loaded without the shipped rules"),
		minLevel:  fs.String("min-level", "", "leave out rules below this level"),
		status:    fs.String("status", "", "comma-separated statuses to keep, or all (default: "+strings.Join(ruleset.DefaultStatuses, ",")+")"),
	}
}

func (f ruleFlags) load(stdout io.Writer) (*ruleset.Loaded, error) {
	if *f.rules != "" && *f.rulesOnly != "" {
		return nil, errors.New("--rules and --rules-only exclude each other")
	}
	filter, err := ruleset.ParseFilter(*f.minLevel, *f.status)
	if err != nil {
		return nil, err
	}
	src := ruleset.Source{Shipped: *f.rulesOnly == ""}
	for _, d := range []string{*f.rules, *f.rulesOnly} {
		if d != "" {
			src.Dirs = append(src.Dirs, d)
		}
	}
	loaded, err := ruleset.Load(src, filter)
	if err != nil {
		return nil, err
	}
	if n := len(loaded.Errors); n > 0 {
		fmt.Fprintf(stdout, "%d rule files or documents did not load (rules check DIR names them)\n", n)
	}
	return loaded, nil
}

func list(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	rf := addRuleFlags(fs)
	verbose := fs.Bool("v", false, "list every rule")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("list: unexpected arguments %q", pos)
	}
	loaded, err := rf.load(stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "filter: %s; %d rules left out\n", loaded.Filter, loaded.Excluded)
	l := ruleset.List(loaded.Rules)
	if *verbose {
		return l.Write(stdout, loaded.Rules.Rules())
	}
	return l.Write(stdout, nil)
}

func update(ctx context.Context, fs *flag.FlagSet, args []string, stdout io.Writer) error {
	dir := fs.String("dir", "", "rule folder to replace (created when missing)")
	url := fs.String("url", ruleset.DefaultReleaseURL, "release zip to download")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("update: unexpected arguments %q", pos)
	}
	if *dir == "" {
		return errors.New("update: --dir is required")
	}
	res, err := ruleset.Update(ctx, ruleset.UpdateOptions{Dir: *dir, URL: *url})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "installed %s into %s: %d files, %d rules and %d correlations load, %d files or documents do not (rules check %s names them)\n",
		res.URL, *dir, res.Files, res.Rules, res.Correlations, res.LoadErrors, *dir)
	return nil
}

func coverage(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	rf := addRuleFlags(fs)
	layer := fs.String("layer", "", "write an ATT&CK Navigator layer scored by rule count to this file")
	jsonOut := fs.String("json", "", "write the coverage as JSON to this file")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("coverage: unexpected arguments %q", pos)
	}
	loaded, err := rf.load(stdout)
	if err != nil {
		return err
	}
	cat := attack.Default()
	rep := ruleset.Coverage(loaded.Rules, cat)
	if err := rep.Write(stdout); err != nil {
		return err
	}
	if *layer != "" {
		data, err := rep.Layer(cat, "huntflow rule coverage")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*layer, append(data, '\n'), 0o644); err != nil {
			return fmt.Errorf("write layer: %w", err)
		}
	}
	return writeJSON(*jsonOut, rep)
}

func writeJSON(path string, v any) error {
	if path == "" {
		return nil
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
