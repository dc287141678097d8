package ndxptest

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// A pull of profiles says why it is made (muc-dich, docs/guide/en/06-ndxp.md#the-purpose-of-a-pull-of-profiles). Our reading
// of Decree 27/2026/NĐ-CP, which the sandbox plays:
//   - without muc-dich, a pull is for cadre work (CONG_TAC_CAN_BO), so that
//     a client of before the decree keeps working; a value that is not
//     CONG_TAC_CAN_BO or DONG_Y (with ma-dong-y) is 400;
//   - the sensitive groups (packet.SensitiveMembers) are in the answer only
//     for cadre work by the person's own managing agency (the managing
//     unit, or an agency above it); otherwise they are left out;
//   - with consent (DONG_Y), one profile (GET /ho-so/{SoDinhDanh}) may be
//     read by any member agency, not only the managing one: the consent is
//     what the decree asks of the others. The sandbox records the
//     consent's reference (Received.Consent); it cannot check the consent.

// purposeParam reads muc-dich and ma-dong-y; it answers 400 and returns
// false when they are bad.
func (c *call) purposeParam() (ndxp.Purpose, bool) {
	q := c.r.URL.Query()
	for _, name := range []string{wire.QueryPurpose, wire.QueryConsent} {
		if len(q[name]) > 1 {
			c.problemVI(http.StatusBadRequest, wire.CodeBadRequest,
				name+" is given "+strconv.Itoa(len(q[name]))+" times: give it once",
				"Tham số "+name+" được ghi "+strconv.Itoa(len(q[name]))+" lần. Đề nghị chỉ ghi một lần.")
			return ndxp.Purpose{}, false
		}
	}
	code, consent := q.Get(wire.QueryPurpose), q.Get(wire.QueryConsent)
	if !q.Has(wire.QueryPurpose) {
		code = wire.PurposeCadreWork
	}
	p, err := ndxp.ParsePurpose(code, consent)
	if err != nil {
		var le *ndxp.LocalError
		errors.As(err, &le)
		vi, en := le.Messages()
		c.problemVI(http.StatusBadRequest, wire.CodeBadRequest, wire.QueryPurpose+": "+en, vi)
		return p, false
	}
	c.rec.Purpose, c.rec.Consent = p.Code(), p.Consent()
	return p, true
}

// manages reports whether agency is the person's own managing agency: the
// profile's managing unit, or an agency above it.
func manages(st *stored, agency identifier.AgencyCode) bool {
	u := st.profile.ManagingUnit
	return u.Equal(agency) || u.IsUnder(agency)
}

// shared returns a stored profile as the answer to the caller's pull for
// purpose carries it: without the sensitive groups unless the purpose
// covers them (withheld), and without the national profile ID of format
// 1.0 in an answer of a later version. It notes what was left out (s.mu
// held).
func (c *call) shared(st *stored, purpose ndxp.Purpose) (p packet.Profile, withheld bool) {
	p = st.profile
	if !assignsProfileID(packet.Version) {
		p.ProfileID = identifier.ProfileID{}
	}
	if purpose == ndxp.PurposeCadreWork && manages(st, c.agency) {
		return p, false
	}
	for _, name := range packet.OmitSensitive(&p) {
		if !slices.Contains(c.rec.Omitted, name) {
			c.rec.Omitted = append(c.rec.Omitted, name)
		}
	}
	return p, true
}

// setWithheld says, in the answer's headers, which profiles of the answer
// (their indexes in DuLieu) the sensitive groups were left out of: all
// the members of those groups, whether or not the person has data in
// them, so that the headers say nothing of the person.
func (c *call) setWithheld(records []int) {
	if len(records) == 0 {
		return
	}
	idx := make([]string, len(records))
	for i, r := range records {
		idx[i] = strconv.Itoa(r)
	}
	h := c.w.Header()
	h.Set(wire.HeaderWithheldMembers, strings.Join(packet.SensitiveMembers(), ","))
	h.Set(wire.HeaderWithheldRecords, strings.Join(idx, ","))
}

// assignsProfileID reports whether the answers to a packet of version v
// give national profile IDs (MaDinhDanhCBCCVC): format 1.0 only. From 2.0
// the personal ID is the profile's identifier (docs/guide/en/02-identifiers.md#personal-id--số-định-danh-cá-nhân).
func assignsProfileID(v string) bool {
	return packet.VersionHas(v, "KetQuaXuLy", "/MaDinhDanhCBCCVC")
}

// problemVI answers an error of the service with its detail in both
// languages.
func (c *call) problemVI(status int, code, detail, detailVI string) {
	c.writeProblem(wire.Problem{Status: status, Code: code, Detail: detail, DetailVI: detailVI})
}
