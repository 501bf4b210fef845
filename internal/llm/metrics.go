package llm

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// serverMetrics are the vLLM gauges the balancer uses.
type serverMetrics struct {
	running, waiting, kvUsage float64
	found                     bool
}

// parseMetrics reads vllm:num_requests_running, vllm:num_requests_waiting
// and vllm:kv_cache_usage_perc from a Prometheus text exposition, summing
// over label sets (one per model or engine). Before vLLM 0.9 the KV-cache
// gauge was vllm:gpu_cache_usage_perc; 0.9 and 0.10 expose both names with
// the same value, so the old one is read only when the new one is absent.
func parseMetrics(r io.Reader) (serverMetrics, error) {
	var m serverMetrics
	var kvOld float64
	haveNew, haveOld := false, false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "vllm:") {
			continue
		}
		name, rest, ok := cutMetric(line)
		if !ok {
			continue
		}
		var dst *float64
		var seen *bool // set once a value of this name has been read
		switch name {
		case "vllm:num_requests_running":
			dst = &m.running
		case "vllm:num_requests_waiting":
			dst = &m.waiting
		case "vllm:kv_cache_usage_perc":
			dst, seen = &m.kvUsage, &haveNew
		case "vllm:gpu_cache_usage_perc":
			dst, seen = &kvOld, &haveOld
		default:
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			continue
		}
		v, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			continue
		}
		*dst += v
		if seen != nil {
			*seen = true
		}
		m.found = true
	}
	if haveOld && !haveNew {
		m.kvUsage = kvOld
	}
	return m, sc.Err()
}

// cutMetric splits a sample line into its name and what follows the
// labels.
func cutMetric(line string) (name, rest string, ok bool) {
	i := strings.IndexAny(line, "{ ")
	if i < 0 {
		return "", "", false
	}
	name = line[:i]
	rest = line[i:]
	if rest[0] == '{' {
		j := strings.LastIndexByte(rest, '}')
		if j < 0 {
			return "", "", false
		}
		rest = rest[j+1:]
	}
	return name, rest, true
}
