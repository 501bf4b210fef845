package config

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, env map[string]string) (Config, error) {
	t.Helper()
	return Load(func(k string) string { return env[k] })
}

func TestStateDefaults(t *testing.T) {
	c := Default()
	if c.DatabasePath != "data/appencorrect.db" || c.DatabaseURL != "" || c.RedisEnabled || c.RedisPort != 6379 ||
		c.CacheTTL != time.Hour || c.APIKeyCacheTTL != 2*time.Second || !c.SessionCookieSecure || c.SecretKey != "" {
		t.Errorf("defaults %+v", c)
	}
}

func TestStateVars(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		check   func(Config) bool
		wantErr string
	}{
		{"host enables redis", map[string]string{"VALKEY_HOST": "cache"}, func(c Config) bool { return c.RedisEnabled && c.RedisHost == "cache" }, ""},
		{"explicit off wins", map[string]string{"VALKEY_HOST": "cache", "VALKEY_ENABLED": "false"}, func(c Config) bool { return !c.RedisEnabled }, ""},
		{"enabled without host", map[string]string{"VALKEY_ENABLED": "true"}, func(c Config) bool { return c.RedisEnabled && c.RedisHost == "" }, ""},
		{"ttl in seconds", map[string]string{"VALKEY_DEFAULT_TTL": "60"}, func(c Config) bool { return c.CacheTTL == time.Minute }, ""},
		{"postgres", map[string]string{"DATABASE_URL": "postgres://u:p@db/x"}, func(c Config) bool { return string(c.DatabaseURL) == "postgres://u:p@db/x" }, ""},
		{"bad database url", map[string]string{"DATABASE_URL": "mysql://x"}, nil, "DATABASE_URL"},
		{"short secret", map[string]string{"SECRET_KEY": "changeme"}, nil, "SECRET_KEY"},
		{"key cache too long", map[string]string{"API_KEY_CACHE_TTL": "10s"}, nil, "API_KEY_CACHE_TTL"},
		{"bad port", map[string]string{"VALKEY_PORT": "70000"}, nil, "VALKEY_PORT"},
		{"bad bool", map[string]string{"VALKEY_SSL": "maybe"}, nil, "VALKEY_SSL"},
		{"zero throughput", map[string]string{"COST_GPU_TOKENS_PER_SECOND": "0"}, nil, "COST_GPU_TOKENS_PER_SECOND"},
		{"negative price", map[string]string{"COST_GPU_HOUR_PRICE": "-1"}, nil, "COST_GPU_HOUR_PRICE"},
	}
	for _, tt := range tests {
		c, err := load(t, tt.env)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err %v, want one naming %s", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !tt.check(c) {
			t.Errorf("%s: %v %+v", tt.name, err, c)
		}
	}
}

// Secrets never print: not with %v, %+v, %#v, nor in logs.
func TestSecretRedacted(t *testing.T) {
	c, err := load(t, map[string]string{"SECRET_KEY": strings.Repeat("s3cr3t", 8), "VALKEY_PASSWORD": "hunter2hunter2",
		"DATABASE_URL": "postgres://u:dbpass@db/x"})
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "cfg", c, "secret", c.SecretKey)
	for _, out := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprint(c.SecretKey), logged.String()} {
		for _, secret := range []string{"s3cr3t", "hunter2", "dbpass"} {
			if strings.Contains(out, secret) {
				t.Errorf("%q leaks in %s", secret, out)
			}
		}
	}
}
