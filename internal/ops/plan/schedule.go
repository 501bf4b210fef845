package plan

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Period is a number of hours in a month run at a number of replicas.
type Period struct {
	Hours    float64 `json:"hours"`
	Replicas int     `json:"replicas"`
}

// Schedule is a month as periods, e.g. 400 h at 1 GPU, 200 h at 2.
type Schedule []Period

// HoursPerMonth is 365 × 24 / 12.
const HoursPerMonth = 730.0

// ParseSchedule reads "400h:1,200h:2,130h:6" (hours, then replicas; the
// "h" is optional).
func ParseSchedule(s string) (Schedule, error) {
	var out Schedule
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		hs, rs, ok := strings.Cut(part, ":")
		if !ok {
			return nil, fmt.Errorf("schedule %q: want HOURSh:REPLICAS, e.g. 400h:1", part)
		}
		h, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(hs), "h"), 64)
		if err != nil || h < 0 {
			return nil, fmt.Errorf("schedule %q: hours %q is not a non-negative number", part, hs)
		}
		r, err := strconv.Atoi(strings.TrimSpace(rs))
		if err != nil || r < 0 {
			return nil, fmt.Errorf("schedule %q: replicas %q is not a non-negative whole number", part, rs)
		}
		out = append(out, Period{Hours: h, Replicas: r})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("schedule %q is empty", s)
	}
	return out, nil
}

// String renders the schedule as ParseSchedule reads it.
func (s Schedule) String() string {
	parts := make([]string, len(s))
	for i, p := range s {
		parts[i] = fmt.Sprintf("%gh:%d", p.Hours, p.Replicas)
	}
	return strings.Join(parts, ",")
}

// Hours is the total wall-clock hours of the schedule.
func (s Schedule) Hours() float64 {
	var t float64
	for _, p := range s {
		t += p.Hours
	}
	return t
}

// GPUHours is Σ hours × replicas.
func (s Schedule) GPUHours() float64 {
	var t float64
	for _, p := range s {
		t += p.Hours * float64(p.Replicas)
	}
	return t
}

// PeriodCost is one line of a priced schedule.
type PeriodCost struct {
	Period
	USD float64 `json:"usd"`
}

// Price returns the cost of each period and the total at usdPerGPUHour,
// rounded to cents.
func (s Schedule) Price(usdPerGPUHour float64) ([]PeriodCost, float64) {
	out := make([]PeriodCost, len(s))
	var total float64
	for i, p := range s {
		c := p.Hours * float64(p.Replicas) * usdPerGPUHour
		out[i] = PeriodCost{Period: p, USD: cents(c)}
		total += c
	}
	return out, cents(total)
}

func cents(v float64) float64 { return math.Round(v*100) / 100 }
