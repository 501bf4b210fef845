package store

import (
	"context"
	"errors"
	"testing"
)

func TestDictionaries(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if v, _ := s.DictVersion(ctx, "a"); v != 0 {
			t.Fatalf("fresh version %d", v)
		}
		if n, err := s.AddWords(ctx, "a", "", []string{"kubectl", "Qwen"}, 5); err != nil || n != 2 {
			t.Fatalf("add: %d %v", n, err)
		}
		if n, err := s.AddWords(ctx, "a", "team", []string{"Qwen", "vLLM"}, 5); err != nil || n != 2 {
			t.Fatalf("add to a named list: %d %v", n, err)
		}
		if n, err := s.AddWords(ctx, "a", "", []string{"kubectl"}, 5); err != nil || n != 0 {
			t.Fatalf("add again: %d %v", n, err)
		}
		v1, _ := s.DictVersion(ctx, "a")
		// Over the limit: nothing is added.
		if _, err := s.AddWords(ctx, "a", "", []string{"x1", "x2"}, 5); !errors.Is(err, ErrTooManyWords) {
			t.Fatalf("over the limit: %v", err)
		}
		if v, _ := s.DictVersion(ctx, "a"); v != v1 {
			t.Errorf("a refused addition changed the version %d → %d", v1, v)
		}
		words, v, err := s.TenantWords(ctx, "a", nil)
		if err != nil || len(words) != 4 || v != v1 {
			t.Fatalf("all words: %v %d %v", words, v, err)
		}
		if words, _, _ := s.TenantWords(ctx, "a", []string{"team"}); len(words) != 2 {
			t.Errorf("team words: %v", words)
		}
		if words, _, _ := s.TenantWords(ctx, "b", nil); len(words) != 0 {
			t.Errorf("tenant b sees %v", words)
		}
		list, total, err := s.ListWords(ctx, "a", nil, 1, 2)
		if err != nil || total != 4 || len(list) != 2 || list[0] != (DictWord{"", "kubectl"}) {
			t.Errorf("list: %v %d %v", list, total, err)
		}
		if n, err := s.DeleteWords(ctx, "a", "", []string{"kubectl", "nope"}); err != nil || n != 1 {
			t.Fatalf("delete: %d %v", n, err)
		}
		if v, _ := s.DictVersion(ctx, "a"); v <= v1 {
			t.Errorf("delete kept the version %d", v)
		}
	})
}
