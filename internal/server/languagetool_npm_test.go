package server

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"appencorrect/internal/auth"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/store/storetest"
)

// TestLTNPMClients runs real LanguageTool clients from the npm registry
// (tests/languagetool: language-grammar-api and languagetool-api) against
// this server's /v2 API with the fake engine: they must find the error
// after an emoji at its UTF-16 offset, and disabledRules must remove it;
// a word added to the key's list over /v2/words is not flagged in their
// checks sent with username and apiKey, until it is deleted.
// tests/languagetool/run-against-serve.sh runs the same clients against a
// real `appencorrect serve`.
//
// It needs node and npm. The npm packages are installed (npm ci) when they
// are missing. Without node or the packages the test is skipped, except in
// CI (CI set), where it fails.
func TestLTNPMClients(t *testing.T) {
	if testing.Short() {
		t.Skip("runs node")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "tests", "languagetool"))
	if err != nil {
		t.Fatal(err)
	}
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable("node is not installed (the npm client test needs Node.js 18 or later)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "languagetool-api")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			unavailable("npm is not installed and %s has no node_modules", dir)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			unavailable("npm ci in %s failed: %v\n%s", dir, err, out)
		}
	}

	// A store and keys, for the user's word lists (username + apiKey).
	st := storetest.SQLite(t)
	keys := auth.NewAuthenticator(st, auth.MaxCacheTTL)
	eng := &ltEngine{}
	srv := New(testConfig(), Deps{Pipeline: pipeline.New(eng, nil), Version: "test", Store: st, Auth: keys,
		LanguageTool: LanguageToolDeps{Auth: LTKeys{Auth: keys}}})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	key, _ := createKey(t, st, auth.NewKey{Name: "npm clients"})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "--test-reporter=spec", "clients.test.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LT_SERVER_URL="+ts.URL, "LT_API_KEY="+key)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm LanguageTool clients failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	if _, calls := eng.lastTag(); calls < 4 {
		t.Errorf("the engine was called %d times; the clients did not check through it", calls)
	}
}
