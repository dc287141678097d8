package packet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// The MaGoiTin tests give migrated packets, so that they are reproducible.
var migratedID = uuid.MustParse("0195f3a2-7c00-7d00-8e00-000000000001")

func encodeAs(t testing.TB, p *packet.Packet, f packet.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gen1(kind packet.Kind, n int) *packet.Packet {
	return packettest.New(packettest.Options{Seed: 11, Version: "1.0"}).Packet(kind, n)
}

func migrate(data []byte, opts ...packet.MigrateOption) ([]byte, *packet.MigrationReport, error) {
	var out bytes.Buffer
	rep, err := packet.Migrate(context.Background(), &out, bytes.NewReader(data), opts...)
	return out.Bytes(), rep, err
}

// validate2 validates a migrated packet and fails the test unless it is a
// valid packet of the current format version, with no R-HDR-006.
func validate2(t *testing.T, data []byte) *packet.Report {
	t.Helper()
	v, err := packet.NewValidator(packet.WithClock(genClock))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.Validate(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Valid() || rep.Header == nil || rep.Header.Version != packet.Version {
		t.Fatalf("the migrated packet is not a valid %s packet: %v\n%s", packet.Version, rep.Findings, data)
	}
	for _, f := range rep.Findings {
		if f.Rule == packet.RuleHeaderSuperseded {
			t.Fatalf("the migrated packet has %v", f)
		}
	}
	return rep
}

// dropped returns the pointers of a report's dropped values.
func dropped(rep *packet.MigrationReport) []string {
	var out []string
	for _, d := range rep.Dropped {
		out = append(out, d.Pointer)
	}
	return out
}

// TestMigrateSpecExamples: the spec's examples in format 1.0 migrate to
// the same examples in format 2.0, the national profile IDs of the PHANHOI
// dropped and listed.
func TestMigrateSpecExamples(t *testing.T) {
	files, err := filepath.Glob("testdata/spec1/*")
	if err != nil || len(files) == 0 {
		t.Fatal(files, err)
	}
	want := map[string][]string{"phanhoi.json": {"/DuLieu/0/MaDinhDanhCBCCVC", "/DuLieu/1/MaDinhDanhCBCCVC", "/DuLieu/2/MaDinhDanhCBCCVC"}}
	for _, name := range files {
		base := filepath.Base(name)
		t.Run(base, func(t *testing.T) {
			in, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			out, rep, err := migrate(in, packet.MigrateKeepPacketID())
			if err != nil {
				t.Fatal(err)
			}
			validate2(t, out)
			wantFile, err := os.Open(filepath.Join("testdata/spec", base))
			if err != nil {
				t.Fatal(err)
			}
			defer wantFile.Close()
			wantP, _, err := packet.Decode(wantFile, packet.FormatAuto, packet.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := packet.Decode(bytes.NewReader(out), packet.FormatAuto, packet.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(jsonOf(t, wantP), jsonOf(t, got)); d != "" {
				t.Errorf("migrated packet differs from the 2.0 example (-want +got):\n%s", d)
			}
			if wf := strings.TrimPrefix(filepath.Ext(base), "."); rep.Format.String() != wf {
				t.Errorf("written as %v, want %s (the input's)", rep.Format, wf)
			}
			if d := cmp.Diff(want[base], dropped(rep)); d != "" {
				t.Errorf("dropped (-want +got):\n%s", d)
			}
			for _, dv := range rep.Dropped {
				if dv.Name != "MaDinhDanhCBCCVC" || len(dv.Value) != 16 {
					t.Errorf("dropped %+v, want the member's name and its 14-character value as JSON", dv)
				}
			}
			if rep.From != "1.0" || rep.To != packet.Version || rep.ID != rep.OriginalID || rep.Signed {
				t.Errorf("report %+v", rep)
			}
		})
	}
}

// TestMigrateKinds migrates generated 1.0 packets of every kind, in both
// formats and into both: the result is valid 2.0, holds every record and
// value but the national profile IDs, which the report lists.
func TestMigrateKinds(t *testing.T) {
	formats := []packet.Format{packet.FormatJSON, packet.FormatXML}
	for _, kind := range packet.Kinds() {
		p := gen1(kind, 4)
		var wantDropped []string
		for i, hs := range p.Records.Profiles {
			if !hs.ProfileID.IsZero() {
				wantDropped = append(wantDropped, "/DuLieu/"+strconv.Itoa(i)+"/MaDinhDanhCBCCVC")
			}
		}
		for i, r := range p.Records.Results {
			if !r.ProfileID.IsZero() {
				wantDropped = append(wantDropped, "/DuLieu/"+strconv.Itoa(i)+"/MaDinhDanhCBCCVC")
			}
		}
		if (kind == packet.KindSharedProfiles || kind == packet.KindResponse) != (len(wantDropped) > 0) {
			t.Fatalf("%s: the generator gave national profile IDs %v", kind, wantDropped)
		}
		for _, from := range formats {
			in := encodeAs(t, p, from)
			// What the migrated packet must hold: what the input holds, in format 2.0.
			want, _, err := packet.Decode(bytes.NewReader(in), from, packet.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want.Header.Version, want.Header.ID = packet.Version, migratedID
			for i := range want.Records.Profiles {
				want.Records.Profiles[i].ProfileID = identifier.ProfileID{}
			}
			for i := range want.Records.Results {
				want.Records.Results[i].ProfileID = identifier.ProfileID{}
			}
			for _, to := range []packet.Format{packet.FormatAuto, packet.FormatJSON, packet.FormatXML} {
				t.Run(string(kind)+"/"+from.String()+"-to-"+to.String(), func(t *testing.T) {
					out, rep, err := migrate(in, packet.MigrateFormat(to), packet.MigratePacketID(migratedID))
					if err != nil {
						t.Fatal(err)
					}
					wantFormat := to
					if to == packet.FormatAuto {
						wantFormat = from
					}
					if f, _ := packet.DetectFormat(out); f != wantFormat || rep.Format != wantFormat {
						t.Errorf("written as %v (report %v), want %v", f, rep.Format, wantFormat)
					}
					validate2(t, out)
					got, _, err := packet.Decode(bytes.NewReader(out), packet.FormatAuto, packet.Limits{})
					if err != nil {
						t.Fatal(err)
					}
					if d := cmp.Diff(jsonOf(t, want), jsonOf(t, got)); d != "" {
						t.Errorf("(-want +got):\n%s", d)
					}
					if d := cmp.Diff(wantDropped, dropped(rep)); d != "" {
						t.Errorf("dropped (-want +got):\n%s", d)
					}
					if rep.Records != 4 || rep.ID != migratedID || rep.OriginalID != p.Header.ID || rep.Signed {
						t.Errorf("report %+v", rep)
					}
					// Migrating again: nothing to migrate, nothing written.
					var again bytes.Buffer
					if _, err := packet.Migrate(context.Background(), &again, bytes.NewReader(out)); !errors.Is(err, packet.ErrCurrentVersion) || again.Len() > 0 {
						t.Errorf("migrating the result again: %v, %d bytes written", err, again.Len())
					}
				})
			}
		}
	}
}

// TestMigratePacketID: a new UUID v7 by default, the one given, or the
// input's when asked.
func TestMigratePacketID(t *testing.T) {
	in := encodeAs(t, gen1(packet.KindProfiles, 1), packet.FormatJSON)
	orig := gen1(packet.KindProfiles, 1).Header.ID
	for _, tc := range []struct {
		name string
		opts []packet.MigrateOption
		want func(uuid.UUID) bool
	}{
		{"default", nil, func(id uuid.UUID) bool { return id.Version() == 7 && id != orig }},
		{"given", []packet.MigrateOption{packet.MigratePacketID(migratedID)}, func(id uuid.UUID) bool { return id == migratedID }},
		{"nil given", []packet.MigrateOption{packet.MigratePacketID(uuid.Nil)}, func(id uuid.UUID) bool { return id.Version() == 7 && id != orig }},
		{"kept", []packet.MigrateOption{packet.MigrateKeepPacketID()}, func(id uuid.UUID) bool { return id == orig }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, rep, err := migrate(in, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			h, fs, err := packet.ReadHeader(bytes.NewReader(out), packet.FormatAuto, packet.Limits{})
			if err != nil || fs != nil {
				t.Fatal(err, fs)
			}
			if !tc.want(h.ID) || rep.ID != h.ID || rep.OriginalID != orig || !h.Created.Equal(gen1(packet.KindProfiles, 1).Header.Created) {
				t.Errorf("MaGoiTin %s (report %s, original %s), ThoiGianTao %s", h.ID, rep.ID, rep.OriginalID, h.Created)
			}
		})
	}
}

// TestMigrateSigned: a signature is not carried over, and the report says
// the packet was signed.
func TestMigrateSigned(t *testing.T) {
	p := gen1(packet.KindProfiles, 2)
	signedJSON := func() []byte {
		q := *p
		q.Signature = &packet.Signature{Format: "CMS", Value: "MIIBsignature"}
		return encodeAs(t, &q, packet.FormatJSON)
	}()
	signedXML := bytes.Replace(encodeAs(t, p, packet.FormatXML), []byte("</GoiTin>"),
		[]byte(`<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature></GoiTin>`), 1)
	for _, tc := range []struct {
		name string
		in   []byte
		to   packet.Format
	}{
		{"json", signedJSON, packet.FormatAuto},
		{"xml", signedXML, packet.FormatAuto},
		{"json to xml", signedJSON, packet.FormatXML},
		{"xml to json", signedXML, packet.FormatJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, rep, err := migrate(tc.in, packet.MigrateFormat(tc.to))
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Signed {
				t.Error("the report does not say the packet was signed")
			}
			if bytes.Contains(out, []byte("ChuKySo")) || bytes.Contains(out, []byte("Signature")) {
				t.Errorf("the signature was carried over:\n%s", out)
			}
			vi, en := rep.Messages()
			if !strings.Contains(vi, "ký số lại") || !strings.Contains(en, "sign the packet again") {
				t.Errorf("messages do not say to sign again:\n%s\n%s", vi, en)
			}
			validate2(t, out)
		})
	}
	// An unsigned packet: no such message.
	_, rep, err := migrate(encodeAs(t, p, packet.FormatJSON))
	if err != nil {
		t.Fatal(err)
	}
	if vi, _ := rep.Messages(); rep.Signed || strings.Contains(vi, "ký số") {
		t.Errorf("an unsigned packet is reported signed: %v %s", rep.Signed, vi)
	}
}

// TestMigrateChangeOfProfileID: an item of a change event that sets the
// national profile ID is dropped and listed; a change event with no other
// item is refused.
func TestMigrateChangeOfProfileID(t *testing.T) {
	idItem := packet.FieldChange{Field: "/MaDinhDanhCBCCVC", OldValue: json.RawMessage(`"H2920001234507"`), NewValue: json.RawMessage(`"H2930001234652"`)}
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		t.Run("dropped/"+f.String(), func(t *testing.T) {
			p := gen1(packet.KindChanges, 2)
			p.Records.Changes[1].Fields = append([]packet.FieldChange{idItem}, p.Records.Changes[1].Fields...)
			want := slices.Clone(p.Records.Changes[1].Fields[1:])
			out, rep, err := migrate(encodeAs(t, p, f))
			if err != nil {
				t.Fatal(err)
			}
			validate2(t, out)
			got, _, err := packet.Decode(bytes.NewReader(out), packet.FormatAuto, packet.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got.Records.Changes[1].Fields, canonicalRaw); d != "" {
				t.Errorf("ThayDoi (-want +got):\n%s", d)
			}
			wantDrop := []packet.DroppedValue{{Pointer: "/DuLieu/1/ThayDoi/0", Name: "ThayDoi",
				Value: json.RawMessage(`{"TruongDuLieu":"/MaDinhDanhCBCCVC","GiaTri":["H2920001234507","H2930001234652"]}`)}}
			if d := cmp.Diff(wantDrop, rep.Dropped, canonicalRaw); d != "" {
				t.Errorf("dropped (-want +got):\n%s", d)
			}
		})
		t.Run("refused/"+f.String(), func(t *testing.T) {
			p := gen1(packet.KindChanges, 2)
			p.Records.Changes[1].Fields = []packet.FieldChange{idItem}
			_, _, err := migrate(encodeAs(t, p, f))
			var me *packet.MigrationError
			if !errors.Is(err, packet.ErrNotMigratable) || !errors.As(err, &me) || me.Pointer != "/DuLieu/1" {
				t.Fatalf("error %v, want ErrNotMigratable at /DuLieu/1", err)
			}
			vi, _ := me.Messages()
			if !strings.Contains(vi, "mã định danh hồ sơ CBCCVC (MaDinhDanhCBCCVC)") || strings.Contains(vi, "/MaDinhDanhCBCCVC") || !strings.Contains(vi, "Đề nghị") {
				t.Errorf("Vietnamese message %q", vi)
			}
		})
	}
	// The same for a difference of a matching result.
	p := gen1(packet.KindMatches, 3)
	i := slices.IndexFunc(p.Records.Matches, func(m packet.MatchResult) bool { return len(m.Differences) > 0 })
	if i < 0 {
		p.Records.Matches[0].Status = "SAI_KHAC"
		p.Records.Matches[0].Differences = []packet.Difference{{Field: "/HoVaTen", AgencyValue: json.RawMessage(`"A"`), AuthoritativeValue: json.RawMessage(`"B"`)}}
		i = 0
	}
	p.Records.Matches[i].Differences = append(p.Records.Matches[i].Differences, packet.Difference{Field: "/MaDinhDanhCBCCVC", AuthoritativeValue: json.RawMessage(`"H2920001234507"`)})
	n := len(p.Records.Matches[i].Differences)
	_, rep, err := migrate(encodeAs(t, p, packet.FormatJSON))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"/DuLieu/" + strconv.Itoa(i) + "/ChenhLech/" + strconv.Itoa(n-1)}, dropped(rep)); d != "" {
		t.Errorf("dropped (-want +got):\n%s", d)
	}
}

// jsonOf is the JSON form of p, one record a line, to compare packets.
func jsonOf(t *testing.T, p *packet.Packet) string {
	t.Helper()
	q := *p
	q.Header.RecordCount = q.Records.Len()
	return string(encodeAs(t, &q, packet.FormatJSON))
}

// canonicalRaw compares JSON values by value: members in any order.
var canonicalRaw = cmp.Transformer("canonical", func(r json.RawMessage) string {
	var v any
	if json.Unmarshal(r, &v) != nil {
		return string(r)
	}
	b, _ := json.Marshal(v)
	return string(b)
})

// TestMigrateRefuses: what Migrate does not migrate, and that it writes
// nothing then.
func TestMigrateRefuses(t *testing.T) {
	p1 := gen1(packet.KindSharedProfiles, 2)
	v1 := encodeAs(t, p1, packet.FormatJSON)
	v1XML := encodeAs(t, p1, packet.FormatXML)
	p2 := packettest.New(packettest.Options{Seed: 11}).Packet(packet.KindProfiles, 2)
	id := p1.Records.Profiles[1].ProfileID.String()
	badID := id[:len(id)-1] + string('0'+(id[len(id)-1]-'0'+1)%10)
	for _, tc := range []struct {
		name  string
		in    []byte
		is    error
		rule  string // a finding of this rule, when the error carries findings
		where string
	}{
		{"2.0 JSON", encodeAs(t, p2, packet.FormatJSON), packet.ErrCurrentVersion, "", ""},
		{"2.0 XML", encodeAs(t, p2, packet.FormatXML), packet.ErrCurrentVersion, "", ""},
		{"unknown version", bytes.Replace(v1, []byte(`"PhienBan":"1.0"`), []byte(`"PhienBan":"3.0"`), 1), packet.ErrVersion, "", "/ThongTinGoiTin/PhienBan"},
		{"malformed version", bytes.Replace(v1, []byte(`"PhienBan":"1.0"`), []byte(`"PhienBan":"mot"`), 1), packet.ErrVersion, "", "/ThongTinGoiTin/PhienBan"},
		{"1.0 in the 2.0 namespace", bytes.Replace(v1XML, []byte(":goitin:1\""), []byte(":goitin:2\""), 1), packet.ErrVersion, "", "/ThongTinGoiTin/PhienBan"},
		{"a value that does not bind", bytes.Replace(v1, []byte(id), []byte(badID), 1), packet.ErrNotMigratable, "R-ID-005", "/DuLieu/1/MaDinhDanhCBCCVC"},
		{"a value that does not bind, XML", bytes.Replace(v1XML, []byte(id), []byte(badID), 1), packet.ErrNotMigratable, "R-ID-005", "/DuLieu/1/MaDinhDanhCBCCVC"},
		{"an unknown member", bytes.Replace(v1, []byte(`"HoVaTen":`), []byte(`"Luong":1,"HoVaTen":`), 1), packet.ErrNotMigratable, packet.RuleSchema, "/DuLieu/0/Luong"},
		{"an unknown envelope member", bytes.Replace(v1, []byte(`"DuLieu":[`), []byte(`"Khac":1,"DuLieu":[`), 1), packet.ErrNotMigratable, packet.RuleSchema, "/Khac"},
		{"malformed", v1[:len(v1)/2], packet.ErrNotMigratable, packet.RuleFormatSyntax, "*"},
		{"empty", nil, packet.ErrNotMigratable, packet.RuleFormatSyntax, ""},
		{"a required member missing", bytes.Replace(v1, []byte(`"HoVaTen":`), []byte(`"TenKhac":`), 1), packet.ErrNotMigratable, packet.RuleSchema, "*"},
		{"a required header member missing", bytes.Replace(v1, []byte(`"ThoiGianTao":`), []byte(`"ThoiGian":`), 1), packet.ErrNotMigratable, packet.RuleSchema, "*"},
		{"a date that does not exist", regexp.MustCompile(`"NgaySinh":"(\d{4})-\d\d-\d\d"`).ReplaceAll(v1, []byte(`"NgaySinh":"$1-02-31"`)), packet.ErrNotMigratable, packet.RuleValue, "/DuLieu/0/NgaySinh"},
		{"no header", []byte(`{"DuLieu":[]}`), packet.ErrMissingHeader, "", ""},
		{"record count", bytes.Replace(v1, []byte(`"SoLuongBanGhi":2`), []byte(`"SoLuongBanGhi":3`), 1), packet.ErrRecordCount, "", "/ThongTinGoiTin/SoLuongBanGhi"},
		{"records of another kind", bytes.Replace(v1, []byte(`"LoaiGoiTin":"CHIASE_HOSO"`), []byte(`"LoaiGoiTin":"BIENDONG"`), 1), packet.ErrNotMigratable, "", "*"},
		{"records of an unknown kind", bytes.Replace(v1, []byte(`"LoaiGoiTin":"CHIASE_HOSO"`), []byte(`"LoaiGoiTin":"HOSO_MOI"`), 1), packet.ErrNotMigratable, "R-HDR-001", "/DuLieu/0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			rep, err := packet.Migrate(context.Background(), &out, bytes.NewReader(tc.in))
			if !errors.Is(err, tc.is) || rep != nil {
				t.Fatalf("error %v, report %v; want %v", err, rep, tc.is)
			}
			var me *packet.MigrationError
			if !errors.As(err, &me) || (me.Pointer != tc.where && tc.where != "*") {
				t.Fatalf("error %#v, want a *MigrationError at %q", err, tc.where)
			}
			vi, en := me.Messages()
			if vi == "" || en == "" || !strings.Contains(vi, "Đề nghị") {
				t.Errorf("messages %q, %q", vi, en)
			}
			if tc.rule != "" {
				var fs packet.Findings
				if !errors.As(err, &fs) || fs[0].Rule != tc.rule {
					t.Errorf("findings %v, want %s", fs, tc.rule)
				}
			}
			if tc.is != packet.ErrRecordCount && tc.is != packet.ErrNotMigratable && out.Len() > 0 {
				t.Errorf("%d bytes written for a packet refused before its first record", out.Len())
			}
		})
	}
}

// TestMigrateSharedWithoutID: a 1.0 CHIASE_HOSO profile without the
// national profile ID 1.0 requires there is invalid only for the member
// migration drops: it migrates.
func TestMigrateSharedWithoutID(t *testing.T) {
	p := gen1(packet.KindSharedProfiles, 2)
	p.Records.Profiles[0].ProfileID = identifier.ProfileID{}
	out, rep, err := migrate(encodeAs(t, p, packet.FormatXML))
	if err != nil {
		t.Fatal(err)
	}
	validate2(t, out)
	if d := cmp.Diff([]string{"/DuLieu/1/MaDinhDanhCBCCVC"}, dropped(rep)); d != "" {
		t.Errorf("dropped (-want +got):\n%s", d)
	}
}

// TestMigrateRecordsFirst: a JSON packet whose DuLieu comes first, as in
// the canonical form a signature covers, is read twice when it can be,
// its header first; else it is refused.
func TestMigrateRecordsFirst(t *testing.T) {
	p := gen1(packet.KindSharedProfiles, 3)
	in := recordsFirst(t, encodeAs(t, p, packet.FormatJSON))
	for _, to := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		var out bytes.Buffer
		r := io.NewSectionReader(bytes.NewReader(append([]byte("   "), in...)), 3, int64(len(in))) // read from an offset
		rep, err := packet.Migrate(context.Background(), &out, r, packet.MigrateFormat(to))
		if err != nil {
			t.Fatalf("%v: %v", to, err)
		}
		validate2(t, out.Bytes())
		if rep.Records != 3 || rep.DroppedCount() != 3 || rep.OriginalID != p.Header.ID {
			t.Errorf("%v: report %+v", to, rep)
		}
	}
	var out bytes.Buffer
	_, err := packet.Migrate(context.Background(), &out, struct{ io.Reader }{bytes.NewReader(in)})
	var me *packet.MigrationError
	if !errors.Is(err, packet.ErrHeaderNotFirst) || !errors.As(err, &me) || out.Len() > 0 {
		t.Errorf("records first, no seeking: %v, %d bytes written", err, out.Len())
	}
}

// recordsFirst moves DuLieu before ThongTinGoiTin in a JSON packet.
func recordsFirst(t *testing.T, doc []byte) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	return []byte(`{"DuLieu":` + string(m["DuLieu"]) + `,"ThongTinGoiTin":` + string(m["ThongTinGoiTin"]) + `}`)
}

// TestMigrateDroppedLimit: the report lists at most MaxFindings dropped
// values and counts the others.
func TestMigrateDroppedLimit(t *testing.T) {
	in := encodeAs(t, gen1(packet.KindSharedProfiles, 5), packet.FormatXML)
	_, rep, err := migrate(in, packet.MigrateLimits(packet.Limits{MaxFindings: 2}))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Dropped) != 2 || rep.Omitted != 3 || rep.DroppedCount() != 5 {
		t.Errorf("listed %d, omitted %d", len(rep.Dropped), rep.Omitted)
	}
	vi, en := rep.Messages()
	if !strings.Contains(vi, "Đã bỏ 5 giá trị") || !strings.Contains(vi, "(MaDinhDanhCBCCVC): 5") || !strings.Contains(en, "Dropped 5 values") {
		t.Errorf("messages:\n%s\n%s", vi, en)
	}
	// A limit holds while reading.
	if _, _, err := migrate(in, packet.MigrateLimits(packet.Limits{MaxRecords: 3})); !errors.Is(err, packet.ErrNotMigratable) {
		t.Errorf("over MaxRecords: %v", err)
	}
}

// TestMigrateContext: a done context stops the migration, before it
// starts or while it reads.
func TestMigrateContext(t *testing.T) {
	in := encodeAs(t, gen1(packet.KindProfiles, 200), packet.FormatJSON)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := packet.Migrate(ctx, io.Discard, bytes.NewReader(in)); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled context: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	r := &cancelAfter{r: bytes.NewReader(in), n: len(in) / 2, cancel: cancel}
	if _, err := packet.Migrate(ctx, io.Discard, r); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled half-way: %v", err)
	}
}

// cancelAfter cancels a context once n bytes have been read.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p[:min(len(p), 512)])
	if c.n -= n; c.n <= 0 {
		c.cancel()
	}
	return n, err
}

// TestMigrateReaderError: an error of the reader is returned as it is,
// not as a refusal of the packet.
func TestMigrateReaderError(t *testing.T) {
	in := encodeAs(t, gen1(packet.KindProfiles, 20), packet.FormatJSON)
	boom := errors.New("disk on fire")
	r := io.MultiReader(bytes.NewReader(in[:len(in)/2]), &failing{boom})
	_, err := packet.Migrate(context.Background(), io.Discard, r)
	var me *packet.MigrationError
	if !errors.Is(err, boom) || errors.As(err, &me) {
		t.Errorf("error %v, want the reader's, not a refusal", err)
	}
}

type failing struct{ err error }

func (f *failing) Read([]byte) (int, error) { return 0, f.err }

func TestMigrateBadFormat(t *testing.T) {
	in := encodeAs(t, gen1(packet.KindProfiles, 1), packet.FormatJSON)
	if _, _, err := migrate(in, packet.MigrateFormat(packet.Format(9))); err == nil {
		t.Error("format 9 accepted")
	}
}

// sharedPacket1 writes a generated 1.0 CHIASE_HOSO packet of n profiles,
// each with its national profile ID, to w.
func sharedPacket1(w io.Writer, f packet.Format, n int) error {
	g := packettest.New(packettest.Options{Seed: 3, Version: "1.0"})
	enc := packet.NewEncoder(w, f, g.Header(packet.KindSharedProfiles, n))
	for rec := range g.Records(packet.KindSharedProfiles, n) {
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	return enc.Close(nil)
}

// TestStreamingMigrationMemory migrates a 100,000-profile 1.0 packet that
// is generated while it is read, and checks that the heap stays small:
// memory must not grow with the number of records. It takes about a
// minute, so it runs only without -short and without -race, which inflates
// the heap, and in JSON only (BenchmarkMigrate measures both formats).
func TestStreamingMigrationMemory(t *testing.T) {
	switch {
	case testing.Short():
		t.Skip("a 100,000-profile packet: skipped with -short")
	case raceEnabled:
		t.Skip("the race detector inflates the heap and the time: memory is measured without it")
	}
	const n = 100_000
	for _, f := range []packet.Format{packet.FormatJSON} {
		t.Run(f.String(), func(t *testing.T) {
			pr, pw := io.Pipe()
			go func() { pw.CloseWithError(sharedPacket1(pw, f, n)) }()
			var peak atomic.Uint64
			stop := make(chan struct{})
			sampled := make(chan struct{})
			go func() {
				defer close(sampled)
				var ms runtime.MemStats
				for {
					select {
					case <-stop:
						return
					case <-time.After(20 * time.Millisecond):
						runtime.ReadMemStats(&ms)
						peak.Store(max(peak.Load(), ms.HeapInuse))
					}
				}
			}()
			var out countingWriter
			start := time.Now()
			rep, err := packet.Migrate(context.Background(), &out, pr)
			elapsed := time.Since(start)
			close(stop)
			<-sampled
			if err != nil {
				t.Fatal(err)
			}
			if rep.Records != n || rep.DroppedCount() != n || len(rep.Dropped) != packet.DefaultLimits().MaxFindings {
				t.Fatalf("%d records, %d dropped, %d listed", rep.Records, rep.DroppedCount(), len(rep.Dropped))
			}
			p := peak.Load()
			t.Logf("%s: migrated %d profiles (%.0f MB written) in %v: %.0f profiles/s, %.1f MB/s written; peak heap in use %.1f MiB",
				f, n, float64(out.n)/1e6, elapsed.Round(time.Millisecond), n/elapsed.Seconds(), float64(out.n)/1e6/elapsed.Seconds(), float64(p)/(1<<20))
			if p > 64<<20 {
				t.Errorf("peak heap %.1f MiB, want under 64 MiB", float64(p)/(1<<20))
			}
		})
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkMigrate migrates a 1.0 CHIASE_HOSO packet of 10,000 profiles,
// each with a national profile ID to drop.
func BenchmarkMigrate(b *testing.B) {
	const n = 10_000
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		var in bytes.Buffer
		if err := sharedPacket1(&in, f, n); err != nil {
			b.Fatal(err)
		}
		b.Run(f.String(), func(b *testing.B) {
			b.SetBytes(int64(in.Len()))
			b.ReportAllocs()
			for b.Loop() {
				rep, err := packet.Migrate(context.Background(), io.Discard, bytes.NewReader(in.Bytes()), packet.MigratePacketID(migratedID))
				if err != nil || rep.Records != n {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "profiles/s")
		})
	}
}
