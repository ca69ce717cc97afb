// Command gen turns an ATT&CK Enterprise STIX 2.0 bundle into the Go tables
// of package attack (catalogue_gen.go).
//
// It reads the same object shapes as the official enterprise-attack.json:
// attack-pattern, x-mitre-tactic, x-mitre-matrix, course-of-action,
// x-mitre-collection and the mitigates, subtechnique-of and revoked-by
// relationships. Everything else in the bundle is ignored.
//
// Usage (from the attack package directory, see go:generate in catalogue.go):
//
//	go run ./internal/gen -in bundle.json -out catalogue_gen.go [-version 18.1]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

// config is what one run of the generator needs.
type config struct {
	in, out string
	// version overrides the ATT&CK version read from the bundle's
	// x-mitre-collection; bundles cut down from the release (like the shared
	// subset) lack that object.
	version string
	pkg     string
}

func parseArgs(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.in, "in", "", "ATT&CK Enterprise STIX 2.0 bundle to read")
	fs.StringVar(&c.out, "out", "", "Go file to write")
	fs.StringVar(&c.version, "version", "", "ATT&CK version (default: from the bundle's x-mitre-collection)")
	fs.StringVar(&c.pkg, "pkg", "attack", "package name of the generated file")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.in == "" || c.out == "" {
		return config{}, fmt.Errorf("-in and -out are required")
	}
	return c, nil
}

func main() {
	c, err := parseArgs(os.Args[1:], os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	src, err := generate(c)
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.out, src, 0o644); err != nil {
		return fmt.Errorf("write generated catalogue: %w", err)
	}
	return nil
}

// generate reads the bundle named by c and returns the formatted Go source.
func generate(c config) ([]byte, error) {
	f, err := os.Open(c.in)
	if err != nil {
		return nil, fmt.Errorf("open bundle: %w", err)
	}
	defer f.Close()
	objs, err := decodeBundle(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", c.in, err)
	}
	m, err := build(objs, c.version)
	if err != nil {
		return nil, fmt.Errorf("build catalogue from %s: %w", c.in, err)
	}
	return render(m, c.pkg, c.in)
}
