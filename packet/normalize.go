package packet

import (
	"reflect"
	"strconv"
)

// Normalize puts the free text of a profile into the form rule R-TXT-001
// asks for — NFC, no leading, trailing or double spaces — and replaces the
// religion code 99, which QCVN 109's sample uses for "none", by its
// canonical 00 (code list TonGiao). Codes and identifiers are not touched.
// It returns the JSON Pointers, inside the profile, of the values it
// changed, so that a caller can tell the person who keyed them in.
func (p *Profile) Normalize() []string {
	var changed []string
	fix := func(s *string, ptr string) {
		if n := NormalizeText(*s); n != *s {
			*s = n
			changed = append(changed, ptr)
		}
	}
	fix(&p.FullName, "/HoVaTen")
	fix(&p.OtherNames, "/TenGoiKhac")
	for _, a := range []struct {
		addr *Address
		name string
	}{{&p.Birthplace, "NoiSinh"}, {&p.Hometown, "QueQuan"}, {p.PermanentAddress, "ThuongTru"}, {p.CurrentAddress, "NoiOHienTai"}} {
		if a.addr != nil {
			fix(&a.addr.Detail, "/"+a.name+"/ChiTiet")
		}
	}
	if p.Religion == "99" {
		p.Religion = "00"
		changed = append(changed, "/TonGiao")
	}
	fix(&p.Recruitment.Agency, "/TuyenDung/CoQuanTuyenDung")
	fix(&p.JobPosition, "/ViTriViecLam")
	if p.Position != nil {
		fix(&p.Position.Title, "/ChucVu/Ten")
	}
	for i := range p.Education.Languages {
		l := &p.Education.Languages[i]
		at := "/TrinhDo/NgoaiNgu/" + strconv.Itoa(i)
		fix(&l.Language, at+"/NgonNgu")
		fix(&l.Level, at+"/TrinhDo")
	}
	fix(&p.Education.IT, "/TrinhDo/TinHoc")
	for i := range p.WorkHistory {
		w := &p.WorkHistory[i]
		at := "/QuaTrinhCongTac/" + strconv.Itoa(i)
		fix(&w.Unit, at+"/DonVi")
		fix(&w.Position, at+"/ChucVu")
	}
	for i := range p.Training {
		t := &p.Training[i]
		at := "/DaoTaoBoiDuong/" + strconv.Itoa(i)
		fix(&t.Institution, at+"/CoSoDaoTao")
		fix(&t.Major, at+"/ChuyenNganh")
		fix(&t.Degree, at+"/VanBang")
	}
	for i := range p.Awards {
		a := &p.Awards[i]
		at := "/KhenThuong/" + strconv.Itoa(i)
		fix(&a.Form, at+"/HinhThuc")
		fix(&a.Decision, at+"/SoQuyetDinh")
	}
	for i := range p.Disciplines {
		d := &p.Disciplines[i]
		at := "/KyLuat/" + strconv.Itoa(i)
		fix(&d.Decision, at+"/SoQuyetDinh")
		fix(&d.Reason, at+"/LyDo")
	}
	for i := range p.Relatives {
		r := &p.Relatives[i]
		at := "/QuanHeGiaDinh/" + strconv.Itoa(i)
		fix(&r.FullName, at+"/HoVaTen")
		fix(&r.Details, at+"/ThongTin")
	}
	// The free text of the members format 2.0 adds, by their check tags.
	normalizeChecked(reflect.ValueOf(p).Elem(), profileInfo(), "", fix)
	return changed
}

// normalizeChecked applies fix to the members of v, an object of type ti
// at the JSON Pointer ptr, whose check tag says "text", and to those of the
// objects inside it.
func normalizeChecked(v reflect.Value, ti *typeInfo, ptr string, fix func(*string, string)) {
	for k := range ti.fields {
		f := &ti.fields[k]
		switch {
		case f.check&checkText != 0:
			fix(v.Field(f.index).Addr().Interface().(*string), ptr+"/"+f.name)
		case f.elem == nil || !f.elem.checked:
		case f.kind == kindStruct:
			normalizeChecked(v.Field(f.index), f.elem, ptr+"/"+f.name, fix)
		case f.kind == kindStructPtr:
			if fv := v.Field(f.index); !fv.IsNil() {
				normalizeChecked(fv.Elem(), f.elem, ptr+"/"+f.name, fix)
			}
		case f.kind == kindSlice:
			fv := v.Field(f.index)
			for j := range fv.Len() {
				normalizeChecked(fv.Index(j), f.elem, ptr+"/"+f.name+"/"+strconv.Itoa(j), fix)
			}
		}
	}
}
