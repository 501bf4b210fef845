package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"appencorrect/internal/auth"
	"appencorrect/internal/cache"
	"appencorrect/internal/dictionary"
	"appencorrect/internal/store"
	"appencorrect/internal/store/storetest"
)

func flagged(rp reply, word string) bool {
	cs, _ := rp.body["corrections"].([]any)
	for _, c := range cs {
		if c.(map[string]any)["original"] == word {
			return true
		}
	}
	return false
}

// TestDictionaryAcrossReplicas: a word tenant A lists is not flagged for A
// and still is for B; deleting it brings the flag back at once, on another
// replica sharing PostgreSQL and Redis (the cached result was keyed by the
// lists' version).
func TestDictionaryAcrossReplicas(t *testing.T) {
	a, b, st := replicas(t)
	keyA, _ := createKey(t, st, auth.NewKey{Name: "a"})
	keyB, _ := createKey(t, st, auth.NewKey{Name: "b"})
	body := `{"text":"I saw teh cat."}`
	if rp := call(t, "POST", b.ts.URL+"/check", keyA, body); !flagged(rp, "teh") {
		t.Fatalf("teh not flagged before listing (test premise): %s", rp.raw)
	}
	rp := call(t, "POST", a.ts.URL+"/dictionary", keyA, `{"words":["teh"]}`)
	if rp.status != 201 || rp.body["added"] != float64(1) {
		t.Fatalf("add: %d %s", rp.status, rp.raw)
	}
	for name, r := range map[string]*rig{"a": a, "b": b} {
		if rp := call(t, "POST", r.ts.URL+"/check", keyA, body); rp.status != 200 || flagged(rp, "teh") {
			t.Errorf("replica %s: tenant A's listed word flagged: %s", name, rp.raw)
		}
		if rp := call(t, "POST", r.ts.URL+"/check", keyB, body); !flagged(rp, "teh") {
			t.Errorf("replica %s: tenant B sees tenant A's word: %s", name, rp.raw)
		}
	}
	rp = call(t, "GET", b.ts.URL+"/dictionary", keyA, "")
	if rp.status != 200 || rp.body["total"] != float64(1) || !strings.Contains(rp.raw, `"word":"teh"`) {
		t.Errorf("list: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "GET", b.ts.URL+"/dictionary", keyB, ""); rp.body["total"] != float64(0) {
		t.Errorf("tenant B lists tenant A's words: %s", rp.raw)
	}
	rp = call(t, "DELETE", a.ts.URL+"/dictionary", keyA, `{"words":["teh"]}`)
	if rp.status != 200 || rp.body["deleted"] != float64(1) {
		t.Fatalf("delete: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "POST", b.ts.URL+"/check", keyA, body); !flagged(rp, "teh") {
		t.Errorf("deleted word still not flagged on the other replica (a stale cached result): %s", rp.raw)
	}
}

// TestDictionaryLimitsAndNames: bad words, too many words and bad names
// are clear 4xx; named lists are chosen with dicts.
func TestDictionaryLimitsAndNames(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	key, _ := createKey(t, st, auth.NewKey{})
	for _, tc := range []struct {
		method, body string
		status       int
		msg          string
	}{
		{"POST", `{"words":[]}`, 400, "no words"},
		{"POST", `{"words":["two words"]}`, 400, "white space"},
		{"POST", `{"words":["` + strings.Repeat("x", 101) + `"]}`, 400, "at most 100"},
		{"POST", `{"words":["ok"],"dict":"a,b"}`, 400, "comma"},
		{"POST", `{"words":["a\u202Eb"]}`, 400, "U+202E"},
		{"DELETE", `{"words":"teh"}`, 400, `"words" must be an array`},
	} {
		if rp := call(t, tc.method, r.ts.URL+"/dictionary", key, tc.body); rp.status != tc.status || !strings.Contains(rp.str("message"), tc.msg) {
			t.Errorf("%s %s: %d %s, want %d with %q", tc.method, tc.body, rp.status, rp.raw, tc.status, tc.msg)
		}
	}
	if rp := call(t, "GET", r.ts.URL+"/dictionary?limit=0", key, ""); rp.status != 400 {
		t.Errorf("limit 0: %d", rp.status)
	}
	// A named list is used by default, and left out when the check names
	// another.
	call(t, "POST", r.ts.URL+"/dictionary", key, `{"words":["teh"],"dict":"team"}`)
	if rp := call(t, "POST", r.ts.URL+"/check", key, `{"text":"teh cat"}`); flagged(rp, "teh") {
		t.Errorf("a named list is not used by default: %s", rp.raw)
	}
	if rp := call(t, "POST", r.ts.URL+"/check", key, `{"text":"teh cat","dicts":["other"]}`); !flagged(rp, "teh") {
		t.Errorf("dicts [other] still used team's words: %s", rp.raw)
	}
	// Words sent with a check count for that check only.
	if rp := call(t, "POST", r.ts.URL+"/demo/check", "", `{"text":"teh cat","dictionary":["teh"]}`); rp.status != 200 || flagged(rp, "teh") {
		t.Errorf("demo with sent words: %d %s", rp.status, rp.raw)
	}
	// The tenant's limit (teh is listed already): fill it to exactly 50,000.
	add := func(n int, tag string) reply {
		words := make([]string, n)
		for i := range words {
			words[i] = fmt.Sprintf("w%s_%d", tag, i)
		}
		return call(t, "POST", r.ts.URL+"/dictionary", key, `{"words":["`+strings.Join(words, `","`)+`"]}`)
	}
	for i := range dictionary.MaxWordsOfTenant/1000 - 1 {
		if rp := add(1000, fmt.Sprint(i)); rp.status != 201 {
			t.Fatalf("batch %d: %d %.200s", i, rp.status, rp.raw)
		}
	}
	if rp := add(999, "last"); rp.status != 201 || rp.body["total"] != float64(dictionary.MaxWordsOfTenant) {
		t.Fatalf("to the limit: %d %.200s", rp.status, rp.raw)
	}
	// Over it, /dictionary and /v2/words/add say so in fixed words, not
	// with the store's error ("too many words: the tenant would hold ...").
	rp := add(2, "over")
	if msg := rp.str("message"); rp.status != 422 || !strings.Contains(msg, "limit is 50000") || strings.Contains(msg, store.ErrTooManyWords.Error()) || strings.Contains(msg, "tenant") {
		t.Errorf("over the limit: %d %s", rp.status, rp.raw)
	}
	lt := call(t, "POST", r.ts.URL+"/v2/words/add", "", url.Values{"username": {"me@example.com"}, "apiKey": {key}, "word": {"overtheline"}}.Encode(),
		"Content-Type", "application/x-www-form-urlencoded")
	if lt.status != 422 || lt.raw != "Error: "+dictionaryFull+"\n" {
		t.Errorf("/v2/words/add over the limit: %d %q", lt.status, lt.raw)
	}
	// The export (format=txt) is the whole list unless limit is given; a
	// page of JSON is 1,000 words by default.
	for query, want := range map[string]int{"?format=txt": dictionary.MaxWordsOfTenant, "?format=txt&limit=10": 10, "": 1000} {
		rp := call(t, "GET", r.ts.URL+"/dictionary"+query, key, "")
		n := strings.Count(rp.raw, "\n")
		if query == "" {
			n = len(rp.body["words"].([]any))
		}
		if rp.status != 200 || n != want {
			t.Errorf("GET /dictionary%s: %d, %d words, want %d", query, rp.status, n, want)
		}
	}
}

// TestLTWords: LanguageTool's /v2/words add, list and delete with
// username and apiKey, and dicts on /v2/check.
func TestLTWords(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	key, _ := createKey(t, st, auth.NewKey{})
	form := func(vals ...string) string {
		v := url.Values{"username": {"me@example.com"}, "apiKey": {key}}
		for i := 0; i+1 < len(vals); i += 2 {
			v.Set(vals[i], vals[i+1])
		}
		return v.Encode()
	}
	post := func(path, body string) reply {
		return call(t, "POST", r.ts.URL+path, "", body, "Content-Type", "application/x-www-form-urlencoded")
	}
	if rp := post("/v2/words/add", form("word", "teh")); rp.status != 200 || rp.body["added"] != true {
		t.Fatalf("add: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "GET", r.ts.URL+"/v2/words?"+form(), "", ""); rp.status != 200 || !strings.Contains(rp.raw, `"words":["teh"]`) {
		t.Errorf("list: %d %s", rp.status, rp.raw)
	}
	rp := post("/v2/check", form("language", "en-US", "text", "teh cat"))
	if rp.status != 200 || strings.Contains(rp.raw, `"offset":0`) {
		t.Errorf("/v2/check flags a listed word: %s", rp.raw)
	}
	if rp := post("/v2/words/delete", form("word", "teh")); rp.status != 200 || rp.body["deleted"] != true {
		t.Errorf("delete: %d %s", rp.status, rp.raw)
	}
	if rp := post("/v2/check", form("language", "en-US", "text", "teh cat")); !strings.Contains(rp.raw, `"offset":0`) {
		t.Errorf("/v2/check after delete: %s", rp.raw)
	}
	if rp := post("/v2/words/add", "word=teh"); rp.status != 401 {
		t.Errorf("add without a key: %d %s", rp.status, rp.raw)
	}
	if rp := post("/v2/words/add", form("word", "two words")); rp.status != 400 {
		t.Errorf("two words: %d %s", rp.status, rp.raw)
	}
}

// TestDictionaryChoiceAndCache: with a result cache, a check that names
// other lists is not answered with a result computed with a list it left
// out (the choice is part of the words' version), nor with words sent
// with another check.
func TestDictionaryChoiceAndCache(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{cache: cache.NewMemory(1 << 20)})
	key, _ := createKey(t, st, auth.NewKey{})
	for _, body := range []string{`{"words":["teh"],"dict":"team"}`, `{"words":["kubectl"]}`} {
		if rp := call(t, "POST", r.ts.URL+"/dictionary", key, body); rp.status != 201 {
			t.Fatalf("add: %d %s", rp.status, rp.raw)
		}
	}
	for _, tc := range []struct {
		body    string
		flagged bool
	}{
		{`{"text":"teh cat"}`, false},                                        // every list: team's teh is kept
		{`{"text":"teh cat","dicts":["other"]}`, true},                       // team left out
		{`{"text":"teh cat","dicts":["team"]}`, false},                       // team chosen
		{`{"text":"teh cat","dicts":[]}`, true},                              // the default list only
		{`{"text":"teh cat","dicts":["other"]}`, true},                       // again, from the cache
		{`{"text":"teh cat","dicts":["other"],"dictionary":["teh"]}`, false}, // sent with the check
		{`{"text":"teh cat","dicts":["other"]}`, true},                       // and only with that check
	} {
		rp := call(t, "POST", r.ts.URL+"/check", key, tc.body)
		if rp.status != 200 || flagged(rp, "teh") != tc.flagged {
			t.Errorf("%s: %d, teh flagged %v, want %v: %s", tc.body, rp.status, flagged(rp, "teh"), tc.flagged, rp.raw)
		}
	}
}
