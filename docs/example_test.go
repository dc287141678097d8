package docs_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// employee is one row of a typical HR database's employee table, as the
// vendor's SQL query returns it: the system's own codes, nullable columns,
// the ethnic group in the old 1979 code system, the salary coefficient as
// DECIMAL(4,2) text and the unit in the Decision 20/2020 form.
type employee struct {
	StaffNo      string         // nhan_vien.ma_nv
	CCCD         string         // so_cccd: 12 digits
	CMND         sql.NullString // so_cmnd: the old 9-digit card, if kept
	FullName     string         // ho_ten
	Sex          string         // gioi_tinh: 'M' or 'F'
	BirthYear    int            // nam_sinh
	BirthMonth   sql.NullInt32  // thang_sinh: missing in old records
	BirthDay     sql.NullInt32  // ngay_sinh
	BirthProv    string         // tinh_sinh: a pre-2025 province code
	HomeProv     string         // tinh_que
	Ethnic1979   string         // dan_toc: the 1979 code system
	Religion     string         // ton_giao: "99" for none
	Kind         string         // loai: "cong_chuc", "vien_chuc", "can_bo"
	Unit         string         // don_vi: H29.12
	HiredOn      time.Time      // ngay_tuyen_dung
	HiredBy      string         // co_quan_tuyen_dung
	RankCode     string         // ma_ngach
	SalaryStep   int            // bac_luong
	SalaryCoeff  string         // he_so_luong: DECIMAL(4,2) as text
	StepSince    time.Time      // ngay_huong
	Degree       string         // trinh_do: "DH", "ThS", "TS"
	UpdatedAt    time.Time      // ngay_sua
	Status       string         // trang_thai: "DLV" at work, "NH" retired
	PoliticsCode string         // ly_luan_chinh_tri, already in the packet's codes
}

// toProfile maps one row onto a HoSo. Every conversion from the system's
// own codes to the packet's code lists is here, in one place.
func toProfile(e employee, lists *codelist.Set) (packet.Profile, error) {
	var p packet.Profile
	var err error
	if p.PersonalID, err = identifier.ParsePersonalID(e.CCCD); err != nil {
		return p, fmt.Errorf("nhân viên %s: SoDinhDanh: %w", e.StaffNo, err)
	}
	if e.CMND.Valid {
		p.OldIDCard = e.CMND.String
	}
	p.StaffNumber = e.StaffNo
	p.FullName = e.FullName
	p.Gender = map[string]string{"M": identifier.GenderMale.Code(), "F": identifier.GenderFemale.Code()}[e.Sex]

	// NgaySinh: a partial date when the day or the month is unknown.
	switch {
	case !e.BirthMonth.Valid:
		p.BirthDate, err = packet.YearOnly(e.BirthYear)
	case !e.BirthDay.Valid:
		p.BirthDate, err = packet.YearMonth(e.BirthYear, time.Month(e.BirthMonth.Int32))
	default:
		p.BirthDate, err = packet.FullDate(e.BirthYear, time.Month(e.BirthMonth.Int32), int(e.BirthDay.Int32))
	}
	if err != nil {
		return p, fmt.Errorf("nhân viên %s: NgaySinh: %w", e.StaffNo, err)
	}
	p.Birthplace = packet.Address{UnitCode: e.BirthProv, Country: "VN"}
	p.Hometown = packet.Address{UnitCode: e.HomeProv, Country: "VN"}

	// DanToc: the packet uses the 2008 system; never send a 1979 code.
	old, _, err := lists.Ethnicity(codelist.Ethnic1979, e.Ethnic1979)
	if err != nil {
		return p, fmt.Errorf("nhân viên %s: DanToc: %w", e.StaffNo, err)
	}
	eth, err := lists.ConvertEthnicity(old, codelist.Ethnic2008)
	if err != nil {
		return p, fmt.Errorf("nhân viên %s: DanToc: %w", e.StaffNo, err)
	}
	p.Ethnicity = eth.Code
	p.Religion = e.Religion // 99 is normalised to 00 by Normalize
	p.Nationality = "VN"

	kind := map[string]identifier.PersonKind{"can_bo": identifier.Cadre, "cong_chuc": identifier.CivilServant, "vien_chuc": identifier.PublicEmployee}[e.Kind]
	p.PersonKind = kind.Code()
	if p.ManagingUnit, err = identifier.ParseAgencyCode(e.Unit); err != nil {
		return p, fmt.Errorf("nhân viên %s: MaDonViQuanLy: %w", e.StaffNo, err)
	}
	p.ManagingUnit = p.ManagingUnit.In(identifier.FormQCVN102) // as production systems write it
	p.WorkingUnit = p.ManagingUnit

	p.Recruitment = packet.Recruitment{Date: packet.DateOf(e.HiredOn), Agency: e.HiredBy, Form: codelist.RecruitmentExam}
	coeff, err := packet.ParseDecimal2(e.SalaryCoeff) // exact: 3.99 is 399 hundredths
	if err != nil {
		return p, fmt.Errorf("nhân viên %s: HeSoLuong: %w", e.StaffNo, err)
	}
	p.Rank = packet.Rank{Code: e.RankCode, Step: e.SalaryStep, Coefficient: coeff, Since: packet.DateOf(e.StepSince)}
	p.Education = packet.Education{
		GeneralSchool:   "12/12",
		Professional:    map[string]string{"DH": codelist.EducationBachelor, "ThS": codelist.EducationMaster, "TS": codelist.EducationDoctorate}[e.Degree],
		PoliticalTheory: e.PoliticsCode,
		StateManagement: "CHUYEN_VIEN",
	}
	p.Status = map[string]string{"DLV": codelist.StatusWorking, "NH": codelist.StatusRetired}[e.Status]
	p.UpdatedAt = e.UpdatedAt

	for _, ptr := range p.Normalize() { // R-TXT-001: NFC, single spaces; TonGiao 99 -> 00
		fmt.Printf("nhân viên %s: normalised %s\n", e.StaffNo, ptr)
	}
	return p, nil
}

// Mapping an HR database's rows onto HoSo records, packing them into a HOSO
// packet and validating it before it is signed.
func Example_mapHRDatabase() {
	ict := time.FixedZone("ICT", 7*3600)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ict) }
	rows := []employee{{
		StaffNo: "SNV-0042", CCCD: "079085001234", FullName: "Nguyễn  Văn An", Sex: "M",
		BirthYear: 1985, BirthMonth: sql.NullInt32{Int32: 3, Valid: true}, BirthDay: sql.NullInt32{Int32: 12, Valid: true},
		BirthProv: "79", HomeProv: "40", Ethnic1979: "01", Religion: "99", Kind: "cong_chuc", Unit: "H29.12",
		HiredOn: day(2008, 9, 1), HiredBy: "Sở Nội vụ TP. Hồ Chí Minh",
		RankCode: "01.003", SalaryStep: 6, SalaryCoeff: "3.99", StepSince: day(2023, 9, 1),
		Degree: "DH", PoliticsCode: "TRUNG_CAP", Status: "DLV", UpdatedAt: day(2026, 11, 20),
	}, {
		StaffNo: "SNV-0043", CCCD: "001068009876", CMND: sql.NullString{String: "011234567", Valid: true},
		FullName: "Phạm Quốc Hùng", Sex: "M", BirthYear: 1968, // only the year is known
		BirthProv: "01", HomeProv: "01", Ethnic1979: "01", Religion: "00", Kind: "cong_chuc", Unit: "H29.12",
		HiredOn: day(1992, 3, 1), HiredBy: "Ủy ban nhân dân TP. Hồ Chí Minh",
		RankCode: "01.001", SalaryStep: 4, SalaryCoeff: "7.28", StepSince: day(2022, 1, 1),
		Degree: "ThS", PoliticsCode: "CAO_CAP", Status: "DLV", UpdatedAt: day(2026, 11, 20),
	}}

	now := day(2026, 11, 26).Add(10 * time.Hour) // time.Now() in production
	lists := codelist.Default()
	var profiles []packet.Profile
	for _, row := range rows {
		hs, err := toProfile(row, lists)
		if err != nil {
			fmt.Println(err) // a row the HR staff must fix first
			continue
		}
		profiles = append(profiles, hs)
	}
	b := &packet.Builder{
		Sender:   identifier.MustParseAgencyCode("000.00.00.H29"),
		Software: "QLCB 4.2",
		Now:      func() time.Time { return now }, // nil: time.Now
	}
	p, err := b.Profiles(profiles) // MaGoiTin: keep p.Header.ID with the rows, to resend under the same ID
	if err != nil {
		fmt.Println(err)
		return
	}

	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatJSON); err != nil {
		fmt.Println(err)
		return
	}
	v, err := packet.NewValidator(packet.WithCodeLists(lists), packet.WithClock(func() time.Time { return now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := v.Validate(context.Background(), &buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("records:", rep.Records, "valid:", rep.Valid())
	for _, f := range rep.Findings {
		fmt.Println(f.Severity, f.Rule, f.Pointer)
	}
	// Output:
	// nhân viên SNV-0042: normalised /HoVaTen
	// nhân viên SNV-0042: normalised /TonGiao
	// records: 2 valid: true
	// CANH_BAO R-DATE-006 /DuLieu/1/NgaySinh
}

// What to do with each finding of a report: a LOI rejects its record,
// a CANH_BAO keeps it. Findings point into the packet: Record says which
// record (/DuLieu/i is record i), or that a finding is in none.
func Example_findings() {
	g := packettest.New(packettest.Options{Defects: []packettest.Defect{
		packettest.DefectGenderDigit, packettest.DefectPartialBirthDate, packettest.DefectSpaces,
	}})
	var buf bytes.Buffer
	if err := g.Packet(packet.KindProfiles, 4).Encode(&buf, packet.FormatJSON); err != nil {
		fmt.Println(err)
		return
	}
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return g.Options().Now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := v.Validate(context.Background(), &buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Findings {
		rule, _ := packet.LookupRule(f.Rule)
		record, inRecord := f.Record() // 17 for /DuLieu/17/NgaySinh
		switch {
		case !inRecord: // the header, or the packet as a whole
			fmt.Printf("packet: %s %s at %s\n", f.Severity, f.Rule, f.Pointer)
		case f.Severity == packet.SeverityError:
			fmt.Printf("record %d rejected: %s (%s layer) at %s\n", record, f.Rule, rule.Layer, f.Pointer)
		default:
			fmt.Printf("record %d kept, to complete: %s at %s\n", record, f.Rule, f.Pointer)
		}
	}
	fmt.Println("packet valid:", rep.Valid())
	// Output:
	// record 0 rejected: R-ID-003 (ngu-nghia layer) at /DuLieu/0/SoDinhDanh
	// record 1 kept, to complete: R-DATE-006 at /DuLieu/1/NgaySinh
	// record 2 kept, to complete: R-TXT-001 at /DuLieu/2/HoVaTen
	// packet valid: false
}

// Format versions: the SDK writes 2.0 and still reads 1.0, each under its
// own rules; a 1.0 packet is valid with one R-HDR-006 warning, and the
// national profile ID (MaDinhDanhCBCCVC) is a member of 1.0 only.
func Example_formatVersions() {
	fmt.Println("writes", packet.Version, "reads", packet.SupportedVersions())
	now := packettest.New(packettest.Options{}).Options().Now // the generator's fixed day
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, version := range []string{"2.0", "1.0"} {
		g := packettest.New(packettest.Options{Version: version})
		p := g.Packet(packet.KindSharedProfiles, 2) // as the national database shares profiles
		rep, err := v.ValidatePacket(context.Background(), p)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("PhienBan %s: valid %v, answered in %s, MaDinhDanhCBCCVC %v\n", p.Header.Version, rep.Valid(),
			packet.ReplyVersion(p.Header.Version), packet.VersionHas(p.Header.Version, "HoSo", "/MaDinhDanhCBCCVC"))
		hs := p.Records.Profiles[0]
		fmt.Printf("  record 0: SoDinhDanh %s, MaDinhDanhCBCCVC %q\n", hs.PersonalID, hs.ProfileID.String())
		for _, f := range rep.Findings {
			fmt.Println(" ", f.Severity, f.Rule, f.Pointer)
		}
	}
	// Output:
	// writes 2.0 reads [1.0 2.0]
	// PhienBan 2.0: valid true, answered in 2.0, MaDinhDanhCBCCVC false
	//   record 0: SoDinhDanh 052196998935, MaDinhDanhCBCCVC ""
	// PhienBan 1.0: valid true, answered in 1.0, MaDinhDanhCBCCVC true
	//   record 0: SoDinhDanh 052196998935, MaDinhDanhCBCCVC "H2930015374148"
	//   CANH_BAO R-HDR-006 /ThongTinGoiTin/PhienBan
}

// Showing an error to a person: every error of the SDK has its Vietnamese
// and English messages, found through any wrapping.
func Example_errorMessages() {
	_, err := signing.LoadPKCS12([]byte("not a PKCS #12 file"), "secret")
	err = fmt.Errorf("loading the agency's key: %w", err)

	var m interface{ Messages() (vi, en string) }
	if errors.As(err, &m) {
		vi, _ := m.Messages()
		fmt.Println(vi) // for the clerk; err.Error() goes to the log
	}
	fmt.Println(errors.Is(err, signing.ErrKeyFile))
	// Output:
	// Tệp chứng thư số không phải tệp PKCS #12 (.p12, .pfx) đọc được. Đề nghị kiểm tra lại tệp khóa.
	// true
}

// Signing with a PKCS #12 file, as Vietnamese CAs issue software
// certificates, and checking a packet as the national database does.
// The test PKI stands in for the CA.
func Example_signPKCS12() {
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600)) // time.Now() in production
	pki, err := signingtest.NewPKI(signingtest.Config{At: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.RSA2048)
	p12, err := signing.EncodePKCS12(id.Key, id.CertChain(), "mật khẩu") // the CA's .p12 file
	if err != nil {
		fmt.Println(err)
		return
	}

	signer, err := signing.LoadPKCS12(p12, "mật khẩu")
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := packettest.New(packettest.Options{Sender: sender, Now: now}).
		Packet(packet.KindProfiles, 3).Encode(&buf, packet.FormatJSON); err != nil {
		fmt.Println(err)
		return
	}
	signed, err := signer.Sign(ctx, buf.Bytes())
	if err != nil {
		fmt.Println(err)
		return
	}

	v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots(), Now: func() time.Time { return now }}}
	got, err := v.Verify(ctx, signed)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("signed by", got.Agency, "-", len(got.Packet.Records.Profiles), "profiles")

	changed := bytes.Replace(signed, []byte(`"BacLuong":`), []byte(`"BacLuong":1`), 1) // one digit added
	_, err = v.Verify(ctx, changed)
	fmt.Println(errors.Is(err, signing.ErrDigestMismatch), signing.Rule(err))
	// Output:
	// signed by 000.00.00.H29 - 3 profiles
	// true R-SIG-002
}

// Replacing the embedded commune list (Xa) when the General Statistics
// Office changes it. The list here is made up: in production the file is
// the new list as the national service answers GET /danh-muc/Xa.
func Example_replaceCommuneList() {
	dir, err := os.MkdirTemp("", "codelist")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "Xa.json")
	newList := `{"ten": "Xa", "phienBan": "2026.01", "muc": [{"ma": "26740", "ten": "Phường Sài Gòn", "nhom": "79"}]}`
	if err := os.WriteFile(path, []byte(newList), 0o600); err != nil {
		fmt.Println(err)
		return
	}
	g := packettest.New(packettest.Options{})
	p := g.Packet(packet.KindProfiles, 1)
	p.Records.Profiles[0].PermanentAddress = &packet.Address{UnitCode: "26737", Detail: "12 Hai Bà Trưng, Phường Tân Định", Country: "VN"}
	clock := packet.WithClock(func() time.Time { return g.Options().Now })

	// The embedded list has 26737, Phường Tân Định.
	v, err := packet.NewValidator(clock)
	if err != nil {
		fmt.Println(err)
		return
	}
	printFindings(v, p)

	xa, err := codelist.LoadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err = packet.NewValidator(packet.WithCodeLists(codelist.Default().With(xa)), clock)
	if err != nil {
		fmt.Println(err)
		return
	}
	printFindings(v, p)
	// Output:
	// valid: true
	// valid: false
	// R-CODE-001 /DuLieu/0/ThuongTru/MaDonViHanhChinh MaDonViHanhChinh "26737" of ThuongTru is not in code list Xa (version 2026.01), the communes, wards and special zones since 1 July 2025
}

// printFindings validates p with v and prints what it finds.
func printFindings(v *packet.Validator, p *packet.Packet) {
	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatJSON); err != nil {
		fmt.Println(err)
		return
	}
	rep, err := v.Validate(context.Background(), &buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("valid:", rep.Valid())
	for _, f := range rep.Findings {
		fmt.Println(f.Rule, f.Pointer, f.MessageEN)
	}
}
