package packet

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// The semantic layer and Normalize name no member by hand: the wire names
// they use come from the mapping table (wireName, check tags), so that a
// member is renamed or added in model.go alone. A string literal that is a
// wire name, or a JSON Pointer made of them, fails here; the messages,
// which are sentences, are not judged.
func TestNoWireNameLiterals(t *testing.T) {
	names := wireNameSet()
	for _, file := range []string{"semantic.go", "semantic_groups.go", "normalize.go"} {
		for _, lit := range stringLiterals(t, file) {
			s, err := strconv.Unquote(lit.value)
			if err != nil {
				t.Fatalf("%s:%d: %v", file, lit.line, err)
			}
			if strings.ContainsAny(s, " %") {
				continue // a message or a format
			}
			for _, part := range strings.Split(strings.Trim(s, "/"), "/") {
				if names[part] {
					t.Errorf("%s:%d: %s spells the wire name %s; take it from the mapping table (wireName, a check tag)", file, lit.line, lit.value, part)
				}
			}
		}
	}
}

// wireNameSet returns every wire name of the model.
func wireNameSet() map[string]bool {
	names := map[string]bool{}
	for i := range reflect.TypeFor[Packet]().NumField() {
		if n, _, _ := strings.Cut(reflect.TypeFor[Packet]().Field(i).Tag.Get("json"), ","); n != "" {
			names[n] = true
		}
	}
	for _, ti := range wireTypes() {
		for _, f := range ti.fields {
			names[f.name] = true
		}
	}
	return names
}

type literal struct {
	value string
	line  int
}

// stringLiterals returns the string literals of the Go file name.
func stringLiterals(t *testing.T, name string) []literal {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []literal
	ast.Inspect(f, func(n ast.Node) bool {
		if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
			out = append(out, literal{b.Value, fset.Position(b.Pos()).Line})
		}
		return true
	})
	return out
}

// Rule codes are constants of rules.go, and only there: a string literal
// that starts with a rule code, or with the prefix of one ("R-SIG-"), in
// any other Go file of the module fails here, generated files included.
// Test files are not judged: a test that spells "R-ID-003" pins the value
// on the wire that the constant must keep. Text that cites a code in
// passing (a usage text, an example of the shape of MaLoi) is prose, not
// a literal naming a rule, and is not judged either.
func TestRuleCodesOnlyInRulesGo(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	rulesGo := filepath.Join(root, "packet", "rules.go")
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || path == rulesGo {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		for _, lit := range stringLiterals(t, path) {
			if s, err := strconv.Unquote(lit.value); err == nil && isRuleCode(s) {
				t.Errorf("%s:%d: rule code %s spelled as a literal; use the constant of packet/rules.go", rel, lit.line, lit.value)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// isRuleCode reports whether s starts as a rule code does: R-, then a
// capital letter.
func isRuleCode(s string) bool {
	return len(s) > 2 && strings.HasPrefix(s, "R-") && 'A' <= s[2] && s[2] <= 'Z'
}
