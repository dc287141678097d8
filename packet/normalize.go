package packet

import "strconv"

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
	return changed
}
