package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/klauspost/compress/s2"
)

// The body column holds what a hunt reads as a whole but never filters on in
// SQL: Event.Fields and Event.Raw. They are about 4 KB of JSON per event and
// largely repeat each other, so they are compressed together (to about a
// quarter). Writing a quarter of the bytes is what lets a pure-Go SQLite
// keep up with ingest; see BenchmarkWrite.
//
// Layout: one codec byte, then the block. The decoded block is
//
//	uvarint len(fields) | fields | raw
//
// and fields is uvarint count followed by count pairs of uvarint-prefixed
// key and value. A binary layout needs no escaping, so encoding and
// decoding are little more than copies.

const (
	codecNone byte = 0 // block stored as is
	codecS2   byte = 1 // github.com/klauspost/compress/s2 block
)

// bodyEncoder builds body values, reusing its buffers from event to event.
// It is not safe for concurrent use.
type bodyEncoder struct {
	plain []byte
	out   []byte
}

// encode returns the body of an event; the result is only valid until the
// next call.
func (b *bodyEncoder) encode(fields map[string]string, raw []byte) []byte {
	// The fields go in after room for the uvarint of their length, which
	// is then written right before them, so they are copied once.
	const room = binary.MaxVarintLen64
	p := append(b.plain[:0], make([]byte, room)...)
	p = appendFields(p, fields)
	var n [room]byte
	k := binary.PutUvarint(n[:], uint64(len(p)-room))
	copy(p[room-k:], n[:k])
	p = append(p, raw...)
	b.plain = p
	p = p[room-k:]

	need := 1 + s2.MaxEncodedLen(len(p))
	if cap(b.out) < need {
		b.out = make([]byte, need)
	}
	out := b.out[:need]
	enc := s2.Encode(out[1:], p)
	if len(enc) >= len(p) {
		// Incompressible (tiny events): storing it as is reads faster.
		out = append(out[:1], p...)
		out[0] = codecNone
		return out
	}
	out[0] = codecS2
	return out[:1+len(enc)]
}

// appendFields appends the binary form of fields.
func appendFields(dst []byte, fields map[string]string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(fields)))
	for k, v := range fields {
		dst = binary.AppendUvarint(dst, uint64(len(k)))
		dst = append(dst, k...)
		dst = binary.AppendUvarint(dst, uint64(len(v)))
		dst = append(dst, v...)
	}
	return dst
}

var errCorrupt = errors.New("corrupt event body")

// maxBody bounds what a body may claim to decode to, so a corrupt length
// cannot make Search allocate without limit. Real events are kilobytes.
const maxBody = 256 << 20

// bodyDecoder reads body values, reusing its buffer from row to row. It is
// not safe for concurrent use.
type bodyDecoder struct {
	buf []byte
}

// block decompresses body and splits it into the encoded fields and the raw
// line. Both alias the decoder's buffer until the next call.
func (d *bodyDecoder) block(body []byte) (fields, raw []byte, err error) {
	if len(body) == 0 {
		return nil, nil, nil
	}
	var p []byte
	switch body[0] {
	case codecNone:
		p = body[1:]
	case codecS2:
		n, err := s2.DecodedLen(body[1:])
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", errCorrupt, err)
		}
		if n > maxBody {
			return nil, nil, fmt.Errorf("%w: claims %d bytes", errCorrupt, n)
		}
		if cap(d.buf) < n {
			d.buf = make([]byte, n)
		}
		if p, err = s2.Decode(d.buf[:n], body[1:]); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", errCorrupt, err)
		}
	default:
		return nil, nil, fmt.Errorf("%w: unknown codec %d", errCorrupt, body[0])
	}
	flen, k := binary.Uvarint(p)
	if k <= 0 || flen > uint64(len(p)-k) {
		return nil, nil, fmt.Errorf("%w: bad fields length", errCorrupt)
	}
	return p[k : k+int(flen)], p[k+int(flen):], nil
}

// fields decodes the fields of a body into a map. All keys and values share
// one string allocation.
func (d *bodyDecoder) fields(body []byte) (map[string]string, error) {
	enc, _, err := d.block(body)
	if err != nil || len(enc) == 0 {
		return nil, err
	}
	n, k := binary.Uvarint(enc)
	if k <= 0 || n > uint64(len(enc)) {
		return nil, fmt.Errorf("%w: bad field count", errCorrupt)
	}
	if n == 0 {
		return nil, nil
	}
	all := string(enc) // the one copy; keys and values are slices of it
	m := make(map[string]string, n)
	i := k
	for range n {
		var key, val string
		if key, i, err = readPrefixed(all, i); err != nil {
			return nil, err
		}
		if val, i, err = readPrefixed(all, i); err != nil {
			return nil, err
		}
		m[key] = val
	}
	return m, nil
}

// field finds one field in a body without building the map.
func (d *bodyDecoder) field(body []byte, name string) (string, bool, error) {
	enc, _, err := d.block(body)
	if err != nil || len(enc) == 0 {
		return "", false, err
	}
	n, i := binary.Uvarint(enc)
	if i <= 0 {
		return "", false, fmt.Errorf("%w: bad field count", errCorrupt)
	}
	for range n {
		kl, k := binary.Uvarint(enc[i:])
		if k <= 0 || kl > uint64(len(enc)-i-k) {
			return "", false, fmt.Errorf("%w: bad key length", errCorrupt)
		}
		key := enc[i+k : i+k+int(kl)]
		i += k + int(kl)
		vl, k := binary.Uvarint(enc[i:])
		if k <= 0 || vl > uint64(len(enc)-i-k) {
			return "", false, fmt.Errorf("%w: bad value length", errCorrupt)
		}
		if string(key) == name {
			return string(enc[i+k : i+k+int(vl)]), true, nil
		}
		i += k + int(vl)
	}
	return "", false, nil
}

func readPrefixed(s string, i int) (string, int, error) {
	if i >= len(s) {
		return "", i, fmt.Errorf("%w: truncated fields", errCorrupt)
	}
	// binary.Uvarint wants bytes; lengths are short, so decode inline.
	var n uint64
	var shift uint
	for {
		if i >= len(s) || shift > 63 {
			return "", i, fmt.Errorf("%w: bad length", errCorrupt)
		}
		c := s[i]
		i++
		n |= uint64(c&0x7f) << shift
		if c < 0x80 {
			break
		}
		shift += 7
	}
	if n > uint64(len(s)-i) {
		return "", i, fmt.Errorf("%w: truncated fields", errCorrupt)
	}
	return s[i : i+int(n)], i + int(n), nil
}
