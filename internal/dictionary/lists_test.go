package dictionary

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// memSource is a Source in memory that counts word reads.
type memSource struct {
	version map[string]int64
	words   map[string]map[string][]string // tenant → dict → words
	reads   int
	err     error
}

func (m *memSource) DictVersion(_ context.Context, tenant string) (int64, error) {
	return m.version[tenant], m.err
}

func (m *memSource) TenantWords(_ context.Context, tenant string, dicts []string) ([]string, int64, error) {
	m.reads++
	var out []string
	for d, ws := range m.words[tenant] {
		if dicts == nil || slices.Contains(dicts, d) {
			out = append(out, ws...)
		}
	}
	return out, m.version[tenant], m.err
}

func (m *memSource) set(tenant, dict string, words ...string) {
	if m.words[tenant] == nil {
		m.words[tenant] = map[string][]string{}
	}
	m.words[tenant][dict] = words
	m.version[tenant]++
}

func TestLists(t *testing.T) {
	ctx := context.Background()
	src := &memSource{version: map[string]int64{}, words: map[string]map[string][]string{}}
	l := NewLists(src, 5)
	get := func(tenant string, dicts []string) *Words {
		t.Helper()
		w, err := l.Get(ctx, tenant, dicts)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}

	if w := get("a", nil); w != nil || src.reads != 0 {
		t.Fatalf("a tenant with no lists: %v, %d reads; want nil and no read", w, src.reads)
	}
	src.set("a", "", "kubectl")
	src.set("a", "team", "Qwen")
	w := get("a", nil)
	if !w.Contains("kubectl") || !w.Contains("Qwen") || w.Version != "2" {
		t.Fatalf("every list: %v version %q", w, w.Version)
	}
	if get("a", nil) != w || src.reads != 1 {
		t.Errorf("the same version read the words again (%d reads)", src.reads)
	}
	only := get("a", []string{"", "team", ""})
	if only.Version != "2/,team" || src.reads != 2 {
		t.Errorf("a choice of lists: version %q, %d reads", only.Version, src.reads)
	}
	if w := get("a", []string{"other"}); w != nil {
		t.Errorf("a list with no words: %v", w)
	}
	// A change (on any replica) is seen by the next Get.
	src.set("a", "", "kubectl", "helm")
	if w := get("a", nil); !w.Contains("helm") || w.Version != "3" {
		t.Errorf("after a change: helm %v, version %q", w.Contains("helm"), w.Version)
	}
	// Other tenants' words stay theirs.
	src.set("b", "", "teh")
	if get("b", nil).Contains("kubectl") || get("a", nil).Contains("teh") {
		t.Error("tenants share words")
	}
	// At most 5 words are kept: a's three words and b's one fit, c's two
	// push out the least recently used set.
	src.set("c", "", "x1", "x2")
	get("c", nil)
	l.mu.Lock()
	held := l.words
	l.mu.Unlock()
	if held > 5 {
		t.Errorf("%d words held, limit 5", held)
	}
	reads := src.reads
	get("c", nil)
	if src.reads != reads {
		t.Error("the set just read was evicted")
	}
	// A set larger than the cache is read each time.
	src.set("d", "", "w1", "w2", "w3", "w4", "w5", "w6")
	get("d", nil)
	reads = src.reads
	if w := get("d", nil); w.Len() != 6 || src.reads != reads+1 {
		t.Errorf("an oversize set: %d words, %d reads", w.Len(), src.reads-reads)
	}

	src.err = errors.New("database down")
	if _, err := l.Get(ctx, "a", nil); err == nil || !errors.Is(err, src.err) {
		t.Errorf("store failure: %v", err)
	}
}

func TestWith(t *testing.T) {
	base := New([]string{"kubectl", "Kubernetes"}, "7")
	w := base.With([]string{"Qwen"}, "7+Qwen")
	for word, want := range map[string]bool{"kubectl": true, "KUBECTL": true, "Qwen": true, "qwen": false, "helm": false} {
		if got := w.Contains(word); got != want {
			t.Errorf("Contains(%q) = %v", word, got)
		}
	}
	for word, want := range map[string]string{"Kubernets": "Kubernetes", "Qwne": "Qwen", "kubctl": "kubectl"} {
		if got := w.Closest(word); got != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
	}
	if w.Len() != 3 || base.Len() != 2 {
		t.Errorf("Len %d and %d", w.Len(), base.Len())
	}
	var none *Words
	if got := none.With([]string{"x"}, "v"); !got.Contains("x") || got.Len() != 1 {
		t.Error("With on an empty set")
	}
	// A sent word already listed (in the base or its base) counts once;
	// "Kubectl" is an entry of its own beside "kubectl", as in New.
	for _, tt := range []struct {
		sent []string
		len  int
	}{
		{[]string{"kubectl"}, 3},
		{[]string{"Kubernetes", "Qwen", "helm"}, 4},
		{[]string{"helm", "kubectl", "helm"}, 4},
		{[]string{"Kubectl"}, 4},
		{[]string{"kubernetes"}, 4},
	} {
		sent := slices.Clone(tt.sent)
		got := w.With(tt.sent, "v")
		if got.Len() != tt.len {
			t.Errorf("With(%q).Len() = %d, want %d", tt.sent, got.Len(), tt.len)
		}
		if !slices.Equal(tt.sent, sent) {
			t.Errorf("With changed its argument: %q", tt.sent)
		}
		for _, s := range tt.sent {
			if !got.Contains(s) {
				t.Errorf("With(%q) does not contain %q", tt.sent, s)
			}
		}
	}
	if fmt.Sprint(w.In([]string{"run", "kubectl", "Qwen"}, 10)) != "[kubectl Qwen]" {
		t.Errorf("In over both: %v", w.In([]string{"run", "kubectl", "Qwen"}, 10))
	}
}
