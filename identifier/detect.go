package identifier

import "strings"

// Detect guesses which kind of identifier s is meant to be, from its shape
// alone, so that a tool can parse and explain a value of unknown kind. It
// does not validate: a value of the detected kind may still be malformed,
// and its parser then says what is wrong. A 9-digit number is taken for a
// personal ID, whose parser reports it as an old identity-card number.
func Detect(s string) Kind {
	switch {
	case s == "":
		return KindUnknown
	case strings.ContainsAny(s, "/:"):
		return KindNDXP
	case strings.Contains(s, "."):
		return KindAgency
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && !isUpper(c) && (c < 'a' || c > 'z') {
			return KindUnknown
		}
	}
	// Shape by first character and length: a typo inside a value (a letter
	// among digits) should still reach the parser that can name it.
	switch n := len(s); {
	case isDigit(s[0]) && n == socialInsuranceLen:
		return KindSocialInsurance
	case isDigit(s[0]) && n >= 9 && n <= 13:
		return KindPersonal
	case !isDigit(s[0]) && n == 3:
		return KindAgency // a bare level-1 code, Decision 20 form
	case !isDigit(s[0]) && n >= 12 && n <= 16:
		return KindProfile
	}
	return KindUnknown
}
