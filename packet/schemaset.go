package packet

import (
	"fmt"
	"sync"

	"github.com/cbccvc/cbccvc-go/packet/internal/compiled"
	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// checkFunc checks a value of a packet against one schema and returns its
// violations, in the order schema.Violations gives them.
type checkFunc func(tree any) []schema.Violation

// schemaSet checks the parts of a packet against the schemas of one
// format version: with the code generated from the embedded schemas
// (package compiled), or with schemas a caller gave, by jsonschema
// (WithSchemas). Both give the same violations for the same schemas.
type schemaSet struct {
	envelope, header               checkFunc
	profile, change, match, result checkFunc
	// embedded is set for the embedded schemas, compiled to code: the
	// ones fastRecord checks. Records of a version whose schemas a caller
	// gave are checked on their trees.
	embedded bool
}

// record returns the check of the records named name (HoSo …).
func (s *schemaSet) record(name string) checkFunc {
	switch name {
	case "HoSo":
		return s.profile
	case "BienDong":
		return s.change
	case "KetQuaDoiKhop":
		return s.match
	}
	return s.result
}

func compiledSet(c *compiled.Set) *schemaSet {
	f := func(fn compiled.Func) checkFunc { return checkFunc(fn) }
	return &schemaSet{envelope: f(c.Envelope), header: f(c.Header), profile: f(c.Profile), change: f(c.Change),
		match: f(c.MatchResult), result: f(c.ProcessingResult), embedded: true}
}

func jsonschemaSet(s *schema.Schemas) *schemaSet {
	f := func(sch *jsonschema.Schema) checkFunc {
		return func(tree any) []schema.Violation { return schema.Violations(sch.Validate(tree)) }
	}
	return &schemaSet{envelope: f(s.Envelope), header: f(s.Header), profile: f(s.Profile), change: f(s.Change),
		match: f(s.MatchResult), result: f(s.ProcessingResult)}
}

// WithSchemas validates with schemas compiled at run time by jsonschema —
// replacement schemas a caller loaded, by their Version — instead of the
// code compiled from the embedded ones. The embedded schemas of versions
// not given still apply. schema.CompileVersion gives the embedded schemas
// this way, as a reference to compare with.
func WithSchemas(sets ...*schema.Schemas) ValidatorOption {
	return func(v *Validator) { v.custom = append(v.custom, sets...) }
}

// embeddedSets are the compiled schemas of every version this package reads.
var embeddedSets = sync.OnceValues(func() (map[int]*schemaSet, error) {
	m := make(map[int]*schemaSet, len(versions))
	for _, v := range versions {
		c := compiled.Version(v.major)
		if c == nil {
			return nil, fmt.Errorf("packet: no compiled schemas of format version %d (go generate ./packet/internal/compiled)", v.major)
		}
		m[v.major] = compiledSet(c)
	}
	return m, nil
})

// schemaSets returns the schemas of a Validator: the embedded ones, but
// for the versions of custom.
func schemaSets(custom []*schema.Schemas) (map[int]*schemaSet, error) {
	embedded, err := embeddedSets()
	if err != nil {
		return nil, err
	}
	if len(custom) == 0 {
		return embedded, nil
	}
	m := make(map[int]*schemaSet, len(embedded)+len(custom))
	for k, s := range embedded {
		m[k] = s
	}
	for _, s := range custom {
		if s == nil {
			return nil, fmt.Errorf("packet: WithSchemas with a nil *schema.Schemas: %w", ErrNil)
		}
		m[s.Version] = jsonschemaSet(s)
	}
	return m, nil
}
