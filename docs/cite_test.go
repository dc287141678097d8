package docs_test

// Docs cite what users have: the code, the schemas and the pages point to the
// guide (docs/guide/en, docs/guide/vi) and the rule table (docs/rules.md),
// never to a document outside the repository, and every such pointer leads
// to a page and a heading that exist.

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// citedExts are the kinds of file whose text a user reads: code and its
// comments, pages, schemas.
var citedExts = map[string]bool{".go": true, ".md": true, ".json": true, ".xsd": true, ".sh": true, ".yaml": true, ".yml": true}

// repoFiles returns the repository's files of citedExts, relative to its
// root, without .git and installed packages.
func repoFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(repoRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "bin":
				return filepath.SkipDir
			}
			return nil
		}
		if citedExts[filepath.Ext(p)] {
			rel, err := filepath.Rel(repoRoot, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// pageNameRE matches the file name of a numbered page: the guide's, or a
// document's that is not in the repository.
var pageNameRE = regexp.MustCompile(`\b0[1-9]-[a-z0-9-]+\.md\b`)

// outsideRE matches other ways of citing a document outside the
// repository: a chapter by its two-digit number and a section, and the
// notes of the research behind the code, which users do not have.
var outsideRE = regexp.MustCompile(`\b0[1-9](-[a-z0-9-]+)? §\d|(?i)research\snotes`)

// bareSectionRE matches a section cited with no document named before it
// (the endpoints of §4.2), outside tests: which document would a reader
// open? Standards are cited with their name (RFC 3161 §2.4.2).
var bareSectionRE = regexp.MustCompile(`(\(|\bof |\bby )§[1-9]\.\d`)

// TestNoOutsideCitations fails on a numbered page name (such as a
// specification's chapter file) that is none of the guide's pages, and on
// a section of a document that is not in the repository.
func TestNoOutsideCitations(t *testing.T) {
	guide := map[string]bool{}
	for _, p := range pages(t) {
		guide[filepath.Base(p)] = true
	}
	for _, f := range repoFiles(t) {
		data, err := os.ReadFile(filepath.Join(repoRoot, f))
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(data), "\n") {
			for _, name := range pageNameRE.FindAllString(line, -1) {
				if !guide[name] {
					t.Errorf("%s:%d: cites %s, which is not a page of the guide: cite the guide (docs/guide/…) or the rule table (docs/rules.md)", f, n+1, name)
				}
			}
			cite := outsideRE.FindString(line)
			if cite == "" && !strings.HasSuffix(f, "_test.go") {
				cite = bareSectionRE.FindString(line)
			}
			if cite != "" {
				t.Errorf("%s:%d: %q cites a document users do not have: cite the guide (docs/guide/…) or the rule table (docs/rules.md)", f, n+1, cite)
			}
		}
	}
}

// repoCiteRE matches a pointer to a page of the docs by its path from the
// repository's root, with the heading's anchor if any.
var repoCiteRE = regexp.MustCompile(`docs/(?:guide/(?:en|vi)/[A-Za-z0-9-]+|rules)\.md(#[^\s)"'<>,;:]*[^\s)"'<>,;:.])?`)

// mdLinkRE matches the target of a Markdown link or image.
var mdLinkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestCitationsResolve checks that every pointer into the docs leads to a page
// that exists and, with an anchor, to a heading of it: the paths in code,
// schemas and pages (docs/guide/en/05-signing.md#what-is-signed), and the
// links of the guide's pages, of docs/rules.md and of the README.
func TestCitationsResolve(t *testing.T) {
	anchors := map[string]map[string]bool{} // by page, from the root
	anchorsOf := func(page string) (map[string]bool, bool) {
		if a, ok := anchors[page]; ok {
			return a, a != nil
		}
		a, err := headingAnchors(filepath.Join(repoRoot, page))
		if err != nil {
			anchors[page] = nil
			return nil, false
		}
		anchors[page] = a
		return a, true
	}
	check := func(where, page, anchor string) {
		a, ok := anchorsOf(page)
		switch {
		case !ok:
			t.Errorf("%s: %s does not exist", where, page)
		case anchor != "" && !a[anchor]:
			t.Errorf("%s: %s has no heading #%s", where, page, anchor)
		}
	}
	for _, f := range repoFiles(t) {
		data, err := os.ReadFile(filepath.Join(repoRoot, f))
		if err != nil {
			t.Fatal(err)
		}
		linked := strings.HasSuffix(f, ".md") && (strings.HasPrefix(f, "docs/") || !strings.Contains(f, "/"))
		for n, line := range strings.Split(string(data), "\n") {
			where := f + ":" + itoa(n+1)
			for _, m := range repoCiteRE.FindAllStringSubmatch(line, -1) {
				page, anchor, _ := strings.Cut(m[0], "#")
				check(where, page, anchor)
			}
			if !linked {
				continue
			}
			for _, m := range mdLinkRE.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				file, anchor, _ := strings.Cut(target, "#")
				page := f
				if file != "" {
					page = filepath.ToSlash(filepath.Join(filepath.Dir(f), file))
				}
				if !strings.HasSuffix(page, ".md") {
					if anchor == "" {
						if _, err := os.Stat(filepath.Join(repoRoot, page)); err != nil {
							t.Errorf("%s: links to %s, which does not exist", where, page)
						}
					}
					continue
				}
				check(where, page, anchor)
			}
		}
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// headingAnchors returns the anchors of a Markdown page's headings, made as
// GitHub makes them: the heading's text without its Markdown, in lower case,
// without punctuation, spaces turned to hyphens, and -1, -2 … after a
// repeated one. Lines inside code blocks are no headings.
func headingAnchors(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	seen := map[string]int{}
	fence := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := fenceRE.FindString(line); m != "" {
			f := line
			if i := strings.IndexFunc(line, func(r rune) bool { return r != '`' }); i >= 0 {
				f = line[:i]
			}
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(f, fence) && strings.Trim(line, "` \t") == "":
				fence = ""
			}
			continue
		}
		if fence != "" || !strings.HasPrefix(line, "#") {
			continue
		}
		text := strings.TrimLeft(line, "#")
		if !strings.HasPrefix(text, " ") {
			continue
		}
		a := anchor(text)
		if k := seen[a]; k > 0 {
			out[a+"-"+itoa(k)] = true
		} else {
			out[a] = true
		}
		seen[a]++
	}
	return out, sc.Err()
}

var linkTextRE = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

func anchor(heading string) string {
	s := linkTextRE.ReplaceAllString(strings.TrimSpace(heading), "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
