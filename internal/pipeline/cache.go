package pipeline

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"

	"appencorrect/internal/correction"
)

// CacheKey returns the result cache key of a chunk: a hash of the tenant,
// the engine, the model and prompt version, the language, the instructions
// and the text, so that tenants, models, prompts and instructions never
// share results, and no text or tenant appears in the cache in clear.
func CacheKey(tenant, engine, model string, in ModelInput) string {
	h := sha256.New()
	var n [8]byte
	for _, f := range []string{tenant, engine, model, in.Language.String(), in.Instructions, in.WordsVersion, in.Text} {
		binary.LittleEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	var sum [sha256.Size]byte
	return "appencorrect:check:v2:" + hex.EncodeToString(h.Sum(sum[:0]))
}

// cached is the stored form of a correction.
type cached struct {
	S int      `json:"s"`
	E int      `json:"e"`
	O string   `json:"o"`
	G []string `json:"g"`
	T string   `json:"t"`
	R string   `json:"r,omitempty"`
	C string   `json:"c,omitempty"`
	M string   `json:"m,omitempty"`
}

func encodeCorrections(cs []correction.Correction) ([]byte, error) {
	out := make([]cached, len(cs))
	for i, c := range cs {
		out[i] = cached{c.Start, c.End, c.Original, c.Suggestions, string(c.Type), c.RuleID, c.Category, c.Message}
	}
	return json.Marshal(out)
}

func decodeCorrections(b []byte, engine string) ([]correction.Correction, error) {
	var in []cached
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	cs := make([]correction.Correction, len(in))
	for i, c := range in {
		cs[i] = correction.Correction{Start: c.S, End: c.E, Original: c.O, Suggestions: c.G,
			Type: correction.Type(c.T), RuleID: c.R, Category: c.C, Message: c.M, Engine: engine}
	}
	return cs, nil
}
