// Package codec encrypts what huntflow puts in Temporal's history. Workflow
// inputs, activity results and reports name hosts, users and command lines;
// with a key configured every payload is compressed, then sealed with
// AES-256-GCM before it leaves the process, so the Temporal server, its
// database and its backups only hold ciphertext. The worker, the starter
// and the replayer use the same Codec through DataConverter; the Web UI
// sees plaintext only through the codec server (Handler), and only for
// those it lets in.
package codec

import (
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/proto"
)

// Metadata of an encrypted payload. The encoding marks it (a decoder that
// meets any other encoding passes the payload through untouched, so
// histories recorded before encryption was turned on still decode); the
// key ID names the key that sealed it, so keys can be rotated.
const (
	MetadataEncodingKey = "encoding"
	EncodingEncrypted   = "binary/encrypted"
	MetadataKeyID       = "encryption-key-id"
	MetadataCipher      = "encryption-cipher"
	// CipherName says what was done to the payload: deflate, then
	// AES-256-GCM with a random 96-bit nonce prefixed to the ciphertext.
	CipherName = "deflate+AES-256-GCM"
)

// KeySize is the length of an AES-256 key.
const KeySize = 32

// maxPlain caps a payload's decompressed size. Temporal refuses payloads
// over a few MB anyway; the cap stops a forged payload from inflating
// without bound.
const maxPlain = 16 << 20

// ErrUnknownKey is returned for a payload sealed with a key this codec does
// not hold.
var ErrUnknownKey = errors.New("unknown encryption key")

// ErrDecrypt is returned when a payload does not authenticate: the key is
// wrong or the ciphertext or its metadata were changed.
var ErrDecrypt = errors.New("payload does not decrypt: wrong key, or the data was tampered with")

// Key is one AES-256 key and the ID written beside what it seals.
type Key struct {
	ID     string
	Secret []byte
}

// String never prints the secret.
func (k Key) String() string { return fmt.Sprintf("codec.Key{ID:%q}", k.ID) }

// Codec is a converter.PayloadCodec that compresses and encrypts. It seals
// with its current key and opens with the current key or any old one.
type Codec struct {
	current string
	aeads   map[string]cipher.AEAD
}

var _ converter.PayloadCodec = (*Codec)(nil)

// New returns a codec that encodes with current and decodes with current
// and old.
func New(current Key, old ...Key) (*Codec, error) {
	c := &Codec{current: current.ID, aeads: map[string]cipher.AEAD{}}
	for i, k := range append([]Key{current}, old...) {
		if k.ID == "" {
			return nil, fmt.Errorf("codec key %d: empty key ID", i)
		}
		if len(k.Secret) != KeySize {
			return nil, fmt.Errorf("codec key %q: %d bytes, want %d (AES-256)", k.ID, len(k.Secret), KeySize)
		}
		if _, dup := c.aeads[k.ID]; dup {
			return nil, fmt.Errorf("codec key %q: key ID given twice", k.ID)
		}
		block, err := aes.NewCipher(k.Secret)
		if err != nil {
			return nil, fmt.Errorf("codec key %q: %w", k.ID, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("codec key %q: %w", k.ID, err)
		}
		c.aeads[k.ID] = aead
	}
	return c, nil
}

// KeyID is the ID of the key that encodes.
func (c *Codec) KeyID() string { return c.current }

// KeyIDs lists every key ID the codec decodes with, sorted.
func (c *Codec) KeyIDs() []string {
	ids := make([]string, 0, len(c.aeads))
	for id := range c.aeads {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Encode seals each payload, whole (data and metadata), under the current key.
func (c *Codec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	aead := c.aeads[c.current]
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("encode payload %d: %w", i, err)
		}
		var buf bytes.Buffer
		zw, _ := flate.NewWriter(&buf, flate.DefaultCompression) // the level is valid
		if _, err := zw.Write(plain); err != nil {
			return nil, fmt.Errorf("compress payload %d: %w", i, err)
		}
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("compress payload %d: %w", i, err)
		}
		nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+buf.Len()+aead.Overhead())
		if _, err := rand.Read(nonce); err != nil {
			return nil, fmt.Errorf("encrypt payload %d: nonce: %w", i, err)
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{
				MetadataEncodingKey: []byte(EncodingEncrypted),
				MetadataKeyID:       []byte(c.current),
				MetadataCipher:      []byte(CipherName),
			},
			Data: aead.Seal(nonce, nonce, buf.Bytes(), additionalData(c.current)),
		}
	}
	return out, nil
}

// additionalData binds the key ID into the seal: a payload whose key ID
// was rewritten fails to open instead of being tried under another key.
func additionalData(keyID string) []byte { return []byte("huntflow-codec/v1 " + keyID) }

// Decode opens encrypted payloads and passes others through unchanged.
func (c *Codec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[MetadataEncodingKey]) != EncodingEncrypted {
			out[i] = p
			continue
		}
		d, err := c.open(p)
		if err != nil {
			return nil, fmt.Errorf("decode payload %d: %w", i, err)
		}
		out[i] = d
	}
	return out, nil
}

func (c *Codec) open(p *commonpb.Payload) (*commonpb.Payload, error) {
	id := string(p.GetMetadata()[MetadataKeyID])
	if ciph := string(p.GetMetadata()[MetadataCipher]); ciph != "" && ciph != CipherName {
		return nil, fmt.Errorf("cipher %q is not supported (want %s)", ciph, CipherName)
	}
	aead, ok := c.aeads[id]
	if !ok {
		return nil, fmt.Errorf("payload sealed with key %q, this codec holds %s: %w", id, strings.Join(c.KeyIDs(), ", "), ErrUnknownKey)
	}
	data := p.GetData()
	if len(data) < aead.NonceSize()+aead.Overhead() {
		return nil, fmt.Errorf("key %q: %d bytes is too short for a sealed payload: %w", id, len(data), ErrDecrypt)
	}
	nonce, sealed := data[:aead.NonceSize()], data[aead.NonceSize():]
	compressed, err := aead.Open(nil, nonce, sealed, additionalData(id))
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", id, ErrDecrypt)
	}
	plain, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(compressed)), maxPlain+1))
	if err != nil {
		return nil, fmt.Errorf("key %q: decompress: %w", id, err)
	}
	if len(plain) > maxPlain {
		return nil, fmt.Errorf("key %q: payload inflates past %d bytes", id, maxPlain)
	}
	var orig commonpb.Payload
	if err := proto.Unmarshal(plain, &orig); err != nil {
		return nil, fmt.Errorf("key %q: decrypted payload does not parse: %w", id, err)
	}
	return &orig, nil
}

// DataConverter is Temporal's default converter with payloads passed
// through c; with c nil, the default converter itself.
func DataConverter(c *Codec) converter.DataConverter {
	if c == nil {
		return converter.GetDefaultDataConverter()
	}
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), c)
}

// FailureConverter moves failures' messages and stack traces into an
// encoded payload (Temporal's EncodeCommonAttributes), so error text — which
// can name hosts, users and paths — is sealed like the rest; with c nil,
// the default converter. Clients that read failures need the same one.
func FailureConverter(c *Codec) converter.FailureConverter {
	if c == nil {
		return temporal.GetDefaultFailureConverter()
	}
	return temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
		DataConverter:          DataConverter(c),
		EncodeCommonAttributes: true,
	})
}

// Undecodable reports whether err comes from a payload this process cannot
// open: sealed while it has no codec, sealed under a key it does not hold,
// or not authenticating under the key it names.
func Undecodable(err error) bool {
	if err == nil {
		return false
	}
	return errors.Is(err, ErrUnknownKey) || errors.Is(err, ErrDecrypt) ||
		strings.Contains(err.Error(), "encoding "+EncodingEncrypted+": payload encoding is not supported")
}
