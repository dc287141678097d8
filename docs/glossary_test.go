package docs_test

// The Vietnamese of the guide and of the rule table keeps to one term per
// concept, as administrative Vietnamese writes it: no calque of an English
// word, "ngạch" only for civil servants' ranks (never beside a public
// employee's professional-title code V.xx.xx.xx), the full names of the
// platforms and databases at their first mention on a page, and legal
// documents cited in their full form at their first mention.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// viPages returns the Vietnamese pages of the guide and the rule table,
// each as prose: without code blocks, inline code and headings, which hold
// wire names, commands and titles rather than sentences.
func viPages(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("guide", "vi", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "rules.md")
	out := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = prose(string(data))
	}
	return out
}

var inlineCodeRE = regexp.MustCompile("`[^`\n]*`")

// prose blanks a Markdown page's code blocks, inline code and headings,
// keeping its lines, so that line numbers still point into the file.
func prose(page string) string {
	lines := strings.Split(page, "\n")
	fence := ""
	for i, line := range lines {
		if m := fenceRE.FindString(line); m != "" {
			f := line
			if j := strings.IndexFunc(line, func(r rune) bool { return r != '`' }); j >= 0 {
				f = line[:j]
			}
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(f, fence) && strings.Trim(line, "` \t") == "":
				fence = ""
			}
			lines[i] = ""
			continue
		}
		if fence != "" || strings.HasPrefix(line, "#") {
			lines[i] = ""
			continue
		}
		lines[i] = inlineCodeRE.ReplaceAllString(line, "``")
	}
	return strings.Join(lines, "\n")
}

// lineOf is the line, from 1, of byte offset i of s.
func lineOf(s string, i int) int { return strings.Count(s[:i], "\n") + 1 }

// calques are what a translation from English writes, with the term to use.
var calques = []struct {
	re   *regexp.Regexp
	term string
}{
	{regexp.MustCompile(`(?i)lỗi mốc`), "lỗi định sẵn (sentinel error)"},
	{regexp.MustCompile(`(?i)tên trên đường truyền`), "tên trường trong gói tin"},
	{regexp.MustCompile(`(?i)lũy đẳng`), "khóa chống xử lý trùng (idempotency key)"},
	{regexp.MustCompile(`(?i)hạt giống`), "giá trị khởi tạo (seed)"},
	{regexp.MustCompile(`(?i)bí danh`), "say what the value stands for"},
	{regexp.MustCompile(`(?i)kết cục`), "kết quả"},
	{regexp.MustCompile(`(?i)phần đầu\b([^t]|$)`), "phần thông tin chung (the header)"},
	{regexp.MustCompile(`(?i)bao gói chữ ký`), "tráo nội dung đã ký (signature wrapping)"},
	{regexp.MustCompile(`(?i)danh mục quy tắc`), "bảng quy tắc kiểm tra"},
	{regexp.MustCompile(`(?i)mã hóa (thành|sang|ra|gói|bản ghi|JSON|XML)`), "chuyển thành JSON (mã hóa is encryption)"},
	{regexp.MustCompile(`(?i)(nhà|đơn vị) (cung cấp|phát triển) phần mềm`), "doanh nghiệp cung cấp phần mềm"},
	{regexp.MustCompile(`(?i)CSDL (dân cư|bảo hiểm|BHXH)|CSDLQG về (dân cư|bảo hiểm)`), "Cơ sở dữ liệu quốc gia về dân cư / về bảo hiểm"},
	{regexp.MustCompile(`(?i)\bthẻ CCCD\b`), "thẻ căn cước"},
	{regexp.MustCompile(`\b(TT ?15|NĐ ?27|QĐ ?356)\b`), "Thông tư 15, Nghị định 27, Quyết định 356 (no invented abbreviation)"},
	{regexp.MustCompile(`(?i)trực thuộc[^.]{0,80}(NEAC|chứng thực điện tử quốc gia|chứng thư số gốc)|(NEAC|chứng thực điện tử quốc gia|chứng thư số gốc)[^.]{0,80}trực thuộc`),
		"public CAs are licensed by the Ministry of Science and Technology and chain to the national root, not «trực thuộc» it"},
}

// rankRE finds "ngạch" within a clause of a professional-title code.
var rankRE = regexp.MustCompile(`ngạch[^.;|()]{0,30}V\.\d{2}\.\d{2}\.\d{2}|V\.\d{2}\.\d{2}\.\d{2}[^.;|()]{0,30}ngạch`)

func TestVietnameseGlossary(t *testing.T) {
	for f, text := range viPages(t) {
		for _, c := range calques {
			for _, m := range c.re.FindAllStringIndex(text, -1) {
				t.Errorf("%s:%d: %q: write %s", f, lineOf(text, m[0]), text[m[0]:m[1]], c.term)
			}
		}
		for _, m := range rankRE.FindAllStringIndex(text, -1) {
			t.Errorf("%s:%d: %q: a V.xx.xx.xx code is a professional title (chức danh nghề nghiệp), not a rank (ngạch)", f, lineOf(text, m[0]), text[m[0]:m[1]])
		}
	}
}

// firstMentions are the names that a page writes in full the first time it
// names them: the legal documents by number, in their conventional full
// form, and the platforms by their abbreviation, after their full name.
var firstMentions = []struct {
	key, full, short string // short: the short form, which may follow the full one only
}{
	{"356/QĐ-BNV", "Quyết định số 356/QĐ-BNV ngày 17/5/2023 của Bộ trưởng Bộ Nội vụ", "Quyết định 356"},
	{"27/2026/NĐ-CP", "Nghị định số 27/2026/NĐ-CP ngày 19/01/2026 của Chính phủ", "Nghị định 27"},
	{"204/2004/NĐ-CP", "Nghị định số 204/2004/NĐ-CP ngày 14/12/2004 của Chính phủ", "Nghị định 204"},
	{"15/2025/TT-BKHCN", "Thông tư số 15/2025/TT-BKHCN", "Thông tư 15"},
	{"NDXP", "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)", ""},
	{"LGSP", "Nền tảng tích hợp, chia sẻ dữ liệu cấp bộ, cấp tỉnh (LGSP)", ""},
}

func TestVietnameseFirstMentions(t *testing.T) {
	for f, text := range viPages(t) {
		if f == "rules.md" {
			continue // a table of rules, each read alone
		}
		flat := strings.Join(strings.Fields(text), " ")
		for _, m := range firstMentions {
			i := strings.Index(flat, m.key)
			if m.short != "" {
				if j := strings.Index(flat, m.short); j >= 0 && (i < 0 || j < i) {
					t.Errorf("%s: %q comes before the full form, %q", f, flat[j:min(j+len(m.short)+40, len(flat))], m.full)
				}
			}
			if i < 0 {
				continue
			}
			k := strings.Index(m.full, m.key)
			if i < k || flat[i-k:i-k+len(m.full)] != m.full {
				from := max(i-k, 0)
				t.Errorf("%s: the first mention of %s reads %q: write it in full, %q", f, m.key, flat[from:min(from+len(m.full)+20, len(flat))], m.full)
			}
		}
	}
}
