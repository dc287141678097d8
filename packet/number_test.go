package packet

import "testing"

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		s      string
		digits string
		exp    int
		neg    bool
	}{
		{"0", "", 0, false}, {"-0", "", 0, false}, {"0.000", "", 0, false}, {"0e99", "", 0, false},
		{"100", "1", 2, false}, {"1e2", "1", 2, false}, {"0.010", "1", -2, false}, {"10e-1", "1", 0, false},
		{"-4.34", "434", -2, true}, {"434e-2", "434", -2, false}, {"4.340E0", "434", -2, false}, {"1020.0300", "102003", -2, false},
	} {
		n, ok := parseNumber(c.s)
		if !ok || n.hi+n.lo != c.digits || n.exp != c.exp || n.neg != c.neg {
			t.Errorf("parseNumber(%q) = %+v, %v; want digits %q exp %d neg %v", c.s, n, ok, c.digits, c.exp, c.neg)
		}
	}
	for _, s := range []string{"", "-", ".5", "5.", "1e", "1e+", "1x", "--1"} {
		if _, ok := parseNumber(s); ok {
			t.Errorf("parseNumber(%q) accepted", s)
		}
	}
}

func TestScaledAndJCS(t *testing.T) {
	for _, c := range []struct {
		s     string
		int   int64
		intOK bool
		jcs   bool
	}{
		{"3", 3, true, true}, {"3.0", 3, true, true}, {"1e3", 1000, true, true}, {"-5", -5, true, true},
		{"3.5", 0, false, true}, {"1e19", 0, false, true}, {"9007199254740992", 1 << 53, true, true},
		{"9007199254740993", 0, false, false}, {"1e400", 0, false, false}, {"1e-400", 0, false, false},
		{"0.1", 0, false, true}, {"2.00000000000000000001", 0, false, false}, {"123456789012345678", 0, false, false},
	} {
		n, err := intValue(c.s)
		if (err == nil) != c.intOK || err == nil && n != c.int {
			t.Errorf("intValue(%q) = %d, %v", c.s, n, err)
		}
		if got := exactInJCS(c.s); got != c.jcs {
			t.Errorf("exactInJCS(%q) = %v", c.s, got)
		}
	}
	for _, c := range []struct {
		s    string
		want Decimal2
		ok   bool
	}{
		{"3.99", 399, true}, {"399e-2", 399, true}, {"4.0", 400, true}, {"1.10", 110, true}, {"0.0399E2", 399, true},
		{"10000000000000", 1e15, true}, {"10000000000000.01", 0, false}, {"3.999", 0, false}, {"-1", 0, false}, {"1e400", 0, false},
	} {
		d, err := ParseDecimal2(c.s)
		if (err == nil) != c.ok || d != c.want {
			t.Errorf("ParseDecimal2(%q) = %v, %v", c.s, d, err)
		}
	}
}

// Reading a number allocates nothing: the binder reads every number of
// every record.
func TestParseNumberAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() {
		d, _ := parseNumber("4.34")
		_, _ = d.scaled(2, maxDecimal2)
	}); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
