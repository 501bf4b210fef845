// Package config reads AppenCorrect's configuration from environment
// variables. Every variable is listed once, in Vars, with its default and a
// description; `appencorrect help env` prints that table.
package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Var describes one environment variable.
type Var struct {
	Name        string
	Default     string
	Description string
}

// Vars is the table of every environment variable the service reads.
var Vars = []Var{
	{"PORT", "5006", "HTTP port of `serve` (FLASK_PORT is read too, for the original's deployments)"},
	{"FLASK_PORT", "", "alias of PORT kept from the original service"},
	{"HOST", "0.0.0.0", "address `serve` listens on (FLASK_HOST is read too)"},
	{"FLASK_HOST", "", "alias of HOST kept from the original service"},
	{"DEMO_RATE_LIMIT", "30", "requests per minute per client address on the /demo endpoints; 0 turns the limit off (load tests)"},
	{"HEALTH_DETAIL_CIDRS", "", "comma-separated CIDRs of clients that may read /health?detail=1 (endpoint states, error texts) without an admin key; empty: admin keys only"},
	{"TRUSTED_PROXIES", "", "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed; empty: none"},
	{"MAX_TEXT_LENGTH", "10000", "longest text accepted, in characters (Unicode code points)"},
	{"MAX_BODY_BYTES", "262144", "largest request body accepted, in bytes"},
	{"REQUEST_TIMEOUT", "30s", "deadline of one check request"},
	{"SHUTDOWN_TIMEOUT", "25s", "how long SIGTERM waits for requests in flight"},
	{"LOG_LEVEL", "info", "debug, info, warn or error"},
	{"LOG_FORMAT", "json", "json or text"},
	{"METRICS_ENABLED", "true", "serve Prometheus metrics at /metrics (false turns the route and the counting off)"},
	{"METRICS_ADDR", "", "HOST:PORT of a separate listener for /metrics (the Helm chart uses :9090); empty: /metrics is on the main port"},
	{"METRICS_TOKEN", "", "when set, /metrics requires Authorization: Bearer <token> wherever it is served"},
	{"DATABASE_PATH", "data/appencorrect.db", "SQLite file for keys, usage, feedback, instructions and accounts (one process only)"},
	{"DATABASE_URL", "", "PostgreSQL connection string (postgres://user:pass@host/db); when set, used instead of DATABASE_PATH (several replicas)"},
	{"VALKEY_ENABLED", "", "use Redis/Valkey for the shared result cache and rate limits; unset: on when VALKEY_HOST is set"},
	{"VALKEY_HOST", "", "Redis/Valkey host (default localhost when VALKEY_ENABLED=true)"},
	{"VALKEY_PORT", "6379", "Redis/Valkey port"},
	{"VALKEY_DB", "0", "Redis/Valkey database number"},
	{"VALKEY_PASSWORD", "", "Redis/Valkey password (AUTH)"},
	{"VALKEY_SSL", "false", "connect to Redis/Valkey over TLS, verifying its certificate"},
	{"VALKEY_CA_FILE", "", "PEM file of the CA that signed the Redis/Valkey certificate (default: the system roots)"},
	{"VALKEY_DEFAULT_TTL", "3600", "lifetime of cached results, in seconds or as a duration"},
	{"SECRET_KEY", "", "server secret (CSRF tokens), at least 32 characters; unset: one is generated once and stored in the database"},
	{"SESSION_COOKIE_SECURE", "true", "mark the admin session cookie Secure (HTTPS only; browsers also accept it on http://localhost)"},
	{"API_KEY_CACHE_TTL", "2s", "how long a replica caches an API key lookup (at most 2s): a deactivation reaches every replica within it"},
	{"LOGIN_MAX_FAILURES", "5", "failed logins of one user name from one client address that lock that pair (other addresses can still log in)"},
	{"LOGIN_LOCKOUT", "15m", "first lock of a (user name, address) pair; each further lock doubles, up to 24h"},
	{"COST_GPU_HOUR_PRICE", "0.80", "price of one GPU hour in USD, for /api/cost-analytics"},
	{"COST_GPU_TOKENS_PER_SECOND", "1500", "output tokens one GPU generates per second at the usual batch size (measure with `appencorrect loadtest`)"},
	{"COST_PROMPT_TOKEN_WEIGHT", "0.1", "GPU time of one prompt token relative to one output token (prefill is batched and cheap)"},
	// Model engine (issue 3).
	{"VLLM_URL", "", "vLLM (or any OpenAI-compatible server) base URL; several separated by commas; an http host name is resolved to every replica (Kubernetes headless Service). Set: the LLM engine answers, the built-in engine is the fallback"},
	{"VLLM_MODEL", "Qwen/Qwen2.5-7B-Instruct", "model name sent to VLLM_URL"},
	{"VLLM_API_KEY", "", "bearer token for VLLM_URL (vllm serve --api-key)"},
	{"VLLM_MAX_MODEL_LEN", "", "the server's context in tokens; unset: read from /v1/models (vLLM's max_model_len). `vllm args|serve` pass it as --max-model-len (default 4096)"},
	{"VLLM_MAX_NUM_SEQS", "0", "requests in flight per endpoint, the server's --max-num-seqs; 0 learns it from /metrics; -1 no cap. `vllm args|serve` pass it as --max-num-seqs (default 64)"},
	{"VLLM_TIMEOUT", "20s", "deadline of one model call attempt"},
	{"VLLM_CONNECT_TIMEOUT", "2s", "deadline of connecting to a model endpoint"},
	{"VLLM_RETRIES", "2", "retries of a failed model call, on another endpoint when there is one (-1: none)"},
	{"VLLM_QUEUE_SIZE", "4096", "requests waiting for a free endpoint; beyond: 503 with Retry-After"},
	{"VLLM_QUEUE_TIMEOUT", "10s", "longest wait for a free endpoint; then 503 with Retry-After"},
	{"VLLM_POLL_INTERVAL", "1s", "how often each endpoint's /health and /metrics are read"},
	{"VLLM_DNS_REFRESH", "30s", "how often VLLM_URL host names are resolved again; -1s: never expand names"},
	{"LLM_OUTPUT", "text", "what the model is asked to return: text (the corrected text, fewest tokens) or json (response_format json_schema)"},
	{"LLM_FALLBACK", "builtin", "engine that answers when the model fails: builtin, or none (fail with 503)"},
	{"OPENAI_API_KEY", "", "use the OpenAI API (when VLLM_URL is unset)"},
	{"OPENAI_MODEL", "gpt-4o-mini", "model for OPENAI_API_KEY"},
	{"OPENAI_BASE_URL", "https://api.openai.com/v1", "base URL for OPENAI_API_KEY"},
	{"GEMINI_API_KEY", "", "use Gemini's OpenAI-compatible API (when VLLM_URL and OPENAI_API_KEY are unset)"},
	{"GEMINI_MODEL", "gemini-2.0-flash", "model for GEMINI_API_KEY"},
	{"GEMINI_BASE_URL", "https://generativelanguage.googleapis.com/v1beta/openai/", "base URL for GEMINI_API_KEY"},
	{"CHUNK_SIZE", "1200", "longest piece of a text sent to the model in one call, in characters; longer texts are split at paragraphs, then sentences"},
	{"CHUNK_CONCURRENCY", "4", "chunks of one request sent to the model at once"},
	{"CACHE_MAX_BYTES", "67108864", "size of the in-memory result cache (used when Redis/Valkey is off)"},
	// `appencorrect vllm args|serve|doctor` (the vLLM server's command line).
	{"GPU_MEMORY_UTILIZATION", "0.85", "`vllm`: vLLM --gpu-memory-utilization, the share of GPU memory vLLM takes"},
	{"VLLM_MAX_NUM_BATCHED_TOKENS", "8192", "`vllm`: vLLM --max-num-batched-tokens"},
	{"VLLM_PORT", "8000", "`vllm serve`: port of the vLLM server it starts"},
	{"VLLM_SPECULATIVE_NGRAM", "", "`vllm`: true or false turns n-gram (prompt lookup) speculative decoding on or off"},
	{"HF_HOME", "", "`vllm doctor`: Hugging Face cache root where the weights are looked for (default ~/.cache/huggingface)"},
	{"HF_HUB_CACHE", "", "`vllm doctor`: Hugging Face hub cache directory (overrides HF_HOME/hub)"},
	{"HF_HUB_OFFLINE", "", "`vllm doctor`: 1 or true means vLLM may not download, so the weights must be present"},
	{"XDG_CACHE_HOME", "", "`vllm doctor`: base of the default Hugging Face cache (~/.cache when unset)"},
	{"PATH", "", "`vllm serve|doctor`: where the vllm and nvidia-smi commands are looked for"},
	{"HOME", "", "`vllm serve|doctor`: the user's home, for the default caches"},
	// `appencorrect loadtest`.
	{"APPENCORRECT_API_KEY", "", "`loadtest`: API key sent to /check (same as --api-key)"},
}

// Config is the parsed configuration.
type Config struct {
	Host           string
	Port           int
	DemoRateLimit  int
	TrustedProxies []netip.Prefix
	// HealthDetailCIDRs may read /health?detail=1 without an admin key.
	HealthDetailCIDRs []netip.Prefix
	MaxTextLength     int
	MaxBodyBytes      int64
	RequestTimeout    time.Duration
	ShutdownTimeout   time.Duration
	LogLevel          string
	LogFormat         string
	// MetricsEnabled serves /metrics and counts requests.
	MetricsEnabled bool
	// MetricsAddr, when set, serves /metrics on its own listener only.
	MetricsAddr string
	// MetricsToken, when set, is required as a bearer token on /metrics.
	MetricsToken Secret
	// State and shared services (issue 4).
	DatabasePath        string
	DatabaseURL         Secret
	RedisEnabled        bool
	RedisHost           string
	RedisPort           int
	RedisDB             int
	RedisPassword       Secret
	RedisTLS            bool
	RedisCAFile         string
	CacheTTL            time.Duration
	SecretKey           Secret
	SessionCookieSecure bool
	APIKeyCacheTTL      time.Duration
	LoginMaxFailures    int
	LoginLockout        time.Duration
	CostGPUHourPrice    float64
	CostTokensPerSecond float64
	CostPromptWeight    float64
	// Model engine (issue 3).
	LLM LLMConfig
}

// Addr returns the listen address.
func (c Config) Addr() string { return fmt.Sprintf("%s:%d", c.Host, c.Port) }

// Load reads the configuration through getenv (os.Getenv in main, a map in
// tests). Invalid values are errors naming the variable.
func Load(getenv func(string) string) (Config, error) {
	e := env{getenv: getenv}
	c := Config{
		Host:              e.str("HOST", "FLASK_HOST"),
		Port:              e.int("PORT", "FLASK_PORT"),
		DemoRateLimit:     e.int("DEMO_RATE_LIMIT"),
		TrustedProxies:    e.prefixes("TRUSTED_PROXIES"),
		HealthDetailCIDRs: e.prefixes("HEALTH_DETAIL_CIDRS"),
		MaxTextLength:     e.int("MAX_TEXT_LENGTH"),
		MaxBodyBytes:      int64(e.int("MAX_BODY_BYTES")),
		RequestTimeout:    e.duration("REQUEST_TIMEOUT"),
		ShutdownTimeout:   e.duration("SHUTDOWN_TIMEOUT"),
		LogLevel:          e.str("LOG_LEVEL"),
		LogFormat:         e.str("LOG_FORMAT"),
		MetricsEnabled:    e.bool("METRICS_ENABLED"),
		MetricsAddr:       e.str("METRICS_ADDR"),
		MetricsToken:      Secret(e.str("METRICS_TOKEN")),

		// State and shared services (issue 4).
		DatabasePath:        e.str("DATABASE_PATH"),
		DatabaseURL:         Secret(e.str("DATABASE_URL")),
		RedisEnabled:        redisEnabled(&e),
		RedisHost:           e.str("VALKEY_HOST"),
		RedisPort:           e.int("VALKEY_PORT"),
		RedisDB:             e.int("VALKEY_DB"),
		RedisPassword:       Secret(e.str("VALKEY_PASSWORD")),
		RedisTLS:            e.bool("VALKEY_SSL"),
		RedisCAFile:         e.str("VALKEY_CA_FILE"),
		CacheTTL:            e.duration("VALKEY_DEFAULT_TTL"),
		SecretKey:           Secret(e.str("SECRET_KEY")),
		SessionCookieSecure: e.bool("SESSION_COOKIE_SECURE"),
		APIKeyCacheTTL:      e.duration("API_KEY_CACHE_TTL"),
		LoginMaxFailures:    e.int("LOGIN_MAX_FAILURES"),
		LoginLockout:        e.duration("LOGIN_LOCKOUT"),
		CostGPUHourPrice:    e.float("COST_GPU_HOUR_PRICE"),
		CostTokensPerSecond: e.float("COST_GPU_TOKENS_PER_SECOND"),
		CostPromptWeight:    e.float("COST_PROMPT_TOKEN_WEIGHT"),
		LLM:                 loadLLM(&e),
	}
	if e.err != nil {
		return Config{}, e.err
	}
	switch {
	case c.Port < 1 || c.Port > 65535:
		return Config{}, fmt.Errorf("PORT %d: must be 1..65535", c.Port)
	case c.DemoRateLimit < 0:
		return Config{}, fmt.Errorf("DEMO_RATE_LIMIT %d: must be 0 or more", c.DemoRateLimit)
	case c.MaxTextLength < 1:
		return Config{}, fmt.Errorf("MAX_TEXT_LENGTH %d: must be at least 1", c.MaxTextLength)
	case c.MaxBodyBytes < 1024:
		return Config{}, fmt.Errorf("MAX_BODY_BYTES %d: must be at least 1024", c.MaxBodyBytes)
	case c.LogFormat != "json" && c.LogFormat != "text":
		return Config{}, fmt.Errorf("LOG_FORMAT %q: must be json or text", c.LogFormat)
	}
	if err := c.validateState(); err != nil {
		return Config{}, err
	}
	if err := c.LLM.validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Default returns the configuration with every variable unset.
func Default() Config {
	c, err := Load(func(string) string { return "" })
	if err != nil {
		panic("config: defaults do not parse: " + err.Error())
	}
	return c
}

// Lookup returns the table entry for name.
func Lookup(name string) (Var, bool) {
	for _, v := range Vars {
		if v.Name == name {
			return v, true
		}
	}
	return Var{}, false
}

// env reads variables, remembering the first error.
type env struct {
	getenv func(string) string
	err    error
}

// raw returns the first set value among names, else the first name's default.
func (e *env) raw(names ...string) (string, string) {
	for _, n := range names {
		if v := strings.TrimSpace(e.getenv(n)); v != "" {
			return n, v
		}
	}
	v, ok := Lookup(names[0])
	if !ok {
		panic("config: variable " + names[0] + " is not in Vars")
	}
	return names[0], v.Default
}

func (e *env) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *env) str(names ...string) string {
	_, v := e.raw(names...)
	return v
}

func (e *env) int(names ...string) int {
	n, v := e.raw(names...)
	if v == "" {
		return 0
	}
	i, err := strconv.Atoi(v)
	if err != nil {
		e.fail(fmt.Errorf("%s=%q: not a whole number", n, v))
	}
	return i
}

func (e *env) float(names ...string) float64 {
	n, v := e.raw(names...)
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		e.fail(fmt.Errorf("%s=%q: not a number", n, v))
	}
	return f
}

func (e *env) bool(names ...string) bool {
	n, v := e.raw(names...)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(strings.ToLower(v))
	if err != nil {
		e.fail(fmt.Errorf("%s=%q: not true or false", n, v))
	}
	return b
}

func (e *env) duration(names ...string) time.Duration {
	n, v := e.raw(names...)
	if v == "" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		// Plain numbers are seconds.
		if s, err2 := strconv.ParseFloat(v, 64); err2 == nil {
			return time.Duration(s * float64(time.Second))
		}
		e.fail(fmt.Errorf("%s=%q: not a duration such as 30s: %w", n, v, err))
	}
	return d
}

func (e *env) prefixes(names ...string) []netip.Prefix {
	n, v := e.raw(names...)
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				e.fail(fmt.Errorf("%s: %q is not an address or CIDR: %w", n, f, err))
				continue
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			e.fail(fmt.Errorf("%s: %q is not a CIDR: %w", n, f, err))
			continue
		}
		out = append(out, p.Masked())
	}
	return out
}
