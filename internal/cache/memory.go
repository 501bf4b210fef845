// Package cache holds the result caches behind pipeline.Cache: an
// in-memory LRU for one process, and Redis/Valkey shared by replicas.
package cache

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// Memory is an in-memory cache bounded by the bytes of its keys and
// values, evicting the least recently used entries first; entries expire
// after their TTL. It is safe for concurrent use and never fails.
type Memory struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	ll       *list.List // front: most recently used
	items    map[string]*list.Element
	now      func() time.Time
	hits     uint64
	misses   uint64
	evicted  uint64
}

type memEntry struct {
	key     string
	val     []byte
	expires time.Time // zero: never
}

// entryOverhead approximates the bookkeeping bytes of one entry.
const entryOverhead = 96

// NewMemory returns a cache holding at most maxBytes (at least 1 MiB is
// sensible; <= 0 means 64 MiB).
func NewMemory(maxBytes int) *Memory {
	if maxBytes <= 0 {
		maxBytes = 64 << 20
	}
	return &Memory{maxBytes: maxBytes, ll: list.New(), items: map[string]*list.Element{}, now: time.Now}
}

// Get returns a copy of the value stored under key.
func (m *Memory) Get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.items[key]
	if !ok {
		m.misses++
		return nil, false, nil
	}
	e := el.Value.(*memEntry)
	if !e.expires.IsZero() && !m.now().Before(e.expires) {
		m.removeLocked(el)
		m.misses++
		return nil, false, nil
	}
	m.ll.MoveToFront(el)
	m.hits++
	return append([]byte(nil), e.val...), true, nil
}

// Set stores a copy of val under key for ttl (<= 0: until evicted).
// A value larger than the whole cache is not stored.
func (m *Memory) Set(_ context.Context, key string, val []byte, ttl time.Duration) error {
	size := len(key) + len(val) + entryOverhead
	if size > m.maxBytes {
		return nil
	}
	e := &memEntry{key: key, val: append([]byte(nil), val...)}
	if ttl > 0 {
		e.expires = m.now().Add(ttl)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.items[key]; ok {
		m.removeLocked(el)
	}
	m.items[key] = m.ll.PushFront(e)
	m.bytes += size
	for m.bytes > m.maxBytes {
		m.removeLocked(m.ll.Back())
		m.evicted++
	}
	return nil
}

// Delete removes key.
func (m *Memory) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.items[key]; ok {
		m.removeLocked(el)
	}
	return nil
}

func (m *Memory) removeLocked(el *list.Element) {
	e := el.Value.(*memEntry)
	m.ll.Remove(el)
	delete(m.items, e.key)
	m.bytes -= len(e.key) + len(e.val) + entryOverhead
}

// MemoryStats are the cache's counters.
type MemoryStats struct {
	Entries, Bytes        int
	Hits, Misses, Evicted uint64
}

// Stats returns the counters.
func (m *Memory) Stats() MemoryStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return MemoryStats{Entries: len(m.items), Bytes: m.bytes, Hits: m.hits, Misses: m.misses, Evicted: m.evicted}
}
