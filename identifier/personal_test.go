package identifier

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
)

func TestParsePersonalIDValid(t *testing.T) {
	tests := []struct {
		in        string
		province  string
		gender    Gender
		century   int
		birthYear int
	}{
		{"079085001234", "TP. Hồ Chí Minh", GenderMale, 1900, 1985},
		{"001068009876", "Hà Nội", GenderMale, 1900, 1968},
		{"040192004567", "Nghệ An", GenderFemale, 1900, 1992},
		{"096000000000", "Cà Mau", GenderMale, 1900, 1900},
		{"002199999999", "Hà Giang", GenderFemale, 1900, 1999},
		{"034200000001", "Thái Bình", GenderMale, 2000, 2000},
		{"034305000001", "Thái Bình", GenderFemale, 2000, 2005},
		{"045410000001", "Quảng Trị", GenderMale, 2100, 2110},
		{"045599000001", "Quảng Trị", GenderFemale, 2100, 2199},
		{"046600000001", "Thừa Thiên Huế", GenderMale, 2200, 2200},
		{"046700000001", "Thừa Thiên Huế", GenderFemale, 2200, 2200},
		{"077800000001", "Bà Rịa - Vũng Tàu", GenderMale, 2300, 2300},
		{"077999000001", "Bà Rịa - Vũng Tàu", GenderFemale, 2300, 2399},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePersonalID(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if p.String() != tt.in || p.BirthProvinceCode() != tt.in[:3] {
				t.Errorf("String() = %q, BirthProvinceCode() = %q", p, p.BirthProvinceCode())
			}
			if p.BirthProvince() != tt.province {
				t.Errorf("BirthProvince() = %q, want %q", p.BirthProvince(), tt.province)
			}
			if p.Gender() != tt.gender || p.Century() != tt.century || p.BirthYear() != tt.birthYear {
				t.Errorf("Gender, Century, BirthYear = %v, %d, %d; want %v, %d, %d",
					p.Gender(), p.Century(), p.BirthYear(), tt.gender, tt.century, tt.birthYear)
			}
			if m := p.Check(tt.gender, tt.birthYear); m != nil {
				t.Errorf("Check with its own gender and year = %+v", m)
			}
		})
	}
}

// Every three digits open a valid ID: the 63 pre-2025 province codes name
// a province, every other code is unlisted (it may name a country) until a
// country list says more.
func TestPersonalIDEveryProvince(t *testing.T) {
	l, ok := codelist.Default().List(codelist.ListProvincePre2025)
	if !ok {
		t.Fatal("no pre-2025 province list")
	}
	provinces := 0
	for code := range 1000 {
		prefix := fmt.Sprintf("%03d", code)
		e, known := l.Lookup(prefix[1:])
		known = known && prefix[0] == '0'
		p, err := ParsePersonalID(prefix + "085001234")
		if err != nil {
			t.Errorf("%s: %v", prefix, err)
			continue
		}
		b := p.Birthplace()
		switch {
		case known:
			provinces++
			if b != (Birthplace{BirthplaceProvince, e.Name}) || p.BirthProvince() != e.Name || !p.HasProvinceCode() {
				t.Errorf("province %s: Birthplace() = %+v, BirthProvince() = %q, want %q", prefix, b, p.BirthProvince(), e.Name)
			}
		case b != (Birthplace{Kind: BirthplaceUnlisted}) || p.BirthProvince() != "" || p.HasProvinceCode():
			t.Errorf("code %s: Birthplace() = %+v, BirthProvince() = %q, HasProvinceCode() = %v", prefix, b, p.BirthProvince(), p.HasProvinceCode())
		}
		if p.BirthProvinceCode() != prefix {
			t.Errorf("code %s: BirthProvinceCode() = %q", prefix, p.BirthProvinceCode())
		}
	}
	if provinces != 63 {
		t.Errorf("%d province codes, want 63", provinces)
	}
}

// countryList is a country list of two codes, as a caller who has the
// official table would load it; 079 is also a province code.
func countryList(t *testing.T, codes ...string) *codelist.List {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"ten": "QuocGiaKhaiSinh", "phienBan": "test", "muc": [`)
	for i, c := range codes {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"ma": %q, "ten": "Quốc gia %s"}`, c, c)
	}
	b.WriteString("]}")
	l, err := codelist.Load(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// What digits 1-3 are depends on the country list: none or an empty one
// tells nothing (unlisted), a loaded one names a country or refuses the code.
func TestPersonalIDBirthplaceIn(t *testing.T) {
	withCountries := codelist.Default().With(countryList(t, "200", "079"))
	empty := codelist.Default().With(countryList(t))
	noProvinces := codelist.NewSet(countryList(t, "200"))
	tests := []struct {
		name  string
		codes *codelist.Set
		id    string
		want  Birthplace
		err   error // of ParsePersonalIDIn
	}{
		{"province, default", nil, "079085001234", Birthplace{BirthplaceProvince, "TP. Hồ Chí Minh"}, nil},
		{"unlisted, default", nil, "200085001234", Birthplace{Kind: BirthplaceUnlisted}, nil},
		{"unlisted 000, default", nil, "000085001234", Birthplace{Kind: BirthplaceUnlisted}, nil},
		{"unlisted, empty country list", empty, "200085001234", Birthplace{Kind: BirthplaceUnlisted}, nil},
		{"country", withCountries, "200085001234", Birthplace{BirthplaceCountry, "Quốc gia 200"}, nil},
		{"province wins over country", withCountries, "079085001234", Birthplace{BirthplaceProvince, "TP. Hồ Chí Minh"}, nil},
		{"unknown", withCountries, "003085001234", Birthplace{Kind: BirthplaceUnknown}, ErrCode},
		{"unknown 999", withCountries, "999085001234", Birthplace{Kind: BirthplaceUnknown}, ErrCode},
		{"no province list: country", noProvinces, "200085001234", Birthplace{BirthplaceCountry, "Quốc gia 200"}, nil},
		{"no province list: unknown", noProvinces, "079085001234", Birthplace{Kind: BirthplaceUnknown}, ErrCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := MustParsePersonalID(tt.id)
			if got := p.BirthplaceIn(tt.codes); got != tt.want {
				t.Errorf("BirthplaceIn = %+v, want %+v", got, tt.want)
			}
			q, err := ParsePersonalIDIn(tt.id, tt.codes)
			if tt.err == nil {
				if err != nil || q != p {
					t.Errorf("ParsePersonalIDIn = %v, %v", q, err)
				}
				return
			}
			assertError(t, err, KindPersonal, tt.id, tt.err, "birthplace code", 0)
			if !q.IsZero() || !strings.Contains(err.Error(), tt.id[:3]) || !strings.Contains(err.Error(), codelist.ListBirthCountry) {
				t.Errorf("ParsePersonalIDIn = %v, %v", q, err)
			}
		})
	}
	// The lenient parse never judges the birthplace, and ParsePersonalIDIn
	// reports a malformed ID as ParsePersonalID does.
	if _, err := ParsePersonalIDIn("00308500123", withCountries); !errors.Is(err, ErrLength) {
		t.Errorf("ParsePersonalIDIn of 11 digits: %v", err)
	}
	var z PersonalID
	if z.Birthplace() != (Birthplace{}) || z.HasProvinceCode() || z.BirthProvinceCode() != "" {
		t.Errorf("zero PersonalID: Birthplace() = %+v", z.Birthplace())
	}
}

func TestBirthplaceKindString(t *testing.T) {
	for k, want := range map[BirthplaceKind]string{
		0: "", BirthplaceProvince: "province", BirthplaceCountry: "country",
		BirthplaceUnlisted: "province or country", BirthplaceUnknown: "unknown",
	} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", k, k, want)
		}
	}
}

func TestParsePersonalIDInvalid(t *testing.T) {
	tests := []struct {
		in     string
		err    error
		part   string
		offset int
	}{
		{"", ErrEmpty, "", -1},
		{"012345678", ErrOldIDCard, "number", -1},
		{"07908500123", ErrLength, "number", -1},
		{"0790850012345", ErrLength, "number", -1},
		{"0", ErrLength, "number", -1},
		{"07908500123A", ErrCharacter, "number", 11},
		{"O79085001234", ErrCharacter, "number", 0},
		{"079 085 001234", ErrCharacter, "number", 3},
		{"079085001234\n", ErrCharacter, "number", 12},
		{"０79085001234", ErrCharacter, "number", 0}, // a full-width digit
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParsePersonalID(tt.in)
			assertError(t, err, KindPersonal, tt.in, tt.err, tt.part, tt.offset)
		})
	}
	_, err := ParsePersonalID("012345678")
	if !strings.Contains(err.Error(), "SoCMND") {
		t.Errorf("old ID-card error %q does not point to SoCMND", err)
	}
}

func TestPersonalIDCheck(t *testing.T) {
	p := MustParsePersonalID("079085001234") // male, 1985
	tests := []struct {
		name   string
		gender Gender
		year   int
		parts  []Digits
	}{
		{"agrees", GenderMale, 1985, nil},
		{"unknown gender and year", 0, 0, nil},
		{"gender", GenderFemale, 1985, []Digits{DigitsCenturyGender}},
		{"century", GenderMale, 2085, []Digits{DigitsCenturyGender}},
		{"year", GenderMale, 1986, []Digits{DigitsYear}},
		{"gender and year", GenderFemale, 1958, []Digits{DigitsCenturyGender, DigitsYear}},
		{"all", GenderFemale, 2086, []Digits{DigitsCenturyGender, DigitsCenturyGender, DigitsYear}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Check(tt.gender, tt.year)
			if len(got) != len(tt.parts) {
				t.Fatalf("Check = %+v, want parts %v", got, tt.parts)
			}
			for i, m := range got {
				if m.Part != tt.parts[i] {
					t.Errorf("mismatch %d part %s, want %s", i, m.Part, tt.parts[i])
				}
				wantOff := 3
				if m.Part == DigitsYear {
					wantOff = 4
				}
				if m.Offset != wantOff || m.MessageEN == "" || m.MessageVI == "" {
					t.Errorf("mismatch %+v: want offset %d and both messages", m, wantOff)
				}
			}
		})
	}
}

func TestPersonalIDExplain(t *testing.T) {
	parts := MustParsePersonalID("040192004567").Explain()
	if len(parts) != 4 {
		t.Fatalf("Explain = %+v", parts)
	}
	for i, want := range []struct{ name, value, meaning string }{
		{"birthplace", "040", "Nghệ An"},
		{"century-gender", "1", "nữ"},
		{"year", "92", "1992"},
		{"random", "004567", "ngẫu nhiên"},
	} {
		p := parts[i]
		if p.Name != want.name || p.Value != want.value || !strings.Contains(p.Meaning, want.meaning) || p.MeaningEN == "" {
			t.Errorf("part %d = %+v, want %s=%s meaning %q", i, p, want.name, want.value, want.meaning)
		}
	}
}

// A code that is no province code is explained as "province or country".
func TestPersonalIDExplainUnlisted(t *testing.T) {
	parts := MustParsePersonalID("200192004567").Explain()
	if len(parts) != 4 {
		t.Fatalf("Explain = %+v", parts)
	}
	b := parts[0]
	if b.Name != "birthplace" || b.Value != "200" ||
		!strings.Contains(b.Meaning, "mã tỉnh hoặc mã quốc gia") || !strings.Contains(b.Meaning, "ở nước ngoài") ||
		!strings.Contains(b.MeaningEN, "province or country") || !strings.Contains(b.MeaningEN, "registered abroad") {
		t.Errorf("birthplace part = %+v", b)
	}
	if parts[1].Value != "1" || !strings.Contains(parts[2].Meaning, "1992") {
		t.Errorf("the other parts are not explained as usual: %+v", parts[1:])
	}
}

func TestPersonalIDText(t *testing.T) {
	var v struct {
		ID PersonalID `json:"SoDinhDanh"`
	}
	if err := json.Unmarshal([]byte(`{"SoDinhDanh":"079085001234"}`), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil || string(b) != `{"SoDinhDanh":"079085001234"}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	// Digits 1-3 that may name a country do not stop the value.
	if err := json.Unmarshal([]byte(`{"SoDinhDanh":"200085001234"}`), &v); err != nil || v.ID.String() != "200085001234" {
		t.Errorf("an ID with a country code: %v, %v", v.ID, err)
	}
	if err := json.Unmarshal([]byte(`{"SoDinhDanh":"012345678"}`), &v); err == nil {
		t.Error("an old ID-card number unmarshalled")
	}
	if err := json.Unmarshal([]byte(`{"SoDinhDanh":""}`), &v); err == nil {
		t.Error("an empty personal ID unmarshalled")
	}
	var z PersonalID
	if !z.IsZero() || z.String() != "" || z.Gender() != 0 || z.BirthYear() != 0 || z.Check(GenderMale, 1990) != nil {
		t.Errorf("zero PersonalID: %#v", z)
	}
}

func TestGender(t *testing.T) {
	for _, tt := range []struct {
		code string
		g    Gender
		ok   bool
		s    string
	}{{"1", GenderMale, true, "male"}, {"2", GenderFemale, true, "female"}, {"0", 0, false, "unknown"}, {"", 0, false, "unknown"}} {
		g, ok := ParseGender(tt.code)
		if g != tt.g || ok != tt.ok || g.String() != tt.s {
			t.Errorf("ParseGender(%q) = %v, %v", tt.code, g, ok)
		}
		if ok && g.Code() != tt.code {
			t.Errorf("%v.Code() = %q", g, g.Code())
		}
	}
}

func TestSocialInsuranceNumber(t *testing.T) {
	n, err := ParseSocialInsuranceNumber("7912345678")
	if err != nil || n.String() != "7912345678" || n.IsZero() {
		t.Fatalf("ParseSocialInsuranceNumber = %v, %v", n, err)
	}
	if got := n.Explain(); len(got) != 1 || got[0].Value != "7912345678" {
		t.Errorf("Explain = %+v", got)
	}
	for _, tt := range []struct {
		in     string
		err    error
		part   string
		offset int
	}{
		{"", ErrEmpty, "", -1},
		{"791234567", ErrLength, "number", -1},
		{"79123456789", ErrLength, "number", -1},
		{"79123A5678", ErrCharacter, "number", 5},
		{"-912345678", ErrCharacter, "number", 0},
	} {
		_, err := ParseSocialInsuranceNumber(tt.in)
		assertError(t, err, KindSocialInsurance, tt.in, tt.err, tt.part, tt.offset)
	}
	var v struct {
		N SocialInsuranceNumber `json:"SoBHXH,omitzero"`
	}
	if b, _ := json.Marshal(v); string(b) != `{}` {
		t.Errorf("zero number marshalled as %s", b)
	}
	if err := json.Unmarshal([]byte(`{"SoBHXH":"12"}`), &v); err == nil {
		t.Error("short number unmarshalled")
	}
}
