// Package msgtest checks that a Vietnamese message reads as the module's
// messages must: the form of package msg, for a clerk who knows only
// Vietnamese. The tests of every package that writes messages call Problems,
// so that the conventions are written down once.
//
//	for _, p := range msgtest.Problems(vi, true) {
//		t.Errorf("%s: %s", p, vi)
//	}
package msgtest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// quoted is a value as the record holds it, which a message quotes
	// whole: "12/07/1996", "4.68".
	quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	// isoDate is a date in the wire form, which a Vietnamese text writes
	// dd/mm/yyyy, unless it shows what to write (after «ghi», «ví dụ»).
	isoDate = regexp.MustCompile(`(\S+\s+)?\b\d{4}-\d{2}-\d{2}\b`)
	// decimal is a number with a decimal point, which a Vietnamese text
	// writes with a comma, unless it is a version («phiên bản 2.0») or a
	// code (01.003, V.07.05.14, 000.00.00.H29).
	decimal = regexp.MustCompile(`(^|[\s(:])\d+\.\d{1,2}([\s),;:]|\.?$|\.\s)`)
	// wireName is a member name of the format: two capitalised words or
	// more run together (HoVaTen, NgaySinh).
	wireName = regexp.MustCompile(`\b[A-Z][a-z]+(?:[A-Z][a-z]*)+\b`)
)

// english are words that show an English text left in a Vietnamese one.
var english = []string{" the ", " is ", " not ", " of ", "invalid", "unexpected", "error", "expected", "identifier:", "syntax", " want "}

// Problems returns what is wrong with vi, a Vietnamese message a person
// reads; none when it follows the conventions. With action, the message
// must also say what to do («Đề nghị …», or for a value of the wrong form,
// «không đúng định dạng: ghi …»).
func Problems(vi string, action bool) []string {
	var out []string
	add := func(s string) { out = append(out, s) }
	if strings.TrimSpace(vi) == "" {
		return []string{"no Vietnamese message"}
	}
	if r, _ := utf8.DecodeRuneInString(vi); !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '"' {
		add("does not start a sentence with a capital letter")
	}
	if !strings.HasSuffix(vi, ".") && !strings.HasSuffix(vi, ".)") {
		add("does not end with a full stop")
	}
	text := quoted.ReplaceAllString(vi, `"…"`)
	for _, s := range strings.Split(text, ". ") {
		if asciiOnly(s) {
			add("a sentence in ASCII only, not Vietnamese: " + s)
		}
	}
	if strings.Contains(vi, "/DuLieu/") {
		add("a JSON Pointer in the text: name the record in words")
	}
	if strings.Contains(vi, "[0-9]{") || strings.Contains(vi, "urn:") || strings.Contains(vi, "$defs") {
		add("a regular expression or a schema location in the text")
	}
	for _, m := range isoDate.FindAllStringSubmatch(text, -1) {
		if !showsWhatToWrite(m[1]) {
			add("a date not written dd/mm/yyyy: " + m[0])
		}
	}
	for _, loc := range decimal.FindAllStringIndex(text, -1) {
		before := text[max(0, loc[0]-30):loc[0]]
		if !strings.Contains(before, "phiên bản") && !showsWhatToWrite(lastWord(before)) {
			add("a number with a decimal point, not a decimal comma: " + strings.TrimSpace(text[loc[0]:loc[1]]))
		}
	}
	for _, w := range english {
		if strings.Contains(strings.ToLower(text), w) {
			add("English in the text: " + strings.TrimSpace(w))
		}
	}
	for _, loc := range wireName.FindAllStringIndex(text, -1) {
		if strings.Count(text[:loc[0]], "(") <= strings.Count(text[:loc[0]], ")") {
			add("a member named by its wire name, not in words with the name in brackets: " + text[loc[0]:loc[1]])
		}
	}
	if action && !strings.Contains(vi, "Đề nghị") && !strings.Contains(vi, "không đúng định dạng: ghi ") {
		add("no «Đề nghị …»: say what to do")
	}
	return out
}

// showsWhatToWrite reports whether the word before a value, w, shows that
// the value is what to write in the record, in its wire form.
func showsWhatToWrite(w string) bool {
	w = strings.TrimSpace(w)
	return w == "ghi" || w == "dụ" || w == "thành" || w == "hoặc"
}

// lastWord returns the last word of s.
func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

func asciiOnly(s string) bool {
	letters := false
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}
