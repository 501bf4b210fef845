package launcher

import (
	"fmt"
	"strconv"
	"strings"
)

// Image is a vLLM server image and the NVIDIA driver its CUDA needs.
type Image struct {
	Repository string `json:"repository"`
	Tag        string `json:"tag"`
	// CUDA is the CUDA runtime the image is built with; MinDriver the
	// lowest NVIDIA driver branch that runs it (the container toolkit
	// refuses to start the container below it).
	CUDA      string `json:"cuda"`
	MinDriver int    `json:"min_driver"`
}

// Ref is repository:tag.
func (i Image) Ref() string { return i.Repository + ":" + i.Tag }

// PinnedImage is the vLLM image the Helm chart and the compose file run.
// Since v0.20 vLLM's unsuffixed tags are CUDA 13.0 builds, which need the
// R580 driver. Amazon's EKS AL2023 NVIDIA AMIs ship R580 (580.159.03 in
// v20260512); a host with an older driver runs the same release's "-cu129"
// tag (CUDA 12.9, driver 575 or later) instead: docs/deployment.md.
var PinnedImage = ImageFor("vllm/vllm-openai", "v0.24.0")

// cudaDrivers maps a CUDA runtime to the lowest Linux driver branch that
// runs it (NVIDIA's CUDA toolkit release notes, minimum required driver).
var cudaDrivers = map[string]int{"12.4": 550, "12.6": 560, "12.8": 570, "12.9": 575, "13.0": 580}

// ImageFor returns the image of a vLLM tag with its CUDA and driver floor:
// a "-cuNNN" suffix names the CUDA build ("-cu129": 12.9), and unsuffixed
// tags of v0.20 and later are CUDA 13.0.
func ImageFor(repository, tag string) Image {
	img := Image{Repository: repository, Tag: tag, CUDA: "13.0"}
	if i := strings.LastIndex(tag, "-cu"); i >= 0 {
		if n, err := strconv.Atoi(tag[i+3:]); err == nil && n >= 100 {
			img.CUDA = fmt.Sprintf("%d.%d", n/10, n%10)
		}
	}
	img.MinDriver = cudaDrivers[img.CUDA]
	if img.MinDriver == 0 {
		img.MinDriver = 580
	}
	return img
}

// driverMajor reads the branch of an nvidia-smi driver_version
// ("580.95.05" → 580).
func driverMajor(v string) (int, bool) {
	major, _, _ := strings.Cut(strings.TrimSpace(v), ".")
	n, err := strconv.Atoi(major)
	return n, err == nil
}
