package packet

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestFastPlanCoversSchemas: the plans of today's schemas model every
// member of every record kind of both versions, so that the fast path
// binds any valid record; a member left out would send every record that
// has it to the exact path.
func TestFastPlanCoversSchemas(t *testing.T) {
	for _, v := range versions {
		for _, name := range []string{(*Profile)(nil).RecordName(), (*Change)(nil).RecordName(),
			(*MatchResult)(nil).RecordName(), (*ProcessingResult)(nil).RecordName()} {
			o := fastPlan(name, v.major)
			if o == nil {
				t.Errorf("%s %s: no plan", v.name, name)
				continue
			}
			var walk func(o *fastObject, at string)
			walk = func(o *fastObject, at string) {
				for _, m := range o.members {
					if m.bad && m.f.in(v.major) && guessRecordName(map[string]any{m.f.name: nil}) == "" {
						t.Errorf("%s %s%s/%s: not modelled (%s)", v.name, name, at, m.f.name, m.rule.unsupported)
					}
					if m.obj != nil {
						walk(m.obj, at+"/"+m.f.name)
					}
				}
			}
			walk(o, "")
		}
	}
}

// TestFastPlanRefuses: a schema the plan does not model whole gives no
// plan, or a member that never binds quietly — never a looser check.
func TestFastPlanRefuses(t *testing.T) {
	const id = "urn:test"
	ti := profileInfo()
	for _, tt := range []struct {
		name   string
		schema map[string]any
	}{
		{"multipleOf", map[string]any{"type": "number", "multipleOf": 0.01}},
		{"format", map[string]any{"type": "string", "format": "email"}},
		{"pattern without a matcher", map[string]any{"type": "string", "pattern": "^a+$"}},
		{"not of another shape", map[string]any{"not": map[string]any{"type": "string", "minLength": 3}}},
		{"anyOf", map[string]any{"anyOf": []any{map[string]any{"type": "string"}}}},
		{"enum of numbers", map[string]any{"enum": []any{1.0, 2.0}}},
		{"additionalProperties as a schema", map[string]any{"type": "object", "additionalProperties": map[string]any{}}},
		{"a $ref nowhere", map[string]any{"$ref": "urn:elsewhere#/x"}},
		{"a false schema", map[string]any{"allOf": []any{false}}},
	} {
		g := &fastSchemas{major: 2, docs: map[string]any{id: tt.schema}}
		if r := g.rule(id + "#"); r.unsupported == "" {
			t.Errorf("%s: modelled", tt.name)
		}
	}
	// A member of a kind the model binds otherwise, and if/then of other
	// shapes, refuse the member or the object.
	g := &fastSchemas{major: 2, docs: map[string]any{id: map[string]any{
		"type": "object",
		"properties": map[string]any{
			"HoVaTen":  map[string]any{"type": "string", "minimum": json.Number("1")},
			"GioiTinh": map[string]any{"type": "string"},
		},
		"if":   map[string]any{"properties": map[string]any{"GioiTinh": map[string]any{"const": "1"}}},
		"then": map[string]any{"required": []any{"HoVaTen"}},
	}}}
	if o := g.object(g.rule(id+"#"), ti, 0); o != nil {
		t.Errorf("an if without required: planned")
	}
	g.docs[id].(map[string]any)["if"] = map[string]any{"properties": map[string]any{"GioiTinh": map[string]any{"const": "1"}}, "required": []any{"GioiTinh"}}
	o := g.object(g.rule(id+"#"), ti, 0)
	if o == nil {
		t.Fatal("no plan")
	}
	if m := o.members[o.byName["HoVaTen"]]; !m.bad {
		t.Errorf("HoVaTen with a number's bound on a string: modelled")
	}
	if m := o.members[o.byName["GioiTinh"]]; m.bad || len(o.conds) != 1 {
		t.Errorf("GioiTinh: bad %v, %d conditions", m.bad, len(o.conds))
	}
	g.docs[id].(map[string]any)["else"] = map[string]any{"required": []any{"HoVaTen"}}
	if o := g.object(g.rule(id+"#"), ti, 0); o != nil {
		t.Errorf("if/else: planned")
	}
	if !strings.Contains(g.rule(id+"#").unsupported, "if/else") {
		t.Errorf("if/else: %q", g.rule(id+"#").unsupported)
	}
}

// TestPlainNumber: number's fast path gives what parseNumber and scaled
// give, or leaves the number to them.
func TestPlainNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "7", "-7", "4.34", "4.3", "4.345", "4.30", "-4.34", "1.0", "1.00", "100",
		"123456789012345", "1234567890123456", "999999999999999.99", "1e2", "1.5e2", "0.01", "0.001", "-0.0",
		"9007199254740992", "900719925474099", "10000000000000", "1000000000000000"} {
		for _, c := range []struct {
			places int
			limit  int64
		}{{0, maxExactInt}, {2, maxDecimal2}, {0, 100}, {2, 100}} {
			got, ok := plainNumber([]byte(s), c.places, c.limit)
			if !ok {
				continue
			}
			n, parsed := parseNumber(s)
			want, err := n.scaled(c.places, c.limit)
			if !parsed || err != nil || got != want {
				t.Errorf("plainNumber(%s, %d, %d) = %d, want %d (%v)", s, c.places, c.limit, got, want, err)
			}
		}
	}
	if _, ok := plainNumber([]byte("4.34"), 2, maxDecimal2); !ok {
		t.Error("4.34: left to the slow path")
	}
}
