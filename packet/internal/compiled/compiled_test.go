package compiled

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestGenerated regenerates the code into a temporary directory and fails
// when the checked-in files differ: run go generate ./packet/internal/compiled.
func TestGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator with go run: skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not found in PATH: the generated files are not compared")
	}
	dir := t.TempDir()
	out, err := exec.Command(goTool, "run", "./gen", "-out", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, out)
	}
	for _, major := range schema.Versions() {
		name := "schemas_v" + string(rune('0'+major)) + ".go"
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale (%v): run go generate ./packet/internal/compiled", name, err)
		}
	}
}

// matcherInputs are strings near every pattern's edges.
var matcherInputs = []string{
	"", "\n", "a\nb", "1996-07-12", "1996-07-12\n", "1996-13-01", "1996-00-10", "1996-07-32", "1996-07-00", "1996-7-12",
	"1996", "1996-07", "199", "19960", "1996-07-1", "2026-03-01T08:30:00+07:00", "2026-03-01T08:30:00Z",
	"2026-03-01T24:00:00Z", "2026-03-01T08:60:00Z", "2026-03-01T08:30:00.123Z", "2026-03-01T08:30:00.Z",
	"2026-03-01T08:30:00+7:00", "2026-03-01T08:30:00-23:59", "2026-03-01T08:30:00+24:00", "2026-03-01 08:30:00Z",
	"01a215cb-af80-716b-be82-9fd91e1be9cd", "01a215cb-af80-416b-8e82-9fd91e1be9cd", "01a215cb-af80-516b-be82-9fd91e1be9cd",
	"01a215cb-af80-716b-ce82-9fd91e1be9cd", "01A215cb-af80-716b-be82-9fd91e1be9cd", "01a215cbaaf80-716b-be82-9fd91e1be9cd",
	"VN", "vn", "V", "VNM", "/", "//", "/a", "/a/", "/a//b", "/Ngach/HeSoLuong", "a/b", "/é", "R-ID-003", "R--003",
	"R-ID-03", "R-ID-0033", "r-ID-003", "R-Id-003", "1.0", "1.", ".1", "10.25", "1.0.0", "12/12", "1/1", "123/1", "1/",
	"/1", "2026-2031", "2026-203", "123456789", "12345678", "1234567890", "+84912345678", "84912345678", "+8491",
	"++84912345", "1234567890123456", "123456", "a@b.c", "nguyenvana@sonv.hanoi.gov.vn", "a.b@c.d", ".a@b.c", "a..b@c.d",
	"a@b", "a@-b.c", "a@b-.c", "a@b.c-", "a@b..c", "a@@b.c", "a b@c.d", "a@b.c.", "x!#$%&'*+/=?^_`{|}~-@a-1.b2",
	"ngày@b.c", "a@bé.c", "é", "\xff", "/\xff", "1996-07-12T",
}

// TestMatchers holds every hand-written matcher to its regular expression.
func TestMatchers(t *testing.T) {
	if len(patterns) == 0 {
		t.Fatal("no patterns: the generated files are missing")
	}
	for pat, match := range patterns {
		re := regexp.MustCompile(pat)
		for _, s := range matcherInputs {
			if got, want := match(s), re.MatchString(s); got != want {
				t.Errorf("pattern %q on %q: matcher %v, regexp %v", pat, s, got, want)
			}
		}
	}
}

// FuzzMatchers compares every matcher with its regular expression.
func FuzzMatchers(f *testing.F) {
	for _, s := range matcherInputs {
		f.Add(s)
	}
	res := map[string]*regexp.Regexp{}
	for pat := range patterns {
		res[pat] = regexp.MustCompile(pat)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for pat, match := range patterns {
			if got, want := match(s), res[pat].MatchString(s); got != want {
				t.Errorf("pattern %q on %q: matcher %v, regexp %v", pat, s, got, want)
			}
		}
	})
}

// reference is the embedded schemas compiled by jsonschema, by version.
var reference = sync.OnceValue(func() map[int]*schema.Schemas {
	m := map[int]*schema.Schemas{}
	for _, v := range schema.Versions() {
		s, err := schema.CompileVersion(v)
		if err != nil {
			panic(err)
		}
		m[v] = s
	}
	return m
})

// pair is a compiled check and its jsonschema reference.
type pair struct {
	name string
	fn   Func
	ref  *jsonschema.Schema
}

func pairs(major int) []pair {
	c, r := Version(major), reference()[major]
	return []pair{{"Envelope", c.Envelope, r.Envelope}, {"Header", c.Header, r.Header}, {"Profile", c.Profile, r.Profile},
		{"Change", c.Change, r.Change}, {"MatchResult", c.MatchResult, r.MatchResult}, {"ProcessingResult", c.ProcessingResult, r.ProcessingResult}}
}

// compared counts the checks compare made, and those that found
// violations, so that a test can tell it compared something.
var compared struct{ checks, failing int }

// compare checks v with the schemas named (all when none), of every
// version, both ways, and reports where the violations differ.
func compare(t *testing.T, what string, v any, names ...string) {
	t.Helper()
	for _, major := range schema.Versions() {
		for _, p := range pairs(major) {
			if len(names) > 0 && !slices.Contains(names, p.name) {
				continue
			}
			got, want := flat(p.fn(v)), flat(schema.Violations(p.ref.Validate(v)))
			compared.checks++
			if len(want) > 0 {
				compared.failing++
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s, %d %s: compiled differs from jsonschema (-jsonschema +compiled):\n%s", what, major, p.name, diff)
			}
		}
	}
}

// flatViolation is a violation with its kind written out, values and all.
type flatViolation struct{ Pointer, Keyword, SchemaLocation, Message, Kind string }

func flat(vs []schema.Violation) []flatViolation {
	var out []flatViolation
	for _, v := range vs {
		out = append(out, flatViolation{v.Pointer, v.Keyword, v.SchemaLocation, v.Message, fmt.Sprintf("%T %+v", v.Kind, v.Kind)})
	}
	return out
}

// parts returns a packet and its header and records, the values a
// streaming validator checks one by one.
func parts(doc any) []any {
	out := []any{doc}
	m, ok := doc.(map[string]any)
	if !ok {
		return out
	}
	if h, ok := m["ThongTinGoiTin"]; ok {
		out = append(out, h)
	}
	if recs, ok := m["DuLieu"].([]any); ok {
		out = append(out, recs...)
	}
	return out
}

// vectors are the JSON packets the differential tests start from: the
// conformance kit's validation vectors and the golden packets.
func vectors(t testing.TB) []string {
	var files []string
	for _, glob := range []string{"../../../conformance/validate/*.json", "../../testdata/invalid/*.json",
		"../../testdata/valid/*.json", "../../testdata/spec/*.json", "../../testdata/spec1/*.json"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasSuffix(f, ".findings.json") && !strings.HasSuffix(f, ".expected.json") {
				files = append(files, f)
			}
		}
	}
	if len(files) < 100 {
		t.Fatalf("only %d vectors found", len(files))
	}
	return files
}

func decode(data []byte) (any, bool) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	return v, err == nil
}

// TestSameAsJSONSchema runs both engines on every part of every vector,
// and on variants of each record and header with one value changed.
func TestSameAsJSONSchema(t *testing.T) {
	compared.checks, compared.failing = 0, 0
	defer func() {
		t.Logf("%d checks, %d of them with violations", compared.checks, compared.failing)
		if compared.failing < 1000 || compared.checks-compared.failing < 100 {
			t.Errorf("%d checks, %d of them with violations: not a comparison", compared.checks, compared.failing)
		}
	}()
	for _, file := range vectors(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, ok := decode(data)
		if !ok {
			continue // not JSON: a well-formedness vector
		}
		ps := parts(doc)
		for i, p := range ps {
			compare(t, fmt.Sprintf("%s part %d", file, i), p)
		}
		// Variants of the header and of the first record of the valid
		// packets, each checked with the schemas meant for it.
		if !strings.Contains(filepath.ToSlash(file), "testdata/valid/") {
			continue
		}
		for i, names := range [][]string{{"Header"}, {"Profile", "Change", "MatchResult", "ProcessingResult"}} {
			if i+1 >= len(ps) {
				break
			}
			for _, m := range mutations(ps[i+1]) {
				compare(t, fmt.Sprintf("%s part %d, changed at %s", file, i+1, jsonText(m.path)), m.value, names...)
			}
		}
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// mutation is a value with one of its members or items changed.
type mutation struct {
	path  []string
	value any
}

// replacements are what a mutation puts in place of a value.
var replacements = []any{nil, "", "x\n", json.Number("0"), json.Number("-1"), json.Number("1.5"), json.Number("1e400"),
	json.Number("100.01"), map[string]any{}, []any{map[string]any{}}}

// mutations returns variants of v: each member removed or replaced, each
// item replaced, an unknown member added, at every depth.
func mutations(v any) []mutation {
	var out []mutation
	var walk func(cur any, path []string, set func(any) any)
	walk = func(cur any, path []string, set func(any) any) {
		switch c := cur.(type) {
		case map[string]any:
			out = append(out, mutation{path, set(with(c, "ThemMoi", "x"))})
			for _, k := range slices.Sorted(mapKeys(c)) {
				out = append(out, mutation{append(path, k), set(without(c, k))})
				for _, r := range replacements {
					out = append(out, mutation{append(path, k), set(with(c, k, r))})
				}
				walk(c[k], append(slices.Clip(path), k), func(x any) any { return set(with(c, k, x)) })
			}
		case []any:
			for i := range c {
				for _, r := range replacements[:3] {
					out = append(out, mutation{path, set(withItem(c, i, r))})
				}
				walk(c[i], append(slices.Clip(path), "#"), func(x any) any { return set(withItem(c, i, x)) })
			}
		}
	}
	walk(v, nil, func(x any) any { return x })
	return out
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func with(m map[string]any, k string, v any) map[string]any {
	c := make(map[string]any, len(m)+1)
	for kk, vv := range m {
		c[kk] = vv
	}
	c[k] = v
	return c
}

func without(m map[string]any, k string) map[string]any {
	c := with(m, k, nil)
	delete(c, k)
	return c
}

func withItem(a []any, i int, v any) []any {
	c := slices.Clone(a)
	c[i] = v
	return c
}

// FuzzSameAsJSONSchema compares the engines' violations on mutated packets.
func FuzzSameAsJSONSchema(f *testing.F) {
	for _, file := range vectors(f) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256<<10 {
			return
		}
		doc, ok := decode(data)
		if !ok {
			return
		}
		for _, p := range parts(doc) {
			compare(t, "fuzzed input", p)
		}
	})
}
