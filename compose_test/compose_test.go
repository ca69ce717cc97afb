// Package compose_test checks the docker-compose stack and the Dockerfile
// without a Docker engine: the compose file is loaded, validated against the
// compose specification and interpolated by compose-go, the library docker
// compose itself uses.
package compose_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"

	"github.com/huntflow/huntflow/app"
	"github.com/huntflow/huntflow/codec"
	"github.com/huntflow/huntflow/elastic"
	"github.com/huntflow/huntflow/openai"
)

const root = ".."

// load reads the compose files as `docker compose` would with the given
// shell environment and profiles.
func load(t *testing.T, env map[string]string, profiles []string, files ...string) (*types.Project, error) {
	t.Helper()
	dir, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	var cfs []types.ConfigFile
	for _, f := range files {
		cfs = append(cfs, types.ConfigFile{Filename: filepath.Join(dir, f)})
	}
	return loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  dir,
		ConfigFiles: cfs,
		Environment: env,
	}, loader.WithProfiles(profiles))
}

func mustLoad(t *testing.T, env map[string]string, profiles ...string) *types.Project {
	t.Helper()
	p, err := load(t, env, profiles, "docker-compose.yml")
	if err != nil {
		t.Fatalf("load docker-compose.yml: %v", err)
	}
	return p
}

// oneShot services run to completion; every other service runs for good.
var oneShot = map[string]bool{"temporal-schema": true, "temporal-admin-tools": true, "ingest": true, "ollama-pull": true}

func TestComposeServices(t *testing.T) {
	p := mustLoad(t, nil, "tools", "codec", "metrics")
	want := []string{"elasticsearch", "kibana", "postgresql", "temporal-schema", "temporal", "temporal-ui", "temporal-admin-tools", "worker", "ingest", "codec-server", "prometheus"}
	for _, name := range want {
		if _, ok := p.Services[name]; !ok {
			t.Errorf("service %s missing", name)
		}
	}
	for name, svc := range p.Services {
		if oneShot[name] {
			if svc.Restart == types.RestartPolicyAlways || svc.Restart == types.RestartPolicyUnlessStopped {
				t.Errorf("one-shot service %s restarts forever (%s)", name, svc.Restart)
			}
			continue
		}
		hc := svc.HealthCheck
		if hc == nil || hc.Disable || len(hc.Test) == 0 || hc.Test[0] == "NONE" {
			t.Errorf("long-running service %s has no healthcheck", name)
		}
		if svc.Restart != types.RestartPolicyUnlessStopped && svc.Restart != types.RestartPolicyAlways {
			t.Errorf("long-running service %s has restart policy %q", name, svc.Restart)
		}
	}
}

func TestComposeIngestIsATool(t *testing.T) {
	p := mustLoad(t, nil)
	if _, ok := p.Services["ingest"]; ok {
		t.Error("ingest runs without --profile tools")
	}
	if _, ok := p.DisabledServices["ingest"]; !ok {
		t.Error("ingest is not a service disabled by default")
	}
}

func TestComposePorts(t *testing.T) {
	p := mustLoad(t, nil)
	want := map[string]uint32{"elasticsearch": 9200, "kibana": 5601, "temporal": 7233, "temporal-ui": 8080}
	for name, port := range want {
		found := false
		for _, pc := range p.Services[name].Ports {
			if pc.Target == port && pc.Published == strconv.FormatUint(uint64(port), 10) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s does not publish port %d: %+v", name, port, p.Services[name].Ports)
		}
	}
}

func TestComposeDependencies(t *testing.T) {
	p := mustLoad(t, nil, "tools", "codec", "metrics")
	want := map[string]map[string]string{
		"kibana":               {"elasticsearch": types.ServiceConditionHealthy},
		"temporal-schema":      {"postgresql": types.ServiceConditionHealthy},
		"temporal":             {"postgresql": types.ServiceConditionHealthy, "temporal-schema": types.ServiceConditionCompletedSuccessfully},
		"prometheus":           {"worker": types.ServiceConditionHealthy},
		"temporal-admin-tools": {"temporal": types.ServiceConditionHealthy},
		"temporal-ui":          {"temporal": types.ServiceConditionHealthy},
		"worker": {
			"temporal":             types.ServiceConditionHealthy,
			"elasticsearch":        types.ServiceConditionHealthy,
			"temporal-admin-tools": types.ServiceConditionCompletedSuccessfully,
		},
		"ingest": {"elasticsearch": types.ServiceConditionHealthy},
	}
	for name, deps := range want {
		got := p.Services[name].DependsOn
		for dep, cond := range deps {
			if got[dep].Condition != cond {
				t.Errorf("%s depends on %s with %q, want %q", name, dep, got[dep].Condition, cond)
			}
		}
	}
	// No dependency may rest on a container merely having started: a
	// long-running one must be healthy, a one-shot must have succeeded.
	for name, svc := range p.Services {
		for dep, d := range svc.DependsOn {
			wantCond := types.ServiceConditionHealthy
			if oneShot[dep] {
				wantCond = types.ServiceConditionCompletedSuccessfully
			}
			if d.Condition != wantCond {
				t.Errorf("%s depends on %s with %q, want %q", name, dep, d.Condition, wantCond)
			}
		}
	}
}

// workerEnv lists the variables the worker reads (app.FromEnv,
// elastic.ConfigFromEnv, openai.ConfigFromEnv).
var workerEnv = map[string]bool{
	"TEMPORAL_ADDRESS": true, "TEMPORAL_NAMESPACE": true, "HUNTFLOW_TASK_QUEUE": true,
	"HUNTFLOW_STORE": true, "HUNTFLOW_DB": true, "HUNTFLOW_REPORTS": true, "HUNTFLOW_RULES": true,
	"HUNTFLOW_MIN_LEVEL": true, "HUNTFLOW_RULE_STATUS": true,
	"ELASTICSEARCH_URL": true, "ELASTICSEARCH_CLOUD_ID": true, "ELASTIC_API_KEY": true, "ELASTICSEARCH_API_KEY": true,
	"ELASTICSEARCH_USERNAME": true, "ELASTICSEARCH_PASSWORD": true, "ELASTICSEARCH_CA_CERT": true,
	"ELASTICSEARCH_INDEX": true, "ELASTICSEARCH_MAPPING": true,
	"OPENAI_API_KEY": true, "OPENAI_BASE_URL": true, "OPENAI_MODEL": true,
	"HUNTFLOW_LLM_CONTEXT_TOKENS": true, "HUNTFLOW_LLM_MAX_TOKENS": true, "HUNTFLOW_LLM_MAX_EVENTS": true,
	"HUNTFLOW_LLM_TIMEOUT": true, "HUNTFLOW_LLM_STEP_TIMEOUT": true, "HUNTFLOW_LLM_RESPONSE_FORMAT": true,
	"HUNTFLOW_LLM_CONCURRENCY": true, "HUNTFLOW_LLM_BUDGET": true, "HUNTFLOW_LLM_PRICE_PER_1K": true,
	"HUNTFLOW_METRICS_ADDR": true,
	codec.EnvKey:            true, codec.EnvKeyFile: true, codec.EnvKeyID: true, codec.EnvOldKeys: true, codec.EnvOldKeysFile: true,
}

func TestComposeWorkerEnvironment(t *testing.T) {
	tests := []struct {
		name      string
		shell     map[string]string
		wantKey   string
		wantModel string
	}{
		{"no key in the shell", nil, "", ""},
		{"key passed through", map[string]string{"OPENAI_API_KEY": "sk-test-123", "OPENAI_MODEL": "gpt-4.1-mini"}, "sk-test-123", "gpt-4.1-mini"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustLoad(t, tt.shell)
			for _, name := range []string{"worker", "ingest"} {
				svc, ok := p.Services[name]
				if !ok {
					svc = p.DisabledServices[name]
				}
				for k := range svc.Environment {
					if !workerEnv[k] {
						t.Errorf("%s sets %s, which huntflow does not read", name, k)
					}
				}
			}
			env := p.Services["worker"].Environment
			get := func(k string) string {
				if v := env[k]; v != nil {
					return *v
				}
				return ""
			}
			for k, want := range map[string]string{
				"TEMPORAL_ADDRESS":    "temporal:7233",
				"TEMPORAL_NAMESPACE":  "default",
				"HUNTFLOW_TASK_QUEUE": "huntflow",
				"HUNTFLOW_STORE":      "elasticsearch",
				"ELASTICSEARCH_URL":   "http://elasticsearch:9200",
				"OPENAI_API_KEY":      tt.wantKey,
				"OPENAI_MODEL":        tt.wantModel,
			} {
				if got := get(k); got != want {
					t.Errorf("worker %s = %q, want %q", k, got, want)
				}
			}
			cfg, ok := elastic.ConfigFromEnv(get)
			if !ok || cfg.Mapping.Name != "sysmon" || cfg.Index != elastic.DefaultIndex {
				t.Errorf("worker environment gives elastic config %v (ok %v)", cfg, ok)
			}
		})
	}
}

func TestComposeOpenAIOverride(t *testing.T) {
	files := []string{"docker-compose.yml", "deploy/compose.openai.yml"}
	if _, err := load(t, nil, nil, files...); err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("override without OPENAI_API_KEY: error %v, want one naming OPENAI_API_KEY", err)
	}
	p, err := load(t, map[string]string{"OPENAI_API_KEY": "sk-x"}, nil, files...)
	if err != nil {
		t.Fatal(err)
	}
	env := p.Services["worker"].Environment
	if *env["OPENAI_API_KEY"] != "sk-x" || *env["OPENAI_MODEL"] != "gpt-4o-mini" || *env["HUNTFLOW_STORE"] != "elasticsearch" {
		t.Errorf("merged worker environment: key %q model %q store %q", *env["OPENAI_API_KEY"], *env["OPENAI_MODEL"], *env["HUNTFLOW_STORE"])
	}
}

func TestComposeBuildsWorkerFromDockerfile(t *testing.T) {
	p := mustLoad(t, nil, "tools")
	dir, _ := filepath.Abs(root)
	for _, name := range []string{"worker", "ingest"} {
		b := p.Services[name].Build
		if b == nil {
			t.Errorf("%s has no build section", name)
			continue
		}
		if b.Context != dir || filepath.Base(b.Dockerfile) != "Dockerfile" {
			t.Errorf("%s builds %s with %s, want the repository root with its Dockerfile", name, b.Context, b.Dockerfile)
		}
	}
	if p.Services["worker"].Image != p.Services["ingest"].Image {
		t.Errorf("worker and ingest use different images")
	}
}

func TestComposeVolumesAndFiles(t *testing.T) {
	p := mustLoad(t, nil, "tools")
	named := map[string]string{"elasticsearch": "/usr/share/elasticsearch/data", "postgresql": "/var/lib/postgresql/data"}
	for name, target := range named {
		found := false
		for _, v := range p.Services[name].Volumes {
			if v.Type == types.VolumeTypeVolume && v.Target == target {
				if _, ok := p.Volumes[v.Source]; !ok {
					t.Errorf("%s mounts undeclared volume %s", name, v.Source)
				}
				found = true
			}
		}
		if !found {
			t.Errorf("%s keeps %s in no named volume", name, target)
		}
	}
	// Every file the stack mounts from the repository exists.
	for name, svc := range p.Services {
		for _, v := range svc.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				t.Errorf("%s mounts %s: %v", name, v.Source, err)
			}
		}
	}
}

func TestComposeHasNoVersionKey(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := yaml.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	if _, ok := top["version"]; ok {
		t.Error("docker-compose.yml has the obsolete version key")
	}
}

// stage is one FROM … stage of a Dockerfile, its instructions joined across
// line continuations.
type stage struct {
	from         string
	instructions []string
}

func readDockerfile(t *testing.T) []stage {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		stages []stage
		cur    strings.Builder
		args   = map[string]string{} // ARGs before the first FROM
	)
	flush := func() {
		line := strings.TrimSpace(cur.String())
		cur.Reset()
		if line == "" {
			return
		}
		if a, ok := strings.CutPrefix(line, "ARG "); ok && len(stages) == 0 {
			k, v, _ := strings.Cut(a, "=")
			args[strings.TrimSpace(k)] = strings.TrimSpace(v)
			return
		}
		if strings.HasPrefix(strings.ToUpper(line), "FROM ") {
			from := os.Expand(strings.TrimSpace(line[5:]), func(k string) string { return args[k] })
			stages = append(stages, stage{from: from})
			return
		}
		if len(stages) > 0 {
			stages[len(stages)-1].instructions = append(stages[len(stages)-1].instructions, line)
		}
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			continue
		}
		if l, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(l + " ")
			continue
		}
		cur.WriteString(line)
		flush()
	}
	flush()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return stages
}

func TestDockerfile(t *testing.T) {
	stages := readDockerfile(t)
	if len(stages) < 2 {
		t.Fatalf("Dockerfile has %d stages, want a multi-stage build", len(stages))
	}
	build := stages[0]
	if !strings.HasPrefix(build.from, "golang:1.26") {
		t.Errorf("build stage FROM %s, want golang:1.26", build.from)
	}
	joined := strings.Join(build.instructions, "\n")
	for _, want := range []string{"CGO_ENABLED=0", "./worker", "./starter", "./cmd/ingest", "./cmd/codec-server"} {
		if !strings.Contains(joined, want) {
			t.Errorf("build stage lacks %s", want)
		}
	}

	final := stages[len(stages)-1]
	var user string
	for _, ins := range final.instructions {
		if k, v, _ := strings.Cut(ins, " "); strings.EqualFold(k, "USER") {
			user = strings.TrimSpace(v)
		}
	}
	name, _, _ := strings.Cut(user, ":")
	if user == "" || name == "root" || name == "0" {
		t.Errorf("final stage runs as %q, want a non-root USER", user)
	}
	if !slices.ContainsFunc(final.instructions, func(s string) bool { return strings.HasPrefix(s, "COPY --from=build") }) {
		t.Error("final stage does not copy the binaries from the build stage")
	}
}

// TestComposeOllamaProfile checks the local-model recipe: the server's
// context holds huntflow's prompts, the model pulled is the one the worker
// asks for, and the worker's settings give a keyless LLM analyst.
func TestComposeOllamaProfile(t *testing.T) {
	shell := map[string]string{"OPENAI_BASE_URL": "http://ollama:11434/v1", "OPENAI_MODEL": "qwen2.5:7b-instruct"}
	p := mustLoad(t, shell, "ollama")
	ollama, ok := p.Services["ollama"]
	if !ok {
		t.Fatal("no ollama service under the ollama profile")
	}
	if v := ollama.Environment["OLLAMA_CONTEXT_LENGTH"]; v == nil || *v != strconv.Itoa(openai.DefaultContextTokens) {
		t.Errorf("OLLAMA_CONTEXT_LENGTH = %v, want huntflow's context of %d", v, openai.DefaultContextTokens)
	}
	pull := p.Services["ollama-pull"]
	if got := strings.Join(pull.Command, " "); got != "pull qwen2.5:7b-instruct" {
		t.Errorf("ollama-pull runs %q, want the worker's model pulled", got)
	}
	if d, ok := p.Services["worker"].DependsOn["ollama-pull"]; !ok || d.Condition != types.ServiceConditionCompletedSuccessfully {
		t.Errorf("the worker does not wait for the model pull: %+v", p.Services["worker"].DependsOn)
	}
	env := p.Services["worker"].Environment
	get := func(k string) string {
		if v := env[k]; v != nil {
			return *v
		}
		return ""
	}
	cfg, ok := openai.ConfigFromEnv(get)
	if !ok || cfg.Model != "qwen2.5:7b-instruct" {
		t.Fatalf("worker LLM config %v (ok %v): want the local model without a key", cfg, ok)
	}
	if c := app.FromEnv(get); c.EnvErr != nil {
		t.Errorf("worker LLM settings do not parse: %v", c.EnvErr)
	}
	if _, err := openai.New(cfg, nil); err != nil {
		t.Errorf("the worker's LLM settings are refused: %v", err)
	}
	// Without the profile, no model server runs and nothing waits for one.
	if _, ok := mustLoad(t, nil).Services["ollama"]; ok {
		t.Error("ollama runs without --profile ollama")
	}
}
