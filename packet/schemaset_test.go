package packet_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/google/go-cmp/cmp"
)

// TestCompiledSchemasAsJSONSchema validates every JSON vector of the
// conformance kit and every golden packet twice — the schemas checked by
// the code compiled from them, and by jsonschema (WithSchemas) — and
// requires the same report: same findings, pointers, rule codes, messages.
func TestCompiledSchemasAsJSONSchema(t *testing.T) {
	var refs []*schema.Schemas
	for _, major := range schema.Versions() {
		s, err := schema.CompileVersion(major)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, s)
	}
	compiled, err := packet.NewValidator(packet.WithClock(genClock))
	if err != nil {
		t.Fatal(err)
	}
	reference, err := packet.NewValidator(packet.WithClock(genClock), packet.WithSchemas(refs...))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, glob := range []string{"../conformance/validate/*.json", "testdata/invalid/*.json", "testdata/valid/*.json", "testdata/spec*/*.json"} {
		m, _ := filepath.Glob(glob)
		for _, f := range m {
			if !strings.HasSuffix(f, ".findings.json") {
				files = append(files, f)
			}
		}
	}
	if len(files) < 100 {
		t.Fatalf("only %d vectors", len(files))
	}
	schemaFindings := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err1 := compiled.Validate(context.Background(), bytes.NewReader(data))
		want, err2 := reference.Validate(context.Background(), bytes.NewReader(data))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v, %v", f, err1, err2)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: compiled schemas differ from jsonschema (-jsonschema +compiled):\n%s", f, diff)
		}
		for _, fd := range got.Findings {
			if fd.Rule == packet.RuleSchema {
				schemaFindings++
			}
		}
	}
	if schemaFindings < 10 {
		t.Errorf("only %d schema findings in %d vectors: not a comparison", schemaFindings, len(files))
	}
}
