package jsontext

// ValidNumber reports whether b is a number of the JSON grammar (RFC 8259
// §6), as the decoder reads one: readers of other formats that type a
// text as a JSON number check it by the same rule.
func ValidNumber(b []byte) bool { return validNumber(b) }
