// Package dictfmt is the on-disk format of the spelling dictionaries that
// scripts/gendict writes and package spell embeds and reads.
//
// A dictionary file is gzip-compressed. Inside, after the magic "ACSPELL1",
// come these sections, each a uvarint count followed by its data; the parallel
// per-entry arrays are stored as separate streams because they compress far
// better that way:
//
//	words   n, then per entry: uvarint bytes shared with the previous word,
//	        uvarint length of the rest, the rest (front coding)
//	flags   n bytes: which variants accept the word (Flag* bits)
//	levels  n bytes: SCOWL size level, 10..95 (0 when unknown)
//	freqs   n bytes: quantized log frequency (0: no frequency data)
//	scale   three float64 (little-endian bits): total count, ln of the
//	        smallest count and the log step of the quantization
//	pairs   m, then m pairs of uvarint entry indexes (US form, GB form)
//	bigrams k, then k pairs of uvarint entry indexes (first word, second
//	        word), sorted, the first as the difference from the previous one;
//	        then k bytes: their quantized frequencies; then their scale (three
//	        float64)
//
// Entries are sorted by their lower-cased form, then by their exact bytes, so
// the forms of a word that differ only in case are adjacent.
package dictfmt

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// Magic starts every dictionary file (after decompression).
const Magic = "ACSPELL2"

// Flags say in which variants a word is accepted.
const (
	FlagUS  = 1 << 0 // accepted in American English
	FlagGB  = 1 << 1 // accepted in British English
	FlagAny = 1 << 2 // accepted when the variant is unknown
	FlagAll = FlagUS | FlagGB | FlagAny
)

// Dict is the decoded content of a dictionary file.
type Dict struct {
	// Words are the entries. Decode leaves Words nil and sets Text and
	// Ends instead: word i is Text[Ends[i-1]:Ends[i]] (Ends[-1] = 0), which
	// takes 4 bytes a word instead of a 16-byte string header.
	Words  []string
	Text   string
	Ends   []uint32
	Flags  []byte
	Levels []byte
	Freqs  []byte // quantized: see Scale
	Scale  Scale
	Pairs  [][2]uint32 // US form index, GB form index

	// Bigrams are frequent two-word sequences (entry indexes, sorted), for
	// telling words run together ("alot" → "a lot") from chance splits.
	Bigrams     [][2]uint32
	BigramFreqs []byte
	BigramScale Scale
}

// Scale maps quantized frequencies back to counts.
type Scale struct {
	Total  float64 // sum of all counts of the frequency source
	MinLog float64 // ln of the count that quantizes to 1
	Step   float64 // ln step between consecutive quantized values
}

// Quantize returns the byte for count (0 for count <= 0).
func (s Scale) Quantize(count float64) byte {
	if count <= 0 {
		return 0
	}
	q := math.Round((math.Log(count)-s.MinLog)/s.Step) + 1
	return byte(max(1, min(255, q)))
}

// Count returns the approximate count of a quantized frequency (0 for 0).
func (s Scale) Count(q byte) float64 {
	if q == 0 {
		return 0
	}
	return math.Exp(s.MinLog + float64(q-1)*s.Step)
}

// NewScale returns the scale that maps counts in [minCount, maxCount] onto 1..255.
func NewScale(total, minCount, maxCount float64) Scale {
	lo, hi := math.Log(minCount), math.Log(maxCount)
	step := (hi - lo) / 254
	if step <= 0 {
		step = 1
	}
	return Scale{Total: total, MinLog: lo, Step: step}
}

// Encode writes d (its Words), gzip-compressed, to w.
func Encode(w io.Writer, d *Dict) error {
	n := len(d.Words)
	if len(d.Flags) != n || len(d.Levels) != n || len(d.Freqs) != n {
		return errors.New("dictfmt: per-entry arrays differ in length")
	}
	var b bytes.Buffer
	b.WriteString(Magic)
	put := func(v uint64) { b.Write(binary.AppendUvarint(nil, v)) }
	put(uint64(n))
	prev := ""
	for _, word := range d.Words {
		k := 0
		for k < len(prev) && k < len(word) && prev[k] == word[k] {
			k++
		}
		put(uint64(k))
		put(uint64(len(word) - k))
		b.WriteString(word[k:])
		prev = word
	}
	for _, s := range [][]byte{d.Flags, d.Levels, d.Freqs} {
		put(uint64(len(s)))
		b.Write(s)
	}
	for _, f := range []float64{d.Scale.Total, d.Scale.MinLog, d.Scale.Step} {
		b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(f)))
	}
	put(uint64(len(d.Pairs)))
	for _, p := range d.Pairs {
		put(uint64(p[0]))
		put(uint64(p[1]))
	}
	if len(d.BigramFreqs) != len(d.Bigrams) {
		return errors.New("dictfmt: bigrams and their frequencies differ in length")
	}
	put(uint64(len(d.Bigrams)))
	prevFirst := uint32(0)
	for i, p := range d.Bigrams {
		if p[0] < prevFirst || i > 0 && p[0] == prevFirst && p[1] <= d.Bigrams[i-1][1] {
			return errors.New("dictfmt: bigrams not sorted")
		}
		put(uint64(p[0] - prevFirst))
		put(uint64(p[1]))
		prevFirst = p[0]
	}
	b.Write(d.BigramFreqs)
	for _, f := range []float64{d.BigramScale.Total, d.BigramScale.MinLog, d.BigramScale.Step} {
		b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(f)))
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

// Decode reads a dictionary written by Encode.
func Decode(r io.Reader) (*Dict, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("dictfmt: %w", err)
	}
	raw, err := io.ReadAll(bufio.NewReader(zr))
	if err != nil {
		return nil, fmt.Errorf("dictfmt: %w", err)
	}
	return decodeRaw(raw)
}

func decodeRaw(raw []byte) (*Dict, error) {
	if !bytes.HasPrefix(raw, []byte(Magic)) {
		return nil, errors.New("dictfmt: bad magic")
	}
	p := raw[len(Magic):]
	bad := false
	get := func() uint64 {
		v, k := binary.Uvarint(p)
		if k <= 0 {
			bad = true
			p = nil
			return 0
		}
		p = p[k:]
		return v
	}
	take := func(k uint64) []byte {
		if k > uint64(len(p)) {
			bad = true
			p = nil
			return nil
		}
		s := p[:k]
		p = p[k:]
		return s
	}
	n := get()
	if n > uint64(len(p)) {
		return nil, errors.New("dictfmt: corrupt word count")
	}
	d := &Dict{}
	// All words share one backing string. A first pass sizes it.
	size, q := 0, p
	for range n {
		k, a := binary.Uvarint(q)
		m, b := binary.Uvarint(q[max(a, 0):])
		if a <= 0 || b <= 0 || m > uint64(len(q)) {
			return nil, errors.New("dictfmt: corrupt word list")
		}
		size += int(k) + int(m)
		q = q[a+b+int(m):]
	}
	arena := make([]byte, 0, size)
	ends := make([]uint32, n)
	prevStart, prevLen := 0, 0
	for i := range n {
		k, m := get(), get()
		if bad || k > uint64(prevLen) {
			return nil, errors.New("dictfmt: corrupt word list")
		}
		start := len(arena)
		arena = append(arena, arena[prevStart:prevStart+int(k)]...)
		arena = append(arena, take(m)...)
		if bad {
			return nil, errors.New("dictfmt: corrupt word list")
		}
		ends[i] = uint32(len(arena))
		prevStart, prevLen = start, len(arena)-start
	}
	d.Text, d.Ends = string(arena), ends
	for _, dst := range []*[]byte{&d.Flags, &d.Levels, &d.Freqs} {
		m := get()
		if m != n {
			return nil, errors.New("dictfmt: corrupt per-entry array")
		}
		*dst = bytes.Clone(take(m))
	}
	fl := take(24)
	if bad {
		return nil, errors.New("dictfmt: truncated")
	}
	d.Scale = Scale{
		Total:  math.Float64frombits(binary.LittleEndian.Uint64(fl[0:])),
		MinLog: math.Float64frombits(binary.LittleEndian.Uint64(fl[8:])),
		Step:   math.Float64frombits(binary.LittleEndian.Uint64(fl[16:])),
	}
	m := get()
	if m > uint64(len(p)) {
		return nil, errors.New("dictfmt: corrupt pairs")
	}
	d.Pairs = make([][2]uint32, m)
	for i := range d.Pairs {
		a, b := get(), get()
		if a >= n || b >= n {
			bad = true
		}
		d.Pairs[i] = [2]uint32{uint32(a), uint32(b)}
	}
	if bad {
		return nil, errors.New("dictfmt: corrupt pairs")
	}
	k := get()
	if k > uint64(len(p)) {
		return nil, errors.New("dictfmt: corrupt bigrams")
	}
	d.Bigrams = make([][2]uint32, k)
	first := uint64(0)
	for i := range d.Bigrams {
		first += get()
		second := get()
		if first >= n || second >= n {
			bad = true
		}
		d.Bigrams[i] = [2]uint32{uint32(first), uint32(second)}
	}
	d.BigramFreqs = bytes.Clone(take(k))
	fl = take(24)
	if bad {
		return nil, errors.New("dictfmt: corrupt bigrams")
	}
	d.BigramScale = Scale{
		Total:  math.Float64frombits(binary.LittleEndian.Uint64(fl[0:])),
		MinLog: math.Float64frombits(binary.LittleEndian.Uint64(fl[8:])),
		Step:   math.Float64frombits(binary.LittleEndian.Uint64(fl[16:])),
	}
	return d, nil
}
