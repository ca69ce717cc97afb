package codec

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
)

// Environment variables that configure the codec. Keys are base64 (standard
// or URL alphabet, padded or not) of 32 random bytes, e.g. from
// `openssl rand -base64 32`.
const (
	// EnvKey holds the current key; EnvKeyFile names a file holding it
	// (a mounted secret). Set one of them, not both.
	EnvKey     = "HUNTFLOW_CODEC_KEY"
	EnvKeyFile = "HUNTFLOW_CODEC_KEY_FILE"
	// EnvKeyID names the current key (default: "k-" and the first 8 hex
	// digits of the key's SHA-256, which tells keys apart and reveals
	// nothing of them).
	EnvKeyID = "HUNTFLOW_CODEC_KEY_ID"
	// EnvOldKeys and EnvOldKeysFile list retired keys that still decode,
	// as id=base64 entries separated by commas or new lines (# starts a
	// comment line in the file).
	EnvOldKeys     = "HUNTFLOW_CODEC_OLD_KEYS"
	EnvOldKeysFile = "HUNTFLOW_CODEC_OLD_KEYS_FILE"
)

// FromEnv builds the codec the environment configures. It returns nil and
// no error when no key is set: payloads then go to Temporal as they are.
// Errors name the variable at fault and never the key.
func FromEnv(getenv func(string) string) (*Codec, error) {
	raw, src := getenv(EnvKey), EnvKey
	if f := getenv(EnvKeyFile); f != "" {
		if raw != "" {
			return nil, fmt.Errorf("codec: set %s or %s, not both", EnvKey, EnvKeyFile)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("codec: %s: %w", EnvKeyFile, err)
		}
		raw, src = string(b), EnvKeyFile+" "+f
	}
	var old []Key
	oldText := getenv(EnvOldKeys)
	if f := getenv(EnvOldKeysFile); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("codec: %s: %w", EnvOldKeysFile, err)
		}
		oldText += "\n" + string(b)
	}
	if strings.TrimSpace(raw) == "" {
		if strings.TrimSpace(oldText) != "" || getenv(EnvKeyID) != "" {
			return nil, fmt.Errorf("codec: %s or %s is set without a current key (%s or %s)", EnvOldKeys, EnvKeyID, EnvKey, EnvKeyFile)
		}
		return nil, nil
	}
	secret, err := ParseKey(raw)
	if err != nil {
		return nil, fmt.Errorf("codec: %s: %w", src, err)
	}
	id := strings.TrimSpace(getenv(EnvKeyID))
	if id == "" {
		id = DefaultKeyID(secret)
	}
	old, err = ParseKeyList(oldText)
	if err != nil {
		return nil, fmt.Errorf("codec: old keys: %w", err)
	}
	return New(Key{ID: id, Secret: secret}, old...)
}

// ParseKey decodes a base64 key of KeySize bytes.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return nil, fmt.Errorf("key is %d bytes, want %d (base64 of 32 random bytes: openssl rand -base64 32)", len(b), KeySize)
			}
			return b, nil
		}
	}
	return nil, fmt.Errorf("key is not base64 (want 32 random bytes: openssl rand -base64 32)")
}

// ParseKeyList reads id=base64 entries separated by commas or new lines;
// blank lines and lines starting with # are skipped.
func ParseKeyList(s string) ([]Key, error) {
	var keys []Key
	for n, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' }) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, b64, ok := strings.Cut(line, "=")
		id = strings.TrimSpace(id)
		// A bare base64 key also holds "=" (padding): it must not pass
		// for an entry, nor be echoed in the error.
		if !ok || id == "" || strings.Trim(b64, "= ") == "" {
			return nil, fmt.Errorf("entry %d: want id=base64key", n+1)
		}
		secret, err := ParseKey(b64)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", n+1, err)
		}
		keys = append(keys, Key{ID: id, Secret: secret})
	}
	return keys, nil
}

// DefaultKeyID names a key by a short fingerprint.
func DefaultKeyID(secret []byte) string {
	sum := sha256.Sum256(secret)
	return "k-" + hex.EncodeToString(sum[:4])
}
