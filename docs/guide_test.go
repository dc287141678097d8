package docs_test

// The guide's test: every ```sh block of every page of docs/guide runs as
// written, and every ```go block is an excerpt of an Example (or of a
// declaration beside one) that the package tests compile and run.
//
// The blocks of a page run in order, each with bash -e, in one
// temporary directory per page that holds a symbolic link to each entry of
// the repository's root (so go.mod, ./packet, ./conformance … are there, as at
// the root) and nothing else; a cbccvc built once from ./cmd/cbccvc is first on
// PATH. A block that needs openssl, xmlsec1, xmllint, jq, curl or
// softhsm2-util is skipped when the tool is missing (no later block may
// depend on the files of such a block unless it needs the same tool); so is a block that needs a library of
// another language (libraries below) where it is not installed: Node.js
// finds ajv by NODE_PATH in the npm directory of the conformance kit's tests,
// where .ci/run installs it. A block preceded by the line
//
//	<!-- guide-test: long -->
//
// measures performance and takes minutes: it runs only with
// CBCCVC_GUIDE_LONG=1 in the environment.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// repoRoot is the repository's root, the parent of docs/.
var repoRoot string

// binDir holds the cbccvc that TestMain builds.
var binDir string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	repoRoot = filepath.Dir(wd)
	dir, err := os.MkdirTemp("", "cbccvc-guide-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "cbccvc"), "./cmd/cbccvc")
	build.Dir = repoRoot
	build.Env = goEnv()
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building cbccvc: %v\n%s", err, out)
		return 1
	}
	binDir = dir
	return m.Run()
}

// goEnv is the environment of the go commands the test and the guide's
// blocks run. A block runs in a directory of its own (workDir), and the go
// command keys its build cache on a package's directory unless it trims
// paths: with -trimpath the guide's "go build" finds what TestMain built
// rather than compiling the module again for every page.
func goEnv() []string {
	flags := strings.TrimSpace(os.Getenv("GOFLAGS") + " -trimpath")
	return append(os.Environ(), "GOFLAGS="+flags)
}

// block is one fenced code block of a page.
type block struct {
	lang string // the info string's first word: sh, go, text …
	line int    // line of the opening fence, from 1
	text string
	long bool // preceded by <!-- guide-test: long -->
}

var fenceRE = regexp.MustCompile("^```+\\s*([A-Za-z0-9_-]*)")

// blocks returns the fenced code blocks of a Markdown page.
func blocks(t *testing.T, path string) []block {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		out   []block
		cur   *block
		body  strings.Builder
		fence string
		prev  string // the last non-blank line outside a block
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if cur == nil {
			if m := fenceRE.FindStringSubmatch(line); m != nil {
				fence = line[:strings.IndexFunc(line, func(r rune) bool { return r != '`' })]
				cur = &block{lang: m[1], line: n, long: strings.TrimSpace(prev) == "<!-- guide-test: long -->"}
				body.Reset()
				continue
			}
			if strings.TrimSpace(line) != "" {
				prev = line
			}
			continue
		}
		if strings.HasPrefix(line, fence) && strings.Trim(line, "` \t") == "" {
			cur.text = body.String()
			out = append(out, *cur)
			cur = nil
			prev = ""
			continue
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	if cur != nil {
		t.Fatalf("%s:%d: a code block is not closed", path, cur.line)
	}
	return out
}

// pages returns the guide's pages, English then Vietnamese.
func pages(t *testing.T) []string {
	var all []string
	for _, lang := range []string{"en", "vi"} {
		m, err := filepath.Glob(filepath.Join("guide", lang, "*.md"))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, m...)
	}
	if len(all) < 2 {
		t.Fatalf("only %d pages under guide/", len(all))
	}
	return all
}

// tools are the programs a block may need beside bash and cbccvc.
var tools = []string{"openssl", "xmlsec1", "xmllint", "jq", "curl", "softhsm2-util"}

// nodeModules is where .ci/run installs ajv (npm ci), for the conformance
// kit's tests and the guide's blocks.
var nodeModules = filepath.Join("conformance", "testdata", "validators", "node_modules")

// libraries are the libraries of other languages a block may use, found by
// how the block loads them, and how to tell whether they are installed.
var libraries = []struct {
	name, install string
	uses          *regexp.Regexp
	installed     func() bool
}{
	{"ajv", "npm ci --prefix conformance/testdata/validators", regexp.MustCompile(`require\("ajv`), func() bool {
		_, err := os.Stat(filepath.Join(repoRoot, nodeModules, "ajv", "package.json"))
		return err == nil
	}},
	{"python-jsonschema", "apt-get install python3-jsonschema", regexp.MustCompile(`from jsonschema import`), func() bool {
		return exec.Command("python3", "-c", "import jsonschema").Run() == nil
	}},
}

// TestGuideCommands runs every ```sh block of the guide.
func TestGuideCommands(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found in PATH: the guide's shell blocks need it")
	}
	long := os.Getenv("CBCCVC_GUIDE_LONG") == "1"
	for _, page := range pages(t) {
		t.Run(filepath.ToSlash(page), func(t *testing.T) {
			t.Parallel()
			dir := workDir(t)
			for _, b := range blocks(t, page) {
				if b.lang != "sh" {
					continue
				}
				t.Run(fmt.Sprintf("line-%d", b.line), func(t *testing.T) {
					for _, tool := range tools {
						if regexp.MustCompile(`(^|[\s|;(&])` + tool + `\b`).MatchString(b.text) {
							if _, err := exec.LookPath(tool); err != nil {
								t.Skipf("%s not found in PATH: skipping the block at %s:%d (install %s)", tool, page, b.line, tool)
							}
						}
					}
					for _, lib := range libraries {
						if lib.uses.MatchString(b.text) && !lib.installed() {
							t.Skipf("%s not installed: skipping the block at %s:%d (%s)", lib.name, page, b.line, lib.install)
						}
					}
					if b.long && !long {
						t.Skipf("%s:%d measures performance and takes minutes: run it with CBCCVC_GUIDE_LONG=1", page, b.line)
					}
					timeout := 2 * time.Minute
					if b.long {
						timeout = 20 * time.Minute
					}
					ctx, cancel := context.WithTimeout(context.Background(), timeout)
					defer cancel()
					cmd := exec.CommandContext(ctx, "bash", "-e", "-c", b.text)
					cmd.Dir = dir
					cmd.Env = append(goEnv(), "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"),
						"NODE_PATH="+filepath.Join(repoRoot, nodeModules))
					out, err := cmd.CombinedOutput()
					if err != nil {
						t.Fatalf("%s: the sh block at line %d fails: %v\n--- block:\n%s--- output:\n%s", page, b.line, err, b.text, out)
					}
				})
			}
		})
	}
}

// workDir returns a new directory in which each entry of the repository's
// root is a symbolic link, so that a block sees the files it names as it would
// at the root, and writes its own files in the directory.
func workDir(t *testing.T) string {
	dir := t.TempDir()
	entries, err := os.ReadDir(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if err := os.Symlink(filepath.Join(repoRoot, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The first line of a ```go block names where it comes from:
//
//	// docs/example_test.go: Example_mapHRDatabase
var sourceRE = regexp.MustCompile(`^// (\S+\.go): (\w+)$`)

// TestGuideGoBlocks checks that every ```go block of the guide is an excerpt,
// line for line, of the declaration its first line names, in a file of the
// repository: that declaration is an Example or beside one, so that the code
// the guide shows compiles and runs with the package's tests.
func TestGuideGoBlocks(t *testing.T) {
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	sources := map[string][]byte{}
	for _, page := range pages(t) {
		for _, b := range blocks(t, page) {
			if b.lang != "go" {
				continue
			}
			first, rest, _ := strings.Cut(b.text, "\n")
			m := sourceRE.FindStringSubmatch(first)
			if m == nil {
				t.Errorf("%s:%d: a go block must start with a line // FILE.go: Declaration naming the example it comes from", page, b.line)
				continue
			}
			file, name := m[1], m[2]
			f, ok := files[file]
			if !ok {
				src, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(file)))
				if err != nil {
					t.Errorf("%s:%d: %v", page, b.line, err)
					continue
				}
				if f, err = parser.ParseFile(fset, file, src, parser.ParseComments); err != nil {
					t.Errorf("%s:%d: %v", page, b.line, err)
					continue
				}
				files[file], sources[file] = f, src
			}
			decl := findDecl(f, name)
			if decl == nil {
				t.Errorf("%s:%d: %s declares no %s", page, b.line, file, name)
				continue
			}
			src := sources[file][fset.Position(decl.Pos()).Offset:fset.Position(decl.End()).Offset]
			if !isExcerpt(string(src), rest) {
				t.Errorf("%s:%d: the go block is not an excerpt of %s in %s: copy it again from there\n--- block:\n%s", page, b.line, name, file, rest)
			}
		}
	}
}

// findDecl returns the top-level function or type called name.
func findDecl(f *ast.File, name string) ast.Node {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name == name && d.Recv == nil {
				return d
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == name {
					return d
				}
			}
		}
	}
	return nil
}

// isExcerpt reports whether the lines of block are consecutive lines of
// src, with src's lines dedented by up to one tab (an Example's body is
// shown without its indentation).
func isExcerpt(src, block string) bool {
	want := strings.Split(strings.TrimRight(block, "\n"), "\n")
	if len(want) == 0 || strings.TrimSpace(block) == "" {
		return false
	}
	lines := strings.Split(src, "\n")
	for _, dedent := range []int{0, 1} {
		got := make([]string, len(lines))
		for i, l := range lines {
			for k := 0; k < dedent && strings.HasPrefix(l, "\t"); k++ {
				l = l[1:]
			}
			got[i] = l
		}
	next:
		for i := 0; i+len(want) <= len(got); i++ {
			for j, w := range want {
				if got[i+j] != w {
					continue next
				}
			}
			return true
		}
	}
	return false
}
