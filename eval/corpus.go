package eval

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Simulation is one labelled attack simulation of an evaluation corpus: a
// metadata/*.yaml file in the OTRF Security-Datasets layout.
type Simulation struct {
	// Name is the metadata file name without extension.
	Name  string `json:"name"`
	Title string `json:"title"`
	// Labels are the labelled ATT&CK techniques, e.g. T1003.001.
	Labels []Label `json:"labels"`
	// Archives are the host log archives, relative to the corpus folder.
	Archives []string `json:"archives"`
}

// Label is one ground-truth technique of a simulation.
type Label struct {
	Technique string   `json:"technique"`
	Tactics   []string `json:"tactics,omitempty"`
}

// PreCompromise reports whether the label belongs only to tactics that
// happen before the adversary touches the host (resource development,
// reconnaissance) and so cannot be seen in host logs.
func (l Label) PreCompromise() bool {
	if len(l.Tactics) == 0 {
		return false
	}
	for _, t := range l.Tactics {
		if t != "TA0042" && t != "TA0043" {
			return false
		}
	}
	return true
}

type metadataFile struct {
	Title          string `yaml:"title"`
	AttackMappings []struct {
		Technique    string   `yaml:"technique"`
		SubTechnique any      `yaml:"sub-technique"`
		Tactics      []string `yaml:"tactics"`
	} `yaml:"attack_mappings"`
	Files []struct {
		Type string `yaml:"type"`
		Link string `yaml:"link"`
	} `yaml:"files"`
}

// LoadCorpus reads the simulations described by dir/metadata/*.yaml, sorted
// by name.
func LoadCorpus(dir string) ([]Simulation, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "metadata", "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("list metadata in %s: %w", dir, err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no metadata/*.yaml under %s", dir)
	}
	sort.Strings(paths)
	sims := make([]Simulation, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read simulation metadata: %w", err)
		}
		sim, err := ParseSimulation(strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)), data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		sims = append(sims, sim)
	}
	return sims, nil
}

// ParseSimulation reads one metadata document.
func ParseSimulation(name string, data []byte) (Simulation, error) {
	var m metadataFile
	if err := yaml.Unmarshal(data, &m); err != nil {
		return Simulation{}, fmt.Errorf("parse simulation metadata: %w", err)
	}
	sim := Simulation{Name: name, Title: m.Title}
	for _, am := range m.AttackMappings {
		id := strings.ToUpper(strings.TrimSpace(am.Technique))
		if id == "" {
			continue
		}
		if sub := subTechnique(am.SubTechnique); sub != "" {
			id += "." + sub
		}
		sim.Labels = append(sim.Labels, Label{Technique: id, Tactics: am.Tactics})
	}
	for _, f := range m.Files {
		if !strings.EqualFold(f.Type, "host") {
			continue
		}
		_, rel, ok := strings.Cut(f.Link, "/master/")
		if !ok || rel == "" {
			continue
		}
		// The link names a file inside the corpus; refuse anything that
		// would step outside it.
		rel = filepath.FromSlash(rel)
		if !filepath.IsLocal(rel) {
			return Simulation{}, fmt.Errorf("host archive %q is outside the corpus", f.Link)
		}
		sim.Archives = append(sim.Archives, rel)
	}
	return sim, nil
}

// subTechnique renders the sub-technique field, which YAML may give as
// "001", 1 or null.
func subTechnique(v any) string {
	switch s := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(s)
	case int:
		return fmt.Sprintf("%03d", s)
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// ReadArchive calls fn for each line of a JSON-lines log in a .zip, .tar.gz
// or plain file. Lines fn has seen stay seen when the archive turns out to
// be truncated: the error then reports how far reading got.
func ReadArchive(path string, fn func(line []byte) error) error {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".zip"):
		zr, err := zip.OpenReader(path)
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") || strings.HasPrefix(filepath.Base(f.Name), "._") {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return fmt.Errorf("open %s in %s: %w", f.Name, path, err)
			}
			err = readLines(rc, fn)
			rc.Close()
			if err != nil {
				return fmt.Errorf("read %s in %s: %w", f.Name, path, err)
			}
		}
		return nil
	case strings.HasSuffix(lower, ".tar.gz"), strings.HasSuffix(lower, ".tgz"):
		file, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		defer file.Close()
		gz, err := gzip.NewReader(bufio.NewReaderSize(file, 1<<20))
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		tr := tar.NewReader(gz)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("read %s: %w", path, err)
			}
			if h.Typeflag != tar.TypeReg || strings.HasPrefix(filepath.Base(h.Name), "._") {
				continue
			}
			if err := readLines(tr, fn); err != nil {
				return fmt.Errorf("read %s in %s: %w", h.Name, path, err)
			}
		}
	default:
		file, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		defer file.Close()
		if err := readLines(file, fn); err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		return nil
	}
}

// maxLine caps one log line; no Windows event comes near it.
const maxLine = 16 << 20

func readLines(r io.Reader, fn func([]byte) error) error {
	br := bufio.NewReaderSize(r, 256<<10)
	var long []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if len(long)+len(chunk) <= maxLine {
				long = append(long, chunk...)
			}
			continue
		}
		line := chunk
		if long != nil {
			line = append(long, chunk...)
			long = nil
		}
		if line = bytes.TrimSpace(line); len(line) > 0 && len(line) < maxLine {
			if ferr := fn(line); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
