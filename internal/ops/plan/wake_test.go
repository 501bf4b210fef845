package plan

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestWake(t *testing.T) {
	in := DefaultWake(15.2)
	cs, err := Wake(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 {
		t.Fatalf("%d options", len(cs))
	}
	// emptyDir over NAT: 90 s node + 10 GB / 150 MB/s + 15.2 GB / 100 MB/s + 60 s.
	e := cs[0]
	if want := 90 + 10000.0/150 + 15200.0/100 + 60; math.Abs(e.TotalSeconds-want) > 1e-9 {
		t.Errorf("emptyDir wake %v s, want %v", e.TotalSeconds, want)
	}
	if want := 15.2 * 0.045; math.Abs(e.TransferUSD-want) > 1e-9 {
		t.Errorf("NAT transfer $%v, want $%v", e.TransferUSD, want)
	}
	if want := e.TotalSeconds / 3600 * 0.452; math.Abs(e.GPUUSD-want) > 1e-9 {
		t.Errorf("GPU $%v, want $%v", e.GPUUSD, want)
	}
	if want := 30*e.PerWakeUSD + 0; math.Abs(e.MonthlyUSD-want) > 1e-9 {
		t.Errorf("monthly $%v, want $%v", e.MonthlyUSD, want)
	}
	// EFS reads faster and stores the weights; the image carries them.
	efs, img := cs[1], cs[2]
	if efs.TotalSeconds >= e.TotalSeconds || efs.StorageUSD != 15.2*0.30 {
		t.Errorf("EFS %+v", efs)
	}
	if img.WeightsSeconds != 0 || img.ImageSeconds != (10+15.2)*1000/150 {
		t.Errorf("pre-baked image %+v", img)
	}
	var b strings.Builder
	if err := WriteWake(&b, in, cs); err != nil || !strings.Contains(b.String(), "EFS claim") || !strings.Contains(b.String(), "assumptions") {
		t.Errorf("table: %v\n%s", err, b.String())
	}
	bad := in
	bad.Options = []CacheOption{{Name: "x"}}
	if _, err := Wake(bad); err == nil {
		t.Error("a zero read speed was accepted")
	}
	bad = in
	bad.NodeStart = -time.Second
	bad.WeightsGB = 0
	if _, err := Wake(bad); err == nil {
		t.Error("zero weights accepted")
	}
}
