package dictionary

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Source is where tenants' lists are stored (the store, shared by every
// replica). Each change of a tenant's lists changes its version.
type Source interface {
	// DictVersion is the tenant's version: 0 before any change.
	DictVersion(ctx context.Context, tenant string) (int64, error)
	// TenantWords returns the tenant's words in dicts (every list when
	// dicts is nil) and the version they were read at.
	TenantWords(ctx context.Context, tenant string, dicts []string) ([]string, int64, error)
}

// Lists keeps tenants' word sets in process. Each Get reads the tenant's
// version from the source (one small query), and reads the words again
// only when the version changed: a change made on any replica is seen by
// the next check on every replica, and a tenant's 50,000 words are not
// read for each check. It holds at most maxWords words over all sets,
// dropping the least recently used. It is safe for concurrent use.
type Lists struct {
	src      Source
	maxWords int

	mu    sync.Mutex
	sets  map[string]*cachedSet
	words int    // over sets
	tick  uint64 // use counter, for the least recently used
}

type cachedSet struct {
	version int64
	words   *Words
	used    uint64
}

// NewLists returns a cache over src holding at most maxWords words.
func NewLists(src Source, maxWords int) *Lists {
	return &Lists{src: src, maxWords: maxWords, sets: map[string]*cachedSet{}}
}

// Get returns the tenant's words in dicts (every list when dicts is nil;
// nil and an empty slice differ), nil when there are none. The set's
// Version names the tenant's version and the lists chosen.
func (l *Lists) Get(ctx context.Context, tenant string, dicts []string) (*Words, error) {
	v, err := l.src.DictVersion(ctx, tenant)
	if err != nil {
		return nil, fmt.Errorf("dictionary version: %w", err)
	}
	if v == 0 {
		return nil, nil // never changed: nothing listed
	}
	sel := selection(dicts)
	key := tenant + "\x00" + sel
	l.mu.Lock()
	c, ok := l.sets[key]
	if ok && c.version == v {
		l.tick++
		c.used = l.tick
		l.mu.Unlock()
		return c.words, nil
	}
	l.mu.Unlock()

	words, read, err := l.src.TenantWords(ctx, tenant, dicts)
	if err != nil {
		return nil, fmt.Errorf("dictionary words: %w", err)
	}
	set := New(words, strconv.FormatInt(read, 10)+sel)
	if set.Len() == 0 {
		set = nil
	}
	l.put(key, read, set)
	return set, nil
}

// selection names the lists chosen, for keys and versions: "" for every
// list, else "/" and the sorted names.
func selection(dicts []string) string {
	if dicts == nil {
		return ""
	}
	d := slices.Clone(dicts)
	slices.Sort(d)
	return "/" + strings.Join(slices.Compact(d), ",")
}

// put keeps set (read at version) under key, unless a newer one is there.
func (l *Lists) put(key string, version int64, set *Words) {
	n := set.Len()
	l.mu.Lock()
	defer l.mu.Unlock()
	if old, ok := l.sets[key]; ok {
		if old.version > version {
			return // a concurrent Get read a newer version
		}
		l.words -= old.words.Len()
		delete(l.sets, key)
	}
	if n > l.maxWords {
		return // larger than the whole cache: read it each time
	}
	for l.words+n > l.maxWords {
		l.evict()
	}
	l.tick++
	l.sets[key] = &cachedSet{version: version, words: set, used: l.tick}
	l.words += n
}

// evict drops the least recently used set; l.mu is held.
func (l *Lists) evict() {
	var oldest string
	var used uint64
	for k, c := range l.sets {
		if oldest == "" || c.used < used {
			oldest, used = k, c.used
		}
	}
	l.words -= l.sets[oldest].words.Len()
	delete(l.sets, oldest)
}
