package plan

import (
	"sort"
	"strings"
)

// MiB and GiB are binary units; GB is decimal (bandwidths, vendor sizes).
const (
	MiB = 1 << 20
	GiB = 1 << 30
	GB  = 1e9
)

// GPU is one accelerator and the cloud instance that carries one of it.
type GPU struct {
	Name string `json:"name"`
	// MemoryBytes is the total memory the driver reports (nvidia-smi
	// memory.total), which is what vLLM multiplies by
	// --gpu-memory-utilization; it is less than the marketing size.
	MemoryBytes int64 `json:"memory_bytes"`
	// BandwidthBytesPerSec is the peak memory bandwidth from the data sheet.
	BandwidthBytesPerSec float64 `json:"bandwidth_bytes_per_sec"`
	// FLOPS is the dense (no sparsity) FP16/BF16 tensor peak.
	FLOPS float64 `json:"flops"`
	// BF16 is false on GPUs without bfloat16 (vLLM then runs float16).
	BF16 bool `json:"bf16"`
	// Instance is the AWS instance type with one such GPU (or the per-GPU
	// share of a multi-GPU instance), and OnDemandUSDPerHour its price.
	Instance           string  `json:"instance"`
	OnDemandUSDPerHour float64 `json:"on_demand_usd_per_hour"`
}

// PriceAssumption says where the on-demand prices come from; print it
// wherever a price is shown.
const PriceAssumption = "AWS us-east-1 Linux on-demand list prices as known in early 2025 " +
	"(A100/H100: 1/8 of p4d.24xlarge/p5.48xlarge before the June 2025 P4/P5 price cut); " +
	"check the current price list and pass --on-demand-price"

var gpus = map[string]GPU{
	"l4": {Name: "NVIDIA L4 (24 GB)", MemoryBytes: 23034 * MiB, BandwidthBytesPerSec: 300 * GB,
		FLOPS: 121e12, BF16: true, Instance: "g6.xlarge", OnDemandUSDPerHour: 0.8048},
	"a10g": {Name: "NVIDIA A10G (24 GB)", MemoryBytes: 23028 * MiB, BandwidthBytesPerSec: 600 * GB,
		FLOPS: 70e12, BF16: true, Instance: "g5.xlarge", OnDemandUSDPerHour: 1.006},
	"t4": {Name: "NVIDIA T4 (16 GB)", MemoryBytes: 15360 * MiB, BandwidthBytesPerSec: 320 * GB,
		FLOPS: 65e12, BF16: false, Instance: "g4dn.xlarge", OnDemandUSDPerHour: 0.526},
	"l40s": {Name: "NVIDIA L40S (48 GB)", MemoryBytes: 46068 * MiB, BandwidthBytesPerSec: 864 * GB,
		FLOPS: 362e12, BF16: true, Instance: "g6e.xlarge", OnDemandUSDPerHour: 1.861},
	"a100": {Name: "NVIDIA A100 40 GB SXM", MemoryBytes: 40960 * MiB, BandwidthBytesPerSec: 1555 * GB,
		FLOPS: 312e12, BF16: true, Instance: "p4d.24xlarge ÷ 8", OnDemandUSDPerHour: 32.7726 / 8},
	"a100-80": {Name: "NVIDIA A100 80 GB SXM", MemoryBytes: 81920 * MiB, BandwidthBytesPerSec: 2039 * GB,
		FLOPS: 312e12, BF16: true, Instance: "p4de.24xlarge ÷ 8", OnDemandUSDPerHour: 40.9657 / 8},
	"h100": {Name: "NVIDIA H100 80 GB SXM", MemoryBytes: 81559 * MiB, BandwidthBytesPerSec: 3350 * GB,
		FLOPS: 989e12, BF16: true, Instance: "p5.48xlarge ÷ 8", OnDemandUSDPerHour: 98.32 / 8},
}

// GPUPreset returns a GPU by key (l4, a10g, t4, l40s, a100, a100-80, h100).
func GPUPreset(name string) (GPU, bool) {
	g, ok := gpus[strings.ToLower(strings.TrimSpace(name))]
	return g, ok
}

// GPUPresetNames lists the GPU keys, sorted.
func GPUPresetNames() []string {
	out := make([]string, 0, len(gpus))
	for k := range gpus {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
