package builtin

import (
	"context"
	"strings"
	"testing"

	"appencorrect/internal/dictionary"
	"appencorrect/internal/dictionary/dicttest"
	"appencorrect/internal/language"
)

// fullDictionary is a tenant's list at its limit: 50,000 made-up words of
// 4 to 14 letters, one in three capitalised (names match only as written).
func fullDictionary() *dictionary.Words {
	return dictionary.New(dicttest.Words(dictionary.MaxWordsOfTenant), "bench")
}

// BenchmarkCheckDictionary is BenchmarkCheck with a full tenant list: the
// lookup of every word in it must stay cheap.
func BenchmarkCheckDictionary(b *testing.B) {
	benchWith(b, benchProse, fullDictionary())
}

// BenchmarkCheckErrorsDictionary is BenchmarkCheckErrors with a full
// tenant list: every misspelling is also compared with the listed words.
func BenchmarkCheckErrorsDictionary(b *testing.B) {
	benchWith(b, "I has a eror in grammer. She dont know were she is going, becouse her freind lost the adress. "+
		"Their is alot of peoples who thinks that tecnology make our life more easy then before.", fullDictionary())
}

func benchWith(b *testing.B, text string, words *dictionary.Words) {
	e := realEngine(b)
	ctx := context.Background()
	n := len(strings.Fields(text))
	tag := language.Tag{Code: language.English}
	if _, err := e.CheckWith(ctx, text, tag, words); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.CheckWith(ctx, text, tag, words); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/word")
}
