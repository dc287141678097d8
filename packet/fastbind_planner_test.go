package packet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet/internal/compiled"
	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/google/uuid"
)

// The fast path (fastRecord) checks the schemas' constraints while it
// binds. Nobody spells them by hand: a plan of each record kind of each
// format version is read from the embedded schemas themselves, joined
// with the model's description (typeInfo), and written as Go code by the
// generator (TestFastGenerated, which fails when that code is stale).
// The plan knows a subset
// of JSON Schema — the one the schemas use today — and marks whatever it
// does not model (a keyword, a shape of if/then, a pattern with no
// matcher) as a member that never binds quietly: a schema change it cannot
// follow makes records take the exact path, never pass unchecked.

// jsonTypes is a set of JSON Schema types.
type jsonTypes uint8

const (
	typeString jsonTypes = 1 << iota
	typeNumber
	typeInteger
	typeBoolean
	typeObject
	typeArray
	typeNull
)

var typeNames = map[string]jsonTypes{"string": typeString, "number": typeNumber, "integer": typeInteger,
	"boolean": typeBoolean, "object": typeObject, "array": typeArray, "null": typeNull}

// bound is an integer bound of a number (minimum, maximum,
// exclusiveMinimum); bounds far beyond any value are not modelled.
type bound struct {
	set bool
	v   int64
}

// maxBound keeps a bound times 100 (a decimal2 scaled) inside int64.
const maxBound = 1 << 50

// fastRule is what the schemas require of one value, every $ref and allOf
// gathered into one conjunction.
type fastRule struct {
	types           jsonTypes  // 0: any
	minLen, maxLen  int        // in runes; maxLen -1: none
	patterns        []string   // each with a matcher (compiled.Pattern)
	notPatterns     []string   // not {type: string, pattern}: the oneLine rule
	enums           [][]string // enum and const: the value is one of each list
	min, max, exMin bound
	minItems        int
	items           string            // location of the items' schema
	props           map[string]string // location of each property's schema
	required        []string
	conds           [][2]string // locations of the if and then of each if/then
	unsupported     string
}

// constrainsString and the like say whether the rule says anything of a
// value of that kind.
func (r *fastRule) constrainsString() bool {
	return r.minLen > 0 || r.maxLen >= 0 || r.patterns != nil || r.notPatterns != nil || r.enums != nil
}
func (r *fastRule) constrainsNumber() bool { return r.min.set || r.max.set || r.exMin.set }
func (r *fastRule) constrainsObject() bool {
	return r.props != nil || r.required != nil || r.conds != nil
}
func (r *fastRule) constrainsArray() bool { return r.minItems > 0 || r.items != "" }

// allows reports whether the rule's types admit type t (an integer is a
// number).
func (r *fastRule) allows(t jsonTypes) bool {
	if r.types == 0 {
		return true
	}
	if t == typeInteger {
		return r.types&(typeInteger|typeNumber) != 0
	}
	return r.types&t != 0
}

// fastObject is the plan of an object: its members, by wire name.
type fastObject struct {
	members  []fastMember
	byName   map[string]int
	required [2]uint64 // bits of members
	conds    []fastCond
	// checked is set for the types whose members' values depend on one
	// another (binder.objectChecks).
	checked bool
}

// fastMember is one member of an object the schema and the model both
// have.
type fastMember struct {
	f    *field
	rule *fastRule
	obj  *fastObject // the plan of the object, or of each item of an array
	// viewText is set for a text member whose value keeps nothing of the
	// text it is parsed from (textViewTypes).
	viewText bool
	// bad marks a member that never binds quietly: of another format
	// version, of no field of the model, or constrained in a way the plan
	// does not model.
	bad bool
}

// fastCond is an if/then of an object's schema, of the one shape the
// schemas use: when member holds a string (one of values, or, negated,
// none of them), the members of then are required.
type fastCond struct {
	member int
	values []string
	negate bool
	then   [2]uint64
}

// fastPlans are the plans of the record kinds of each format version, by
// major version and record name, read once from the embedded schemas.
var fastPlans = sync.OnceValue(func() map[int]map[string]*fastObject {
	out := map[int]map[string]*fastObject{}
	for _, major := range schema.Versions() {
		if _, ok := formatVersionOf(major); !ok {
			continue
		}
		g, err := loadFastSchemas(major)
		if err != nil {
			continue // no plan: every record of the version takes the exact path
		}
		kinds := map[string]string{
			(*Profile)(nil).RecordName(): schema.Profile, (*Change)(nil).RecordName(): schema.Change,
			(*MatchResult)(nil).RecordName(): schema.MatchResult, (*ProcessingResult)(nil).RecordName(): schema.ProcessingResult,
		}
		out[major] = map[string]*fastObject{}
		for name, file := range kinds {
			if o := g.root(name, g.files[file]+"#"); o != nil {
				out[major][name] = o
			}
		}
	}
	return out
})

// fastPlan returns the plan of the records of kind name in format version
// major, or nil when there is none.
func fastPlan(name string, major int) *fastObject { return fastPlans()[major][name] }

// fastSchemas is the schema documents of one format version, read to plan.
type fastSchemas struct {
	major int
	docs  map[string]any    // by $id
	files map[string]string // $id by file name
}

func loadFastSchemas(major int) (*fastSchemas, error) {
	dir, err := schema.Dir(major)
	if err != nil {
		return nil, err
	}
	g := &fastSchemas{major: major, docs: map[string]any{}, files: map[string]string{}}
	for _, name := range []string{schema.Common, schema.Profile, schema.Change, schema.MatchResult, schema.ProcessingResult} {
		data, err := fs.ReadFile(schema.FS, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		var doc map[string]any
		if err := d.Decode(&doc); err != nil {
			return nil, err
		}
		id, _ := doc["$id"].(string)
		g.docs[id] = doc
		g.files[name] = id
	}
	return g, nil
}

// resolve returns the schema at the absolute location loc (id#pointer).
func (g *fastSchemas) resolve(loc string) (any, bool) {
	id, frag, _ := strings.Cut(loc, "#")
	node := g.docs[id]
	if node == nil {
		return nil, false
	}
	if frag == "" {
		return node, true
	}
	for tok := range strings.SplitSeq(strings.TrimPrefix(frag, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := node.(map[string]any)
		if !ok || m[tok] == nil {
			return nil, false
		}
		node = m[tok]
	}
	return node, true
}

// fastAnnotations are the keywords that assert nothing.
var fastAnnotations = map[string]bool{"$schema": true, "$id": true, "$defs": true, "title": true, "description": true,
	"$comment": true, "examples": true, "default": true}

// rule gathers the constraints of the schema at loc.
func (g *fastSchemas) rule(loc string) *fastRule {
	r := &fastRule{maxLen: -1}
	g.collect(loc, r, 0)
	return r
}

// collect adds the constraints of the schema at loc to r.
func (g *fastSchemas) collect(loc string, r *fastRule, depth int) {
	node, ok := g.resolve(loc)
	if depth > 16 || !ok {
		r.unsupported = "an unresolved $ref at " + loc
		return
	}
	if b, ok := node.(bool); ok {
		if !b {
			r.unsupported = "a false schema"
		}
		return
	}
	s, ok := node.(map[string]any)
	if !ok {
		r.unsupported = "not a schema at " + loc
		return
	}
	for _, k := range slices.Sorted(maps.Keys(s)) {
		if fastAnnotations[k] {
			continue
		}
		if why := g.keyword(loc, k, s, r, depth); why != "" {
			r.unsupported = fmt.Sprintf("%s at %s", why, loc)
		}
	}
}

// keyword adds one keyword of the schema s at loc to r, or says why it
// cannot.
func (g *fastSchemas) keyword(loc, k string, s map[string]any, r *fastRule, depth int) string {
	v := s[k]
	switch k {
	case "$ref":
		ref, _ := v.(string)
		if strings.HasPrefix(ref, "#") {
			id, _, _ := strings.Cut(loc, "#")
			ref = id + ref
		}
		if !strings.Contains(ref, "#") {
			ref += "#"
		}
		g.collect(ref, r, depth+1)
	case "allOf":
		all, _ := v.([]any)
		for i := range all {
			g.collect(loc+"/allOf/"+strconv.Itoa(i), r, depth+1)
		}
	case "type":
		return r.addTypes(v)
	case "minLength", "maxLength", "minItems":
		return r.addSize(k, v)
	case "pattern":
		p, _ := v.(string)
		if _, ok := compiled.Pattern(p); !ok {
			return "a pattern with no matcher"
		}
		r.patterns = append(r.patterns, p)
	case "not":
		return g.addNot(loc+"/not", r)
	case "enum", "const":
		list, ok := stringList(v, k == "const")
		if !ok {
			return "an " + k + " of other values than strings"
		}
		r.enums = append(r.enums, list)
	case "minimum", "maximum", "exclusiveMinimum":
		return r.addBound(k, v)
	case "items":
		if r.items != "" {
			return "items twice"
		}
		r.items = loc + "/items"
	case "properties":
		props, _ := v.(map[string]any)
		if r.props != nil {
			return "properties twice"
		}
		r.props = map[string]string{}
		for name := range props {
			r.props[name] = loc + "/properties/" + escapePointer(name)
		}
	case "required":
		list, ok := stringList(v, false)
		if !ok {
			return "a required list of other values than strings"
		}
		r.required = append(r.required, list...)
	case "additionalProperties":
		// Closed or not, a member the model lacks is reported by the
		// binder, and so does not bind quietly.
		if _, ok := v.(bool); !ok {
			return "additionalProperties as a schema"
		}
	case "if":
		if _, ok := s["else"]; ok {
			return "if/else"
		}
		r.conds = append(r.conds, [2]string{loc + "/if", loc + "/then"})
	case "then", "else":
		// with if
	default:
		return "keyword " + strconv.Quote(k)
	}
	return ""
}

func (r *fastRule) addTypes(v any) string {
	var t jsonTypes
	switch v := v.(type) {
	case string:
		t = typeNames[v]
	case []any:
		for _, x := range v {
			name, _ := x.(string)
			t |= typeNames[name]
		}
	}
	if t == 0 {
		return "an unknown type"
	}
	if r.types != 0 {
		// Both must hold: an integer is a number.
		if t&typeNumber != 0 {
			t |= typeInteger
		}
		if r.types&typeNumber != 0 {
			r.types |= typeInteger
		}
		t &= r.types
		if t == 0 {
			return "types that no value has"
		}
	}
	r.types = t
	return ""
}

func (r *fastRule) addSize(k string, v any) string {
	n, ok := v.(json.Number)
	i, err := strconv.Atoi(string(n))
	if !ok || err != nil || i < 0 {
		return k + " that is not a small whole number"
	}
	switch k {
	case "minLength":
		r.minLen = max(r.minLen, i)
	case "maxLength":
		if r.maxLen < 0 || i < r.maxLen {
			r.maxLen = i
		}
	case "minItems":
		r.minItems = max(r.minItems, i)
	}
	return ""
}

func (r *fastRule) addBound(k string, v any) string {
	n, _ := v.(json.Number)
	b, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil || b > maxBound || b < -maxBound {
		return k + " that is not a small integer"
	}
	switch k {
	case "minimum":
		if !r.min.set || b > r.min.v {
			r.min = bound{true, b}
		}
	case "maximum":
		if !r.max.set || b < r.max.v {
			r.max = bound{true, b}
		}
	case "exclusiveMinimum":
		if !r.exMin.set || b > r.exMin.v {
			r.exMin = bound{true, b}
		}
	}
	return ""
}

// addNot models the one not the schemas use on values: a string must not
// match a pattern (the oneLine rule).
func (g *fastSchemas) addNot(loc string, r *fastRule) string {
	n := g.rule(loc)
	if n.unsupported != "" || n.types != typeString || len(n.patterns) != 1 || n.minLen > 0 || n.maxLen >= 0 ||
		n.notPatterns != nil || n.enums != nil || n.constrainsNumber() || n.constrainsObject() || n.constrainsArray() {
		return "a not of another shape than {type: string, pattern}"
	}
	r.notPatterns = append(r.notPatterns, n.patterns[0])
	return ""
}

// stringList reads an enum (or, one, a const) of strings.
func stringList(v any, one bool) ([]string, bool) {
	if one {
		s, ok := v.(string)
		return []string{s}, ok
	}
	a, ok := v.([]any)
	out := make([]string, 0, len(a))
	for _, x := range a {
		s, isStr := x.(string)
		if !isStr {
			return nil, false
		}
		out = append(out, s)
	}
	return out, ok
}

// root plans a record kind; nil when its schema is not one the plan models.
func (g *fastSchemas) root(name, loc string) *fastObject {
	ti := recordInfo(name)
	r := g.rule(loc)
	if ti == nil || r.unsupported != "" || !r.allows(typeObject) {
		return nil
	}
	o := g.object(r, ti, 0)
	if o == nil {
		return nil
	}
	// A member by which guessRecordName would take the record for another
	// kind does not bind quietly.
	for i := range o.members {
		m := &o.members[i]
		if g := guessRecordName(map[string]any{m.f.name: nil}); g != "" && g != name {
			m.bad = true
		}
	}
	return o
}

// object plans an object of the model type ti whose schema's constraints
// are r; nil when the plan cannot model them.
func (g *fastSchemas) object(r *fastRule, ti *typeInfo, depth int) *fastObject {
	if depth > 16 || r.unsupported != "" || !r.allows(typeObject) || r.constrainsString() || r.constrainsNumber() || r.constrainsArray() {
		return nil
	}
	o := &fastObject{byName: map[string]int{}, checked: ti.typ == reflect.TypeFor[FieldChange]() || ti.typ == reflect.TypeFor[Difference]()}
	add := func(name string) int {
		if i, ok := o.byName[name]; ok {
			return i
		}
		o.byName[name] = len(o.members)
		m := g.member(name, r.props[name], ti, depth)
		o.members = append(o.members, m)
		return len(o.members) - 1
	}
	// In the model's order, in which records are mostly written
	// (fastObject.index), then the schema's members the model lacks.
	for i := range ti.fields {
		if _, ok := r.props[ti.fields[i].name]; ok {
			add(ti.fields[i].name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.props)) {
		add(name)
	}
	for _, name := range r.required {
		i := add(name)
		o.required[i>>6] |= 1 << (i & 63)
	}
	if len(o.members) > 128 {
		return nil
	}
	for _, c := range r.conds {
		fc, ok := g.condition(c, o, add)
		if !ok || len(o.members) > 128 {
			return nil
		}
		o.conds = append(o.conds, fc)
	}
	return o
}

// member plans the member name of an object of type ti whose schema is at
// loc ("" when the schema has no property of that name).
func (g *fastSchemas) member(name, loc string, ti *typeInfo, depth int) fastMember {
	f, ok := ti.field(name)
	if !ok || loc == "" {
		return fastMember{f: &field{name: name}, rule: &fastRule{}, bad: true}
	}
	m := fastMember{f: f, rule: g.rule(loc), viewText: f.kind == kindText && textViewTypes[f.typ]}
	m.bad = !f.in(g.major) || m.rule.unsupported != "" || !fits(f, m.rule)
	if m.bad {
		return m
	}
	switch f.kind {
	case kindStruct, kindStructPtr:
		m.obj = g.object(m.rule, f.elem, depth+1)
	case kindSlice:
		if m.rule.items != "" {
			m.obj = g.object(g.rule(m.rule.items), f.elem, depth+1)
		}
	}
	m.bad = (f.kind == kindStruct || f.kind == kindStructPtr || f.kind == kindSlice) && m.obj == nil
	return m
}

// textViewTypes are the text types whose values keep nothing of the text
// they are parsed from — digits in arrays, numbers — so that the fast path
// parses them from a view of the record's bytes, without a copy. Any other
// text type is parsed from a copy: an AgencyCode keeps its text.
var textViewTypes = map[reflect.Type]bool{
	reflect.TypeFor[Date](): true, reflect.TypeFor[PartialDate](): true, reflect.TypeFor[time.Time](): true,
	reflect.TypeFor[uuid.UUID](): true, reflect.TypeFor[identifier.PersonalID](): true,
	reflect.TypeFor[identifier.ProfileID](): true, reflect.TypeFor[identifier.SocialInsuranceNumber](): true,
}

// fits reports whether the rule r of a member constrains only what the
// fast binder checks for the JSON type the model's field f takes.
func fits(f *field, r *fastRule) bool {
	other := func(s, n, o, a bool) bool {
		return (!s && r.constrainsString()) || (!n && r.constrainsNumber()) || (!o && r.constrainsObject()) || (!a && r.constrainsArray())
	}
	switch f.kind {
	case kindString, kindText:
		return r.allows(typeString) && !other(true, false, false, false)
	case kindInt, kindIntPtr, kindDecimal:
		return (r.allows(typeInteger) || r.allows(typeNumber)) && !other(false, true, false, false)
	case kindBool:
		return r.allows(typeBoolean) && !other(false, false, false, false)
	case kindStruct, kindStructPtr:
		return r.allows(typeObject) && !other(false, false, true, false)
	case kindSlice:
		return r.allows(typeArray) && !other(false, false, false, true)
	case kindValue:
		// Any value: the plan models no constraint on it.
		return r.types == 0 && !other(false, false, false, false)
	}
	return false
}

// condition plans an if/then of the shape the schemas use:
// if {properties: {P: {const|enum|not enum}}, required: [P]},
// then {required: [...]}, on a string member P.
func (g *fastSchemas) condition(c [2]string, o *fastObject, add func(string) int) (fastCond, bool) {
	ifNode, ok1 := g.resolve(c[0])
	thenRule := g.rule(c[1])
	s, ok2 := ifNode.(map[string]any)
	if !ok1 || !ok2 || thenRule.unsupported != "" || thenRule.types != 0 || thenRule.constrainsString() ||
		thenRule.constrainsNumber() || thenRule.constrainsArray() || thenRule.props != nil || thenRule.conds != nil {
		return fastCond{}, false
	}
	props, _ := s["properties"].(map[string]any)
	req, _ := stringList(s["required"], false)
	if len(s) != 2 || len(props) != 1 || len(req) != 1 {
		return fastCond{}, false
	}
	name := req[0]
	i, ok := o.byName[name]
	if _, has := props[name]; !has || !ok || o.members[i].bad || o.members[i].f.kind != kindString {
		return fastCond{}, false
	}
	fc := fastCond{member: i}
	p, _ := props[name].(map[string]any)
	if inner, ok := p["not"].(map[string]any); ok && len(p) == 1 {
		fc.negate, p = true, inner
	}
	if len(p) != 1 {
		return fastCond{}, false
	}
	listed := false
	if v, isConst := p["const"]; isConst {
		fc.values, listed = stringList(v, true)
	} else if v, isEnum := p["enum"]; isEnum {
		fc.values, listed = stringList(v, false)
	}
	if !listed {
		return fastCond{}, false
	}
	for _, r := range thenRule.required {
		j := add(r)
		fc.then[j>>6] |= 1 << (j & 63)
	}
	return fc, true
}
