package identifier

import (
	"errors"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// Each fuzz target checks that a parser never panics, that every failure is
// an *Error with an offset inside the input, and that every accepted value
// survives String and parsing again unchanged.

func checkErr(t *testing.T, in string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %v is not an *Error", in, err)
	}
	if e.Offset < -1 || e.Offset > len(in) || e.MessageEN == "" || e.MessageVI == "" || e.Err == nil {
		t.Fatalf("%q: malformed error %#v", in, e)
	}
}

func FuzzParseAgencyCode(f *testing.F) {
	for _, s := range []string{"000.00.00.G09", "000.01.12.H29", "H29.12.01.001", "G09.20", "000.05.00.H29", "h29", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseAgencyCode(s)
		if err != nil {
			checkErr(t, s, err)
			return
		}
		again, err := ParseAgencyCode(c.String())
		if err != nil || again != c {
			t.Fatalf("%q: round trip gave %#v, %v", s, again, err)
		}
		canon, err := ParseAgencyCode(c.Canonical())
		if err != nil || !canon.Equal(c) {
			t.Fatalf("%q: canonical %q gave %#v, %v", s, c.Canonical(), canon, err)
		}
		if d20, err := ParseAgencyCode(c.Decision20()); err != nil || !d20.Equal(c) {
			t.Fatalf("%q: Decision 20 form %q gave %#v, %v", s, c.Decision20(), d20, err)
		}
		if p, ok := c.Parent(); ok && (!c.IsUnder(p) || p.Level() != c.Level()-1) {
			t.Fatalf("%q: parent %q", s, p)
		}
	})
}

func FuzzParsePersonalID(f *testing.F) {
	for _, s := range []string{"079085001234", "001068009876", "012345678", "07908500123A", "", "200085001234", "003085001234"} {
		f.Add(s)
	}
	list, err := codelist.Load(strings.NewReader(`{"ten": "QuocGiaKhaiSinh", "muc": [{"ma": "200", "ten": "Quốc gia 200"}]}`))
	if err != nil {
		f.Fatal(err)
	}
	countries := codelist.Default().With(list)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePersonalID(s)
		if err != nil {
			checkErr(t, s, err)
			return
		}
		// Digits 1-3 never stop the lenient parse; a country list decides
		// only between a country and a wrong code.
		switch k := p.Birthplace().Kind; {
		case k == BirthplaceProvince != p.HasProvinceCode():
			t.Fatalf("%q: Birthplace %v but HasProvinceCode %v", s, k, p.HasProvinceCode())
		case k != BirthplaceProvince && k != BirthplaceUnlisted:
			t.Fatalf("%q: Birthplace %v without a country list", s, k)
		}
		strict, err := ParsePersonalIDIn(s, countries)
		switch k := p.BirthplaceIn(countries).Kind; {
		case k == BirthplaceUnknown && !errors.Is(err, ErrCode):
			t.Fatalf("%q: unknown birthplace, but ParsePersonalIDIn = %v, %v", s, strict, err)
		case k != BirthplaceUnknown && (err != nil || strict != p):
			t.Fatalf("%q: birthplace %v, but ParsePersonalIDIn = %v, %v", s, k, strict, err)
		}
		again, err := ParsePersonalID(p.String())
		if err != nil || again != p {
			t.Fatalf("%q: round trip gave %v, %v", s, again, err)
		}
		if m := p.Check(p.Gender(), p.BirthYear()); m != nil {
			t.Fatalf("%q: disagrees with itself: %+v", s, m)
		}
	})
}

func FuzzParseProfileID(f *testing.F) {
	for _, s := range []string{"H2910000004208", "H2920001234507", "H2920001234508", "h2920001234507", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProfileID(s)
		if err != nil {
			checkErr(t, s, err)
			return
		}
		again, err := ParseProfileID(p.String())
		if err != nil || again != p {
			t.Fatalf("%q: round trip gave %v, %v", s, again, err)
		}
		gen, err := NewProfileID(p.Level1(), p.Kind(), p.Sequence())
		if err != nil || gen != p {
			t.Fatalf("%q: NewProfileID gave %v, %v", s, gen, err)
		}
	})
}

func FuzzParseSocialInsuranceNumber(f *testing.F) {
	for _, s := range []string{"7912345678", "791234567", "79123A5678", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSocialInsuranceNumber(s)
		if err != nil {
			checkErr(t, s, err)
			return
		}
		if again, err := ParseSocialInsuranceNumber(n.String()); err != nil || again != n {
			t.Fatalf("%q: round trip gave %v, %v", s, again, err)
		}
	})
}

func FuzzParseService(f *testing.F) {
	for _, s := range []string{"VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1", "VN:GOV:000.00.00.G09:CSDLCBCCVC:cbccvc", "VN/COM/0101234567/X/y", "VN/GOV:x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseService(s)
		if err != nil {
			checkErr(t, s, err)
		} else {
			for _, form := range []string{v.String(), v.ConfigString()} {
				if again, err := ParseService(form); err != nil || again != v {
					t.Fatalf("%q: round trip of %q gave %+v, %v", s, form, again, err)
				}
			}
		}
		if m, err := ParseMember(s); err == nil {
			if again, err := ParseMember(m.ConfigString()); err != nil || again != m {
				t.Fatalf("%q: member round trip gave %+v, %v", s, again, err)
			}
		} else {
			checkErr(t, s, err)
		}
		if sub, err := ParseSubsystem(s); err == nil {
			if again, err := ParseSubsystem(sub.String()); err != nil || again != sub {
				t.Fatalf("%q: subsystem round trip gave %+v, %v", s, again, err)
			}
		} else {
			checkErr(t, s, err)
		}
	})
}

func FuzzDetect(f *testing.F) {
	f.Add("000.00.12.H29")
	f.Fuzz(func(t *testing.T, s string) {
		switch Detect(s) {
		case KindAgency, KindPersonal, KindProfile, KindSocialInsurance, KindNDXP, KindUnknown:
		default:
			t.Fatalf("Detect(%q) = %q", s, Detect(s))
		}
	})
}
