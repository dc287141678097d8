package packettest

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
)

// The organisation of the sending agency: the units its staff work in,
// with agency codes under the sender. It is made once, from the sender's
// code alone, so that it is the same for every seed.

// unitKind says who works in a unit, and so which ranks and positions its
// staff have.
type unitKind uint8

const (
	unitTop     unitKind = iota // the level-1 agency itself (UBND, HĐND): cadres (CB)
	unitOffice                  // a sở, vụ, văn phòng or ban: civil servants
	unitFinance                 // Sở Tài chính, Vụ Kế hoạch - Tài chính: accountants too
	unitInspect                 // a thanh tra: inspectors
	unitCommune                 // the People's Committee of a commune or ward: civil servants and cadres
	unitUpper                   // an upper-secondary school (THPT): teachers (VC)
	unitLower                   // a lower-secondary school (THCS): teachers (VC)
	unitCollege                 // a college or training school: lecturers (VC)
)

// unit is one unit of the organisation.
type unit struct {
	code    identifier.AgencyCode
	name    string // as written in a work history: "Sở Nội vụ TP. Hồ Chí Minh"
	abbr    string // in decision numbers: 789/QĐ-SNV
	mail    string // e-mail domain of its staff
	kind    unitKind
	manager int      // index of the unit that manages its staff's profiles: itself, or the sở above a school
	weight  int      // relative number of staff
	depts   []string // departments (phòng, khoa); none for a school
	deputy  position // the unit's deputy head
	head    position // the unit's head
	award   string   // the award its head gives: "Giấy khen của Giám đốc Sở Nội vụ"
}

// org is the organisation of the sender.
type org struct {
	province string // current province (list Tinh) of the agency's seat
	place    string // "TP. Hồ Chí Minh", "tỉnh Nghệ An"
	topName  string // the level-1 agency: "Ủy ban nhân dân Thành phố Hồ Chí Minh"
	topAbbr  string // its abbreviation in decision numbers: UBND, BNV
	domain   string // its e-mail domain
	units    []unit
	weights  []int
	byCode   map[string]int // canonical code -> index in units
}

// The six centrally-run cities since 1 July 2025.
var cities = map[string]bool{"01": true, "31": true, "46": true, "48": true, "79": true, "92": true}

// Department-level positions, in a unit with departments.
var (
	deptDeputy  = position{"Phó Trưởng phòng", 40}
	deptHead    = position{"Trưởng phòng", 60}
	facDeputy   = position{"Phó Trưởng khoa", 35}
	facHead     = position{"Trưởng khoa", 45}
	communeDept = [2]position{{"Phó Trưởng phòng", 30}, {"Trưởng phòng", 40}}
)

// Positions of cadres (cán bộ) of a commune.
var communeCadres = []position{
	{"Chủ tịch Ủy ban nhân dân", 70}, {"Phó Chủ tịch Ủy ban nhân dân", 60},
	{"Phó Chủ tịch Ủy ban nhân dân", 60}, {"Chủ tịch Hội đồng nhân dân", 70},
	{"Phó Chủ tịch Hội đồng nhân dân", 60}, {"Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam", 60},
}

// Short names of ministries for e-mail domains.
var ministryDomains = map[string]string{
	"G01": "bocongan", "G02": "moit", "G03": "moet", "G06": "mst", "G08": "mofa", "G09": "moha",
	"G10": "mae", "G11": "mod", "G12": "mof", "G15": "moj", "G16": "bvhttdl", "G17": "moc",
	"G18": "moh", "G19": "sbv", "G20": "thanhtra", "G21": "ubdt", "G22": "vpcp",
}

func newOrg(sender identifier.AgencyCode, codes *codelist.Set) *org {
	l1 := sender.Level1()
	o := &org{byCode: map[string]int{}}
	entry, known := identifier.MustParseAgencyCode("000.00.00." + l1).Level1Agency()
	letter := l1[0]
	if letter == 'H' || letter == 'K' {
		o.province = provinceOf(entry.Name, l1, codes)
	} else {
		o.province = "01" // ministries sit in Hà Nội
	}
	o.place = placeName(o.province, codes)
	domain := provinceSlug(o.province, codes) + ".gov.vn"
	if d, ok := ministryDomains[l1]; ok {
		domain = d + ".gov.vn"
	} else if letter != 'H' && letter != 'K' {
		domain = strings.ToLower(l1) + ".gov.vn"
	}
	o.domain = domain

	code := func(s string) identifier.AgencyCode {
		return identifier.MustParseAgencyCode(s + "." + l1).In(sender.Form())
	}
	add := func(u unit) int {
		o.units = append(o.units, u)
		return len(o.units) - 1
	}
	switch letter {
	case 'H':
		o.topName = "Ủy ban nhân dân " + o.place
		if known {
			o.topName = entry.Name
		}
		o.topAbbr = "UBND"
		o.province2(code, add, domain)
	case 'K':
		o.topName = "Hội đồng nhân dân " + o.place
		if known {
			o.topName = entry.Name
		}
		o.topAbbr = "HĐND"
		o.council(code, add, domain)
	default:
		o.topName = "Cơ quan " + l1
		if known {
			o.topName = entry.Name
		}
		o.topAbbr = initials(o.topName)
		o.ministry(code, add, domain)
	}
	for i := range o.units {
		if o.units[i].manager < 0 {
			o.units[i].manager = i
		}
	}
	o.keepUnder(sender)
	return o
}

// province2 makes the organisation of a province's People's Committee:
// the sở, a college, the communes, and schools under the education
// department and the communes.
func (o *org) province2(code func(string) identifier.AgencyCode, add func(unit) int, domain string) {
	place := o.place
	add(unit{code: code("000.00.00"), name: o.topName, abbr: "UBND", mail: domain, kind: unitTop, manager: -1, weight: 1,
		deputy: position{"Phó Chủ tịch Ủy ban nhân dân", 110}, head: position{"Chủ tịch Ủy ban nhân dân", 125},
		award: "Bằng khen của Chủ tịch Ủy ban nhân dân " + place})
	type dept struct {
		n            int
		name, abbr   string
		kind         unitKind
		weight       int
		depts        []string
		deputy, head string
		awardBy      string // who gives its Giấy khen
	}
	so := func(n int, name, abbr string, kind unitKind, weight int, depts []string) dept {
		return dept{n, name, abbr, kind, weight, depts, "Phó Giám đốc Sở", "Giám đốc Sở", "Giám đốc " + name}
	}
	var edu int
	for _, d := range []dept{
		{1, "Văn phòng Ủy ban nhân dân", "VP", unitOffice, 3, deptsProvince, "Phó Chánh Văn phòng", "Chánh Văn phòng", "Chánh Văn phòng Ủy ban nhân dân"},
		so(2, "Sở Tài chính", "STC", unitFinance, 4, deptsFinance),
		so(3, "Sở Tư pháp", "STP", unitOffice, 3, deptsProvince),
		so(4, "Sở Công Thương", "SCT", unitOffice, 3, deptsProvince),
		so(5, "Sở Xây dựng", "SXD", unitOffice, 3, deptsProvince),
		so(6, "Sở Nông nghiệp và Môi trường", "SNNMT", unitOffice, 4, deptsProvince),
		so(7, "Sở Khoa học và Công nghệ", "SKHCN", unitOffice, 2, deptsProvince),
		so(8, "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", unitOffice, 3, deptsProvince),
		so(9, "Sở Y tế", "SYT", unitOffice, 3, deptsProvince),
		so(10, "Sở Dân tộc và Tôn giáo", "SDTTG", unitOffice, 1, deptsProvince),
		{11, "Thanh tra", "TTr", unitInspect, 3, deptsInspect, "Phó Chánh Thanh tra", "Chánh Thanh tra", "Chánh Thanh tra"},
		so(12, "Sở Nội vụ", "SNV", unitOffice, 4, deptsHome),
		so(13, "Sở Ngoại vụ", "SNgV", unitOffice, 1, deptsProvince),
		so(15, "Sở Giáo dục và Đào tạo", "SGDĐT", unitOffice, 3, deptsProvince),
	} {
		i := add(unit{code: code(fmt.Sprintf("000.00.%02d", d.n)), name: d.name + " " + place, abbr: d.abbr,
			mail: strings.ToLower(asciiFold(d.abbr)) + "." + domain, kind: d.kind, manager: -1, weight: d.weight, depts: d.depts,
			deputy: position{d.deputy, 80}, head: position{d.head, 100}, award: "Giấy khen của " + d.awardBy + " " + place})
		if d.n == 15 {
			edu = i
		}
	}
	// Branches (chi cục) and a board under some sở.
	for _, b := range []struct {
		n, parent  int
		name, abbr string
		weight     int
	}{{1, 6, "Chi cục Kiểm lâm", "CCKL", 2}, {2, 6, "Chi cục Thủy lợi", "CCTL", 1}, {1, 12, "Ban Thi đua - Khen thưởng", "BTĐKT", 1}} {
		parent := o.indexOf(code(fmt.Sprintf("000.00.%02d", b.parent)))
		deputy, head := position{"Phó Chi cục trưởng", 60}, position{"Chi cục trưởng", 80}
		if strings.HasPrefix(b.name, "Ban ") {
			deputy, head = position{"Phó Trưởng ban", 60}, position{"Trưởng ban", 80}
		}
		add(unit{code: code(fmt.Sprintf("000.%02d.%02d", b.n, b.parent)), name: b.name + " " + place, abbr: b.abbr,
			mail: o.units[parent].mail, kind: unitOffice, manager: -1, weight: b.weight,
			depts: []string{"Phòng Hành chính - Tổng hợp", "Phòng Nghiệp vụ"}, deputy: deputy, head: head,
			award: o.units[parent].award})
	}
	for k := range 15 {
		add(unit{code: code(fmt.Sprintf("000.%02d.15", k+1)), name: "Trường THPT " + schoolNames[k], abbr: "SGDĐT",
			mail: o.units[edu].mail, kind: unitUpper, manager: edu, weight: 4,
			deputy: position{"Phó Hiệu trưởng", 45}, head: position{"Hiệu trưởng", 55}, award: o.units[edu].award})
	}
	add(unit{code: code("000.00.20"), name: "Trường Cao đẳng Kinh tế - Kỹ thuật " + place, abbr: "CĐKTKT",
		mail: "cdktkt." + domain, kind: unitCollege, manager: -1, weight: 4,
		depts:  []string{"Khoa Kinh tế", "Khoa Công nghệ thông tin", "Khoa Điện - Điện tử", "Khoa Cơ khí", "Khoa Khoa học cơ bản"},
		deputy: position{"Phó Hiệu trưởng", 60}, head: position{"Hiệu trưởng", 70}, award: "Giấy khen của Hiệu trưởng Trường Cao đẳng Kinh tế - Kỹ thuật"})
	for k, name := range communeNames(o.province, 12) {
		n := 21 + k
		c := add(unit{code: code(fmt.Sprintf("000.00.%02d", n)), name: "Ủy ban nhân dân " + name + ", " + place, abbr: "UBND",
			mail: slug(name) + "." + domain, kind: unitCommune, manager: -1, weight: 4, depts: deptsCommune,
			deputy: position{"Phó Chủ tịch Ủy ban nhân dân", 60}, head: position{"Chủ tịch Ủy ban nhân dân", 70},
			award: "Giấy khen của Chủ tịch Ủy ban nhân dân " + name})
		add(unit{code: code(fmt.Sprintf("000.01.%02d", n)), name: "Trường THCS " + schoolNames[(k+5)%len(schoolNames)] + ", " + name,
			abbr: "UBND", mail: o.units[c].mail, kind: unitLower, manager: c, weight: 4,
			deputy: position{"Phó Hiệu trưởng", 35}, head: position{"Hiệu trưởng", 45}, award: o.units[c].award})
	}
}

// council makes the organisation of a provincial People's Council.
func (o *org) council(code func(string) identifier.AgencyCode, add func(unit) int, domain string) {
	add(unit{code: code("000.00.00"), name: o.topName, abbr: "HĐND", mail: domain, kind: unitTop, manager: -1, weight: 2,
		deputy: position{"Phó Chủ tịch Hội đồng nhân dân", 100}, head: position{"Chủ tịch Hội đồng nhân dân", 125},
		award: "Giấy khen của Thường trực Hội đồng nhân dân " + o.place})
	add(unit{code: code("000.00.01"), name: "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân " + o.place, abbr: "VP",
		mail: domain, kind: unitOffice, manager: -1, weight: 5, depts: deptsCouncil,
		deputy: position{"Phó Chánh Văn phòng", 80}, head: position{"Chánh Văn phòng", 100},
		award: "Giấy khen của Chánh Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân"})
	for k, name := range []string{"Ban Pháp chế", "Ban Kinh tế - Ngân sách", "Ban Văn hóa - Xã hội"} {
		add(unit{code: code(fmt.Sprintf("000.00.%02d", k+2)), name: name + ", " + o.topName, abbr: "HĐND",
			mail: domain, kind: unitOffice, manager: -1, weight: 1,
			deputy: position{"Phó Trưởng ban", 60}, head: position{"Trưởng ban", 80},
			award: "Giấy khen của Thường trực Hội đồng nhân dân " + o.place})
	}
}

// ministry makes the organisation of a ministry or another central body:
// its office, departments (vụ), inspectorate and a training school.
func (o *org) ministry(code func(string) identifier.AgencyCode, add func(unit) int, domain string) {
	top := o.topName
	award := "Giấy khen của Thủ trưởng " + top
	add(unit{code: code("000.00.00"), name: top, abbr: o.topAbbr, mail: domain, kind: unitOffice, manager: -1, weight: 1,
		depts: deptsMinistry, deputy: position{"Phó Chánh Văn phòng", 80}, head: position{"Chánh Văn phòng", 100}, award: award})
	for _, d := range []struct {
		n            int
		name         string
		kind         unitKind
		weight       int
		deputy, head string
	}{
		{1, "Văn phòng", unitOffice, 4, "Phó Chánh Văn phòng", "Chánh Văn phòng"},
		{2, "Vụ Tổ chức cán bộ", unitOffice, 2, "Phó Vụ trưởng", "Vụ trưởng"},
		{3, "Vụ Pháp chế", unitOffice, 2, "Phó Vụ trưởng", "Vụ trưởng"},
		{4, "Vụ Kế hoạch - Tài chính", unitFinance, 2, "Phó Vụ trưởng", "Vụ trưởng"},
		{5, "Vụ Hợp tác quốc tế", unitOffice, 2, "Phó Vụ trưởng", "Vụ trưởng"},
		{6, "Thanh tra", unitInspect, 2, "Phó Chánh Thanh tra", "Chánh Thanh tra"},
	} {
		add(unit{code: code(fmt.Sprintf("000.00.%02d", d.n)), name: d.name + ", " + top, abbr: o.topAbbr, mail: domain,
			kind: d.kind, manager: -1, weight: d.weight, depts: deptsMinistry,
			deputy: position{d.deputy, 80}, head: position{d.head, 100}, award: award})
	}
	add(unit{code: code("000.00.10"), name: "Trường Bồi dưỡng cán bộ, " + top, abbr: o.topAbbr, mail: domain,
		kind: unitCollege, manager: -1, weight: 3, depts: []string{"Khoa Quản lý nhà nước", "Khoa Kỹ năng", "Khoa Lý luận cơ sở"},
		deputy: position{"Phó Hiệu trưởng", 60}, head: position{"Hiệu trưởng", 80}, award: award})
}

func (o *org) indexOf(c identifier.AgencyCode) int {
	for i := range o.units {
		if o.units[i].code.Equal(c) {
			return i
		}
	}
	return -1
}

// keepUnder keeps the units that are the sender or under it: a sender below
// level 1 manages only its own subtree. A unit whose manager falls outside
// manages itself; an unknown sender is a unit of its own.
func (o *org) keepUnder(sender identifier.AgencyCode) {
	var kept []unit
	old := map[int]int{}
	for i, u := range o.units {
		if u.code.Equal(sender) || u.code.IsUnder(sender) {
			old[i] = len(kept)
			kept = append(kept, u)
		}
	}
	for i := range kept {
		if j, ok := old[kept[i].manager]; ok {
			kept[i].manager = j
		} else {
			kept[i].manager = i
		}
	}
	if len(kept) == 0 {
		kept = []unit{{code: sender, name: "Đơn vị " + sender.String() + ", " + o.topName, abbr: o.topAbbr,
			mail: o.domain, kind: unitOffice, weight: 1,
			depts:  []string{"Phòng Hành chính - Tổng hợp", "Phòng Nghiệp vụ"},
			deputy: position{"Phó Thủ trưởng đơn vị", 60}, head: position{"Thủ trưởng đơn vị", 80},
			award: "Giấy khen của Thủ trưởng đơn vị"}}
	}
	o.units = kept
	o.weights = make([]int, len(kept))
	for i, u := range kept {
		o.weights[i] = u.weight
		o.byCode[u.code.Canonical()] = i
	}
}

// unitOf returns the unit with code c, if the organisation has it.
func (o *org) unitOf(c identifier.AgencyCode) (*unit, bool) {
	i, ok := o.byCode[c.Canonical()]
	if !ok {
		return nil, false
	}
	return &o.units[i], true
}

// provinceOf finds the current province of a People's Committee or
// Council from its name in list CoQuanCap1; a merged province's old code
// (H54 Thái Bình) gives the province it became part of. An unknown code
// gets a province chosen from its number, so that it is stable.
func provinceOf(name, l1 string, codes *codelist.Set) string {
	n := name
	for _, p := range []string{"Ủy ban nhân dân ", "Hội đồng nhân dân ", "tỉnh ", "Thành phố ", "thành phố "} {
		n = strings.TrimPrefix(n, p)
	}
	if n != "" {
		if l, ok := codes.List(codelist.ListProvince); ok {
			for e := range l.All() {
				if strings.TrimPrefix(e.Name, "TP. ") == n {
					return e.Code
				}
			}
		}
		if l, ok := codes.List(codelist.ListProvincePre2025); ok {
			for e := range l.All() {
				if strings.TrimPrefix(e.Name, "TP. ") == n {
					if s, ok := codes.Successor(codelist.ListProvincePre2025, e.Code); ok {
						return s.Code
					}
				}
			}
		}
	}
	l, _ := codes.List(codelist.ListProvince)
	var all []string
	for e := range l.All() {
		all = append(all, e.Code)
	}
	num := 0
	for _, r := range l1[1:] {
		num = num*10 + int(r-'0')
	}
	return all[num%len(all)]
}

// placeName writes a province as an address or a unit name ends with it:
// "TP. Hồ Chí Minh", "tỉnh Nghệ An".
func placeName(province string, codes *codelist.Set) string {
	name := provinceName(province, codes)
	if cities[province] {
		return "TP. " + strings.TrimPrefix(name, "TP. ")
	}
	return "tỉnh " + name
}

func provinceName(province string, codes *codelist.Set) string {
	if l, ok := codes.List(codelist.ListProvince); ok {
		if e, ok := l.Lookup(province); ok {
			return e.Name
		}
	}
	return province
}

// provinceSlug is the province's part of the e-mail domains of its
// agencies: hochiminhcity, hanoi, nghean.
func provinceSlug(province string, codes *codelist.Set) string {
	switch province {
	case "79":
		return "hochiminhcity"
	case "01":
		return "hanoi"
	}
	return slug(strings.TrimPrefix(provinceName(province, codes), "TP. "))
}

// slug folds a name to lower-case ASCII letters and digits: "Phường Sài
// Gòn" -> "phuongsaigon".
func slug(s string) string {
	var b strings.Builder
	for _, r := range asciiFold(s) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// initials abbreviates an agency's name as its decisions do: "Bộ Nội vụ"
// -> "BNV", "Bộ Giáo dục và Đào tạo" -> "BGDĐT".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if w == "và" || w == "-" || w == "," {
			continue
		}
		r := []rune(w)[0]
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// communeNames returns n distinct commune names of a province: the ones we
// know, then generic ones.
func communeNames(province string, n int) []string {
	seen := map[string]bool{}
	var out []string
	for _, list := range [][]string{communesByProvince[province], genericCommunes} {
		for _, c := range list {
			if len(out) < n && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// asciiFold removes Vietnamese diacritics: "Đặng Thị Ánh" -> "Dang Thi Anh".
func asciiFold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if a, ok := foldTable[r]; ok {
			r = a
		}
		b.WriteRune(r)
	}
	return b.String()
}
