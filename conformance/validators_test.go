package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/schema"
)

// The published schemas give the SDK's verdict in the validators a vendor
// outside Go would use: ajv (Node.js, default options, draft 2020-12),
// python-jsonschema (Draft202012Validator) and, for XML, xmllint --schema
// with goitin.xsd; and so does the whole-packet schema compiled in Go.
//
// The verdict compared is the SDK's schema layer's: a packet is invalid
// there when the SDK reports R-SCH-001 on it (for a vector of the kit: when
// the vector expects it), valid otherwise, whatever the other layers find.
// So a vector whose only errors are R-SCH-001 is judged as the SDK judges
// it, a valid vector is valid, and a vector broken for a semantic rule
// (R-ID-003, R-SCH-002 …) passes the schemas, each rule being triggered
// alone. Vectors that are not well-formed (R-FMT-*) are left out: JSON
// parsers disagree on a duplicate key or a byte-order mark before any
// schema is applied. knownDifferences lists the few vectors on which a
// validator cannot say what the SDK says, and why; the test checks that
// they still differ, so that the list stays true.
//
// Each validator runs once for all the packets. A validator that is not
// installed is skipped with a message; .ci/run installs them all.

// validatorsDir holds the scripts that run ajv and python-jsonschema, and
// the npm package files that pin ajv (node_modules: npm ci there).
const validatorsDir = "testdata/validators"

// knownDifferences: validator → packet file name → why its verdict is not
// the SDK's schema layer's.
var knownDifferences = map[string]map[string]string{
	"ajv": {
		"R-HDR-001-record-kind.json":  recordKind,
		"R-SCH-002-number-range.json": "HeSoLuong 1e400 is beyond a double: JSON.parse makes it Infinity, which ajv's type number refuses; the SDK reads it exactly and reports R-SCH-002",
	},
	"python-jsonschema": {"R-HDR-001-record-kind.json": recordKind},
	"go":                {"R-HDR-001-record-kind.json": recordKind},
	"xmllint": {
		"R-SCH-001-shared-without-id.xml": "MaDinhDanhCBCCVC is required by LoaiGoiTin (CHIASE_HOSO, format 1.0): XSD 1.0 has no conditionals",
	},
}

const recordKind = "BienDong records in a DOIKHOP packet fail the whole-packet schema, which applies the record schema LoaiGoiTin names; the SDK checks each record with the schema of its own kind and reports the mismatch as R-HDR-001"

// schemaCase is one packet and the SDK's schema-layer verdict on it.
type schemaCase struct {
	name   string // the file's path from the repository's root
	path   string // absolute
	format string // json or xml
	major  int    // the format version whose schemas apply
	valid  bool
}

func TestValidatorsAgreeWithTheSDK(t *testing.T) {
	cases := schemaCases(t)
	var js, xs []schemaCase
	for _, c := range cases {
		if c.format == "json" {
			js = append(js, c)
		} else {
			xs = append(xs, c)
		}
	}
	t.Logf("%d JSON and %d XML packets", len(js), len(xs))
	t.Run("go", func(t *testing.T) { checkVerdicts(t, "go", js, goVerdicts(t, js)) })
	t.Run("ajv", func(t *testing.T) { checkVerdicts(t, "ajv", js, ajvVerdicts(t, js)) })
	t.Run("python-jsonschema", func(t *testing.T) {
		pythons := pythonsWithJSONSchema()
		if len(pythons) == 0 {
			t.Skip("no python3 with the jsonschema module: the python-jsonschema check is skipped (apt-get install python3-jsonschema; .ci/run installs it)")
		}
		for _, python := range pythons {
			cmd := exec.Command(python, filepath.Join(validatorsDir, "python_jsonschema.py"))
			checkVerdicts(t, "python-jsonschema", js, scriptVerdicts(t, "python-jsonschema", cmd, js))
		}
	})
	t.Run("xmllint", func(t *testing.T) { checkVerdicts(t, "xmllint", xs, xmllintVerdicts(t, xs)) })
}

// verdict is what a validator says of one packet.
type verdict struct {
	Valid  bool     `json:"valid"`
	Errors []string `json:"errors"`
}

func checkVerdicts(t *testing.T, tool string, cases []schemaCase, got []verdict) {
	t.Helper()
	if len(got) != len(cases) {
		t.Fatalf("%s gave %d verdicts for %d packets", tool, len(got), len(cases))
	}
	agree := 0
	for i, c := range cases {
		why, known := knownDifferences[tool][filepath.Base(c.name)]
		switch {
		case known && got[i].Valid == c.valid:
			t.Errorf("%s: %s now agrees with the SDK (valid %v): remove it from knownDifferences (%s)", c.name, tool, c.valid, why)
		case !known && got[i].Valid != c.valid:
			t.Errorf("%s: %s says valid %v, the SDK's schema layer valid %v:\n\t%s", c.name, tool, got[i].Valid, c.valid, strings.Join(first(got[i].Errors, 5), "\n\t"))
		case !known:
			agree++
		}
	}
	t.Logf("%s agrees with the SDK on %d of %d packets, and differs where knownDifferences says", tool, agree, len(cases))
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }

// schemaCases returns the packets to judge: the kit's validate vectors,
// the packet package's invalid vectors (with their golden findings), and
// its valid packets and the spec's examples, all valid.
func schemaCases(t *testing.T) []schemaCase {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	var cases []schemaCase
	add := func(name string, rules []string) {
		if slices.ContainsFunc(rules, func(r string) bool { return strings.HasPrefix(r, "R-FMT-") }) {
			return
		}
		c := schemaCase{name: name, path: filepath.Join(root, name), format: strings.TrimPrefix(filepath.Ext(name), "."),
			valid: !slices.Contains(rules, packet.RuleSchema)}
		c.major = packetMajor(t, c.path, c.format)
		cases = append(cases, c)
	}
	kit, err := Open(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range kit.Manifest.Vectors {
		if v.Kind == KindValidate {
			add(filepath.Join("conformance", v.File), v.Expected.Rules)
		}
	}
	golden, _ := filepath.Glob(filepath.Join(root, "packet", "testdata", "invalid", "*.findings.json"))
	for _, g := range golden {
		var findings []struct{ MaLoi string }
		b, err := os.ReadFile(g)
		if err == nil {
			err = json.Unmarshal(b, &findings)
		}
		if err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		var rules []string
		for _, f := range findings {
			rules = append(rules, f.MaLoi)
		}
		base := strings.TrimSuffix(g, ".findings.json")
		for _, ext := range []string{".json", ".xml"} {
			if _, err := os.Stat(base + ext); err == nil {
				rel, _ := filepath.Rel(root, base+ext)
				add(rel, rules)
			}
		}
	}
	for _, dir := range []string{"valid", "spec", "spec1"} {
		files, _ := filepath.Glob(filepath.Join(root, "packet", "testdata", dir, "*.*"))
		for _, f := range files {
			if ext := filepath.Ext(f); ext == ".json" || ext == ".xml" {
				rel, _ := filepath.Rel(root, f)
				add(rel, nil)
			}
		}
	}
	if len(cases) < 100 {
		t.Fatalf("only %d packets to judge", len(cases))
	}
	return cases
}

// packetMajor returns the format version whose schemas apply to a packet,
// as the SDK chooses them: by the XML namespace, or by PhienBan in JSON;
// the latest for a version it has no schemas for.
func packetMajor(t *testing.T, path, format string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	version := ""
	if format == "xml" {
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			if se, ok := tok.(xml.StartElement); ok {
				version, _ = packet.NamespaceVersion(se.Name.Space)
				break
			}
		}
	} else {
		var p struct{ ThongTinGoiTin struct{ PhienBan string } }
		_ = json.Unmarshal(data, &p) // a packet of the wrong shape is judged with the latest schemas
		version = p.ThongTinGoiTin.PhienBan
	}
	major, err := packet.MajorVersion(version)
	if _, derr := schema.Dir(major); err != nil || derr != nil {
		return schema.Latest
	}
	return major
}

// schemaDir returns the directory of a version's schemas, from the
// conformance directory.
func schemaDir(t *testing.T, major int) string {
	t.Helper()
	dir, err := schema.Dir(major)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join("..", "packet", "schema", dir)
}

// goVerdicts judges the JSON packets with the whole-packet schema compiled
// in Go.
func goVerdicts(t *testing.T, cases []schemaCase) []verdict {
	t.Helper()
	compiled := map[int]*schema.Schemas{}
	out := make([]verdict, len(cases))
	for i, c := range cases {
		s := compiled[c.major]
		if s == nil {
			var err error
			if s, err = schema.CompileVersion(c.major); err != nil {
				t.Fatal(err)
			}
			compiled[c.major] = s
		}
		f, err := os.Open(c.path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			out[i] = verdict{Errors: []string{err.Error()}}
			continue
		}
		var errs []string
		for _, v := range schema.Violations(s.Packet.Validate(doc)) {
			errs = append(errs, v.String())
		}
		out[i] = verdict{Valid: len(errs) == 0, Errors: errs}
	}
	return out
}

// job is one packet for a script: the $id of the whole-packet schema of
// its version, and the file.
type job struct {
	Schema string `json:"schema"`
	File   string `json:"file"`
}

// scriptVerdicts runs a validator script once on every JSON packet: it is
// given every schema file of every version, the jobs on its standard input,
// and prints its name and one verdict per job.
func scriptVerdicts(t *testing.T, name string, cmd *exec.Cmd, cases []schemaCase) []verdict {
	t.Helper()
	for _, major := range schema.Versions() {
		files, _ := filepath.Glob(filepath.Join(schemaDir(t, major), "*.schema.json"))
		cmd.Args = append(cmd.Args, files...)
	}
	jobs := make([]job, len(cases))
	for i, c := range cases {
		jobs[i] = job{schema.IDPrefixOf(c.major) + strings.TrimSuffix(schema.Packet, ".schema.json"), c.path}
	}
	in, err := json.Marshal(jobs)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(in), &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, stderr.Bytes())
	}
	if stderr.Len() > 0 {
		// ajv's strict mode warns on the console about what a vendor
		// would see too: the schemas must compile without a word.
		t.Errorf("%s wrote to its standard error:\n%s", name, stderr.Bytes())
	}
	var res struct {
		Validator string    `json:"validator"`
		Results   []verdict `json:"results"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, stdout.Bytes())
	}
	t.Logf("%s (%s)", res.Validator, strings.Join(cmd.Args[:2], " "))
	return res.Results
}

func ajvVerdicts(t *testing.T, cases []schemaCase) []verdict {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found in PATH: the ajv check is skipped (apt-get install nodejs npm; .ci/run installs them)")
	}
	if _, err := os.Stat(filepath.Join(validatorsDir, "node_modules", "ajv", "package.json")); err != nil {
		t.Skipf("ajv not installed: the ajv check is skipped (npm ci --prefix conformance/%s; .ci/run does it)", validatorsDir)
	}
	return scriptVerdicts(t, "ajv", exec.Command(node, filepath.Join(validatorsDir, "ajv.cjs")), cases)
}

// pythonsWithJSONSchema returns the Pythons that have the jsonschema
// module: the system's (where Debian's python3-jsonschema is) and the one
// in PATH, when they differ.
func pythonsWithJSONSchema() []string {
	var out []string
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(p)
		if err != nil || slices.Contains(out, path) {
			continue
		}
		if exec.Command(path, "-c", "from jsonschema import Draft202012Validator").Run() == nil {
			out = append(out, path)
		}
	}
	return out
}

// xmllintVerdicts judges the XML packets with goitin.xsd of their version:
// one xmllint per version, on all its packets.
func xmllintVerdicts(t *testing.T, cases []schemaCase) []verdict {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not found in PATH: the XSD check is skipped (apt-get install libxml2-utils)")
	}
	out := make([]verdict, len(cases))
	for _, major := range schema.Versions() {
		var idx []int
		args := []string{"--noout", "--nonet", "--schema", filepath.Join(schemaDir(t, major), schema.XSD)}
		for i, c := range cases {
			if c.major == major {
				idx = append(idx, i)
				args = append(args, c.path)
			}
		}
		if len(idx) == 0 {
			continue
		}
		var stderr bytes.Buffer
		cmd := exec.Command(xmllint, args...)
		cmd.Stderr = &stderr
		var exit *exec.ExitError
		if err := cmd.Run(); err != nil && !errors.As(err, &exit) {
			t.Fatalf("xmllint: %v", err)
		}
		// xmllint ends its report on each file with "FILE validates" or
		// "FILE fails to validate", after the errors it found there.
		valid, errs := map[string]bool{}, map[string][]string{}
		sc := bufio.NewScanner(&stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasSuffix(line, " validates"):
				valid[strings.TrimSuffix(line, " validates")] = true
			case strings.HasSuffix(line, " fails to validate"):
				valid[strings.TrimSuffix(line, " fails to validate")] = false
			default:
				if file, _, ok := strings.Cut(line, ":"); ok {
					errs[file] = append(errs[file], line)
				}
			}
		}
		for _, i := range idx {
			v, ok := valid[cases[i].path]
			if !ok {
				t.Fatalf("xmllint said nothing of %s:\n%s", cases[i].name, strings.Join(errs[cases[i].path], "\n"))
			}
			out[i] = verdict{Valid: v, Errors: errs[cases[i].path]}
		}
	}
	return out
}
