package kql

import (
	"strings"
)

// ToDSL translates a query to Elasticsearch query DSL the way Kibana does:
// an unquoted value is a `match`, a quoted one a `match_phrase`, a value with
// wildcards a `query_string` on its field, `field:*` an `exists`, ranges a
// `range`, free text a `multi_match` over every field; and/or/not become
// `bool` filter/should/must_not; `path:{…}` a `nested` query. Field names are
// used as written: a query for an ECS index names ECS fields.
func ToDSL(n Node) map[string]any { return toDSL(n, "") }

func toDSL(n Node, prefix string) map[string]any {
	switch n := n.(type) {
	case Or:
		should := make([]any, len(n.Terms))
		for i, t := range n.Terms {
			should[i] = toDSL(t, prefix)
		}
		return map[string]any{"bool": map[string]any{"should": should, "minimum_should_match": 1}}
	case And:
		if len(n.Terms) == 0 {
			return map[string]any{"match_all": map[string]any{}}
		}
		filter := make([]any, len(n.Terms))
		for i, t := range n.Terms {
			filter[i] = toDSL(t, prefix)
		}
		return map[string]any{"bool": map[string]any{"filter": filter}}
	case Not:
		return map[string]any{"bool": map[string]any{"must_not": []any{toDSL(n.Term, prefix)}}}
	case Nested:
		path := prefix + n.Path
		return map[string]any{"nested": map[string]any{
			"path":       path,
			"query":      toDSL(n.Query, path+"."),
			"score_mode": "none",
		}}
	case Exists:
		return map[string]any{"exists": map[string]any{"field": prefix + n.Field}}
	case Range:
		op := map[string]string{"<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}[n.Op]
		return map[string]any{"range": map[string]any{prefix + n.Field: map[string]any{op: n.Value}}}
	case Match:
		field := prefix + n.Field
		switch {
		case n.Value.IsWildcard():
			q := map[string]any{"query": queryStringValue(n.Value), "analyze_wildcard": true}
			if n.Field != "" {
				q["fields"] = []any{field}
			}
			return map[string]any{"query_string": q}
		case n.Field == "" || strings.Contains(field, "*"):
			q := map[string]any{"query": n.Value.Text, "lenient": true, "type": "best_fields"}
			if n.Value.Quoted {
				q["type"] = "phrase"
			}
			if n.Field != "" {
				q["fields"] = []any{field}
			}
			return map[string]any{"multi_match": q}
		case n.Value.Quoted:
			return map[string]any{"match_phrase": map[string]any{field: n.Value.Text}}
		default:
			return map[string]any{"match": map[string]any{field: n.Value.Text}}
		}
	}
	return map[string]any{"match_none": map[string]any{}}
}

// luceneSpecial are the characters query_string gives a meaning; a literal
// one is escaped so that only the value's wildcards stay wildcards.
const luceneSpecial = `+-=&|><!(){}[]^"~*?:\/ `

func queryStringValue(v Value) string {
	return v.pattern('*', luceneSpecial)
}
