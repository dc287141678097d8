package identifier_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
)

func ExampleParseAgencyCode() {
	c, err := identifier.ParseAgencyCode("H29.12.01")
	if err != nil {
		fmt.Println(err)
		return
	}
	parent, _ := c.Parent()
	fmt.Println(c, "level", c.Level(), "canonical", c.Canonical())
	fmt.Println("parent", parent, "under it:", c.IsUnder(parent))
	fmt.Println(c.Equal(identifier.MustParseAgencyCode("000.01.12.H29")))
	// Output:
	// H29.12.01 level 3 canonical 000.01.12.H29
	// parent H29.12 under it: true
	// true
}

func ExampleAgencyCode_Explain() {
	for _, p := range identifier.MustParseAgencyCode("000.00.18.G12").Explain() {
		fmt.Printf("%-6s %-3s %s\n", p.Name, p.Value, p.MeaningEN)
	}
	// Output:
	// level1 G12 Bộ Tài chính
	// family G   Ministries, ministry-level agencies and Government bodies
	// level2 18  level-2 unit
}

func ExampleParseAgencyCode_error() {
	_, err := identifier.ParseAgencyCode("000.05.00.H29")
	var e *identifier.Error
	if errors.As(err, &e) {
		fmt.Println(e.Part, "at offset", e.Offset, errors.Is(err, identifier.ErrHierarchy))
		fmt.Println(e.MessageEN)
		fmt.Println(e.MessageVI)
	}
	// Output:
	// level-3 group at offset 4 true
	// the level-3 group is set but the level-2 group is 00: a unit must sit under a unit of every higher level
	// nhóm mã cấp 3 khác 00 nhưng nhóm mã cấp 2 là 00: đơn vị cấp dưới phải thuộc một đơn vị ở mỗi cấp trên
}

func ExampleParsePersonalID() {
	id, err := identifier.ParsePersonalID("040192004567")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(id.BirthProvince(), id.Gender(), id.BirthYear())
	for _, m := range id.Check(identifier.GenderFemale, 1993) {
		fmt.Printf("%s: %s\n", m.Part, m.MessageEN)
	}
	// Output:
	// Nghệ An female 1992
	// year digits: digits 5-6 (92) state a birth year ending in 92, but the recorded birth year is 1993
}

func ExamplePersonalID_Birthplace() {
	// Digits 1-3 are the code of the province or of the country where the
	// birth was registered: 200 is no province code, so it may be a country's.
	id, err := identifier.ParsePersonalID("200192004567")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(id.BirthProvinceCode(), id.Birthplace().Kind, id.HasProvinceCode())

	// The SDK embeds no country list. With one loaded (this one is made up
	// for the example), a code is a country's or is wrong.
	countries, err := codelist.Load(strings.NewReader(
		`{"ten": "QuocGiaKhaiSinh", "phienBan": "example", "muc": [{"ma": "200", "ten": "Quốc gia A"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	codes := codelist.Default().With(countries)
	fmt.Println(id.BirthplaceIn(codes))
	_, err = identifier.ParsePersonalIDIn("003192004567", codes)
	fmt.Println(errors.Is(err, identifier.ErrCode))
	// Output:
	// 200 province or country false
	// {country Quốc gia A}
	// true
}

func ExampleParsePersonalID_oldIDCard() {
	_, err := identifier.ParsePersonalID("012345678")
	fmt.Println(errors.Is(err, identifier.ErrOldIDCard))
	fmt.Println(err)
	// Output:
	// true
	// identifier: personal ID "012345678": 9 digits: this is an old identity-card number (CMND), not a 12-digit personal ID; put it in SoCMND
}

func ExampleParseProfileID() {
	p, err := identifier.ParseProfileID("H2920001234507")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Level1(), p.Kind().Code(), p.Sequence())

	_, err = identifier.ParseProfileID("H2920001234057") // two digits swapped
	fmt.Println(errors.Is(err, identifier.ErrCheckDigits))
	// Output:
	// H29 CC 12345
	// true
}

func ExampleNewProfileID() {
	p, err := identifier.NewProfileID("H29", identifier.PublicEmployee, 12346)
	fmt.Println(p, err)
	// Output: H2930001234652 <nil>
}

func ExampleParseSocialInsuranceNumber() {
	n, err := identifier.ParseSocialInsuranceNumber("7912345678")
	fmt.Println(n, err)
	// Output: 7912345678 <nil>
}

func ExampleParseService() {
	s, err := identifier.ParseService("VN:GOV:000.00.00.G09:CSDLCBCCVC:cbccvc:v1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)                // for HTTP headers and paths
	fmt.Println(s.ConfigString()) // for configuration
	fmt.Println(s == identifier.NationalService())
	// Output:
	// VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1
	// VN:GOV:000.00.00.G09:CSDLCBCCVC:cbccvc:v1
	// true
}

func ExampleDetect() {
	for _, v := range []string{"000.00.12.H29", "079085001234", "H2920001234507", "7912345678", "VN/GOV/H29/QLCB"} {
		fmt.Println(identifier.Detect(v))
	}
	// Output:
	// agency
	// personal
	// profile
	// social-insurance
	// ndxp
}
