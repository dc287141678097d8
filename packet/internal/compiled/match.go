package compiled

import "strings"

// Hand-written matchers of the schemas' patterns, each what its regular
// expression (named in the generator's table) matches, without a regexp:
// TestMatchers and FuzzMatchers hold them to it.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digits reports whether s[i:i+n] are n digits.
func digits(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for _, c := range []byte(s[i : i+n]) {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// twoDigits returns the number written by the two digits at s[i:], or -1.
func twoDigits(s string, i int) int {
	if !digits(s, i, 2) {
		return -1
	}
	return int(s[i]-'0')*10 + int(s[i+1]-'0')
}

// month: 0[1-9]|1[0-2]; day: 0[1-9]|[12][0-9]|3[01] (any month).
func month(s string, i int) bool { n := twoDigits(s, i); return 1 <= n && n <= 12 }
func day(s string, i int) bool   { n := twoDigits(s, i); return 1 <= n && n <= 31 }

// matchDate: ^[0-9]{4}-MM-DD$.
func matchDate(s string) bool {
	return len(s) == 10 && digits(s, 0, 4) && s[4] == '-' && month(s, 5) && s[7] == '-' && day(s, 8)
}

// matchPartialDate: YYYY, YYYY-MM or YYYY-MM-DD.
func matchPartialDate(s string) bool {
	switch len(s) {
	case 4:
		return digits(s, 0, 4)
	case 7:
		return digits(s, 0, 4) && s[4] == '-' && month(s, 5)
	case 10:
		return matchDate(s)
	}
	return false
}

// matchDateTime: a date, T, hh:mm:ss, optional fraction, Z or ±hh:mm.
func matchDateTime(s string) bool {
	if len(s) < 20 || !matchDate(s[:10]) || s[10] != 'T' || !clock(s, 11) || s[13] != ':' || !minutes(s, 14) || s[16] != ':' || !minutes(s, 17) {
		return false
	}
	i := 19
	if s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i+1 {
			return false
		}
		i = j
	}
	rest := s[i:]
	if rest == "Z" {
		return true
	}
	return len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && clock(rest, 1) && rest[3] == ':' && minutes(rest, 4)
}

// clock: [01][0-9]|2[0-3]; minutes: [0-5][0-9].
func clock(s string, i int) bool { n := twoDigits(s, i); return 0 <= n && n <= 23 }
func minutes(s string, i int) bool {
	return i+2 <= len(s) && '0' <= s[i] && s[i] <= '5' && isDigit(s[i+1])
}

// containsLineFeed: \n, anywhere.
func containsLineFeed(s string) bool { return strings.IndexByte(s, '\n') >= 0 }

// matchUUID: lower-case hex 8-4-4-4-12, version 4 or 7, variant 10.
func matchUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isDigit(c) && !('a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return (s[14] == '4' || s[14] == '7') && strings.IndexByte("89ab", s[19]) >= 0
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// matchCountryCode: ^[A-Z]{2}$.
func matchCountryCode(s string) bool { return len(s) == 2 && isUpper(s[0]) && isUpper(s[1]) }

// matchFieldPointer: ^(/[^/]+)+$, a pointer with no empty segment.
func matchFieldPointer(s string) bool {
	return matchPointer(s) && s != "" && !strings.Contains(s, "//") && !strings.HasSuffix(s, "/")
}

// matchPointer: ^(/[^/]*)*$, empty or starting with /.
func matchPointer(s string) bool { return s == "" || s[0] == '/' }

// matchRuleCode: ^R-[A-Z]+-[0-9]{3}$.
func matchRuleCode(s string) bool {
	if len(s) < 7 || s[:2] != "R-" || s[len(s)-4] != '-' || !digits(s, len(s)-3, 3) {
		return false
	}
	for _, c := range []byte(s[2 : len(s)-4]) {
		if !isUpper(c) {
			return false
		}
	}
	return true
}

// leadingDigits returns how many digits s starts with.
func leadingDigits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// matchVersion: ^[0-9]+\.[0-9]+$.
func matchVersion(s string) bool {
	n := leadingDigits(s)
	if n == 0 || n == len(s) || s[n] != '.' {
		return false
	}
	m := leadingDigits(s[n+1:])
	return m > 0 && n+1+m == len(s)
}

// matchGrade: ^[0-9]{1,2}/[0-9]{1,2}$.
func matchGrade(s string) bool {
	n := leadingDigits(s)
	if n < 1 || n > 2 || n == len(s) || s[n] != '/' {
		return false
	}
	m := leadingDigits(s[n+1:])
	return m >= 1 && m <= 2 && n+1+m == len(s)
}

// matchPeriod: ^[0-9]{4}-[0-9]{4}$.
func matchPeriod(s string) bool {
	return len(s) == 9 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 4)
}

// matchNineDigits: ^[0-9]{9}$.
func matchNineDigits(s string) bool { return len(s) == 9 && digits(s, 0, 9) }

// matchPhone: ^\+?[0-9]{6,15}$.
func matchPhone(s string) bool {
	s = strings.TrimPrefix(s, "+")
	return len(s) >= 6 && len(s) <= 15 && digits(s, 0, len(s))
}

// atext are the characters of the local part of an e-mail address
// besides letters and digits.
const atext = "!#$%&'*+/=?^_`{|}~-"

func isAlnum(c byte) bool { return isDigit(c) || isUpper(c) || ('a' <= c && c <= 'z') }

// matchEmail: dot-separated atoms of atext, @, two or more dot-separated
// labels of letters, digits and inner hyphens.
func matchEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || strings.IndexByte(domain, '@') >= 0 {
		return false
	}
	for atom := range strings.SplitSeq(local, ".") {
		if atom == "" {
			return false
		}
		for _, c := range []byte(atom) {
			if !isAlnum(c) && strings.IndexByte(atext, c) < 0 {
				return false
			}
		}
	}
	labels := 0
	for label := range strings.SplitSeq(domain, ".") {
		if label == "" || !isAlnum(label[0]) || !isAlnum(label[len(label)-1]) {
			return false
		}
		for _, c := range []byte(label) {
			if !isAlnum(c) && c != '-' {
				return false
			}
		}
		labels++
	}
	return labels >= 2
}
