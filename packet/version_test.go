package packet

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
)

// Decode reports a member the packet's version lacks wherever it comes,
// before the header or after, and binds a 1.0 packet's 1.0 members.
func TestDecodeVersionMembers(t *testing.T) {
	for _, tc := range []struct {
		file    string
		wantPtr string // the finding; "" for none
		wantID  bool   // MaDinhDanhCBCCVC bound
	}{
		{"invalid/R-SCH-001-profile-id-in-2.json", "/DuLieu/0/MaDinhDanhCBCCVC", false},
		{"invalid/R-SCH-001-profile-id-in-2.xml", "/DuLieu/0/MaDinhDanhCBCCVC", false},
		{"invalid/R-SCH-001-profile-id-records-first.json", "/DuLieu/0/MaDinhDanhCBCCVC", true},
		{"invalid/R-HDR-006-records-first.json", "", true},
		{"spec1/phanhoi.json", "", true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			p, fs, err := Decode(bytes.NewReader(b), FormatAuto, Limits{})
			switch {
			case err != nil:
				t.Fatalf("Decode: %v", err)
			case tc.wantPtr == "" && fs != nil:
				t.Fatalf("Decode: %v", fs)
			case tc.wantPtr != "" && (len(fs) != 1 || fs[0].Pointer != tc.wantPtr || fs[0].Rule != RuleSchema):
				t.Fatalf("Decode: %v, want one R-SCH-001 at %s", fs, tc.wantPtr)
			}
			var id identifier.ProfileID
			if len(p.Records.Profiles) > 0 {
				id = p.Records.Profiles[0].ProfileID
			} else {
				id = p.Records.Results[0].ProfileID
			}
			if id.IsZero() == tc.wantID {
				t.Errorf("MaDinhDanhCBCCVC %q bound: %v, want %v", id, !id.IsZero(), tc.wantID)
			}
		})
	}
}

// The encoder writes the namespace of the header's version, and refuses a
// member that version lacks rather than drop it.
func TestEncodeVersions(t *testing.T) {
	p := decodeFile(t, filepath.Join("testdata", "spec1", "phanhoi.json"))
	for _, tc := range []struct {
		version, ns string
		refused     bool
	}{{"1.0", "urn:vn:gov:bnv:cbccvc:goitin:1", false}, {"2.0", "", true}, {"9.0", Namespace, false}} {
		q := *p
		q.Header.Version = tc.version
		var b bytes.Buffer
		err := q.Encode(&b, FormatXML)
		if got := errors.Is(err, ErrVersion); got != tc.refused {
			t.Errorf("%s: Encode: %v, want refused %v", tc.version, err, tc.refused)
		}
		if !tc.refused && !strings.Contains(b.String(), `<GoiTin xmlns="`+tc.ns+`">`) {
			t.Errorf("%s: not in namespace %s:\n%.200s", tc.version, tc.ns, b.String())
		}
		var fs Findings
		if tc.refused && (!errors.As(err, &fs) || fs[0].Pointer != "/DuLieu/0/MaDinhDanhCBCCVC") {
			t.Errorf("%s: %v does not name the member", tc.version, err)
		}
	}
}

func TestVersionHelpers(t *testing.T) {
	for _, tc := range []struct {
		v     string
		major int
		reply string
		has   bool
	}{{"1.0", 1, "1.0", true}, {"1.3", 1, "1.0", true}, {"2.0", 2, "2.0", false}, {"3.1", 3, Version, false}, {"x", 0, Version, false}} {
		if n, _ := MajorVersion(tc.v); n != tc.major {
			t.Errorf("MajorVersion(%q) = %d", tc.v, n)
		}
		if got := ReplyVersion(tc.v); got != tc.reply {
			t.Errorf("ReplyVersion(%q) = %q", tc.v, got)
		}
		if got := VersionHas(tc.v, "HoSo", "/MaDinhDanhCBCCVC"); got != tc.has {
			t.Errorf("VersionHas(%q, HoSo, MaDinhDanhCBCCVC) = %v", tc.v, got)
		}
	}
	if _, err := MajorVersion("2"); !errors.Is(err, ErrVersion) {
		t.Errorf("MajorVersion(2): %v", err)
	}
	if !VersionHas(Version, "HoSo", "/SoDinhDanh") || VersionHas(Version, "HoSo", "/Nothing") || VersionHas(Version, "Nothing", "/SoDinhDanh") {
		t.Error("VersionHas of members every version has, or of none")
	}
	for _, v := range SupportedVersions() {
		fv, _ := formatVersionOf(int(v[0] - '0'))
		if got, ok := NamespaceVersion(fv.namespace); !ok || got != v {
			t.Errorf("NamespaceVersion(%s) = %q, %v", fv.namespace, got, ok)
		}
	}
	if latest().name != Version || latest().namespace != Namespace {
		t.Errorf("the last version %+v is not Version %s in Namespace %s", latest(), Version, Namespace)
	}
}

// A difference of a matching result may name only a member of the
// packet's version.
func TestDifferenceVersionMember(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    bool
	}{{"1.0", false}, {Version, true}} {
		var fs []Finding
		b := binder{emit: func(f Finding) { fs = append(fs, f) }, major: int(tc.version[0] - '0')}
		b.difference(&Difference{Field: "/MaDinhDanhCBCCVC", AgencyValue: []byte(`"H2920001234507"`), AuthoritativeValue: []byte(`"H2920001234515"`)})
		if got := len(fs) == 1 && fs[0].Rule == RuleValue && fs[0].Pointer == "/TruongDuLieu"; got != tc.want {
			t.Errorf("%s: findings %v, want one R-SCH-002 on TruongDuLieu: %v", tc.version, fs, tc.want)
		}
	}
}
