// Package clip shortens what a message quotes of its input. A message
// names the offending value so that a person can find it, and a prefix does
// that: quoting a hostile value whole would copy megabytes into every
// finding, log line and answer that carries the message.
package clip

import "unicode/utf8"

// Max is the most bytes of input a message quotes.
const Max = 64

// String returns s, or its first Max bytes or fewer, cut at a character
// boundary, followed by "…".
func String(s string) string {
	if len(s) <= Max {
		return s
	}
	n := Max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// Bytes is String for a byte slice; it copies only the prefix.
func Bytes(b []byte) string {
	if len(b) <= Max {
		return string(b)
	}
	return String(string(b[:Max+1]))
}
