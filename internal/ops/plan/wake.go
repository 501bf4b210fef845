package plan

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Waking a vLLM that scaled to zero costs a new GPU node, the vLLM image
// and the model weights before the first token: minutes of a GPU billed
// while it serves nothing, and whatever moving the weights costs. Wake
// prices each way of keeping the weights. Every speed and price below is
// an assumption stated as a default and a flag, not a measurement: no
// cluster was at hand (docs/deployment.md, Cold starts).

// CacheOption is one home for the model weights.
type CacheOption struct {
	Name string `json:"name"`
	// ReadMBps is how fast one node gets the weights from it (MB/s).
	ReadMBps float64 `json:"read_mb_per_s"`
	// PerGBUSD is paid per GB moved at each wake (NAT gateway processing,
	// EFS reads); MonthlyUSDPerGB is paid per GB stored per month.
	PerGBUSD        float64 `json:"per_gb_usd"`
	MonthlyUSDPerGB float64 `json:"monthly_usd_per_gb"`
	// WeightsInImage: the weights come with the image pull (a pre-baked
	// image), not after it.
	WeightsInImage bool `json:"weights_in_image"`
}

// WakeInputs describe one wake.
type WakeInputs struct {
	WeightsGB float64 `json:"weights_gb"`
	ImageGB   float64 `json:"image_gb"` // the vLLM image, compressed
	// NodeStart is Karpenter's launch to a Ready node with its GPU
	// driver; ImagePullMBps the registry's speed to one node; LoadToGPU
	// the weights from local disk into GPU memory plus vLLM's warm-up
	// (CUDA graph capture).
	NodeStart     time.Duration `json:"node_start"`
	ImagePullMBps float64       `json:"image_pull_mb_per_s"`
	LoadToGPU     time.Duration `json:"load_to_gpu"`
	// GPUPriceUSDPerHour is what the node costs while it wakes.
	GPUPriceUSDPerHour float64       `json:"gpu_price_usd_per_hour"`
	WakesPerMonth      int           `json:"wakes_per_month"`
	Options            []CacheOption `json:"options"`
}

// DefaultWake is Qwen2.5-7B-Instruct (bf16 weights of weightsGB) on a spot
// g6.xlarge at the guide's $0.452, waking once a day, with three homes for
// the weights:
//   - emptyDir: downloaded from Hugging Face at each wake through a NAT
//     gateway (AWS NAT processing $0.045/GB), about 100 MB/s;
//   - an EFS claim (elastic throughput: reads $0.03/GB, Standard storage
//     $0.30/GB-month), about 250 MB/s to one client;
//   - a pre-baked image: the weights in the image (ECR storage
//     $0.10/GB-month), pulled with it.
func DefaultWake(weightsGB float64) WakeInputs {
	return WakeInputs{
		WeightsGB: weightsGB, ImageGB: 10, NodeStart: 90 * time.Second, ImagePullMBps: 150,
		LoadToGPU: 60 * time.Second, GPUPriceUSDPerHour: 0.452, WakesPerMonth: 30,
		Options: []CacheOption{
			{Name: "emptyDir, download from Hugging Face via NAT", ReadMBps: 100, PerGBUSD: 0.045},
			{Name: "EFS claim (ReadWriteMany)", ReadMBps: 250, PerGBUSD: 0.03, MonthlyUSDPerGB: 0.30},
			{Name: "pre-baked image (weights in ECR)", ReadMBps: 150, MonthlyUSDPerGB: 0.10, WeightsInImage: true},
		},
	}
}

// WakeCost is one option's price.
type WakeCost struct {
	Option CacheOption `json:"option"`
	// Seconds from the first request to a serving vLLM, by part.
	NodeSeconds, ImageSeconds, WeightsSeconds, LoadSeconds, TotalSeconds float64
	// GPUUSD is the node's time while waking; TransferUSD the weights'
	// moving; PerWakeUSD their sum; MonthlyUSD the wakes of a month plus
	// storage.
	GPUUSD, TransferUSD, PerWakeUSD, StorageUSD, MonthlyUSD float64
}

// Wake prices a wake with each option.
func Wake(in WakeInputs) ([]WakeCost, error) {
	if in.WeightsGB <= 0 || in.ImagePullMBps <= 0 || in.GPUPriceUSDPerHour < 0 || in.WakesPerMonth < 0 {
		return nil, errors.New("wake: weights, image pull speed must be positive; price and wakes not negative")
	}
	var out []WakeCost
	for _, o := range in.Options {
		if o.ReadMBps <= 0 {
			return nil, fmt.Errorf("wake: option %q: read speed must be positive", o.Name)
		}
		c := WakeCost{Option: o, NodeSeconds: in.NodeStart.Seconds(), LoadSeconds: in.LoadToGPU.Seconds()}
		c.ImageSeconds = in.ImageGB * 1000 / in.ImagePullMBps
		if o.WeightsInImage {
			c.ImageSeconds = (in.ImageGB + in.WeightsGB) * 1000 / in.ImagePullMBps
		} else {
			c.WeightsSeconds = in.WeightsGB * 1000 / o.ReadMBps
		}
		c.TotalSeconds = c.NodeSeconds + c.ImageSeconds + c.WeightsSeconds + c.LoadSeconds
		c.GPUUSD = c.TotalSeconds / 3600 * in.GPUPriceUSDPerHour
		c.TransferUSD = in.WeightsGB * o.PerGBUSD
		c.PerWakeUSD = c.GPUUSD + c.TransferUSD
		c.StorageUSD = in.WeightsGB * o.MonthlyUSDPerGB
		c.MonthlyUSD = c.PerWakeUSD*float64(in.WakesPerMonth) + c.StorageUSD
		out = append(out, c)
	}
	return out, nil
}

// WriteWake prints the wake prices as a table with the assumptions.
func WriteWake(w io.Writer, in WakeInputs, cs []WakeCost) error {
	fmt.Fprintf(w, "Waking vLLM from zero: %.1f GB of weights, a %.0f GB image pulled at %.0f MB/s, node start %s, load to GPU %s, GPU $%.3f/h, %d wakes a month\n",
		in.WeightsGB, in.ImageGB, in.ImagePullMBps, in.NodeStart, in.LoadToGPU, in.GPUPriceUSDPerHour, in.WakesPerMonth)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "weights from\tread MB/s\tnode s\timage s\tweights s\tload s\twake min\tGPU $\ttransfer $\t$/wake\tstorage $/mo\t$/month\t")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.1f\t%.3f\t%.3f\t%.3f\t%.2f\t%.2f\t\n", c.Option.Name, c.Option.ReadMBps,
			c.NodeSeconds, c.ImageSeconds, c.WeightsSeconds, c.LoadSeconds, c.TotalSeconds/60, c.GPUUSD, c.TransferUSD, c.PerWakeUSD, c.StorageUSD, c.MonthlyUSD)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "Speeds and prices are assumptions (flags --wake-*): measure a wake on your cluster and rerun. While vLLM wakes, checks are answered by the built-in engine, flagged degraded.")
	return err
}
