package sigma

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

type condOp uint8

const (
	condSel condOp = iota
	condAnd
	condOr
	condNot
	condOf
)

// cond is a node of a compiled condition.
type cond struct {
	op   condOp
	sel  int     // condSel: index of the selection
	kids []*cond // condAnd, condOr: operands; condNot: the one operand
	sels []int   // condOf: the selections quantified over
	need int     // condOf: how many must match; 0 means all of them
}

func (d *detection) eval(c *cond, ev Event) bool {
	switch c.op {
	case condSel:
		return d.sels[c.sel].match(ev)
	case condAnd:
		for _, k := range c.kids {
			if !d.eval(k, ev) {
				return false
			}
		}
		return true
	case condOr:
		for _, k := range c.kids {
			if d.eval(k, ev) {
				return true
			}
		}
		return false
	case condNot:
		return !d.eval(c.kids[0], ev)
	case condOf:
		if c.need == 0 {
			for _, s := range c.sels {
				if !d.sels[s].match(ev) {
					return false
				}
			}
			return true
		}
		n := 0
		for _, s := range c.sels {
			if d.sels[s].match(ev) {
				if n++; n >= c.need {
					return true
				}
			}
		}
		return false
	}
	return false
}

// tokenize splits a condition into words and parentheses. A pipe is a
// token of its own so that Sigma v1 aggregations are recognised and
// reported rather than misread.
func tokenize(s string) []string {
	var toks []string
	start := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == '|' {
			if start >= 0 {
				toks = append(toks, s[start:i])
				start = -1
			}
			if c == '(' || c == ')' || c == '|' {
				toks = append(toks, s[i:i+1])
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		toks = append(toks, s[start:])
	}
	return toks
}

type condParser struct {
	toks  []string
	pos   int
	names []string
	index map[string]int
}

// parseCondition compiles a condition over the named selections.
// Precedence, loosest first: or, and, not, "x of", parentheses.
func parseCondition(expr string, names []string) (*cond, error) {
	p := &condParser{toks: tokenize(expr), names: names, index: make(map[string]int, len(names))}
	for i, n := range names {
		p.index[n] = i
	}
	if len(p.toks) == 0 {
		return nil, errors.New("empty condition")
	}
	for _, tok := range p.toks {
		switch {
		case tok == "|":
			return nil, &UnsupportedError{Feature: "aggregation in condition (Sigma v1 \"| count() ...\"); use a correlation rule"}
		case strings.EqualFold(tok, "near"):
			return nil, &UnsupportedError{Feature: "near in condition (Sigma v1); use a temporal correlation rule"}
		}
	}
	c, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		if p.toks[p.pos] == ")" {
			return nil, errors.New("unbalanced parentheses: unexpected )")
		}
		return nil, fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	return c, nil
}

func (p *condParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *condParser) keyword(word string) bool {
	return strings.EqualFold(p.peek(), word)
}

func (p *condParser) parseOr() (*cond, error) {
	return p.parseBinary("or", condOr, p.parseAnd)
}

func (p *condParser) parseAnd() (*cond, error) {
	return p.parseBinary("and", condAnd, p.parseNot)
}

func (p *condParser) parseBinary(word string, op condOp, next func() (*cond, error)) (*cond, error) {
	first, err := next()
	if err != nil {
		return nil, err
	}
	kids := []*cond{first}
	for p.keyword(word) {
		p.pos++
		k, err := next()
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return &cond{op: op, kids: kids}, nil
}

func (p *condParser) parseNot() (*cond, error) {
	if p.keyword("not") {
		p.pos++
		k, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		return &cond{op: condNot, kids: []*cond{k}}, nil
	}
	return p.parsePrimary()
}

func (p *condParser) parsePrimary() (*cond, error) {
	tok := p.peek()
	switch {
	case tok == "":
		return nil, errors.New("condition ends where an operand is expected")
	case tok == "(":
		p.pos++
		c, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, errors.New("unbalanced parentheses: missing )")
		}
		p.pos++
		return c, nil
	case tok == ")":
		return nil, errors.New("unbalanced parentheses: unexpected )")
	case isOperator(tok):
		return nil, fmt.Errorf("unexpected %q where an operand is expected", tok)
	}
	if p.pos+1 < len(p.toks) && strings.EqualFold(p.toks[p.pos+1], "of") {
		return p.parseOf()
	}
	p.pos++
	i, ok := p.index[tok]
	if !ok {
		return nil, fmt.Errorf("undefined search identifier %q", tok)
	}
	return &cond{op: condSel, sel: i}, nil
}

func isOperator(tok string) bool {
	for _, w := range []string{"and", "or", "not", "of", "them"} {
		if strings.EqualFold(tok, w) {
			return true
		}
	}
	return false
}

// parseOf parses "1 of pattern", "all of them" and the like.
func (p *condParser) parseOf() (*cond, error) {
	quant := p.toks[p.pos]
	p.pos += 2 // quantifier and "of"
	c := &cond{op: condOf}
	if !strings.EqualFold(quant, "all") {
		n, err := strconv.Atoi(quant)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad quantifier %q: want 1 (or another count) or all", quant)
		}
		c.need = n
	}
	target := p.peek()
	if target == "" || target == "(" || target == ")" || (isOperator(target) && !strings.EqualFold(target, "them")) {
		return nil, fmt.Errorf("%q of: want them or a search identifier pattern", quant)
	}
	p.pos++
	if strings.EqualFold(target, "them") {
		// By convention identifiers starting with an underscore are
		// helpers, left out of "them".
		for i, n := range p.names {
			if !strings.HasPrefix(n, "_") {
				c.sels = append(c.sels, i)
			}
		}
		if len(c.sels) == 0 {
			return nil, fmt.Errorf("%s of them: no search identifiers", quant)
		}
	} else {
		for i, n := range p.names {
			if matchNamePattern(target, n) {
				c.sels = append(c.sels, i)
			}
		}
		if len(c.sels) == 0 {
			return nil, fmt.Errorf("%s of %s: no search identifier matches %q", quant, target, target)
		}
	}
	if c.need > len(c.sels) {
		return nil, fmt.Errorf("%s of %s: only %d search identifiers match", quant, target, len(c.sels))
	}
	return c, nil
}

// matchNamePattern matches a search identifier against a pattern in which *
// stands for any run of characters.
func matchNamePattern(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(name, mid)
		if i < 0 {
			return false
		}
		name = name[i+len(mid):]
	}
	return strings.HasSuffix(name, last)
}
