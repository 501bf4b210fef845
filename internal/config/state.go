package config

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Secret is a configuration value that must never be printed: String,
// GoString and LogValue redact it, so a logged or printed Config does not
// leak it. Use string(s) where the value is needed.
type Secret string

const redacted = "[redacted]"

// String implements fmt.Stringer.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer.
func (s Secret) GoString() string { return s.String() }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText redacts the value in JSON and other text encodings.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// redisEnabled is VALKEY_ENABLED when set, else whether VALKEY_HOST is.
func redisEnabled(e *env) bool {
	if strings.TrimSpace(e.getenv("VALKEY_ENABLED")) != "" {
		return e.bool("VALKEY_ENABLED")
	}
	return strings.TrimSpace(e.getenv("VALKEY_HOST")) != ""
}

func (c Config) validateState() error {
	switch {
	case c.DatabaseURL == "" && strings.TrimSpace(c.DatabasePath) == "":
		return fmt.Errorf("DATABASE_PATH is empty and DATABASE_URL unset: set one of them")
	case c.DatabaseURL != "" && !strings.HasPrefix(string(c.DatabaseURL), "postgres://") && !strings.HasPrefix(string(c.DatabaseURL), "postgresql://"):
		return fmt.Errorf("DATABASE_URL must start with postgres:// or postgresql://")
	case c.RedisPort < 1 || c.RedisPort > 65535:
		return fmt.Errorf("VALKEY_PORT %d: must be 1..65535", c.RedisPort)
	case c.RedisDB < 0:
		return fmt.Errorf("VALKEY_DB %d: must be 0 or more", c.RedisDB)
	case c.CacheTTL < time.Second:
		return fmt.Errorf("VALKEY_DEFAULT_TTL %s: must be at least 1s", c.CacheTTL)
	case c.SecretKey != "" && len(c.SecretKey) < 32:
		return fmt.Errorf("SECRET_KEY has %d characters: use at least 32 random ones, or unset it to have one generated and stored", len(c.SecretKey))
	case c.APIKeyCacheTTL < 0 || c.APIKeyCacheTTL > 2*time.Second:
		return fmt.Errorf("API_KEY_CACHE_TTL %s: must be 0..2s (deactivated keys must stop within seconds)", c.APIKeyCacheTTL)
	case c.LoginMaxFailures < 1:
		return fmt.Errorf("LOGIN_MAX_FAILURES %d: must be at least 1", c.LoginMaxFailures)
	case c.LoginLockout < time.Second:
		return fmt.Errorf("LOGIN_LOCKOUT %s: must be at least 1s", c.LoginLockout)
	case c.CostGPUHourPrice < 0:
		return fmt.Errorf("COST_GPU_HOUR_PRICE %g: must be 0 or more", c.CostGPUHourPrice)
	case c.CostTokensPerSecond <= 0:
		return fmt.Errorf("COST_GPU_TOKENS_PER_SECOND %g: must be more than 0", c.CostTokensPerSecond)
	case c.CostPromptWeight < 0:
		return fmt.Errorf("COST_PROMPT_TOKEN_WEIGHT %g: must be 0 or more", c.CostPromptWeight)
	}
	return nil
}
