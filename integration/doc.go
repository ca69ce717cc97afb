// Package integration runs whole hunts through a real Temporal dev server
// (the `temporal` CLI) against the embedded store loaded with the bundled
// OTRF dataset. The tests need the CLI: they find it through
// HUNTFLOW_TEMPORAL_CLI, PATH or $(go env GOPATH)/bin; without it they skip,
// except in CI (CI=true), where a missing CLI is a failure.
package integration
