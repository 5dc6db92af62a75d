package manifest

import (
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"
)

// node is a YAML value after aliases and merge keys are resolved. Unlike yaml.Node it records the
// file it was written in, so that values merged in from a house-style file keep their position.
type node struct {
	kind   kind
	tag    string // "!!str", "!!int", ... for scalars
	value  string
	pos    Pos
	block  bool     // a "|" or ">" scalar
	items  []*node  // sequence
	fields []*field // mapping, in written order
}

type kind int

const (
	nullKind kind = iota
	scalarKind
	mapKind
	seqKind
	badKind // a value whose problem is already reported; readers skip it silently
)

type field struct {
	key    string
	keyPos Pos
	val    *node
}

// get returns the field with the key, or nil.
func (n *node) get(key string) *field {
	if n == nil {
		return nil
	}
	for _, f := range n.fields {
		if f.key == key {
			return f
		}
	}
	return nil
}

// describe names what a value is, for "expected X, got Y" messages.
func (n *node) describe() string {
	switch {
	case n == nil || n.kind == nullKind:
		return "nothing"
	case n.kind == mapKind:
		return "a mapping"
	case n.kind == seqKind:
		return "a list"
	}
	v := n.value
	if r := []rune(v); len(r) > 40 {
		v = string(r[:40]) + "…"
	}
	return strconv.Quote(v)
}

// Limits that keep hostile input cheap: an alias bomb expands exponentially, so the nodes that
// aliases may produce are counted and capped.
const (
	maxAliasNodes = 100_000
	maxFileBytes  = 16 << 20
)

// converter turns one file's yaml.Node tree into nodes.
type converter struct {
	file     string
	errs     *problems
	budget   int                 // nodes that alias expansion may still produce
	expand   int                 // > 0 while expanding an alias
	active   map[*yaml.Node]bool // nodes being converted: an alias to one of them is a cycle
	exploded bool                // the alias budget ran out; conversion stops
}

var allowedTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true,
	"!!timestamp": true, "!!map": true, "!!seq": true, "!!merge": true,
}

func (c *converter) pos(y *yaml.Node) Pos { return Pos{File: c.file, Line: y.Line, Col: y.Column} }

func (c *converter) conv(y *yaml.Node, path string) *node {
	if c.exploded {
		return &node{kind: badKind, pos: c.pos(y)}
	}
	if c.expand > 0 {
		c.budget--
		if c.budget < 0 {
			c.exploded = true
			c.errs.add(c.pos(y), path, "aliases are for sharing a few values, not generating data",
				"aliases expand to more than %d values; refusing to expand them (an alias bomb?)", maxAliasNodes)
			return &node{kind: badKind, pos: c.pos(y)}
		}
	}
	if y.Kind == yaml.AliasNode {
		return c.alias(y, path)
	}
	c.active[y] = true
	defer delete(c.active, y)

	n := &node{pos: c.pos(y), tag: y.Tag}
	if y.Tag != "" && !allowedTags[y.Tag] && y.Kind != yaml.DocumentNode {
		c.errs.add(n.pos, path, "remove the tag; plain values are enough", "YAML tag %s is not supported", y.Tag)
	}
	switch y.Kind {
	case yaml.ScalarNode:
		if y.Tag == "!!null" {
			n.kind = nullKind
			return n
		}
		n.kind, n.value = scalarKind, y.Value
		n.block = y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	case yaml.SequenceNode:
		n.kind = seqKind
		for i, item := range y.Content {
			n.items = append(n.items, c.conv(item, fmt.Sprintf("%s[%d]", path, i)))
		}
	case yaml.MappingNode:
		n.kind = mapKind
		c.mapping(y, n, path)
	default:
		c.errs.add(n.pos, path, "", "unexpected YAML node")
		n.kind = badKind
	}
	return n
}

func (c *converter) alias(y *yaml.Node, path string) *node {
	if y.Alias == nil || c.active[y.Alias] {
		c.errs.add(c.pos(y), path, "an alias cannot refer to a value that contains it", "alias *%s refers to itself", y.Value)
		return &node{kind: badKind, pos: c.pos(y)}
	}
	c.expand++
	n := c.conv(y.Alias, path)
	c.expand--
	return n
}

func (c *converter) mapping(y *yaml.Node, n *node, path string) {
	var merges []*node
	for i := 0; i+1 < len(y.Content); i += 2 {
		ky, vy := y.Content[i], y.Content[i+1]
		if ky.Kind == yaml.ScalarNode && ky.Tag == "!!merge" {
			merges = append(merges, c.conv(vy, path))
			continue
		}
		k := c.conv(ky, path)
		if k.kind == badKind {
			continue
		}
		if k.kind != scalarKind && k.kind != nullKind {
			c.errs.add(k.pos, path, "keys are plain words such as headline", "a key must be text, got %s", k.describe())
			continue
		}
		sub := join(path, k.value)
		v := c.conv(vy, sub)
		if prev := n.get(k.value); prev != nil {
			c.errs.add(k.pos, sub, "remove one of them", "key %q is already defined at line %d", k.value, prev.keyPos.Line)
			continue
		}
		n.fields = append(n.fields, &field{key: k.value, keyPos: k.pos, val: v})
	}
	// Merge keys (<<: *defaults): keys written in the mapping win, then earlier merged mappings.
	for _, m := range merges {
		srcs := []*node{m}
		if m.kind == seqKind {
			srcs = m.items
		}
		for _, s := range srcs {
			if s.kind == badKind {
				continue
			}
			if s.kind != mapKind {
				c.errs.add(s.pos, path, "write <<: *anchor where the anchor names a mapping",
					"a << merge needs a mapping or a list of mappings, got %s", s.describe())
				continue
			}
			for _, f := range s.fields {
				if n.get(f.key) == nil {
					n.fields = append(n.fields, f)
				}
			}
		}
	}
}

// join builds field paths: "" + "edition" = "edition", "edition" + "date" = "edition.date".
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
