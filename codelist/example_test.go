package codelist_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cbccvc/cbccvc-go/codelist"
)

func ExampleSet_List() {
	l, ok := codelist.Default().List(codelist.ListReligion)
	if !ok {
		return
	}
	fmt.Println(l.Name, l.Len())
	for e := range l.All() {
		if e.AliasOf != "" {
			fmt.Printf("%s is an alias of %s\n", e.Code, e.AliasOf)
		}
	}
	// Output:
	// TonGiao 16
	// 99 is an alias of 00
}

func ExampleList_Lookup() {
	set := codelist.Default()
	ranks, _ := set.List(codelist.ListRank)
	e, ok := ranks.Lookup("01.003")
	fmt.Println(e.Name, e.Group, ok)

	scale, _ := set.SalaryScale(e.Group)
	h, _ := scale.Coefficient(3)
	fmt.Printf("step 3: %d.%02d\n", h/100, h%100)

	_, ok = ranks.Lookup("01.999")
	fmt.Println(ok, codelist.ValidRankShape("01.999"))
	// Output:
	// Chuyên viên A1 true
	// step 3: 3.00
	// false true
}

func ExampleSet_Successor() {
	set := codelist.Default()
	old, _ := set.List(codelist.ListProvincePre2025)
	for _, code := range []string{"02", "46", "77"} {
		e, _ := old.Lookup(code)
		cur, _ := set.Successor(codelist.ListProvincePre2025, code)
		fmt.Printf("%s %s -> %s %s\n", e.Code, e.Name, cur.Code, cur.Name)
	}
	// Output:
	// 02 Hà Giang -> 08 Tuyên Quang
	// 46 Thừa Thiên Huế -> 46 Huế
	// 77 Bà Rịa - Vũng Tàu -> 79 TP. Hồ Chí Minh
}

func ExampleSet_ConvertEthnicity() {
	set := codelist.Default()
	// An old record says 04, which in 1979 codes is Hoa, not Mường.
	old, e, err := set.Ethnicity(codelist.Ethnic1979, "04")
	if err != nil {
		fmt.Println(err)
		return
	}
	cur, err := set.ConvertEthnicity(old, codelist.Ethnic2008)
	fmt.Println(old, e.Name, "->", cur, err)

	_, err = set.ConvertEthnicity(codelist.Ethnicity{System: codelist.Ethnic2008, Code: "55"}, codelist.Ethnic1979)
	fmt.Println(errors.Is(err, codelist.ErrNoSuccessor))
	// Output:
	// TCTK-121-1979:04 Hoa -> TCTK-1019-2008:06 <nil>
	// true
}

func ExampleLoad() {
	// An answer of GET /danh-muc/TonGiao: entries without xacNhan are confirmed.
	answer := `{"ten": "TonGiao", "phienBan": "2026.01", "muc": [
		{"ma": "00", "ten": "Không"},
		{"ma": "15", "ten": "Tôn giáo mới"}]}`
	l, err := codelist.Load(strings.NewReader(answer))
	if err != nil {
		fmt.Println(err)
		return
	}
	set := codelist.Default().With(l)
	mine, _ := set.List(codelist.ListReligion)
	def, _ := codelist.Default().List(codelist.ListReligion)
	e, _ := mine.Lookup("15")
	fmt.Println(mine.Version, mine.Len(), e.Name, e.Confirmed)
	fmt.Println(def.Version, def.Len())

	_, err = codelist.Load(strings.NewReader(`{"ten": "X", "muc": [{"ma": "A", "ten": "B", "biDanhCua": "Z"}]}`))
	fmt.Println(err)
	// Output:
	// 2026.01 2 Tôn giáo mới true
	// 2025.07 16
	// codelist: X: muc[0].biDanhCua: code "A": malformed code list: alias of unknown code "Z"
}
