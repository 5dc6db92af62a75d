package articlemap

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// validator checks a JSON value against a schema written in the subset of JSON Schema
// (draft 2020-12) that articlemap.schema.json uses. A keyword outside that subset is an
// error, not silently ignored, so the schema cannot promise more than the test checks.
type validator struct {
	root map[string]any
	errs []string
}

var annotations = map[string]bool{"$schema": true, "$id": true, "$defs": true, "$comment": true, "title": true, "description": true}

func validate(schema []byte, doc []byte) ([]string, error) {
	var root, inst any
	if err := json.Unmarshal(schema, &root); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if err := json.Unmarshal(doc, &inst); err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	m, ok := root.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema: not an object")
	}
	v := &validator{root: m}
	if err := v.check(m, inst, "$"); err != nil {
		return nil, err
	}
	return v.errs, nil
}

func (v *validator) fail(path, format string, args ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
}

// check validates inst at path against schema s; a returned error is a fault in the schema.
func (v *validator) check(s map[string]any, inst any, path string) error {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys) // stable error order
	num, isNum := inst.(float64)
	for _, k := range keys {
		val := s[k]
		switch k {
		case "$ref":
			ref, err := v.resolve(val)
			if err != nil {
				return err
			}
			if err := v.check(ref, inst, path); err != nil {
				return err
			}
		case "type":
			var types []string
			switch t := val.(type) {
			case string:
				types = []string{t}
			case []any:
				for _, x := range t {
					types = append(types, x.(string))
				}
			}
			if !slices.ContainsFunc(types, func(t string) bool { return hasType(inst, t) }) {
				v.fail(path, "type %s, want %s", typeName(inst), strings.Join(types, " or "))
			}
		case "const":
			if !equalJSON(val, inst) {
				v.fail(path, "%v, want %v", inst, val)
			}
		case "enum":
			if !slices.ContainsFunc(val.([]any), func(x any) bool { return equalJSON(x, inst) }) {
				v.fail(path, "%v is not one of %v", inst, val)
			}
		case "minimum", "maximum", "exclusiveMinimum":
			lim := val.(float64)
			if isNum && (k == "minimum" && num < lim || k == "maximum" && num > lim || k == "exclusiveMinimum" && num <= lim) {
				v.fail(path, "%v breaks %s %v", num, k, lim)
			}
		case "minLength":
			if str, ok := inst.(string); ok && float64(len([]rune(str))) < val.(float64) {
				v.fail(path, "string shorter than %v", val)
			}
		case "pattern":
			re, err := regexp.Compile(val.(string))
			if err != nil {
				return fmt.Errorf("schema at %s: %w", path, err)
			}
			if str, ok := inst.(string); ok && !re.MatchString(str) {
				v.fail(path, "%q does not match %s", str, val)
			}
		case "minItems":
			if arr, ok := inst.([]any); ok && float64(len(arr)) < val.(float64) {
				v.fail(path, "%d items, want at least %v", len(arr), val)
			}
		case "items":
			if arr, ok := inst.([]any); ok {
				for i, x := range arr {
					if err := v.check(val.(map[string]any), x, path+"["+strconv.Itoa(i)+"]"); err != nil {
						return err
					}
				}
			}
		case "required":
			if obj, ok := inst.(map[string]any); ok {
				for _, r := range val.([]any) {
					if _, ok := obj[r.(string)]; !ok {
						v.fail(path, "missing %q", r)
					}
				}
			}
		case "properties":
			obj, ok := inst.(map[string]any)
			if !ok {
				break
			}
			props := val.(map[string]any)
			for name, sub := range props {
				if x, ok := obj[name]; ok {
					if err := v.check(sub.(map[string]any), x, path+"."+name); err != nil {
						return err
					}
				}
			}
		case "additionalProperties":
			obj, ok := inst.(map[string]any)
			if !ok {
				break
			}
			props, _ := s["properties"].(map[string]any)
			for name, x := range obj {
				if _, declared := props[name]; declared {
					continue
				}
				switch ap := val.(type) {
				case bool:
					if !ap {
						v.fail(path, "unexpected property %q", name)
					}
				case map[string]any:
					if err := v.check(ap, x, path+"."+name); err != nil {
						return err
					}
				}
			}
		default:
			if !annotations[k] {
				return fmt.Errorf("schema at %s: keyword %q is not supported by this validator", path, k)
			}
		}
	}
	return nil
}

// resolve follows a local reference such as "#/$defs/page".
func (v *validator) resolve(ref any) (map[string]any, error) {
	s, _ := ref.(string)
	rest, ok := strings.CutPrefix(s, "#/")
	if !ok {
		return nil, fmt.Errorf("schema: only local references are supported, got %q", s)
	}
	var cur any = v.root
	for _, tok := range strings.Split(rest, "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("schema: reference %q does not resolve", s)
		}
		if cur, ok = obj[tok]; !ok {
			return nil, fmt.Errorf("schema: reference %q does not resolve", s)
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema: reference %q is not a schema", s)
	}
	return m, nil
}

func hasType(inst any, t string) bool {
	switch t {
	case "null":
		return inst == nil
	case "boolean":
		_, ok := inst.(bool)
		return ok
	case "string":
		_, ok := inst.(string)
		return ok
	case "number":
		_, ok := inst.(float64)
		return ok
	case "integer":
		f, ok := inst.(float64)
		return ok && f == math.Trunc(f)
	case "array":
		_, ok := inst.([]any)
		return ok
	case "object":
		_, ok := inst.(map[string]any)
		return ok
	}
	return false
}

func typeName(inst any) string {
	for _, t := range []string{"null", "boolean", "string", "integer", "number", "array", "object"} {
		if hasType(inst, t) {
			return t
		}
	}
	return fmt.Sprintf("%T", inst)
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestValidatorFollowsTheSubsetOfJSONSchema(t *testing.T) {
	schema := `{
	  "$defs": {"n": {"type": "integer", "minimum": 1}},
	  "type": "object", "required": ["a"], "additionalProperties": false,
	  "properties": {
	    "a": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/n"}},
	    "b": {"type": ["string", "null"], "pattern": "^x", "minLength": 2},
	    "c": {"const": 3}, "d": {"enum": ["p", "q"]},
	    "e": {"type": "number", "exclusiveMinimum": 0, "maximum": 1}
	  }}`
	tests := []struct {
		name, doc string
		errs      int
	}{
		{"a valid document passes", `{"a": [1, 2], "b": "xy", "c": 3, "d": "q", "e": 1}`, 0},
		{"null is allowed where the type lists it", `{"a": [1], "b": null}`, 0},
		{"a missing required property fails", `{}`, 1},
		{"an undeclared property fails", `{"a": [1], "z": 1}`, 1},
		{"a fraction is not an integer", `{"a": [1.5]}`, 1},
		{"a number below the minimum fails", `{"a": [0]}`, 1},
		{"an empty array breaks minItems", `{"a": []}`, 1},
		{"a string breaks pattern and minLength", `{"a": [1], "b": "y"}`, 2},
		{"const and enum mismatches fail", `{"a": [1], "c": 4, "d": "r"}`, 2},
		{"an exclusive minimum excludes the bound", `{"a": [1], "e": 0}`, 1},
		{"a maximum fails above it", `{"a": [1], "e": 1.5}`, 1},
		{"a wrong type fails", `{"a": "1"}`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs, err := validate([]byte(schema), []byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) != tc.errs {
				t.Errorf("got %d errors %q, want %d", len(errs), errs, tc.errs)
			}
		})
	}
}

func TestValidatorRejectsKeywordsItDoesNotImplement(t *testing.T) {
	for _, schema := range []string{`{"oneOf": []}`, `{"$ref": "other.json#/x"}`, `{"$ref": "#/$defs/missing"}`} {
		if _, err := validate([]byte(schema), []byte(`{}`)); err == nil {
			t.Errorf("schema %s was accepted", schema)
		}
	}
}
