package packet_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/packet/schema"
)

func ExampleDecode() {
	f, err := os.Open("testdata/spec/hoso.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	p, findings, err := packet.Decode(f, packet.FormatAuto, packet.Limits{})
	if err != nil {
		fmt.Println(err) // malformed: no packet
		return
	}
	for _, f := range findings { // values that did not bind: their fields are zero
		fmt.Println(f.Rule, f.Pointer, f.MessageVI)
	}
	fmt.Println(p.Header.Kind, "from", p.Header.Sender, "with", len(p.Records.Profiles), "profiles")
	for _, hs := range p.Records.Profiles {
		fmt.Println(hs.PersonalID, hs.FullName, hs.Rank.Code, hs.Rank.Coefficient)
	}
	// Output:
	// HOSO from 000.00.00.H29 with 3 profiles
	// 079085001234 Nguyễn Văn An 01.003 3.99
	// 040192004567 Lê Thị Hồng Nhung V.07.05.15 3.33
	// 001068009876 Phạm Quốc Hùng 01.001 7.28
}

func ExampleDecoder_Records() {
	f, err := os.Open("testdata/spec/hoso.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	d := packet.NewDecoder(f, packet.FormatXML, packet.Limits{})
	for rec, err := range d.Records() {
		if err != nil {
			fmt.Println(err) // malformed, or over a limit: the sequence ends
			return
		}
		for _, f := range d.Findings() { // values that did not bind into the model
			fmt.Println(f.Rule, f.Pointer, f.MessageVI)
		}
		if hs, ok := rec.(*packet.Profile); ok {
			fmt.Println(hs.PersonalID.BirthProvince(), hs.BirthDate)
		}
	}
	// Output:
	// TP. Hồ Chí Minh 1985-03-12
	// Nghệ An 1992-11-02
	// Hà Nội 1968
}

// A value that does not bind into the model is no error: Decode returns the
// packet, with the field left zero, and the finding beside it.
func ExampleDecode_findings() {
	doc := `{"ThongTinGoiTin":{"MaGoiTin":"01940a12-aaaa-7bbb-8ccc-dddddddddddd",
		"LoaiGoiTin":"PHANHOI","PhienBan":"2.0","MaDonViGui":"000.00.00.G09","MaDonViNhan":"000.00.00.H29",
		"ThoiGianTao":"2026-11-26T10:01:00+07:00","MaGoiTinThamChieu":"0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e",
		"SoLuongBanGhi":1,"TrangThaiGoiTin":"DA_XU_LY"},
		"DuLieu":[{"ViTri":"one","KhoaBanGhi":"079085001234","TrangThai":"THANH_CONG"}]}`
	p, findings, err := packet.Decode(strings.NewReader(doc), packet.FormatJSON, packet.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(p.Records.Results), "result")
	for _, f := range findings {
		fmt.Println(f.Rule, f.Pointer)
	}
	// Output:
	// 1 result
	// R-SCH-001 /DuLieu/0/ViTri
}

func ExamplePacket_Encode() {
	p, _, err := packet.Decode(strings.NewReader(`{"ThongTinGoiTin":{"MaGoiTin":"01940a12-aaaa-7bbb-8ccc-dddddddddddd",
		"LoaiGoiTin":"PHANHOI","PhienBan":"2.0","MaDonViGui":"000.00.00.G09","MaDonViNhan":"000.00.00.H29",
		"ThoiGianTao":"2026-11-26T10:01:00+07:00","MaGoiTinThamChieu":"0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e",
		"SoLuongBanGhi":1,"TrangThaiGoiTin":"DA_XU_LY"},
		"DuLieu":[{"ViTri":0,"KhoaBanGhi":"079085001234","TrangThai":"THANH_CONG"}]}`),
		packet.FormatJSON, packet.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := p.Encode(os.Stdout, packet.FormatXML); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2">
	//   <ThongTinGoiTin>
	//     <MaGoiTin>01940a12-aaaa-7bbb-8ccc-dddddddddddd</MaGoiTin>
	//     <LoaiGoiTin>PHANHOI</LoaiGoiTin>
	//     <PhienBan>2.0</PhienBan>
	//     <MaDonViGui>000.00.00.G09</MaDonViGui>
	//     <MaDonViNhan>000.00.00.H29</MaDonViNhan>
	//     <ThoiGianTao>2026-11-26T10:01:00+07:00</ThoiGianTao>
	//     <MaGoiTinThamChieu>0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e</MaGoiTinThamChieu>
	//     <SoLuongBanGhi>1</SoLuongBanGhi>
	//     <TrangThaiGoiTin>DA_XU_LY</TrangThaiGoiTin>
	//   </ThongTinGoiTin>
	//   <DuLieu>
	//     <KetQuaXuLy>
	//       <ViTri>0</ViTri>
	//       <KhoaBanGhi>079085001234</KhoaBanGhi>
	//       <TrangThai>THANH_CONG</TrangThai>
	//     </KetQuaXuLy>
	//   </DuLieu>
	// </GoiTin>
}

func ExampleApply() {
	open := func(name string) *packet.Packet {
		f, _ := os.Open(name)
		defer f.Close()
		p, _, _ := packet.Decode(f, packet.FormatAuto, packet.Limits{})
		return p
	}
	profile := open("testdata/spec/hoso.json").Records.Profiles[0]
	change := open("testdata/spec/biendong.json").Records.Changes[0] // NANG_LUONG: step 6 -> 7

	after, findings := packet.Apply(profile, change)
	fmt.Println(after.Rank.Step, after.Rank.Coefficient, after.Rank.Since, findings)

	_, findings = packet.Apply(after, change) // once more: GiaTriCu no longer holds
	fmt.Println(findings[0].Rule, findings[0].Pointer)
	// Output:
	// 7 4.32 2026-09-01 []
	// R-BD-003 /ThayDoi/0/GiaTriCu
}

func ExampleValidator_Validate() {
	v, err := packet.NewValidator()
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := os.Open("testdata/invalid/R-ID-003.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	rep, err := v.Validate(context.Background(), f)
	if err != nil {
		fmt.Println(err) // the reader failed, or ctx is done
		return
	}
	fmt.Println(rep.Format, rep.Records, "records, valid:", rep.Valid())
	for _, fd := range rep.Findings {
		fmt.Println(fd.Rule, fd.Severity, fd.Pointer)
		fmt.Println(fd.MessageEN)
	}
	// Output:
	// xml 3 records, valid: false
	// R-ID-003 LOI /DuLieu/0/SoDinhDanh
	// digit 4 (0) states male, but the recorded gender is female
}

func ExampleEncoder() {
	g := packettest.New(packettest.Options{Seed: 1})
	const n = 2
	enc := packet.NewEncoder(os.Stdout, packet.FormatJSON, g.Header(packet.KindChanges, n))
	for range n {
		c := g.Change(g.Profile())
		if err := enc.Encode(&c); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := enc.Close(nil); err != nil {
		fmt.Println(err)
	}
}

// Migrate turns a packet of format 1.0 into format 2.0, one record at a
// time, and says what it dropped: here the national profile IDs of a
// PHANHOI, which format 2.0 does not have.
func ExampleMigrate() {
	in, err := os.Open("testdata/spec1/phanhoi.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer in.Close()
	var out bytes.Buffer // a file in practice: on an error its content must be discarded
	rep, err := packet.Migrate(context.Background(), &out, in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("from", rep.From, "to", rep.To, "with", rep.Records, "records; a new MaGoiTin, UUID version", int(rep.ID.Version()))
	for _, d := range rep.Dropped {
		fmt.Println("dropped", d.Pointer, string(d.Value))
	}
	fmt.Println("signed, to sign again:", rep.Signed)
	h, fs, err := packet.ReadHeader(&out, packet.FormatJSON, packet.Limits{})
	fmt.Println(h.Version, len(fs), err)
	// Output:
	// from 1.0 to 2.0 with 3 records; a new MaGoiTin, UUID version 7
	// dropped /DuLieu/0/MaDinhDanhCBCCVC "H2920001234507"
	// dropped /DuLieu/1/MaDinhDanhCBCCVC "H2930001234652"
	// dropped /DuLieu/2/MaDinhDanhCBCCVC "H2910000004208"
	// signed, to sign again: false
	// 2.0 0 <nil>
}

// The members of the ten data groups of format 2.0 have their own rules:
// here an allowance paid both as a coefficient and as a percentage
// (R-PC-001).
func ExampleValidator_Validate_groups() {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	p := packettest.New(packettest.Options{Seed: 1, Now: now}).Packet(packet.KindProfiles, 1)
	hs := &p.Records.Profiles[0]
	ten := 10
	hs.Allowances = []packet.Allowance{{Kind: "CHUC_VU", Coefficient: 30, Percent: &ten, From: hs.Recruitment.Date}}
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		fmt.Println(err)
		return
	}
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := v.Validate(context.Background(), &b)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, fd := range rep.Findings {
		fmt.Println(fd.Rule, fd.Pointer)
		fmt.Println(fd.MessageVI)
	}
	// Output:
	// R-PC-001 /DuLieu/0/PhuCap/0/PhanTram
	// Phụ cấp thứ 1 có cả hệ số (HeSo) 0,3 và tỷ lệ phần trăm (PhanTram) 10%: mỗi phụ cấp tính theo hệ số hoặc theo tỷ lệ phần trăm. Đề nghị chỉ ghi một trong hai theo quyết định hưởng phụ cấp.
}

// A validator checks packets with replacement schemas — here the embedded
// files of format 2.0 loaded from a directory, as a revision would be —
// compiled at run time by jsonschema/v6 instead of the code generated
// from the embedded ones; the findings are the same.
func ExampleWithSchemas() {
	s, err := schema.CompileFS(os.DirFS("schema"), 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := packet.NewValidator(packet.WithSchemas(s))
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := os.Open("testdata/invalid/R-SCH-001-height-zero.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	rep, err := v.Validate(context.Background(), f)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, fd := range rep.Findings[:1] {
		fmt.Println(fd.Rule, fd.Pointer)
	}
	// Output:
	// R-SCH-001 /DuLieu/0/SucKhoe/ChieuCao
}
