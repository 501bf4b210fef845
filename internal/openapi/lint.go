package openapi

import (
	"fmt"
	"sort"
	"strings"
)

// schemaKeywords are the schema keywords Validate understands, and the
// annotations it may ignore.
func schemaKeywords() map[string]bool {
	return map[string]bool{
		"$ref": true, "type": true, "enum": true, "const": true, "properties": true, "required": true,
		"additionalProperties": true, "items": true, "minItems": true, "maxItems": true, "minimum": true,
		"maximum": true, "minLength": true, "maxLength": true, "pattern": true, "format": true, "oneOf": true,
		"anyOf": true, "allOf": true,
		// Annotations.
		"description": true, "example": true, "examples": true, "default": true, "title": true, "deprecated": true,
	}
}

// Lint checks the document's consistency: unique operation ids, declared
// tags and security schemes, path parameters declared exactly once, at
// least one success response per operation, every $ref resolving, and
// only schema keywords that Validate implements. It returns every problem
// found.
func (d *Document) Lint() []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	tags := map[string]bool{}
	if list, ok := d.root["tags"].([]any); ok {
		for _, t := range list {
			if m, ok := t.(map[string]any); ok {
				name, _ := m["name"].(string)
				tags[name] = true
			}
		}
	}
	schemes := map[string]bool{}
	if comps, ok := d.root["components"].(map[string]any); ok {
		if ss, ok := comps["securitySchemes"].(map[string]any); ok {
			for name := range ss {
				schemes[name] = true
			}
		}
	}
	ids := map[string]string{}
	for _, op := range d.Operations() {
		where := op.Method + " " + op.Path
		switch prev, dup := ids[op.ID]; {
		case op.ID == "":
			add("%s: no operationId", where)
		case dup:
			add("%s: operationId %q is also used by %s", where, op.ID, prev)
		default:
			ids[op.ID] = where
		}
		opTags, _ := op.op["tags"].([]any)
		if len(opTags) == 0 {
			add("%s: no tag", where)
		}
		for _, t := range opTags {
			if s, _ := t.(string); !tags[s] {
				add("%s: tag %q is not declared in the document's tags", where, s)
			}
		}
		if sec, ok := op.op["security"].([]any); ok {
			for _, req := range sec {
				m, _ := req.(map[string]any)
				for name := range m {
					if !schemes[name] {
						add("%s: security scheme %q is not declared", where, name)
					}
				}
			}
		} else {
			add("%s: no security requirement (use [{}] for none)", where)
		}
		resps, _ := op.op["responses"].(map[string]any)
		ok := false
		for code := range resps {
			if strings.HasPrefix(code, "2") || strings.HasPrefix(code, "3") {
				ok = true
			}
		}
		if !ok {
			add("%s: no 2xx or 3xx response", where)
		}
		d.lintParams(op, add)
	}
	d.walk(d.root, "#", false, add)
	sort.Strings(probs)
	return probs
}

// lintParams checks that the template's parameters and the declared path
// parameters are the same.
func (d *Document) lintParams(op Operation, add func(string, ...any)) {
	where := op.Method + " " + op.Path
	inTemplate := map[string]bool{}
	for _, seg := range strings.Split(op.Path, "/") {
		if isParam(seg) {
			inTemplate[seg[1:len(seg)-1]] = true
		}
	}
	declared := map[string]bool{}
	var params []any
	for _, p := range d.paths {
		if p.template == op.Path {
			if list, ok := p.item["parameters"].([]any); ok {
				params = append(params, list...)
			}
		}
	}
	if list, ok := op.op["parameters"].([]any); ok {
		params = append(params, list...)
	}
	for _, raw := range params {
		p, err := d.resolve(raw)
		if err != nil {
			add("%s: parameter: %v", where, err)
			continue
		}
		name, _ := p["name"].(string)
		if in, _ := p["in"].(string); in == "path" {
			if declared[name] {
				add("%s: path parameter %q declared twice", where, name)
			}
			declared[name] = true
			if req, _ := p["required"].(bool); !req {
				add("%s: path parameter %q must be required", where, name)
			}
			if !inTemplate[name] {
				add("%s: path parameter %q is not in the path", where, name)
			}
		}
	}
	for name := range inTemplate {
		if !declared[name] {
			add("%s: path parameter %q is not declared", where, name)
		}
	}
}

// walk visits the document: every $ref must resolve, and every schema
// (under a "schema", "schemas", "items", "properties", ... key) may only
// use known keywords.
func (d *Document) walk(v any, at string, isSchema bool, add func(string, ...any)) {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			if _, err := d.pointer(ref); err != nil {
				add("%s: %v", at, err)
			}
		}
		known := schemaKeywords()
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			child := at + "/" + k
			if isSchema && !known[k] && !strings.HasPrefix(k, "x-") {
				add("%s: schema keyword %q is not supported by the validator", at, k)
			}
			switch {
			case isSchema && (k == "example" || k == "examples" || k == "default" || k == "enum" || k == "const"):
				// Values, not schemas.
			case isSchema && k == "properties":
				if props, ok := x[k].(map[string]any); ok {
					for name, p := range props {
						d.walk(p, child+"/"+name, true, add)
					}
				}
			case isSchema && (k == "items" || k == "additionalProperties"):
				d.walk(x[k], child, true, add)
			case isSchema && (k == "oneOf" || k == "anyOf" || k == "allOf"):
				if list, ok := x[k].([]any); ok {
					for i, s := range list {
						d.walk(s, fmt.Sprintf("%s/%d", child, i), true, add)
					}
				}
			case !isSchema && k == "schema":
				d.walk(x[k], child, true, add)
			case !isSchema && k == "schemas" && at == "#/components":
				if all, ok := x[k].(map[string]any); ok {
					for name, s := range all {
						d.walk(s, child+"/"+name, true, add)
					}
				}
			case !isSchema && (k == "example" || k == "examples"):
				// Values.
			default:
				if !isSchema {
					d.walk(x[k], child, false, add)
				}
			}
		}
	case []any:
		for i, e := range x {
			d.walk(e, fmt.Sprintf("%s/%d", at, i), isSchema, add)
		}
	}
}
