package correction

import "unicode/utf8"

// Offsets converts positions in one text between byte offsets, Unicode code
// point offsets (the original API's "position") and UTF-16 code unit offsets
// (browsers, LanguageTool clients). An invalid UTF-8 byte counts as one code
// point and one UTF-16 unit, as Go's range loop and JSON encoding see it.
//
// For ASCII text every conversion is the identity and costs nothing; other
// texts are indexed once, in O(len(text)).
type Offsets struct {
	n     int     // len(text)
	ascii bool    // all three units coincide
	runes []int32 // runes[b]: code points before byte b (b in 0..n)
	u16   []int32 // u16[b]: UTF-16 units before byte b
	// inverse tables: byte offset of the i-th code point / UTF-16 unit
	runeByte []int32
	u16Byte  []int32
}

// NewOffsets indexes text for offset conversion.
func NewOffsets(text string) *Offsets {
	o := &Offsets{n: len(text), ascii: true}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			o.ascii = false
			break
		}
	}
	if o.ascii {
		return o
	}
	o.runes = make([]int32, len(text)+1)
	o.u16 = make([]int32, len(text)+1)
	o.runeByte = make([]int32, 0, len(text)+1)
	o.u16Byte = make([]int32, 0, len(text)+1)
	var nr, nu int32
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		units := int32(1)
		if r >= 0x10000 && !(r == utf8.RuneError && size == 1) {
			units = 2
		}
		o.runeByte = append(o.runeByte, int32(i))
		for u := int32(0); u < units; u++ {
			o.u16Byte = append(o.u16Byte, int32(i))
		}
		for k := 0; k < size; k++ {
			o.runes[i+k] = nr
			o.u16[i+k] = nu
		}
		// Bytes inside a rune count the rune as not yet passed.
		nr++
		nu += units
		i += size
	}
	o.runes[len(text)] = nr
	o.u16[len(text)] = nu
	o.runeByte = append(o.runeByte, int32(len(text)))
	o.u16Byte = append(o.u16Byte, int32(len(text)))
	return o
}

// ASCII reports whether the text is pure ASCII (all offsets coincide).
func (o *Offsets) ASCII() bool { return o.ascii }

func (o *Offsets) clampByte(b int) int {
	return min(max(b, 0), o.n)
}

// Runes returns the number of code points before byte offset b.
func (o *Offsets) Runes(b int) int {
	b = o.clampByte(b)
	if o.ascii {
		return b
	}
	return int(o.runes[b])
}

// UTF16 returns the number of UTF-16 code units before byte offset b.
func (o *Offsets) UTF16(b int) int {
	b = o.clampByte(b)
	if o.ascii {
		return b
	}
	return int(o.u16[b])
}

// RuneCount returns the length of the text in code points.
func (o *Offsets) RuneCount() int { return o.Runes(o.n) }

// UTF16Len returns the length of the text in UTF-16 code units.
func (o *Offsets) UTF16Len() int { return o.UTF16(o.n) }

// ByteOfRune returns the byte offset of code point offset r, clamped to the
// text.
func (o *Offsets) ByteOfRune(r int) int {
	if o.ascii {
		return min(max(r, 0), o.n)
	}
	return int(o.runeByte[min(max(r, 0), len(o.runeByte)-1)])
}

// ByteOfUTF16 returns the byte offset of UTF-16 offset u, clamped to the
// text. An offset inside a surrogate pair maps to the start of its character.
func (o *Offsets) ByteOfUTF16(u int) int {
	if o.ascii {
		return min(max(u, 0), o.n)
	}
	return int(o.u16Byte[min(max(u, 0), len(o.u16Byte)-1)])
}
