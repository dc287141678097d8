package ndxptest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// sensitiveGroups gives a profile a value in each of the three sensitive
// groups (3, 9 and 10 of Decree 27/2026/NĐ-CP).
func sensitiveGroups(p *packet.Profile) {
	day := func(s string) packet.Date {
		d, err := packet.ParseDate(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	p.PersonalHistory = []packet.HistoryEntry{{Kind: "THAN_NHAN_NUOC_NGOAI", From: day("2015-01-01"), Account: "Dữ liệu mẫu"}}
	p.AssetDeclarations = []packet.AssetDeclaration{{Year: 2025, Kind: "HANG_NAM", Declared: day("2025-12-15"), TotalIncome: 240_000_000}}
	p.Health = &packet.Health{Condition: "TOT", HeightCM: 165, WeightKG: 60, BloodType: "A+", Examined: day("2026-05-20")}
}

// heldSensitive reports whether a profile holds any sensitive group.
func heldSensitive(p *packet.Profile) bool {
	return p.PersonalHistory != nil || p.AssetDeclarations != nil || p.Health != nil
}

// heldEach reports, for each sensitive group (3, 9, 10), whether a profile
// holds it.
func heldEach(p *packet.Profile) [3]bool {
	return [3]bool{p.PersonalHistory != nil, p.AssetDeclarations != nil, p.Health != nil}
}

func TestPullPurpose(t *testing.T) {
	h := newHarness(t, Config{})
	p := h.gen(21).Packet(packet.KindProfiles, 2)
	for i := range p.Records.Profiles {
		sensitiveGroups(&p.Records.Profiles[i])
	}
	if a := h.submit(p, h.signed(p, packet.FormatJSON)); a.status != http.StatusAccepted {
		t.Fatalf("submit: %d %s", a.status, a.body)
	}
	h.result(p.Header.ID)
	one := "/ho-so/" + p.Records.Profiles[0].PersonalID.String()
	consent := url.Values{wire.QueryPurpose: {wire.PurposeConsent}, wire.QueryConsent: {"15/2026/DY"}}
	cadre := url.Values{wire.QueryPurpose: {wire.PurposeCadreWork}}

	for _, tc := range []struct {
		name        string
		h           *harness
		path        string
		q           url.Values
		status      int
		wantPurpose string
		wantConsent string
		sensitive   bool // the sensitive groups are in the answer
	}{
		{"no purpose: cadre work by the managing agency", h, one, nil, 200, wire.PurposeCadreWork, "", true},
		{"cadre work by the managing agency", h, one, cadre, 200, wire.PurposeCadreWork, "", true},
		{"consent, managing agency", h, one, consent, 200, wire.PurposeConsent, "15/2026/DY", false},
		{"consent, another agency", h.as(h49), one, consent, 200, wire.PurposeConsent, "15/2026/DY", false},
		{"cadre work, another agency", h.as(h49), one, cadre, 404, wire.PurposeCadreWork, "", false},
		{"list, cadre work", h, "/ho-so", cadre, 200, wire.PurposeCadreWork, "", true},
		{"list, consent", h, "/ho-so", consent, 200, wire.PurposeConsent, "15/2026/DY", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if tc.q != nil {
				path += "?" + tc.q.Encode()
			}
			a := tc.h.call(http.MethodGet, path, nil)
			if a.status != tc.status {
				t.Fatalf("%d, want %d: %s", a.status, tc.status, a.body)
			}
			rec := h.srv.Received()
			last := rec[len(rec)-1]
			if last.Purpose != tc.wantPurpose || last.Consent != tc.wantConsent {
				t.Errorf("recorded purpose %q (%q), want %q (%q)", last.Purpose, last.Consent, tc.wantPurpose, tc.wantConsent)
			}
			if a.status != 200 {
				return
			}
			got := tc.h.verify(a, packet.KindSharedProfiles).Records.Profiles
			if len(got) == 0 {
				t.Fatal("no profile in the answer")
			}
			var idx []string
			for i, pr := range got {
				if held := heldEach(&pr); held != [3]bool{tc.sensitive, tc.sensitive, tc.sensitive} {
					t.Errorf("%s: groups 3, 9, 10 in the answer %v, want each %v", pr.PersonalID, held, tc.sensitive)
				}
				idx = append(idx, strconv.Itoa(i))
			}
			// The headers say what was left out, and of which profiles.
			wantMembers, wantRecords := "", ""
			wantOmitted := []string(nil)
			if !tc.sensitive {
				wantOmitted = packet.SensitiveMembers()
				wantMembers, wantRecords = "LichSuBanThan,KeKhaiTaiSan,SucKhoe", strings.Join(idx, ",")
			}
			if m, r := a.header.Get(wire.HeaderWithheldMembers), a.header.Get(wire.HeaderWithheldRecords); m != wantMembers || r != wantRecords {
				t.Errorf("withheld headers %q %q, want %q %q", m, r, wantMembers, wantRecords)
			}
			if !slices.Equal(last.Omitted, wantOmitted) {
				t.Errorf("recorded omitted %v, want %v", last.Omitted, wantOmitted)
			}
		})
	}
	// What is stored keeps them: only the answer leaves them out.
	if st, _ := h.srv.Profile(p.Records.Profiles[0].PersonalID); !heldSensitive(&st) {
		t.Error("the stored profile lost a sensitive member")
	}
}

func TestPullPurposeRefused(t *testing.T) {
	h := newHarness(t, Config{})
	p := h.submitProfiles(22, 1)
	one := "/ho-so/" + p.Records.Profiles[0].PersonalID.String()
	for _, tc := range []struct {
		name, query, wantVI string
	}{
		{"unknown value", "muc-dich=THONG_KE", "chỉ nhận CONG_TAC_CAN_BO"},
		{"empty value", "muc-dich=", "Thiếu mục đích khai thác (MucDich)"},
		{"consent without its reference", "muc-dich=DONG_Y", "cần mã văn bản đồng ý"},
		{"consent with a blank reference", "muc-dich=DONG_Y&ma-dong-y=%20", "cần mã văn bản đồng ý"},
		{"cadre work with a reference", "muc-dich=CONG_TAC_CAN_BO&ma-dong-y=15", "không kèm văn bản đồng ý"},
		{"a reference alone", "ma-dong-y=15", "không kèm văn bản đồng ý"},
		{"a reference too long", "muc-dich=DONG_Y&ma-dong-y=" + strings.Repeat("x", wire.MaxConsentRef+1), "quá giới hạn"},
		{"a control character", "muc-dich=DONG_Y&ma-dong-y=a%0Ab", "không in được"},
		{"given twice", "muc-dich=DONG_Y&muc-dich=CONG_TAC_CAN_BO&ma-dong-y=1", "chỉ ghi một lần"},
	} {
		for _, path := range []string{one, "/ho-so"} {
			t.Run(tc.name+" "+path, func(t *testing.T) {
				a := h.call(http.MethodGet, path+"?"+tc.query, nil)
				if a.status != http.StatusBadRequest {
					t.Fatalf("%d, want 400: %s", a.status, a.body)
				}
				pr := a.problem(t)
				if pr.Code != wire.CodeBadRequest || !strings.Contains(pr.DetailVI, tc.wantVI) || !strings.Contains(pr.DetailVI, "Đề nghị") || pr.Detail == "" {
					t.Errorf("problem %+v, want a Vietnamese detail with %q", pr, tc.wantVI)
				}
				if rec := h.srv.Received(); rec[len(rec)-1].Purpose != "" {
					t.Errorf("a refused purpose recorded as %q", rec[len(rec)-1].Purpose)
				}
			})
		}
	}
}

// TestProfileIDByVersion: a packet of format 1.0 gets national profile
// IDs in its results, as before Decree 27/2026/NĐ-CP; a later one gets
// none, its profiles stored under their personal IDs. A person sent in
// 1.0 and then in 2.0 keeps the ID for a later 1.0 packet.
func TestProfileIDByVersion(t *testing.T) {
	h := newHarness(t, Config{})
	s := h.srv.svc
	g := h.gen(23)
	for _, tc := range []struct {
		name     string
		versions []string // of the packets sent one after the other, each with the same people
		wantIDs  []bool
	}{
		{"1.0", []string{"1.0"}, []bool{true}},
		{"2.0", []string{"2.0"}, []bool{false}},
		{"1.0 then 2.0 then 1.0", []string{"1.0", "2.0", "1.0"}, []bool{true, false, true}},
		{"2.0 then 1.0", []string{"2.0", "1.0"}, []bool{false, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := g.Packet(packet.KindProfiles, 3)
			var first []identifier.ProfileID
			for i, v := range tc.versions {
				p := &packet.Packet{Header: base.Header, Records: base.Records}
				p.Header.Version = v
				s.mu.Lock()
				res := s.process(p, nil, t0.Add(time.Duration(i)*time.Minute))
				s.mu.Unlock()
				for _, r := range res {
					if r.Status == packet.RecordError {
						t.Fatalf("%s: record %d refused: %v", v, r.Index, r.Violations)
					}
					if r.Key != base.Records.Profiles[r.Index].PersonalID.String() {
						t.Errorf("%s: KhoaBanGhi %q, want the personal ID", v, r.Key)
					}
					if got := !r.ProfileID.IsZero(); got != tc.wantIDs[i] {
						t.Errorf("%s: record %d has a national profile ID: %v, want %v", v, r.Index, got, tc.wantIDs[i])
					}
					if !tc.wantIDs[i] {
						continue
					}
					if first == nil || len(first) <= r.Index {
						first = append(first, r.ProfileID)
					} else if first[r.Index] != r.ProfileID {
						t.Errorf("%s: record %d given %s, before %s", v, r.Index, r.ProfileID, first[r.Index])
					}
				}
				for _, pr := range base.Records.Profiles {
					if _, ok := h.srv.Profile(pr.PersonalID); !ok {
						t.Errorf("%s: %s not stored under its personal ID", v, pr.PersonalID)
					}
				}
			}
		})
	}
	for _, tc := range []struct {
		v      string
		answer string
		ids    bool
	}{{"1.0", "1.0", true}, {"1.1", "1.0", true}, {"2.0", packet.Version, false}, {"", packet.Version, false}, {"x", packet.Version, false}} {
		if got := packet.ReplyVersion(tc.v); got != tc.answer {
			t.Errorf("ReplyVersion(%q) = %q, want %q", tc.v, got, tc.answer)
		}
		if got := assignsProfileID(tc.v); got != tc.ids {
			t.Errorf("assignsProfileID(%q) = %v", tc.v, got)
		}
	}
}
