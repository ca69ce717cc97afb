// Package tokens estimates how many tokens a prompt costs, offline: the
// cl100k_base BPE of tiktoken, with its ranks embedded in the binary, so a
// prompt can be sized to a model's context window before it is sent.
//
// Local models use other tokenizers (Llama 2 and Mistral's 32k vocabularies
// spend up to about a quarter more tokens on the same log text), so callers
// that size prompts keep a margin: see Budget.
package tokens

import (
	"sync"
	"unicode/utf8"

	tiktoken "github.com/pkoukk/tiktoken-go"
	loader "github.com/pkoukk/tiktoken-go-loader"
)

// Encoding is the tokenizer the estimates use.
const Encoding = "cl100k_base"

var (
	once sync.Once
	enc  *tiktoken.Tiktoken
)

func encoder() *tiktoken.Tiktoken {
	once.Do(func() {
		tiktoken.SetBpeLoader(loader.NewOfflineLoader())
		e, err := tiktoken.GetEncoding(Encoding)
		if err == nil {
			enc = e
		}
	})
	return enc
}

// Count returns the number of tokens of s. Should the embedded tokenizer
// fail to load it falls back to Heuristic, which never undercounts log text
// by much.
func Count(s string) int {
	if s == "" {
		return 0
	}
	if e := encoder(); e != nil {
		return len(e.EncodeOrdinary(s))
	}
	return Heuristic(s)
}

// Heuristic estimates tokens without the tokenizer: a token per 2.5 bytes of
// ASCII (log JSON is dense in punctuation, GUIDs and paths, which tokenize
// worse than prose's ~4 bytes a token) and one per non-ASCII rune.
func Heuristic(s string) int {
	ascii, other := 0, 0
	for _, r := range s {
		if r < utf8.RuneSelf {
			ascii++
		} else {
			other++
		}
	}
	return (ascii*2+4)/5 + other
}

// Message overhead: each chat message costs a few tokens of framing
// (role, separators) on top of its content, and every reply is primed with a
// few more.
const (
	PerMessage = 4
	PerReply   = 3
)

// Messages estimates the prompt tokens of chat messages.
func Messages(contents ...string) int {
	n := PerReply
	for _, c := range contents {
		n += PerMessage + Count(c)
	}
	return n
}

// Budget is how many prompt tokens fit a context window of contextTokens
// when the reply may take maxReply: the rest, less a margin of a fifth for
// tokenizers that spend more than cl100k_base on the same text.
func Budget(contextTokens, maxReply int) int {
	return max(0, (contextTokens-maxReply)*4/5)
}
