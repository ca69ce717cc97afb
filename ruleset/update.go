package ruleset

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/huntflow/huntflow/sigma"
)

// DefaultReleaseURL is SigmaHQ's latest core rule package (stable and test
// rules of level high and critical), the package SigmaHQ recommends to
// start with.
const DefaultReleaseURL = "https://github.com/SigmaHQ/sigma/releases/latest/download/sigma_core.zip"

// Limits of an update, so that a wrong URL or a hostile archive cannot fill
// the disk. SigmaHQ's packages are a few MB.
const (
	DefaultMaxDownload = 256 << 20
	DefaultMaxUnpacked = 1 << 30
)

// UpdateOptions configure Update.
type UpdateOptions struct {
	// Dir is the rule folder to replace; its parent must exist.
	Dir string
	// URL is the release zip (DefaultReleaseURL when empty).
	URL string
	// Client downloads it (http.DefaultClient when nil).
	Client *http.Client
	// MinRules is how many rules the package must load to be accepted
	// (1 when 0).
	MinRules int
	// MaxDownload and MaxUnpacked cap the archive and its content (the
	// defaults when 0).
	MaxDownload, MaxUnpacked int64
}

// UpdateResult says what an update installed.
type UpdateResult struct {
	URL   string `json:"url"`
	Files int    `json:"files"`
	Rules int    `json:"rules"`
	// LoadErrors are the package's rule files that do not load in
	// huntflow's engine; they stay in the folder and are reported whenever
	// it is loaded.
	LoadErrors   int `json:"load_errors"`
	Correlations int `json:"correlations"`
}

// Update downloads a Sigma rule package, unpacks it into a hidden sibling
// of opts.Dir, checks that it holds rules that load, and swaps it in with
// a rename, so that readers of Dir see the old rules or the new ones and
// never a half-written folder. On any failure Dir is left as it was.
func Update(ctx context.Context, opts UpdateOptions) (UpdateResult, error) {
	if opts.URL == "" {
		opts.URL = DefaultReleaseURL
	}
	if opts.Client == nil {
		opts.Client = http.DefaultClient
	}
	if opts.MinRules <= 0 {
		opts.MinRules = 1
	}
	if opts.MaxDownload <= 0 {
		opts.MaxDownload = DefaultMaxDownload
	}
	if opts.MaxUnpacked <= 0 {
		opts.MaxUnpacked = DefaultMaxUnpacked
	}
	res := UpdateResult{URL: opts.URL}
	if opts.Dir == "" {
		return res, errors.New("update: no rule folder given")
	}
	dir := filepath.Clean(opts.Dir)
	parent := filepath.Dir(dir)
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return res, fmt.Errorf("update: %s is not a folder", dir)
	}

	archive, err := os.CreateTemp(parent, "."+filepath.Base(dir)+".download-*.zip")
	if err != nil {
		return res, fmt.Errorf("update: %w", err)
	}
	defer os.Remove(archive.Name())
	defer archive.Close()
	if err := download(ctx, opts.Client, opts.URL, archive, opts.MaxDownload); err != nil {
		return res, err
	}

	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".update-*")
	if err != nil {
		return res, fmt.Errorf("update: %w", err)
	}
	defer os.RemoveAll(tmp) // after a swap, the old rules
	if res.Files, err = unzip(archive.Name(), tmp, opts.MaxUnpacked); err != nil {
		return res, fmt.Errorf("update from %s: %w", opts.URL, err)
	}
	rs, lerrs, err := sigma.Load(os.DirFS(tmp), ".")
	if err != nil {
		return res, fmt.Errorf("update from %s: load the package: %w", opts.URL, err)
	}
	res.Rules, res.LoadErrors, res.Correlations = len(rs.Rules()), len(lerrs), len(rs.Correlations())
	if res.Rules < opts.MinRules {
		return res, fmt.Errorf("update from %s: the package holds %d rules that load (%d files, %d load errors), want at least %d; %s left as it was",
			opts.URL, res.Rules, res.Files, res.LoadErrors, opts.MinRules, dir)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return res, fmt.Errorf("update: %w", err)
	}
	if err := swapDir(tmp, dir); err != nil {
		return res, fmt.Errorf("update: install %s: %w", dir, err)
	}
	return res, nil
}

func download(ctx context.Context, client *http.Client, url string, dst *os.File, max int64) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("update: download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("update: download %s: %s", url, resp.Status)
	}
	n, err := io.Copy(dst, io.LimitReader(resp.Body, max+1))
	if err != nil {
		return fmt.Errorf("update: download %s: %w", url, err)
	}
	if n > max {
		return fmt.Errorf("update: download %s: larger than %d bytes", url, max)
	}
	return nil
}

// unzip extracts the regular files of a zip under dst, refusing entries
// that would land outside it and content beyond max bytes. Symbolic links
// and other special entries are skipped.
func unzip(path, dst string, max int64) (int, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return 0, fmt.Errorf("not a zip archive: %w", err)
	}
	defer zr.Close()
	var total int64
	files := 0
	for _, f := range zr.File {
		name := filepath.FromSlash(strings.TrimPrefix(f.Name, "/"))
		if !filepath.IsLocal(name) {
			return files, fmt.Errorf("entry %q is outside the package", f.Name)
		}
		target := filepath.Join(dst, name)
		mode := f.Mode()
		switch {
		case mode.IsDir():
			if err := os.MkdirAll(target, 0o755); err != nil {
				return files, err
			}
			continue
		case !mode.IsRegular():
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return files, err
		}
		n, err := extract(f, target, max-total)
		total += n
		if err != nil {
			return files, fmt.Errorf("entry %s: %w", f.Name, err)
		}
		files++
	}
	if files == 0 {
		return 0, errors.New("the archive holds no files")
	}
	return files, nil
}

func extract(f *zip.File, target string, budget int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.LimitReader(rc, budget+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > budget {
		err = errors.New("the package unpacks to more than the size limit")
	}
	return n, err
}
