package identifier

import (
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// Parsing valid input must not allocate: packets carry several identifiers
// per record, and a province sends hundreds of thousands of records.

func BenchmarkParseAgencyCode(b *testing.B) {
	for _, s := range []string{"001.01.12.H29", "H29.12.01"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseAgencyCode(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParsePersonalID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePersonalID("079085001234"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseProfileID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseProfileID("H2920001234507"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSocialInsuranceNumber(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseSocialInsuranceNumber("7912345678"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseService(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseService("VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseAllocations turns the zero-allocation promise into a test that
// fails, so that it holds between benchmark runs.
func TestParseAllocations(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation allocates")
	}
	cases := map[string]func(){
		"agency QCVN 102": func() { _, _ = ParseAgencyCode("001.01.12.H29") },
		"agency Dec. 20":  func() { _, _ = ParseAgencyCode("H29.12.01") },
		"personal":        func() { _, _ = ParsePersonalID("079085001234") },
		"personal abroad": func() { _, _ = ParsePersonalID("200085001234") },
		"profile":         func() { _, _ = ParseProfileID("H2920001234507") },
		"social":          func() { _, _ = ParseSocialInsuranceNumber("7912345678") },
		"service":         func() { _, _ = ParseService("VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1") },
		"member":          func() { _, _ = ParseMember("VN:GOV:000.00.00.H29") },
	}
	for name, f := range cases {
		f() // warm the embedded lists
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations per parse, want 0", name, n)
		}
	}
}

// Saying what digits 1-3 name allocates nothing, with or without a country
// list: the validator asks it of every record.
func TestBirthplaceAllocations(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation allocates")
	}
	countries, err := codelist.Load(strings.NewReader(`{"ten": "QuocGiaKhaiSinh", "muc": [{"ma": "200", "ten": "Quốc gia 200"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	withCountries := codelist.Default().With(countries)
	for _, id := range []string{"079085001234", "200085001234", "003085001234"} {
		p := MustParsePersonalID(id)
		for name, f := range map[string]func(){
			"Birthplace":      func() { _ = p.Birthplace() },
			"BirthplaceIn":    func() { _ = p.BirthplaceIn(withCountries) },
			"HasProvinceCode": func() { _ = p.HasProvinceCode() },
		} {
			f()
			if n := testing.AllocsPerRun(100, f); n != 0 {
				t.Errorf("%s of %s: %v allocations, want 0", name, id, n)
			}
		}
	}
}

// Checking an ID that agrees with its record allocates nothing either.
func TestCheckAllocations(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation allocates")
	}
	p := MustParsePersonalID("079085001234")
	if n := testing.AllocsPerRun(100, func() { _ = p.Check(GenderMale, 1985) }); n != 0 {
		t.Errorf("%v allocations per Check, want 0", n)
	}
}

func BenchmarkBirthplace(b *testing.B) {
	for _, id := range []string{"079085001234", "003085001234"} {
		p := MustParsePersonalID(id)
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if p.Birthplace().Kind == 0 {
					b.Fatal("no kind")
				}
			}
		})
	}
}
