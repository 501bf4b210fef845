package loadtest

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteMarkdown writes a summary table; chart, when set, is the SVG's path
// relative to the Markdown file.
func WriteMarkdown(w io.Writer, r *Report, chart string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Load test: %s\n\n", r.URL)
	fmt.Fprintf(&b, "%s-loop, %s API, started %s, %.1f s, %d requests, %d errors", r.Mode, r.API, r.Started.UTC().Format("2006-01-02 15:04 UTC"), r.DurationS, r.Requests, r.Errors)
	if r.ThinkTimeS > 0 {
		fmt.Fprintf(&b, ", think time %.1f s", r.ThinkTimeS)
	}
	b.WriteString(".\n")
	if r.Stopped != "" {
		fmt.Fprintf(&b, "\n**%s.**\n", r.Stopped)
	}
	b.WriteString("Latencies are over validated answers; requests/s counts validated answers.\n\n")
	vllm := false
	for _, s := range r.Steps {
		vllm = vllm || s.VLLM != nil
	}
	stream := false
	for _, s := range r.Steps {
		stream = stream || s.TTFCCount > 0
	}
	b.WriteString("| phase | concurrency | rate/s | requests | ok | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
	if stream {
		b.WriteString(" first correction p50 ms | p95 ms | p99 ms |")
	}
	if vllm {
		b.WriteString(" vLLM waiting (max) | KV cache (max) |")
	}
	b.WriteString("\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	if stream {
		b.WriteString("---:|---:|---:|")
	}
	if vllm {
		b.WriteString("---:|---:|")
	}
	b.WriteString("\n")
	for _, s := range r.Steps {
		rate := ""
		if s.ArrivalRate > 0 {
			rate = fmt.Sprintf("%g", s.ArrivalRate)
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %d | %d | %d | %.1f | %.0f | %.0f | %.0f | %.0f |", s.Phase, s.Concurrency, rate, s.Requests, s.OK, s.Errors,
			s.RequestsPerSecond, s.P50MS, s.P95MS, s.P99MS, s.MaxMS)
		if stream {
			fmt.Fprintf(&b, " %.0f | %.0f | %.0f |", s.TTFCP50MS, s.TTFCP95MS, s.TTFCP99MS)
		}
		if vllm {
			if s.VLLM != nil && s.VLLM.Samples > 0 {
				fmt.Fprintf(&b, " %.0f | %.0f%% |", s.VLLM.MaxWaiting, s.VLLM.MaxKVCacheUsage*100)
			} else {
				b.WriteString(" – | – |")
			}
		}
		b.WriteString("\n")
	}
	var errLines []string
	for _, s := range r.Steps {
		if s.Errors == 0 {
			continue
		}
		kinds := make([]string, 0, len(s.ErrorsByKind))
		for k := range s.ErrorsByKind {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		var parts []string
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%s %d", k, s.ErrorsByKind[k]))
		}
		errLines = append(errLines, fmt.Sprintf("- %s at %d: %s (first: %s)", s.Phase, s.Concurrency, strings.Join(parts, ", "), s.ErrorSample))
	}
	if len(errLines) > 0 {
		b.WriteString("\nErrors by kind:\n" + strings.Join(errLines, "\n") + "\n")
	}
	if chart != "" {
		fmt.Fprintf(&b, "\n![latency and throughput against concurrency](%s)\n", chart)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// chartSteps are the steps the chart plots: the concurrency or rate steps,
// or every phase when there are none.
func chartSteps(r *Report) []Step {
	var out []Step
	for _, s := range r.Steps {
		if s.Phase == "step" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		out = r.Steps
	}
	return out
}

// WriteSVG draws two panels against concurrency (or arrival rate): latency
// percentiles (ms) above, throughput (requests/s) below.
func WriteSVG(w io.Writer, r *Report) error {
	steps := chartSteps(r)
	const (
		width, height    = 880, 690
		left, right, top = 90, 170, 60
		panelH, gap      = 220, 80
	)
	plotW := float64(width - left - right)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="13">`+"\n", width, height, width, height)
	b.WriteString(`<rect width="100%" height="100%" fill="white"/>` + "\n")
	fmt.Fprintf(&b, `<text x="%d" y="28" font-size="17" font-weight="bold">%s</text>`+"\n", left, esc(fmt.Sprintf("Load test: %s (%s loop)", r.URL, r.Mode)))
	fmt.Fprintf(&b, `<text x="%d" y="46" fill="#555">%s</text>`+"\n", left, esc(fmt.Sprintf("%d requests, %d errors, %.0f s", r.Requests, r.Errors, r.DurationS)))

	xLabel := "concurrent users (steps, evenly spaced)"
	if r.Mode == Open {
		xLabel = "arrival rate, requests/s (steps, evenly spaced)"
	}
	n := len(steps)
	xs := make([]float64, n)
	labels := make([]string, n)
	for i, s := range steps {
		if n == 1 {
			xs[i] = float64(left) + plotW/2
		} else {
			xs[i] = float64(left) + plotW*float64(i)/float64(n-1)
		}
		labels[i] = fmt.Sprint(s.Concurrency)
		if r.Mode == Open && s.ArrivalRate > 0 {
			labels[i] = fmt.Sprintf("%g", s.ArrivalRate)
		}
	}

	type series struct {
		name  string
		color string
		vals  []float64
	}
	pick := func(f func(Step) float64) []float64 {
		v := make([]float64, n)
		for i, s := range steps {
			v[i] = f(s)
		}
		return v
	}
	panel := func(y0 int, title, yLabel string, ss []series) {
		maxV := 0.0
		for _, s := range ss {
			for _, v := range s.vals {
				maxV = math.Max(maxV, v)
			}
		}
		top := niceCeil(maxV)
		yOf := func(v float64) float64 { return float64(y0+panelH) - v/top*float64(panelH) }
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-weight="bold">%s</text>`+"\n", left, y0-10, esc(title))
		// Grid and y ticks.
		for i := 0; i <= 5; i++ {
			v := top * float64(i) / 5
			y := yOf(v)
			fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e3e3e3"/>`+"\n", left, y, float64(left)+plotW, y)
			fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", left-8, y+4, esc(tick(v)))
		}
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`+"\n", left, y0, left, y0+panelH)
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%.1f" y2="%d" stroke="#333"/>`+"\n", left, y0+panelH, float64(left)+plotW, y0+panelH)
		fmt.Fprintf(&b, `<text transform="translate(%d %d) rotate(-90)" text-anchor="middle">%s</text>`+"\n", left-58, y0+panelH/2, esc(yLabel))
		for i, x := range xs {
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#333"/>`+"\n", x, y0+panelH, x, y0+panelH+5)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x, y0+panelH+20, esc(labels[i]))
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", float64(left)+plotW/2, y0+panelH+40, esc(xLabel))
		for k, s := range ss {
			var pts []string
			for i, v := range s.vals {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", xs[i], yOf(v)))
			}
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5" points="%s"/>`+"\n", s.color, strings.Join(pts, " "))
			for i, v := range s.vals {
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>%s</title></circle>`+"\n", xs[i], yOf(v), s.color, esc(fmt.Sprintf("%s at %s: %s", s.name, labels[i], tick(v))))
			}
			ly := y0 + 14 + 22*k
			lx := float64(left) + plotW + 24
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="3"/>`+"\n", lx, ly-4, lx+22, ly-4, s.color)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`+"\n", lx+30, ly, esc(s.name))
		}
	}
	panel(top+30, "Latency of validated answers", "latency (ms)", []series{
		{"p50", "#1f77b4", pick(func(s Step) float64 { return s.P50MS })},
		{"p95", "#ff7f0e", pick(func(s Step) float64 { return s.P95MS })},
		{"p99", "#d62728", pick(func(s Step) float64 { return s.P99MS })},
	})
	panel(top+30+panelH+gap, "Throughput", "requests/s", []series{
		{"validated req/s", "#2ca02c", pick(func(s Step) float64 { return s.RequestsPerSecond })},
		{"errors/s", "#7f7f7f", pick(func(s Step) float64 {
			if s.DurationS <= 0 {
				return 0
			}
			return float64(s.Errors) / s.DurationS
		})},
	})
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// niceCeil rounds v up to 1, 2 or 5 × 10^k (at least 1).
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func tick(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
